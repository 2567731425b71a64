//! RFC 9457 problem details, the one error shape of the whole API.

use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes. Clients match on these, never on `title` or
/// `detail`, which are human text and may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No route matches the request path.
    RouteNotFound,
    /// The route exists but not for this HTTP method.
    MethodNotAllowed,
    /// The addressed resource does not exist (or is not visible to the caller).
    NotFound,
    /// The request body is not syntactically valid JSON.
    MalformedJson,
    /// A JSON field has the wrong type or an impossible value.
    InvalidField,
    /// A required JSON field is missing.
    MissingField,
    /// The body carries a field the endpoint does not accept.
    UnknownField,
    /// An enumerated field carries a value outside its allowed set.
    UnknownEnumValue,
    /// A query-string parameter is malformed, unknown or out of range.
    InvalidQuery,
    /// A path parameter (for example an id that is not a UUID) is malformed.
    InvalidPathParameter,
    /// The body is larger than the configured limit.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is well-formed but breaks one or more validation rules (see `errors`).
    ValidationFailed,
    /// The request conflicts with existing data in another way than the two below (for
    /// example a record still referred to by others).
    Conflict,
    /// A record with the same unique value (document number, code, login …) already
    /// exists; `errors` names the field.
    Duplicate,
    /// The resource's current state does not allow this action (for example publishing
    /// a record that is no longer a draft, or reporting on a closed plan).
    InvalidState,
    /// `If-Match` does not match the current version of the resource.
    PreconditionFailed,
    /// A conditional header (`If-Match`) is required for this request.
    PreconditionRequired,
    /// Authentication is missing or invalid.
    Unauthorized,
    /// The caller is authenticated but may not perform this action.
    Forbidden,
    /// Too many attempts; retry later.
    TooManyRequests,
    /// The same `Idempotency-Key` was reused with a different request.
    IdempotencyKeyReused,
    /// The database cannot be reached.
    DatabaseUnavailable,
    /// An unexpected server-side failure; the request id identifies it in the logs.
    InternalError,
}

impl ErrorCode {
    /// Every code, for documentation and exhaustive tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::RouteNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotFound,
        ErrorCode::MalformedJson,
        ErrorCode::InvalidField,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::UnknownEnumValue,
        ErrorCode::InvalidQuery,
        ErrorCode::InvalidPathParameter,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::ValidationFailed,
        ErrorCode::Conflict,
        ErrorCode::Duplicate,
        ErrorCode::InvalidState,
        ErrorCode::PreconditionFailed,
        ErrorCode::PreconditionRequired,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::TooManyRequests,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::DatabaseUnavailable,
        ErrorCode::InternalError,
    ];

    /// The snake_case wire form, e.g. `route_not_found`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::RouteNotFound => "route_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::UnknownEnumValue => "unknown_enum_value",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::InvalidPathParameter => "invalid_path_parameter",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::PreconditionFailed => "precondition_failed",
            ErrorCode::PreconditionRequired => "precondition_required",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::DatabaseUnavailable => "database_unavailable",
            ErrorCode::InternalError => "internal_error",
        }
    }

    /// Short English title used in the problem's `title` member.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::RouteNotFound => "No such route",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::NotFound => "Resource not found",
            ErrorCode::MalformedJson => "Malformed JSON body",
            ErrorCode::InvalidField => "Invalid field value",
            ErrorCode::MissingField => "Missing required field",
            ErrorCode::UnknownField => "Unknown field",
            ErrorCode::UnknownEnumValue => "Unknown enumeration value",
            ErrorCode::InvalidQuery => "Invalid query parameter",
            ErrorCode::InvalidPathParameter => "Invalid path parameter",
            ErrorCode::PayloadTooLarge => "Request body too large",
            ErrorCode::UnsupportedMediaType => "Unsupported media type",
            ErrorCode::ValidationFailed => "Validation failed",
            ErrorCode::Conflict => "Conflict with existing data",
            ErrorCode::Duplicate => "Duplicate value",
            ErrorCode::InvalidState => "Not allowed in the current state",
            ErrorCode::PreconditionFailed => "Precondition failed",
            ErrorCode::PreconditionRequired => "Precondition required",
            ErrorCode::Unauthorized => "Authentication required",
            ErrorCode::Forbidden => "Forbidden",
            ErrorCode::TooManyRequests => "Too many requests",
            ErrorCode::IdempotencyKeyReused => "Idempotency key reused with a different request",
            ErrorCode::DatabaseUnavailable => "Database unavailable",
            ErrorCode::InternalError => "Internal server error",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field: `name`, `items[3].fine_fen`, or a query/path parameter name.
    pub field: String,
    /// Stable code of the rule that failed, e.g. `required`, `length`, `range`, `invalid_type`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// RFC 9457 problem details (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// URI reference identifying the problem type (documented at `/api/docs#problems`).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine code.
    pub code: ErrorCode,
    /// Per-field problems, when the error concerns input fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extension members of particular problems (RFC 9457 §3.2), e.g. `result` of a
    /// rejected all-or-nothing batch.
    #[serde(flatten, default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    /// The `type` URI used for a code.
    pub fn type_uri(code: ErrorCode) -> String {
        format!("/api/docs#problem-{}", code.as_str())
    }
}

/// The media type of problem responses.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";
