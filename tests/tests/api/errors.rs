//! Bad input of every kind is a problem+json answer with a stable code, never actix's
//! text errors and never a 500.

use actix_web::test::{init_service, TestRequest};
use enforcement_tests::{send, TestApp};

#[actix_web::test]
async fn unknown_route_is_404_problem() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    for path in [
        "/api/v1/does-not-exist",
        "/api/v2/units",
        "/api",
        "/api/v1/units/tree/extra",
    ] {
        let reply = send(&app, TestRequest::get().uri(path)).await;
        reply.assert_problem(404, "route_not_found");
    }
}

#[actix_web::test]
async fn wrong_method_is_405_problem_with_allow() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(&app, TestRequest::delete().uri("/api/v1/health")).await;
    reply.assert_problem(405, "method_not_allowed");
    assert_eq!(reply.header("allow").as_deref(), Some("GET"));
}

#[actix_web::test]
async fn bad_query_strings_name_the_parameter() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let cases = [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("per_page=201", "per_page"),
        ("per_page=-1", "per_page"),
        ("updated_since=yesterday", "updated_since"),
        ("sort=password", "sort"),
        ("kind=district", "kind"),
        ("active=maybe", "active"),
        ("parent_id=12", "parent_id"),
        ("colour=red", "colour"),
    ];
    for (query, field) in cases {
        let reply = send(
            &app,
            TestRequest::get().uri(&format!("/api/v1/units?{query}")),
        )
        .await;
        let problem = reply.assert_problem(400, "invalid_query");
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains(field),
            "{query}: {problem}"
        );
    }
    let reply = send(
        &app,
        TestRequest::get().uri("/api/v1/units/tree?include_inactive=perhaps"),
    )
    .await;
    let problem = reply.assert_problem(400, "invalid_query");
    assert_eq!(problem["errors"][0]["field"], "include_inactive");
}

#[actix_web::test]
async fn bad_path_uuid_names_the_parameter() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    for bad in ["123", "not-a-uuid", "0190c3e0-0000-7000-8000-00000000000Z"] {
        let reply = send(
            &app,
            TestRequest::get().uri(&format!("/api/v1/units/{bad}")),
        )
        .await;
        let problem = reply.assert_problem(400, "invalid_path_parameter");
        assert_eq!(problem["errors"][0]["field"], "id");
    }
}

#[actix_web::test]
async fn non_api_paths_without_a_built_spa_are_404_problems() {
    let t = TestApp::with_config(|c| c.web_dist_dir = "/nonexistent-dist".into());
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(&app, TestRequest::get().uri("/dashboard")).await;
    reply.assert_problem(404, "route_not_found");
}
