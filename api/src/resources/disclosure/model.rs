//! Disclosure rows, the rules a record must satisfy, timeliness and the public view.

use api_types::disclosure::{
    DisclosureContent, DisclosureRecord, DisclosureStatus, ExecutionStatus, Overturned, PartyKind,
    PublicDisclosure, Timeliness,
};
use api_types::FieldError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::docno::normalise;
use super::mask::{mask_name, scrub};
use crate::auth::{Permission, Principal};
use crate::db::schema::{disclosure_records, disclosure_revisions, units};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::calendar::workdays::PUBLICATION_WORKING_DAYS;
use crate::resources::calendar::WorkCalendar;
use crate::resources::discretion::evaluate::yuan;
use crate::resources::discretion::model as discretion;
use crate::resources::power_list::model as power;
use crate::time;

/// `AsChangeset` writes every column but the id (`None` as NULL): see `records::save`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = disclosure_records, treat_none_as_null = true)]
pub struct RecordRow {
    pub id: String,
    pub issuing_unit_id: String,
    pub document_number: String,
    pub document_key: String,
    pub case_cause: String,
    pub party_kind: String,
    pub party_name: String,
    pub party_credit_code: Option<String>,
    pub party_id_number: Option<String>,
    pub public_party_name: String,
    pub public_case_cause: String,
    pub legal_basis: String,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    pub other_measures: Option<String>,
    pub execution_status: String,
    pub decision_date: NaiveDate,
    pub power_item_id: Option<String>,
    pub discretion_tier: Option<String>,
    pub benchmark_id: Option<String>,
    pub fine_justification: Option<String>,
    pub fine_out_of_range: bool,
    pub status: String,
    pub revision: i32,
    pub publication_date: Option<NaiveDate>,
    pub correction_reason: Option<String>,
    pub withdrawal_reason: Option<String>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Set by a case outcome that revoked, altered or found the decision illegal.
    pub overturned_on: Option<NaiveDate>,
    pub overturned_note: Option<String>,
}

fn stored<T>(value: Option<T>, what: &str) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::internal(format!("stored {what}")))
}

impl RecordRow {
    pub fn status(&self) -> Result<DisclosureStatus, ApiError> {
        stored(DisclosureStatus::parse(&self.status), "disclosure status")
    }

    pub fn party_kind(&self) -> Result<PartyKind, ApiError> {
        stored(PartyKind::parse(&self.party_kind), "party kind")
    }

    pub fn content(&self) -> Result<DisclosureContent, ApiError> {
        Ok(DisclosureContent {
            issuing_unit_id: stored_uuid(&self.issuing_unit_id)?,
            document_number: self.document_number.clone(),
            case_cause: self.case_cause.clone(),
            party_kind: self.party_kind()?,
            party_name: self.party_name.clone(),
            party_credit_code: self.party_credit_code.clone(),
            party_id_number: self.party_id_number.clone(),
            legal_basis: self.legal_basis.clone(),
            fine_fen: self.fine_fen,
            confiscated_fen: self.confiscated_fen,
            other_measures: self.other_measures.clone(),
            execution_status: stored(
                ExecutionStatus::parse(&self.execution_status),
                "execution status",
            )?,
            decision_date: self.decision_date,
            power_item_id: self.power_item_id.as_deref().map(stored_uuid).transpose()?,
            discretion_tier: self.discretion_tier.clone(),
            fine_justification: self.fine_justification.clone(),
        })
    }

