//! Work plans (工作方案), their tasks (工作任务), milestones, units' own implementation
//! items (规定动作/自选动作), progress reports and supervision (督办).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::units::UnitKind;

crate::text_enum! {
    /// Lifecycle of a work plan.
    pub enum PlanStatus {
        /// Being prepared; units may not report yet.
        Draft = "draft",
        /// In force: units report, leads review, supervision runs.
        Active = "active",
        /// Finished; read-only.
        Closed = "closed",
    }
}

/// A work plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: Uuid,
    pub year: i32,
    pub title: String,
    pub description: Option<String>,
    pub status: PlanStatus,
    /// Set when the plan came from a shipped template (import is idempotent by it).
    pub template_key: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/plans`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPlan {
    #[validate(range(min = 2000, max = 2100))]
    pub year: i32,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
}

/// `PATCH /api/v1/plans/{id}` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanPatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 5000))]
    pub description: Option<Option<String>>,
    /// `draft` → `active` → `closed` (no way back).
    pub status: Option<PlanStatus>,
}

/// Units a task or milestone concerns: named units, and every active unit of the named
/// kinds (e.g. all county bureaus, including ones created later).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitSelection {
    #[serde(default)]
    #[validate(length(max = 500))]
    pub unit_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 4))]
    pub unit_kinds: Vec<UnitKind>,
}

impl UnitSelection {
    pub fn is_empty(&self) -> bool {
        self.unit_ids.is_empty() && self.unit_kinds.is_empty()
    }
}

/// A task of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: Uuid,
    pub plan_id: Uuid,
    /// 1, 2, … within the plan.
    pub number: i32,
    pub title: String,
    pub description: Option<String>,
    pub goals: Option<String>,
    /// 牵头单位: they edit the task and review its reports.
    pub lead_unit_ids: Vec<Uuid>,
    /// 责任单位: they report progress and add their own implementation items.
    pub responsible: UnitSelection,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/plans/{id}/tasks`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    #[validate(range(min = 1, max = 9999))]
    pub number: i32,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[validate(length(max = 10000))]
    pub description: Option<String>,
    #[validate(length(max = 5000))]
    pub goals: Option<String>,
    #[validate(length(min = 1, max = 20))]
    pub lead_unit_ids: Vec<Uuid>,
    #[validate(nested)]
    pub responsible: UnitSelection,
}

/// `PATCH /api/v1/tasks/{id}` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 10000))]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 5000))]
    pub goals: Option<Option<String>>,
    /// Only the city bureau changes who leads.
    #[validate(length(min = 1, max = 20))]
    pub lead_unit_ids: Option<Vec<Uuid>>,
    #[validate(nested)]
    pub responsible: Option<UnitSelection>,
}

/// Where a milestone stands for one unit. Derived whenever it is read, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// Nothing reported yet, not yet due.
    Pending,
    /// Reported on but not complete, not yet due.
    InProgress,
    /// Reported 100 % complete and not returned.
    Done,
    /// Not done, and the due date (Asia/Shanghai) has passed.
    Overdue,
}

/// A dated milestone of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub id: Uuid,
    pub task_id: Uuid,
    pub title: String,
    /// Last day (Asia/Shanghai) on which the milestone is on time.
    pub due_date: NaiveDate,
    /// Units that must deliver it.
    pub owners: UnitSelection,
    pub deliverable: Option<String>,
    /// Overall status: `done` when every owner is done, `overdue` when any owner is
    /// overdue, `in_progress` when any owner reported, else `pending`.
    pub status: ProgressStatus,
    /// Per-owner status (owners resolved to units).
    pub owner_status: Vec<OwnerStatus>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One owner unit's status on a milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerStatus {
    pub unit_id: Uuid,
    pub status: ProgressStatus,
    pub percent_complete: i32,
    pub last_report_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/tasks/{id}/milestones`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMilestone {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    pub due_date: NaiveDate,
    #[validate(nested)]
    pub owners: UnitSelection,
    #[validate(length(max = 2000))]
    pub deliverable: Option<String>,
}

/// `PATCH /api/v1/milestones/{id}` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestonePatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: Option<String>,
    pub due_date: Option<NaiveDate>,
    #[validate(nested)]
    pub owners: Option<UnitSelection>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 2000))]
    pub deliverable: Option<Option<String>>,
}

crate::text_enum! {
    /// 规定动作 (required by the plan) or 自选动作 (chosen by the unit).
    pub enum ItemKind {
        Required = "required",
        SelfChosen = "self_chosen",
    }
}

/// A unit's own action under a task (its implementation plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImplementationItem {
    pub id: Uuid,
    pub task_id: Uuid,
    pub unit_id: Uuid,
    pub kind: ItemKind,
    pub title: String,
    pub description: Option<String>,
    pub due_date: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    /// Derived: `done`, `overdue`, or `pending`.
    pub status: ProgressStatus,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/tasks/{id}/items`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewImplementationItem {
    /// The unit whose action this is (a responsible unit of the task).
    pub unit_id: Uuid,
    pub kind: ItemKind,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
    pub due_date: NaiveDate,
}

