//! Administrative-penalty result disclosure (行政处罚结果公开) and the working-day
//! calendar its deadlines use.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use crate::batch::{BatchItemStatus, BatchMode};

crate::text_enum! {
    /// Who was penalised.
    pub enum PartyKind {
        /// 自然人: the name is masked in public (张某某), the ID number never shown.
        NaturalPerson = "natural_person",
        /// 法人
        LegalPerson = "legal_person",
        /// 其他组织 (e.g. 个体工商户 registered as an organisation)
        OtherOrganization = "other_organization",
    }
}

crate::text_enum! {
    /// How far the penalty has been carried out.
    pub enum ExecutionStatus {
        /// 未执行
        NotExecuted = "not_executed",
        /// 部分执行
        PartiallyExecuted = "partially_executed",
        /// 已执行
        Executed = "executed",
        /// 分期执行
        Installments = "installments",
        /// 暂缓执行
        Deferred = "deferred",
        /// 强制执行
        Enforced = "enforced",
        /// 终结执行
        Terminated = "terminated",
    }
}

impl PartyKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            PartyKind::NaturalPerson => "自然人",
            PartyKind::LegalPerson => "法人",
            PartyKind::OtherOrganization => "其他组织",
        }
    }
}

impl ExecutionStatus {
    /// The name the public sees (the Atom feed, the SPA's Chinese locale).
    pub fn label_zh(self) -> &'static str {
        match self {
            ExecutionStatus::NotExecuted => "未执行",
            ExecutionStatus::PartiallyExecuted => "部分执行",
            ExecutionStatus::Executed => "已执行",
            ExecutionStatus::Installments => "分期执行",
            ExecutionStatus::Deferred => "暂缓执行",
            ExecutionStatus::Enforced => "强制执行",
            ExecutionStatus::Terminated => "终结执行",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a disclosure record.
    pub enum DisclosureStatus {
        /// Being prepared; not public.
        Draft = "draft",
        /// Public.
        Published = "published",
        /// Public, with at least one correction (each kept as a revision).
        Corrected = "corrected",
        /// Taken down with a reason (e.g. revoked on reconsideration); kept, not public.
        Withdrawn = "withdrawn",
    }
}

impl DisclosureStatus {
    pub fn is_public(self) -> bool {
        matches!(
            self,
            DisclosureStatus::Published | DisclosureStatus::Corrected
        )
    }
}

impl DisclosureStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            DisclosureStatus::Draft => "草稿",
            DisclosureStatus::Published => "已公开",
            DisclosureStatus::Corrected => "已更正",
            DisclosureStatus::Withdrawn => "已撤回",
        }
    }
}

impl Timeliness {
    pub fn label_zh(self) -> &'static str {
        match self {
            Timeliness::OnTime => "按时",
            Timeliness::Late => "逾期公开",
            Timeliness::Overdue => "逾期未公开",
            Timeliness::Pending => "待公开",
        }
    }
}

/// Whether a record was published within the 7 working days after the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Published by the deadline.
    OnTime,
    /// Published after the deadline.
    Late,
    /// Not published and the deadline has passed.
    Overdue,
    /// Not published yet, still within the deadline.
    Pending,
}

/// The content of a disclosure record (what is decided and entered).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureContent {
    pub issuing_unit_id: Uuid,
    /// 行政处罚决定书文号, e.g. 新城管罚决字〔2022〕第15号; unique per issuing unit
    /// (compared after normalising brackets, spaces and full-width characters).
    #[validate(
        length(min = 3, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub document_number: String,
    /// 案由
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub case_cause: String,
    pub party_kind: PartyKind,
    /// Name of the person or organisation.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub party_name: String,
    /// 统一社会信用代码, for organisations (18 characters).
    #[validate(custom(function = "crate::validate::credit_code"))]
    pub party_credit_code: Option<String>,
    /// 身份证号, for natural persons: private, never on a public endpoint.
    #[validate(custom(function = "crate::validate::id_number"))]
    pub party_id_number: Option<String>,
    /// 处罚依据
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub legal_basis: String,
    /// Fine in fen (分).
    #[validate(range(min = 0, max = 100_000_000_000_i64))]
    pub fine_fen: Option<i64>,
    /// Confiscated unlawful gains or property, in fen.
    #[validate(range(min = 0, max = 100_000_000_000_i64))]
    pub confiscated_fen: Option<i64>,
    /// Other measures (警告, 责令改正, 吊销许可证 …).
    #[validate(length(max = 1000))]
    pub other_measures: Option<String>,
    pub execution_status: ExecutionStatus,
    /// 作出处罚决定日期
    pub decision_date: NaiveDate,
    /// The power-list item the penalty rests on.
    pub power_item_id: Option<Uuid>,
    /// Code of the discretion tier applied (with `power_item_id`).
    #[validate(length(min = 1, max = 40))]
    pub discretion_tier: Option<String>,
    /// Required when the fine lies outside the tier's range: why.
    #[validate(length(max = 2000))]
    pub fine_justification: Option<String>,
}

