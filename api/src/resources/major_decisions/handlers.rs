//! HTTP handlers for major decisions.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::statistics::{
    DecisionMade, DecisionStatus, DecisionStep, DecisionStepEntry, DecisionStepRecord,
    MajorDecision, NewMajorDecision,
};
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{DecisionFilter, DecisionList};
use super::model::{self, DecisionRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::major_decisions;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_decisions)
        .service(create_decision)
        .service(get_decision)
        .service(record_step)
        .service(decide)
        .service(attach_decision_evidence);
}

/// Major decisions of the units in the caller's scope, newest first.
#[utoipa::path(tag = "major-decisions", params(DecisionFilter, crate::openapi::ListParams<DecisionFilter>), responses((status = 200, body = api_types::Page<MajorDecision>)))]
#[get("/major-decisions")]
async fn list_decisions(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::MajorDecisionsRead>,
    query: ListQuery<DecisionFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::MajorDecisionsRead,
            query.filter.unit_id,
        )?;
        db::list::page::<DecisionList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One decision with its steps and the steps still missing.
#[utoipa::path(tag = "major-decisions", params(("id" = Uuid, Path, description = "Decision id")), responses((status = 200, body = MajorDecision)))]
#[get("/major-decisions/{id}")]
async fn get_decision(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::MajorDecisionsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let decision = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::MajorDecisionsRead, &row.unit_id)?;
        model::dto(conn, &row)
    })
    .await?;
    etag::versioned_json(&req, decision.version, &decision)
}

/// Register a major decision of a unit in the caller's scope; its procedure begins.
#[utoipa::path(tag = "major-decisions", request_body = NewMajorDecision, responses((status = 201, body = MajorDecision)))]
#[post("/major-decisions")]
async fn create_decision(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::MajorDecisionsWrite>,
    body: Json<NewMajorDecision>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let unit = new.unit_id.to_string();
        principal.require_unit(conn, Permission::MajorDecisionsWrite, &unit)?;
        let now = time::now();
        let row = DecisionRow {
            id: time::new_id(),
            unit_id: unit,
            title: new.title.trim().to_string(),
            summary: new.summary.trim().to_string(),
            status: DecisionStatus::InProcedure.as_str().into(),
            steps: "[]".into(),
            decided_on: None,
            document_number: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(major_decisions::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto(Vec::new())?;
        Outcome::created(
            &dto,
            format!("/api/v1/major-decisions/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::MajorDecision, dto.id, &dto),
        )
    })
    .await
}

/// Loads a decision for a write by the caller at version `expected`.
fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<DecisionRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::MajorDecisionsWrite, &row.unit_id)?;
    check_version(row.version, expected)?;
    Ok(row)
}

/// Record a step of the procedure as done on a day, or declare it not applicable with
/// a reason (only 公众参与, 专家论证 and 风险评估 may be); recording a step again replaces
/// it. 公布 is recorded after the decision and publishes it (`If-Match`).
#[utoipa::path(
    tag = "major-decisions",
    request_body = DecisionStepEntry,
    params(("id" = Uuid, Path, description = "Decision id"), ("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses((status = 200, body = MajorDecision))
)]
#[post("/major-decisions/{id}/steps")]
async fn record_step(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::MajorDecisionsWrite>,
    id: PathId,
    body: Json<DecisionStepEntry>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let entry = body.0;
    let sent = entry.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        model::check_step(&entry, current.status()?, time::today())?;
        if let (DecisionStep::Publication, Some(day), Some(decided)) =
            (entry.step, entry.done_on, current.decided_on)
        {
            if day < decided {
                return Err(ApiError::rule(
                    "done_on",
                    "before_decided_on",
                    "must not be before the decision",
                ));
            }
        }
        let before = model::dto(conn, &current)?;
        let mut steps: Vec<DecisionStepRecord> = current
            .steps()?
            .into_iter()
            .filter(|s| s.step != entry.step)
            .collect();
        steps.push(DecisionStepRecord {
            step: entry.step,
            done_on: entry.done_on,
            note: entry.note.as_deref().map(|n| n.trim().to_string()),
            not_applicable_reason: entry
                .not_applicable_reason
                .as_deref()
                .map(|r| r.trim().to_string()),
            recorded_by_name: principal.name.clone(),
            recorded_at: time::to_utc(time::now()),
        });
        steps.sort_by_key(|s| s.step);
        let mut next = current.clone();
        next.steps = serde_json::to_string(&steps).map_err(ApiError::internal)?;
        let action = if entry.step == DecisionStep::Publication {
            next.status = DecisionStatus::Published.as_str().into();
            AuditAction::Publish
        } else {
            AuditAction::Update
        };
        versioned_save!(conn, major_decisions, &mut next, current.version)?;
        let after = model::dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                action,
                ResourceKind::MajorDecision,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Mark the decision decided by the collective meeting (`If-Match`): refused while a
/// step before the decision is missing (422 `steps_missing` naming them).
#[utoipa::path(
    tag = "major-decisions",
    request_body = DecisionMade,
    params(("id" = Uuid, Path, description = "Decision id"), ("If-Match" = String, Header, description = "ETag of the version being decided")),
    responses((status = 200, body = MajorDecision))
)]
#[post("/major-decisions/{id}/decide")]
async fn decide(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::MajorDecisionsWrite>,
    id: PathId,
    body: Json<DecisionMade>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let made = body.0;
    let sent = made.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        if current.status()? != DecisionStatus::InProcedure {
            return Err(ApiError::invalid_state("the decision is already decided"));
        }
        let steps = current.steps()?;
        let missing = model::missing_steps(&steps);
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|s| s.label_zh()).collect();
            return Err(ApiError::rule(
                "steps",
                "steps_missing",
                format!(
                    "steps still to do before the decision: {}",
                    names.join("、")
                ),
            ));
        }
        if made.decided_on > time::today() {
            return Err(ApiError::rule(
                "decided_on",
                "future_date",
                "must not be after today",
            ));
        }
        if steps
            .iter()
            .filter_map(|s| s.done_on)
            .any(|d| d > made.decided_on)
        {
            return Err(ApiError::rule(
                "decided_on",
                "before_steps",
                "must not be before a step of the procedure",
            ));
        }
        let before = model::dto(conn, &current)?;
        let mut next = current.clone();
        next.status = DecisionStatus::Decided.as_str().into();
        next.decided_on = Some(made.decided_on);
        next.document_number = Some(made.document_number.trim().to_string());
        versioned_save!(conn, major_decisions, &mut next, current.version)?;
        let after = model::dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Decide,
                ResourceKind::MajorDecision,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Attach a file to the decision's evidence (`multipart/form-data`, one part `file`):
/// by the decision's unit until it is published.
#[utoipa::path(
    tag = "major-decisions",
    params(("id" = Uuid, Path, description = "Decision id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The file store cannot be reached", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[post("/major-decisions/{id}/attachments")]
async fn attach_decision_evidence(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AttachmentsWrite>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(
        req,
        state,
        ctx,
        payload,
        &super::evidence::EVIDENCE,
        id.0,
    )
    .await
}
