//! User accounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::roles::Role;

/// A user. Never carries the password or its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub login: String,
    pub name: String,
    pub unit_id: Uuid,
    pub roles: Vec<Role>,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Signed in with a temporary password: must set their own before anything else.
    pub must_change_password: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/users`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[validate(custom(function = "crate::validate::login"))]
    pub login: String,
    #[validate(
        length(min = 1, max = 64),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    pub unit_id: Uuid,
    #[validate(length(min = 1, max = 7))]
    pub roles: Vec<Role>,
    /// Initial password, to be changed by the user.
    #[validate(custom(function = "crate::validate::password"))]
    pub password: String,
}

/// `PATCH /api/v1/users/{id}` (requires `If-Match`). Absent fields are unchanged.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[validate(
        length(min = 1, max = 64),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: Option<String>,
    pub unit_id: Option<Uuid>,
    #[validate(length(min = 1, max = 7))]
    pub roles: Option<Vec<Role>>,
    /// `false` disables the account: its tokens stop working on the next request.
    pub active: Option<bool>,
}

/// `POST /api/v1/users/{id}/temporary-password`: the account with the temporary
/// password just issued, which its user must replace at the next sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemporaryPassword {
    pub user: User,
    /// Shown only in the first response (hand it to the user); `null` when the
    /// response is an idempotent replay (issue another if it was lost).
    pub temporary_password: Option<String>,
}

/// `POST /api/v1/users/{id}/password`: an administrator sets a new password; every
/// session of the user ends.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    #[validate(custom(function = "crate::validate::password"))]
    pub new_password: String,
}
