//! Request extractors that turn every kind of bad input into a problem naming the field:
//! JSON bodies, list query strings and UUID path parameters. Handlers use these instead
//! of actix's own `Json`, `Query` and `Path`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use api_types::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use validator::Validate;

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON request body: content type checked, size limited (`MAX_BODY_BYTES`), decoded
/// with the path of any offending field, unknown fields rejected by the DTO, then
/// validated with `validator`.
pub struct Json<T>(pub T);

impl<T> FromRequest for Json<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Json<T>, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (limit, declared_length) = body_limits(req);
        let content_type_ok = is_json_content_type(req);
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "the request body must be sent as application/json",
                ));
            }
            let body = read_body(&mut payload, limit, declared_length).await?;
            let value: T = decode_json(&body)?;
            value.validate().map_err(|e| ApiError::validation(&e))?;
            Ok(Json(value))
        })
    }
}

/// The body's declared length and the configured limit of a request.
fn body_limits(req: &HttpRequest) -> (usize, Option<usize>) {
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.max_body_bytes)
        .unwrap_or(crate::config::defaults::MAX_BODY_BYTES);
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    (limit, declared_length)
}

/// Reads the whole body, refusing it (413) once it passes `limit` bytes.
async fn read_body(
    payload: &mut Payload,
    limit: usize,
    declared_length: Option<usize>,
) -> Result<web::BytesMut, ApiError> {
    if declared_length.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(
                ErrorCode::MalformedJson,
                format!("the request body could not be read: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An uploaded file sent as the raw request body (size limited like [`Json`]). What it
/// is gets told from its bytes by whoever reads it, never from the declared type.
pub struct Upload(pub web::Bytes);

impl FromRequest for Upload {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Upload, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (limit, declared_length) = body_limits(req);
        let mut payload = payload.take();
        Box::pin(async move {
            let body = read_body(&mut payload, limit, declared_length).await?;
            if body.is_empty() {
                return Err(ApiError::rule(
                    "file",
                    "required",
                    "send the file as the request body",
                ));
            }
            Ok(Upload(body.freeze()))
        })
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("the request body exceeds the limit of {limit} bytes"),
    )
}

fn is_json_content_type(req: &HttpRequest) -> bool {
    let Some(value) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Decodes JSON, mapping serde's error to a problem that names the field. A whole
/// number written with a fraction (`57.0`) is an integer in JSON Schema, so it is read as
/// one before the DTO sees it.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => return Err(json_error("", &err)),
    };
    whole_numbers_as_integers(&mut value);
    match serde_path_to_error::deserialize(value) {
        Ok(value) => Ok(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            Err(json_error(&path, &inner))
        }
    }
}

/// Rewrites every float with no fractional part (within ±2^53, where floats are exact)
/// as an integer.
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() <= EXACT {
                    // Within ±2^53 the conversion is exact.
                    #[allow(clippy::cast_possible_truncation)]
                    let whole = f as i64;
                    *value = serde_json::Value::from(whole);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

fn json_error(path: &str, err: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    let message = strip_position(&err.to_string());
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {message}"),
        ),
        Category::Data => data_error(path, &message),
    }
}

/// Classifies a serde "data" error (wrong type, unknown variant, missing or unknown field).
fn data_error(path: &str, message: &str) -> ApiError {
    let path = if path == "." { "" } else { path };
    if let Some(name) = backticked_after(message, "missing field ") {
        let field = join_path(path, &name);
        return ApiError::field(ErrorCode::MissingField, field, "required", "is required");
    }
    if let Some(name) = backticked_after(message, "unknown field ") {
        // The path already ends with the unknown field's name.
        let field = if path.ends_with(&name) {
            path.to_string()
        } else {
            join_path(path, &name)
        };
        return ApiError::field(
            ErrorCode::UnknownField,
            field,
            "unknown_field",
            "is not accepted by this endpoint",
        );
    }
    if message.starts_with("unknown variant") {
        return ApiError::field(
            ErrorCode::UnknownEnumValue,
            non_empty(path),
            "unknown_enum_value",
            message,
        );
    }
    ApiError::field(
        ErrorCode::InvalidField,
        non_empty(path),
        "invalid_type",
        message,
    )
}

fn non_empty(path: &str) -> String {
    if path.is_empty() {
        "(body)".to_string()
    } else {
        path.to_string()
    }
}

fn join_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn backticked_after(message: &str, marker: &str) -> Option<String> {
    let rest = message.strip_prefix(marker)?;
    let rest = rest.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Filters of one list endpoint: deserialised from the query string (minus the common
/// paging parameters) with unknown parameters rejected.
pub trait ListFilter: DeserializeOwned {
    /// Fields the list may be sorted by (`sort=name`, `sort=-name`).
    const SORT_FIELDS: &'static [&'static str];
    /// Sort used when the client names none.
    const DEFAULT_SORT: &'static str;
}

/// A sort order: field and direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: &'static str,
    pub descending: bool,
}

/// The common list parameters (`page`, `per_page`, `updated_since`, `sort`) plus the
/// endpoint's own filters `F`.
#[derive(Debug, Clone)]
pub struct ListQuery<F> {
    pub page: u32,
    pub per_page: u32,
    /// Inclusive lower bound on `updated_at`, for incremental sync.
    pub updated_since: Option<DateTime<Utc>>,
    pub sort: Sort,
    pub filter: F,
}

