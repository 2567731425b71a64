//! Hooks shared by the pages: data loading and the signed-in session.

pub mod fetch;
pub mod filters;
pub mod session;
pub mod units;

pub use fetch::{use_fetch, use_list, ListState};
pub use filters::FilterBar;
pub use session::{use_session, Notice, SessionProvider, SessionStatus};
pub use units::{unit_name, use_public_units, use_units, PublicUnit};
