//! Batch import of disclosure records (all-or-nothing or per record).

use actix_web::{post, web, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::disclosure::{
    BatchItemResult, BatchItemStatus, BatchMode, BatchResult, DisclosureBatch, DisclosureContent,
    DisclosureStatus,
};
use api_types::{ErrorCode, FieldError};
use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;
use validator::Validate;

use super::docno::normalise;
use super::model::{self, RecordRow};
use crate::auth::{perm, Permission, Principal};
use crate::db::schema::disclosure_records;
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::{decode_json, Json};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(batch_import);
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

/// One record of a batch as sent: its JSON, or why it was refused before it was read
/// (a spreadsheet cell that is not a date, say).
pub(super) type Sent = Result<serde_json::Value, Vec<FieldError>>;

/// What a batch did, before its mode is applied.
pub(super) struct Applied {
    pub results: Vec<BatchItemResult>,
    pub changes: Vec<Change>,
    /// Every rejected record's field errors, prefixed `records[i].`.
    pub field_errors: Vec<FieldError>,
}

impl Applied {
    pub fn count(&self, status: BatchItemStatus) -> u32 {
        u32::try_from(self.results.iter().filter(|x| x.status == status).count())
            .unwrap_or(u32::MAX)
    }

    /// For an all-or-nothing batch with a rejected record: the valid ones were not
    /// stored (the transaction is rolled back by the error that carries this).
    pub fn not_applied(&mut self) {
        for r in self
            .results
            .iter_mut()
            .filter(|r| r.status == BatchItemStatus::Created)
        {
            r.status = BatchItemStatus::NotApplied;
            r.id = None;
        }
        self.changes.clear();
    }

    /// The batch's result as the JSON batch endpoint answers it.
    pub fn result(&self, mode: BatchMode) -> BatchResult {
        BatchResult {
            mode,
            created: self.count(BatchItemStatus::Created),
            unchanged: self.count(BatchItemStatus::Unchanged),
            rejected: self.count(BatchItemStatus::Rejected),
            not_applied: self.count(BatchItemStatus::NotApplied),
            results: self.results.clone(),
        }
    }

    /// The write's outcome with `body`: every created record audited, then `summary`.
    pub fn outcome(
        self,
        body: &impl serde::Serialize,
        summary: Option<Change>,
    ) -> Result<Outcome, ApiError> {
        let mut outcome = Outcome::ok(body)?;
        for change in self.changes.into_iter().chain(summary) {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    }
}

/// Checks and stores each record in its own savepoint (so a failed one leaves nothing
/// behind) and reports each by index. Acting for a unit outside one's scope refuses
/// the whole batch: that is an authorisation error, not a bad record.
pub(super) fn apply(
    conn: &mut DbConnection,
    principal: &Principal,
    records: &[Sent],
    publish: bool,
) -> Result<Applied, ApiError> {
    let units: std::collections::BTreeSet<String> = records
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter_map(|r| r.get("issuing_unit_id").and_then(|v| v.as_str()))
        .filter_map(|u| Uuid::parse_str(u).ok())
        .map(|u| u.to_string())
        .collect();
    for unit in &units {
        principal.require_unit(conn, Permission::DisclosureWrite, unit)?;
    }
    let day = time::today();
    let mut applied = Applied {
        results: Vec::with_capacity(records.len()),
        changes: Vec::new(),
        field_errors: Vec::new(),
    };
    for (index, sent) in records.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let document_number = sent
            .as_ref()
            .ok()
            .and_then(|raw| raw.get("document_number"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let attempt = match sent {
            Ok(raw) => conn.transaction(|conn| import_one(conn, principal, raw, publish, day)),
            Err(errors) => Err(ApiError::rules(errors.clone())),
        };
        match attempt {
            Ok((Some(row), _)) => {
                let id = stored_uuid(&row.id)?;
                let after = serde_json::json!({ "content": row.content()?, "status": row.status, "batch_index": index });
                applied.changes.push(
                    Change::new(AuditAction::Create, ResourceKind::DisclosureRecord, id)
                        .with_after(&after),
                );
                applied.results.push(BatchItemResult {
                    index,
                    status: BatchItemStatus::Created,
                    id: Some(id),
                    document_number,
                    problem: None,
                });
            }
            Ok((None, existing)) => applied.results.push(BatchItemResult {
                index,
                status: BatchItemStatus::Unchanged,
                id: existing.as_deref().map(stored_uuid).transpose()?,
                document_number,
                problem: None,
            }),
            Err(err)
                if matches!(
                    err.code,
                    ErrorCode::InternalError | ErrorCode::DatabaseUnavailable
                ) =>
            {
                return Err(err)
            }
            Err(err) => {
                let prefix = format!("records[{index}]");
                if err.errors.is_empty() {
                    applied.field_errors.push(FieldError::new(
                        prefix.clone(),
                        err.code.as_str(),
                        err.detail.clone().unwrap_or_default(),
                    ));
                }
                for e in &err.errors {
                    applied.field_errors.push(FieldError {
                        field: format!("{prefix}.{}", e.field),
                        ..e.clone()
                    });
                }
                applied.results.push(BatchItemResult {
                    index,
                    status: BatchItemStatus::Rejected,
                    id: None,
                    document_number,
                    problem: Some(err.to_problem()),
                });
            }
        }
    }
    Ok(applied)
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
    let response = ctx.run(&state, &sent, move |conn, principal| {
        let records: Vec<Sent> = batch.records.into_iter().map(Ok).collect();
        let mut applied = apply(conn, principal, &records, batch.publish)?;
        let rejected = applied.count(BatchItemStatus::Rejected);
        if rejected > 0 && mode == BatchMode::AllOrNothing {
            applied.not_applied();
            let result = applied.result(mode);
            // The error rolls the whole transaction back; the report goes with it.
            let mut err = ApiError::rules(applied.field_errors);
            err.detail = Some(format!("{rejected} of {} records are invalid; nothing was stored", records.len()));
            return Err(err.with_extension("result", serde_json::to_value(&result).map_err(ApiError::internal)?));
        }
        let result = applied.result(mode);
        // A batch that created nothing still leaves a trace.
        let summary = (result.created == 0).then(|| {
            let counts = serde_json::json!({ "records": result.results.len(), "unchanged": result.unchanged, "rejected": result.rejected });
            Change::new(AuditAction::BatchUnchanged, ResourceKind::DisclosureRecord, "batch").with_after(&counts)
        });
        applied.outcome(&result, summary)
    })
    .await?;
    crate::db::refresh_statistics_after_bulk_write(&state.pool).await;
    Ok(response)
}
