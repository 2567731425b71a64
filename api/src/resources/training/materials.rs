//! A training event's materials (see `resources::attachments`): its organisers
//! (`training.manage` of the organising unit) attach slides, handouts and readings until
//! the event is cancelled, through the event's own upload route; whoever may see the
//! event reads them. Withdrawing one goes through `/attachments/{id}/withdraw`, which
//! also needs `attachments.write`.

use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::ResourceKind;
use api_types::training::TrainingStatus;
use api_types::Permission;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model;
use crate::auth::Principal;
use crate::db::schema::training_events;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;

pub static MATERIALS: OwnerRules = OwnerRules {
    kind: ResourceKind::TrainingEvent,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 50,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

const CLOSED: &str = "the training is cancelled: its materials no longer change";

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    let event = model::find_event(conn, id)?;
    principal.require_unit(conn, Permission::TrainingManage, &event.organiser_unit_id)?;
    match event.status()? {
        TrainingStatus::Cancelled => Err(ApiError::invalid_state(CLOSED)),
        _ => Ok(event.organiser_unit_id),
    }
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let event = model::find_event(conn, &file.owner_id)?;
    principal.require(Permission::TrainingRead)?;
    super::events::require_visible(conn, principal, &event)
}

/// Bumps the event's version while it is not cancelled (a cancellation committed since
/// `may_change` looked makes this match nothing, and the change is refused).
fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let updated = diesel::update(
        training_events::table
            .find(id)
            .filter(training_events::status.ne(TrainingStatus::Cancelled.as_str())),
    )
    .set((
        training_events::version.eq(training_events::version + 1),
        training_events::updated_at.eq(at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::invalid_state(CLOSED));
    }
    Ok(())
}
