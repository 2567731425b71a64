//! Test support: a fresh database per test on the backend chosen by
//! `TEST_DATABASE_URL` (unset: SQLite in a temporary folder; `postgres://…`: a new schema
//! in that database), the app in-process, the app over a real socket, and the `api`
//! binary as a child process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::http::StatusCode;
use actix_web::test;
use api::db::{Backend, DatabaseUrl};
use api::{AppState, Config};
use diesel::connection::SimpleConnection;
use diesel::Connection;
use serde_json::Value;
use sha2::Digest;

/// The backend tests run against.
pub fn backend() -> Backend {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// A database of its own for one test; removed when dropped.
pub struct TestDb {
    url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn new() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(base) if !base.trim().is_empty() => {
                let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = diesel::PgConnection::establish(&base)
                    .unwrap_or_else(|e| panic!("TEST_DATABASE_URL {base}: {e}"));
                conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .unwrap();
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
                TestDb {
                    url,
                    _dir: None,
                    pg: Some((base, schema)),
                }
            }
            _ => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb {
                    url,
                    _dir: Some(dir),
                    pg: None,
                }
            }
        }
    }

    /// The `DATABASE_URL` of this database.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn database_url(&self) -> DatabaseUrl {
        DatabaseUrl::parse(&self.url).unwrap()
    }

    /// A direct connection, for inspecting or tampering with rows.
    pub fn connect(&self) -> api::db::DbConnection {
        self.database_url()
            .connect(std::time::Duration::from_secs(5))
            .unwrap()
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.pg {
            if let Ok(mut conn) = diesel::PgConnection::establish(base) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// A migrated, seeded database and the state of an app over it.
pub struct TestApp {
    pub db: TestDb,
    pub state: AppState,
    /// Holds files the app writes (the bootstrap token).
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub fn new() -> TestApp {
        TestApp::with_config(|_| {})
    }

    /// Like [`TestApp::new`] with configuration changes.
    pub fn with_config(change: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDb::new();
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_database(db.database_url());
        config.db_pool_size = 4;
        config.bootstrap_token_file = dir.path().join("bootstrap-token");
        config.attachment_store =
            api::config::AttachmentStore::Local(dir.path().join("attachments"));
        change(&mut config);
        let state = api::prepare(config).expect("prepare app");
        TestApp { db, state, dir }
    }
}

impl Default for TestApp {
    fn default() -> Self {
        TestApp::new()
    }
}

/// Password of every user made by [`TestApp::add_user`].
pub const PASSWORD: &str = "Test-password-1";

/// A user made for a test, signed in.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub login: String,
    pub unit_id: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestUser {
    pub fn bearer(&self) -> (&'static str, String) {
        ("Authorization", format!("Bearer {}", self.access_token))
    }

    pub fn get(&self, uri: &str) -> TestRequest {
        TestRequest::get().uri(uri).insert_header(self.bearer())
    }

    pub fn post(&self, uri: &str, body: &Value) -> TestRequest {
        TestRequest::post()
            .uri(uri)
            .insert_header(self.bearer())
            .set_json(body)
    }

    /// PUT with `If-Match` naming `version`.
    pub fn put(&self, uri: &str, version: i64, body: &Value) -> TestRequest {
        TestRequest::put()
            .uri(uri)
            .insert_header(self.bearer())
            .insert_header(("If-Match", format!("\"{version}\"")))
            .set_json(body)
    }

    /// POST of a `multipart/form-data` body with one part `file`.
    pub fn upload(&self, uri: &str, file_name: &str, bytes: &[u8]) -> TestRequest {
        let (content_type, body) = multipart_file(file_name, "application/octet-stream", bytes);
        TestRequest::post()
            .uri(uri)
            .insert_header(self.bearer())
            .insert_header(("Content-Type", content_type))
            .set_payload(body)
    }

    /// PATCH with `If-Match` naming `version`.
    pub fn patch(&self, uri: &str, version: i64, body: &Value) -> TestRequest {
        TestRequest::patch()
            .uri(uri)
            .insert_header(self.bearer())
            .insert_header(("If-Match", format!("\"{version}\"")))
            .set_json(body)
    }
}

fn test_password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| api::auth::password::hash(PASSWORD).unwrap())
        .clone()
}

impl TestApp {
    /// Id of the unit with `code`.
    pub fn unit_id(&self, code: &str) -> String {
        use api::db::schema::units;
        use diesel::prelude::*;
        let mut conn = self.state.pool.get().unwrap();
        units::table
            .filter(units::code.eq(code))
            .select(units::id)
            .first(&mut *conn)
            .unwrap_or_else(|e| panic!("unit {code}: {e}"))
    }

