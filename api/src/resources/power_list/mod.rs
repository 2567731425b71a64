//! The power and responsibility list (权力清单/责任清单). Items change only through
//! dated adjustments (add / amend / repeal with a reason), which are kept forever, so
//! the list can be read as of any date and compared between two dates. Reading is
//! public (`/api/v1/public/power-items`).

mod export;
mod handlers;
pub mod list;
pub mod model;

pub use export::Export;
pub use handlers::configure;
