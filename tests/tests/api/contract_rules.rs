//! The contract states the rules the server enforces: a method a path does not have is a
//! 405 before anything else (authentication included), and the validation rules of the
//! DTOs and the list extractor appear in the schema.

use actix_web::test::{init_service, TestRequest};
use enforcement_tests::{send, TestApp};
use serde_json::Value;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn spec() -> Value {
    serde_json::to_value(api::openapi()).unwrap()
}

/// The path with every `{parameter}` filled in (a UUID, or a year).
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| match segment {
            "{year}" => "2026".to_string(),
            // `{id}` or `{id}:xlsx`: the parameter replaced, a literal suffix kept.
            s if s.starts_with('{') => {
                let suffix = s.split_once('}').map(|(_, rest)| rest).unwrap_or_default();
                format!("0190a5c4-0000-7000-8000-000000000000{suffix}")
            }
            s => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[actix_web::test]
async fn a_method_the_path_lacks_is_405_before_authentication() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let spec = spec();
    let mut checked = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        let path = concrete(template);
        // The methods of the most specific template that matches the concrete path
        // (`/plans/import` is not `/plans/{id}`).
        let allowed: Vec<String> = METHODS
            .iter()
            .filter(|m| item.get(m.to_lowercase()).is_some())
            .map(|m| m.to_string())
            .collect();
        for method in METHODS.iter().filter(|m| !allowed.contains(&m.to_string())) {
            let req = TestRequest::default()
                .method(method.parse().unwrap())
                .uri(&path);
            let reply = send(&app, req).await;
            reply.assert_problem(405, "method_not_allowed");
            let allow = reply.header("allow").unwrap_or_default();
            for m in &allowed {
                assert!(
                    allow.contains(m.as_str()),
                    "{method} {path}: Allow {allow:?} lacks {m}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "checked {checked} method/path pairs");
}

#[actix_web::test]
async fn a_literal_path_is_not_taken_for_a_parameter() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    for (method, path, allow) in [
        ("PATCH", "/api/v1/plans/import", "POST"),
        ("PATCH", "/api/v1/units/tree", "GET"),
        (
            "DELETE",
            "/api/v1/units/0190a5c4-0000-7000-8000-000000000000",
            "GET",
        ),
    ] {
        let req = TestRequest::default()
            .method(method.parse().unwrap())
            .uri(path);
        let reply = send(&app, req).await;
        reply.assert_problem(405, "method_not_allowed");
        assert!(reply.header("allow").unwrap_or_default().contains(allow));
    }
    // The method the path has still reaches authentication.
    let reply = send(&app, TestRequest::get().uri("/api/v1/units/tree")).await;
    reply.assert_problem(401, "unauthorized");
}

#[test]
fn validation_rules_are_in_the_schema() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let bootstrap = &schemas["BootstrapRequest"]["properties"];
    assert_eq!(bootstrap["login"]["pattern"], "^[a-z0-9._-]{3,64}$");
    assert_eq!(bootstrap["password"]["minLength"], 10);
    assert_eq!(bootstrap["password"]["maxLength"], 128);
    // Not `\S`: the class is spelt out so that every regex engine (and the server's
    // `trim`) agrees on which characters are white space.
    let not_blank = bootstrap["name"]["pattern"].as_str().unwrap_or_default();
    assert!(
        not_blank.starts_with("[^") && not_blank.contains("\\u3000"),
        "{not_blank}"
    );
    assert_eq!(bootstrap["name"]["maxLength"], 64);
    let report = &schemas["NewProgressReport"]["properties"];
    assert_eq!(report["percent_complete"]["minimum"], 0);
    assert_eq!(report["percent_complete"]["maximum"], 100);
    assert_eq!(report["evidence_links"]["maxItems"], 20);
    assert_eq!(report["evidence_links"]["items"]["maxLength"], 500);
    assert!(report["period"]["pattern"].is_string());

    let list = spec["paths"]["/api/v1/units"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let param = |name: &str| {
        list.iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("GET /units documents {name}"))["schema"]
            .clone()
    };
    assert_eq!(param("page")["minimum"], 1);
    assert_eq!(param("per_page")["minimum"], 1);
    assert_eq!(param("per_page")["maximum"], 200);
    assert_eq!(param("updated_since")["format"], "date-time");
}

/// The documented boundaries are the server's: one past them is rejected, at them is
/// accepted (here for the list parameters, which the extractor checks by hand rather
/// than through the DTO rules `#[contract]` reads).
#[actix_web::test]
async fn list_parameter_bounds_are_the_extractors() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    for (query, status) in [
        ("page=1", 200),
        ("page=0", 400),
        ("per_page=1", 200),
        ("per_page=200", 200),
        ("per_page=0", 400),
        ("per_page=201", 400),
        ("updated_since=2026-05-01T00:00:00Z", 200),
        ("updated_since=2026-05-01", 400),
    ] {
        let reply = send(&app, reader.get(&format!("/api/v1/units?{query}"))).await;
        assert_eq!(reply.status, status, "GET /units?{query}");
    }
}
