//! HTTP handlers: plans, tasks, milestones, implementation items, template import.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::plans::{
    ImplementationItem, ImplementationItemPatch, ImportRequest, ImportSummary, Milestone,
    MilestonePatch, NewImplementationItem, NewMilestone, NewPlan, NewTask, Plan, PlanPatch,
    PlanStatus, Task, TaskPatch,
};
use api_types::units::UnitKind;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, ItemRow, MilestoneRow, PlanRow, TaskRow, UnitIndex};
use super::template;
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::{implementation_items, milestone_owners, milestones, plans, tasks, units};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListFilter, ListQuery, PathId};
use crate::http::write::{check_version, ensure_written, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(import_plan)
        .service(get_plan)
        .service(create_plan)
        .service(update_plan)
        .service(list_tasks)
        .service(create_task)
        .service(get_task)
        .service(update_task)
        .service(list_milestones)
        .service(get_milestone)
        .service(create_milestone)
        .service(update_milestone)
        .service(list_items)
        .service(create_item)
        .service(update_item);
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

type Db = <DbConnection as Connection>::Backend;

// ---------------------------------------------------------------- plans

/// Filters of `GET /api/v1/plans`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanFilter {
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
}

impl ListFilter for PlanFilter {
    const SORT_FIELDS: &'static [&'static str] = &["year", "title", "created_at"];
    const DEFAULT_SORT: &'static str = "-year";
}

fn plans_filtered(query: &ListQuery<PlanFilter>) -> plans::BoxedQuery<'_, Db> {
    let mut q = plans::table.into_boxed();
    if let Some(year) = query.filter.year {
        q = q.filter(plans::year.eq(year));
    }
    if let Some(status) = query.filter.status {
        q = q.filter(plans::status.eq(status.as_str()));
    }
    if let Some(since) = query.updated_since {
        q = q.filter(plans::updated_at.ge(time::from_utc(since)));
    }
    q
}

/// List work plans (newest year first).
#[utoipa::path(tag = "plans", params(PlanFilter, crate::openapi::ListParams), responses((status = 200, body = api_types::Page<Plan>)))]
#[get("/plans")]
async fn list_plans(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    query: ListQuery<PlanFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let total: i64 = plans_filtered(&query).count().get_result(conn)?;
        let q = plans_filtered(&query);
        let q = match (query.sort.field, query.sort.descending) {
            ("title", false) => q.order(plans::title.asc()),
            ("title", true) => q.order(plans::title.desc()),
            ("created_at", false) => q.order(plans::created_at.asc()),
            ("created_at", true) => q.order(plans::created_at.desc()),
            ("updated_at", false) => q.order(plans::updated_at.asc()),
            ("updated_at", true) => q.order(plans::updated_at.desc()),
            (_, false) => q.order(plans::year.asc()),
            (_, true) => q.order(plans::year.desc()),
        };
        let rows: Vec<PlanRow> = q
            .then_order_by(plans::id.asc())
            .offset(query.offset())
            .limit(query.limit())
            .select(PlanRow::as_select())
            .load(conn)?;
        let items = rows
            .iter()
            .map(PlanRow::to_dto)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One plan.
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path, description = "Plan id")), responses((status = 200, body = Plan)))]
#[get("/plans/{id}")]
async fn get_plan(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let plan = db::run(&state.pool, move |conn| {
        model::find_plan(conn, id.0)?.to_dto()
    })
    .await?;
    etag::versioned_json(&req, plan.version, &plan)
}

/// Create a plan (as a draft).
#[utoipa::path(tag = "plans", request_body = NewPlan, responses((status = 201, body = Plan)))]
#[post("/plans")]
async fn create_plan(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::PlansManage>,
    body: Json<NewPlan>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let now = time::now();
        let row = PlanRow {
            id: time::new_id(),
            year: new.year,
            title: new.title.trim().to_string(),
            description: trimmed(&new.description),
            status: PlanStatus::Draft.as_str().into(),
            template_key: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(plans::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto()?;
        Outcome::created(&dto, format!("/api/v1/plans/{}", dto.id), dto.version)
            .map(|o| o.audit(Change::created("plan", dto.id, &dto)))
    })
    .await
}

