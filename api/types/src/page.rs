//! The one list envelope used by every collection endpoint.

use serde::{Deserialize, Serialize};

/// Largest page size any list accepts.
pub const MAX_PER_PAGE: u32 = 200;
/// Page size when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// A page of a collection. `total` counts all rows matching the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}
