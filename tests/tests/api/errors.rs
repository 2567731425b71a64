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
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
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
        let reply = send(&app, reader.get(&format!("/api/v1/units?{query}"))).await;
        let problem = reply.assert_problem(400, "invalid_query");
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains(field),
            "{query}: {problem}"
        );
    }
    let reply = send(
        &app,
        reader.get("/api/v1/units/tree?include_inactive=perhaps"),
    )
    .await;
    let problem = reply.assert_problem(400, "invalid_query");
    assert_eq!(problem["errors"][0]["field"], "include_inactive");
}

#[actix_web::test]
async fn bad_path_uuid_names_the_parameter() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    for bad in ["123", "not-a-uuid", "0190c3e0-0000-7000-8000-00000000000Z"] {
        let reply = send(&app, reader.get(&format!("/api/v1/units/{bad}"))).await;
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

/// POST /units as an administrator with `body` and `content_type`.
async fn post_unit(
    body: &[u8],
    content_type: Option<&str>,
    limit: Option<usize>,
) -> enforcement_tests::Reply {
    let t = TestApp::with_config(|c| {
        if let Some(limit) = limit {
            c.max_body_bytes = limit;
        }
    });
    let admin = t.add_user("admin1", "CITY", &[api_types::Role::Admin]);
    let app = init_service(api::app(t.state.clone())).await;
    let mut req = TestRequest::post()
        .uri("/api/v1/units")
        .insert_header(admin.bearer())
        .set_payload(body.to_vec());
    if let Some(ct) = content_type {
        req = req.insert_header(("Content-Type", ct));
    }
    send(&app, req).await
}

#[actix_web::test]
async fn malformed_json_is_400() {
    let reply = post_unit(b"{\"code\": \"AB\", ", Some("application/json"), None).await;
    let problem = reply.assert_problem(400, "malformed_json");
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    let reply = post_unit(
        br#"{"code": "AB" "name": 1}"#,
        Some("application/json"),
        None,
    )
    .await;
    reply.assert_problem(400, "malformed_json");
}

#[actix_web::test]
async fn wrong_field_type_names_the_field() {
    let reply = post_unit(
        br#"{"code":"AB","name":"x","kind":"brigade","parent_id":null,"sort_order":"first"}"#,
        Some("application/json"),
        None,
    )
    .await;
    let problem = reply.assert_problem(400, "invalid_field");
    assert_eq!(problem["errors"][0]["field"], "sort_order");
    let reply = post_unit(
        br#"{"code":"AB","name":"x","kind":"brigade","parent_id":"12"}"#,
        Some("application/json"),
        None,
    )
    .await;
    assert_eq!(
        reply.assert_problem(400, "invalid_field")["errors"][0]["field"],
        "parent_id"
    );
}

#[actix_web::test]
async fn unknown_enum_value_names_the_field() {
    let reply = post_unit(
        br#"{"code":"AB","name":"x","kind":"district"}"#,
        Some("application/json"),
        None,
    )
    .await;
    let problem = reply.assert_problem(400, "unknown_enum_value");
    assert_eq!(problem["errors"][0]["field"], "kind");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("county_bureau"),
        "lists allowed values: {problem}"
    );
}

#[actix_web::test]
async fn missing_and_unknown_fields_are_named() {
    let reply = post_unit(
        br#"{"code":"AB","kind":"brigade"}"#,
        Some("application/json"),
        None,
    )
    .await;
    assert_eq!(
        reply.assert_problem(400, "missing_field")["errors"][0]["field"],
        "name"
    );
    let reply = post_unit(
        br#"{"code":"AB","name":"x","kind":"brigade","colour":"red"}"#,
        Some("application/json"),
        None,
    )
    .await;
    assert_eq!(
        reply.assert_problem(400, "unknown_field")["errors"][0]["field"],
        "colour"
    );
}

#[actix_web::test]
async fn rule_violations_are_422_with_every_field() {
    let reply = post_unit(
        br#"{"code":"a b","name":"   ","kind":"brigade","sort_order":-5}"#,
        Some("application/json"),
        None,
    )
    .await;
    let problem = reply.assert_problem(422, "validation_failed");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for expected in ["code", "name", "sort_order"] {
        assert!(
            fields.contains(&expected),
            "{expected} missing in {problem}"
        );
    }
}

#[actix_web::test]
async fn body_over_the_limit_is_413() {
    let big = format!(
        r#"{{"code":"AB","name":"{}","kind":"brigade"}}"#,
        "x".repeat(4000)
    );
    let reply = post_unit(big.as_bytes(), Some("application/json"), Some(2048)).await;
    reply.assert_problem(413, "payload_too_large");
}

#[actix_web::test]
async fn non_json_body_is_415() {
    let reply = post_unit(b"code=AB", Some("application/x-www-form-urlencoded"), None).await;
    reply.assert_problem(415, "unsupported_media_type");
    let reply = post_unit(br#"{"code":"AB"}"#, None, None).await;
    reply.assert_problem(415, "unsupported_media_type");
}

#[actix_web::test]
async fn field_errors_carry_their_limits_and_empty_means_required() {
    let long = "长".repeat(101);
    let body = serde_json::json!({ "code": "XQ-9", "name": long, "kind": "brigade",
                                   "sort_order": 2_000_000 });
    let reply = post_unit(body.to_string().as_bytes(), Some("application/json"), None).await;
    let problem = reply.assert_problem(422, "validation_failed");
    let find = |field: &str| {
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .cloned()
            .unwrap_or_else(|| panic!("no error for {field}: {problem}"))
    };
    // The limits, so that a client can say "最多 100 个字" rather than "invalid".
    let name = find("name");
    assert_eq!(
        (name["code"].clone(), name["max"].clone()),
        (serde_json::json!("length"), serde_json::json!(100))
    );
    let order = find("sort_order");
    assert_eq!(
        (order["code"].clone(), order["max"].clone()),
        (serde_json::json!("range"), serde_json::json!(1_000_000))
    );

    // An empty required text is "required", not a length error.
    let body = serde_json::json!({ "code": "XQ-9", "name": "", "kind": "brigade" });
    let reply = post_unit(body.to_string().as_bytes(), Some("application/json"), None).await;
    let problem = reply.assert_problem(422, "validation_failed");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] == "name")
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| *c == "required"),
        "{problem}"
    );
}
