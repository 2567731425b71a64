//! Risk assessments of major enforcement activities (重大执法活动风险评估,
//! `/api/v1/risk-assessments`): the activity, its risks scored likelihood × impact, the
//! mitigation of each; the unit's reviewer signs it off, and at high risk the city
//! bureau approves it before the activity's date. The list shows activities ahead that
//! are not cleared.

mod export;
mod handlers;
pub mod list;
pub mod model;

pub use export::Export;
pub use handlers::configure;
