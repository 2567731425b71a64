//! Demonstration units (执法示范单位创建, task 9 of the plan): each year's round with its
//! criteria (a rule set of kind `demonstration`), the brigades' applications by the end of
//! October, the county bureau's recommendation, the written (书面评议) and on-site
//! (实地评议) reviews by a panel, the final score weighted by phase with the unit's own
//! assessment score, the city bureau's decision and the published list.
//!
//! The weighting and the ranking live here, so the SPA shows the very computation the
//! server stores.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::assessment::{Finding, Scored};
use crate::attachments::Attachment;

crate::text_enum! {
    /// Where a round stands.
    pub enum RoundStatus {
        /// Applications, recommendations and reviews under way.
        Open = "open",
        /// The city bureau named the units; the decision can still be revised.
        Decided = "decided",
        /// The named units are published: nothing in the round changes any more.
        Published = "published",
    }
}

crate::text_enum! {
    /// Where an application stands.
    pub enum ApplicationStatus {
        /// Written by the brigade, not yet submitted (the city bureau does not see it).
        Draft = "draft",
        /// Submitted, waiting for its county bureau's recommendation.
        Submitted = "submitted",
        /// Recommended by the county bureau: the city bureau and the panel see it.
        Recommended = "recommended",
        /// Not recommended (the comment says why).
        Declined = "declined",
    }
}

crate::text_enum! {
    /// The two review phases.
    pub enum ReviewPhase {
        /// 书面评议: the application and its evidence.
        Written = "written",
        /// 实地评议: a visit with a checklist, photos and notes.
        Onsite = "onsite",
    }
}

crate::text_enum! {
    /// Where a reviewer's scoring stands.
    pub enum PanelReviewStatus {
        Draft = "draft",
        Submitted = "submitted",
    }
}

impl RoundStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            RoundStatus::Open => "进行中",
            RoundStatus::Decided => "已决定",
            RoundStatus::Published => "已公布",
        }
    }
}

impl ApplicationStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "草稿",
            ApplicationStatus::Submitted => "待县局推荐",
            ApplicationStatus::Recommended => "已推荐",
            ApplicationStatus::Declined => "未推荐",
        }
    }
}

impl ReviewPhase {
    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewPhase::Written => "书面评议",
            ReviewPhase::Onsite => "实地评议",
        }
    }
}

/// The share of each phase in the final score, in percent (they add up to 100).
#[api_types_derive::contract]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PhaseWeights {
    /// 书面评议.
    #[validate(range(min = 0, max = 100))]
    pub written: u32,
    /// 实地评议.
    #[validate(range(min = 0, max = 100))]
    pub onsite: u32,
    /// The unit's own assessment score of the year, from the system.
    #[validate(range(min = 0, max = 100))]
    pub indicators: u32,
}

impl Default for PhaseWeights {
    fn default() -> Self {
        PhaseWeights {
            written: 40,
            onsite: 40,
            indicators: 20,
        }
    }
}

impl PhaseWeights {
    pub fn total(self) -> u32 {
        self.written + self.onsite + self.indicators
    }
}

/// `POST /api/v1/demonstration-rounds`, `PUT /api/v1/demonstration-rounds/{id}`.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoundContent {
    /// One round a year.
    #[validate(range(min = 2020, max = 2100))]
    pub year: i32,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    /// The criteria: an active rule set of kind `demonstration`.
    pub criteria_id: Uuid,
    #[validate(nested)]
    pub weights: PhaseWeights,
    /// The last day applications are submitted (Asia/Shanghai, to the end of the day);
    /// by default 31 October.
    pub apply_by: NaiveDate,
    /// The day the written and on-site reviews end; by default 31 December.
    pub review_by: NaiveDate,
    /// How many units may be named.
    #[validate(range(min = 1, max = 100))]
    pub awards: u32,
    /// The review panel: the people who score the applications.
    #[validate(length(min = 1, max = 30))]
    pub reviewer_ids: Vec<Uuid>,
}

