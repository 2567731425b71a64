//! Webhooks (`/api/v1/webhook-subscriptions`, `/api/v1/webhook-deliveries`): other
//! systems subscribe to events and receive them over HTTP.
//!
//! Events come from the audit trail, so no resource has to remember to emit one: every
//! audited change is an event `resource_type.action` (`disclosure_record.publish`).
//! `deliver::run_once` turns new audit rows into one delivery per matching
//! subscription, claims due deliveries in the database (PostgreSQL: `FOR UPDATE SKIP
//! LOCKED`, so several API processes never send one delivery at once), sends each with
//! the Standard Webhooks headers (`signature`), retries on a schedule of about three
//! days, disables a subscription whose receiver answers 410 Gone, and logs every
//! attempt. Receivers on loopback or private networks are refused unless the
//! deployment allows their host (`ssrf`).

pub mod deliver;
mod handlers;
mod list;
pub mod model;
pub mod signature;
pub mod ssrf;

pub use handlers::configure;
