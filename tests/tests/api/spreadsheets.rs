//! Spreadsheets: lists downloaded as `.xlsx` (reopened with a reader and compared with
//! the list's JSON), the disclosure import template, and imports from `.xlsx`/`.csv`
//! with a per-row report in both modes.

use std::io::Cursor;

use api_types::Role;
use calamine::{Data, DataType, Reader, Xlsx};
use diesel::prelude::*;
use enforcement_tests::{app, ok, send, Reply, TestApp, TestRequest, TestUser};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{json, Value};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct World {
    t: TestApp,
    bureau: TestUser,
    xq: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    World {
        bureau: t.add_user("s.bureau", "CITY", &[Role::Bureau]),
        xq: t.add_user("s.xq", "XQ", &[Role::County]),
        t,
    }
}

/// The sheets of a workbook: name and rows of cells.
fn sheets(reply: &Reply) -> Vec<(String, Vec<Vec<Data>>)> {
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    assert_eq!(reply.content_type(), XLSX);
    let disposition = reply.header("content-disposition").unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    assert_eq!(reply.header("cache-control").as_deref(), Some("no-store"));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(reply.body.clone())).expect("a workbook");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn date(cell: &Data) -> String {
    match cell {
        Data::DateTime(dt) => dt.as_datetime().unwrap().date().to_string(),
        other => panic!("not a date cell: {other:?}"),
    }
}

fn count(t: &TestApp) -> i64 {
    use api::db::schema::disclosure_records;
    let mut conn = t.state.pool.get().unwrap();
    disclosure_records::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

fn upload(user: &TestUser, query: &str, content_type: &str, body: Vec<u8>) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/disclosure-records:import{query}"))
        .insert_header(user.bearer())
        .insert_header(("Content-Type", content_type))
        .set_payload(body)
}

