//! Decision rows and the procedure rules.

use api_types::statistics::{
    DecisionStatus, DecisionStep, DecisionStepEntry, DecisionStepRecord, MajorDecision,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::major_decisions;
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::attachments::model as attachments;
use crate::time;
use api_types::attachments::Attachment;
use api_types::audit::ResourceKind;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = major_decisions, treat_none_as_null = true)]
pub struct DecisionRow {
    pub id: String,
    pub unit_id: String,
    pub title: String,
    pub summary: String,
    pub status: String,
    pub steps: String,
    pub decided_on: Option<NaiveDate>,
    pub document_number: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DecisionRow {
    pub fn status(&self) -> Result<DecisionStatus, ApiError> {
        DecisionStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored decision status"))
    }

    pub fn steps(&self) -> Result<Vec<DecisionStepRecord>, ApiError> {
        serde_json::from_str(&self.steps).map_err(ApiError::internal)
    }

    /// The decision as the API shows it, with its evidence `files`.
    pub fn to_dto(&self, files: Vec<Attachment>) -> Result<MajorDecision, ApiError> {
        let steps = self.steps()?;
        Ok(MajorDecision {
            id: stored_uuid(&self.id)?,
            unit_id: stored_uuid(&self.unit_id)?,
            title: self.title.clone(),
            summary: self.summary.clone(),
            status: self.status()?,
            missing_steps: missing_steps(&steps),
            steps,
            decided_on: self.decided_on,
            document_number: self.document_number.clone(),
            attachments: files,
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

/// Steps before the decision that are neither done nor declared not applicable.
pub fn missing_steps(steps: &[DecisionStepRecord]) -> Vec<DecisionStep> {
    DecisionStep::BEFORE_DECISION
        .iter()
        .copied()
        .filter(|s| !steps.iter().any(|r| r.step == *s))
        .collect()
}

/// The rules of one step entry at `status`: which steps may be recorded now, done or
/// declared not applicable (exactly one), never in the future.
pub fn check_step(
    entry: &DecisionStepEntry,
    status: DecisionStatus,
    today: NaiveDate,
) -> Result<(), ApiError> {
    match (entry.step, status) {
        (_, DecisionStatus::Published) => {
            return Err(ApiError::invalid_state(
                "the decision is published; its record is closed",
            ))
        }
        (DecisionStep::Publication, DecisionStatus::InProcedure) => {
            return Err(ApiError::invalid_state(
                "a decision is published after it is decided",
            ))
        }
        (DecisionStep::Publication, DecisionStatus::Decided) => {
            if entry.not_applicable_reason.is_some() {
                return Err(ApiError::rule(
                    "not_applicable_reason",
                    "not_skippable",
                    "a major decision is made public",
                ));
            }
        }
        (_, DecisionStatus::InProcedure) => {}
        _ => {
            return Err(ApiError::invalid_state(
                "the procedure before the decision is closed once decided",
            ))
        }
    }
    match (&entry.done_on, &entry.not_applicable_reason) {
        (Some(_), Some(_)) | (None, None) => Err(ApiError::rule(
            "done_on",
            "one_of",
            "give the day the step was done, or the reason it does not apply",
        )),
        (None, Some(_)) if !entry.step.may_be_skipped() => Err(ApiError::rule(
            "not_applicable_reason",
            "not_skippable",
            "this step is required for every major decision",
        )),
        (Some(day), None) if *day > today => Err(ApiError::rule(
            "done_on",
            "future_date",
            "must not be after today",
        )),
        _ => Ok(()),
    }
}

/// The decisions of `rows` with their evidence (one query for the files).
pub fn dtos(conn: &mut DbConnection, rows: &[DecisionRow]) -> Result<Vec<MajorDecision>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files = attachments::of_owners(conn, ResourceKind::MajorDecision, &ids)?;
    rows.iter()
        .map(|r| r.to_dto(files.remove(&r.id).unwrap_or_default()))
        .collect()
}

pub fn dto(conn: &mut DbConnection, row: &DecisionRow) -> Result<MajorDecision, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("decision without its view"))
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<DecisionRow, ApiError> {
    major_decisions::table
        .find(id)
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("major decision"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(step: DecisionStep, done: Option<&str>, reason: Option<&str>) -> DecisionStepEntry {
        DecisionStepEntry {
            step,
            done_on: done.map(|d| d.parse().unwrap()),
            note: None,
            not_applicable_reason: reason.map(str::to_string),
        }
    }

    #[test]
    fn steps_follow_the_procedure() {
        let today: NaiveDate = "2026-06-01".parse().unwrap();
        let open = DecisionStatus::InProcedure;
        assert!(check_step(
            &entry(DecisionStep::ExpertReview, None, Some("无专业性问题")),
            open,
            today
        )
        .is_ok());
        assert!(check_step(
            &entry(DecisionStep::LegalityReview, None, Some("不需要")),
            open,
            today
        )
        .is_err());
        assert!(check_step(
            &entry(DecisionStep::LegalityReview, Some("2026-07-01"), None),
            open,
            today
        )
        .is_err());
        assert!(check_step(
            &entry(DecisionStep::LegalityReview, None, None),
            open,
            today
        )
        .is_err());
        assert!(check_step(
            &entry(DecisionStep::Publication, Some("2026-05-01"), None),
            open,
            today
        )
        .is_err());
        assert!(check_step(
            &entry(DecisionStep::Publication, Some("2026-05-01"), None),
            DecisionStatus::Decided,
            today
        )
        .is_ok());
        assert!(check_step(
            &entry(DecisionStep::Publication, None, Some("不公开")),
            DecisionStatus::Decided,
            today
        )
        .is_err());
        assert!(check_step(
            &entry(DecisionStep::Publication, Some("2026-05-02"), None),
            DecisionStatus::Published,
            today
        )
        .is_err());
        assert!(check_step(
            &entry(DecisionStep::RiskAssessment, Some("2026-05-01"), None),
            DecisionStatus::Decided,
            today
        )
        .is_err());
    }
}
