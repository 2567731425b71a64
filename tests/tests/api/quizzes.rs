//! Quizzes and exams: the bank and its revisions, papers drawn by slot and frozen with
//! the attempt, answers saved as given, the server's deadline (refused answers, closing
//! without any client request), no answer key before an attempt closes, grading
//! (normalised fill-in, grading methods, short answers by hand), make-up eligibility,
//! results by unit scope and the item analysis against a hand-computed fixture.

use actix_web::test::init_service;
use api_types::Role;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use enforcement_tests::{ok, send, Reply, TestApp, TestUser};
use serde_json::{json, Value};

pub(crate) struct World {
    pub(crate) t: TestApp,
    /// 政策法规科, which organises the quizzes.
    pub(crate) law: TestUser,
    pub(crate) bureau: TestUser,
    pub(crate) xq: TestUser,
    pub(crate) o1: TestUser,
    pub(crate) o2: TestUser,
    pub(crate) o3: TestUser,
}

pub(crate) fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    let law = t.add_user("quiz.law", "CITY-LAW", &[Role::Section]);
    let bureau = t.add_user("quiz.city", "CITY", &[Role::Bureau]);
    let xq = t.add_user("quiz.xq", "XQ", &[Role::County]);
    let o1 = t.add_user("quiz.o1", "XQ-1", &[Role::Officer]);
    let o2 = t.add_user("quiz.o2", "XQ-1", &[Role::Officer]);
    let o3 = t.add_user("quiz.o3", "YQ", &[Role::Officer]);
    World {
        t,
        law,
        bureau,
        xq,
        o1,
        o2,
        o3,
    }
}

macro_rules! app {
    ($w:expr) => {
        init_service(api::app($w.t.state.clone())).await
    };
}

fn post_if(user: &TestUser, uri: &str, version: i64, body: &Value) -> actix_web::test::TestRequest {
    user.post(uri, body)
        .insert_header(("If-Match", format!("\"{version}\"")))
}

pub(crate) fn single(category: &str, stem: &str, correct: &str) -> Value {
    json!({
        "category_id": category, "kind": "single_choice", "stem": stem,
        "options": [{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}, {"key": "C", "text": "丙"}, {"key": "D", "text": "丁"}],
        "correct_options": [correct], "explanation": format!("解析：{stem}"),
        "legal_reference": {"law": "《中华人民共和国行政处罚法》", "article": "第三十二条"}
    })
}

pub(crate) fn true_false(category: &str, stem: &str, truth: bool) -> Value {
    json!({"category_id": category, "kind": "true_false", "stem": stem, "correct_truth": truth, "explanation": "判断解析"})
}

fn fill(category: &str, stem: &str, blanks: &[&[&str]]) -> Value {
    let blanks: Vec<Value> = blanks.iter().map(|b| json!({"accepted": b})).collect();
    json!({"category_id": category, "kind": "fill_blank", "stem": stem, "blanks": blanks, "explanation": "填空解析"})
}

pub(crate) async fn category<S, B>(app: &S, w: &World, name: &str, parent: Option<&str>) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let body = json!({"owner_unit_id": w.t.unit_id("CITY-LAW"), "name": name, "parent_id": parent});
    ok(
        &send(app, w.law.post("/api/v1/question-categories", &body)).await,
        201,
    )["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub(crate) async fn question<S, B>(app: &S, w: &World, content: Value) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let body = json!({"owner_unit_id": w.t.unit_id("CITY-LAW"), "content": content});
    ok(
        &send(app, w.law.post("/api/v1/questions", &body)).await,
        201,
    )["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A session open now for XQ's and YQ's people, answers shown on submission.
pub(crate) fn session_body(w: &World, paper: Value, pass_score: u32) -> Value {
    let now = Utc::now();
    json!({
        "organiser_unit_id": w.t.unit_id("CITY-LAW"), "kind": "quarterly_quiz", "title": "2022年第二季度学法考试",
        "opens_at": now - Duration::hours(1), "closes_at": now + Duration::hours(2),
        "time_limit_minutes": 30, "attempts_allowed": 1, "pass_score": pass_score,
        "grading_method": "highest", "shuffle_questions": false, "shuffle_options": false,
        "review": "after_submit", "leave_limit": 0,
        "audience": {"unit_ids": [w.t.unit_id("XQ"), w.t.unit_id("YQ")]},
        "paper": paper
    })
}

pub(crate) async fn published<S, B>(app: &S, w: &World, body: &Value) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let id = ok(
        &send(app, w.law.post("/api/v1/quiz-sessions", body)).await,
        201,
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &send(
            app,
            post_if(
                &w.law,
                &format!("/api/v1/quiz-sessions/{id}/publish"),
                1,
                &json!({}),
            ),
        )
        .await,
        200,
    );
    id
}

pub(crate) async fn start<S, B>(app: &S, user: &TestUser, session: &str) -> Reply
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    send(
        app,
        user.post(
            &format!("/api/v1/quiz-sessions/{session}/attempts"),
            &json!({}),
        ),
    )
    .await
}

pub(crate) async fn answer<S, B>(
    app: &S,
    user: &TestUser,
    attempt: &str,
    position: u64,
    answer: Value,
) -> Reply
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let body = json!({"position": position, "answer": answer});
    send(
        app,
        user.post(
            &format!("/api/v1/me/quiz-attempts/{attempt}/answers"),
            &body,
        ),
    )
    .await
}

pub(crate) async fn submit<S, B>(app: &S, user: &TestUser, attempt: &str) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    ok(
        &send(
            app,
            user.post(
                &format!("/api/v1/me/quiz-attempts/{attempt}/submit"),
                &json!({}),
            ),
        )
        .await,
        200,
    )
}

fn set_deadline_past(w: &World, attempt: &str) {
    use api::db::schema::quiz_attempts;
    let mut conn = w.t.state.pool.get().unwrap();
    diesel::update(quiz_attempts::table.find(attempt))
        .set(quiz_attempts::deadline_at.eq(api::time::now() - Duration::seconds(5)))
        .execute(&mut *conn)
        .unwrap();
}

fn stored_answer(w: &World, attempt: &str, position: i32) -> Option<String> {
    use api::db::schema::quiz_answers;
    let mut conn = w.t.state.pool.get().unwrap();
    quiz_answers::table
        .find((attempt, position))
        .select(quiz_answers::answer)
        .first(&mut *conn)
        .unwrap()
}

