//! The question bank (题库, `/api/v1/questions`, `/api/v1/question-categories`): questions
//! of five kinds in a tree of categories, each edit kept as a revision (an attempt keeps
//! the revision it showed), retired rather than deleted, imported from and exported to
//! spreadsheets. Only organisers and auditors read it: the answers are in it.

mod categories;
mod export;
mod import;
pub mod list;
pub mod model;
mod questions;

pub use export::Export;

/// Registers the bank's routes (literal paths before `{id}` ones).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    categories::configure(cfg);
    import::configure(cfg);
    questions::configure(cfg);
}
