//! Roles a user (or service account) can hold.

use serde::{Deserialize, Serialize};

/// A role. Permissions and their unit scopes per role are data: `api/permissions.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// System administration: accounts, service accounts, units.
    Admin,
    /// City bureau leadership and supervision: acts in every unit.
    Bureau,
    /// A section of the city bureau (局属部门): its own tasks, events and bulletins.
    Section,
    /// A county/district bureau: its own data and its brigades'.
    County,
    /// An enforcement officer: quizzes, training, own archive.
    Officer,
    /// Reads and exports everything, writes nothing.
    Auditor,
    /// A service account of another government system, limited by its grants.
    Integration,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Admin,
        Role::Bureau,
        Role::Section,
        Role::County,
        Role::Officer,
        Role::Auditor,
        Role::Integration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Bureau => "bureau",
            Role::Section => "section",
            Role::County => "county",
            Role::Officer => "officer",
            Role::Auditor => "auditor",
            Role::Integration => "integration",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
