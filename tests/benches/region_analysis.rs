//! Benchmark: the city bureau's region table (`GET /api/v1/statistics/region`) over 60
//! county bureaus × 60 months of accepted monthly reports and the disclosure records
//! their computed figures come from, beside its floor: the same data read by the
//! aggregate SQL alone (the period's reports, the neighbour periods' and one GROUP BY
//! over the month's decisions), through the same pool. Asserts nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench region_analysis` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…`. `BENCH_RECORDS` (default 100000; the case
//! is 1000000), `BENCH_SECONDS` (default 5) and `BENCH_CLIENTS` (default 16) tune it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use api::db::schema::{statistics_reports, statistics_templates};
use api::resources::statistics::model::ReportRow;
use api_types::statistics::StatisticsStatus;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::bench::{env_or, floor, hammer};
use enforcement_tests::seed::{disclosure_records as seed, UNITS};
use enforcement_tests::{backend, TestApp, TestServer};

const MONTHS: u32 = 60;

/// 60 months from January 2020 of accepted monthly reports for every unit (the report
/// rows carry every manual figure of the template).
fn seed_reports(conn: &mut api::db::DbConnection, units: &[String]) {
    let template: (String, String) = statistics_templates::table
        .filter(statistics_templates::code.eq("monthly"))
        .select((statistics_templates::id, statistics_templates::definition))
        .first(conn)
        .unwrap();
    let definition: api_types::statistics::TemplateDefinition =
        serde_json::from_str(&template.1).unwrap();
    let now = api::time::now();
    let mut rows = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        for m in 0..MONTHS {
            let (year, month) = (2020 + (m / 12) as i32, m % 12 + 1);
            let figures: std::collections::BTreeMap<String, f64> = definition
                .columns()
                .filter(|c| c.kind == api_types::statistics::ColumnKind::Manual)
                .enumerate()
                .map(|(i, c)| (c.key.clone(), ((u + i + m as usize) % 40) as f64))
                .collect();
            let start = chrono::NaiveDate::from_ymd_opt(year, month, 1).unwrap();
            rows.push(ReportRow {
                id: api::time::new_id(),
                unit_id: unit.clone(),
                template_id: template.0.clone(),
                template_code: "monthly".into(),
                period_kind: "month".into(),
                period: format!("{year:04}-{month:02}"),
                period_start: start,
                due_date: start + chrono::Duration::days(40),
                status: StatisticsStatus::Accepted.as_str().into(),
                figures: serde_json::to_string(&figures).unwrap(),
                explanation: None,
                return_comment: None,
                returned_fields: "[]".into(),
                revision: 1,
                correction_reason: None,
                first_submitted_at: Some(now),
                submitted_at: Some(now),
                accepted_at: Some(now),
                reviewed_by: None,
                created_by: "bench".into(),
                version: 3,
                created_at: now,
                updated_at: now,
            });
        }
    }
    // One statement per row (the connection is multi-backend, which has no batch
    // insert), in one transaction.
    conn.transaction(|conn| {
        for row in &rows {
            diesel::insert_into(statistics_reports::table)
                .values(row)
                .execute(conn)?;
        }
        diesel::QueryResult::Ok(())
    })
    .unwrap();
}

/// The floor: what the region table reads, by the aggregate SQL alone.
fn region_sql(
    conn: &mut api::db::DbConnection,
    period: &str,
    neighbours: &[&str],
    month: (chrono::NaiveDate, chrono::NaiveDate),
) {
    for p in std::iter::once(&period).chain(neighbours) {
        let rows: Vec<String> = statistics_reports::table
            .filter(statistics_reports::template_code.eq("monthly"))
            .filter(statistics_reports::period.eq(*p))
            .select(statistics_reports::figures)
            .load(conn)
            .unwrap();
        assert!(!rows.is_empty());
    }
    #[derive(QueryableByName)]
    #[allow(dead_code)]
    struct Agg {
        #[diesel(sql_type = diesel::sql_types::Text)]
        issuing_unit_id: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        fen: i64,
    }
    let by_unit: Vec<Agg> = diesel::sql_query(format!(
        "SELECT issuing_unit_id, COUNT(*) AS n, \
         CAST(COALESCE(SUM(COALESCE(fine_fen, 0) + COALESCE(confiscated_fen, 0)), 0) AS BIGINT) AS fen \
         FROM disclosure_records WHERE decision_date BETWEEN '{}' AND '{}' AND status <> 'withdrawn' \
         GROUP BY issuing_unit_id",
        month.0, month.1
    ))
    .load(conn)
    .unwrap();
    assert!(!by_unit.is_empty());
}

fn main() {
    let count: usize = env_or("BENCH_RECORDS", 100_000);
    let seconds: u64 = env_or("BENCH_SECONDS", 5);
    let clients: usize = env_or("BENCH_CLIENTS", 16);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 16;
        c.http_workers = 2;
    });
    let seeding = Instant::now();
    let units = {
        let mut conn = t.state.pool.get().unwrap();
        let units = seed(&mut conn, count);
        seed_reports(&mut conn, &units);
        units
    };
    let seed_time = seeding.elapsed();
    let bureau = t.add_user("bench.city", "CITY", &[Role::Bureau]);
    let server = TestServer::start(t.state.clone());
    let period = "2023-06";
    let url = server.url(&format!(
        "/api/v1/statistics/region?template_code=monthly&period={period}"
    ));
    println!(
        "region table on {}: {UNITS} county bureaus x {MONTHS} months of accepted reports, {count} disclosure records (seeded in {:.1} s)",
        backend().as_str(),
        seed_time.as_secs_f64()
    );
    println!("{clients} concurrent clients, {seconds} s per case, 2 server workers, pool of 16\n");
    println!(
        "{:<22} {:>9} {:>9} {:>9}",
        "case", "req/s", "mean ms", "p99 ms"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let ours = runtime.block_on(hammer(&url, Some(&bureau.access_token), seconds, clients));
    let month = (
        chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
    );
    let floor = floor(&t.state.pool, seconds, clients, move |conn| {
        region_sql(conn, period, &["2023-05", "2022-06"], month)
    });
    println!("{:<22} {}", "ours (HTTP)", ours.columns());
    println!("{:<22} {}", "floor (SQL alone)", floor.columns());
    println!("ours / floor: {:.2}", ours.per_second / floor.per_second);
    let _ = units;
}
