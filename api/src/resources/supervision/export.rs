//! Supervision notices in exports, with their status on the export's day.

use diesel::prelude::*;

use super::notices::NoticeRow;
use crate::db::schema::supervision_notices;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct NoticeExport by String;
    |conn, batch| {
        keyset_rows!(conn, batch, supervision_notices, updated_at, NoticeRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto(batch.today)?, row.id, row.updated_at))
            .collect()
    }
}
