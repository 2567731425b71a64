//! Demonstration units (执法示范单位创建, task 9 of the plan):
//! `/api/v1/demonstration-rounds` (each year's round: criteria as a rule set of kind
//! `demonstration`, phase weights, deadlines, the panel; the ranking, the decision and
//! the published list), `/api/v1/demonstration-applications` (a brigade's application
//! with its self-assessment and evidence, recommended by its county bureau) and
//! `/api/v1/demonstration-reviews` (the panel's written and on-site scoring). The
//! weighting and ranking are in `api_types::demonstration`, shared with the SPA.

mod applications;
mod export;
mod list;
mod ranking;
mod reviews;
mod rounds;

pub use applications::EVIDENCE;
pub use export::{ApplicationExport, PanelReviewExport, RoundExport};
pub use reviews::PHOTOS;

/// Registers the routes (literal paths before `{id}` ones).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    rounds::configure(cfg);
    applications::configure(cfg);
    reviews::configure(cfg);
}
