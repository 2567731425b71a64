//! The permission matrix (`api/permissions.yaml`), parsed once, and the unit-scope
//! arithmetic every check uses.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use api_types::Role;
use diesel::prelude::*;
use serde::Deserialize;

use crate::db::schema::units;
use crate::db::DbConnection;
use crate::error::ApiError;

/// The matrix as shipped.
pub const MATRIX_YAML: &str = include_str!("../../permissions.yaml");

/// Every permission the code checks (defined in `api-types`, shared with the SPA). Each
/// has an entry in the matrix (a unit test keeps the two in step).
pub use api_types::Permission;

/// Where a role may use a permission. Ordered from narrowest to widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Only records about the caller.
    #[serde(rename = "self")]
    SelfOnly,
    /// The caller's own unit.
    Own,
    /// The caller's unit and all units below it.
    Subtree,
    /// Every unit.
    All,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionRule {
    pub description: String,
    pub roles: BTreeMap<Role, Scope>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointRule {
    pub method: String,
    pub path: String,
    pub permission: String,
    /// `none`, `path`, `body` or `query`: where the checked unit comes from; `self`: the
    /// record is the caller's own (an attempt they make), whatever their unit.
    pub target: String,
}

/// The parsed matrix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub permissions: BTreeMap<String, PermissionRule>,
    pub assignable_roles: BTreeMap<Role, Vec<Role>>,
    pub public: Vec<String>,
    pub authenticated: Vec<String>,
    pub endpoints: Vec<EndpointRule>,
}

impl Policy {
    /// Parses and checks the matrix: known permissions only, no write permission for
    /// auditors, known targets.
    pub fn parse(yaml: &str) -> Result<Policy, String> {
        let policy: Policy =
            serde_yaml::from_str(yaml).map_err(|e| format!("permissions.yaml: {e}"))?;
        for p in Permission::ALL {
            if !policy.permissions.contains_key(p.as_str()) {
                return Err(format!("permissions.yaml lacks permission {}", p.as_str()));
            }
        }
        for (name, rule) in &policy.permissions {
            if Permission::parse(name).is_none() {
                return Err(format!("permissions.yaml names unknown permission {name}"));
            }
            let writes = !name.ends_with(".read");
            if writes && rule.roles.contains_key(&Role::Auditor) {
                return Err(format!(
                    "permissions.yaml lets auditors use the write permission {name}"
                ));
            }
        }
        for e in &policy.endpoints {
            if !policy.permissions.contains_key(&e.permission) {
                return Err(format!(
                    "endpoint {} {} names unknown permission {}",
                    e.method, e.path, e.permission
                ));
            }
            if !["none", "path", "body", "query", "self"].contains(&e.target.as_str()) {
                return Err(format!(
                    "endpoint {} {} has unknown target {}",
                    e.method, e.path, e.target
                ));
            }
        }
        Ok(policy)
    }

    /// The widest scope any of `roles` has for `permission`.
    pub fn scope(&self, permission: Permission, roles: &[Role]) -> Option<Scope> {
        let rule = self.permissions.get(permission.as_str())?;
        roles
            .iter()
            .filter_map(|r| rule.roles.get(r).copied())
            .max()
    }

    /// Roles a holder of `roles` may assign.
    pub fn assignable(&self, roles: &[Role]) -> HashSet<Role> {
        roles
            .iter()
            .filter_map(|r| self.assignable_roles.get(r))
            .flatten()
            .copied()
            .collect()
    }

    /// Permissions the integration role may be granted.
    pub fn grantable_to_integration(&self) -> Vec<&str> {
        self.permissions
            .iter()
            .filter(|(_, rule)| rule.roles.contains_key(&Role::Integration))
            .map(|(name, _)| name.as_str())
            .collect()
    }
}

/// The matrix shipped with this build (validated by `prepare` at start-up and by tests).
pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| match Policy::parse(MATRIX_YAML) {
        Ok(policy) => policy,
        // The file is compiled in and checked by a unit test, so this cannot happen in
        // a tested build.
        Err(err) => panic!("{err}"),
    })
}

/// The ids of `root` and every unit below it.
pub fn subtree(conn: &mut DbConnection, root: &str) -> Result<HashSet<String>, ApiError> {
    subtrees(conn, &[root])
}

/// The ids of each of `roots` and every unit below them (one read of the tree).
pub fn subtrees(conn: &mut DbConnection, roots: &[&str]) -> Result<HashSet<String>, ApiError> {
    let edges: Vec<(String, Option<String>)> = units::table
        .select((units::id, units::parent_id))
        .load(conn)?;
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, parent) in &edges {
        if let Some(parent) = parent {
            children
                .entry(parent.as_str())
                .or_default()
                .push(id.as_str());
        }
    }
    let mut found = HashSet::new();
    let mut stack: Vec<&str> = roots.to_vec();
    while let Some(id) = stack.pop() {
        if found.insert(id.to_string()) {
            if let Some(kids) = children.get(id) {
                stack.extend(kids.iter().copied());
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_matrix_is_valid() {
        let policy = Policy::parse(MATRIX_YAML).expect("valid matrix");
        assert_eq!(
            policy.scope(Permission::UnitsManage, &[Role::County]),
            Some(Scope::Subtree)
        );
        assert_eq!(
            policy.scope(Permission::UnitsManage, &[Role::Officer]),
            None
        );
        assert_eq!(
            policy.scope(Permission::UsersRead, &[Role::Section, Role::Bureau]),
            Some(Scope::All),
            "the widest of several roles wins"
        );
        assert!(policy.assignable(&[Role::County]).contains(&Role::Officer));
        assert!(!policy.assignable(&[Role::County]).contains(&Role::Admin));
    }

    #[test]
    fn auditors_cannot_be_given_writes() {
        let bad = MATRIX_YAML.replace(
            "service_accounts.manage:\n    description: Create, edit, disable service accounts and rotate their secrets\n    roles: { admin: all }",
            "service_accounts.manage:\n    description: x\n    roles: { admin: all, auditor: all }",
        );
        assert_ne!(bad, MATRIX_YAML);
        assert!(Policy::parse(&bad).unwrap_err().contains("auditors"));
    }
}
