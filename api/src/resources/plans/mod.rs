//! The work plan (`/api/v1/plans`, `/tasks`, `/milestones`, `/implementation-items`):
//! the plan's nine tasks with lead and responsible units, dated milestones whose status
//! is derived on every read, and each unit's own implementation items. Progress reports
//! and supervision live in their own modules and build on this one.

mod export;
mod items;
pub mod list;
mod milestones;
pub mod model;
mod plan;
pub mod status;
mod tasks;
pub mod template;

pub use export::{ItemExport, MilestoneExport, TaskExport};
/// Registers the routes of plans, tasks, milestones and implementation items.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    plan::configure(cfg);
    tasks::configure(cfg);
    milestones::configure(cfg);
    items::configure(cfg);
}

/// The trimmed text, or `None` when nothing is left.
pub(crate) fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
