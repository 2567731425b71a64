//! Benchmark rows and the version in force on a day.

use api_types::catalog::{DiscretionBenchmark, DiscretionFactor, DiscretionTier, FactorDirection};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{discretion_benchmarks, discretion_factors, discretion_tiers};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = discretion_benchmarks)]
pub struct BenchmarkRow {
    pub id: String,
    pub power_item_id: String,
    pub version_no: i32,
    pub effective_from: NaiveDate,
    pub legal_basis: String,
    pub notes: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

/// A benchmark with its tiers and factors; `effective_to` from the next version.
pub fn assemble(
    conn: &mut DbConnection,
    row: &BenchmarkRow,
) -> Result<DiscretionBenchmark, ApiError> {
    type TierRow = (
        String,
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
        bool,
    );
    let tiers: Vec<TierRow> = discretion_tiers::table
        .filter(discretion_tiers::benchmark_id.eq(&row.id))
        .order(discretion_tiers::position.asc())
        .select((
            discretion_tiers::code,
            discretion_tiers::name,
            discretion_tiers::conditions,
            discretion_tiers::fine_min_fen,
            discretion_tiers::fine_max_fen,
            discretion_tiers::other_measures,
            discretion_tiers::no_penalty,
        ))
        .load(conn)?;
    let factors: Vec<(String, String, String)> = discretion_factors::table
        .filter(discretion_factors::benchmark_id.eq(&row.id))
        .order(discretion_factors::position.asc())
        .select((
            discretion_factors::code,
            discretion_factors::name,
            discretion_factors::direction,
        ))
        .load(conn)?;
    let next: Option<NaiveDate> = discretion_benchmarks::table
        .filter(discretion_benchmarks::power_item_id.eq(&row.power_item_id))
        .filter(discretion_benchmarks::effective_from.gt(row.effective_from))
        .select(diesel::dsl::min(discretion_benchmarks::effective_from))
        .first(conn)?;
    Ok(DiscretionBenchmark {
        id: stored_uuid(&row.id)?,
        power_item_id: stored_uuid(&row.power_item_id)?,
        version_no: row.version_no,
        effective_from: row.effective_from,
        effective_to: next.and_then(|d| d.pred_opt()),
        legal_basis: row.legal_basis.clone(),
        notes: row.notes.clone(),
        tiers: tiers
            .into_iter()
            .map(
                |(
                    code,
                    name,
                    conditions,
                    fine_min_fen,
                    fine_max_fen,
                    other_measures,
                    no_penalty,
                )| DiscretionTier {
                    code,
                    name,
                    conditions,
                    fine_min_fen,
                    fine_max_fen,
                    other_measures,
                    no_penalty,
                },
            )
            .collect(),
        factors: factors
            .into_iter()
            .map(|(code, name, direction)| DiscretionFactor {
                code,
                name,
                direction: if direction == "aggravating" {
                    FactorDirection::Aggravating
                } else {
                    FactorDirection::Mitigating
                },
            })
            .collect(),
        created_at: time::to_utc(row.created_at),
    })
}

/// The version of the item's benchmark in force on `day`.
pub fn in_force(
    conn: &mut DbConnection,
    power_item_id: &str,
    day: NaiveDate,
) -> Result<Option<DiscretionBenchmark>, ApiError> {
    let row: Option<BenchmarkRow> = discretion_benchmarks::table
        .filter(discretion_benchmarks::power_item_id.eq(power_item_id))
        .filter(discretion_benchmarks::effective_from.le(day))
        .order(discretion_benchmarks::effective_from.desc())
        .select(BenchmarkRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| assemble(conn, &r)).transpose()
}
