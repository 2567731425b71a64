//! Progress reports in exports, each with its review history and evidence files.

use api_types::audit::ResourceKind;
use diesel::prelude::*;

use super::model::{histories, ReportRow};
use crate::db::schema::progress_reports;
use crate::resources::attachments::model as attachments;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, progress_reports, updated_at, ReportRow)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let history = histories(conn, &ids)?;
        let files = attachments::of_owners(conn, ResourceKind::ProgressReport, &ids)?;
        rows.into_iter()
            .map(|row| {
                let steps = history.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
                let evidence = files.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
                Exported::of(&row.to_dto(steps, evidence)?, row.id, row.updated_at)
            })
            .collect()
    }
}
