//! `/api/v1/me/degrees` (an officer's own) and `/api/v1/degrees` (the personnel office
//! and the units reading their people's).

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::degrees::{Degree, DegreeContent, DegreeReturn, DegreeReward, DegreeStatus};
use api_types::Permission;
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{DegreeFilter, DegreeList};
use super::model::{self, DegreeRow};
use crate::auth::{perm, Authorized, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::degrees;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_degrees)
        .service(record_degree)
        .service(replace_degree)
        .service(attach_certificate)
        .service(degrees_xlsx)
        .service(list_degrees)
        .service(get_degree)
        .service(verify_degree)
        .service(return_degree)
        .service(reward_degree);
}

/// The degrees the caller recorded, latest graduation first.
#[utoipa::path(tag = "degrees", responses((status = 200, body = Vec<Degree>)))]
#[get("/me/degrees")]
async fn my_degrees(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DegreesRecord>,
) -> Result<HttpResponse, ApiError> {
    let me = auth.principal.id.to_string();
    let found = db::run(&state.pool, move |conn| model::archive_section(conn, &me)).await?;
    etag::hashed_json(&req, &found)
}

/// Record a degree earned in service; the personnel office verifies it once the
/// certificate is attached.
#[utoipa::path(tag = "degrees", request_body = DegreeContent, responses((status = 201, body = Degree)))]
#[post("/me/degrees")]
async fn record_degree(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DegreesRecord>,
    body: Json<DegreeContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        model::check(&content)?;
        let now = time::now();
        let mut row = DegreeRow {
            id: time::new_id(),
            user_id: principal.id.to_string(),
            unit_id: principal.unit_id.to_string(),
            level: String::new(),
            school: String::new(),
            major: String::new(),
            started_on: content.started_on,
            graduated_on: content.graduated_on,
            status: DegreeStatus::Submitted.as_str().into(),
            review_comment: None,
            verified_by_name: None,
            verified_at: None,
            reward_yuan: None,
            reward_note: None,
            rewarded_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content);
        diesel::insert_into(degrees::table)
            .values(&row)
            .execute(conn)?;
        let dto = model::dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/degrees/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Degree, dto.id, &dto),
        )
    })
    .await
}

/// The caller's own degree, for a change.
fn own(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<DegreeRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    if row.user_id != principal.id.to_string() {
        return Err(ApiError::not_found("degree"));
    }
    check_version(row.version, expected)?;
    Ok(row)
}

/// Correct a degree (`If-Match`) while it waits or was returned: it waits for
/// verification again.
#[utoipa::path(
    tag = "degrees",
    request_body = DegreeContent,
    params(("id" = Uuid, Path, description = "Degree id"), ("If-Match" = String, Header, description = "ETag of the degree")),
    responses((status = 200, body = Degree))
)]
#[put("/me/degrees/{id}")]
async fn replace_degree(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DegreesRecord>,
    id: PathId,
    body: Json<DegreeContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = own(conn, principal, id.0, expected)?;
        let was = current.status()?;
        if !matches!(was, DegreeStatus::Submitted | DegreeStatus::Returned) {
            return Err(ApiError::invalid_state("a verified degree is not changed"));
        }
        model::check(&content)?;
        let mut next = current.clone();
        next.apply(&content);
        next.status = DegreeStatus::Submitted.as_str().into();
        save(
            conn,
            &current,
            next,
            if was == DegreeStatus::Returned {
                AuditAction::Resubmit
            } else {
                AuditAction::Update
            },
        )
    })
    .await
}

fn save(
    conn: &mut DbConnection,
    current: &DegreeRow,
    mut next: DegreeRow,
    action: AuditAction,
) -> Result<Outcome, ApiError> {
    let before = model::dto(conn, current)?;
    versioned_save!(conn, degrees, &mut next, current.version)?;
    let after = model::dto(conn, &next)?;
    let change = if action == AuditAction::Update {
        Change::updated(ResourceKind::Degree, after.id, &before, &after)
    } else {
        Change::transition(action, ResourceKind::Degree, after.id, &before, &after)
    };
    Outcome::updated(&after, after.version, change)
}

/// Attach the certificate (`multipart/form-data`, one part `file`) while the degree
/// waits or was returned.
#[utoipa::path(
    tag = "degrees",
    params(("id" = Uuid, Path, description = "Degree id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/degrees/{id}/attachments")]
async fn attach_certificate(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DegreesRecord>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(req, state, ctx, payload, &model::CERTIFICATES, id.0)
        .await
}

/// Degrees recorded by people of the caller's units, newest first.
#[utoipa::path(tag = "degrees", params(DegreeFilter, crate::openapi::ListParams<DegreeFilter>), responses((status = 200, body = api_types::Page<Degree>)))]
#[get("/degrees")]
async fn list_degrees(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DegreesRead>,
    query: ListQuery<DegreeFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::DegreesRead,
            query.filter.unit_id,
        )?;
        db::list::page::<DegreeList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The degrees list as an `.xlsx` workbook with the same filters and sort (all rows),
