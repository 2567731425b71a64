//! The power and responsibility list (权力清单/责任清单), changed only through dated
//! adjustments, and the administrative-penalty discretion benchmark (裁量权基准).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

crate::text_enum! {
    /// Category of a power.
    pub enum PowerCategory {
        /// 行政处罚
        AdministrativePenalty = "administrative_penalty",
        /// 行政强制
        AdministrativeCoercion = "administrative_coercion",
        /// 行政检查
        AdministrativeInspection = "administrative_inspection",
        /// 行政许可
        AdministrativeLicense = "administrative_license",
        /// 行政确认
        AdministrativeConfirmation = "administrative_confirmation",
        /// 其他行政权力
        Other = "other",
    }
}

/// The content of a power item at one point in time.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PowerContent {
    #[validate(
        length(min = 1, max = 300),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    pub category: PowerCategory,
    /// 设定依据: the laws and articles the power rests on.
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub legal_basis: String,
    /// The unit that exercises the power.
    pub responsible_unit_id: Uuid,
    /// 责任事项: what the unit must do when exercising it.
    #[validate(length(max = 50))]
    pub responsibility_items: Vec<String>,
    /// 追责情形: when officials are held accountable.
    #[validate(length(max = 5000))]
    pub accountability: Option<String>,
}

/// A power item as it stands on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerItem {
    pub id: Uuid,
    /// Stable code, e.g. `CF-0001`.
    pub code: String,
    pub content: PowerContent,
    /// The version in force on the date asked for (1, 2, …).
    pub version_no: i32,
    /// Since when this version is in force.
    pub effective_from: NaiveDate,
}

/// One version of a power item (its history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerVersion {
    pub version_no: i32,
    pub effective_from: NaiveDate,
    pub kind: AdjustmentKind,
    pub reason: AdjustmentReason,
    pub reason_detail: Option<String>,
    /// `null` for a repeal.
    pub content: Option<PowerContent>,
    pub adjustment_id: Uuid,
    pub recorded_at: DateTime<Utc>,
}

/// A power item with its whole history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerItemHistory {
    pub id: Uuid,
    pub code: String,
    pub versions: Vec<PowerVersion>,
}

crate::text_enum! {
    /// What an adjustment does.
    pub enum AdjustmentKind {
        Add = "add",
        Amend = "amend",
        Repeal = "repeal",
    }
}

crate::text_enum! {
    /// Why the list changed (dynamic adjustment, 动态调整).
    pub enum AdjustmentReason {
        /// 法律法规修订
        LawRevised = "law_revised",
        /// 法律法规废止
        LawRepealed = "law_repealed",
        /// 新法律法规施行
        LawEnacted = "law_enacted",
        /// 职能划转
        FunctionTransferred = "function_transferred",
        /// 机构调整
        OrganisationChanged = "organisation_changed",
        /// 勘误
        Correction = "correction",
        /// 首次编制
        InitialListing = "initial_listing",
        Other = "other",
    }
}

/// `POST /api/v1/power-adjustments`: the only way the list changes.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPowerAdjustment {
    pub kind: AdjustmentKind,
    /// For `add`: the new item's code (upper case, unique).
    #[validate(custom(function = "crate::validate::code"))]
    pub code: Option<String>,
    /// For `amend` and `repeal`: the item.
    pub item_id: Option<Uuid>,
    /// For `add` and `amend`: the item's content from the effective date.
    #[validate(nested)]
    pub content: Option<PowerContent>,
    pub reason: AdjustmentReason,
    #[validate(length(max = 2000))]
    pub reason_detail: Option<String>,
    /// The day the change takes effect (may be in the future); later than the item's
    /// previous change.
    pub effective_from: NaiveDate,
}

/// A recorded adjustment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerAdjustment {
    pub id: Uuid,
    pub item_id: Uuid,
    pub item_code: String,
    pub kind: AdjustmentKind,
    pub reason: AdjustmentReason,
    pub reason_detail: Option<String>,
    pub effective_from: NaiveDate,
    pub version_no: i32,
    pub recorded_at: DateTime<Utc>,
}

/// A power-list adjustment in an export: the adjustment and the item content it set
/// (`content` is `null` for a repeal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerAdjustmentRecord {
    #[serde(flatten)]
    pub adjustment: PowerAdjustment,
    pub content: Option<PowerContent>,
}

/// One changed item between two dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerChange {
    pub id: Uuid,
    pub code: String,
    /// As of `from` (absent for added items).
    pub before: Option<PowerItem>,
    /// As of `to` (absent for repealed items).
    pub after: Option<PowerItem>,
    /// Names of the fields that differ (amended items).
    pub changed_fields: Vec<String>,
}

/// `GET /api/v1/public/power-items/diff`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerDiff {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub added: Vec<PowerChange>,
    pub amended: Vec<PowerChange>,
    pub repealed: Vec<PowerChange>,
}

