//! Contest data in exports: contests with their panels, and every entry with its
//! published result.

use diesel::prelude::*;

use super::model::{ContestRow, EntryRow};
use crate::db::schema::{contest_entries, contests};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct ContestExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, contests, updated_at, ContestRow)?;
        let dtos = super::model::contest_dtos(conn, None, &rows, crate::time::now())?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct EntryExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, contest_entries, updated_at, EntryRow)?;
        let dtos = super::model::entry_dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
