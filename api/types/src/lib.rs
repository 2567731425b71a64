//! Wire contract of the enforcement capability platform API.
//!
//! Every request and response body of `/api/v1` is defined here, once, and shared by the
//! server (which derives the OpenAPI document from it) and the Yew SPA. This crate must
//! stay free of server dependencies so that it compiles to `wasm32-unknown-unknown`.

#[macro_use]
pub mod text_enum;

pub mod assessment;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod cases;
pub mod catalog;
pub mod contests;
pub mod degrees;
pub mod disclosure;
pub mod exports;
pub mod health;
pub mod legal_archive;
pub mod notifications;
pub mod page;
pub mod patch;
pub mod period;
pub mod permissions;
pub mod plans;
pub mod problem;
pub mod quizzes;
pub mod roles;
pub mod service_accounts;
pub mod statistics;
pub mod training;
pub mod units;
pub mod users;
pub mod validate;
pub mod webhooks;

pub use page::Page;
pub use permissions::Permission;
pub use problem::{ErrorCode, FieldError, Problem};
pub use roles::Role;
