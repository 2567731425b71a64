//! `GET /audit-events` and `GET /audit-events/verify`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditEvent, AuditVerification};

use super::chain;
use super::list::{AuditFilter, AuditList};
use crate::auth::{perm, Authorized};
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::ListQuery;
use crate::http::middleware::RequestId;
use crate::spreadsheet;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(verify_chain)
        .service(list_events)
        .service(export_events_xlsx);
}

/// List audit events (newest first by default).
#[utoipa::path(
    tag = "audit",
    params(AuditFilter, crate::openapi::ListParams<AuditFilter>),
    responses((status = 200, body = api_types::Page<AuditEvent>))
)]
#[get("/audit-events")]
async fn list_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::AuditRead>,
    query: ListQuery<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<AuditList>(conn, &query, &())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The audit list as an `.xlsx` workbook: every event the list shows for the same
/// filters and sort (`page` and `per_page` are ignored), with names instead of ids.
/// Recorded in the audit trail as an export (429 when too many run).
#[utoipa::path(
    tag = "audit",
    params(AuditFilter, crate::openapi::ListParams<AuditFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/audit-events:xlsx")]
async fn export_events_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AuditRead>,
    request_id: RequestId,
    query: ListQuery<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    spreadsheet::export::respond::<AuditList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        |_, _| Ok(()),
    )
    .await
}

/// Verify the hash chain: every row's hash, no gaps, the head matches the last row.
#[utoipa::path(tag = "audit", responses((status = 200, body = AuditVerification)))]
#[get("/audit-events/verify")]
async fn verify_chain(
    state: web::Data<AppState>,
    _auth: Authorized<perm::AuditRead>,
) -> Result<HttpResponse, ApiError> {
    let report = db::run(&state.pool, chain::verify).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(report))
}
