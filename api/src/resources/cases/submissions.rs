//! `/api/v1/case-submissions`: a unit writes its typical case and submits it within
//! its quarterly quota; 政策法规科 returns it with a comment or accepts it with the
//! masked text it confirms.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::cases::{
    CaseAcceptance, CaseContent, CaseReturn, CaseStatus, CaseSubmission, RedactionProposal,
};
use api_types::Permission;
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{CaseFilter, CaseList, CaseScope};
use super::model::{self, CaseRow};
use super::quota;
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{case_submissions, units};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(case_submissions_xlsx)
        .service(list_case_submissions)
        .service(create_case_submission)
        .service(get_case_submission)
        .service(replace_case_submission)
        .service(submit_case)
        .service(withdraw_case)
        .service(return_case)
        .service(case_redaction)
        .service(accept_case)
        .service(attach_case_file);
}

/// Typical cases of the units in the caller's scope, newest first (drafts only of the
/// caller's own units).
#[utoipa::path(tag = "cases", params(CaseFilter, crate::openapi::ListParams<CaseFilter>), responses((status = 200, body = api_types::Page<CaseSubmission>)))]
#[get("/case-submissions")]
async fn list_case_submissions(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesRead>,
    query: ListQuery<CaseFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = CaseScope::of(conn, &auth.principal, query.filter.unit_id)?;
        db::list::page::<CaseList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The typical-case list as an `.xlsx` workbook with the same filters and sort (all
/// rows), recorded as an export.
#[utoipa::path(
    tag = "cases",
    params(CaseFilter, crate::openapi::ListParams<CaseFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/case-submissions:xlsx")]
async fn case_submissions_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesRead>,
    request_id: crate::http::middleware::RequestId,
    query: ListQuery<CaseFilter>,
) -> Result<HttpResponse, ApiError> {
    let unit = query.filter.unit_id;
    crate::spreadsheet::export::respond::<CaseList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, principal| CaseScope::of(conn, principal, unit),
    )
    .await
}

/// Write a typical case as a draft of a section or county bureau in the caller's scope.
#[utoipa::path(tag = "cases", request_body = CaseContent, responses((status = 201, body = CaseSubmission)))]
#[post("/case-submissions")]
async fn create_case_submission(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesSubmit>,
    body: Json<CaseContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        model::check(conn, principal, &content)?;
        let row = CaseRow::draft(&content, principal)?;
        diesel::insert_into(case_submissions::table)
            .values(&row)
            .execute(conn)?;
        let dto = model::dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/case-submissions/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::CaseSubmission, dto.id, &dto),
        )
    })
    .await
}

/// One typical case.
#[utoipa::path(tag = "cases", params(("id" = Uuid, Path, description = "Case id")), responses((status = 200, body = CaseSubmission)))]
#[get("/case-submissions/{id}")]
async fn get_case_submission(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        model::require_visible(conn, &auth.principal, &row)?;
        model::dto(conn, &row)
    })
    .await?;
    etag::derived_json(&req, found.version, &found)
}

/// A case of the caller's units for a change by them: scope, version, and a status
/// among `open`.
fn for_unit(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    open: &[CaseStatus],
    refusal: &str,
) -> Result<CaseRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    // Writing for the unit implies seeing its drafts.
    principal.require_unit(conn, Permission::CasesSubmit, &row.unit_id)?;
    check_version(row.version, expected)?;
    if !open.contains(&row.status()?) {
        return Err(ApiError::invalid_state(refusal.to_string()));
    }
    Ok(row)
}

/// A case for 政策法规科: scope, version, and waiting for review.
fn for_review(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<CaseRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    model::require_visible(conn, principal, &row)?;
    principal.require_unit(conn, Permission::CasesReview, &row.unit_id)?;
    check_version(row.version, expected)?;
    if row.status()? != CaseStatus::Submitted {
        return Err(ApiError::invalid_state(
            "only a case waiting for review is returned or accepted",
        ));
    }
    Ok(row)
}

fn save(
    conn: &mut DbConnection,
    current: &CaseRow,
    mut next: CaseRow,
    action: AuditAction,
) -> Result<Outcome, ApiError> {
    let before = model::dto(conn, current)?;
    versioned_save!(conn, case_submissions, &mut next, current.version)?;
    let after = model::dto(conn, &next)?;
    let change = if action == AuditAction::Update {
        Change::updated(ResourceKind::CaseSubmission, after.id, &before, &after)
    } else {
        Change::transition(
            action,
            ResourceKind::CaseSubmission,
            after.id,
            &before,
            &after,
        )
    };
    Outcome::updated(&after, after.version, change)
}

/// Rewrite a draft or a returned case (`If-Match`); a returned case stays returned
/// until it is submitted again.
#[utoipa::path(
    tag = "cases",
    request_body = CaseContent,
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "ETag of the case")),
    responses((status = 200, body = CaseSubmission))
)]
#[put("/case-submissions/{id}")]
async fn replace_case_submission(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesSubmit>,
    id: PathId,
    body: Json<CaseContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_unit(
            conn,
            principal,
            id.0,
            expected,
            &[CaseStatus::Draft, CaseStatus::Returned],
            "only a draft or a returned case is changed",
        )?;
        model::check(conn, principal, &content)?;
        // A returned case already counts for its unit and quarter (see `quota`).
        if current.status()? == CaseStatus::Returned {
            if content.unit_id.to_string() != current.unit_id {
                return Err(ApiError::rule(
                    "unit_id",
                    "fixed_once_submitted",
                    "a submitted case stays with its unit",
                ));
            }
            if content.quarter != current.quarter {
                return Err(ApiError::rule(
                    "quarter",
                    "fixed_once_submitted",
                    "a submitted case stays in its quarter: withdraw it and write one for the other quarter",
                ));
            }
        }
        let mut next = current.clone();
        next.apply(&content)?;
        save(conn, &current, next, AuditAction::Update)
    })
    .await
}