/// `PATCH /api/v1/implementation-items/{id}` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImplementationItemPatch {
    pub kind: Option<ItemKind>,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 5000))]
    pub description: Option<Option<String>>,
    pub due_date: Option<NaiveDate>,
    /// Set to mark the action done on that day; `null` to reopen it.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub completed_on: Option<Option<NaiveDate>>,
}

crate::text_enum! {
    /// Review state of a progress report.
    pub enum ReportStatus {
        /// Waiting for the lead unit.
        Submitted = "submitted",
        /// Accepted by the lead unit.
        Acknowledged = "acknowledged",
        /// Sent back by the lead unit with a comment; the unit revises and resubmits.
        Returned = "returned",
    }
}

/// One step in a report's life, for the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportEvent {
    /// `submitted`, `resubmitted`, `acknowledged` or `returned`.
    pub action: String,
    pub comment: Option<String>,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// A unit's progress report on a task or one of its milestones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressReport {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub task_id: Uuid,
    pub milestone_id: Option<Uuid>,
    pub unit_id: Uuid,
    /// Month (`2022-05`) or quarter (`2022-Q2`) reported on.
    pub period: String,
    pub narrative: String,
    pub percent_complete: i32,
    pub evidence_links: Vec<String>,
    pub status: ReportStatus,
    /// The reviewer's comment on the latest review.
    pub review_comment: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// How many times it was sent back.
    pub times_returned: i32,
    pub history: Vec<ReportEvent>,
    /// Evidence files, oldest first (withdrawn ones included, marked); empty for a
    /// reader who may not download them (`attachments.read` over the report's unit, or
    /// a lead unit of the task).
    pub attachments: Vec<crate::attachments::Attachment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/progress-reports`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProgressReport {
    pub task_id: Uuid,
    pub milestone_id: Option<Uuid>,
    /// The reporting unit (a responsible or owner unit, within the caller's scope).
    pub unit_id: Uuid,
    #[validate(custom(function = "crate::validate::period"))]
    pub period: String,
    #[validate(
        length(min = 1, max = 10000),
        custom(function = "crate::validate::not_blank")
    )]
    pub narrative: String,
    #[validate(range(min = 0, max = 100))]
    pub percent_complete: i32,
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "crate::validate::links"))]
    pub evidence_links: Vec<String>,
}

/// `POST /api/v1/progress-reports/{id}/resubmit` (requires `If-Match`): the revised
/// report after it was returned. Absent fields keep their value.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportRevision {
    /// A corrected period (month `2022-05` or quarter `2022-Q2`).
    #[validate(custom(function = "crate::validate::period"))]
    pub period: Option<String>,
    #[validate(
        length(min = 1, max = 10000),
        custom(function = "crate::validate::not_blank")
    )]
    pub narrative: Option<String>,
    #[validate(range(min = 0, max = 100))]
    pub percent_complete: Option<i32>,
    #[validate(length(max = 20), custom(function = "crate::validate::links"))]
    pub evidence_links: Option<Vec<String>>,
}

/// `POST /api/v1/progress-reports/{id}/acknowledge` and `…/return` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportReview {
    /// Required when returning a report.
    #[validate(length(max = 2000))]
    pub comment: Option<String>,
}

crate::text_enum! {
    /// Lifecycle of a supervision notice.
    pub enum NoticeStatus {
        /// Sent; the unit has not replied.
        Issued = "issued",
        /// The unit replied; the issuer has not closed it.
        Replied = "replied",
        /// The issuer closed it.
        Closed = "closed",
    }
}

/// 督办通知: a lead unit (or the city bureau) presses a unit about an overdue item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisionNotice {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub task_id: Uuid,
    pub milestone_id: Option<Uuid>,
    pub item_id: Option<Uuid>,
    /// The unit pressed.
    pub unit_id: Uuid,
    pub issued_by_unit_id: Uuid,
    /// 督办〔2026〕3号: numbered per issuing unit and year, in the order of issue.
    pub document_number: String,
    pub subject: String,
    pub body: String,
    /// Last day (Asia/Shanghai) for the reply.
    pub reply_deadline: NaiveDate,
    pub status: NoticeStatus,
    /// Derived: still unanswered after the reply deadline.
    pub reply_overdue: bool,
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/supervision-notices`. Name a milestone or an implementation item that
/// is overdue for `unit_id`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSupervisionNotice {
    pub unit_id: Uuid,
    pub milestone_id: Option<Uuid>,
    pub item_id: Option<Uuid>,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub subject: String,
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub body: String,
    pub reply_deadline: NaiveDate,
}

