//! The public power list's filters, and the adjustments' listing (see `db::list`). The
//! list itself is computed as of a day from the adjustments, so it is paged in memory.

use api_types::catalog::{PowerAdjustment, PowerCategory};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, AdjustmentRow};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::power_adjustments;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/public/power-items`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PowerFilter {
    /// The list as in force on this day (default: today, Asia/Shanghai).
    pub as_of: Option<NaiveDate>,
    pub category: Option<PowerCategory>,
    /// Items this unit is responsible for.
    pub unit_id: Option<Uuid>,
    /// Text in the code, name or legal basis.
    pub q: Option<String>,
}

impl ListFilter for PowerFilter {
    const SORT_FIELDS: &'static [&'static str] = &["code", "name"];
    const DEFAULT_SORT: &'static str = "code";
}

/// Filters of `GET /api/v1/public/power-adjustments`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AdjustmentFilter {
    pub item_id: Option<Uuid>,
    /// Effective on or after this day.
    pub from: Option<NaiveDate>,
    /// Effective on or before this day.
    pub to: Option<NaiveDate>,
}

impl ListFilter for AdjustmentFilter {
    const SORT_FIELDS: &'static [&'static str] = &["effective_from"];
    const DEFAULT_SORT: &'static str = "-effective_from";
}

/// The log of adjustments, newest effective day first.
pub struct AdjustmentList;

impl Listing for AdjustmentList {
    crate::listing_source!(power_adjustments::table, AdjustmentRow);
    type Filter = AdjustmentFilter;
    type Context = ();
    type Item = PowerAdjustment;

    fn filter(
        f: &AdjustmentFilter,
        _: &(),
        terms: &mut Where<power_adjustments::table>,
    ) -> Result<(), ApiError> {
        if let Some(item) = f.item_id {
            terms.and(power_adjustments::item_id.eq(item.to_string()));
        }
        if let Some(from) = f.from {
            terms.and(power_adjustments::effective_from.ge(from));
        }
        if let Some(to) = f.to {
            terms.and(power_adjustments::effective_from.le(to));
        }
        Ok(())
    }

    fn columns() -> Columns<power_adjustments::table> {
        // Adjustments are never edited: "updated" means "recorded".
        Columns::new(power_adjustments::id, power_adjustments::recorded_at)
            .sort("effective_from", power_adjustments::effective_from)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<AdjustmentRow>,
        _: &(),
    ) -> Result<Vec<PowerAdjustment>, ApiError> {
        let codes = model::codes(conn)?;
        rows.iter()
            .map(|r| {
                r.to_adjustment(
                    codes
                        .get(&r.item_id)
                        .map(String::as_str)
                        .unwrap_or_default(),
                )
            })
            .collect()
    }
}
