//! Typical cases and bulletins in exports: every case with its private text, the
//! persons it names and its review, and every bulletin issue.

use diesel::prelude::*;

use super::bulletins::BulletinRow;
use super::model::CaseRow;
use crate::db::schema::{case_bulletins, case_submissions};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct CaseExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, case_submissions, updated_at, CaseRow)?;
        let dtos = super::model::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct BulletinExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, case_bulletins, updated_at, BulletinRow)?;
        let dtos = super::bulletins::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
