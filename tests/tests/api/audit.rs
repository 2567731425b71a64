//! The audit trail: every mutation recorded in its transaction, hash-chained, verifiable;
//! tampering is found; several API processes on one database keep one valid chain.

use actix_web::test::{init_service, TestRequest};
use api_types::Role;
use diesel::connection::SimpleConnection;
use enforcement_tests::{backend, send, ApiProcess, TestApp};
use serde_json::{json, Value};

async fn verify<S, B>(app: &S, auditor: &enforcement_tests::TestUser) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let reply = send(app, auditor.get("/api/v1/audit-events/verify")).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

/// Lifts the append-only guard, as an attacker with database access would.
fn drop_guard(t: &TestApp) {
    let mut conn = t.db.connect();
    let sql = match backend() {
        api::db::Backend::Sqlite => {
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;"
        }
        api::db::Backend::Postgres => "DROP TRIGGER audit_events_no_update ON audit_events;",
    };
    conn.batch_execute(sql).unwrap();
}

/// Makes a handful of audited changes; returns the number of events now in the chain.
async fn some_changes<S, B>(t: &TestApp, app: &S) -> i64
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let admin = t.add_user("chain.admin", "CITY", &[Role::Admin]);
    let city = t.unit_id("CITY");
    for code in ["A1", "A2", "A3"] {
        let r = send(
            app,
            admin.post(
                "/api/v1/units",
                &json!({"code": code, "name": code, "kind": "county_bureau", "parent_id": city}),
            ),
        )
        .await;
        assert_eq!(r.status, 201);
    }
    let auditor = t.add_user("chain.auditor", "CITY", &[Role::Auditor]);
    let report = verify(app, &auditor).await;
    report["checked"].as_i64().unwrap()
}

#[actix_web::test]
async fn every_mutation_is_recorded_with_actor_before_and_after() {
    let t = TestApp::new();
    let admin = t.add_user("rec.admin", "CITY", &[Role::Admin]);
    let auditor = t.add_user("rec.auditor", "CITY", &[Role::Auditor]);
    let app = init_service(api::app(t.state.clone())).await;
    let law = t.unit_id("CITY-LAW");

    let renamed = send(
        &app,
        admin.patch(
            &format!("/api/v1/units/{law}"),
            1,
            &json!({"name": "政策法规科"}),
        ),
    )
    .await;
    assert_eq!(renamed.status, 200);
    let events = send(
        &app,
        auditor
            .get(&format!(
                "/api/v1/audit-events?resource_type=unit&resource_id={law}"
            ))
            .insert_header(("X-Request-Id", "ignored-on-gets")),
    )
    .await
    .json();
    let items = events["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "seeded, then updated: {events}");
    let update = &items[0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["actor_user_id"], json!(admin.id));
    assert_eq!(update["actor_unit_id"], json!(t.unit_id("CITY")));
    assert_eq!(update["actor_roles"], "admin");
    assert_eq!(update["before"]["name"], "局政策法规科");
    assert_eq!(update["after"]["name"], "政策法规科");
    assert!(update["request_id"].is_string());
    assert_eq!(items[1]["action"], "create");
    assert_eq!(items[1]["actor_roles"], "system");

    // Sign-ins are recorded too; filters by actor and time work.
    let login = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({"login": "rec.admin", "password": enforcement_tests::PASSWORD})),
    )
    .await;
    assert_eq!(login.status, 200);
    let mine = send(
        &app,
        auditor.get(&format!(
            "/api/v1/audit-events?actor_user_id={}&action=login",
            admin.id
        )),
    )
    .await
    .json();
    assert_eq!(mine["total"], 1);
    let future = send(
        &app,
        auditor.get("/api/v1/audit-events?from=2999-01-01T00:00:00Z"),
    )
    .await
    .json();
    assert_eq!(future["total"], 0);

    let report = verify(&app, &auditor).await;
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["first_broken_id"], Value::Null);
    assert!(report["checked"].as_i64().unwrap() >= 12);
    assert_eq!(report["head_id"], report["checked"]);
}

