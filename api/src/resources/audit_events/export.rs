//! Audit events in exports: the rows as `GET /audit-events` returns them, in chain order.

use diesel::prelude::*;

use super::chain::AuditRow;
use crate::db::schema::audit_events;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by i64;
    |conn, batch| {
        keyset_rows!(conn, batch, audit_events, occurred_at, AuditRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.occurred_at))
            .collect()
    }
}
