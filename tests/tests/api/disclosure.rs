//! Penalty disclosure, the power list and discretion benchmarks: exact rules, masked
//! public data, working-day deadlines, versioned catalogues, batch import.

use actix_web::test::TestRequest;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{app, ok, send, Reply, TestApp, TestUser};
use serde_json::{json, Value};

struct World {
    t: TestApp,
    bureau: TestUser,
    law: TestUser,
    xq: TestUser,
    yq: TestUser,
    admin: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    World {
        bureau: t.add_user("d.bureau", "CITY", &[Role::Bureau]),
        law: t.add_user("d.law", "CITY-LAW", &[Role::Section]),
        xq: t.add_user("d.xq", "XQ", &[Role::County]),
        yq: t.add_user("d.yq", "YQ", &[Role::County]),
        admin: t.add_user("d.admin", "CITY", &[Role::Admin]),
        t,
    }
}

pub(crate) fn person(
    unit: &str,
    number: &str,
    name: &str,
    id_number: &str,
    decided: &str,
) -> Value {
    json!({
        "issuing_unit_id": unit,
        "document_number": number,
        "case_cause": format!("{name}未经批准擅自设置户外广告案"),
        "party_kind": "natural_person",
        "party_name": name,
        "party_id_number": id_number,
        "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
        "fine_fen": 100000,
        "execution_status": "executed",
        "decision_date": decided,
    })
}

fn company(unit: &str, number: &str, decided: &str) -> Value {
    json!({
        "issuing_unit_id": unit,
        "document_number": number,
        "case_cause": "占道经营案",
        "party_kind": "legal_person",
        "party_name": "某某商贸有限公司",
        "party_credit_code": "91350100M000100Y43",
        "legal_basis": "《城市道路管理条例》第四十二条",
        "fine_fen": 50000,
        "other_measures": "责令改正",
        "execution_status": "not_executed",
        "decision_date": decided,
    })
}

/// Creates and publishes a record as `user`; returns the record.
pub(crate) async fn publish<S, B>(app: &S, user: &TestUser, body: &Value, on: &str) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let draft = ok(
        &send(app, user.post("/api/v1/disclosure-records", body)).await,
        201,
    );
    let id = draft["id"].as_str().unwrap();
    ok(
        &send(
            app,
            user.post(
                &format!("/api/v1/disclosure-records/{id}/publish"),
                &json!({"publication_date": on}),
            )
            .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    )
}

