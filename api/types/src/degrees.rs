//! In-service degrees (在职学历教育, task 4 of the plan): an officer records a degree
//! earned while serving with its certificate, the personnel office verifies it, and the
//! reward the bureau grants is recorded.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

crate::text_enum! {
    /// The level of a degree.
    pub enum DegreeLevel {
        /// 大专.
        Associate = "associate",
        /// 本科.
        Bachelor = "bachelor",
        /// 硕士研究生.
        Master = "master",
        /// 博士研究生.
        Doctor = "doctor",
    }
}

impl DegreeLevel {
    pub fn label_zh(self) -> &'static str {
        match self {
            DegreeLevel::Associate => "大专",
            DegreeLevel::Bachelor => "本科",
            DegreeLevel::Master => "硕士研究生",
            DegreeLevel::Doctor => "博士研究生",
        }
    }
}

crate::text_enum! {
    /// Where a recorded degree stands.
    pub enum DegreeStatus {
        /// Waiting for the personnel office.
        Submitted = "submitted",
        /// Returned to the officer with a reason (to correct and submit again).
        Returned = "returned",
        /// Verified by the personnel office.
        Verified = "verified",
        /// Verified, and its reward recorded.
        Rewarded = "rewarded",
    }
}

impl DegreeStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            DegreeStatus::Submitted => "待审核",
            DegreeStatus::Returned => "已退回",
            DegreeStatus::Verified => "已认定",
            DegreeStatus::Rewarded => "已奖励",
        }
    }
}

/// What an officer records (`POST /api/v1/me/degrees`, `PUT /api/v1/me/degrees/{id}`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DegreeContent {
    pub level: DegreeLevel,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub school: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub major: String,
    pub started_on: NaiveDate,
    /// After `started_on`, not in the future.
    pub graduated_on: NaiveDate,
}

/// A recorded degree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Degree {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Uuid,
    pub content: DegreeContent,
    pub status: DegreeStatus,
    /// Why it was returned, or the verifier's remark.
    pub review_comment: Option<String>,
    pub verified_by_name: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub reward: Option<DegreeReward>,
    pub rewarded_at: Option<DateTime<Utc>>,
    /// The certificate (毕业证书、学位证书) and the school's records.
    pub attachments: Vec<crate::attachments::Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/degrees/{id}/return` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DegreeReturn {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// `POST /api/v1/degrees/{id}/reward` (`If-Match`): the reward granted.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DegreeReward {
    /// In yuan; 0 when the reward is not money (a commendation).
    #[validate(range(max = 1000000))]
    pub amount_yuan: u32,
    /// The decision and what was granted (e.g. 局人事〔2026〕12号 一次性奖励).
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub note: String,
}
