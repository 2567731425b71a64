//! The `api` binary as operators run it: configuration, start-up, persistence across
//! restarts, subcommands and graceful shutdown on SIGTERM.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use enforcement_tests::{api_binary, backend, workspace_root, ApiProcess, TestDb};

async fn get_json(url: &str, token: Option<&str>) -> (u16, serde_json::Value) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn post_json(url: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

#[actix_web::test]
async fn starts_with_defaults_serves_and_keeps_data_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    // SQLite: no DATABASE_URL at all, the default file under ./data is created.
    let pg = TestDb::new();
    let url = match backend() {
        api::db::Backend::Sqlite => None,
        api::db::Backend::Postgres => Some(pg.url().to_string()),
    };
    let env: Vec<(&str, &str)> = url
        .as_deref()
        .map(|u| vec![("DATABASE_URL", u)])
        .unwrap_or_default();

    let first = ApiProcess::start(dir.path(), &env);
    let (status, health) = get_json(&format!("{}/api/v1/health", first.base_url), None).await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));

    // First run: no users, a one-time bootstrap token in data/bootstrap-token (0600).
    let token_file = dir.path().join("data/bootstrap-token");
    let token = std::fs::read_to_string(&token_file)
        .unwrap()
        .trim()
        .to_string();
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the bootstrap token file must be private");
    }
    let admin =
        serde_json::json!({"login": "chief", "name": "系统管理员", "password": "Chief-password-1"});
    let mut wrong = admin.clone();
    wrong["bootstrap_token"] = "bt_wrong-token-value".into();
    assert_eq!(
        post_json(&format!("{}/api/v1/auth/bootstrap", first.base_url), wrong)
            .await
            .0,
        401
    );
    let mut right = admin.clone();
    right["bootstrap_token"] = token.clone().into();
    let (status, tokens) = post_json(
        &format!("{}/api/v1/auth/bootstrap", first.base_url),
        right.clone(),
    )
    .await;
    assert_eq!(status, 201, "{tokens}");
    assert!(!token_file.exists(), "the token file is removed once used");
    assert_eq!(
        post_json(&format!("{}/api/v1/auth/bootstrap", first.base_url), right)
            .await
            .0,
        409
    );
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let (_, units_before) = get_json(
        &format!("{}/api/v1/units?per_page=200", first.base_url),
        Some(&access),
    )
    .await;
    assert_eq!(units_before["total"], 10);
    let (code, log) = first.stop();
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("shutdown complete"), "{log}");
    // One line per request: method, path, status, latency, request id.
    let line = log
        .lines()
        .find(|l| l.contains("api::request") && l.contains("GET /api/v1/health 200"))
        .unwrap_or_else(|| panic!("no request line in {log}"));
    let tail = line.split("GET /api/v1/health 200 ").nth(1).unwrap();
    assert!(tail.contains("ms rid="), "{line}");
    assert!(
        !log.contains("Chief-password-1"),
        "the log holds a password"
    );
    if url.is_none() {
        assert!(dir.path().join("data/enforcement.db").is_file());
    }

    let second = ApiProcess::start(dir.path(), &env);
    assert!(
        !token_file.exists(),
        "no bootstrap once an administrator exists"
    );
    let (status, tokens) = post_json(
        &format!("{}/api/v1/auth/login", second.base_url),
        serde_json::json!({"login": "chief", "password": "Chief-password-1"}),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let (_, units_after) = get_json(
        &format!("{}/api/v1/units?per_page=200", second.base_url),
        Some(&access),
    )
    .await;
    assert_eq!(
        units_before["items"], units_after["items"],
        "same rows after a restart"
    );
    assert_eq!(second.stop().0, 0);
}

#[test]
fn invalid_configuration_stops_start_up_with_one_line_naming_the_variable() {
    for (var, value) in [
        ("DB_POOL_SIZE", "zero"),
        ("BIND_ADDR", "here"),
        ("DATABASE_URL", "mysql://db"),
    ] {
        let out = Command::new(api_binary()).env(var, value).output().unwrap();
        assert_ne!(out.status.code(), Some(0), "{var}={value} must fail");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line expected: {stderr}");
        assert!(lines[0].contains(var), "{stderr}");
    }
}

#[test]
fn migrate_and_openapi_subcommands() {
    let db = TestDb::new();
    let out = Command::new(api_binary())
        .arg("migrate")
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied "));
    let again = Command::new(api_binary())
        .arg("migrate")
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        "nothing to do"
    );

    let out = Command::new(api_binary()).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string(workspace_root().join("openapi.yaml")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == committed,
        "`api openapi` differs from openapi.yaml"
    );

    let bad = Command::new(api_binary())
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn in_flight_request_finishes_after_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    let api = ApiProcess::start(
        dir.path(),
        &[("DATABASE_URL", db.url()), ("SHUTDOWN_TIMEOUT_SECS", "20")],
    );
    let port: u16 = api.base_url.rsplit(':').next().unwrap().parse().unwrap();
    // A sign-in whose body is still arriving when the signal comes: the server must
    // read it, answer it, and only then exit.
    let body = br#"{"login":"nobody.at.all","password":"Some-password-1"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let stopping = std::thread::spawn(move || api.stop());
    std::thread::sleep(Duration::from_millis(700));
    stream.write_all(&body[10..]).unwrap();
    let mut response = String::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 401"), "{response}");
    assert!(response.contains("application/problem+json"), "{response}");
    let (code, log) = stopping.join().unwrap();
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("shutdown complete"), "{log}");
    // No new connections are accepted once stopped.
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}