/// A circumstance tier of a discretion benchmark (轻微/一般/较重/严重 …).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DiscretionTier {
    /// Machine code, e.g. `minor`, `general`, `serious`, `very_serious`.
    #[validate(length(min = 1, max = 40))]
    pub code: String,
    /// Name shown to people, e.g. 一般.
    #[validate(
        length(min = 1, max = 40),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    /// 情形: the facts that put a case in this tier.
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub conditions: String,
    /// Lowest fine in fen (分); absent when the tier has no fine.
    #[validate(range(min = 0))]
    pub fine_min_fen: Option<i64>,
    /// Highest fine in fen (分).
    #[validate(range(min = 0))]
    pub fine_max_fen: Option<i64>,
    /// Other measures, e.g. 责令限期改正, 没收违法所得.
    #[validate(length(max = 1000))]
    pub other_measures: Option<String>,
    /// 不予处罚: the tier means no penalty.
    #[serde(default)]
    pub no_penalty: bool,
}

/// Whether `fine` (fen) is allowed by a tier or an evaluated range: none (or zero) for
/// a no-penalty tier, otherwise within the bounds given.
pub fn fine_allowed(
    no_penalty: bool,
    min: Option<i64>,
    max: Option<i64>,
    fine: Option<i64>,
) -> bool {
    let f = fine.unwrap_or(0);
    if no_penalty {
        return f == 0;
    }
    match (min, max) {
        (Some(min), Some(max)) => fine.is_none() || (min..=max).contains(&f),
        (None, None) => f == 0,
        (Some(min), None) => fine.is_none() || f >= min,
        (None, Some(max)) => f <= max,
    }
}

impl DiscretionTier {
    /// Whether the tier's range allows `fine` (fen).
    pub fn allows_fine(&self, fine: Option<i64>) -> bool {
        fine_allowed(self.no_penalty, self.fine_min_fen, self.fine_max_fen, fine)
    }
}

/// Whether a factor weighs towards a lighter or heavier penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FactorDirection {
    /// 从轻
    Mitigating,
    /// 从重
    Aggravating,
}

/// An aggravating or mitigating factor of a benchmark.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DiscretionFactor {
    #[validate(length(min = 1, max = 40))]
    pub code: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    pub direction: FactorDirection,
}

/// A version of the discretion benchmark for one power item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiscretionBenchmark {
    pub id: Uuid,
    pub power_item_id: Uuid,
    pub version_no: i32,
    pub effective_from: NaiveDate,
    /// The day before the next version takes effect, if there is one.
    pub effective_to: Option<NaiveDate>,
    pub legal_basis: String,
    pub notes: Option<String>,
    pub tiers: Vec<DiscretionTier>,
    pub factors: Vec<DiscretionFactor>,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/discretion-benchmarks`: a new version (versions are never edited).
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDiscretionBenchmark {
    pub power_item_id: Uuid,
    pub effective_from: NaiveDate,
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub legal_basis: String,
    #[validate(length(max = 5000))]
    pub notes: Option<String>,
    #[validate(length(min = 1, max = 10), nested)]
    pub tiers: Vec<DiscretionTier>,
    #[serde(default)]
    #[validate(length(max = 30), nested)]
    pub factors: Vec<DiscretionFactor>,
}

/// `POST /api/v1/discretion/evaluate`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvaluationRequest {
    pub power_item_id: Uuid,
    /// The tier the facts fall in.
    #[validate(length(min = 1, max = 40))]
    pub tier: String,
    /// Codes of the factors present.
    #[serde(default)]
    #[validate(length(max = 30))]
    pub factors: Vec<String>,
    /// The day of the decision (the benchmark in force then applies); default today.
    pub date: Option<NaiveDate>,
    /// A fine to check against the allowed range, in fen.
    #[validate(range(min = 0))]
    pub fine_fen: Option<i64>,
}

/// The allowed penalty and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    pub benchmark_id: Uuid,
    pub version_no: i32,
    pub effective_from: NaiveDate,
    pub tier: DiscretionTier,
    /// Allowed fine range after the factors, in fen; absent when no fine applies.
    pub fine_min_fen: Option<i64>,
    pub fine_max_fen: Option<i64>,
    pub no_penalty: bool,
    /// With `fine_fen` in the request: whether that fine is allowed.
    pub fine_within_range: Option<bool>,
    /// The reasoning, step by step, in Chinese.
    pub explanation_zh: Vec<String>,
    /// The same in English.
    pub explanation_en: Vec<String>,
}

impl Evaluation {
    /// Whether the evaluated range allows `fine` (fen).
    pub fn allows_fine(&self, fine: Option<i64>) -> bool {
        fine_allowed(self.no_penalty, self.fine_min_fen, self.fine_max_fen, fine)
    }
}
