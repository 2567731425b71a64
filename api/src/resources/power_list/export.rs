//! Power-list adjustments in exports: each adjustment with the item content it set
//! (`PowerAdjustmentRecord`; `content` is null for a repeal).

use api_types::catalog::PowerAdjustmentRecord;
use diesel::prelude::*;

use super::model::{codes, AdjustmentRow};
use crate::db::schema::power_adjustments;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, power_adjustments, recorded_at, AdjustmentRow)?;
        let codes = codes(conn)?;
        rows.into_iter()
            .map(|row| {
                let code = codes
                    .get(&row.item_id)
                    .map(String::as_str)
                    .unwrap_or_default();
                let record = PowerAdjustmentRecord {
                    adjustment: row.to_adjustment(code)?,
                    content: row.content()?,
                };
                Exported::of(&record, row.id, row.recorded_at)
            })
            .collect()
    }
}
