//! HTTP handlers for risk assessments.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::statistics::{RiskAssessment, RiskAssessmentContent, RiskReview, RiskStatus};
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{AssessmentFilter, AssessmentList};
use super::model::{self, AssessmentRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::risk_assessments;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_assessments)
        .service(create_assessment)
        .service(get_assessment)
        .service(update_assessment)
        .service(sign_off)
        .service(approve);
}

/// Risk assessments of the units in the caller's scope, by activity date.
#[utoipa::path(tag = "risk-assessments", params(AssessmentFilter, crate::openapi::ListParams<AssessmentFilter>), responses((status = 200, body = api_types::Page<RiskAssessment>)))]
#[get("/risk-assessments")]
async fn list_assessments(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::RiskAssessmentsRead>,
    query: ListQuery<AssessmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::RiskAssessmentsRead,
            query.filter.unit_id,
        )?;
        db::list::page::<AssessmentList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One assessment; whether it is cleared depends on the day (`ETag` with the day).
#[utoipa::path(tag = "risk-assessments", params(("id" = Uuid, Path, description = "Assessment id")), responses((status = 200, body = RiskAssessment)))]
#[get("/risk-assessments/{id}")]
async fn get_assessment(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::RiskAssessmentsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let today = time::today();
    let assessment = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::RiskAssessmentsRead, &row.unit_id)?;
        row.to_dto(today)
    })
    .await?;
    etag::tagged_json(
        &req,
        etag::version_day_tag(assessment.version, today),
        &assessment,
    )
}

/// Assess a major enforcement activity of a unit in the caller's scope (a draft).
#[utoipa::path(tag = "risk-assessments", request_body = RiskAssessmentContent, responses((status = 201, body = RiskAssessment)))]
#[post("/risk-assessments")]
async fn create_assessment(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::RiskAssessmentsWrite>,
    body: Json<RiskAssessmentContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_unit(
            conn,
            Permission::RiskAssessmentsWrite,
            &content.unit_id.to_string(),
        )?;
        let now = time::now();
        let mut row = AssessmentRow {
            id: time::new_id(),
            unit_id: String::new(),
            activity: String::new(),
            activity_date: content.activity_date,
            place: String::new(),
            items: String::new(),
            score: 0,
            level: String::new(),
            status: RiskStatus::Draft.as_str().into(),
            sign_off_opinion: None,
            signed_off_by_name: None,
            signed_off_at: None,
            approval_opinion: None,
            approved_by_name: None,
            approved_at: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content)?;
        diesel::insert_into(risk_assessments::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto(time::today())?;
        Outcome::created(
            &dto,
            format!("/api/v1/risk-assessments/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::RiskAssessment, dto.id, &dto),
        )
    })
    .await
}

/// Loads an assessment at version `expected` for `permission` on its unit.
fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    permission: Permission,
    id: Uuid,
    expected: i64,
) -> Result<AssessmentRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    principal.require_unit(conn, permission, &row.unit_id)?;
    check_version(row.version, expected)?;
    Ok(row)
}

/// Replace a draft's activity and risks (`If-Match`); the unit may change only within
/// the caller's scope. A signed-off assessment is not edited.
#[utoipa::path(
    tag = "risk-assessments",
    request_body = RiskAssessmentContent,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, body = RiskAssessment))
)]
#[put("/risk-assessments/{id}")]
async fn update_assessment(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::RiskAssessmentsWrite>,
    id: PathId,
    body: Json<RiskAssessmentContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(
            conn,
            principal,
            Permission::RiskAssessmentsWrite,
            id.0,
            expected,
        )?;
        principal.require_unit(
            conn,
            Permission::RiskAssessmentsWrite,
            &content.unit_id.to_string(),
        )?;
        if current.status()? != RiskStatus::Draft {
            return Err(ApiError::invalid_state(
                "only a draft assessment is changed",
            ));
        }
        let today = time::today();
        let before = current.to_dto(today)?;
        let mut next = current.clone();
        next.apply(&content)?;
        versioned_save!(conn, risk_assessments, &mut next, current.version)?;
        let after = next.to_dto(today)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::RiskAssessment, after.id, &before, &after),
        )
    })
    .await
}

/// The unit's reviewer signs the draft off with an opinion (`If-Match`). Below high
/// risk the activity is then cleared; at high risk it waits for the city bureau.
#[utoipa::path(
    tag = "risk-assessments",
    request_body = RiskReview,
    params(("id" = Uuid, Path, description = "Assessment id"), ("If-Match" = String, Header, description = "ETag of the version being signed off")),
    responses((status = 200, body = RiskAssessment))
)]
#[post("/risk-assessments/{id}/sign-off")]
async fn sign_off(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::RiskAssessmentsWrite>,
    id: PathId,
    body: Json<RiskReview>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let review = body.0;
    let sent = review.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(
            conn,
            principal,
            Permission::RiskAssessmentsWrite,
            id.0,
            expected,
        )?;
        if current.status()? != RiskStatus::Draft {
            return Err(ApiError::invalid_state(
                "the assessment is already signed off",
            ));
        }
        let today = time::today();
        let before = current.to_dto(today)?;
        let mut next = current.clone();
        next.status = RiskStatus::SignedOff.as_str().into();
        next.sign_off_opinion = Some(review.opinion.trim().to_string());
        next.signed_off_by_name = Some(principal.name.clone());
        next.signed_off_at = Some(time::now());
        versioned_save!(conn, risk_assessments, &mut next, current.version)?;
        let after = next.to_dto(today)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::SignOff,
                ResourceKind::RiskAssessment,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// The city bureau approves a signed-off assessment (`If-Match`); needed before the
/// activity's date at high risk and above.
#[utoipa::path(
    tag = "risk-assessments",
    request_body = RiskReview,
    params(("id" = Uuid, Path, description = "Assessment id"), ("If-Match" = String, Header, description = "ETag of the version being approved")),
    responses((status = 200, body = RiskAssessment))
)]
#[post("/risk-assessments/{id}/approve")]
async fn approve(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::RiskAssessmentsApprove>,
    id: PathId,
    body: Json<RiskReview>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let review = body.0;
    let sent = review.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(
            conn,
            principal,
            Permission::RiskAssessmentsApprove,
            id.0,
            expected,
        )?;
        match current.status()? {
            RiskStatus::SignedOff => {}
            RiskStatus::Draft => {
                return Err(ApiError::invalid_state(
                    "the unit's reviewer signs the assessment off first",
                ))
            }
            RiskStatus::Approved => {
                return Err(ApiError::invalid_state(
                    "the assessment is already approved",
                ))
            }
        }
        let today = time::today();
        let before = current.to_dto(today)?;
        let mut next = current.clone();
        next.status = RiskStatus::Approved.as_str().into();
        next.approval_opinion = Some(review.opinion.trim().to_string());
        next.approved_by_name = Some(principal.name.clone());
        next.approved_at = Some(time::now());
        versioned_save!(conn, risk_assessments, &mut next, current.version)?;
        let after = next.to_dto(today)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Approve,
                ResourceKind::RiskAssessment,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}
