//! Assessment (tasks 7 and 8 of the plan): scoring rules kept as versioned data
//! (`/api/v1/rule-sets`), case-file reviews scored against them (`/api/v1/case-reviews`,
//! 案卷评查 and 交叉评查), assessment runs that score every unit of a period from the
//! system's own data with the yearly veto (`/api/v1/assessment-runs`, 执法考评), and the
//! monthly notice drafted from a run (`/api/v1/assessment-notices`, 月度执法办案通报).
//! The scoring itself is in `api_types::assessment`, shared with the SPA.

mod export;
mod indicators;
mod list;
mod notices;
mod reviews;
pub mod rule_sets;
pub mod runs;
pub mod tree;
pub mod warnings;

pub use export::{NoticeExport, ReviewExport, RuleSetExport, RunExport};
pub use reviews::score_with;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    rule_sets::configure(cfg);
    reviews::configure(cfg);
    runs::configure(cfg);
    notices::configure(cfg);
    warnings::configure(cfg);
}
