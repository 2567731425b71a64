//! HTTP plumbing shared by every resource: extractors, ETags, the request middleware,
//! the fallback for unmatched routes, security headers, the SPA and the docs page.

pub mod atom;
pub mod docs;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod middleware;
pub mod security;
pub mod spa;
pub mod write;

/// A JSON answer about the caller (their account, tokens, inbox) that no cache may keep.
pub fn no_store(
    status: actix_web::http::StatusCode,
    body: &impl serde::Serialize,
) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(status)
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body)
}
