//! `GET /api/v1/units`: its filter and listing (see `db::list`).

use api_types::units::{Unit, UnitKind};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::UnitRow;
use crate::db::list::{like_pattern, search_text, Columns, Listing, Where};
use crate::db::schema::units;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/units`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UnitFilter {
    /// Only units of this kind.
    pub kind: Option<UnitKind>,
    /// Only direct children of this unit.
    pub parent_id: Option<Uuid>,
    /// Only active (`true`) or inactive (`false`) units.
    pub active: Option<bool>,
    /// Text contained in the name, English name or code.
    pub q: Option<String>,
}

impl ListFilter for UnitFilter {
    const SORT_FIELDS: &'static [&'static str] = &["code", "name", "sort_order", "created_at"];
    const DEFAULT_SORT: &'static str = "sort_order";
}

/// `GET /api/v1/units`.
pub struct UnitList;

impl Listing for UnitList {
    crate::listing_source!(units::table, UnitRow);
    type Filter = UnitFilter;
    type Context = ();
    type Item = Unit;

    fn filter(f: &UnitFilter, _: &(), terms: &mut Where<units::table>) -> Result<(), ApiError> {
        if let Some(kind) = f.kind {
            terms.and(units::kind.eq(kind.as_str()));
        }
        if let Some(parent) = f.parent_id {
            terms.and(units::parent_id.eq(parent.to_string()));
        }
        if let Some(active) = f.active {
            terms.and(units::active.eq(active));
        }
        if let Some(text) = search_text(&f.q) {
            let pattern = like_pattern(text);
            let upper = like_pattern(&text.to_uppercase());
            terms.and(
                units::name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(units::name_en.like(pattern).escape('\\'))
                    .or(units::code.like(upper).escape('\\')),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<units::table> {
        Columns::new(units::id, units::updated_at)
            .sort("code", units::code)
            .sort("name", units::name)
            .sort("created_at", units::created_at)
            .sort("sort_order", units::sort_order)
            .then(units::code)
    }

    fn items(_: &mut DbConnection, rows: Vec<UnitRow>, _: &()) -> Result<Vec<Unit>, ApiError> {
        rows.iter().map(UnitRow::to_dto).collect()
    }
}
