//! In-service degrees: an officer records one with its certificate, the personnel office
//! (the city bureau's role) returns or verifies it and records the reward; the degree
//! shows in the officer's legal archive, and each unit reads only its own people's.

use actix_web::test::init_service;
use api_types::Role;
use chrono::{Duration, Utc};
use enforcement_tests::{ok, send, TestUser};
use serde_json::{json, Value};

use crate::training::created;

/// A bachelor's degree awarded a month ago.
pub fn degree_body() -> Value {
    let today = Utc::now().date_naive();
    json!({"level": "bachelor", "school": "省委党校", "major": "法律",
           "started_on": today - Duration::days(3 * 365), "graduated_on": today - Duration::days(30)})
}

/// `officer` records a degree and attaches its certificate: its id (at version 2).
pub async fn recorded_degree<S, B>(app: &S, officer: &TestUser) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let degree = created(&send(app, officer.post("/api/v1/me/degrees", &degree_body())).await);
    let upload = send(
        app,
        officer.upload(
            &format!("/api/v1/me/degrees/{degree}/attachments"),
            "学位证书.pdf",
            &enforcement_tests::sample_pdf(&degree),
        ),
    )
    .await;
    assert_eq!(upload.status, 201, "{}", upload.text());
    degree
}

#[actix_web::test]
async fn a_degree_goes_from_the_officer_to_verification_and_reward_and_into_the_archive() {
    let t = enforcement_tests::TestApp::new();
    t.add_counties();
    let officer = t.add_user("degree.o1", "XQ-1", &[Role::Officer]);
    let personnel = t.add_user("degree.hr", "CITY", &[Role::Bureau]);
    let xq = t.add_user("degree.xq", "XQ", &[Role::County]);
    let yq = t.add_user("degree.yq", "YQ", &[Role::County]);
    let section = t.add_user("degree.section", "CITY-LAW", &[Role::Section]);
    let app = init_service(api::app(t.state.clone())).await;

    let mut future = degree_body();
    future["graduated_on"] = json!(Utc::now().date_naive() + Duration::days(10));
    let refused = send(&app, officer.post("/api/v1/me/degrees", &future)).await;
    refused.assert_problem(422, "validation_failed");
    assert!(
        refused.text().contains("in_the_future"),
        "{}",
        refused.text()
    );

    let degree = created(&send(&app, officer.post("/api/v1/me/degrees", &degree_body())).await);
    // Without its certificate it is not verified.
    let bare = send(
        &app,
        personnel
            .post(&format!("/api/v1/degrees/{degree}/verify"), &json!({}))
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    bare.assert_problem(422, "validation_failed");
    assert!(bare.text().contains("no_certificate"), "{}", bare.text());
    // A section is not the personnel office.
    send(
        &app,
        section
            .post(
                &format!("/api/v1/degrees/{degree}/return"),
                &json!({"reason": "缺证书"}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    let returned = ok(
        &send(
            &app,
            personnel
                .post(
                    &format!("/api/v1/degrees/{degree}/return"),
                    &json!({"reason": "请上传学位证书"}),
                )
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["review_comment"], "请上传学位证书");

    // The officer corrects it and attaches the certificate; it waits again.
    let mut corrected = degree_body();
    corrected["major"] = json!("法学");
    let again = ok(
        &send(
            &app,
            officer.put(&format!("/api/v1/me/degrees/{degree}"), 2, &corrected),
        )
        .await,
        200,
    );
    assert_eq!(again["status"], "submitted");
    let upload = send(
        &app,
        officer.upload(
            &format!("/api/v1/me/degrees/{degree}/attachments"),
            "学位证书.pdf",
            &enforcement_tests::sample_pdf("证书"),
        ),
    )
    .await;
    assert_eq!(upload.status, 201, "{}", upload.text());

    let verified = ok(
        &send(
            &app,
            personnel
                .post(&format!("/api/v1/degrees/{degree}/verify"), &json!({}))
                .insert_header(("If-Match", "\"4\"")),
        )
        .await,
        200,
    );
    assert_eq!(verified["status"], "verified");
    assert_eq!(verified["verified_by_name"], "degree.hr");
    // Verified, the officer changes it no more.
    send(
        &app,
        officer.put(&format!("/api/v1/me/degrees/{degree}"), 5, &corrected),
    )
    .await
    .assert_problem(409, "invalid_state");
    let rewarded = ok(
        &send(
            &app,
            personnel
                .post(
                    &format!("/api/v1/degrees/{degree}/reward"),
                    &json!({"amount_yuan": 3000, "note": "局人事〔2026〕12号 一次性奖励"}),
                )
                .insert_header(("If-Match", "\"5\"")),
        )
        .await,
        200,
    );
    assert_eq!(rewarded["status"], "rewarded");
    assert_eq!(rewarded["reward"]["amount_yuan"], 3000);
    send(
        &app,
        personnel
            .post(
                &format!("/api/v1/degrees/{degree}/reward"),
                &json!({"amount_yuan": 1, "note": "再奖"}),
            )
            .insert_header(("If-Match", "\"6\"")),
    )
    .await
    .assert_problem(409, "invalid_state");

    // Nobody verifies their own degree, the personnel office included.
    let own = recorded_degree(&app, &personnel).await;
    send(
        &app,
        personnel
            .post(&format!("/api/v1/degrees/{own}/verify"), &json!({}))
            .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(403, "forbidden");

    // The county bureau reads its brigade's people's degrees; another county does not.
    let listed = ok(
        &send(
            &app,
            xq.get(&format!("/api/v1/degrees?unit_id={}", t.unit_id("XQ-1"))),
        )
        .await,
        200,
    );
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["content"]["major"], "法学");
    send(&app, yq.get(&format!("/api/v1/degrees/{degree}")))
        .await
        .assert_problem(403, "forbidden");
    let theirs = ok(&send(&app, yq.get("/api/v1/degrees")).await, 200);
    assert_eq!(theirs["total"], 0);

    let sheet = send(&app, xq.get("/api/v1/degrees:xlsx")).await;
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let rows = enforcement_tests::xlsx_rows(&sheet.body);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[1].contains(&"法学".to_string()) && rows[1].contains(&"已奖励".to_string()),
        "{rows:?}"
    );

    let archive = ok(
        &send(&app, officer.get("/api/v1/me/legal-archive")).await,
        200,
    );
    assert_eq!(archive["degrees"][0]["status"], "rewarded");
    assert_eq!(
        archive["degrees"][0]["reward"]["note"],
        "局人事〔2026〕12号 一次性奖励"
    );
    let audit_actions: Vec<String> = {
        use api::db::schema::audit_events;
        use diesel::prelude::*;
        let mut conn = t.state.pool.get().unwrap();
        audit_events::table
            .filter(audit_events::resource_id.eq(&degree))
            .filter(audit_events::resource_type.eq("degree"))
            .order(audit_events::id.asc())
            .select(audit_events::action)
            .load(&mut *conn)
            .unwrap()
    };
    assert_eq!(
        audit_actions,
        ["create", "return", "resubmit", "verify", "reward"]
    );
}