#[actix_web::test]
async fn duplicate_document_numbers_are_conflicts_after_normalising() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let yq = w.t.unit_id("YQ");
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &company(&xq, "新城管罚决字〔2022〕第15号", "2022-05-10"),
            ),
        )
        .await,
        201,
    );
    for variant in [
        "新城管罚决字〔2022〕第15号",
        "新城管罚决字[2022]第015号",
        "新城管罚决字（２０２２）第 15 号",
    ] {
        let reply = send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &company(&xq, variant, "2022-05-10"),
            ),
        )
        .await;
        assert_eq!(
            reply.assert_problem(409, "duplicate")["errors"][0]["field"],
            "document_number"
        );
    }
    // Unique per issuing unit: another unit may use the same number.
    ok(
        &send(
            &app,
            w.yq.post(
                "/api/v1/disclosure-records",
                &company(&yq, "新城管罚决字〔2022〕第15号", "2022-05-10"),
            ),
        )
        .await,
        201,
    );
    // And a county cannot file for another county.
    send(
        &app,
        w.xq.post(
            "/api/v1/disclosure-records",
            &company(&yq, "新城管罚决字〔2022〕第99号", "2022-05-10"),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn party_fields_are_validated() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let mut bad_id = person(&xq, "罚1号", "张三", "11010519491231002X", "2022-05-10");
    bad_id["party_id_number"] = json!("110105194912310021");
    let r = send(&app, w.xq.post("/api/v1/disclosure-records", &bad_id)).await;
    assert_eq!(
        r.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "party_id_number"
    );
    let mut person_with_code = person(&xq, "罚2号", "张三", "11010519491231002X", "2022-05-10");
    person_with_code["party_credit_code"] = json!("91350100M000100Y43");
    let r = send(
        &app,
        w.xq.post("/api/v1/disclosure-records", &person_with_code),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "not_for_persons"
    );
    let future = company(&xq, "罚3号", "2099-01-01");
    let r = send(&app, w.xq.post("/api/v1/disclosure-records", &future)).await;
    assert_eq!(
        r.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "decision_date"
    );
    let mut bad_kind = company(&xq, "罚4号", "2022-05-10");
    bad_kind["execution_status"] = json!("done");
    send(&app, w.xq.post("/api/v1/disclosure-records", &bad_kind))
        .await
        .assert_problem(400, "unknown_enum_value");
}

#[actix_web::test]
async fn the_public_sees_masked_names_and_no_private_field() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let people = [
        ("张三丰", "11010519491231002X", "张某某"),
        ("李四", "440524188001010014", "李某"),
        ("欧阳娜娜", "320102199003071239", "欧阳某某"),
    ];
    let mut ids = Vec::new();
    for (i, (name, id_number, _)) in people.iter().enumerate() {
        let record = publish(
            &app,
            &w.xq,
            &person(
                &xq,
                &format!("新城管罚决字〔2022〕第{}号", i + 1),
                name,
                id_number,
                "2022-05-10",
            ),
            "2022-05-12",
        )
        .await;
        ids.push(record["id"].as_str().unwrap().to_string());
    }
    publish(
        &app,
        &w.xq,
        &company(&xq, "新城管罚决字〔2022〕第9号", "2022-05-10"),
        "2022-05-12",
    )
    .await;
    // A draft stays private.
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &person(&xq, "草稿1号", "王五", "110105194912310038", "2022-05-10"),
            ),
        )
        .await,
        201,
    );

    let public = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/disclosure-records?per_page=200"),
        )
        .await,
        200,
    );
    assert_eq!(public["total"], 4, "drafts are not public");
    for ((_, _, masked), id) in people.iter().zip(&ids) {
        let one = ok(
            &send(
                &app,
                TestRequest::get().uri(&format!("/api/v1/public/disclosure-records/{id}")),
            )
            .await,
            200,
        );
        assert_eq!(one["party_name"], *masked);
        assert!(
            one["case_cause"].as_str().unwrap().starts_with(masked),
            "names are scrubbed from the cause: {one}"
        );
        assert_eq!(one["party_credit_code"], Value::Null);
    }
    let org = public["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["party_kind"] == "legal_person")
        .unwrap();
    assert_eq!(
        org["party_name"], "某某商贸有限公司",
        "organisations are named"
    );
    assert_eq!(org["party_credit_code"], "91350100M000100Y43");

    // Searching by a person's name finds nothing; by the cause it finds the record.
    let by_name = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/disclosure-records?q=%E6%9D%8E%E5%9B%9B"),
        )
        .await,
        200,
    ); // 李四
    assert_eq!(by_name["total"], 0);
    let by_cause = ok(
        &send(
            &app,
            TestRequest::get().uri(
                "/api/v1/public/disclosure-records?cause=%E6%88%B7%E5%A4%96%E5%B9%BF%E5%91%8A",
            ),
        )
        .await,
        200,
    ); // 户外广告
    assert_eq!(by_cause["total"], 3);
    let by_unit = ok(
        &send(
            &app,
            TestRequest::get().uri(&format!(
                "/api/v1/public/disclosure-records?unit_id={xq}&month=2022-05"
            )),
        )
        .await,
        200,
    );
    assert_eq!(by_unit["total"], 4);

    // Scan every public response for every private value.
    let mut private: Vec<String> = Vec::new();
    for (name, id_number, _) in &people {
        private.push(name.to_string());
        private.push(id_number.to_string());
        private.push(id_number.to_uppercase());
    }
    private.extend(["王五".to_string(), "110105194912310038".to_string()]);
    let mut paths = vec![
        "/api/v1/public/disclosure-records?per_page=200".to_string(),
        "/api/v1/public/disclosure-records/feed".to_string(),
        "/api/v1/public/units".to_string(),
        "/api/v1/public/power-items".to_string(),
        "/api/v1/public/discretion-benchmarks".to_string(),
        "/api/v1/public/working-calendar?year=2022".to_string(),
        "/api/v1/public/disclosure-records?q=%E5%BC%A0".to_string(),
    ];
    paths.extend(
        ids.iter()
            .map(|id| format!("/api/v1/public/disclosure-records/{id}")),
    );
    for path in paths {
        let reply = send(&app, TestRequest::get().uri(&path)).await;
        assert_eq!(reply.status, 200, "{path}");
        let text = reply.text();
        for value in &private {
            assert!(!text.contains(value.as_str()), "{path} leaks {value}");
        }
        assert!(
            !text.contains("party_id_number") && !text.contains("fine_justification"),
            "{path} exposes a private field"
        );
    }
    // The private API does show them to the issuing unit.
    let private_view = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/disclosure-records/{}", ids[0])),
        )
        .await,
        200,
    );
    assert_eq!(
        private_view["content"]["party_id_number"],
        "11010519491231002X"
    );
    // A withdrawn record disappears from the public pages.
    let version = private_view["version"].as_i64().unwrap();
    ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/disclosure-records/{}/withdraw", ids[0]),
                &json!({"reason": "经行政复议撤销"}),
            )
            .insert_header(("If-Match", format!("\"{version}\""))),
        )
        .await,
        200,
    );
    send(
        &app,
        TestRequest::get().uri(&format!("/api/v1/public/disclosure-records/{}", ids[0])),
    )
    .await
    .assert_problem(404, "not_found");
    // Totals (kept per unit and month by the database) follow every change.
    let total = |path: String| {
        let app = &app;
        async move {
            ok(&send(app, TestRequest::get().uri(&path)).await, 200)["total"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(total("/api/v1/public/disclosure-records".into()).await, 3);
    assert_eq!(
        total(format!(
            "/api/v1/public/disclosure-records?unit_id={xq}&month=2022-05"
        ))
        .await,
        3
    );
    let record = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/disclosure-records/{}", ids[1])),
        )
        .await,
        200,
    );
    let mut moved = record["content"].clone();
    moved["decision_date"] = json!("2022-06-01");
    let version = record["version"].as_i64().unwrap();
    let corrected = send(
        &app,
        w.xq.post(
            &format!("/api/v1/disclosure-records/{}/correct", ids[1]),
            &json!({"content": moved, "reason": "决定日期录入错误"}),
        )
        .insert_header(("If-Match", format!("\"{version}\""))),
    )
    .await;
    ok(&corrected, 200);
    assert_eq!(
        total(format!(
            "/api/v1/public/disclosure-records?unit_id={xq}&month=2022-05"
        ))
        .await,
        2
    );
    assert_eq!(
        total("/api/v1/public/disclosure-records?month=2022-06".into()).await,
        1
    );
    assert_eq!(
        total("/api/v1/public/disclosure-records?cause=%E5%B9%BF%E5%91%8A".into()).await,
        2,
        "counted rows for text filters"
    );
}

