//! Case outcomes and veto events in exports.

use diesel::prelude::*;

use super::model::{OutcomeRow, VetoRow};
use crate::db::schema::{case_outcomes, veto_events};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct OutcomeExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, case_outcomes, updated_at, OutcomeRow)?;
        let dtos = super::model::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct VetoExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, veto_events, updated_at, VetoRow)?;
        let dtos = super::model::veto_dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
