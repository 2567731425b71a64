//! Enforcement statistics: template versions by date, figures derived from the
//! disclosure records (most severe kind), reconciliation, the report lifecycle, due
//! dates on the working calendar, unit scope, and the region table.

use actix_web::test::init_service;
use api_types::units::UnitKind;
use api_types::Role;
use enforcement_tests::{ok, send, TestApp, TestUser};
use serde_json::{json, Value};

struct World {
    t: TestApp,
    xq: TestUser,
    yq: TestUser,
    bureau: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    let xq = t.add_user("stat.xq", "XQ", &[Role::County]);
    let yq = t.add_user("stat.yq", "YQ", &[Role::County]);
    let bureau = t.add_user("stat.city", "CITY", &[Role::Bureau]);
    World { t, xq, yq, bureau }
}

macro_rules! app {
    ($w:expr) => {
        init_service(api::app($w.t.state.clone())).await
    };
}

fn versioned(
    user: &TestUser,
    uri: &str,
    version: i64,
    body: &Value,
) -> actix_web::test::TestRequest {
    user.post(uri, body)
        .insert_header(("If-Match", format!("\"{version}\"")))
}

/// Every manual column of the monthly template with `value`, and `overrides`.
fn monthly_figures(value: f64, overrides: &[(&str, f64)]) -> Value {
    let text = include_str!("../../../api/templates/statistics-monthly.json");
    let template: Value = serde_json::from_str(text).unwrap();
    let mut figures = serde_json::Map::new();
    for section in template["definition"]["sections"].as_array().unwrap() {
        for column in section["columns"].as_array().unwrap() {
            if column["kind"] == "manual" {
                figures.insert(column["key"].as_str().unwrap().into(), json!(value));
            }
        }
    }
    for (k, v) in overrides {
        figures.insert((*k).into(), json!(v));
    }
    Value::Object(figures)
}

/// A disclosure record of `unit` decided on `date`.
async fn decision<S, B>(
    app: &S,
    user: &TestUser,
    unit: &str,
    n: usize,
    date: &str,
    (fine_fen, confiscated_fen, other): (Option<i64>, Option<i64>, Option<&str>),
) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let body = json!({
        "issuing_unit_id": unit, "document_number": format!("城管罚决字〔2022〕第{n}号"),
        "case_cause": "占道经营案", "party_kind": "legal_person", "party_name": "某商贸公司",
        "legal_basis": "《城市市容和环境卫生管理条例》第三十六条", "fine_fen": fine_fen,
        "confiscated_fen": confiscated_fen, "other_measures": other,
        "execution_status": "executed", "decision_date": date
    });
    ok(
        &send(app, user.post("/api/v1/disclosure-records", &body)).await,
        201,
    )
}

