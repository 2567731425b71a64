//! HTTP handlers: milestones.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::plans::{Milestone, MilestonePatch, NewMilestone};
use api_types::units::UnitKind;
use diesel::prelude::*;

use super::list::*;
use super::model::{self, MilestoneRow, UnitIndex};
use super::trimmed;
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::{milestones, units};
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_milestones)
        .service(get_milestone)
        .service(create_milestone)
        .service(update_milestone);
}

/// List milestones with each owner's derived status.
#[utoipa::path(tag = "plans", params(MilestoneFilter, crate::openapi::ListParams<MilestoneFilter>), responses((status = 200, body = api_types::Page<Milestone>)))]
#[get("/milestones")]
async fn list_milestones(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    query: ListQuery<MilestoneFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let unit_kind = match query.filter.unit_id {
            Some(unit) => {
                let kind: Option<String> = units::table
                    .find(unit.to_string())
                    .select(units::kind)
                    .first(conn)
                    .optional()?;
                kind.as_deref().and_then(UnitKind::parse)
            }
            None => None,
        };
        let context = MilestoneContext {
            unit_kind,
            today: time::today(),
        };
        db::list::page::<MilestoneList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One milestone with each owner's derived status.
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path, description = "Milestone id")), responses((status = 200, body = Milestone)))]
#[get("/milestones/{id}")]
async fn get_milestone(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let milestone = db::run(&state.pool, move |conn| {
        let row = model::find_milestone(conn, &id.0.to_string())?;
        model::milestone_dtos(conn, &[row], time::today())?
            .pop()
            .ok_or_else(|| ApiError::not_found("milestone"))
    })
    .await?;
    // Derived statuses change with the day and with reports, not only with the version.
    etag::derived_json(&req, milestone.version, &milestone)
}

/// Add a milestone to a task (its lead units, or the city bureau).
#[utoipa::path(
    tag = "plans",
    request_body = NewMilestone,
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 201, body = Milestone))
)]
#[post("/tasks/{id}/milestones")]
async fn create_milestone(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TasksManage>,
    id: PathId,
    body: Json<NewMilestone>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let task = model::find_task(conn, &id.0.to_string())?;
        principal.require_any_unit(conn, Permission::TasksManage, &task.leads)?;
        if new.owners.is_empty() {
            return Err(ApiError::rule(
                "owners",
                "required",
                "name at least one owner unit or unit kind",
            ));
        }
        let index = UnitIndex::load(conn)?;
        let owners = model::check_units_exist(&index, "owners.unit_ids", &new.owners.unit_ids)?;
        let now = time::now();
        let row = MilestoneRow {
            id: time::new_id(),
            task_id: task.row.id.clone(),
            title: new.title.trim().to_string(),
            due_date: new.due_date,
            owner_kinds: model::kinds_to_column(&new.owners.unit_kinds),
            deliverable: trimmed(&new.deliverable),
            template_key: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        model::insert_milestone(conn, &row, &owners)?;
        let dto = model::milestone_dtos(conn, std::slice::from_ref(&row), time::today())?
            .pop()
            .ok_or_else(|| ApiError::internal("milestone vanished"))?;
        Outcome::created(
            &dto,
            format!("/api/v1/milestones/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Milestone, dto.id, &dto),
        )
    })
    .await
}

/// Edit a milestone (`If-Match` required).
#[utoipa::path(
    tag = "plans",
    request_body = MilestonePatch,
    params(("id" = Uuid, Path, description = "Milestone id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = Milestone))
)]
#[patch("/milestones/{id}")]
async fn update_milestone(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TasksManage>,
    id: PathId,
    body: Json<MilestonePatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_milestone(conn, &id.0.to_string())?;
        let task = model::find_task(conn, &current.task_id)?;
        principal.require_any_unit(conn, Permission::TasksManage, &task.leads)?;
        check_version(current.version, expected)?;
        let before = model::milestone_dtos(conn, std::slice::from_ref(&current), time::today())?;
        let mut row = current.clone();
        if let Some(title) = &patch.title {
            row.title = title.trim().to_string();
        }
        if let Some(due) = patch.due_date {
            row.due_date = due;
        }
        if let Some(deliverable) = &patch.deliverable {
            row.deliverable = trimmed(deliverable);
        }
        if let Some(owners) = &patch.owners {
            if owners.is_empty() {
                return Err(ApiError::rule(
                    "owners",
                    "required",
                    "name at least one owner unit or unit kind",
                ));
            }
            let index = UnitIndex::load(conn)?;
            let named = model::check_units_exist(&index, "owners.unit_ids", &owners.unit_ids)?;
            row.owner_kinds = model::kinds_to_column(&owners.unit_kinds);
            model::set_owners(conn, &row.id, &named)?;
        }
        versioned_save!(conn, milestones, &mut row, current.version)?;
        let after = model::milestone_dtos(conn, std::slice::from_ref(&row), time::today())?
            .pop()
            .ok_or_else(|| ApiError::internal("milestone vanished"))?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::Milestone, after.id, &before.first(), &after),
        )
    })
    .await
}
