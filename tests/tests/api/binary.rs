//! The `api` binary as operators run it: configuration, start-up, persistence across
//! restarts, subcommands and graceful shutdown on SIGTERM.

use std::io::Read;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use enforcement_tests::{api_binary, backend, free_port, workspace_root, TestDb};

struct Running {
    child: Child,
    base: String,
}

fn start(dir: &Path, database_url: Option<&str>, port: u16) -> Running {
    let mut cmd = Command::new(api_binary());
    cmd.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("HTTP_WORKERS", "2")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    let child = cmd.spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut running = Running { child, base };
    loop {
        if let Ok(Some(status)) = running.child.try_wait() {
            let mut err = String::new();
            running
                .child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("api exited early with {status}: {err}");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return running;
        }
        assert!(Instant::now() < deadline, "api did not listen within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn sigterm(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_exit(mut running: Running) -> (i32, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            let mut err = String::new();
            running
                .child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        assert!(
            Instant::now() < deadline,
            "api did not exit within 30 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

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
    let port = free_port();

    let first = start(dir.path(), url.as_deref(), port);
    let (status, health) = get_json(&format!("{}/api/v1/health", first.base), None).await;
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
        post_json(&format!("{}/api/v1/auth/bootstrap", first.base), wrong)
            .await
            .0,
        401
    );
    let mut right = admin.clone();
    right["bootstrap_token"] = token.clone().into();
    let (status, tokens) = post_json(
        &format!("{}/api/v1/auth/bootstrap", first.base),
        right.clone(),
    )
    .await;
    assert_eq!(status, 201, "{tokens}");
    assert!(!token_file.exists(), "the token file is removed once used");
    assert_eq!(
        post_json(&format!("{}/api/v1/auth/bootstrap", first.base), right)
            .await
            .0,
        409
    );
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let (_, units_before) = get_json(
        &format!("{}/api/v1/units?per_page=200", first.base),
        Some(&access),
    )
    .await;
    assert_eq!(units_before["total"], 10);
    sigterm(&first.child);
    let (code, log) = wait_exit(first);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("shutdown complete"), "{log}");
    if url.is_none() {
        assert!(dir.path().join("data/enforcement.db").is_file());
    }

    let second = start(dir.path(), url.as_deref(), port);
    assert!(
        !token_file.exists(),
        "no bootstrap once an administrator exists"
    );
    let (status, tokens) = post_json(
        &format!("{}/api/v1/auth/login", second.base),
        serde_json::json!({"login": "chief", "password": "Chief-password-1"}),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let (_, units_after) = get_json(
        &format!("{}/api/v1/units?per_page=200", second.base),
        Some(&access),
    )
    .await;
    assert_eq!(
        units_before["items"], units_after["items"],
        "same rows after a restart"
    );
    sigterm(&second.child);
    assert_eq!(wait_exit(second).0, 0);
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
