//! Assessment rows: the score and level of their items, whether they are cleared.

use api_types::statistics::{
    RiskAssessment, RiskAssessmentContent, RiskItem, RiskLevel, RiskStatus,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::risk_assessments;
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = risk_assessments, treat_none_as_null = true)]
pub struct AssessmentRow {
    pub id: String,
    pub unit_id: String,
    pub activity: String,
    pub activity_date: NaiveDate,
    pub place: String,
    pub items: String,
    pub score: i32,
    pub level: String,
    pub status: String,
    pub sign_off_opinion: Option<String>,
    pub signed_off_by_name: Option<String>,
    pub signed_off_at: Option<NaiveDateTime>,
    pub approval_opinion: Option<String>,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The highest item score and its level.
pub fn score(items: &[RiskItem]) -> (i32, RiskLevel) {
    let top = items
        .iter()
        .map(|i| i.likelihood * i.impact)
        .max()
        .unwrap_or(0);
    (top, RiskLevel::of_score(top))
}

/// Cleared to go ahead: signed off below high risk, approved at high risk and above.
pub fn cleared(status: RiskStatus, level: RiskLevel) -> bool {
    match status {
        RiskStatus::Approved => true,
        RiskStatus::SignedOff => !level.needs_approval(),
        RiskStatus::Draft => false,
    }
}

impl AssessmentRow {
    pub fn status(&self) -> Result<RiskStatus, ApiError> {
        RiskStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored risk status"))
    }

    pub fn level(&self) -> Result<RiskLevel, ApiError> {
        RiskLevel::parse(&self.level).ok_or_else(|| ApiError::internal("stored risk level"))
    }

    /// Writes `content` onto the row (items, score, level).
    pub fn apply(&mut self, content: &RiskAssessmentContent) -> Result<(), ApiError> {
        let (top, level) = score(&content.items);
        self.unit_id = content.unit_id.to_string();
        self.activity = content.activity.trim().to_string();
        self.activity_date = content.activity_date;
        self.place = content.place.trim().to_string();
        self.items = serde_json::to_string(&content.items).map_err(ApiError::internal)?;
        self.score = top;
        self.level = level.as_str().into();
        Ok(())
    }

    pub fn to_dto(&self, today: NaiveDate) -> Result<RiskAssessment, ApiError> {
        let (status, level) = (self.status()?, self.level()?);
        let is_cleared = cleared(status, level);
        Ok(RiskAssessment {
            id: stored_uuid(&self.id)?,
            content: RiskAssessmentContent {
                unit_id: stored_uuid(&self.unit_id)?,
                activity: self.activity.clone(),
                activity_date: self.activity_date,
                place: self.place.clone(),
                items: serde_json::from_str(&self.items).map_err(ApiError::internal)?,
            },
            score: self.score,
            level,
            status,
            cleared: is_cleared,
            needs_attention: !is_cleared && self.activity_date >= today,
            sign_off_opinion: self.sign_off_opinion.clone(),
            signed_off_by_name: self.signed_off_by_name.clone(),
            signed_off_at: self.signed_off_at.map(time::to_utc),
            approval_opinion: self.approval_opinion.clone(),
            approved_by_name: self.approved_by_name.clone(),
            approved_at: self.approved_at.map(time::to_utc),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<AssessmentRow, ApiError> {
    risk_assessments::table
        .find(id)
        .select(AssessmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("risk assessment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(l: i32, i: i32) -> RiskItem {
        RiskItem {
            risk: "r".into(),
            likelihood: l,
            impact: i,
            mitigation: "m".into(),
        }
    }

    #[test]
    fn the_highest_item_sets_the_level_and_high_risk_needs_approval() {
        assert_eq!(score(&[item(1, 2), item(2, 2)]), (4, RiskLevel::Low));
        assert_eq!(score(&[item(3, 3), item(1, 1)]), (9, RiskLevel::Medium));
        assert_eq!(score(&[item(2, 5)]), (10, RiskLevel::High));
        assert_eq!(score(&[item(5, 4)]), (20, RiskLevel::VeryHigh));
        assert!(cleared(RiskStatus::SignedOff, RiskLevel::Medium));
        assert!(!cleared(RiskStatus::SignedOff, RiskLevel::High));
        assert!(cleared(RiskStatus::Approved, RiskLevel::VeryHigh));
        assert!(!cleared(RiskStatus::Draft, RiskLevel::Low));
    }
}