#[actix_web::test]
async fn the_bank_keeps_revisions_checks_each_kind_and_is_closed_to_takers() {
    let w = world();
    let app = app!(w);
    let law = category(&app, &w, "行政处罚法", None).await;
    let general = category(&app, &w, "总则", Some(&law)).await;
    // The same name beside it is refused at the field.
    let dup = json!({"owner_unit_id": w.t.unit_id("CITY-LAW"), "name": "总则", "parent_id": law});
    let reply = send(&app, w.law.post("/api/v1/question-categories", &dup)).await;
    assert_eq!(
        reply.assert_problem(409, "duplicate")["errors"][0]["field"],
        "name"
    );

    let id = question(&app, &w, single(&general, "行政处罚由谁管辖？", "B")).await;
    // Each kind's own rules, all at once, named by field.
    let mut bad = single(&general, "坏题", "E");
    bad["options"] = json!([{"key": "A", "text": "甲"}, {"key": "C", "text": "丙"}]);
    bad["correct_truth"] = json!(true);
    let body = json!({"owner_unit_id": w.t.unit_id("CITY-LAW"), "content": bad});
    let problem = send(&app, w.law.post("/api/v1/questions", &body))
        .await
        .assert_problem(422, "validation_failed");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"content.options")
            && fields.contains(&"content.correct_options")
            && fields.contains(&"content.correct_truth"),
        "{problem}"
    );
    let unmarked = json!({"owner_unit_id": w.t.unit_id("CITY-LAW"), "content": fill(&general, "没有空的题干", &[&["县级"]])});
    let problem = send(&app, w.law.post("/api/v1/questions", &unmarked))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "blank_markers");
    // The same stem twice in a category.
    let again = json!({"owner_unit_id": w.t.unit_id("CITY-LAW"), "content": single(&general, "行政处罚由谁管辖？", "A")});
    send(&app, w.law.post("/api/v1/questions", &again))
        .await
        .assert_problem(409, "duplicate");

    // An edit is a new revision; the first stays readable.
    let mut edited = single(&general, "行政处罚由哪一级政府的部门管辖？", "B");
    edited["tags"] = json!(["管辖"]);
    let after = ok(
        &send(
            &app,
            w.law.put(&format!("/api/v1/questions/{id}"), 1, &edited),
        )
        .await,
        200,
    );
    assert_eq!(after["revision"], 2);
    let revisions = ok(
        &send(
            &app,
            w.law.get(&format!("/api/v1/questions/{id}/revisions")),
        )
        .await,
        200,
    );
    assert_eq!(revisions.as_array().unwrap().len(), 2);
    assert_eq!(revisions[1]["content"]["stem"], "行政处罚由谁管辖？");
    let tagged = ok(
        &send(
            &app,
            w.law.get(&format!(
                "/api/v1/questions?tag=%E7%AE%A1%E8%BE%96&category_id={law}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(tagged["total"], 1, "found by tag, through the subcategory");

    // Retired, not deleted; only its unit (or the bureau) retires it.
    let other_section = w.t.add_user("quiz.hr", "CITY-HR", &[Role::Section]);
    let retire = json!({"reason": "法条已修改"});
    send(
        &app,
        post_if(
            &other_section,
            &format!("/api/v1/questions/{id}/retire"),
            2,
            &retire,
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let retired = ok(
        &send(
            &app,
            post_if(
                &w.law,
                &format!("/api/v1/questions/{id}/retire"),
                2,
                &retire,
            ),
        )
        .await,
        200,
    );
    assert_eq!(retired["status"], "retired");
    assert_eq!(
        send(
            &app,
            actix_web::test::TestRequest::delete()
                .uri(&format!("/api/v1/questions/{id}"))
                .insert_header(w.law.bearer())
        )
        .await
        .status,
        405
    );

    // Takers never read the bank: it holds the answers.
    for taker in [&w.o1, &w.xq] {
        send(&app, taker.get("/api/v1/questions"))
            .await
            .assert_problem(403, "forbidden");
        send(&app, taker.get(&format!("/api/v1/questions/{id}")))
            .await
            .assert_problem(403, "forbidden");
    }
    let auditor = w.t.add_user("quiz.audit", "CITY", &[Role::Auditor]);
    assert_eq!(
        ok(&send(&app, auditor.get("/api/v1/questions")).await, 200)["total"],
        1
    );

    // Whoever reads the bank does not take its quizzes, even when named as a taker.
    let both =
        w.t.add_user("quiz.both", "CITY-LAW", &[Role::Section, Role::Officer]);
    let q = question(&app, &w, true_false(&general, "判断", true)).await;
    let mut body = session_body(
        &w,
        json!([{"kind": "fixed", "question_id": q, "count": 1, "points": 1}]),
        1,
    );
    body["audience"]["user_ids"] = json!([both.id, w.o1.id]);
    let session = published(&app, &w, &body).await;
    let refused = start(&app, &both, &session)
        .await
        .assert_problem(403, "forbidden");
    assert!(refused["detail"]
        .as_str()
        .unwrap()
        .contains("question bank"));
    let takers = ok(
        &send(
            &app,
            w.law.get(&format!(
                "/api/v1/quiz-sessions/{session}/participants?per_page=200"
            )),
        )
        .await,
        200,
    );
    assert!(
        !takers.to_string().contains("quiz.both"),
        "not counted among the takers"
    );
}

#[actix_web::test]
async fn twenty_questions_import_from_a_sheet_with_each_bad_cell_named() {
    let w = world();
    let app = app!(w);
    let law = category(&app, &w, "行政处罚法", None).await;
    category(&app, &w, "总则", Some(&law)).await;
    let template = send(&app, w.law.get("/api/v1/questions:import-template")).await;
    assert_eq!(template.status, 200);
    let mut csv =
        String::from("分类,题型,题干,选项A,选项B,选项C,选项D,答案,解析,法律依据,条款,标签\n");
    for i in 0..20 {
        let line = match i % 4 {
            0 => format!("行政处罚法/总则,单选题,单选第{i}题,甲,乙,丙,丁,B,解析{i},《行政处罚法》,第{i}条,处罚\n"),
            1 => format!("行政处罚法,多选题,多选第{i}题,甲,乙,丙,丁,\"A,C\",,,,\n"),
            2 => format!("总则,判断题,判断第{i}题,,,,,正确,,,,\n"),
            _ => format!("总则,填空题,填空第{i}题____和____,,,,,县级|县级以上；七日,,,,\n"),
        };
        csv.push_str(&line);
    }
    csv.push_str("不存在的分类,单选题,坏题一,甲,乙,,,C,,,,\n");
    csv.push_str("总则,判断题,坏题二,,,,,也许,,,,\n");
    csv.push_str("总则,单选题,坏题三,甲,乙,,,Z,,,,\n");
    let upload = |body: String| {
        actix_web::test::TestRequest::post()
            .uri("/api/v1/questions:import")
            .insert_header(w.law.bearer())
            .insert_header(("Content-Type", "text/csv"))
            .set_payload(body)
    };
    // All or nothing: three bad rows refuse the file, naming each cell; nothing stored.
    let refused = send(
        &app,
        actix_web::test::TestRequest::post()
            .uri("/api/v1/questions:import?mode=all_or_nothing")
            .insert_header(w.law.bearer())
            .insert_header(("Content-Type", "text/csv"))
            .set_payload(csv.clone()),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(refused["errors"][0]["field"], "rows[22].category_id");
    assert_eq!(refused["report"]["not_applied"], 20);
    assert_eq!(
        ok(&send(&app, w.law.get("/api/v1/questions")).await, 200)["total"],
        0
    );
    let report = ok(&send(&app, upload(csv.clone())).await, 200);
    assert_eq!(
        (report["created"].as_u64(), report["rejected"].as_u64()),
        (Some(20), Some(3)),
        "{report}"
    );
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows[20]["row"], 22);
    assert_eq!(rows[20]["errors"][0]["column"], "分类");
    assert_eq!(rows[21]["errors"][0]["column"], "答案");
    assert_eq!(rows[22]["errors"][0]["column"], "答案", "{}", rows[22]);
    // The same file again: nothing new.
    let again = ok(&send(&app, upload(csv)).await, 200);
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(20))
    );
    let bank = ok(
        &send(
            &app,
            w.law.get("/api/v1/questions?per_page=50&kind=fill_blank"),
        )
        .await,
        200,
    );
    assert_eq!(bank["total"], 5);
    assert_eq!(
        bank["items"][0]["content"]["blanks"][0]["accepted"],
        json!(["县级", "县级以上"])
    );
    // The bank downloads as a workbook in the template's columns.
    let sheet = send(&app, w.law.get("/api/v1/questions:xlsx")).await;
    assert_eq!(sheet.status, 200);
    assert!(sheet
        .header("content-disposition")
        .unwrap()
        .contains("questions"));
}

/// A bank with a category "A" of 6 single-choice questions and "B" of 4 true/false ones.
pub(crate) async fn small_bank<S, B>(app: &S, w: &World) -> (String, String, Vec<String>)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let a = category(app, w, "甲类", None).await;
    let b = category(app, w, "乙类", None).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(question(app, w, single(&a, &format!("单选{i}"), "B")).await);
    }
    for i in 0..4 {
        ids.push(question(app, w, true_false(&b, &format!("判断{i}"), i % 2 == 0)).await);
    }
    (a, b, ids)
}

#[actix_web::test]
async fn a_draw_fills_each_slot_and_never_repeats_a_question() {
    let w = world();
    let app = app!(w);
    let (a, b, ids) = small_bank(&app, &w).await;
    let paper = json!([
        {"kind": "fixed", "question_id": ids[0], "count": 1, "points": 5},
        {"kind": "random", "category_id": a, "count": 5, "points": 2},
        {"kind": "random", "category_id": b, "count": 3, "points": 1}
    ]);
    let mut body = session_body(&w, paper, 10);
    body["shuffle_questions"] = json!(true);
    body["shuffle_options"] = json!(true);
    body["attempts_allowed"] = json!(0);
    let session = published(&app, &w, &body).await;
    let mut orders = std::collections::HashSet::new();
    for round in 0..6 {
        let attempt = ok(&start(&app, &w.o1, &session).await, 201);
        let questions = attempt["questions"].as_array().unwrap();
        assert_eq!(questions.len(), 9);
        let stems: Vec<&str> = questions
            .iter()
            .map(|q| q["stem"].as_str().unwrap())
            .collect();
        let unique: std::collections::HashSet<&&str> = stems.iter().collect();
        assert_eq!(
            unique.len(),
            9,
            "round {round}: a question twice: {stems:?}"
        );
        assert!(
            stems.contains(&"单选0"),
            "the fixed question is in every paper"
        );
        assert_eq!(
            stems.iter().filter(|s| s.starts_with("单选")).count(),
            6,
            "1 fixed + 5 drawn from 甲类"
        );
        assert_eq!(stems.iter().filter(|s| s.starts_with("判断")).count(), 3);
        let points: f64 = questions
            .iter()
            .map(|q| q["points"].as_f64().unwrap())
            .sum();
        assert_eq!(points, 18.0);
        orders.insert(stems.join("|"));
        submit(&app, &w.o1, attempt["id"].as_str().unwrap()).await;
    }
    assert!(orders.len() > 1, "questions are shuffled per attempt");
    // A slot the bank cannot fill is refused at publication, naming the slot.
    let too_many = json!([{"kind": "random", "category_id": b, "count": 5, "points": 1}]);
    let draft = ok(
        &send(
            &app,
            w.law
                .post("/api/v1/quiz-sessions", &session_body(&w, too_many, 1)),
        )
        .await,
        201,
    );
    let uri = format!(
        "/api/v1/quiz-sessions/{}/publish",
        draft["id"].as_str().unwrap()
    );
    let problem = send(&app, post_if(&w.law, &uri, 1, &json!({})))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "paper[0]");
    assert_eq!(problem["errors"][0]["code"], "not_enough_questions");
}

