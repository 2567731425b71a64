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
    let unit_scope = principal.require_unit(conn, Permission::AttachmentsRead, &file.unit_id);
    if unit_scope.is_ok() {
        return Ok(());
    }
    let report = model::find(conn, &file.owner_id)?;
    let task = plan_model::find_task(conn, &report.task_id)?;
    principal
        .require_any_unit(conn, Permission::ProgressReview, &task.leads)
        .or(unit_scope)
}

fn touch(conn: &mut DbConnection, report_id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(progress_reports::table.find(report_id))
        .set((
            progress_reports::version.eq(progress_reports::version + 1),
            progress_reports::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
