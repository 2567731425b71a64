//! Benchmark: an assessment run (`POST /api/v1/assessment-runs`) for a year over 200
//! county bureaus and 1,000,000 disclosure records (five years) plus a submitted
//! case-file review per unit, beside its floor: the same per-unit aggregates of every
//! source in hand-written GROUP BY SQL through the same pool (what the run must at least
//! read). The run also scores, ranks and stores every unit's trace. Asserts nothing
//! about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench assessment_run` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…`. `BENCH_RECORDS` (default 100000; the case
//! is 1000000) and `BENCH_RUNS` (default 10) tune it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use api::db::Backend;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::bench::env_or;
use enforcement_tests::seed::disclosure_records_over as seed;

/// County bureaus assessed.
const UNITS: usize = 200;
use enforcement_tests::{backend, TestApp, TestServer};

#[derive(QueryableByName)]
#[allow(dead_code)]
struct PerUnit {
    #[diesel(sql_type = diesel::sql_types::Text)]
    unit_id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    hits: i64,
}

/// The floor: one GROUP BY per source over the year.
fn aggregates(conn: &mut api::db::DbConnection, from: &str, to: &str) -> usize {
    let within = match conn.backend() {
        Backend::Sqlite => "julianday(publication_date) - julianday(decision_date) <= 9",
        Backend::Postgres => "publication_date - decision_date <= 9",
    };
    let queries = [
        format!(
            "SELECT issuing_unit_id AS unit_id, COUNT(*) AS n, \
             CAST(SUM(CASE WHEN publication_date IS NOT NULL AND {within} THEN 1 ELSE 0 END) AS BIGINT) AS hits \
             FROM disclosure_records WHERE decision_date BETWEEN '{from}' AND '{to}' AND status <> 'withdrawn' \
             GROUP BY issuing_unit_id"
        ),
        format!(
            "SELECT unit_id, COUNT(*) AS n, CAST(SUM(CASE WHEN grade = 'fail' THEN 1 ELSE 0 END) AS BIGINT) AS hits \
             FROM case_reviews WHERE status = 'submitted' AND reviewed_on BETWEEN '{from}' AND '{to}' GROUP BY unit_id"
        ),
        format!(
            "SELECT unit_id, COUNT(*) AS n, CAST(SUM(CASE WHEN first_submitted_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS hits \
             FROM statistics_reports WHERE due_date BETWEEN '{from}' AND '{to}' GROUP BY unit_id"
        ),
        format!(
            "SELECT unit_id, COUNT(*) AS n, CAST(SUM(CASE WHEN replied_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS hits \
             FROM supervision_notices WHERE reply_deadline BETWEEN '{from}' AND '{to}' GROUP BY unit_id"
        ),
        format!(
            "SELECT unit_id, COUNT(*) AS n, CAST(SUM(CASE WHEN completed_on IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS hits \
             FROM implementation_items WHERE due_date BETWEEN '{from}' AND '{to}' GROUP BY unit_id"
        ),
        format!(
            "SELECT unit_id, COUNT(*) AS n, COUNT(*) AS hits FROM case_outcomes \
             WHERE decided_on BETWEEN '{from}' AND '{to}' AND result IN ('revoked', 'altered', 'confirmed_illegal') GROUP BY unit_id"
        ),
        "SELECT unit_id, COUNT(*) AS n, COUNT(*) AS hits FROM case_submissions \
         WHERE quarter LIKE '2023-%' GROUP BY unit_id"
            .to_string(),
        format!(
            "SELECT r.unit_id, COUNT(*) AS n, CAST(SUM(CASE WHEN r.passed THEN 1 ELSE 0 END) AS BIGINT) AS hits \
             FROM quiz_results r JOIN quiz_sessions s ON s.id = r.session_id \
             WHERE s.closes_at BETWEEN '{from}' AND '{to}' GROUP BY r.unit_id"
        ),
        format!(
            "SELECT u.unit_id, COUNT(*) AS n, COUNT(*) AS hits FROM training_attendance a \
             JOIN training_sessions s ON s.id = a.session_id JOIN users u ON u.id = a.user_id \
             WHERE s.starts_at BETWEEN '{from}' AND '{to}' GROUP BY u.unit_id"
        ),
        "SELECT unit_id, COUNT(*) AS n, COUNT(*) AS hits FROM veto_events WHERE year = 2023 GROUP BY unit_id".to_string(),
    ];
    let mut rows = 0;
    for sql in queries {
        rows += diesel::sql_query(sql).load::<PerUnit>(conn).unwrap().len();
    }
    rows
}

