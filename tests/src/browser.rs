//! Browser support: Debian's headless Chromium driven through chromedriver (WebDriver)
//! with fantoccini, against the API serving the built SPA over a real socket. Used by
//! the browser tests (`tests/tests/browser`) and the screenshot example.

use std::future::Future;
use std::net::TcpStream;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::{json, Value};

use crate::{free_port, workspace_root};

/// Failure of a browser step.
pub type BrowserError = Box<dyn std::error::Error>;
pub type BrowserResult<T = ()> = Result<T, BrowserError>;

/// How long a step waits for the page to reach the expected state.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// The built SPA that the API serves (`web-ui/dist`). Panics, saying how to build it,
/// when it is missing.
pub fn spa_dist() -> PathBuf {
    let dist = workspace_root().join("web-ui/dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} is missing: build the SPA first with `web-ui/build.sh` \
         (scripts/test.sh and scripts/run.sh do it)",
        dist.join("index.html").display()
    );
    dist
}

fn executable(env: &str, default: &str, packages: &str) -> PathBuf {
    if let Ok(path) = std::env::var(env) {
        if !path.trim().is_empty() {
            assert!(
                Path::new(&path).is_file(),
                "{env}={path} does not exist: install Chromium and its driver with \
                 `apt-get install -y {packages}` or point {env} at them"
            );
            return PathBuf::from(path);
        }
    }
    let default = Path::new(default);
    if default.is_file() {
        return default.to_path_buf();
    }
    if let Some(name) = default.file_name() {
        if let Some(paths) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&paths) {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return candidate;
                }
            }
        }
    }
    panic!(
        "{} not found (set {env} to override): install it with \
         `apt-get install -y {packages}` (Debian packages chromium and chromium-driver)",
        default.display()
    )
}

/// chromedriver (`CHROMEDRIVER` or `/usr/bin/chromedriver`).
pub fn chromedriver_path() -> PathBuf {
    executable(
        "CHROMEDRIVER",
        "/usr/bin/chromedriver",
        "chromium chromium-driver",
    )
}

/// Chromium (`CHROMIUM` or `/usr/bin/chromium`).
pub fn chromium_path() -> PathBuf {
    executable("CHROMIUM", "/usr/bin/chromium", "chromium chromium-driver")
}

/// A headless Chromium session with its own chromedriver and a fresh profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and a 1280×900 headless Chromium.
    pub async fn start() -> BrowserResult<Browser> {
        Browser::start_with_size(1280, 900).await
    }

    pub async fn start_with_size(width: u32, height: u32) -> BrowserResult<Browser> {
        let driver_path = chromedriver_path();
        let chromium = chromium_path();
        let port = free_port();
        let mut driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver_path.display()))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                return Err("chromedriver did not start listening within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir()?;
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = match ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                return Err(format!("chromedriver could not start Chromium: {e}").into());
            }
        };
        Ok(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Ends the browser session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A page of the SPA under test: the browser client and the server's base URL, with
/// waiting helpers (every helper waits up to [`STEP_TIMEOUT`]).
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    pub base_url: String,
}

impl Page {
    pub async fn goto(&self, path: &str) -> BrowserResult {
        self.client
            .goto(&format!("{}{path}", self.base_url))
            .await?;
        Ok(())
    }