    pub fn to_dto(
        &self,
        calendar: &WorkCalendar,
        today: NaiveDate,
    ) -> Result<DisclosureRecord, ApiError> {
        let (deadline, timeliness, incomplete) =
            timeliness(self.decision_date, self.publication_date, today, calendar);
        Ok(DisclosureRecord {
            id: stored_uuid(&self.id)?,
            content: self.content()?,
            status: self.status()?,
            revision: self.revision,
            publication_date: self.publication_date,
            publication_deadline: deadline,
            timeliness,
            calendar_incomplete: incomplete,
            fine_out_of_range: self.fine_out_of_range,
            benchmark_id: self.benchmark_id.as_deref().map(stored_uuid).transpose()?,
            withdrawal_reason: self.withdrawal_reason.clone(),
            overturned: self.overturned(),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }

    /// The review that revoked, altered or found the decision illegal, if any.
    pub fn overturned(&self) -> Option<Overturned> {
        match (self.overturned_on, &self.overturned_note) {
            (Some(on), Some(note)) => Some(Overturned {
                decided_on: on,
                note: note.clone(),
            }),
            _ => None,
        }
    }

    /// What the public sees: natural persons masked, no ID numbers anywhere.
    pub fn to_public(&self, unit_name: &str) -> Result<PublicDisclosure, ApiError> {
        let kind = self.party_kind()?;
        let person = kind == PartyKind::NaturalPerson;
        let clean = |text: &str| {
            if person {
                scrub(text, &self.party_name, self.party_id_number.as_deref())
            } else {
                scrub(text, "", self.party_id_number.as_deref())
            }
        };
        Ok(PublicDisclosure {
            id: stored_uuid(&self.id)?,
            issuing_unit_id: stored_uuid(&self.issuing_unit_id)?,
            issuing_unit_name: unit_name.to_string(),
            document_number: self.document_number.clone(),
            case_cause: self.public_case_cause.clone(),
            party_kind: kind,
            party_name: self.public_party_name.clone(),
            party_credit_code: if person {
                None
            } else {
                self.party_credit_code.clone()
            },
            legal_basis: clean(&self.legal_basis),
            fine_fen: self.fine_fen,
            confiscated_fen: self.confiscated_fen,
            other_measures: self.other_measures.as_deref().map(clean),
            execution_status: stored(
                ExecutionStatus::parse(&self.execution_status),
                "execution status",
            )?,
            decision_date: self.decision_date,
            publication_date: stored(self.publication_date, "publication date of a public record")?,
            revision: self.revision,
            corrected: self.status()? == DisclosureStatus::Corrected,
            correction_reason: self.correction_reason.as_deref().map(clean),
            overturned: self.overturned(),
        })
    }
}

/// Deadline (7 working days after the decision), timeliness, and whether the calendar
/// lacks data for the years involved.
pub fn timeliness(
    decision: NaiveDate,
    publication: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> (NaiveDate, Timeliness, bool) {
    let deadline = calendar.add_working_days(decision, PUBLICATION_WORKING_DAYS);
    let state = match publication {
        Some(p) if p <= deadline => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > deadline => Timeliness::Overdue,
        None => Timeliness::Pending,
    };
    (
        deadline,
        state,
        calendar.incomplete_between(decision, deadline),
    )
}

/// The outcome of checking a record's content.
pub struct Checked {
    pub document_key: String,
    pub benchmark_id: Option<String>,
    pub fine_out_of_range: bool,
}

/// Checks `content` for writing by `principal`: scope over the issuing unit, party
/// fields, dates, the power item and the discretion tier (a fine outside the tier's
/// range needs a justification and is flagged), and the document number's uniqueness
/// (`existing`: the record being replaced, if any).
pub fn check(
    conn: &mut DbConnection,
    principal: &Principal,
    content: &DisclosureContent,
    existing: Option<&str>,
    today: NaiveDate,
) -> Result<Checked, ApiError> {
    let unit = content.issuing_unit_id.to_string();
    let active: Option<bool> = units::table
        .find(&unit)
        .select(units::active)
        .first(conn)
        .optional()?;
    match active {
        None => {
            return Err(ApiError::rules(vec![FieldError::new(
                "issuing_unit_id",
                "unknown_unit",
                "no such unit",
            )]))
        }
        Some(false) => {
            return Err(ApiError::rules(vec![FieldError::new(
                "issuing_unit_id",
                "inactive_unit",
                "the unit is deactivated",
            )]))
        }
        Some(true) => {}
    }
    principal.require_unit(conn, Permission::DisclosureWrite, &unit)?;

    let mut errors = Vec::new();
    let person = content.party_kind == PartyKind::NaturalPerson;
    if person && content.party_credit_code.is_some() {
        errors.push(FieldError::new(
            "party_credit_code",
            "not_for_persons",
            "a natural person has no unified social credit code",
        ));
    }
    if !person && content.party_id_number.is_some() {
        errors.push(FieldError::new(
            "party_id_number",
            "only_for_persons",
            "only natural persons have an ID number",
        ));
    }
    if content.decision_date > today {
        errors.push(FieldError::new(
            "decision_date",
            "future_date",
            "cannot be in the future",
        ));
    }
    if content.fine_fen.is_none()
        && content.confiscated_fen.is_none()
        && content
            .other_measures
            .as_deref()
            .is_none_or(|m| m.trim().is_empty())
    {
        errors.push(FieldError::new(
            "fine_fen",
            "no_penalty_given",
            "give a fine, a confiscation or other measures",
        ));
    }
    let mut benchmark_id = None;
    let mut out_of_range = false;
    match (&content.power_item_id, &content.discretion_tier) {
        (None, Some(_)) => errors.push(FieldError::new(
            "power_item_id",
            "required",
            "name the power item whose discretion tier is applied",
        )),
        (None, None) => {}
        (Some(item), tier) => {
            let item = item.to_string();
            if power::item_on(conn, &item, content.decision_date)?.is_none() {
                errors.push(FieldError::new(
                    "power_item_id",
                    "power_not_in_force",
                    "the power item is not on the list on the decision date",
                ));
            } else if let Some(tier_code) = tier {
                match discretion::in_force(conn, &item, content.decision_date)? {
                    None => errors.push(FieldError::new(
                        "discretion_tier",
                        "no_benchmark",
                        "no discretion benchmark of this power item is in force on the decision date",
                    )),
                    Some(benchmark) => match benchmark.tiers.iter().find(|t| &t.code == tier_code) {
                        None => errors.push(FieldError::new(
                            "discretion_tier",
                            "unknown_tier",
                            format!(
                                "no tier {tier_code:?} in benchmark version {}; tiers: {}",
                                benchmark.version_no,
                                benchmark.tiers.iter().map(|t| t.code.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        )),
                        Some(t) => {
                            benchmark_id = Some(benchmark.id.to_string());
                            let fine = content.fine_fen.unwrap_or(0);
                            let outside = !t.allows_fine(content.fine_fen);
                            if outside {
                                out_of_range = true;
                                let justified = content.fine_justification.as_deref().is_some_and(|j| !j.trim().is_empty());
                                if !justified {
                                    let range = match (t.fine_min_fen, t.fine_max_fen) {
                                        _ if t.no_penalty => "no penalty".to_string(),
                                        (Some(a), Some(b)) => format!("{}–{}", yuan(a), yuan(b)),
                                        (Some(a), None) => format!("at least {}", yuan(a)),
                                        (None, Some(b)) => format!("at most {}", yuan(b)),
                                        (None, None) => "no fine".to_string(),
                                    };
                                    errors.push(FieldError::new(
                                        "fine_fen",
                                        "fine_out_of_range",
                                        format!(
                                            "the fine of {} lies outside the range of tier “{}” ({range}); give fine_justification to record it anyway",
                                            yuan(fine),
                                            t.name
                                        ),
                                    ));
                                }
                            }
                        }
                    },
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    let document_key = normalise(&content.document_number);
    let mut q = disclosure_records::table
        .filter(disclosure_records::issuing_unit_id.eq(&unit))
        .filter(disclosure_records::document_key.eq(&document_key))
        .into_boxed();
    if let Some(id) = existing {
        q = q.filter(disclosure_records::id.ne(id));
    }
    let taken: i64 = q.count().get_result(conn)?;
    if taken > 0 {
        return Err(ApiError::duplicate(
            "document_number",
            format!(
                "the unit already has a record with document number {}",
                content.document_number.trim()
            ),
        ));
    }
    Ok(Checked {
        document_key,
        benchmark_id,
        fine_out_of_range: out_of_range,
    })
}

fn tidy(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Copies checked content onto a row.
pub fn apply(row: &mut RecordRow, content: &DisclosureContent, checked: Checked) {
    row.issuing_unit_id = content.issuing_unit_id.to_string();
    row.document_number = content.document_number.trim().to_string();
    row.document_key = checked.document_key;
    row.case_cause = content.case_cause.trim().to_string();
    row.party_kind = content.party_kind.as_str().into();
    row.party_name = content.party_name.trim().to_string();
    row.party_credit_code = tidy(&content.party_credit_code);
    row.party_id_number = tidy(&content.party_id_number).map(|id| id.to_ascii_uppercase());
    let person = content.party_kind == PartyKind::NaturalPerson;
    row.public_party_name = if person {
        mask_name(&row.party_name)
    } else {
        row.party_name.clone()
    };
    row.public_case_cause = if person {
        scrub(
            &row.case_cause,
            &row.party_name,
            row.party_id_number.as_deref(),
        )
    } else {
        scrub(&row.case_cause, "", row.party_id_number.as_deref())
    };
    row.legal_basis = content.legal_basis.trim().to_string();
    row.fine_fen = content.fine_fen;
    row.confiscated_fen = content.confiscated_fen;
    row.other_measures = tidy(&content.other_measures);
    row.execution_status = content.execution_status.as_str().into();
    row.decision_date = content.decision_date;
    row.power_item_id = content.power_item_id.map(|v| v.to_string());
    row.discretion_tier = tidy(&content.discretion_tier);
    row.benchmark_id = checked.benchmark_id;
    row.fine_justification = tidy(&content.fine_justification);
    row.fine_out_of_range = checked.fine_out_of_range;
}

/// A new draft row for `content`.
pub fn new_row(content: &DisclosureContent, checked: Checked) -> RecordRow {
    let now = time::now();
    let mut row = RecordRow {
        id: time::new_id(),
        issuing_unit_id: String::new(),
        document_number: String::new(),
        document_key: String::new(),
        case_cause: String::new(),
        party_kind: String::new(),
        party_name: String::new(),
        party_credit_code: None,
        party_id_number: None,
        public_party_name: String::new(),
        public_case_cause: String::new(),
        legal_basis: String::new(),
        fine_fen: None,
        confiscated_fen: None,
        other_measures: None,
        execution_status: String::new(),
        decision_date: content.decision_date,
        power_item_id: None,
        discretion_tier: None,
        benchmark_id: None,
        fine_justification: None,
        fine_out_of_range: false,
        status: DisclosureStatus::Draft.as_str().into(),
        revision: 1,
        publication_date: None,
        correction_reason: None,
        withdrawal_reason: None,
        version: 1,
        created_at: now,
        updated_at: now,
        overturned_on: None,
        overturned_note: None,
    };
    apply(&mut row, content, checked);
    row
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<RecordRow, ApiError> {
    disclosure_records::table
        .find(id)
        .select(RecordRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("disclosure record"))
}

/// The record `id` for a change by `principal`: it must be in their scope (its issuing
/// unit) and at version `expected`.
pub fn find_for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: uuid::Uuid,
    expected: i64,
) -> Result<RecordRow, ApiError> {
    let current = find(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::DisclosureWrite, &current.issuing_unit_id)?;
    crate::http::write::check_version(current.version, expected)?;
    Ok(current)
}

/// Keeps the content of a public revision.
pub fn record_revision(
    conn: &mut DbConnection,
    row: &RecordRow,
    reason: Option<&str>,
    by: &str,
) -> Result<(), ApiError> {
    let content = serde_json::to_string(&row.content()?).map_err(ApiError::internal)?;
    diesel::insert_into(disclosure_revisions::table)
        .values((
            disclosure_revisions::id.eq(time::new_id()),
            disclosure_revisions::record_id.eq(&row.id),
            disclosure_revisions::revision.eq(row.revision),
            disclosure_revisions::content_json.eq(content),
            disclosure_revisions::reason.eq(reason),
            disclosure_revisions::recorded_by.eq(by),
            disclosure_revisions::recorded_at.eq(time::now()),
        ))
        .execute(conn)?;
    Ok(())
}
