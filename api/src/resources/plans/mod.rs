//! The work plan (`/api/v1/plans`, `/tasks`, `/milestones`, `/implementation-items`):
//! the plan's nine tasks with lead and responsible units, dated milestones whose status
//! is derived on every read, and each unit's own implementation items. Progress reports
//! and supervision live in their own modules and build on this one.

mod export;
mod handlers;
pub mod model;
pub mod status;
pub mod template;

pub use export::{ItemExport, MilestoneExport, TaskExport};
pub use handlers::configure;
