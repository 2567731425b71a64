//! Progress reports in exports, each with its review history.

use diesel::prelude::*;

use super::model::{histories, ReportRow};
use crate::db::schema::progress_reports;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, progress_reports, updated_at, ReportRow)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let history = histories(conn, &ids)?;
        rows.into_iter()
            .map(|row| {
                let steps = history.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
                Exported::of(&row.to_dto(steps)?, row.id, row.updated_at)
            })
            .collect()
    }
}
