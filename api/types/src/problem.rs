//! RFC 9457 problem details, the one error shape of the whole API.

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Stable machine-readable error codes. Clients match on these, never on `title` or
    /// `detail`, which are human text and may change.
    pub enum ErrorCode {
        /// No route matches the request path.
        RouteNotFound = "route_not_found",
        /// The route exists but not for this HTTP method.
        MethodNotAllowed = "method_not_allowed",
        /// The addressed resource does not exist (or is not visible to the caller).
        NotFound = "not_found",
        /// The request body is not syntactically valid JSON.
        MalformedJson = "malformed_json",
        /// A JSON field has the wrong type or an impossible value.
        InvalidField = "invalid_field",
        /// A required JSON field is missing.
        MissingField = "missing_field",
        /// The body carries a field the endpoint does not accept.
        UnknownField = "unknown_field",
        /// An enumerated field carries a value outside its allowed set.
        UnknownEnumValue = "unknown_enum_value",
        /// A query-string parameter is malformed, unknown or out of range.
        InvalidQuery = "invalid_query",
        /// A path parameter (for example an id that is not a UUID) is malformed.
        InvalidPathParameter = "invalid_path_parameter",
        /// The body is larger than the configured limit.
        PayloadTooLarge = "payload_too_large",
        /// The body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// The body is well-formed but breaks one or more validation rules (see `errors`).
        ValidationFailed = "validation_failed",
        /// The request conflicts with existing data in another way than the two below (for
        /// example a record still referred to by others).
        Conflict = "conflict",
        /// A record with the same unique value (document number, code, login …) already
        /// exists; `errors` names the field.
        Duplicate = "duplicate",
        /// The resource's current state does not allow this action (for example publishing
        /// a record that is no longer a draft, or reporting on a closed plan).
        InvalidState = "invalid_state",
        /// `If-Match` does not match the current version of the resource.
        PreconditionFailed = "precondition_failed",
        /// A conditional header (`If-Match`) is required for this request.
        PreconditionRequired = "precondition_required",
        /// Authentication is missing or invalid.
        Unauthorized = "unauthorized",
        /// The caller is authenticated but may not perform this action.
        Forbidden = "forbidden",
        /// The caller signed in with a temporary password and must set their own first
        /// (`POST /api/v1/me/password`).
        PasswordChangeRequired = "password_change_required",
        /// Too many attempts; retry later.
        TooManyRequests = "too_many_requests",
        /// The same `Idempotency-Key` was reused with a different request.
        IdempotencyKeyReused = "idempotency_key_reused",
        /// The database cannot be reached.
        DatabaseUnavailable = "database_unavailable",
        /// The file store (attachments) cannot be reached.
        StorageUnavailable = "storage_unavailable",
        /// An unexpected server-side failure; the request id identifies it in the logs.
        InternalError = "internal_error",
    }
}

impl ErrorCode {
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
            ErrorCode::PasswordChangeRequired => "Password change required",
            ErrorCode::TooManyRequests => "Too many requests",
            ErrorCode::IdempotencyKeyReused => "Idempotency key reused with a different request",
            ErrorCode::DatabaseUnavailable => "Database unavailable",
            ErrorCode::StorageUnavailable => "File store unavailable",
            ErrorCode::InternalError => "Internal server error",
        }
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
    /// The rule's lower bound, where it has one (`length`: characters or items;
    /// `range`: the value), so that a client can say the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// The rule's upper bound, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
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
            min: None,
            max: None,
        }
    }

    /// With the rule's bounds, so that a client can say the limit.
    pub fn with_bounds(mut self, min: i64, max: i64) -> FieldError {
        self.min = Some(min);
        self.max = Some(max);
        self
    }

    /// The failures of `validator` rules as field errors, one per failed rule, with
    /// paths like `items[3].fine_fen` — the same on the server and in the SPA. An empty
    /// value that fails a minimum length is `required`, not `length`.
    pub fn from_validation(errors: &validator::ValidationErrors) -> Vec<FieldError> {
        let mut out = Vec::new();
        flatten("", errors, &mut out);
        out
    }
}

fn flatten(prefix: &str, errors: &validator::ValidationErrors, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind;
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in fields {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push(from_rule(&path, e));
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

fn from_rule(path: &str, e: &validator::ValidationError) -> FieldError {
    let bound = |name: &str| {
        e.params.get(name).and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_u64().and_then(|u| i64::try_from(u).ok()))
                .or_else(|| v.as_f64().map(|f| f as i64))
        })
    };
    let (min, max) = (bound("min"), bound("max"));
    let empty = match e.params.get("value") {
        Some(serde_json::Value::String(s)) => s.trim().is_empty(),
        Some(serde_json::Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    let code = if e.code == "length" && empty && min.unwrap_or(0) >= 1 {
        "required".to_string()
    } else {
        e.code.to_string()
    };
    let message = match &e.message {
        Some(m) => m.to_string(),
        None => describe(&code, min, max),
    };
    FieldError {
        field: path.to_string(),
        code,
        message,
        min,
        max,
    }
}

fn describe(code: &str, min: Option<i64>, max: Option<i64>) -> String {
    let bounds = |what: &str| match (min, max) {
        (Some(min), Some(max)) => format!("{what} must be between {min} and {max}"),
        (Some(min), None) => format!("{what} must be at least {min}"),
        (None, Some(max)) => format!("{what} must be at most {max}"),
        _ => format!("invalid {what}"),
    };
    match code {
        "length" => bounds("length"),
        "range" => bounds("value"),
        "required" => "is required".into(),
        "email" => "must be an email address".into(),
        "url" => "must be a URL".into(),
        other => format!("fails rule {other}"),
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
