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

/// The security headers a response must carry, whatever it is.
fn assert_security_headers(reply: &enforcement_tests::Reply, what: &str) {
    let csp = reply.header("content-security-policy").unwrap_or_default();
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(
            csp.contains(directive),
            "{what}: CSP {csp:?} lacks {directive}"
        );
    }
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_default();
    assert!(
        !script_src.contains("unsafe-inline"),
        "{what}: {script_src}"
    );
    assert_eq!(
        reply.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        reply.header("x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
    assert_eq!(
        reply.header("referrer-policy").as_deref(),
        Some("same-origin"),
        "{what}"
    );
}

#[actix_web::test]
async fn every_answer_carries_the_security_headers() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>SPA</title>",
    )
    .unwrap();
    let dist_path = dist.path().to_path_buf();
    let t = TestApp::with_config(move |c| c.web_dist_dir = dist_path);
    let app = init_service(api::app(t.state.clone())).await;

    let spa = send(&app, TestRequest::get().uri("/")).await;
    assert_eq!(spa.status, 200);
    assert_security_headers(&spa, "the SPA");
    let json = send(&app, TestRequest::get().uri("/api/v1/health")).await;
    assert_eq!(json.status, 200, "{}", json.text());
    assert_security_headers(&json, "a JSON answer");
    let problem = send(&app, TestRequest::get().uri("/api/v1/units/tree")).await;
    problem.assert_problem(401, "unauthorized");
    assert_security_headers(&problem, "a problem");
    // Without TLS configured there is no HSTS (it would lock browsers out of plain HTTP).
    assert_eq!(json.header("strict-transport-security"), None);

    // The docs page allows its one inline stylesheet by hash, and no inline script.
    let docs = send(&app, TestRequest::get().uri("/api/docs")).await;
    let csp = docs.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("style-src 'self' 'sha256-"), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );

    let tls = TestApp::with_config(|c| c.hsts_max_age = 31_536_000);
    let app = init_service(api::app(tls.state.clone())).await;
    let json = send(&app, TestRequest::get().uri("/api/v1/health")).await;
    assert_eq!(
        json.header("strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
}

#[test]
fn the_static_web_server_sends_the_same_policy() {
    let conf = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx/web.conf"),
    )
    .unwrap();
    let line = format!(
        "add_header Content-Security-Policy \"{}\" always;",
        api::http::security::CONTENT_SECURITY_POLICY
    );
    assert!(conf.contains(&line), "deploy/nginx/web.conf lacks {line}");
    for header in [
        "X-Content-Type-Options \"nosniff\"",
        "X-Frame-Options \"DENY\"",
        "Referrer-Policy \"same-origin\"",
    ] {
        assert!(
            conf.contains(header),
            "deploy/nginx/web.conf lacks {header}"
        );
    }
}