impl<F> ListQuery<F> {
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }

    pub fn page_of<T>(&self, items: Vec<T>, total: i64) -> api_types::Page<T> {
        api_types::Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            page: self.page,
            per_page: self.per_page,
        }
    }
}

impl<F: ListFilter> ListQuery<F> {
    /// Parses a raw query string.
    pub fn parse(query: &str) -> Result<ListQuery<F>, ApiError> {
        let mut page = 1u32;
        let mut per_page = DEFAULT_PER_PAGE;
        let mut updated_since = None;
        let mut sort_param: Option<String> = None;
        let mut rest = form_urlencoded::Serializer::new(String::new());
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "page" => page = parse_bounded("page", &value, 1, u32::MAX)?,
                "per_page" => per_page = parse_bounded("per_page", &value, 1, MAX_PER_PAGE)?,
                "updated_since" => {
                    let at = DateTime::parse_from_rfc3339(&value).map_err(|_| {
                        query_error(
                            "updated_since",
                            "must be an RFC 3339 timestamp, e.g. 2026-05-01T00:00:00Z",
                        )
                    })?;
                    updated_since = Some(at.with_timezone(&Utc));
                }
                "sort" => sort_param = Some(value.into_owned()),
                _ => {
                    rest.append_pair(&key, &value);
                }
            }
        }
        let sort = match sort_param {
            Some(s) => parse_sort::<F>(&s)?,
            // Incremental sync reads in the order rows changed.
            None if updated_since.is_some() => Sort {
                field: "updated_at",
                descending: false,
            },
            None => parse_sort::<F>(F::DEFAULT_SORT)?,
        };
        let rest = rest.finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(rest.as_bytes()));
        let filter: F = serde_path_to_error::deserialize(de).map_err(query_decode_error)?;
        Ok(ListQuery {
            page,
            per_page,
            updated_since,
            sort,
            filter,
        })
    }
}

fn parse_sort<F: ListFilter>(value: &str) -> Result<Sort, ApiError> {
    let (name, descending) = match value.strip_prefix('-') {
        Some(name) => (name, true),
        None => (value, false),
    };
    let allowed = F::SORT_FIELDS.iter().chain(["updated_at"].iter());
    for field in allowed {
        if *field == name {
            return Ok(Sort { field, descending });
        }
    }
    let mut names: Vec<&str> = F::SORT_FIELDS.to_vec();
    names.push("updated_at");
    Err(query_error(
        "sort",
        &format!(
            "unknown sort field {name:?}; allowed: {} (prefix - for descending)",
            names.join(", ")
        ),
    ))
}

fn parse_bounded(name: &str, value: &str, min: u32, max: u32) -> Result<u32, ApiError> {
    match value.parse::<u32>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(query_error(
            name,
            &format!("must be a whole number from {min} to {max}"),
        )),
    }
}

/// A query string that does not decode: the problem names the parameter (an unknown
/// one, or the one whose value is wrong).
fn query_decode_error(err: serde_path_to_error::Error<serde::de::value::Error>) -> ApiError {
    let path = err.path().to_string();
    let message = err.into_inner().to_string();
    let field = backticked_after(&message, "unknown field ")
        .or_else(|| (path != "." && !path.is_empty()).then_some(path))
        .unwrap_or_else(|| "(query)".into());
    query_error(&field, &message)
}

fn query_error(field: &str, message: &str) -> ApiError {
    ApiError::field(ErrorCode::InvalidQuery, field, "invalid_query", message)
}

impl<F: ListFilter + 'static> FromRequest for ListQuery<F> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<ListQuery<F>, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(ListQuery::parse(req.query_string()))
    }
}

/// Query parameters of a non-list endpoint, decoded with unknown parameters rejected
/// (the target type should use `#[serde(deny_unknown_fields)]`).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Query<T>, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = req.query_string();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        let result = serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(query_decode_error);
        std::future::ready(result)
    }
}

/// The `{id}` path parameter, a UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathId(pub Uuid);

impl PathId {
    /// Parses a named path parameter of `req` as a UUID.
    pub fn from_param(req: &HttpRequest, name: &str) -> Result<Uuid, ApiError> {
        let raw = req.match_info().get(name).unwrap_or_default();
        Uuid::parse_str(raw).map_err(|_| {
            ApiError::field(
                ErrorCode::InvalidPathParameter,
                name,
                "invalid_uuid",
                format!("{raw:?} is not a UUID"),
            )
        })
    }
}

impl FromRequest for PathId {
    type Error = ApiError;
    type Future = std::future::Ready<Result<PathId, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(PathId::from_param(req, "id").map(PathId))
    }
}

/// A year within 2000–2100, else `code` (a bad body, query or path) naming `field`.
pub fn check_year(year: i32, field: &str, code: ErrorCode) -> Result<(), ApiError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(ApiError::field(
            code,
            field,
            "range",
            "must be a year from 2000 to 2100",
        ))
    }
}

/// The `{year}` of a path (`/training-requirements/2026`), 2000–2100.
pub fn path_year(path: &str) -> Result<i32, ApiError> {
    let year: i32 = path.parse().map_err(|_| {
        ApiError::field(
            ErrorCode::InvalidPathParameter,
            "year",
            "invalid_year",
            "must be a year",
        )
    })?;
    check_year(year, "year", ErrorCode::InvalidPathParameter)?;
    Ok(year)
}
