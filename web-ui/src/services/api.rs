//! The one request helper. Every call to `/api/v1` goes through here:
//!
//! - adds `Authorization: Bearer <access token>` for signed-in calls;
//! - on `401` renews the tokens once with the refresh token and retries the call. The
//!   refresh token rotates on every use and presenting a used one ends the session, so
//!   renewals never overlap: one in flight per tab (later callers wait for it) and one at
//!   a time across tabs (Web Locks), re-reading the stored tokens before presenting them;
//! - turns `application/problem+json` answers into [`ApiError::Problem`] whose
//!   per-field `errors` the forms show next to their inputs;
//! - when the session cannot be renewed, clears the tokens and tells the app (which
//!   shows the sign-in page with a "session expired" message).

use std::cell::RefCell;

use api_types::auth::{RefreshRequest, TokenPair};
use api_types::{ErrorCode, FieldError, Problem};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, Response};
use js_sys::{Function, Promise, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use super::tokens::{self, Tokens};
use crate::i18n::Texts;

/// Prefix of every API path.
pub const BASE: &str = "/api/v1";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an RFC 9457 problem.
    Problem {
        problem: Problem,
        /// Seconds from `Retry-After` (429).
        retry_after: Option<u64>,
    },
    /// The server answered with an error status but no problem body.
    Status(u16),
    /// No answer: the network or the server is down.
    Network(String),
    /// A success answer whose body this client does not understand.
    Decode(String),
    /// The session ended and could not be renewed: sign in again.
    SessionExpired,
}

impl ApiError {
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        self.problem().map(|p| p.code)
    }

    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Problem { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The problem's per-field errors (empty for other failures).
    pub fn field_errors(&self) -> &[FieldError] {
        self.problem().map(|p| p.errors.as_slice()).unwrap_or(&[])
    }

    /// One sentence for the user, in the current language.
    pub fn message(&self, t: &Texts) -> String {
        match self {
            ApiError::Problem { problem, .. } => match problem.code {
                ErrorCode::Forbidden => t.err_forbidden.into(),
                ErrorCode::PasswordChangeRequired => t.account_forced.into(),
                ErrorCode::NotFound => t.err_not_found.into(),
                ErrorCode::InternalError
                | ErrorCode::DatabaseUnavailable
                | ErrorCode::StorageUnavailable => t.err_server.into(),
                ErrorCode::PreconditionFailed => t.err_stale.into(),
                ErrorCode::Duplicate => t.err_duplicate.into(),
                ErrorCode::TooManyRequests => (t.err_busy)(self.retry_after().unwrap_or(10)),
                ErrorCode::Conflict | ErrorCode::InvalidState => {
                    let text = if problem.code == ErrorCode::InvalidState {
                        t.err_invalid_state
                    } else {
                        t.err_conflict
                    };
                    // The server's detail is English: shown only in that locale.
                    match &problem.detail {
                        Some(d) if t.shows_server_detail => format!("{text}: {d}"),
                        _ => text.into(),
                    }
                }
                _ if !problem.errors.is_empty() => t.err_check_fields.into(),
                _ => problem
                    .detail
                    .clone()
                    .unwrap_or_else(|| problem.title.clone()),
            },
            ApiError::Status(s) if *s >= 500 => t.err_server.into(),
            ApiError::Status(_) | ApiError::Decode(_) => t.err_unexpected.into(),
            ApiError::Network(_) => t.err_network.into(),
            ApiError::SessionExpired => t.err_session_expired.into(),
        }
    }
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
    Patch,
}

/// What a call sends.
enum Body {
    Json(String),
    /// A file the user chose, sent as it is with its media type.
    File(web_sys::Blob, String),
    /// A `multipart/form-data` form (the browser writes the boundary).
    Form(web_sys::FormData),
}

struct Call<'a> {
    method: Method,
    /// Path below [`BASE`], with its query string.
    path: &'a str,
    body: Option<Body>,
    /// `If-Match` as sent: `"<version>"`, or a tag the server gave.
    if_match: Option<String>,
    /// Signed-in call: send the token, renew it on 401.
    auth: bool,
}

/// Signed-in `GET`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(get_text(path).await?)
}

/// Signed-in `GET` of the body as text (also for bodies that are not JSON, such as an
/// NDJSON export).
pub async fn get_text(path: &str) -> Result<String, ApiError> {
    let call = Call {
        method: Method::Get,
        path,
        body: None,
        if_match: None,
        auth: true,
    };
    body_of(&call).await
}

