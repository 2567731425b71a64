//! Training data in exports: events with their sessions, and every enrolment.

use diesel::prelude::*;

use super::model::{EnrolmentRow, EventRow};
use crate::db::schema::{training_enrolments, training_events};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct EventExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, training_events, updated_at, EventRow)?;
        let dtos = super::model::event_dtos(conn, &rows, crate::time::now())?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct EnrolmentExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, training_enrolments, updated_at, EnrolmentRow)?;
        let dtos = super::enrolments::enrolment_dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
