//! Power-list adjustments in exports: each adjustment with the item content it set
//! (`content` is null for a repeal), in recording order within an item.

use diesel::prelude::*;

use super::model::{codes, AdjustmentRow};
use crate::db::schema::power_adjustments;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::exports::{keyset_rows, line, Batch, Exportable, Exported};

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
                let mut value = line(&row.to_adjustment(code)?)?;
                value["content"] = line(&row.content()?)?;
                Ok(Exported {
                    line: value,
                    changed_at: row.recorded_at,
                    key: row.id,
                })
            })
            .collect()
    }
}
