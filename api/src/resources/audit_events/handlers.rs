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
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(verify_chain).service(list_events);
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
