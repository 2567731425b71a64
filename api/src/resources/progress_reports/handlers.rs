//! HTTP handlers for progress reports.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::plans::{
    NewProgressReport, ProgressReport, ReportReview, ReportRevision, ReportStatus,
};
use diesel::prelude::*;
use uuid::Uuid;

use super::evidence;
use super::list::{ReportFilter, ReportList};
use super::model::{self, ReportRow};
use crate::auth::{perm, Authorized, Permission, Principal, PrincipalKind};
use crate::db::schema::progress_reports;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::plans::model::{self as plan_model, UnitIndex};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_reports)
        .service(get_report)
        .service(create_report)
        .service(resubmit_report)
        .service(acknowledge_report)
        .service(return_report)
        .service(attach_evidence);
}

fn user_id(principal: &Principal) -> Option<String> {
    (principal.kind == PrincipalKind::User).then(|| principal.id.to_string())
}

/// List progress reports (newest first), each with its history.
#[utoipa::path(tag = "progress-reports", params(ReportFilter, crate::openapi::ListParams<ReportFilter>), responses((status = 200, body = api_types::Page<ProgressReport>)))]
#[get("/progress-reports")]
async fn list_reports(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::PlansRead>,
    query: ListQuery<ReportFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let mut page = db::list::page::<ReportList>(conn, &query, &())?;
        evidence::hide_unreadable(conn, &auth.principal, &mut page.items)?;
        Ok(page)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One report with its history.
#[utoipa::path(tag = "progress-reports", params(("id" = Uuid, Path, description = "Report id")), responses((status = 200, body = ProgressReport)))]
#[get("/progress-reports/{id}")]
async fn get_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::PlansRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let report = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        let mut report = model::dto(conn, &row)?;
        evidence::hide_unreadable(conn, &auth.principal, std::slice::from_mut(&mut report))?;
        Ok(report)
    })
    .await?;
    // The body depends on the reader (evidence shown or not): the tag says which.
    let tag = format!(
        "\"{}.{}\"",
        report.version,
        if report.attachments.is_empty() {
            "n"
        } else {
            "e"
        }
    );
    etag::tagged_json(&req, tag, &report)
}

/// File a progress report for one's own unit, which must be responsible for the task
/// (and, for a milestone, one of its owners). The plan must be active.
#[utoipa::path(tag = "progress-reports", request_body = NewProgressReport, responses((status = 201, body = ProgressReport)))]
#[post("/progress-reports")]
async fn create_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ProgressReport>,
    body: Json<NewProgressReport>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let unit = new.unit_id.to_string();
        principal.require_unit(conn, Permission::ProgressReport, &unit)?;
        let task = plan_model::find_task(conn, &new.task_id.to_string())
            .map_err(|_| ApiError::rule("task_id", "unknown_task", "no such task"))?;
        let plan = plan_model::plan_of_task(conn, &task.row)?;
        plan_model::require_active(&plan)?;
        if let Some(milestone_id) = new.milestone_id {
            let milestone =
                plan_model::find_milestone(conn, &milestone_id.to_string()).map_err(|_| {
                    ApiError::rule("milestone_id", "unknown_milestone", "no such milestone")
                })?;
            if milestone.task_id != task.row.id {
                return Err(ApiError::rule(
                    "milestone_id",
                    "other_task",
                    "the milestone belongs to another task",
                ));
            }
            plan_model::require_milestone_owner(conn, &milestone, &unit)?;
        } else if !task
            .responsible_units(&UnitIndex::load(conn)?)
            .contains(&unit)
        {
            return Err(ApiError::rule(
                "unit_id",
                "not_responsible",
                "this unit is not responsible for the task",
            ));
        }
        let row = file(
            conn,
            principal,
            Filing {
                plan_id: &plan.id,
                task: &task,
                milestone_id: new.milestone_id.map(|m| m.to_string()),
                unit_id: unit,
                period: new.period.clone(),
                narrative: new.narrative.trim().to_string(),
                percent_complete: new.percent_complete,
                evidence_links: &new.evidence_links,
            },
        )?;
        let dto = model::dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/progress-reports/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::ProgressReport, dto.id, &dto),
        )
    })
    .await
}

/// What a new report says.
struct Filing<'a> {
    plan_id: &'a str,
    task: &'a plan_model::TaskView,
    milestone_id: Option<String>,
    unit_id: String,
    period: String,
    narrative: String,
    percent_complete: i32,
    evidence_links: &'a [String],
}