/// Edit a plan (`If-Match` required). Status moves forward only: draft → active → closed.
#[utoipa::path(
    tag = "plans",
    request_body = PlanPatch,
    params(("id" = Uuid, Path, description = "Plan id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = Plan))
)]
#[patch("/plans/{id}")]
async fn update_plan(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::PlansManage>,
    id: PathId,
    body: Json<PlanPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let current = model::find_plan(conn, id.0)?;
        check_version(current.version, expected)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        if let Some(title) = &patch.title {
            next.title = title.trim().to_string();
        }
        if let Some(description) = &patch.description {
            next.description = trimmed(description);
        }
        if let Some(status) = patch.status {
            let order = |s: PlanStatus| PlanStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
            if order(status) < order(current.status()?) {
                return Err(ApiError::rule(
                    "status",
                    "status_backwards",
                    "a plan's status only moves forward (draft → active → closed)",
                ));
            }
            next.status = status.as_str().into();
        }
        next.version += 1;
        next.updated_at = time::now();
        let rows = diesel::update(
            plans::table
                .filter(plans::id.eq(&current.id))
                .filter(plans::version.eq(current.version)),
        )
        .set((
            plans::title.eq(&next.title),
            plans::description.eq(&next.description),
            plans::status.eq(&next.status),
            plans::version.eq(next.version),
            plans::updated_at.eq(next.updated_at),
        ))
        .execute(conn)?;
        ensure_written(rows)?;
        let after = next.to_dto()?;
        Outcome::updated(&after, after.version)
            .map(|o| o.audit(Change::updated("plan", after.id, &before, &after)))
    })
    .await
}

/// Load a shipped plan template (the 2022 capability improvement work plan: nine
/// tasks, their lead and responsible units and dated milestones). Importing again adds
/// only what is missing and changes nothing already there.
#[utoipa::path(tag = "plans", request_body = ImportRequest, responses((status = 200, body = ImportSummary)))]
#[post("/plans/import")]
async fn import_plan(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::PlansManage>,
    body: Json<ImportRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let template = template::find(&request.template).ok_or_else(|| {
        ApiError::rule(
            "template",
            "unknown_template",
            format!(
                "no template {:?}; available: {}",
                request.template,
                template::KEYS.join(", ")
            ),
        )
    })?;
    ctx.run(&state, &request, move |conn, _| {
        let (summary, changes) = template::import(conn, &template)?;
        let mut outcome = Outcome::ok(&summary)?;
        for change in changes {
            outcome = outcome.audit(change);
        }
        if summary.tasks_created == 0 && summary.milestones_created == 0 {
            // Nothing changed, but the attempt itself is on the record.
            outcome = outcome.audit(Change::new("import_unchanged", "plan", summary.plan.id));
        }
        Ok(outcome)
    })
    .await
}

// ---------------------------------------------------------------- tasks

/// Filters of `GET /api/v1/plans/{id}/tasks`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TaskFilter {
    /// Tasks this unit leads.
    pub lead_unit_id: Option<Uuid>,
}

impl ListFilter for TaskFilter {
    const SORT_FIELDS: &'static [&'static str] = &["number"];
    const DEFAULT_SORT: &'static str = "number";
}

/// The tasks of a plan, in number order.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id"), TaskFilter, crate::openapi::ListParams),
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
        let filtered = || {
            let mut q = tasks::table
                .filter(tasks::plan_id.eq(plan.id.clone()))
                .into_boxed();
            if let Some(lead) = query.filter.lead_unit_id {
                q = q.filter(
                    tasks::id.eq_any(
                        crate::db::schema::task_units::table
                            .filter(crate::db::schema::task_units::unit_id.eq(lead.to_string()))
                            .filter(crate::db::schema::task_units::role.eq("lead"))
                            .select(crate::db::schema::task_units::task_id),
                    ),
                );
            }
            if let Some(since) = query.updated_since {
                q = q.filter(tasks::updated_at.ge(time::from_utc(since)));
            }
            q
        };
        let total: i64 = filtered().count().get_result(conn)?;
        let q = match (query.sort.field, query.sort.descending) {
            ("updated_at", false) => filtered().order(tasks::updated_at.asc()),
            ("updated_at", true) => filtered().order(tasks::updated_at.desc()),
            (_, true) => filtered().order(tasks::number.desc()),
            (_, false) => filtered().order(tasks::number.asc()),
        };
        let rows: Vec<TaskRow> = q
            .then_order_by(tasks::id.asc())
            .offset(query.offset())
            .limit(query.limit())
            .select(TaskRow::as_select())
            .load(conn)?;
        let items = model::task_views(conn, rows)?
            .iter()
            .map(model::TaskView::to_dto)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
    })
    .await?;
    etag::hashed_json(&req, &page)
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
        diesel::insert_into(tasks::table)
            .values(&row)
            .execute(conn)?;
        model::set_task_units(conn, &row.id, &leads, &named)?;
        let dto = model::find_task(conn, &row.id)?.to_dto()?;
        Outcome::created(&dto, format!("/api/v1/tasks/{}", dto.id), dto.version)
            .map(|o| o.audit(Change::created("task", dto.id, &dto)))
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
        row.version += 1;
        row.updated_at = time::now();
        let rows = diesel::update(
            tasks::table
                .filter(tasks::id.eq(&row.id))
                .filter(tasks::version.eq(current.row.version)),
        )
        .set((
            tasks::title.eq(&row.title),
            tasks::description.eq(&row.description),
            tasks::goals.eq(&row.goals),
            tasks::responsible_kinds.eq(&row.responsible_kinds),
            tasks::version.eq(row.version),
            tasks::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
        ensure_written(rows)?;
        model::set_task_units(conn, &row.id, &leads, &named)?;
        let after = model::find_task(conn, &row.id)?.to_dto()?;
        Outcome::updated(&after, after.version)
            .map(|o| o.audit(Change::updated("task", after.id, &before, &after)))
    })
    .await
}

