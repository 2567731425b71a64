//! HTTP handlers for units.

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::units::{Unit, UnitNode};
use serde::Deserialize;

use super::model::{self, UnitFilter};
use crate::db;
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{ListQuery, PathId, Query};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/units/tree` before `/units/{id}` so "tree" is not taken for an id.
    cfg.service(list_units).service(unit_tree).service(get_unit);
}

/// List units (flat, paginated).
///
/// Sorted by `sort_order` then `code` unless `sort` says otherwise; with
/// `updated_since` and no `sort`, by `updated_at` for incremental sync.
#[utoipa::path(
    tag = "units",
    params(UnitFilter, crate::openapi::ListParams),
    responses((status = 200, body = api_types::Page<Unit>), (status = 304, description = "Not modified (If-None-Match)"))
)]
#[get("/units")]
async fn list_units(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<UnitFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let (rows, total) = model::list(conn, &query)?;
        let items = rows
            .iter()
            .map(model::UnitRow::to_dto)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
    })
    .await?;
    etag::hashed_json(&req, &page)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct TreeParams {
    /// Include deactivated units (default false).
    include_inactive: Option<bool>,
}

/// The unit tree: the city bureau with its sections, county bureaus and brigades.
#[utoipa::path(
    tag = "units",
    params(TreeParams),
    responses((status = 200, body = Vec<UnitNode>), (status = 304, description = "Not modified (If-None-Match)"))
)]
#[get("/units/tree")]
async fn unit_tree(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Query<TreeParams>,
) -> Result<HttpResponse, ApiError> {
    let include_inactive = params.0.include_inactive.unwrap_or(false);
    let tree = db::run(&state.pool, move |conn| {
        let rows = model::all(conn, include_inactive)?;
        model::build_tree(&rows)
    })
    .await?;
    etag::hashed_json(&req, &tree)
}

/// One unit. The `ETag` is its version.
#[utoipa::path(
    tag = "units",
    params(("id" = uuid::Uuid, Path, description = "Unit id")),
    responses((status = 200, body = Unit), (status = 304, description = "Not modified (If-None-Match)"))
)]
#[get("/units/{id}")]
async fn get_unit(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let unit = db::run(&state.pool, move |conn| model::find(conn, id.0)?.to_dto()).await?;
    etag::versioned_json(&req, unit.version, &unit)
}
