//! Bulk data for the benchmarks: disclosure records seeded set-based, and the memory
//! figure they print.

use api::db::schema::units;
use api::db::{Backend, DbConnection};
use api_types::units::UnitKind;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// County bureaus the records are spread over.
pub const UNITS: usize = 60;

/// Seeds `count` records spread over 60 county bureaus and five years (1,799 days, a
/// number prime to 60, so that every unit has records on every day), in one
/// set-based statement per backend (row-by-row inserts would take far longer).
pub fn disclosure_records(conn: &mut DbConnection, count: usize) -> Vec<String> {
    disclosure_records_over(conn, count, UNITS)
}

/// [`disclosure_records`] over `unit_count` county bureaus (a number prime to 1,799 =
/// 7 × 257 keeps every unit on every day).
pub fn disclosure_records_over(
    conn: &mut DbConnection,
    count: usize,
    unit_count: usize,
) -> Vec<String> {
    let now = api::time::now();
    let city: String = units::table
        .filter(units::code.eq("CITY"))
        .select(units::id)
        .first(conn)
        .unwrap();
    let mut unit_ids = Vec::new();
    for i in 0..unit_count {
        let row = api::resources::units::UnitRow {
            id: api::time::new_id(),
            code: format!("BENCH-{i:03}"),
            name: format!("基准测试县局{i}"),
            name_en: None,
            kind: UnitKind::CountyBureau.as_str().into(),
            parent_id: Some(city.clone()),
            active: true,
            sort_order: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(units::table)
            .values(&row)
            .execute(conn)
            .unwrap();
        unit_ids.push(row.id);
    }
    let values: Vec<String> = unit_ids
        .iter()
        .enumerate()
        .map(|(i, id)| format!("({i}, '{id}')"))
        .collect();
    let stamp = now.format("%Y-%m-%d %H:%M:%S").to_string();
    let columns = "id, issuing_unit_id, document_number, document_key, case_cause, party_kind, party_name, party_credit_code, \
                   party_id_number, public_party_name, public_case_cause, legal_basis, fine_fen, confiscated_fen, other_measures, \
                   execution_status, decision_date, power_item_id, discretion_tier, benchmark_id, fine_justification, \
                   fine_out_of_range, status, revision, publication_date, correction_reason, withdrawal_reason, version, created_at, updated_at";
    let causes = [
        "擅自设置户外广告",
        "占道经营",
        "乱倒建筑垃圾",
        "违法建设",
        "擅自挖掘城市道路",
    ];
    let cause_case = |n: &str| {
        let arms: Vec<String> = causes
            .iter()
            .enumerate()
            .map(|(i, c)| format!("WHEN {i} THEN '{c}案'"))
            .collect();
        format!("CASE {n} % 5 {} END", arms.join(" "))
    };
    let sql = match conn.backend() {
        Backend::Sqlite => format!(
            "CREATE TEMP TABLE bench_units (idx INTEGER PRIMARY KEY, id TEXT);
             INSERT INTO bench_units VALUES {values};
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
             INSERT INTO disclosure_records ({columns})
             SELECT printf('00000000-0000-7000-8000-%012d', i), u.id, '罚决字〔' || (2020 + i % 5) || '〕第' || i || '号',
                    '罚决字[' || (2020 + i % 5) || ']第' || i || '号', {cause}, 'legal_person', '某某公司' || (i % 997), NULL,
                    NULL, '某某公司' || (i % 997), {cause}, '《城市市容和环境卫生管理条例》', 100 * (500 + i % 1500), NULL, NULL,
                    'executed', date('2020-01-01', '+' || (i % 1799) || ' days'), NULL, NULL, NULL, NULL,
                    0, CASE WHEN i % 50 = 0 THEN 'draft' ELSE 'published' END, 1,
                    CASE WHEN i % 50 = 0 THEN NULL ELSE date('2020-01-01', '+' || (i % 1799 + 3) || ' days') END,
                    NULL, NULL, 1, '{stamp}', '{stamp}'
             FROM n JOIN bench_units u ON u.idx = i % {unit_count};
             DROP TABLE bench_units;
             ANALYZE;",
            values = values.join(", "),
            cause = cause_case("i"),
        ),
        Backend::Postgres => format!(
            "CREATE TEMP TABLE bench_units (idx INTEGER PRIMARY KEY, id TEXT);
             INSERT INTO bench_units VALUES {values};
             INSERT INTO disclosure_records ({columns})
             SELECT '00000000-0000-7000-8000-' || lpad(i::text, 12, '0'), u.id, '罚决字〔' || (2020 + i % 5) || '〕第' || i || '号',
                    '罚决字[' || (2020 + i % 5) || ']第' || i || '号', {cause}, 'legal_person', '某某公司' || (i % 997), NULL,
                    NULL, '某某公司' || (i % 997), {cause}, '《城市市容和环境卫生管理条例》', 100 * (500 + i % 1500), NULL, NULL,
                    'executed', DATE '2020-01-01' + (i % 1799), NULL, NULL, NULL, NULL,
                    FALSE, CASE WHEN i % 50 = 0 THEN 'draft' ELSE 'published' END, 1,
                    CASE WHEN i % 50 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 1799 + 3) END,
                    NULL, NULL, 1, TIMESTAMP '{stamp}', TIMESTAMP '{stamp}'
             FROM generate_series(1, {count}) AS i JOIN bench_units u ON u.idx = i % {unit_count};
             DROP TABLE bench_units;",
            values = values.join(", "),
            cause = cause_case("i"),
        ),
    };
    conn.batch_execute(&sql).unwrap();
    if conn.backend() == Backend::Postgres {
        // A million inserts in one statement leave what autovacuum would clear over
        // time (dead count rows, an unset visibility map): clear it now, as in steady
        // state.
        conn.batch_execute("VACUUM ANALYZE disclosure_records")
            .unwrap();
        // The counts were updated once per inserted row; in service they change a few
        // times a day and autovacuum keeps the table small.
        conn.batch_execute("VACUUM FULL ANALYZE public_disclosure_counts")
            .unwrap();
    }
    unit_ids
}

/// This process's resident set (the server runs in it), from /proc.
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}
