//! Administrative-penalty result disclosure (行政处罚结果公开). Units enter records,
//! publish them within 7 working days of the decision, correct them (each correction a
//! kept revision) or withdraw them with a reason; nothing is deleted. The public API
//! (`/api/v1/public/disclosure-records`, and an Atom feed) shows published records with
//! natural persons' names masked and no ID numbers.

mod batch;
mod completeness;
pub mod docno;
mod export;
mod import;
mod lifecycle;
pub mod list;
pub mod mask;
pub mod model;
mod public;
mod records;

pub use export::Export;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    public::configure(cfg);
    batch::configure(cfg);
    import::configure(cfg);
    completeness::configure(cfg);
    records::configure(cfg);
    lifecycle::configure(cfg);
}
