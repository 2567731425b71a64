//! Rows of case outcomes and veto events, their rules, and what a decided outcome does:
//! a revoked, altered or illegal decision's public record says so, and a revocation on
//! reconsideration or a lost suit raises the unit's veto event for the year, once.

use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::cases::{
    CaseOutcome, CourtInstance, OutcomeContent, OutcomeKind, OutcomeResult, Verdict, VetoEvent,
    VetoKind,
};
use api_types::disclosure::Overturned;
use api_types::{FieldError, Permission};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::policy::subtree;
use crate::auth::Principal;
use crate::db::schema::{case_outcomes, disclosure_records, veto_events};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;
use crate::resources::audit_events::Change;
use crate::spreadsheet::names;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = case_outcomes, treat_none_as_null = true)]
pub struct OutcomeRow {
    pub id: String,
    pub unit_id: String,
    pub disclosure_record_id: Option<String>,
    pub document_number: String,
    pub kind: String,
    pub instance: Option<String>,
    pub body: String,
    pub filed_on: NaiveDate,
    pub result: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub note: String,
    pub external_id: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = veto_events)]
pub struct VetoRow {
    pub id: String,
    pub unit_id: String,
    pub year: i32,
    pub kind: String,
    pub outcome_id: String,
    pub document_number: String,
    pub occurred_on: NaiveDate,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn stored<T>(value: Option<T>, what: &str) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::internal(format!("stored outcome {what}")))
}

