//! Assessment (tasks 7 and 8 of the plan): scoring rules kept as versioned data, case-file
//! reviews (案卷评查) scored against them, assessment runs that score every unit from the
//! system's own data (执法考评) with the yearly veto, and the monthly notice drafted from a
//! run (月度执法办案通报).
//!
//! The scoring itself lives here, not in the server, so the review form's running score
//! in the SPA is the very computation the server stores.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

crate::text_enum! {
    /// What a rule set scores.
    pub enum RuleSetKind {
        /// 案卷评查: one case file.
        CaseReview = "case_review",
        /// 执法考评: a unit over a period, from indicators the system computes.
        UnitAssessment = "unit_assessment",
        /// 示范单位评选: an application for demonstration unit.
        Demonstration = "demonstration",
    }
}

crate::text_enum! {
    /// Where a rule-set version stands. An active version is never edited: a change is
    /// a new version.
    pub enum RuleSetStatus {
        Draft = "draft",
        Active = "active",
        Retired = "retired",
    }
}

crate::text_enum! {
    /// How an item takes points off.
    pub enum DeductionMode {
        /// 基本项: the item's finding applies its veto; no points of its own.
        Gate = "gate",
        /// A fixed deduction when found.
        Fixed = "fixed",
        /// `deduction` for each occurrence, up to the item's points.
        PerOccurrence = "per_occurrence",
        /// The reviewer picks a deduction between `min` and `max`.
        Range = "range",
        /// An indicator below `target` (a percentage) loses `deduction` for each `step`
        /// (or part of one) it falls short.
        Threshold = "threshold",
        /// `deduction` for each event the indicator counts, up to the item's points.
        PerEvent = "per_event",
        /// The item's points times the indicator's share (a percentage of 100).
        Ratio = "ratio",
    }
}

crate::text_enum! {
    /// The two strengths of a veto (一票否决).
    pub enum VetoStrength {
        /// The file or unit is 不合格 (a file scores 0).
        Fail = "fail",
        /// The file or unit cannot be 优秀.
        NoExcellent = "no_excellent",
    }
}

crate::text_enum! {
    /// Grades (等次).
    pub enum Grade {
        Excellent = "excellent",
        Good = "good",
        Pass = "pass",
        Fail = "fail",
    }
}

crate::text_enum! {
    /// What the system computes for a unit and a period, for the unit-assessment rules.
    #[derive(PartialOrd, Ord)]
    pub enum Indicator {
        /// 案卷评查平均分: the mean score of the unit's reviewed files (0–100).
        CaseReviewMean = "case_review_mean",
        /// 不合格案卷: files of the unit reviewed as 不合格.
        FailedCaseFiles = "failed_case_files",
        /// 公开及时率: penalty decisions published within the deadline, of those due (%).
        DisclosureTimeliness = "disclosure_timeliness",
        /// 公开完整率: penalty decisions past their publication deadline (or published)
        /// that are public, of those (%).
        DisclosureCompleteness = "disclosure_completeness",
        /// 统计报表按时报送率: statistics reports first submitted by their due date (%).
        StatisticsOnTime = "statistics_on_time",
        /// 培训学时达标率: the unit's trainees whose hours of the year so far reach the
        /// annual requirement pro rata to the months completed by the period's end (%).
        TrainingHours = "training_hours",
        /// 考试参考率: of the audiences of the quizzes that closed in the period, those
        /// who took them (%).
        QuizParticipation = "quiz_participation",
        /// 考试通过率: of the same audiences, those who passed (%): as the quiz's own
        /// results page counts it, a person who did not take it has not passed.
        QuizPassRate = "quiz_pass_rate",
        /// 典型案例报送不足: quarters ending in the period in which the unit sent fewer
        /// typical cases than the minimum.
        CaseQuotaShort = "case_quota_short",
        /// 督办通知逾期未回复: supervision notices whose reply deadline fell in the period
        /// and that were not answered by it.
        UnansweredNotices = "unanswered_notices",
        /// 工作事项逾期: implementation items due in the period and not completed by then.
        OverdueItems = "overdue_items",
        /// 复议纠错与败诉: decisions revoked, altered or found illegal, decided in the period.
        Corrections = "corrections",
    }
}

impl Indicator {
    /// Whether the indicator is a share in percent (else a count or a score).
    pub fn is_percent(self) -> bool {
        matches!(
            self,
            Indicator::DisclosureTimeliness
                | Indicator::DisclosureCompleteness
                | Indicator::StatisticsOnTime
                | Indicator::TrainingHours
                | Indicator::QuizParticipation
                | Indicator::QuizPassRate
        )
    }