/// A member of the review panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelMember {
    pub id: Uuid,
    pub name: String,
    pub unit_name: String,
}

/// How many applications of a round stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationTally {
    /// Drafts not submitted (after the deadline: 逾期未提交).
    pub drafts: i64,
    pub submitted: i64,
    pub recommended: i64,
    pub declined: i64,
}

/// A demonstration round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemonstrationRound {
    pub id: Uuid,
    pub content: RoundContent,
    pub status: RoundStatus,
    pub criteria_name: String,
    pub criteria_version_no: i32,
    pub reviewers: Vec<PanelMember>,
    pub tally: ApplicationTally,
    /// Whether applications are still submitted today (Asia/Shanghai).
    pub accepting: bool,
    /// The named units, fixed by the decision (empty before).
    pub named: Vec<RankedApplication>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One criterion as the applicant scores it, with the evidence it shows.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SelfScore {
    /// The criterion's code.
    #[validate(length(min = 1, max = 20))]
    pub item: String,
    /// The points the unit gives itself (at most the criterion's).
    #[validate(range(min = 0.0, max = 100.0))]
    pub points: f64,
    /// What the unit did, in a few words.
    #[validate(length(max = 500))]
    #[serde(default)]
    pub note: String,
    /// Files of this application that evidence the criterion.
    #[validate(length(max = 20))]
    #[serde(default)]
    pub evidence_ids: Vec<Uuid>,
}

/// `POST /api/v1/demonstration-applications`, `PUT /api/v1/demonstration-applications/{id}`.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicationContent {
    pub round_id: Uuid,
    /// The applying brigade (大队/分局).
    pub unit_id: Uuid,
    /// The unit's account of its work (创建工作总结).
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub summary: String,
    #[validate(length(max = 200), nested)]
    #[serde(default)]
    pub self_assessment: Vec<SelfScore>,
}

