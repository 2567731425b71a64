//! HTTP handlers for units.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::units::{NewUnit, Unit, UnitKind, UnitNode, UnitPatch};
use api_types::ErrorCode;
use diesel::prelude::*;
use serde::Deserialize;

use super::list::UnitFilter;
use super::model::{self, UnitRow};
use crate::auth::{perm, Authorized, Permission};
use crate::db;
use crate::db::schema::units;
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId, Query};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/units/tree` before `/units/{id}` so "tree" is not taken for an id.
    cfg.service(list_units)
        .service(unit_tree)
        .service(get_unit)
        .service(create_unit)
        .service(update_unit);
}

/// List units (flat, paginated).
///
/// Sorted by `sort_order` then `code` unless `sort` says otherwise; with
/// `updated_since` and no `sort`, by `updated_at` for incremental sync.
#[utoipa::path(
    tag = "units",
    params(UnitFilter, crate::openapi::ListParams<UnitFilter>),
    responses((status = 200, body = api_types::Page<Unit>), (status = 304, description = "Not modified (If-None-Match)"))
)]
#[get("/units")]
async fn list_units(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::UnitsRead>,
    query: ListQuery<UnitFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<super::list::UnitList>(conn, &query, &())
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
    _auth: Authorized<perm::UnitsRead>,
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
    _auth: Authorized<perm::UnitsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let unit = db::run(&state.pool, move |conn| model::find(conn, id.0)?.to_dto()).await?;
    etag::versioned_json(&req, unit.version, &unit)
}

/// Create a unit. A county bureau may add brigades under itself; the city bureau and
/// administrators may add any unit. The parent must be active and of a kind that can
/// hold the new unit (sections and county bureaus under the city bureau, brigades under
/// a county bureau or the city bureau); there is only one city bureau.
#[utoipa::path(
    tag = "units",
    request_body = NewUnit,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a repeat returns the first response")),
    responses((status = 201, body = Unit, headers(("ETag" = String), ("Location" = String))))
)]
#[post("/units")]
async fn create_unit(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::UnitsManage>,
    body: Json<NewUnit>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let parent = match (new.kind.parent_kinds(), new.parent_id) {
            (None, Some(_)) => {
                return Err(ApiError::rule(
                    "parent_id",
                    "parent_not_allowed",
                    "the city bureau has no parent",
                ))
            }
            (Some(_), None) => {
                return Err(ApiError::rule(
                    "parent_id",
                    "required",
                    "is required for this kind of unit",
                ))
            }
            (None, None) => {
                principal.require_everywhere(Permission::UnitsManage)?;
                let cities: i64 = units::table
                    .filter(units::kind.eq(UnitKind::CityBureau.as_str()))
                    .count()
                    .get_result(conn)?;
                if cities > 0 {
                    return Err(ApiError::duplicate(
                        "kind",
                        "there is already a city bureau",
                    ));
                }
                None
            }
            (Some(kinds), Some(parent_id)) => {
                Some(checked_parent(conn, principal, new.kind, kinds, parent_id)?.id)
            }
        };
        let now = time::now();
        let row = UnitRow {
            id: time::new_id(),
            code: new.code.clone(),
            name: new.name.trim().to_string(),
            name_en: new
                .name_en
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            kind: new.kind.as_str().to_string(),
            parent_id: parent,
            active: true,
            sort_order: new.sort_order.unwrap_or(0),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let taken: i64 = units::table
            .filter(units::code.eq(&row.code))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(ApiError::duplicate(
                "code",
                format!("unit code {} is already in use", row.code),
            ));
        }
        diesel::insert_into(units::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/units/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Unit, dto.id, &dto),
        )
    })
    .await
}

/// The parent a unit of `kind` is to be placed under (created there or moved there):
/// it exists, is active, may hold that kind, and is within the caller's scope.
fn checked_parent(
    conn: &mut crate::db::DbConnection,
    principal: &crate::auth::Principal,
    kind: UnitKind,
    kinds: &[UnitKind],
    parent_id: uuid::Uuid,
) -> Result<UnitRow, ApiError> {
    let parent = model::find(conn, parent_id)
        .map_err(|_| ApiError::rule("parent_id", "unknown_unit", "no such unit"))?;
    principal.require_unit(conn, Permission::UnitsManage, &parent.id)?;
    if !kinds.contains(&parent.kind()?) {
        return Err(ApiError::rule(
            "parent_id",
            "parent_kind",
            format!(
                "a {} cannot be placed under a {}",
                kind.as_str(),
                parent.kind
            ),
        ));
    }
    if !parent.active {
        return Err(ApiError::rule(
            "parent_id",
            "inactive_parent",
            "the parent unit is deactivated",
        ));
    }
    Ok(parent)
}

/// Edit a unit (`If-Match` required). Deactivation needs every child deactivated first.
#[utoipa::path(
    tag = "units",
    request_body = UnitPatch,
    params(
        ("id" = uuid::Uuid, Path, description = "Unit id"),
        ("If-Match" = String, Header, description = "ETag of the version being edited")
    ),
    responses((status = 200, body = Unit, headers(("ETag" = String))))
)]
#[patch("/units/{id}")]
async fn update_unit(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::UnitsManage>,
    id: PathId,
    body: Json<UnitPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find(conn, id.0)?;
        principal.require_unit(conn, Permission::UnitsManage, &current.id)?;
        check_version(current.version, expected)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        if let Some(name) = &patch.name {
            next.name = name.trim().to_string();
        }
        if let Some(name_en) = &patch.name_en {
            next.name_en = name_en
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string);
        }
        if let Some(order) = patch.sort_order {
            next.sort_order = order;
        }
        if let Some(parent_id) = patch.parent_id {
            if current.parent_id.as_deref() != Some(parent_id.to_string().as_str()) {
                let kind = current.kind()?;
                let Some(kinds) = kind.parent_kinds() else {
                    return Err(ApiError::rule(
                        "parent_id",
                        "parent_not_allowed",
                        "the city bureau has no parent",
                    ));
                };
                // A place outside the caller's scope is a wrong choice in the form, said
                // at the field (the unit itself is within scope: checked above).
                let parent =
                    checked_parent(conn, principal, kind, kinds, parent_id).map_err(|e| {
                        if e.code == ErrorCode::Forbidden {
                            ApiError::rule(
                                "parent_id",
                                "out_of_scope",
                                "you may not place units there: it is outside the units you manage",
                            )
                        } else {
                            e
                        }
                    })?;
                // Kinds already rule this out today (no kind may sit under its own
                // kind's children); kept so that a future kind cannot make a cycle.
                if crate::auth::policy::subtree(conn, &current.id)?.contains(&parent.id) {
                    return Err(ApiError::rule(
                        "parent_id",
                        "inside_itself",
                        "a unit cannot be moved under itself or one of its own units",
                    ));
                }
                next.parent_id = Some(parent.id);
            }
        }
        if let Some(active) = patch.active {
            if !active && current.active && model::active_children(conn, &current.id)? > 0 {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "deactivate the units under this one first",
                ));
            }
            next.active = active;
        }
        versioned_save!(conn, units, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::Unit, after.id, &before, &after),
        )
    })
    .await
}
