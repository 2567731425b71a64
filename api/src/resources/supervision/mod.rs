//! Supervision (督办): the board of tasks × units (`/api/v1/supervision/board`), each
//! unit's to-do list, and supervision notices (`/api/v1/supervision-notices`) that lead
//! units issue about overdue work and units answer.

pub mod board;
mod export;
mod handlers;
pub mod list;
pub mod notices;

pub use export::NoticeExport;
pub use handlers::configure;
