//! Private HTTP handlers: entering, publishing, correcting and withdrawing records,
//! batch import, completeness.

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::disclosure::{
    BatchItemResult, BatchItemStatus, BatchMode, BatchResult, CompletenessReport, CompletenessRow,
    DisclosureBatch, DisclosureContent, DisclosureCorrection, DisclosurePublication,
    DisclosureRecord, DisclosureRevision, DisclosureStatus, DisclosureWithdrawal, PartyKind,
    Timeliness,
};
use api_types::period::Period;
use api_types::{ErrorCode, FieldError};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;
use validator::Validate;

use super::docno::normalise;
use super::model::{self, RecordRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::like_pattern;
use crate::db::schema::{disclosure_records, disclosure_revisions, units};
use crate::db::stored_uuid;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{decode_json, Json, ListFilter, ListQuery, PathId, Query};
use crate::http::write::{check_version, ensure_written, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::calendar;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(batch_import)
        .service(completeness)
        .service(list_records)
        .service(get_record)
        .service(get_revisions)
        .service(create_record)
        .service(replace_draft)
        .service(publish_record)
        .service(correct_record)
        .service(withdraw_record);
}

fn month_bounds(field: &str, month: &str) -> Result<(NaiveDate, NaiveDate), ApiError> {
    match Period::parse(month) {
        Some(p @ Period::Month { .. }) => Ok((p.start(), p.end())),
        _ => Err(ApiError::field(
            ErrorCode::InvalidQuery,
            field,
            "invalid_month",
            "must be a month like 2022-05",
        )),
    }
}

/// Filters of `GET /api/v1/disclosure-records`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordFilter {
    /// Records of this issuing unit (within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<DisclosureStatus>,
    /// Decisions in this month, e.g. `2022-05`.
    pub month: Option<String>,
    pub power_item_id: Option<Uuid>,
    pub party_kind: Option<PartyKind>,
    /// Only records flagged for a fine outside the tier's range.
    pub fine_out_of_range: Option<bool>,
    /// Text in the document number, cause or party name.
    pub q: Option<String>,
}

impl ListFilter for RecordFilter {
    const SORT_FIELDS: &'static [&'static str] =
        &["decision_date", "publication_date", "document_number"];
    const DEFAULT_SORT: &'static str = "-decision_date";
}

type Db = <DbConnection as Connection>::Backend;

fn filtered<'a>(
    query: &'a ListQuery<RecordFilter>,
    visible: &'a Option<Vec<String>>,
) -> Result<disclosure_records::BoxedQuery<'a, Db>, ApiError> {
    let f = &query.filter;
    let mut q = disclosure_records::table.into_boxed();
    if let Some(units) = visible {
        q = q.filter(disclosure_records::issuing_unit_id.eq_any(units));
    }
    if let Some(unit) = f.unit_id {
        q = q.filter(disclosure_records::issuing_unit_id.eq(unit.to_string()));
    }
    if let Some(status) = f.status {
        q = q.filter(disclosure_records::status.eq(status.as_str()));
    }
    if let Some(month) = &f.month {
        let (from, to) = month_bounds("month", month)?;
        q = q.filter(disclosure_records::decision_date.between(from, to));
    }
    if let Some(item) = f.power_item_id {
        q = q.filter(disclosure_records::power_item_id.eq(item.to_string()));
    }
    if let Some(kind) = f.party_kind {
        q = q.filter(disclosure_records::party_kind.eq(kind.as_str()));
    }
    if let Some(flag) = f.fine_out_of_range {
        q = q.filter(disclosure_records::fine_out_of_range.eq(flag));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = like_pattern(text);
        q = q.filter(
            disclosure_records::document_number
                .like(pattern.clone())
                .escape('\\')
                .or(disclosure_records::case_cause
                    .like(pattern.clone())
                    .escape('\\'))
                .or(disclosure_records::party_name.like(pattern).escape('\\')),
        );
    }
    if let Some(since) = query.updated_since {
        q = q.filter(disclosure_records::updated_at.ge(time::from_utc(since)));
    }
    Ok(q)
}

