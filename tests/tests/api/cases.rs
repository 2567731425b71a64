//! Typical cases (以案释法): units submit within the quarterly quota, 政策法规科 (the
//! city bureau's role) returns or accepts them with the masked text, compiles and
//! publishes the bulletin, which the public reads masked; and the outcomes of
//! challenged decisions, which mark revoked records and raise the veto event once.

use actix_web::test::init_service;
use api_types::Role;
use enforcement_tests::{ok, send, TestApp, TestUser};
use serde_json::{json, Value};

use crate::training::created;

fn anonymous(uri: &str) -> actix_web::test::TestRequest {
    actix_web::test::TestRequest::get().uri(uri)
}

/// A case of `unit` for `quarter` naming 张三丰 and his ID number in its text.
pub fn case_body(unit: &str, quarter: &str, title: &str) -> Value {
    json!({
        "unit_id": unit,
        "quarter": quarter,
        "text": {
            "title": title,
            "keywords": ["占道经营", "说理式执法"],
            "facts": "2022年4月，当事人张三丰（身份证号11010519491231002X）在人民路占道摆摊经营，经劝阻仍不改正。",
            "handling": "执法人员依法责令张三丰改正，并处罚款500元。",
            "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
            "significance": "本案执法人员先教育后处罚，体现了处罚与教育相结合的原则。"
        },
        "power_item_ids": [],
        "disclosure_record_ids": [],
        "persons": [{"name": "张三丰", "id_number": "11010519491231002X"}]
    })
}

/// `user` writes a case and submits it: its id (at version 2).
pub async fn submitted_case<S, B>(
    app: &S,
    user: &TestUser,
    unit: &str,
    quarter: &str,
    title: &str,
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let id = created(
        &send(
            app,
            user.post("/api/v1/case-submissions", &case_body(unit, quarter, title)),
        )
        .await,
    );
    let submitted = send(
        app,
        user.post(&format!("/api/v1/case-submissions/{id}/submit"), &json!({}))
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.text());
    id
}

/// The reviewer accepts a submitted case (at `version`) with the proposed masking.
pub async fn accepted_case<S, B>(app: &S, reviewer: &TestUser, id: &str, version: i64) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let proposal = ok(
        &send(
            app,
            reviewer.get(&format!("/api/v1/case-submissions/{id}/redaction")),
        )
        .await,
        200,
    );
    ok(
        &send(
            app,
            reviewer
                .post(
                    &format!("/api/v1/case-submissions/{id}/accept"),
                    &json!({"text": proposal["text"]}),
                )
                .insert_header(("If-Match", format!("\"{version}\""))),
        )
        .await,
        200,
    )
}

/// A distinct quarter for the `n`-th fixture (each unit submits at most two a quarter).
pub fn quarter_of(n: usize) -> String {
    format!("{}-Q{}", 2000 + (n / 4) % 100, n % 4 + 1)
}

/// A bulletin (published or a draft at version 1) of one accepted case `filer` submits
/// for `unit`, numbered after `n` so that fixtures do not collide: its id.
pub async fn bulletin_of<S, B>(
    app: &S,
    reviewer: &TestUser,
    filer: &TestUser,
    unit: &str,
    n: usize,
    publish: bool,
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let quarter = quarter_of(n);
    let case = submitted_case(app, filer, unit, &quarter, &format!("案例{n}")).await;
    accepted_case(app, reviewer, &case, 2).await;
    let year = 2000 + i32::try_from(n % 100).unwrap();
    let issue_no = u32::try_from((n / 100) % 99 + 1).unwrap();
    let bulletin = created(
        &send(
            app,
            reviewer.post(
                "/api/v1/case-bulletins",
                &bulletin_body(year, issue_no, &quarter, &[&case]),
            ),
        )
        .await,
    );
    if publish {
        ok(
            &send(
                app,
                reviewer
                    .post(
                        &format!("/api/v1/case-bulletins/{bulletin}/publish"),
                        &json!({}),
                    )
                    .insert_header(("If-Match", "\"1\"")),
            )
            .await,
            200,
        );
    }
    bulletin
}

