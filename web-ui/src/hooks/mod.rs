//! Hooks shared by the pages: data loading, submitting (every write) and the signed-in
//! session.

pub mod discretion;
pub mod fetch;
pub mod filters;
pub mod session;
pub mod submission;
pub mod units;

pub use discretion::{use_allowed_range, use_benchmark, use_benchmark_version, use_penalty_powers};
pub use fetch::{use_fetch, use_list, FetchHandle, ListState};
pub use filters::FilterBar;
pub use session::{use_session, Notice, SessionProvider, SessionStatus};
pub use submission::{use_submission, Submission};
pub use units::{unit_name, unit_options, use_public_units, use_units, PublicUnit};
