//! HTTP handlers: the board, the to-do list, supervision notices.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::notifications::NotificationKind;
use api_types::plans::{
    Board, NewSupervisionNotice, NoticeReply, NoticeStatus, ProgressStatus, SupervisionNotice,
    TodoEntry,
};
use chrono::Datelike;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::board;
use super::list::{NoticeFilter, NoticeList};
use super::notices::{self, NoticeRow};
use crate::auth::{perm, Authorized, Permission, PrincipalKind};
use crate::db::schema::{plans, supervision_notices};
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId, Query};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::notifications;
use crate::resources::plans::model as plan_model;
use crate::resources::plans::status::{item_status, milestone_status, LatestReport};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_board)
        .service(get_todo)
        .service(list_notices)
        .service(get_notice)
        .service(create_notice)
        .service(reply_notice)
        .service(close_notice);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct BoardParams {
    /// The plan.
    plan: Uuid,
    /// Only this unit's row.
    unit_id: Option<Uuid>,
}

/// The supervision board: tasks × units, each cell counting the unit's milestones and
/// implementation items under the task by status (done / open / overdue, derived for
/// today in Asia/Shanghai), its last report, reports waiting or returned, and open and
/// overdue supervision notices.
#[utoipa::path(tag = "supervision", params(BoardParams), responses((status = 200, body = Board)))]
#[get("/supervision/board")]
async fn get_board(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    params: Query<BoardParams>,
) -> Result<HttpResponse, ApiError> {
    let BoardParams { plan, unit_id } = params.0;
    let result = db::run(&state.pool, move |conn| {
        board::board(
            conn,
            &plan.to_string(),
            unit_id.map(|u| u.to_string()).as_deref(),
            time::today(),
        )
    })
    .await?;
    etag::hashed_json(&req, &result)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct TodoParams {
    /// The plan; default: the most recent active plan.
    plan: Option<Uuid>,
    /// The unit; default: the caller's unit.
    unit_id: Option<Uuid>,
}

/// A unit's open work in a plan: milestones and items not done, notices awaiting its
/// reply, reports sent back — soonest due first.
#[utoipa::path(tag = "supervision", params(TodoParams), responses((status = 200, body = Vec<TodoEntry>)))]
#[get("/supervision/todo")]
async fn get_todo(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::PlansRead>,
    params: Query<TodoParams>,
) -> Result<HttpResponse, ApiError> {
    let TodoParams { plan, unit_id } = params.0;
    let entries = db::run(&state.pool, move |conn| {
        let unit = unit_id.unwrap_or(auth.principal.unit_id).to_string();
        auth.principal
            .require_unit(conn, Permission::PlansRead, &unit)?;
        let plan = match plan {
            Some(p) => p.to_string(),
            None => {
                let latest: Option<String> = plans::table
                    .filter(plans::status.eq("active"))
                    .order((plans::year.desc(), plans::created_at.desc()))
                    .select(plans::id)
                    .first(conn)
                    .optional()?;
                match latest {
                    Some(p) => p,
                    None => return Ok(Vec::new()),
                }
            }
        };
        plan_model::find_plan(conn, crate::db::stored_uuid(&plan)?)?;
        board::todo(conn, &plan, &unit, time::today())
    })
    .await?;
    etag::hashed_json(&req, &entries)
}

/// List supervision notices (a unit's inbox with `unit_id`).
#[utoipa::path(tag = "supervision", params(NoticeFilter, crate::openapi::ListParams<NoticeFilter>), responses((status = 200, body = api_types::Page<SupervisionNotice>)))]
#[get("/supervision-notices")]
async fn list_notices(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    query: ListQuery<NoticeFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<NoticeList>(conn, &query, &time::today())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One supervision notice.
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path, description = "Notice id")), responses((status = 200, body = SupervisionNotice)))]
#[get("/supervision-notices/{id}")]
async fn get_notice(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let notice = db::run(&state.pool, move |conn| {
        notices::find(conn, &id.0.to_string())?.to_dto(time::today())
    })
    .await?;
    // Overdue is derived from the day: the tag is the version and the body's hash.
    etag::derived_json(&req, notice.version, &notice)
}

