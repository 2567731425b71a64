//! Training (培训, tasks 2 and 4 of the plan): events organised by a section, their
//! sessions with credit hours (学时), enrolment by units and officers with a waitlist,
//! attendance marked from the roster or by a rotating check-in code, and every
//! officer's hours per year against the annual requirement.
//!
//! Hours on the wire are hours with at most one decimal (1.5); the server keeps tenths.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::Role;

crate::text_enum! {
    /// What kind of training an event is; hours are reported by kind.
    pub enum TrainingCategory {
        /// 业务培训: targeted training on one field (outdoor advertising, sanitation …).
        Business = "business",
        /// 集中轮训: the yearly rotation training of all enforcement staff.
        Rotation = "rotation",
        /// 网络培训: online courses.
        Online = "online",
        /// 其他.
        Other = "other",
    }
}

impl TrainingCategory {
    pub fn label_zh(self) -> &'static str {
        match self {
            TrainingCategory::Business => "业务培训",
            TrainingCategory::Rotation => "集中轮训",
            TrainingCategory::Online => "网络培训",
            TrainingCategory::Other => "其他",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a training event.
    pub enum TrainingStatus {
        /// Being prepared by its organiser; nobody else sees it.
        Draft = "draft",
        /// Open to its target units and people (enrolment within its window).
        Published = "published",
        /// Called off (with a reason); its enrolments stay on record.
        Cancelled = "cancelled",
    }
}

crate::text_enum! {
    /// How a person stands at one session.
    pub enum AttendanceStatus {
        /// 出勤.
        Present = "present",
        /// 迟到.
        Late = "late",
        /// 请假: counts as leave toward the event's leave limit.
        Excused = "excused",
        /// 缺勤: counts as leave too.
        Absent = "absent",
    }
}

impl AttendanceStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "出勤",
            AttendanceStatus::Late => "迟到",
            AttendanceStatus::Excused => "请假",
            AttendanceStatus::Absent => "缺勤",
        }
    }

    /// Whether the session's hours count as missed (toward the leave limit).
    pub fn is_leave(self) -> bool {
        matches!(self, AttendanceStatus::Excused | AttendanceStatus::Absent)
    }
}

/// The share of a session's hours each attendance status earns, in percent (present
/// 100, late 75, excused and absent 0 unless the event says otherwise).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceShares {
    #[validate(range(max = 100))]
    pub present: u8,
    #[validate(range(max = 100))]
    pub late: u8,
    #[validate(range(max = 100))]
    pub excused: u8,
    #[validate(range(max = 100))]
    pub absent: u8,
}

impl Default for AttendanceShares {
    fn default() -> Self {
        AttendanceShares {
            present: 100,
            late: 75,
            excused: 0,
            absent: 0,
        }
    }
}

impl AttendanceShares {
    pub fn of(&self, status: AttendanceStatus) -> u8 {
        match status {
            AttendanceStatus::Present => self.present,
            AttendanceStatus::Late => self.late,
            AttendanceStatus::Excused => self.excused,
            AttendanceStatus::Absent => self.absent,
        }
    }
}

/// Who a training is for: people of these units (and the units below them) holding one
/// of `roles` (any when empty).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingTarget {
    #[serde(default)]
    #[validate(length(max = 200))]
    pub unit_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 7))]
    pub roles: Vec<Role>,
}

/// What an organiser sets for a training event (`POST /api/v1/training-events`, `PUT`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingEventContent {
    pub organiser_unit_id: Uuid,
    pub category: TrainingCategory,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
    #[validate(nested)]
    pub target: TrainingTarget,
    /// Places; absent: no limit. Beyond it enrolments wait in line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 100000))]
    pub capacity: Option<u32>,
    pub enrol_opens_at: DateTime<Utc>,
    /// After `enrol_opens_at`.
    pub enrol_closes_at: DateTime<Utc>,
    #[serde(default)]
    #[validate(nested)]
    pub shares: AttendanceShares,
    /// Leave (excused or absent) beyond this share of the event's hours means the
    /// event is not completed: `leave_numerator` / `leave_denominator` (the cadre
    /// training regulation's 1/7 by default).
    #[serde(default = "one")]
    #[validate(range(max = 100))]
    pub leave_numerator: u32,
    #[serde(default = "seven")]
    #[validate(range(min = 1, max = 100))]
    pub leave_denominator: u32,
    /// The plan milestone this training delivers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone_id: Option<Uuid>,
}

fn one() -> u32 {
    1
}

fn seven() -> u32 {
    7
}

/// One session of an event (`POST /api/v1/training-events/{id}/sessions`, `PUT`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingSessionContent {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`.
    pub ends_at: DateTime<Utc>,
    /// The room, or the online meeting's name.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub place: String,
    #[serde(default)]
    pub online: bool,
    /// 学时 earned by full attendance, at most one decimal.
    #[validate(range(min = 0.1, max = 40.0))]
    pub credit_hours: f64,
}

