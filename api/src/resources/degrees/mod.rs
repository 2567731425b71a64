//! In-service degrees (在职学历教育, task 4 of the plan, `/api/v1/degrees`,
//! `/api/v1/me/degrees`): an officer records a degree with its certificate, the
//! personnel office verifies it or returns it with a reason, and records the reward.
//! Nothing is deleted; every step is audited.

mod export;
mod handlers;
mod list;
pub mod model;

pub use export::Export;
pub use model::{archive_section, CERTIFICATES};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(cfg);
}
