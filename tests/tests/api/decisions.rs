//! Major decisions (the procedure before a decision) and risk assessments of major
//! enforcement activities (levels, sign-off, the city bureau's approval).

use actix_web::test::init_service;
use api_types::Role;
use enforcement_tests::{ok, send, TestApp, TestUser};
use serde_json::{json, Value};

fn versioned(
    user: &TestUser,
    uri: &str,
    version: i64,
    body: &Value,
) -> actix_web::test::TestRequest {
    user.post(uri, body)
        .insert_header(("If-Match", format!("\"{version}\"")))
}

#[actix_web::test]
async fn a_decision_is_refused_as_decided_while_a_step_is_missing() {
    let t = TestApp::new();
    t.add_counties();
    let xq = t.add_user("dec.xq", "XQ", &[Role::County]);
    let yq = t.add_user("dec.yq", "YQ", &[Role::County]);
    let app = init_service(api::app(t.state.clone())).await;
    let body = json!({"unit_id": t.unit_id("XQ"), "title": "城区占道经营疏导点设置方案", "summary": "在三个街道设置疏导点，明确经营时段和管理规则。"});
    let decision = ok(
        &send(&app, xq.post("/api/v1/major-decisions", &body)).await,
        201,
    );
    assert_eq!(decision["status"], "in_procedure");
    assert_eq!(decision["missing_steps"].as_array().unwrap().len(), 5);
    let uri = format!(
        "/api/v1/major-decisions/{}",
        decision["id"].as_str().unwrap()
    );
    send(&app, yq.get(&uri))
        .await
        .assert_problem(403, "forbidden");

    let step = |step: &str, done: Option<&str>, reason: Option<&str>| json!({"step": step, "done_on": done, "not_applicable_reason": reason});
    let mut version = 1;
    for (s, done, reason) in [
        ("public_participation", Some("2026-03-02"), None),
        ("expert_review", None, Some("不涉及专业性、技术性问题")),
        ("risk_assessment", Some("2026-03-10"), None),
        ("legality_review", Some("2026-03-20"), None),
    ] {
        let d = ok(
            &send(
                &app,
                versioned(
                    &xq,
                    &format!("{uri}/steps"),
                    version,
                    &step(s, done, reason),
                ),
            )
            .await,
            200,
        );
        version = d["version"].as_i64().unwrap();
    }
    // 集体讨论决定 is missing: refused, naming it.
    let made = json!({"decided_on": "2026-03-25", "document_number": "新城管发〔2026〕3号"});
    let p = send(
        &app,
        versioned(&xq, &format!("{uri}/decide"), version, &made),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(
        (
            p["errors"][0]["field"].as_str(),
            p["errors"][0]["code"].as_str()
        ),
        (Some("steps"), Some("steps_missing"))
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("集体讨论决定"),
        "{p}"
    );
    // The legality review cannot be declared not applicable; a step needs a day or a reason.
    let p = send(
        &app,
        versioned(
            &xq,
            &format!("{uri}/steps"),
            version,
            &step("legality_review", None, Some("无")),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "not_skippable");
    let p = send(
        &app,
        versioned(
            &xq,
            &format!("{uri}/steps"),
            version,
            &step("collective_decision", None, None),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "one_of");
    // Publication comes after the decision.
    send(
        &app,
        versioned(
            &xq,
            &format!("{uri}/steps"),
            version,
            &step("publication", Some("2026-03-26"), None),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");

    // The papers of the procedure are attached as evidence (another county may not).
    let file = ok(
        &send(
            &app,
            xq.upload(
                &format!("{uri}/attachments"),
                "专家论证意见.pdf",
                &enforcement_tests::sample_pdf("意见"),
            ),
        )
        .await,
        201,
    );
    send(
        &app,
        yq.upload(
            &format!("{uri}/attachments"),
            "x.pdf",
            &enforcement_tests::sample_pdf("x"),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let with_file = ok(&send(&app, xq.get(&uri)).await, 200);
    assert_eq!(with_file["attachments"][0]["id"], file["id"]);
    version = with_file["version"].as_i64().unwrap();
    send(
        &app,
        yq.get(&format!(
            "/api/v1/attachments/{}/content",
            file["id"].as_str().unwrap()
        )),
    )
    .await
    .assert_problem(403, "forbidden");
    let d = ok(
        &send(
            &app,
            versioned(
                &xq,
                &format!("{uri}/steps"),
                version,
                &step("collective_decision", Some("2026-03-25"), None),
            ),
        )
        .await,
        200,
    );
    assert_eq!(d["missing_steps"], json!([]));
    version = d["version"].as_i64().unwrap();
    // Not before a step of the procedure.
    let early = json!({"decided_on": "2026-03-21", "document_number": "新城管发〔2026〕3号"});
    let p = send(
        &app,
        versioned(&xq, &format!("{uri}/decide"), version, &early),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "before_steps");
    let decided = ok(
        &send(
            &app,
            versioned(&xq, &format!("{uri}/decide"), version, &made),
        )
        .await,
        200,
    );
    assert_eq!(
        (
            decided["status"].as_str(),
            decided["document_number"].as_str()
        ),
        (Some("decided"), Some("新城管发〔2026〕3号"))
    );
    version = decided["version"].as_i64().unwrap();
    // The procedure before the decision is closed; publication publishes it.
    send(
        &app,
        versioned(
            &xq,
            &format!("{uri}/steps"),
            version,
            &step("risk_assessment", Some("2026-03-11"), None),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    let p = send(
        &app,
        versioned(
            &xq,
            &format!("{uri}/steps"),
            version,
            &step("publication", Some("2026-03-24"), None),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["code"], "before_decided_on");
    let published = ok(
        &send(
            &app,
            versioned(
                &xq,
                &format!("{uri}/steps"),
                version,
                &step("publication", Some("2026-03-27"), None),
            ),
        )
        .await,
        200,
    );
    assert_eq!(published["status"], "published");
    assert_eq!(published["steps"].as_array().unwrap().len(), 6);
    // Evidence can no longer be attached once published; what was attached stays.
    send(
        &app,
        xq.upload(
            &format!("{uri}/attachments"),
            "会议纪要.pdf",
            &enforcement_tests::sample_pdf("纪要"),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Once published the record is closed.
    let v = published["version"].as_i64().unwrap();
    send(
        &app,
        versioned(
            &xq,
            &format!("{uri}/steps"),
            v,
            &step("publication", Some("2026-03-28"), None),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    let list = ok(
        &send(&app, xq.get("/api/v1/major-decisions?status=published")).await,
        200,
    );
    assert_eq!(list["total"], 1);
    assert_eq!(
        ok(&send(&app, yq.get("/api/v1/major-decisions")).await, 200)["total"],
        0
    );
}

#[actix_web::test]
async fn a_high_risk_activity_without_the_city_bureaus_approval_is_flagged() {
    let t = TestApp::new();
    t.add_counties();
    let xq = t.add_user("risk.xq", "XQ", &[Role::County]);
    let bureau = t.add_user("risk.city", "CITY", &[Role::Bureau]);
    let app = init_service(api::app(t.state.clone())).await;
    let ahead = (api::time::today() + chrono::Duration::days(10)).to_string();
    let past = (api::time::today() - chrono::Duration::days(10)).to_string();
    let content = |activity: &str, date: &str, l: i32, i: i32| {
        json!({
            "unit_id": t.unit_id("XQ"), "activity": activity, "activity_date": date, "place": "新区建设路",
            "items": [
                {"risk": "当事人阻挠、围观人员聚集", "likelihood": 2, "impact": 2, "mitigation": "提前约谈，公安到场"},
                {"risk": "拆除作业伤及周边建筑", "likelihood": l, "impact": i, "mitigation": "专业队伍作业，设置警戒区"}
            ]
        })
    };
    let high = ok(
        &send(
            &app,
            xq.post(
                "/api/v1/risk-assessments",
                &content("集中拆除违法建设专项行动", &ahead, 3, 4),
            ),
        )
        .await,
        201,
    );
    assert_eq!(
        (
            high["score"].as_i64(),
            high["level"].as_str(),
            high["needs_attention"].as_bool()
        ),
        (Some(12), Some("high"), Some(true))
    );
    let low = ok(
        &send(
            &app,
            xq.post(
                "/api/v1/risk-assessments",
                &content("夜市占道经营整治", &ahead, 1, 2),
            ),
        )
        .await,
        201,
    );
    assert_eq!(low["level"], "low");
    ok(
        &send(
            &app,
            xq.post(
                "/api/v1/risk-assessments",
                &content("已结束的整治", &past, 5, 5),
            ),
        )
        .await,
        201,
    );
    let (hi, lo) = (
        format!("/api/v1/risk-assessments/{}", high["id"].as_str().unwrap()),
        format!("/api/v1/risk-assessments/{}", low["id"].as_str().unwrap()),
    );
    let waiting = |app_list: Value| -> Vec<String> {
        app_list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["content"]["activity"].as_str().unwrap().to_string())
            .collect()
    };
    let flagged = ok(
        &send(
            &app,
            bureau.get("/api/v1/risk-assessments?needs_attention=true"),
        )
        .await,
        200,
    );
    assert_eq!(
        waiting(flagged),
        vec!["集中拆除违法建设专项行动", "夜市占道经营整治"]
    );

    // Signed off: the low-risk activity is cleared, the high-risk one still waits.
    let opinion = json!({"opinion": "措施可行，同意实施"});
    let l = ok(
        &send(&app, versioned(&xq, &format!("{lo}/sign-off"), 1, &opinion)).await,
        200,
    );
    assert_eq!(l["cleared"], true);
    let h = ok(
        &send(&app, versioned(&xq, &format!("{hi}/sign-off"), 1, &opinion)).await,
        200,
    );
    assert_eq!(
        (h["cleared"].as_bool(), h["needs_attention"].as_bool()),
        (Some(false), Some(true))
    );
    // A signed-off assessment is not edited; the county cannot approve.
    send(
        &app,
        xq.put(&hi, 2, &content("集中拆除违法建设专项行动", &ahead, 1, 1)),
    )
    .await
    .assert_problem(409, "invalid_state");
    send(&app, versioned(&xq, &format!("{hi}/approve"), 2, &opinion))
        .await
        .assert_problem(403, "forbidden");
    let flagged = ok(
        &send(
            &app,
            bureau.get("/api/v1/risk-assessments?needs_attention=true"),
        )
        .await,
        200,
    );
    assert_eq!(waiting(flagged), vec!["集中拆除违法建设专项行动"]);
    let approved = ok(
        &send(
            &app,
            versioned(
                &bureau,
                &format!("{hi}/approve"),
                2,
                &json!({"opinion": "同意，请公安、街道配合"}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (approved["status"].as_str(), approved["cleared"].as_bool()),
        (Some("approved"), Some(true))
    );
    let flagged = ok(
        &send(
            &app,
            bureau.get("/api/v1/risk-assessments?needs_attention=true"),
        )
        .await,
        200,
    );
    assert_eq!(flagged["total"], 0);
    // Scores are 1–5 each.
    let mut bad = content("x", &ahead, 6, 1);
    bad["items"][1]["likelihood"] = json!(6);
    send(&app, xq.post("/api/v1/risk-assessments", &bad))
        .await
        .assert_problem(422, "validation_failed");
}