    /// The element matching `css`, once it exists.
    pub async fn find(&self, css: &str) -> BrowserResult<Element> {
        self.client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("no element `{css}` within {STEP_TIMEOUT:?}: {e}").into())
    }

    pub async fn exists(&self, css: &str) -> BrowserResult<bool> {
        Ok(!self.client.find_all(Locator::Css(css)).await?.is_empty())
    }

    pub async fn click(&self, css: &str) -> BrowserResult {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let element = self.find(css).await?;
            match element.click().await {
                Ok(()) => return Ok(()),
                // Re-rendered or covered for a moment (or by the sticky top bar, when
                // the browser scrolled it just under it): centre it and try again.
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    let _ = self
                        .client
                        .execute(
                            "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center'});",
                            vec![serde_json::json!(css)],
                        )
                        .await;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(format!("cannot click `{css}`: {e}").into()),
            }
        }
    }

    /// Replaces the value of the input `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) -> BrowserResult {
        let element = self.find(css).await?;
        element.clear().await?;
        element.send_keys(text).await?;
        Ok(())
    }

    pub async fn text(&self, css: &str) -> BrowserResult<String> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Waits until the text of `css` contains `needle`; returns the whole text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> BrowserResult<String> {
        let deadline = Instant::now() + STEP_TIMEOUT;
        let mut last = String::new();
        loop {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for element in elements {
                    if let Ok(text) = element.text().await {
                        if text.contains(needle) {
                            return Ok(text);
                        }
                        last = text;
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "`{css}` did not show {needle:?} within {STEP_TIMEOUT:?} (last text: {last:?})"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) -> BrowserResult {
        let deadline = Instant::now() + STEP_TIMEOUT;
        while self.exists(css).await? {
            if Instant::now() > deadline {
                return Err(format!("`{css}` still there after {STEP_TIMEOUT:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// The path (and query) of the current address.
    pub async fn path(&self) -> BrowserResult<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// Waits until the address is `path`.
    pub async fn wait_path(&self, path: &str) -> BrowserResult {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let current = self.path().await?;
            if current == path {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("address is {current}, expected {path}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs JavaScript (`return …`) in the page.
    pub async fn eval(&self, script: &str) -> BrowserResult<Value> {
        Ok(self.client.execute(script, Vec::new()).await?)
    }

    /// Records every file the page offers for download (the SPA fetches with its token
    /// and offers a blob through a link), so that a test can read what a user would get.
    pub async fn capture_downloads(&self) -> BrowserResult {
        self.eval(
            // The blob is kept when its URL is made: the page's CSP refuses fetch(blob:).
            "window.__downloads = [];
             const blobs = new Map();
             const make = URL.createObjectURL;
             URL.createObjectURL = function (blob) {
               const url = make.call(URL, blob);
               blobs.set(url, blob);
               return url;
             };
             const click = HTMLAnchorElement.prototype.click;
             HTMLAnchorElement.prototype.click = function () {
               const blob = blobs.get(this.href);
               if (this.download && blob) {
                 const entry = { name: this.download, bytes: null };
                 window.__downloads.push(entry);
                 blob.arrayBuffer().then(b => { entry.bytes = Array.from(new Uint8Array(b)); });
               }
               return click.call(this);
             };
             return true;",
        )
        .await?;
        Ok(())
    }

    /// The `index`th file offered since [`Page::capture_downloads`]: its name and bytes.
    pub async fn downloaded(&self, index: usize) -> BrowserResult<(String, Vec<u8>)> {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let entry = self
                .eval(&format!("const d = (window.__downloads || [])[{index}]; return d && d.bytes ? d : null;"))
                .await?;
            if let Some(bytes) = entry["bytes"].as_array() {
                let name = entry["name"].as_str().unwrap_or_default().to_string();
                let bytes = bytes
                    .iter()
                    .filter_map(|b| b.as_u64())
                    .map(|b| b as u8)
                    .collect();
                return Ok((name, bytes));
            }
            if Instant::now() > deadline {
                let offered = self
                    .eval("return (window.__downloads || []).map(d => d.name).join(', ') || String(window.__downloads);")
                    .await?;
                return Err(format!(
                    "no download #{index} within {STEP_TIMEOUT:?} (offered: {offered})"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `<html lang>`.
    pub async fn html_lang(&self) -> BrowserResult<String> {
        Ok(self
            .eval("return document.documentElement.lang")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub async fn local_storage(&self, key: &str) -> BrowserResult<Option<String>> {
        let value = self
            .client
            .execute(
                "return window.localStorage.getItem(arguments[0])",
                vec![json!(key)],
            )
            .await?;
        Ok(value.as_str().map(str::to_string))
    }

    pub async fn set_local_storage(&self, key: &str, value: &str) -> BrowserResult {
        self.client
            .execute(
                "window.localStorage.setItem(arguments[0], arguments[1])",
                vec![json!(key), json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Signs in through the sign-in page and waits for the signed-in shell.
    pub async fn sign_in(&self, login: &str, password: &str) -> BrowserResult {
        self.goto("/login").await?;
        self.fill("#login", login).await?;
        self.fill("#password", password).await?;
        self.click("#login-submit").await?;
        self.find("#user-name").await?;
        Ok(())
    }

    /// Saves a PNG of the window.
    pub async fn screenshot(&self, file: &Path) -> BrowserResult {
        let png = self.client.screenshot().await?;
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(file, png)?;
        Ok(())
    }
}

/// Where failing browser tests leave their screenshots (gitignored).
pub fn artifacts_dir() -> PathBuf {
    workspace_root().join("tests/artifacts")
}

/// Browser tests take turns: Chromium, the API and the SPA share two cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Runs `body` in a fresh browser against the server at `base_url`. On failure (an
/// error or a panic) saves a screenshot to `tests/artifacts/<name>.png`, closes the
/// browser, and panics with the step's message.
pub async fn run<F, Fut>(name: &str, base_url: &str, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = BrowserResult>,
{
    spa_dist();
    let _turn = ONE_AT_A_TIME.lock().await;
    let browser = match Browser::start().await {
        Ok(b) => b,
        Err(e) => panic!("{name}: cannot start the browser: {e}"),
    };
    let page = Page {
        client: browser.client.clone(),
        base_url: base_url.to_string(),
    };
    let outcome = AssertUnwindSafe(body(page.clone())).catch_unwind().await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(panic) => Some(panic_text(panic)),
    };
    let mut note = String::new();
    if failure.is_some() {
        let file = artifacts_dir().join(format!("{name}.png"));
        note = match page.screenshot(&file).await {
            Ok(()) => format!(" (screenshot: {})", file.display()),
            Err(e) => format!(" (no screenshot: {e})"),
        };
        if let Ok(path) = page.path().await {
            note.push_str(&format!(" at {path}"));
        }
    }
    browser.close().await;
    if let Some(message) = failure {
        panic!("{name}: {message}{note}");
    }
}
