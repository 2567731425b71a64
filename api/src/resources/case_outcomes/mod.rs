//! Outcomes of challenged decisions (task 8 of the plan, `/api/v1/case-outcomes`,
//! `/api/v1/veto-events`): administrative reconsiderations and suits of penalty
//! decisions, entered by the unit or pushed by another system. A decision revoked,
//! altered or found illegal says so on its public record; a revocation on
//! reconsideration or a lost suit raises the unit's veto event for the year, which the
//! assessment reads.

mod export;
mod handlers;
mod list;
pub mod model;

pub use export::{OutcomeExport, VetoExport};
pub use model::OUTCOME_FILES;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(cfg);
}