/// Stores a checked report, its history's first line and the notices to the task's
/// lead units.
fn file(
    conn: &mut DbConnection,
    principal: &Principal,
    filing: Filing<'_>,
) -> Result<ReportRow, ApiError> {
    let now = time::now();
    let row = ReportRow {
        id: time::new_id(),
        plan_id: filing.plan_id.to_string(),
        task_id: filing.task.row.id.clone(),
        milestone_id: filing.milestone_id,
        unit_id: filing.unit_id,
        period: filing.period,
        narrative: filing.narrative,
        percent_complete: filing.percent_complete,
        evidence_links: serde_json::to_string(filing.evidence_links).map_err(ApiError::internal)?,
        status: ReportStatus::Submitted.as_str().into(),
        review_comment: None,
        submitted_at: now,
        submitted_by: principal.id.to_string(),
        reviewed_at: None,
        reviewed_by: None,
        times_returned: 0,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(progress_reports::table)
        .values(&row)
        .execute(conn)?;
    model::record(
        conn,
        &row.id,
        "submitted",
        None,
        user_id(principal),
        &principal.name,
    )?;
    model::notify(conn, &row, &filing.task.leads)?;
    Ok(row)
}

/// Reports a milestone done for `unit` because the activity that delivers it took place
/// (a training's last session taken, a contest's results published): 100 %, this
/// month, with `narrative` and a link to the activity. Nothing is filed when the plan
/// is not in force, when `unit` does not own the milestone, or when the unit has
/// already reported it done; the milestone's status follows from the report as from any
/// other.
pub fn report_delivered(
    conn: &mut DbConnection,
    principal: &Principal,
    milestone_id: &str,
    unit: &str,
    narrative: String,
    link: String,
) -> Result<Option<Change>, ApiError> {
    let milestone = plan_model::find_milestone(conn, milestone_id)?;
    let task = plan_model::find_task(conn, &milestone.task_id)?;
    let plan = plan_model::plan_of_task(conn, &task.row)?;
    if plan_model::require_active(&plan).is_err()
        || plan_model::require_milestone_owner(conn, &milestone, unit).is_err()
    {
        return Ok(None);
    }
    let latest: Option<(i32, String)> = progress_reports::table
        .filter(progress_reports::milestone_id.eq(milestone_id))
        .filter(progress_reports::unit_id.eq(unit))
        .order((
            progress_reports::submitted_at.desc(),
            progress_reports::id.desc(),
        ))
        .select((progress_reports::percent_complete, progress_reports::status))
        .first(conn)
        .optional()?;
    if latest.is_some_and(|(percent, status)| {
        percent >= 100 && status != ReportStatus::Returned.as_str()
    }) {
        return Ok(None);
    }
    let row = file(
        conn,
        principal,
        Filing {
            plan_id: &plan.id,
            task: &task,
            milestone_id: Some(milestone.id.clone()),
            unit_id: unit.to_string(),
            period: time::today().format("%Y-%m").to_string(),
            narrative,
            percent_complete: 100,
            evidence_links: &[link],
        },
    )?;
    let dto = model::dto(conn, &row)?;
    Ok(Some(Change::created(
        ResourceKind::ProgressReport,
        dto.id,
        &dto,
    )))
}

/// Revise and resubmit a returned report (`If-Match` required).
#[utoipa::path(
    tag = "progress-reports",
    request_body = ReportRevision,
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version being revised")),
    responses((status = 200, body = ProgressReport))
)]
#[post("/progress-reports/{id}/resubmit")]
async fn resubmit_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ProgressReport>,
    id: PathId,
    body: Json<ReportRevision>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let revision = body.0;
    let sent = revision.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::ProgressReport, &current.unit_id)?;
        current.expect(
            expected,
            ReportStatus::Returned,
            "only a returned report can be resubmitted",
        )?;
        let before = model::dto(conn, &current)?;
        let mut row = current.clone();
        if let Some(period) = &revision.period {
            row.period = period.clone();
        }
        if let Some(narrative) = &revision.narrative {
            row.narrative = narrative.trim().to_string();
        }
        if let Some(percent) = revision.percent_complete {
            row.percent_complete = percent;
        }
        if let Some(links) = &revision.evidence_links {
            row.evidence_links = serde_json::to_string(links).map_err(ApiError::internal)?;
        }
        let now = time::now();
        row.status = ReportStatus::Submitted.as_str().into();
        row.submitted_at = now;
        row.submitted_by = principal.id.to_string();
        versioned_save!(conn, progress_reports, &mut row, current.version, now)?;
        model::record(
            conn,
            &row.id,
            "resubmitted",
            None,
            user_id(principal),
            &principal.name,
        )?;
        let task = plan_model::find_task(conn, &row.task_id)?;
        model::notify(conn, &row, &task.leads)?;
        let after = model::dto(conn, &row)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Resubmit,
                ResourceKind::ProgressReport,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Acknowledge or return: the shared review step.
