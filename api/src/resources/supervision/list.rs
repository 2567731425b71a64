//! `GET /api/v1/supervision-notices`: its filter and listing (see `db::list`).

use api_types::plans::{NoticeStatus, SupervisionNotice};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::notices::NoticeRow;
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::supervision_notices;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/supervision-notices`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoticeFilter {
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    /// Notices to this unit (its inbox).
    pub unit_id: Option<Uuid>,
    /// Notices from this unit.
    pub issued_by_unit_id: Option<Uuid>,
    pub status: Option<NoticeStatus>,
    /// Only notices still unanswered after their reply deadline.
    pub reply_overdue: Option<bool>,
}

impl ListFilter for NoticeFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "reply_deadline"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Supervision notices; the context is the day deadlines are judged on.
pub struct NoticeList;

impl Listing for NoticeList {
    crate::listing_source!(supervision_notices::table, NoticeRow);
    type Filter = NoticeFilter;
    type Context = NaiveDate;
    type Item = SupervisionNotice;

    fn filter(
        f: &NoticeFilter,
        today: &NaiveDate,
        terms: &mut Where<supervision_notices::table>,
    ) -> Result<(), ApiError> {
        if let Some(v) = f.plan_id {
            terms.and(supervision_notices::plan_id.eq(v.to_string()));
        }
        if let Some(v) = f.task_id {
            terms.and(supervision_notices::task_id.eq(v.to_string()));
        }
        if let Some(v) = f.unit_id {
            terms.and(supervision_notices::unit_id.eq(v.to_string()));
        }
        if let Some(v) = f.issued_by_unit_id {
            terms.and(supervision_notices::issued_by_unit_id.eq(v.to_string()));
        }
        if let Some(v) = f.status {
            terms.and(supervision_notices::status.eq(v.as_str()));
        }
        let issued = NoticeStatus::Issued.as_str();
        match f.reply_overdue {
            Some(true) => terms.and(
                supervision_notices::status
                    .eq(issued)
                    .and(supervision_notices::reply_deadline.lt(*today)),
            ),
            Some(false) => terms.and(
                supervision_notices::status
                    .ne(issued)
                    .or(supervision_notices::reply_deadline.ge(*today)),
            ),
            None => {}
        }
        Ok(())
    }

    fn columns() -> Columns<supervision_notices::table> {
        Columns::new(supervision_notices::id, supervision_notices::updated_at)
            .sort("created_at", supervision_notices::created_at)
            .sort("reply_deadline", supervision_notices::reply_deadline)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<NoticeRow>,
        today: &NaiveDate,
    ) -> Result<Vec<SupervisionNotice>, ApiError> {
        rows.iter().map(|r| r.to_dto(*today)).collect()
    }
}
