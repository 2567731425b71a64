//! Wire contract of the enforcement capability platform API.
//!
//! Every request and response body of `/api/v1` is defined here, once, and shared by the
//! server (which derives the OpenAPI document from it) and the Yew SPA. This crate must
//! stay free of server dependencies so that it compiles to `wasm32-unknown-unknown`.

pub mod health;
pub mod page;
pub mod problem;
pub mod units;

pub use page::Page;
pub use problem::{ErrorCode, FieldError, Problem};
