//! `GET /api/v1/users`: its filter and listing (see `db::list`).

use api_types::users::User;
use api_types::Role;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::UserRow;
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::users;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/users`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Users of this unit (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    /// Holders of this role.
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// Text contained in the name or login.
    pub q: Option<String>,
}

impl ListFilter for UserFilter {
    const SORT_FIELDS: &'static [&'static str] = &["login", "name", "created_at"];
    const DEFAULT_SORT: &'static str = "login";
}

/// Users of the units in the caller's scope.
pub struct UserList;

impl Listing for UserList {
    crate::listing_source!(users::table, UserRow);
    type Filter = UserFilter;
    type Context = UnitScope;
    type Item = User;

    fn filter(
        f: &UserFilter,
        scope: &UnitScope,
        terms: &mut Where<users::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, users::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(users::unit_id.eq(unit.to_string()));
        }
        if let Some(role) = f.role {
            terms.and(users::roles.like(format!("%,{},%", role.as_str())));
        }
        if let Some(active) = f.active {
            terms.and(users::active.eq(active));
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(
                users::name
                    .like(like_pattern(text))
                    .escape('\\')
                    .or(users::login
                        .like(like_pattern(&text.to_lowercase()))
                        .escape('\\')),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<users::table> {
        Columns::new(users::id, users::updated_at)
            .sort("login", users::login)
            .sort("name", users::name)
            .sort("created_at", users::created_at)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<UserRow>,
        _: &UnitScope,
    ) -> Result<Vec<User>, ApiError> {
        rows.iter().map(UserRow::to_dto).collect()
    }
}
