//! `/api/v1/case-outcomes` (reconsiderations and suits of penalty decisions, entered
//! by the unit or pushed by another system) and `/api/v1/veto-events`.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::cases::{CaseOutcome, OutcomeContent, VetoEvent};
use api_types::{ErrorCode, Permission};
use diesel::prelude::*;

use super::list::{OutcomeFilter, OutcomeList, VetoFilter, VetoList};
use super::model::{self, OutcomeRow};
use crate::auth::{perm, Authorized};
use crate::db::list::UnitScope;
use crate::db::schema::case_outcomes;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(case_outcomes_xlsx)
        .service(list_case_outcomes)
        .service(record_case_outcome)
        .service(get_case_outcome)
        .service(replace_case_outcome)
        .service(attach_outcome_document)
        .service(list_veto_events);
}

/// Outcomes of the units in the caller's scope, latest filing first.
#[utoipa::path(tag = "case-outcomes", params(OutcomeFilter, crate::openapi::ListParams<OutcomeFilter>), responses((status = 200, body = api_types::Page<CaseOutcome>)))]
#[get("/case-outcomes")]
async fn list_case_outcomes(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CaseOutcomesRead>,
    query: ListQuery<OutcomeFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::CaseOutcomesRead,
            query.filter.unit_id,
        )?;
        db::list::page::<OutcomeList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The outcome list as an `.xlsx` workbook with the same filters and sort (all rows),
/// recorded as an export.
#[utoipa::path(
    tag = "case-outcomes",
    params(OutcomeFilter, crate::openapi::ListParams<OutcomeFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/case-outcomes:xlsx")]
async fn case_outcomes_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CaseOutcomesRead>,
    request_id: crate::http::middleware::RequestId,
    query: ListQuery<OutcomeFilter>,
) -> Result<HttpResponse, ApiError> {
    let unit = query.filter.unit_id;
    crate::spreadsheet::export::respond::<OutcomeList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, principal| UnitScope::of(conn, principal, Permission::CaseOutcomesRead, unit),
    )
    .await
}

/// The outcome stored under `external_id`, if any.
fn by_external_id(
    conn: &mut DbConnection,
    external_id: &str,
) -> Result<Option<OutcomeRow>, ApiError> {
    Ok(case_outcomes::table
        .filter(case_outcomes::external_id.eq(external_id))
        .select(OutcomeRow::as_select())
        .first(conn)
        .optional()?)
}

/// The same outcome sent again under its `external_id`: the stored one (200), or a
/// conflict when it differs.
fn repeated(
    conn: &mut DbConnection,
    principal: &crate::auth::Principal,
    content: &OutcomeContent,
) -> Result<Option<CaseOutcome>, ApiError> {
    let Some(external) = content.external_id.as_deref().map(str::trim) else {
        return Ok(None);
    };
    let Some(stored) = by_external_id(conn, external)? else {
        return Ok(None);
    };
    // Nothing of another unit's outcome is told to a caller who may not write it.
    principal.require_unit(conn, Permission::CaseOutcomesWrite, &stored.unit_id)?;
    let mut sent = stored.clone();
    sent.apply(content);
    if sent != stored {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "an outcome with this external_id is recorded with other content: change it with PUT and If-Match",
        )
        .with_extension("location", serde_json::json!(format!("/api/v1/case-outcomes/{}", stored.id))));
    }
    Ok(Some(model::dto(conn, &stored)?))
}

