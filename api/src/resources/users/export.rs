//! User accounts in exports: the wire form, never password hashes.

use diesel::prelude::*;

use super::model::UserRow;
use crate::db::schema::users;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::exports::{keyset_rows, Batch, Exportable, Exported};

pub struct Export;

impl Exportable for Export {
    type Key = String;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, String>,
    ) -> Result<Vec<Exported<String>>, ApiError> {
        keyset_rows!(conn, batch, users, updated_at, UserRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}