fn mean(times: &[Duration]) -> f64 {
    times.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / times.len() as f64
}

fn main() {
    let count: usize = env_or("BENCH_RECORDS", 100_000);
    let runs: usize = env_or("BENCH_RUNS", 10);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 4;
        c.http_workers = 2;
    });
    let seeding = Instant::now();
    let units = {
        let mut conn = t.state.pool.get().unwrap();
        seed(&mut conn, count, UNITS)
    };
    let seed_time = seeding.elapsed();
    let bureau = t.add_user("bench.city", "CITY", &[Role::Bureau]);
    let reviewer = t.add_user("bench.reviewer", "CITY-LAW", &[Role::Section]);
    let server = TestServer::start(t.state.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    // One submitted review per unit, dated in the quarter.
    runtime.block_on(async {
        for unit in &units {
            let body = serde_json::json!({"unit_id": unit, "file_title": "基准案卷", "file_number": "卷1", "round": "基准"});
            let opened: serde_json::Value = client
                .post(server.url("/api/v1/case-reviews"))
                .bearer_auth(&reviewer.access_token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let uri = server.url(&format!("/api/v1/case-reviews/{}", opened["id"].as_str().unwrap()));
            let findings = serde_json::json!({"findings": [{"item": "F4"}], "reviewed_on": "2023-05-10"});
            let saved = client.put(&uri).bearer_auth(&reviewer.access_token).header("If-Match", "\"1\"").json(&findings).send().await.unwrap();
            assert_eq!(saved.status(), 200);
            let submitted = client
                .post(format!("{uri}/submit"))
                .bearer_auth(&reviewer.access_token)
                .header("If-Match", "\"2\"")
                .send()
                .await
                .unwrap();
            assert_eq!(submitted.status(), 200);
        }
    });
    println!(
        "assessment run of 2023 on {}: {UNITS} county bureaus, {count} disclosure records over five years, a review per unit (seeded in {:.1} s)",
        backend().as_str(),
        seed_time.as_secs_f64()
    );
    println!("{runs} runs one after another, 2 server workers\n");
    let mut ours = Vec::new();
    runtime.block_on(async {
        for _ in 0..runs {
            let started = Instant::now();
            let reply = client
                .post(server.url("/api/v1/assessment-runs"))
                .bearer_auth(&bureau.access_token)
                .json(&serde_json::json!({"period": "2023"}))
                .send()
                .await
                .unwrap();
            assert_eq!(reply.status(), 201);
            let run: serde_json::Value = reply.json().await.unwrap();
            ours.push(started.elapsed());
            assert!(run["results"].as_array().unwrap().len() >= UNITS);
        }
    });
    let mut floor = Vec::new();
    for _ in 0..runs {
        let mut conn = t.state.pool.get().unwrap();
        let started = Instant::now();
        let rows = aggregates(&mut conn, "2023-01-01", "2023-12-31");
        floor.push(started.elapsed());
        assert!(rows >= UNITS);
    }
    println!("{:<28} {:>9}", "case", "mean ms");
    println!("{:<28} {:>9.1}", "ours (HTTP, scored, stored)", mean(&ours));
    println!("{:<28} {:>9.1}", "floor (aggregate SQL)", mean(&floor));
    println!("ours / floor: {:.2}", mean(&ours) / mean(&floor));
}
