//! Benchmark: 2,000 officers check in to one training session at once. The session
//! began a few minutes ago, everyone is enrolled; each officer sends the code on the
//! organiser's screen once, over HTTP against a server with two workers, from
//! `BENCH_CLIENTS` concurrent clients. The screen is the organiser reading
//! `GET /training-sessions/{id}/check-in-code` again whenever its code expires (every 30
//! seconds); the clients send the code it shows. Prints the wall time of the whole
//! check-in beside the goal (every officer checked in within a minute), requests per
//! second and mean/p99 latency of check-in, and its floor: the same statements in one
//! transaction through the same pool, without HTTP (the session, its event, the
//! enrolment, the existing mark read twice, the mark inserted, the audit event
//! appended). Asserts nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench training_checkin` (SQLite), with
//! `TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test` for PostgreSQL.
//! `BENCH_OFFICERS` (default 2000), `BENCH_CLIENTS` (64), `BENCH_SECONDS` (floor
//! duration, 5).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api::resources::training::model::{AttendanceRow, EventRow, SessionRow};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::training::{AttendanceMethod, AttendanceStatus, EnrolmentStatus};
use api_types::Role;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use enforcement_tests::bench::{env_or, floor, latency_line, seed_officers};
use enforcement_tests::{backend, TestApp, TestServer, TestUser};
use serde_json::{json, Value};
use sha2::Digest;

