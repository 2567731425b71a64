//! Service account rows and rules.

use api_types::service_accounts::ServiceAccount;
use api_types::FieldError;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::policy::policy;
use crate::auth::principal::grants_from_column;
use crate::db::schema::service_accounts;
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = service_accounts, treat_none_as_null = true)]
pub struct ServiceAccountRow {
    pub id: String,
    pub client_id: String,
    pub name: String,
    pub description: Option<String>,
    pub unit_id: String,
    pub grants: String,
    pub active: bool,
    pub secret_hash: String,
    pub secret_rotated_at: chrono::NaiveDateTime,
    pub token_version: i64,
    /// Written by token issue, outside the version lock: never by an edit.
    #[diesel(skip_update)]
    pub last_used_at: Option<chrono::NaiveDateTime>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

impl ServiceAccountRow {
    /// The wire form: never the secret hash.
    pub fn to_dto(&self) -> Result<ServiceAccount, ApiError> {
        Ok(ServiceAccount {
            id: stored_uuid(&self.id)?,
            client_id: self.client_id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            unit_id: stored_uuid(&self.unit_id)?,
            grants: grants_from_column(&self.grants),
            active: self.active,
            secret_rotated_at: time::to_utc(self.secret_rotated_at),
            last_used_at: self.last_used_at.map(time::to_utc),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

/// Grants as stored, after checking each is a permission the integration role can hold.
pub fn grants_column(grants: &[String]) -> Result<String, ApiError> {
    let grantable = policy().grantable_to_integration();
    let mut errors = Vec::new();
    for (i, grant) in grants.iter().enumerate() {
        if !grantable.contains(&grant.as_str()) {
            errors.push(FieldError::new(
                format!("grants[{i}]"),
                "unknown_grant",
                format!(
                    "{grant:?} is not a permission service accounts can hold; allowed: {}",
                    grantable.join(", ")
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    let mut sorted: Vec<&str> = grants.iter().map(String::as_str).collect();
    sorted.sort();
    sorted.dedup();
    Ok(sorted.join(","))
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<ServiceAccountRow, ApiError> {
    service_accounts::table
        .find(id.to_string())
        .select(ServiceAccountRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("service account"))
}

pub fn find_by_client_id(
    conn: &mut DbConnection,
    client_id: &str,
) -> Result<Option<ServiceAccountRow>, ApiError> {
    Ok(service_accounts::table
        .filter(service_accounts::client_id.eq(client_id))
        .select(ServiceAccountRow::as_select())
        .first(conn)
        .optional()?)
}
