//! The OpenAPI document. Paths come from the router itself (utoipa-actix-web collects
//! them as routes are registered), so the document cannot miss a route.

use api_types::page::MAX_PER_PAGE;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{ContentBuilder, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::http::extract::ListFilter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Enforcement capability platform API",
        description = "REST API of the municipal urban-management law-enforcement bureau's capability improvement work plan (城管执法能力提升工作方案). Errors are RFC 9457 problem+json with a stable `code`; lists take `page`, `per_page`, `sort` and `updated_since`.",
        license(name = "MIT")
    ),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Signing in, tokens, the signed-in principal"),
        (name = "units", description = "Organisation units (城管执法局, 局属部门, 县市区城管执法局, 大队/分局)"),
        (name = "users", description = "User accounts and their roles"),
        (name = "service-accounts", description = "Accounts of other government systems"),
        (name = "attachments", description = "Files attached to records (evidence, materials): type sniffed from the bytes, SHA-256 kept, never deleted"),
        (name = "webhooks", description = "Events of the audit trail pushed to other systems (Standard Webhooks)"),
        (name = "audit", description = "The hash-chained audit trail"),
        (name = "plans", description = "Work plans, tasks, milestones and units' implementation items"),
        (name = "progress-reports", description = "Units' progress reports and their review"),
        (name = "major-decisions", description = "Major administrative decisions and the steps of their procedure"),
        (name = "risk-assessments", description = "Risk assessments of major enforcement activities: risks scored, signed off, approved at high risk"),
        (name = "statistics", description = "Enforcement statistics: versioned report templates, county bureaus' periodic reports reconciled with their disclosures, review, the region table"),
        (name = "question-bank", description = "The question bank (题库): categories, questions of five kinds with kept revisions, spreadsheet import and export"),
        (name = "quizzes", description = "Legal-knowledge quizzes and exams (学法考试): study plans, sessions, attempts graded by the server, results by unit, item analysis, the wrong-answer book"),
        (name = "training", description = "Training (培训): events and their sessions with credit hours, enrolment with a waitlist, attendance by roster or rotating check-in code, each person's hours against the annual requirement"),
        (name = "contests", description = "Contests (竞赛): criteria as data, entries by units with files, blind scoring by a panel that never judges its own unit, trimmed means, ranks with ties and awards, published results"),
        (name = "degrees", description = "In-service degrees (在职学历教育): recorded by the officer with the certificate, verified or returned by the personnel office, rewards"),
        (name = "cases", description = "Typical cases (以案释法): units submit one to two a quarter, 政策法规科 returns or accepts them with the masked text, compiles and publishes the quarterly bulletin"),
        (name = "case-outcomes", description = "Reconsiderations and suits of penalty decisions (pushed idempotently by other systems), the marks they leave on public records and the veto events they raise"),
        (name = "assessment", description = "Scoring rules as versioned data, case-file reviews (案卷评查), assessment runs with the yearly veto (执法考评) and the monthly notices drafted from them"),
        (name = "legal-archive", description = "Each person's legal archive (法制档案): training hours by year, quiz and exam results, contest results and degrees, as each capability records them"),
        (name = "supervision", description = "Supervision board, to-do lists and supervision notices (督办)"),
        (name = "disclosure", description = "Penalty result disclosure (行政处罚结果公开) and the working-day calendar"),
        (name = "power-list", description = "The power and responsibility list (权力清单/责任清单) and its adjustments"),
        (name = "discretion", description = "Discretion benchmarks (裁量权基准) and the calculator"),
        (name = "exports", description = "Whole resources as NDJSON with a manifest, for auditors and other systems"),
        (name = "public", description = "Public endpoints: no sign-in, personal data masked")
    ),
    components(schemas(
        api_types::Problem,
        api_types::FieldError,
        api_types::ErrorCode,
        api_types::audit::AuditAction,
        api_types::audit::ResourceKind,
        api_types::exports::ExportResource,
        api_types::exports::ManifestLine,
        api_types::exports::ExportManifest,
        api_types::catalog::PowerAdjustmentRecord
    ))
)]
pub struct ApiDoc;

/// Common list parameters, accepted by every list endpoint (documentation only: the
/// `ListQuery` extractor parses them, with the bounds stated here).
///
/// `ListParams<F>` names the list's filter type, so that `sort` lists exactly the fields
/// `F::SORT_FIELDS` allows (each also with `-` for descending, plus `updated_at`). Plain
/// `ListParams` documents `sort` as a field name without the list.
pub struct ListParams<F = AnySort>(std::marker::PhantomData<F>);