/// List disclosure records of the units in the caller's scope, with timeliness.
#[utoipa::path(tag = "disclosure", params(RecordFilter, crate::openapi::ListParams), responses((status = 200, body = api_types::Page<DisclosureRecord>)))]
#[get("/disclosure-records")]
async fn list_records(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    query: ListQuery<RecordFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        if let Some(unit) = query.filter.unit_id {
            auth.principal
                .require_unit(conn, Permission::DisclosureRead, &unit.to_string())?;
        }
        let visible = auth
            .principal
            .visible_units(conn, Permission::DisclosureRead)?
            .map(|s| s.into_iter().collect::<Vec<_>>());
        let total: i64 = filtered(&query, &visible)?.count().get_result(conn)?;
        let q = filtered(&query, &visible)?;
        let q = match (query.sort.field, query.sort.descending) {
            ("publication_date", false) => q.order(disclosure_records::publication_date.asc()),
            ("publication_date", true) => q.order(disclosure_records::publication_date.desc()),
            ("document_number", false) => q.order(disclosure_records::document_key.asc()),
            ("document_number", true) => q.order(disclosure_records::document_key.desc()),
            ("updated_at", false) => q.order(disclosure_records::updated_at.asc()),
            ("updated_at", true) => q.order(disclosure_records::updated_at.desc()),
            (_, false) => q.order(disclosure_records::decision_date.asc()),
            (_, true) => q.order(disclosure_records::decision_date.desc()),
        };
        let rows: Vec<RecordRow> = q
            .then_order_by(disclosure_records::id.asc())
            .offset(query.offset())
            .limit(query.limit())
            .select(RecordRow::as_select())
            .load(conn)?;
        let cal = calendar::load(conn)?;
        let day = time::today();
        let items = rows
            .iter()
            .map(|r| r.to_dto(&cal, day))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One record with its private fields and timeliness.
#[utoipa::path(tag = "disclosure", params(("id" = Uuid, Path, description = "Record id")), responses((status = 200, body = DisclosureRecord)))]
#[get("/disclosure-records/{id}")]
async fn get_record(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let record = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::DisclosureRead, &row.issuing_unit_id)?;
        let cal = calendar::load(conn)?;
        row.to_dto(&cal, time::today())
    })
    .await?;
    // Timeliness depends on the day as well as the row: tag the whole body.
    etag::hashed_json(&req, &record).map(|mut r| {
        if let Ok(v) =
            actix_web::http::header::HeaderValue::from_str(&etag::version_tag(record.version))
        {
            r.headers_mut().insert(actix_web::http::header::ETAG, v);
        }
        r
    })
}

/// Every public revision of a record: the first publication and each correction.
#[utoipa::path(tag = "disclosure", params(("id" = Uuid, Path, description = "Record id")), responses((status = 200, body = Vec<DisclosureRevision>)))]
#[get("/disclosure-records/{id}/revisions")]
async fn get_revisions(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let revisions = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::DisclosureRead, &row.issuing_unit_id)?;
        let rows: Vec<(i32, String, Option<String>, chrono::NaiveDateTime)> =
            disclosure_revisions::table
                .filter(disclosure_revisions::record_id.eq(&row.id))
                .order(disclosure_revisions::revision.asc())
                .select((
                    disclosure_revisions::revision,
                    disclosure_revisions::content_json,
                    disclosure_revisions::reason,
                    disclosure_revisions::recorded_at,
                ))
                .load(conn)?;
        rows.into_iter()
            .map(|(revision, json, reason, at)| {
                Ok(DisclosureRevision {
                    revision,
                    content: serde_json::from_str(&json).map_err(ApiError::internal)?,
                    reason,
                    recorded_at: time::to_utc(at),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    etag::hashed_json(&req, &revisions)
}

/// Enter a record as a draft. A fine outside the applied discretion tier's range is
/// refused unless `fine_justification` explains it; then it is stored and flagged.
#[utoipa::path(tag = "disclosure", request_body = DisclosureContent, responses((status = 201, body = DisclosureRecord)))]
#[post("/disclosure-records")]
async fn create_record(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    body: Json<DisclosureContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let day = time::today();
        let checked = model::check(conn, principal, &content, None, day)?;
        let row = model::new_row(&content, checked);
        diesel::insert_into(disclosure_records::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto(&calendar::load(conn)?, day)?;
        Outcome::created(
            &dto,
            format!("/api/v1/disclosure-records/{}", dto.id),
            dto.version,
        )
        .map(|o| o.audit(Change::created("disclosure_record", dto.id, &dto)))
    })
    .await
}

/// Replace a draft's content (`If-Match` required). Published records are corrected
/// instead.
#[utoipa::path(
    tag = "disclosure",
    request_body = DisclosureContent,
    params(("id" = Uuid, Path, description = "Record id"), ("If-Match" = String, Header, description = "ETag of the version edited")),
    responses((status = 200, body = DisclosureRecord))
)]
#[put("/disclosure-records/{id}")]
async fn replace_draft(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    id: PathId,
    body: Json<DisclosureContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::DisclosureWrite, &current.issuing_unit_id)?;
        check_version(current.version, expected)?;
        if current.status()? != DisclosureStatus::Draft {
            return Err(ApiError::invalid_state(
                "only drafts are edited; correct a published record instead",
            ));
        }
        let day = time::today();
        let checked = model::check(conn, principal, &content, Some(&current.id), day)?;
        let cal = calendar::load(conn)?;
        let before = current.to_dto(&cal, day)?;
        let mut row = current.clone();
        model::apply(&mut row, &content, checked);
        row.version += 1;
        row.updated_at = time::now();
        save(conn, &row, current.version)?;
        let after = row.to_dto(&cal, day)?;
        Outcome::updated(&after, after.version).map(|o| {
            o.audit(Change::updated(
                "disclosure_record",
                after.id,
                &before,
                &after,
            ))
        })
    })
    .await
}

