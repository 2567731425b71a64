//! The one way data is written: [`WriteContext::run`]. It authenticates the caller and
//! checks its permission before the body is read, runs the change in one write
//! transaction, appends the audit events in that same transaction (a change with no
//! audit event is refused), and implements `Idempotency-Key` replay for POSTs and
//! `If-Match` for edits.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use api_types::ErrorCode;
use chrono::Duration;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::principal::{client_addr, RequiredPermission};
use crate::auth::{Actor, Principal, Scope};
use crate::db::schema::idempotency_keys;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag::version_tag;
use crate::http::middleware::RequestId;
use crate::resources::audit_events::{self, Change};
use crate::state::AppState;
use crate::time;

/// What the document promises for `Idempotency-Key`: 1–200 printable ASCII characters
/// (spaces inside only).
fn valid_idempotency_key(key: &str) -> bool {
    let printable = |c: char| c.is_ascii_graphic() || c == ' ';
    (1..=200).contains(&key.len())
        && key.chars().all(printable)
        && !key.starts_with(' ')
        && !key.ends_with(' ')
}

/// How long a stored response is replayed for a repeated `Idempotency-Key`.
pub const IDEMPOTENCY_WINDOW_HOURS: i64 = 24;

/// The result of a change, and what to record about it.
#[derive(Debug)]
pub struct Outcome {
    status: StatusCode,
    body: Option<serde_json::Value>,
    /// Stored for replays instead of `body` when the body holds a one-time secret.
    replay_body: Option<serde_json::Value>,
    version: Option<i64>,
    location: Option<String>,
    changes: Vec<Change>,
}

impl Outcome {
    fn with(status: StatusCode, body: &impl Serialize) -> Result<Outcome, ApiError> {
        Ok(Outcome {
            status,
            body: Some(serde_json::to_value(body).map_err(ApiError::internal)?),
            replay_body: None,
            version: None,
            location: None,
            changes: Vec::new(),
        })
    }

    /// 201 with the new resource, its `Location` and `ETag`, recording `change`.
    pub fn created(
        body: &impl Serialize,
        location: String,
        version: i64,
        change: Change,
    ) -> Result<Outcome, ApiError> {
        let mut outcome = Outcome::with(StatusCode::CREATED, body)?;
        outcome.location = Some(location);
        outcome.version = Some(version);
        Ok(outcome.audit(change))
    }

    /// 200 with the changed resource and its new `ETag`, recording `change` (an edit
    /// cannot be answered without its audit event).
    pub fn updated(
        body: &impl Serialize,
        version: i64,
        change: Change,
    ) -> Result<Outcome, ApiError> {
        let mut outcome = Outcome::with(StatusCode::OK, body)?;
        outcome.version = Some(version);
        Ok(outcome.audit(change))
    }

    /// 200 with a body that is not a versioned resource.
    pub fn ok(body: &impl Serialize) -> Result<Outcome, ApiError> {
        Outcome::with(StatusCode::OK, body)
    }

    /// 204.
    pub fn no_content() -> Outcome {
        Outcome {
            status: StatusCode::NO_CONTENT,
            body: None,
            replay_body: None,
            version: None,
            location: None,
            changes: Vec::new(),
        }
    }

    /// Records `change` in the audit trail.
    pub fn audit(mut self, change: Change) -> Outcome {
        self.changes.push(change);
        self
    }

    /// Replays of this response (same `Idempotency-Key`) get `body` instead: used when
    /// the response shows a secret once, which must not be stored.
    pub fn replay_as(mut self, body: &impl Serialize) -> Result<Outcome, ApiError> {
        self.replay_body = Some(serde_json::to_value(body).map_err(ApiError::internal)?);
        Ok(self)
    }

    fn into_response(self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(version) = self.version {
            builder.insert_header((header::ETAG, version_tag(version)));
        }
        if let Some(location) = self.location {
            builder.insert_header((header::LOCATION, location));
        }
        match self.body {
            Some(body) => builder.json(body),
            None => builder.finish(),
        }
    }
}

/// Appends the audit events of one change; a change without any is refused (and its
/// transaction rolled back), so no write goes unrecorded.
fn record(conn: &mut DbConnection, actor: &Actor, changes: &[Change]) -> Result<(), ApiError> {
    if changes.is_empty() {
        return Err(ApiError::internal(
            "a change was made without an audit event",
        ));
    }
    for c in changes {
        audit_events::append(conn, actor, c)?;
    }
    Ok(())
}

/// The write path for changes no HTTP request carries (the `api` commands, the
/// export's own record): runs `change` in one write transaction and records the audit
/// events it returns, as `WriteContext::run` does for requests.
pub fn audited<T>(
    conn: &mut DbConnection,
    actor: &Actor,
    change: impl FnOnce(&mut DbConnection) -> Result<(T, Vec<Change>), ApiError>,
) -> Result<T, ApiError> {
    db::write_transaction(conn, |conn| {
        let (value, changes) = change(conn)?;
        record(conn, actor, &changes)?;
        Ok(value)
    })
}

