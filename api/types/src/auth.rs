//! Sign-in, tokens and the signed-in principal.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::roles::Role;
use crate::units::Unit;

/// `POST /api/v1/auth/login`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    pub login: String,
    #[validate(length(min = 1, max = 256))]
    pub password: String,
}

/// Tokens issued by login, refresh and bootstrap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Opaque, single-use token for `POST /auth/refresh`; rotated on every use.
    pub refresh_token: String,
    /// Seconds until the refresh token expires (if not used before).
    pub refresh_expires_in: u64,
}

/// `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 256))]
    pub refresh_token: String,
}

/// `POST /api/v1/auth/token`: a service account exchanges its credentials for an
/// access token (OAuth 2.0 client-credentials style).
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientCredentialsRequest {
    /// Must be `client_credentials` (checked by the handler, which names the field).
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(feature = "openapi", schema(pattern = "^client_credentials$"))]
    pub grant_type: String,
    #[validate(length(min = 1, max = 64))]
    pub client_id: String,
    #[validate(length(min = 1, max = 256))]
    pub client_secret: String,
}

/// Access token for a service account (no refresh token: ask again with the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessToken {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
}

/// `POST /api/v1/auth/bootstrap`: creates the first administrator while the system has
/// no users, with the one-time token printed in the server log.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BootstrapRequest {
    #[validate(length(min = 1, max = 256))]
    pub bootstrap_token: String,
    #[validate(custom(function = "crate::validate::login"))]
    pub login: String,
    #[validate(
        length(min = 1, max = 64),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    #[validate(custom(function = "crate::validate::password"))]
    pub password: String,
}

/// `POST /api/v1/me/password`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[validate(length(min = 1, max = 256))]
    pub current_password: String,
    #[validate(custom(function = "crate::validate::password"))]
    pub new_password: String,
}

/// Who is signed in (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// User id, or service account id for `integration`.
    pub id: Uuid,
    pub login: String,
    pub name: String,
    pub unit: Unit,
    pub roles: Vec<Role>,
    /// Permissions the principal holds (e.g. `units.manage`), for showing the right UI.
    pub permissions: Vec<crate::Permission>,
    /// True for a service account.
    pub service_account: bool,
    /// Roles this principal may give to accounts it creates or edits (empty without
    /// `users.manage`), for offering only those in the UI.
    pub assignable_roles: Vec<Role>,
    /// Permissions a service account may be granted (those of the `integration` role),
    /// for holders of `service_accounts.manage`; empty otherwise.
    pub grantable_permissions: Vec<crate::Permission>,
    /// The account holds a temporary password: every endpoint but `GET /me`,
    /// `POST /me/password` and signing out answers 403 `password_change_required`
    /// until the user sets their own.
    pub must_change_password: bool,
}

/// One signed-in session of the current user (`GET /api/v1/me/sessions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The sign-in ends at this time however often it is renewed.
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request belongs to.
    pub current: bool,
}

/// `POST /api/v1/me/sessions/end-others`: how many sessions were ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    pub ended: u64,
}

/// `GET /api/v1/auth/bootstrap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BootstrapStatus {
    /// True while there are no users: the first administrator may be created.
    pub open: bool,
}