/// Writes every mutable column of `row`, guarded by `expected` version.
fn save(conn: &mut DbConnection, row: &RecordRow, expected: i64) -> Result<(), ApiError> {
    let rows = diesel::update(
        disclosure_records::table
            .filter(disclosure_records::id.eq(&row.id))
            .filter(disclosure_records::version.eq(expected)),
    )
    .set((
        (
            disclosure_records::issuing_unit_id.eq(&row.issuing_unit_id),
            disclosure_records::document_number.eq(&row.document_number),
            disclosure_records::document_key.eq(&row.document_key),
            disclosure_records::case_cause.eq(&row.case_cause),
            disclosure_records::party_kind.eq(&row.party_kind),
            disclosure_records::party_name.eq(&row.party_name),
            disclosure_records::party_credit_code.eq(&row.party_credit_code),
            disclosure_records::party_id_number.eq(&row.party_id_number),
            disclosure_records::public_party_name.eq(&row.public_party_name),
            disclosure_records::public_case_cause.eq(&row.public_case_cause),
            disclosure_records::legal_basis.eq(&row.legal_basis),
            disclosure_records::fine_fen.eq(row.fine_fen),
            disclosure_records::confiscated_fen.eq(row.confiscated_fen),
            disclosure_records::other_measures.eq(&row.other_measures),
            disclosure_records::execution_status.eq(&row.execution_status),
        ),
        (
            disclosure_records::decision_date.eq(row.decision_date),
            disclosure_records::power_item_id.eq(&row.power_item_id),
            disclosure_records::discretion_tier.eq(&row.discretion_tier),
            disclosure_records::benchmark_id.eq(&row.benchmark_id),
            disclosure_records::fine_justification.eq(&row.fine_justification),
            disclosure_records::fine_out_of_range.eq(row.fine_out_of_range),
            disclosure_records::status.eq(&row.status),
            disclosure_records::revision.eq(row.revision),
            disclosure_records::publication_date.eq(row.publication_date),
            disclosure_records::correction_reason.eq(&row.correction_reason),
            disclosure_records::withdrawal_reason.eq(&row.withdrawal_reason),
            disclosure_records::version.eq(row.version),
            disclosure_records::updated_at.eq(row.updated_at),
        ),
    ))
    .execute(conn)?;
    ensure_written(rows)
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
        let current = model::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::DisclosureWrite, &current.issuing_unit_id)?;
        check_version(current.version, expected)?;
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
        row.version += 1;
        row.updated_at = time::now();
        save(conn, &row, current.version)?;
        model::record_revision(conn, &row, None, &principal.id.to_string())?;
        let after = row.to_dto(&cal, day)?;
        Outcome::updated(&after, after.version).map(|o| {
            o.audit(
                Change::new("publish", "disclosure_record", after.id)
                    .with_before(&before)
                    .with_after(&after),
            )
        })
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
        let current = model::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::DisclosureWrite, &current.issuing_unit_id)?;
        check_version(current.version, expected)?;
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
        row.version += 1;
        row.updated_at = time::now();
        save(conn, &row, current.version)?;
        model::record_revision(
            conn,
            &row,
            Some(correction.reason.trim()),
            &principal.id.to_string(),
        )?;
        let after = row.to_dto(&cal, day)?;
        Outcome::updated(&after, after.version).map(|o| {
            o.audit(
                Change::new("correct", "disclosure_record", after.id)
                    .with_before(&before)
                    .with_after(&after),
            )
        })
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
        let current = model::find(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::DisclosureWrite, &current.issuing_unit_id)?;
        check_version(current.version, expected)?;
        if current.status()? == DisclosureStatus::Withdrawn {
            return Err(ApiError::invalid_state("the record is already withdrawn"));
        }
        let day = time::today();
        let cal = calendar::load(conn)?;
        let before = current.to_dto(&cal, day)?;
        let mut row = current.clone();
        row.status = DisclosureStatus::Withdrawn.as_str().into();
        row.withdrawal_reason = Some(withdrawal.reason.trim().to_string());
        row.version += 1;
        row.updated_at = time::now();
        save(conn, &row, current.version)?;
        let after = row.to_dto(&cal, day)?;
        Outcome::updated(&after, after.version).map(|o| {
            o.audit(
                Change::new("withdraw", "disclosure_record", after.id)
                    .with_before(&before)
                    .with_after(&after),
            )
        })
    })
    .await
}

