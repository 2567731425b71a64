//! Typical cases (以案释法, task 2 of the plan): each section and county bureau submits one
//! to two typical cases a quarter to 政策法规科, which reviews them, confirms the masked
//! text and compiles the quarterly typical-case bulletin (典型案例通报); and the outcomes of
//! challenged decisions (administrative reconsideration and litigation, task 8), which
//! mark a revoked decision's public record and raise the unit's veto event for the year.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

crate::text_enum! {
    /// Where a submitted typical case stands.
    pub enum CaseStatus {
        /// Being written by its unit; only the unit sees it.
        Draft = "draft",
        /// Sent to 政策法规科, waiting for review.
        Submitted = "submitted",
        /// Returned to the unit with a comment (to correct and submit again).
        Returned = "returned",
        /// Accepted, with its masked text confirmed: may enter a bulletin.
        Accepted = "accepted",
        /// Published in a bulletin.
        Selected = "selected",
        /// Withdrawn by its unit (kept, not counted).
        Withdrawn = "withdrawn",
    }
}

impl CaseStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseStatus::Draft => "草稿",
            CaseStatus::Submitted => "待审核",
            CaseStatus::Returned => "已退回",
            CaseStatus::Accepted => "已采用",
            CaseStatus::Selected => "已编入通报",
            CaseStatus::Withdrawn => "已撤回",
        }
    }

    /// Whether the case counts toward its unit's quota for the quarter.
    pub fn counts(self) -> bool {
        matches!(
            self,
            CaseStatus::Submitted
                | CaseStatus::Returned
                | CaseStatus::Accepted
                | CaseStatus::Selected
        )
    }
}

/// The text of a typical case as it is published (the structure of 司法部's typical
/// cases: 关键词, 基本案情, 处理结果, 法律依据, 典型意义).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseText {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    /// 关键词: 1–8, each 1–20 characters.
    #[validate(length(min = 1, max = 8), custom(function = "crate::validate::tags"))]
    pub keywords: Vec<String>,
    /// 基本案情.
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub facts: String,
    /// 处理结果.
    #[validate(
        length(min = 1, max = 3000),
        custom(function = "crate::validate::not_blank")
    )]
    pub handling: String,
    /// 法律依据: the articles applied.
    #[validate(
        length(min = 1, max = 3000),
        custom(function = "crate::validate::not_blank")
    )]
    pub legal_basis: String,
    /// 典型意义 / 以案释法点评: what the case teaches.
    #[validate(
        length(min = 1, max = 3000),
        custom(function = "crate::validate::not_blank")
    )]
    pub significance: String,
}

/// A natural person named in the case: their name and ID number are masked wherever
/// they appear in the published text.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CasePerson {
    #[validate(
        length(min = 1, max = 50),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    #[validate(custom(function = "crate::validate::id_number"))]
    pub id_number: Option<String>,
}

/// What a unit writes (`POST /api/v1/case-submissions`, `PUT …/{id}` while a draft or
/// returned).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseContent {
    /// The submitting unit: a section or a county bureau within the caller's scope.
    pub unit_id: Uuid,
    /// The quarter it is submitted for (`2022-Q2`).
    #[validate(custom(function = "crate::validate::quarter"))]
    pub quarter: String,
    #[validate(nested)]
    pub text: CaseText,
    /// Power-list items the case applied (at most 10).
    #[validate(length(max = 10))]
    pub power_item_ids: Vec<Uuid>,
    /// The case's penalty decisions in the disclosure records (at most 10), of the unit
    /// or a unit below it.
    #[validate(length(max = 10))]
    pub disclosure_record_ids: Vec<Uuid>,
    /// Natural persons named in the text (at most 20), masked on publication; the
    /// parties of the linked disclosure records are masked as well.
    #[validate(length(max = 20), nested)]
    pub persons: Vec<CasePerson>,
}

