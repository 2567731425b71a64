//! Black-box tests of the API. One test binary (one link) with a module per area.
//! Every test gets its own database on the backend chosen by `TEST_DATABASE_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod assessment;
mod attachments;
mod audit;
mod auth;
mod binary;
mod cases;
mod concurrency;
mod contests;
mod contract;
mod contract_rules;
mod decisions;
mod degrees;
pub mod demonstration;
mod disclosure;
mod errors;
mod exports;
mod health;
mod legal_archive;
mod migrations;
mod notifications;
mod permissions;
mod plans;
mod quizzes;
mod scopes;
mod secrets;
mod spa;
mod spreadsheets;
mod statistics;
mod training;
mod units;
mod webhooks;