#[actix_web::test]
async fn the_feed_is_atom_with_masked_entries() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    publish(
        &app,
        &w.xq,
        &person(
            &xq,
            "新城管罚决字〔2022〕第7号",
            "赵六",
            "11010519491231002X",
            "2022-06-01",
        ),
        "2022-06-02",
    )
    .await;
    let feed = send(
        &app,
        TestRequest::get().uri("/api/v1/public/disclosure-records/feed"),
    )
    .await;
    assert_eq!(feed.status, 200);
    assert!(feed.content_type().starts_with("application/atom+xml"));
    let text = feed.text();
    assert!(
        text.starts_with("<?xml") && text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert_eq!(text.matches("<entry>").count(), 1);
    assert!(text.contains("赵某") && !text.contains("赵六"));
    assert!(text.contains("新城管罚决字〔2022〕第7号"));
    // The public reads the execution status in words, not as a code.
    assert!(
        text.contains("执行情况：已执行") && !text.contains("：executed"),
        "{text}"
    );
}

#[actix_web::test]
async fn deadlines_count_working_days_across_holidays_and_make_up_days() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    // Decided Thursday 29 September 2022: Fri 30 is day 1; 1–7 October are the national
    // holiday; Sat 8 and Sun 9 are make-up working days (2, 3); Mon 10 … Thu 13 (7).
    let on_time = publish(
        &app,
        &w.xq,
        &company(&xq, "罚〔2022〕101号", "2022-09-29"),
        "2022-10-13",
    )
    .await;
    assert_eq!(on_time["publication_deadline"], "2022-10-13");
    assert_eq!(on_time["timeliness"], "on_time");
    assert_eq!(on_time["calendar_incomplete"], false);
    let late = publish(
        &app,
        &w.xq,
        &company(&xq, "罚〔2022〕102号", "2022-09-29"),
        "2022-10-14",
    )
    .await;
    assert_eq!(late["timeliness"], "late");
    // Spring Festival 2023: decided Fri 20 January; Sat 21 – Fri 27 off (the weekdays
    // are holidays); Sat 28 and Sun 29 are working days (1, 2); Mon 30 … Fri 3 Feb (7).
    let spring = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &company(&xq, "罚〔2023〕1号", "2023-01-20"),
            ),
        )
        .await,
        201,
    );
    assert_eq!(spring["publication_deadline"], "2023-02-03");
    assert_eq!(
        spring["timeliness"], "overdue",
        "never published, long past"
    );
    // Without calendar data for a year, the answer says so.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let recent = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &company(&xq, "罚〔近期〕1号", &today.to_string()),
            ),
        )
        .await,
        201,
    );
    assert_eq!(
        recent["calendar_incomplete"],
        today.format("%Y").to_string().parse::<i32>().unwrap() > 2026
    );
    assert_eq!(recent["timeliness"], "pending");

    // Completeness of the unit in September 2022: both published, one late.
    let report = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/disclosure-records/completeness?month=2022-09&unit_id={xq}"
            )),
        )
        .await,
        200,
    );
    let row = &report["rows"][0];
    assert_eq!(
        (
            row["decided"].as_i64(),
            row["published"].as_i64(),
            row["on_time"].as_i64(),
            row["late"].as_i64()
        ),
        (Some(2), Some(2), Some(1), Some(1))
    );
    assert_eq!(row["completeness"], 1.0);
    let jan = ok(
        &send(
            &app,
            w.bureau
                .get("/api/v1/disclosure-records/completeness?month=2023-01"),
        )
        .await,
        200,
    );
    let row = jan["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_code"] == "XQ")
        .unwrap();
    assert_eq!(
        (
            row["published"].as_i64(),
            row["overdue"].as_i64(),
            row["completeness"].as_f64()
        ),
        (Some(0), Some(1), Some(0.0))
    );
    send(
        &app,
        w.xq.get("/api/v1/disclosure-records/completeness?month=2023-1"),
    )
    .await
    .assert_problem(400, "invalid_query");
}