/// `UPDATE $table SET $changes WHERE id = $id AND version = $expected`: the one
/// optimistic-lock update every versioned resource uses. Fails with 412
/// (`ensure_written`) when another write took the version first.
macro_rules! versioned_update {
    ($conn:expr, $table:ident, $id:expr, $expected:expr, $changes:expr $(,)?) => {{
        use diesel::prelude::*;
        let rows = diesel::update(
            $table::table
                .filter($table::id.eq($id))
                .filter($table::version.eq($expected)),
        )
        .set($changes)
        .execute($conn)?;
        $crate::http::write::ensure_written(rows)
    }};
}
pub(crate) use versioned_update;

/// Writes the whole row `$row` (a `&mut` to a row deriving `AsChangeset`) as the next
/// version after `$expected`: sets its `version` and `updated_at` (now, or `$at`), then
/// `versioned_update!`. Edits change a clone of the current row and save it with this,
/// so no handler lists columns.
macro_rules! versioned_save {
    ($conn:expr, $table:ident, $row:expr, $expected:expr $(,)?) => {
        $crate::http::write::versioned_save!($conn, $table, $row, $expected, $crate::time::now())
    };
    ($conn:expr, $table:ident, $row:expr, $expected:expr, $at:expr $(,)?) => {{
        let row = $row;
        row.version = $expected + 1;
        row.updated_at = $at;
        $crate::http::write::versioned_update!($conn, $table, &row.id, $expected, &*row)
    }};
}
pub(crate) use versioned_save;

/// Everything a write needs about its request: the authorised principal, the actor
/// for the audit trail, `If-Match`, `Idempotency-Key`.
pub struct WriteContext<P> {
    pub principal: Principal,
    /// The principal's scope for the permission `P`.
    pub scope: Scope,
    pub actor: Actor,
    if_match: Option<String>,
    idempotency_key: Option<String>,
    method: Method,
    path: String,
    _permission: PhantomData<P>,
}

impl<P> WriteContext<P> {
    /// The version named by `If-Match`: 428 when missing, 412 when it is not a version
    /// of this API (for example `*`).
    pub fn expected_version(&self) -> Result<i64, ApiError> {
        let raw = self.if_match.as_deref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::PreconditionRequired,
                "send If-Match with the ETag of the version you edited",
            )
        })?;
        let tag = raw.trim().trim_start_matches("W/").trim_matches('"');
        // A day-bound tag (`version_day_tag`) names its version before the dot.
        let version = tag.split_once('.').map_or(tag, |(version, _)| version);
        version.parse::<i64>().map_err(|_| {
            ApiError::new(
                ErrorCode::PreconditionFailed,
                format!("If-Match {raw:?} is not an ETag of this resource"),
            )
        })
    }

    /// The raw `If-Match` value, for resources whose tag is not a row version.
    pub fn if_match_raw(&self) -> Option<String> {
        self.if_match.clone()
    }

    /// Runs `change` in a write transaction with its audit events; see the module
    /// documentation. `body` is what the client sent, for idempotency matching.
    pub async fn run<B, F>(
        self,
        state: &AppState,
        body: &B,
        change: F,
    ) -> Result<HttpResponse, ApiError>
    where
        B: Serialize,
        F: FnOnce(&mut DbConnection, &Principal) -> Result<Outcome, ApiError> + Send + 'static,
    {
        let idempotency = match (&self.idempotency_key, self.method == Method::POST) {
            (Some(key), true) => Some((key.clone(), self.request_hash(body)?)),
            _ => None,
        };
        let principal_id = self.principal.id.to_string();
        let principal = self.principal;
        let actor = self.actor;
        let for_retry = idempotency.clone();
        let tx_principal_id = principal_id.clone();
        let result = db::run_write(&state.pool, move |conn| {
            if let Some((key, hash)) = &idempotency {
                if let Some(replay) = stored_response(conn, &tx_principal_id, key, hash)? {
                    return Ok(Err(replay));
                }
            }
            let outcome = change(conn, &principal)?;
            record(conn, &actor, &outcome.changes)?;
            if let Some((key, hash)) = &idempotency {
                store_response(conn, &tx_principal_id, key, hash, &outcome)?;
            }
            Ok(Ok(outcome))
        })
        .await;
        match (result, for_retry) {
            (Ok(Ok(outcome)), _) => Ok(outcome.into_response()),
            (Ok(Err(replay)), _) => Ok(replay.into_response()),
            // Two requests with one key raced and the other committed first: replay it.
            (Err(err), Some((key, hash))) if err.code == ErrorCode::Duplicate => {
                let replay = db::run(&state.pool, move |conn| {
                    stored_response(conn, &principal_id, &key, &hash)
                })
                .await?;
                replay.map(StoredResponse::into_response).ok_or(err)
            }
            (Err(err), _) => Err(err),
        }
    }

    fn request_hash<B: Serialize>(&self, body: &B) -> Result<String, ApiError> {
        let json = serde_json::to_vec(body).map_err(ApiError::internal)?;
        let mut hasher = Sha256::new();
        hasher.update(self.method.as_str().as_bytes());
        hasher.update(b" ");
        hasher.update(self.path.as_bytes());
        hasher.update(b"\n");
        hasher.update(&json);
        Ok(hex::encode(hasher.finalize()))
    }
}