/// Checks and stores one batch record; `Ok(None)` when an identical record exists.
fn import_one(
    conn: &mut DbConnection,
    principal: &Principal,
    raw: &serde_json::Value,
    publish: bool,
    day: NaiveDate,
) -> Result<(Option<RecordRow>, Option<String>), ApiError> {
    let bytes = serde_json::to_vec(raw).map_err(ApiError::internal)?;
    let content: DisclosureContent = decode_json(&bytes)?;
    content.validate().map_err(|e| ApiError::validation(&e))?;
    let key = normalise(&content.document_number);
    let existing: Option<RecordRow> = disclosure_records::table
        .filter(disclosure_records::issuing_unit_id.eq(content.issuing_unit_id.to_string()))
        .filter(disclosure_records::document_key.eq(&key))
        .select(RecordRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(existing) = existing {
        principal.require_unit(conn, Permission::DisclosureWrite, &existing.issuing_unit_id)?;
        // The same document sent again: fine if it says the same thing.
        let mut stored = existing.content()?;
        stored.document_number = content.document_number.trim().to_string();
        let mut sent = content.clone();
        sent.document_number = stored.document_number.clone();
        if normalised(&stored) == normalised(&sent) {
            return Ok((None, Some(existing.id)));
        }
        return Err(ApiError::duplicate(
            "document_number",
            format!(
                "the unit already has a different record with document number {}; correct it instead",
                existing.document_number
            ),
        ));
    }
    let checked = model::check(conn, principal, &content, None, day)?;
    let mut row = model::new_row(&content, checked);
    if publish {
        row.status = DisclosureStatus::Published.as_str().into();
        row.publication_date = Some(day.max(row.decision_date));
    }
    diesel::insert_into(disclosure_records::table)
        .values(&row)
        .execute(conn)?;
    if publish {
        model::record_revision(conn, &row, None, &principal.id.to_string())?;
    }
    Ok((Some(row), None))
}

/// Content with free text trimmed, for comparing a resent record with the stored one.
fn normalised(c: &DisclosureContent) -> serde_json::Value {
    let mut value = serde_json::to_value(c).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        for v in map.values_mut() {
            if let Some(s) = v.as_str() {
                let t = s.trim();
                *v = if t.is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::Value::String(t.to_string())
                };
            }
        }
    }
    value
}

