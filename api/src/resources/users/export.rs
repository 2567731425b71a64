//! User accounts in exports: the wire form, never password hashes.

use diesel::prelude::*;

use super::model::UserRow;
use crate::db::schema::users;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        keyset_rows!(conn, batch, users, updated_at, UserRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}
