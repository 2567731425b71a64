//! Benchmark: a quarterly quiz taken by 2,000 officers at once. Each officer starts an
//! attempt (the paper drawn and frozen), saves an answer to each of its 50 questions as
//! it is given, and submits (graded at once) — all over HTTP against a server with two
//! workers, from `BENCH_CLIENTS` concurrent clients. Prints the wall time of the whole
//! quiz beside the goal (every officer done within 5 minutes), requests per second and
//! mean/p99 latency for start, save-answer and submit, and the floor of save-answer: the
//! same statements in one transaction through the same pool, without HTTP. Asserts
//! nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench quiz_load` (SQLite), with
//! `TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test` for PostgreSQL.
//! `BENCH_OFFICERS` (default 2000), `BENCH_QUESTIONS` (50), `BENCH_CLIENTS` (64),
//! `BENCH_SECONDS` (floor duration, 5).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api_types::Role;
use chrono::Utc;
use diesel::prelude::*;
use enforcement_tests::bench::{env_or, floor, latency_line, seed_officers};
use enforcement_tests::{backend, TestApp, TestServer, TestUser};
use serde_json::{json, Value};

#[derive(Default)]
struct Latencies {
    start: Vec<Duration>,
    save: Vec<Duration>,
    submit: Vec<Duration>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let officers: usize = env_or("BENCH_OFFICERS", 2000);
    let questions: usize = env_or("BENCH_QUESTIONS", 50);
    let clients: usize = env_or("BENCH_CLIENTS", 64);
    let seconds: u64 = env_or("BENCH_SECONDS", 5);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 16;
        c.http_workers = 2;
    });
    println!(
        "quiz_load on {}: {officers} officers × {questions} questions, {clients} clients, server with 2 workers and 16 connections\n",
        backend().as_str()
    );

    // Seeding: brigades of 100 officers under one county bureau, a bank of 80 questions.
    let seeded = Instant::now();
    let takers: Vec<TestUser> = seed_officers(&t, officers);
    let law = t.add_user("bench.law", "CITY-LAW", &[Role::Section]);
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
    let owner = t.unit_id("CITY-LAW");
    let category: Value = post(
        &law,
        "/api/v1/question-categories",
        json!({"owner_unit_id": owner, "name": "行政处罚法"}),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let category = category["id"].as_str().unwrap().to_string();
    for i in 0..80 {
        let content = if i % 2 == 0 {
            json!({"category_id": category, "kind": "true_false", "stem": format!("判断题{i}"), "correct_truth": i % 4 == 0})
        } else {
            json!({"category_id": category, "kind": "single_choice", "stem": format!("单选题{i}"),
                   "options": [{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}, {"key": "C", "text": "丙"}, {"key": "D", "text": "丁"}],
                   "correct_options": ["B"]})
        };
        let reply = post(
            &law,
            "/api/v1/questions",
            json!({"owner_unit_id": owner, "content": content}),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(reply.status(), 201);
    }
    let now = Utc::now();
    let session: Value = post(&law, "/api/v1/quiz-sessions", json!({
        "organiser_unit_id": owner, "kind": "quarterly_quiz", "title": "季度学法考试",
        "opens_at": now - chrono::Duration::hours(1), "closes_at": now + chrono::Duration::hours(3),
        "time_limit_minutes": 60, "attempts_allowed": 1, "pass_score": questions * 6 / 10,
        "grading_method": "highest", "review": "after_close", "leave_limit": 5,
        "audience": {"unit_ids": [t.unit_id("XQ")]},
        "paper": [{"kind": "random", "category_id": category, "count": questions, "points": 1}]
    })).send().await.unwrap().json().await.unwrap();
    let session = session["id"].as_str().unwrap().to_string();
    let published = post(
        &law,
        &format!("/api/v1/quiz-sessions/{session}/publish"),
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
    println!(
        "seeded in {:.0} s (publishing notified {officers} officers)\n",
        seeded.elapsed().as_secs_f64()
    );

    // The quiz: every officer starts, answers each question once, submits.
    let queue = Arc::new(Mutex::new(takers.into_iter().collect::<VecDeque<_>>()));
    let all = Arc::new(Mutex::new(Latencies::default()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (queue, all, http, base, session) = (
            queue.clone(),
            all.clone(),
            http.clone(),
            server.url(""),
            session.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut mine = Latencies::default();
            loop {
                let Some(officer) = queue.lock().unwrap().pop_front() else {
                    break;
                };
                let token = officer.access_token.clone();
                let t0 = Instant::now();
                let reply = http
                    .post(format!("{base}/api/v1/quiz-sessions/{session}/attempts"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(reply.status(), 201);
                let attempt: Value = reply.json().await.unwrap();
                mine.start.push(t0.elapsed());
                let id = attempt["id"].as_str().unwrap().to_string();
                for q in attempt["questions"].as_array().unwrap() {
                    let answer = if q["kind"] == "true_false" {
                        json!({"truth": true})
                    } else {
                        json!({"choices": ["B"]})
                    };
                    let t1 = Instant::now();
                    let reply = http
                        .post(format!("{base}/api/v1/me/quiz-attempts/{id}/answers"))
                        .bearer_auth(&token)
                        .json(&json!({"position": q["position"], "answer": answer}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(reply.status(), 200);
                    reply.bytes().await.unwrap();
                    mine.save.push(t1.elapsed());
                }
                let t2 = Instant::now();
                let reply = http
                    .post(format!("{base}/api/v1/me/quiz-attempts/{id}/submit"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(reply.status(), 200);
                reply.bytes().await.unwrap();
                mine.submit.push(t2.elapsed());
            }
            let mut all = all.lock().unwrap();
            all.start.extend(mine.start);
            all.save.extend(mine.save);
            all.submit.extend(mine.submit);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    let l = std::mem::take(&mut *all.lock().unwrap());
    let total = l.start.len() + l.save.len() + l.submit.len();
    println!(
        "the whole quiz: {:.0} s for {officers} officers (goal: within 300 s); {total} requests, {:.0} req/s\n",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!("{}", latency_line("start", l.start, elapsed));
    println!("{}", latency_line("save-answer", l.save, elapsed));
    println!("{}", latency_line("submit", l.submit, elapsed));

    // Floor of save-answer: its statements in one write transaction, through the same
    // pool, on attempts still in progress (new ones, so the deadline check passes).
    let mut conn = t.state.pool.get().unwrap();
    let graded: i64 = api::db::schema::quiz_attempts::table
        .filter(api::db::schema::quiz_attempts::status.eq("graded"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(
        graded as usize, officers,
        "every attempt submitted and graded"
    );
    let open: Vec<String> = {
        use api::db::schema::quiz_attempts;
        diesel::update(quiz_attempts::table)
            .set((
                quiz_attempts::status.eq("in_progress"),
                quiz_attempts::deadline_at.eq(api::time::now() + chrono::Duration::hours(1)),
            ))
            .execute(&mut *conn)
            .unwrap();
        quiz_attempts::table
            .select(quiz_attempts::id)
            .load(&mut *conn)
            .unwrap()
    };
    drop(conn);
    let open = Arc::new(open);
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // As many threads as the pool has connections: the server runs no more at once. On
    // SQLite they take turns as the server's writers do (one at a time, in order).
    let threads = clients.min(16);
    let turn = Arc::new(Mutex::new(()));
    let sqlite = backend() == api::db::Backend::Sqlite;
    let figures = floor(&t.state.pool, seconds, threads, move |conn| {
        let _turn = sqlite.then(|| turn.lock().unwrap());
        use api::db::schema::{quiz_answers, quiz_attempts};
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = open[n % open.len()].clone();
        let position = i32::try_from(n % questions).unwrap();
        let now = api::time::now();
        api::db::write_transaction(conn, |conn| -> Result<(), diesel::result::Error> {
            let _: (String, String, chrono::NaiveDateTime) = quiz_attempts::table
                .find(&id)
                .select((
                    quiz_attempts::user_id,
                    quiz_attempts::status,
                    quiz_attempts::deadline_at,
                ))
                .first(conn)?;
            let _: (String, String, i32) = quiz_answers::table
                .find((&id, position))
                .select((
                    quiz_answers::kind,
                    quiz_answers::option_keys,
                    quiz_answers::blank_count,
                ))
                .first(conn)?;
            diesel::update(
                quiz_attempts::table
                    .filter(quiz_attempts::id.eq(&id))
                    .filter(quiz_attempts::status.eq("in_progress"))
                    .filter(quiz_attempts::deadline_at.gt(now)),
            )
            .set(quiz_attempts::updated_at.eq(now))
            .execute(conn)?;
            diesel::update(quiz_answers::table.find((&id, position)))
                .set((
                    quiz_answers::answer.eq(Some("{\"truth\":true}")),
                    quiz_answers::saved_at.eq(Some(now)),
                ))
                .execute(conn)?;
            quiz_answers::table
                .filter(quiz_answers::attempt_id.eq(&id))
                .filter(quiz_answers::answer.is_not_null())
                .count()
                .get_result::<i64>(conn)?;
            Ok(())
        })
        .unwrap();
    });
    println!("\nfloor of save-answer (the same statements, {threads} threads, {seconds} s):");
    println!("{:>9} {:>9} {:>9}", "req/s", "mean ms", "p99 ms");
    println!("{}", figures.columns());
}
