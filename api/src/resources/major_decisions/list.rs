//! `GET /api/v1/major-decisions`: its filter and listing (see `db::list`).

use api_types::statistics::{DecisionStatus, MajorDecision};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::DecisionRow;
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::major_decisions;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/major-decisions`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DecisionFilter {
    /// Decisions of this unit (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<DecisionStatus>,
    /// Text contained in the title.
    pub q: Option<String>,
}

impl ListFilter for DecisionFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "decided_on"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Major decisions of the units in the caller's scope.
pub struct DecisionList;

impl Listing for DecisionList {
    crate::listing_source!(major_decisions::table, DecisionRow);
    type Filter = DecisionFilter;
    type Context = UnitScope;
    type Item = MajorDecision;

    fn filter(
        f: &DecisionFilter,
        scope: &UnitScope,
        terms: &mut Where<major_decisions::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, major_decisions::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(major_decisions::unit_id.eq(unit.to_string()));
        }
        if let Some(status) = f.status {
            terms.and(major_decisions::status.eq(status.as_str()));
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(major_decisions::title.like(like_pattern(text)).escape('\\'));
        }
        Ok(())
    }

    fn columns() -> Columns<major_decisions::table> {
        Columns::new(major_decisions::id, major_decisions::updated_at)
            .sort("created_at", major_decisions::created_at)
            .sort("decided_on", major_decisions::decided_on)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<DecisionRow>,
        _: &UnitScope,
    ) -> Result<Vec<MajorDecision>, ApiError> {
        super::model::dtos(conn, &rows)
    }
}
