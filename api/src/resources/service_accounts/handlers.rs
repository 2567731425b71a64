//! HTTP handlers for service accounts.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::service_accounts::{
    NewServiceAccount, ServiceAccount, ServiceAccountPatch, ServiceAccountWithSecret,
};
use diesel::prelude::*;

use super::list::{ServiceAccountFilter, ServiceAccountList};
use super::model::{self, grants_column, ServiceAccountRow};
use crate::auth::secrets::{random_token, sha256_hex};
use crate::auth::{perm, Authorized};
use crate::db;
use crate::db::schema::{service_accounts, units};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_accounts)
        .service(get_account)
        .service(create_account)
        .service(update_account)
        .service(rotate_secret);
}

/// List service accounts.
#[utoipa::path(
    tag = "service-accounts",
    params(ServiceAccountFilter, crate::openapi::ListParams<ServiceAccountFilter>),
    responses((status = 200, body = api_types::Page<ServiceAccount>))
)]
#[get("/service-accounts")]
async fn list_accounts(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::ServiceAccountsRead>,
    query: ListQuery<ServiceAccountFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<ServiceAccountList>(conn, &query, &())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One service account.
#[utoipa::path(
    tag = "service-accounts",
    params(("id" = uuid::Uuid, Path, description = "Service account id")),
    responses((status = 200, body = ServiceAccount))
)]
#[get("/service-accounts/{id}")]
async fn get_account(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::ServiceAccountsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let dto = db::run(&state.pool, move |conn| model::find(conn, id.0)?.to_dto()).await?;
    etag::versioned_json(&req, dto.version, &dto)
}

/// Create a service account. The response carries the secret: it is shown this once.
/// A replay of this request (same `Idempotency-Key`) returns the account without it.
#[utoipa::path(
    tag = "service-accounts",
    request_body = NewServiceAccount,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a repeat returns the first response (without the secret)")),
    responses((status = 201, body = ServiceAccountWithSecret, headers(("ETag" = String), ("Location" = String))))
)]
#[post("/service-accounts")]
async fn create_account(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ServiceAccountsManage>,
    body: Json<NewServiceAccount>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, _principal| {
        let grants = grants_column(&new.grants)?;
        let unit_active: Option<bool> = units::table
            .find(new.unit_id.to_string())
            .select(units::active)
            .first(conn)
            .optional()?;
        if unit_active != Some(true) {
            return Err(ApiError::rule(
                "unit_id",
                "unknown_unit",
                "no such active unit",
            ));
        }
        let secret = random_token("cs_").map_err(ApiError::internal)?;
        let client_id = random_token("svc-").map_err(ApiError::internal)?[..20].to_string();
        let now = time::now();
        let row = ServiceAccountRow {
            id: time::new_id(),
            client_id,
            name: new.name.trim().to_string(),
            description: new.description.clone().filter(|d| !d.trim().is_empty()),
            unit_id: new.unit_id.to_string(),
            grants,
            active: true,
            secret_hash: sha256_hex(&secret),
            secret_rotated_at: now,
            token_version: 1,
            last_used_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(service_accounts::table)
            .values(&row)
            .execute(conn)?;
        let account = row.to_dto()?;
        let location = format!("/api/v1/service-accounts/{}", account.id);
        let (shown, replayed) = secret_once(&account, secret);
        Outcome::created(
            &shown,
            location,
            account.version,
            Change::created(ResourceKind::ServiceAccount, account.id, &account),
        )?
        .replay_as(&replayed)
    })
    .await
}

/// Edit a service account (`If-Match` required). Disabling it, or changing its grants,
/// takes effect on its next request.
#[utoipa::path(
    tag = "service-accounts",
    request_body = ServiceAccountPatch,
    params(
        ("id" = uuid::Uuid, Path, description = "Service account id"),
        ("If-Match" = String, Header, description = "ETag of the version being edited")
    ),
    responses((status = 200, body = ServiceAccount, headers(("ETag" = String))))
)]
#[patch("/service-accounts/{id}")]
async fn update_account(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ServiceAccountsManage>,
    id: PathId,
    body: Json<ServiceAccountPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, _principal| {
        let current = model::find(conn, id.0)?;
        check_version(current.version, expected)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        if let Some(name) = &patch.name {
            next.name = name.trim().to_string();
        }
        if let Some(description) = &patch.description {
            next.description = description.clone().filter(|d| !d.trim().is_empty());
        }
        if let Some(grants) = &patch.grants {
            next.grants = grants_column(grants)?;
        }
        if let Some(active) = patch.active {
            if !active && current.active {
                next.token_version += 1;
            }
            next.active = active;
        }
        versioned_save!(conn, service_accounts, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::ServiceAccount, after.id, &before, &after),
        )
    })
    .await
}

/// Replace the secret. The old secret and every token issued with it stop working.
#[utoipa::path(
    tag = "service-accounts",
    params(("id" = uuid::Uuid, Path, description = "Service account id")),
    responses((status = 200, body = ServiceAccountWithSecret, headers(("ETag" = String))))
)]
#[post("/service-accounts/{id}/rotate-secret")]
async fn rotate_secret(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ServiceAccountsManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let target = id.0;
    ctx.run(&state, &target, move |conn, _principal| {
        let current = model::find(conn, target)?;
        let secret = random_token("cs_").map_err(ApiError::internal)?;
        let now = time::now();
        let mut next = current.clone();
        next.secret_hash = sha256_hex(&secret);
        next.secret_rotated_at = now;
        next.token_version += 1;
        versioned_save!(conn, service_accounts, &mut next, current.version, now)?;
        let account = model::find(conn, target)?.to_dto()?;
        let (shown, replayed) = secret_once(&account, secret);
        Outcome::updated(
            &shown,
            account.version,
            Change::new(
                AuditAction::RotateSecret,
                ResourceKind::ServiceAccount,
                account.id,
            )
            .with_after(&account),
        )?
        .replay_as(&replayed)
    })
    .await
}

/// The answer that shows a new secret, and the one stored for an idempotent replay
/// (without the secret: it is shown once).
fn secret_once(
    account: &ServiceAccount,
    secret: String,
) -> (ServiceAccountWithSecret, ServiceAccountWithSecret) {
    let shown = ServiceAccountWithSecret {
        account: account.clone(),
        client_secret: Some(secret),
    };
    let replayed = ServiceAccountWithSecret {
        account: account.clone(),
        client_secret: None,
    };
    (shown, replayed)
}
