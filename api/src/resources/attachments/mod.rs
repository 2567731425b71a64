//! Attachments (`/api/v1/attachments`): files that belong to a record — a progress
//! report's evidence now, case files and application materials later. One mechanism for
//! every owner:
//! - the owner declares [`owners::OwnerRules`] (size limit, accepted types, who may
//!   attach and read) in its own folder and an upload route that calls
//!   [`handlers::upload`];
//! - the type is sniffed from the bytes ([`sniff`]), never taken from the client;
//! - the bytes go to object storage ([`Store`]: a local folder or an S3 bucket), named
//!   by their SHA-256, which is also stored and served as the download's `ETag`;
//! - nothing is deleted: a file is withdrawn with a reason and stays downloadable, and
//!   both steps are in the audit trail.

pub mod handlers;
pub mod model;
pub mod owners;
pub mod sniff;
mod store;
pub mod upload;

pub use handlers::{configure, upload};
pub use store::{Download, Store};
