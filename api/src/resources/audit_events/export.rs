//! Audit events in exports: the rows as `GET /audit-events` returns them, in chain order.

use diesel::prelude::*;

use super::chain::AuditRow;
use crate::db::schema::audit_events;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::exports::{keyset_rows, Batch, Exportable, Exported};

pub struct Export;

impl Exportable for Export {
    type Key = i64;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, i64>,
    ) -> Result<Vec<Exported<i64>>, ApiError> {
        keyset_rows!(conn, batch, audit_events, occurred_at, AuditRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.occurred_at))
            .collect()
    }
}
