//! Power-list adjustments in exports: each adjustment with the item content it set
//! (`PowerAdjustmentRecord`; `content` is null for a repeal).

use api_types::catalog::PowerAdjustmentRecord;
use diesel::prelude::*;

use super::model::{codes, AdjustmentRow};
use crate::db::schema::power_adjustments;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::exports::{keyset_rows, Batch, Exportable, Exported};

pub struct Export;

impl Exportable for Export {
    type Key = String;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, String>,
    ) -> Result<Vec<Exported<String>>, ApiError> {
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
