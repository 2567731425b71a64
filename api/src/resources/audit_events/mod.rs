//! The audit trail (`/api/v1/audit-events`): every mutation appends one hash-chained row
//! in the same transaction (`chain::append`, called by the write pipeline), auditors
//! list and verify it.

pub mod chain;
mod export;
mod handlers;
pub mod list;

pub use chain::{append, verify, Change};
pub use export::Export;
pub use handlers::configure;
