//! Report rows and their history.

use std::collections::HashMap;

use api_types::attachments::Attachment;
use api_types::audit::ResourceKind;
use api_types::plans::{ProgressReport, ReportEvent, ReportStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{progress_report_events, progress_reports};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::attachments::model as attachments;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = progress_reports, treat_none_as_null = true)]
pub struct ReportRow {
    pub id: String,
    pub plan_id: String,
    pub task_id: String,
    pub milestone_id: Option<String>,
    pub unit_id: String,
    pub period: String,
    pub narrative: String,
    pub percent_complete: i32,
    pub evidence_links: String,
    pub status: String,
    pub review_comment: Option<String>,
    pub submitted_at: NaiveDateTime,
    pub submitted_by: String,
    pub reviewed_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<String>,
    pub times_returned: i32,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = progress_report_events)]
pub struct EventRow {
    pub id: String,
    pub report_id: String,
    pub action: String,
    pub comment: Option<String>,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub at: NaiveDateTime,
}

impl ReportRow {
    /// A step on this report may go ahead: the client saw version `expected` and the
    /// report is `status` (else 412, or 409 with `refused`).
    pub fn expect(
        &self,
        expected: i64,
        status: ReportStatus,
        refused: &'static str,
    ) -> Result<(), ApiError> {
        crate::http::write::check_version(self.version, expected)?;
        if self.status()? != status {
            return Err(ApiError::invalid_state(refused));
        }
        Ok(())
    }

    pub fn status(&self) -> Result<ReportStatus, ApiError> {
        ReportStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored report status"))
    }

    pub fn to_dto(
        &self,
        history: &[EventRow],
        attachments: &[Attachment],
    ) -> Result<ProgressReport, ApiError> {
        Ok(ProgressReport {
            id: stored_uuid(&self.id)?,
            plan_id: stored_uuid(&self.plan_id)?,
            task_id: stored_uuid(&self.task_id)?,
            milestone_id: self.milestone_id.as_deref().map(stored_uuid).transpose()?,
            unit_id: stored_uuid(&self.unit_id)?,
            period: self.period.clone(),
            narrative: self.narrative.clone(),
            percent_complete: self.percent_complete,
            evidence_links: serde_json::from_str(&self.evidence_links).unwrap_or_default(),
            status: self.status()?,
            review_comment: self.review_comment.clone(),
            submitted_at: time::to_utc(self.submitted_at),
            reviewed_at: self.reviewed_at.map(time::to_utc),
            times_returned: self.times_returned,
            history: history
                .iter()
                .map(|e| {
                    Ok(ReportEvent {
                        action: e.action.clone(),
                        comment: e.comment.clone(),
                        actor_user_id: e.actor_user_id.as_deref().map(stored_uuid).transpose()?,
                        actor_name: e.actor_name.clone(),
                        at: time::to_utc(e.at),
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?,
            attachments: attachments.to_vec(),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<ReportRow, ApiError> {
    progress_reports::table
        .find(id)
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("progress report"))
}

/// Histories of `reports`, oldest step first.
pub fn histories(
    conn: &mut DbConnection,
    report_ids: &[String],
) -> Result<HashMap<String, Vec<EventRow>>, ApiError> {
    let rows: Vec<EventRow> = progress_report_events::table
        .filter(progress_report_events::report_id.eq_any(report_ids))
        .order((
            progress_report_events::at.asc(),
            progress_report_events::id.asc(),
        ))
        .select(EventRow::as_select())
        .load(conn)?;
    let mut out: HashMap<String, Vec<EventRow>> = HashMap::new();
    for row in rows {
        out.entry(row.report_id.clone()).or_default().push(row);
    }
    Ok(out)
}

pub fn dto(conn: &mut DbConnection, row: &ReportRow) -> Result<ProgressReport, ApiError> {
    let ids = std::slice::from_ref(&row.id);
    let history = histories(conn, ids)?;
    let files = attachments::of_owners(conn, ResourceKind::ProgressReport, ids)?;
    row.to_dto(
        history.get(&row.id).map(Vec::as_slice).unwrap_or(&[]),
        files.get(&row.id).map(Vec::as_slice).unwrap_or(&[]),
    )
}

/// Records one step of a report's life.
pub fn record(
    conn: &mut DbConnection,
    report_id: &str,
    action: &str,
    comment: Option<String>,
    actor_user_id: Option<String>,
    actor_name: &str,
) -> Result<(), ApiError> {
    diesel::insert_into(progress_report_events::table)
        .values(&EventRow {
            id: time::new_id(),
            report_id: report_id.to_string(),
            action: action.to_string(),
            comment,
            actor_user_id,
            actor_name: Some(actor_name.to_string()),
            at: time::now(),
        })
        .execute(conn)?;
    Ok(())
}

/// Tells the people concerned about a report's new state: a submitted report waits for
/// the task's lead units; a returned one goes back to its unit; a reviewed one no
/// longer waits (and a resubmitted one is no longer "returned").
pub fn notify(conn: &mut DbConnection, row: &ReportRow, leads: &[String]) -> Result<(), ApiError> {
    use crate::resources::notifications::{notify_units, settle, Subject};
    use api_types::notifications::NotificationKind;
    use api_types::Permission;

    let subject = |kind| Subject {
        kind,
        subject_type: ResourceKind::ProgressReport,
        subject_id: &row.id,
        plan_id: Some(&row.plan_id),
        task_id: Some(&row.task_id),
        title: &row.period,
        due_date: None,
        on_day: time::today(),
    };
    match ReportStatus::parse(&row.status) {
        Some(ReportStatus::Submitted) => {
            settle(conn, NotificationKind::ReportReturned, &row.id)?;
            let leads: Vec<&str> = leads.iter().map(String::as_str).collect();
            notify_units(
                conn,
                &leads,
                Permission::ProgressReview,
                &subject(NotificationKind::ReviewWaiting),
            )?;
        }
        Some(ReportStatus::Returned) => {
            settle(conn, NotificationKind::ReviewWaiting, &row.id)?;
            notify_units(
                conn,
                &[row.unit_id.as_str()],
                Permission::ProgressReport,
                &subject(NotificationKind::ReportReturned),
            )?;
        }
        Some(ReportStatus::Acknowledged) => {
            settle(conn, NotificationKind::ReviewWaiting, &row.id)?;
        }
        None => {}
    }
    Ok(())
}
