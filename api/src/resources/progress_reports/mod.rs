//! Progress reports (`/api/v1/progress-reports`): a responsible unit reports on a task
//! or milestone for a period; the task's lead unit (or the city bureau) acknowledges it
//! or returns it with a comment; a returned report is revised and resubmitted. Every
//! step is kept in the report's history and in the audit trail.

pub mod evidence;
mod export;
mod handlers;
pub mod list;
pub mod model;

pub use export::Export;
pub use handlers::{configure, report_delivered};
