//! Benchmark: spreadsheets. Exports 100,000 disclosure records through
//! `GET /disclosure-records:xlsx` (rows/s, bytes, the server process's peak memory),
//! beside its floor: the same list SQL alone, read in the export's batches. Then
//! imports 10,000 rows through `POST /disclosure-records:import` (rows/s), beside the
//! JSON batch endpoint storing the same records. Asserts nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench spreadsheets` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…`. `BENCH_RECORDS` (default 100000) and
//! `BENCH_IMPORT_ROWS` (default 10000) tune it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use api::db::schema::disclosure_records;
use api::resources::disclosure::model::RecordRow;
use diesel::prelude::*;
use enforcement_tests::seed::{disclosure_records as seed, rss_bytes};
use enforcement_tests::{TestApp, TestServer};
use serde_json::json;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Samples this process's resident set every 20 ms until stopped; returns the peak.
fn sample_rss(stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut peak = rss_bytes();
        while !stop.load(Ordering::Relaxed) {
            peak = peak.max(rss_bytes());
            std::thread::sleep(Duration::from_millis(20));
        }
        peak.max(rss_bytes())
    })
}

fn main() {
    let count = env_or("BENCH_RECORDS", 100_000);
    let import_rows = env_or("BENCH_IMPORT_ROWS", 10_000);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 8;
        c.http_workers = 2;
        c.max_body_bytes = 16 * 1024 * 1024;
    });
    t.add_counties();
    let seeding = Instant::now();
    {
        let mut conn = t.state.pool.get().unwrap();
        seed(&mut conn, count);
    }
    let seed_time = seeding.elapsed();
    let bureau = t.add_user("bench.bureau", "CITY", &[api_types::Role::Bureau]);
    let backend = enforcement_tests::backend().as_str();
    println!(
        "spreadsheets on {backend}: {count} disclosure records (seeded in {:.1} s)\n",
        seed_time.as_secs_f64()
    );

    // Floor: the list's SQL in the export's batches, rows loaded, nothing written.
    let floor = {
        let mut conn = t.state.pool.get().unwrap();
        let started = Instant::now();
        let batch = api::spreadsheet::export::BATCH;
        let (mut offset, mut rows) = (0i64, 0usize);
        loop {
            let page: Vec<RecordRow> = disclosure_records::table
                .select(RecordRow::as_select())
                .order((
                    disclosure_records::decision_date.desc(),
                    disclosure_records::id,
                ))
                .offset(offset)
                .limit(batch)
                .load(&mut *conn)
                .unwrap();
            rows += page.len();
            if (page.len() as i64) < batch {
                break;
            }
            offset += batch;
        }
        (rows, started.elapsed())
    };
    println!(
        "floor: the list SQL alone in batches of {}: {} rows in {:.2} s, {:.0} rows/s",
        api::spreadsheet::export::BATCH,
        floor.0,
        floor.1.as_secs_f64(),
        floor.0 as f64 / floor.1.as_secs_f64()
    );

    let server = TestServer::start(t.state.clone());
    actix_web::rt::System::new().block_on(async move {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let rss_before = rss_bytes();
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_rss(stop.clone());
    let started = Instant::now();
    let response = client
        .get(server.url("/api/v1/disclosure-records:xlsx"))
        .bearer_auth(&bureau.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let peak = sampler.join().unwrap();
    let rows = {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        book.worksheet_range_at(0).unwrap().unwrap().height() - 1
    };
    assert_eq!(rows, count, "every record in the workbook");
    println!(
        "export: {rows} rows as .xlsx in {:.2} s, {:.0} rows/s, {:.1} MB; server RSS {:.0} MB before, peak {:.0} MB during (+{:.0} MB)",
        elapsed.as_secs_f64(),
        rows as f64 / elapsed.as_secs_f64(),
        bytes.len() as f64 / 1e6,
        rss_before as f64 / 1e6,
        peak as f64 / 1e6,
        (peak.saturating_sub(rss_before)) as f64 / 1e6,
    );

    // Import: a workbook of new records for one county, then the same records as JSON.
    let xq = t.unit_id("XQ");
    let record = |i: usize, prefix: &str| {
        json!({
            "issuing_unit_id": xq, "document_number": format!("{prefix}罚决字〔2026〕第{i}号"),
            "case_cause": "占道经营案", "party_kind": "legal_person", "party_name": format!("某某商贸有限公司{i}"),
            "legal_basis": "《城市道路管理条例》第四十二条", "fine_fen": 50_000 + i as i64,
            "execution_status": "executed", "decision_date": "2026-05-10"
        })
    };
    let workbook = {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let headers = ["执法单位", "决定书文号", "案由", "当事人类型", "当事人名称", "处罚依据", "罚款金额（元）", "执行情况", "决定日期"];
        for (col, h) in (0u16..).zip(headers) {
            sheet.write_string(0, col, h).unwrap();
        }
        for i in 0..import_rows {
            let r = record(i, "表");
            let row = u32::try_from(i).unwrap() + 1;
            let cells = [
                "XQ".to_string(),
                r["document_number"].as_str().unwrap().to_string(),
                "占道经营案".into(),
                "法人".into(),
                r["party_name"].as_str().unwrap().to_string(),
                "《城市道路管理条例》第四十二条".into(),
            ];
            for (col, v) in (0u16..).zip(&cells) {
                sheet.write_string(row, col, v).unwrap();
            }
            sheet.write_number(row, 6, (50_000 + i) as f64 / 100.0).unwrap();
            sheet.write_string(row, 7, "已执行").unwrap();
            sheet.write_string(row, 8, "2026-05-10").unwrap();
        }
        book.save_to_buffer().unwrap()
    };
    let started = Instant::now();
    let response = client
        .post(server.url("/api/v1/disclosure-records:import"))
        .bearer_auth(&bureau.access_token)
        .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .body(workbook.clone())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let report: serde_json::Value = response.json().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], import_rows);
    println!(
        "\nimport: {import_rows} rows from .xlsx ({:.1} MB) in {:.2} s, {:.0} rows/s",
        workbook.len() as f64 / 1e6,
        elapsed.as_secs_f64(),
        import_rows as f64 / elapsed.as_secs_f64()
    );
    let created = AtomicU64::new(0);
    let started = Instant::now();
    for chunk in (0..import_rows).collect::<Vec<_>>().chunks(1000) {
        let records: Vec<_> = chunk.iter().map(|i| record(*i, "JSON")).collect();
        let response = client
            .post(server.url("/api/v1/disclosure-records:batch"))
            .bearer_auth(&bureau.access_token)
            .json(&json!({"mode": "each_record", "records": records}))
            .send()
            .await
            .unwrap();
        let result: serde_json::Value = response.json().await.unwrap();
        created.fetch_add(result["created"].as_u64().unwrap(), Ordering::Relaxed);
    }
    let elapsed = started.elapsed();
    assert_eq!(created.load(Ordering::Relaxed), import_rows as u64);
    println!(
        "beside: the same {import_rows} records as JSON batches of 1,000 in {:.2} s, {:.0} rows/s",
        elapsed.as_secs_f64(),
        import_rows as f64 / elapsed.as_secs_f64()
    );
    });
}