/// The filter of a list whose sort fields are not named in the document.
#[derive(serde::Deserialize)]
pub struct AnySort {}

impl ListFilter for AnySort {
    const SORT_FIELDS: &'static [&'static str] = &[];
    const DEFAULT_SORT: &'static str = "updated_at";
}

impl<F: ListFilter> utoipa::IntoParams for ListParams<F> {
    fn into_params(in_provider: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let location = in_provider().unwrap_or(ParameterIn::Query);
        let param = |name: &str, description: &str, schema: ObjectBuilder| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(location.clone())
                .required(Required::False)
                .description(Some(description))
                .schema(Some(schema))
                .build()
        };
        let integer = |min: f64, max: f64| {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(Some(max))
        };
        let sort = if F::SORT_FIELDS.is_empty() {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^-?[a-z][a-z0-9_]*$"))
        } else {
            let mut values = Vec::new();
            for field in F::SORT_FIELDS.iter().chain(["updated_at"].iter()) {
                values.push((*field).to_string());
                values.push(format!("-{field}"));
            }
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(values))
        };
        vec![
            param(
                "page",
                "Page number, from 1 (default 1).",
                integer(1.0, f64::from(u32::MAX)),
            ),
            param(
                "per_page",
                "Rows per page, 1–200 (default 50).",
                integer(1.0, f64::from(MAX_PER_PAGE)),
            ),
            param(
                "updated_since",
                "Only rows changed at or after this instant (RFC 3339), for incremental sync.",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
            ),
            param(
                "sort",
                "Sort field, `-` prefix for descending; `id` breaks ties, in the same direction.",
                sort,
            ),
        ]
    }
}

/// Adds the problem+json `default` response to every operation.
pub struct ProblemResponses;

impl Modify for ProblemResponses {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let problem = ResponseBuilder::new()
            .description("Error: RFC 9457 problem details with a stable `code`")
            .content(
                api_types::problem::PROBLEM_CONTENT_TYPE,
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                        "Problem",
                    ))))
                    .build(),
            )
            .build();
        for item in api.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                op.responses
                    .responses
                    .entry("default".to_string())
                    .or_insert_with(|| RefOr::T(problem.clone()));
            }
        }
    }
}

