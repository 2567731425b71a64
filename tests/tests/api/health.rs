use actix_web::test::{init_service, TestRequest};
use api::db::{build_pool, DatabaseUrl};
use api::{AppState, Config};
use enforcement_tests::{backend, send, TestApp};

#[actix_web::test]
async fn health_answers_ok() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(&app, TestRequest::get().uri("/api/v1/health")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["status"], "ok");
    assert_eq!(reply.json()["version"], env!("CARGO_PKG_VERSION"));
}

#[actix_web::test]
async fn ready_reports_backend_and_schema() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(&app, TestRequest::get().uri("/api/v1/ready")).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json());
    let body = reply.json();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], backend().as_str());
    assert!(body["schema_version"].as_str().unwrap().len() >= 14);
}

#[actix_web::test]
async fn ready_is_503_problem_when_database_is_unreachable() {
    // Nothing listens on port 1; the pool is lazy so the app starts anyway.
    let url = DatabaseUrl::parse("postgres://127.0.0.1:1/nowhere?connect_timeout=1").unwrap();
    let config = Config::for_database(url.clone());
    // A pool timeout far above the answer time: an outage is reported in about a second,
    // not after the whole wait for a connection.
    let pool = build_pool(&url, 2, std::time::Duration::from_secs(6)).unwrap();
    let jwt = api::auth::jwt::JwtKeys::from_secret(b"test-secret-test-secret-test-secret");
    let dir = tempfile::tempdir().unwrap();
    let store = api::resources::attachments::Store::open(&api::config::AttachmentStore::Local(
        dir.path().to_path_buf(),
    ))
    .unwrap();
    let app = init_service(api::app(AppState::new(config, pool, jwt, store))).await;
    let started = std::time::Instant::now();
    let reply = send(&app, TestRequest::get().uri("/api/v1/ready")).await;
    reply.assert_problem(503, "database_unavailable");
    let sign_in = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(serde_json::json!({ "login": "someone", "password": "Some-password-1" })),
    )
    .await;
    sign_in.assert_problem(503, "database_unavailable");
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(4),
        "two requests during an outage took {waited:?} (the pool timeout is 6 s each)"
    );
    // The client learns that the database is down, not where it is.
    for reply in [&reply, &sign_in] {
        let text = reply.text();
        for secret in ["127.0.0.1", "nowhere", "5432", ":1", "refused"] {
            assert!(
                !text.contains(secret),
                "the problem names {secret:?}: {text}"
            );
        }
    }
    // Liveness does not depend on the database.
    let reply = send(&app, TestRequest::get().uri("/api/v1/health")).await;
    assert_eq!(reply.status, 200);
}

#[actix_web::test]
async fn request_id_is_echoed_or_generated() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/health")
            .insert_header(("X-Request-Id", "abc-123")),
    )
    .await;
    assert_eq!(reply.header("x-request-id").as_deref(), Some("abc-123"));

    let reply = send(&app, TestRequest::get().uri("/api/v1/health")).await;
    let generated = reply.header("x-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(&generated).is_ok(), "{generated}");

    // A header that could break log lines is replaced, not echoed.
    let reply = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/health")
            .insert_header(("X-Request-Id", "bad id with spaces")),
    )
    .await;
    assert_ne!(
        reply.header("x-request-id").as_deref(),
        Some("bad id with spaces")
    );

    // Error responses carry it too.
    let reply = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/nope")
            .insert_header(("X-Request-Id", "err-1")),
    )
    .await;
    assert_eq!(reply.header("x-request-id").as_deref(), Some("err-1"));
}
