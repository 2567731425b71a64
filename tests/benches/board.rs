//! Benchmark: the supervision board against a plain list query, on a plan of 200 units
//! × 9 tasks × 2,000 milestones. Prints figures; asserts nothing about time.
//!
//! Run: `cargo bench -p enforcement-tests --bench board` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…` for PostgreSQL. `BENCH_REQUESTS` sets the number of
//! timed requests per endpoint (default 200).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use api::db::schema::{implementation_items, progress_reports, supervision_notices, units};
use api::db::{write_transaction, DbConnection};
use api::resources::plans::model::{self, MilestoneRow, PlanRow, TaskRow};
use api_types::units::UnitKind;
use api_types::Role;
use chrono::{Duration as Days, NaiveDate};
use diesel::prelude::*;
use enforcement_tests::{TestApp, TestServer};

/// A small deterministic generator, so every run seeds the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

fn seed(conn: &mut DbConnection) -> (String, usize) {
    write_transaction(
        conn,
        |conn| -> Result<(String, usize), api::error::ApiError> {
            let mut rng = Lcg(42);
            let now = api::time::now();
            let city: String = units::table
                .filter(units::code.eq("CITY"))
                .select(units::id)
                .first(conn)?;
            let mut counties = Vec::new();
            let add_unit = |conn: &mut DbConnection,
                            code: String,
                            kind: UnitKind,
                            parent: &str|
             -> Result<String, api::error::ApiError> {
                let row = api::resources::units::UnitRow {
                    id: api::time::new_id(),
                    code,
                    name: "基准测试单位".into(),
                    name_en: None,
                    kind: kind.as_str().into(),
                    parent_id: Some(parent.to_string()),
                    active: true,
                    sort_order: 0,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                diesel::insert_into(units::table)
                    .values(&row)
                    .execute(conn)?;
                Ok(row.id)
            };
            for i in 0..60 {
                counties.push(add_unit(
                    conn,
                    format!("B-C{i:02}"),
                    UnitKind::CountyBureau,
                    &city,
                )?);
            }
            for i in 0..129 {
                let parent = counties[i % counties.len()].clone();
                add_unit(conn, format!("B-B{i:03}"), UnitKind::Brigade, &parent)?;
            }
            let unit_count: i64 = units::table.count().get_result(conn)?;
            let all_units: Vec<String> = units::table.select(units::id).load(conn)?;
            let law: String = units::table
                .filter(units::code.eq("CITY-LAW"))
                .select(units::id)
                .first(conn)?;

            let plan = PlanRow {
                id: api::time::new_id(),
                year: 2026,
                title: "基准测试方案".into(),
                description: None,
                status: "active".into(),
                template_key: None,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            diesel::insert_into(api::db::schema::plans::table)
                .values(&plan)
                .execute(conn)?;
            let mut task_ids = Vec::new();
            for number in 1..=9 {
                let task = TaskRow {
                    id: api::time::new_id(),
                    plan_id: plan.id.clone(),
                    number,
                    title: format!("任务{number}"),
                    description: None,
                    goals: None,
                    responsible_kinds: "county_bureau,section".into(),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                diesel::insert_into(api::db::schema::tasks::table)
                    .values(&task)
                    .execute(conn)?;
                model::set_task_units(conn, &task.id, std::slice::from_ref(&law), &[])?;
                task_ids.push(task.id);
            }
            let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            let mut milestones = Vec::new();
            for i in 0..2000 {
                let by_kind = i % 2 == 0;
                let row = MilestoneRow {
                    id: api::time::new_id(),
                    task_id: task_ids[i % 9].clone(),
                    title: format!("节点{i}"),
                    due_date: start + Days::days(rng.next(1000) as i64),
                    owner_kinds: if by_kind {
                        "county_bureau".into()
                    } else {
                        String::new()
                    },
                    deliverable: None,
                    template_key: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                diesel::insert_into(api::db::schema::milestones::table)
                    .values(&row)
                    .execute(conn)?;
                let owner = all_units[rng.next(all_units.len())].clone();
                if !by_kind {
                    model::set_owners(conn, &row.id, std::slice::from_ref(&owner))?;
                }
                let reporter = if by_kind {
                    counties[rng.next(counties.len())].clone()
                } else {
                    owner
                };
                milestones.push((row.id, row.task_id, reporter));
            }
            for i in 0..3000 {
                let (milestone, task, unit) = &milestones[rng.next(milestones.len())];
                diesel::insert_into(progress_reports::table)
                    .values((
                        progress_reports::id.eq(api::time::new_id()),
                        progress_reports::plan_id.eq(&plan.id),
                        progress_reports::task_id.eq(task),
                        progress_reports::milestone_id.eq(Some(milestone)),
                        progress_reports::unit_id.eq(unit),
                        progress_reports::period.eq("2026-05"),
                        progress_reports::narrative.eq("进展"),
                        progress_reports::percent_complete.eq(if i % 3 == 0 { 100 } else { 40 }),
                        progress_reports::evidence_links.eq("[]"),
                        progress_reports::status
                            .eq(["submitted", "acknowledged", "returned"][i % 3]),
                        progress_reports::submitted_at.eq(now),
                        progress_reports::submitted_by.eq("bench"),
                        progress_reports::times_returned.eq(0),
                        progress_reports::version.eq(1i64),
                        progress_reports::created_at.eq(now),
                        progress_reports::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            for i in 0..500 {
                diesel::insert_into(implementation_items::table)
                    .values((
                        implementation_items::id.eq(api::time::new_id()),
                        implementation_items::task_id.eq(&task_ids[i % 9]),
                        implementation_items::unit_id.eq(&counties[i % counties.len()]),
                        implementation_items::kind.eq("self_chosen"),
                        implementation_items::title.eq("自选动作"),
                        implementation_items::due_date
                            .eq(start + Days::days(rng.next(1000) as i64)),
                        implementation_items::version.eq(1i64),
                        implementation_items::created_at.eq(now),
                        implementation_items::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            for i in 0..100 {
                let (milestone, task, unit) = &milestones[i * 7];
                diesel::insert_into(supervision_notices::table)
                    .values((
                        supervision_notices::id.eq(api::time::new_id()),
                        supervision_notices::plan_id.eq(&plan.id),
                        supervision_notices::task_id.eq(task),
                        supervision_notices::milestone_id.eq(Some(milestone)),
                        supervision_notices::unit_id.eq(unit),
                        supervision_notices::issued_by_unit_id.eq(&law),
                        supervision_notices::subject.eq("督办"),
                        supervision_notices::body.eq("请说明"),
                        supervision_notices::reply_deadline
                            .eq(start + Days::days(rng.next(1000) as i64)),
                        supervision_notices::status.eq("issued"),
                        supervision_notices::version.eq(1i64),
                        supervision_notices::created_at.eq(now),
                        supervision_notices::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            Ok((plan.id, usize::try_from(unit_count).unwrap_or(0)))
        },
    )
    .unwrap()
}

struct Figures {
    mean: Duration,
    p50: Duration,
    p95: Duration,
    per_second: f64,
    bytes: usize,
}

async fn measure(client: &reqwest::Client, url: &str, token: &str, requests: usize) -> Figures {
    for _ in 0..10 {
        let r = client.get(url).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status(), 200, "{url}: {}", r.text().await.unwrap());
    }
    let mut times = Vec::with_capacity(requests);
    let mut bytes = 0;
    let started = Instant::now();
    for _ in 0..requests {
        let t = Instant::now();
        let body = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        times.push(t.elapsed());
        bytes = body.len();
    }
    let total = started.elapsed();
    times.sort();
    Figures {
        mean: total / u32::try_from(requests).unwrap(),
        p50: times[requests / 2],
        p95: times[requests * 95 / 100],
        per_second: requests as f64 / total.as_secs_f64(),
        bytes,
    }
}

fn main() {
    let requests: usize = std::env::var("BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let t = TestApp::with_config(|c| c.db_pool_size = 8);
    let seeding = Instant::now();
    let (plan, unit_count) = {
        let mut conn = t.state.pool.get().unwrap();
        seed(&mut conn)
    };
    let seed_time = seeding.elapsed();
    let reader = t.add_user("bench.reader", "CITY", &[Role::Bureau]);
    let server = TestServer::start(t.state.clone());
    let backend = enforcement_tests::backend().as_str();
    actix_web::rt::System::new().block_on(async move {
        let client = reqwest::Client::new();
        let cases = [
            ("board (200 units × 9 tasks × 2,000 milestones)", format!("/api/v1/supervision/board?plan={plan}")),
            ("board, one unit", format!("/api/v1/supervision/board?plan={plan}&unit_id={}", reader.unit_id)),
            ("list milestones (page of 50, with owner status)", format!("/api/v1/milestones?plan_id={plan}&per_page=50")),
            ("list milestones (page of 200)", format!("/api/v1/milestones?plan_id={plan}&per_page=200")),
            ("list units (page of 50)", "/api/v1/units?per_page=50".to_string()),
        ];
        println!("board benchmark on {backend}: {unit_count} units, 9 tasks, 2000 milestones, 3000 reports, 500 items, 100 notices (seeded in {:.1} s)", seed_time.as_secs_f64());
        println!("{requests} sequential requests each, over HTTP on loopback\n");
        println!("{:<52} {:>9} {:>9} {:>9} {:>9} {:>10}", "request", "mean ms", "p50 ms", "p95 ms", "req/s", "bytes");
        let mut results = Vec::new();
        for (name, path) in &cases {
            let f = measure(&client, &server.url(path), &reader.access_token, requests).await;
            println!(
                "{:<52} {:>9.2} {:>9.2} {:>9.2} {:>9.1} {:>10}",
                name,
                f.mean.as_secs_f64() * 1000.0,
                f.p50.as_secs_f64() * 1000.0,
                f.p95.as_secs_f64() * 1000.0,
                f.per_second,
                f.bytes
            );
            results.push(f);
        }
        let ratio = results[0].mean.as_secs_f64() / results[2].mean.as_secs_f64();
        println!("\nboard / plain milestone list (page of 50): {ratio:.2}×");
    });
}
