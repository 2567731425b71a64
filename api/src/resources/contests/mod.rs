//! Contests (竞赛, tasks 3 and 4 of the plan, `/api/v1/contests`,
//! `/api/v1/contest-entries`): the legal-knowledge competition, the essay, speech and
//! job-skills contests and the contest for the best reasoned penalty documents. The
//! organiser announces a contest with its scoring criteria, units enter works, the
//! appointed judges score them (never their own unit's, blind to each other until all
//! have scored), and the organiser publishes the ranking with its awards.

mod entries;
mod export;
pub mod judging;
mod lifecycle;
mod list;
pub mod model;

pub use entries::ENTRY_FILES;
pub use export::{ContestExport, EntryExport};
pub use judging::archive_section;
pub use lifecycle::plan_draft;

/// Registers the contest routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    judging::configure(cfg);
    entries::configure(cfg);
    lifecycle::configure(cfg);
}
