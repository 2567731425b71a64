//! HTTP plumbing shared by every resource: extractors, ETags, the request middleware,
//! the fallback for unmatched routes, security headers, the SPA and the docs page.

pub mod docs;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod middleware;
pub mod security;
pub mod spa;
pub mod write;
