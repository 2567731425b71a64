//! Enforcement statistics (执法数据统计): report templates kept as versioned data, the
//! reports county bureaus file each period, their reconciliation with the disclosure
//! records of the same unit and period, and the city bureau's region table.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use crate::disclosure::Timeliness;
use crate::period::Period;

crate::text_enum! {
    /// How long one report covers.
    pub enum PeriodKind {
        /// 月报: `2026-05`.
        Month = "month",
        /// 季报: `2026-Q2`.
        Quarter = "quarter",
        /// 年报: `2026`.
        Year = "year",
    }
}

crate::text_enum! {
    /// How a column gets its value.
    pub enum ColumnKind {
        /// Entered by the reporting unit. With `derived`, the system also computes the
        /// figure from its records and shows the difference (reconciliation).
        Manual = "manual",
        /// Computed from records already in the system; not entered.
        Derived = "derived",
        /// `numerator` ÷ `denominator` × 100, in percent; computed.
        Ratio = "ratio",
    }
}

crate::text_enum! {
    /// A figure the system computes from the disclosure records (行政处罚决定) of the
    /// reporting unit and its brigades whose decision date falls in the period. Drafts
    /// count (a decision is made when it is signed), withdrawn records do not.
    pub enum Derivation {
        /// 处罚决定 合计(宗): every decision once.
        Decisions = "decisions",
        /// 警告
        Warning = "decisions.warning",
        /// 通报批评
        Criticism = "decisions.criticism",
        /// 罚款
        Fine = "decisions.fine",
        /// 没收违法所得、没收非法财物
        Confiscation = "decisions.confiscation",
        /// 暂扣许可证件
        SuspendLicense = "decisions.suspend_license",
        /// 降低资质等级
        LowerQualification = "decisions.lower_qualification",
        /// 限制开展生产经营活动
        RestrictBusiness = "decisions.restrict_business",
        /// 责令停产停业
        SuspendProduction = "decisions.suspend_production",
        /// 责令关闭、限制从业
        Close = "decisions.close",
        /// 吊销许可证件
        RevokeLicense = "decisions.revoke_license",
        /// 其他 (no kind recognised)
        Other = "decisions.other",
        /// 罚没金额 (元): fines plus confiscated amounts.
        PenaltyAmount = "amount.penalties",
    }
}

impl Derivation {
    /// The penalty kinds a decision is counted under, one per decision.
    pub const PENALTY_KINDS: &'static [Derivation] = &[
        Derivation::Warning,
        Derivation::Criticism,
        Derivation::Fine,
        Derivation::Confiscation,
        Derivation::SuspendLicense,
        Derivation::LowerQualification,
        Derivation::RestrictBusiness,
        Derivation::SuspendProduction,
        Derivation::Close,
        Derivation::RevokeLicense,
        Derivation::Other,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Derivation::Decisions => "处罚决定合计",
            Derivation::Warning => "警告",
            Derivation::Criticism => "通报批评",
            Derivation::Fine => "罚款",
            Derivation::Confiscation => "没收违法所得、没收非法财物",
            Derivation::SuspendLicense => "暂扣许可证件",
            Derivation::LowerQualification => "降低资质等级",
            Derivation::RestrictBusiness => "限制开展生产经营活动",
            Derivation::SuspendProduction => "责令停产停业",
            Derivation::Close => "责令关闭、限制从业",
            Derivation::RevokeLicense => "吊销许可证件",
            Derivation::Other => "其他",
            Derivation::PenaltyAmount => "罚没金额",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a statistics report.
    pub enum StatisticsStatus {
        /// Being filled in by the unit; only its own scope reads it.
        Draft = "draft",
        /// Sent to the city bureau, waiting for review.
        Submitted = "submitted",
        /// Sent back with a comment and the fields to look at.
        Returned = "returned",
        /// Accepted and locked; only the city bureau corrects it (a kept revision).
        Accepted = "accepted",
    }
}

