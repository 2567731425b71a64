//! The API serves a built SPA at `/` with a fallback to index.html.

use actix_web::test::{init_service, TestRequest};
use enforcement_tests::{send, TestApp};

#[actix_web::test]
async fn serves_files_with_cache_rules_and_falls_back_to_index() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>SPA</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("web-ui-0123abcd.js"), "console.log(1)").unwrap();
    std::fs::write(dist.path().join("web-ui-0123abcd_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.path().join("favicon.svg"), "<svg/>").unwrap();
    let dist_path = dist.path().to_path_buf();
    let t = TestApp::with_config(move |c| c.web_dist_dir = dist_path);
    let app = init_service(api::app(t.state.clone())).await;

    let index = send(&app, TestRequest::get().uri("/")).await;
    assert_eq!(index.status, 200);
    assert!(index.content_type().starts_with("text/html"));
    assert_eq!(index.header("cache-control").as_deref(), Some("no-cache"));

    let deep = send(&app, TestRequest::get().uri("/plans/2022/tasks")).await;
    assert_eq!(deep.status, 200);
    assert!(String::from_utf8_lossy(&deep.body).contains("<title>SPA</title>"));

    let js = send(&app, TestRequest::get().uri("/web-ui-0123abcd.js")).await;
    assert_eq!(js.status, 200);
    assert!(
        js.content_type().contains("javascript"),
        "{}",
        js.content_type()
    );
    assert_eq!(
        js.header("cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );

    let wasm = send(&app, TestRequest::get().uri("/web-ui-0123abcd_bg.wasm")).await;
    assert_eq!(wasm.content_type(), "application/wasm");

    let svg = send(&app, TestRequest::get().uri("/favicon.svg")).await;
    assert!(svg.content_type().starts_with("image/svg+xml"));

    // API paths never fall back to the SPA, and escapes are refused.
    send(&app, TestRequest::get().uri("/api/v1/nothing"))
        .await
        .assert_problem(404, "route_not_found");
    let escape = send(&app, TestRequest::get().uri("/../Cargo.toml")).await;
    assert!(!String::from_utf8_lossy(&escape.body).contains("[workspace]"));
    send(&app, TestRequest::post().uri("/dashboard"))
        .await
        .assert_problem(404, "route_not_found");
}
