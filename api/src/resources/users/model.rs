//! User rows, queries and rules.

use api_types::users::User;
use api_types::Role;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::policy::policy;
use crate::auth::principal::{roles_from_column, roles_to_column};
use crate::auth::Principal;
use crate::db::schema::{units, users};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct UserRow {
    pub id: String,
    pub login: String,
    pub name: String,
    pub unit_id: String,
    pub roles: String,
    pub active: bool,
    pub password_hash: String,
    pub token_version: i64,
    /// Written by sign-in, outside the version lock: never by an edit.
    #[diesel(skip_update)]
    pub last_login_at: Option<chrono::NaiveDateTime>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// Set by a temporary password; cleared when the user sets their own.
    pub must_change_password: bool,
}

impl UserRow {
    pub fn roles(&self) -> Result<Vec<Role>, ApiError> {
        roles_from_column(&self.roles)
    }

    /// The wire form: never the password hash or token version.
    pub fn to_dto(&self) -> Result<User, ApiError> {
        Ok(User {
            id: stored_uuid(&self.id)?,
            login: self.login.clone(),
            name: self.name.clone(),
            unit_id: stored_uuid(&self.unit_id)?,
            roles: self.roles()?,
            active: self.active,
            last_login_at: self.last_login_at.map(time::to_utc),
            must_change_password: self.must_change_password,
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<UserRow, ApiError> {
    users::table
        .find(id.to_string())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("user"))
}

pub fn find_by_login(conn: &mut DbConnection, login: &str) -> Result<Option<UserRow>, ApiError> {
    Ok(users::table
        .filter(users::login.eq(login.trim().to_lowercase()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// 403 unless `principal` may give every role in `roles` (and so manage their holder).
pub fn check_assignable(principal: &Principal, roles: &[Role]) -> Result<(), ApiError> {
    let allowed = policy().assignable(&principal.roles);
    match roles.iter().find(|r| !allowed.contains(r)) {
        None => Ok(()),
        Some(role) => Err(ApiError::new(
            api_types::ErrorCode::Forbidden,
            format!("you may not manage holders of the role {role}"),
        )),
    }
}

/// Inserts a user after checking the unit exists and is active and the login is free.
/// `password_hash` must already be an argon2 hash.
pub fn create_user(
    conn: &mut DbConnection,
    login: &str,
    name: &str,
    unit_id: &str,
    roles: &[Role],
    password_hash: String,
) -> Result<UserRow, ApiError> {
    let unit_active: Option<bool> = units::table
        .find(unit_id)
        .select(units::active)
        .first(conn)
        .optional()?;
    match unit_active {
        None => return Err(ApiError::rule("unit_id", "unknown_unit", "no such unit")),
        Some(false) => {
            return Err(ApiError::rule(
                "unit_id",
                "inactive_unit",
                "the unit is deactivated",
            ))
        }
        Some(true) => {}
    }
    let login = login.trim().to_lowercase();
    if find_by_login(conn, &login)?.is_some() {
        return Err(ApiError::duplicate(
            "login",
            format!("the login {login} is already taken"),
        ));
    }
    let now = time::now();
    let row = UserRow {
        id: time::new_id(),
        login,
        name: name.trim().to_string(),
        unit_id: unit_id.to_string(),
        roles: roles_to_column(roles),
        active: true,
        password_hash,
        token_version: 1,
        last_login_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
        must_change_password: false,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn count(conn: &mut DbConnection) -> Result<i64, ApiError> {
    Ok(users::table.count().get_result(conn)?)
}