pub fn bulletin_body(year: i32, issue_no: u32, quarter: &str, cases: &[&str]) -> Value {
    json!({
        "year": year,
        "issue_no": issue_no,
        "quarter": quarter,
        "title": "典型案例通报",
        "preface": "为落实“以案释法”，现将本季度典型案例通报如下。",
        "items": cases.iter().map(|c| json!({"case_id": c, "commentary": "编者按：先教育后处罚。"})).collect::<Vec<_>>(),
        "corrects_id": null,
        "correction_reason": null
    })
}

struct World {
    t: TestApp,
    policy: TestUser,
    xq: TestUser,
    yq: TestUser,
    section: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    World {
        // 政策法规科's reviewer holds the city bureau's role.
        policy: t.add_user("cases.policy", "CITY-LAW", &[Role::Bureau]),
        xq: t.add_user("cases.xq", "XQ", &[Role::County]),
        yq: t.add_user("cases.yq", "YQ", &[Role::County]),
        section: t.add_user("cases.section", "CITY-LAW", &[Role::Section]),
        t,
    }
}

#[actix_web::test]
async fn the_quota_is_kept_per_quarter_and_a_third_submission_is_refused() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq = w.t.unit_id("XQ");
    let brigade = w.t.unit_id("XQ-1");

    // A brigade does not submit on its own: its county bureau does.
    let refused = send(
        &app,
        w.xq.post(
            "/api/v1/case-submissions",
            &case_body(&brigade, "2022-Q2", "大队案例"),
        ),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert!(
        problem.to_string().contains("not_a_submitting_unit"),
        "{problem}"
    );
    // Another county's unit is out of scope.
    send(
        &app,
        w.yq.post(
            "/api/v1/case-submissions",
            &case_body(&xq, "2022-Q2", "越权"),
        ),
    )
    .await
    .assert_problem(403, "forbidden");

    submitted_case(&app, &w.xq, &xq, "2022-Q2", "案例一").await;
    submitted_case(&app, &w.xq, &xq, "2022-Q2", "案例二").await;
    // A third draft may be written, but not submitted.
    let third = created(
        &send(
            &app,
            w.xq.post(
                "/api/v1/case-submissions",
                &case_body(&xq, "2022-Q2", "案例三"),
            ),
        )
        .await,
    );
    let refused = send(
        &app,
        w.xq.post(
            &format!("/api/v1/case-submissions/{third}/submit"),
            &json!({}),
        )
        .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    let error = &problem["errors"][0];
    assert_eq!(error["field"], "quarter");
    assert_eq!(error["code"], "quota_reached");
    assert_eq!(error["max"], 2, "{problem}");
    // Another quarter has room.
    submitted_case(&app, &w.xq, &xq, "2022-Q3", "案例四").await;

    // The quarter's view: XQ has its two, YQ is missing; the section is counted too.
    let view = ok(
        &send(&app, w.policy.get("/api/v1/case-quarters/2022-Q2")).await,
        200,
    );
    assert_eq!(view["deadline"], "2022-06-30");
    assert_eq!(
        (
            view["min_per_quarter"].as_u64(),
            view["max_per_quarter"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let unit = |code: &str| -> Value {
        let id = w.t.unit_id(code);
        view["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_id"] == id.as_str())
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(unit("XQ")["counted"], 2);
    assert_eq!(unit("XQ")["drafts"], 1);
    assert_eq!(unit("XQ")["missing"], false);
    assert_eq!(unit("YQ")["missing"], true);
    assert_eq!(unit("CITY-LAW")["missing"], true);
    assert!(unit("XQ-1").is_null(), "brigades are not asked for cases");
    // A county sees only its own line.
    let own = ok(
        &send(&app, w.xq.get("/api/v1/case-quarters/2022-Q2")).await,
        200,
    );
    assert_eq!(own["units"].as_array().unwrap().len(), 1);
    send(&app, w.xq.get("/api/v1/case-quarters/2022-05"))
        .await
        .assert_problem(400, "invalid_path_parameter");

    // The bureau raises the maximum to three for 2022: the third goes through; the
    // minimum of two leaves YQ and XQ's Q3 short.
    let quota = send(
        &app,
        w.xq.put(
            "/api/v1/case-quotas/2022",
            0,
            &json!({"min_per_quarter": 2, "max_per_quarter": 3}),
        ),
    )
    .await;
    quota.assert_problem(403, "forbidden");
    let below = send(
        &app,
        w.policy.put(
            "/api/v1/case-quotas/2022",
            0,
            &json!({"min_per_quarter": 3, "max_per_quarter": 2}),
        ),
    )
    .await;
    assert!(below
        .assert_problem(422, "validation_failed")
        .to_string()
        .contains("below_minimum"));
    let quota = ok(
        &send(
            &app,
            w.policy.put(
                "/api/v1/case-quotas/2022",
                0,
                &json!({"min_per_quarter": 2, "max_per_quarter": 3}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(quota["version"], 1);
    ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/case-submissions/{third}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    let q3 = ok(
        &send(&app, w.policy.get("/api/v1/case-quarters/2022-Q3")).await,
        200,
    );
    let xq_q3 = q3["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == xq.as_str())
        .unwrap();
    assert_eq!(
        (xq_q3["counted"].as_u64(), xq_q3["missing"].as_bool()),
        (Some(1), Some(true))
    );
    // Other years keep the default.
    let default = ok(&send(&app, w.xq.get("/api/v1/case-quotas/2023")).await, 200);
    assert_eq!(
        (
            default["min_per_quarter"].as_u64(),
            default["max_per_quarter"].as_u64(),
            default["version"].as_i64()
        ),
        (Some(1), Some(2), Some(0))
    );
}

#[actix_web::test]
async fn a_county_sees_its_own_drafts_only() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq = w.t.unit_id("XQ");
    let draft = created(
        &send(
            &app,
            w.xq.post(
                "/api/v1/case-submissions",
                &case_body(&xq, "2022-Q2", "草稿案例"),
            ),
        )
        .await,
    );
    let submitted = submitted_case(&app, &w.xq, &xq, "2022-Q2", "已报送案例").await;

    let titles = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["content"]["text"]["title"].as_str().unwrap().to_string())
            .collect()
    };
    let own = ok(&send(&app, w.xq.get("/api/v1/case-submissions")).await, 200);
    assert_eq!(own["total"], 2, "{own}");
    // Neither another county nor 政策法规科 sees a draft.
    let other = ok(&send(&app, w.yq.get("/api/v1/case-submissions")).await, 200);
    assert_eq!(other["total"], 0);
    send(&app, w.yq.get(&format!("/api/v1/case-submissions/{draft}")))
        .await
        .assert_problem(404, "not_found");
    // The list downloads as a sheet with the same scope: 政策法规科 gets no draft.
    let sheet = send(&app, w.policy.get("/api/v1/case-submissions:xlsx")).await;
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let rows = enforcement_tests::xlsx_rows(&sheet.body);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[1].contains(&"已报送案例".to_string()), "{rows:?}");
    let own_sheet = send(&app, w.xq.get("/api/v1/case-submissions:xlsx")).await;
    assert_eq!(enforcement_tests::xlsx_rows(&own_sheet.body).len(), 3);
    let bureau = ok(
        &send(&app, w.policy.get("/api/v1/case-submissions")).await,
        200,
    );
    assert_eq!(titles(&bureau), vec!["已报送案例".to_string()]);
    send(
        &app,
        w.policy.get(&format!("/api/v1/case-submissions/{draft}")),
    )
    .await
    .assert_problem(404, "not_found");
    ok(
        &send(
            &app,
            w.policy
                .get(&format!("/api/v1/case-submissions/{submitted}")),
        )
        .await,
        200,
    );
    // Nor does anyone outside the unit attach files to it.
    send(
        &app,
        w.yq.upload(
            &format!("/api/v1/case-submissions/{draft}/attachments"),
            "决定书.pdf",
            &enforcement_tests::sample_pdf("x"),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let file = send(
        &app,
        w.xq.upload(
            &format!("/api/v1/case-submissions/{draft}/attachments"),
            "决定书.pdf",
            &enforcement_tests::sample_pdf("x"),
        ),
    )
    .await;
    assert_eq!(file.status, 201, "{}", file.text());
    // Once submitted, its files no longer change.
    send(
        &app,
        w.xq.upload(
            &format!("/api/v1/case-submissions/{submitted}/attachments"),
            "照片.pdf",
            &enforcement_tests::sample_pdf("y"),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Withdrawing a draft keeps it (with the reason), out of the count.
    let withdrawn = ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/case-submissions/{draft}/withdraw"),
                &json!({"comment": "改报下季度"}),
            )
            .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    assert_eq!(withdrawn["status"], "withdrawn");
}

#[actix_web::test]
async fn a_case_is_returned_resubmitted_accepted_masked_and_published_in_an_immutable_bulletin() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq = w.t.unit_id("XQ");
    let yq = w.t.unit_id("YQ");
    let case = submitted_case(&app, &w.xq, &xq, "2022-Q2", "张三丰占道经营案").await;
    let other = submitted_case(&app, &w.yq, &yq, "2022-Q2", "某公司违规处置建筑垃圾案").await;

    // Only 政策法规科 reviews: not a section, not the unit.
    send(
        &app,
        w.section
            .post(
                &format!("/api/v1/case-submissions/{case}/return"),
                &json!({"comment": "x"}),
            )
            .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    let returned = ok(
        &send(
            &app,
            w.policy
                .post(
                    &format!("/api/v1/case-submissions/{case}/return"),
                    &json!({"comment": "请补充法律依据的条文内容"}),
                )
                .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["review_comment"], "请补充法律依据的条文内容");
    // Returned cases are not accepted until resubmitted.
    send(
        &app,
        w.policy
            .post(
                &format!("/api/v1/case-submissions/{case}/accept"),
                &json!({"text": case_body(&xq, "2022-Q2", "x")["text"]}),
            )
            .insert_header(("If-Match", "\"3\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    // A returned case still counts for its quarter: it does not move to another one.
    let moved = send(
        &app,
        w.xq.put(
            &format!("/api/v1/case-submissions/{case}"),
            3,
            &case_body(&xq, "2022-Q3", "张三丰占道经营案"),
        ),
    )
    .await;
    let problem = moved.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "fixed_once_submitted");
    let mut corrected = case_body(&xq, "2022-Q2", "张三丰占道经营案");
    corrected["text"]["legal_basis"] = json!(
        "《城市市容和环境卫生管理条例》第三十六条：擅自占用道路摆摊设点的，责令改正，可以处罚款。"
    );
    ok(
        &send(
            &app,
            w.xq.put(&format!("/api/v1/case-submissions/{case}"), 3, &corrected),
        )
        .await,
        200,
    );
    let resubmitted = ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/case-submissions/{case}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"4\"")),
        )
        .await,
        200,
    );
    assert_eq!(resubmitted["status"], "submitted");

    // The proposal masks the name and the ID number; the original stays private.
    let proposal = ok(
        &send(
            &app,
            w.policy
                .get(&format!("/api/v1/case-submissions/{case}/redaction")),
        )
        .await,
        200,
    );
    let text = proposal["text"].to_string();
    assert!(
        !text.contains("张三丰") && !text.contains("11010519491231002X"),
        "{text}"
    );
    assert!(text.contains("张某某"), "{text}");
    assert_eq!(proposal["masked_names"], json!(["张某某"]));
    // Confirming a text that still names him is refused, naming the field.
    let mut leaky = proposal["text"].clone();
    leaky["handling"] = json!("责令张三丰改正");
    let refused = send(
        &app,
        w.policy
            .post(
                &format!("/api/v1/case-submissions/{case}/accept"),
                &json!({"text": leaky}),
            )
            .insert_header(("If-Match", "\"5\"")),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "text.handling");
    assert_eq!(problem["errors"][0]["code"], "unmasked_name");
    let accepted = accepted_case(&app, &w.policy, &case, 5).await;
    assert_eq!(accepted["status"], "accepted");
    assert!(
        accepted["content"]["text"]["facts"]
            .as_str()
            .unwrap()
            .contains("张三丰"),
        "the original stays"
    );
    assert!(
        !accepted["published_text"].to_string().contains("张三丰"),
        "{accepted}"
    );

    // Only accepted cases enter a bulletin.
    let refused = send(
        &app,
        w.policy.post(
            "/api/v1/case-bulletins",
            &bulletin_body(2022, 2, "2022-Q2", &[&case, &other]),
        ),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "items[1].case_id");
    assert_eq!(problem["errors"][0]["code"], "not_accepted");
    send(
        &app,
        w.xq.post(
            "/api/v1/case-bulletins",
            &bulletin_body(2022, 2, "2022-Q2", &[&case]),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    // The issue's own text is public too: it names none of its cases' persons.
    let mut leaky = bulletin_body(2022, 2, "2022-Q2", &[&case]);
    leaky["items"][0]["commentary"] = json!("张三丰一案说明……");
    let problem = send(&app, w.policy.post("/api/v1/case-bulletins", &leaky))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "items[0].commentary");
    assert_eq!(problem["errors"][0]["code"], "unmasked_name");
    let bulletin = ok(
        &send(
            &app,
            w.policy.post(
                "/api/v1/case-bulletins",
                &bulletin_body(2022, 2, "2022-Q2", &[&case]),
            ),
        )
        .await,
        201,
    );
    let id = bulletin["id"].as_str().unwrap().to_string();
    assert_eq!(bulletin["number"], "2022年第2期");
    // The same number twice is a clear problem.
    let twice = send(
        &app,
        w.policy.post(
            "/api/v1/case-bulletins",
            &bulletin_body(2022, 2, "2022-Q2", &[&case]),
        ),
    )
    .await;
    twice.assert_problem(409, "duplicate");
    // A draft bulletin is the editors' only.
    assert_eq!(
        ok(&send(&app, w.xq.get("/api/v1/case-bulletins")).await, 200)["total"],
        0
    );
    send(&app, w.xq.get(&format!("/api/v1/case-bulletins/{id}")))
        .await
        .assert_problem(404, "not_found");
    send(
        &app,
        anonymous(&format!("/api/v1/public/case-bulletins/{id}")),
    )
    .await
    .assert_problem(404, "not_found");

    let published = ok(
        &send(
            &app,
            w.policy
                .post(&format!("/api/v1/case-bulletins/{id}/publish"), &json!({}))
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    assert_eq!(published["status"], "published");
    let selected = ok(
        &send(&app, w.xq.get(&format!("/api/v1/case-submissions/{case}"))).await,
        200,
    );
    assert_eq!(selected["status"], "selected");
    assert_eq!(selected["bulletin_id"], id.as_str());
    // Published is immutable.
    send(
        &app,
        w.policy.put(
            &format!("/api/v1/case-bulletins/{id}"),
            2,
            &bulletin_body(2022, 2, "2022-Q2", &[&case]),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    send(
        &app,
        w.policy
            .post(&format!("/api/v1/case-bulletins/{id}/publish"), &json!({}))
            .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(409, "invalid_state");

    // The public reads it without signing in, masked: no name, no ID number anywhere.
    let public = ok(
        &send(
            &app,
            anonymous(&format!("/api/v1/public/case-bulletins/{id}")),
        )
        .await,
        200,
    );
    let body = public.to_string();
    for secret in ["张三丰", "11010519491231002X"] {
        assert!(!body.contains(secret), "{secret} in {body}");
    }
    assert_eq!(public["number"], "2022年第2期");
    assert_eq!(public["cases"][0]["unit_name"], "新区城管执法局");
    let list = ok(
        &send(&app, anonymous("/api/v1/public/case-bulletins")).await,
        200,
    );
    assert_eq!(list["total"], 1);
    assert!(!list.to_string().contains("张三丰"));
    let feed = send(&app, anonymous("/api/v1/public/case-bulletins/feed")).await;
    assert_eq!(feed.status, 200);
    assert!(
        feed.content_type().starts_with("application/atom+xml"),
        "{}",
        feed.content_type()
    );
    assert!(
        feed.text().contains("2022年第2期 典型案例通报"),
        "{}",
        feed.text()
    );
    assert!(!feed.text().contains("张三丰"));

    // A correction is a new issue naming the old one and why; the old points to it.
    let mut correction = bulletin_body(2022, 3, "2022-Q2", &[&case]);
    correction["corrects_id"] = json!(id);
    let missing_reason = send(&app, w.policy.post("/api/v1/case-bulletins", &correction)).await;
    assert!(missing_reason
        .assert_problem(422, "validation_failed")
        .to_string()
        .contains("required_with_correction"));
    correction["correction_reason"] = json!("更正案例编者按中的文字错误");
    let fix = created(&send(&app, w.policy.post("/api/v1/case-bulletins", &correction)).await);
    ok(
        &send(
            &app,
            w.policy
                .post(&format!("/api/v1/case-bulletins/{fix}/publish"), &json!({}))
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    let old = ok(
        &send(
            &app,
            anonymous(&format!("/api/v1/public/case-bulletins/{id}")),
        )
        .await,
        200,
    );
    assert_eq!(old["corrected_by"]["number"], "2022年第3期");
    let new = ok(
        &send(
            &app,
            anonymous(&format!("/api/v1/public/case-bulletins/{fix}")),
        )
        .await,
        200,
    );
    assert_eq!(new["corrects"]["number"], "2022年第2期");
    assert_eq!(new["correction_reason"], "更正案例编者按中的文字错误");
    // An issue is corrected once.
    let mut again = bulletin_body(2022, 4, "2022-Q2", &[&case]);
    again["corrects_id"] = json!(id);
    again["correction_reason"] = json!("再次更正");
    assert!(send(&app, w.policy.post("/api/v1/case-bulletins", &again))
        .await
        .assert_problem(422, "validation_failed")
        .to_string()
        .contains("already_corrected"));
}

pub fn outcome_body(unit: &str, record: Option<&str>, number: &str) -> Value {
    json!({
        "unit_id": unit,
        "disclosure_record_id": record,
        "document_number": number,
        "kind": "reconsideration",
        "instance": null,
        "body": "某市人民政府",
        "filed_on": "2022-06-01",
        "result": null,
        "decided_on": null,
        "note": "",
        "external_id": "FY-2022-001"
    })
}

#[actix_web::test]
async fn a_revoked_outcome_marks_the_public_record_and_raises_the_veto_once() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq = w.t.unit_id("XQ");
    let record = crate::disclosure::publish(
        &app,
        &w.xq,
        &crate::disclosure::person(
            &xq,
            "新城管罚决字〔2022〕第7号",
            "张三丰",
            "11010519491231002X",
            "2022-05-10",
        ),
        "2022-05-12",
    )
    .await;
    let record_id = record["id"].as_str().unwrap().to_string();

    // Another system pushes the pending reconsideration; sending it again answers the
    // stored one, different content under the same id is a conflict.
    let body = outcome_body(&xq, Some(&record_id), "新城管罚决字〔2022〕第7号");
    let first = ok(
        &send(&app, w.xq.post("/api/v1/case-outcomes", &body)).await,
        201,
    );
    let outcome = first["id"].as_str().unwrap().to_string();
    let again = ok(
        &send(&app, w.xq.post("/api/v1/case-outcomes", &body)).await,
        200,
    );
    assert_eq!(again["id"], first["id"]);
    let mut changed = body.clone();
    changed["body"] = json!("某省人民政府");
    send(&app, w.xq.post("/api/v1/case-outcomes", &changed))
        .await
        .assert_problem(409, "conflict");
    // The document number must be the record's; a suit needs its instance.
    let mut wrong = body.clone();
    wrong["external_id"] = json!(null);
    wrong["document_number"] = json!("别的文号");
    assert!(send(&app, w.xq.post("/api/v1/case-outcomes", &wrong))
        .await
        .assert_problem(422, "validation_failed")
        .to_string()
        .contains("not_the_records"));
    let mut suit = body.clone();
    suit["external_id"] = json!(null);
    suit["kind"] = json!("litigation");
    assert!(send(&app, w.xq.post("/api/v1/case-outcomes", &suit))
        .await
        .assert_problem(422, "validation_failed")
        .to_string()
        .contains("required_for_litigation"));
    // Another county records nothing for XQ.
    send(&app, w.yq.post("/api/v1/case-outcomes", &body))
        .await
        .assert_problem(403, "forbidden");

    // The result: revoked. The record says so publicly; the veto is raised.
    let mut decided = body.clone();
    decided["result"] = json!("revoked");
    decided["decided_on"] = json!("2022-08-15");
    let settled = ok(
        &send(
            &app,
            w.xq.put(&format!("/api/v1/case-outcomes/{outcome}"), 1, &decided),
        )
        .await,
        200,
    );
    assert!(settled["veto_event_id"].is_string(), "{settled}");
    let public = ok(
        &send(
            &app,
            anonymous(&format!("/api/v1/public/disclosure-records/{record_id}")),
        )
        .await,
        200,
    );
    assert_eq!(public["overturned"]["decided_on"], "2022-08-15");
    assert_eq!(
        public["overturned"]["note"],
        "该处罚决定经某市人民政府行政复议决定，于2022年8月15日被撤销"
    );
    let feed = send(&app, anonymous("/api/v1/public/disclosure-records/feed")).await;
    assert!(feed.text().contains("被撤销"), "{}", feed.text());
    // A decided outcome is final; pushing it again changes nothing and raises nothing.
    send(
        &app,
        w.xq.put(&format!("/api/v1/case-outcomes/{outcome}"), 2, &decided),
    )
    .await
    .assert_problem(409, "invalid_state");
    ok(
        &send(&app, w.xq.post("/api/v1/case-outcomes", &decided)).await,
        200,
    );
    let vetoes = ok(
        &send(&app, w.policy.get("/api/v1/veto-events?year=2022")).await,
        200,
    );
    assert_eq!(vetoes["total"], 1, "{vetoes}");
    assert_eq!(vetoes["items"][0]["kind"], "reconsideration_revoked");
    assert_eq!(vetoes["items"][0]["unit_id"], xq.as_str());
    assert_eq!(
        vetoes["items"][0]["document_number"],
        "新城管罚决字〔2022〕第7号"
    );
    assert_eq!(
        ok(&send(&app, w.yq.get("/api/v1/veto-events")).await, 200)["total"],
        0
    );

    // A suit lost at first instance raises its own veto; an upheld one raises none; the
    // record keeps its first mark.
    let mut lost = outcome_body(&xq, Some(&record_id), "新城管罚决字〔2022〕第7号");
    lost["external_id"] = json!("SS-2022-009");
    lost["kind"] = json!("litigation");
    lost["instance"] = json!("first");
    lost["body"] = json!("某区人民法院");
    lost["result"] = json!("confirmed_illegal");
    lost["decided_on"] = json!("2022-09-01");
    let lost = ok(
        &send(&app, w.xq.post("/api/v1/case-outcomes", &lost)).await,
        201,
    );
    assert_eq!(lost["verdict"], "lost");
    let mut upheld = outcome_body(&xq, None, "新城管罚决字〔2022〕第8号");
    upheld["external_id"] = json!(null);
    upheld["result"] = json!("upheld");
    upheld["decided_on"] = json!("2022-07-01");
    let upheld = ok(
        &send(&app, w.xq.post("/api/v1/case-outcomes", &upheld)).await,
        201,
    );
    assert!(upheld["veto_event_id"].is_null());
    assert_eq!(
        ok(
            &send(&app, w.policy.get("/api/v1/veto-events?year=2022")).await,
            200
        )["total"],
        2
    );
    let public = ok(
        &send(
            &app,
            anonymous(&format!("/api/v1/public/disclosure-records/{record_id}")),
        )
        .await,
        200,
    );
    assert_eq!(public["overturned"]["decided_on"], "2022-08-15");
    // The record's outcomes for 执法监督科's list.
    // An outcome pushed with the document number only marks the unit's decision too.
    let other = crate::disclosure::publish(
        &app,
        &w.xq,
        &crate::disclosure::person(
            &xq,
            "新城管罚决字〔2022〕第9号",
            "李四",
            "440524188001010014",
            "2022-05-11",
        ),
        "2022-05-12",
    )
    .await;
    let mut by_number = outcome_body(&xq, None, "新城管罚决字〔2022〕第9号");
    by_number["external_id"] = json!("FY-2022-002");
    by_number["result"] = json!("altered");
    by_number["decided_on"] = json!("2022-09-10");
    let altered = ok(
        &send(&app, w.xq.post("/api/v1/case-outcomes", &by_number)).await,
        201,
    );
    assert!(
        altered["veto_event_id"].is_null(),
        "an alteration on reconsideration is no veto"
    );
    let public = ok(
        &send(
            &app,
            anonymous(&format!(
                "/api/v1/public/disclosure-records/{}",
                other["id"].as_str().unwrap()
            )),
        )
        .await,
        200,
    );
    assert_eq!(public["overturned"]["decided_on"], "2022-09-10", "{public}");
    let listed = ok(
        &send(
            &app,
            w.policy.get(&format!(
                "/api/v1/case-outcomes?disclosure_record_id={record_id}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(listed["total"], 2);
    let sheet = send(&app, w.policy.get("/api/v1/case-outcomes:xlsx")).await;
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let rows = enforcement_tests::xlsx_rows(&sheet.body);
    assert_eq!(rows.len(), 5, "a header and four outcomes: {rows:?}");
    assert!(
        rows.iter().any(|r| r.contains(&"败诉".to_string())),
        "{rows:?}"
    );
    let pending = ok(
        &send(&app, w.policy.get("/api/v1/case-outcomes?pending=true")).await,
        200,
    );
    assert_eq!(pending["total"], 0);
}

#[actix_web::test]
async fn units_short_of_the_quarters_cases_are_reminded_before_its_end_until_they_submit() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let (xq, yq) = (w.t.unit_id("XQ"), w.t.unit_id("YQ"));
    submitted_case(&app, &w.xq, &xq, "2022-Q2", "新区案例").await;
    let run = |day: &str| {
        let mut conn = w.t.state.pool.get().unwrap();
        api::resources::notifications::reminders::run(&mut conn, day.parse().unwrap(), 3).unwrap()
    };
    let reminders = |user: &TestUser| {
        let user = user.clone();
        let app = &app;
        async move {
            let page = ok(
                &send(
                    app,
                    user.get("/api/v1/me/notifications?kind=deadline_soon&per_page=200"),
                )
                .await,
                200,
            );
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["subject_type"] == "case_quota")
                .cloned()
                .collect::<Vec<Value>>()
        }
    };
    // A month before the quarter's end nobody is reminded yet.
    run("2022-05-30");
    assert!(reminders(&w.yq).await.is_empty());
    // Three working days before it, YQ (none submitted) is; XQ (one, the minimum) is not.
    run("2022-06-27");
    let yq_told = reminders(&w.yq).await;
    assert_eq!(yq_told.len(), 1, "{yq_told:?}");
    assert_eq!(
        yq_told[0]["title"],
        "2022-Q2 典型案例报送：已报送 0 个，每季度至少 1 个"
    );
    assert_eq!(yq_told[0]["due_date"], "2022-06-30");
    assert!(yq_told[0]["read_at"].is_null());
    assert!(reminders(&w.xq).await.is_empty());
    assert!(
        reminders(&w.policy).await.is_empty(),
        "the reviewer submits nothing"
    );
    // Once YQ submits, the next pass settles its reminder.
    submitted_case(&app, &w.yq, &yq, "2022-Q2", "老区案例").await;
    run("2022-06-28");
    let settled = reminders(&w.yq).await;
    assert_eq!(settled.len(), 1);
    assert!(!settled[0]["read_at"].is_null(), "{settled:?}");
}

#[actix_web::test]
async fn the_parties_of_the_linked_decisions_are_masked_too() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let (xq, yq) = (w.t.unit_id("XQ"), w.t.unit_id("YQ"));
    let record = crate::disclosure::publish(
        &app,
        &w.xq,
        &crate::disclosure::person(
            &xq,
            "新城管罚决字〔2022〕第5号",
            "李四",
            "440524188001010014",
            "2022-05-10",
        ),
        "2022-05-12",
    )
    .await;
    let theirs = crate::disclosure::publish(
        &app,
        &w.yq,
        &crate::disclosure::person(
            &yq,
            "老城管罚决字〔2022〕第5号",
            "王五",
            "110105194912310038",
            "2022-05-10",
        ),
        "2022-05-12",
    )
    .await;
    let mut body = case_body(&xq, "2022-Q2", "李四乱搭乱建案");
    body["persons"] = json!([]);
    body["text"]["facts"] = json!("当事人李四在院内乱搭乱建，经责令限期拆除未拆除。");
    // Another county's decision is not this case's.
    body["disclosure_record_ids"] = json!([record["id"], theirs["id"]]);
    let refused = send(&app, w.xq.post("/api/v1/case-submissions", &body)).await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "disclosure_record_ids[1]");
    assert_eq!(problem["errors"][0]["code"], "not_of_the_unit");
    body["disclosure_record_ids"] = json!([record["id"]]);
    let case = created(&send(&app, w.xq.post("/api/v1/case-submissions", &body)).await);
    ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/case-submissions/{case}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    let proposal = ok(
        &send(
            &app,
            w.policy
                .get(&format!("/api/v1/case-submissions/{case}/redaction")),
        )
        .await,
        200,
    );
    let text = proposal["text"].to_string();
    assert!(!text.contains("李四") && text.contains("李某"), "{text}");
    assert_eq!(proposal["masked_names"], json!(["李某"]));
}