    /// Adds a unit under the unit `parent` (a code); returns its id.
    pub fn add_unit(
        &self,
        code: &str,
        name: &str,
        kind: api_types::units::UnitKind,
        parent: &str,
    ) -> String {
        use diesel::prelude::*;
        let row = unit_row(code, name, kind, &self.unit_id(parent));
        let mut conn = self.state.pool.get().unwrap();
        diesel::insert_into(api::db::schema::units::table)
            .values(&row)
            .execute(&mut *conn)
            .unwrap();
        row.id
    }

    /// Adds a user with `roles` in the unit `unit` (a code), signed in.
    pub fn add_user(&self, login: &str, unit: &str, roles: &[api_types::Role]) -> TestUser {
        let unit_id = self.unit_id(unit);
        let mut conn = self.state.pool.get().unwrap();
        let row = api::resources::users::create_user(
            &mut conn,
            login,
            login,
            &unit_id,
            roles,
            test_password_hash(),
        )
        .unwrap();
        let (_, tokens) = api::resources::auth::sessions::start(
            &mut conn,
            &self.state.jwt,
            &self.state.config,
            &row.id,
            row.token_version,
            "127.0.0.1",
            None,
        )
        .unwrap();
        TestUser {
            id: row.id,
            login: row.login,
            unit_id,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
        }
    }

    /// A county bureau `XQ` with a brigade `XQ-1`, another county `YQ`, as many tests need.
    pub fn add_counties(&self) {
        use api_types::units::UnitKind;
        self.add_unit("XQ", "新区城管执法局", UnitKind::CountyBureau, "CITY");
        self.add_unit("XQ-1", "新区第一大队", UnitKind::Brigade, "XQ");
        self.add_unit("YQ", "老区城管执法局", UnitKind::CountyBureau, "CITY");
    }
}

/// A unit row (new id, active, version 1) under the unit with id `parent_id`, to insert
/// directly.
pub fn unit_row(
    code: &str,
    name: &str,
    kind: api_types::units::UnitKind,
    parent_id: &str,
) -> api::resources::units::UnitRow {
    let now = api::time::now();
    api::resources::units::UnitRow {
        id: api::time::new_id(),
        code: code.into(),
        name: name.into(),
        name_en: None,
        kind: kind.as_str().into(),
        parent_id: Some(parent_id.into()),
        active: true,
        sort_order: 100,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// A decoded response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Asserts the answer's status and returns its JSON body.
pub fn ok(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text());
    reply.json()
}

/// The rows of an export and its manifest, after checking the NDJSON framing and that
/// the manifest's hash and count describe exactly the bytes before it.
pub fn parse_export(reply: &Reply) -> (Vec<Value>, Value) {
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.content_type(), "application/x-ndjson");
    parse_export_body(&reply.text())
}

/// Like [`parse_export`], for a body read otherwise.
pub fn parse_export_body(text: &str) -> (Vec<Value>, Value) {
    assert!(text.ends_with('\n'), "an export ends with a newline");
    let body = text.trim_end_matches('\n');
    let (rows_text, manifest_text) = match body.rfind('\n') {
        Some(at) => (&text[..=at], &body[at + 1..]),
        None => ("", body),
    };
    let manifest: Value = serde_json::from_str(manifest_text).unwrap();
    let manifest = manifest
        .get("manifest")
        .unwrap_or_else(|| panic!("last line is not a manifest: {manifest_text}"))
        .clone();
    let rows = ndjson_lines(rows_text);
    assert_eq!(manifest["count"], rows.len() as u64);
    assert_eq!(
        manifest["sha256"],
        hex::encode(sha2::Sha256::digest(rows_text.as_bytes())),
        "the manifest's hash covers every byte before it"
    );
    (rows, manifest)
}

/// Each line of an NDJSON body, parsed.
pub fn ndjson_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The lines and manifest of `GET /api/v1/exports/{resource}` as `user` (`resource` may
/// carry a query string).
pub async fn export<S, B>(app: &S, user: &TestUser, resource: &str) -> (Vec<Value>, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    parse_export(&send(app, user.get(&format!("/api/v1/exports/{resource}"))).await)
}

/// The in-process API service of a test world (`$w.t` is its [`TestApp`]).
#[macro_export]
macro_rules! app {
    ($w:expr) => {
        ::actix_web::test::init_service(::api::app($w.t.state.clone())).await
    };
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    pub fn content_type(&self) -> String {
        self.header("content-type").unwrap_or_default()
    }

    /// Asserts a problem+json answer with `status` and `code`; returns the problem.
    pub fn assert_problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "expected {status} {code}, got {}: {}",
            self.status,
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "content type"
        );
        let problem = self.json();
        assert_eq!(problem["code"], code, "problem: {problem}");
        assert_eq!(problem["status"], status);
        assert!(problem["title"].is_string());
        assert!(problem["type"].as_str().unwrap().ends_with(code));
        problem
    }
}

/// Sends a request to an in-process app.
pub async fn send<S, B>(app: &S, req: test::TestRequest) -> Reply
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status();
    let headers = res.headers().clone();
    let body = test::read_body(res).await.to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub use actix_web::test::TestRequest;

