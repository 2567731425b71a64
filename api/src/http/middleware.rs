//! The one request middleware: assigns the request id, answers 405 for a documented path
//! with another method before any handler runs, turns every non-problem error response
//! (from actix itself) into problem+json, adds the security headers (`security.rs`) and
//! writes the log line.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, ResponseError};
use api_types::problem::PROBLEM_CONTENT_TYPE;
use api_types::Problem;

use crate::error::{code_for_status, problem_response, ApiError};
use crate::state::AppState;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request: the client's `X-Request-Id` when it is sane, otherwise
/// a fresh UUID. Echoed on every response and written to the log and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    fn from_header(value: Option<&HeaderValue>) -> RequestId {
        let given = value
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 128)
            .filter(|v| {
                v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
            });
        match given {
            Some(id) => RequestId(id.to_string()),
            None => RequestId(uuid::Uuid::new_v4().to_string()),
        }
    }
}

impl FromRequest for RequestId {
    type Error = ApiError;
    type Future = std::future::Ready<Result<RequestId, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let id = req
            .extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(uuid::Uuid::new_v4().to_string()));
        std::future::ready(Ok(id))
    }
}

/// See the module documentation.
pub async fn request_middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = RequestId::from_header(req.headers().get(&REQUEST_ID_HEADER));
    req.extensions_mut().insert(request_id.clone());
    let method = req.method().clone();
    // The query string is left out of the log on purpose: it can carry personal data
    // (names typed into search boxes).
    let path = req.path().to_string();

    // 405 before routing, so that no handler (and no authentication) sees a method the
    // path does not have; see `fallback::method_not_allowed`.
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let hsts_max_age = state.as_ref().map_or(0, |s| s.config.hsts_max_age);
    let refused = state
        .as_ref()
        .and_then(|state| crate::http::fallback::method_not_allowed(req.request(), &state.routes));
    let response = match refused {
        Some(err) => req.into_response(err.error_response()),
        None => next.call(req).await?.map_into_boxed_body(),
    };
    let mut response = ensure_problem(response);
    crate::http::security::add_headers(response.headers_mut(), hsts_max_age);
    if let Ok(value) = HeaderValue::from_str(&request_id.0) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let status = response.status();
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let line = format!(
        "{method} {path} {} {millis:.1}ms rid={}",
        status.as_u16(),
        request_id.0
    );
    if status.is_server_error() {
        log::warn!(target: "api::request", "{line}");
    } else {
        log::info!(target: "api::request", "{line}");
    }
    Ok(response)
}

/// Replaces an error response that is not problem+json (actix's plain-text errors) with a
/// problem of the same status.
fn ensure_problem(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE));
    if is_problem {
        return response;
    }
    let code = code_for_status(status);
    let detail = match response.response().error() {
        Some(err) if status.is_client_error() => err.to_string(),
        _ => code.title().to_string(),
    };
    let problem = Problem {
        problem_type: Problem::type_uri(code),
        title: code.title().to_string(),
        status: status.as_u16(),
        detail: Some(detail),
        code,
        errors: Vec::new(),
        extensions: serde_json::Map::new(),
    };
    let allow = response.headers().get(header::ALLOW).cloned();
    let (req, _) = response.into_parts();
    let mut replacement = problem_response(&problem);
    if let Some(allow) = allow {
        replacement.headers_mut().insert(header::ALLOW, allow);
    }
    ServiceResponse::new(req, replacement)
}
