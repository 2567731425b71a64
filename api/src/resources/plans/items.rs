//! HTTP handlers: units' implementation items.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::plans::{ImplementationItem, ImplementationItemPatch, NewImplementationItem};
use diesel::prelude::*;

use super::list::*;
use super::model::{self, ItemRow, UnitIndex};
use super::trimmed;
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::implementation_items;
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_items)
        .service(create_item)
        .service(update_item);
}

/// Units' own implementation items (规定动作/自选动作).
#[utoipa::path(tag = "plans", params(ItemFilter, crate::openapi::ListParams<ItemFilter>), responses((status = 200, body = api_types::Page<ImplementationItem>)))]
#[get("/implementation-items")]
async fn list_items(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    query: ListQuery<ItemFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<ItemList>(conn, &query, &time::today())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// A responsible unit adds its own action under a task.
#[utoipa::path(
    tag = "plans",
    request_body = NewImplementationItem,
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 201, body = ImplementationItem))
)]
#[post("/tasks/{id}/items")]
async fn create_item(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TaskItemsManage>,
    id: PathId,
    body: Json<NewImplementationItem>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let unit = new.unit_id.to_string();
        principal.require_unit(conn, Permission::TaskItemsManage, &unit)?;
        let task = model::find_task(conn, &id.0.to_string())?;
        model::require_active(&model::plan_of_task(conn, &task.row)?)?;
        let index = UnitIndex::load(conn)?;
        if !task.responsible_units(&index).contains(&unit) {
            return Err(ApiError::rule(
                "unit_id",
                "not_responsible",
                "this unit is not responsible for the task",
            ));
        }
        let now = time::now();
        let row = ItemRow {
            id: time::new_id(),
            task_id: task.row.id.clone(),
            unit_id: unit,
            kind: new.kind.as_str().into(),
            title: new.title.trim().to_string(),
            description: trimmed(&new.description),
            due_date: new.due_date,
            completed_on: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(implementation_items::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto(time::today())?;
        Outcome::created(
            &dto,
            format!("/api/v1/implementation-items/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::ImplementationItem, dto.id, &dto),
        )
    })
    .await
}

/// Update an implementation item, e.g. mark it done (`If-Match` required).
#[utoipa::path(
    tag = "plans",
    request_body = ImplementationItemPatch,
    params(("id" = Uuid, Path, description = "Item id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = ImplementationItem))
)]
#[patch("/implementation-items/{id}")]
async fn update_item(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TaskItemsManage>,
    id: PathId,
    body: Json<ImplementationItemPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_item(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::TaskItemsManage, &current.unit_id)?;
        check_version(current.version, expected)?;
        let day = time::today();
        let before = current.to_dto(day)?;
        let mut row = current.clone();
        if let Some(kind) = patch.kind {
            row.kind = kind.as_str().into();
        }
        if let Some(title) = &patch.title {
            row.title = title.trim().to_string();
        }
        if let Some(description) = &patch.description {
            row.description = trimmed(description);
        }
        if let Some(due) = patch.due_date {
            row.due_date = due;
        }
        if let Some(completed) = patch.completed_on {
            if completed.is_some_and(|d| d > day) {
                return Err(ApiError::rule(
                    "completed_on",
                    "future_date",
                    "cannot be later than today",
                ));
            }
            row.completed_on = completed;
        }
        versioned_save!(conn, implementation_items, &mut row, current.version)?;
        let after = row.to_dto(day)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::ImplementationItem, after.id, &before, &after),
        )
    })
    .await
}
