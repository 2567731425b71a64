//! The OpenAPI contract: generated from the router, committed as openapi.yaml, served,
//! and rendered as an offline docs page.

use actix_web::test::{init_service, TestRequest};
use enforcement_tests::{send, workspace_root, TestApp};

const REGENERATE: &str = "cargo run -p api -- openapi --output openapi.yaml";

#[test]
fn committed_openapi_yaml_matches_the_code() {
    let generated = api::openapi().to_yaml().unwrap();
    let path = workspace_root().join("openapi.yaml");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first_difference = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()) + 1);
        panic!(
            "openapi.yaml is out of date with the code (first difference at line {first_difference}).\n\
             Regenerate it with:\n\n    {REGENERATE}\n"
        );
    }
}

/// Every `$ref` in the document names a schema or parameter it defines (a missing one
/// makes clients and the fuzzer reject the whole operation).
#[test]
fn every_schema_reference_resolves() {
    fn walk(value: &serde_json::Value, refs: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    refs.push(r.clone());
                }
                map.values().for_each(|v| walk(v, refs));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, refs)),
            _ => {}
        }
    }
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let mut refs = Vec::new();
    walk(&spec, &mut refs);
    assert!(refs.len() > 50, "the document uses references");
    let defined = |r: &str| {
        let (kind, name) = r
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .unwrap_or(("", ""));
        matches!(kind, "schemas" | "parameters") && spec["components"][kind][name].is_object()
    };
    let mut missing: Vec<&String> = refs.iter().filter(|r| !defined(r)).collect();
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "unresolvable references: {missing:?}");
}

#[test]
fn every_operation_documents_problem_responses_and_a_tag() {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/units"));
    assert!(paths.contains_key("/api/v1/units/{id}"));
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let default = &op["responses"]["default"]["content"]["application/problem+json"];
            assert!(
                default.is_object(),
                "{method} {path} lacks the problem response"
            );
            assert!(op["tags"][0].is_string(), "{method} {path} has no tag");
        }
    }
}

#[actix_web::test]
async fn spec_and_docs_are_served_without_external_assets() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    let spec = send(&app, TestRequest::get().uri("/api/v1/openapi.json")).await;
    assert_eq!(spec.status, 200);
    assert_eq!(spec.json(), serde_json::to_value(api::openapi()).unwrap());

    let docs = send(&app, TestRequest::get().uri("/api/docs")).await;
    assert_eq!(docs.status, 200);
    assert!(docs.content_type().starts_with("text/html"));
    let html = String::from_utf8(docs.body).unwrap();
    assert!(html.contains("/api/v1/units/{id}"));
    assert!(html.contains("id=\"problem-invalid_query\""));
    assert!(html.contains("id=\"schema-unit\""));
    // Shared header parameters are shown by name, not as empty rows.
    assert!(
        html.contains("<code>If-Match</code>"),
        "If-Match missing from the docs page"
    );
    assert!(html.contains("<code>Idempotency-Key</code>"));
    assert!(
        !html.contains("<tr><td><code></code>"),
        "a parameter row without a name"
    );
    for external in ["src=\"http", "href=\"http", "@import", "cdn."] {
        assert!(!html.contains(external), "docs page references {external}");
    }
}
