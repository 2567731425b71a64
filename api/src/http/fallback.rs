//! What answers when no route matched: 405 when the path exists for another method
//! (told by the OpenAPI document, which is generated from the same router), otherwise a
//! 404 problem for API paths, and the SPA's `index.html` for other paths (see `spa`).
//!
//! The 405 is also given before routing, by the request middleware ([`method_not_allowed`]):
//! otherwise `PATCH /plans/import` (a POST-only path) would reach the `PATCH /plans/{id}`
//! handler and answer 401 or 400 instead. As in OpenAPI, a literal segment takes
//! precedence over a template parameter (`/plans/import` over `/plans/{id}`), and a
//! parameter with a literal suffix over a bare one (`/reports/{id}:xlsx` over
//! `/reports/{id}`).

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
    /// A parameter followed by a literal, as in `{id}:xlsx`.
    ParamWithSuffix(String),
}

impl Segment {
    /// How specific the segment is: a literal beats a parameter with a suffix, which
    /// beats a bare parameter.
    fn rank(&self) -> u8 {
        match self {
            Segment::Literal(_) => 2,
            Segment::ParamWithSuffix(_) => 1,
            Segment::Param => 0,
        }
    }
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
                    } else if let (true, Some((_, suffix))) =
                        (s.starts_with('{'), s.split_once('}'))
                    {
                        Segment::ParamWithSuffix(suffix.to_string())
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

    /// Methods allowed on `path`, or `None` when no route has this shape. Only the most
    /// specific templates count: at the first segment where matching templates differ,
    /// a literal beats a parameter.
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<Method>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut best: Option<(Vec<u8>, Vec<Method>)> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(seg, part)| match seg {
                    Segment::Literal(lit) => lit == part,
                    Segment::Param => !part.is_empty(),
                    Segment::ParamWithSuffix(suffix) => {
                        part.len() > suffix.len() && part.ends_with(suffix.as_str())
                    }
                });
            if !matches {
                continue;
            }
            // Compared left to right: the more specific segment first.
            let rank: Vec<u8> = segments.iter().map(Segment::rank).collect();
            match &mut best {
                Some((best_rank, best_methods)) if *best_rank == rank => {
                    best_methods.extend(methods.iter().cloned());
                }
                Some((best_rank, _)) if *best_rank > rank => {}
                _ => best = Some((rank, methods.clone())),
            }
        }
        best.map(|(_, methods)| methods)
    }
}

/// The 405 for an API request whose path is documented but not for its method, `None`
/// for every other request. Used before routing and by [`not_matched`].
pub fn method_not_allowed(req: &HttpRequest, routes: &RouteIndex) -> Option<ApiError> {
    let path = req.path();
    if !(path == "/api" || path.starts_with("/api/")) {
        return None;
    }
    let methods = routes.allowed_methods(path)?;
    if methods.contains(req.method()) {
        return None;
    }
    let allow = methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let value = HeaderValue::from_str(&allow).unwrap_or_else(|_| HeaderValue::from_static("GET"));
    Some(
        ApiError::new(
            ErrorCode::MethodNotAllowed,
            format!(
                "{} is not supported on {path}; allowed: {allow}",
                req.method()
            ),
        )
        .with_header(header::ALLOW, value),
    )
}

/// The app's default service.
pub async fn not_matched(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    let is_api = path == "/api" || path.starts_with("/api/");
    if is_api {
        if let Some(err) = method_not_allowed(&req, &state.routes) {
            return Err(err);
        }
        return Err(ApiError::new(
            ErrorCode::RouteNotFound,
            format!("no API route matches {path}"),
        ));
    }
    crate::http::spa::serve_index_or_404(&req, &state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_segment_takes_precedence_over_a_parameter() {
        let routes = RouteIndex::from_openapi(&crate::openapi());
        let methods = |p: &str| routes.allowed_methods(p).unwrap_or_default();
        assert_eq!(methods("/api/v1/plans/import"), vec![Method::POST]);
        assert_eq!(methods("/api/v1/units/tree"), vec![Method::GET]);
        let mut unit = methods("/api/v1/units/0190a5c4-0000-7000-8000-000000000000");
        unit.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        assert_eq!(unit, vec![Method::GET, Method::PATCH]);
        assert_eq!(routes.allowed_methods("/api/v1/nowhere"), None);
        // `{id}:import` is its own path, more specific than `{id}`.
        let id = "0190a5c4-0000-7000-8000-000000000000";
        assert_eq!(
            methods(&format!("/api/v1/statistics/reports/{id}:import")),
            vec![Method::POST]
        );
        assert_eq!(
            methods(&format!("/api/v1/statistics/reports/{id}:xlsx")),
            vec![Method::GET]
        );
        let mut report = methods(&format!("/api/v1/statistics/reports/{id}"));
        report.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        assert_eq!(report, vec![Method::GET, Method::PATCH]);
    }
}