/// Signed-in `GET` of a binary body (a workbook), with its media type.
pub async fn get_bytes(path: &str) -> Result<(Vec<u8>, String), ApiError> {
    let call = Call {
        method: Method::Get,
        path,
        body: None,
        if_match: None,
        auth: true,
    };
    let response = execute(&call).await?;
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    let media_type = response.headers().get("content-type").unwrap_or_default();
    let bytes = response
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok((bytes, media_type))
}

/// Signed-in `POST` of a file as the request body (`media_type`), with a JSON answer.
pub async fn post_file<T: DeserializeOwned>(
    path: &str,
    file: web_sys::Blob,
    media_type: &str,
) -> Result<T, ApiError> {
    let call = Call {
        method: Method::Post,
        path,
        body: Some(Body::File(file, media_type.to_string())),
        if_match: None,
        auth: true,
    };
    decode(body_of(&call).await?)
}

/// [`post_file`] on a versioned record, with `If-Match: "<version>"` (a report filled
/// from its sheet).
pub async fn post_file_versioned<T: DeserializeOwned>(
    path: &str,
    version: i64,
    file: web_sys::Blob,
    media_type: &str,
) -> Result<T, ApiError> {
    let call = Call {
        method: Method::Post,
        path,
        body: Some(Body::File(file, media_type.to_string())),
        if_match: Some(format!("\"{version}\"")),
        auth: true,
    };
    decode(body_of(&call).await?)
}

/// Signed-in `POST` of `file` as the part `file` of a `multipart/form-data` form (an
/// attachment upload), with a JSON answer.
pub async fn post_attachment<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
) -> Result<T, ApiError> {
    let form = web_sys::FormData::new().map_err(|e| ApiError::Network(format!("{e:?}")))?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|e| ApiError::Network(format!("{e:?}")))?;
    let call = Call {
        method: Method::Post,
        path,
        body: Some(Body::Form(form)),
        if_match: None,
        auth: true,
    };
    decode(body_of(&call).await?)
}

/// Signed-in `GET` of a list with query parameters (empty values are left out).
pub async fn get_list<T: DeserializeOwned>(
    path: &str,
    query: &[(&str, String)],
) -> Result<T, ApiError> {
    get(&with_query(path, query)).await
}

/// `GET` of a public endpoint (`/public/…`): no token is sent, so a signed-out visitor
/// is never sent to the sign-in page.
pub async fn get_public<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let call = Call {
        method: Method::Get,
        path,
        body: None,
        if_match: None,
        auth: false,
    };
    decode(body_of(&call).await?)
}

/// Public `GET` of a list with query parameters (empty values are left out).
pub async fn get_list_public<T: DeserializeOwned>(
    path: &str,
    query: &[(&str, String)],
) -> Result<T, ApiError> {
    get_public(&with_query(path, query)).await
}

/// A signed-in write with a JSON body and `If-Match: "<version>"`.
async fn versioned<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    version: i64,
    body: &B,
) -> Result<T, ApiError> {
    let call = Call {
        method,
        path,
        body: Some(Body::Json(to_json(body)?)),
        if_match: Some(format!("\"{version}\"")),
        auth: true,
    };
    decode(body_of(&call).await?)
}

/// Signed-in `POST` of an action on a versioned record, with `If-Match: "<version>"`.
pub async fn post_versioned<B: Serialize, T: DeserializeOwned>(
    path: &str,
    version: i64,
    body: &B,
) -> Result<T, ApiError> {
    versioned(Method::Post, path, version, body).await
}

/// Signed-in `PUT` (a whole replacement) with `If-Match: "<version>"`.
pub async fn put<B: Serialize, T: DeserializeOwned>(
    path: &str,
    version: i64,
    body: &B,
) -> Result<T, ApiError> {
    versioned(Method::Put, path, version, body).await
}

/// Signed-in `PUT` with `If-Match: <tag>` for resources tagged by content rather than a
/// version number (the working calendar).
pub async fn put_tagged<B: Serialize, T: DeserializeOwned>(
    path: &str,
    tag: &str,
    body: &B,
) -> Result<T, ApiError> {
    let call = Call {
        method: Method::Put,
        path,
        body: Some(Body::Json(to_json(body)?)),
        if_match: Some(tag.to_string()),
        auth: true,
    };
    decode(body_of(&call).await?)
}