#[actix_web::test]
async fn the_frozen_paper_survives_a_restart_and_an_edit_of_the_question() {
    let w = world();
    let app = app!(w);
    let (a, _, ids) = small_bank(&app, &w).await;
    let mut body = session_body(
        &w,
        json!([{"kind": "random", "category_id": a, "count": 4, "points": 5}]),
        10,
    );
    body["shuffle_questions"] = json!(true);
    body["shuffle_options"] = json!(true);
    let session = published(&app, &w, &body).await;
    let attempt = ok(&start(&app, &w.o1, &session).await, 201);
    let id = attempt["id"].as_str().unwrap();
    ok(
        &answer(&app, &w.o1, id, 2, json!({"choices": ["C"]})).await,
        200,
    );
    // Every question of the bank is edited meanwhile.
    for q in &ids[..6] {
        let current = ok(
            &send(&app, w.law.get(&format!("/api/v1/questions/{q}"))).await,
            200,
        );
        let mut content = current["content"].clone();
        content["stem"] = json!(format!("{}（已修订）", content["stem"].as_str().unwrap()));
        ok(
            &send(
                &app,
                w.law.put(
                    &format!("/api/v1/questions/{q}"),
                    current["version"].as_i64().unwrap(),
                    &content,
                ),
            )
            .await,
            200,
        );
    }
    // A new process over the same database.
    let restarted = api::prepare((*w.t.state.config).clone()).unwrap();
    let app2 = init_service(api::app(restarted)).await;
    let again = ok(
        &send(&app2, w.o1.get(&format!("/api/v1/me/quiz-attempts/{id}"))).await,
        200,
    );
    assert_eq!(
        again["questions"], attempt["questions"],
        "same questions, order, options and texts"
    );
    assert_eq!(again["answers"][2]["answer"]["choices"], json!(["C"]));
}

/// Every body a taker could get while the attempt is open, for the key scan.
#[actix_web::test]
async fn no_response_carries_an_answer_key_while_the_attempt_is_open() {
    let w = world();
    let app = app!(w);
    let cat = category(&app, &w, "关键词", None).await;
    let mut q1 = single(&cat, "甲题", "C");
    q1["explanation"] = json!("秘密解析KEY1");
    question(&app, &w, q1).await;
    let mut q2 = fill(&cat, "乙题____", &[&["秘密答案KEY2"]]);
    q2["explanation"] = json!("秘密解析KEY3");
    question(&app, &w, q2).await;
    let q3 = json!({"category_id": cat, "kind": "short_answer", "stem": "丙题", "reference_answer": "秘密参考KEY4", "explanation": "秘密解析KEY5"});
    question(&app, &w, q3).await;
    let session = published(
        &app,
        &w,
        &session_body(
            &w,
            json!([{"kind": "random", "category_id": cat, "count": 3, "points": 5}]),
            5,
        ),
    )
    .await;
    let mut bodies: Vec<String> = Vec::new();
    let started = start(&app, &w.o1, &session).await;
    bodies.push(started.text());
    let attempt = started.json()["id"].as_str().unwrap().to_string();
    for position in 0..3 {
        bodies.push(
            answer(&app, &w.o1, &attempt, position, json!({}))
                .await
                .text(),
        );
    }
    bodies.push(
        send(
            &app,
            w.o1.get(&format!("/api/v1/me/quiz-attempts/{attempt}")),
        )
        .await
        .text(),
    );
    bodies.push(send(&app, w.o1.get("/api/v1/me/quizzes")).await.text());
    bodies.push(send(&app, w.o1.get("/api/v1/me/quiz-results")).await.text());
    bodies.push(
        send(&app, w.o1.get("/api/v1/me/wrong-answers"))
            .await
            .text(),
    );
    bodies.push(
        send(
            &app,
            w.o1.post(
                &format!("/api/v1/me/quiz-attempts/{attempt}/events"),
                &json!({"kind": "left_page"}),
            ),
        )
        .await
        .text(),
    );
    bodies.push(
        send(&app, w.o1.get(&format!("/api/v1/quiz-sessions/{session}")))
            .await
            .text(),
    );
    for body in &bodies {
        for secret in [
            "KEY1",
            "KEY2",
            "KEY3",
            "KEY4",
            "KEY5",
            "correct_options",
            "correct_truth",
            "reference_answer",
            "explanation",
            "\"accepted\"",
            "points_awarded",
        ] {
            assert!(!body.contains(secret), "{secret} leaked while open: {body}");
        }
    }
    // Once submitted (review after submission) the key is there.
    let closed = submit(&app, &w.o1, &attempt).await;
    assert!(closed.to_string().contains("KEY1"));
}