#[actix_web::test]
async fn the_shipped_templates_are_loaded_and_a_new_version_applies_from_its_date() {
    let w = world();
    let app = app!(w);
    let templates = ok(
        &send(&app, w.xq.get("/api/v1/statistics/templates")).await,
        200,
    );
    let codes: Vec<(&str, i64, &str)> = templates
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap(),
                t["version_number"].as_i64().unwrap(),
                t["period_kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(codes, vec![("annual", 1, "year"), ("monthly", 1, "month")]);

    // Version 2 of the monthly report, from 2026-01: one more column.
    let monthly = templates
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "monthly")
        .unwrap();
    let mut definition = monthly["definition"].clone();
    definition["sections"][0]["columns"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "muck_cases", "label": "渣土案件", "unit": "宗", "kind": "manual"}));
    let new = json!({"code": "monthly", "name": "城管执法月报", "period_kind": "month", "effective_from": "2026-01-01", "definition": definition});
    send(&app, w.xq.post("/api/v1/statistics/templates", &new))
        .await
        .assert_problem(403, "forbidden");
    let v2 = ok(
        &send(&app, w.bureau.post("/api/v1/statistics/templates", &new)).await,
        201,
    );
    assert_eq!(v2["version_number"], 2);
    // Not after the latest version: refused; nor a new period kind.
    let mut again = new.clone();
    again["effective_from"] = json!("2025-06-01");
    let p = send(&app, w.bureau.post("/api/v1/statistics/templates", &again))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["field"], "effective_from");
    let mut broken = new.clone();
    broken["effective_from"] = json!("2027-01-01");
    broken["definition"]["sections"][0]["columns"][0]["key"] = json!("cases_closed");
    let p = send(&app, w.bureau.post("/api/v1/statistics/templates", &broken))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "duplicate_key");

    let xq = w.t.unit_id("XQ");
    let dec = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/statistics/reports",
                &json!({"unit_id": xq, "template_code": "monthly", "period": "2025-12"}),
            ),
        )
        .await,
        201,
    );
    let jan = ok(&send(&app, w.xq.post("/api/v1/statistics/reports", &json!({"unit_id": xq, "template_code": "monthly", "period": "2026-01", "values": {"muck_cases": 2}}))).await, 201);
    assert_eq!(
        (
            dec["template_version"].as_i64(),
            jan["template_version"].as_i64()
        ),
        (Some(1), Some(2))
    );
    // A later version cannot take effect inside a period already filed.
    let march = json!({"unit_id": xq, "template_code": "monthly", "period": "2026-03"});
    ok(
        &send(&app, w.xq.post("/api/v1/statistics/reports", &march)).await,
        201,
    );
    let mut v3 = new.clone();
    v3["effective_from"] = json!("2026-02-01");
    let p = send(&app, w.bureau.post("/api/v1/statistics/templates", &v3))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "not_after_filed");
    // The new column exists only in version 2.
    let p = send(
        &app,
        w.xq.patch(
            &format!("/api/v1/statistics/reports/{}", dec["id"].as_str().unwrap()),
            1,
            &json!({"values": {"muck_cases": 1}}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(
        (
            p["errors"][0]["field"].as_str(),
            p["errors"][0]["code"].as_str()
        ),
        (Some("values.muck_cases"), Some("unknown_figure"))
    );
}

#[actix_web::test]
async fn derived_figures_count_each_decision_once_under_its_most_severe_kind() {
    let w = world();
    let app = app!(w);
    let (xq, brigade, yq) = (w.t.unit_id("XQ"), w.t.unit_id("XQ-1"), w.t.unit_id("YQ"));
    let officer = w.t.add_user("stat.brigade", "XQ-1", &[Role::County]);
    // By hand: May 2022, XQ and its brigade.
    decision(
        &app,
        &w.xq,
        &xq,
        1,
        "2022-05-03",
        (None, None, Some("警告")),
    )
    .await; // warning
    decision(
        &app,
        &w.xq,
        &xq,
        2,
        "2022-05-09",
        (Some(20000), None, Some("警告")),
    )
    .await; // fine (200.00)
    decision(
        &app,
        &w.xq,
        &xq,
        3,
        "2022-05-12",
        (Some(50000), Some(12345), None),
    )
    .await; // confiscation (623.45)
    decision(
        &app,
        &officer,
        &brigade,
        4,
        "2022-05-20",
        (Some(100000), None, Some("暂扣许可证件；吊销许可证")),
    )
    .await; // revocation (1,000.00)
    decision(
        &app,
        &w.xq,
        &xq,
        5,
        "2022-05-31",
        (None, None, Some("责令改正")),
    )
    .await; // other
    let withdrawn = decision(
        &app,
        &w.xq,
        &xq,
        6,
        "2022-05-15",
        (Some(999900), None, None),
    )
    .await;
    ok(
        &send(
            &app,
            versioned(
                &w.xq,
                &format!(
                    "/api/v1/disclosure-records/{}/withdraw",
                    withdrawn["id"].as_str().unwrap()
                ),
                1,
                &json!({"reason": "录入错误"}),
            ),
        )
        .await,
        200,
    );
    // Not counted: another month, another county.
    decision(&app, &w.xq, &xq, 7, "2022-06-01", (Some(10000), None, None)).await;
    decision(&app, &w.yq, &yq, 8, "2022-05-10", (Some(10000), None, None)).await;

    let monthly = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/statistics/reports",
                &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-05"}),
            ),
        )
        .await,
        201,
    );
    assert_eq!(monthly["derived"]["normal_procedure"], 5.0);
    assert_eq!(monthly["derived"]["penalty_amount"], 1823.45);

    let annual = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/statistics/reports",
                &json!({"unit_id": xq, "template_code": "annual", "period": "2022"}),
            ),
        )
        .await,
        201,
    );
    let d = &annual["derived"];
    let counted: Vec<(&str, f64)> = [
        "warning",
        "criticism",
        "fine",
        "confiscation",
        "suspend_license",
        "revoke_license",
        "other",
        "total",
    ]
    .iter()
    .map(|k| (*k, d[*k].as_f64().unwrap()))
    .collect();
    // June's decision counts in the year: a second fine.
    assert_eq!(
        counted,
        vec![
            ("warning", 1.0),
            ("criticism", 0.0),
            ("fine", 2.0),
            ("confiscation", 1.0),
            ("suspend_license", 0.0),
            ("revoke_license", 1.0),
            ("other", 1.0),
            ("total", 6.0)
        ]
    );
    assert_eq!(d["amount"], 1923.45);
}

