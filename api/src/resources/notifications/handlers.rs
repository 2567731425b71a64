//! HTTP handlers of the notification centre and of the reminder job.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::notifications::{
    Notification, NotificationSummary, NotificationsMarked, ReminderRun,
};
use diesel::prelude::*;

use super::list::{NotificationFilter, NotificationList};
use super::reminders;
use crate::auth::{perm, Principal};
use crate::db;
use crate::db::schema::notifications;
use crate::error::ApiError;
use crate::http::extract::{ListQuery, PathId};
use crate::http::write::{Outcome, WriteContext};
use crate::http::{etag, no_store};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_notifications)
        .service(notification_summary)
        .service(mark_all_read)
        .service(mark_read)
        .service(run_reminders);
}

/// Your notifications, newest first (`unread=true` for the unread ones).
#[utoipa::path(
    tag = "notifications",
    params(NotificationFilter, crate::openapi::ListParams<NotificationFilter>),
    responses((status = 200, body = api_types::Page<Notification>))
)]
#[get("/me/notifications")]
async fn list_notifications(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    query: ListQuery<NotificationFilter>,
) -> Result<HttpResponse, ApiError> {
    let me = principal.id.to_string();
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<NotificationList>(conn, &query, &me)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// How many of your notifications are unread (what the bell shows).
#[utoipa::path(tag = "notifications", responses((status = 200, body = NotificationSummary)))]
#[get("/me/notifications/summary")]
async fn notification_summary(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let me = principal.id.to_string();
    let unread: i64 = db::run(&state.pool, move |conn| {
        Ok(notifications::table
            .filter(notifications::user_id.eq(me))
            .filter(notifications::read_at.is_null())
            .count()
            .get_result(conn)?)
    })
    .await?;
    Ok(no_store(
        actix_web::http::StatusCode::OK,
        &NotificationSummary {
            unread: u64::try_from(unread).unwrap_or(0),
        },
    ))
}

/// Mark one of your notifications read (repeating it changes nothing).
#[utoipa::path(
    tag = "notifications",
    params(("id" = uuid::Uuid, Path, description = "Notification id")),
    responses((status = 204, description = "Read"), (status = 404, description = "Not one of your notifications"))
)]
#[post("/me/notifications/{id}/read")]
async fn mark_read(
    state: web::Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let me = principal.id.to_string();
    db::run_write(&state.pool, move |conn| {
        let mine = || {
            notifications::table
                .filter(notifications::id.eq(id.0.to_string()))
                .filter(notifications::user_id.eq(me.clone()))
        };
        let read_at: Option<Option<chrono::NaiveDateTime>> = mine()
            .select(notifications::read_at)
            .first(conn)
            .optional()?;
        match read_at {
            None => Err(ApiError::not_found("notification")),
            Some(Some(_)) => Ok(()),
            Some(None) => {
                diesel::update(mine())
                    .set(notifications::read_at.eq(time::now()))
                    .execute(conn)?;
                Ok(())
            }
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all your notifications read.
#[utoipa::path(tag = "notifications", responses((status = 200, body = NotificationsMarked)))]
#[post("/me/notifications/read-all")]
async fn mark_all_read(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let me = principal.id.to_string();
    let marked = db::run_write(&state.pool, move |conn| {
        Ok(diesel::update(
            notifications::table
                .filter(notifications::user_id.eq(me))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(time::now()))
        .execute(conn)?)
    })
    .await?;
    Ok(no_store(
        actix_web::http::StatusCode::OK,
        &NotificationsMarked {
            marked: marked as u64,
        },
    ))
}

/// Run the deadline reminder job now (it also runs by itself every
/// `REMINDER_INTERVAL_SECS` in every server process). Reminders already sent today are
/// not sent again, however many times or in how many processes it runs.
#[utoipa::path(
    tag = "notifications",
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a repeat returns the first response")),
    responses((status = 200, body = ReminderRun))
)]
#[post("/reminders/run")]
async fn run_reminders(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::RemindersRun>,
) -> Result<HttpResponse, ApiError> {
    let lead_days = state.config.reminder_lead_days;
    ctx.run(&state, &(), move |conn, _principal| {
        let as_of = time::today();
        let created = reminders::run(conn, as_of, lead_days)?;
        let result = ReminderRun { as_of, created };
        Ok(Outcome::ok(&result)?.audit(
            Change::new(AuditAction::RunReminders, ResourceKind::Notification, as_of)
                .with_after(&result),
        ))
    })
    .await
}
