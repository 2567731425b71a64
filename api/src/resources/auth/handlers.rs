//! HTTP handlers: login, refresh, logout, service-account tokens, bootstrap, me.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::auth::{
    AccessToken, BootstrapRequest, BootstrapStatus, ClientCredentialsRequest, LoginRequest, Me,
    PasswordChange, RefreshRequest, SessionInfo, SessionsEnded, TokenPair,
};
use api_types::{ErrorCode, Role};
use diesel::prelude::*;

use super::{bootstrap, sessions};
use crate::auth::jwt::{Claims, AUDIENCE, ISSUER};
use crate::auth::principal::client_addr;
use crate::auth::secrets::{constant_time_eq, sha256_hex};
use crate::auth::{password, throttle, Actor, Principal, PrincipalKind};
use crate::db;
use crate::db::schema::{service_accounts, users};
use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::middleware::RequestId;
use crate::http::no_store;
use crate::resources::audit_events::{append, Change};
use crate::resources::units::model as unit_model;
use crate::resources::users::model::{self as user_model, UserRow};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(client_token)
        .service(bootstrap_admin)
        .service(bootstrap_status)
        .service(me)
        .service(change_password)
        .service(my_sessions)
        .service(end_other_sessions);
}

fn bad_credentials() -> ApiError {
    ApiError::new(
        ErrorCode::Unauthorized,
        "the login or the password is incorrect",
    )
}

/// The audit actor for a user acting on their own account.
fn user_actor(user: &UserRow, request_id: &RequestId, addr: &str) -> Actor {
    Actor {
        user_id: Some(user.id.clone()),
        service_account_id: None,
        unit_id: Some(user.unit_id.clone()),
        roles: user.roles.trim_matches(',').to_string(),
        request_id: Some(request_id.0.clone()),
        client_addr: Some(addr.to_string()),
    }
}

fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Sign in with login and password. Wrong login and wrong password get the same
/// answer; repeated failures per login name and per client address are delayed
/// (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, description = "Wrong login or password"), (status = 429, description = "Too many failures; see Retry-After"))
)]
#[post("/auth/login")]
async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        login,
        password: plain,
    } = body.0;
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let keys = [throttle::account_key(&login), throttle::address_key(&addr)];
    let lookup_keys = keys.clone();
    let lookup_login = login.clone();
    let user = db::run(&state.pool, move |conn| {
        throttle::check(conn, &lookup_keys)?;
        user_model::find_by_login(conn, &lookup_login)
    })
    .await?;
    let candidate = user.clone();
    let verified = web::block(move || match &candidate {
        Some(u) => password::verify(&plain, &u.password_hash) && u.active,
        None => {
            password::verify_dummy(&plain);
            false
        }
    })
    .await
    .map_err(ApiError::internal)?;

    let (user, true) = (user, verified) else {
        db::run_write(&state.pool, move |conn| {
            throttle::record_failure(conn, &keys[0], throttle::ACCOUNT_FREE_FAILURES)?;
            throttle::record_failure(conn, &keys[1], throttle::ADDRESS_FREE_FAILURES)
        })
        .await?;
        return Err(bad_credentials());
    };
    let Some(user) = user else {
        return Err(bad_credentials());
    };
    let st = state.clone();
    let agent = user_agent(&req);
    let tokens = db::run_write(&state.pool, move |conn| {
        throttle::clear(conn, &keys[0])?;
        let (session_id, tokens) = sessions::start(
            conn,
            &st.jwt,
            &st.config,
            &user.id,
            user.token_version,
            &addr,
            agent.as_deref(),
        )?;
        diesel::update(users::table.find(&user.id))
            .set(users::last_login_at.eq(time::now()))
            .execute(conn)?;
        let after = serde_json::json!({ "user_id": user.id, "login": user.login });
        append(
            conn,
            &user_actor(&user, &request_id, &addr),
            &Change::new(AuditAction::Login, ResourceKind::Session, session_id).with_after(&after),
        )?;
        Ok(tokens)
    })
    .await?;
    Ok(no_store(actix_web::http::StatusCode::OK, &tokens))
}