/// recorded as an export.
#[utoipa::path(
    tag = "degrees",
    params(DegreeFilter, crate::openapi::ListParams<DegreeFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/degrees:xlsx")]
async fn degrees_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DegreesRead>,
    request_id: crate::http::middleware::RequestId,
    query: ListQuery<DegreeFilter>,
) -> Result<HttpResponse, ApiError> {
    let unit = query.filter.unit_id;
    crate::spreadsheet::export::respond::<DegreeList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, principal| UnitScope::of(conn, principal, Permission::DegreesRead, unit),
    )
    .await
}

/// One degree of someone of the caller's units.
#[utoipa::path(tag = "degrees", params(("id" = Uuid, Path, description = "Degree id")), responses((status = 200, body = Degree)))]
#[get("/degrees/{id}")]
async fn get_degree(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DegreesRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::DegreesRead, &row.unit_id)?;
        model::dto(conn, &row)
    })
    .await?;
    etag::derived_json(&req, found.version, &found)
}

/// A degree for the personnel office: scope and version.
fn for_review(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<DegreeRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::DegreesVerify, &row.unit_id)?;
    if row.user_id == principal.id.to_string() {
        return Err(ApiError::new(
            api_types::ErrorCode::Forbidden,
            "nobody verifies or rewards their own degree",
        ));
    }
    check_version(row.version, expected)?;
    Ok(row)
}

/// Verify a waiting degree (`If-Match`): it needs its certificate.
#[utoipa::path(
    tag = "degrees",
    params(("id" = Uuid, Path, description = "Degree id"), ("If-Match" = String, Header, description = "ETag of the degree")),
    responses((status = 200, body = Degree))
)]
#[post("/degrees/{id}/verify")]
async fn verify_degree(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DegreesVerify>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = for_review(conn, principal, id.0, expected)?;
        if current.status()? != DegreeStatus::Submitted {
            return Err(ApiError::invalid_state(
                "only a degree waiting for verification is verified",
            ));
        }
        if model::dto(conn, &current)?
            .attachments
            .iter()
            .all(|a| a.withdrawn_at.is_some())
        {
            return Err(ApiError::rule(
                "attachments",
                "no_certificate",
                "the certificate is not attached yet: return the degree to the officer",
            ));
        }
        let mut next = current.clone();
        next.status = DegreeStatus::Verified.as_str().into();
        next.verified_by_name = Some(principal.name.clone());
        next.verified_at = Some(time::now());
        next.review_comment = None;
        save(conn, &current, next, AuditAction::Verify)
    })
    .await
}

/// Return a waiting degree to the officer with the reason (`If-Match`).
#[utoipa::path(
    tag = "degrees",
    request_body = DegreeReturn,
    params(("id" = Uuid, Path, description = "Degree id"), ("If-Match" = String, Header, description = "ETag of the degree")),
    responses((status = 200, body = Degree))
)]
#[post("/degrees/{id}/return")]
async fn return_degree(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DegreesVerify>,
    id: PathId,
    body: Json<DegreeReturn>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let reason = body.0;
    let sent = reason.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_review(conn, principal, id.0, expected)?;
        if current.status()? != DegreeStatus::Submitted {
            return Err(ApiError::invalid_state(
                "only a degree waiting for verification is returned",
            ));
        }
        let mut next = current.clone();
        next.status = DegreeStatus::Returned.as_str().into();
        next.review_comment = Some(reason.reason.trim().to_string());
        save(conn, &current, next, AuditAction::Return)
    })
    .await
}

/// Record the reward of a verified degree (`If-Match`).
#[utoipa::path(
    tag = "degrees",
    request_body = DegreeReward,
    params(("id" = Uuid, Path, description = "Degree id"), ("If-Match" = String, Header, description = "ETag of the degree")),
    responses((status = 200, body = Degree))
)]
#[post("/degrees/{id}/reward")]
async fn reward_degree(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DegreesVerify>,
    id: PathId,
    body: Json<DegreeReward>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let reward = body.0;
    let sent = reward.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_review(conn, principal, id.0, expected)?;
        if current.status()? != DegreeStatus::Verified {
            return Err(ApiError::invalid_state(
                "a reward is recorded for a verified degree, once",
            ));
        }
        let mut next = current.clone();
        next.status = DegreeStatus::Rewarded.as_str().into();
        next.reward_yuan = Some(i32::try_from(reward.amount_yuan).unwrap_or(i32::MAX));
        next.reward_note = Some(reward.note.trim().to_string());
        next.rewarded_at = Some(time::now());
        save(conn, &current, next, AuditAction::Reward)
    })
    .await
}