    /// Whether an item of `mode` may read the indicator: a per-event item a count, a
    /// threshold or ratio a percentage or the mean score; other modes read none.
    pub fn fits(self, mode: DeductionMode) -> bool {
        let share = self.is_percent() || self == Indicator::CaseReviewMean;
        match mode {
            DeductionMode::PerEvent => !share,
            DeductionMode::Threshold | DeductionMode::Ratio => share,
            _ => false,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Indicator::CaseReviewMean => "案卷评查平均分",
            Indicator::FailedCaseFiles => "不合格案卷",
            Indicator::DisclosureTimeliness => "公开及时率",
            Indicator::DisclosureCompleteness => "公开完整率（已到期）",
            Indicator::StatisticsOnTime => "统计报表按时报送率",
            Indicator::TrainingHours => "培训学时达标率",
            Indicator::QuizParticipation => "考试参考率",
            Indicator::QuizPassRate => "考试通过率",
            Indicator::CaseQuotaShort => "典型案例报送不足季度",
            Indicator::UnansweredNotices => "督办通知逾期未回复",
            Indicator::OverdueItems => "工作事项逾期",
            Indicator::Corrections => "复议纠错与诉讼败诉",
        }
    }
}

impl Grade {
    pub fn label_zh(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Good => "良好",
            Grade::Pass => "合格",
            Grade::Fail => "不合格",
        }
    }
}

