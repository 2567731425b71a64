//! `GET /api/v1/me/notifications`: the caller's own notifications (see `db::list`).

use api_types::notifications::{Notification, NotificationKind};
use diesel::prelude::*;
use serde::Deserialize;

use super::{task_numbers, NotificationRow};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::notifications;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/me/notifications`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationFilter {
    /// `true`: only unread ones; `false`: only read ones.
    pub unread: Option<bool>,
    pub kind: Option<NotificationKind>,
}

impl ListFilter for NotificationFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "due_date"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// The signed-in user's notifications; the context is their user id.
pub struct NotificationList;

impl Listing for NotificationList {
    crate::listing_source!(notifications::table, NotificationRow);
    type Filter = NotificationFilter;
    type Context = String;
    type Item = Notification;

    fn filter(
        f: &NotificationFilter,
        user_id: &String,
        terms: &mut Where<notifications::table>,
    ) -> Result<(), ApiError> {
        terms.and(notifications::user_id.eq(user_id.clone()));
        match f.unread {
            Some(true) => terms.and(notifications::read_at.is_null()),
            Some(false) => terms.and(notifications::read_at.is_not_null()),
            None => {}
        }
        if let Some(kind) = f.kind {
            terms.and(notifications::kind.eq(kind.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<notifications::table> {
        Columns::new(notifications::id, notifications::created_at)
            .sort("created_at", notifications::created_at)
            .sort("due_date", notifications::due_date)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<NotificationRow>,
        _: &String,
    ) -> Result<Vec<Notification>, ApiError> {
        let numbers = task_numbers(conn, &rows)?;
        rows.iter()
            .map(|r| r.to_dto(r.task_id.as_ref().and_then(|t| numbers.get(t).copied())))
            .collect()
    }
}
