//! Risk assessments in exports (cleared and needs-attention as of the export's day).

use diesel::prelude::*;

use super::model::AssessmentRow;
use crate::db::schema::risk_assessments;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let today = crate::time::today();
        keyset_rows!(conn, batch, risk_assessments, updated_at, AssessmentRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto(today)?, row.id, row.updated_at))
            .collect()
    }
}