/// A response kept for replay.
#[derive(Debug, Queryable)]
struct StoredResponse {
    status: i32,
    body: String,
    location: Option<String>,
    etag: Option<String>,
}

impl StoredResponse {
    fn into_response(self) -> HttpResponse {
        let status = u16::try_from(self.status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        let mut builder = HttpResponse::build(status);
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        builder.insert_header(("Idempotent-Replayed", "true"));
        if let Some(location) = self.location {
            builder.insert_header((header::LOCATION, location));
        }
        if let Some(etag) = self.etag {
            builder.insert_header((header::ETAG, etag));
        }
        if self.body.is_empty() {
            builder.finish()
        } else {
            builder.content_type("application/json").body(self.body)
        }
    }
}

/// The stored first response for `key`, or 422 when the key was used for a different
/// request, or `None`.
fn stored_response(
    conn: &mut DbConnection,
    principal_id: &str,
    key: &str,
    hash: &str,
) -> Result<Option<StoredResponse>, ApiError> {
    let cutoff = time::now() - Duration::hours(IDEMPOTENCY_WINDOW_HOURS);
    let row: Option<(String, StoredResponse)> = idempotency_keys::table
        .find((principal_id, key))
        .filter(idempotency_keys::created_at.ge(cutoff))
        .select((
            idempotency_keys::request_hash,
            (
                idempotency_keys::status,
                idempotency_keys::response_body,
                idempotency_keys::location,
                idempotency_keys::etag,
            ),
        ))
        .first(conn)
        .optional()?;
    let Some((stored_hash, stored)) = row else {
        return Ok(None);
    };
    if stored_hash != hash {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was already used for a different request",
        ));
    }
    Ok(Some(stored))
}

fn store_response(
    conn: &mut DbConnection,
    principal_id: &str,
    key: &str,
    hash: &str,
    outcome: &Outcome,
) -> Result<(), ApiError> {
    let now = time::now();
    // Expired keys (and a stale row for this key) make way.
    diesel::delete(
        idempotency_keys::table.filter(
            idempotency_keys::created_at.lt(now - Duration::hours(IDEMPOTENCY_WINDOW_HOURS)),
        ),
    )
    .execute(conn)?;
    let body = outcome
        .replay_body
        .as_ref()
        .or(outcome.body.as_ref())
        .map(|b| b.to_string())
        .unwrap_or_default();
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::principal_id.eq(principal_id),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::status.eq(i32::from(outcome.status.as_u16())),
            idempotency_keys::response_body.eq(body),
            idempotency_keys::location.eq(&outcome.location),
            idempotency_keys::etag.eq(outcome.version.map(version_tag)),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

impl<P: RequiredPermission + 'static> FromRequest for WriteContext<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<WriteContext<P>, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let principal = Principal::from_request(req, payload);
        let request_id = RequestId::from_request(req, payload);
        let trust = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.config.trust_forwarded_for);
        let addr = client_addr(req, trust);
        let header_text = |name: header::HeaderName| -> Result<Option<String>, ApiError> {
            match req.headers().get(&name) {
                None => Ok(None),
                Some(v) => v.to_str().map(|s| Some(s.to_string())).map_err(|_| {
                    ApiError::field(
                        ErrorCode::InvalidField,
                        name.as_str(),
                        "invalid_header",
                        "must be ASCII",
                    )
                }),
            }
        };
        let if_match = header_text(header::IF_MATCH);
        let idempotency_key = header_text(header::HeaderName::from_static("idempotency-key"))
            .and_then(|key| match key {
                Some(k) if !valid_idempotency_key(&k) => Err(ApiError::field(
                    ErrorCode::InvalidField,
                    "Idempotency-Key",
                    "invalid_key",
                    "must be 1–200 printable ASCII characters, not starting or ending with a space",
                )),
                other => Ok(other),
            });
        let method = req.method().clone();
        let path = req.path().to_string();
        Box::pin(async move {
            let principal = principal.await?;
            let scope = principal.require(P::PERMISSION)?;
            let request_id = request_id.await?;
            let actor = Actor::of(&principal, &request_id, &addr);
            Ok(WriteContext {
                principal,
                scope,
                actor,
                if_match: if_match?,
                idempotency_key: idempotency_key?,
                method,
                path,
                _permission: PhantomData,
            })
        })
    }
}

/// 412 unless the row is still at the version the client edited.
pub fn check_version(current: i64, expected: i64) -> Result<(), ApiError> {
    if current == expected {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::PreconditionFailed,
            format!("the resource changed: it is at version {current}, your If-Match names {expected}; reload and retry"),
        )
        .with_header(
            header::ETAG,
            HeaderValue::from_str(&version_tag(current)).unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
        ))
    }
}

/// 412 when a guarded `UPDATE … WHERE version = ?` changed nothing: another writer
/// committed first.
pub fn ensure_written(rows: usize) -> Result<(), ApiError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::PreconditionFailed,
            "the resource was changed by someone else meanwhile; reload and retry",
        ))
    }
}
