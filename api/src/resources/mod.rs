//! One module per resource: its rows, queries, rules and handlers live together.

pub mod health;
pub mod units;

/// Registers every resource's routes under `/api/v1`.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    health::configure(cfg);
    units::configure(cfg);
}
