//! Major decisions in exports, with their procedure steps and evidence files.

use diesel::prelude::*;

use super::model::DecisionRow;
use crate::db::schema::major_decisions;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, major_decisions, updated_at, DecisionRow)?;
        let dtos = super::model::dtos(conn, &rows)?;
        rows.into_iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id, row.updated_at))
            .collect()
    }
}
