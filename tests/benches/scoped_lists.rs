//! Benchmark: the staff disclosure list (50 rows, default order) for callers of
//! different unit scope, each beside its floor (the same count and page SQL through
//! the same pool, no HTTP). A scoped list should cost about what the unscoped one does:
//! the goal is within 2×, p99 ≤ 50 ms at 64 connections. Asserts nothing about
//! time.
//!
//! Run: `cargo bench -p enforcement-tests --bench scoped_lists` (SQLite), or with
//! `TEST_DATABASE_URL=postgres://…`. `BENCH_RECORDS` (default 12000), `BENCH_SECONDS`
//! per case (default 6) and `BENCH_CLIENTS` (default 64) tune it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use api::db::list::{KeptTotal, UnitScope};
use api::db::schema::{disclosure_record_counts, disclosure_records, units};
use api::resources::disclosure::model::RecordRow;
use api_types::units::UnitKind;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::bench::{env_or, floor, hammer, Figures};
use enforcement_tests::seed::{disclosure_records as seed, UNITS};
use enforcement_tests::{backend, TestApp, TestServer};

/// The kept total of `scope`, the scope's units that hold rows, and whether its first
/// page walks the order index, as the pipeline decides them.
fn kept(
    conn: &mut api::db::DbConnection,
    scope: Option<&[String]>,
) -> (i64, Option<Vec<String>>, bool) {
    let counts: Vec<(String, i64)> = disclosure_record_counts::table
        .select((
            disclosure_record_counts::unit_id,
            disclosure_record_counts::n,
        ))
        .load(conn)
        .unwrap();
    let unscoped: i64 = counts.iter().map(|(_, n)| n).sum();
    let matching: Vec<&(String, i64)> = counts
        .iter()
        .filter(|(u, _)| scope.is_none_or(|units| units.contains(u)))
        .collect();
    let total: i64 = matching.iter().map(|(_, n)| n).sum();
    let with_rows = scope.map(|_| {
        let units: std::collections::BTreeSet<&String> = matching
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(u, _)| u)
            .collect();
        units.into_iter().cloned().collect::<Vec<_>>()
    });
    let kept = KeptTotal {
        total,
        unscoped,
        units_with_rows: with_rows,
    };
    let walk = kept.walks_order_index(50);
    (total, kept.units_with_rows, walk)
}

/// The floor of one list page: its total (from the kept counts) and its page query, as
/// the pipeline sends them.
fn page_sql(conn: &mut api::db::DbConnection, scope: Option<&[String]>) {
    let (total, with_rows, walk) = kept(conn, scope);
    let mut rows = disclosure_records::table
        .select(RecordRow::as_select())
        .into_boxed();
    if let Some(units) = with_rows {
        let scope = UnitScope { units: Some(units) };
        let term = scope.condition(disclosure_records::issuing_unit_id, walk);
        rows = rows.filter(term.unwrap().unwrap());
    }
    if total > 0 {
        let page: Vec<RecordRow> = rows
            .order((
                disclosure_records::decision_date.desc(),
                disclosure_records::id.desc(),
            ))
            .limit(50)
            .load(conn)
            .unwrap();
        assert!(!page.is_empty());
    }
}

/// How the database runs the page query for `scope`: one line per plan step.
fn plan(conn: &mut api::db::DbConnection, scope: Option<&[String]>) -> String {
    #[derive(QueryableByName)]
    struct SqliteStep {
        #[diesel(sql_type = diesel::sql_types::Text)]
        detail: String,
    }
    #[derive(QueryableByName)]
    struct PostgresStep {
        #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
        line: String,
    }
    let (total, with_rows, walk) = kept(conn, scope);
    if total == 0 {
        return "none: no rows, so the page query is not sent".into();
    }
    let column = if walk {
        "issuing_unit_id || ''"
    } else {
        "issuing_unit_id"
    };
    let filter = with_rows.map_or(String::new(), |units| {
        let list: Vec<String> = units.iter().map(|u| format!("'{u}'")).collect();
        format!("WHERE {column} IN ({})", list.join(", "))
    });
    let sql = format!(
        "SELECT * FROM disclosure_records {filter} \
         ORDER BY decision_date DESC, id DESC LIMIT 50"
    );
    let lines: Vec<String> = match backend() {
        api::db::Backend::Sqlite => diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
            .load::<SqliteStep>(conn)
            .unwrap()
            .into_iter()
            .map(|s| s.detail)
            .collect(),
        api::db::Backend::Postgres => diesel::sql_query(format!("EXPLAIN {sql}"))
            .load::<PostgresStep>(conn)
            .unwrap()
            .into_iter()
            .map(|s| s.line.trim().to_string())
            .collect(),
    };
    lines.join("; ")
}

