//! Service accounts (`/api/v1/service-accounts`): other government systems sign in with
//! a client id and secret (`POST /auth/token`) and act for one unit with the grants an
//! administrator gave them. Secrets are shown once and stored as SHA-256 hashes.

mod handlers;
pub mod list;
pub mod model;

pub use handlers::configure;