/// Import up to 1,000 records from another system. Each record is validated on its own
/// and reported by index. `each_record` stores the valid ones; `all_or_nothing` stores
/// none unless all are valid (then the answer is 422 with the results). A record whose
/// issuing unit and document number are already stored with the same content is
/// `unchanged`, so a batch can be resent safely. A record for a unit outside the
/// caller's scope makes the whole batch 403.
#[utoipa::path(
    tag = "disclosure",
    request_body = DisclosureBatch,
    responses(
        (status = 200, body = BatchResult),
        (status = 422, description = "All-or-nothing batch with an invalid record: a problem whose `result` member is the BatchResult", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[post("/disclosure-records:batch")]
async fn batch_import(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    body: Json<DisclosureBatch>,
) -> Result<HttpResponse, ApiError> {
    let batch = body.0;
    let mode = batch.mode;
    let sent = serde_json::json!({ "mode": batch.mode, "publish": batch.publish, "records": batch.records });
    ctx.run(&state, &sent, move |conn, principal| {
        // Acting for a unit outside one's scope is refused for the whole batch: that is
        // an authorisation error, not a bad record.
        let units: std::collections::BTreeSet<String> = batch
            .records
            .iter()
            .filter_map(|r| r.get("issuing_unit_id").and_then(|v| v.as_str()))
            .filter_map(|u| Uuid::parse_str(u).ok())
            .map(|u| u.to_string())
            .collect();
        for unit in &units {
            principal.require_unit(conn, Permission::DisclosureWrite, unit)?;
        }
        let day = time::today();
        let mut results = Vec::with_capacity(batch.records.len());
        let mut changes = Vec::new();
        let mut field_errors = Vec::new();
        for (index, raw) in batch.records.iter().enumerate() {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let document_number = raw.get("document_number").and_then(|v| v.as_str()).map(str::to_string);
            // Each record in its own savepoint, so a failed one leaves nothing behind.
            let attempt = conn.transaction(|conn| import_one(conn, principal, raw, batch.publish, day));
            match attempt {
                Ok((Some(row), _)) => {
                    let id = stored_uuid(&row.id)?;
                    let after = serde_json::json!({ "content": row.content()?, "status": row.status, "batch_index": index });
                    changes.push(Change::new("create", "disclosure_record", id).with_after(&after));
                    results.push(BatchItemResult { index, status: BatchItemStatus::Created, id: Some(id), document_number, problem: None });
                }
                Ok((None, existing)) => results.push(BatchItemResult {
                    index,
                    status: BatchItemStatus::Unchanged,
                    id: existing.as_deref().map(stored_uuid).transpose()?,
                    document_number,
                    problem: None,
                }),
                Err(err) if matches!(err.code, ErrorCode::InternalError | ErrorCode::DatabaseUnavailable) => return Err(err),
                Err(err) => {
                    let prefix = format!("records[{index}]");
                    if err.errors.is_empty() {
                        field_errors.push(FieldError {
                            field: prefix.clone(),
                            code: err.code.as_str().into(),
                            message: err.detail.clone().unwrap_or_default(),
                        });
                    }
                    for e in &err.errors {
                        field_errors.push(FieldError {
                            field: format!("{prefix}.{}", e.field),
                            code: e.code.clone(),
                            message: e.message.clone(),
                        });
                    }
                    results.push(BatchItemResult { index, status: BatchItemStatus::Rejected, id: None, document_number, problem: Some(err.to_problem()) });
                }
            }
        }
        let count = |s: BatchItemStatus, r: &[BatchItemResult]| u32::try_from(r.iter().filter(|x| x.status == s).count()).unwrap_or(u32::MAX);
        let rejected = count(BatchItemStatus::Rejected, &results);
        if rejected > 0 && mode == BatchMode::AllOrNothing {
            for r in results.iter_mut().filter(|r| r.status == BatchItemStatus::Created) {
                r.status = BatchItemStatus::NotApplied;
                r.id = None;
            }
            let result = BatchResult {
                mode,
                created: 0,
                unchanged: count(BatchItemStatus::Unchanged, &results),
                rejected,
                not_applied: count(BatchItemStatus::NotApplied, &results),
                results,
            };
            // The error rolls the whole transaction back; the report goes with it.
            let detail = format!("{rejected} of {} records are invalid; nothing was stored", result.results.len());
            let mut err = ApiError::rules(field_errors);
            err.detail = Some(detail);
            return Err(err.with_extension("result", serde_json::to_value(&result).map_err(ApiError::internal)?));
        }
        let result = BatchResult {
            mode,
            created: count(BatchItemStatus::Created, &results),
            unchanged: count(BatchItemStatus::Unchanged, &results),
            rejected,
            not_applied: 0,
            results,
        };
        let mut outcome = Outcome::ok(&result)?;
        for change in changes {
            outcome = outcome.audit(change);
        }
        if result.created == 0 {
            let summary = serde_json::json!({ "records": result.results.len(), "unchanged": result.unchanged, "rejected": result.rejected });
            outcome = outcome.audit(Change::new("batch_unchanged", "disclosure_record", "batch").with_after(&summary));
        }
        Ok(outcome)
    })
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CompletenessParams {
    /// The month, e.g. `2022-05`.
    month: String,
    /// One unit (within the caller's scope); default: every unit in scope with decisions.
    unit_id: Option<Uuid>,
}

/// Per unit and month: decisions, publications (on time / late), unpublished past the
/// deadline, and completeness = published / decided.
#[utoipa::path(tag = "disclosure", params(CompletenessParams), responses((status = 200, body = CompletenessReport)))]
#[get("/disclosure-records/completeness")]
async fn completeness(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    params: Query<CompletenessParams>,
) -> Result<HttpResponse, ApiError> {
    let CompletenessParams { month, unit_id } = params.0;
    let (from, to) = month_bounds("month", &month)?;
    let report = db::run(&state.pool, move |conn| {
        if let Some(unit) = unit_id {
            auth.principal
                .require_unit(conn, Permission::DisclosureRead, &unit.to_string())?;
        }
        let visible = auth
            .principal
            .visible_units(conn, Permission::DisclosureRead)?;
        let mut q = disclosure_records::table
            .filter(disclosure_records::decision_date.between(from, to))
            .filter(disclosure_records::status.ne(DisclosureStatus::Withdrawn.as_str()))
            .into_boxed();
        if let Some(unit) = unit_id {
            q = q.filter(disclosure_records::issuing_unit_id.eq(unit.to_string()));
        } else if let Some(units) = &visible {
            q = q.filter(
                disclosure_records::issuing_unit_id
                    .eq_any(units.iter().cloned().collect::<Vec<_>>()),
            );
        }
        let rows: Vec<(String, String, NaiveDate, Option<NaiveDate>)> = q
            .select((
                disclosure_records::issuing_unit_id,
                disclosure_records::status,
                disclosure_records::decision_date,
                disclosure_records::publication_date,
            ))
            .load(conn)?;
        let cal = calendar::load(conn)?;
        let day = time::today();
        let mut per_unit: HashMap<String, CompletenessRow> = HashMap::new();
        if let Some(unit) = unit_id {
            per_unit.insert(unit.to_string(), empty_row(unit));
        }
        for (unit, status, decided, published) in rows {
            let row = per_unit
                .entry(unit.clone())
                .or_insert_with(|| empty_row(stored_uuid(&unit).unwrap_or_default()));
            row.decided += 1;
            let public = DisclosureStatus::parse(&status).is_some_and(|s| s.is_public());
            let (_, timeliness, _) =
                model::timeliness(decided, if public { published } else { None }, day, &cal);
            if public {
                row.published += 1;
            }
            match timeliness {
                Timeliness::OnTime => row.on_time += 1,
                Timeliness::Late => row.late += 1,
                Timeliness::Overdue => row.overdue += 1,
                Timeliness::Pending => {}
            }
        }
        let names: Vec<(String, String, String)> = units::table
            .order((units::sort_order.asc(), units::code.asc()))
            .select((units::id, units::code, units::name))
            .load(conn)?;
        let mut rows = Vec::new();
        for (id, code, name) in names {
            if let Some(mut row) = per_unit.remove(&id) {
                row.unit_code = code;
                row.unit_name = name;
                row.completeness =
                    (row.decided > 0).then(|| f64::from(row.published) / f64::from(row.decided));
                rows.push(row);
            }
        }
        Ok(CompletenessReport { month, rows })
    })
    .await?;
    etag::hashed_json(&req, &report)
}

fn empty_row(unit: Uuid) -> CompletenessRow {
    CompletenessRow {
        unit_id: unit,
        unit_code: String::new(),
        unit_name: String::new(),
        decided: 0,
        published: 0,
        on_time: 0,
        late: 0,
        overdue: 0,
        completeness: None,
    }
}
