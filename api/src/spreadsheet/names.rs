//! The names a sheet shows instead of ids (a workbook is read by people, not systems).
//! The tables are small (units, users, service accounts), so each is loaded whole once
//! per export.

use std::collections::HashMap;

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{service_accounts, units, users};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;

/// Id → name.
pub type Names = HashMap<Uuid, String>;

fn by_id(rows: Vec<(String, String)>) -> Result<Names, ApiError> {
    rows.into_iter()
        .map(|(id, name)| Ok((stored_uuid(&id)?, name)))
        .collect()
}

/// Unit id → name.
pub fn units(conn: &mut DbConnection) -> Result<Names, ApiError> {
    by_id(units::table.select((units::id, units::name)).load(conn)?)
}

/// User id → name.
pub fn users(conn: &mut DbConnection) -> Result<Names, ApiError> {
    by_id(users::table.select((users::id, users::name)).load(conn)?)
}

/// Service account id → name.
pub fn service_accounts(conn: &mut DbConnection) -> Result<Names, ApiError> {
    by_id(
        service_accounts::table
            .select((service_accounts::id, service_accounts::name))
            .load(conn)?,
    )
}

/// The names of `ids` in `names`, joined with `、`.
pub fn joined(names: &Names, ids: &[Uuid]) -> String {
    ids.iter()
        .filter_map(|id| names.get(id).map(String::as_str))
        .collect::<Vec<_>>()
        .join("、")
}