/// Exchange a refresh token for a new pair. Each refresh token works once; presenting
/// a used one ends the whole session (all tokens descended from the same sign-in).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, description = "Unknown, expired, revoked or reused token"))
)]
#[post("/auth/refresh")]
async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = body.0.refresh_token;
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let st = state.clone();
    let outcome = db::run_write(&state.pool, move |conn| {
        let result = sessions::rotate(conn, &st.jwt, &st.config, &presented, |conn, user_id| {
            let row: Option<(bool, i64)> = users::table
                .find(user_id)
                .select((users::active, users::token_version))
                .first(conn)
                .optional()?;
            Ok(row.filter(|(active, _)| *active).map(|(_, tv)| tv))
        })?;
        match result {
            sessions::Refreshed::Rotated {
                user_id,
                session_id,
                tokens,
            } => {
                let user = user_model::find(conn, crate::db::stored_uuid(&user_id)?)?;
                append(
                    conn,
                    &user_actor(&user, &request_id, &addr),
                    &Change::new(AuditAction::Refresh, ResourceKind::Session, session_id),
                )?;
                Ok(Some(tokens))
            }
            sessions::Refreshed::ReuseDetected {
                user_id,
                session_id,
            } => {
                let user = user_model::find(conn, crate::db::stored_uuid(&user_id)?)?;
                let change = Change::new(AuditAction::Revoke, ResourceKind::Session, session_id)
                    .with_after(&serde_json::json!({ "reason": "refresh_token_reuse" }));
                append(conn, &user_actor(&user, &request_id, &addr), &change)?;
                Ok(None)
            }
            sessions::Refreshed::Invalid => Ok(None),
        }
    })
    .await?;
    match outcome {
        Some(tokens) => Ok(no_store(actix_web::http::StatusCode::OK, &tokens)),
        None => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "the refresh token is not valid (unknown, expired, revoked or already used); sign in again",
        )),
    }
}

/// End the session a refresh token belongs to. Always 204, even for unknown tokens.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = body.0.refresh_token;
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    db::run_write(&state.pool, move |conn| {
        if let Some((session_id, user_id)) = sessions::session_of(conn, &presented)? {
            if sessions::revoke(conn, &session_id, "logout")? {
                let user = user_model::find(conn, crate::db::stored_uuid(&user_id)?)?;
                append(
                    conn,
                    &user_actor(&user, &request_id, &addr),
                    &Change::new(AuditAction::Logout, ResourceKind::Session, session_id),
                )?;
            }
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Service accounts: exchange client id and secret for an access token.
#[utoipa::path(
    tag = "auth",
    request_body = ClientCredentialsRequest,
    responses((status = 200, body = AccessToken), (status = 401, description = "Unknown client or wrong secret"))
)]
#[post("/auth/token")]
async fn client_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Json<ClientCredentialsRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    if request.grant_type != "client_credentials" {
        return Err(ApiError::field(
            ErrorCode::InvalidField,
            "grant_type",
            "unsupported_grant_type",
            "only client_credentials is supported",
        ));
    }
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let keys = [
        throttle::account_key(&format!("client:{}", request.client_id)),
        throttle::address_key(&addr),
    ];
    let st = state.clone();
    let result = db::run_write(&state.pool, move |conn| {
        throttle::check(conn, &keys)?;
        let account =
            crate::resources::service_accounts::model::find_by_client_id(conn, &request.client_id)?;
        let valid = account.as_ref().filter(|a| {
            a.active && constant_time_eq(&a.secret_hash, &sha256_hex(&request.client_secret))
        });
        let Some(account) = valid else {
            throttle::record_failure(conn, &keys[0], throttle::ACCOUNT_FREE_FAILURES)?;
            throttle::record_failure(conn, &keys[1], throttle::ADDRESS_FREE_FAILURES)?;
            return Ok(None);
        };
        throttle::clear(conn, &keys[0])?;
        diesel::update(service_accounts::table.find(&account.id))
            .set(service_accounts::last_used_at.eq(time::now()))
            .execute(conn)?;
        let now = chrono::Utc::now().timestamp();
        let ttl = i64::try_from(st.config.access_token_ttl.as_secs()).unwrap_or(900);
        let token = st.jwt.issue(&Claims {
            sub: account.id.clone(),
            kind: "service".into(),
            sid: None,
            tv: account.token_version,
            iat: now,
            exp: now + ttl,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        })?;
        let actor = Actor {
            service_account_id: Some(account.id.clone()),
            unit_id: Some(account.unit_id.clone()),
            roles: Role::Integration.as_str().into(),
            request_id: Some(request_id.0.clone()),
            client_addr: Some(addr.clone()),
            ..Actor::default()
        };
        append(
            conn,
            &actor,
            &Change::new(
                AuditAction::IssueToken,
                ResourceKind::ServiceAccount,
                &account.id,
            ),
        )?;
        Ok(Some(token))
    })
    .await?;
    match result {
        Some(token) => Ok(no_store(
            actix_web::http::StatusCode::OK,
            &AccessToken {
                access_token: token,
                token_type: "Bearer".into(),
                expires_in: state.config.access_token_ttl.as_secs(),
            },
        )),
        None => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "the client id or the secret is incorrect",
        )),
    }
}

