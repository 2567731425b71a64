//! HTTP handlers for users.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::users::{NewUser, PasswordReset, TemporaryPassword, User, UserPatch};
use api_types::ErrorCode;
use diesel::prelude::*;

use super::list::{UserFilter, UserList};
use super::model::{self, check_assignable};
use crate::auth::principal::roles_to_column;
use crate::auth::{password, perm, Authorized, Permission};
use crate::db;
use crate::db::list::UnitScope;
use crate::db::schema::users;
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::auth::sessions::revoke_user_sessions;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_users)
        .service(get_user)
        .service(create_user)
        .service(update_user)
        .service(reset_password)
        .service(issue_temporary_password);
}

/// List users the caller may see (its scope: all units, its subtree, or its unit).
#[utoipa::path(
    tag = "users",
    params(UserFilter, crate::openapi::ListParams<UserFilter>),
    responses((status = 200, body = api_types::Page<User>))
)]
#[get("/users")]
async fn list_users(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::UsersRead>,
    query: ListQuery<UserFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::UsersRead,
            query.filter.unit_id,
        )?;
        db::list::page::<UserList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One user. The `ETag` is its version.
#[utoipa::path(
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "User id")),
    responses((status = 200, body = User))
)]
#[get("/users/{id}")]
async fn get_user(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::UsersRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let user = db::run(&state.pool, move |conn| {
        let row = model::find(conn, id.0)?;
        auth.principal
            .require_unit(conn, Permission::UsersRead, &row.unit_id)?;
        row.to_dto()
    })
    .await?;
    etag::versioned_json(&req, user.version, &user)
}

/// Hashes off the async executor: argon2 takes tens of milliseconds by design.
async fn hash_password(plain: String) -> Result<String, ApiError> {
    web::block(move || password::hash(&plain))
        .await
        .map_err(ApiError::internal)?
}

/// Create a user in a unit within the caller's scope, with roles the caller may assign.
#[utoipa::path(
    tag = "users",
    request_body = NewUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a repeat returns the first response")),
    responses((status = 201, body = User, headers(("ETag" = String), ("Location" = String))))
)]
#[post("/users")]
async fn create_user(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::UsersManage>,
    body: Json<NewUser>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let hash = hash_password(new.password.clone()).await?;
    // The idempotency fingerprint must not keep the password: hash it out.
    let fingerprint = serde_json::json!({
        "login": new.login, "name": new.name, "unit_id": new.unit_id, "roles": new.roles,
        "password_sha256": crate::auth::secrets::sha256_hex(&new.password),
    });
    ctx.run(&state, &fingerprint, move |conn, principal| {
        principal.require_unit(conn, Permission::UsersManage, &new.unit_id.to_string())?;
        check_assignable(principal, &new.roles)?;
        let row = model::create_user(
            conn,
            &new.login,
            &new.name,
            &new.unit_id.to_string(),
            &new.roles,
            hash,
        )?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/users/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::User, dto.id, &dto),
        )
    })
    .await
}

/// Edit a user (`If-Match` required). Moving a user needs scope over both units;
/// disabling ends every session of the user at once.
#[utoipa::path(
    tag = "users",
    request_body = UserPatch,
    params(
        ("id" = uuid::Uuid, Path, description = "User id"),
        ("If-Match" = String, Header, description = "ETag of the version being edited")
    ),
    responses((status = 200, body = User, headers(("ETag" = String))))
)]
#[patch("/users/{id}")]
async fn update_user(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::UsersManage>,
    id: PathId,
    body: Json<UserPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find(conn, id.0)?;
        principal.require_unit(conn, Permission::UsersManage, &current.unit_id)?;
        check_assignable(principal, &current.roles()?)?;
        check_version(current.version, expected)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        if let Some(name) = &patch.name {
            next.name = name.trim().to_string();
        }
        if let Some(unit) = patch.unit_id {
            let unit = unit.to_string();
            if unit != current.unit_id {
                principal.require_unit(conn, Permission::UsersManage, &unit)?;
                let active: Option<bool> = crate::db::schema::units::table
                    .find(&unit)
                    .select(crate::db::schema::units::active)
                    .first(conn)
                    .optional()?;
                if active != Some(true) {
                    return Err(ApiError::rule(
                        "unit_id",
                        "unknown_unit",
                        "no such active unit",
                    ));
                }
                next.unit_id = unit;
            }
        }
        if let Some(roles) = &patch.roles {
            check_assignable(principal, roles)?;
            next.roles = roles_to_column(roles);
        }
        let disabling = patch.active == Some(false) && current.active;
        if let Some(active) = patch.active {
            if !active && current.id == principal.id.to_string() {
                return Err(ApiError::rule(
                    "active",
                    "self_disable",
                    "you cannot disable your own account",
                ));
            }
            next.active = active;
        }
        if disabling {
            next.token_version += 1;
            revoke_user_sessions(conn, &current.id, None, "account_disabled")?;
        }
        versioned_save!(conn, users, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::User, after.id, &before, &after),
        )
    })
    .await
}

