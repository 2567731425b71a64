//! The OpenAPI document. Paths come from the router itself (utoipa-actix-web collects
//! them as routes are registered), so the document cannot miss a route.

use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

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
        (name = "audit", description = "The hash-chained audit trail"),
        (name = "plans", description = "Work plans, tasks, milestones and units' implementation items"),
        (name = "progress-reports", description = "Units' progress reports and their review"),
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
        api_types::exports::ExportResource,
        api_types::exports::ManifestLine,
        api_types::exports::ExportManifest,
        api_types::catalog::PowerAdjustmentRecord
    ))
)]
pub struct ApiDoc;

/// Common list parameters, accepted by every list endpoint (documentation only: the
/// `ListQuery` extractor parses them).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// Page number, from 1 (default 1).
    page: Option<u32>,
    /// Rows per page, 1–200 (default 50).
    per_page: Option<u32>,
    /// Only rows changed at or after this instant (RFC 3339), for incremental sync.
    updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Sort field, `-` prefix for descending; `id` always breaks ties.
    sort: Option<String>,
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
