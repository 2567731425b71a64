//! Training (培训, tasks 2 and 4 of the plan, `/api/v1/training-events`,
//! `/api/v1/training-sessions`, `/api/v1/training-hours`, `/api/v1/me/trainings`):
//! events organised by a section with their sessions and credit hours, enrolment by
//! units and officers with a waitlist, attendance marked from the roster or by a
//! rotating check-in code, and each person's hours against the annual requirement.

mod attendance;
pub mod checkin;
mod enrolments;
mod events;
mod export;
pub mod hours;
mod list;
pub mod materials;
pub mod model;

use chrono::NaiveDateTime;

pub use events::plan_draft;
pub use export::{EnrolmentExport, EventExport};

/// Registers the training routes (literal paths before `{id}` ones).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    hours::configure(cfg);
    enrolments::configure(cfg);
    attendance::configure(cfg);
    events::configure(cfg);
}

/// A stored instant as the bureau reads it, to the minute.
pub(crate) fn local_minute(at: NaiveDateTime) -> String {
    at.and_utc()
        .with_timezone(&crate::time::BUREAU_TZ)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