/// Whether the first administrator can still be created (no users yet): the sign-in
/// page offers the first-run page only then. Public.
#[utoipa::path(tag = "auth", responses((status = 200, body = BootstrapStatus)))]
#[get("/auth/bootstrap")]
async fn bootstrap_status(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let users = db::run(&state.pool, user_model::count).await?;
    Ok(no_store(
        actix_web::http::StatusCode::OK,
        &BootstrapStatus { open: users == 0 },
    ))
}

/// Create the first administrator (only while there are no users) with the one-time
/// bootstrap token; signs them in.
#[utoipa::path(
    tag = "auth",
    request_body = BootstrapRequest,
    responses((status = 201, body = TokenPair), (status = 401, description = "Wrong bootstrap token"), (status = 409, description = "Users exist already"))
)]
#[post("/auth/bootstrap")]
async fn bootstrap_admin(
    req: HttpRequest,
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Json<BootstrapRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let plain = request.password.clone();
    let hash = web::block(move || password::hash(&plain))
        .await
        .map_err(ApiError::internal)??;
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let keys = [throttle::address_key(&addr)];
    let st = state.clone();
    let agent = user_agent(&req);
    let result = db::run_write(&state.pool, move |conn| {
        throttle::check(conn, &keys)?;
        if user_model::count(conn)? > 0 {
            return Err(ApiError::invalid_state(
                "the system already has users; bootstrap is closed",
            ));
        }
        if !bootstrap::accept(conn, &request.bootstrap_token)? {
            throttle::record_failure(conn, &keys[0], throttle::ACCOUNT_FREE_FAILURES)?;
            return Ok(None);
        }
        let user =
            bootstrap::create_first_admin(conn, &request.login, &request.name, hash, &st.config)?;
        let actor = user_actor(&user, &request_id, &addr);
        append(
            conn,
            &actor,
            &Change::created(ResourceKind::User, &user.id, &user.to_dto()?),
        )?;
        let (session_id, tokens) = sessions::start(
            conn,
            &st.jwt,
            &st.config,
            &user.id,
            user.token_version,
            &addr,
            agent.as_deref(),
        )?;
        append(
            conn,
            &actor,
            &Change::new(AuditAction::Login, ResourceKind::Session, session_id),
        )?;
        Ok(Some(tokens))
    })
    .await?;
    match result {
        Some(tokens) => Ok(no_store(actix_web::http::StatusCode::CREATED, &tokens)),
        None => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "the bootstrap token is incorrect",
        )),
    }
}

/// Who is signed in, with their unit and permissions.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me)))]
#[get("/me")]
async fn me(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    let unit_id = principal.unit_id;
    let unit = db::run(&state.pool, move |conn| {
        unit_model::find(conn, unit_id)?.to_dto()
    })
    .await?;
    let body = Me {
        id: principal.id,
        login: principal.login.clone(),
        name: principal.name.clone(),
        unit,
        roles: principal.roles.clone(),
        permissions: principal.permissions(),
        service_account: principal.kind == PrincipalKind::ServiceAccount,
        assignable_roles: principal.assignable_roles(),
        grantable_permissions: principal.grantable_permissions(),
        must_change_password: principal.must_change_password,
    };
    Ok(no_store(actix_web::http::StatusCode::OK, &body))
}