/// Signed-in `POST` with a JSON body and a JSON answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let call = Call {
        method: Method::Post,
        path,
        body: Some(Body::Json(to_json(body)?)),
        if_match: None,
        auth: true,
    };
    decode(body_of(&call).await?)
}

/// Signed-in `PATCH` with `If-Match: "<version>"`.
pub async fn patch<B: Serialize, T: DeserializeOwned>(
    path: &str,
    version: i64,
    body: &B,
) -> Result<T, ApiError> {
    versioned(Method::Patch, path, version, body).await
}

/// `POST` without a token (sign-in, first-run setup, the public discretion calculator).
pub async fn post_public<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let call = Call {
        method: Method::Post,
        path,
        body: Some(Body::Json(to_json(body)?)),
        if_match: None,
        auth: false,
    };
    decode(body_of(&call).await?)
}

/// Ends the session on the server (best effort) and forgets the tokens.
pub async fn logout() {
    if let Some(t) = tokens::load() {
        let body = RefreshRequest {
            refresh_token: t.refresh,
        };
        if let Ok(json) = to_json(&body) {
            let call = Call {
                method: Method::Post,
                path: "/auth/logout",
                body: Some(Body::Json(json)),
                if_match: None,
                auth: false,
            };
            let _ = send_once(&call, None).await;
        }
    }
    tokens::clear();
}

/// `path?query` with the non-empty parameters, form-encoded.
pub fn with_query(path: &str, query: &[(&str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = query
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    if pairs.is_empty() {
        return path.to_string();
    }
    match serde_urlencoded::to_string(&pairs) {
        Ok(q) => format!("{path}?{q}"),
        Err(_) => path.to_string(),
    }
}

thread_local! {
    static ON_EXPIRED: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
    static REFRESHING: RefCell<Option<Shared<LocalBoxFuture<'static, Refreshed>>>> =
        const { RefCell::new(None) };
}

/// Registers what happens when the session cannot be renewed (set by the app).
pub fn on_session_expired(callback: Callback<()>) {
    ON_EXPIRED.with(|slot| *slot.borrow_mut() = Some(callback));
}

fn session_expired() -> ApiError {
    tokens::clear();
    if let Some(cb) = ON_EXPIRED.with(|slot| slot.borrow().clone()) {
        cb.emit(());
    }
    ApiError::SessionExpired
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))
}

async fn send_once(call: &Call<'_>, access: Option<&str>) -> Result<Response, ApiError> {
    let url = format!("{BASE}{}", call.path);
    let mut builder = match call.method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
        Method::Patch => Request::patch(&url),
    }
    .header("Accept", "application/json");
    if let Some(token) = access {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(tag) = &call.if_match {
        builder = builder.header("If-Match", tag);
    }
    let sent = match &call.body {
        Some(Body::Json(json)) => {
            builder
                .header("Content-Type", "application/json")
                .body(json.clone())
                .map_err(|e| ApiError::Network(e.to_string()))?
                .send()
                .await
        }
        Some(Body::File(blob, media_type)) => {
            builder
                .header("Content-Type", media_type)
                .body(wasm_bindgen::JsValue::from(blob.clone()))
                .map_err(|e| ApiError::Network(e.to_string()))?
                .send()
                .await
        }
        Some(Body::Form(form)) => {
            builder
                .body(wasm_bindgen::JsValue::from(form.clone()))
                .map_err(|e| ApiError::Network(e.to_string()))?
                .send()
                .await
        }
        None => builder.send().await,
    };
    sent.map_err(|e| ApiError::Network(e.to_string()))
}

/// Sends a call; for signed-in calls renews the tokens once on 401 and retries.
async fn execute(call: &Call<'_>) -> Result<Response, ApiError> {
    if !call.auth {
        return send_once(call, None).await;
    }
    let Some(used) = tokens::load() else {
        return Err(session_expired());
    };
    let response = send_once(call, Some(&used.access)).await?;
    if response.status() != 401 {
        return Ok(response);
    }
    renew(&used).await?;
    let Some(fresh) = tokens::load() else {
        return Err(session_expired());
    };
    let response = send_once(call, Some(&fresh.access)).await?;
    if response.status() == 401 {
        return Err(session_expired());
    }
    Ok(response)
}

#[derive(Debug, Clone, PartialEq)]
enum Refreshed {
    Done,
    Rejected,
    Failed(String),
}