/// The code on the organiser's screen and how long until it turns.
async fn screen(http: &reqwest::Client, url: &str, token: &str) -> (String, Duration) {
    let reply = http.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(reply.status(), 200, "{}", reply.text().await.unwrap());
    let shown: Value = reply.json().await.unwrap();
    let at =
        |field: &str| -> DateTime<Utc> { serde_json::from_value(shown[field].clone()).unwrap() };
    let left = (at("expires_at") - at("server_time"))
        .to_std()
        .unwrap_or_default();
    (shown["code"].as_str().unwrap().to_string(), left)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let officers: usize = env_or("BENCH_OFFICERS", 2000);
    let clients: usize = env_or("BENCH_CLIENTS", 64);
    let seconds: u64 = env_or("BENCH_SECONDS", 5);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 16;
        c.http_workers = 2;
    });
    println!(
        "training_checkin on {}: {officers} officers check in to one session, {clients} clients, server with 2 workers and 16 connections\n",
        backend().as_str()
    );

    // Seeding: brigades of 100 officers under one county bureau; the city bureau
    // organises a training for everyone with one session that began 5 minutes ago, and
    // nominates every officer (500 a request).
    let seeded = Instant::now();
    let people: Vec<TestUser> = seed_officers(&t, officers);
    let bureau = t.add_user("bench.bureau", "CITY", &[Role::Bureau]);
    let server = TestServer::start(t.state.clone());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    let post = |user: &TestUser, path: &str, body: Value| {
        http.post(server.url(path))
            .bearer_auth(&user.access_token)
            .json(&body)
    };
    let now = Utc::now();
    let reply = post(&bureau, "/api/v1/training-events", json!({
        "organiser_unit_id": t.unit_id("CITY"), "category": "business", "title": "户外广告管理培训",
        "description": "户外广告与店招标牌管理", "target": {"unit_ids": [], "roles": []},
        "enrol_opens_at": now - chrono::Duration::hours(1), "enrol_closes_at": now + chrono::Duration::days(1)
    }))
    .send()
    .await
    .unwrap();
    assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
    let event: Value = reply.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let start = now - chrono::Duration::minutes(5);
    let reply = post(
        &bureau,
        &format!("/api/v1/training-events/{event}/sessions"),
        json!({"title": "第一讲", "starts_at": start, "ends_at": start + chrono::Duration::hours(2),
               "place": "市局三楼会议室", "credit_hours": 2.0}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
    let session: Value = reply.json().await.unwrap();
    let session = session["id"].as_str().unwrap().to_string();
    let published = post(
        &bureau,
        &format!("/api/v1/training-events/{event}/publish"),
        json!({}),
    )
    .header("If-Match", "\"1\"")
    .send()
    .await
    .unwrap();
    assert_eq!(
        published.status(),
        200,
        "{}",
        published.text().await.unwrap()
    );
    for batch in people.chunks(500) {
        let ids: Vec<&str> = batch.iter().map(|p| p.id.as_str()).collect();
        let reply = post(
            &bureau,
            &format!("/api/v1/training-events/{event}/enrolments"),
            json!({ "user_ids": ids }),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(reply.status(), 200, "{}", reply.text().await.unwrap());
        let outcome: Value = reply.json().await.unwrap();
        assert!(outcome["enrolments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "enrolled"));
    }
    println!(
        "seeded in {:.0} s ({officers} officers nominated, {} requests of 500)\n",
        seeded.elapsed().as_secs_f64(),
        officers.div_ceil(500)
    );

    // The check-in: the organiser's screen shows the code and reads the next one when
    // it expires; every officer sends the code shown, once.
    let code_url = server.url(&format!(
        "/api/v1/training-sessions/{session}/check-in-code"
    ));
    let (code, mut left) = screen(&http, &code_url, &bureau.access_token).await;
    let shown = Arc::new(Mutex::new(code));
    let reads = Arc::new(AtomicUsize::new(1));
    let organiser = {
        let (http, shown, reads, token) = (
            http.clone(),
            shown.clone(),
            reads.clone(),
            bureau.access_token.clone(),
        );
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(left + Duration::from_millis(100)).await;
                let (code, next) = screen(&http, &code_url, &token).await;
                *shown.lock().unwrap() = code;
                reads.fetch_add(1, Ordering::Relaxed);
                left = next;
            }
        })
    };
    let queue = Arc::new(Mutex::new(people.iter().cloned().collect::<VecDeque<_>>()));
    let all = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (queue, all, http, shown, url) = (
            queue.clone(),
            all.clone(),
            http.clone(),
            shown.clone(),
            server.url(&format!("/api/v1/training-sessions/{session}/check-in")),
        );
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let Some(officer) = queue.lock().unwrap().pop_front() else {
                    break;
                };
                let code = shown.lock().unwrap().clone();
                let t0 = Instant::now();
                let reply = http
                    .post(&url)
                    .bearer_auth(&officer.access_token)
                    .json(&json!({ "code": code }))
                    .send()
                    .await
                    .unwrap();
                let status = reply.status();
                let body = reply.bytes().await.unwrap();
                mine.push(t0.elapsed());
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                let entry: Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(entry["user_id"].as_str(), Some(officer.id.as_str()));
                assert_eq!(entry["method"], "check_in");
            }
            all.lock().unwrap().extend(mine);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    organiser.abort();
    let l = std::mem::take(&mut *all.lock().unwrap());
    println!(
        "the whole check-in: {:.1} s for {officers} officers (goal: within 60 s); {} requests, {:.0} req/s; the organiser's screen showed {} code(s)\n",
        elapsed.as_secs_f64(),
        l.len(),
        l.len() as f64 / elapsed.as_secs_f64(),
        reads.load(Ordering::Relaxed)
    );
    println!("{}", latency_line("check-in", l, elapsed));

    // Floor of check-in: its statements in one write transaction, through the same pool,
    // each time for a person not yet marked (at further sessions of the same event, added
    // directly, so the mark is a new row as at the first check-in).
    use api::db::schema::{
        audit_events, audit_head, training_attendance, training_enrolments, training_events,
        training_sessions,
    };
    let mut conn = t.state.pool.get().unwrap();
    let checked_in: i64 = training_attendance::table
        .filter(training_attendance::session_id.eq(&session))
        .filter(training_attendance::method.eq(AttendanceMethod::CheckIn.as_str()))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(
        checked_in as usize, officers,
        "every officer checked in once"
    );
    // Room for 20,000 check-ins a second, far above what either backend commits.
    let extra = (20_000 * usize::try_from(seconds).unwrap()).div_ceil(officers.max(1));
    let template: SessionRow = training_sessions::table
        .find(&session)
        .select(SessionRow::as_select())
        .first(&mut *conn)
        .unwrap();
    let sessions: Vec<String> = (0..extra)
        .map(|_| {
            let mut row = template.clone();
            row.id = api::time::new_id();
            diesel::insert_into(training_sessions::table)
                .values(&row)
                .execute(&mut *conn)
                .unwrap();
            row.id
        })
        .collect();
    drop(conn);
    let unit_of: std::collections::HashMap<String, String> = {
        use api::db::schema::users;
        let mut conn = t.state.pool.get().unwrap();
        users::table
            .select((users::id, users::unit_id))
            .load(&mut *conn)
            .unwrap()
            .into_iter()
            .collect()
    };
    let who: Arc<Vec<(String, String, String)>> = Arc::new(
        people
            .iter()
            .map(|p| (p.id.clone(), p.login.clone(), unit_of[&p.id].clone()))
            .collect(),
    );
    let sessions = Arc::new(sessions);
    let counter = Arc::new(AtomicUsize::new(0));
    // As many threads as the pool has connections: the server runs no more at once. On
    // SQLite they take turns as the server's writers do (one at a time, in order).
    let threads = clients.min(16);
    let turn = Arc::new(Mutex::new(()));
    let sqlite = backend() == api::db::Backend::Sqlite;
    let figures = floor(&t.state.pool, seconds, threads, move |conn| {
        let _turn = sqlite.then(|| turn.lock().unwrap());
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let session_id = sessions
            .get(n / who.len())
            .expect("more check-ins than the floor has room for: raise its sessions");
        let (user_id, name, unit_id) = &who[n % who.len()];
        api::db::write_transaction(conn, |conn| -> Result<(), diesel::result::Error> {
            let session: SessionRow = training_sessions::table
                .find(session_id)
                .select(SessionRow::as_select())
                .first(conn)?;
            let event: EventRow = training_events::table
                .find(&session.event_id)
                .select(EventRow::as_select())
                .first(conn)?;
            training_enrolments::table
                .filter(training_enrolments::event_id.eq(&event.id))
                .filter(training_enrolments::user_id.eq(user_id))
                .filter(training_enrolments::status.eq(EnrolmentStatus::Enrolled.as_str()))
                .count()
                .get_result::<i64>(conn)?;
            // Read by check-in, then again by the recording of the mark.
            for _ in 0..2 {
                let _: Option<AttendanceRow> = training_attendance::table
                    .find((&session.id, user_id))
                    .select(AttendanceRow::as_select())
                    .first(conn)
                    .optional()?;
            }
            let now = api::time::now();
            let mark = AttendanceRow {
                session_id: session.id.clone(),
                user_id: user_id.clone(),
                status: AttendanceStatus::Present.as_str().into(),
                method: AttendanceMethod::CheckIn.as_str().into(),
                remark: None,
                marked_by_name: name.clone(),
                marked_at: now,
            };
            diesel::insert_into(training_attendance::table)
                .values(&mark)
                .execute(conn)?;
            // The audit event: the head row taken, the next row inserted, the head moved.
            diesel::update(audit_head::table.find(1))
                .set(audit_head::last_id.eq(audit_head::last_id + 1))
                .execute(conn)?;
            let (id, prev_hash): (i64, String) = audit_head::table
                .find(1)
                .select((audit_head::last_id, audit_head::last_hash))
                .first(conn)?;
            let after = json!({
                "user_id": user_id, "user_name": name, "unit_id": unit_id, "status": "present",
                "method": "check_in", "marked_at": api::time::to_utc(now), "remark": null
            })
            .to_string();
            let hash = hex::encode(sha2::Sha256::digest(format!("{prev_hash}\n{after}")));
            diesel::insert_into(audit_events::table)
                .values(&api::resources::audit_events::chain::AuditRow {
                    id,
                    occurred_at: now,
                    actor_user_id: Some(user_id.clone()),
                    actor_service_account_id: None,
                    actor_unit_id: Some(unit_id.clone()),
                    actor_roles: Role::Officer.as_str().into(),
                    action: AuditAction::CheckIn.as_str().into(),
                    resource_type: ResourceKind::TrainingSession.as_str().into(),
                    resource_id: session.id.clone(),
                    request_id: Some(api::time::new_id()),
                    client_addr: Some("127.0.0.1".into()),
                    before_json: None,
                    after_json: Some(after),
                    prev_hash,
                    hash: hash.clone(),
                })
                .execute(conn)?;
            diesel::update(audit_head::table.find(1))
                .set(audit_head::last_hash.eq(&hash))
                .execute(conn)?;
            Ok(())
        })
        .unwrap();
    });
    println!("\nfloor of check-in (the same statements, {threads} threads, {seconds} s):");
    println!("{:>9} {:>9} {:>9}", "req/s", "mean ms", "p99 ms");
    println!("{}", figures.columns());
}