/// Change your own password. Your other sessions end; this one continues.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    responses((status = 204, description = "Changed"), (status = 422, description = "Current password wrong or new one too weak"))
)]
#[post("/me/password")]
async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    request_id: RequestId,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    if principal.kind != PrincipalKind::User {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "service accounts have no password; rotate the secret instead",
        ));
    }
    let PasswordChange {
        current_password,
        new_password,
    } = body.0;
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let key = throttle::account_key(&principal.login);
    let user_id = principal.id;
    let check_key = key.clone();
    let user = db::run(&state.pool, move |conn| {
        throttle::check(conn, std::slice::from_ref(&check_key))?;
        user_model::find(conn, user_id)
    })
    .await?;
    let stored = user.password_hash.clone();
    let (matches, new_hash) = web::block(move || {
        let matches = password::verify(&current_password, &stored);
        let same = current_password == new_password;
        (
            matches,
            if matches && !same {
                Some(password::hash(&new_password))
            } else {
                None
            },
        )
    })
    .await
    .map_err(ApiError::internal)?;
    if !matches {
        db::run_write(&state.pool, move |conn| {
            throttle::record_failure(conn, &key, throttle::ACCOUNT_FREE_FAILURES)
        })
        .await?;
        return Err(ApiError::rule(
            "current_password",
            "incorrect",
            "is not your current password",
        ));
    }
    let Some(new_hash) = new_hash else {
        return Err(ApiError::rule(
            "new_password",
            "unchanged",
            "must differ from the current password",
        ));
    };
    let new_hash = new_hash?;
    let session = principal.session_id.clone();
    db::run_write(&state.pool, move |conn| {
        let now = time::now();
        diesel::update(users::table.find(&user.id))
            .set((
                users::password_hash.eq(&new_hash),
                users::must_change_password.eq(false),
                users::version.eq(user.version + 1),
                users::updated_at.eq(now),
            ))
            .execute(conn)?;
        let ended =
            sessions::revoke_user_sessions(conn, &user.id, session.as_deref(), "password_changed")?;
        let after = serde_json::json!({ "other_sessions_ended": ended });
        append(
            conn,
            &user_actor(&user, &request_id, &addr),
            &Change::new(AuditAction::ChangePassword, ResourceKind::User, &user.id)
                .with_after(&after),
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your signed-in sessions that are still open (this one marked `current`), newest first.
#[utoipa::path(tag = "auth", responses((status = 200, body = Vec<SessionInfo>)))]
#[get("/me/sessions")]
async fn my_sessions(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let user_id = principal.id.to_string();
    let current = principal.session_id.clone();
    let list = db::run(&state.pool, move |conn| {
        sessions::open_sessions(conn, &user_id, current.as_deref())
    })
    .await?;
    Ok(no_store(actix_web::http::StatusCode::OK, &list))
}

/// Sign out everywhere else: every other open session of yours ends at once (lost or
/// shared devices); this one continues.
#[utoipa::path(tag = "auth", responses((status = 200, body = SessionsEnded)))]
#[post("/me/sessions/end-others")]
async fn end_other_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    request_id: RequestId,
) -> Result<HttpResponse, ApiError> {
    if principal.kind != PrincipalKind::User {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "service accounts have no sessions; rotate the secret instead",
        ));
    }
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let user_id = principal.id;
    let keep = principal.session_id.clone();
    let ended = db::run_write(&state.pool, move |conn| {
        let user = user_model::find(conn, user_id)?;
        let ended = sessions::revoke_user_sessions(
            conn,
            &user.id,
            keep.as_deref(),
            "signed_out_elsewhere",
        )?;
        let after = serde_json::json!({ "other_sessions_ended": ended });
        append(
            conn,
            &user_actor(&user, &request_id, &addr),
            &Change::new(AuditAction::Revoke, ResourceKind::Session, &user.id).with_after(&after),
        )?;
        Ok(ended)
    })
    .await?;
    let body = SessionsEnded {
        ended: u64::try_from(ended).unwrap_or(u64::MAX),
    };
    Ok(no_store(actix_web::http::StatusCode::OK, &body))
}
