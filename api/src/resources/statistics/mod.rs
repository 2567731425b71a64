//! Enforcement statistics (`/api/v1/statistics`, task 1 of the plan): report templates
//! as versioned data, county bureaus' periodic reports with their figures reconciled
//! against their own disclosure records, review by the city bureau, and the region
//! table with month-on-month and year-on-year change.

pub mod derive;
mod export;
pub mod list;
pub mod model;
pub mod region;
pub mod reminders;
mod reports;
mod sheets;
pub mod templates;

pub use export::Export;

/// Registers the statistics routes (literal paths before `{id}` ones).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    templates::configure(cfg);
    sheets::configure(cfg);
    region::configure(cfg);
    reports::configure(cfg);
}
