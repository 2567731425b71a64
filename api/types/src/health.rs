//! Liveness and readiness.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`: the process is alive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// Server version (crate version).
    pub version: String,
}

/// `GET /api/v1/ready`: the process can serve requests (database reachable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ready {
    /// Always `ready` (otherwise a 503 problem is returned).
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// Most recent applied migration version.
    pub schema_version: Option<String>,
}