// ---------------------------------------------------------------- milestones

/// Filters of `GET /api/v1/milestones`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MilestoneFilter {
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    /// Milestones this unit must deliver (named, or by its kind).
    pub unit_id: Option<Uuid>,
    /// Due on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this day.
    pub due_to: Option<NaiveDate>,
}

impl ListFilter for MilestoneFilter {
    const SORT_FIELDS: &'static [&'static str] = &["due_date", "title"];
    const DEFAULT_SORT: &'static str = "due_date";
}

fn milestones_filtered<'a>(
    query: &'a ListQuery<MilestoneFilter>,
    unit_kind: Option<UnitKind>,
) -> milestones::BoxedQuery<'a, Db> {
    let f = &query.filter;
    let mut q = milestones::table.into_boxed();
    if let Some(plan) = f.plan_id {
        q = q.filter(
            milestones::task_id.eq_any(
                tasks::table
                    .filter(tasks::plan_id.eq(plan.to_string()))
                    .select(tasks::id),
            ),
        );
    }
    if let Some(task) = f.task_id {
        q = q.filter(milestones::task_id.eq(task.to_string()));
    }
    if let Some(unit) = f.unit_id {
        let named = milestones::id.eq_any(
            milestone_owners::table
                .filter(milestone_owners::unit_id.eq(unit.to_string()))
                .select(milestone_owners::milestone_id),
        );
        q = match unit_kind {
            Some(kind) => {
                q.filter(named.or(milestones::owner_kinds.like(format!("%{}%", kind.as_str()))))
            }
            None => q.filter(named),
        };
    }
    if let Some(from) = f.due_from {
        q = q.filter(milestones::due_date.ge(from));
    }
    if let Some(to) = f.due_to {
        q = q.filter(milestones::due_date.le(to));
    }
    if let Some(since) = query.updated_since {
        q = q.filter(milestones::updated_at.ge(time::from_utc(since)));
    }
    q
}

/// List milestones with each owner's derived status.
#[utoipa::path(tag = "plans", params(MilestoneFilter, crate::openapi::ListParams), responses((status = 200, body = api_types::Page<Milestone>)))]
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
        let total: i64 = milestones_filtered(&query, unit_kind)
            .count()
            .get_result(conn)?;
        let q = milestones_filtered(&query, unit_kind);
        let q = match (query.sort.field, query.sort.descending) {
            ("title", false) => q.order(milestones::title.asc()),
            ("title", true) => q.order(milestones::title.desc()),
            ("updated_at", false) => q.order(milestones::updated_at.asc()),
            ("updated_at", true) => q.order(milestones::updated_at.desc()),
            (_, true) => q.order(milestones::due_date.desc()),
            (_, false) => q.order(milestones::due_date.asc()),
        };
        let rows: Vec<MilestoneRow> = q
            .then_order_by(milestones::id.asc())
            .offset(query.offset())
            .limit(query.limit())
            .select(MilestoneRow::as_select())
            .load(conn)?;
        let items = model::milestone_dtos(conn, &rows, time::today())?;
        Ok(query.page_of(items, total))
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
    // Derived statuses change with the day and with reports: not cacheable by version.
    etag::hashed_json(&req, &milestone)
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
        diesel::insert_into(milestones::table)
            .values(&row)
            .execute(conn)?;
        model::set_owners(conn, &row.id, &owners)?;
        let dto = model::milestone_dtos(conn, std::slice::from_ref(&row), time::today())?
            .pop()
            .ok_or_else(|| ApiError::internal("milestone vanished"))?;
        Outcome::created(&dto, format!("/api/v1/milestones/{}", dto.id), dto.version)
            .map(|o| o.audit(Change::created("milestone", dto.id, &dto)))
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
        row.version += 1;
        row.updated_at = time::now();
        let rows = diesel::update(
            milestones::table
                .filter(milestones::id.eq(&row.id))
                .filter(milestones::version.eq(current.version)),
        )
        .set((
            milestones::title.eq(&row.title),
            milestones::due_date.eq(row.due_date),
            milestones::deliverable.eq(&row.deliverable),
            milestones::owner_kinds.eq(&row.owner_kinds),
            milestones::version.eq(row.version),
            milestones::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
        ensure_written(rows)?;
        let after = model::milestone_dtos(conn, std::slice::from_ref(&row), time::today())?
            .pop()
            .ok_or_else(|| ApiError::internal("milestone vanished"))?;
        Outcome::updated(&after, after.version).map(|o| {
            o.audit(Change::updated(
                "milestone",
                after.id,
                &before.first(),
                &after,
            ))
        })
    })
    .await
}