/// Renews the tokens after `used.access` was refused, sharing one renewal among all
/// the calls that were refused together.
async fn renew(used: &Tokens) -> Result<(), ApiError> {
    match tokens::load() {
        // Renewed meanwhile (by another call or another tab): just retry.
        Some(current) if current.access != used.access => return Ok(()),
        Some(_) => {}
        None => return Err(session_expired()),
    }
    let refused = used.refresh.clone();
    let shared = REFRESHING.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| {
                async move {
                    let outcome = with_tab_lock(refused).await;
                    REFRESHING.with(|slot| slot.borrow_mut().take());
                    outcome
                }
                .boxed_local()
                .shared()
            })
            .clone()
    });
    match shared.await {
        Refreshed::Done => Ok(()),
        Refreshed::Rejected => Err(session_expired()),
        Refreshed::Failed(e) => Err(ApiError::Network(e)),
    }
}

const LOCK_NAME: &str = "enforcement.refresh";

/// Runs the renewal under the browser-wide lock `LOCK_NAME` (Web Locks API) so that two
/// tabs never present the same refresh token; without that API, runs it directly.
async fn with_tab_lock(refused: String) -> Refreshed {
    let Some(request) = lock_request() else {
        return refresh_tokens(refused).await;
    };
    let (locks, request) = request;
    let task = Closure::once(move |_lock: JsValue| -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            Ok(match refresh_tokens(refused).await {
                Refreshed::Done => JsValue::from_f64(0.0),
                Refreshed::Rejected => JsValue::from_f64(1.0),
                Refreshed::Failed(e) => JsValue::from_str(&e),
            })
        })
    });
    let promise = match request.call2(&locks, &JsValue::from_str(LOCK_NAME), task.as_ref()) {
        Ok(p) => p.unchecked_into::<Promise>(),
        Err(_) => return Refreshed::Failed("navigator.locks.request failed".into()),
    };
    let result = JsFuture::from(promise).await;
    drop(task);
    match result {
        Ok(v) if v.as_f64() == Some(0.0) => Refreshed::Done,
        Ok(v) if v.as_f64() == Some(1.0) => Refreshed::Rejected,
        Ok(v) => Refreshed::Failed(v.as_string().unwrap_or_default()),
        Err(_) => Refreshed::Failed("lock failed".into()),
    }
}

/// `navigator.locks` and its `request` function, when the browser has them.
fn lock_request() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok()?;
    let request = request.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// Presents the stored refresh token, unless the stored one is no longer the one that
/// was refused (another tab renewed it already).
async fn refresh_tokens(refused: String) -> Refreshed {
    let Some(stored) = tokens::load() else {
        return Refreshed::Rejected;
    };
    if stored.refresh != refused {
        return Refreshed::Done;
    }
    let body = RefreshRequest {
        refresh_token: stored.refresh.clone(),
    };
    let Ok(json) = to_json(&body) else {
        return Refreshed::Rejected;
    };
    let call = Call {
        method: Method::Post,
        path: "/auth/refresh",
        body: Some(Body::Json(json)),
        if_match: None,
        auth: false,
    };
    match send_once(&call, None).await {
        Err(e) => Refreshed::Failed(format!("{e:?}")),
        Ok(r) if r.ok() => match r.json::<TokenPair>().await {
            Ok(pair) => {
                tokens::store(&pair);
                Refreshed::Done
            }
            Err(e) => Refreshed::Failed(e.to_string()),
        },
        Ok(r) if r.status() < 500 => Refreshed::Rejected,
        Ok(r) => Refreshed::Failed(format!("status {}", r.status())),
    }
}

/// Sends a call (with the token and its renewal when signed in) and reads the body of a
/// success answer. Not generic, so that the request code exists once whatever the type
/// of the answer.
async fn body_of(call: &Call<'_>) -> Result<String, ApiError> {
    let response = execute(call).await?;
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// The answer's JSON as `T` (an empty body as `null`, so that `()` works for 204).
fn decode<T: DeserializeOwned>(text: String) -> Result<T, ApiError> {
    let text = if text.is_empty() { "null" } else { &text };
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

async fn problem_of(response: Response) -> ApiError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    match response.text().await {
        Ok(text) => match serde_json::from_str::<Problem>(&text) {
            Ok(problem) => ApiError::Problem {
                problem,
                retry_after,
            },
            Err(_) => ApiError::Status(status),
        },
        Err(_) => ApiError::Status(status),
    }
}