impl StatisticsStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            StatisticsStatus::Draft => "草稿",
            StatisticsStatus::Submitted => "已报送",
            StatisticsStatus::Returned => "已退回",
            StatisticsStatus::Accepted => "已审核",
        }
    }
}

/// The first and last day of a period of `kind` written as `text` (`2026`, `2026-05`,
/// `2026-Q2`), or `None` when the text is not a period of that kind.
pub fn period_bounds(kind: PeriodKind, text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let period = Period::parse(text)?;
    let fits = match period {
        Period::Year { .. } => kind == PeriodKind::Year,
        Period::Month { .. } => kind == PeriodKind::Month,
        Period::Quarter { .. } => kind == PeriodKind::Quarter,
    };
    fits.then(|| (period.start(), period.end()))
}

/// The period of `kind` just before the one starting on `start` (month-on-month), and
/// the same period a year earlier (year-on-year), as texts.
pub fn neighbour_periods(kind: PeriodKind, start: NaiveDate) -> (String, String) {
    let (y, m) = (start.year(), start.month());
    match kind {
        PeriodKind::Month => {
            let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            (format!("{py:04}-{pm:02}"), format!("{:04}-{m:02}", y - 1))
        }
        PeriodKind::Quarter => {
            let q = (m - 1) / 3 + 1;
            let (py, pq) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
            (format!("{py:04}-Q{pq}"), format!("{:04}-Q{q}", y - 1))
        }
        PeriodKind::Year => (format!("{:04}", y - 1), format!("{:04}", y - 1)),
    }
}

/// One column of a template.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateColumn {
    /// Stable key of the column in a report's `values` (`a-z`, `0-9`, `_`).
    #[validate(custom(function = "crate::validate::figure_key"))]
    pub key: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub label: String,
    /// What the figure counts, in words a clerk understands.
    #[serde(default)]
    #[validate(length(max = 500))]
    pub description: String,
    /// 宗, 元, 处, m², 块, 起, 件, 人次, %.
    #[validate(
        length(min = 1, max = 10),
        custom(function = "crate::validate::not_blank")
    )]
    pub unit: String,
    pub kind: ColumnKind,
    /// For a derived column its source; for a manual one the computed counterpart it is
    /// reconciled with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derivation>,
    /// Decimal places allowed (0 = a whole number; money and areas take 2).
    #[serde(default)]
    #[validate(range(max = 4))]
    pub decimals: u8,
    /// The value may not exceed the value of this column (结案 ≤ 立案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<String>,
    /// For a ratio column: the columns divided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
}

/// A titled group of columns (行政处罚, 行政强制 …).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateSection {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[validate(length(min = 1, max = 60), nested)]
    pub columns: Vec<TemplateColumn>,
}

/// What a template version says: its columns and the rules of its reports.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateDefinition {
    #[validate(length(min = 1, max = 20), nested)]
    pub sections: Vec<TemplateSection>,
    /// Reports are due on this working day after the period ends (5 = the 5th working
    /// day of the next month), counted on the working calendar.
    #[validate(range(min = 1, max = 60))]
    pub due_working_day: u32,
    /// A manual figure may differ from its computed counterpart by this many percent
    /// (of the computed figure, at least 1) before the report is flagged and needs an
    /// explanation. 0: any difference.
    #[validate(range(min = 0.0, max = 100.0))]
    pub tolerance_percent: f64,
    /// The penalty kinds from the mildest to the most severe: a decision with several
    /// penalties is counted once, under the most severe.
    #[validate(length(min = 10, max = 10))]
    pub severity_order: Vec<Derivation>,
}

impl TemplateDefinition {
    pub fn columns(&self) -> impl Iterator<Item = &TemplateColumn> {
        self.sections.iter().flat_map(|s| s.columns.iter())
    }

    pub fn column(&self, key: &str) -> Option<&TemplateColumn> {
        self.columns().find(|c| c.key == key)
    }
}

