//! Major decisions in exports, with their procedure steps.

use diesel::prelude::*;

use super::model::DecisionRow;
use crate::db::schema::major_decisions;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        keyset_rows!(conn, batch, major_decisions, updated_at, DecisionRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}