/// A typical case as its unit and 政策法规科 read it (the original text is private).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSubmission {
    pub id: Uuid,
    pub unit_name: String,
    pub content: CaseContent,
    pub status: CaseStatus,
    /// Why it was returned (or withdrawn).
    pub review_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The masked text the reviewer confirmed on acceptance: what is published.
    pub published_text: Option<CaseText>,
    /// The bulletin that published it.
    pub bulletin_id: Option<Uuid>,
    /// The decision document, photos and other files.
    pub attachments: Vec<crate::attachments::Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/case-submissions/{id}/redaction`: the text with every known natural
/// person's name and every ID number masked, for the reviewer to check and confirm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedactionProposal {
    pub text: CaseText,
    /// The names masked (in their masked form, 张某某) and how many ID numbers.
    pub masked_names: Vec<String>,
    pub masked_id_numbers: u32,
}

/// `POST /api/v1/case-submissions/{id}/return` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseReturn {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub comment: String,
}

/// `POST /api/v1/case-submissions/{id}/accept` (`If-Match`): the masked text the
/// reviewer confirms for publication (refused while a known name or an ID number is
/// still in it).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseAcceptance {
    #[validate(nested)]
    pub text: CaseText,
}

/// The bureau's quota of typical cases per unit and quarter, for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseQuota {
    pub year: i32,
    pub min_per_quarter: u32,
    pub max_per_quarter: u32,
    /// 0 while the year uses the default (1–2, as the plan says).
    pub version: i64,
}

/// `PUT /api/v1/case-quotas/{year}` (`If-Match`, `"0"` for a year on the default).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseQuotaChange {
    #[validate(range(min = 0, max = 10))]
    pub min_per_quarter: u32,
    /// At least `min_per_quarter`.
    #[validate(range(min = 1, max = 10))]
    pub max_per_quarter: u32,
}

/// One unit's typical cases for a quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCaseCount {
    pub unit_id: Uuid,
    pub unit_name: String,
    /// Submitted, returned, accepted or published: what counts toward the quota.
    pub counted: u32,
    pub accepted: u32,
    pub drafts: u32,
    /// Fewer counted than the minimum.
    pub missing: bool,
}

/// `GET /api/v1/case-quotas/{quarter}/units`: each submitting unit's count for the
/// quarter, the quota and the deadline (the quarter's last day).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterCases {
    pub quarter: String,
    pub min_per_quarter: u32,
    pub max_per_quarter: u32,
    pub deadline: NaiveDate,
    pub units: Vec<UnitCaseCount>,
}

crate::text_enum! {
    /// Where a bulletin stands.
    pub enum BulletinStatus {
        Draft = "draft",
        /// Published: never changed again (a correction is a new issue).
        Published = "published",
    }
}

impl BulletinStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            BulletinStatus::Draft => "草稿",
            BulletinStatus::Published => "已发布",
        }
    }
}

/// One case of a bulletin, in order, with the editor's commentary.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulletinItem {
    /// An accepted typical case.
    pub case_id: Uuid,
    /// 编者按 for this case (may be empty).
    #[validate(length(max = 2000))]
    pub commentary: String,
}

/// What 政策法规科 writes (`POST /api/v1/case-bulletins`, `PUT …/{id}` while a draft).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulletinContent {
    /// The issue's year and number: 2022年第2期.
    #[validate(range(min = 2000, max = 2100))]
    pub year: i32,
    #[validate(range(min = 1, max = 99))]
    pub issue_no: u32,
    /// The quarter whose cases it publishes (`2022-Q2`).
    #[validate(custom(function = "crate::validate::quarter"))]
    pub quarter: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    /// 编者按 of the issue.
    #[validate(length(max = 3000))]
    pub preface: String,
    /// The cases in their order (1–20, each once).
    #[validate(length(min = 1, max = 20), nested)]
    pub items: Vec<BulletinItem>,
    /// The published issue this one corrects, with the reason.
    pub corrects_id: Option<Uuid>,
    #[validate(length(min = 1, max = 500))]
    pub correction_reason: Option<String>,
}

/// A case as a bulletin prints it: the masked text only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinCase {
    pub case_id: Uuid,
    pub unit_name: String,
    pub text: CaseText,
    pub commentary: String,
}

/// Another issue a bulletin points to (the one it corrects, or the one correcting it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinRef {
    pub id: Uuid,
    /// 2022年第3期.
    pub number: String,
}

/// A typical-case bulletin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseBulletin {
    pub id: Uuid,
    /// 2022年第2期.
    pub number: String,
    pub content: BulletinContent,
    pub status: BulletinStatus,
    pub cases: Vec<BulletinCase>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by_name: Option<String>,
    /// The later issue that corrected this one.
    pub corrected_by: Option<BulletinRef>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A published bulletin as the public reads it (no sign-in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicBulletin {
    pub id: Uuid,
    pub number: String,
    pub year: i32,
    pub issue_no: u32,
    pub quarter: String,
    pub title: String,
    pub preface: String,
    pub cases: Vec<BulletinCase>,
    pub published_at: DateTime<Utc>,
    pub corrects: Option<BulletinRef>,
    pub correction_reason: Option<String>,
    pub corrected_by: Option<BulletinRef>,
}

crate::text_enum! {
    /// How a decision was challenged.
    pub enum OutcomeKind {
        /// 行政复议.
        Reconsideration = "reconsideration",
        /// 行政诉讼.
        Litigation = "litigation",
    }
}

impl OutcomeKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            OutcomeKind::Reconsideration => "行政复议",
            OutcomeKind::Litigation => "行政诉讼",
        }
    }
}

crate::text_enum! {
    /// The instance of a court (litigation only).
    pub enum CourtInstance {
        /// 一审.
        First = "first",
        /// 二审.
        Second = "second",
        /// 再审.
        Retrial = "retrial",
    }
}

impl CourtInstance {
    pub fn label_zh(self) -> &'static str {
        match self {
            CourtInstance::First => "一审",
            CourtInstance::Second => "二审",
            CourtInstance::Retrial => "再审",
        }
    }
}

crate::text_enum! {
    /// What the reconsideration body or the court decided.
    pub enum OutcomeResult {
        /// 维持 (a court: 判决驳回诉讼请求 or 维持).
        Upheld = "upheld",
        /// 撤销.
        Revoked = "revoked",
        /// 变更.
        Altered = "altered",
        /// 确认违法.
        ConfirmedIllegal = "confirmed_illegal",
        /// 责令履行.
        OrderedToPerform = "ordered_to_perform",
        /// 驳回 (the application or the claim).
        Dismissed = "dismissed",
        /// 撤回申请 / 撤诉.
        Withdrawn = "withdrawn",
        /// 调解 / 和解.
        Mediated = "mediated",
    }
}

impl OutcomeResult {
    pub fn label_zh(self) -> &'static str {
        match self {
            OutcomeResult::Upheld => "维持",
            OutcomeResult::Revoked => "撤销",
            OutcomeResult::Altered => "变更",
            OutcomeResult::ConfirmedIllegal => "确认违法",
            OutcomeResult::OrderedToPerform => "责令履行",
            OutcomeResult::Dismissed => "驳回",
            OutcomeResult::Withdrawn => "撤回",
            OutcomeResult::Mediated => "调解",
        }
    }

    /// The decision itself was revoked, altered or found illegal: its public record
    /// must say so (行政处罚法 第48条).
    pub fn overturns(self) -> bool {
        matches!(
            self,
            OutcomeResult::Revoked | OutcomeResult::Altered | OutcomeResult::ConfirmedIllegal
        )
    }
}

crate::text_enum! {
    /// A litigation's verdict for the bureau, by instance.
    pub enum Verdict {
        /// 胜诉.
        Won = "won",
        /// 败诉.
        Lost = "lost",
        /// Neither (withdrawn or mediated).
        Neither = "neither",
    }
}

impl Verdict {
    pub fn of(result: OutcomeResult) -> Verdict {
        match result {
            OutcomeResult::Upheld | OutcomeResult::Dismissed => Verdict::Won,
            OutcomeResult::Withdrawn | OutcomeResult::Mediated => Verdict::Neither,
            OutcomeResult::Revoked
            | OutcomeResult::Altered
            | OutcomeResult::ConfirmedIllegal
            | OutcomeResult::OrderedToPerform => Verdict::Lost,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Verdict::Won => "胜诉",
            Verdict::Lost => "败诉",
            Verdict::Neither => "撤诉或调解",
        }
    }
}

/// A reconsideration or a litigation of a penalty decision (`POST
/// /api/v1/case-outcomes`; `PUT …/{id}` while no result is recorded).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeContent {
    /// The unit whose decision was challenged.
    pub unit_id: Uuid,
    /// The decision's disclosure record, if it was published (of the unit or a unit
    /// below it; its document number must match).
    pub disclosure_record_id: Option<Uuid>,
    /// The decision's document number (行政处罚决定书文号).
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub document_number: String,
    pub kind: OutcomeKind,
    /// The court's instance (litigation only, and required there).
    pub instance: Option<CourtInstance>,
    /// 复议机关 or the court.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub body: String,
    /// When the application or the suit was filed (not in the future).
    pub filed_on: NaiveDate,
    /// The result, once decided (with `decided_on`).
    pub result: Option<OutcomeResult>,
    /// Not before `filed_on`, not in the future.
    pub decided_on: Option<NaiveDate>,
    #[validate(length(max = 1000))]
    pub note: String,
    /// The sending system's own id: sending the same outcome again answers the one
    /// stored (idempotent), a different one under the same id is a conflict.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub external_id: Option<String>,
}

/// A recorded outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseOutcome {
    pub id: Uuid,
    pub unit_name: String,
    pub content: OutcomeContent,
    /// For a decided litigation: 胜诉 / 败诉.
    pub verdict: Option<Verdict>,
    /// The veto event this outcome raised (revoked on reconsideration, lost in court).
    pub veto_event_id: Option<Uuid>,
    /// The decision document of the body or court.
    pub attachments: Vec<crate::attachments::Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::text_enum! {
    /// Why a unit is vetoed for a year.
    pub enum VetoKind {
        /// A decision revoked on administrative reconsideration (行政复议撤销).
        ReconsiderationRevoked = "reconsideration_revoked",
        /// A decision lost in litigation (行政诉讼败诉).
        LitigationLost = "litigation_lost",
    }
}

impl VetoKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            VetoKind::ReconsiderationRevoked => "行政复议被撤销",
            VetoKind::LitigationLost => "行政诉讼败诉",
        }
    }
}

/// A veto event: the unit is rated unqualified for the year, whatever its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VetoEvent {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub year: i32,
    pub kind: VetoKind,
    pub outcome_id: Uuid,
    pub document_number: String,
    pub occurred_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}