#[actix_web::test]
async fn the_calendar_is_data_an_administrator_maintains() {
    let w = world();
    let app = app!(w);
    let year = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/working-calendar?year=2022"),
        )
        .await,
        200,
    );
    assert!(year["days"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["date"] == "2022-10-08" && d["kind"] == "workday"));
    let tag = send(
        &app,
        TestRequest::get().uri("/api/v1/public/working-calendar?year=2030"),
    )
    .await
    .header("etag")
    .unwrap();
    let cached = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/public/working-calendar?year=2030")
            .insert_header(("If-None-Match", tag.clone())),
    )
    .await;
    assert_eq!(cached.status, 304, "the year's ETag answers If-None-Match");
    let body = json!({"days": [
        {"date": "2030-10-01", "kind": "holiday", "name": "国庆节"},
        {"date": "2030-09-29", "kind": "workday", "name": "国庆节调休"}
    ]});
    let put = |tag: &str| {
        TestRequest::put()
            .uri("/api/v1/working-calendar/2030")
            .insert_header(w.admin.bearer())
            .insert_header(("If-Match", tag.to_string()))
            .set_json(&body)
    };
    send(
        &app,
        TestRequest::put()
            .uri("/api/v1/working-calendar/2030")
            .insert_header(w.law.bearer())
            .insert_header(("If-Match", tag.clone()))
            .set_json(&body),
    )
    .await
    .assert_problem(403, "forbidden");
    let saved = ok(&send(&app, put(&tag)).await, 200);
    assert_eq!(saved["days"].as_array().unwrap().len(), 2);
    send(&app, put(&tag))
        .await
        .assert_problem(412, "precondition_failed");
    let bad = json!({"days": [{"date": "2030-10-05", "kind": "holiday", "name": "周六"}]});
    let new_tag = send(
        &app,
        TestRequest::get().uri("/api/v1/public/working-calendar?year=2030"),
    )
    .await
    .header("etag")
    .unwrap();
    let reply = send(
        &app,
        TestRequest::put()
            .uri("/api/v1/working-calendar/2030")
            .insert_header(w.admin.bearer())
            .insert_header(("If-Match", new_tag))
            .set_json(&bad),
    )
    .await;
    assert_eq!(
        reply.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "weekend_holiday"
    );

    // 2026 is shipped unverified until someone checks it and saves the year; 2022 is
    // checked data.
    assert_eq!(year["unverified"], false);
    let y2026 = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/working-calendar?year=2026"),
        )
        .await,
        200,
    );
    assert_eq!(y2026["unverified"], true);
    let checked = ok(
        &send(
            &app,
            TestRequest::put()
                .uri("/api/v1/working-calendar/2026")
                .insert_header(w.admin.bearer())
                .insert_header(("If-Match", y2026["tag"].as_str().unwrap().to_string()))
                .set_json(json!({"days": y2026["days"]})),
        )
        .await,
        200,
    );
    assert_eq!(checked["unverified"], false);
    assert_eq!(
        checked["days"], y2026["days"],
        "saved as checked, unchanged"
    );
    assert_ne!(
        checked["tag"], y2026["tag"],
        "the tag changes with the flag, so no cached copy keeps showing it"
    );
    let again = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/working-calendar?year=2026"),
        )
        .await,
        200,
    );
    assert_eq!(again["unverified"], false);
}

async fn adjust<S, B>(app: &S, user: &TestUser, body: Value) -> Reply
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    send(app, user.post("/api/v1/power-adjustments", &body)).await
}

fn power(unit: &str, name: &str, basis: &str) -> Value {
    json!({
        "name": name, "category": "administrative_penalty", "legal_basis": basis, "responsible_unit_id": unit,
        "responsibility_items": ["立案责任", "调查取证责任", "决定责任"], "accountability": "不履行或不正确履行职责的，依法追责"
    })
}

