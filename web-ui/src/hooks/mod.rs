//! Hooks shared by the pages: data loading and the signed-in session.

pub mod fetch;
pub mod session;

pub use fetch::{use_fetch, use_list, ListState};
pub use session::{use_session, Notice, SessionProvider, SessionStatus};
