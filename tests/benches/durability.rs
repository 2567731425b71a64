//! Benchmark: what durable SQLite commits cost. Creates disclosure records one request
//! at a time over HTTP (each its own transaction and audit event), from 1 and from 8
//! clients, with `SQLITE_SYNCHRONOUS=full` (the default) and with `normal` (the floor:
//! the same work without waiting for the disk at each commit). Prints commits/s for
//! each and the ratio. Asserts nothing about time. SQLite only (PostgreSQL's commits are
//! durable by its own default).
//!
//! Run: `cargo bench -p enforcement-tests --bench durability`; `BENCH_WRITES` (default
//! 400) sets the requests per case.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use api::db::SqliteSynchronous;
use enforcement_tests::{backend, TestApp, TestServer};
use serde_json::json;

/// Commits per second creating `writes` records from `clients` concurrent clients.
async fn rate(synchronous: SqliteSynchronous, writes: usize, clients: usize) -> f64 {
    let t = TestApp::with_config(|c| {
        c.database_url = c.database_url.clone().with_synchronous(synchronous);
        c.db_pool_size = 8;
        c.http_workers = 2;
    });
    t.add_counties();
    let bureau = t.add_user("bench.bureau", "CITY", &[api_types::Role::Bureau]);
    let server = TestServer::start(t.state.clone());
    let client = reqwest::Client::new();
    let xq = t.unit_id("XQ");
    let started = Instant::now();
    let per_client = writes / clients;
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, url, token, xq) = (
            client.clone(),
            server.url("/api/v1/disclosure-records"),
            bureau.access_token.clone(),
            xq.clone(),
        );
        tasks.push(tokio::spawn(async move {
            for i in 0..per_client {
                let body = json!({
                    "issuing_unit_id": xq, "document_number": format!("新城管罚决字〔2026〕第{c}-{i}号"),
                    "case_cause": "占道经营案", "party_kind": "legal_person", "party_name": "某某商贸有限公司",
                    "legal_basis": "《城市道路管理条例》第四十二条", "fine_fen": 50_000,
                    "execution_status": "executed", "decision_date": "2026-05-10"
                });
                let reply = client.post(&url).bearer_auth(&token).json(&body).send().await.unwrap();
                assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    (per_client * clients) as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if backend() != api::db::Backend::Sqlite {
        println!("durability: SQLite only; skipped on {}", backend().as_str());
        return;
    }
    let writes: usize = std::env::var("BENCH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    println!("durability on sqlite: {writes} single-record POSTs per case\n");
    for clients in [1, 8] {
        let normal = rate(SqliteSynchronous::Normal, writes, clients).await;
        let full = rate(SqliteSynchronous::Full, writes, clients).await;
        println!(
            "{clients} client(s): synchronous=FULL {full:.0} commits/s; floor synchronous=NORMAL {normal:.0} commits/s; FULL/NORMAL = {:.2}",
            full / normal
        );
    }
}
