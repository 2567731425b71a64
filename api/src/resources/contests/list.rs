//! `GET /api/v1/contests`: its filter and listing (see `db::list`).

use api_types::contests::{Contest, ContestKind, ContestStatus};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, ContestRow};
use crate::auth::{Permission, Principal};
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::{contest_judges, contests};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::time;

/// Filters of `GET /api/v1/contests`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ContestFilter {
    pub organiser_unit_id: Option<Uuid>,
    pub kind: Option<ContestKind>,
    pub status: Option<ContestStatus>,
    /// Only the contests the caller judges.
    pub judging: Option<bool>,
    /// Text in the title.
    pub q: Option<String>,
}

impl ListFilter for ContestFilter {
    const SORT_FIELDS: &'static [&'static str] = &["held_on", "created_at", "title"];
    const DEFAULT_SORT: &'static str = "-held_on";
}

/// What the contest list needs: whose drafts the caller sees, and who the caller is.
pub struct ContestContext {
    /// Units whose drafts the caller prepares (`None`: every unit's).
    pub draft_units: Option<Vec<String>>,
    pub principal: Principal,
}

impl ContestContext {
    pub fn of(conn: &mut DbConnection, principal: &Principal) -> Result<Self, ApiError> {
        let draft_units = UnitScope::holding(conn, principal, Permission::ContestsManage)?.units;
        Ok(ContestContext {
            draft_units,
            principal: principal.clone(),
        })
    }
}

/// Contests.
pub struct ContestList;

impl Listing for ContestList {
    crate::listing_source!(contests::table, ContestRow);
    type Filter = ContestFilter;
    type Context = ContestContext;
    type Item = Contest;

    fn filter(
        f: &ContestFilter,
        context: &ContestContext,
        terms: &mut Where<contests::table>,
    ) -> Result<(), ApiError> {
        if let Some(units) = &context.draft_units {
            terms.and(
                contests::status
                    .ne(ContestStatus::Draft.as_str())
                    .or(contests::organiser_unit_id.eq_any(units.clone())),
            );
        }
        if let Some(unit) = f.organiser_unit_id {
            terms.and(contests::organiser_unit_id.eq(unit.to_string()));
        }
        if let Some(kind) = f.kind {
            terms.and(contests::kind.eq(kind.as_str()));
        }
        if let Some(status) = f.status {
            terms.and(contests::status.eq(status.as_str()));
        }
        if let Some(judging) = f.judging {
            let mine = contest_judges::table
                .filter(contest_judges::user_id.eq(context.principal.id.to_string()))
                .select(contest_judges::contest_id);
            if judging {
                terms.and(contests::id.eq_any(mine));
            } else {
                terms.and(diesel::dsl::not(contests::id.eq_any(mine)));
            }
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(contests::title.like(like_pattern(text)).escape('\\'));
        }
        Ok(())
    }

    fn columns() -> Columns<contests::table> {
        Columns::new(contests::id, contests::updated_at)
            .sort("held_on", contests::held_on)
            .sort("created_at", contests::created_at)
            .sort("title", contests::title)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ContestRow>,
        context: &ContestContext,
    ) -> Result<Vec<Contest>, ApiError> {
        model::contest_dtos(conn, Some(&context.principal), &rows, time::now())
    }
}
