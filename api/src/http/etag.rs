//! ETags and conditional GETs.
//!
//! A single resource's ETag is its row version (`"7"`), the same token `If-Match` takes
//! on writes. A list's ETag is a hash of the response body. Both answer `If-None-Match`
//! with 304.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The ETag of a row version.
pub fn version_tag(version: i64) -> String {
    format!("\"{version}\"")
}

/// 200 with the JSON body and its version ETag (or 304 when the client has it).
pub fn versioned_json<T: Serialize>(
    req: &HttpRequest,
    version: i64,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(respond(req, version_tag(version), bytes, StatusCode::OK))
}

/// The ETag of a row version whose representation also depends on the day (derived
/// deadlines): `"7.20261202"`. `If-Match` reads the version before the dot.
pub fn version_day_tag(version: i64, day: chrono::NaiveDate) -> String {
    format!("\"{version}.{}\"", day.format("%Y%m%d"))
}

/// 200 with the JSON body and the ETag `tag` (or 304 when the client has it).
pub fn tagged_json<T: Serialize>(
    req: &HttpRequest,
    tag: String,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(respond(req, tag, bytes, StatusCode::OK))
}

/// 200 with a JSON body whose ETag is a hash of the body (or 304 when the client has it).
pub fn hashed_json<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let tag = format!("\"{}\"", body_hash(&bytes));
    Ok(respond(req, tag, bytes, StatusCode::OK))
}

/// 200 with a versioned resource whose representation also derives from other rows and
/// the day (a milestone's status from its reports, a notice's overdue flag): the ETag is
/// `"<version>.<hash of the body>"`, so `If-None-Match` tracks every change of the body
/// and `If-Match` (which reads the version before the dot) still guards the edit.
pub fn derived_json<T: Serialize>(
    req: &HttpRequest,
    version: i64,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let tag = format!("\"{version}.{}\"", body_hash(&bytes));
    Ok(respond(req, tag, bytes, StatusCode::OK))
}

fn body_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex::encode(&digest[..16])
}

fn respond(req: &HttpRequest, tag: String, body: Vec<u8>, status: StatusCode) -> HttpResponse {
    let etag = HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    if if_none_match_hits(req, &tag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, "private, no-cache"))
            .finish();
    }
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .content_type("application/json")
        .body(body)
}

pub(crate) fn if_none_match_hits(req: &HttpRequest, tag: &str) -> bool {
    let Some(value) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    value
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == tag)
}

/// Marks a public (no sign-in) answer as cacheable by browsers and proxies for a
/// minute.
pub fn public_cache(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("public, max-age=60"),
    );
    response
}
