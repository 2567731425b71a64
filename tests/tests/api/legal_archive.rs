//! The legal archive: each capability's section (training hours by year, quiz results)
//! as that capability records it, the sheet, and who may read whose.

use actix_web::test::init_service;
use api_types::Role;
use enforcement_tests::{ok, send, xlsx_rows, TestApp};
use serde_json::json;

use crate::training::{created, nominate, published_event};

#[actix_web::test]
async fn the_archive_shows_each_capabilitys_section_and_keeps_to_the_scope() {
    let t = TestApp::new();
    t.add_counties();
    let bureau = t.add_user("arc.city", "CITY", &[Role::Bureau]);
    let xq = t.add_user("arc.xq", "XQ", &[Role::County]);
    let yq = t.add_user("arc.yq", "YQ", &[Role::County]);
    let section = t.add_user("arc.law", "CITY-LAW", &[Role::Section]);
    let officer = t.add_user("arc.o1", "XQ-1", &[Role::Officer]);
    let other = t.add_user("arc.o2", "XQ-1", &[Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let city = t.unit_id("CITY");

    // Training: three hours, present.
    let (event, sessions) = published_event(&app, &bureau, &city, None, &[(-30, 3.0)]).await;
    nominate(&app, &bureau, &event, &[&officer]).await;
    ok(
        &send(
            &app,
            bureau.post(
                &format!("/api/v1/training-sessions/{}/attendance", sessions[0]),
                &json!({"marks": [{"user_id": officer.id, "status": "present"}]}),
            ),
        )
        .await,
        200,
    );
    // A quiz: one true/false question answered rightly.
    let category = created(
        &send(
            &app,
            bureau.post(
                "/api/v1/question-categories",
                &json!({"owner_unit_id": city, "name": "行政处罚法"}),
            ),
        )
        .await,
    );
    let question = created(&send(&app, bureau.post("/api/v1/questions", &json!({"owner_unit_id": city,
        "content": {"category_id": category, "kind": "true_false", "stem": "行政处罚遵循公正、公开的原则。", "correct_truth": true}}))).await);
    let now = chrono::Utc::now();
    let session = created(&send(&app, bureau.post("/api/v1/quiz-sessions", &json!({"organiser_unit_id": city, "kind": "pre_appointment_exam", "title": "任前法律考试",
        "opens_at": now - chrono::Duration::hours(1), "closes_at": now + chrono::Duration::hours(1),
        "time_limit_minutes": 0, "attempts_allowed": 1, "pass_score": 1, "grading_method": "highest",
        "review": "after_submit", "audience": {"unit_ids": [], "user_ids": [officer.id]},
        "paper": [{"kind": "fixed", "question_id": question, "count": 1, "points": 1}]}))).await);
    ok(
        &send(
            &app,
            bureau
                .post(
                    &format!("/api/v1/quiz-sessions/{session}/publish"),
                    &json!({}),
                )
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    let attempt = created(
        &send(
            &app,
            officer.post(
                &format!("/api/v1/quiz-sessions/{session}/attempts"),
                &json!({}),
            ),
        )
        .await,
    );
    ok(
        &send(
            &app,
            officer.post(
                &format!("/api/v1/me/quiz-attempts/{attempt}/answers"),
                &json!({"position": 0, "answer": {"truth": true}}),
            ),
        )
        .await,
        200,
    );
    ok(
        &send(
            &app,
            officer.post(
                &format!("/api/v1/me/quiz-attempts/{attempt}/submit"),
                &json!({}),
            ),
        )
        .await,
        200,
    );

    // The officer's own archive: each section as its capability has it.
    let mine = ok(
        &send(&app, officer.get("/api/v1/me/legal-archive")).await,
        200,
    );
    assert_eq!(mine["person"]["name"], "arc.o1");
    assert_eq!(mine["training"][0]["hours"], 3.0);
    assert_eq!(
        mine["training"][0]["events"][0]["title"],
        "户外广告管理培训"
    );
    let own_hours = ok(
        &send(&app, officer.get("/api/v1/me/training-hours")).await,
        200,
    );
    assert_eq!(
        mine["training"][0], own_hours,
        "the training section is the hours report"
    );
    assert_eq!(mine["quizzes"].as_array().unwrap().len(), 1);
    assert_eq!(mine["quizzes"][0]["session_kind"], "pre_appointment_exam");
    assert_eq!(mine["quizzes"][0]["passed"], true);
    let results = ok(
        &send(&app, officer.get("/api/v1/me/quiz-results")).await,
        200,
    );
    assert_eq!(
        mine["quizzes"][0], results["items"][0],
        "the quiz section is the results list"
    );
    // Someone with nothing yet: this year's empty hours, no results.
    let empty = ok(
        &send(&app, other.get("/api/v1/me/legal-archive")).await,
        200,
    );
    assert_eq!(empty["training"].as_array().unwrap().len(), 1);
    assert_eq!(empty["training"][0]["hours"], 0.0);
    assert_eq!(empty["quizzes"], json!([]));

    // Scope: the county bureau reads its brigade's people, another county does not; a
    // section reads only its own people; an officer reads no one else's.
    let uri = format!("/api/v1/legal-archives/{}", officer.id);
    let by_county = ok(&send(&app, xq.get(&uri)).await, 200);
    assert_eq!(by_county["training"], mine["training"]);
    send(&app, yq.get(&uri))
        .await
        .assert_problem(403, "forbidden");
    send(&app, section.get(&uri))
        .await
        .assert_problem(403, "forbidden");
    send(&app, officer.get(&uri))
        .await
        .assert_problem(403, "forbidden");
    send(
        &app,
        bureau.get(&format!("/api/v1/legal-archives/{}", uuid::Uuid::now_v7())),
    )
    .await
    .assert_problem(404, "not_found");

    // The sheet: a line per year, event and result.
    let sheet = send(&app, xq.get(&format!("{uri}:xlsx"))).await;
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let rows = xlsx_rows(&sheet.body);
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(rows[0][..2], ["部分".to_string(), "事项".to_string()]);
    assert!(
        text.iter()
            .any(|l| l.contains("户外广告管理培训（业务培训）") && l.contains("3 / 3 学时")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|l| l.contains("任前法律考试（任前法律考试）") && l.contains("合格")),
        "{text:?}"
    );
}