/// Operation ids that are not the camelCase of the handler's name, keyed by method and
/// path: the handler names are short within their module (`list_items`, `get_year`)
/// and would be ambiguous or vague in a client generated from the document.
const OPERATION_IDS: &[(&str, &str, &str)] = &[
    ("GET", "/api/v1/health", "getHealth"),
    ("GET", "/api/v1/ready", "getReadiness"),
    ("POST", "/api/v1/auth/refresh", "refreshTokens"),
    ("POST", "/api/v1/auth/token", "issueClientToken"),
    ("GET", "/api/v1/me", "getMe"),
    ("POST", "/api/v1/me/password", "changeOwnPassword"),
    ("GET", "/api/v1/units/tree", "getUnitTree"),
    ("POST", "/api/v1/users/{id}/password", "resetUserPassword"),
    ("GET", "/api/v1/service-accounts", "listServiceAccounts"),
    ("GET", "/api/v1/service-accounts/{id}", "getServiceAccount"),
    ("POST", "/api/v1/service-accounts", "createServiceAccount"),
    (
        "PATCH",
        "/api/v1/service-accounts/{id}",
        "updateServiceAccount",
    ),
    (
        "POST",
        "/api/v1/service-accounts/{id}/rotate-secret",
        "rotateServiceAccountSecret",
    ),
    ("GET", "/api/v1/audit-events", "listAuditEvents"),
    ("GET", "/api/v1/audit-events/verify", "verifyAuditChain"),
    (
        "GET",
        "/api/v1/implementation-items",
        "listImplementationItems",
    ),
    (
        "POST",
        "/api/v1/tasks/{id}/items",
        "createImplementationItem",
    ),
    (
        "PATCH",
        "/api/v1/implementation-items/{id}",
        "updateImplementationItem",
    ),
    ("GET", "/api/v1/progress-reports", "listProgressReports"),
    ("GET", "/api/v1/progress-reports/{id}", "getProgressReport"),
    ("POST", "/api/v1/progress-reports", "createProgressReport"),
    (
        "POST",
        "/api/v1/progress-reports/{id}/resubmit",
        "resubmitProgressReport",
    ),
    (
        "POST",
        "/api/v1/progress-reports/{id}/acknowledge",
        "acknowledgeProgressReport",
    ),
    (
        "POST",
        "/api/v1/progress-reports/{id}/return",
        "returnProgressReport",
    ),
    ("GET", "/api/v1/supervision/board", "getSupervisionBoard"),
    ("GET", "/api/v1/supervision/todo", "getSupervisionTodo"),
    (
        "GET",
        "/api/v1/supervision-notices",
        "listSupervisionNotices",
    ),
    (
        "GET",
        "/api/v1/supervision-notices/{id}",
        "getSupervisionNotice",
    ),
    (
        "POST",
        "/api/v1/supervision-notices",
        "createSupervisionNotice",
    ),
    (
        "POST",
        "/api/v1/supervision-notices/{id}/reply",
        "replySupervisionNotice",
    ),
    (
        "POST",
        "/api/v1/supervision-notices/{id}/close",
        "closeSupervisionNotice",
    ),
    ("GET", "/api/v1/public/power-items", "listPublicPowerItems"),
    (
        "GET",
        "/api/v1/public/power-items/diff",
        "diffPublicPowerItems",
    ),
    (
        "GET",
        "/api/v1/public/power-items/{id}",
        "getPublicPowerItemHistory",
    ),
    (
        "GET",
        "/api/v1/public/power-adjustments",
        "listPublicPowerAdjustments",
    ),
    ("POST", "/api/v1/power-adjustments", "createPowerAdjustment"),
    (
        "GET",
        "/api/v1/public/discretion-benchmarks",
        "listPublicDiscretionBenchmarks",
    ),
    (
        "GET",
        "/api/v1/public/discretion-benchmarks/{id}",
        "getPublicDiscretionBenchmark",
    ),
    (
        "POST",
        "/api/v1/discretion-benchmarks",
        "createDiscretionBenchmark",
    ),
    ("POST", "/api/v1/discretion/evaluate", "evaluateDiscretion"),
    (
        "GET",
        "/api/v1/public/working-calendar",
        "getPublicWorkingCalendar",
    ),
    (
        "PUT",
        "/api/v1/working-calendar/{year}",
        "replaceWorkingCalendarYear",
    ),
    ("GET", "/api/v1/disclosure-records", "listDisclosureRecords"),
    (
        "GET",
        "/api/v1/disclosure-records/{id}",
        "getDisclosureRecord",
    ),
    (
        "GET",
        "/api/v1/disclosure-records/{id}/revisions",
        "listDisclosureRecordRevisions",
    ),
    (
        "POST",
        "/api/v1/disclosure-records",
        "createDisclosureRecord",
    ),
    (
        "PUT",
        "/api/v1/disclosure-records/{id}",
        "replaceDisclosureRecordDraft",
    ),
    (
        "POST",
        "/api/v1/disclosure-records:batch",
        "importDisclosureRecordsBatch",
    ),
    (
        "GET",
        "/api/v1/disclosure-records/completeness",
        "getDisclosureCompleteness",
    ),
    (
        "POST",
        "/api/v1/disclosure-records/{id}/publish",
        "publishDisclosureRecord",
    ),
    (
        "POST",
        "/api/v1/disclosure-records/{id}/correct",
        "correctDisclosureRecord",
    ),
    (
        "POST",
        "/api/v1/disclosure-records/{id}/withdraw",
        "withdrawDisclosureRecord",
    ),
    ("GET", "/api/v1/public/units", "listPublicUnits"),
    (
        "GET",
        "/api/v1/public/disclosure-records",
        "listPublicDisclosureRecords",
    ),
    (
        "GET",
        "/api/v1/public/disclosure-records/{id}",
        "getPublicDisclosureRecord",
    ),
    (
        "GET",
        "/api/v1/public/disclosure-records/feed",
        "getPublicDisclosureFeed",
    ),
    ("GET", "/api/v1/exports/{resource}", "exportResource"),
];

/// POSTs that do not go through `WriteContext` and so take no `Idempotency-Key`: the
/// credential exchanges (a repeat must not replay tokens), the own-password change,
/// signing out elsewhere and marking notifications read (repeating them is harmless) and the discretion calculator (no
/// write).
const POSTS_WITHOUT_IDEMPOTENCY: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/api/v1/auth/token",
    "/api/v1/auth/bootstrap",
    "/api/v1/me/password",
    "/api/v1/me/sessions/end-others",
    "/api/v1/me/notifications/{id}/read",
    "/api/v1/me/notifications/read-all",
    "/api/v1/discretion/evaluate",
    // A taker's working answers and practice: the last save counts, a repeat is harmless.
    "/api/v1/me/quiz-attempts/{id}/answers",
    "/api/v1/me/wrong-answers/{id}/practice",
    // "Send now" actions: a repeat sends again, by design.
    "/api/v1/webhook-subscriptions/{id}/test",
    "/api/v1/webhook-deliveries/{id}/redeliver",
];