/// The one way an administrator replaces another user's password: scope and roles
/// checked, never one's own, every session of the user ended; `temporary` makes the
/// user set their own at the next sign-in.
fn set_password(
    conn: &mut crate::db::DbConnection,
    principal: &crate::auth::Principal,
    id: PathId,
    hash: String,
    temporary: bool,
) -> Result<User, ApiError> {
    let current = model::find(conn, id.0)?;
    principal.require_unit(conn, Permission::UsersManage, &current.unit_id)?;
    check_assignable(principal, &current.roles()?)?;
    if current.id == principal.id.to_string() {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            "change your own password with POST /api/v1/me/password",
        ));
    }
    let mut next = current.clone();
    next.password_hash = hash;
    next.must_change_password = temporary;
    next.token_version += 1;
    versioned_save!(conn, users, &mut next, current.version)?;
    let reason = if temporary {
        "temporary_password"
    } else {
        "password_reset"
    };
    revoke_user_sessions(conn, &current.id, None, reason)?;
    model::find(conn, id.0)?.to_dto()
}

/// Issue a temporary password (generated, shown in this response only): every session
/// of the user ends, and at the next sign-in the user must set their own before
/// anything else (403 `password_change_required` until then).
#[utoipa::path(
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "User id"), ("Idempotency-Key" = Option<String>, Header, description = "Retry key: a repeat returns the account without the password")),
    responses((status = 200, body = TemporaryPassword, headers(("ETag" = String))))
)]
#[post("/users/{id}/temporary-password")]
async fn issue_temporary_password(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::UsersManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let temporary = crate::auth::secrets::temporary_password().map_err(ApiError::internal)?;
    let hash = hash_password(temporary.clone()).await?;
    ctx.run(&state, &(), move |conn, principal| {
        let user = set_password(conn, principal, id, hash, true)?;
        let replayed = TemporaryPassword {
            user: user.clone(),
            temporary_password: None,
        };
        Outcome::updated(
            &TemporaryPassword {
                user: user.clone(),
                temporary_password: Some(temporary),
            },
            user.version,
            Change::new(AuditAction::ResetPassword, ResourceKind::User, user.id)
                .with_after(&serde_json::json!({ "temporary": true, "user": user })),
        )?
        .replay_as(&replayed)
    })
    .await
}

/// Set a new password for a user; every session of the user ends.
#[utoipa::path(
    tag = "users",
    request_body = PasswordReset,
    params(("id" = uuid::Uuid, Path, description = "User id")),
    responses((status = 200, body = User, headers(("ETag" = String))))
)]
#[post("/users/{id}/password")]
async fn reset_password(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::UsersManage>,
    id: PathId,
    body: Json<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let plain = body.0.new_password;
    let fingerprint =
        serde_json::json!({ "password_sha256": crate::auth::secrets::sha256_hex(&plain) });
    let hash = hash_password(plain).await?;
    ctx.run(&state, &fingerprint, move |conn, principal| {
        // A password the administrator chose and handed over replaces a temporary one
        // (it is not itself forced to change).
        let after = set_password(conn, principal, id, hash, false)?;
        Outcome::updated(
            &after,
            after.version,
            Change::new(AuditAction::ResetPassword, ResourceKind::User, after.id)
                .with_after(&after),
        )
    })
    .await
}