/// Submit a draft or a returned case to 政策法规科 (`If-Match`). Refused once the unit
/// has as many cases for the quarter as the quota allows.
#[utoipa::path(
    tag = "cases",
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "ETag of the case")),
    responses((status = 200, body = CaseSubmission))
)]
#[post("/case-submissions/{id}/submit")]
async fn submit_case(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesSubmit>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = for_unit(
            conn,
            principal,
            id.0,
            expected,
            &[CaseStatus::Draft, CaseStatus::Returned],
            "only a draft or a returned case is submitted",
        )?;
        let was = current.status()?;
        if was == CaseStatus::Draft {
            // Submissions of one unit take turns, so the count below holds.
            db::lock_row!(conn, units, &current.unit_id)?;
            quota::check_room(conn, &current.unit_id, &current.quarter)?;
        }
        let mut next = current.clone();
        next.status = CaseStatus::Submitted.as_str().into();
        next.submitted_at = Some(time::now());
        let action = if was == CaseStatus::Returned {
            AuditAction::Resubmit
        } else {
            AuditAction::Submit
        };
        save(conn, &current, next, action)
    })
    .await
}

/// Withdraw a draft or a returned case with the reason (`If-Match`): it is kept and no
/// longer counts toward the quota.
#[utoipa::path(
    tag = "cases",
    request_body = CaseReturn,
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "ETag of the case")),
    responses((status = 200, body = CaseSubmission))
)]
#[post("/case-submissions/{id}/withdraw")]
async fn withdraw_case(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesSubmit>,
    id: PathId,
    body: Json<CaseReturn>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let reason = body.0;
    let sent = reason.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_unit(
            conn,
            principal,
            id.0,
            expected,
            &[CaseStatus::Draft, CaseStatus::Returned],
            "only a draft or a returned case is withdrawn",
        )?;
        let mut next = current.clone();
        next.status = CaseStatus::Withdrawn.as_str().into();
        next.review_comment = Some(reason.comment.trim().to_string());
        save(conn, &current, next, AuditAction::Withdraw)
    })
    .await
}

/// Return a submitted case to its unit with a comment (`If-Match`).
#[utoipa::path(
    tag = "cases",
    request_body = CaseReturn,
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "ETag of the case")),
    responses((status = 200, body = CaseSubmission))
)]
#[post("/case-submissions/{id}/return")]
async fn return_case(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesReview>,
    id: PathId,
    body: Json<CaseReturn>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let reason = body.0;
    let sent = reason.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_review(conn, principal, id.0, expected)?;
        let mut next = current.clone();
        next.status = CaseStatus::Returned.as_str().into();
        next.review_comment = Some(reason.comment.trim().to_string());
        next.reviewed_by_name = Some(principal.name.clone());
        next.reviewed_at = Some(time::now());
        save(conn, &current, next, AuditAction::Return)
    })
    .await
}

/// The case's text with every known natural person's name and every ID number masked,
/// for the reviewer to check before accepting it (the original stays private).
#[utoipa::path(tag = "cases", params(("id" = Uuid, Path, description = "Case id")), responses((status = 200, body = RedactionProposal)))]
#[get("/case-submissions/{id}/redaction")]
async fn case_redaction(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesReview>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let proposal = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        model::require_visible(conn, &auth.principal, &row)?;
        auth.principal
            .require_unit(conn, Permission::CasesReview, &row.unit_id)?;
        let persons = model::persons_to_mask(conn, &row)?;
        Ok(model::propose(&row.text()?, &persons))
    })
    .await?;
    etag::hashed_json(&req, &proposal)
}

/// Accept a submitted case with the masked text the reviewer confirms (`If-Match`):
/// refused while a known person's name or any ID number is still in it.
#[utoipa::path(
    tag = "cases",
    request_body = CaseAcceptance,
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "ETag of the case")),
    responses((status = 200, body = CaseSubmission))
)]
#[post("/case-submissions/{id}/accept")]
async fn accept_case(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesReview>,
    id: PathId,
    body: Json<CaseAcceptance>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let acceptance = body.0;
    let sent = acceptance.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_review(conn, principal, id.0, expected)?;
        let persons = model::persons_to_mask(conn, &current)?;
        let leaks = model::unmasked(&acceptance.text, &persons);
        if !leaks.is_empty() {
            return Err(ApiError::rules(leaks));
        }
        let mut next = current.clone();
        next.status = CaseStatus::Accepted.as_str().into();
        next.published_text =
            Some(serde_json::to_string(&acceptance.text).map_err(ApiError::internal)?);
        next.review_comment = None;
        next.reviewed_by_name = Some(principal.name.clone());
        next.reviewed_at = Some(time::now());
        save(conn, &current, next, AuditAction::Accept)
    })
    .await
}

/// Attach a file (the decision document, photos; `multipart/form-data`, one part
/// `file`) while the case is a draft or returned.
#[utoipa::path(
    tag = "cases",
    params(("id" = Uuid, Path, description = "Case id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/case-submissions/{id}/attachments")]
async fn attach_case_file(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesSubmit>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(req, state, ctx, payload, &model::CASE_FILES, id.0).await
}