/// Header values the server reads: printable ASCII, no surrounding spaces (HTTP trims
/// them).
const VISIBLE_ASCII: &str = r"^[!-~](?:[ -~]*[!-~])?$";

/// Names of the shared header parameters in `components.parameters`.
pub const IF_MATCH: &str = "IfMatch";
pub const IDEMPOTENCY_KEY: &str = "IdempotencyKey";

/// `handler_name` → `handlerName`.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' || c == '-' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Operation ids in camelCase (from the handler's name, or [`OPERATION_IDS`]), and
/// `If-Match` / `Idempotency-Key` documented once in `components.parameters` and
/// referenced by every operation that takes them: every PUT, PATCH and DELETE and every
/// POST that states a version takes `If-Match`; every POST through `WriteContext` (all
/// but [`POSTS_WITHOUT_IDEMPOTENCY`]) takes `Idempotency-Key`.
///
/// utoipa has no `components.parameters` nor parameter references, so both are written
/// as extensions, which serialise as the plain OpenAPI fields.
pub struct SharedParameters;

impl Modify for SharedParameters {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        let extensions = components.extensions.get_or_insert_with(Default::default);
        extensions.insert(
            "parameters".to_string(),
            serde_json::json!({
                IF_MATCH: {
                    "name": "If-Match",
                    "in": "header",
                    "required": true,
                    "description": "ETag of the version being changed (from its GET or the last write). Missing: 428; stale or not an ETag of this resource: 412.",
                    "schema": { "type": "string", "pattern": VISIBLE_ASCII }
                },
                IDEMPOTENCY_KEY: {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": false,
                    "description": "Retry key chosen by the client, 1–200 characters: a repeat of the same request with the same key within 24 hours returns the first response; the same key with another body is a 422.",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": VISIBLE_ASCII }
                }
            }),
        );
        for (path, item) in api.paths.paths.iter_mut() {
            let operations = [
                ("GET", &mut item.get),
                ("POST", &mut item.post),
                ("PUT", &mut item.put),
                ("PATCH", &mut item.patch),
                ("DELETE", &mut item.delete),
            ];
            for (method, op) in operations {
                let Some(op) = op.as_mut() else { continue };
                let id = OPERATION_IDS
                    .iter()
                    .find(|(m, p, _)| *m == method && *p == path)
                    .map(|(_, _, id)| (*id).to_string())
                    .or_else(|| op.operation_id.as_deref().map(camel_case));
                op.operation_id = id;

                let mut params: Vec<serde_json::Value> = Vec::new();
                let mut if_match = matches!(method, "PUT" | "PATCH" | "DELETE");
                let mut idempotency =
                    method == "POST" && !POSTS_WITHOUT_IDEMPOTENCY.contains(&path.as_str());
                for p in op.parameters.take().unwrap_or_default() {
                    let header = p.parameter_in == ParameterIn::Header;
                    if header && p.name.eq_ignore_ascii_case("If-Match") {
                        if_match = true;
                    } else if header && p.name.eq_ignore_ascii_case("Idempotency-Key") {
                        idempotency = method == "POST";
                    } else if let Ok(value) = serde_json::to_value(&p) {
                        params.push(value);
                    }
                }
                if if_match {
                    params.push(reference(IF_MATCH));
                }
                if idempotency {
                    params.push(reference(IDEMPOTENCY_KEY));
                }
                if !params.is_empty() {
                    op.extensions
                        .get_or_insert_with(Default::default)
                        .insert("parameters".to_string(), serde_json::Value::Array(params));
                }
            }
        }
    }
}

fn reference(name: &str) -> serde_json::Value {
    serde_json::json!({ "$ref": format!("#/components/parameters/{name}") })
}

/// Values the server takes from its own data, stated as enums in the document: the
/// shipped plan templates, and the permissions a service account may be granted (those
/// the `integration` role holds in `permissions.yaml`).
pub struct ServerVocabularies;

