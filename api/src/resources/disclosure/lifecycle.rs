//! A record's lifecycle: publish, correct (a kept revision), withdraw with a reason.

use actix_web::{post, web, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::disclosure::{
    DisclosureCorrection, DisclosurePublication, DisclosureRecord, DisclosureStatus,
    DisclosureWithdrawal,
};

use super::model::{self};
use crate::auth::perm;
use crate::db::schema::disclosure_records;
use crate::error::ApiError;
use crate::http::extract::{Json, PathId};
use crate::http::write::{versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::calendar;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(publish_record)
        .service(correct_record)
        .service(withdraw_record);
}

/// Publish a draft (`If-Match` required): it becomes public, masked.
#[utoipa::path(
    tag = "disclosure",
    request_body = DisclosurePublication,
    params(("id" = Uuid, Path, description = "Record id"), ("If-Match" = String, Header, description = "ETag of the version published")),
    responses((status = 200, body = DisclosureRecord))
)]
#[post("/disclosure-records/{id}/publish")]
async fn publish_record(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    id: PathId,
    body: Json<DisclosurePublication>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let request = body.0;
    let sent = request.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_for_write(conn, principal, id.0, expected)?;
        if current.status()? != DisclosureStatus::Draft {
            return Err(ApiError::invalid_state("only a draft can be published"));
        }
        let day = time::today();
        let date = request.publication_date.unwrap_or(day);
        if date > day {
            return Err(ApiError::rule(
                "publication_date",
                "future_date",
                "cannot be in the future",
            ));
        }
        if date < current.decision_date {
            return Err(ApiError::rule(
                "publication_date",
                "before_decision",
                "cannot be before the decision date",
            ));
        }
        let cal = calendar::load(conn)?;
        let before = current.to_dto(&cal, day)?;
        let mut row = current.clone();
        row.status = DisclosureStatus::Published.as_str().into();
        row.publication_date = Some(date);
        versioned_save!(conn, disclosure_records, &mut row, current.version)?;
        model::record_revision(conn, &row, None, &principal.id.to_string())?;
        let after = row.to_dto(&cal, day)?;
        answer(AuditAction::Publish, &before, &after)
    })
    .await
}

/// Correct a published record (`If-Match` required): a new revision with the reason;
/// earlier revisions are kept.
#[utoipa::path(
    tag = "disclosure",
    request_body = DisclosureCorrection,
    params(("id" = Uuid, Path, description = "Record id"), ("If-Match" = String, Header, description = "ETag of the version corrected")),
    responses((status = 200, body = DisclosureRecord))
)]
#[post("/disclosure-records/{id}/correct")]
async fn correct_record(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    id: PathId,
    body: Json<DisclosureCorrection>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let correction = body.0;
    let sent = correction.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_for_write(conn, principal, id.0, expected)?;
        if !current.status()?.is_public() {
            return Err(ApiError::invalid_state(
                "only a published record can be corrected",
            ));
        }
        let day = time::today();
        let checked = model::check(conn, principal, &correction.content, Some(&current.id), day)?;
        let cal = calendar::load(conn)?;
        let before = current.to_dto(&cal, day)?;
        let mut row = current.clone();
        model::apply(&mut row, &correction.content, checked);
        row.status = DisclosureStatus::Corrected.as_str().into();
        row.revision += 1;
        row.correction_reason = Some(correction.reason.trim().to_string());
        versioned_save!(conn, disclosure_records, &mut row, current.version)?;
        model::record_revision(
            conn,
            &row,
            Some(correction.reason.trim()),
            &principal.id.to_string(),
        )?;
        let after = row.to_dto(&cal, day)?;
        answer(AuditAction::Correct, &before, &after)
    })
    .await
}

/// Withdraw a record with a reason (`If-Match` required), e.g. when the decision was
/// revoked on reconsideration. It stops being public and is kept.
#[utoipa::path(
    tag = "disclosure",
    request_body = DisclosureWithdrawal,
    params(("id" = Uuid, Path, description = "Record id"), ("If-Match" = String, Header, description = "ETag of the version withdrawn")),
    responses((status = 200, body = DisclosureRecord))
)]
#[post("/disclosure-records/{id}/withdraw")]
async fn withdraw_record(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    id: PathId,
    body: Json<DisclosureWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let withdrawal = body.0;
    let sent = withdrawal.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_for_write(conn, principal, id.0, expected)?;
        if current.status()? == DisclosureStatus::Withdrawn {
            return Err(ApiError::invalid_state("the record is already withdrawn"));
        }
        let day = time::today();
        let cal = calendar::load(conn)?;
        let before = current.to_dto(&cal, day)?;
        let mut row = current.clone();
        row.status = DisclosureStatus::Withdrawn.as_str().into();
        row.withdrawal_reason = Some(withdrawal.reason.trim().to_string());
        versioned_save!(conn, disclosure_records, &mut row, current.version)?;
        let after = row.to_dto(&cal, day)?;
        answer(AuditAction::Withdraw, &before, &after)
    })
    .await
}

/// The answer to a lifecycle step: the record after it, with its audit event.
fn answer(
    action: AuditAction,
    before: &DisclosureRecord,
    after: &DisclosureRecord,
) -> Result<Outcome, ApiError> {
    Outcome::updated(
        after,
        after.version,
        Change::transition(
            action,
            ResourceKind::DisclosureRecord,
            after.id,
            before,
            after,
        ),
    )
}