/// A session as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingSession {
    pub id: Uuid,
    pub event_id: Uuid,
    pub content: TrainingSessionContent,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A training event (`GET /api/v1/training-events/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingEvent {
    pub id: Uuid,
    pub content: TrainingEventContent,
    pub status: TrainingStatus,
    pub sessions: Vec<TrainingSession>,
    /// The sum of the sessions' hours.
    pub total_hours: f64,
    pub enrolled: u32,
    pub waitlisted: u32,
    /// Whether enrolment is open now.
    pub enrolment_open: bool,
    /// Slides, handouts and readings.
    pub attachments: Vec<crate::attachments::Attachment>,
    pub cancel_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/training-events/{id}/cancel` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingCancellation {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

crate::text_enum! {
    /// Where an enrolment stands.
    pub enum EnrolmentStatus {
        /// Has a place.
        Enrolled = "enrolled",
        /// Waits for a place (moves up when someone withdraws).
        Waitlisted = "waitlisted",
        /// Withdrawn by the person or their unit (kept on record).
        Withdrawn = "withdrawn",
    }
}

/// `POST /api/v1/training-events/{id}/enrolments`: a unit nominates its people (a
/// person enrols themself with `POST /api/v1/training-events/{id}/enrol`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrolmentRequest {
    /// People of the caller's units to nominate.
    #[validate(length(min = 1, max = 500))]
    pub user_ids: Vec<Uuid>,
}

/// One person's enrolment in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    pub id: Uuid,
    pub event_id: Uuid,
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Uuid,
    pub status: EnrolmentStatus,
    /// Place in line while waitlisted (1 = next).
    pub waitlist_position: Option<u32>,
    pub nominated_by_name: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a nomination did, person by person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentOutcome {
    pub enrolments: Vec<Enrolment>,
}

/// One attendance mark from the roster.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceMark {
    pub user_id: Uuid,
    pub status: AttendanceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub remark: Option<String>,
}

/// `POST /api/v1/training-sessions/{id}/attendance`: marks by the organiser.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceMarks {
    #[validate(length(min = 1, max = 2000), nested)]
    pub marks: Vec<AttendanceMark>,
}

crate::text_enum! {
    /// How an attendance was taken.
    pub enum AttendanceMethod {
        /// Marked by the organiser from the roster.
        Roster = "roster",
        /// The person checked in with the session's code.
        CheckIn = "check_in",
    }
}

/// One person on a session's roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Uuid,
    /// `null`: not marked yet.
    pub status: Option<AttendanceStatus>,
    pub method: Option<AttendanceMethod>,
    pub marked_at: Option<DateTime<Utc>>,
    pub remark: Option<String>,
}

/// The check-in code shown full-screen by the organiser: it changes every 30 seconds
/// and is taken only during the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInCode {
    pub code: String,
    /// When the next code replaces it.
    pub expires_at: DateTime<Utc>,
    pub server_time: DateTime<Utc>,
}

/// `POST /api/v1/training-sessions/{id}/check-in`.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The six digits on the organiser's screen.
    #[validate(custom(function = "crate::validate::check_in_code"))]
    pub code: String,
}

/// Hours of one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryHours {
    pub category: TrainingCategory,
    pub hours: f64,
}

/// One event's hours for a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventHours {
    pub event_id: Uuid,
    pub title: String,
    pub category: TrainingCategory,
    pub hours: f64,
    pub total_hours: f64,
    pub leave_hours: f64,
    /// Leave within the event's limit (and every session marked).
    pub completed: bool,
}

/// A person's hours in a year (`GET /api/v1/me/training-hours`,
/// `GET /api/v1/training-hours/people`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonHours {
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Uuid,
    pub year: i32,
    pub hours: f64,
    pub required: f64,
    pub met: bool,
    pub by_category: Vec<CategoryHours>,
    pub events: Vec<EventHours>,
}

/// One unit's line of the year's hours: its own people (a brigade has its own line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitHours {
    pub unit_id: Uuid,
    pub people: u32,
    pub met: u32,
    /// met ÷ people × 100.
    pub completion_rate: Option<f64>,
    pub mean_hours: Option<f64>,
}

/// `GET /api/v1/training-hours/units?year=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursReport {
    pub year: i32,
    pub required: f64,
    pub units: Vec<UnitHours>,
}

/// The annual requirement of a year (`PUT /api/v1/training-requirements/{year}`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRequirementContent {
    /// 学时 each person needs in the year (90 by default: the figure of the cadre
    /// training regulation for section level and below).
    #[validate(range(min = 0.0, max = 1000.0))]
    pub hours: f64,
}

/// The requirement of a year as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRequirement {
    pub year: i32,
    pub hours: f64,
    /// False while the year uses the default (nobody has set it).
    pub set: bool,
    pub version: i64,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One of the caller's enrolments with its event (`GET /api/v1/me/trainings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingEnrolmentSummary {
    pub enrolment: Enrolment,
    pub event: TrainingEvent,
}
