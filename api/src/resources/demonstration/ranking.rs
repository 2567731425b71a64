//! The ranking of a round's recommended applications: the mean of each phase's submitted
//! reviews, the unit's assessment score of the year from the system, weighed by the
//! round's phase weights (`api_types::demonstration::final_score`); a veto event of the
//! unit in the year, or a gate criterion found by a reviewer, excludes it.

use std::collections::HashMap;

use api_types::demonstration::{
    final_score, mean, rank, ApplicationStatus, DemonstrationRanking, PanelReviewStatus,
    RankedApplication, ReviewPhase,
};
use api_types::period::Period;
use diesel::prelude::*;

use super::applications::ApplicationRow;
use super::rounds::RoundRow;
use api_types::assessment::{RuleSetKind, RuleSetStatus};

use crate::db::schema::{
    demonstration_applications, demonstration_reviews, rule_sets, veto_events,
};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::assessment::runs;
use crate::resources::assessment::tree::UnitTree;
use crate::time;

/// Each assessed unit's score of the year so far; `None` when no unit-assessment rules
/// are in force at the year's end (the review phases are then weighed alone).
fn year_scores(
    conn: &mut DbConnection,
    year: i32,
) -> Result<Option<HashMap<String, f64>>, ApiError> {
    let period = Period::Year { year };
    let in_force: i64 = rule_sets::table
        .filter(rule_sets::kind.eq(RuleSetKind::UnitAssessment.as_str()))
        .filter(rule_sets::status.eq(RuleSetStatus::Active.as_str()))
        .filter(rule_sets::effective_from.le(period.end()))
        .count()
        .get_result(conn)?;
    if in_force == 0 {
        return Ok(None);
    }
    let (_, results) = runs::compute(conn, period, time::today())?;
    Ok(Some(
        results
            .into_iter()
            .map(|r| (r.unit_id.to_string(), r.scored.score))
            .collect(),
    ))
}

pub fn compute(
    conn: &mut DbConnection,
    round: &RoundRow,
) -> Result<DemonstrationRanking, ApiError> {
    let apps: Vec<ApplicationRow> = demonstration_applications::table
        .filter(demonstration_applications::round_id.eq(&round.id))
        .filter(demonstration_applications::status.eq(ApplicationStatus::Recommended.as_str()))
        .select(ApplicationRow::as_select())
        .load(conn)?;
    // Only the current panel's: a member taken off the panel no longer counts.
    let panel: Vec<String> = round.panel()?.iter().map(|id| id.to_string()).collect();
    let reviews: Vec<(String, String, i64, bool)> = demonstration_reviews::table
        .filter(demonstration_reviews::round_id.eq(&round.id))
        .filter(demonstration_reviews::status.eq(PanelReviewStatus::Submitted.as_str()))
        .filter(demonstration_reviews::reviewer_id.eq_any(&panel))
        .select((
            demonstration_reviews::application_id,
            demonstration_reviews::phase,
            demonstration_reviews::score_tenths,
            demonstration_reviews::vetoed,
        ))
        .load(conn)?;
    let unit_ids: Vec<&str> = apps.iter().map(|a| a.unit_id.as_str()).collect();
    let vetoes: Vec<(String, String)> = veto_events::table
        .filter(veto_events::year.eq(round.year))
        .filter(veto_events::unit_id.eq_any(&unit_ids))
        .select((veto_events::unit_id, veto_events::document_number))
        .load(conn)?;
    let weights = round.weights();
    let scores = if weights.indicators > 0 {
        year_scores(conn, round.year)?
    } else {
        None
    };
    let indicators_measured = scores.is_some();
    let scores = scores.unwrap_or_default();
    let tree = UnitTree::load(conn)?;
    let mut entries = Vec::new();
    for app in &apps {
        let phase_scores = |phase: ReviewPhase| -> Vec<f64> {
            reviews
                .iter()
                .filter(|r| r.0 == app.id && r.1 == phase.as_str())
                .map(|r| r.2 as f64 / 10.0)
                .collect()
        };
        let written = phase_scores(ReviewPhase::Written);
        let onsite = phase_scores(ReviewPhase::Onsite);
        let indicators = tree
            .county_of(&app.unit_id)
            .and_then(|county| scores.get(county))
            .copied();
        let veto = vetoes.iter().find(|(unit, _)| *unit == app.unit_id);
        let gate = reviews.iter().any(|r| r.0 == app.id && r.3);
        let excluded = match (veto, gate) {
            (Some((_, doc)), _) => Some(format!("{}年度发生一票否决事项（{doc}）", round.year)),
            (None, true) => Some("评议认定基本条件不符合".to_string()),
            (None, false) => None,
        };
        let (w, o) = (mean(&written), mean(&onsite));
        entries.push(RankedApplication {
            application_id: stored_uuid(&app.id)?,
            unit_id: stored_uuid(&app.unit_id)?,
            unit_name: tree.name(&app.unit_id).unwrap_or_default().to_string(),
            recommender_unit_name: tree
                .name(&app.recommender_unit_id)
                .unwrap_or_default()
                .to_string(),
            written: w,
            written_reviews: written.len() as u32,
            onsite: o,
            onsite_reviews: onsite.len() as u32,
            indicators,
            final_score: final_score(weights, w, o, indicators),
            rank: None,
            excluded,
            named: app.named,
        });
    }
    rank(&mut entries);
    Ok(DemonstrationRanking {
        round_id: stored_uuid(&round.id)?,
        weights,
        awards: u32::try_from(round.awards).unwrap_or(0),
        indicators_measured,
        entries,
    })
}
