//! `GET /api/v1/risk-assessments`: its filter and listing (see `db::list`).

use api_types::statistics::{RiskAssessment, RiskLevel, RiskStatus};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::AssessmentRow;
use crate::db::list::{Columns, Listing, UnitScope, Where};
use crate::db::schema::risk_assessments;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::time;

/// Filters of `GET /api/v1/risk-assessments`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AssessmentFilter {
    /// Assessments of this unit (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<RiskStatus>,
    pub level: Option<RiskLevel>,
    /// Only activities from today on that are not cleared (not signed off, or at high
    /// risk not approved by the city bureau); `false` or absent: every assessment.
    pub needs_attention: Option<bool>,
}

impl ListFilter for AssessmentFilter {
    const SORT_FIELDS: &'static [&'static str] = &["activity_date", "score"];
    const DEFAULT_SORT: &'static str = "activity_date";
}

/// Risk assessments of the units in the caller's scope.
pub struct AssessmentList;

impl Listing for AssessmentList {
    crate::listing_source!(risk_assessments::table, AssessmentRow);
    type Filter = AssessmentFilter;
    type Context = UnitScope;
    type Item = RiskAssessment;

    fn filter(
        f: &AssessmentFilter,
        scope: &UnitScope,
        terms: &mut Where<risk_assessments::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, risk_assessments::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(risk_assessments::unit_id.eq(unit.to_string()));
        }
        if let Some(status) = f.status {
            terms.and(risk_assessments::status.eq(status.as_str()));
        }
        if let Some(level) = f.level {
            terms.and(risk_assessments::level.eq(level.as_str()));
        }
        if f.needs_attention == Some(true) {
            let high: Vec<&str> = RiskLevel::ALL
                .iter()
                .filter(|l| l.needs_approval())
                .map(|l| l.as_str())
                .collect();
            terms.and(risk_assessments::activity_date.ge(time::today()));
            terms.and(
                risk_assessments::status.eq(RiskStatus::Draft.as_str()).or(
                    risk_assessments::status
                        .eq(RiskStatus::SignedOff.as_str())
                        .and(risk_assessments::level.eq_any(high)),
                ),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<risk_assessments::table> {
        Columns::new(risk_assessments::id, risk_assessments::updated_at)
            .sort("activity_date", risk_assessments::activity_date)
            .sort("score", risk_assessments::score)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<AssessmentRow>,
        _: &UnitScope,
    ) -> Result<Vec<RiskAssessment>, ApiError> {
        let today = time::today();
        rows.iter().map(|r| r.to_dto(today)).collect()
    }
}
