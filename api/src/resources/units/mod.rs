//! Organisation units (`/api/v1/units`): the tree of the city bureau, its sections,
//! county/district bureaus and brigades. Reference units named in the work plan are
//! created on first start (`seed`).

mod export;
mod handlers;
pub mod list;
pub mod model;
pub mod seed;

pub use export::Export;
pub use handlers::configure;
pub use model::UnitRow;