fn main() {
    let count: usize = env_or("BENCH_RECORDS", 12_000);
    let seconds: u64 = env_or("BENCH_SECONDS", 6);
    let clients: usize = env_or("BENCH_CLIENTS", 64);
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 16;
        c.http_workers = 2;
    });
    let seeding = Instant::now();
    let bench_units = {
        let mut conn = t.state.pool.get().unwrap();
        seed(&mut conn, count)
    };
    let seed_time = seeding.elapsed();
    // Four counties: above 50 of the 60 seeded units, above one, above two, above none
    // (the county units themselves issue no records).
    t.add_unit("WIDE", "宽范围县局", UnitKind::CountyBureau, "CITY");
    t.add_unit("NARROW", "窄范围县局", UnitKind::CountyBureau, "CITY");
    t.add_unit("PAIR", "双单位县局", UnitKind::CountyBureau, "CITY");
    t.add_unit("EMPTY", "无记录县局", UnitKind::CountyBureau, "CITY");
    let wide = &bench_units[..50];
    let narrow = &bench_units[50..51];
    let pair = &bench_units[51..53];
    {
        let mut conn = t.state.pool.get().unwrap();
        for (parent, children) in [("WIDE", wide), ("NARROW", narrow), ("PAIR", pair)] {
            diesel::update(units::table.filter(units::id.eq_any(children.to_vec())))
                .set(units::parent_id.eq(t.unit_id(parent)))
                .execute(&mut *conn)
                .unwrap();
        }
    }
    let with_parent = |parent: &str, children: &[String]| {
        let mut all = children.to_vec();
        all.push(t.unit_id(parent));
        all
    };
    let cases: Vec<(&str, Role, &str, Option<Vec<String>>)> = vec![
        ("city bureau (unscoped)", Role::Bureau, "CITY", None),
        (
            "county over 50 of 60 units",
            Role::County,
            "WIDE",
            Some(with_parent("WIDE", wide)),
        ),
        (
            "county over 1 of 60 units",
            Role::County,
            "NARROW",
            Some(with_parent("NARROW", narrow)),
        ),
        (
            "county over 2 of 60 units",
            Role::County,
            "PAIR",
            Some(with_parent("PAIR", pair)),
        ),
        (
            "county with no records",
            Role::County,
            "EMPTY",
            Some(vec![t.unit_id("EMPTY")]),
        ),
    ];
    let users: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, (_, role, unit, _))| t.add_user(&format!("bench.{i}"), unit, &[*role]))
        .collect();
    if let (Ok(path), api::db::Backend::Sqlite) = (std::env::var("BENCH_KEEP_DB"), backend()) {
        // A copy of the seeded database to study plans with the sqlite3 shell.
        let mut conn = t.state.pool.get().unwrap();
        diesel::sql_query(format!("VACUUM INTO '{path}'"))
            .execute(&mut *conn)
            .unwrap();
    }
    let server = TestServer::start(t.state.clone());
    let url = server.url("/api/v1/disclosure-records?per_page=50");
    println!(
        "staff disclosure list on {}: {count} records over {UNITS} units (seeded in {:.1} s)",
        backend().as_str(),
        seed_time.as_secs_f64()
    );
    println!("{clients} concurrent clients, {seconds} s per case, 2 server workers, pool of 16\n");
    println!(
        "{:<28} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>6} {:>10}",
        "caller",
        "req/s",
        "mean ms",
        "p99 ms",
        "floor/s",
        "mean ms",
        "p99 ms",
        "ours/floor",
        "vs unscoped"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut unscoped: Option<Figures> = None;
    for ((name, _, _, scope), user) in cases.into_iter().zip(&users) {
        let ours = runtime.block_on(hammer(&url, Some(&user.access_token), seconds, clients));
        let steps = plan(&mut t.state.pool.get().unwrap(), scope.as_deref());
        let floor = floor(&t.state.pool, seconds, clients, move |conn| {
            page_sql(conn, scope.as_deref())
        });
        let base = unscoped.get_or_insert_with(|| ours.clone()).per_second;
        println!(
            "{name:<28} {} | {} | {:>10.2} {:>10.2}",
            ours.columns(),
            floor.columns(),
            ours.per_second / floor.per_second,
            ours.per_second / base
        );
        // The plan, without the long list of unit ids.
        let steps: String = steps.chars().take(240).collect();
        println!("{:<28} plan: {steps}", "");
    }
}