#[actix_web::test]
async fn an_answer_after_the_deadline_is_refused_and_nothing_is_stored() {
    let w = world();
    let app = app!(w);
    let (a, _, _) = small_bank(&app, &w).await;
    let session = published(
        &app,
        &w,
        &session_body(
            &w,
            json!([{"kind": "random", "category_id": a, "count": 2, "points": 5}]),
            5,
        ),
    )
    .await;
    let attempt = ok(&start(&app, &w.o1, &session).await, 201);
    let id = attempt["id"].as_str().unwrap();
    let saved = ok(
        &answer(&app, &w.o1, id, 0, json!({"choices": ["B"]})).await,
        200,
    );
    assert_eq!(saved["answered"], 1);
    // Answers that do not fit the question are named.
    let problem = answer(&app, &w.o1, id, 1, json!({"truth": true}))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "answer.truth");
    answer(&app, &w.o1, id, 9, json!({"choices": ["A"]}))
        .await
        .assert_problem(422, "validation_failed");
    // Someone else cannot answer in it, nor read it.
    answer(&app, &w.o2, id, 1, json!({"choices": ["A"]}))
        .await
        .assert_problem(403, "forbidden");
    send(&app, w.o2.get(&format!("/api/v1/me/quiz-attempts/{id}")))
        .await
        .assert_problem(403, "forbidden");

    set_deadline_past(&w, id);
    let late = answer(&app, &w.o1, id, 1, json!({"choices": ["B"]})).await;
    let problem = late.assert_problem(409, "invalid_state");
    assert!(problem["detail"].as_str().unwrap().contains("time is up"));
    assert_eq!(stored_answer(&w, id, 1), None, "nothing stored");
    let closed = ok(
        &send(&app, w.o1.get(&format!("/api/v1/me/quiz-attempts/{id}"))).await,
        200,
    );
    assert_eq!(closed["submitted_how"], "deadline");
    assert_eq!(closed["score"], 5.0, "the answer saved in time counts");
}

#[actix_web::test]
async fn an_attempt_is_submitted_at_its_deadline_without_any_client_request() {
    let w = world();
    let app = app!(w);
    let (a, _, _) = small_bank(&app, &w).await;
    let session = published(
        &app,
        &w,
        &session_body(
            &w,
            json!([{"kind": "random", "category_id": a, "count": 2, "points": 5}]),
            5,
        ),
    )
    .await;
    let attempt = ok(&start(&app, &w.o1, &session).await, 201);
    let id = attempt["id"].as_str().unwrap().to_string();
    ok(
        &answer(&app, &w.o1, &id, 0, json!({"choices": ["B"]})).await,
        200,
    );
    set_deadline_past(&w, &id);
    // Two API processes over the database, each running the deadline job every second;
    // the taker never calls again.
    let env = [
        ("DATABASE_URL", w.t.db.url()),
        ("REMINDER_INTERVAL_SECS", "0"),
        ("WEBHOOK_INTERVAL_SECS", "0"),
        ("QUIZ_DEADLINE_INTERVAL_SECS", "1"),
    ];
    let first = enforcement_tests::ApiProcess::start(w.t.dir.path(), &env);
    let second = enforcement_tests::ApiProcess::start(w.t.dir.path(), &env);
    use api::db::schema::{audit_events, quiz_attempts};
    let waited_until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let (status, how) = loop {
        let mut conn = w.t.state.pool.get().unwrap();
        let row: (String, Option<String>) = quiz_attempts::table
            .find(&id)
            .select((quiz_attempts::status, quiz_attempts::submitted_how))
            .first(&mut *conn)
            .unwrap();
        if row.0 != "in_progress" {
            break row;
        }
        assert!(
            std::time::Instant::now() < waited_until,
            "not submitted within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    drop((first, second));
    assert_eq!(
        (status.as_str(), how.as_deref()),
        ("graded", Some("deadline"))
    );
    let mut conn = w.t.state.pool.get().unwrap();
    let submissions: Vec<Option<String>> = audit_events::table
        .filter(audit_events::resource_id.eq(&id))
        .filter(audit_events::action.eq("submit"))
        .select(audit_events::actor_roles)
        .load::<String>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(Some)
        .collect();
    assert_eq!(
        submissions,
        vec![Some("system".to_string())],
        "closed and audited once, by the server"
    );
    let score: Option<i64> = quiz_attempts::table
        .find(&id)
        .select(quiz_attempts::score_centi)
        .first(&mut *conn)
        .unwrap();
    assert_eq!(score, Some(500));
}

#[actix_web::test]
async fn fill_in_answers_are_normalised_and_short_answers_are_graded_by_the_organiser() {
    let w = world();
    let app = app!(w);
    let cat = category(&app, &w, "综合", None).await;
    let blank = question(
        &app,
        &w,
        fill(
            &cat,
            "由____以上地方人民政府具有行政处罚权的____管辖",
            &[&["县级"], &["ABC部门", "行政机关"]],
        ),
    )
    .await;
    let short = question(&app, &w, json!({"category_id": cat, "kind": "short_answer", "stem": "简述听证程序", "reference_answer": "告知、申请、举行"})).await;
    let paper = json!([
        {"kind": "fixed", "question_id": blank, "count": 1, "points": 4},
        {"kind": "fixed", "question_id": short, "count": 1, "points": 6}
    ]);
    let session = published(&app, &w, &session_body(&w, paper, 6)).await;
    let attempt = ok(&start(&app, &w.o1, &session).await, 201);
    let id = attempt["id"].as_str().unwrap();
    ok(
        &answer(
            &app,
            &w.o1,
            id,
            0,
            json!({"blanks": [" 县 级 ", "ａｂｃ部门"]}),
        )
        .await,
        200,
    );
    ok(
        &answer(
            &app,
            &w.o1,
            id,
            1,
            json!({"text": "先告知当事人，再由当事人申请"}),
        )
        .await,
        200,
    );
    let closed = submit(&app, &w.o1, id).await;
    assert_eq!(closed["status"], "awaiting_grading");
    assert_eq!(
        closed["review"][0]["points_awarded"], 4.0,
        "full-width, spaces and case do not matter"
    );
    assert_eq!(closed["score"], Value::Null);

    // The organiser's queue holds the short answer; a grade above its points is refused.
    let queue = ok(
        &send(
            &app,
            w.law
                .get(&format!("/api/v1/quiz-sessions/{session}/grading")),
        )
        .await,
        200,
    );
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["answer_text"], "先告知当事人，再由当事人申请");
    let version = queue[0]["attempt_version"].as_i64().unwrap();
    let grades =
        |points: f64| json!({"grades": [{"position": 1, "points": points, "comment": "要点不全"}]});
    let uri = format!("/api/v1/quiz-attempts/{id}/grades");
    let problem = send(&app, post_if(&w.law, &uri, version, &grades(6.5)))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "above_max");
    send(&app, post_if(&w.o1, &uri, version, &grades(6.0)))
        .await
        .assert_problem(403, "forbidden");
    let graded = ok(
        &send(&app, post_if(&w.law, &uri, version, &grades(3.5))).await,
        200,
    );
    assert_eq!(
        (
            graded["status"].as_str(),
            graded["score"].as_f64(),
            graded["passed"].as_bool()
        ),
        (Some("graded"), Some(7.5), Some(true))
    );
    let mine = ok(
        &send(&app, w.o1.get(&format!("/api/v1/me/quiz-attempts/{id}"))).await,
        200,
    );
    assert_eq!(mine["review"][1]["grader_comment"], "要点不全");
    let results = ok(&send(&app, w.o1.get("/api/v1/me/quiz-results")).await, 200);
    assert_eq!(results["items"][0]["score"], 7.5);
    assert!(ok(
        &send(
            &app,
            w.law
                .get(&format!("/api/v1/quiz-sessions/{session}/grading"))
        )
        .await,
        200
    )
    .as_array()
    .unwrap()
    .is_empty());
}

