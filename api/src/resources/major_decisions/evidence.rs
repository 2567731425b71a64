//! A major decision's evidence (see `resources::attachments`): the unit attaches the
//! papers of its procedure (notices, experts' opinions, the legality review, minutes,
//! the decision) until the decision is published; whoever reads the decision reads them.

use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::ResourceKind;
use api_types::statistics::DecisionStatus;
use api_types::Permission;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model;
use crate::auth::Principal;
use crate::db::schema::major_decisions;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;

pub static EVIDENCE: OwnerRules = OwnerRules {
    kind: ResourceKind::MajorDecision,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 50,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

const CLOSED: &str = "the decision is published: its evidence no longer changes";

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    let decision = model::find(conn, id)?;
    principal.require_unit(conn, Permission::AttachmentsWrite, &decision.unit_id)?;
    match decision.status()? {
        DecisionStatus::Published => Err(ApiError::invalid_state(CLOSED)),
        _ => Ok(decision.unit_id),
    }
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let decision = model::find(conn, &file.owner_id)?;
    principal.require_unit(conn, Permission::MajorDecisionsRead, &decision.unit_id)
}

/// Bumps the decision's version while it is not published (a publication committed
/// since `may_change` looked makes this match nothing, and the change is refused).
fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let updated = diesel::update(
        major_decisions::table
            .find(id)
            .filter(major_decisions::status.ne(DecisionStatus::Published.as_str())),
    )
    .set((
        major_decisions::version.eq(major_decisions::version + 1),
        major_decisions::updated_at.eq(at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::invalid_state(CLOSED));
    }
    Ok(())
}