/// Issue a supervision notice (督办通知) to a unit about a milestone or implementation
/// item that is overdue for it. Only the task's lead units or the city bureau may.
#[utoipa::path(tag = "supervision", request_body = NewSupervisionNotice, responses((status = 201, body = SupervisionNotice)))]
#[post("/supervision-notices")]
async fn create_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::NoticesIssue>,
    body: Json<NewSupervisionNotice>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let day = time::today();
        let unit = new.unit_id.to_string();
        let (task_id, overdue) = match (new.milestone_id, new.item_id) {
            (Some(m), None) => {
                let milestone = plan_model::find_milestone(conn, &m.to_string()).map_err(|_| {
                    ApiError::rule("milestone_id", "unknown_milestone", "no such milestone")
                })?;
                plan_model::require_milestone_owner(conn, &milestone, &unit)?;
                let latest = plan_model::latest_reports(
                    conn,
                    plan_model::ReportScope::Milestones(std::slice::from_ref(&milestone.id)),
                )?;
                let report: Option<LatestReport> = latest
                    .get(&(milestone.id.clone(), unit.clone()))
                    .map(|r| r.0);
                (
                    milestone.task_id,
                    milestone_status(milestone.due_date, day, report) == ProgressStatus::Overdue,
                )
            }
            (None, Some(i)) => {
                let item = plan_model::find_item(conn, &i.to_string())
                    .map_err(|_| ApiError::rule("item_id", "unknown_item", "no such item"))?;
                if item.unit_id != unit {
                    return Err(ApiError::rule(
                        "unit_id",
                        "not_owner",
                        "the item belongs to another unit",
                    ));
                }
                (
                    item.task_id.clone(),
                    item_status(item.due_date, item.completed_on, day) == ProgressStatus::Overdue,
                )
            }
            _ => {
                return Err(ApiError::rule(
                    "milestone_id",
                    "one_of",
                    "name exactly one of milestone_id and item_id",
                ))
            }
        };
        let task = plan_model::find_task(conn, &task_id)?;
        principal.require_any_unit(conn, Permission::NoticesIssue, &task.leads)?;
        let plan = plan_model::plan_of_task(conn, &task.row)?;
        plan_model::require_active(&plan)?;
        if !overdue {
            return Err(ApiError::rule(
                "unit_id",
                "not_overdue",
                "notices are issued about overdue work only; this is not overdue for the unit",
            ));
        }
        if new.reply_deadline < day {
            return Err(ApiError::rule(
                "reply_deadline",
                "past_date",
                "cannot be in the past",
            ));
        }
        let now = time::now();
        let issuer = principal.unit_id.to_string();
        let doc_year = day.year();
        let doc_serial = notices::next_serial(conn, &issuer, doc_year)?;
        let row = NoticeRow {
            doc_year,
            doc_serial,
            id: time::new_id(),
            plan_id: plan.id.clone(),
            task_id: task.row.id.clone(),
            milestone_id: new.milestone_id.map(|v| v.to_string()),
            item_id: new.item_id.map(|v| v.to_string()),
            unit_id: unit,
            issued_by_unit_id: issuer,
            issued_by_user_id: (principal.kind == PrincipalKind::User)
                .then(|| principal.id.to_string()),
            subject: new.subject.trim().to_string(),
            body: new.body.trim().to_string(),
            reply_deadline: new.reply_deadline,
            status: NoticeStatus::Issued.as_str().into(),
            reply: None,
            replied_at: None,
            replied_by: None,
            closed_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(supervision_notices::table)
            .values(&row)
            .execute(conn)?;
        notifications::notify_units(
            conn,
            &[row.unit_id.as_str()],
            Permission::NoticesReply,
            &notifications::Subject {
                kind: NotificationKind::NoticeReceived,
                subject_type: ResourceKind::SupervisionNotice,
                subject_id: &row.id,
                plan_id: Some(&row.plan_id),
                task_id: Some(&row.task_id),
                title: &row.subject,
                due_date: Some(row.reply_deadline),
                on_day: day,
            },
        )?;
        let dto = row.to_dto(day)?;
        Outcome::created(
            &dto,
            format!("/api/v1/supervision-notices/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::SupervisionNotice, dto.id, &dto),
        )
    })
    .await
}

/// The unit answers a notice (`If-Match` required).
#[utoipa::path(
    tag = "supervision",
    request_body = NoticeReply,
    params(("id" = Uuid, Path, description = "Notice id"), ("If-Match" = String, Header, description = "ETag of the version answered")),
    responses((status = 200, body = SupervisionNotice))
)]
#[post("/supervision-notices/{id}/reply")]
async fn reply_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::NoticesReply>,
    id: PathId,
    body: Json<NoticeReply>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let reply = body.0;
    let sent = reply.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = notices::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::NoticesReply, &current.unit_id)?;
        notices::transition(
            conn,
            current,
            expected,
            AuditAction::Reply,
            |status| status == NoticeStatus::Issued,
            "the notice has already been answered or closed",
            |next, now| {
                next.status = NoticeStatus::Replied.as_str().to_string();
                next.reply = Some(reply.reply.trim().to_string());
                next.replied_at = Some(now);
                next.replied_by = Some(principal.id.to_string());
            },
        )
    })
    .await
}

/// The issuer (a lead unit of the task, or the city bureau) closes a notice
/// (`If-Match` required).
#[utoipa::path(
    tag = "supervision",
    params(("id" = Uuid, Path, description = "Notice id"), ("If-Match" = String, Header, description = "ETag of the version closed")),
    responses((status = 200, body = SupervisionNotice))
)]
#[post("/supervision-notices/{id}/close")]
async fn close_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::NoticesIssue>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let target = id.0;
    ctx.run(&state, &target, move |conn, principal| {
        let current = notices::find(conn, &target.to_string())?;
        let task = plan_model::find_task(conn, &current.task_id)?;
        principal.require_any_unit(conn, Permission::NoticesIssue, &task.leads)?;
        notices::transition(
            conn,
            current,
            expected,
            AuditAction::Close,
            |status| status != NoticeStatus::Closed,
            "the notice is already closed",
            |next, now| {
                next.status = NoticeStatus::Closed.as_str().to_string();
                next.closed_at = Some(now);
            },
        )
    })
    .await
}