/// An application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemonstrationApplication {
    pub id: Uuid,
    pub content: ApplicationContent,
    pub round_name: String,
    pub year: i32,
    pub unit_name: String,
    /// The unit that recommends it: the county bureau, or the city bureau for a brigade
    /// directly under it.
    pub recommender_unit_id: Uuid,
    pub recommender_unit_name: String,
    pub status: ApplicationStatus,
    /// The sum of the self-assessed points.
    pub self_total: f64,
    /// A draft still unsubmitted after the deadline (逾期未提交).
    pub overdue: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub recommendation_comment: Option<String>,
    pub recommended_by_name: Option<String>,
    pub recommended_at: Option<DateTime<Utc>>,
    /// Named a demonstration unit by the city bureau.
    pub named: bool,
    pub attachments: Vec<Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/demonstration-applications/{id}/recommendation` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Recommend (true) or decline (false).
    pub recommend: bool,
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub comment: String,
}

/// `POST /api/v1/demonstration-reviews`, `PUT /api/v1/demonstration-reviews/{id}`: one
/// reviewer's scoring of one application in one phase. The findings take points off the
/// criteria as a case-file review does; a finding on a gate criterion excludes the unit.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PanelReviewContent {
    pub application_id: Uuid,
    pub phase: ReviewPhase,
    #[validate(length(max = 200), nested)]
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// The day of the visit (on-site only, required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visited_on: Option<NaiveDate>,
    /// Who took part in the visit besides the reviewer.
    #[validate(length(max = 200))]
    #[serde(default)]
    pub participants: String,
    /// The criteria checked on site (the checklist), by code.
    #[validate(length(max = 200))]
    #[serde(default)]
    pub checked: Vec<String>,
    #[validate(length(max = 3000))]
    #[serde(default)]
    pub notes: String,
}

/// A reviewer's scoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemonstrationReview {
    pub id: Uuid,
    pub content: PanelReviewContent,
    pub round_id: Uuid,
    pub unit_name: String,
    pub reviewer_id: Uuid,
    pub reviewer_name: String,
    pub status: PanelReviewStatus,
    pub scored: Scored,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Photos of the visit.
    pub attachments: Vec<Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One application in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedApplication {
    pub application_id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub recommender_unit_name: String,
    /// The mean of the submitted written reviews.
    pub written: Option<f64>,
    pub written_reviews: u32,
    pub onsite: Option<f64>,
    pub onsite_reviews: u32,
    /// The unit's assessment score of the year (its county-level unit's, from the
    /// system), when there is one.
    pub indicators: Option<f64>,
    /// The phases combined by their weights (two decimals).
    pub final_score: Option<f64>,
    /// Equal final scores share a rank; no rank when the score is incomplete or the
    /// unit is excluded.
    pub rank: Option<u32>,
    /// Why the unit cannot be named (a veto event in the year, a gate criterion not met).
    pub excluded: Option<String>,
    pub named: bool,
}

/// `GET /api/v1/demonstration-rounds/{id}/ranking`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemonstrationRanking {
    pub round_id: Uuid,
    pub weights: PhaseWeights,
    pub awards: u32,
    /// Whether the units' assessment scores of the year were measured (the indicators
    /// have weight and unit-assessment rules are in force): if not, the two review
    /// phases are weighed alone.
    pub indicators_measured: bool,
    pub entries: Vec<RankedApplication>,
}

/// `POST /api/v1/demonstration-rounds/{id}/decision` (`If-Match`): the units named.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoundDecision {
    /// The applications named, at most the round's awards.
    #[validate(length(min = 1, max = 100))]
    pub named: Vec<Uuid>,
}

/// `GET /api/v1/demonstration-applications/{id}/certificate`: the plaque and certificate
/// text of a named unit of a published round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemonstrationCertificate {
    pub application_id: Uuid,
    pub unit_name: String,
    /// `2022年度全市城市管理综合行政执法示范单位`.
    pub title: String,
    /// The certificate's sentence.
    pub text: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub round_name: String,
}

/// `GET /api/v1/public/demonstration-units`: a named unit of a published round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDemonstrationUnit {
    pub year: i32,
    pub round_name: String,
    pub unit_name: String,
    pub recommender_unit_name: String,
    pub final_score: Option<f64>,
    pub published_on: NaiveDate,
}

/// The last instant applications are accepted: the end of `apply_by` in Asia/Shanghai
/// (UTC+8, no daylight saving), as UTC.
pub fn application_deadline(apply_by: NaiveDate) -> DateTime<Utc> {
    let next_day = apply_by.succ_opt().unwrap_or(apply_by);
    // Midnight at the bureau is 16:00 UTC of the day before.
    next_day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(8)
}

/// Whether an application is still submitted at `now`.
pub fn accepting(apply_by: NaiveDate, now: DateTime<Utc>) -> bool {
    now < application_deadline(apply_by)
}

fn hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// The phases combined by their weights, in hundredths of a point: a phase with weight
/// needs a score, except the indicators — without an assessment score of the year the
/// two review phases are weighed alone.
pub fn final_score(
    weights: PhaseWeights,
    written: Option<f64>,
    onsite: Option<f64>,
    indicators: Option<f64>,
) -> Option<f64> {
    let mut sum = 0i64;
    let mut weight = 0i64;
    for (w, score, required) in [
        (weights.written, written, true),
        (weights.onsite, onsite, true),
        (weights.indicators, indicators, false),
    ] {
        if w == 0 {
            continue;
        }
        match score {
            Some(s) => {
                sum += i64::from(w) * hundredths(s);
                weight += i64::from(w);
            }
            None if required => return None,
            None => {}
        }
    }
    if weight == 0 {
        return None;
    }
    // Rounded half up to hundredths.
    let value = (sum * 2 + weight) / (weight * 2);
    Some(value as f64 / 100.0)
}

/// The mean of scores, to hundredths; `None` for none.
pub fn mean(scores: &[f64]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let total: i64 = scores.iter().map(|s| hundredths(*s)).sum();
    let n = scores.len() as i64;
    Some(((total * 2 + n) / (n * 2)) as f64 / 100.0)
}

/// Ranks in place: those with a final score and no exclusion by score (equal scores
/// share a rank, then by name), then the incomplete, then the excluded.
pub fn rank(entries: &mut [RankedApplication]) {
    let class = |e: &RankedApplication| match (&e.excluded, e.final_score) {
        (None, Some(_)) => 0,
        (None, None) => 1,
        (Some(_), _) => 2,
    };
    entries.sort_by(|a, b| {
        class(a)
            .cmp(&class(b))
            .then(
                hundredths(b.final_score.unwrap_or(0.0))
                    .cmp(&hundredths(a.final_score.unwrap_or(0.0))),
            )
            .then(a.unit_name.cmp(&b.unit_name))
    });
    let mut previous: Option<(i64, u32)> = None;
    for (n, e) in entries.iter_mut().enumerate() {
        e.rank = None;
        if class(e) != 0 {
            continue;
        }
        let key = hundredths(e.final_score.unwrap_or(0.0));
        let rank = match previous {
            Some((k, r)) if k == key => r,
            _ => n as u32 + 1,
        };
        previous = Some((key, rank));
        e.rank = Some(rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn applications_close_at_the_end_of_the_day_in_shanghai() {
        let day = NaiveDate::from_ymd_opt(2022, 10, 31).unwrap_or_default();
        assert!(accepting(day, at("2022-10-31T15:59:59Z")));
        assert!(!accepting(day, at("2022-10-31T16:00:00Z")));
        assert!(accepting(day, at("2022-10-31T23:59:59+08:00")));
        assert!(!accepting(day, at("2022-11-01T00:00:00+08:00")));
    }

    #[test]
    fn phases_are_weighed_and_the_indicators_may_be_missing() {
        let w = PhaseWeights::default();
        assert_eq!(
            final_score(w, Some(90.0), Some(80.0), Some(70.0)),
            Some(82.0)
        );
        // Without indicators, written and on-site alone (40:40).
        assert_eq!(final_score(w, Some(90.0), Some(80.0), None), Some(85.0));
        assert_eq!(final_score(w, Some(90.0), None, Some(70.0)), None);
        let written_only = PhaseWeights {
            written: 100,
            onsite: 0,
            indicators: 0,
        };
        assert_eq!(
            final_score(written_only, Some(77.5), None, None),
            Some(77.5)
        );
        assert_eq!(mean(&[90.0, 85.5]), Some(87.75));
        assert_eq!(mean(&[]), None);
    }

    fn entry(name: &str, score: Option<f64>, excluded: Option<&str>) -> RankedApplication {
        RankedApplication {
            application_id: Uuid::nil(),
            unit_id: Uuid::nil(),
            unit_name: name.into(),
            recommender_unit_name: String::new(),
            written: None,
            written_reviews: 0,
            onsite: None,
            onsite_reviews: 0,
            indicators: None,
            final_score: score,
            rank: None,
            excluded: excluded.map(str::to_string),
            named: false,
        }
    }

    #[test]
    fn equal_scores_share_a_rank_and_the_excluded_come_last() {
        let mut entries = vec![
            entry("丁", Some(95.0), Some("一票否决")),
            entry("丙", None, None),
            entry("乙", Some(88.0), None),
            entry("甲", Some(88.0), None),
            entry("戊", Some(90.5), None),
        ];
        rank(&mut entries);
        let got: Vec<(&str, Option<u32>)> = entries
            .iter()
            .map(|e| (e.unit_name.as_str(), e.rank))
            .collect();
        assert_eq!(
            got,
            vec![
                ("戊", Some(1)),
                ("乙", Some(2)),
                ("甲", Some(2)),
                ("丙", None),
                ("丁", None)
            ]
        );
    }
}
