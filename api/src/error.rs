//! The one error type of the API, rendered as RFC 9457 problem+json.

use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use api_types::problem::PROBLEM_CONTENT_TYPE;
use api_types::{ErrorCode, FieldError, Problem};

/// An error answered to the client. Build it with the constructors; every variant of
/// failure maps to one stable [`ErrorCode`].
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    /// Extension members added to the problem document.
    pub extensions: serde_json::Map<String, serde_json::Value>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            extensions: serde_json::Map::new(),
            headers: Vec::new(),
        }
    }

    /// An error about one input field.
    pub fn field(
        code: ErrorCode,
        field: impl Into<String>,
        rule: &str,
        message: impl Into<String>,
    ) -> ApiError {
        let field = field.into();
        let message = message.into();
        ApiError {
            code,
            detail: Some(format!("{field}: {message}")),
            errors: vec![FieldError::new(field, rule, message)],
            extensions: serde_json::Map::new(),
            headers: Vec::new(),
        }
    }

    /// A broken rule about one field (422 `validation_failed`), e.g. a unit that does not
    /// exist or a date out of order.
    pub fn rule(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::rules(vec![FieldError::new(field, code, message)])
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn conflict(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Conflict, detail)
    }

    /// 409 `duplicate`: `field` holds a value another record already has.
    pub fn duplicate(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::field(ErrorCode::Duplicate, field, "duplicate", message)
    }

    /// 409 `invalid_state`: the resource's state does not allow the action.
    pub fn invalid_state(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidState, detail)
    }

    /// Validation failures from `validator`, one entry per failed rule.
    pub fn validation(errors: &validator::ValidationErrors) -> ApiError {
        let mut fields = FieldError::from_validation(errors);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::rules(fields)
    }

    /// Rule violations found by hand-written checks (same shape as [`ApiError::validation`]).
    pub fn rules(errors: Vec<FieldError>) -> ApiError {
        let detail = errors
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        ApiError {
            code: ErrorCode::ValidationFailed,
            detail: Some(detail),
            errors,
            extensions: serde_json::Map::new(),
            headers: Vec::new(),
        }
    }

    /// An unexpected failure. The cause is logged; the client sees only the request id.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        log::error!("internal error: {cause}");
        ApiError::new(
            ErrorCode::InternalError,
            "An unexpected error occurred; quote the X-Request-Id header when reporting it.",
        )
    }

    /// 503: the database is busy with other writers beyond the timeout; the request
    /// may be repeated (`Retry-After: 1`).
    pub fn database_busy() -> ApiError {
        ApiError::new(
            ErrorCode::DatabaseUnavailable,
            "the database is busy with other changes; try again in a moment",
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from_static("1"))
    }

    /// 429: the client should retry after `seconds` (sent as `Retry-After`).
    pub fn too_many_requests(detail: impl Into<String>, seconds: u64) -> ApiError {
        let value = HeaderValue::from_str(&seconds.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("60"));
        ApiError::new(ErrorCode::TooManyRequests, detail)
            .with_header(actix_web::http::header::RETRY_AFTER, value)
    }

    /// Adds an extension member to the problem document.
    pub fn with_extension(mut self, name: &str, value: serde_json::Value) -> ApiError {
        self.extensions.insert(name.to_string(), value);
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> ApiError {
        self.headers.push((name, value));
        self
    }

    pub fn status(&self) -> StatusCode {
        status_of(self.code)
    }

    pub fn to_problem(&self) -> Problem {
        Problem {
            problem_type: Problem::type_uri(self.code),
            title: self.code.title().to_string(),
            status: self.status().as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
            extensions: self.extensions.clone(),
        }
    }
}

/// HTTP status of each code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::RouteNotFound | ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MalformedJson
        | ErrorCode::InvalidField
        | ErrorCode::MissingField
        | ErrorCode::UnknownField
        | ErrorCode::UnknownEnumValue
        | ErrorCode::InvalidQuery
        | ErrorCode::InvalidPathParameter => StatusCode::BAD_REQUEST,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::ValidationFailed | ErrorCode::IdempotencyKeyReused => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ErrorCode::Conflict | ErrorCode::Duplicate | ErrorCode::InvalidState => {
            StatusCode::CONFLICT
        }
        ErrorCode::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
        ErrorCode::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::PasswordChangeRequired => StatusCode::FORBIDDEN,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::DatabaseUnavailable | ErrorCode::StorageUnavailable => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        ErrorCode::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The code used when a response with `status` must be turned into a problem and no
/// more specific code is known (see the problem fallback middleware).
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::NOT_FOUND => ErrorCode::RouteNotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::CONFLICT => ErrorCode::Conflict,
        StatusCode::PRECONDITION_FAILED => ErrorCode::PreconditionFailed,
        StatusCode::PRECONDITION_REQUIRED => ErrorCode::PreconditionRequired,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationFailed,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyRequests,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::DatabaseUnavailable,
        s if s.is_client_error() => ErrorCode::InvalidField,
        _ => ErrorCode::InternalError,
    }
}

/// Renders a problem response.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.detail {
            Some(detail) => write!(f, "{}: {}", self.code, detail),
            None => write!(f, "{}", self.code),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = problem_response(&self.to_problem());
        for (name, value) in &self.headers {
            response.headers_mut().insert(name.clone(), value.clone());
        }
        response
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> ApiError {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => ApiError::new(ErrorCode::NotFound, "resource not found"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                log::info!("unique violation: {}", info.message());
                ApiError::new(
                    ErrorCode::Duplicate,
                    "a record with the same unique value already exists",
                )
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                log::info!("foreign key violation: {}", info.message());
                ApiError::conflict("the record refers to, or is referred to by, another record")
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => ApiError::new(
                ErrorCode::DatabaseUnavailable,
                "the database connection was lost",
            ),
            // SQLite's lock still held by another writer (another process, or a job)
            // after the busy timeout: the request may be repeated.
            Error::DatabaseError(DatabaseErrorKind::Unknown, info)
                if info.message().contains("database is locked") =>
            {
                log::warn!("database busy: {}", info.message());
                ApiError::database_busy()
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(err: r2d2::Error) -> ApiError {
        log::warn!("database pool: {err}");
        ApiError::new(
            ErrorCode::DatabaseUnavailable,
            "the database cannot be reached",
        )
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use api_types::ErrorCode;

    fn sources(dir: &Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).expect("readable source folder") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push_str(&std::fs::read_to_string(&path).expect("readable source file"));
            }
        }
    }

    /// A code nobody returns is a promise in the contract the server does not keep (the
    /// idea is Lemmy's): every variant must be constructed somewhere in the server.
    #[test]
    fn every_error_code_is_used_by_the_server() {
        let mut code = String::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut code,
        );
        let unused: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|c| format!("ErrorCode::{c:?}"))
            .filter(|name| !code.contains(name.as_str()))
            .collect();
        assert!(unused.is_empty(), "error codes never returned: {unused:?}");
    }
}
