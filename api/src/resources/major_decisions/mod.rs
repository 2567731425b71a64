//! Major administrative decisions (重大行政决策, `/api/v1/major-decisions`): a decision is
//! registered, its procedure steps are recorded as they are done (公众参与, 专家论证,
//! 风险评估, 合法性审查, 集体讨论决定), it can be marked decided only once every step before
//! the decision is done or, where the rules allow, declared not applicable with a
//! reason; publication (公布) follows.

pub mod evidence;
mod export;
mod handlers;
pub mod list;
pub mod model;

pub use export::Export;
pub use handlers::configure;