fn review(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    decision: ReportStatus,
    comment: Option<String>,
) -> Result<Outcome, ApiError> {
    let current = model::find(conn, &id.to_string())?;
    let task = plan_model::find_task(conn, &current.task_id)?;
    principal.require_any_unit(conn, Permission::ProgressReview, &task.leads)?;
    current.expect(
        expected,
        ReportStatus::Submitted,
        "the report is not waiting for review",
    )?;
    let before = model::dto(conn, &current)?;
    let now = time::now();
    let returned = decision == ReportStatus::Returned;
    let mut next = current.clone();
    next.status = decision.as_str().to_string();
    next.review_comment = comment.clone();
    next.reviewed_at = Some(now);
    next.reviewed_by = Some(principal.id.to_string());
    next.times_returned += i32::from(returned);
    versioned_save!(conn, progress_reports, &mut next, current.version, now)?;
    let action = if returned { "returned" } else { "acknowledged" };
    model::record(
        conn,
        &current.id,
        action,
        comment,
        user_id(principal),
        &principal.name,
    )?;
    let updated = model::find(conn, &current.id)?;
    model::notify(conn, &updated, &task.leads)?;
    let after = model::dto(conn, &updated)?;
    let verb = if returned {
        AuditAction::Return
    } else {
        AuditAction::Acknowledge
    };
    Outcome::updated(
        &after,
        after.version,
        Change::transition(
            verb,
            ResourceKind::ProgressReport,
            after.id,
            &before,
            &after,
        ),
    )
}

/// Both review endpoints: `If-Match`, the comment (required to return), then [`review`].
async fn review_request(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ProgressReview>,
    id: PathId,
    body: Json<ReportReview>,
    decision: ReportStatus,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let review_body = body.0;
    let comment = crate::resources::plans::trimmed(&review_body.comment);
    if decision == ReportStatus::Returned && comment.is_none() {
        return Err(ApiError::rule(
            "comment",
            "required",
            "say what must be revised",
        ));
    }
    ctx.run(&state, &review_body, move |conn, principal| {
        review(conn, principal, id.0, expected, decision, comment)
    })
    .await
}

/// The task's lead unit (or the city bureau) accepts a report (`If-Match` required).
#[utoipa::path(
    tag = "progress-reports",
    request_body = ReportReview,
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version reviewed")),
    responses((status = 200, body = ProgressReport))
)]
#[post("/progress-reports/{id}/acknowledge")]
async fn acknowledge_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ProgressReview>,
    id: PathId,
    body: Json<ReportReview>,
) -> Result<HttpResponse, ApiError> {
    review_request(state, ctx, id, body, ReportStatus::Acknowledged).await
}

/// The task's lead unit (or the city bureau) sends a report back with a comment
/// (`If-Match` required); the unit revises and resubmits it.
#[utoipa::path(
    tag = "progress-reports",
    request_body = ReportReview,
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version reviewed")),
    responses((status = 200, body = ProgressReport))
)]
#[post("/progress-reports/{id}/return")]
async fn return_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ProgressReview>,
    id: PathId,
    body: Json<ReportReview>,
) -> Result<HttpResponse, ApiError> {
    review_request(state, ctx, id, body, ReportStatus::Returned).await
}

/// Attach an evidence file to a report of one's unit while it is submitted or returned
/// (not once acknowledged): `multipart/form-data` with one part `file` of at most 20 MB,
/// a PDF, Word (.docx), Excel (.xlsx), JPG, PNG or OFD file — recognised from its
/// content, whatever its name says. The report's version goes up (its `ETag` changes).
#[utoipa::path(
    tag = "progress-reports",
    params(("id" = Uuid, Path, description = "Report id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The file store cannot be reached", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[post("/progress-reports/{id}/attachments")]
async fn attach_evidence(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AttachmentsWrite>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(
        req,
        state,
        ctx,
        payload,
        &super::evidence::EVIDENCE,
        id.0,
    )
    .await
}