#[actix_web::test]
async fn the_database_refuses_to_alter_audit_rows() {
    let t = TestApp::new();
    let mut conn = t.db.connect();
    assert!(conn
        .batch_execute("UPDATE audit_events SET action = 'x' WHERE id = 1")
        .is_err());
    assert!(conn
        .batch_execute("DELETE FROM audit_events WHERE id = 1")
        .is_err());
}

#[actix_web::test]
async fn altering_a_row_is_reported_at_that_row() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let total = some_changes(&t, &app).await;
    drop_guard(&t);
    t.db.connect()
        .batch_execute("UPDATE audit_events SET after_json = '{\"name\":\"forged\"}' WHERE id = 5")
        .unwrap();
    let auditor = t.add_user("alter.auditor", "CITY", &[Role::Auditor]);
    let report = verify(&app, &auditor).await;
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_broken_id"], 5);
    assert!(total > 5);
}

#[actix_web::test]
async fn deleting_a_row_is_reported_at_that_row() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    some_changes(&t, &app).await;
    drop_guard(&t);
    t.db.connect()
        .batch_execute("DELETE FROM audit_events WHERE id = 7")
        .unwrap();
    let auditor = t.add_user("del.auditor", "CITY", &[Role::Auditor]);
    let report = verify(&app, &auditor).await;
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_broken_id"], 7);
}

#[actix_web::test]
async fn deleting_the_last_row_is_reported() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let total = some_changes(&t, &app).await;
    drop_guard(&t);
    t.db.connect()
        .batch_execute(&format!("DELETE FROM audit_events WHERE id = {total}"))
        .unwrap();
    let auditor = t.add_user("tail.auditor", "CITY", &[Role::Auditor]);
    let report = verify(&app, &auditor).await;
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_broken_id"], total);
}

#[actix_web::test]
async fn rewriting_a_row_with_a_fresh_hash_is_still_found() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    some_changes(&t, &app).await;
    drop_guard(&t);
    // The forger recomputes nothing downstream: row 4's own hash changes, so row 5's
    // prev_hash no longer matches.
    t.db.connect()
        .batch_execute("UPDATE audit_events SET hash = '1111111111111111111111111111111111111111111111111111111111111111' WHERE id = 4")
        .unwrap();
    let auditor = t.add_user("rewrite.auditor", "CITY", &[Role::Auditor]);
    let report = verify(&app, &auditor).await;
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_broken_id"], 4);
}

#[actix_web::test]
async fn two_api_processes_writing_at_once_keep_one_valid_chain() {
    let t = TestApp::new();
    let admin = t.add_user("multi.admin", "CITY", &[Role::Admin]);
    let auditor = t.add_user("multi.auditor", "CITY", &[Role::Auditor]);
    let city = t.unit_id("CITY");
    let before: i64 = {
        let app = init_service(api::app(t.state.clone())).await;
        verify(&app, &auditor).await["checked"].as_i64().unwrap()
    };
    // Two separate `api` processes on the same database (the signing key is shared
    // through the database, so a token from one is valid at the other).
    let first = ApiProcess::start(t.dir.path(), &[("DATABASE_URL", t.db.url())]);
    let second = ApiProcess::start(t.dir.path(), &[("DATABASE_URL", t.db.url())]);
    let client = reqwest::Client::new();

    let mut handles = Vec::new();
    for i in 0..60 {
        let url = if i % 2 == 0 {
            first.url("/api/v1/units")
        } else {
            second.url("/api/v1/units")
        };
        let client = client.clone();
        let token = admin.access_token.clone();
        let city = city.clone();
        handles.push(actix_web::rt::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"code": format!("M-{i}"), "name": format!("单位{i}"), "kind": "county_bureau", "parent_id": city}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap(), 201);
    }
    let report: Value = client
        .get(second.url("/api/v1/audit-events/verify"))
        .bearer_auth(&auditor.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checked"].as_i64().unwrap(), before + 60, "{report}");
    let (code, _) = first.stop();
    assert_eq!(code, 0);
}
