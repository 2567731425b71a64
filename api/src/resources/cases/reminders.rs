//! What the deadline reminder job asks of typical cases: each section and county bureau
//! that has submitted fewer cases than the quarter's minimum, with the quarter's last
//! day as the deadline (the job reminds them within its lead time).

use api_types::period::Period;
use api_types::units::UnitKind;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::db::schema::{case_submissions, units};
use crate::db::DbConnection;
use crate::error::ApiError;

/// A unit short of the quarter's minimum.
pub struct Short {
    pub unit_id: String,
    pub title: String,
    pub due: NaiveDate,
}

/// The units short of the minimum of the quarter that holds `today`.
pub fn short_units(conn: &mut DbConnection, today: NaiveDate) -> Result<Vec<Short>, ApiError> {
    let quarter = Period::Quarter {
        year: today.year(),
        quarter: (today.month() - 1) / 3 + 1,
    };
    let label = format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1);
    let quota = super::quota::quota(conn, today.year())?;
    if quota.min_per_quarter == 0 {
        return Ok(Vec::new());
    }
    let kinds = [UnitKind::Section.as_str(), UnitKind::CountyBureau.as_str()];
    let submitting: Vec<String> = units::table
        .filter(units::active.eq(true))
        .filter(units::kind.eq_any(kinds))
        .select(units::id)
        .load(conn)?;
    let counted: Vec<String> = case_submissions::table
        .filter(case_submissions::quarter.eq(&label))
        .filter(case_submissions::status.eq_any(super::quota::counted_statuses()))
        .select(case_submissions::unit_id)
        .load(conn)?;
    Ok(submitting
        .into_iter()
        .filter_map(|unit| {
            let n = counted.iter().filter(|u| **u == unit).count();
            (u32::try_from(n).unwrap_or(u32::MAX) < quota.min_per_quarter).then(|| Short {
                title: format!(
                    "{label} 典型案例报送：已报送 {n} 个，每季度至少 {} 个",
                    quota.min_per_quarter
                ),
                unit_id: unit,
                due: quarter.end(),
            })
        })
        .collect())
}
