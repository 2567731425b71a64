//! `GET /api/v1/statistics/reports`: its filter and listing (see `db::list`).

use std::collections::HashMap;

use api_types::statistics::{StatisticsReport, StatisticsStatus};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, ReportRow, TemplateRow};
use crate::db::list::{Columns, Listing, UnitScope, Where};
use crate::db::schema::{statistics_reports, statistics_templates};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/statistics/reports`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    /// Reports of this unit (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    /// Reports filled with this template (`monthly`, `annual`).
    pub template_code: Option<String>,
    /// Reports of this period (`2026-05`, `2026-Q2`, `2026`).
    pub period: Option<String>,
    pub status: Option<StatisticsStatus>,
}

impl ListFilter for ReportFilter {
    const SORT_FIELDS: &'static [&'static str] = &["period_start", "due_date"];
    const DEFAULT_SORT: &'static str = "-period_start";
}

/// Reports of the units in the caller's scope, newest period first.
pub struct ReportList;

impl Listing for ReportList {
    crate::listing_source!(statistics_reports::table, ReportRow);
    type Filter = ReportFilter;
    type Context = UnitScope;
    type Item = StatisticsReport;

    fn filter(
        f: &ReportFilter,
        scope: &UnitScope,
        terms: &mut Where<statistics_reports::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, statistics_reports::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(statistics_reports::unit_id.eq(unit.to_string()));
        }
        if let Some(code) = &f.template_code {
            terms.and(statistics_reports::template_code.eq(code.clone()));
        }
        if let Some(period) = &f.period {
            terms.and(statistics_reports::period.eq(period.clone()));
        }
        if let Some(status) = f.status {
            terms.and(statistics_reports::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<statistics_reports::table> {
        Columns::new(statistics_reports::id, statistics_reports::updated_at)
            .sort("period_start", statistics_reports::period_start)
            .sort("due_date", statistics_reports::due_date)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ReportRow>,
        _: &UnitScope,
    ) -> Result<Vec<StatisticsReport>, ApiError> {
        let ids: Vec<&str> = rows.iter().map(|r| r.template_id.as_str()).collect();
        let templates: HashMap<String, TemplateRow> = statistics_templates::table
            .filter(statistics_templates::id.eq_any(ids))
            .select(TemplateRow::as_select())
            .load(conn)?
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        rows.iter()
            .map(|row| {
                let template = templates
                    .get(&row.template_id)
                    .ok_or_else(|| ApiError::internal("report without its template"))?;
                model::dto(conn, row, template)
            })
            .collect()
    }
}