#[actix_web::test]
async fn the_power_list_is_changed_by_dated_adjustments_and_read_as_of_any_day() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let hr = w.t.unit_id("CITY-HR");
    let a = ok(
        &adjust(&app, &w.law, json!({"kind": "add", "code": "CF-0001", "content": power(&law, "对擅自设置户外广告的处罚", "条例第三十六条"), "reason": "initial_listing", "effective_from": "2022-01-01"})).await,
        201,
    );
    let a_id = a["item_id"].as_str().unwrap().to_string();
    let b = ok(
        &adjust(&app, &w.bureau, json!({"kind": "add", "code": "CF-0002", "content": power(&law, "对占道经营的处罚", "条例第四十二条"), "reason": "law_enacted", "effective_from": "2022-03-01"})).await,
        201,
    );
    let b_id = b["item_id"].as_str().unwrap().to_string();
    ok(
        &adjust(&app, &w.law, json!({"kind": "amend", "item_id": a_id, "content": power(&law, "对擅自设置户外广告的处罚", "条例（2022年修订）第三十六条"), "reason": "law_revised", "reason_detail": "条例修订", "effective_from": "2022-06-01"})).await,
        201,
    );
    ok(&adjust(&app, &w.law, json!({"kind": "repeal", "item_id": b_id, "reason": "function_transferred", "effective_from": "2022-09-01"})).await, 201);

    // The export: each adjustment as listed, with the content it set (none for a repeal).
    let (exported, _) = enforcement_tests::export(&app, &w.bureau, "power-adjustments").await;
    let listed = ok(
        &send(
            &app,
            TestRequest::get()
                .uri("/api/v1/public/power-adjustments?from=2022-01-01&to=2022-12-31"),
        )
        .await,
        200,
    );
    let listed = listed["items"].as_array().unwrap();
    assert_eq!(exported.len(), 4);
    assert_eq!(listed.len(), 4);
    for adjustment in listed {
        let line = exported
            .iter()
            .find(|l| l["id"] == adjustment["id"])
            .unwrap();
        let mut without_content = line.clone();
        without_content.as_object_mut().unwrap().remove("content");
        assert_eq!(&without_content, adjustment);
        match adjustment["kind"].as_str().unwrap() {
            "repeal" => assert!(line["content"].is_null()),
            _ => assert!(line["content"]["legal_basis"].is_string()),
        }
    }
    assert!(exported
        .iter()
        .any(|l| l["content"]["legal_basis"] == "条例（2022年修订）第三十六条"));

    let as_of = |day: &str| format!("/api/v1/public/power-items?as_of={day}");
    let codes = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| format!("{}v{}", i["code"].as_str().unwrap(), i["version_no"]))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&ok(
            &send(&app, TestRequest::get().uri(&as_of("2021-12-31"))).await,
            200
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&ok(
            &send(&app, TestRequest::get().uri(&as_of("2022-02-01"))).await,
            200
        )),
        ["CF-0001v1"]
    );
    assert_eq!(
        codes(&ok(
            &send(&app, TestRequest::get().uri(&as_of("2022-07-01"))).await,
            200
        )),
        ["CF-0001v2", "CF-0002v1"]
    );
    assert_eq!(
        codes(&ok(
            &send(&app, TestRequest::get().uri(&as_of("2022-10-01"))).await,
            200
        )),
        ["CF-0001v2"]
    );
    let v1 = ok(
        &send(&app, TestRequest::get().uri(&as_of("2022-05-31"))).await,
        200,
    );
    assert_eq!(
        v1["items"][0]["content"]["legal_basis"], "条例第三十六条",
        "the day before the amendment"
    );

    let diff = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/power-items/diff?from=2022-02-01&to=2022-07-01"),
        )
        .await,
        200,
    );
    assert_eq!(diff["added"].as_array().unwrap().len(), 1);
    assert_eq!(diff["added"][0]["code"], "CF-0002");
    assert_eq!(diff["amended"][0]["code"], "CF-0001");
    assert_eq!(diff["amended"][0]["changed_fields"], json!(["legal_basis"]));
    assert_eq!(diff["amended"][0]["before"]["version_no"], 1);
    assert_eq!(diff["amended"][0]["after"]["version_no"], 2);
    let diff = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/power-items/diff?from=2022-07-01&to=2022-10-01"),
        )
        .await,
        200,
    );
    assert_eq!(diff["repealed"][0]["code"], "CF-0002");
    assert!(
        diff["added"].as_array().unwrap().is_empty()
            && diff["amended"].as_array().unwrap().is_empty()
    );
    let reversed = send(
        &app,
        TestRequest::get().uri("/api/v1/public/power-items/diff?from=2022-10-01&to=2022-07-01"),
    )
    .await;
    // A rule between two well-formed parameters: 422 naming `from`, as the contract says.
    assert_eq!(
        reversed.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "from"
    );

    let history = ok(
        &send(
            &app,
            TestRequest::get().uri(&format!("/api/v1/public/power-items/{a_id}")),
        )
        .await,
        200,
    );
    let kinds: Vec<&str> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["add", "amend"]);
    assert_eq!(history["versions"][1]["reason"], "law_revised");

    // Back-dating, amending a repealed item, a taken code, another section's item.
    let r = adjust(&app, &w.law, json!({"kind": "amend", "item_id": a_id, "content": power(&law, "x", "y"), "reason": "correction", "effective_from": "2022-05-01"})).await;
    assert_eq!(
        r.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "effective_from"
    );
    adjust(&app, &w.law, json!({"kind": "amend", "item_id": b_id, "content": power(&law, "x", "y"), "reason": "correction", "effective_from": "2023-01-01"}))
        .await
        .assert_problem(409, "invalid_state");
    adjust(&app, &w.law, json!({"kind": "add", "code": "CF-0001", "content": power(&law, "x", "y"), "reason": "other", "effective_from": "2023-01-01"}))
        .await
        .assert_problem(409, "duplicate");
    adjust(&app, &w.law, json!({"kind": "add", "code": "CF-0003", "content": power(&hr, "x", "y"), "reason": "other", "effective_from": "2023-01-01"}))
        .await
        .assert_problem(403, "forbidden");
    adjust(&app, &w.xq, json!({"kind": "add", "code": "CF-0004", "content": power(&law, "x", "y"), "reason": "other", "effective_from": "2023-01-01"}))
        .await
        .assert_problem(403, "forbidden");
    let log = ok(
        &send(
            &app,
            TestRequest::get()
                .uri("/api/v1/public/power-adjustments?from=2022-01-01&to=2022-12-31"),
        )
        .await,
        200,
    );
    assert_eq!(log["total"], 4);
}

fn tiers(general: (i64, i64)) -> Value {
    json!([
        {"code": "minor", "name": "轻微", "conditions": "首次违法且在责令期限内改正", "no_penalty": true},
        {"code": "general", "name": "一般", "conditions": "广告面积10平方米以下", "fine_min_fen": general.0, "fine_max_fen": general.1, "other_measures": "责令限期拆除"},
        {"code": "serious", "name": "严重", "conditions": "广告面积10平方米以上或拒不改正", "fine_min_fen": 500000, "fine_max_fen": 1000000}
    ])
}