/// A template version (`GET /api/v1/statistics/templates`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsTemplate {
    pub id: Uuid,
    /// The template's code, shared by its versions (`monthly`, `annual`).
    pub code: String,
    pub version_number: i32,
    pub name: String,
    pub period_kind: PeriodKind,
    /// Periods starting on or after this day use this version (until a later one).
    pub effective_from: NaiveDate,
    pub definition: TemplateDefinition,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/statistics/templates`: a new version of a template (or a new template
/// when the code is new). Versions already used by reports are never changed.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTemplateVersion {
    #[validate(
        length(min = 2, max = 40),
        custom(function = "crate::validate::not_blank")
    )]
    pub code: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    pub period_kind: PeriodKind,
    pub effective_from: NaiveDate,
    #[validate(nested)]
    pub definition: TemplateDefinition,
}

/// A manual figure that differs from its computed counterpart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    pub column: String,
    pub entered: f64,
    pub derived: f64,
    /// entered − derived.
    pub difference: f64,
    /// Beyond the template's tolerance: submitting needs an explanation.
    pub beyond_tolerance: bool,
}

/// A kept state of a report: each submission and each correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsRevision {
    pub revision: i32,
    /// `submitted` or `corrected`.
    pub action: String,
    pub values: BTreeMap<String, f64>,
    pub explanation: Option<String>,
    pub reason: Option<String>,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// A unit's report for one period (`GET /api/v1/statistics/reports/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsReport {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub template_id: Uuid,
    pub template_code: String,
    pub template_version: i32,
    pub period_kind: PeriodKind,
    pub period: String,
    pub due_date: NaiveDate,
    pub status: StatisticsStatus,
    /// Whether the first submission came by the due date.
    pub timeliness: Timeliness,
    /// The entered figures, by column key.
    pub values: BTreeMap<String, f64>,
    /// Derived and ratio columns, and the computed counterparts of manual ones.
    pub derived: BTreeMap<String, f64>,
    pub differences: Vec<Difference>,
    /// Some difference is beyond the tolerance.
    pub flagged: bool,
    /// The unit's explanation of the differences.
    pub explanation: Option<String>,
    pub return_comment: Option<String>,
    /// Column keys the reviewer asked to look at.
    pub returned_fields: Vec<String>,
    /// 0 until first submitted; +1 with each submission and correction.
    pub revision: i32,
    pub correction_reason: Option<String>,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/statistics/reports`: start a report (a draft) for a county bureau.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStatisticsReport {
    pub unit_id: Uuid,
    #[validate(
        length(min = 2, max = 40),
        custom(function = "crate::validate::not_blank")
    )]
    pub template_code: String,
    /// `2026-05` (month), `2026-Q2` (quarter) or `2026` (year), as the template's kind.
    #[validate(custom(function = "crate::validate::report_period"))]
    pub period: String,
    /// Figures entered so far, by column key (every figure ≥ 0).
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub explanation: Option<String>,
}

/// `PATCH /api/v1/statistics/reports/{id}` (`If-Match`): the figures of a draft or
/// returned report. Absent fields keep their value; `values` replaces them all.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatisticsReportChange {
    pub values: Option<BTreeMap<String, f64>>,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub explanation: Option<String>,
}

/// `POST /api/v1/statistics/reports/{id}/submit` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatisticsSubmission {
    /// Why figures differ from the unit's disclosures (required when flagged).
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub explanation: Option<String>,
}

/// `POST /api/v1/statistics/reports/{id}/return` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatisticsReturn {
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub comment: String,
    /// Column keys to look at (shown marked in the form).
    #[serde(default)]
    #[validate(length(max = 100))]
    pub fields: Vec<String>,
}

/// `POST /api/v1/statistics/reports/{id}/correct` (`If-Match`): the city bureau corrects
/// an accepted report; the previous figures stay as a revision.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatisticsCorrection {
    pub values: BTreeMap<String, f64>,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// One unit's line of the region table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionRow {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub report_id: Option<Uuid>,
    /// `None`: nothing filed yet.
    pub status: Option<StatisticsStatus>,
    pub timeliness: Timeliness,
    pub flagged: bool,
    /// The figures of an accepted report (empty otherwise): only accepted reports count.
    pub values: BTreeMap<String, f64>,
}

/// `GET /api/v1/statistics/region`: every county bureau's report for one period, the
/// region totals of the accepted ones, and the same totals for the period before and
/// a year before (month-on-month, year-on-year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionTable {
    pub template: StatisticsTemplate,
    pub period: String,
    pub due_date: NaiveDate,
    pub rows: Vec<RegionRow>,
    pub totals: BTreeMap<String, f64>,
    pub previous_period: String,
    pub previous_totals: BTreeMap<String, f64>,
    pub last_year_period: String,
    pub last_year_totals: BTreeMap<String, f64>,
    /// Units that have not submitted (no report, or still a draft).
    pub missing_unit_ids: Vec<Uuid>,
    pub accepted_count: i64,
}

/// One period of a trend (`GET /api/v1/statistics/trend`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub period: String,
    /// Region total of the column over the accepted reports of the period.
    pub total: f64,
    pub accepted_count: i64,
}

crate::text_enum! {
    /// A step of the procedure of a major administrative decision (重大行政决策程序).
    #[derive(PartialOrd, Ord)]
    pub enum DecisionStep {
        /// 公众参与: the draft published for comment, hearings.
        PublicParticipation = "public_participation",
        /// 专家论证: experts' opinions on questions of expertise.
        ExpertReview = "expert_review",
        /// 风险评估: social stability, environment, finances.
        RiskAssessment = "risk_assessment",
        /// 合法性审查: the legal department's review; never skipped.
        LegalityReview = "legality_review",
        /// 集体讨论决定: decided by the leadership meeting; never skipped.
        CollectiveDecision = "collective_decision",
        /// 公布: the decision made public, after it is decided.
        Publication = "publication",
    }
}

impl DecisionStep {
    /// Steps that must be done (or, where allowed, declared not applicable with a
    /// reason) before the decision is marked decided.
    pub const BEFORE_DECISION: &'static [DecisionStep] = &[
        DecisionStep::PublicParticipation,
        DecisionStep::ExpertReview,
        DecisionStep::RiskAssessment,
        DecisionStep::LegalityReview,
        DecisionStep::CollectiveDecision,
    ];

    /// Whether the step may be declared not applicable (with a reason).
    pub fn may_be_skipped(self) -> bool {
        matches!(
            self,
            DecisionStep::PublicParticipation
                | DecisionStep::ExpertReview
                | DecisionStep::RiskAssessment
        )
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DecisionStep::PublicParticipation => "公众参与",
            DecisionStep::ExpertReview => "专家论证",
            DecisionStep::RiskAssessment => "风险评估",
            DecisionStep::LegalityReview => "合法性审查",
            DecisionStep::CollectiveDecision => "集体讨论决定",
            DecisionStep::Publication => "公布",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a major decision.
    pub enum DecisionStatus {
        /// The procedure is under way.
        InProcedure = "in_procedure",
        /// Decided by the collective meeting; publication may follow.
        Decided = "decided",
        /// Decided and made public.
        Published = "published",
    }
}

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionStepRecord {
    pub step: DecisionStep,
    /// The day it was done (`None` when declared not applicable).
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
    /// Why the step does not apply (only for steps that may be skipped).
    pub not_applicable_reason: Option<String>,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// A major administrative decision (`/api/v1/major-decisions/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MajorDecision {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub title: String,
    pub summary: String,
    pub status: DecisionStatus,
    /// Recorded steps, in procedure order.
    pub steps: Vec<DecisionStepRecord>,
    /// Steps still to do before the decision can be marked decided.
    pub missing_steps: Vec<DecisionStep>,
    pub decided_on: Option<NaiveDate>,
    pub document_number: Option<String>,
    /// Evidence of the procedure (notices, opinions, minutes, the published decision).
    pub attachments: Vec<crate::attachments::Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/major-decisions`: register a decision to be made.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMajorDecision {
    pub unit_id: Uuid,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub summary: String,
}

/// `POST /api/v1/major-decisions/{id}/steps` (`If-Match`): record a step done, or
/// declare one not applicable with a reason.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionStepEntry {
    pub step: DecisionStep,
    pub done_on: Option<NaiveDate>,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub note: Option<String>,
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub not_applicable_reason: Option<String>,
}

/// `POST /api/v1/major-decisions/{id}/decide` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionMade {
    pub decided_on: NaiveDate,
    /// The decision document's number (e.g. 市城管发〔2026〕8号).
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub document_number: String,
}

crate::text_enum! {
    /// Risk level of an item or an assessment (likelihood × impact, each 1–5).
    #[derive(PartialOrd, Ord)]
    pub enum RiskLevel {
        /// 低: score 1–4.
        Low = "low",
        /// 中: 5–9.
        Medium = "medium",
        /// 高: 10–16; the city bureau approves the activity.
        High = "high",
        /// 极高: 17–25; the city bureau approves the activity.
        VeryHigh = "very_high",
    }
}

impl RiskLevel {
    pub fn of_score(score: i32) -> RiskLevel {
        match score {
            ..=4 => RiskLevel::Low,
            5..=9 => RiskLevel::Medium,
            10..=16 => RiskLevel::High,
            _ => RiskLevel::VeryHigh,
        }
    }

    /// An activity at this level needs the city bureau's approval before its date.
    pub fn needs_approval(self) -> bool {
        self >= RiskLevel::High
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RiskLevel::Low => "低风险",
            RiskLevel::Medium => "中风险",
            RiskLevel::High => "高风险",
            RiskLevel::VeryHigh => "极高风险",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a risk assessment.
    pub enum RiskStatus {
        /// Being prepared.
        Draft = "draft",
        /// Signed off by the unit's reviewer; enough below high risk.
        SignedOff = "signed_off",
        /// Approved by the city bureau (needed at high risk and above).
        Approved = "approved",
    }
}

/// One risk of an activity.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskItem {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub risk: String,
    /// 1 (rare) to 5 (almost certain).
    #[validate(range(min = 1, max = 5))]
    pub likelihood: i32,
    /// 1 (slight) to 5 (severe).
    #[validate(range(min = 1, max = 5))]
    pub impact: i32,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub mitigation: String,
}

/// `POST /api/v1/risk-assessments` and `PUT …/{id}` (a draft): the activity and its risks.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskAssessmentContent {
    pub unit_id: Uuid,
    /// The major enforcement activity (e.g. 集中拆除违法建设专项行动).
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub activity: String,
    pub activity_date: NaiveDate,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub place: String,
    #[validate(length(min = 1, max = 50), nested)]
    pub items: Vec<RiskItem>,
}

/// `POST /api/v1/risk-assessments/{id}/sign-off` and `/approve` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskReview {
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub opinion: String,
}

/// A risk assessment (`/api/v1/risk-assessments/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAssessment {
    pub id: Uuid,
    pub content: RiskAssessmentContent,
    /// The highest item score (likelihood × impact) and its level.
    pub score: i32,
    pub level: RiskLevel,
    pub status: RiskStatus,
    /// Cleared to go ahead: signed off below high risk, approved at high risk.
    pub cleared: bool,
    /// Not cleared and the activity is today or later (the list's warning).
    pub needs_attention: bool,
    pub sign_off_opinion: Option<String>,
    pub signed_off_by_name: Option<String>,
    pub signed_off_at: Option<DateTime<Utc>>,
    pub approval_opinion: Option<String>,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
