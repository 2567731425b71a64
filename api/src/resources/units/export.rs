//! Units in exports, inactive ones included.

use diesel::prelude::*;

use super::model::UnitRow;
use crate::db::schema::units;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        keyset_rows!(conn, batch, units, updated_at, UnitRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}
