//! HTTP handlers: plans and the template import.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::plans::{ImportRequest, ImportSummary, NewPlan, Plan, PlanPatch, PlanStatus};
use diesel::prelude::*;

use super::list::*;
use super::model::{self, PlanRow};
use super::template;
use super::trimmed;
use crate::auth::{perm, Authorized};
use crate::db::schema::plans;
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(import_plan)
        .service(get_plan)
        .service(create_plan)
        .service(update_plan);
}

/// List work plans (newest year first).
#[utoipa::path(tag = "plans", params(PlanFilter, crate::openapi::ListParams<PlanFilter>), responses((status = 200, body = api_types::Page<Plan>)))]
#[get("/plans")]
async fn list_plans(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::PlansRead>,
    query: ListQuery<PlanFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<PlanList>(conn, &query, &())
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
        Outcome::created(
            &dto,
            format!("/api/v1/plans/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Plan, dto.id, &dto),
        )
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
        versioned_save!(conn, plans, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::Plan, after.id, &before, &after),
        )
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
    let lead_days = state.config.reminder_lead_days;
    ctx.run(&state, &request, move |conn, _| {
        let (summary, changes) = template::import(conn, &template)?;
        // Units learn at once what the imported plan asks of them (due soon, past
        // due), not at the reminder job's next pass.
        crate::resources::notifications::reminders::run(conn, time::today(), lead_days)?;
        let mut outcome = Outcome::ok(&summary)?;
        for change in changes {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}