impl Modify for ServerVocabularies {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{ArrayItems, Schema};
        let templates: Vec<serde_json::Value> = crate::resources::plans::template::KEYS
            .iter()
            .map(|k| serde_json::Value::from(*k))
            .collect();
        let grants: Vec<serde_json::Value> = crate::auth::policy::policy()
            .grantable_to_integration()
            .into_iter()
            .map(serde_json::Value::from)
            .collect();
        let Some(components) = api.components.as_mut() else {
            return;
        };
        fn property<'a>(
            components: &'a mut utoipa::openapi::Components,
            schema: &str,
            name: &str,
        ) -> Option<&'a mut Schema> {
            match components.schemas.get_mut(schema)? {
                RefOr::T(Schema::Object(object)) => match object.properties.get_mut(name)? {
                    RefOr::T(schema) => Some(schema),
                    RefOr::Ref(_) => None,
                },
                _ => None,
            }
        }
        if let Some(Schema::Object(template)) = property(components, "ImportRequest", "template") {
            template.enum_values = Some(templates);
        }
        for schema in ["NewServiceAccount", "ServiceAccountPatch"] {
            if let Some(Schema::Array(array)) = property(components, schema, "grants") {
                if let ArrayItems::RefOrSchema(items) = &mut array.items {
                    if let RefOr::T(Schema::Object(item)) = items.as_mut() {
                        item.enum_values = Some(grants.clone());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn spec() -> serde_json::Value {
        serde_json::to_value(crate::openapi()).expect("the document serialises")
    }

    fn operations(spec: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
        let mut out = Vec::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                out.push((method.to_uppercase(), path.clone(), op.clone()));
            }
        }
        out
    }

    #[test]
    fn camel_case_of_handler_names() {
        assert_eq!(
            camel_case("list_public_power_items"),
            "listPublicPowerItems"
        );
        assert_eq!(camel_case("login"), "login");
    }

    #[test]
    fn every_operation_id_is_unique_and_camel_case() {
        let spec = spec();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (method, path, op) in operations(&spec) {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
                .to_string();
            assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric()),
                "{method} {path}: {id} is not camelCase"
            );
            if let Some(other) = seen.insert(id.clone(), format!("{method} {path}")) {
                panic!("operationId {id} is used by {other} and {method} {path}");
            }
        }
    }

    #[test]
    fn every_operation_id_override_names_an_operation() {
        let spec = spec();
        let ops: Vec<(String, String)> = operations(&spec)
            .into_iter()
            .map(|(m, p, _)| (m, p))
            .collect();
        for (method, path, id) in OPERATION_IDS {
            assert!(
                ops.contains(&(method.to_string(), path.to_string())),
                "OPERATION_IDS names {method} {path} ({id}), which the router does not have"
            );
        }
        for path in POSTS_WITHOUT_IDEMPOTENCY {
            assert!(
                ops.contains(&("POST".to_string(), path.to_string())),
                "POSTS_WITHOUT_IDEMPOTENCY names POST {path}, which the router does not have"
            );
        }
    }

    #[test]
    fn shared_headers_are_referenced_not_inlined() {
        let spec = spec();
        for (method, path, op) in operations(&spec) {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let refs: Vec<&str> = params.iter().filter_map(|p| p["$ref"].as_str()).collect();
            for p in &params {
                let name = p["name"].as_str().unwrap_or("");
                assert!(
                    !name.eq_ignore_ascii_case("If-Match")
                        && !name.eq_ignore_ascii_case("Idempotency-Key"),
                    "{method} {path} documents {name} inline"
                );
            }
            let if_match = refs.contains(&"#/components/parameters/IfMatch");
            if matches!(method.as_str(), "PUT" | "PATCH" | "DELETE") {
                assert!(if_match, "{method} {path} lacks If-Match");
            }
            let key = refs.contains(&"#/components/parameters/IdempotencyKey");
            let expected = method == "POST" && !POSTS_WITHOUT_IDEMPOTENCY.contains(&path.as_str());
            assert_eq!(key, expected, "{method} {path}: Idempotency-Key");
        }
        assert!(spec["components"]["parameters"]["IfMatch"].is_object());
        assert!(spec["components"]["parameters"]["IdempotencyKey"].is_object());
    }

    #[test]
    fn list_params_sort_names_the_fields_of_the_filter() {
        #[derive(serde::Deserialize)]
        struct Filter {}
        impl ListFilter for Filter {
            const SORT_FIELDS: &'static [&'static str] = &["name"];
            const DEFAULT_SORT: &'static str = "name";
        }
        let params = <ListParams<Filter> as utoipa::IntoParams>::into_params(|| None);
        let sort = params
            .iter()
            .find(|p| p.name == "sort")
            .and_then(|p| serde_json::to_value(p).ok())
            .expect("a sort parameter");
        assert_eq!(
            sort["schema"]["enum"],
            serde_json::json!(["name", "-name", "updated_at", "-updated_at"])
        );
    }
}
