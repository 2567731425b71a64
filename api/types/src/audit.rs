//! The audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One recorded mutation. Rows are append-only and hash-chained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    /// Position in the chain, from 1, without gaps.
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_service_account_id: Option<Uuid>,
    pub actor_unit_id: Option<Uuid>,
    /// Roles the actor held, comma-separated (`system` for the server itself).
    pub actor_roles: String,
    /// What happened: `create`, `update`, `login`, `rotate_secret`, …
    pub action: String,
    /// Kind of resource: `unit`, `user`, `service_account`, `session`, …
    pub resource_type: String,
    pub resource_id: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    /// SHA-256 (hex) of the previous row's hash and this row's canonical content.
    pub hash: String,
    pub prev_hash: String,
}

/// `GET /api/v1/audit-events/verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    /// True when every row's hash matches and no row is missing.
    pub ok: bool,
    /// Rows checked.
    pub checked: u64,
    /// Id of the first altered row, or of the first missing one.
    pub first_broken_id: Option<i64>,
    /// Hash at the head of the chain (the last row's), for comparing with exports.
    pub head_hash: Option<String>,
    pub head_id: Option<i64>,
}
