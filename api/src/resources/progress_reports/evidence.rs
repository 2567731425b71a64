//! A progress report's evidence files (see `resources::attachments`): its unit attaches
//! them while the report is submitted or returned; once acknowledged they are part of
//! the record and no longer change. The report's unit (within `attachments.read`) and
//! the task's lead units, which review it, may read them.

use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::ResourceKind;
use api_types::plans::ReportStatus;
use api_types::Permission;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model;
use crate::auth::Principal;
use crate::db::schema::progress_reports;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;
use crate::resources::plans::model as plan_model;

pub static EVIDENCE: OwnerRules = OwnerRules {
    kind: ResourceKind::ProgressReport,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 50,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    report_id: &str,
) -> Result<String, ApiError> {
    let report = model::find(conn, report_id)?;
    principal.require_unit(conn, Permission::AttachmentsWrite, &report.unit_id)?;
    match report.status()? {
        ReportStatus::Submitted | ReportStatus::Returned => Ok(report.unit_id),
        ReportStatus::Acknowledged => Err(ApiError::invalid_state(
            "the report is acknowledged: its evidence no longer changes",
        )),
    }
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let report = model::find(conn, &file.owner_id)?;
    may_read_report(conn, principal, &report.unit_id, &report.task_id)
}

/// Whether `principal` may read the evidence of a report of `unit` on `task`: within
/// `attachments.read` of the unit, or a lead unit of the task (403 when neither).
pub fn may_read_report(
    conn: &mut DbConnection,
    principal: &Principal,
    unit: &str,
    task: &str,
) -> Result<(), ApiError> {
    let unit_scope = principal.require_unit(conn, Permission::AttachmentsRead, unit);
    if unit_scope.is_ok() {
        return Ok(());
    }
    let task = plan_model::find_task(conn, task)?;
    principal
        .require_any_unit(conn, Permission::ProgressReview, &task.leads)
        .or(unit_scope)
}

/// Reports are read by everyone with `plans.read`; their evidence files only by those
/// who may download them: for the others the list is empty.
pub fn hide_unreadable(
    conn: &mut DbConnection,
    principal: &Principal,
    reports: &mut [api_types::plans::ProgressReport],
) -> Result<(), ApiError> {
    for report in reports.iter_mut().filter(|r| !r.attachments.is_empty()) {
        let (unit, task) = (report.unit_id.to_string(), report.task_id.to_string());
        if may_read_report(conn, principal, &unit, &task).is_err() {
            report.attachments.clear();
        }
    }
    Ok(())
}

/// Bumps the report's version, only while its evidence may still change: an
/// acknowledgement committed since `may_change` looked (PostgreSQL reads committed
/// rows) makes this update match nothing, and the change is refused.
fn touch(conn: &mut DbConnection, report_id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let open = [
        ReportStatus::Submitted.as_str(),
        ReportStatus::Returned.as_str(),
    ];
    let updated = diesel::update(
        progress_reports::table
            .find(report_id)
            .filter(progress_reports::status.eq_any(open)),
    )
    .set((
        progress_reports::version.eq(progress_reports::version + 1),
        progress_reports::updated_at.eq(at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::invalid_state(
            "the report is acknowledged: its evidence no longer changes",
        ));
    }
    Ok(())
}
