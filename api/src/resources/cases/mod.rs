//! Typical cases (以案释法, task 2 of the plan, `/api/v1/case-submissions`,
//! `/api/v1/case-bulletins`, `/api/v1/case-quotas`, `/api/v1/case-quarters`): each
//! section and county bureau submits one to two typical cases a quarter, 政策法规科
//! returns or accepts them (confirming the masked text that will be published) and
//! compiles the quarterly bulletin, which the public reads without signing in.

mod bulletins;
mod export;
mod list;
pub mod model;
pub mod quota;
pub mod reminders;
mod submissions;

pub use export::{BulletinExport, CaseExport};
pub use model::CASE_FILES;

/// Registers the routes (literal paths before `{id}` ones).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    quota::configure(cfg);
    submissions::configure(cfg);
    bulletins::configure(cfg);
}