#[actix_web::test]
async fn evaluation_uses_the_benchmark_in_force_on_the_day() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let item = ok(
        &adjust(&app, &w.law, json!({"kind": "add", "code": "CF-0100", "content": power(&law, "对擅自设置户外广告的处罚", "条例第三十六条"), "reason": "initial_listing", "effective_from": "2021-01-01"})).await,
        201,
    )["item_id"]
        .as_str()
        .unwrap()
        .to_string();
    let factors = json!([{"code": "first", "name": "初次违法", "direction": "mitigating"}, {"code": "refuse", "name": "拒不配合调查", "direction": "aggravating"}]);
    let v1 = ok(
        &send(&app, w.law.post("/api/v1/discretion-benchmarks", &json!({"power_item_id": item, "effective_from": "2022-01-01", "legal_basis": "市裁量基准（2022）", "tiers": tiers((50_000, 200_000)), "factors": factors}))).await,
        201,
    );
    assert_eq!(v1["version_no"], 1);
    let v2 = ok(
        &send(&app, w.law.post("/api/v1/discretion-benchmarks", &json!({"power_item_id": item, "effective_from": "2022-07-01", "legal_basis": "市裁量基准（2022修订）", "tiers": tiers((100_000, 300_000)), "factors": factors}))).await,
        201,
    );
    assert_eq!(v2["version_no"], 2);
    let first = send(
        &app,
        TestRequest::get().uri(&format!(
            "/api/v1/public/discretion-benchmarks/{}",
            v1["id"].as_str().unwrap()
        )),
    )
    .await
    .json();
    assert_eq!(first["effective_to"], "2022-06-30");

    let evaluate = |date: &str, tier: &str, factors: Value| {
        TestRequest::post()
            .uri("/api/v1/discretion/evaluate")
            .set_json(
                json!({"power_item_id": item, "tier": tier, "factors": factors, "date": date}),
            )
    };
    let before = ok(
        &send(&app, evaluate("2022-06-30", "general", json!([]))).await,
        200,
    );
    assert_eq!(
        (
            before["version_no"].as_i64(),
            before["fine_min_fen"].as_i64(),
            before["fine_max_fen"].as_i64()
        ),
        (Some(1), Some(50_000), Some(200_000))
    );
    let after = ok(
        &send(&app, evaluate("2022-07-01", "general", json!([]))).await,
        200,
    );
    assert_eq!(
        (
            after["version_no"].as_i64(),
            after["fine_min_fen"].as_i64(),
            after["fine_max_fen"].as_i64()
        ),
        (Some(2), Some(100_000), Some(300_000))
    );
    let lighter = ok(
        &send(&app, evaluate("2022-07-01", "general", json!(["first"]))).await,
        200,
    );
    assert_eq!(
        (
            lighter["fine_min_fen"].as_i64(),
            lighter["fine_max_fen"].as_i64()
        ),
        (Some(100_000), Some(200_000))
    );
    let text = lighter["explanation_zh"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("第2版") && text.contains("初次违法") && text.contains("1000元至2000元"),
        "{text}"
    );
    assert!(lighter["explanation_en"].as_array().unwrap().len() >= 4);
    // A fine can be checked against the range in the same call.
    let check = |fine: i64| {
        TestRequest::post().uri("/api/v1/discretion/evaluate").set_json(json!({
            "power_item_id": item, "tier": "general", "factors": ["first"], "date": "2022-07-01", "fine_fen": fine
        }))
    };
    assert_eq!(
        ok(&send(&app, check(150_000)).await, 200)["fine_within_range"],
        true
    );
    assert_eq!(
        ok(&send(&app, check(250_000)).await, 200)["fine_within_range"],
        false,
        "above the mitigated range"
    );
    assert_eq!(
        lighter["fine_within_range"],
        Value::Null,
        "no fine asked about"
    );
    let minor = ok(
        &send(&app, evaluate("2022-07-01", "minor", json!([]))).await,
        200,
    );
    assert_eq!(minor["no_penalty"], true);
    let none = send(&app, evaluate("2021-12-31", "general", json!([]))).await;
    assert_eq!(
        none.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "no_benchmark"
    );
    let unknown = send(&app, evaluate("2022-07-01", "general", json!(["nope"]))).await;
    assert_eq!(
        unknown.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "factors[0]"
    );
    // Versions go forward only, and only the responsible section or the bureau issues them.
    let back = send(&app, w.law.post("/api/v1/discretion-benchmarks", &json!({"power_item_id": item, "effective_from": "2022-03-01", "legal_basis": "x", "tiers": tiers((1, 2))}))).await;
    assert_eq!(
        back.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "not_after_last_version"
    );
    send(&app, w.xq.post("/api/v1/discretion-benchmarks", &json!({"power_item_id": item, "effective_from": "2023-03-01", "legal_basis": "x", "tiers": tiers((1, 2))})))
        .await
        .assert_problem(403, "forbidden");

    // A disclosure's fine is checked against the tier in force on its decision date.
    let xq = w.t.unit_id("XQ");
    let mut record = company(&xq, "新城管罚决字〔2022〕第300号", "2022-08-01");
    record["power_item_id"] = json!(item);
    record["discretion_tier"] = json!("general");
    record["fine_fen"] = json!(500_000);
    let refused = send(&app, w.xq.post("/api/v1/disclosure-records", &record)).await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "fine_out_of_range");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1000元–3000元"),
        "{problem}"
    );
    record["fine_justification"] = json!("当事人拒不改正且造成严重影响，经集体讨论决定");
    let flagged = ok(
        &send(&app, w.xq.post("/api/v1/disclosure-records", &record)).await,
        201,
    );
    assert_eq!(flagged["fine_out_of_range"], true);
    assert_eq!(flagged["benchmark_id"], v2["id"]);
    let flagged_list = ok(
        &send(
            &app,
            w.xq.get("/api/v1/disclosure-records?fine_out_of_range=true"),
        )
        .await,
        200,
    );
    assert_eq!(flagged_list["total"], 1);
    // The same fine under version 1 (decided in June) is out of range too; 1500元 is not.
    record["document_number"] = json!("新城管罚决字〔2022〕第301号");
    record["decision_date"] = json!("2022-06-15");
    record["fine_fen"] = json!(150_000);
    record["fine_justification"] = Value::Null;
    let inside = ok(
        &send(&app, w.xq.post("/api/v1/disclosure-records", &record)).await,
        201,
    );
    assert_eq!(inside["fine_out_of_range"], false);
    assert_eq!(inside["benchmark_id"], v1["id"]);
}

