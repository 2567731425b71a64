//! Service accounts of other government systems.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A service account. The secret is shown once, at creation or rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAccount {
    pub id: Uuid,
    /// Public identifier used with the secret at `POST /auth/token`.
    pub client_id: String,
    pub name: String,
    pub description: Option<String>,
    /// The unit the system acts for (its unit scope).
    pub unit_id: Uuid,
    /// Permissions granted (names from the permission matrix the `integration` role may hold).
    pub grants: Vec<String>,
    pub active: bool,
    pub secret_rotated_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The account with its new secret: the only time the secret is ever shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAccountWithSecret {
    pub account: ServiceAccount,
    /// The secret, shown only in the first response; `null` when the response is an
    /// idempotent replay (rotate the secret if it was lost).
    pub client_secret: Option<String>,
}

/// `POST /api/v1/service-accounts`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewServiceAccount {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    #[validate(length(max = 1000))]
    pub description: Option<String>,
    pub unit_id: Uuid,
    #[validate(length(max = 64))]
    pub grants: Vec<String>,
}

/// `PATCH /api/v1/service-accounts/{id}` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceAccountPatch {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 1000))]
    pub description: Option<Option<String>>,
    #[validate(length(max = 64))]
    pub grants: Option<Vec<String>>,
    /// `false` disables the account; its tokens stop working at once.
    pub active: Option<bool>,
}