// ---------------------------------------------------------------- implementation items

/// Filters of `GET /api/v1/implementation-items`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ItemFilter {
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
}

impl ListFilter for ItemFilter {
    const SORT_FIELDS: &'static [&'static str] = &["due_date", "title"];
    const DEFAULT_SORT: &'static str = "due_date";
}

fn items_filtered(query: &ListQuery<ItemFilter>) -> implementation_items::BoxedQuery<'_, Db> {
    let f = &query.filter;
    let mut q = implementation_items::table.into_boxed();
    if let Some(plan) = f.plan_id {
        q = q.filter(
            implementation_items::task_id.eq_any(
                tasks::table
                    .filter(tasks::plan_id.eq(plan.to_string()))
                    .select(tasks::id),
            ),
        );
    }
    if let Some(task) = f.task_id {
        q = q.filter(implementation_items::task_id.eq(task.to_string()));
    }
    if let Some(unit) = f.unit_id {
        q = q.filter(implementation_items::unit_id.eq(unit.to_string()));
    }
    if let Some(since) = query.updated_since {
        q = q.filter(implementation_items::updated_at.ge(time::from_utc(since)));
    }
    q
}

/// Units' own implementation items (规定动作/自选动作).
#[utoipa::path(tag = "plans", params(ItemFilter, crate::openapi::ListParams), responses((status = 200, body = api_types::Page<ImplementationItem>)))]
#[get("/implementation-items")]
async fn list_items(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    query: ListQuery<ItemFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let total: i64 = items_filtered(&query).count().get_result(conn)?;
        let q = items_filtered(&query);
        let q = match (query.sort.field, query.sort.descending) {
            ("title", false) => q.order(implementation_items::title.asc()),
            ("title", true) => q.order(implementation_items::title.desc()),
            ("updated_at", false) => q.order(implementation_items::updated_at.asc()),
            ("updated_at", true) => q.order(implementation_items::updated_at.desc()),
            (_, true) => q.order(implementation_items::due_date.desc()),
            (_, false) => q.order(implementation_items::due_date.asc()),
        };
        let rows: Vec<ItemRow> = q
            .then_order_by(implementation_items::id.asc())
            .offset(query.offset())
            .limit(query.limit())
            .select(ItemRow::as_select())
            .load(conn)?;
        let day = time::today();
        let items = rows
            .iter()
            .map(|r| r.to_dto(day))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
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
        )
        .map(|o| o.audit(Change::created("implementation_item", dto.id, &dto)))
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
        row.version += 1;
        row.updated_at = time::now();
        let rows = diesel::update(
            implementation_items::table
                .filter(implementation_items::id.eq(&row.id))
                .filter(implementation_items::version.eq(current.version)),
        )
        .set((
            implementation_items::kind.eq(&row.kind),
            implementation_items::title.eq(&row.title),
            implementation_items::description.eq(&row.description),
            implementation_items::due_date.eq(row.due_date),
            implementation_items::completed_on.eq(row.completed_on),
            implementation_items::version.eq(row.version),
            implementation_items::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
        ensure_written(rows)?;
        let after = row.to_dto(day)?;
        Outcome::updated(&after, after.version).map(|o| {
            o.audit(Change::updated(
                "implementation_item",
                after.id,
                &before,
                &after,
            ))
        })
    })
    .await
}
