//! Degrees in exports: every recorded degree with its verification and reward.

use diesel::prelude::*;

use super::model::DegreeRow;
use crate::db::schema::degrees;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, degrees, updated_at, DegreeRow)?;
        let dtos = super::model::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