impl OutcomeRow {
    pub fn new(content: &OutcomeContent, principal: &Principal) -> OutcomeRow {
        let now = time::now();
        let mut row = OutcomeRow {
            id: time::new_id(),
            unit_id: String::new(),
            disclosure_record_id: None,
            document_number: String::new(),
            kind: String::new(),
            instance: None,
            body: String::new(),
            filed_on: content.filed_on,
            result: None,
            decided_on: None,
            note: String::new(),
            external_id: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(content);
        row
    }

    pub fn apply(&mut self, content: &OutcomeContent) {
        self.unit_id = content.unit_id.to_string();
        self.disclosure_record_id = content.disclosure_record_id.map(|id| id.to_string());
        self.document_number = content.document_number.trim().to_string();
        self.kind = content.kind.as_str().into();
        self.instance = content.instance.map(|i| i.as_str().into());
        self.body = content.body.trim().to_string();
        self.filed_on = content.filed_on;
        self.result = content.result.map(|r| r.as_str().into());
        self.decided_on = content.decided_on;
        self.note = content.note.trim().to_string();
        self.external_id = content.external_id.as_ref().map(|id| id.trim().to_string());
    }

    pub fn content(&self) -> Result<OutcomeContent, ApiError> {
        Ok(OutcomeContent {
            unit_id: stored_uuid(&self.unit_id)?,
            disclosure_record_id: self
                .disclosure_record_id
                .as_deref()
                .map(stored_uuid)
                .transpose()?,
            document_number: self.document_number.clone(),
            kind: stored(OutcomeKind::parse(&self.kind), "kind")?,
            instance: self
                .instance
                .as_deref()
                .map(|i| stored(CourtInstance::parse(i), "instance"))
                .transpose()?,
            body: self.body.clone(),
            filed_on: self.filed_on,
            result: self
                .result
                .as_deref()
                .map(|r| stored(OutcomeResult::parse(r), "result"))
                .transpose()?,
            decided_on: self.decided_on,
            note: self.note.clone(),
            external_id: self.external_id.clone(),
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<OutcomeRow, ApiError> {
    case_outcomes::table
        .find(id)
        .select(OutcomeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("case outcome"))
}

/// Outcomes as read (unit names, veto events and files in three queries).
pub fn dtos(conn: &mut DbConnection, rows: &[OutcomeRow]) -> Result<Vec<CaseOutcome>, ApiError> {
    let units = names::units(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let vetoes: std::collections::HashMap<String, String> = veto_events::table
        .filter(veto_events::outcome_id.eq_any(&ids))
        .select((veto_events::outcome_id, veto_events::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut files =
        crate::resources::attachments::model::of_owners(conn, ResourceKind::CaseOutcome, &ids)?;
    rows.iter()
        .map(|r| {
            let content = r.content()?;
            let verdict = match (content.kind, content.result) {
                (OutcomeKind::Litigation, Some(result)) => Some(Verdict::of(result)),
                _ => None,
            };
            Ok(CaseOutcome {
                id: stored_uuid(&r.id)?,
                unit_name: units.get(&content.unit_id).cloned().unwrap_or_default(),
                content,
                verdict,
                veto_event_id: vetoes.get(&r.id).map(|v| stored_uuid(v)).transpose()?,
                attachments: files.remove(&r.id).unwrap_or_default(),
                version: r.version,
                created_at: time::to_utc(r.created_at),
                updated_at: time::to_utc(r.updated_at),
            })
        })
        .collect()
}

pub fn dto(conn: &mut DbConnection, row: &OutcomeRow) -> Result<CaseOutcome, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("case outcome read back"))
}

/// Checks `content` for writing by `principal`: the unit in scope, the instance for a
/// suit only, the dates, and the disclosure record (of the unit or below, with the
/// same document number).
pub fn check(
    conn: &mut DbConnection,
    principal: &Principal,
    content: &OutcomeContent,
) -> Result<(), ApiError> {
    let unit = content.unit_id.to_string();
    principal.require_unit(conn, Permission::CaseOutcomesWrite, &unit)?;
    let mut errors = Vec::new();
    match (content.kind, content.instance) {
        (OutcomeKind::Litigation, None) => errors.push(FieldError::new(
            "instance",
            "required_for_litigation",
            "say which instance the court decided (一审、二审、再审)",
        )),
        (OutcomeKind::Reconsideration, Some(_)) => errors.push(FieldError::new(
            "instance",
            "only_for_litigation",
            "a reconsideration has no instance",
        )),
        _ => {}
    }
    let today = time::today();
    if content.filed_on > today {
        errors.push(FieldError::new(
            "filed_on",
            "in_the_future",
            "the filing date cannot be in the future",
        ));
    }
    match (content.result, content.decided_on) {
        (Some(_), None) => errors.push(FieldError::new(
            "decided_on",
            "required_with_result",
            "give the date of the decision or judgment with its result",
        )),
        (None, Some(_)) => errors.push(FieldError::new(
            "result",
            "required_with_date",
            "give the result with the date of the decision",
        )),
        (Some(_), Some(on)) if on < content.filed_on => errors.push(FieldError::new(
            "decided_on",
            "before_filed_on",
            "the decision cannot come before the filing",
        )),
        (Some(_), Some(on)) if on > today => errors.push(FieldError::new(
            "decided_on",
            "in_the_future",
            "record the result once it is decided",
        )),
        _ => {}
    }
    if let Some(record) = content.disclosure_record_id {
        let found: Option<(String, String)> = disclosure_records::table
            .find(record.to_string())
            .select((
                disclosure_records::issuing_unit_id,
                disclosure_records::document_number,
            ))
            .first(conn)
            .optional()?;
        match found {
            None => errors.push(FieldError::new(
                "disclosure_record_id",
                "unknown",
                "no such disclosure record",
            )),
            Some((issuer, _)) if !subtree(conn, &unit)?.contains(&issuer) => {
                errors.push(FieldError::new(
                    "disclosure_record_id",
                    "not_of_the_unit",
                    "the decision was issued by another unit",
                ))
            }
            Some((_, number)) if number.trim() != content.document_number.trim() => {
                errors.push(FieldError::new(
                    "document_number",
                    "not_the_records",
                    format!("the disclosure record's document number is {number}"),
                ))
            }
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// The veto an outcome raises, if any: a revocation on reconsideration, a lost suit.
pub fn veto_of(content: &OutcomeContent) -> Option<VetoKind> {
    match (content.kind, content.result?) {
        (OutcomeKind::Reconsideration, OutcomeResult::Revoked) => {
            Some(VetoKind::ReconsiderationRevoked)
        }
        (OutcomeKind::Litigation, result) if Verdict::of(result) == Verdict::Lost => {
            Some(VetoKind::LitigationLost)
        }
        _ => None,
    }
}

/// What the public record says of an overturned decision.
fn overturn_note(content: &OutcomeContent, result: OutcomeResult, on: NaiveDate) -> String {
    let how = match (content.kind, content.instance) {
        (OutcomeKind::Litigation, Some(instance)) => format!("{}判决", instance.label_zh()),
        _ => "行政复议决定".to_string(),
    };
    format!(
        "该处罚决定经{}{}，于{}年{}月{}日被{}",
        content.body,
        how,
        on.year(),
        on.month(),
        on.day(),
        result.label_zh()
    )
}

/// The published (or corrected) decision of `unit` or a unit below it with the document
/// number `number`, when exactly one has it: a system pushing outcomes often knows only
/// the number.
fn record_by_number(
    conn: &mut DbConnection,
    unit: &str,
    number: &str,
) -> Result<Option<String>, ApiError> {
    let below: Vec<String> = subtree(conn, unit)?.into_iter().collect();
    let found: Vec<String> = disclosure_records::table
        .filter(disclosure_records::document_number.eq(number.trim()))
        .filter(disclosure_records::issuing_unit_id.eq_any(&below))
        .filter(disclosure_records::status.eq_any([
            api_types::disclosure::DisclosureStatus::Published.as_str(),
            api_types::disclosure::DisclosureStatus::Corrected.as_str(),
        ]))
        .select(disclosure_records::id)
        .limit(2)
        .load(conn)?;
    Ok(match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// Applies a newly decided outcome: marks the disclosure record (once: the first
/// overturn stands) and raises the veto event (once per outcome). The audit events of
/// both are returned.
pub fn settle(conn: &mut DbConnection, row: &OutcomeRow) -> Result<Vec<Change>, ApiError> {
    let content = row.content()?;
    let (Some(result), Some(on)) = (content.result, content.decided_on) else {
        return Ok(Vec::new());
    };
    let mut changes = Vec::new();
    let record = match &row.disclosure_record_id {
        Some(record) => Some(record.clone()),
        None if result.overturns() => record_by_number(conn, &row.unit_id, &row.document_number)?,
        None => None,
    };
    if let (true, Some(record)) = (result.overturns(), &record) {
        let overturned = Overturned {
            decided_on: on,
            note: overturn_note(&content, result, on),
        };
        let now = time::now();
        let marked = diesel::update(
            disclosure_records::table
                .find(record)
                .filter(disclosure_records::overturned_on.is_null()),
        )
        .set((
            disclosure_records::overturned_on.eq(Some(on)),
            disclosure_records::overturned_note.eq(Some(overturned.note.clone())),
            disclosure_records::version.eq(disclosure_records::version + 1),
            disclosure_records::updated_at.eq(now),
        ))
        .execute(conn)?;
        if marked == 1 {
            changes.push(
                Change::new(
                    AuditAction::Overturn,
                    ResourceKind::DisclosureRecord,
                    record,
                )
                .with_before(&serde_json::json!({ "overturned": null }))
                .with_after(&serde_json::json!({ "overturned": overturned, "outcome_id": row.id })),
            );
        }
    }
    if let Some(kind) = veto_of(&content) {
        let exists: i64 = veto_events::table
            .filter(veto_events::outcome_id.eq(&row.id))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            let now = time::now();
            let veto = VetoRow {
                id: time::new_id(),
                unit_id: row.unit_id.clone(),
                year: on.year(),
                kind: kind.as_str().into(),
                outcome_id: row.id.clone(),
                document_number: row.document_number.clone(),
                occurred_on: on,
                created_at: now,
                updated_at: now,
            };
            diesel::insert_into(veto_events::table)
                .values(&veto)
                .execute(conn)?;
            let dto = veto_dtos(conn, std::slice::from_ref(&veto))?;
            changes.push(Change::created(ResourceKind::VetoEvent, &veto.id, &dto[0]));
        }
    }
    Ok(changes)
}

pub fn veto_dtos(conn: &mut DbConnection, rows: &[VetoRow]) -> Result<Vec<VetoEvent>, ApiError> {
    let units = names::units(conn)?;
    rows.iter()
        .map(|r| {
            let unit_id = stored_uuid(&r.unit_id)?;
            Ok(VetoEvent {
                id: stored_uuid(&r.id)?,
                unit_id,
                unit_name: units.get(&unit_id).cloned().unwrap_or_default(),
                year: r.year,
                kind: VetoKind::parse(&r.kind)
                    .ok_or_else(|| ApiError::internal("stored veto kind"))?,
                outcome_id: stored_uuid(&r.outcome_id)?,
                document_number: r.document_number.clone(),
                occurred_on: r.occurred_on,
                created_at: time::to_utc(r.created_at),
            })
        })
        .collect()
}

/// The decision document of the reconsideration body or the court: the unit attaches
/// it at any time (the document often arrives after the result is recorded); a file is
/// never deleted, only withdrawn with a reason.
pub static OUTCOME_FILES: OwnerRules = OwnerRules {
    kind: ResourceKind::CaseOutcome,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 10,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    let row = find(conn, id)?;
    principal.require_unit(conn, Permission::CaseOutcomesWrite, &row.unit_id)?;
    Ok(row.unit_id)
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let row = find(conn, &file.owner_id)?;
    principal.require_unit(conn, Permission::CaseOutcomesRead, &row.unit_id)
}

fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(case_outcomes::table.find(id))
        .set((
            case_outcomes::version.eq(case_outcomes::version + 1),
            case_outcomes::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
