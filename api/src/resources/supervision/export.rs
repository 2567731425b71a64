//! Supervision notices in exports, with their status on the export's day.

use diesel::prelude::*;

use super::notices::NoticeRow;
use crate::db::schema::supervision_notices;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::exports::{keyset_rows, Batch, Exportable, Exported};

pub struct NoticeExport;

impl Exportable for NoticeExport {
    type Key = String;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, String>,
    ) -> Result<Vec<Exported<String>>, ApiError> {
        keyset_rows!(conn, batch, supervision_notices, updated_at, NoticeRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto(batch.today)?, row.id, row.updated_at))
            .collect()
    }
}
