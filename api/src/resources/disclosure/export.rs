//! Disclosure records in exports: the private form (parties unmasked, as
//! `GET /disclosure-records` gives it), with timeliness on the export's day.

use diesel::prelude::*;

use super::model::RecordRow;
use crate::db::schema::disclosure_records;
use crate::resources::calendar;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, disclosure_records, updated_at, RecordRow)?;
        let cal = calendar::load(conn)?;
        rows.into_iter()
            .map(|row| Exported::of(&row.to_dto(&cal, batch.today)?, row.id, row.updated_at))
            .collect()
    }
}