/// `POST /api/v1/supervision-notices/{id}/reply` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeReply {
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::validate::not_blank")
    )]
    pub reply: String,
}

/// One cell of the supervision board: one task, one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardCell {
    pub task_id: Uuid,
    pub unit_id: Uuid,
    /// Milestones and implementation items of this unit under this task, by status.
    pub done: u32,
    pub open: u32,
    pub overdue: u32,
    pub last_report_at: Option<DateTime<Utc>>,
    /// Reports of this unit under this task waiting for review / sent back.
    pub reports_submitted: u32,
    pub reports_returned: u32,
    /// Supervision notices to this unit under this task not yet closed, and those past
    /// their reply deadline without a reply.
    pub notices_open: u32,
    pub notices_overdue: u32,
}

/// A row of the board: a unit and its cells, in task order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardRow {
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_name_en: Option<String>,
    pub cells: Vec<BoardCell>,
}

/// Column header of the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardTask {
    pub task_id: Uuid,
    pub number: i32,
    pub title: String,
}

/// `GET /api/v1/supervision/board`: tasks × units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub plan_id: Uuid,
    /// The day (Asia/Shanghai) the statuses were derived for.
    pub as_of: NaiveDate,
    pub tasks: Vec<BoardTask>,
    pub rows: Vec<BoardRow>,
}

/// What `POST /api/v1/plans/import` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub plan: Plan,
    pub tasks_created: u32,
    pub milestones_created: u32,
    /// Draft trainings and contests created for the milestones they deliver.
    pub activities_created: u32,
    /// Items already present and left untouched.
    pub unchanged: u32,
}

/// `POST /api/v1/plans/import`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// Key of a shipped template, e.g. `capability-plan-2022`.
    #[validate(length(min = 1, max = 100))]
    pub template: String,
}

/// What a to-do entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TodoKind {
    /// A milestone the unit owns, not yet done.
    Milestone,
    /// One of the unit's implementation items, not yet done.
    Item,
    /// A supervision notice waiting for the unit's reply.
    Notice,
    /// A report of the unit sent back for revision.
    ReturnedReport,
    /// A report on a task the unit leads, waiting for its review.
    ReviewReport,
}

/// One entry of a unit's to-do list (`GET /api/v1/supervision/todo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodoEntry {
    pub kind: TodoKind,
    /// Id of the milestone, item, notice or report.
    pub id: Uuid,
    pub plan_id: Uuid,
    pub task_id: Uuid,
    pub task_number: i32,
    pub title: String,
    pub due_date: Option<NaiveDate>,
    pub status: ProgressStatus,
}