/// A disclosure record as the issuing unit and supervisors see it (private API).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisclosureRecord {
    pub id: Uuid,
    pub content: DisclosureContent,
    pub status: DisclosureStatus,
    /// 1 for the first version; each correction adds one.
    pub revision: i32,
    pub publication_date: Option<NaiveDate>,
    /// Last day (7 working days after the decision) for publishing on time.
    pub publication_deadline: NaiveDate,
    pub timeliness: Timeliness,
    /// True when the working-day calendar has no data for a year the deadline spans,
    /// so holidays may be missing from the count.
    pub calendar_incomplete: bool,
    /// The fine lies outside the applied tier's range (accepted with a justification).
    pub fine_out_of_range: bool,
    /// The benchmark version the tier was checked against.
    pub benchmark_id: Option<Uuid>,
    pub withdrawal_reason: Option<String>,
    /// Revoked, altered or found illegal on reconsideration or in court.
    pub overturned: Option<Overturned>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A decision revoked, altered or found illegal on administrative reconsideration or
/// in court: its public record says so (行政处罚法 第48条).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overturned {
    /// The date of the reconsideration decision or judgment.
    pub decided_on: NaiveDate,
    /// What happened, as the public reads it (经某市人民政府行政复议，于2022年5月10日决定撤销).
    pub note: String,
}

/// One revision of a record (the first entry, then each correction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisclosureRevision {
    pub revision: i32,
    pub content: DisclosureContent,
    /// Why it was corrected (`null` for the first revision).
    pub reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// `POST /api/v1/disclosure-records/{id}/correct`: a new revision of a published record.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureCorrection {
    #[validate(nested)]
    pub content: DisclosureContent,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// `POST /api/v1/disclosure-records/{id}/withdraw`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureWithdrawal {
    /// e.g. 经行政复议撤销.
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// `POST /api/v1/disclosure-records/{id}/publish`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosurePublication {
    /// Default: today (Asia/Shanghai). Not before the decision, not in the future.
    pub publication_date: Option<NaiveDate>,
}

/// `POST /api/v1/disclosure-records:batch` (at most 1,000 records). Records are matched
/// by issuing unit and normalised document number, so resending a batch is safe.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureBatch {
    pub mode: BatchMode,
    /// Publish the created records at once (publication date: today).
    #[serde(default)]
    pub publish: bool,
    /// Each item is a `DisclosureContent`; each is validated on its own.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<DisclosureContent>))]
    #[validate(length(min = 1, max = 1000))]
    pub records: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchItemResult {
    pub index: u32,
    pub status: BatchItemStatus,
    pub id: Option<Uuid>,
    pub document_number: Option<String>,
    pub problem: Option<crate::Problem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    pub mode: BatchMode,
    pub created: u32,
    pub unchanged: u32,
    pub rejected: u32,
    pub not_applied: u32,
    pub results: Vec<BatchItemResult>,
}

/// Publication completeness of one unit in one month (`published / decided`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletenessRow {
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
    /// Decisions dated in the month (withdrawn records excluded).
    pub decided: u32,
    pub published: u32,
    pub on_time: u32,
    pub late: u32,
    /// Unpublished past the deadline.
    pub overdue: u32,
    /// `published / decided`, 0–1; `null` when nothing was decided.
    pub completeness: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletenessReport {
    pub month: String,
    pub rows: Vec<CompletenessRow>,
}

/// A disclosure as the public sees it: natural persons' names masked, no ID numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDisclosure {
    pub id: Uuid,
    pub issuing_unit_id: Uuid,
    pub issuing_unit_name: String,
    pub document_number: String,
    pub case_cause: String,
    pub party_kind: PartyKind,
    /// Masked for natural persons (张某某).
    pub party_name: String,
    /// For organisations only.
    pub party_credit_code: Option<String>,
    pub legal_basis: String,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    pub other_measures: Option<String>,
    pub execution_status: ExecutionStatus,
    pub decision_date: NaiveDate,
    pub publication_date: NaiveDate,
    /// 1 + number of corrections.
    pub revision: i32,
    pub corrected: bool,
    /// Why it was last corrected.
    pub correction_reason: Option<String>,
    /// Revoked, altered or found illegal on reconsideration or in court.
    pub overturned: Option<Overturned>,
}

/// Kind of a calendar day that differs from the Monday–Friday rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarDayKind {
    /// 法定节假日 (or bridge day off) on a weekday.
    Holiday,
    /// 调休上班: a working weekend day.
    Workday,
}

/// A day of the working calendar.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: CalendarDayKind,
    /// e.g. 国庆节, 国庆节调休.
    #[validate(length(min = 1, max = 100))]
    pub name: String,
}

/// A year of the calendar, with the tag `PUT` needs in `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYearView {
    pub year: i32,
    pub days: Vec<CalendarDay>,
    /// The `ETag` (what `PUT` expects in `If-Match`), also in the body for clients
    /// that cannot read headers.
    pub tag: String,
    /// The year's days were shipped without being checked against the State Council's
    /// notice, and nobody has saved the year since: check them, then save.
    pub unverified: bool,
}

/// `PUT /api/v1/working-calendar/{year}`: the year's holidays and make-up working days,
/// replacing what was there.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    #[validate(length(max = 100), nested)]
    pub days: Vec<CalendarDay>,
}