#[actix_web::test]
async fn attempts_follow_the_window_the_limit_the_delay_and_the_grading_method() {
    let w = world();
    let app = app!(w);
    let (_, b, _) = small_bank(&app, &w).await;
    let paper = json!([{"kind": "random", "category_id": b, "count": 4, "points": 1}]);
    let mut body = session_body(&w, paper.clone(), 3);
    body["attempts_allowed"] = json!(2);
    body["attempt_delay_minutes"] = json!(10);
    body["grading_method"] = json!("last");
    let session = published(&app, &w, &body).await;
    let first = ok(&start(&app, &w.o1, &session).await, 201);
    start(&app, &w.o1, &session)
        .await
        .assert_problem(409, "invalid_state");
    let key = |q: &Value| {
        q["stem"]
            .as_str()
            .unwrap()
            .trim_start_matches("判断")
            .parse::<u32>()
            .unwrap()
            % 2
            == 0
    };
    let id = first["id"].as_str().unwrap();
    for q in first["questions"].as_array().unwrap() {
        ok(
            &answer(
                &app,
                &w.o1,
                id,
                q["position"].as_u64().unwrap(),
                json!({"truth": key(q)}),
            )
            .await,
            200,
        );
    }
    assert_eq!(submit(&app, &w.o1, id).await["score"], 4.0);
    // The delay after the first attempt.
    let quizzes = ok(&send(&app, w.o1.get("/api/v1/me/quizzes")).await, 200);
    assert_eq!(quizzes[0]["blocked"], "delay");
    start(&app, &w.o1, &session)
        .await
        .assert_problem(409, "invalid_state");
    {
        use api::db::schema::quiz_attempts;
        let mut conn = w.t.state.pool.get().unwrap();
        diesel::update(quiz_attempts::table.find(id))
            .set(quiz_attempts::submitted_at.eq(api::time::now() - Duration::minutes(11)))
            .execute(&mut *conn)
            .unwrap();
    }
    let second = ok(&start(&app, &w.o1, &session).await, 201);
    assert_eq!(second["number"], 2);
    assert_eq!(
        submit(&app, &w.o1, second["id"].as_str().unwrap()).await["score"],
        0.0
    );
    // The last attempt counts: 0 of 4, failed.
    let results = ok(&send(&app, w.o1.get("/api/v1/me/quiz-results")).await, 200);
    assert_eq!(
        (
            results["items"][0]["score"].as_f64(),
            results["items"][0]["passed"].as_bool()
        ),
        (Some(0.0), Some(false))
    );
    assert_eq!(
        ok(&send(&app, w.o1.get("/api/v1/me/quizzes")).await, 200)[0]["blocked"],
        "no_attempts_left"
    );
    start(&app, &w.o1, &session)
        .await
        .assert_problem(409, "invalid_state");

    // Not open yet; not a taker.
    let mut later = session_body(&w, paper, 3);
    later["opens_at"] = json!(Utc::now() + Duration::days(1));
    later["closes_at"] = json!(Utc::now() + Duration::days(2));
    let upcoming = published(&app, &w, &later).await;
    start(&app, &w.o1, &upcoming)
        .await
        .assert_problem(409, "invalid_state");
    let outsider = w.t.add_user("quiz.hr.officer", "CITY-HR", &[Role::Officer]);
    start(&app, &outsider, &session)
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn leaving_the_page_too_often_submits_the_attempt() {
    let w = world();
    let app = app!(w);
    let (a, _, _) = small_bank(&app, &w).await;
    let mut body = session_body(
        &w,
        json!([{"kind": "random", "category_id": a, "count": 2, "points": 5}]),
        5,
    );
    body["leave_limit"] = json!(2);
    let session = published(&app, &w, &body).await;
    let attempt = ok(&start(&app, &w.o1, &session).await, 201);
    let uri = format!(
        "/api/v1/me/quiz-attempts/{}/events",
        attempt["id"].as_str().unwrap()
    );
    for n in 1..=2 {
        let outcome = ok(
            &send(&app, w.o1.post(&uri, &json!({"kind": "left_page"}))).await,
            200,
        );
        assert_eq!(
            (
                outcome["leave_count"].as_u64(),
                outcome["submitted"].as_bool()
            ),
            (Some(n), Some(false))
        );
    }
    let third = ok(
        &send(&app, w.o1.post(&uri, &json!({"kind": "left_page"}))).await,
        200,
    );
    assert_eq!(third["submitted"], true);
    let closed = ok(
        &send(
            &app,
            w.o1.get(&format!(
                "/api/v1/me/quiz-attempts/{}",
                attempt["id"].as_str().unwrap()
            )),
        )
        .await,
        200,
    );
    assert_eq!(closed["submitted_how"], "leave_limit");
    assert_eq!(closed["leave_events"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn a_makeup_is_for_those_who_failed_or_missed_and_results_keep_to_the_units_scope() {
    let w = world();
    let app = app!(w);
    let (_, b, _) = small_bank(&app, &w).await;
    let paper = json!([{"kind": "random", "category_id": b, "count": 4, "points": 1}]);
    let session = published(&app, &w, &session_body(&w, paper, 3)).await;
    let key = |q: &Value| {
        q["stem"]
            .as_str()
            .unwrap()
            .trim_start_matches("判断")
            .parse::<u32>()
            .unwrap()
            % 2
            == 0
    };
    // o1 passes, o2 fails, o3 (YQ) never starts.
    for (user, right) in [(&w.o1, true), (&w.o2, false)] {
        let attempt = ok(&start(&app, user, &session).await, 201);
        let id = attempt["id"].as_str().unwrap();
        for q in attempt["questions"].as_array().unwrap() {
            let truth = if right { key(q) } else { !key(q) };
            ok(
                &answer(
                    &app,
                    user,
                    id,
                    q["position"].as_u64().unwrap(),
                    json!({"truth": truth}),
                )
                .await,
                200,
            );
        }
        submit(&app, user, id).await;
    }
    // The county sees its own people only; another county's unit is refused.
    let mine = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/quiz-sessions/{session}/participants")),
        )
        .await,
        200,
    );
    let names: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["quiz.o1", "quiz.o2", "quiz.xq"],
        "XQ and its brigade, county users take quizzes too"
    );
    send(
        &app,
        w.xq.get(&format!(
            "/api/v1/quiz-sessions/{session}/participants?unit_id={}",
            w.t.unit_id("YQ")
        )),
    )
    .await
    .assert_problem(403, "forbidden");
    let not_started = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/quiz-sessions/{session}/participants?status=not_started"
            )),
        )
        .await,
        200,
    );
    assert_eq!(not_started["items"][0]["name"], "quiz.xq");
    let results = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/quiz-sessions/{session}/results")),
        )
        .await,
        200,
    );
    assert_eq!(
        results["units"].as_array().unwrap().len(),
        1,
        "only XQ's line: {results}"
    );
    assert_eq!(
        (
            results["audience"].as_u64(),
            results["took"].as_u64(),
            results["passed"].as_u64()
        ),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(results["pass_rate"], 33.3);
    let city = ok(
        &send(
            &app,
            w.bureau
                .get(&format!("/api/v1/quiz-sessions/{session}/results")),
        )
        .await,
        200,
    );
    assert_eq!(city["audience"], 4);
    assert_eq!(city["units"].as_array().unwrap().len(), 2);
    // The same list as a workbook, for the county's own people.
    let sheet = send(
        &app,
        w.xq.get(&format!(
            "/api/v1/quiz-sessions/{session}/participants:xlsx?status=not_started"
        )),
    )
    .await;
    assert_eq!(sheet.status, 200);
    let rows = enforcement_tests::xlsx_rows(&sheet.body);
    assert_eq!(rows.len(), 2, "header and quiz.xq: {rows:?}");
    assert_eq!(
        (rows[1][0].as_str(), rows[1][2].as_str()),
        ("quiz.xq", "未参考")
    );
    let results_sheet = send(&app, w.xq.get("/api/v1/quiz-results:xlsx")).await;
    assert_eq!(enforcement_tests::xlsx_rows(&results_sheet.body).len(), 3);
    let list = ok(&send(&app, w.xq.get("/api/v1/quiz-results")).await, 200);
    assert_eq!(list["total"], 2);
    let yq = w.t.add_user("quiz.yq", "YQ", &[Role::County]);
    assert_eq!(
        ok(&send(&app, yq.get("/api/v1/quiz-results")).await, 200)["total"],
        0
    );
    send(&app, w.o1.get("/api/v1/quiz-results"))
        .await
        .assert_problem(403, "forbidden");

    // The make-up: for o2 (failed) and o3 (missed), not for o1 (passed).
    let window = json!({"opens_at": Utc::now() + Duration::hours(3), "closes_at": Utc::now() + Duration::hours(5)});
    let makeup = ok(
        &send(
            &app,
            w.law
                .post(&format!("/api/v1/quiz-sessions/{session}/makeup"), &window),
        )
        .await,
        201,
    );
    let early = json!({"opens_at": Utc::now(), "closes_at": Utc::now() + Duration::hours(5)});
    let problem = send(
        &app,
        w.law
            .post(&format!("/api/v1/quiz-sessions/{session}/makeup"), &early),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "opens_at");
    let makeup_id = makeup["id"].as_str().unwrap().to_string();
    assert_eq!(makeup["content"]["kind"], "makeup");
    {
        use api::db::schema::quiz_sessions;
        let mut conn = w.t.state.pool.get().unwrap();
        diesel::update(quiz_sessions::table.find(&makeup_id))
            .set(quiz_sessions::opens_at.eq(api::time::now() - Duration::minutes(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    ok(
        &send(
            &app,
            post_if(
                &w.law,
                &format!("/api/v1/quiz-sessions/{makeup_id}/publish"),
                1,
                &json!({}),
            ),
        )
        .await,
        200,
    );
    let takers = ok(
        &send(
            &app,
            w.bureau
                .get(&format!("/api/v1/quiz-sessions/{makeup_id}/participants")),
        )
        .await,
        200,
    );
    let names: Vec<&str> = takers["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"quiz.o1") && names.contains(&"quiz.o2") && names.contains(&"quiz.o3"),
        "{names:?}"
    );
    start(&app, &w.o1, &makeup_id)
        .await
        .assert_problem(409, "invalid_state");
    ok(&start(&app, &w.o2, &makeup_id).await, 201);
    ok(&start(&app, &w.o3, &makeup_id).await, 201);
}

#[actix_web::test]
async fn the_item_analysis_matches_the_hand_computed_fixture() {
    let w = world();
    let app = app!(w);
    let cat = category(&app, &w, "分析", None).await;
    let q1 = question(&app, &w, true_false(&cat, "第一题", true)).await;
    let q2 = question(&app, &w, true_false(&cat, "第二题", true)).await;
    let q3 = question(
        &app,
        &w,
        fill(&cat, "第三题____与____", &[&["甲"], &["乙"]]),
    )
    .await;
    let paper = json!([
        {"kind": "fixed", "question_id": q1, "count": 1, "points": 1},
        {"kind": "fixed", "question_id": q2, "count": 1, "points": 1},
        {"kind": "fixed", "question_id": q3, "count": 1, "points": 2}
    ]);
    let mut body = session_body(&w, paper, 2);
    body["audience"] = json!({"unit_ids": [w.t.unit_id("XQ")]});
    let session = published(&app, &w, &body).await;
    // The five first attempts of the unit test's fixture: marks per item.
    let marks = [[1, 1, 2], [1, 0, 2], [0, 1, 0], [1, 0, 0], [0, 0, 1]];
    for (n, m) in marks.iter().enumerate() {
        let taker =
            w.t.add_user(&format!("quiz.ia{n}"), "XQ-1", &[Role::Officer]);
        let attempt = ok(&start(&app, &taker, &session).await, 201);
        let id = attempt["id"].as_str().unwrap();
        ok(
            &answer(&app, &taker, id, 0, json!({"truth": m[0] == 1})).await,
            200,
        );
        ok(
            &answer(&app, &taker, id, 1, json!({"truth": m[1] == 1})).await,
            200,
        );
        let blanks = match m[2] {
            2 => json!(["甲", "乙"]),
            1 => json!(["甲", "错"]),
            _ => json!(["错", "错"]),
        };
        ok(
            &answer(&app, &taker, id, 2, json!({"blanks": blanks})).await,
            200,
        );
        submit(&app, &taker, id).await;
    }
    // A second attempt is not a first attempt: it does not count.
    let analysis = ok(
        &send(
            &app,
            w.law
                .get(&format!("/api/v1/quiz-sessions/{session}/item-analysis")),
        )
        .await,
        200,
    );
    let close = |v: &Value, expected: f64| {
        let a = v.as_f64().unwrap_or_else(|| panic!("{v}"));
        assert!((a - expected).abs() < 1e-6, "{a} ≠ {expected}");
    };
    let test = &analysis["test"];
    assert_eq!(test["attempts"], 5);
    close(&test["mean"], 2.0);
    close(&test["median"], 1.0);
    close(&test["standard_deviation"], 2f64.sqrt());
    close(&test["skewness"], 0.883_883_476_5);
    close(&test["kurtosis"], -1.75);
    close(&test["coefficient_of_internal_consistency"], 30.0);
    close(&test["error_ratio"], 83.666_002_653_4);
    close(&test["standard_error"], 1.183_215_956_6);
    let items = analysis["items"].as_array().unwrap();
    close(&items[0]["facility"], 60.0);
    close(&items[0]["discrimination_index"], 32.025_630_761_0);
    close(&items[0]["discriminative_efficiency"], 44.444_444_444_4);
    assert_eq!(items[1]["flagged"], true);
    close(&items[1]["discriminative_efficiency"], -7.142_857_142_9);
    close(&items[2]["facility"], 50.0);
    close(&items[2]["discrimination_index"], 35.355_339_059_3);
    // Takers and counties do not read it: it shows the questions.
    send(
        &app,
        w.xq.get(&format!("/api/v1/quiz-sessions/{session}/item-analysis")),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn a_study_plan_makes_its_quarterly_quizzes_once_and_takers_are_told() {
    let w = world();
    let app = app!(w);
    let (a, b, _) = small_bank(&app, &w).await;
    let plan = json!({
        "organiser_unit_id": w.t.unit_id("CITY-LAW"), "year": 2026, "title": "2026年重点法律学习考试计划",
        "audience": {"unit_ids": [w.t.unit_id("XQ")], "roles": ["officer"]},
        "quarters": [
            {"quarter": 1, "topic": "行政处罚法", "laws": "《行政处罚法》", "category_id": a, "question_count": 5, "points_per_question": 20},
            {"quarter": 2, "topic": "行政强制法", "category_id": b, "question_count": 4, "points_per_question": 25}
        ]
    });
    let created = ok(
        &send(&app, w.law.post("/api/v1/study-plans", &plan)).await,
        201,
    );
    let uri = format!(
        "/api/v1/study-plans/{}/quizzes",
        created["id"].as_str().unwrap()
    );
    let made = ok(&send(&app, w.law.post(&uri, &json!({}))).await, 200);
    assert_eq!(made["created"].as_array().unwrap().len(), 2);
    let again = ok(&send(&app, w.law.post(&uri, &json!({}))).await, 200);
    assert_eq!(
        (
            again["created"].as_array().unwrap().len(),
            again["existing"].clone()
        ),
        (0, json!([1, 2]))
    );
    let q1 = made["created"][0]["session_id"].as_str().unwrap();
    let session = ok(
        &send(&app, w.law.get(&format!("/api/v1/quiz-sessions/{q1}"))).await,
        200,
    );
    assert_eq!(
        session["content"]["title"],
        "2026年第1季度学法考试：行政处罚法"
    );
    assert_eq!(session["content"]["pass_score"], 60);
    assert_eq!(
        session["content"]["opens_at"], "2026-02-28T16:00:00Z",
        "1 March, bureau time"
    );
    assert_eq!(session["content"]["closes_at"], "2026-03-31T16:00:00Z");
    // Drafts are the organiser's: a county does not see them yet.
    let listed = ok(&send(&app, w.xq.get("/api/v1/quiz-sessions")).await, 200);
    assert_eq!(listed["total"], 0);
    send(&app, w.xq.get(&format!("/api/v1/quiz-sessions/{q1}")))
        .await
        .assert_problem(403, "forbidden");

    // Published, each officer of XQ is told (the county user is not: officers only).
    let mut content = session["content"].clone();
    content["opens_at"] = json!(Utc::now() - Duration::hours(1));
    content["closes_at"] = json!(Utc::now() + Duration::days(1));
    let put = ok(
        &send(
            &app,
            w.law
                .put(&format!("/api/v1/quiz-sessions/{q1}"), 1, &content),
        )
        .await,
        200,
    );
    ok(
        &send(
            &app,
            post_if(
                &w.law,
                &format!("/api/v1/quiz-sessions/{q1}/publish"),
                put["version"].as_i64().unwrap(),
                &json!({}),
            ),
        )
        .await,
        200,
    );
    let told = ok(&send(&app, w.o1.get("/api/v1/me/notifications")).await, 200);
    assert_eq!(told["items"][0]["kind"], "quiz_open");
    assert_eq!(
        ok(&send(&app, w.xq.get("/api/v1/me/notifications")).await, 200)["total"],
        0
    );
    // The reminder job reminds those who have not started, until they do.
    ok(
        &send(&app, w.bureau.post("/api/v1/reminders/run", &json!({}))).await,
        200,
    );
    let kinds = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let o1_told = ok(
        &send(&app, w.o1.get("/api/v1/me/notifications?unread=true")).await,
        200,
    );
    assert!(
        kinds(&o1_told).contains(&"deadline_soon".to_string()),
        "{o1_told}"
    );
    ok(&start(&app, &w.o1, q1).await, 201);
    ok(
        &send(&app, w.bureau.post("/api/v1/reminders/run", &json!({}))).await,
        200,
    );
    let o1_after = ok(
        &send(&app, w.o1.get("/api/v1/me/notifications?unread=true")).await,
        200,
    );
    assert!(
        !kinds(&o1_after).contains(&"deadline_soon".to_string()),
        "settled once started: {o1_after}"
    );
    let o2_after = ok(
        &send(&app, w.o2.get("/api/v1/me/notifications?unread=true")).await,
        200,
    );
    assert!(kinds(&o2_after).contains(&"deadline_soon".to_string()));
    // A session with attempts is not cancelled.
    send(
        &app,
        post_if(
            &w.law,
            &format!("/api/v1/quiz-sessions/{q1}/cancel"),
            3,
            &json!({"reason": "重排"}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
}

#[actix_web::test]
async fn wrong_answers_wait_in_the_book_until_practised_right() {
    let w = world();
    let app = app!(w);
    let (a, _, _) = small_bank(&app, &w).await;
    let mut body = session_body(
        &w,
        json!([{"kind": "random", "category_id": a, "count": 3, "points": 1}]),
        1,
    );
    body["review"] = json!("after_close");
    let session = published(&app, &w, &body).await;
    let attempt = ok(&start(&app, &w.o1, &session).await, 201);
    let id = attempt["id"].as_str().unwrap();
    ok(
        &answer(&app, &w.o1, id, 0, json!({"choices": ["A"]})).await,
        200,
    );
    ok(
        &answer(&app, &w.o1, id, 1, json!({"choices": ["B"]})).await,
        200,
    );
    let closed = submit(&app, &w.o1, id).await;
    assert_eq!(
        closed["review"],
        Value::Null,
        "answers only once the session has closed"
    );
    let book = ok(&send(&app, w.o1.get("/api/v1/me/wrong-answers")).await, 200);
    assert!(
        book.as_array().unwrap().is_empty(),
        "not before the review opens"
    );
    {
        use api::db::schema::quiz_sessions;
        let mut conn = w.t.state.pool.get().unwrap();
        diesel::update(quiz_sessions::table.find(&session))
            .set(quiz_sessions::closes_at.eq(api::time::now()))
            .execute(&mut *conn)
            .unwrap();
        use api::db::schema::wrong_answers;
        diesel::update(wrong_answers::table)
            .set(wrong_answers::visible_from.eq(api::time::now()))
            .execute(&mut *conn)
            .unwrap();
    }
    let book = ok(&send(&app, w.o1.get("/api/v1/me/wrong-answers")).await, 200);
    assert_eq!(
        book.as_array().unwrap().len(),
        2,
        "the wrong choice and the unanswered one"
    );
    assert_eq!(book[0]["correct_options"], json!(["B"]));
    let question = book[0]["question_id"].as_str().unwrap();
    let uri = format!("/api/v1/me/wrong-answers/{question}/practice");
    let wrong = ok(
        &send(
            &app,
            w.o1.post(&uri, &json!({"answer": {"choices": ["D"]}})),
        )
        .await,
        200,
    );
    assert_eq!(wrong["correct"], false);
    let right = ok(
        &send(
            &app,
            w.o1.post(&uri, &json!({"answer": {"choices": ["B"]}})),
        )
        .await,
        200,
    );
    assert_eq!(right["mastered"], true);
    assert_eq!(
        ok(&send(&app, w.o1.get("/api/v1/me/wrong-answers")).await, 200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    send(
        &app,
        w.o2.post(&uri, &json!({"answer": {"choices": ["B"]}})),
    )
    .await
    .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn an_answer_is_not_shown_while_it_may_still_be_asked() {
    let w = world();
    let app = app!(w);
    let (_, b, _) = small_bank(&app, &w).await;
    let paper = json!([{"kind": "random", "category_id": b, "count": 4, "points": 1}]);
    let mut body = session_body(&w, paper, 4);
    body["attempts_allowed"] = json!(2);
    let session = published(&app, &w, &body).await;
    let first = ok(&start(&app, &w.o1, &session).await, 201);
    let id = first["id"].as_str().unwrap();
    let closed = submit(&app, &w.o1, id).await;
    // Review after submission, but a second attempt is left: the same questions could
    // come again, so their answers are withheld, in the review and the book.
    assert_eq!(closed["review"], json!([]), "{closed}");
    let book = ok(&send(&app, w.o1.get("/api/v1/me/wrong-answers")).await, 200);
    assert!(book.as_array().unwrap().is_empty());
    let second = ok(&start(&app, &w.o1, &session).await, 201);
    submit(&app, &w.o1, second["id"].as_str().unwrap()).await;
    // Both attempts used: now both reviews are open.
    let again = ok(
        &send(&app, w.o1.get(&format!("/api/v1/me/quiz-attempts/{id}"))).await,
        200,
    );
    assert_eq!(again["review"].as_array().unwrap().len(), 4);
    assert_eq!(
        ok(&send(&app, w.o1.get("/api/v1/me/wrong-answers")).await, 200)
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // A make-up drawing from the same category withholds them again until it closes.
    {
        use api::db::schema::quiz_sessions;
        let mut conn = w.t.state.pool.get().unwrap();
        diesel::update(quiz_sessions::table.find(&session))
            .set(quiz_sessions::closes_at.eq(api::time::now() - Duration::minutes(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    let window = json!({"opens_at": Utc::now() + Duration::hours(1), "closes_at": Utc::now() + Duration::hours(2)});
    let makeup = ok(
        &send(
            &app,
            w.law
                .post(&format!("/api/v1/quiz-sessions/{session}/makeup"), &window),
        )
        .await,
        201,
    );
    ok(
        &send(
            &app,
            post_if(
                &w.law,
                &format!(
                    "/api/v1/quiz-sessions/{}/publish",
                    makeup["id"].as_str().unwrap()
                ),
                1,
                &json!({}),
            ),
        )
        .await,
        200,
    );
    let withheld = ok(
        &send(&app, w.o1.get(&format!("/api/v1/me/quiz-attempts/{id}"))).await,
        200,
    );
    assert_eq!(
        withheld["review"],
        json!([]),
        "o1 failed and takes the make-up"
    );
    assert!(
        ok(&send(&app, w.o1.get("/api/v1/me/wrong-answers")).await, 200)
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn a_paper_stays_drawable_while_its_session_runs() {
    let w = world();
    let app = app!(w);
    let parent = category(&app, &w, "行政处罚法", None).await;
    let child = category(&app, &w, "总则", Some(&parent)).await;
    let mut in_child = Vec::new();
    for i in 0..10 {
        in_child.push(question(&app, &w, true_false(&child, &format!("总则{i}"), true)).await);
    }
    for i in 0..20 {
        question(&app, &w, true_false(&parent, &format!("分则{i}"), true)).await;
    }
    // The wide slot first in the paper; the narrow one needs 8 of 总则's 10: drawn
    // narrowest first, every paper can be filled.
    let paper = json!([
        {"kind": "random", "category_id": parent, "count": 10, "points": 1},
        {"kind": "random", "category_id": child, "count": 8, "points": 1},
        {"kind": "fixed", "question_id": in_child[0], "count": 1, "points": 1}
    ]);
    let mut body = session_body(&w, paper, 10);
    body["attempts_allowed"] = json!(0);
    body["review"] = json!("never");
    let session = published(&app, &w, &body).await;
    for _ in 0..8 {
        let attempt = ok(&start(&app, &w.o1, &session).await, 201);
        submit(&app, &w.o1, attempt["id"].as_str().unwrap()).await;
    }
    // The bank cannot be changed under it: one question of 总则 may go (8 of the other
    // 9 are still there besides the fixed one), a second may not.
    let retire = |q: &str| {
        post_if(
            &w.law,
            &format!("/api/v1/questions/{q}/retire"),
            1,
            &json!({"reason": "过时"}),
        )
    };
    ok(&send(&app, retire(&in_child[1])).await, 200);
    let problem = send(&app, retire(&in_child[2]))
        .await
        .assert_problem(409, "invalid_state");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("2022年第二季度学法考试"),
        "{problem}"
    );
    // Nor is a fixed question twice, a retired one, or a window outside 2000–2100.
    let mut twice = session_body(
        &w,
        json!([
            {"kind": "fixed", "question_id": in_child[0], "count": 1, "points": 1},
            {"kind": "fixed", "question_id": in_child[0], "count": 1, "points": 1}
        ]),
        1,
    );
    twice["opens_at"] = json!("1999-12-31T00:00:00Z");
    let problem = send(&app, w.law.post("/api/v1/quiz-sessions", &twice))
        .await
        .assert_problem(422, "validation_failed");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"duplicate_question") && codes.contains(&"year_range"),
        "{problem}"
    );
    // An open session runs to its close.
    let current = ok(
        &send(&app, w.law.get(&format!("/api/v1/quiz-sessions/{session}"))).await,
        200,
    );
    let cancel = post_if(
        &w.law,
        &format!("/api/v1/quiz-sessions/{session}/cancel"),
        current["version"].as_i64().unwrap(),
        &json!({"reason": "改期"}),
    );
    send(&app, cancel)
        .await
        .assert_problem(409, "invalid_state");
    // A quiz for another unit's study plan is refused.
    let hr =
        w.t.add_user("quiz.hr.organiser", "CITY-HR", &[Role::Section]);
    let plan = json!({"organiser_unit_id": w.t.unit_id("CITY-LAW"), "year": 2026, "title": "计划", "audience": {"unit_ids": []},
        "quarters": [{"quarter": 1, "topic": "处罚法", "category_id": parent, "question_count": 1, "points_per_question": 1}]});
    let plan = ok(
        &send(&app, w.law.post("/api/v1/study-plans", &plan)).await,
        201,
    )["id"]
        .clone();
    let mut theirs = session_body(
        &w,
        json!([{"kind": "fixed", "question_id": in_child[0], "count": 1, "points": 1}]),
        1,
    );
    theirs["organiser_unit_id"] = json!(w.t.unit_id("CITY-HR"));
    theirs["study_plan_id"] = plan;
    theirs["quarter"] = json!(1);
    send(&app, hr.post("/api/v1/quiz-sessions", &theirs))
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn a_pass_counts_while_a_second_attempt_is_in_progress() {
    let w = world();
    let app = app!(w);
    let (_, b, _) = small_bank(&app, &w).await;
    let mut body = session_body(
        &w,
        json!([{"kind": "random", "category_id": b, "count": 4, "points": 1}]),
        2,
    );
    body["attempts_allowed"] = json!(2);
    body["review"] = json!("never");
    let session = published(&app, &w, &body).await;
    let key = |q: &Value| {
        q["stem"]
            .as_str()
            .unwrap()
            .trim_start_matches("判断")
            .parse::<u32>()
            .unwrap()
            % 2
            == 0
    };
    let first = ok(&start(&app, &w.o1, &session).await, 201);
    let id = first["id"].as_str().unwrap();
    for q in first["questions"].as_array().unwrap() {
        ok(
            &answer(
                &app,
                &w.o1,
                id,
                q["position"].as_u64().unwrap(),
                json!({"truth": key(q)}),
            )
            .await,
            200,
        );
    }
    submit(&app, &w.o1, id).await;
    ok(&start(&app, &w.o1, &session).await, 201);
    let results = ok(
        &send(
            &app,
            w.bureau
                .get(&format!("/api/v1/quiz-sessions/{session}/results")),
        )
        .await,
        200,
    );
    assert_eq!(results["passed"], 1, "{results}");
    let o1 = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/quiz-sessions/{session}/participants?status=in_progress"
            )),
        )
        .await,
        200,
    );
    assert_eq!(o1["items"][0]["name"], "quiz.o1");
}