/// Record a reconsideration or a suit of a decision, pending or decided. A system
/// pushing outcomes names each by its `external_id`: sending it again answers the
/// stored outcome (200). A revocation, alteration or finding of illegality marks the
/// decision's public record; a revocation on reconsideration or a lost suit raises the
/// unit's veto event for the year.
#[utoipa::path(
    tag = "case-outcomes",
    request_body = OutcomeContent,
    responses(
        (status = 201, body = CaseOutcome),
        (status = 200, description = "The same outcome was recorded before under its external_id", body = CaseOutcome),
        (status = 409, description = "Another outcome is recorded under this external_id", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/case-outcomes")]
async fn record_case_outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CaseOutcomesWrite>,
    body: Json<OutcomeContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let principal = ctx.principal.clone();
    let check = content.clone();
    let earlier = db::run(&state.pool, move |conn| repeated(conn, &principal, &check)).await?;
    if let Some(found) = earlier {
        return etag::versioned_json(&req, found.version, &found);
    }
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        model::check(conn, principal, &content)?;
        let row = OutcomeRow::new(&content, principal);
        diesel::insert_into(case_outcomes::table)
            .values(&row)
            .execute(conn)
            .map_err(|e| match ApiError::from(e) {
                e if e.code == ErrorCode::Duplicate => ApiError::new(
                    ErrorCode::Conflict,
                    "an outcome with this external_id was recorded meanwhile: send it again to read it",
                ),
                e => e,
            })?;
        let effects = model::settle(conn, &row)?;
        let dto = model::dto(conn, &row)?;
        let mut outcome = Outcome::created(
            &dto,
            format!("/api/v1/case-outcomes/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::CaseOutcome, dto.id, &dto),
        )?;
        for change in effects {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}

/// One outcome.
#[utoipa::path(tag = "case-outcomes", params(("id" = Uuid, Path, description = "Outcome id")), responses((status = 200, body = CaseOutcome)))]
#[get("/case-outcomes/{id}")]
async fn get_case_outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CaseOutcomesRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::CaseOutcomesRead, &row.unit_id)?;
        model::dto(conn, &row)
    })
    .await?;
    etag::derived_json(&req, found.version, &found)
}

/// Correct a pending outcome or record its result (`If-Match`). A decided outcome is
/// final: a later instance is a new outcome.
#[utoipa::path(
    tag = "case-outcomes",
    request_body = OutcomeContent,
    params(("id" = Uuid, Path, description = "Outcome id"), ("If-Match" = String, Header, description = "ETag of the outcome")),
    responses((status = 200, body = CaseOutcome))
)]
#[put("/case-outcomes/{id}")]
async fn replace_case_outcome(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CaseOutcomesWrite>,
    id: PathId,
    body: Json<OutcomeContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::CaseOutcomesWrite, &current.unit_id)?;
        check_version(current.version, expected)?;
        if current.result.is_some() {
            return Err(ApiError::invalid_state(
                "a decided outcome is final: record a later instance as a new outcome",
            ));
        }
        if current.external_id.is_some()
            && content.external_id.as_deref().map(str::trim) != current.external_id.as_deref()
        {
            return Err(ApiError::rule(
                "external_id",
                "unchanged",
                "an outcome's external_id does not change",
            ));
        }
        model::check(conn, principal, &content)?;
        let before = model::dto(conn, &current)?;
        let mut next = current.clone();
        next.apply(&content);
        versioned_save!(conn, case_outcomes, &mut next, current.version)?;
        let effects = model::settle(conn, &next)?;
        let after = model::dto(conn, &next)?;
        let mut outcome = Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::CaseOutcome, after.id, &before, &after),
        )?;
        for change in effects {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}

/// Attach the decision document of the reconsideration body or the court
/// (`multipart/form-data`, one part `file`).
#[utoipa::path(
    tag = "case-outcomes",
    params(("id" = Uuid, Path, description = "Outcome id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/case-outcomes/{id}/attachments")]
async fn attach_outcome_document(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CaseOutcomesWrite>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(req, state, ctx, payload, &model::OUTCOME_FILES, id.0)
        .await
}

/// Veto events of the units in the caller's scope (a decision revoked on
/// reconsideration or lost in court makes the unit unqualified for the year), latest
/// first: what the assessment reads.
#[utoipa::path(tag = "case-outcomes", params(VetoFilter, crate::openapi::ListParams<VetoFilter>), responses((status = 200, body = api_types::Page<VetoEvent>)))]
#[get("/veto-events")]
async fn list_veto_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CaseOutcomesRead>,
    query: ListQuery<VetoFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::CaseOutcomesRead,
            query.filter.unit_id,
        )?;
        db::list::page::<VetoList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}