/// A workbook with the template's header row and `rows`, as staff fill it in:
/// dates as date cells or text, amounts as numbers or text.
fn filled(headers: &[String], rows: &[Vec<Value>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, h) in (0u16..).zip(headers) {
        sheet.write_string(0, col, h).unwrap();
    }
    for (row, values) in (1u32..).zip(rows) {
        for (col, v) in (0u16..).zip(values) {
            match v {
                Value::Null => {}
                Value::Number(n) => {
                    sheet.write_number(row, col, n.as_f64().unwrap()).unwrap();
                }
                Value::String(s) if s.starts_with("date:") => {
                    let day = chrono::NaiveDate::parse_from_str(&s[5..], "%Y-%m-%d").unwrap();
                    sheet
                        .write_datetime_with_format(row, col, day, &date)
                        .unwrap();
                }
                Value::String(s) => {
                    sheet.write_string(row, col, s).unwrap();
                }
                other => panic!("no cell for {other}"),
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[actix_web::test]
async fn an_xlsx_with_a_bad_row_in_the_middle_is_reported_by_row_and_column_in_both_modes() {
    let w = world();
    let app = app!(w);

    // The template: required headers marked, an instructions sheet.
    let template =
        sheets(&send(&app, w.xq.get("/api/v1/disclosure-records:import-template")).await);
    assert_eq!(template[1].0, "填写说明");
    let headers: Vec<String> = template[0].1[0].iter().map(text).collect();
    assert_eq!(headers[0], "执法单位*");
    assert!(
        headers.contains(&"罚款金额（元）".to_string()),
        "{headers:?}"
    );
    assert!(headers.contains(&"决定书文号*".to_string()));
    let at = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_end_matches('*') == name)
            .unwrap()
    };

    let row = |unit: &str, number: &str, kind: &str, fine: Value, decided: &str| {
        let mut cells = vec![Value::Null; headers.len()];
        cells[at("执法单位")] = json!(unit);
        cells[at("决定书文号")] = json!(number);
        cells[at("案由")] = json!("占道经营案");
        cells[at("当事人类型")] = json!(kind);
        cells[at("当事人名称")] = json!("某某商贸有限公司");
        cells[at("统一社会信用代码")] = json!("91350100M000100Y43");
        cells[at("处罚依据")] = json!("《城市道路管理条例》第四十二条");
        cells[at("罚款金额（元）")] = fine;
        cells[at("执行情况")] = json!("已执行");
        cells[at("决定日期")] = json!(decided);
        cells
    };
    let workbook = filled(
        &headers,
        &[
            row(
                "XQ",
                "新城管罚决字〔2022〕第301号",
                "法人",
                json!(500),
                "date:2022-05-10",
            ),
            row(
                "XQ",
                "新城管罚决字〔2022〕第302号",
                "公司",
                json!("一千元"),
                "2022-13-01",
            ),
            row(
                "新区城管执法局",
                "新城管罚决字〔2022〕第303号",
                "法人",
                json!("1,200.50元"),
                "2022/5/11",
            ),
        ],
    );

    // All or nothing: refused, nothing stored, row 3 named with its three columns.
    let refused = send(
        &app,
        upload(&w.xq, "?mode=all_or_nothing", XLSX, workbook.clone()),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    let report = &problem["report"];
    assert_eq!(report["rows_read"], 3);
    assert_eq!(
        (report["rejected"].as_i64(), report["not_applied"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(report["rows"][1]["row"], 3);
    assert_eq!(report["rows"][1]["status"], "rejected");
    let columns: Vec<&str> = report["rows"][1]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["column"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["当事人类型", "罚款金额（元）", "决定日期"]);
    assert_eq!(
        report["rows"][1]["errors"][1]["error"]["code"],
        "invalid_amount"
    );
    assert_eq!(report["rows"][0]["status"], "not_applied");
    assert!(problem["errors"][0]["field"]
        .as_str()
        .unwrap()
        .starts_with("rows[3]."));
    assert_eq!(count(&w.t), 0, "nothing stored");

    // Each row: rows 2 and 4 stored, row 3 reported.
    let each = ok(
        &send(&app, upload(&w.xq, "", XLSX, workbook.clone())).await,
        200,
    );
    assert_eq!(
        (each["created"].as_i64(), each["rejected"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(each["mode"], "each_record");
    assert_eq!(each["rows"][2]["row"], 4);
    assert_eq!(each["rows"][2]["key"], "新城管罚决字〔2022〕第303号");
    assert_eq!(count(&w.t), 2);
    let stored = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/disclosure-records/{}",
                each["rows"][2]["id"].as_str().unwrap()
            )),
        )
        .await,
        200,
    );
    assert_eq!(
        stored["content"]["fine_fen"], 120_050,
        "yuan with a thousands separator"
    );
    assert_eq!(stored["content"]["decision_date"], "2022-05-11");
    assert_eq!(stored["content"]["execution_status"], "executed");

    // The same file again: nothing new.
    let again = ok(&send(&app, upload(&w.xq, "", XLSX, workbook)).await, 200);
    assert_eq!(
        (again["created"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(2))
    );
    assert_eq!(count(&w.t), 2);

    // The imports are in the audit trail with the file's hash.
    let events = ok(
        &send(&app, w.bureau.get("/api/v1/audit-events?action=import")).await,
        200,
    );
    assert_eq!(
        events["total"], 2,
        "the refused import left no trace but its 422"
    );
    assert_eq!(
        events["items"][0]["after"]["file_sha256"],
        each["file_sha256"]
    );
}

#[actix_web::test]
async fn files_are_told_by_their_bytes_and_a_header_off_the_template_is_refused() {
    let w = world();
    let app = app!(w);
    // A PDF and an old .xls, both declared as .xlsx.
    let pdf = send(
        &app,
        upload(
            &w.xq,
            "",
            XLSX,
            b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec(),
        ),
    )
    .await;
    pdf.assert_problem(415, "unsupported_media_type");
    let xls = send(
        &app,
        upload(
            &w.xq,
            "",
            XLSX,
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
        ),
    )
    .await;
    let problem = xls.assert_problem(415, "unsupported_media_type");
    assert!(problem["detail"].as_str().unwrap().contains(".xlsx"));

    // A few bytes whose used range spans the whole sheet: refused by position, never
    // laid out as a grid.
    let sprawling = {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "执法单位").unwrap();
        sheet.write_string(1_048_575, 16_383, "远处").unwrap();
        book.save_to_buffer().unwrap()
    };
    let problem = send(&app, upload(&w.xq, "", XLSX, sprawling))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "too_many_columns");

    // A .csv saved by Excel on Chinese Windows (GB18030), headers with half-width brackets.
    let csv = "执法单位,决定书文号,案由,当事人类型,当事人名称,处罚依据,罚款金额(元),执行情况,决定日期\n\
               XQ,新城管罚决字〔2022〕第401号,占道经营案,法人,某公司,条例,200,未执行,2022-05-12\n\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(csv);
    let done = ok(
        &send(&app, upload(&w.xq, "", "text/csv", gb.into_owned())).await,
        200,
    );
    assert_eq!(done["created"], 1, "{done}");
    assert_eq!(done["rows_read"], 1, "the blank line is skipped");

    // A column that is not in the template refuses the file, naming it.
    let off = "执法单位,决定书文号,案由,当事人类型,当事人名称,处罚依据,罚金,执行情况,决定日期\n\
               XQ,新城管罚决字〔2022〕第402号,占道经营案,法人,某公司,条例,200,未执行,2022-05-12\n";
    let refused = send(&app, upload(&w.xq, "", "text/csv", off.as_bytes().to_vec())).await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "header");
    assert_eq!(problem["errors"][0]["code"], "unknown_column");
    assert!(problem["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("罚金"));

    // A row for a unit outside the caller's scope refuses the whole file.
    let other = "执法单位,决定书文号,案由,当事人类型,当事人名称,处罚依据,执行情况,决定日期\n\
                 XQ,新城管罚决字〔2022〕第403号,占道经营案,法人,某公司,条例,已执行,2022-05-12\n\
                 YQ,永城管罚决字〔2022〕第1号,占道经营案,法人,某公司,条例,已执行,2022-05-12\n";
    let forbidden = send(
        &app,
        upload(&w.xq, "", "text/csv", other.as_bytes().to_vec()),
    )
    .await;
    forbidden.assert_problem(403, "forbidden");
    assert_eq!(count(&w.t), 1, "only the GB18030 row");
}

#[actix_web::test]
async fn exported_workbooks_hold_what_the_lists_show() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let record = |number: &str, kind: &str, fine: i64, decided: &str| {
        json!({
            "issuing_unit_id": xq, "document_number": number, "case_cause": "占道经营案",
            "party_kind": kind, "party_name": if kind == "natural_person" { "张三" } else { "某公司" },
            "legal_basis": "条例", "fine_fen": fine, "execution_status": "executed", "decision_date": decided
        })
    };
    let batch = json!({"mode": "each_record", "publish": true, "records": [
        record("新城管罚决字〔2022〕第501号", "legal_person", 50_000, "2022-05-10"),
        record("新城管罚决字〔2022〕第502号", "natural_person", 12_345, "2022-05-12"),
        record("新城管罚决字〔2022〕第503号", "legal_person", 99, "2022-05-11"),
    ]});
    let created = ok(
        &send(&app, w.xq.post("/api/v1/disclosure-records:batch", &batch)).await,
        200,
    );
    assert_eq!(created["created"], 3);

    // Same filter, same sort: the workbook's rows are the list's items.
    let query = "?party_kind=legal_person&sort=decision_date&per_page=1";
    let list = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/disclosure-records{query}")),
        )
        .await,
        200,
    );
    let book = sheets(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/disclosure-records:xlsx{query}")),
        )
        .await,
    );
    let (name, rows) = &book[0];
    assert_eq!(name, "行政处罚结果公开");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    assert_eq!(
        rows.len() - 1,
        2,
        "every matching row, not one page: {}",
        list["total"]
    );
    let all = ok(
        &send(
            &app,
            w.xq.get("/api/v1/disclosure-records?party_kind=legal_person&sort=decision_date"),
        )
        .await,
        200,
    );
    for (item, row) in all["items"].as_array().unwrap().iter().zip(&rows[1..]) {
        assert_eq!(
            text(&row[at("决定书文号")]),
            item["content"]["document_number"].as_str().unwrap()
        );
        assert_eq!(text(&row[at("执法单位")]), "新区城管执法局");
        assert_eq!(text(&row[at("当事人类型")]), "法人");
        assert_eq!(
            date(&row[at("决定日期")]),
            item["content"]["decision_date"].as_str().unwrap()
        );
        let yuan = row[at("罚款金额（元）")].as_f64().unwrap();
        assert!((yuan * 100.0 - item["content"]["fine_fen"].as_f64().unwrap()).abs() < 1e-6);
        assert_eq!(text(&row[at("状态")]), "已公开");
        assert_eq!(text(&row[at("超出裁量幅度")]), "否");
    }
    assert_eq!(
        text(&rows[1][at("决定书文号")]),
        "新城管罚决字〔2022〕第501号",
        "decision date order"
    );

    // The audit list: same events in the same order, with names.
    let events = ok(
        &send(
            &app,
            w.bureau
                .get("/api/v1/audit-events?action=create&per_page=100"),
        )
        .await,
        200,
    );
    let book = sheets(
        &send(
            &app,
            w.bureau.get("/api/v1/audit-events:xlsx?action=create"),
        )
        .await,
    );
    let rows = &book[0].1;
    assert_eq!(rows[0][0], Data::String("序号".into()));
    let ids: Vec<i64> = rows[1..].iter().map(|r| r[0].as_i64().unwrap()).collect();
    let listed: Vec<i64> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, listed);
    assert_eq!(
        text(&rows[1][2]),
        "s.xq",
        "the actor's name (here: the login)"
    );
    assert_eq!(text(&rows[1][5]), "新增");

    // Each download is an export in the audit trail.
    let exports = ok(
        &send(&app, w.bureau.get("/api/v1/audit-events?action=export")).await,
        200,
    );
    let stems: Vec<&str> = exports["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource_id"].as_str().unwrap())
        .collect();
    assert_eq!(stems, ["audit-events", "disclosure-records"]);
    assert_eq!(
        exports["items"][1]["after"]["query"],
        query.trim_start_matches('?')
    );
}

#[actix_web::test]
async fn the_task_workbook_holds_the_plans_tasks_with_unit_names() {
    let w = crate::plans::world();
    let app = app!(w);
    let (plan, tasks) = crate::plans::import(&app, &w.bureau).await;
    let book = sheets(&send(&app, w.xq.get(&format!("/api/v1/plans/{plan}/tasks:xlsx"))).await);
    let (name, rows) = &book[0];
    assert_eq!(name, "工作方案任务");
    assert_eq!(rows.len() - 1, tasks.len());
    for (task, row) in tasks.iter().zip(&rows[1..]) {
        assert_eq!(row[0].as_i64(), task["number"].as_i64());
        assert_eq!(text(&row[1]), task["title"].as_str().unwrap());
        assert!(!text(&row[4]).is_empty(), "lead unit names");
    }
    // Task 9 is led by the law section.
    assert!(text(&rows[9][4]).contains("政策法规科"), "{:?}", rows[9][4]);
    let missing = send(
        &app,
        w.xq.get("/api/v1/plans/00000000-0000-7000-8000-000000000000/tasks:xlsx"),
    )
    .await;
    missing.assert_problem(404, "not_found");
}
