//! Bulk exports for auditors and other systems: `GET /api/v1/exports/{resource}`.
//!
//! The body is NDJSON: one JSON object a line, each exactly what the resource's own
//! endpoints return (power adjustments: [`crate::catalog::PowerAdjustmentRecord`]), in
//! primary-key order, all read from one database snapshot. The last line is
//! `{"manifest": {...}}` ([`ManifestLine`]); an export without it is incomplete.
//! The time filter applies to when each row itself last changed; values derived on the
//! export's day (statuses, deadlines) are not changes of the row.
//! If the server fails after the first line was sent, the last line is
//! `{"error": {...}}` (a problem document) instead.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// What can be exported; the path segment is the kebab-case name.
    pub enum ExportResource {
        AuditEvents = "audit-events",
        Units = "units",
        Users = "users",
        Tasks = "tasks",
        Milestones = "milestones",
        ImplementationItems = "implementation-items",
        ProgressReports = "progress-reports",
        SupervisionNotices = "supervision-notices",
        DisclosureRecords = "disclosure-records",
        PowerAdjustments = "power-adjustments",
        StatisticsReports = "statistics-reports",
        MajorDecisions = "major-decisions",
        RiskAssessments = "risk-assessments",
        Questions = "questions",
        QuizSessions = "quiz-sessions",
        StudyPlans = "study-plans",
        QuizAttempts = "quiz-attempts",
        QuizResults = "quiz-results",
        TrainingEvents = "training-events",
        TrainingEnrolments = "training-enrolments",
        Contests = "contests",
        ContestEntries = "contest-entries",
        Degrees = "degrees",
        CaseSubmissions = "case-submissions",
        CaseBulletins = "case-bulletins",
        CaseOutcomes = "case-outcomes",
        VetoEvents = "veto-events",
        RuleSets = "rule-sets",
        CaseReviews = "case-reviews",
        AssessmentRuns = "assessment-runs",
        AssessmentNotices = "assessment-notices",
        DemonstrationRounds = "demonstration-rounds",
        DemonstrationApplications = "demonstration-applications",
        DemonstrationReviews = "demonstration-reviews",
    }
}

/// What an export contained, so a saved file can be checked on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportManifest {
    pub resource: ExportResource,
    /// Lines before the manifest line.
    pub count: u64,
    /// SHA-256 (hex) of every byte before the manifest line.
    pub sha256: String,
    pub generated_at: DateTime<Utc>,
    /// The filter asked for: rows changed at or after this instant …
    pub updated_since: Option<DateTime<Utc>>,
    /// … and before this one. Audit events are filtered by when they were recorded.
    pub updated_before: Option<DateTime<Utc>>,
    /// Earliest and latest change among the exported rows (none when empty).
    pub first_updated_at: Option<DateTime<Utc>>,
    pub last_updated_at: Option<DateTime<Utc>>,
    /// The audit chain's head in the snapshot the rows were read from. The export itself
    /// is recorded in the audit trail first, so this is at least that event.
    pub audit_head_id: Option<i64>,
    pub audit_head_hash: Option<String>,
    /// `X-Request-Id` of the export request (also on its audit event).
    pub request_id: String,
}

/// The last line of a complete export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManifestLine {
    pub manifest: ExportManifest,
}
