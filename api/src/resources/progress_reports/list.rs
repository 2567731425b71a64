//! `GET /api/v1/progress-reports`: its filter and listing (see `db::list`).

use api_types::audit::ResourceKind;
use api_types::plans::{ProgressReport, ReportStatus};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, ReportRow};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::progress_reports;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::resources::attachments::model as attachments;

/// Filters of `GET /api/v1/progress-reports`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub milestone_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub status: Option<ReportStatus>,
    /// `2022-05` or `2022-Q2`.
    pub period: Option<String>,
}

impl ListFilter for ReportFilter {
    const SORT_FIELDS: &'static [&'static str] = &["submitted_at", "period"];
    const DEFAULT_SORT: &'static str = "-submitted_at";
}

/// Progress reports, newest first, each with its history.
pub struct ReportList;

impl Listing for ReportList {
    crate::listing_source!(progress_reports::table, ReportRow);
    type Filter = ReportFilter;
    type Context = ();
    type Item = ProgressReport;

    fn filter(
        f: &ReportFilter,
        _: &(),
        terms: &mut Where<progress_reports::table>,
    ) -> Result<(), ApiError> {
        if let Some(v) = f.plan_id {
            terms.and(progress_reports::plan_id.eq(v.to_string()));
        }
        if let Some(v) = f.task_id {
            terms.and(progress_reports::task_id.eq(v.to_string()));
        }
        if let Some(v) = f.milestone_id {
            terms.and(progress_reports::milestone_id.eq(v.to_string()));
        }
        if let Some(v) = f.unit_id {
            terms.and(progress_reports::unit_id.eq(v.to_string()));
        }
        if let Some(v) = f.status {
            terms.and(progress_reports::status.eq(v.as_str()));
        }
        if let Some(v) = &f.period {
            terms.and(progress_reports::period.eq(v.clone()));
        }
        Ok(())
    }

    fn columns() -> Columns<progress_reports::table> {
        Columns::new(progress_reports::id, progress_reports::updated_at)
            .sort("submitted_at", progress_reports::submitted_at)
            .sort("period", progress_reports::period)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ReportRow>,
        _: &(),
    ) -> Result<Vec<ProgressReport>, ApiError> {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let histories = model::histories(conn, &ids)?;
        let files = attachments::of_owners(conn, ResourceKind::ProgressReport, &ids)?;
        rows.iter()
            .map(|r| {
                r.to_dto(
                    histories.get(&r.id).map(Vec::as_slice).unwrap_or(&[]),
                    files.get(&r.id).map(Vec::as_slice).unwrap_or(&[]),
                )
            })
            .collect()
    }
}
