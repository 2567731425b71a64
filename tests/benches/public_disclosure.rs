//! Benchmark: the public disclosure list over 1,000,000 records. Prints throughput for
//! page 1 and for filtered deep pages, then streams the whole table through
//! `GET /exports/disclosure-records` and prints rows/s, MB/s and the server process's
//! memory growth meanwhile; asserts nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench public_disclosure` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…` for PostgreSQL. `BENCH_RECORDS` (default 1000000),
//! `BENCH_SECONDS` per case (default 10) and `BENCH_CLIENTS` (default 8) tune it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use enforcement_tests::seed::rss_bytes;
use enforcement_tests::{TestApp, TestServer};

use enforcement_tests::seed::{disclosure_records as seed, UNITS};

struct Figures {
    requests: u64,
    per_second: f64,
    mean: Duration,
    bytes: usize,
}

async fn hammer(url: String, seconds: u64, clients: usize) -> Figures {
    let client = reqwest::Client::new();
    let warm = client.get(&url).send().await.unwrap();
    assert_eq!(warm.status(), 200, "{url}: {}", warm.text().await.unwrap());
    let bytes = client
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len();
    let done = Arc::new(AtomicU64::new(0));
    let busy = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, done, busy) = (client.clone(), url.clone(), done.clone(), busy.clone());
        tasks.push(actix_web::rt::spawn(async move {
            while Instant::now() < deadline {
                let t = Instant::now();
                let r = client.get(&url).send().await.unwrap();
                let _ = r.bytes().await.unwrap();
                busy.fetch_add(
                    u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX),
                    Ordering::Relaxed,
                );
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = started.elapsed();
    let requests = done.load(Ordering::Relaxed);
    Figures {
        requests,
        per_second: requests as f64 / elapsed.as_secs_f64(),
        mean: Duration::from_micros(busy.load(Ordering::Relaxed) / requests.max(1)),
        bytes,
    }
}

fn main() {
    let count: usize = std::env::var("BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let clients: usize = std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
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
    // Unit 7 decides on days 7, 67, 127 … after 2020-01-01: a month where it has records.
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
    actix_web::rt::System::new().block_on(async move {
        println!("public disclosure list on {backend}: {count} records over {UNITS} units (seeded in {:.1} s)", seed_time.as_secs_f64());
        println!("{clients} concurrent clients, {seconds} s per case, HTTP on loopback, 2 server workers\n");
        println!("{:<40} {:>9} {:>10} {:>10} {:>9}", "request", "requests", "req/s", "mean ms", "bytes");
        for (name, path) in &cases {
            let f = hammer(server.url(path), seconds, clients).await;
            println!(
                "{:<40} {:>9} {:>10.1} {:>10.2} {:>9}",
                name,
                f.requests,
                f.per_second,
                f.mean.as_secs_f64() * 1000.0,
                f.bytes
            );
        }
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