/// The app served over a real socket on 127.0.0.1, stopped when dropped.
pub struct TestServer {
    pub base_url: String,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start(state: AppState) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = api::server(state, listener).unwrap();
                tx.send(server.handle()).unwrap();
                server.await.unwrap();
            })
        });
        let handle = rx.recv().unwrap();
        TestServer {
            base_url: format!("http://127.0.0.1:{port}"),
            handle,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let stopper = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(handle.stop(true));
        });
        let _ = stopper.join();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Root of the workspace.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The `api` binary of the profile the tests were built with, built on first use.
pub fn api_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let exe = std::env::current_exe().unwrap();
            // target/<profile>/deps/<test binary>
            let profile_dir = exe.parent().unwrap().parent().unwrap().to_path_buf();
            let release = profile_dir.file_name().is_some_and(|n| n == "release");
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let mut cmd = Command::new(cargo);
            cmd.args(["build", "-q", "-p", "api", "--bin", "api"])
                .current_dir(workspace_root());
            if release {
                cmd.arg("--release");
            }
            let status = cmd.status().expect("run cargo build");
            assert!(status.success(), "cargo build -p api failed");
            profile_dir.join("api")
        })
        .clone()
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `api` binary running as a child process, killed when dropped.
pub struct ApiProcess {
    pub child: std::process::Child,
    pub base_url: String,
}

impl ApiProcess {
    /// Starts `api serve` in `dir` on a free port with `env` (and no inherited
    /// `DATABASE_URL`), and waits until it listens.
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> ApiProcess {
        let port = free_port();
        let mut cmd = Command::new(api_binary());
        cmd.current_dir(dir)
            .env_remove("DATABASE_URL")
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("HTTP_WORKERS", "2")
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap();
        let mut process = ApiProcess {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = process.child.try_wait() {
                let mut err = String::new();
                std::io::Read::read_to_string(&mut process.child.stderr.take().unwrap(), &mut err)
                    .unwrap();
                panic!("api exited early with {status}: {err}");
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return process;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "api did not listen within 60 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Sends SIGTERM and waits for the exit; returns the exit code and everything the
    /// process wrote to stderr (its log).
    pub fn stop(mut self) -> (i32, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                std::io::Read::read_to_string(&mut self.child.stderr.take().unwrap(), &mut err)
                    .unwrap();
                return (status.code().unwrap_or(-1), err);
            }
            assert!(
                std::time::Instant::now() < deadline,
                "api did not exit within 30 s of SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for ApiProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Load generation and floors for the benchmarks.
pub mod bench;
/// Headless Chromium driving the built SPA (browser tests and screenshots).
pub mod browser;
pub mod seed;

/// A `multipart/form-data` body with one part `file` named `file_name` declared as
/// `declared_type` (which the server must not believe): the `Content-Type` and the body.
pub fn multipart_file(file_name: &str, declared_type: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = format!("----enforcement{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {declared_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A small but real PDF (its bytes differ with `text`).
pub fn sample_pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// A local S3-compatible server (moto in server mode, installed by `scripts/test.sh`),
/// killed when dropped. Each one has its own port and memory.
pub struct S3Server {
    child: std::process::Child,
    pub endpoint: String,
}

impl S3Server {
    /// Starts moto and creates `bucket` in it.
    pub async fn start(bucket: &str) -> S3Server {
        let port = free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("python3 is needed for the S3 tests");
        let mut server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                let mut err = String::new();
                std::io::Read::read_to_string(&mut server.child.stderr.take().unwrap(), &mut err)
                    .unwrap();
                panic!(
                    "moto exited with {status} (scripts/test.sh installs it: pip install 'moto[server]'): {err}"
                );
            }
            assert!(
                std::time::Instant::now() < deadline,
                "moto did not listen within 60 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let created = reqwest::Client::new()
            .put(format!("{}/{bucket}", server.endpoint))
            .send()
            .await
            .unwrap();
        assert!(
            created.status().is_success(),
            "create bucket: {}",
            created.status()
        );
        server
    }

    /// The object `key` of `bucket`, read straight from the server (with an S3 client
    /// of its own, signed with moto's test credentials).
    pub async fn object(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        use object_store::ObjectStore;
        let client = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region("us-east-1")
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_access_key_id("testing")
            .with_secret_access_key("testing")
            .build()
            .unwrap();
        match client.get(&object_store::path::Path::from(key)).await {
            Ok(found) => Some(found.bytes().await.unwrap().to_vec()),
            Err(object_store::Error::NotFound { .. }) => None,
            Err(err) => panic!("get {key}: {err}"),
        }
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The cells of the first sheet of an `.xlsx` workbook, as text (empty cells as "").
pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let name = book.sheet_names()[0].clone();
    book.worksheet_range(&name)
        .expect("its first sheet")
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}
