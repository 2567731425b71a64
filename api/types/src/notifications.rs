//! The notification centre (站内信): what a signed-in user must act on.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::ResourceKind;

crate::text_enum! {
    /// Why a user is told something.
    pub enum NotificationKind {
        /// A report of the user's unit was sent back for revision.
        ReportReturned = "report_returned",
        /// A supervision notice addressed to the user's unit was issued.
        NoticeReceived = "notice_received",
        /// A report on a task the user's unit leads waits for review.
        ReviewWaiting = "review_waiting",
        /// A milestone, item or notice of the user's unit is due within a few working
        /// days.
        DeadlineSoon = "deadline_soon",
        /// A milestone, item or notice of the user's unit is past its due date.
        DeadlinePassed = "deadline_passed",
        /// A quiz or exam the user takes was published.
        QuizOpen = "quiz_open",
        /// The user's unit already loses assessment points this month (问题发现在早).
        AssessmentWarning = "assessment_warning",
    }
}

/// One notification of the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// What it is about: `milestone`, `implementation_item`, `supervision_notice` or
    /// `progress_report`.
    pub subject_type: ResourceKind,
    pub subject_id: Uuid,
    pub plan_id: Option<Uuid>,
    /// The task the subject belongs to (the page to open).
    pub task_id: Option<Uuid>,
    pub task_number: Option<i32>,
    /// The subject's title when the notification was made (a milestone title, a
    /// notice subject, a report period).
    pub title: String,
    pub due_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// When the user marked it read; `null` while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/me/notifications/summary`: what the bell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSummary {
    pub unread: u64,
}

/// `POST /api/v1/me/notifications/read-all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationsMarked {
    /// Notifications that were unread and now are read.
    pub marked: u64,
}

/// `POST /api/v1/reminders/run`: one pass of the deadline reminder job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderRun {
    /// The day (Asia/Shanghai) the pass judged deadlines against.
    pub as_of: NaiveDate,
    /// Notifications this pass created (0 when another pass, on this or another
    /// server process, already sent today's).
    pub created: u64,
}