/// One scoring item.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleItem {
    /// Unique in the rule set, e.g. `J1` or `C2.3`.
    #[validate(length(min = 1, max = 20), custom(function = "crate::validate::code"))]
    pub code: String,
    #[validate(
        length(min = 1, max = 300),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    /// The item's points (0 for a gate item); deductions never exceed them.
    #[validate(range(min = 0.0, max = 100.0))]
    pub points: f64,
    pub mode: DeductionMode,
    /// Fixed, per occurrence, per event, or per step below a threshold.
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deduction: Option<f64>,
    /// The range a reviewer picks within (`range`).
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The veto a finding on this item applies (required for `gate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto: Option<VetoStrength>,
    /// The indicator a unit-assessment item reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    /// The percentage a `threshold` item expects.
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The size of one step below the target, in percentage points (`threshold`).
    #[validate(range(min = 0.1, max = 100.0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// The second level the item belongs to (二级指标), when the rules have three
    /// levels: section, group, item.
    #[validate(length(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The evidence (台账: documents, photos) an applicant shows for the item.
    #[validate(length(min = 1, max = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A section of items, in order.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSection {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[validate(length(min = 1, max = 60), nested)]
    pub items: Vec<RuleItem>,
}

/// The lowest score of each grade (a bureau setting). 优秀 also needs no veto; a fail
/// veto is 不合格 whatever the score.
#[api_types_derive::contract]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GradeBands {
    #[validate(range(min = 0.0, max = 100.0))]
    pub excellent: f64,
    #[validate(range(min = 0.0, max = 100.0))]
    pub good: f64,
    #[validate(range(min = 0.0, max = 100.0))]
    pub pass: f64,
}

impl Default for GradeBands {
    fn default() -> Self {
        GradeBands {
            excellent: 90.0,
            good: 80.0,
            pass: 60.0,
        }
    }
}

/// What a rule-set version says: its sections and grade bands.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSetContent {
    pub kind: RuleSetKind,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    /// The first day the version applies to (a review's date, a run's period end).
    pub effective_from: NaiveDate,
    #[validate(length(min = 1, max = 20), nested)]
    pub sections: Vec<RuleSection>,
    #[validate(nested)]
    pub bands: GradeBands,
}

/// A rule-set version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleSet {
    pub id: Uuid,
    /// 1, 2, … within the kind.
    pub version_no: i32,
    pub status: RuleSetStatus,
    pub content: RuleSetContent,
    /// The version this one was drafted from.
    pub based_on_id: Option<Uuid>,
    /// The scored points of all items (100 for an active version).
    pub total_points: f64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A finding of a reviewer on one item.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The item's code.
    #[validate(length(min = 1, max = 20))]
    pub item: String,
    /// How many times (`per_occurrence`); default 1.
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurrences: Option<u32>,
    /// The deduction the reviewer chose (`range`).
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deduction: Option<f64>,
    /// Where in the file, e.g. `第12页`.
    #[validate(length(max = 50))]
    #[serde(default)]
    pub page: String,
    #[validate(length(max = 500))]
    #[serde(default)]
    pub note: String,
}

/// One line of a score's trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceLine {
    pub item: String,
    pub title: String,
    pub points: f64,
    pub deducted: f64,
    /// What happened, in words (`公开及时率 92%（23/25），低于95%，扣2分`).
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto: Option<VetoStrength>,
}

/// A computed score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scored {
    pub score: f64,
    pub grade: Grade,
    /// The strongest veto that applied.
    pub veto: Option<VetoStrength>,
    pub trace: Vec<TraceLine>,
}

/// A measured indicator: `value` (a percentage, a count or a score) and, for a share,
/// what it counts of what.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<i64>,
}

/// Whether a rule is broken, by field (the server names the path).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleProblem {
    pub field: String,
    pub rule: &'static str,
    pub message: String,
}

fn problem(field: String, rule: &'static str, message: impl Into<String>) -> RuleProblem {
    RuleProblem {
        field,
        rule,
        message: message.into(),
    }
}

/// Points are kept in tenths while adding, so 0.1 + 0.2 is 0.3.
fn tenths(points: f64) -> i64 {
    (points * 10.0).round() as i64
}

fn points(tenths: i64) -> f64 {
    tenths as f64 / 10.0
}

/// `12.5` → `12.5`, `2.0` → `2`.
pub fn show(points: f64) -> String {
    let t = tenths(points);
    if t % 10 == 0 {
        format!("{}", t / 10)
    } else {
        format!("{:.1}", points)
    }
}

impl RuleItem {
    /// An item of `mode` with none of the fields its mode reads yet.
    pub fn bare(code: &str, title: &str, points: f64, mode: DeductionMode) -> RuleItem {
        RuleItem {
            code: code.into(),
            title: title.into(),
            points,
            mode,
            deduction: None,
            min: None,
            max: None,
            veto: None,
            indicator: None,
            target: None,
            step: None,
            group: None,
            evidence: None,
        }
    }
}

impl RuleSetContent {
    pub fn items(&self) -> impl Iterator<Item = &RuleItem> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item(&self, code: &str) -> Option<&RuleItem> {
        self.items().find(|i| i.code == code)
    }

    /// The scored points of all items.
    pub fn total_points(&self) -> f64 {
        points(self.items().map(|i| tenths(i.points)).sum())
    }

    /// The rules no schema states: each mode's fields, unique codes, ordered bands, and
    /// (to be activated) a total of 100.
    pub fn problems(&self, to_activate: bool) -> Vec<RuleProblem> {
        let mut found = Vec::new();
        let b = self.bands;
        if !(b.excellent >= b.good && b.good >= b.pass) {
            found.push(problem(
                "bands".into(),
                "ordered",
                "grade bands must be 优秀 ≥ 良好 ≥ 合格",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (s, section) in self.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let at = |f: &str| format!("sections[{s}].items[{i}].{f}");
                if !seen.insert(item.code.as_str()) {
                    found.push(problem(at("code"), "unique", "item codes must be unique"));
                }
                let unit = self.kind == RuleSetKind::UnitAssessment;
                let indicator_mode = matches!(
                    item.mode,
                    DeductionMode::Threshold | DeductionMode::PerEvent | DeductionMode::Ratio
                );
                if unit != indicator_mode && item.mode != DeductionMode::Gate {
                    found.push(problem(
                        at("mode"),
                        "mode_of_kind",
                        if unit {
                            "a unit-assessment item reads an indicator: threshold, per_event or ratio"
                        } else {
                            "a reviewer's item is fixed, per_occurrence, range or gate"
                        },
                    ));
                }
                if unit && item.mode == DeductionMode::Gate {
                    found.push(problem(
                        at("mode"),
                        "mode_of_kind",
                        "a unit-assessment item reads an indicator (the year's veto applies by itself)",
                    ));
                }
                if let (Some(indicator), DeductionMode::PerEvent) = (item.indicator, item.mode) {
                    if !indicator.fits(item.mode) {
                        found.push(problem(
                            at("indicator"),
                            "count_indicator",
                            "a per-event item reads a count",
                        ));
                    }
                }
                if indicator_mode && item.indicator.is_none() {
                    found.push(problem(at("indicator"), "required", "name the indicator"));
                }
                if let (Some(indicator), DeductionMode::Threshold | DeductionMode::Ratio) =
                    (item.indicator, item.mode)
                {
                    if !indicator.fits(item.mode) {
                        found.push(problem(
                            at("indicator"),
                            "percent_indicator",
                            "a threshold or ratio reads a percentage or the mean score",
                        ));
                    }
                }
                match item.mode {
                    DeductionMode::Gate => {
                        if item.veto.is_none() {
                            found.push(problem(at("veto"), "required", "a gate item has a veto"));
                        }
                        if item.points != 0.0 {
                            found.push(problem(at("points"), "zero", "a gate item has no points"));
                        }
                    }
                    DeductionMode::Fixed
                    | DeductionMode::PerOccurrence
                    | DeductionMode::PerEvent => {
                        if item.deduction.is_none() {
                            found.push(problem(at("deduction"), "required", "give the deduction"));
                        }
                    }
                    DeductionMode::Range => match (item.min, item.max) {
                        (Some(min), Some(max)) if min <= max && max <= item.points => {}
                        (Some(_), Some(_)) => found.push(problem(
                            at("max"),
                            "range_order",
                            "the range must be min ≤ max ≤ the item's points",
                        )),
                        _ => found.push(problem(at("min"), "required", "give min and max")),
                    },
                    DeductionMode::Threshold => {
                        if item.target.is_none() {
                            found.push(problem(at("target"), "required", "give the target"));
                        }
                        if item.deduction.is_none() {
                            found.push(problem(at("deduction"), "required", "give the deduction"));
                        }
                    }
                    DeductionMode::Ratio => {}
                }
            }
        }
        if to_activate && tenths(self.total_points()) != 1000 {
            found.push(problem(
                "sections".into(),
                "total_100",
                format!(
                    "the items' points add up to {}, not 100",
                    show(self.total_points())
                ),
            ));
        }
        found
    }

    /// The grade of a score under these bands.
    pub fn grade(&self, score: f64, veto: Option<VetoStrength>) -> Grade {
        let b = self.bands;
        if veto == Some(VetoStrength::Fail) || score < b.pass {
            Grade::Fail
        } else if score >= b.excellent && veto.is_none() {
            Grade::Excellent
        } else if score >= b.good {
            Grade::Good
        } else {
            Grade::Pass
        }
    }

    /// A reviewer's findings scored: each item loses at most its points ("扣完为止，不计负
    /// 分"); a fail veto makes the file 0 and 不合格, a no-excellent veto keeps it from 优秀.
    pub fn score_review(&self, findings: &[Finding]) -> Result<Scored, Vec<RuleProblem>> {
        let mut problems = Vec::new();
        let mut by_item: BTreeMap<&str, Vec<(usize, &Finding)>> = BTreeMap::new();
        for (n, f) in findings.iter().enumerate() {
            match self.item(&f.item) {
                None => problems.push(problem(
                    format!("findings[{n}].item"),
                    "known_item",
                    format!("the rule set has no item {}", f.item),
                )),
                Some(item) => {
                    if item.mode == DeductionMode::Range {
                        match f.deduction {
                            Some(d)
                                if d >= item.min.unwrap_or(0.0)
                                    && d <= item.max.unwrap_or(item.points) => {}
                            _ => problems.push(problem(
                                format!("findings[{n}].deduction"),
                                "in_range",
                                format!(
                                    "choose a deduction from {} to {} points",
                                    show(item.min.unwrap_or(0.0)),
                                    show(item.max.unwrap_or(item.points))
                                ),
                            )),
                        }
                    }
                    by_item.entry(item.code.as_str()).or_default().push((n, f));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut trace = Vec::new();
        let mut total = 0i64;
        let mut veto = None;
        for item in self.items() {
            let found = by_item.get(item.code.as_str());
            let raw = match (item.mode, found) {
                (_, None) => 0,
                (DeductionMode::Gate, Some(_)) => 0,
                (DeductionMode::Fixed, Some(_)) => tenths(item.deduction.unwrap_or(item.points)),
                (DeductionMode::PerOccurrence, Some(fs)) => {
                    let times: i64 = fs
                        .iter()
                        .map(|(_, f)| i64::from(f.occurrences.unwrap_or(1)))
                        .sum();
                    times * tenths(item.deduction.unwrap_or(0.0))
                }
                (DeductionMode::Range, Some(fs)) => fs
                    .iter()
                    .map(|(_, f)| tenths(f.deduction.unwrap_or(0.0)))
                    .sum(),
                (_, Some(_)) => 0,
            };
            let deducted = raw.min(tenths(item.points));
            total += tenths(item.points) - deducted;
            let item_veto = found.and(item.veto);
            veto = stronger(veto, item_veto);
            let text = match found {
                None => "未发现问题".to_string(),
                Some(fs) => {
                    let notes: Vec<String> = fs
                        .iter()
                        .map(|(_, f)| {
                            [f.page.trim(), f.note.trim()]
                                .iter()
                                .filter(|s| !s.is_empty())
                                .copied()
                                .collect::<Vec<_>>()
                                .join("：")
                        })
                        .filter(|s| !s.is_empty())
                        .collect();
                    let mut text = match item_veto {
                        Some(VetoStrength::Fail) => "基本项不符合，案卷不合格".to_string(),
                        Some(VetoStrength::NoExcellent) if deducted == 0 => {
                            "存在基本要素问题，不得评为优秀".to_string()
                        }
                        _ if raw > deducted => format!(
                            "应扣{}分，扣完为止，扣{}分",
                            show(points(raw)),
                            show(points(deducted))
                        ),
                        _ => format!("扣{}分", show(points(deducted))),
                    };
                    if !notes.is_empty() {
                        text.push_str(&format!("（{}）", notes.join("；")));
                    }
                    text
                }
            };
            trace.push(TraceLine {
                item: item.code.clone(),
                title: item.title.clone(),
                points: item.points,
                deducted: points(deducted),
                text,
                veto: item_veto,
            });
        }
        let score = if veto == Some(VetoStrength::Fail) {
            0.0
        } else {
            points(total)
        };
        Ok(Scored {
            score,
            grade: self.grade(score, veto),
            veto,
            trace,
        })
    }

    /// A unit's indicators scored. An indicator with no value (nothing to measure in the
    /// period) costs nothing and says so. `vetoed` is the yearly veto (a decision revoked
    /// on reconsideration or lost in court): the unit is 不合格 with the score it earned.
    pub fn score_unit(
        &self,
        inputs: &BTreeMap<Indicator, IndicatorValue>,
        vetoed: Option<String>,
    ) -> Scored {
        let mut trace = Vec::new();
        let mut total = 0i64;
        for item in self.items() {
            let Some(indicator) = item.indicator else {
                continue;
            };
            let label = indicator.label_zh();
            let value = inputs.get(&indicator);
            // What was measured, and what the rule asks to deduct.
            let (said, raw) = match value {
                None => (format!("{label}：本期无数据"), 0),
                Some(v) => {
                    let shown = describe(indicator, v);
                    match item.mode {
                        DeductionMode::Threshold => {
                            let target = item.target.unwrap_or(100.0);
                            if v.value >= target {
                                (format!("{label} {shown}，达到{}%", show(target)), 0)
                            } else {
                                // In tenths, so that 0.1-point steps count exactly.
                                let short = tenths(target) - tenths(v.value);
                                let steps = match item.step.map(tenths) {
                                    Some(step) if step > 0 => ((short + step - 1) / step).max(1),
                                    _ => 1,
                                };
                                let raw = steps * tenths(item.deduction.unwrap_or(0.0));
                                (format!("{label} {shown}，低于{}%", show(target)), raw)
                            }
                        }
                        DeductionMode::PerEvent => {
                            let events = v.value.round() as i64;
                            let raw = events * tenths(item.deduction.unwrap_or(0.0));
                            (format!("{label} {events}"), raw)
                        }
                        DeductionMode::Ratio => {
                            let share = (v.value / 100.0).clamp(0.0, 1.0);
                            let earned = (tenths(item.points) as f64 * share).round() as i64;
                            (
                                format!(
                                    "{label} {shown}，按得分率得{}分（满分{}分）",
                                    show(points(earned)),
                                    show(item.points)
                                ),
                                tenths(item.points) - earned,
                            )
                        }
                        _ => (format!("{label} {shown}"), 0),
                    }
                }
            };
            let deducted = raw.min(tenths(item.points));
            let text = if raw == 0 {
                format!("{said}，不扣分")
            } else if raw > deducted {
                format!(
                    "{said}，应扣{}分，扣完为止，扣{}分",
                    show(points(raw)),
                    show(points(deducted))
                )
            } else {
                format!("{said}，扣{}分", show(points(deducted)))
            };
            total += tenths(item.points) - deducted;
            trace.push(TraceLine {
                item: item.code.clone(),
                title: item.title.clone(),
                points: item.points,
                deducted: points(deducted),
                text,
                veto: None,
            });
        }
        let veto = vetoed.as_ref().map(|_| VetoStrength::Fail);
        if let Some(reason) = vetoed {
            trace.push(TraceLine {
                item: "VETO".into(),
                title: "一票否决".into(),
                points: 0.0,
                deducted: 0.0,
                text: reason,
                veto,
            });
        }
        let score = points(total);
        Scored {
            score,
            grade: self.grade(score, veto),
            veto,
            trace,
        }
    }
}

/// `92%（23/25）`, `3`, `86.5`.
pub fn describe(indicator: Indicator, v: &IndicatorValue) -> String {
    if indicator.is_percent() {
        match (v.numerator, v.denominator) {
            (Some(n), Some(d)) => format!("{}%（{n}/{d}）", show(v.value)),
            _ => format!("{}%", show(v.value)),
        }
    } else {
        show(v.value)
    }
}

fn stronger(a: Option<VetoStrength>, b: Option<VetoStrength>) -> Option<VetoStrength> {
    match (a, b) {
        (Some(VetoStrength::Fail), _) | (_, Some(VetoStrength::Fail)) => Some(VetoStrength::Fail),
        (Some(x), _) | (_, Some(x)) => Some(x),
        _ => None,
    }
}

/// What changed between two versions of a rule set, item by item (for the SPA's diff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemChange {
    Added(RuleItem),
    Removed(RuleItem),
    Changed { before: RuleItem, after: RuleItem },
}

pub fn diff_items(before: &RuleSetContent, after: &RuleSetContent) -> Vec<ItemChange> {
    let mut changes = Vec::new();
    for old in before.items() {
        match after.item(&old.code) {
            None => changes.push(ItemChange::Removed(old.clone())),
            Some(new) if new != old => changes.push(ItemChange::Changed {
                before: old.clone(),
                after: new.clone(),
            }),
            Some(_) => {}
        }
    }
    for new in after.items() {
        if before.item(&new.code).is_none() {
            changes.push(ItemChange::Added(new.clone()));
        }
    }
    changes
}

// ---------------------------------------------------------------------------
// Case reviews

crate::text_enum! {
    /// Where a case-file review stands.
    pub enum ReviewStatus {
        /// Assigned to a reviewer or being scored; only the reviewer and the city bureau see it.
        Open = "open",
        /// Submitted: final, counts in the assessment.
        Submitted = "submitted",
    }
}

/// The file a review scores and who reviews it (the city bureau assigns cross-reviews;
/// a reviewer may open one for themself).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCaseReview {
    /// The unit whose case file it is.
    pub unit_id: Uuid,
    /// The decision's public record, when the file has one.
    #[serde(default)]
    pub disclosure_record_id: Option<Uuid>,
    /// 案卷名称, e.g. the case cause and party.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub file_title: String,
    /// 案卷号 or the decision's document number.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub file_number: String,
    /// The reviewer (default: the caller). Never of the file's unit.
    #[serde(default)]
    pub reviewer_id: Option<Uuid>,
    /// The review round, e.g. `2022年第二季度交叉评查`.
    #[validate(length(max = 100))]
    #[serde(default)]
    pub round: String,
}

/// The reviewer's findings (saved while open; `POST …/submit` makes them final).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewFindings {
    #[validate(length(max = 200), nested)]
    pub findings: Vec<Finding>,
    /// 总体评价.
    #[validate(length(max = 2000))]
    #[serde(default)]
    pub comment: String,
    /// 评查日期 (the day the file was reviewed, when it was entered later): never in the
    /// future; default the day it is submitted.
    #[serde(default)]
    pub reviewed_on: Option<NaiveDate>,
}

/// A case-file review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseReview {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub disclosure_record_id: Option<Uuid>,
    pub file_title: String,
    pub file_number: String,
    pub round: String,
    pub reviewer_id: Uuid,
    pub reviewer_name: String,
    pub reviewer_unit_id: Uuid,
    pub rule_set_id: Uuid,
    pub rule_set_version_no: i32,
    pub status: ReviewStatus,
    pub findings: Vec<Finding>,
    pub comment: String,
    /// The score, grade and trace the server computed from the findings.
    pub result: Scored,
    pub reviewed_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// ---------------------------------------------------------------------------
// Assessment runs

/// Run the unit assessment for a period.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAssessmentRun {
    /// A month `2022-05`, a quarter `2022-Q2` or a year `2022`.
    #[validate(custom(function = "crate::validate::report_period"))]
    pub period: String,
}

/// One unit's result in a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentUnitResult {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub rank: i32,
    /// Every input value, by indicator; an indicator with nothing to measure is absent.
    pub inputs: BTreeMap<Indicator, IndicatorValue>,
    #[serde(flatten)]
    pub scored: Scored,
}

/// An assessment run: never changed; a re-run is a new run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentRun {
    pub id: Uuid,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rule_set_id: Uuid,
    pub rule_set_version_no: i32,
    pub results: Vec<AssessmentUnitResult>,
    pub run_by_name: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A run in a list (without its results).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentRunSummary {
    pub id: Uuid,
    pub period: String,
    pub rule_set_id: Uuid,
    pub rule_set_version_no: i32,
    pub units: i32,
    pub run_by_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One item that differs between two runs for a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemDifference {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub item: String,
    pub title: String,
    pub before: Option<TraceLine>,
    pub after: Option<TraceLine>,
}

/// Two runs compared: each unit's score and every item that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunComparison {
    pub before_id: Uuid,
    pub after_id: Uuid,
    pub scores: Vec<ScoreDifference>,
    pub items: Vec<ItemDifference>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreDifference {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub before_grade: Option<Grade>,
    pub after_grade: Option<Grade>,
}

/// A unit whose indicators already cost points in the month so far (问题发现在早): what
/// the city bureau's dashboard shows and the unit is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentWarning {
    pub unit_id: Uuid,
    pub unit_name: String,
    /// The month measured (`2026-12`), up to today.
    pub period: String,
    /// The score the month would have now.
    pub score: f64,
    pub grade: Grade,
    pub vetoed: bool,
    /// The items that lose points (and the veto, if any).
    pub items: Vec<TraceLine>,
}

// ---------------------------------------------------------------------------
// Notices

crate::text_enum! {
    /// Where a monthly notice stands.
    pub enum AssessmentNoticeStatus {
        /// Being edited by 执法监督科.
        Draft = "draft",
        /// Approved by the city bureau, not yet sent.
        Approved = "approved",
        /// Sent to the units; never changed.
        Published = "published",
    }
}

/// Draft a notice from a run.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAssessmentNotice {
    pub run_id: Uuid,
}

/// What the editor changes in a draft.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeText {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    /// The opening and the summary.
    #[validate(length(max = 10000))]
    pub body: String,
    /// 存在的问题.
    #[validate(length(max = 10000))]
    pub problems: String,
}

/// A row of a notice's ranking table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeRow {
    pub rank: i32,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub score: f64,
    pub grade: Grade,
    /// The main deductions in words.
    pub deductions: Vec<String>,
    pub vetoed: bool,
}

/// A monthly notice (月度执法办案通报).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentNotice {
    pub id: Uuid,
    pub run_id: Uuid,
    pub period: String,
    /// `考评通报〔2022〕5号`, given when published.
    pub number: Option<String>,
    pub text: NoticeText,
    pub rows: Vec<NoticeRow>,
    pub status: AssessmentNoticeStatus,
    pub drafted_by_name: String,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, points: f64, mode: DeductionMode) -> RuleItem {
        RuleItem::bare(code, code, points, mode)
    }

    fn rules(items: Vec<RuleItem>) -> RuleSetContent {
        RuleSetContent {
            kind: RuleSetKind::CaseReview,
            name: "t".into(),
            effective_from: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default(),
            sections: vec![RuleSection {
                title: "s".into(),
                items,
            }],
            bands: GradeBands::default(),
        }
    }

    fn finding(code: &str, occurrences: Option<u32>, deduction: Option<f64>) -> Finding {
        Finding {
            item: code.into(),
            occurrences,
            deduction,
            page: String::new(),
            note: String::new(),
        }
    }

    fn review_rules() -> RuleSetContent {
        let mut gate = item("G1", 0.0, DeductionMode::Gate);
        gate.veto = Some(VetoStrength::Fail);
        let mut basic = item("G2", 0.0, DeductionMode::Gate);
        basic.veto = Some(VetoStrength::NoExcellent);
        let mut fixed = item("A", 5.0, DeductionMode::Fixed);
        fixed.deduction = Some(2.0);
        let mut per = item("B", 4.0, DeductionMode::PerOccurrence);
        per.deduction = Some(1.5);
        let mut range = item("C", 10.0, DeductionMode::Range);
        range.min = Some(1.0);
        range.max = Some(5.0);
        let rest = item("D", 81.0, DeductionMode::Fixed);
        let mut rest = rest;
        rest.deduction = Some(81.0);
        rules(vec![gate, basic, fixed, per, range, rest])
    }

    #[test]
    fn deduction_modes_add_up_and_each_item_is_capped_at_its_points() {
        let r = review_rules();
        assert!(r.problems(true).is_empty(), "{:?}", r.problems(true));
        let s = r
            .score_review(&[
                finding("A", None, None),
                finding("B", Some(2), None),
                finding("B", Some(1), None),
                finding("C", None, Some(2.5)),
            ])
            .unwrap();
        // A −2, B 3 × 1.5 = 4.5 capped at 4, C −2.5.
        assert_eq!(s.score, 91.5);
        assert_eq!(s.grade, Grade::Excellent);
        let b = s.trace.iter().find(|l| l.item == "B").unwrap();
        assert_eq!(b.deducted, 4.0);
        assert!(b.text.contains("扣完为止"), "{}", b.text);
        let err = r
            .score_review(&[finding("C", None, Some(6.0))])
            .unwrap_err();
        assert_eq!(err[0].field, "findings[0].deduction");
        let err = r.score_review(&[finding("Z", None, None)]).unwrap_err();
        assert_eq!(err[0].rule, "known_item");
    }

    #[test]
    fn a_fail_veto_zeroes_the_file_and_a_no_excellent_veto_caps_it() {
        let r = review_rules();
        let s = r.score_review(&[finding("G1", None, None)]).unwrap();
        assert_eq!(
            (s.score, s.grade, s.veto),
            (0.0, Grade::Fail, Some(VetoStrength::Fail))
        );
        let s = r.score_review(&[finding("G2", None, None)]).unwrap();
        assert_eq!((s.score, s.grade), (100.0, Grade::Good));
    }

    #[test]
    fn bands_grade_scores_and_must_be_ordered() {
        let mut r = review_rules();
        assert_eq!(r.grade(90.0, None), Grade::Excellent);
        assert_eq!(r.grade(89.9, None), Grade::Good);
        assert_eq!(r.grade(80.0, None), Grade::Good);
        assert_eq!(r.grade(79.9, None), Grade::Pass);
        assert_eq!(r.grade(60.0, None), Grade::Pass);
        assert_eq!(r.grade(59.9, None), Grade::Fail);
        assert_eq!(r.grade(99.0, Some(VetoStrength::Fail)), Grade::Fail);
        r.bands.good = 95.0;
        assert_eq!(r.problems(false)[0].rule, "ordered");
    }

    #[test]
    fn unit_items_deduct_by_threshold_event_and_ratio() {
        let mut threshold = item("T", 10.0, DeductionMode::Threshold);
        threshold.indicator = Some(Indicator::DisclosureTimeliness);
        threshold.target = Some(95.0);
        threshold.step = Some(5.0);
        threshold.deduction = Some(2.0);
        let mut events = item("E", 5.0, DeductionMode::PerEvent);
        events.indicator = Some(Indicator::Corrections);
        events.deduction = Some(2.0);
        let mut ratio = item("R", 85.0, DeductionMode::Ratio);
        ratio.indicator = Some(Indicator::CaseReviewMean);
        let mut r = rules(vec![threshold, events, ratio]);
        r.kind = RuleSetKind::UnitAssessment;
        assert!(r.problems(true).is_empty(), "{:?}", r.problems(true));
        let mut inputs = BTreeMap::new();
        inputs.insert(
            Indicator::DisclosureTimeliness,
            IndicatorValue {
                value: 92.0,
                numerator: Some(23),
                denominator: Some(25),
            },
        );
        inputs.insert(
            Indicator::Corrections,
            IndicatorValue {
                value: 3.0,
                numerator: None,
                denominator: None,
            },
        );
        inputs.insert(
            Indicator::CaseReviewMean,
            IndicatorValue {
                value: 80.0,
                numerator: None,
                denominator: None,
            },
        );
        let s = r.score_unit(&inputs, None);
        // T −2 (one step), E 6 capped at 5, R 85 × 0.8 = 68.
        assert_eq!(s.score, 8.0 + 0.0 + 68.0);
        assert_eq!(s.trace[0].text, "公开及时率 92%（23/25），低于95%，扣2分");
        // 81.1% against 90% in 0.1-point steps is 89 steps, exactly.
        r.sections[0].items[0].target = Some(90.0);
        r.sections[0].items[0].step = Some(0.1);
        r.sections[0].items[0].deduction = Some(0.1);
        r.sections[0].items[0].points = 10.0;
        inputs.insert(
            Indicator::DisclosureTimeliness,
            IndicatorValue {
                value: 81.1,
                numerator: None,
                denominator: None,
            },
        );
        let stepped = r.score_unit(&inputs, None);
        assert_eq!(stepped.trace[0].deducted, 8.9);
        let vetoed = r.score_unit(&BTreeMap::new(), Some("复议撤销".into()));
        assert_eq!((vetoed.score, vetoed.grade), (100.0, Grade::Fail));
    }
}
