//! Screenshots of the SPA for the documentation, taken in headless Chromium with the
//! same machinery as the browser tests:
//!
//! ```sh
//! scripts/screenshots.sh            # builds the SPA, then runs this example
//! cargo run -p enforcement-tests --example screenshots -- [output folder]
//! ```
//!
//! Writes `login-zh.png`, `login-en.png`, `dashboard-zh.png`, `dashboard-en.png` and
//! `units-zh.png` (default folder: `docs/screenshots`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use api_types::units::UnitKind;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::browser::{spa_dist, Browser, BrowserResult, Page};
use enforcement_tests::{workspace_root, TestApp, TestServer, PASSWORD};

async fn settle(page: &Page) -> BrowserResult {
    // Web fonts and the last layout pass before the picture.
    page.client
        .execute_async(
            "const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(true));",
            Vec::new(),
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(())
}

async fn shoot(page: &Page, out: &std::path::Path, name: &str) -> BrowserResult {
    settle(page).await?;
    let file = out.join(name);
    page.screenshot(&file).await?;
    println!("wrote {}", file.display());
    Ok(())
}

async fn take(page: &Page, out: &std::path::Path) -> BrowserResult {
    page.goto("/login").await?;
    page.wait_text("#login-title", "用户登录").await?;
    shoot(page, out, "login-zh.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("#login-title", "Sign in").await?;
    shoot(page, out, "login-en.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("#login-title", "用户登录").await?;

    page.sign_in("zhang.wei", PASSWORD).await?;
    page.find("#units-by-kind svg rect").await?;
    shoot(page, out, "dashboard-zh.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "Dashboard").await?;
    shoot(page, out, "dashboard-en.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "工作台").await?;

    page.click("#sidenav a[href='/units']").await?;
    page.wait_text("#units-table tbody", "CITY").await?;
    page.click("li[data-code='XQ'] > .tree-row .tree-toggle")
        .await?;
    shoot(page, out, "units-zh.png").await?;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("docs/screenshots"));
    std::fs::create_dir_all(&out).expect("create the output folder");

    let dist = spa_dist();
    let app = TestApp::with_config(move |c| c.web_dist_dir = dist);
    app.add_counties();
    app.add_unit("XQ-2", "新区第二大队", UnitKind::Brigade, "XQ");
    app.add_unit("YQ-1", "老区第一大队", UnitKind::Brigade, "YQ");
    app.add_unit("YQ-2", "老区第二大队", UnitKind::Brigade, "YQ");
    let user = app.add_user("zhang.wei", "CITY", &[Role::Bureau]);
    {
        use api::db::schema::users;
        let mut conn = app.state.pool.get().unwrap();
        diesel::update(users::table.filter(users::id.eq(&user.id)))
            .set(users::name.eq("张伟"))
            .execute(&mut *conn)
            .unwrap();
    }
    let server = TestServer::start(app.state.clone());

    let browser = Browser::start().await.expect("start the browser");
    let page = Page {
        client: browser.client.clone(),
        base_url: server.base_url.clone(),
    };
    let result = take(&page, &out).await;
    if result.is_err() {
        let _ = page.screenshot(&out.join("failed.png")).await;
    }
    browser.close().await;
    drop(server);
    if let Err(e) = result {
        eprintln!("screenshots failed: {e}");
        std::process::exit(1);
    }
}
