//! Benchmark: the public disclosure list over 1,000,000 records. Prints throughput for
//! page 1 and for filtered deep pages, then streams the whole table through
//! `GET /exports/disclosure-records` and prints rows/s, MB/s and the server process's
//! memory growth meanwhile; asserts nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench public_disclosure` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…` for PostgreSQL. `BENCH_RECORDS` (default 1000000),
//! `BENCH_SECONDS` per case (default 10) and `BENCH_CLIENTS` (default 8) tune it. Page 1
//! is also read against its floor: the same queries through the same pool, no HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use api::db::schema::{disclosure_records, public_disclosure_counts, units};
use api::db::DbConnection;
use api::resources::disclosure::model::RecordRow;
use diesel::prelude::*;
use enforcement_tests::bench::{env_or, floor, hammer};
use enforcement_tests::seed::rss_bytes;
use enforcement_tests::seed::{disclosure_records as seed, UNITS};
use enforcement_tests::{TestApp, TestServer};

/// The floor of page 1: the queries the handler sends (the total from the kept counts,
/// the page's ids from the partial index, those rows, the unit names), nothing else.
fn page_one_sql(conn: &mut DbConnection) {
    let total: i64 = public_disclosure_counts::table
        .select(public_disclosure_counts::n)
        .load::<i64>(conn)
        .unwrap()
        .into_iter()
        .sum();
    let public = diesel::dsl::sql::<diesel::sql_types::Bool>(
        "disclosure_records.status IN ('published', 'corrected')",
    );
    let order = (
        disclosure_records::publication_date.desc(),
        disclosure_records::id.desc(),
    );
    let ids: Vec<String> = disclosure_records::table
        .filter(public)
        .order(order)
        .select(disclosure_records::id)
        .limit(20)
        .load(conn)
        .unwrap();
    let rows: Vec<RecordRow> = disclosure_records::table
        .filter(disclosure_records::id.eq_any(ids))
        .order(order)
        .select(RecordRow::as_select())
        .load(conn)
        .unwrap();
    let names: Vec<(String, String)> = units::table
        .select((units::id, units::name))
        .load(conn)
        .unwrap();
    assert!(total > 0 && rows.len() == 20 && !names.is_empty());
}

fn main() {
    let count: usize = env_or("BENCH_RECORDS", 1_000_000);
    let seconds: u64 = env_or("BENCH_SECONDS", 10);
    let clients: usize = env_or("BENCH_CLIENTS", 8);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 16;
        c.http_workers = 2;
    });
    let seeding = Instant::now();
    let units = {
        let mut conn = t.state.pool.get().unwrap();
        seed(&mut conn, count)
    };
    let seed_time = seeding.elapsed();
    let auditor = t.add_user("bench.auditor", "CITY", &[api_types::Role::Auditor]);
    let server = TestServer::start(t.state.clone());
    let backend = enforcement_tests::backend().as_str();
    let unit = &units[7];
    // Every seeded unit decides on every day: any month has records of unit 7.
    let month = (chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
        + chrono::Duration::days(847))
    .format("%Y-%m")
    .to_string();
    let cases = [
        (
            "page 1 (all published, newest first)",
            "/api/v1/public/disclosure-records?per_page=20".to_string(),
        ),
        (
            "deep page 2500 (offset 50,000)",
            "/api/v1/public/disclosure-records?per_page=20&page=2500".to_string(),
        ),
        (
            "unit filter, deep page 500",
            format!("/api/v1/public/disclosure-records?unit_id={unit}&per_page=20&page=500"),
        ),
        (
            "unit + month filter, page 1",
            format!("/api/v1/public/disclosure-records?unit_id={unit}&month={month}&per_page=20"),
        ),
        (
            "cause filter (text), page 10",
            "/api/v1/public/disclosure-records?cause=%E5%8D%A0%E9%81%93&per_page=20&page=10"
                .to_string(),
        ),
    ];
    let pool = t.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        println!("public disclosure list on {backend}: {count} records over {UNITS} units (seeded in {:.1} s)", seed_time.as_secs_f64());
        println!("{clients} concurrent clients, {seconds} s per case, HTTP on loopback, 2 server workers\n");
        println!("{:<40} {:>9} {:>9} {:>9} {:>9}", "request", "req/s", "mean ms", "p99 ms", "bytes");
        for (name, path) in &cases {
            let f = hammer(&server.url(path), None, seconds, clients).await;
            println!("{name:<40} {} {:>9}", f.columns(), f.bytes);
        }
        let f = floor(&pool, seconds, clients, page_one_sql);
        println!("{:<40} {}", "floor of page 1 (its SQL alone)", f.columns());
        let export_url = server.url("/api/v1/exports/disclosure-records");
        let e = export(export_url, &auditor.access_token).await;
        println!(
            "\nexport of all {} records: {:.1} s, {:.0} rows/s, {:.1} MB at {:.1} MB/s; server RSS {:.0} MB before, peak {:.0} MB during",
            e.rows,
            e.elapsed.as_secs_f64(),
            e.rows as f64 / e.elapsed.as_secs_f64(),
            e.bytes as f64 / 1e6,
            e.bytes as f64 / 1e6 / e.elapsed.as_secs_f64(),
            e.rss_before as f64 / 1e6,
            e.rss_peak as f64 / 1e6,
        );
    });
}

struct ExportFigures {
    rows: u64,
    bytes: u64,
    elapsed: Duration,
    rss_before: u64,
    rss_peak: u64,
}

/// Streams one export to the end, counting lines and sampling memory as it goes.
async fn export(url: String, token: &str) -> ExportFigures {
    let rss_before = rss_bytes();
    let mut rss_peak = rss_before;
    let started = Instant::now();
    let mut response = reqwest::Client::new()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (mut bytes, mut newlines) = (0u64, 0u64);
    // The end of the body, enough to hold the manifest line however the chunks fall.
    let mut tail: Vec<u8> = Vec::new();
    let mut sampled = Instant::now();
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len() as u64;
        newlines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        tail.extend_from_slice(&chunk);
        if tail.len() > 64 * 1024 {
            tail.drain(..tail.len() - 64 * 1024);
        }
        if sampled.elapsed() > Duration::from_millis(100) {
            rss_peak = rss_peak.max(rss_bytes());
            sampled = Instant::now();
        }
    }
    let elapsed = started.elapsed();
    let tail = String::from_utf8_lossy(&tail);
    let manifest: serde_json::Value =
        serde_json::from_str(tail.trim_end().rsplit('\n').next().unwrap()).unwrap();
    assert_eq!(
        manifest["manifest"]["count"],
        newlines - 1,
        "the export ends with its manifest, counting every line"
    );
    ExportFigures {
        rows: newlines - 1,
        bytes,
        elapsed,
        rss_before,
        rss_peak: rss_peak.max(rss_bytes()),
    }
}
