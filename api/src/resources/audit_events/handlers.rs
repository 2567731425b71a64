//! `GET /audit-events` and `GET /audit-events/verify`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditEvent, AuditVerification};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::chain::{self, AuditRow};
use crate::auth::{perm, Authorized};
use crate::db::schema::audit_events;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{ListFilter, ListQuery};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(verify_chain).service(list_events);
}

/// Filters of `GET /api/v1/audit-events`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Events caused by this user.
    pub actor_user_id: Option<Uuid>,
    /// Events caused by this service account.
    pub actor_service_account_id: Option<Uuid>,
    /// Kind of resource, e.g. `user`.
    pub resource_type: Option<String>,
    /// One resource (with `resource_type`).
    pub resource_id: Option<String>,
    /// e.g. `create`, `update`, `login`.
    pub action: Option<String>,
    /// Events at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

impl ListFilter for AuditFilter {
    const SORT_FIELDS: &'static [&'static str] = &["id"];
    const DEFAULT_SORT: &'static str = "-id";
}

type Db = <DbConnection as Connection>::Backend;

fn filtered(query: &ListQuery<AuditFilter>) -> audit_events::BoxedQuery<'_, Db> {
    let f = &query.filter;
    let mut q = audit_events::table.into_boxed();
    if let Some(id) = f.actor_user_id {
        q = q.filter(audit_events::actor_user_id.eq(id.to_string()));
    }
    if let Some(id) = f.actor_service_account_id {
        q = q.filter(audit_events::actor_service_account_id.eq(id.to_string()));
    }
    if let Some(t) = &f.resource_type {
        q = q.filter(audit_events::resource_type.eq(t));
    }
    if let Some(id) = &f.resource_id {
        q = q.filter(audit_events::resource_id.eq(id));
    }
    if let Some(a) = &f.action {
        q = q.filter(audit_events::action.eq(a));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_events::occurred_at.ge(time::from_utc(from)));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_events::occurred_at.lt(time::from_utc(to)));
    }
    // Audit rows never change; "updated" means "recorded".
    if let Some(since) = query.updated_since {
        q = q.filter(audit_events::occurred_at.ge(time::from_utc(since)));
    }
    q
}

/// List audit events (newest first by default).
#[utoipa::path(
    tag = "audit",
    params(AuditFilter, crate::openapi::ListParams),
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
        let total: i64 = filtered(&query).count().get_result(conn)?;
        let mut q = filtered(&query);
        q = match (query.sort.field, query.sort.descending) {
            ("updated_at", false) => q.order(audit_events::id.asc()),
            ("updated_at", true) => q.order(audit_events::id.desc()),
            (_, true) => q.order(audit_events::id.desc()),
            (_, false) => q.order(audit_events::id.asc()),
        };
        let rows: Vec<AuditRow> = q
            .offset(query.offset())
            .limit(query.limit())
            .select(AuditRow::as_select())
            .load(conn)?;
        let items = rows
            .iter()
            .map(AuditRow::to_dto)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
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