#[actix_web::test]
async fn a_published_record_is_corrected_with_its_revisions_kept() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let record = publish(
        &app,
        &w.xq,
        &company(&xq, "新城管罚决字〔2022〕第50号", "2022-05-10"),
        "2022-05-12",
    )
    .await;
    let id = record["id"].as_str().unwrap();
    assert_eq!(record["status"], "published");
    // Published records are not edited in place.
    let mut fixed = company(&xq, "新城管罚决字〔2022〕第50号", "2022-05-10");
    fixed["execution_status"] = json!("executed");
    send(
        &app,
        w.xq.put(&format!("/api/v1/disclosure-records/{id}"), 2, &fixed),
    )
    .await
    .assert_problem(409, "invalid_state");
    let no_reason = send(
        &app,
        w.xq.post(
            &format!("/api/v1/disclosure-records/{id}/correct"),
            &json!({"content": fixed, "reason": " "}),
        )
        .insert_header(("If-Match", "\"2\"")),
    )
    .await;
    no_reason.assert_problem(422, "validation_failed");
    let corrected = ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/disclosure-records/{id}/correct"),
                &json!({"content": fixed, "reason": "罚款已缴纳，更新执行情况"}),
            )
            .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    assert_eq!(corrected["status"], "corrected");
    assert_eq!(corrected["revision"], 2);
    let revisions = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/disclosure-records/{id}/revisions")),
        )
        .await,
        200,
    );
    let list = revisions.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["content"]["execution_status"], "not_executed");
    assert_eq!(list[1]["content"]["execution_status"], "executed");
    assert_eq!(list[1]["reason"], "罚款已缴纳，更新执行情况");
    let public = ok(
        &send(
            &app,
            TestRequest::get().uri(&format!("/api/v1/public/disclosure-records/{id}")),
        )
        .await,
        200,
    );
    assert_eq!(
        (
            public["corrected"].as_bool(),
            public["revision"].as_i64(),
            public["execution_status"].as_str()
        ),
        (Some(true), Some(2), Some("executed"))
    );
    assert_eq!(public["correction_reason"], "罚款已缴纳，更新执行情况");
    // A correction of a person's record re-masks the public text.
    let person_record = publish(
        &app,
        &w.xq,
        &person(
            &xq,
            "新城管罚决字〔2022〕第51号",
            "钱七",
            "11010519491231002X",
            "2022-05-10",
        ),
        "2022-05-12",
    )
    .await;
    let pid = person_record["id"].as_str().unwrap();
    let mut renamed = person(
        &xq,
        "新城管罚决字〔2022〕第51号",
        "孙八",
        "11010519491231002X",
        "2022-05-10",
    );
    renamed["case_cause"] = json!("孙八擅自占道经营案");
    ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/disclosure-records/{pid}/correct"),
                &json!({"content": renamed, "reason": "当事人姓名录入错误"}),
            )
            .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    let public = ok(
        &send(
            &app,
            TestRequest::get().uri(&format!("/api/v1/public/disclosure-records/{pid}")),
        )
        .await,
        200,
    );
    assert_eq!(
        (public["party_name"].as_str(), public["case_cause"].as_str()),
        (Some("孙某"), Some("孙某擅自占道经营案"))
    );
    // Withdrawn: kept, not public, not withdrawable twice; other counties cannot touch it.
    send(
        &app,
        w.yq.post(
            &format!("/api/v1/disclosure-records/{id}/withdraw"),
            &json!({"reason": "x"}),
        )
        .insert_header(("If-Match", "\"3\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/disclosure-records/{id}/withdraw"),
                &json!({"reason": "经行政复议撤销"}),
            )
            .insert_header(("If-Match", "\"3\"")),
        )
        .await,
        200,
    );
    send(
        &app,
        w.xq.post(
            &format!("/api/v1/disclosure-records/{id}/withdraw"),
            &json!({"reason": "再次"}),
        )
        .insert_header(("If-Match", "\"4\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    let kept = ok(
        &send(&app, w.xq.get(&format!("/api/v1/disclosure-records/{id}"))).await,
        200,
    );
    assert_eq!(kept["status"], "withdrawn");
    assert_eq!(kept["withdrawal_reason"], "经行政复议撤销");
    let actions: Vec<String> = {
        use api::db::schema::audit_events;
        let mut conn = w.t.state.pool.get().unwrap();
        audit_events::table
            .filter(audit_events::resource_id.eq(id))
            .order(audit_events::id)
            .select(audit_events::action)
            .load(&mut *conn)
            .unwrap()
    };
    assert_eq!(actions, ["create", "publish", "correct", "withdraw"]);
}

#[actix_web::test]
async fn batch_import_with_a_bad_record_in_the_middle() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let good1 = company(&xq, "新城管罚决字〔2022〕第201号", "2022-05-10");
    let mut bad = person(
        &xq,
        "新城管罚决字〔2022〕第202号",
        "张三",
        "110105194912310021",
        "2022-05-10",
    );
    bad["fine_fen"] = json!("一千元");
    let good2 = person(
        &xq,
        "新城管罚决字〔2022〕第203号",
        "李四",
        "11010519491231002X",
        "2022-05-11",
    );
    let records = json!([good1, bad, good2]);
    let count = |t: &TestApp| -> i64 {
        use api::db::schema::disclosure_records;
        let mut conn = t.state.pool.get().unwrap();
        disclosure_records::table
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };

    // All or nothing: refused, nothing stored, the bad record named.
    let refused = send(
        &app,
        w.xq.post(
            "/api/v1/disclosure-records:batch",
            &json!({"mode": "all_or_nothing", "records": records}),
        ),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "records[1].fine_fen");
    assert_eq!(problem["result"]["rejected"], 1);
    assert_eq!(problem["result"]["not_applied"], 2);
    assert_eq!(problem["result"]["results"][0]["status"], "not_applied");
    assert_eq!(problem["result"]["results"][1]["status"], "rejected");
    assert_eq!(count(&w.t), 0, "nothing stored");

    // Each record: the good ones stored, the bad one reported.
    let each = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records:batch",
                &json!({"mode": "each_record", "publish": true, "records": records}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (each["created"].as_i64(), each["rejected"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        each["results"][1]["problem"]["errors"][0]["field"],
        "fine_fen"
    );
    assert_eq!(each["results"][2]["status"], "created");
    assert_eq!(count(&w.t), 2);
    let public = ok(
        &send(
            &app,
            TestRequest::get().uri("/api/v1/public/disclosure-records"),
        )
        .await,
        200,
    );
    assert_eq!(public["total"], 2, "published on import");

    // Resending is safe: the stored records are unchanged, matched by document number.
    let again = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records:batch",
                &json!({"mode": "each_record", "publish": true, "records": records}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (
            again["created"].as_i64(),
            again["unchanged"].as_i64(),
            again["rejected"].as_i64()
        ),
        (Some(0), Some(2), Some(1))
    );
    assert_eq!(again["results"][0]["id"], each["results"][0]["id"]);
    assert_eq!(count(&w.t), 2);
    // The same number with different content is a per-record conflict, not an overwrite.
    let mut changed = company(&xq, "新城管罚决字[2022]第201号", "2022-05-10");
    changed["fine_fen"] = json!(999);
    let conflict = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records:batch",
                &json!({"mode": "each_record", "records": [changed]}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(conflict["results"][0]["status"], "rejected");
    assert_eq!(conflict["results"][0]["problem"]["code"], "duplicate");
    // Acting for another county's unit refuses the whole batch.
    let yq = w.t.unit_id("YQ");
    let mixed = json!({"mode": "each_record", "records": [company(&xq, "罚〔2022〕8号", "2022-05-10"), company(&yq, "罚〔2022〕9号", "2022-05-10")]});
    send(&app, w.xq.post("/api/v1/disclosure-records:batch", &mixed))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(count(&w.t), 2);
    // Size limits.
    let too_many: Vec<Value> = (0..1001)
        .map(|i| company(&xq, &format!("罚{i}"), "2022-05-10"))
        .collect();
    send(
        &app,
        w.xq.post(
            "/api/v1/disclosure-records:batch",
            &json!({"mode": "each_record", "records": too_many}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
}

/// After a bulk write the planner's statistics describe the table as it now is, so a
/// scoped list picks the right index (SQLite; PostgreSQL's autovacuum does this itself).
#[actix_web::test]
async fn a_batch_import_refreshes_the_planner_statistics() {
    let w = world();
    if enforcement_tests::backend() != api::db::Backend::Sqlite {
        return;
    }
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let index_rows = |t: &TestApp| -> Option<String> {
        #[derive(QueryableByName)]
        struct Stat {
            #[diesel(sql_type = diesel::sql_types::Text)]
            stat: String,
        }
        let mut conn = t.state.pool.get().unwrap();
        diesel::sql_query(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'disclosure_records_unit_decision'",
        )
        .load::<Stat>(&mut *conn)
        .ok()
        .and_then(|rows| rows.into_iter().next())
        .map(|row| row.stat)
    };
    let before = index_rows(&w.t);
    let records: Vec<Value> = (0..120)
        .map(|i| {
            company(
                &xq,
                &format!("新城管罚决字〔2022〕第{}号", 300 + i),
                "2022-05-10",
            )
        })
        .collect();
    let result = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records:batch",
                &json!({"mode": "each_record", "records": records}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(result["created"], 120);
    let after = index_rows(&w.t).expect("the index has statistics after the import");
    // sqlite_stat1: "<rows> <rows per unit> <rows per (unit, day)> …".
    assert!(
        after.starts_with("120 120 "),
        "statistics of 120 rows of one unit: {after} (before: {before:?})"
    );
}

#[actix_web::test]
async fn a_record_answers_304_with_its_day_bound_etag_and_takes_it_as_if_match() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let created = send(
        &app,
        w.xq.post(
            "/api/v1/disclosure-records",
            &company(&xq, "新城管罚决字〔2022〕第304号", "2022-05-10"),
        ),
    )
    .await;
    let id = ok(&created, 201)["id"].as_str().unwrap().to_string();
    let uri = format!("/api/v1/disclosure-records/{id}");
    let first = send(&app, w.xq.get(&uri)).await;
    let tag = first.header("etag").unwrap();
    assert!(
        tag.starts_with("\"1.") && tag.len() == "\"1.20260101\"".len(),
        "version and day: {tag}"
    );
    let cached = send(
        &app,
        w.xq.get(&uri).insert_header(("If-None-Match", tag.clone())),
    )
    .await;
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    let stale = send(
        &app,
        w.xq.get(&uri)
            .insert_header(("If-None-Match", "\"1.20000101\"")),
    )
    .await;
    assert_eq!(
        stale.status, 200,
        "yesterday's tag is not today's representation"
    );
    let mut changed = company(&xq, "新城管罚决字〔2022〕第304号", "2022-05-11");
    changed["fine_fen"] = json!(60000);
    let replaced = send(
        &app,
        TestRequest::put()
            .uri(&uri)
            .insert_header(w.xq.bearer())
            .insert_header(("If-Match", tag.clone()))
            .set_json(&changed),
    )
    .await;
    assert_eq!(ok(&replaced, 200)["version"], 2);
    let after = send(&app, w.xq.get(&uri).insert_header(("If-None-Match", tag))).await;
    assert_eq!(after.status, 200, "a new version has a new tag");
}
