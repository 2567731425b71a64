//! Signing in and out (`/api/v1/auth/…`), the signed-in principal (`/api/v1/me`) and the
//! first-administrator bootstrap.

pub mod bootstrap;
mod handlers;
pub mod sessions;

pub use handlers::configure;
