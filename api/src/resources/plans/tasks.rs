//! HTTP handlers: tasks.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::plans::{NewTask, PlanStatus, Task, TaskPatch};
use diesel::prelude::*;

use super::list::*;
use super::model::{self, TaskRow, UnitIndex};
use super::trimmed;
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::tasks;
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::middleware::RequestId;
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::spreadsheet;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tasks)
        .service(export_tasks_xlsx)
        .service(create_task)
        .service(get_task)
        .service(update_task);
}

/// The tasks of a plan, in number order.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id"), TaskFilter, crate::openapi::ListParams<TaskFilter>),
    responses((status = 200, body = api_types::Page<Task>))
)]
#[get("/plans/{id}/tasks")]
async fn list_tasks(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    id: PathId,
    query: ListQuery<TaskFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let plan = model::find_plan(conn, id.0)?;
        db::list::page::<TaskList>(conn, &query, &plan.id)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The tasks of a plan as an `.xlsx` workbook (the same filter and sort as the list;
/// `page` and `per_page` are ignored), with unit names. Recorded in the audit trail as
/// an export (429 when too many run).
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id"), TaskFilter, crate::openapi::ListParams<TaskFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/plans/{id}/tasks:xlsx")]
async fn export_tasks_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::PlansRead>,
    request_id: RequestId,
    id: PathId,
    query: ListQuery<TaskFilter>,
) -> Result<HttpResponse, ApiError> {
    spreadsheet::export::respond::<TaskList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, _| Ok(model::find_plan(conn, id.0)?.id),
    )
    .await
}

/// One task with its lead and responsible units.
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path, description = "Task id")), responses((status = 200, body = Task)))]
#[get("/tasks/{id}")]
async fn get_task(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let task = db::run(&state.pool, move |conn| {
        model::find_task(conn, &id.0.to_string())?.to_dto()
    })
    .await?;
    etag::versioned_json(&req, task.version, &task)
}

/// Add a task to a plan.
#[utoipa::path(
    tag = "plans",
    request_body = NewTask,
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 201, body = Task))
)]
#[post("/plans/{id}/tasks")]
async fn create_task(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::PlansManage>,
    id: PathId,
    body: Json<NewTask>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let plan = model::find_plan(conn, id.0)?;
        if plan.status()? == PlanStatus::Closed {
            return Err(ApiError::invalid_state("the plan is closed"));
        }
        let index = UnitIndex::load(conn)?;
        let leads = model::check_units_exist(&index, "lead_unit_ids", &new.lead_unit_ids)?;
        let named =
            model::check_units_exist(&index, "responsible.unit_ids", &new.responsible.unit_ids)?;
        let taken: i64 = tasks::table
            .filter(tasks::plan_id.eq(&plan.id))
            .filter(tasks::number.eq(new.number))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(ApiError::duplicate(
                "number",
                format!("the plan already has a task number {}", new.number),
            ));
        }
        let now = time::now();
        let row = TaskRow {
            id: time::new_id(),
            plan_id: plan.id.clone(),
            number: new.number,
            title: new.title.trim().to_string(),
            description: trimmed(&new.description),
            goals: trimmed(&new.goals),
            responsible_kinds: model::kinds_to_column(&new.responsible.unit_kinds),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let dto = model::insert_task(conn, &row, &leads, &named)?;
        Outcome::created(
            &dto,
            format!("/api/v1/tasks/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Task, dto.id, &dto),
        )
    })
    .await
}

/// Edit a task (`If-Match` required): its lead units, or the city bureau. Changing
/// who leads needs `plans.manage`.
#[utoipa::path(
    tag = "plans",
    request_body = TaskPatch,
    params(("id" = Uuid, Path, description = "Task id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = Task))
)]
#[patch("/tasks/{id}")]
async fn update_task(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TasksManage>,
    id: PathId,
    body: Json<TaskPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_task(conn, &id.0.to_string())?;
        principal.require_any_unit(conn, Permission::TasksManage, &current.leads)?;
        check_version(current.row.version, expected)?;
        if model::plan_of_task(conn, &current.row)?.status()? == PlanStatus::Closed {
            return Err(ApiError::invalid_state("the plan is closed"));
        }
        let before = current.to_dto()?;
        let index = UnitIndex::load(conn)?;
        let mut row = current.row.clone();
        if let Some(title) = &patch.title {
            row.title = title.trim().to_string();
        }
        if let Some(description) = &patch.description {
            row.description = trimmed(description);
        }
        if let Some(goals) = &patch.goals {
            row.goals = trimmed(goals);
        }
        let mut leads = current.leads.clone();
        if let Some(new_leads) = &patch.lead_unit_ids {
            principal.require_everywhere(Permission::PlansManage)?;
            leads = model::check_units_exist(&index, "lead_unit_ids", new_leads)?;
        }
        let mut named = current.named_responsible.clone();
        if let Some(responsible) = &patch.responsible {
            named =
                model::check_units_exist(&index, "responsible.unit_ids", &responsible.unit_ids)?;
            row.responsible_kinds = model::kinds_to_column(&responsible.unit_kinds);
        }
        versioned_save!(conn, tasks, &mut row, current.row.version)?;
        model::set_task_units(conn, &row.id, &leads, &named)?;
        let after = model::find_task(conn, &row.id)?.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::Task, after.id, &before, &after),
        )
    })
    .await
}
