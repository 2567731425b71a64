//! What answers when no route matched: 405 when the path exists for another method
//! (told by the OpenAPI document, which is generated from the same router), otherwise a
//! 404 problem for API paths, and the SPA's `index.html` for other paths (see `spa`).

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use api_types::ErrorCode;

use crate::error::ApiError;
use crate::state::AppState;

/// Path templates of every documented operation and their methods.
#[derive(Debug, Clone, Default)]
pub struct RouteIndex {
    routes: Vec<(Vec<Segment>, Vec<Method>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteIndex {
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> RouteIndex {
        let mut routes = Vec::new();
        for (path, item) in &api.paths.paths {
            let segments = path
                .trim_matches('/')
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        Segment::Param
                    } else {
                        Segment::Literal(s.to_string())
                    }
                })
                .collect();
            let mut methods = Vec::new();
            let candidates = [
                (&item.get, Method::GET),
                (&item.post, Method::POST),
                (&item.put, Method::PUT),
                (&item.patch, Method::PATCH),
                (&item.delete, Method::DELETE),
            ];
            for (operation, method) in candidates {
                if operation.is_some() {
                    methods.push(method);
                }
            }
            routes.push((segments, methods));
        }
        RouteIndex { routes }
    }

    /// Methods allowed on `path`, or `None` when no route has this shape.
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<Method>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut found: Option<Vec<Method>> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(seg, part)| match seg {
                    Segment::Literal(lit) => lit == part,
                    Segment::Param => !part.is_empty(),
                });
            if matches {
                found
                    .get_or_insert_with(Vec::new)
                    .extend(methods.iter().cloned());
            }
        }
        found
    }
}

/// The app's default service.
pub async fn not_matched(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    let is_api = path == "/api" || path.starts_with("/api/");
    if is_api {
        if let Some(methods) = state.routes.allowed_methods(path) {
            if !methods.contains(req.method()) {
                let allow = methods
                    .iter()
                    .map(Method::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                let value = HeaderValue::from_str(&allow)
                    .unwrap_or_else(|_| HeaderValue::from_static("GET"));
                return Err(ApiError::new(
                    ErrorCode::MethodNotAllowed,
                    format!(
                        "{} is not supported on {path}; allowed: {allow}",
                        req.method()
                    ),
                )
                .with_header(header::ALLOW, value));
            }
        }
        return Err(ApiError::new(
            ErrorCode::RouteNotFound,
            format!("no API route matches {path}"),
        ));
    }
    crate::http::spa::serve_index_or_404(&req, &state)
}
