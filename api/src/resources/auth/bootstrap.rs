//! Creating the first administrator, with no built-in default password.
//!
//! While the database has no users, start-up stores the hash of a one-time bootstrap
//! token: `BOOTSTRAP_TOKEN` when set, otherwise a random token written to
//! `BOOTSTRAP_TOKEN_FILE` (readable only by the server's account), never to the log.
//! `POST /api/v1/auth/bootstrap` with that token creates the administrator and deletes
//! the token. Operators with shell access can use `api create-admin` instead.

use std::path::Path;

use api_types::audit::ResourceKind;
use api_types::Role;
use diesel::prelude::*;

use crate::auth::secrets::{constant_time_eq, random_token, sha256_hex};
use crate::config::Config;
use crate::db::schema::{server_secrets, units};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::write;
use crate::resources::audit_events::Change;
use crate::resources::units::seed::CITY_BUREAU;
use crate::resources::users::model::{count as count_users, create_user, UserRow};
use crate::time;

const SECRET_NAME: &str = "bootstrap_token_sha256";

/// Where the bootstrap token is, when one is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootstrapState {
    /// Users exist; bootstrap is closed.
    Closed,
    /// Waiting for `BOOTSTRAP_TOKEN`.
    FromEnvironment,
    /// Waiting for the token written to this file.
    InFile(std::path::PathBuf),
}

/// Prepares the bootstrap token at start-up when there are no users.
pub fn prepare(conn: &mut DbConnection, config: &Config) -> Result<BootstrapState, String> {
    if count_users(conn).map_err(|e| e.to_string())? > 0 {
        // A stale token must not outlive the first administrator.
        let _ = diesel::delete(server_secrets::table.find(SECRET_NAME)).execute(conn);
        return Ok(BootstrapState::Closed);
    }
    let (token, state) = match &config.bootstrap_token {
        Some(token) => (token.clone(), BootstrapState::FromEnvironment),
        None => {
            let token = random_token("bt_").map_err(|e| e.to_string())?;
            write_private(&config.bootstrap_token_file, &token).map_err(|e| {
                format!(
                    "cannot write {}: {e}",
                    config.bootstrap_token_file.display()
                )
            })?;
            (
                token,
                BootstrapState::InFile(config.bootstrap_token_file.clone()),
            )
        }
    };
    let hash = sha256_hex(&token);
    let now = time::now();
    diesel::delete(server_secrets::table.find(SECRET_NAME))
        .execute(conn)
        .map_err(|e| e.to_string())?;
    diesel::insert_into(server_secrets::table)
        .values((
            server_secrets::name.eq(SECRET_NAME),
            server_secrets::value.eq(hash),
            server_secrets::created_at.eq(now),
        ))
        .execute(conn)
        .map_err(|e| e.to_string())?;
    Ok(state)
}

fn write_private(path: &Path, token: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    std::io::Write::write_all(&mut options.open(path)?, format!("{token}\n").as_bytes())
}

/// True when `presented` is the current bootstrap token (and there are still no users).
pub fn accept(conn: &mut DbConnection, presented: &str) -> Result<bool, ApiError> {
    if count_users(conn)? > 0 {
        return Ok(false);
    }
    let stored: Option<String> = server_secrets::table
        .find(SECRET_NAME)
        .select(server_secrets::value)
        .first(conn)
        .optional()?;
    Ok(stored.is_some_and(|hash| constant_time_eq(&hash, &sha256_hex(presented))))
}

/// Closes bootstrap after the first administrator exists.
pub fn close(conn: &mut DbConnection, config: &Config) -> Result<(), ApiError> {
    diesel::delete(server_secrets::table.find(SECRET_NAME)).execute(conn)?;
    let _ = std::fs::remove_file(&config.bootstrap_token_file);
    Ok(())
}

/// Creates an administrator at the city bureau and closes bootstrap: the first-run page
/// (`POST /auth/bootstrap`) and `api create-admin` both end here.
pub fn create_first_admin(
    conn: &mut DbConnection,
    login: &str,
    name: &str,
    password_hash: String,
    config: &Config,
) -> Result<UserRow, ApiError> {
    let city: String = units::table
        .filter(units::code.eq(CITY_BUREAU))
        .select(units::id)
        .first(conn)?;
    let row = create_user(conn, login, name, &city, &[Role::Admin], password_hash)?;
    close(conn, config)?;
    Ok(row)
}

/// `api create-admin`: an administrator created on the server's console, audited as
/// done by the system through the one write path.
pub fn create_admin(
    conn: &mut DbConnection,
    login: &str,
    name: &str,
    password: &str,
    config: &Config,
) -> Result<String, ApiError> {
    let hash = crate::auth::password::hash(password)?;
    let actor = crate::auth::Actor::system("create-admin");
    write::audited(conn, &actor, |conn| {
        let row = create_first_admin(conn, login, name, hash, config)?;
        let change = Change::created(ResourceKind::User, &row.id, &row.to_dto()?);
        Ok((row.login, vec![change]))
    })
}