#[actix_web::test]
async fn a_figure_beyond_the_tolerance_needs_an_explanation_to_be_submitted() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    for n in 0..10 {
        decision(&app, &w.xq, &xq, n, "2022-05-10", (Some(10000), None, None)).await;
    }
    // 10 decisions of 100 yuan: 10 entered for normal procedure agrees; 1,000 yuan agrees.
    let figures = monthly_figures(
        1.0,
        &[("normal_procedure", 10.0), ("penalty_amount", 1000.0)],
    );
    let report = ok(&send(&app, w.xq.post("/api/v1/statistics/reports", &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-05", "values": figures}))).await, 201);
    assert_eq!(
        (
            report["flagged"].as_bool(),
            report["differences"].as_array().unwrap().len()
        ),
        (Some(false), 0)
    );
    let uri = format!(
        "/api/v1/statistics/reports/{}",
        report["id"].as_str().unwrap()
    );
    // 12 against 10 is beyond 5 %.
    let changed = ok(&send(&app, w.xq.patch(&uri, 1, &json!({"values": monthly_figures(1.0, &[("normal_procedure", 12.0), ("penalty_amount", 1000.0)])}))).await, 200);
    assert_eq!(changed["flagged"], true);
    assert_eq!(
        changed["differences"],
        json!([{"column": "normal_procedure", "entered": 12.0, "derived": 10.0, "difference": 2.0, "beyond_tolerance": true}])
    );
    let p = send(
        &app,
        versioned(&w.xq, &format!("{uri}/submit"), 2, &json!({})),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(
        (
            p["errors"][0]["field"].as_str(),
            p["errors"][0]["code"].as_str()
        ),
        (Some("explanation"), Some("explanation_required"))
    );
    let submitted = ok(
        &send(
            &app,
            versioned(
                &w.xq,
                &format!("{uri}/submit"),
                2,
                &json!({"explanation": "两宗案件的公示尚在审核，未录入系统"}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (submitted["status"].as_str(), submitted["revision"].as_i64()),
        (Some("submitted"), Some(1))
    );
    assert_eq!(
        submitted["explanation"],
        "两宗案件的公示尚在审核，未录入系统"
    );

    // Incomplete figures cannot be submitted; bad figures are named.
    let other = ok(&send(&app, w.xq.post("/api/v1/statistics/reports", &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-06", "values": {"cases_filed": 3}}))).await, 201);
    let p = send(
        &app,
        versioned(
            &w.xq,
            &format!(
                "/api/v1/statistics/reports/{}/submit",
                other["id"].as_str().unwrap()
            ),
            1,
            &json!({}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert!(p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == "values.cases_closed" && e["code"] == "required"));
    let bad = json!({"unit_id": xq, "template_code": "monthly", "period": "2022-07", "values": {"cases_filed": -1, "demolished_area": 1.234, "closure_rate": 50, "complaints_closed": 2, "complaints_on_time": 3}});
    let p = send(&app, w.xq.post("/api/v1/statistics/reports", &bad))
        .await
        .assert_problem(422, "validation_failed");
    let codes: Vec<(String, String)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    for expected in [
        ("values.cases_filed", "non_negative"),
        ("values.demolished_area", "decimals"),
        ("values.closure_rate", "computed_figure"),
        ("values.complaints_on_time", "exceeds_figure"),
    ] {
        assert!(
            codes.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {codes:?}"
        );
    }
}

#[actix_web::test]
async fn a_report_is_returned_resubmitted_accepted_locked_and_corrected_as_a_revision() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let report = ok(&send(&app, w.xq.post("/api/v1/statistics/reports", &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-05", "values": monthly_figures(2.0, &[("normal_procedure", 0.0), ("penalty_amount", 0.0)])}))).await, 201);
    let uri = format!(
        "/api/v1/statistics/reports/{}",
        report["id"].as_str().unwrap()
    );
    // Without If-Match: 428. A draft cannot be reviewed.
    send(&app, w.xq.post(&format!("{uri}/submit"), &json!({})))
        .await
        .assert_problem(428, "precondition_required");
    send(
        &app,
        versioned(&w.bureau, &format!("{uri}/accept"), 1, &json!(null)),
    )
    .await
    .assert_problem(409, "invalid_state");
    ok(
        &send(
            &app,
            versioned(&w.xq, &format!("{uri}/submit"), 1, &json!({})),
        )
        .await,
        200,
    );
    // The county cannot review its own report.
    send(
        &app,
        versioned(&w.xq, &format!("{uri}/return"), 2, &json!({"comment": "x"})),
    )
    .await
    .assert_problem(403, "forbidden");
    let p = send(
        &app,
        versioned(
            &w.bureau,
            &format!("{uri}/return"),
            2,
            &json!({"comment": "拆违面积与专项台账不符", "fields": ["nope"]}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["field"], "fields[0]");
    let returned = ok(
        &send(
            &app,
            versioned(
                &w.bureau,
                &format!("{uri}/return"),
                2,
                &json!({"comment": "拆违面积与专项台账不符", "fields": ["demolished_area"]}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (
            returned["status"].as_str(),
            returned["returned_fields"].clone()
        ),
        (Some("returned"), json!(["demolished_area"]))
    );
    ok(&send(&app, w.xq.patch(&uri, 3, &json!({"values": monthly_figures(2.0, &[("normal_procedure", 0.0), ("penalty_amount", 0.0), ("demolished_area", 356.5)])}))).await, 200);
    let resubmitted = ok(
        &send(
            &app,
            versioned(&w.xq, &format!("{uri}/submit"), 4, &json!({})),
        )
        .await,
        200,
    );
    assert_eq!(
        (
            resubmitted["status"].as_str(),
            resubmitted["revision"].as_i64()
        ),
        (Some("submitted"), Some(2))
    );
    let accepted = ok(
        &send(
            &app,
            versioned(&w.bureau, &format!("{uri}/accept"), 5, &json!(null)),
        )
        .await,
        200,
    );
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["returned_fields"], json!([]));

    // Locked: the unit changes nothing; only the city bureau corrects, with a reason.
    send(&app, w.xq.patch(&uri, 6, &json!({"explanation": "补充"})))
        .await
        .assert_problem(409, "invalid_state");
    send(
        &app,
        versioned(&w.xq, &format!("{uri}/submit"), 6, &json!({})),
    )
    .await
    .assert_problem(409, "invalid_state");
    let corrected_figures = monthly_figures(
        2.0,
        &[
            ("normal_procedure", 0.0),
            ("penalty_amount", 0.0),
            ("demolished_area", 365.5),
        ],
    );
    send(
        &app,
        versioned(
            &w.xq,
            &format!("{uri}/correct"),
            6,
            &json!({"values": corrected_figures, "reason": "x"}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    send(
        &app,
        versioned(
            &w.bureau,
            &format!("{uri}/correct"),
            6,
            &json!({"values": corrected_figures, "reason": " "}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    let corrected = ok(
        &send(
            &app,
            versioned(
                &w.bureau,
                &format!("{uri}/correct"),
                6,
                &json!({"values": corrected_figures, "reason": "面积录入时数字颠倒"}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (
            corrected["status"].as_str(),
            corrected["revision"].as_i64(),
            corrected["values"]["demolished_area"].as_f64()
        ),
        (Some("accepted"), Some(3), Some(365.5))
    );
    assert_eq!(corrected["correction_reason"], "面积录入时数字颠倒");

    let revisions = ok(
        &send(&app, w.xq.get(&format!("{uri}/revisions"))).await,
        200,
    );
    let kept: Vec<(i64, &str, f64)> = revisions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["revision"].as_i64().unwrap(),
                r["action"].as_str().unwrap(),
                r["values"]["demolished_area"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        vec![
            (1, "submitted", 2.0),
            (2, "submitted", 356.5),
            (3, "corrected", 365.5)
        ]
    );

    // Every step is in the audit trail.
    let audit = ok(&send(&app, w.bureau.get(&format!("/api/v1/audit-events?resource_type=statistics_report&resource_id={}&per_page=50&sort=id", report["id"].as_str().unwrap()))).await, 200);
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["create", "submit", "return", "update", "resubmit", "accept", "correct"]
    );
}

#[actix_web::test]
async fn the_due_date_counts_working_days_across_the_national_day_holiday() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    // September 2022: 1–7 October are holidays, Saturday 8 and Sunday 9 make-up working
    // days, so the 5th working day is Wednesday 12 October.
    let september = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/statistics/reports",
                &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-09"}),
            ),
        )
        .await,
        201,
    );
    assert_eq!(september["due_date"], "2022-10-12");
    assert_eq!(september["timeliness"], "overdue");
    // March 2022: Qingming makes Mon 4 and Tue 5 April holidays and Sat 2 a make-up
    // day: Fri 1 (1), Sat 2 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5). Without the calendar
    // it would be Thu 7.
    let march = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/statistics/reports",
                &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-03"}),
            ),
        )
        .await,
        201,
    );
    assert_eq!(march["due_date"], "2022-04-08");
    // A future period cannot be filed; a period of the wrong kind is named.
    let p = send(
        &app,
        w.xq.post(
            "/api/v1/statistics/reports",
            &json!({"unit_id": xq, "template_code": "monthly", "period": "2099-01"}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "future_period");
    let p = send(
        &app,
        w.xq.post(
            "/api/v1/statistics/reports",
            &json!({"unit_id": xq, "template_code": "annual", "period": "2022-05"}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "period_kind");
    // Late once submitted after the due date; the same period twice is a duplicate.
    let uri = format!(
        "/api/v1/statistics/reports/{}",
        september["id"].as_str().unwrap()
    );
    ok(
        &send(
            &app,
            w.xq.patch(&uri, 1, &json!({"values": monthly_figures(0.0, &[])})),
        )
        .await,
        200,
    );
    let submitted = ok(
        &send(
            &app,
            versioned(&w.xq, &format!("{uri}/submit"), 2, &json!({})),
        )
        .await,
        200,
    );
    assert_eq!(submitted["timeliness"], "late");
    send(
        &app,
        w.xq.post(
            "/api/v1/statistics/reports",
            &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-09"}),
        ),
    )
    .await
    .assert_problem(409, "duplicate");
}

#[actix_web::test]
async fn a_county_reads_and_files_only_its_own_reports() {
    let w = world();
    let app = app!(w);
    let (xq, yq) = (w.t.unit_id("XQ"), w.t.unit_id("YQ"));
    let draft = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/statistics/reports",
                &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-05"}),
            ),
        )
        .await,
        201,
    );
    let uri = format!(
        "/api/v1/statistics/reports/{}",
        draft["id"].as_str().unwrap()
    );
    send(&app, w.yq.get(&uri))
        .await
        .assert_problem(403, "forbidden");
    send(&app, w.yq.get(&format!("{uri}/revisions")))
        .await
        .assert_problem(403, "forbidden");
    send(&app, w.yq.patch(&uri, 1, &json!({"values": {}})))
        .await
        .assert_problem(403, "forbidden");
    send(
        &app,
        w.yq.post(
            "/api/v1/statistics/reports",
            &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-06"}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    send(
        &app,
        w.yq.get(&format!("/api/v1/statistics/reports?unit_id={xq}")),
    )
    .await
    .assert_problem(403, "forbidden");
    let theirs = ok(
        &send(&app, w.yq.get("/api/v1/statistics/reports")).await,
        200,
    );
    assert_eq!(theirs["total"], 0);
    let mine = ok(
        &send(&app, w.xq.get("/api/v1/statistics/reports")).await,
        200,
    );
    assert_eq!(mine["total"], 1);
    // The city bureau reads every unit's; a county's region view is not its to read.
    let all = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/statistics/reports?unit_id={xq}&status=draft"
            )),
        )
        .await,
        200,
    );
    assert_eq!(all["total"], 1);
    send(
        &app,
        w.yq.get("/api/v1/statistics/region?template_code=monthly&period=2022-05"),
    )
    .await
    .assert_problem(403, "forbidden");
    // Only county bureaus file reports (not a brigade, not the city bureau).
    let brigade = w.t.unit_id("XQ-1");
    let p = send(
        &app,
        w.xq.post(
            "/api/v1/statistics/reports",
            &json!({"unit_id": brigade, "template_code": "monthly", "period": "2022-05"}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "not_reporting_unit");
    let _ = yq;
}

#[actix_web::test]
async fn the_region_totals_are_the_sums_of_the_accepted_reports() {
    let w = world();
    w.t.add_unit("ZQ", "开发区城管执法局", UnitKind::CountyBureau, "CITY");
    let zq_user = w.t.add_user("stat.zq", "ZQ", &[Role::County]);
    let app = app!(w);
    let file = |user: &TestUser, unit: String, period: &str, filed: f64, amount: f64| {
        let body = json!({"unit_id": unit, "template_code": "monthly", "period": period,
            "values": monthly_figures(1.0, &[("cases_filed", filed), ("cases_closed", filed / 2.0), ("normal_procedure", 0.0), ("penalty_amount", amount)])});
        user.post("/api/v1/statistics/reports", &body)
    };
    let mut accept = Vec::new();
    for (user, unit, period, filed, amount) in [
        (&w.xq, w.t.unit_id("XQ"), "2022-05", 10.0, 0.0),
        (&w.yq, w.t.unit_id("YQ"), "2022-05", 30.0, 0.0),
        (&w.xq, w.t.unit_id("XQ"), "2022-04", 8.0, 0.0),
        (&w.xq, w.t.unit_id("XQ"), "2021-05", 4.0, 0.0),
    ] {
        let r = ok(
            &send(&app, file(user, unit, period, filed, amount)).await,
            201,
        );
        let uri = format!("/api/v1/statistics/reports/{}", r["id"].as_str().unwrap());
        ok(
            &send(
                &app,
                versioned(user, &format!("{uri}/submit"), 1, &json!({})),
            )
            .await,
            200,
        );
        accept.push(uri);
    }
    for uri in &accept {
        ok(
            &send(
                &app,
                versioned(&w.bureau, &format!("{uri}/accept"), 2, &json!(null)),
            )
            .await,
            200,
        );
    }
    // ZQ submitted but not accepted: listed, not summed. Only the development-zone
    // bureau (a reference unit) has filed nothing.
    let zq = ok(
        &send(
            &app,
            file(&zq_user, w.t.unit_id("ZQ"), "2022-05", 100.0, 0.0),
        )
        .await,
        201,
    );
    ok(
        &send(
            &app,
            versioned(
                &zq_user,
                &format!(
                    "/api/v1/statistics/reports/{}/submit",
                    zq["id"].as_str().unwrap()
                ),
                1,
                &json!({}),
            ),
        )
        .await,
        200,
    );

    let region = ok(
        &send(
            &app,
            w.bureau
                .get("/api/v1/statistics/region?template_code=monthly&period=2022-05"),
        )
        .await,
        200,
    );
    assert_eq!(region["totals"]["cases_filed"], 40.0);
    assert_eq!(region["totals"]["cases_closed"], 20.0);
    assert_eq!(region["totals"]["closure_rate"], 50.0);
    assert_eq!(region["accepted_count"], 2);
    assert_eq!(
        (
            region["previous_period"].as_str(),
            region["previous_totals"]["cases_filed"].as_f64()
        ),
        (Some("2022-04"), Some(8.0))
    );
    assert_eq!(
        (
            region["last_year_period"].as_str(),
            region["last_year_totals"]["cases_filed"].as_f64()
        ),
        (Some("2021-05"), Some(4.0))
    );
    let rows: Vec<(&str, Option<&str>, Option<f64>)> = region["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["unit_name"].as_str().unwrap(),
                r["status"].as_str(),
                r["values"]["cases_filed"].as_f64(),
            )
        })
        .collect();
    assert!(
        rows.contains(&("新区城管执法局", Some("accepted"), Some(10.0))),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("开发区城管执法局", Some("submitted"), None)),
        "{rows:?}"
    );
    assert_eq!(region["missing_unit_ids"], json!([w.t.unit_id("EDZ")]));
    // June: nobody has filed.
    let june = ok(
        &send(
            &app,
            w.bureau
                .get("/api/v1/statistics/region?template_code=monthly&period=2022-06"),
        )
        .await,
        200,
    );
    assert_eq!(june["missing_unit_ids"].as_array().unwrap().len(), 4);
    assert_eq!(june["rows"][0]["timeliness"], "overdue");
    // A period of the wrong kind is a bad query.
    send(
        &app,
        w.bureau
            .get("/api/v1/statistics/region?template_code=monthly&period=2022"),
    )
    .await
    .assert_problem(400, "invalid_query");
    send(
        &app,
        w.bureau
            .get("/api/v1/statistics/region?template_code=nope&period=2022-05"),
    )
    .await
    .assert_problem(404, "not_found");

    let trend = ok(&send(&app, w.bureau.get("/api/v1/statistics/trend?template_code=monthly&column=cases_filed&to=2022-05&periods=13")).await, 200);
    let points: Vec<(&str, f64)> = trend
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p["total"].as_f64().unwrap()))
        .collect();
    assert_eq!(points.len(), 13);
    assert_eq!(points[0], ("2021-05", 4.0));
    assert_eq!(points[11], ("2022-04", 8.0));
    assert_eq!(points[12], ("2022-05", 40.0));
}

#[actix_web::test]
async fn a_report_downloads_as_xlsx_and_a_filled_sheet_fills_it_in() {
    use calamine::{Data, Reader, Xlsx};
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    decision(&app, &w.xq, &xq, 1, "2022-05-10", (Some(12000), None, None)).await;
    let report = ok(&send(&app, w.xq.post("/api/v1/statistics/reports", &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-05", "values": {"cases_filed": 4}}))).await, 201);
    let uri = format!(
        "/api/v1/statistics/reports/{}",
        report["id"].as_str().unwrap()
    );
    let reply = send(&app, w.xq.get(&format!("{uri}:xlsx"))).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(reply.body.clone())).unwrap();
    let name = book.sheet_names()[0].clone();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range(&name)
        .unwrap()
        .rows()
        .map(<[Data]>::to_vec)
        .collect();
    assert_eq!(rows[0][2], Data::String("栏目代码".into()));
    assert_eq!(rows[0][4], Data::String("填报数".into()));
    let find = |key: &str| {
        rows.iter()
            .find(|r| r[2] == Data::String(key.into()))
            .unwrap()
            .clone()
    };
    assert_eq!(find("cases_filed")[4], Data::Float(4.0));
    assert_eq!(
        find("normal_procedure")[5],
        Data::Float(1.0),
        "the computed figure beside it"
    );
    assert_eq!(find("penalty_amount")[5], Data::Float(120.0));
    // Another county cannot download it.
    send(&app, w.yq.get(&format!("{uri}:xlsx")))
        .await
        .assert_problem(403, "forbidden");

    // The unit fills the sheet in (here as CSV, as Excel saves it) and uploads it.
    let mut csv = String::from("分类,栏目,栏目代码,计量单位,填报数\n");
    for key in monthly_figures(0.0, &[]).as_object().unwrap().keys() {
        let value = match key.as_str() {
            "cases_filed" => "15",
            "cases_closed" => "10",
            "normal_procedure" => "1",
            "penalty_amount" => "120",
            _ => "0",
        };
        csv.push_str(&format!("x,x,{key},x,{value}\n"));
    }
    let upload = |body: String, version: i64| {
        w.xq.post(&format!("{uri}:import"), &json!(null))
            .insert_header(("If-Match", format!("\"{version}\"")))
            .insert_header(("Content-Type", "text/csv"))
            .set_payload(body)
    };
    // A bad cell is named by its row; nothing changes.
    let bad = csv.replacen(",15\n", ",十五\n", 1);
    let p = send(&app, upload(bad, 1))
        .await
        .assert_problem(422, "validation_failed");
    assert!(
        p["errors"][0]["field"]
            .as_str()
            .unwrap()
            .ends_with("].填报数"),
        "{p}"
    );
    let negative = csv.replacen(",15\n", ",-15\n", 1);
    let p = send(&app, upload(negative, 1))
        .await
        .assert_problem(422, "validation_failed");
    let row = 2 + monthly_figures(0.0, &[])
        .as_object()
        .unwrap()
        .keys()
        .position(|k| k == "cases_filed")
        .unwrap();
    assert_eq!(
        (
            p["errors"][0]["field"].as_str(),
            p["errors"][0]["code"].as_str()
        ),
        (
            Some(format!("rows[{row}].填报数").as_str()),
            Some("non_negative")
        )
    );
    let filled = ok(&send(&app, upload(csv.clone(), 1)).await, 200);
    assert_eq!(
        (
            filled["values"]["cases_filed"].as_f64(),
            filled["derived"]["closure_rate"].as_f64()
        ),
        (Some(15.0), Some(66.67))
    );
    assert_eq!(filled["flagged"], false);
    // The sheet's figures submit as they are.
    ok(
        &send(
            &app,
            versioned(&w.xq, &format!("{uri}/submit"), 2, &json!({})),
        )
        .await,
        200,
    );
    // Once submitted the sheet no longer fills it.
    send(&app, upload(csv, 3))
        .await
        .assert_problem(409, "invalid_state");

    // The region table downloads for the city bureau, one row per county bureau and a total.
    let reply = send(
        &app,
        w.bureau
            .get("/api/v1/statistics/region:xlsx?template_code=monthly&period=2022-05"),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(reply.body.clone())).unwrap();
    let name = book.sheet_names()[0].clone();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range(&name)
        .unwrap()
        .rows()
        .map(<[Data]>::to_vec)
        .collect();
    assert_eq!(rows.len(), 1 + 3 + 1, "header, EDZ, XQ, YQ, total");
    assert_eq!(
        rows.last().unwrap()[0],
        Data::String("全市合计（已审核）".into())
    );
    send(
        &app,
        w.xq.get("/api/v1/statistics/region:xlsx?template_code=monthly&period=2022-05"),
    )
    .await
    .assert_problem(403, "forbidden");
}

/// The user's notifications of `kind` (read or not), as (subject_type, title, read).
async fn notifications_of<S, B>(app: &S, user: &TestUser, kind: &str) -> Vec<(String, String, bool)>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let page = ok(
        &send(
            app,
            user.get(&format!(
                "/api/v1/me/notifications?kind={kind}&per_page=200"
            )),
        )
        .await,
        200,
    );
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["subject_type"].as_str().unwrap().to_string(),
                n["title"].as_str().unwrap().to_string(),
                !n["read_at"].is_null(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn reviewers_and_units_are_notified_and_missing_reports_are_reminded() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let report = ok(&send(&app, w.xq.post("/api/v1/statistics/reports", &json!({"unit_id": xq, "template_code": "monthly", "period": "2022-05", "values": monthly_figures(0.0, &[])}))).await, 201);
    let uri = format!(
        "/api/v1/statistics/reports/{}",
        report["id"].as_str().unwrap()
    );
    ok(
        &send(
            &app,
            versioned(&w.xq, &format!("{uri}/submit"), 1, &json!({})),
        )
        .await,
        200,
    );
    let waiting = notifications_of(&app, &w.bureau, "review_waiting").await;
    assert_eq!(
        waiting,
        vec![(
            "statistics_report".into(),
            "新区城管执法局 2022-05 城管执法月报".into(),
            false
        )]
    );
    ok(
        &send(
            &app,
            versioned(
                &w.bureau,
                &format!("{uri}/return"),
                2,
                &json!({"comment": "请核对"}),
            ),
        )
        .await,
        200,
    );
    assert!(
        notifications_of(&app, &w.bureau, "review_waiting").await[0].2,
        "settled once returned"
    );
    let returned = notifications_of(&app, &w.xq, "report_returned").await;
    assert_eq!((returned.len(), returned[0].2), (1, false));
    assert!(
        notifications_of(&app, &w.yq, "report_returned")
            .await
            .is_empty(),
        "only the unit's own users"
    );
    ok(
        &send(
            &app,
            versioned(&w.xq, &format!("{uri}/submit"), 3, &json!({})),
        )
        .await,
        200,
    );
    assert!(
        notifications_of(&app, &w.xq, "report_returned").await[0].2,
        "settled once resubmitted"
    );
    ok(
        &send(
            &app,
            versioned(&w.bureau, &format!("{uri}/accept"), 4, &json!(null)),
        )
        .await,
        200,
    );
    assert!(notifications_of(&app, &w.bureau, "review_waiting")
        .await
        .iter()
        .all(|n| n.2));

    // The reminder job: May 2022 is due on Wednesday 8 June (3 June is the Dragon Boat
    // holiday). On Monday 6 June it is due soon for the counties that have not
    // submitted; XQ has. On 20 June it is past due.
    let mut conn = w.t.state.pool.get().unwrap();
    let run = |conn: &mut api::db::DbConnection, day: &str| {
        api::resources::notifications::reminders::run(conn, day.parse().unwrap(), 3).unwrap()
    };
    run(&mut conn, "2022-06-06");
    let soon = notifications_of(&app, &w.yq, "deadline_soon").await;
    assert_eq!(
        soon,
        vec![(
            "statistics_template".into(),
            "2022-05 城管执法月报".into(),
            false
        )]
    );
    assert!(notifications_of(&app, &w.xq, "deadline_soon")
        .await
        .is_empty());
    run(&mut conn, "2022-06-20");
    // Past due: May, and the annual report of 2021 (due in January).
    let mut passed = notifications_of(&app, &w.yq, "deadline_passed").await;
    passed.sort();
    assert_eq!(
        passed,
        vec![
            (
                "statistics_template".into(),
                "2021 行政执法统计年报".into(),
                false
            ),
            (
                "statistics_template".into(),
                "2022-05 城管执法月报".into(),
                false
            ),
        ]
    );
    // YQ files and submits its report: the next pass settles the reminders.
    let yq = w.t.unit_id("YQ");
    let theirs = ok(&send(&app, w.yq.post("/api/v1/statistics/reports", &json!({"unit_id": yq, "template_code": "monthly", "period": "2022-05", "values": monthly_figures(0.0, &[])}))).await, 201);
    ok(
        &send(
            &app,
            versioned(
                &w.yq,
                &format!(
                    "/api/v1/statistics/reports/{}/submit",
                    theirs["id"].as_str().unwrap()
                ),
                1,
                &json!({}),
            ),
        )
        .await,
        200,
    );
    run(&mut conn, "2022-06-21");
    let after: Vec<(String, bool)> = notifications_of(&app, &w.yq, "deadline_passed")
        .await
        .into_iter()
        .map(|n| (n.1, n.2))
        .collect();
    assert!(
        after.contains(&("2022-05 城管执法月报".into(), true)),
        "settled once submitted: {after:?}"
    );
    assert!(
        after.contains(&("2021 行政执法统计年报".into(), false)),
        "the annual report still waits: {after:?}"
    );
}
