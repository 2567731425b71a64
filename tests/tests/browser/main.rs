//! Browser end-to-end tests: the built SPA (`web-ui/dist`, made by `web-ui/build.sh`)
//! served by the API over a real socket, driven in Debian's headless Chromium through
//! chromedriver. A failing step leaves a screenshot in `tests/artifacts/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::browser::{run, spa_dist, Page};
use enforcement_tests::{TestApp, TestServer, PASSWORD};

/// Escape, as WebDriver sends it.
const ESCAPE: &str = "\u{e00c}";
const ACCESS_KEY: &str = "enforcement.access_token";
const REFRESH_KEY: &str = "enforcement.refresh_token";

/// A fresh database and the API serving the built SPA on a free port.
fn serve_with(change: impl FnOnce(&mut api::Config)) -> (TestApp, TestServer) {
    let dist = spa_dist();
    let app = TestApp::with_config(move |c| {
        c.web_dist_dir = dist;
        change(c);
    });
    let server = TestServer::start(app.state.clone());
    (app, server)
}

fn serve() -> (TestApp, TestServer) {
    serve_with(|_| {})
}

fn unit_count(app: &TestApp, kind: Option<&str>) -> i64 {
    use api::db::schema::units;
    let mut conn = app.state.pool.get().unwrap();
    let mut query = units::table.into_boxed();
    if let Some(kind) = kind {
        query = query.filter(units::kind.eq(kind));
    }
    query.count().get_result(&mut *conn).unwrap()
}

fn audit_count(app: &TestApp, action: &str) -> i64 {
    use api::db::schema::audit_events;
    let mut conn = app.state.pool.get().unwrap();
    audit_events::table
        .filter(audit_events::action.eq(action))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

async fn sign_in_through_form(
    page: &Page,
    login: &str,
    password: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    page.fill("#login", login).await?;
    page.fill("#password", password).await?;
    page.click("#login-submit").await
}

#[tokio::test]
async fn signing_in_shows_the_dashboard_with_name_unit_and_roles() {
    let (app, server) = serve();
    app.add_user("wang.li", "CITY", &[Role::Admin]);
    run("sign_in", &server.base_url, |page| async move {
        page.goto("/").await?;
        page.wait_path("/login").await?;
        assert_eq!(page.html_lang().await?, "zh-CN");
        sign_in_through_form(&page, "wang.li", PASSWORD).await?;
        page.wait_text("#user-name", "wang.li").await?;
        page.wait_path("/").await?;
        page.wait_text("#user-unit", "市城管执法局").await?;
        page.wait_text("#user-roles", "系统管理员").await?;
        page.wait_text("#greeting", "wang.li").await?;
        page.wait_text("#dashboard-unit", "市城管执法局").await?;
        // The administrator's dashboard: accounts by role.
        page.find("#users-by-role svg rect").await?;
        // Navigation by capability; an administrator has no audit page.
        let nav = page.wait_text("#sidenav", "工作任务与督办").await?;
        for name in [
            "执法统计",
            "培训与活动",
            "以案释法",
            "学法考试",
            "裁量基准",
            "处罚公开",
            "权责清单",
            "考评",
            "示范创建",
            "组织机构",
        ] {
            assert!(nav.contains(name), "navigation lacks {name}: {nav}");
        }
        assert!(
            !nav.contains("审计"),
            "an administrator sees the audit page: {nav}"
        );
        // Every capability is built: no entry is marked 建设中.
        assert!(
            !nav.contains("建设中"),
            "a capability still under construction: {nav}"
        );
        // Tokens are kept for reloads.
        assert!(page.local_storage(ACCESS_KEY).await?.is_some());
        assert!(page.local_storage(REFRESH_KEY).await?.is_some());
        page.client.refresh().await?;
        page.wait_text("#user-name", "wang.li").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_shows_the_error_on_the_login_page() {
    let (app, server) = serve();
    app.add_user("zhao.min", "CITY", &[Role::Officer]);
    run("wrong_password", &server.base_url, |page| async move {
        page.goto("/login").await?;
        // Empty fields are flagged next to the inputs, without asking the server.
        page.click("#login-submit").await?;
        page.wait_text("#login-error", "必填").await?;
        page.wait_text("#password-error", "必填").await?;
        assert_eq!(
            page.find("#login")
                .await?
                .attr("aria-invalid")
                .await?
                .as_deref(),
            Some("true")
        );

        sign_in_through_form(&page, "zhao.min", "not-the-password-1").await?;
        page.wait_text("#login-alert", "账号或密码错误").await?;
        assert_eq!(page.path().await?, "/login");
        assert!(page.local_storage(ACCESS_KEY).await?.is_none());

        // Repeated failures are throttled: the wait from Retry-After is shown.
        let mut throttled = String::new();
        for _ in 0..8 {
            page.click("#login-submit").await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let text = page.text("#login-alert").await.unwrap_or_default();
            if text.contains("尝试次数过多") {
                throttled = text;
                break;
            }
        }
        assert!(
            throttled.contains("秒后重试"),
            "no throttling message: {throttled:?}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_persists_across_reloads() {
    let (app, server) = serve();
    app.add_user("li.na", "CITY", &[Role::Admin]);
    run("language", &server.base_url, |page| async move {
        page.sign_in("li.na", PASSWORD).await?;
        page.wait_text("#sidenav", "工作任务与督办").await?;

        page.click("#lang-switch").await?;
        page.wait_text("#sidenav", "Tasks & supervision").await?;
        page.wait_text("#lang-switch", "中文").await?;
        page.wait_text(
            "#user-unit",
            "Municipal Urban Management Law Enforcement Bureau",
        )
        .await?;
        page.wait_text("h1", "Dashboard").await?;
        assert_eq!(page.html_lang().await?, "en");
        assert_eq!(
            page.local_storage("enforcement.lang").await?.as_deref(),
            Some("en")
        );

        page.client.refresh().await?;
        page.wait_text("#sidenav", "Tasks & supervision").await?;
        assert_eq!(page.html_lang().await?, "en");

        // The sign-in page follows the choice too.
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text("#login-title", "Sign in").await?;

        page.click("#lang-switch").await?;
        page.wait_text("#login-title", "用户登录").await?;
        assert_eq!(page.html_lang().await?, "zh-CN");
        page.client.refresh().await?;
        page.wait_text("#login-title", "用户登录").await?;
        assert_eq!(
            page.local_storage("enforcement.lang").await?.as_deref(),
            Some("zh")
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn signing_out_returns_to_the_login_page() {
    let (app, server) = serve();
    app.add_user("chen.gang", "CITY", &[Role::Admin]);
    run("sign_out", &server.base_url, |page| async move {
        page.sign_in("chen.gang", PASSWORD).await?;

        // The confirm dialog takes the focus; Escape cancels it.
        page.click("#logout").await?;
        page.find("#confirm-dialog").await?;
        page.client
            .active_element()
            .await?
            .send_keys(ESCAPE)
            .await?;
        page.wait_gone("#confirm-dialog").await?;
        page.find("#user-name").await?;

        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;
        page.wait_text("#login-notice", "您已安全退出").await?;
        assert!(page.local_storage(ACCESS_KEY).await?.is_none());
        assert!(page.local_storage(REFRESH_KEY).await?.is_none());

        // Signed out for good: a protected page sends back to the sign-in page.
        page.goto("/units").await?;
        page.wait_path("/login").await?;
        Ok(())
    })
    .await;
    assert_eq!(
        audit_count(&app, "logout"),
        1,
        "the session ended on the server"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_renewed_once_and_a_dead_session_goes_to_login() {
    let (app, server) = serve();
    app.add_user("sun.hao", "CITY", &[Role::Admin]);
    let base = server.base_url.clone();
    let before = audit_count(&app, "refresh");
    run("session_expiry", &base, |page| async move {
        page.sign_in("sun.hao", PASSWORD).await?;
        page.find("#users-by-role svg rect").await?;
        let refresh_before = page.local_storage(REFRESH_KEY).await?;

        // The access token stops working; the units page then makes two calls at once
        // (tree and list), both refused, and must renew the tokens only once.
        page.set_local_storage(ACCESS_KEY, "expired-or-garbage")
            .await?;
        page.click("#sidenav a[href='/units']").await?;
        page.wait_text("#unit-tree", "市城管执法局").await?;
        page.wait_text("#units-table tbody", "CITY").await?;
        let refresh_after = page.local_storage(REFRESH_KEY).await?;
        assert!(refresh_after.is_some());
        assert_ne!(refresh_before, refresh_after, "the refresh token rotates");
        page.click("#sidenav a[href='/']").await?;
        page.find("#users-by-role svg rect").await?;
        page.find("#user-name").await?;

        // Now the refresh token is dead too: back to the sign-in page, told why.
        page.set_local_storage(ACCESS_KEY, "expired-or-garbage")
            .await?;
        page.set_local_storage(REFRESH_KEY, "rt_unknown").await?;
        page.click("#sidenav a[href='/units']").await?;
        page.wait_path("/login").await?;
        page.wait_text("#login-notice", "登录已过期").await?;
        assert!(page.local_storage(ACCESS_KEY).await?.is_none());

        // Signing in again returns to the page that needed the session.
        sign_in_through_form(&page, "sun.hao", PASSWORD).await?;
        page.wait_path("/units").await?;
        page.wait_text("#unit-tree", "市城管执法局").await?;
        Ok(())
    })
    .await;
    assert_eq!(
        audit_count(&app, "refresh") - before,
        1,
        "exactly one renewal for the two refused calls"
    );
    assert_eq!(
        audit_count(&app, "revoke"),
        0,
        "no refresh token was reused"
    );
}

#[tokio::test]
async fn the_units_page_shows_the_tree_and_a_sortable_filtered_paginated_list() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("zhou.jie", "CITY", &[Role::Bureau]);
    let counties = format!("共 {} 条", unit_count(&app, Some("county_bureau")));
    let all = unit_count(&app, None);
    assert!(
        (11..=20).contains(&all),
        "{all} units: adjust the paging steps"
    );
    run("units", &server.base_url, |page| async move {
        page.sign_in("zhou.jie", PASSWORD).await?;
        page.click("#sidenav a[href='/units']").await?;
        page.wait_text("h1", "组织机构").await?;

        // Tree: counties collapsed until opened.
        let tree = page.wait_text("#unit-tree", "新区城管执法局").await?;
        assert!(!tree.contains("新区第一大队"), "{tree}");
        page.click("li[data-code='XQ'] > .tree-row .tree-toggle")
            .await?;
        page.wait_text("#unit-tree", "新区第一大队").await?;

        // List: sorting by code, descending on the second click.
        page.wait_text("#units-table tbody", "CITY").await?;
        page.click("#units-table button[data-sort='code']").await?;
        page.wait_text("#units-table tbody tr:first-child td:first-child", "CITY")
            .await?;
        page.click("#units-table button[data-sort='code']").await?;
        page.wait_text("#units-table tbody tr:first-child td:first-child", "YQ")
            .await?;
        let sorted = page.text("#units-table th[aria-sort='descending']").await?;
        assert!(sorted.contains("代码"), "{sorted}");

        // Filters: kind, then keyword.
        page.find("#filter-kind")
            .await?
            .select_by_value("county_bureau")
            .await?;
        page.click("#filter-search").await?;
        page.wait_text("#units-table .pagination-total", &counties)
            .await?;
        page.find("#filter-kind").await?.select_by_value("").await?;
        page.fill("#filter-q", "新区").await?;
        page.click("#filter-search").await?;
        page.wait_text("#units-table .pagination-total", "共 2 条")
            .await?;
        let body = page.text("#units-table tbody").await?;
        assert!(body.contains("XQ-1") && !body.contains("YQ"), "{body}");

        // Pagination: 10 a page over all units.
        page.click("#units-table .filter-buttons button[type='button']")
            .await?;
        page.wait_text("#units-table .pagination-total", &format!("共 {all} 条"))
            .await?;
        page.find("#units-table-page-size")
            .await?
            .select_by_value("10")
            .await?;
        page.wait_text("#units-table .pagination-page", "第 1 / 2 页")
            .await?;
        page.click("#units-table .pagination-buttons button:nth-of-type(3)")
            .await?;
        page.wait_text("#units-table .pagination-page", "第 2 / 2 页")
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn auditors_list_audit_events_and_verify_the_chain() {
    let (app, server) = serve();
    app.add_user("audit.wu", "CITY", &[Role::Auditor]);
    run("audit", &server.base_url, |page| async move {
        page.sign_in("audit.wu", PASSWORD).await?;
        page.wait_text("#sidenav", "审计").await?;
        page.click("#sidenav a[href='/audit']").await?;
        // Actions and resource kinds are shown by their Chinese names.
        page.wait_text("#audit-table tbody", "登录").await?;
        page.click("#audit-verify").await?;
        page.wait_text("#verify-result", "校验通过").await?;
        // Filter by action and resource kind, chosen from the server's vocabulary.
        page.find("#filter-action")
            .await?
            .select_by_value("seed")
            .await?;
        page.find("#filter-resource-type")
            .await?
            .select_by_value("working_calendar")
            .await?;
        page.click("#audit-table .filter-buttons button[type='submit']")
            .await?;
        // The five shipped calendar years (2022–2026), and nothing else.
        page.wait_text("#audit-table .pagination-total", "共 5 条")
            .await?;
        page.wait_text("#audit-table tbody", "工作日历").await?;
        page.find("#filter-action")
            .await?
            .select_by_value("reset_password")
            .await?;
        page.click("#audit-table .filter-buttons button[type='submit']")
            .await?;
        page.wait_text("#audit-table tbody", "暂无数据").await?;

        // Export: a reversed date range is refused in the form; a valid one downloads
        // the accounts and shows the manifest's count.
        page.find("#export-resource")
            .await?
            .select_by_value("users")
            .await?;
        set_input(&page, "#export-from", "2026-03-02").await?;
        set_input(&page, "#export-to", "2026-03-01").await?;
        page.wait_text("#export-panel", "截止日期不能早于起始日期")
            .await?;
        set_input(&page, "#export-from", "").await?;
        set_input(&page, "#export-to", "").await?;
        page.click("#audit-table .filter-buttons button[type='button']")
            .await?;
        page.wait_text("#audit-table tbody", "登录").await?;
        page.click("#export-download").await?;
        page.wait_text("#export-result", "已导出 1 条记录").await?;
        // The list reloads and shows the export's own audit event.
        page.wait_text("#audit-table tbody", "导出").await?;
        Ok(())
    })
    .await;
    assert_eq!(
        audit_count(&app, "export"),
        1,
        "the export is in the audit trail"
    );
}

#[tokio::test]
async fn deep_links_survive_sign_in_and_unknown_pages_show_404() {
    let (app, server) = serve();
    // The city bureau reads the demonstration rounds (demonstration.read).
    app.add_user("he.ping", "CITY", &[Role::Bureau]);
    run("deep_links", &server.base_url, |page| async move {
        page.goto("/demonstration").await?;
        page.wait_path("/login").await?;
        sign_in_through_form(&page, "he.ping", PASSWORD).await?;
        page.wait_path("/demonstration").await?;
        page.wait_text("h1", "示范创建").await?;
        // The page itself, not a placeholder or a refusal.
        page.wait_text("#rounds-title", "创建轮次").await?;
        assert!(!page.exists("#coming-soon").await?);

        page.goto("/no/such/page").await?;
        page.wait_text("h1", "页面不存在").await?;
        page.click("#not-found a").await?;
        page.wait_path("/").await?;

        // A record address that names nothing (malformed or unknown id) says so, not a
        // form error.
        page.goto("/tasks/not-a-task").await?;
        page.wait_text("#not-found", "404").await?;
        page.goto("/tasks/00000000-0000-7000-8000-000000000000")
            .await?;
        page.wait_text("#not-found", "404").await?;
        Ok(())
    })
    .await;
}

const BOOTSTRAP_TOKEN: &str = "bt_browser-test-bootstrap-token";

#[tokio::test]
async fn the_setup_page_creates_the_first_administrator_once() {
    let (_app, server) = serve_with(|c| c.bootstrap_token = Some(BOOTSTRAP_TOKEN.into()));
    run("setup", &server.base_url, |page| async move {
        page.goto("/login").await?;
        page.click("a[href='/setup']").await?;
        page.wait_path("/setup").await?;

        // The shared validation rules flag the fields before anything is sent.
        page.fill("#bootstrap_token", BOOTSTRAP_TOKEN).await?;
        page.fill("#login", "Admin!").await?;
        page.fill("#name", "系统管理员甲").await?;
        page.fill("#password", "short1").await?;
        page.fill("#password_confirm", "short2").await?;
        page.click("#setup-submit").await?;
        page.wait_text("#login-error", "小写字母").await?;
        page.wait_text("#password-error", "10–128").await?;
        page.wait_text("#password_confirm-error", "不一致").await?;

        page.fill("#login", "admin").await?;
        page.fill("#password", "Setup-password-2026").await?;
        page.fill("#password_confirm", "Setup-password-2026")
            .await?;
        page.click("#setup-submit").await?;
        page.wait_text("#user-name", "系统管理员甲").await?;
        page.wait_path("/").await?;

        // Once there is a user, setup is closed (409).
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;
        // The sign-in page no longer offers the first-run page (asked again on load).
        page.goto("/login").await?;
        page.wait_text("#public-links", "").await?;
        let open = page
            .eval("return fetch('/api/v1/auth/bootstrap').then(r => r.json()).then(b => b.open)")
            .await?;
        assert_eq!(open, serde_json::json!(false));
        assert!(!page.exists("#first-run").await?);
        page.goto("/setup").await?;
        page.fill("#bootstrap_token", BOOTSTRAP_TOKEN).await?;
        page.fill("#login", "second").await?;
        page.fill("#name", "乙").await?;
        page.fill("#password", "Setup-password-2027").await?;
        page.fill("#password_confirm", "Setup-password-2027")
            .await?;
        page.click("#setup-submit").await?;
        page.wait_text("#setup-error", "系统已完成初始化").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_shell_works_at_tablet_width() {
    let (app, server) = serve();
    app.add_user("tablet.user", "CITY", &[Role::Admin]);
    run("tablet", &server.base_url, |page| async move {
        page.client.set_window_size(820, 1180).await?;
        page.sign_in("tablet.user", PASSWORD).await?;
        // The navigation is a drawer behind the menu button.
        assert!(!page.find("#sidenav").await?.is_displayed().await?);
        let toggle = page.find(".menu-toggle").await?;
        assert_eq!(
            toggle.attr("aria-expanded").await?.as_deref(),
            Some("false")
        );
        toggle.click().await?;
        page.wait_text("#sidenav", "组织机构").await?;
        page.click("#sidenav a[href='/units']").await?;
        page.wait_text("h1", "组织机构").await?;
        // Choosing a page closes the drawer; nothing overflows the window.
        assert_eq!(
            page.find(".menu-toggle")
                .await?
                .attr("aria-expanded")
                .await?
                .as_deref(),
            Some("false")
        );
        let overflow = page
            .eval("return document.documentElement.scrollWidth > window.innerWidth")
            .await?;
        assert_eq!(
            overflow,
            serde_json::json!(false),
            "horizontal overflow at 820 px"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_shared_components_work_in_the_browser() {
    let (app, server) = serve();
    app.add_user("kit.user", "CITY", &[Role::Admin]);
    run("components", &server.base_url, |page| async move {
        page.sign_in("kit.user", PASSWORD).await?;
        page.goto("/ui-kit").await?;
        page.wait_text("h1", "界面组件").await?;

        // Confirm dialog: keyboard focus inside, confirm counts.
        page.click("#kit-open-dialog").await?;
        page.find("#confirm-dialog").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text("#kit-confirmed", "1").await?;
        // Toast.
        page.click("#kit-toast").await?;
        page.wait_text(".toasts", "操作成功").await?;
        // Period pickers: month 2022-05 and quarter 2022-Q2, then changed.
        page.wait_text("#kit-period-value", "2022-05 / 2022-Q2")
            .await?;
        page.find("#kit-month-part")
            .await?
            .select_by_value("11")
            .await?;
        page.find("#kit-quarter-year")
            .await?
            .select_by_value("2024")
            .await?;
        page.wait_text("#kit-period-value", "2022-11 / 2024-Q2")
            .await?;
        // Inline validation with the shared rule for codes.
        page.fill("#kit-code", "bad code").await?;
        page.click("#kit-check").await?;
        page.wait_text("#kit-code-error", "大写字母").await?;
        // Charts are SVG.
        assert_eq!(
            page.client
                .find_all(fantoccini::Locator::Css("#kit-line polyline"))
                .await?
                .len(),
            2
        );
        assert_eq!(
            page.client
                .find_all(fantoccini::Locator::Css("#kit-bar rect"))
                .await?
                .len(),
            6
        );
        Ok(())
    })
    .await;
}

/// Signs out through the header and waits for the sign-in page.
async fn sign_out(page: &Page) -> Result<(), Box<dyn std::error::Error>> {
    page.click("#logout").await?;
    page.click("#confirm-dialog-ok").await?;
    page.wait_path("/login").await
}

/// The value of the first option of the select `css` whose text contains `text`, once
/// there is one (options often arrive with a later request).
async fn option_value(
    page: &Page,
    css: &str,
    text: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let deadline = std::time::Instant::now() + enforcement_tests::browser::STEP_TIMEOUT;
    loop {
        let value = page
            .client
            .execute(
                "const s = document.querySelector(arguments[0]);
                 if (!s) return null;
                 const o = Array.from(s.options).find(o => o.text.includes(arguments[1]));
                 return o ? o.value : null;",
                vec![serde_json::json!(css), serde_json::json!(text)],
            )
            .await?;
        if let Some(v) = value.as_str() {
            return Ok(v.to_string());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no option containing {text:?} in `{css}`").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Chooses the option of `css` whose text contains `text`.
async fn choose(page: &Page, css: &str, text: &str) -> Result<(), Box<dyn std::error::Error>> {
    let value = option_value(page, css, text).await?;
    page.find(css).await?.select_by_value(&value).await?;
    Ok(())
}

const XQ_TASK9: &str = "#board td[data-task='9'][data-unit='XQ']";

#[tokio::test]
async fn a_county_report_is_returned_by_the_lead_section_resubmitted_and_shown_on_the_board() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("plan.bureau", "CITY", &[Role::Bureau]);
    app.add_user("plan.xq", "XQ", &[Role::County]);
    app.add_user("plan.law", "CITY-LAW", &[Role::Section]);
    run("plan_review", &server.base_url, |page| async move {
        // The city bureau imports the plan from the empty board.
        page.sign_in("plan.bureau", PASSWORD).await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.wait_text("#no-plan", "尚未导入工作方案").await?;
        page.click("#plan-import").await?;
        page.wait_text(".toasts", "已导入").await?;
        let header = page.wait_text("#board thead", "任务九").await?;
        assert!(header.contains("任务一"), "{header}");
        // Task 9's application milestone (due 2022-10-31) is overdue for every county.
        let cell = page.find(XQ_TASK9).await?;
        assert_eq!(cell.attr("data-status").await?.as_deref(), Some("overdue"));
        sign_out(&page).await?;

        // The county files a report on that milestone through the form.
        page.sign_in("plan.xq", PASSWORD).await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.click(".subnav a[href='/tasks/report']").await?;
        page.wait_text("#report-title", "进展填报").await?;
        choose(&page, "#report-task", "任务九").await?;
        choose(&page, "#report-milestone", "申报执法示范创建单位").await?;
        // Nothing written yet: the shared rules flag the narrative inline.
        page.click("#report-submit").await?;
        page.wait_text("#report-narrative-error", "必填").await?;
        page.fill(
            "#report-narrative",
            "已组织新区第一大队完成示范单位申报材料，报送市局。",
        )
        .await?;
        page.fill("#report-percent", "100").await?;
        page.fill(
            "#report-links",
            "https://example.gov.cn/xq/demo-application.pdf",
        )
        .await?;
        page.click("#report-submit").await?;
        page.wait_text(".report-card[data-unit='XQ']", "待审核")
            .await?;
        let path = page.path().await?;
        assert!(path.starts_with("/tasks/"), "{path}");
        sign_out(&page).await?;

        // The lead section returns it with a comment from the task page.
        page.sign_in("plan.law", PASSWORD).await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.click(&format!("{XQ_TASK9} a")).await?;
        page.wait_text("#task-lead", "政策法规科").await?;
        page.click(".report-card[data-unit='XQ'] .report-return")
            .await?;
        // A return needs a comment.
        page.click(".report-card[data-unit='XQ'] .report-return-confirm")
            .await?;
        page.wait_text(".report-card[data-unit='XQ'] .field-error", "必填")
            .await?;
        page.fill(
            ".report-card[data-unit='XQ'] textarea",
            "请补充申报大队的创建台账和自评材料。",
        )
        .await?;
        page.click(".report-card[data-unit='XQ'] .report-return-confirm")
            .await?;
        page.wait_text(".report-card[data-unit='XQ']", "已退回")
            .await?;
        page.wait_text(".report-card[data-unit='XQ'] .timeline", "请补充申报大队")
            .await?;
        sign_out(&page).await?;

        // The county finds it in its to-do list and resubmits it.
        page.sign_in("plan.xq", PASSWORD).await?;
        page.goto("/tasks/todo").await?;
        page.wait_text("#todo", "被退回的报告").await?;
        page.click("#todo tr[data-kind='被退回的报告'] a.btn")
            .await?;
        page.wait_text(
            ".report-card[data-unit='XQ'] .report-comment",
            "请补充申报大队",
        )
        .await?;
        page.click(".report-card[data-unit='XQ'] .report-resubmit")
            .await?;
        page.fill(
            ".report-card[data-unit='XQ'] textarea[id^='resubmit-narrative']",
            "已补充创建台账和自评材料，重新报送。",
        )
        .await?;
        page.click(".report-card[data-unit='XQ'] .report-resubmit-confirm")
            .await?;
        page.wait_text(".report-card[data-unit='XQ']", "待审核")
            .await?;
        page.wait_text(".report-card[data-unit='XQ'] .timeline", "修改后重新提交")
            .await?;

        // Its own action under the task (自选动作): added, then marked done.
        page.click("#item-add").await?;
        page.fill("#item-title", "组织示范创建经验交流会").await?;
        page.click("#item-submit").await?;
        page.wait_text("#item-due-error", "必填").await?;
        set_input(&page, "#item-due", "2022-12-20").await?;
        page.click("#item-submit").await?;
        page.wait_text(".toasts", "已添加实施事项").await?;
        let row = page.wait_text("#items", "组织示范创建经验交流会").await?;
        assert!(row.contains("自选动作"), "{row}");
        page.click("#items .item-done").await?;
        page.wait_text("#items", "已完成").await?;
        sign_out(&page).await?;

        // The board shows the change: done (the milestone and the county's own action),
        // with a report waiting for review.
        page.sign_in("plan.bureau", PASSWORD).await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.wait_text(XQ_TASK9, "待审1").await?;
        let cell = page.find(XQ_TASK9).await?;
        assert_eq!(cell.attr("data-status").await?.as_deref(), Some("done"));
        let text = cell.text().await?;
        assert!(text.contains("✓2"), "{text}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_county_uploads_evidence_to_its_report_and_the_lead_section_downloads_it() {
    let (app, server) = serve();
    app.add_counties();
    let bureau = app.add_user("files.bureau", "CITY", &[Role::Bureau]);
    app.add_user("files.xq", "XQ", &[Role::County]);
    app.add_user("files.law", "CITY-LAW", &[Role::Section]);
    import_plan(&server, &bureau.access_token).await;
    // What the clerk has on disk: a scanned report, a photo, and a program renamed .jpg.
    let dir = tempfile::tempdir().unwrap();
    let pdf_bytes = enforcement_tests::sample_pdf("示范创建申报表");
    let pdf = dir.path().join("示范创建申报表.pdf");
    std::fs::write(&pdf, &pdf_bytes).unwrap();
    let photo = dir.path().join("现场照片.png");
    std::fs::write(
        &photo,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
    )
    .unwrap();
    let disguised = dir.path().join("伪装照片.jpg");
    std::fs::write(&disguised, b"MZ\x90\x00\x03\x00 a Windows program").unwrap();
    let (pdf, photo, disguised) = (
        pdf.display().to_string(),
        photo.display().to_string(),
        disguised.display().to_string(),
    );
    run("evidence_files", &server.base_url, |page| async move {
        // The county files its report with the scan attached.
        page.sign_in("files.xq", PASSWORD).await?;
        page.goto("/tasks/report").await?;
        page.wait_text("#report-title", "进展填报").await?;
        choose(&page, "#report-task", "任务九").await?;
        choose(&page, "#report-milestone", "申报执法示范创建单位").await?;
        page.fill("#report-narrative", "已报送示范单位申报表，附扫描件。")
            .await?;
        page.fill("#report-percent", "100").await?;
        page.find("#report-files").await?.send_keys(&pdf).await?;
        page.wait_text("#report-files-chosen", "示范创建申报表.pdf")
            .await?;
        page.click("#report-submit").await?;
        let card = ".report-card[data-unit='XQ']";
        page.wait_text(&format!("{card} .attachments"), "示范创建申报表.pdf")
            .await?;
        page.wait_text(&format!("{card} .attachment"), "PDF")
            .await?;

        // From the report: a program named .jpg is refused and said why; a photo is taken.
        let input = format!("{card} .attachment-upload input[type='file']");
        page.find(&input).await?.send_keys(&disguised).await?;
        let refused = page
            .wait_text(&format!("{card} .attachment-failures"), "伪装照片.jpg")
            .await?;
        assert!(refused.contains("文件内容不是"), "{refused}");
        page.find(&input).await?.send_keys(&photo).await?;
        page.wait_text(&format!("{card} .attachment-list"), "现场照片.png")
            .await?;
        // The photo was the wrong one: withdrawn with a reason, kept and marked.
        let photo_row = format!("{card} .attachment[data-name='现场照片.png']");
        page.click(&format!("{photo_row} .attachment-withdraw"))
            .await?;
        page.click(&format!("{photo_row} .attachment-withdraw-confirm"))
            .await?;
        page.wait_text(&format!("{photo_row} .field-error"), "必填")
            .await?;
        page.fill(
            &format!("{photo_row} input[id^='withdraw-reason']"),
            "照片不是申报大队的",
        )
        .await?;
        page.click(&format!("{photo_row} .attachment-withdraw-confirm"))
            .await?;
        page.wait_text(
            &format!("{photo_row}[data-status='withdrawn']"),
            "照片不是申报大队的",
        )
        .await?;
        page.wait_text(&photo_row, "已撤回").await?;
        sign_out(&page).await?;

        // The lead section reviews it and downloads the scan, byte for byte.
        page.sign_in("files.law", PASSWORD).await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.click(&format!("{XQ_TASK9} a")).await?;
        page.wait_text(&format!("{card} .attachments"), "示范创建申报表.pdf")
            .await?;
        assert!(
            !page.exists(&format!("{card} .attachment-upload")).await?,
            "only the reporting unit uploads"
        );
        page.capture_downloads().await?;
        page.click(&format!(
            "{card} .attachment[data-name='示范创建申报表.pdf'] .attachment-download"
        ))
        .await?;
        let (name, bytes) = page.downloaded(0).await?;
        assert_eq!(name, "示范创建申报表.pdf");
        assert_eq!(bytes, pdf_bytes);
        Ok(())
    })
    .await;
}

/// Imports the 2022 work plan over the API as the bureau user with `token`.
async fn import_plan(server: &TestServer, token: &str) {
    let imported = reqwest::Client::new()
        .post(server.url("/api/v1/plans/import"))
        .bearer_auth(token)
        .json(&serde_json::json!({"template": "capability-plan-2022"}))
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 200);
}

/// Adds a penalty power with a benchmark whose 一般 tier allows 500–2000 yuan, as the
/// city bureau over the API; returns the power item's id.
async fn penalty_power_with_benchmark(
    base_url: &str,
    bureau: &enforcement_tests::TestUser,
    law: &str,
) -> String {
    let client = reqwest::Client::new();
    let post = |path: &str, body: serde_json::Value| {
        client
            .post(format!("{base_url}{path}"))
            .bearer_auth(&bureau.access_token)
            .json(&body)
            .send()
    };
    let res = post(
        "/api/v1/power-adjustments",
        serde_json::json!({
            "kind": "add", "code": "CF-0901", "reason": "initial_listing", "effective_from": "2022-01-01",
            "content": {
                "name": "对擅自设置户外广告设施的处罚", "category": "administrative_penalty",
                "legal_basis": "《城市市容和环境卫生管理条例》第三十六条", "responsible_unit_id": law,
                "responsibility_items": ["立案责任", "调查取证责任", "决定责任"],
                "accountability": "不履行或不正确履行职责的，依法追责"
            }
        }),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let item = res.json::<serde_json::Value>().await.unwrap()["item_id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = post(
        "/api/v1/discretion-benchmarks",
        serde_json::json!({
            "power_item_id": item, "effective_from": "2022-01-01", "legal_basis": "市城管执法局行政处罚裁量基准（2022）",
            "tiers": [
                {"code": "minor", "name": "轻微", "conditions": "首次违法且在责令期限内改正", "no_penalty": true},
                {"code": "general", "name": "一般", "conditions": "广告面积10平方米以下", "fine_min_fen": 50_000, "fine_max_fen": 200_000, "other_measures": "责令限期拆除"},
                {"code": "serious", "name": "严重", "conditions": "广告面积10平方米以上或拒不改正", "fine_min_fen": 500_000, "fine_max_fen": 1_000_000}
            ],
            "factors": [
                {"code": "first", "name": "初次违法", "direction": "mitigating"},
                {"code": "refuse", "name": "拒不配合调查", "direction": "aggravating"}
            ]
        }),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    item
}

const ID_NUMBER: &str = "11010519491231002X";

/// The disclosure form's case and party fields, for a natural person.
async fn fill_case(page: &Page, document_number: &str) -> Result<(), Box<dyn std::error::Error>> {
    page.fill("#document_number", document_number).await?;
    page.fill("#case_cause", "张三丰擅自设置户外广告设施案")
        .await?;
    page.fill("#legal_basis", "《城市市容和环境卫生管理条例》第三十六条")
        .await?;
    page.fill("#party_name", "张三丰").await?;
    page.fill("#party_id_number", ID_NUMBER).await?;
    Ok(())
}

#[tokio::test]
async fn a_fine_outside_the_benchmark_needs_a_reason_and_the_public_sees_the_record_masked() {
    let (app, server) = serve();
    app.add_counties();
    let bureau = app.add_user("disc.bureau", "CITY", &[Role::Bureau]);
    app.add_user("disc.xq", "XQ", &[Role::County]);
    let item =
        penalty_power_with_benchmark(&server.base_url, &bureau, &app.unit_id("CITY-LAW")).await;
    let record_path = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let recorded = record_path.clone();
    run("disclosure_entry", &server.base_url, |page| async move {
        page.sign_in("disc.xq", PASSWORD).await?;
        page.click("#sidenav a[href='/disclosure']").await?;
        page.click(".subnav a[href='/disclosure/new']").await?;
        fill_case(&page, "新城管罚决字〔2024〕第7号").await?;
        page.find("#power_item_id")
            .await?
            .select_by_value(&item)
            .await?;
        page.find("#discretion_tier option[value='general']")
            .await?;
        page.find("#discretion_tier")
            .await?
            .select_by_value("general")
            .await?;
        page.fill("#fine_fen", "5000").await?;
        // The calculator's range for the tier, and the warning for a fine beyond it.
        page.wait_text("#discretion-range", "500 – 2,000").await?;
        page.wait_text("#fine-warning", "超出").await?;
        // Saved without a reason: the server refuses it next to the fine.
        page.click("#disclosure-save").await?;
        page.wait_text("#fine_fen-error", "理由").await?;
        page.fill(
            "#fine_justification",
            "当事人拒不改正且广告面积较大，经集体讨论从重处罚。",
        )
        .await?;
        page.click("#disclosure-save").await?;
        page.wait_text("#record-status", "草稿").await?;
        page.wait_text("#record-status", "超出裁量幅度").await?;
        page.wait_text("#record-fine", "5,000").await?;
        page.wait_text("#record-benchmark", "适用裁量基准第1版")
            .await?;
        page.click("#record-publish").await?;
        page.click("#publish-confirm").await?;
        page.wait_text("#record-status", "已公开").await?;
        page.wait_text("#record-status", "按时").await?;
        *recorded.lock().unwrap() = page.path().await?;

        // The same document number written another way is refused at its field.
        page.click(".subnav a[href='/disclosure/new']").await?;
        fill_case(&page, "新城管罚决字[2024]第07号").await?;
        page.fill("#fine_fen", "1000").await?;
        page.click("#disclosure-save").await?;
        page.wait_text("#document_number-error", "不能重复").await?;
        page.wait_text("body", "已有相同编号").await?;
        Ok(())
    })
    .await;
    let id = record_path
        .lock()
        .unwrap()
        .trim_start_matches("/disclosure/records/")
        .to_string();
    assert!(!id.is_empty());

    // A fresh browser that never signed in.
    run("disclosure_public", &server.base_url, |page| async move {
        page.goto("/login").await?;
        page.click("#public-links a[href='/public/disclosure']")
            .await?;
        page.wait_text("#public-table tbody", "张某某").await?;
        assert_eq!(page.path().await?, "/public/disclosure");
        let body = page.text("body").await?;
        assert!(body.contains("新城管罚决字〔2024〕第7号"), "{body}");
        let source = page.client.source().await?;
        assert!(
            !source.contains(ID_NUMBER),
            "the ID number is on the public page"
        );
        assert!(
            !source.contains("张三丰"),
            "the full name is on the public page"
        );
        assert!(page.local_storage(ACCESS_KEY).await?.is_none());
        let feed = page.find("#atom-feed").await?.attr("href").await?;
        assert_eq!(
            feed.as_deref(),
            Some("/api/v1/public/disclosure-records/feed")
        );

        // The decision's own page, as the Atom feed links it.
        page.goto(&format!("/disclosure/{id}")).await?;
        page.wait_text("#public-record", "张某某").await?;
        let source = page.client.source().await?;
        assert!(!source.contains(ID_NUMBER) && !source.contains("张三丰"));

        // The discretion calculator is public too.
        page.click(".public-nav a[href='/public/discretion']")
            .await?;
        choose(&page, "#calc-item", "CF-0901").await?;
        page.click("#tier-general").await?;
        page.click("#calc-run").await?;
        page.wait_text("#calc-range", "500 – 2,000").await?;
        page.wait_text("#calc-result", "一般").await?;
        Ok(())
    })
    .await;
}

/// Sets the value of the input `css` as typing would (date inputs take their value in
/// the browser's locale format when typed, so tests set it directly), and brings it to
/// the middle of the window.
async fn set_input(page: &Page, css: &str, value: &str) -> Result<(), Box<dyn std::error::Error>> {
    page.find(css).await?;
    page.client
        .execute(
            "const i = document.querySelector(arguments[0]); i.value = arguments[1];
             i.dispatchEvent(new Event('input', {bubbles: true}));
             i.scrollIntoView({block: 'center'});",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_lead_section_presses_an_overdue_county_which_replies_and_the_notice_is_closed() {
    let (app, server) = serve();
    app.add_counties();
    let bureau = app.add_user("n.bureau", "CITY", &[Role::Bureau]);
    app.add_user("n.law", "CITY-LAW", &[Role::Section]);
    app.add_user("n.yq", "YQ", &[Role::County]);
    import_plan(&server, &bureau.access_token).await;
    run("notices", &server.base_url, |page| async move {
        // From the overdue cell to the milestone, then the notice form.
        page.sign_in("n.law", PASSWORD).await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.click("#board td[data-task='9'][data-unit='YQ'] a")
            .await?;
        page.click("#milestones .notice-open").await?;
        let subject = page.find("#notice-subject").await?.prop("value").await?;
        assert!(subject.unwrap_or_default().contains("申报执法示范创建单位"));
        page.click("#notice-submit").await?;
        page.wait_text(".toasts", "督办通知已发出").await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.wait_text("#board td[data-task='9'][data-unit='YQ']", "督办1")
            .await?;
        sign_out(&page).await?;

        // The county replies from its inbox.
        page.sign_in("n.yq", PASSWORD).await?;
        page.goto("/tasks/notices").await?;
        page.wait_text("#notice-inbox", "待回复").await?;
        assert!(!page.exists("#notice-issued").await?);
        page.fill(
            "#notice-inbox textarea",
            "已组织两个大队完成申报材料，11月15日前报送。",
        )
        .await?;
        page.click("#notice-inbox .notice-reply-submit").await?;
        page.wait_text("#notice-inbox", "已回复").await?;
        page.wait_text("#notice-inbox .notice-reply", "11月15日前报送")
            .await?;
        sign_out(&page).await?;

        // The issuer reads the reply and closes the notice.
        page.sign_in("n.law", PASSWORD).await?;
        page.goto("/tasks/notices").await?;
        page.wait_text("#notice-issued", "11月15日前报送").await?;
        page.click("#notice-issued .notice-close").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text("#notice-issued", "已办结").await?;
        assert!(!page.exists("#notice-issued .notice-close").await?);

        // The notice prints as an official document: issuing body, number, title, the
        // addressee, the reply deadline, date and seal area; the application around it
        // is left out of print.
        page.click("#notice-issued .notice-print").await?;
        let year = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y").to_string();
        page.wait_text("#doc-number", &format!("督办〔{year}〕1号")).await?;
        assert_eq!(page.text("#doc-issuer").await?, "局政策法规科文件");
        assert!(page.text("#doc-title").await?.contains("申报执法示范创建单位"));
        page.wait_text("#notice-print .doc-addressee", "老区城管执法局：").await?;
        page.wait_text("#doc-deadline", "前书面回复").await?;
        assert!(page.exists("#notice-print .doc-seal").await?);
        let hidden = page
            .eval(
                "const rules = [...document.styleSheets].flatMap(s => [...s.cssRules]);
                 const print = rules.filter(r => r.media && r.media.mediaText === 'print');
                 return print.some(r => [...r.cssRules].some(c => c.selectorText && c.selectorText.includes('.topbar')
                     && c.style.display === 'none'));",
            )
            .await?;
        assert_eq!(hidden, serde_json::json!(true), "the print stylesheet hides the shell");
        page.find("#print-now").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_power_list_is_adjusted_in_the_form_and_read_as_of_a_day_with_its_history_and_diff() {
    let (app, server) = serve();
    app.add_user("p.bureau", "CITY", &[Role::Bureau]);
    run("powers", &server.base_url, |page| async move {
        page.sign_in("p.bureau", PASSWORD).await?;
        page.click("#sidenav a[href='/powers']").await?;
        page.wait_text("#powers-table tbody", "暂无数据").await?;
        // Add an item from 2022-01-01.
        page.fill("#adjust-code", "CF-0100").await?;
        page.fill("#adjust-name", "对擅自设置户外广告设施的处罚")
            .await?;
        choose(&page, "#adjust-unit", "政策法规科").await?;
        page.fill("#adjust-basis", "《城市市容和环境卫生管理条例》第三十六条")
            .await?;
        page.fill(
            "#adjust-responsibilities",
            "立案责任\n调查取证责任\n决定责任",
        )
        .await?;
        set_input(&page, "#adjust-effective", "2022-01-01").await?;
        page.click("#adjust-submit").await?;
        page.wait_text(".toasts", "CF-0100").await?;
        page.wait_text("#powers-table tbody", "CF-0100").await?;
        // Recorded: the form is empty again (nothing of it can be sent twice).
        for field in ["#adjust-code", "#adjust-name", "#adjust-basis"] {
            let value = page.find(field).await?.prop("value").await?;
            assert_eq!(value.as_deref(), Some(""), "{field} after the adjustment");
        }
        // Amend it from 2030-01-01: the form starts from the current content.
        page.find("#adjust-kind")
            .await?
            .select_by_value("amend")
            .await?;
        choose(&page, "#adjust-item", "CF-0100").await?;
        let name = page.find("#adjust-name").await?.prop("value").await?;
        assert_eq!(name.as_deref(), Some("对擅自设置户外广告设施的处罚"));
        page.fill(
            "#adjust-basis",
            "《城市市容和环境卫生管理条例》（2030年修订）第三十六条",
        )
        .await?;
        page.find("#adjust-reason")
            .await?
            .select_by_value("law_revised")
            .await?;
        set_input(&page, "#adjust-effective", "2030-01-01").await?;
        page.click("#adjust-submit").await?;
        page.wait_text(".toasts", "第2版").await?;
        // Today the first version is in force; on 2030-01-02 the second.
        page.wait_text("#powers-table tbody", "v1").await?;
        set_input(&page, "#power-as-of", "2030-01-02").await?;
        page.click("#power-search").await?;
        page.wait_text("#powers-table tbody", "v2").await?;
        page.click("button.power-open[data-code='CF-0100']").await?;
        let history = page.wait_text("#power-history", "v2 修改").await?;
        assert!(
            history.contains("v1 新增") && history.contains("法律法规修订"),
            "{history}"
        );
        // What changed between 2025 and 2030.
        set_input(&page, "#diff-from", "2025-01-01").await?;
        set_input(&page, "#diff-to", "2030-06-30").await?;
        page.click("#diff-run").await?;
        page.wait_text("#diff-amended", "CF-0100").await?;
        page.wait_text("#diff-amended", "设定依据").await?;
        page.wait_text("#diff-added", "无").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_administrator_creates_and_manages_accounts_in_the_browser() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("admin.li", "CITY", &[Role::Admin]);
    app.add_user("xq.chief", "XQ", &[Role::County]);
    let xq = app.unit_id("XQ");
    let yq = app.unit_id("YQ");
    run("users", &server.base_url, |page| async move {
        page.sign_in("admin.li", PASSWORD).await?;
        page.click("#sidenav a[href='/users']").await?;
        page.wait_text("#users-table tbody", "xq.chief").await?;

        // A new county account: a too-short password is refused at the field, saying
        // the limit; then the account is created and listed.
        page.click("#account-new").await?;
        page.fill("#account-login", "xq.wang").await?;
        page.fill("#account-name", "王小明").await?;
        page.find("#account-unit")
            .await?
            .select_by_value(&xq.to_string())
            .await?;
        page.click("#account-role-officer").await?;
        page.fill("#account-password", "short").await?;
        page.click("#account-save").await?;
        page.wait_text("#account-password-error", "10–128").await?;
        page.fill("#account-password", "Wang-password-1").await?;
        page.click("#account-save").await?;
        page.wait_gone("#account-form").await?;
        page.wait_text("#users-table tbody", "xq.wang").await?;
        page.wait_text("#users-table tbody", "王小明").await?;

        // Disable it (asked first), then a new password.
        page.click("#users-table button[data-action='disable'][data-login='xq.wang']")
            .await?;
        page.click("#confirm-dialog-ok").await?;
        page.find("#users-table button[data-action='enable'][data-login='xq.wang']")
            .await?;
        page.click("#users-table button[data-action='enable'][data-login='xq.wang']")
            .await?;
        page.find("#users-table button[data-action='disable'][data-login='xq.wang']")
            .await?;
        page.click("#users-table button[data-action='password'][data-login='xq.wang']")
            .await?;
        page.fill("#new-password", "Wang-password-2").await?;
        page.fill("#new-password-again", "Wang-password-3").await?;
        page.click("#password-save").await?;
        page.wait_text("#new-password-again-error", "不一致")
            .await?;
        page.fill("#new-password-again", "Wang-password-2").await?;
        page.click("#password-save").await?;
        page.wait_gone("#password-form").await?;

        // The new account signs in with the new password.
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;
        page.sign_in("xq.wang", "Wang-password-2").await?;
        page.wait_text("#user-name", "王小明").await?;
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;

        // A county bureau manages its own units' accounts only: creating one in another
        // county is refused by the server and said in the form; administrator is not
        // among the roles it may give.
        page.sign_in("xq.chief", PASSWORD).await?;
        page.click("#sidenav a[href='/users']").await?;
        page.click("#account-new").await?;
        assert!(!page.exists("#account-role-admin").await?);
        page.fill("#account-login", "yq.zhao").await?;
        page.fill("#account-name", "赵六").await?;
        page.find("#account-unit")
            .await?
            .select_by_value(&yq.to_string())
            .await?;
        page.click("#account-role-officer").await?;
        page.fill("#account-password", "Zhao-password-1").await?;
        page.click("#account-save").await?;
        page.wait_text("#account-alert", "权限").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn unit_managers_add_rename_and_deactivate_units_in_the_tree() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("admin.zhou", "CITY", &[Role::Admin]);
    app.add_user("xq.head", "XQ", &[Role::County]);
    run("units_admin", &server.base_url, |page| async move {
        page.sign_in("admin.zhou", PASSWORD).await?;
        page.click("#sidenav a[href='/units']").await?;
        page.wait_text("#unit-tree", "XQ").await?;
        // Under the county bureau XQ: only the kinds that may sit there are offered.
        page.click("#unit-tree button[data-action='add-child'][data-code='XQ']")
            .await?;
        let kinds = page.text("#unit-kind").await?;
        assert!(kinds.contains("大队") && !kinds.contains("县"), "{kinds}");
        page.fill("#unit-code", "xq-brigade-9").await?;
        page.fill("#unit-name", "第九中队").await?;
        page.click("#unit-save").await?;
        page.wait_gone("#unit-form").await?;
        page.click("#unit-tree li[data-code='XQ'] > .tree-row .tree-toggle[aria-expanded='false']")
            .await?;
        page.wait_text("#unit-tree li[data-code='XQ-BRIGADE-9']", "第九中队")
            .await?;

        // Rename and deactivate it.
        page.click("#unit-tree button[data-action='edit'][data-code='XQ-BRIGADE-9']")
            .await?;
        page.fill("#unit-name", "第九执法中队").await?;
        page.click("#unit-active").await?;
        page.click("#unit-save").await?;
        page.wait_text(".toasts", "已保存").await?;
        page.wait_gone("#unit-form").await?;
        page.wait_text("#unit-tree li[data-code='XQ-BRIGADE-9']", "第九执法中队")
            .await?;
        page.wait_text("#unit-tree li[data-code='XQ-BRIGADE-9']", "停用")
            .await?;

        // Move the first brigade to the other county: its parent is a choice.
        page.click("#unit-tree button[data-action='edit'][data-code='XQ-1']")
            .await?;
        let parents = page.text("#unit-parent").await?;
        assert!(
            parents.contains("老区") && !parents.contains("政策法规科"),
            "{parents}"
        );
        choose(&page, "#unit-parent", "老区").await?;
        page.click("#unit-save").await?;
        page.wait_text(".toasts", "已保存").await?;
        page.wait_gone("#unit-form").await?;
        page.click("#unit-tree li[data-code='YQ'] > .tree-row .tree-toggle[aria-expanded='false']")
            .await?;
        page.wait_text(
            "#unit-tree li[data-code='YQ'] li[data-code='XQ-1']",
            "新区第一大队",
        )
        .await?;
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;

        // A county bureau may add under its own bureau only.
        page.sign_in("xq.head", PASSWORD).await?;
        page.click("#sidenav a[href='/units']").await?;
        page.click("#unit-tree button[data-action='add-child'][data-code='YQ']")
            .await?;
        page.fill("#unit-code", "YQ-BRIGADE-9").await?;
        page.fill("#unit-name", "越权中队").await?;
        page.click("#unit-save").await?;
        page.wait_text("#unit-alert", "权限").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_user_changes_their_password_and_signs_out_everywhere_else() {
    let (app, server) = serve();
    // The helper signs this user in once over the API: a session on "another device".
    app.add_user("he.ping", "CITY", &[Role::Bureau]);
    run("account", &server.base_url, |page| async move {
        page.sign_in("he.ping", PASSWORD).await?;
        page.click("a.user-text").await?;
        page.wait_path("/account").await?;
        page.wait_text("#account-login-value", "he.ping").await?;
        page.wait_text("#session-list", "当前设备").await?;

        // Sign out of the other session (asked first); only this one is left.
        page.click("#end-other-sessions").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "已退出 1 个").await?;
        page.wait_gone("#end-other-sessions:not([disabled])")
            .await?;

        // A wrong current password is refused at that field; the right one changes it.
        page.fill("#current-password", "Not-my-password-1").await?;
        page.fill("#changed-password", "He-password-22").await?;
        page.fill("#changed-password-again", "He-password-22")
            .await?;
        page.click("#password-change-save").await?;
        page.wait_text("#current-password-error", "不正确").await?;
        page.fill("#current-password", PASSWORD).await?;
        page.click("#password-change-save").await?;
        page.wait_text(".toasts", "密码已修改").await?;

        // The new password signs in.
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;
        page.sign_in("he.ping", "He-password-22").await?;
        page.wait_path("/").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_administrator_issues_a_service_account_whose_secret_is_shown_once() {
    let (app, server) = serve();
    app.add_user("admin.qian", "CITY", &[Role::Admin]);
    app.add_user("audit.qian", "CITY", &[Role::Auditor]);
    let base = server.base_url.clone();
    run("service_accounts", &server.base_url, |page| async move {
        page.sign_in("admin.qian", PASSWORD).await?;
        page.click("#sidenav a[href='/service-accounts']").await?;
        page.click("#sa-new").await?;
        page.fill("#sa-name", "市数字城管平台").await?;
        page.find("#sa-unit")
            .await?
            .select_by_value(&app.unit_id("CITY-DIGITAL"))
            .await?;
        page.click("#sa-grant-units-read").await?;
        page.click("#sa-save").await?;
        let client_id = page.text("#sa-client-id").await?;
        let secret = page.text("#sa-client-secret").await?;
        assert!(secret.starts_with("cs_"), "{secret}");

        // The secret works for the other system, over REST.
        let token = reqwest::Client::new()
            .post(format!("{base}/api/v1/auth/token"))
            .json(&serde_json::json!({ "grant_type": "client_credentials",
                                       "client_id": client_id, "client_secret": secret }))
            .send()
            .await?;
        assert_eq!(token.status(), 200);

        page.click("#sa-secret-done").await?;
        page.wait_gone("#sa-secret").await?;
        page.wait_text("#sa-table tbody", "市数字城管平台").await?;
        page.wait_text("#sa-table tbody", "查看组织机构").await?;

        // A new secret replaces the old one (asked first).
        page.click(&format!(
            "#sa-table button[data-action='rotate'][data-client='{client_id}']"
        ))
        .await?;
        page.click("#confirm-dialog-ok").await?;
        let rotated = page.text("#sa-client-secret").await?;
        assert_ne!(rotated, secret);
        page.click("#sa-secret-done").await?;

        // An auditor reads the accounts but is offered no change.
        page.click("#logout").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_path("/login").await?;
        page.sign_in("audit.qian", PASSWORD).await?;
        page.click("#sidenav a[href='/service-accounts']").await?;
        page.wait_text("#sa-table tbody", "市数字城管平台").await?;
        assert!(!page.exists("#sa-new").await?);
        assert!(
            !page
                .exists("#sa-table button[data-action='rotate']")
                .await?
        );
        Ok(())
    })
    .await;
}

/// The bell's unread count (0 when it shows none).
async fn unread_count(page: &Page) -> Result<u64, Box<dyn std::error::Error>> {
    page.find("#notification-bell").await?;
    if !page.exists("#unread-count").await? {
        return Ok(0);
    }
    Ok(page.text("#unread-count").await?.trim().parse()?)
}

/// Waits until the bell shows `expected` unread notifications.
async fn wait_unread(page: &Page, expected: u64) -> Result<(), Box<dyn std::error::Error>> {
    let deadline = std::time::Instant::now() + enforcement_tests::browser::STEP_TIMEOUT;
    loop {
        let now = unread_count(page).await?;
        if now == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the bell shows {now} unread, expected {expected}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Creates an account on the users page, as the administrator does.
async fn create_account(
    page: &Page,
    login: &str,
    name: &str,
    unit_id: &str,
    role: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    page.click("#account-new").await?;
    page.fill("#account-login", login).await?;
    page.fill("#account-name", name).await?;
    page.find("#account-unit")
        .await?
        .select_by_value(unit_id)
        .await?;
    page.click(&format!("#account-role-{role}")).await?;
    page.fill("#account-password", "Start-password-2026")
        .await?;
    page.click("#account-save").await?;
    page.wait_gone("#account-form").await?;
    page.wait_text("#users-table tbody", login).await?;
    Ok(())
}

/// The acceptance walk of the browser administration issue: nothing but the browser
/// from the first-run page to the bell.
#[tokio::test]
async fn a_fresh_system_is_set_up_and_run_from_the_browser_down_to_the_bell() {
    let (app, server) = serve_with(|c| c.bootstrap_token = Some(BOOTSTRAP_TOKEN.into()));
    let city = app.unit_id("CITY");
    let edz = app.unit_id("EDZ");
    let law = app.unit_id("CITY-LAW");
    run("acceptance", &server.base_url, |page| async move {
        // First run: the administrator.
        page.goto("/login").await?;
        page.click("a[href='/setup']").await?;
        page.fill("#bootstrap_token", BOOTSTRAP_TOKEN).await?;
        page.fill("#login", "admin").await?;
        page.fill("#name", "系统管理员").await?;
        page.fill("#password", "Setup-password-2026").await?;
        page.fill("#password_confirm", "Setup-password-2026")
            .await?;
        page.click("#setup-submit").await?;
        page.wait_text("#user-name", "系统管理员").await?;
        page.find("#users-by-role svg rect").await?;

        // The administrator creates the three accounts in the users page.
        page.click("#sidenav a[href='/users']").await?;
        page.wait_text("#users-table tbody", "admin").await?;
        create_account(&page, "city.zhang", "张市局", &city, "bureau").await?;
        create_account(&page, "edz.li", "李县局", &edz, "county").await?;
        create_account(&page, "law.wang", "王法规", &law, "section").await?;
        sign_out(&page).await?;

        // The city bureau imports the plan.
        page.sign_in("city.zhang", "Start-password-2026").await?;
        page.wait_text("#bureau-work", "尚未导入工作方案").await?;
        page.click("#sidenav a[href='/tasks']").await?;
        page.click("#plan-import").await?;
        page.wait_text(".toasts", "已导入").await?;
        page.wait_text("#board thead", "任务九").await?;
        // Its dashboard now charts the overdue work by task, each bar a link.
        page.click("#sidenav a[href='/']").await?;
        page.find("#overdue-by-task .chart-link").await?;
        let total: u64 = page
            .text("#dash-overdue-total .stat-value")
            .await?
            .trim()
            .parse()?;
        assert!(total > 0);
        page.click("#overdue-by-task .chart-link").await?;
        page.find("#task-lead").await?;
        assert!(page.path().await?.starts_with("/tasks/"));
        sign_out(&page).await?;

        // The county: overdue work on its dashboard, reminders on the bell.
        page.sign_in("edz.li", "Start-password-2026").await?;
        page.wait_text("#unit-work", "已逾期").await?;
        let overdue: u64 = page
            .text("#dash-overdue .stat-value")
            .await?
            .trim()
            .parse()?;
        assert!(overdue > 0, "the imported plan's milestones are past due");
        let bell = {
            let deadline = std::time::Instant::now() + enforcement_tests::browser::STEP_TIMEOUT;
            loop {
                let n = unread_count(&page).await?;
                if n > 0 || std::time::Instant::now() > deadline {
                    break n;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        };
        // Besides the plan's overdue items, a county bureau is reminded of its unfiled
        // statistics reports (how many depends on the day: due soon or past due).
        let statistics = page
            .eval(&format!(
                "return fetch('/api/v1/me/notifications?per_page=200', {{headers: {{Authorization: 'Bearer ' + localStorage.getItem('{ACCESS_KEY}')}}}})\
                 .then(r => r.json()).then(p => p.items.filter(n => !n.read_at && n.subject_type === 'statistics_template').length)"
            ))
            .await?
            .as_u64()
            .unwrap_or_default();
        assert_eq!(bell, overdue + statistics, "one past-due reminder per overdue item");
        page.click("#notification-bell").await?;
        page.wait_path("/notifications").await?;
        page.wait_text("#notifications tbody", "已逾期").await?;
        // It reports on task 9's application milestone.
        page.click("#sidenav a[href='/tasks']").await?;
        page.click(".subnav a[href='/tasks/report']").await?;
        choose(&page, "#report-task", "任务九").await?;
        choose(&page, "#report-milestone", "申报执法示范创建单位").await?;
        page.fill("#report-narrative", "已完成示范单位申报材料并报送市局。")
            .await?;
        page.fill("#report-percent", "100").await?;
        page.click("#report-submit").await?;
        page.wait_text(".report-card[data-unit='EDZ']", "待审核")
            .await?;
        // Reading everything empties the bell.
        page.click("#notification-bell").await?;
        page.click("#notifications-read-all").await?;
        page.wait_text(".toasts", "标为已读").await?;
        wait_unread(&page, 0).await?;
        page.wait_text("#notifications-empty", "没有未读消息")
            .await?;
        sign_out(&page).await?;

        // The lead section: the report waits for its review, on the dashboard and bell.
        page.sign_in("law.wang", "Start-password-2026").await?;
        page.wait_text("#dash-reviews", "待审核的报告").await?;
        assert_eq!(page.text("#dash-reviews .stat-value").await?.trim(), "1");
        let before = unread_count(&page).await?;
        assert!(before > 0);
        page.click("#notification-bell").await?;
        page.wait_text("#notifications tbody", "待审核的报告")
            .await?;
        // Open the review notification itself (other rows may be reminders).
        page.eval(
            "const row = Array.from(document.querySelectorAll('#notifications tbody tr'))
               .find(r => r.textContent.includes('待审核的报告'));
             row.querySelector('.notification-open').click();",
        )
        .await?;
        page.wait_text(".report-card[data-unit='EDZ']", "待审核")
            .await?;
        let after = unread_count(&page).await?;
        assert!(after < before, "the bell dropped ({before} → {after})");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_temporary_password_works_once_and_must_be_replaced_at_sign_in() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("admin.qian", "CITY", &[Role::Admin]);
    app.add_user("xq.sun", "XQ", &[Role::County]);
    run("temporary_password", &server.base_url, |page| async move {
        page.sign_in("admin.qian", PASSWORD).await?;
        page.click("#sidenav a[href='/users']").await?;
        page.click("#users-table button[data-action='temporary'][data-login='xq.sun']")
            .await?;
        page.click("#confirm-dialog-ok").await?;
        let temporary = page.wait_text("#temporary-password", "-").await?;
        assert_eq!(temporary.len(), 14, "{temporary}");
        page.click("#temporary-done").await?;
        page.wait_gone("#temporary-password-panel").await?;
        page.wait_text("#users-table tbody", "待改密").await?;
        // An administrator cannot issue one to themself: no button on their own row.
        assert!(
            !page
                .exists("#users-table button[data-action='temporary'][data-login='admin.qian']")
                .await?
        );
        sign_out(&page).await?;

        // Signed in with it, the user can only set their own password.
        page.sign_in("xq.sun", temporary.trim()).await?;
        page.wait_path("/account").await?;
        page.wait_text("#password-forced", "临时密码").await?;
        page.goto("/tasks").await?;
        page.wait_path("/account").await?;
        page.fill("#current-password", temporary.trim()).await?;
        page.fill("#changed-password", "Sun-own-password-1").await?;
        page.fill("#changed-password-again", "Sun-own-password-1")
            .await?;
        page.click("#password-change-save").await?;
        page.wait_path("/").await?;
        page.wait_text("#unit-work", "本单位待办").await?;
        assert!(!page.exists("#password-forced").await?);
        page.click("#sidenav a[href='/tasks']").await?;
        page.wait_path("/tasks").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_working_calendar_is_checked_and_edited_in_the_browser() {
    let (app, server) = serve();
    app.add_user("cal.bureau", "CITY", &[Role::Bureau]);
    app.add_user("cal.law", "CITY-LAW", &[Role::Section]);
    run("calendar", &server.base_url, |page| async move {
        page.sign_in("cal.bureau", PASSWORD).await?;
        page.click("#sidenav a[href='/calendar']").await?;
        // 2026 as shipped: flagged until someone checks and confirms it.
        page.find("#calendar-year")
            .await?
            .select_by_value("2026")
            .await?;
        page.wait_text("#calendar-unverified", "尚未对照").await?;
        page.wait_text("#calendar-days", "国庆节").await?;
        page.click("#calendar-save").await?;
        page.wait_text(".toasts", "工作日历已保存").await?;
        page.wait_gone("#calendar-unverified").await?;

        // 2027: nothing shipped. A holiday on a Saturday is refused at the field.
        page.find("#calendar-year")
            .await?
            .select_by_value("2027")
            .await?;
        page.wait_text("#calendar-empty", "没有节假日").await?;
        set_input(&page, "#calendar-date", "2027-10-02").await?;
        page.fill("#calendar-name", "国庆节").await?;
        page.click("#calendar-add-day").await?;
        page.wait_text("#calendar-date-error", "周末本来就休息")
            .await?;
        set_input(&page, "#calendar-date", "2027-10-01").await?;
        page.click("#calendar-add-day").await?;
        page.wait_text("#calendar-days tr[data-date='2027-10-01']", "星期五")
            .await?;
        page.click("#calendar-save").await?;
        page.wait_text(".toasts", "工作日历已保存").await?;
        page.goto("/calendar").await?;
        page.find("#calendar-year")
            .await?
            .select_by_value("2027")
            .await?;
        page.wait_text("#calendar-days tr[data-date='2027-10-01']", "国庆节")
            .await?;
        sign_out(&page).await?;

        // A section does not maintain the calendar: not offered, and refused.
        page.sign_in("cal.law", PASSWORD).await?;
        page.find("#sidenav").await?;
        assert!(!page.exists("#sidenav a[href='/calendar']").await?);
        page.goto("/calendar").await?;
        page.wait_text("main", "没有执行此操作的权限").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_lead_section_edits_its_task_and_a_milestone_a_county_cannot() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("edit.law", "CITY-LAW", &[Role::Section]);
    app.add_user("edit.xq", "XQ", &[Role::County]);
    let task9: String = {
        use api::db::schema::tasks;
        use diesel::prelude::*;
        let mut conn = app.state.pool.get().unwrap();
        api::resources::plans::template::import_audited(&mut conn, "capability-plan-2022").unwrap();
        tasks::table
            .filter(tasks::number.eq(9))
            .select(tasks::id)
            .first(&mut *conn)
            .unwrap()
    };
    run("task_edit", &server.base_url, |page| async move {
        page.sign_in("edit.law", PASSWORD).await?;
        page.goto(&format!("/tasks/{task9}")).await?;
        page.wait_text("#task-lead", "政策法规科").await?;
        // The task's text: an empty title is refused at the field, then saved.
        page.click("#task-edit").await?;
        set_input(&page, "#task-edit-title", "").await?;
        page.click("#task-edit-save").await?;
        page.wait_text("#task-edit-title-error", "必填").await?;
        page.fill("#task-edit-title", "开展执法示范创建活动（2023年修订）")
            .await?;
        page.fill("#task-edit-goals", "每个县市区局至少创建一个示范单位。")
            .await?;
        page.click("#task-edit-save").await?;
        page.wait_text(".toasts", "已保存").await?;
        page.wait_gone("#task-edit-form").await?;
        page.wait_text("h1", "（2023年修订）").await?;
        page.wait_text("#task-title", "").await?;
        page.wait_text("main", "每个县市区局至少创建一个示范单位")
            .await?;
        // A milestone's due date moves.
        page.click("#milestones button.milestone-edit[data-milestone='申报执法示范创建单位']")
            .await?;
        page.find(".milestone-edit-form").await?;
        let due = "#milestones .milestone-edit-form input[type='date']";
        set_input(&page, due, "2023-03-31").await?;
        page.click("#milestones .milestone-edit-save").await?;
        page.wait_gone(".milestone-edit-form").await?;
        page.wait_text("#milestones", "2023-03-31").await?;
        sign_out(&page).await?;

        // A county reports on the task but does not edit it.
        page.sign_in("edit.xq", PASSWORD).await?;
        page.goto(&format!("/tasks/{task9}")).await?;
        page.wait_text("h1", "（2023年修订）").await?;
        page.find("#milestones").await?;
        assert!(!page.exists("#task-edit").await?);
        assert!(!page.exists("#milestones button.milestone-edit").await?);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_new_benchmark_version_is_issued_and_the_old_one_kept() {
    let (app, server) = serve();
    app.add_counties();
    let bureau = app.add_user("bench.bureau", "CITY", &[Role::Bureau]);
    app.add_user("bench.xq", "XQ", &[Role::County]);
    let item =
        penalty_power_with_benchmark(&server.base_url, &bureau, &app.unit_id("CITY-LAW")).await;
    run("benchmarks", &server.base_url, |page| async move {
        page.sign_in("bench.bureau", PASSWORD).await?;
        page.click("#sidenav a[href='/discretion']").await?;
        page.click(".subnav a[href='/discretion/benchmarks']")
            .await?;
        let options = format!("#bench-item option[value='{item}']");
        page.find(&options).await?;
        page.find("#bench-item")
            .await?
            .select_by_value(&item)
            .await?;
        page.wait_text("#bench-versions li[data-version='1']", "现行")
            .await?;
        // The new version starts from the one in force; no effective date: refused.
        page.click("#bench-new").await?;
        let basis = page.find("#bench-basis").await?.prop("value").await?;
        assert_eq!(
            basis.as_deref(),
            Some("市城管执法局行政处罚裁量基准（2022）")
        );
        page.fill("#tier-max-1", "2000.123").await?;
        page.click("#bench-save").await?;
        page.wait_text("#bench-effective-error", "必填").await?;
        page.wait_text("#tier-max-1-error", "两位小数").await?;
        set_input(&page, "#bench-effective", "2030-01-01").await?;
        page.fill("#tier-max-1", "3000").await?;
        page.fill("#bench-basis", "市城管执法局行政处罚裁量基准（2030）")
            .await?;
        page.click("#bench-save").await?;
        page.wait_text(".toasts", "已发布新版本").await?;
        page.wait_gone("#bench-form").await?;
        page.wait_text("#bench-versions li[data-version='2']", "3,000")
            .await?;
        // Version 1 stays, now ending the day before version 2 starts.
        page.wait_text("#bench-versions li[data-version='1']", "2029-12-31")
            .await?;
        sign_out(&page).await?;

        // A county reads the versions but issues none.
        page.sign_in("bench.xq", PASSWORD).await?;
        page.goto("/discretion/benchmarks").await?;
        page.find(&options).await?;
        page.find("#bench-item")
            .await?
            .select_by_value(&item)
            .await?;
        page.wait_text("#bench-versions", "第2版").await?;
        assert!(!page.exists("#bench-new").await?);
        Ok(())
    })
    .await;
}

/// Cells of the first sheet of a workbook.
fn first_sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn disclosures_are_imported_from_a_sheet_and_the_list_downloads_as_xlsx() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("sheet.xq", "XQ", &[Role::County]);
    // A sheet as a clerk fills it in: the middle row has a fine in words.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("处罚公示.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let headers = [
            "执法单位*",
            "决定书文号*",
            "案由*",
            "当事人类型*",
            "当事人名称*",
            "处罚依据*",
            "罚款金额（元）",
            "执行情况*",
            "决定日期*",
        ];
        let rows = [
            [
                "XQ",
                "新城管罚决字〔2022〕第601号",
                "占道经营案",
                "法人",
                "某公司",
                "条例",
                "500",
                "已执行",
                "2022-05-10",
            ],
            [
                "XQ",
                "新城管罚决字〔2022〕第602号",
                "占道经营案",
                "法人",
                "某公司",
                "条例",
                "五百元",
                "已执行",
                "2022-05-11",
            ],
            [
                "XQ",
                "新城管罚决字〔2022〕第603号",
                "占道经营案",
                "法人",
                "某公司",
                "条例",
                "800.5",
                "未执行",
                "2022-05-12",
            ],
        ];
        for (col, h) in (0u16..).zip(headers) {
            sheet.write_string(0, col, h).unwrap();
        }
        for (row, cells) in (1u32..).zip(rows) {
            for (col, v) in (0u16..).zip(cells) {
                sheet.write_string(row, col, v).unwrap();
            }
        }
        book.save(&path).unwrap();
    }
    let file = path.to_str().unwrap().to_string();
    let other_path = dir.path().join("老区.csv");
    std::fs::write(
        &other_path,
        "执法单位,决定书文号,案由,当事人类型,当事人名称,处罚依据,执行情况,决定日期\nYQ,老城管罚决字〔2022〕第1号,占道经营案,法人,某公司,条例,已执行,2022-05-10\n",
    )
    .unwrap();
    let other = other_path.to_str().unwrap().to_string();
    run("spreadsheets", &server.base_url, |page| async move {
        page.sign_in("sheet.xq", PASSWORD).await?;
        page.click("#sidenav a[href='/disclosure']").await?;
        page.click(".subnav a[href='/disclosure/import']").await?;
        page.capture_downloads().await?;

        // The template downloads as a workbook with the required columns marked.
        page.click("#import-template").await?;
        let (name, bytes) = page.downloaded(0).await?;
        assert!(
            name.starts_with("行政处罚结果公开导入模板-") && name.ends_with(".xlsx"),
            "{name}"
        );
        assert_eq!(first_sheet(&bytes)[0][1], "决定书文号*");

        // No file chosen: said at the field.
        page.click("#import-submit").await?;
        page.wait_text("#import-file-error", "请选择").await?;

        // All or nothing: row 3 is named with its column; nothing stored.
        page.find("#import-file").await?.send_keys(&file).await?;
        page.click("#import-mode-all").await?;
        page.click("#import-submit").await?;
        page.wait_text("#import-nothing-stored", "没有导入任何记录")
            .await?;
        let row = page
            .wait_text("#import-rejected tr[data-row='3']", "罚款金额（元）")
            .await?;
        assert!(row.contains("金额"), "{row}");
        page.wait_text("#import-summary", "未导入 2").await?;

        // Row by row: rows 2 and 4 stored, row 3 still listed.
        page.click("#import-mode-each").await?;
        page.click("#import-submit").await?;
        page.wait_text("#import-summary", "新增 2").await?;
        page.find("#import-rejected tr[data-row='3']").await?;
        assert!(!page.exists("#import-nothing-stored").await?);

        // Refused: a sheet naming another county's unit is not the county's to import.
        page.find("#import-file").await?.send_keys(&other).await?;
        page.click("#import-submit").await?;
        page.wait_text(".form-alert, .alert-error", "没有执行此操作的权限")
            .await?;
        assert!(
            !page.exists("#import-report").await?,
            "no report for a refused file"
        );

        // The list downloads with its filter: the two stored records.
        page.click(".subnav a[href='/disclosure']").await?;
        page.wait_text("#records-table", "第603号").await?;
        page.fill("#filter-q", "60").await?;
        page.click("#filter-search").await?;
        page.click("#records-xlsx").await?;
        let (name, bytes) = page.downloaded(1).await?;
        assert!(name.starts_with("行政处罚结果公开-"), "{name}");
        let rows = first_sheet(&bytes);
        assert_eq!(rows[0][0], "执法单位");
        let numbers: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            numbers,
            ["新城管罚决字〔2022〕第603号", "新城管罚决字〔2022〕第601号"]
        );
        Ok(())
    })
    .await;
}

/// A receiver on loopback that answers every request 200 and counts them.
fn counting_receiver() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hooks",
        listener.local_addr().unwrap().port()
    );
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 65536];
            let _ = stream.read(&mut buf);
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    (url, count)
}

#[tokio::test]
async fn an_administrator_subscribes_a_receiver_tests_it_and_reads_the_log() {
    let (app, server) = serve_with(|c| {
        c.webhook_allowed_hosts = vec!["127.0.0.1".into()];
    });
    app.add_user("hook.admin", "CITY", &[Role::Admin]);
    let (url, count) = counting_receiver();
    run("webhooks", &server.base_url, |page| async move {
        page.sign_in("hook.admin", PASSWORD).await?;
        page.click("#sidenav a[href='/webhooks']").await?;
        // An internal address not allowed: said at the field.
        page.fill("#wh-url", "http://10.0.0.8/hooks").await?;
        page.click("#wh-save").await?;
        page.wait_text("#wh-url-error", "内网").await?;
        page.fill("#wh-url", &url).await?;
        page.fill("#wh-events", "disclosure_record.*, supervision_notice.*")
            .await?;
        page.click("#wh-save").await?;
        let secret = page.wait_text("#wh-secret-value", "whsec_").await?;
        assert!(secret.len() > 20);
        page.click("#wh-secret-done").await?;
        page.wait_text("#wh-table", "disclosure_record.*").await?;
        page.click("#wh-table .wh-test").await?;
        page.wait_text(".toasts", "测试推送已送达").await?;
        page.click("#wh-table .wh-log").await?;
        page.wait_text("#wh-delivery-table", "webhook.test").await?;
        page.wait_text("#wh-delivery-table", "已送达").await?;
        page.click("#wh-delivery-table .wh-redeliver").await?;
        page.wait_text(".toasts", "已重新推送").await?;
        Ok(())
    })
    .await;
    assert_eq!(
        count.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the test event and its redelivery"
    );
}

/// Every manual figure key of the shipped monthly template.
fn monthly_manual_keys() -> Vec<String> {
    let text = include_str!("../../../api/templates/statistics-monthly.json");
    let template: serde_json::Value = serde_json::from_str(text).unwrap();
    template["definition"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["columns"].as_array().unwrap().clone())
        .filter(|c| c["kind"] == "manual")
        .map(|c| c["key"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_county_files_the_may_report_the_city_returns_it_then_accepts_it_and_sees_the_region() {
    let (app, server) = serve();
    app.add_counties();
    let xq = app.add_user("stats.xq", "XQ", &[Role::County]);
    app.add_user("stats.city", "CITY", &[Role::Bureau]);
    // Three decisions of XQ in May 2026 (200, 300 and 500 yuan).
    let client = reqwest::Client::new();
    for (n, fine) in [(1, 20000), (2, 30000), (3, 50000)] {
        let body = serde_json::json!({
            "issuing_unit_id": app.unit_id("XQ"), "document_number": format!("新城管罚决字〔2026〕第{n}号"),
            "case_cause": "占道经营案", "party_kind": "legal_person", "party_name": "某商贸公司",
            "legal_basis": "《城市市容和环境卫生管理条例》第三十六条", "fine_fen": fine,
            "execution_status": "executed", "decision_date": format!("2026-05-1{n}")
        });
        let reply = client
            .post(server.url("/api/v1/disclosure-records"))
            .bearer_auth(&xq.access_token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
    }
    let keys = monthly_manual_keys();
    run("statistics_report", &server.base_url, |page| async move {
        // The county starts its May report and fills it in; 普通程序 says 5 where its
        // disclosures hold 3, so submitting asks for an explanation.
        page.sign_in("stats.xq", PASSWORD).await?;
        page.goto("/statistics").await?;
        page.fill("#new-period", "2026-05").await?;
        page.click("#new-report").await?;
        page.wait_text("#report-title", "城管执法月报").await?;
        let report_path = page.path().await?;
        assert!(
            report_path.starts_with("/statistics/reports/"),
            "{report_path}"
        );
        for key in &keys {
            page.fill(&format!("#fig-{key}"), "0").await?;
        }
        page.fill("#fig-cases_filed", "12").await?;
        page.fill("#fig-cases_closed", "9").await?;
        page.fill("#fig-normal_procedure", "5").await?;
        page.fill("#fig-penalty_amount", "1000").await?;
        page.wait_text("#derived-normal_procedure", "3").await?;
        page.wait_text("#diff-normal_procedure", "超出容差").await?;
        page.wait_text("#row-closure_rate", "75.00").await?;
        page.click("#report-submit").await?;
        page.wait_text("#explanation-error", "请说明原因").await?;
        page.fill("#explanation", "两宗案件的处罚公示尚在审核，未录入系统")
            .await?;
        page.click("#report-submit").await?;
        page.wait_text(".toasts", "已报送市局").await?;
        page.wait_text("#report-status", "已报送").await?;
        sign_out(&page).await?;

        // The city bureau returns it, marking the demolition area.
        page.sign_in("stats.city", PASSWORD).await?;
        page.goto(&report_path).await?;
        page.wait_text("#report-status", "已报送").await?;
        page.wait_text("#report", "两宗案件的处罚公示尚在审核")
            .await?;
        page.click("#report-return").await?;
        page.fill("#return-comment", "拆违面积请与专项台账核对")
            .await?;
        page.click("#mark-demolished_area").await?;
        page.click("#return-confirm").await?;
        page.wait_text(".toasts", "已退回填报单位").await?;
        page.wait_text("#report-status", "已退回").await?;
        sign_out(&page).await?;

        // The county sees the comment and the marked row, corrects and resubmits.
        page.sign_in("stats.xq", PASSWORD).await?;
        page.goto(&report_path).await?;
        page.wait_text("#return-notice", "拆违面积请与专项台账核对")
            .await?;
        page.wait_text("#row-demolished_area", "请核对").await?;
        page.fill("#fig-demolished_area", "356.5").await?;
        page.click("#report-submit").await?;
        page.wait_text(".toasts", "已报送市局").await?;
        page.wait_text("#revisions", "2").await?;
        sign_out(&page).await?;

        // The city bureau accepts it and reads the region view for May.
        page.sign_in("stats.city", PASSWORD).await?;
        page.goto(&report_path).await?;
        page.click("#report-accept").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "已审核通过").await?;
        page.wait_text("#report-status", "已审核").await?;
        page.goto("/statistics/region").await?;
        page.fill("#region-period", "2026-05").await?;
        page.click("#region-show").await?;
        page.wait_text("#region-count", "已审核 1").await?;
        page.wait_text("#region-total", "12").await?;
        page.wait_text("#region-missing", "老区城管执法局").await?;
        page.wait_text("#region-table", "新区城管执法局").await?;
        choose(&page, "#region-column", "拆除违法建设面积").await?;
        page.wait_text("#region-total", "356.50").await?;
        page.find("#region-bars").await?;
        page.find("#region-trend").await?;
        let summary = page
            .eval("return document.querySelector('#region-summary').value")
            .await?;
        let summary = summary.as_str().unwrap_or_default().to_string();
        assert!(
            summary.contains("已审核通过 1 个") && summary.contains("356.50"),
            "{summary}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_decision_waits_for_its_procedure_and_a_high_risk_activity_for_the_city_bureau() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("proc.xq", "XQ", &[Role::County]);
    app.add_user("proc.city", "CITY", &[Role::Bureau]);
    let ahead = (api::time::today() + chrono::Duration::days(14)).to_string();
    run("decisions_and_risks", &server.base_url, |page| async move {
        page.sign_in("proc.xq", PASSWORD).await?;
        // A major decision: deciding is refused until the procedure is complete.
        page.goto("/statistics/decisions").await?;
        page.fill("#decision-title", "城区占道经营疏导点设置方案")
            .await?;
        page.fill(
            "#decision-summary",
            "在三个街道设置疏导点，明确经营时段和管理规则。",
        )
        .await?;
        page.click("#decision-register").await?;
        page.wait_text("#step-public_participation", "未完成")
            .await?;
        page.click("#step-record").await?;
        page.wait_text("#step-public_participation", "已完成")
            .await?;
        page.fill("#decision-document", "新城管发〔2026〕3号")
            .await?;
        page.click("#decision-decide").await?;
        page.wait_text("#decision", "集体讨论决定").await?;
        page.wait_text("#decision-status", "决策程序中").await?;

        // A high-risk activity: signed off by the county, still waiting for the city.
        page.goto("/statistics/risks").await?;
        page.fill("#risk-activity", "集中拆除违法建设专项行动")
            .await?;
        set_input(&page, "#risk-date", &ahead).await?;
        page.fill("#risk-place", "新区建设路").await?;
        page.fill("#risk-0-risk", "拆除作业伤及周边建筑").await?;
        choose(&page, "#risk-0-likelihood", "3").await?;
        choose(&page, "#risk-0-impact", "4").await?;
        page.fill("#risk-0-mitigation", "专业队伍作业，设置警戒区")
            .await?;
        page.click("#risk-save").await?;
        page.wait_text("#risk-status", "高风险").await?;
        page.fill("#risk-opinion", "措施可行，同意实施").await?;
        page.click("#risk-act").await?;
        page.wait_text("#risk-status", "已签署").await?;
        page.wait_text("#risk-status", "未获批准").await?;
        let risk_path = page.path().await?;
        sign_out(&page).await?;

        page.sign_in("proc.city", PASSWORD).await?;
        page.goto("/statistics/risks").await?;
        page.click("#risks-attention").await?;
        page.wait_text("#risks-table", "集中拆除违法建设专项行动")
            .await?;
        page.goto(&risk_path).await?;
        page.fill("#risk-opinion", "同意，请公安、街道配合").await?;
        page.click("#risk-act").await?;
        page.wait_text("#risk-status", "市局已批准").await?;
        page.wait_text("#risk-status", "可实施").await?;
        Ok(())
    })
    .await;
}

/// Answers question `position` of the attempt on the page rightly: option A of a choice
/// question (the sheet puts the right answer first and the session keeps the option
/// order), "true" of a true/false one.
async fn answer_rightly(page: &Page, position: u32) -> Result<(), Box<dyn std::error::Error>> {
    let choice = format!("#q{position}-opt-0");
    if page.exists(&choice).await? {
        page.click(&choice).await
    } else {
        page.click(&format!("#q{position}-truth-true")).await
    }
}

/// Waits until the answer to question `position` was saved `saves` times from this page.
async fn wait_saved(
    page: &Page,
    position: u32,
    saves: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    page.find(&format!(
        "#q{position}-state[data-state='saved'][data-saves='{saves}']"
    ))
    .await?;
    Ok(())
}

#[tokio::test]
async fn an_organiser_imports_questions_builds_a_quarterly_quiz_an_officer_takes_it_and_the_organiser_reads_pass_rates_and_the_item_analysis(
) {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("quiz.law", "CITY-LAW", &[Role::Section]);
    app.add_user("quiz.officer", "XQ-1", &[Role::Officer]);
    // Twenty questions in the template's columns: ten single-choice ones whose first
    // option is right, ten true statements.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("试题.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let headers = [
            "分类",
            "题型",
            "题干",
            "选项A",
            "选项B",
            "选项C",
            "选项D",
            "选项E",
            "选项F",
            "选项G",
            "选项H",
            "答案",
            "解析",
            "法律依据",
            "条款",
            "标签",
        ];
        for (col, h) in (0u16..).zip(headers) {
            sheet.write_string(0, col, h).unwrap();
        }
        for n in 1..=20u32 {
            let row: Vec<String> = if n <= 10 {
                vec![
                    "行政处罚法".into(),
                    "单选题".into(),
                    format!("第{n}题：下列哪一项符合《行政处罚法》的规定？"),
                    format!("正确的说法{n}"),
                    "错误的说法甲".into(),
                    "错误的说法乙".into(),
                    "错误的说法丙".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "A".into(),
                    format!("第{n}题的解析"),
                    "《中华人民共和国行政处罚法》".into(),
                    format!("第{n}条"),
                    "处罚法".into(),
                ]
            } else {
                let mut r = vec![
                    "行政处罚法".to_string(),
                    "判断题".into(),
                    format!("判断{n}：行政处罚遵循公正、公开的原则。"),
                ];
                r.extend(std::iter::repeat_n(String::new(), 8));
                r.extend([
                    "正确".to_string(),
                    "公正、公开原则".into(),
                    "《中华人民共和国行政处罚法》".into(),
                    "第五条".into(),
                    "原则".into(),
                ]);
                r
            };
            for (col, v) in (0u16..).zip(&row) {
                sheet.write_string(n, col, v).unwrap();
            }
        }
        book.save(&path).unwrap();
    }
    let file = path.to_str().unwrap().to_string();
    // A window open now, in bureau time (UTC+8), as the builder takes it.
    let bureau = |t: chrono::DateTime<chrono::Utc>| {
        (t + chrono::Duration::hours(8))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let now = chrono::Utc::now();
    let opens = bureau(now - chrono::Duration::minutes(10));
    let closes = bureau(now + chrono::Duration::days(2));
    run("quiz_journey", &server.base_url, |page| async move {
        // The organiser adds the category and imports the questions.
        page.sign_in("quiz.law", PASSWORD).await?;
        page.click("#sidenav a[href='/quizzes']").await?;
        page.click(".subnav a[href='/quizzes/bank']").await?;
        page.fill("#category-name", "行政处罚法").await?;
        page.click("#category-add").await?;
        page.wait_text("#category-tree", "行政处罚法").await?;
        page.click(".page-actions a[href='/quizzes/bank/import']")
            .await?;
        page.find("#import-file").await?.send_keys(&file).await?;
        page.click("#import-submit").await?;
        page.wait_text("#import-summary", "新增 20").await?;
        page.click(".subnav a[href='/quizzes/bank']").await?;
        page.wait_text("#questions-table", "共 20 条").await?;

        // A quarterly quiz for 新区 with two random slots: three single-choice questions
        // and two true/false ones, ten points each; options kept in their order.
        page.click(".subnav a[href='/quizzes/sessions']").await?;
        page.click(".page-actions a[href='/quizzes/sessions/new']")
            .await?;
        page.fill("#session-title", "2026年第二季度学法考试")
            .await?;
        set_input(&page, "#session-opens", &opens).await?;
        set_input(&page, "#session-closes", &closes).await?;
        page.fill("#session-pass-score", "30").await?;
        page.click("#session-shuffle-options").await?;
        page.click("#audience-unit-XQ").await?;
        choose(&page, "#slot-0-category", "行政处罚法").await?;
        choose(&page, "#slot-0-kind", "单选题").await?;
        page.fill("#slot-0-count", "3").await?;
        page.fill("#slot-0-points", "10").await?;
        page.click("#slot-add-random").await?;
        choose(&page, "#slot-1-category", "行政处罚法").await?;
        choose(&page, "#slot-1-kind", "判断题").await?;
        page.fill("#slot-1-count", "2").await?;
        page.fill("#slot-1-points", "10").await?;
        page.wait_text("#paper-total", "5 题，总分 50 分").await?;
        page.click("#session-save").await?;
        page.wait_text("#session-status", "草稿").await?;
        let session_path = page.path().await?;
        assert!(session_path.starts_with("/quizzes/sessions/"), "{session_path}");
        page.click("#session-preview").await?;
        page.wait_text("#preview", "抽题预览：5 题，满分 50 分")
            .await?;
        page.click("#session-publish").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "考试已发布").await?;
        page.wait_text("#session-status", "进行中").await?;
        sign_out(&page).await?;

        // The officer takes it: one answer changed, the page reloaded midway.
        page.sign_in("quiz.officer", PASSWORD).await?;
        page.goto("/quizzes").await?;
        page.wait_text("#quizzes-open", "2026年第二季度学法考试")
            .await?;
        page.click("#quizzes-open .quiz-start").await?;
        page.wait_text("#attempt-countdown", "剩余时间").await?;
        page.wait_text("#attempt-progress", "已答 0 / 5").await?;
        if page.exists("#q0-opt-1").await? {
            page.click("#q0-opt-1").await?;
        } else {
            page.click("#q0-truth-false").await?;
        }
        wait_saved(&page, 0, 1).await?;
        answer_rightly(&page, 0).await?;
        wait_saved(&page, 0, 2).await?;
        page.click("#attempt-next").await?;
        answer_rightly(&page, 1).await?;
        wait_saved(&page, 1, 1).await?;
        page.wait_text("#attempt-progress", "已答 2 / 5").await?;

        page.client.refresh().await?;
        page.wait_text("#attempt-progress", "已答 2 / 5").await?;
        page.wait_text("#q0-state", "已保存").await?;
        let first = if page.exists("#q0-opt-0").await? {
            "#q0-opt-0"
        } else {
            "#q0-truth-true"
        };
        assert!(
            page.find(first).await?.is_selected().await?,
            "the changed answer is the one kept"
        );
        page.click("#nav-2").await?;
        page.wait_text("#q1-state", "已保存").await?;

        // The rest, all questions on one page.
        page.click("#view-all").await?;
        for position in 2..5 {
            answer_rightly(&page, position).await?;
            wait_saved(&page, position, 1).await?;
        }
        page.click("#attempt-submit").await?;
        page.wait_text("#confirm-dialog", "所有题目均已作答").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text("#attempt-score", "50 / 50").await?;
        page.wait_text("#attempt-passed", "合格").await?;
        page.wait_text("#attempt-review", "正确答案").await?;
        page.wait_text("#attempt-review", "《中华人民共和国行政处罚法》")
            .await?;
        page.goto("/quizzes").await?;
        page.wait_text("#my-results", "2026年第二季度学法考试")
            .await?;
        sign_out(&page).await?;

        // The organiser reads the pass rate of 新区 and the item analysis.
        page.sign_in("quiz.law", PASSWORD).await?;
        page.goto(&session_path).await?;
        page.click("#tab-participants").await?;
        page.wait_text("#participants", "quiz.officer").await?;
        page.click("#tab-results").await?;
        page.wait_text("#results-units", "新区城管执法局").await?;
        page.wait_text("#results-units", "100.0%").await?;
        page.wait_text("#results-pass-rate", "100.0%").await?;
        page.find("#results-pass-chart").await?;
        page.find("#results-distribution").await?;
        page.click("#tab-analysis").await?;
        page.wait_text("#analysis-test", "1").await?;
        let rows = page
            .eval("return document.querySelectorAll('#analysis-items tbody tr[data-question]').length")
            .await?;
        assert_eq!(rows, serde_json::json!(5), "one line per question shown");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_approval_section_runs_the_april_training_a_county_nominates_one_officer_checks_in_and_sees_the_hours(
) {
    let (app, server) = serve();
    app.add_counties();
    app.add_unit(
        "CITY-SP",
        "行政审批科",
        api_types::units::UnitKind::Section,
        "CITY",
    );
    app.add_user("train.sp", "CITY-SP", &[Role::Section]);
    app.add_user("train.xq", "XQ", &[Role::County]);
    let o1 = app.add_user("train.o1", "XQ-1", &[Role::Officer]);
    let o2 = app.add_user("train.o2", "XQ-1", &[Role::Officer]);
    // A session begun five minutes ago and running two hours, in bureau time (UTC+8).
    let bureau = |t: chrono::DateTime<chrono::Utc>| {
        (t + chrono::Duration::hours(8))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let now = chrono::Utc::now();
    let starts = bureau(now - chrono::Duration::minutes(5));
    let ends = bureau(now + chrono::Duration::hours(2));
    let dir = tempfile::tempdir().unwrap();
    let slides_path = dir.path().join("户外广告设置规范.pdf");
    std::fs::write(&slides_path, enforcement_tests::sample_pdf("课件")).unwrap();
    let slides = slides_path.display().to_string();
    run("training_journey", &server.base_url, |page| async move {
        // 行政审批科 prepares the April training, adds its session and publishes it.
        page.sign_in("train.sp", PASSWORD).await?;
        page.click("#sidenav a[href='/training']").await?;
        page.click(".subnav a[href='/training/events']").await?;
        page.click(".page-actions a[href='/training/events/new']")
            .await?;
        page.fill("#event-title", "户外广告设置和店招标牌管理业务培训")
            .await?;
        page.fill("#event-capacity", "30").await?;
        page.click("#event-save").await?;
        page.wait_text(".toasts", "培训已保存").await?;
        page.wait_text("#event-facts", "草稿").await?;
        let event_path = page.path().await?;
        page.fill("#session-title", "第一讲：户外广告设置规范")
            .await?;
        page.fill("#session-place", "市局三楼会议室").await?;
        page.fill("#session-hours", "3").await?;
        set_input(&page, "#session-starts", &starts).await?;
        set_input(&page, "#session-ends", &ends).await?;
        page.click("#session-add").await?;
        page.wait_text("#sessions-list", "第一讲：户外广告设置规范")
            .await?;
        page.find("#event-materials-input")
            .await?
            .send_keys(&slides)
            .await?;
        page.wait_text("#event-materials", "户外广告设置规范.pdf")
            .await?;
        page.click("#event-publish").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "培训已发布").await?;
        page.wait_text("#event-facts", "报名中").await?;
        // The session is on the month's calendar.
        page.click(".subnav a[href='/training/calendar']").await?;
        page.wait_text("#training-calendar", "第一讲：户外广告设置规范")
            .await?;
        sign_out(&page).await?;

        // 新区 nominates its two officers.
        page.sign_in("train.xq", PASSWORD).await?;
        page.goto(&event_path).await?;
        page.click(&format!("#nominate-{}", o1.id)).await?;
        page.click(&format!("#nominate-{}", o2.id)).await?;
        page.click("#nominate-submit").await?;
        page.wait_text(".toasts", "报名已提交").await?;
        page.wait_text("#enrolments-list", "train.o2").await?;
        page.wait_text("#event-enrolled", "2 / 30 人").await?;
        sign_out(&page).await?;

        // The organiser opens the roster and shows the code full-screen.
        page.sign_in("train.sp", PASSWORD).await?;
        page.goto(&event_path).await?;
        page.click("#sessions-list .roster-link").await?;
        page.wait_text("#roster", "train.o1").await?;
        let roster_path = page.path().await?;
        page.click("#show-code").await?;
        page.wait_text("#checkin-screen", "秒后更换").await?;
        let code = page.text("#checkin-code").await?;
        assert_eq!(code.trim().len(), 6, "{code}");
        page.click("#code-back").await?;
        page.wait_text("#roster", "train.o1").await?;
        sign_out(&page).await?;

        // One officer checks in with it (it stays valid for the next 30 s step too).
        page.sign_in("train.o1", PASSWORD).await?;
        page.goto("/training").await?;
        page.wait_text("#my-trainings", "户外广告设置和店招标牌管理业务培训")
            .await?;
        page.fill(".checkin-form input", code.trim()).await?;
        page.click(".checkin-submit").await?;
        page.wait_text(".toasts", "签到成功").await?;
        sign_out(&page).await?;

        // The organiser marks the other absent.
        page.sign_in("train.sp", PASSWORD).await?;
        page.goto(&roster_path).await?;
        page.wait_text("#roster", "签到").await?;
        choose(&page, &format!("#mark-{}", o2.id), "缺勤").await?;
        page.click("#roster-save").await?;
        page.wait_text(".toasts", "考勤已保存").await?;
        page.wait_text("#roster", "缺勤").await?;
        sign_out(&page).await?;

        // The officer sees the three hours.
        page.sign_in("train.o1", PASSWORD).await?;
        page.goto("/training").await?;
        page.wait_text("#my-hours", "已获 3 学时").await?;
        page.wait_text("#my-hours-events", "户外广告设置和店招标牌管理业务培训")
            .await?;
        // And in the legal archive, which prints.
        page.click(".subnav a[href='/training/archive']").await?;
        page.wait_text("#archive-training", "户外广告设置和店招标牌管理业务培训")
            .await?;
        page.wait_text("#archive-training", "已获 3 学时").await?;
        page.click("#archive-print").await?;
        page.wait_text("#archive-document", "train.o1法制档案")
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_contest_with_three_judges_goes_from_entry_to_published_ranking_and_into_the_archive() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("contest.law", "CITY-LAW", &[Role::Section]);
    let judges: Vec<enforcement_tests::TestUser> = (1..=3)
        .map(|i| app.add_user(&format!("contest.judge{i}"), "CITY-LAW", &[Role::Section]))
        .collect();
    app.add_user("contest.xq", "XQ", &[Role::County]);
    app.add_user("contest.o1", "XQ-1", &[Role::Officer]);
    app.add_user("contest.o2", "XQ-1", &[Role::Officer]);
    let judge_ids: Vec<String> = judges.iter().map(|j| j.id.clone()).collect();
    run("contest_journey", &server.base_url, |page| async move {
        // 政策法规科 prepares the legal-knowledge competition, appoints three judges of
        // its own and announces it.
        page.sign_in("contest.law", PASSWORD).await?;
        page.click("#sidenav a[href='/training']").await?;
        page.click(".subnav a[href='/training/contests']").await?;
        page.click(".page-actions a[href='/training/contests/new']")
            .await?;
        page.fill("#contest-title", "全市城管执法系统法律知识竞赛")
            .await?;
        page.fill("#criterion-name-0", "法律知识").await?;
        page.fill("#criterion-name-1", "临场表现").await?;
        page.click("#contest-save").await?;
        page.wait_text(".toasts", "竞赛已保存").await?;
        page.wait_text("#contest-facts", "草稿").await?;
        page.wait_text("#contest-criteria-text", "满分 100 分")
            .await?;
        let contest_path = page.path().await?;
        for id in &judge_ids {
            page.click(&format!("#judge-{id}")).await?;
        }
        page.click("#judges-save").await?;
        page.wait_text(".toasts", "评委名单已保存").await?;
        page.wait_text("#judges-list", "contest.judge3").await?;
        page.click("#contest-announce").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "竞赛已发布").await?;
        page.wait_text("#contest-facts", "报送中").await?;
        sign_out(&page).await?;

        // 新区 enters its two officers.
        page.sign_in("contest.xq", PASSWORD).await?;
        page.goto(&contest_path).await?;
        for (officer, title) in [
            ("contest.o1", "以案释法 守护城市"),
            ("contest.o2", "依法行政的温度"),
        ] {
            choose(&page, "#entry-unit", "新区第一大队").await?;
            choose(&page, "#entry-entrant", officer).await?;
            page.fill("#entry-title", title).await?;
            page.click("#entry-submit").await?;
            page.wait_text("#entries-list", title).await?;
        }
        sign_out(&page).await?;

        // The organiser closes the entries.
        page.sign_in("contest.law", PASSWORD).await?;
        page.goto(&contest_path).await?;
        page.click("#contest-start-judging").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "已开始评审").await?;
        page.wait_text("#contest-facts", "评审中").await?;
        sign_out(&page).await?;

        // Each judge scores both entries; until the last has finished nobody sees the
        // others' scores.
        let sheets = [
            [("50", "35"), ("40", "30")],
            [("55", "30"), ("42", "28")],
            [("52", "33"), ("38", "32")],
        ];
        for (i, sheet) in sheets.iter().enumerate() {
            page.sign_in(&format!("contest.judge{}", i + 1), PASSWORD)
                .await?;
            page.goto(&contest_path).await?;
            page.wait_text("#judging", "其他评委的分数在所有评委评完前不显示")
                .await?;
            for (n, (knowledge, delivery)) in sheet.iter().enumerate() {
                let card = format!("#judging .score-card:nth-of-type({})", n + 1);
                page.fill(&format!("{card} input[id$='-c1']"), knowledge)
                    .await?;
                page.fill(&format!("{card} input[id$='-c2']"), delivery)
                    .await?;
                page.click(&format!("{card} .score-save")).await?;
                let total: f64 = knowledge.parse::<f64>()? + delivery.parse::<f64>()?;
                page.wait_text(&card, &format!("我的评分：{total}")).await?;
            }
            if i < 2 {
                assert!(
                    page.client
                        .find(fantoccini::Locator::Css("#results-table"))
                        .await
                        .is_err(),
                    "scores shown before every judge has finished"
                );
                sign_out(&page).await?;
            }
        }
        // The last judge sees every score and the ranking.
        page.wait_text("#results-table", "以案释法 守护城市")
            .await?;
        page.wait_text("#results-table", "一等奖").await?;
        sign_out(&page).await?;

        // The organiser publishes the results.
        page.sign_in("contest.law", PASSWORD).await?;
        page.goto(&contest_path).await?;
        page.click("#contest-publish").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "结果已公布").await?;
        page.wait_text("#contest-facts", "已公布结果").await?;
        page.wait_text("#results-table", "二等奖").await?;
        sign_out(&page).await?;

        // The winner finds it in the legal archive.
        page.sign_in("contest.o1", PASSWORD).await?;
        page.goto("/training/archive").await?;
        page.wait_text("#archive-contests", "全市城管执法系统法律知识竞赛")
            .await?;
        page.wait_text("#archive-contests", "一等奖").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn two_counties_submit_typical_cases_and_the_published_bulletin_is_public_and_masked() {
    let (app, server) = serve();
    app.add_counties();
    // 政策法规科's reviewer holds the city bureau's role.
    app.add_user("cases.policy", "CITY-LAW", &[Role::Bureau]);
    app.add_user("cases.xq", "XQ", &[Role::County]);
    app.add_user("cases.yq", "YQ", &[Role::County]);
    run("cases_journey", &server.base_url, |page| async move {
        // Each county writes and submits its case for 2022-Q2.
        for (login, title, facts, persons) in [
            (
                "cases.xq",
                "张三丰占道经营案",
                "2022年4月，当事人张三丰（身份证号11010519491231002X）在人民路占道摆摊经营，经劝阻仍不改正。",
                "张三丰，11010519491231002X",
            ),
            (
                "cases.yq",
                "某公司违规处置建筑垃圾案",
                "某建设公司未经核准擅自处置建筑垃圾。",
                "",
            ),
        ] {
            page.sign_in(login, PASSWORD).await?;
            page.click("#sidenav a[href='/cases']").await?;
            page.wait_text("#quota-title", "本季度报送情况").await?;
            page.click("#case-new").await?;
            page.fill("#case-form-quarter", "2022-Q2").await?;
            page.fill("#case-title", title).await?;
            page.fill("#case-keywords", "占道经营、以案释法").await?;
            page.fill("#case-facts", facts).await?;
            page.fill("#case-handling", "依法责令改正，并处罚款。").await?;
            page.fill("#case-basis", "《城市市容和环境卫生管理条例》第三十六条").await?;
            page.fill("#case-significance", "先教育后处罚，处罚与教育相结合。").await?;
            page.fill("#case-persons", persons).await?;
            page.click("#case-save").await?;
            page.wait_text(".toasts", "已保存").await?;
            page.wait_text("#case-title", "草稿").await?;
            page.click("#case-submit").await?;
            page.wait_text("#case-title", "待审核").await?;
            sign_out(&page).await?;
        }

        // 政策法规科 returns 老区's case and accepts 新区's with the masked text.
        page.sign_in("cases.policy", PASSWORD).await?;
        page.goto("/cases").await?;
        page.fill("#case-quarter", "2022-Q2").await?;
        page.wait_text("#quota-table", "新区城管执法局").await?;
        page.wait_text("#case-list", "某公司违规处置建筑垃圾案").await?;
        let rows = page.text("#case-list").await?;
        assert!(rows.contains("张三丰占道经营案"), "{rows}");
        let link = |title: &'static str| format!("//table[@id='case-list']//a[text()='{title}']");
        page.client
            .find(fantoccini::Locator::XPath(&link("某公司违规处置建筑垃圾案")))
            .await?
            .click()
            .await?;
        page.fill("#case-return-comment", "请补充处理依据的条文内容").await?;
        page.click("#case-return-button").await?;
        page.wait_text("#case-title", "已退回").await?;
        page.wait_text("#case-comment", "请补充处理依据的条文内容").await?;
        page.goto("/cases").await?;
        page.fill("#case-quarter", "2022-Q2").await?;
        page.wait_text("#case-list", "张三丰占道经营案").await?;
        page.client
            .find(fantoccini::Locator::XPath(&link("张三丰占道经营案")))
            .await?
            .click()
            .await?;
        page.wait_text("#case-masked", "张某某").await?;
        let masked = page.find("#redact-facts").await?.prop("value").await?.unwrap_or_default();
        assert!(!masked.contains("张三丰") && !masked.contains("11010519491231002X"), "{masked}");
        page.click("#case-accept-button").await?;
        page.wait_text("#case-title", "已采用").await?;

        // The bulletin 2022年第2期: the accepted case only, published.
        page.goto("/cases/bulletins").await?;
        page.click("#bulletin-new").await?;
        page.fill("#bulletin-year", "2022").await?;
        page.fill("#bulletin-issue", "2").await?;
        page.fill("#bulletin-quarter", "2022-Q2").await?;
        page.fill("#bulletin-preface", "现将2022年第二季度典型案例通报如下。").await?;
        page.wait_text("#bulletin-candidates", "张某某占道经营案").await?;
        let candidates = page.text("#bulletin-candidates").await?;
        assert!(!candidates.contains("建筑垃圾"), "a returned case is not offered: {candidates}");
        page.click("#bulletin-candidates .bulletin-add").await?;
        page.fill("#commentary-0", "编者按：先教育后处罚。").await?;
        page.click("#bulletin-save").await?;
        page.wait_text(".toasts", "通报已保存").await?;
        page.wait_text("#bulletin-number", "2022年第2期").await?;
        page.click("#bulletin-publish").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "已发布").await?;
        page.wait_gone("#bulletin-publish").await?;
        sign_out(&page).await?;

        // The public reads it without signing in, masked.
        page.goto("/public/case-bulletins").await?;
        page.wait_text("#public-bulletins", "2022年第2期").await?;
        page.click("#public-bulletins a").await?;
        let view = page.wait_text("#bulletin-view", "张某某占道经营案").await?;
        assert!(view.contains("2022年第2期") && view.contains("新区城管执法局"), "{view}");
        for secret in ["张三丰", "11010519491231002X", "建筑垃圾"] {
            assert!(!view.contains(secret), "{secret} is public: {view}");
        }

        // 新区 records a decision revoked on reconsideration: the veto shows.
        page.sign_in("cases.xq", PASSWORD).await?;
        page.goto("/cases/outcomes").await?;
        page.wait_text("#vetoes-title", "一票否决事项").await?;
        page.fill("#outcome-number", "新城管罚决字〔2022〕第7号").await?;
        page.fill("#outcome-body", "某市人民政府").await?;
        set_input(&page, "#outcome-filed", "2022-06-01").await?;
        choose(&page, "#outcome-result", "撤销").await?;
        set_input(&page, "#outcome-decided", "2022-08-15").await?;
        page.click("#outcome-save").await?;
        page.wait_text(".toasts", "已登记").await?;
        page.wait_text("#outcome-list", "撤销 · 一票否决").await?;
        page.wait_text("#veto-list", "行政复议被撤销").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_fails_a_file_the_bureau_runs_may_and_the_notice_reaches_the_county() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("asm.bureau", "CITY", &[Role::Bureau]);
    app.add_user("asm.reviewer", "YQ", &[Role::County]);
    app.add_user("asm.supervision", "CITY-SUPERVISION", &[Role::Section]);
    app.add_user("asm.xq", "XQ", &[Role::County]);
    let brigade = app.unit_id("XQ-1");
    let xq = app.unit_id("XQ");
    run("assessment_journey", &server.base_url, |page| async move {
        // A reviewer of 老区 scores a file of 新区's brigade: one gate failure fails it.
        page.sign_in("asm.reviewer", PASSWORD).await?;
        page.click("#sidenav a[href='/assessment']").await?;
        page.wait_text("#new-review-title", "新建评查").await?;
        page.find("#review-unit")
            .await?
            .select_by_value(&brigade)
            .await?;
        page.fill("#review-file-title", "王五占道经营案").await?;
        page.fill("#review-file-number", "新一城管罚决字〔2026〕第5号")
            .await?;
        page.fill("#review-round", "2026年5月交叉评查").await?;
        page.click("#review-open").await?;
        page.wait_text("#review-running", "100").await?;
        page.wait_text("#review-running", "优秀").await?;
        page.click("#found-F4").await?;
        page.wait_text("#review-running", "98").await?;
        page.click("#found-J4").await?;
        page.fill("#note-J4", "违法事实不清，无现场检查笔录")
            .await?;
        page.wait_text("#review-running", "不合格").await?;
        set_input(&page, "#review-date", "2026-05-20").await?;
        page.click("#review-submit").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "评查结果已提交").await?;
        page.wait_text("#review-result", "不合格").await?;
        page.wait_text("#review-trace", "基本项不符合，案卷不合格")
            .await?;
        sign_out(&page).await?;

        // The city bureau sees this month's warnings on its dashboard, runs May and opens
        // 新区's trace.
        page.sign_in("asm.bureau", PASSWORD).await?;
        page.wait_text("#warnings-title", "本月考评预警").await?;
        page.goto("/assessment/runs").await?;
        page.fill("#run-period", "2026-05").await?;
        page.click("#run-start").await?;
        page.wait_text("#run-ranking", "新区城管执法局").await?;
        page.click(&format!("#result-{xq} .trace-toggle")).await?;
        page.wait_text(&format!("#inputs-{xq}"), "不合格案卷：1")
            .await?;
        page.wait_text(&format!("#trace-{xq}"), "不合格案卷 1，扣5分")
            .await?;
        sign_out(&page).await?;

        // 执法监督科 drafts the notice from the run.
        page.sign_in("asm.supervision", PASSWORD).await?;
        page.goto("/assessment/runs").await?;
        page.click("#run-list a").await?;
        page.click("#run-draft-notice").await?;
        page.wait_text(".toasts", "通报已起草").await?;
        page.wait_text("#notice-ranking", "新区城管执法局").await?;
        page.fill(
            "#notice-problems-input",
            "1. 新区第一大队案卷违法事实不清，评为不合格卷。",
        )
        .await?;
        page.click("#notice-save").await?;
        page.wait_text(".toasts", "通报已保存").await?;
        sign_out(&page).await?;

        // The bureau approves and publishes it.
        page.sign_in("asm.bureau", PASSWORD).await?;
        page.goto("/assessment/notices").await?;
        page.click("#notice-list a").await?;
        page.click("#notice-approve").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text("#notice-title", "已批准").await?;
        page.click("#notice-publish").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text("#notice-title", "已发布").await?;
        sign_out(&page).await?;

        // 新区 reads it, and its print view.
        page.sign_in("asm.xq", PASSWORD).await?;
        page.goto("/assessment/notices").await?;
        page.wait_text("#notice-list", "2026年5月执法办案考评通报")
            .await?;
        page.click("#notice-list a").await?;
        page.wait_text("#notice-problems", "评为不合格卷").await?;
        page.wait_text("#notice-ranking", "新区城管执法局").await?;
        page.click("#notice-print-link").await?;
        page.wait_text("#doc-number", "考评通报").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_bureau_drafts_rules_that_add_and_remove_items_and_move_a_band_then_activates_them() {
    let (app, server) = serve();
    app.add_counties();
    app.add_user("rules.bureau", "CITY", &[Role::Bureau]);
    let v1: String = {
        use api::db::schema::rule_sets;
        let mut conn = app.state.pool.get().unwrap();
        rule_sets::table
            .filter(rule_sets::kind.eq("unit_assessment"))
            .select(rule_sets::id)
            .first(&mut *conn)
            .unwrap()
    };
    run("rule_editor", &server.base_url, |page| async move {
        page.sign_in("rules.bureau", PASSWORD).await?;
        page.goto(&format!("/assessment/rules/{v1}")).await?;
        page.click("#rule-new-version").await?;
        page.wait_text(".toasts", "新版本已起草").await?;
        page.wait_text("#rule-total", "合计100分").await?;
        // A fourth item in 学习培训 (five points): the total shows 105 at once.
        page.click("#add-item-2").await?;
        page.wait_text("#rule-total", "合计105分").await?;
        page.find("#mode-2-3")
            .await?
            .select_by_value("per_event")
            .await?;
        page.find("#indicator-2-3")
            .await?
            .select_by_value("unanswered_notices")
            .await?;
        page.fill("#title-2-3", "学法督办逾期，每件扣1分").await?;
        // D2 (five points) goes: back to 100. 优秀 from 92.
        page.click("#remove-3-1").await?;
        page.wait_text("#rule-total", "合计100分").await?;
        set_input(&page, "#band-excellent", "92").await?;
        page.click("#rule-save").await?;
        page.wait_text(".toasts", "草稿已保存").await?;
        page.wait_text("#rule-changes", "新增：N1 学法督办逾期，每件扣1分")
            .await?;
        page.wait_text("#rule-changes", "删除：D2").await?;
        page.wait_text("#rule-bands-note", "优秀≥92分").await?;
        page.click("#rule-activate").await?;
        page.wait_text(".toasts", "已启用").await?;
        page.wait_text("#rule-title", "已启用").await?;
        Ok(())
    })
    .await;
}

/// Sets up the demonstration round of `year` over the API as the city bureau `bureau`:
/// the active shipped criteria, the written and on-site reviews weighed equally (no
/// assessment score), applications and reviews until the year's end, three awards and
/// `panel` as the review panel. Returns the round's id.
async fn demonstration_round(
    server: &TestServer,
    bureau: &enforcement_tests::TestUser,
    year: i32,
    panel: &[&enforcement_tests::TestUser],
) -> String {
    let client = reqwest::Client::new();
    let rules = client
        .get(server.url("/api/v1/rule-sets?kind=demonstration&status=active"))
        .bearer_auth(&bureau.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(rules.status(), 200);
    let rules: serde_json::Value = rules.json().await.unwrap();
    let items = rules["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one active demonstration rule set: {rules}");
    let criteria_id = items[0]["id"].as_str().unwrap();
    let created = client
        .post(server.url("/api/v1/demonstration-rounds"))
        .bearer_auth(&bureau.access_token)
        .json(&serde_json::json!({
            "year": year,
            "name": format!("{year}年度执法示范单位创建"),
            "criteria_id": criteria_id,
            "weights": {"written": 50, "onsite": 50, "indicators": 0},
            // To the end of the deadline day in Shanghai: open whenever the test runs.
            "apply_by": format!("{year}-12-31"),
            "review_by": format!("{year}-12-31"),
            "awards": 3,
            "reviewer_ids": panel.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
        }))
        .send()
        .await
        .unwrap();
    let status = created.status();
    let body = created.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let round: serde_json::Value = serde_json::from_str(&body).unwrap();
    round["id"].as_str().unwrap().to_string()
}

/// Waits until the `value` of the input `css` is `expected`.
async fn wait_value(
    page: &Page,
    css: &str,
    expected: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let deadline = std::time::Instant::now() + enforcement_tests::browser::STEP_TIMEOUT;
    loop {
        let value = page
            .find(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        if value == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("`{css}` holds {value:?}, expected {expected:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_brigade_applies_its_county_recommends_the_panel_scores_and_the_bureau_names_it() {
    let (app, server) = serve();
    app.add_counties();
    let bureau = app.add_user("demo.bureau", "CITY", &[Role::Bureau]);
    app.add_user("demo.brigade", "XQ-1", &[Role::County]);
    app.add_user("demo.xq", "XQ", &[Role::County]);
    // The panel: a section of the city bureau and a reviewer of another county (老区).
    let section = app.add_user("demo.section", "CITY-LAW", &[Role::Section]);
    let yq = app.add_user("demo.yq", "YQ", &[Role::County]);
    let today = api::time::today();
    let year = chrono::Datelike::year(&today);
    let round_id = demonstration_round(&server, &bureau, year, &[&section, &yq]).await;
    let round_path = format!("/demonstration/rounds/{round_id}");
    // What the brigade and the reviewer have on disk: the application form and a photo.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("示范创建申报表.pdf");
    std::fs::write(&pdf, enforcement_tests::sample_pdf("示范创建申报表")).unwrap();
    let photo = dir.path().join("现场照片.png");
    std::fs::write(
        &photo,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
    )
    .unwrap();
    let (pdf, photo) = (pdf.display().to_string(), photo.display().to_string());
    let today = today.to_string();
    run("demonstration_journey", &server.base_url, |page| async move {
        // 新区第一大队 applies: its account of the work first, then the evidence, its
        // self-assessment with the evidence linked, and submits.
        page.sign_in("demo.brigade", PASSWORD).await?;
        page.goto("/demonstration").await?;
        page.click(&format!("#round-{round_id} a")).await?;
        page.wait_path(&round_path).await?;
        page.click("#apply").await?;
        page.fill(
            "#application-summary",
            "本大队全员持证上岗，全面落实行政执法三项制度，案卷评查无不合格案卷。",
        )
        .await?;
        page.click("#application-save").await?;
        page.wait_text(".toasts", "申报已创建").await?;
        page.find("#application-status").await?;
        let application_path = page.path().await?;
        let application_id = application_path
            .strip_prefix("/demonstration/applications/")
            .ok_or_else(|| format!("the first save led to {application_path}"))?
            .to_string();
        page.wait_text("#application-status", "草稿").await?;
        page.find("#evidence-file").await?.send_keys(&pdf).await?;
        page.wait_text("#evidence .attachment-list", "示范创建申报表.pdf")
            .await?;
        let a1_evidence =
            "#criteria tr[data-item='A1'] label[data-name='示范创建申报表.pdf'] input[type='checkbox']";
        page.fill("#self-A1", "8").await?;
        page.fill("#note-A1", "全员持证，见申报表").await?;
        page.click(a1_evidence).await?;
        page.fill("#self-B1", "13").await?;
        page.wait_text("#self-total", "自评合计 21 分（满分 100 分）")
            .await?;
        page.click("#application-save").await?;
        page.wait_text(".toasts", "申报已保存").await?;
        // Saved: the draft reads back as entered.
        page.goto(&application_path).await?;
        page.wait_text("#application-self-total", "21").await?;
        wait_value(&page, "#self-A1", "8").await?;
        wait_value(&page, "#self-B1", "13").await?;
        assert!(
            page.find(a1_evidence).await?.is_selected().await?,
            "the evidence of A1 is not kept"
        );
        page.click("#application-submit").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "申报已提交").await?;
        page.wait_text("#application-status", "待县局推荐").await?;
        // Read-only now, with the evidence shown against A1.
        page.wait_gone("#application-save").await?;
        page.wait_text("#criteria tr[data-item='A1']", "示范创建申报表.pdf")
            .await?;
        sign_out(&page).await?;

        // 新区城管执法局 finds it waiting and recommends it.
        page.sign_in("demo.xq", PASSWORD).await?;
        page.goto("/demonstration/queue").await?;
        page.wait_text("#recommend-queue", "新区第一大队").await?;
        page.click(&format!("#queue-{application_id} a")).await?;
        page.wait_path(&application_path).await?;
        page.fill("#recommend-comment", "材料齐全，同意推荐。").await?;
        page.click("#recommend").await?;
        page.wait_text("#application-status", "已推荐").await?;
        page.wait_text("#recommendation", "材料齐全，同意推荐。")
            .await?;
        page.wait_gone("#recommend").await?;
        sign_out(&page).await?;

        // Two reviewers score the written phase: 95 (A1 8, B1 12) and 97 (A1 9, B2 13).
        for (login, scores, result) in [
            ("demo.section", [("A1", "8", "98"), ("B1", "12", "95")], "95"),
            ("demo.yq", [("A1", "9", "99"), ("B2", "13", "97")], "97"),
        ] {
            page.sign_in(login, PASSWORD).await?;
            page.goto(&round_path).await?;
            page.wait_text(
                &format!("#application-{application_id}"),
                "新区第一大队",
            )
            .await?;
            page.click(&format!("#written-{application_id}")).await?;
            page.wait_text("#review-title", "书面评议").await?;
            let review_path = page.path().await?;
            assert!(
                review_path.starts_with("/demonstration/reviews/"),
                "{review_path}"
            );
            // The applicant's own score and linked evidence are beside the criterion.
            page.wait_text("#criterion-A1 .self-line", "单位自评 8 分")
                .await?;
            page.wait_text("#criterion-A1 .self-line", "示范创建申报表.pdf")
                .await?;
            page.wait_text("#review-running", "评议得分：100 分").await?;
            for (item, awarded, running) in scores {
                page.fill(&format!("#score-{item}"), awarded).await?;
                page.wait_text("#review-running", &format!("评议得分：{running} 分"))
                    .await?;
            }
            page.click("#review-save").await?;
            page.wait_text(".toasts", "评议已保存").await?;
            page.goto(&review_path).await?;
            wait_value(&page, &format!("#score-{}", scores[0].0), scores[0].1).await?;
            page.wait_text("#review-running", &format!("评议得分：{result} 分"))
                .await?;
            page.click("#review-submit").await?;
            page.click("#confirm-dialog-ok").await?;
            page.wait_text(".toasts", "评议已提交").await?;
            page.wait_text("#review-result", &format!("评议得分：{result} 分"))
                .await?;
            page.wait_gone("#review-form").await?;
            if login == "demo.section" {
                sign_out(&page).await?;
            }
        }

        // 老区's reviewer visits on a tablet: the on-site review (A1 9, B1 14: 98) with the
        // checklist, a photo and notes, in one column without scrolling sideways.
        page.client.set_window_size(768, 1024).await?;
        let width = page.eval("return window.innerWidth").await?;
        assert!(
            width.as_u64().is_some_and(|w| w <= 768),
            "not a tablet-sized window: {width}"
        );
        page.goto(&round_path).await?;
        page.wait_text(&format!("#written-{application_id}"), "已提交")
            .await?;
        page.click(&format!("#onsite-{application_id}")).await?;
        page.wait_text("#review-title", "实地评议").await?;
        let onsite_path = page.path().await?;
        page.find("#photo-file").await?.send_keys(&photo).await?;
        page.wait_text("#photos .attachment-list", "现场照片.png")
            .await?;
        let visited = page.find("#visited-on").await?.prop("value").await?;
        assert!(
            visited.is_some_and(|v| !v.is_empty()),
            "the visit's day is not filled in"
        );
        set_input(&page, "#visited-on", &today).await?;
        page.fill("#participants", "新区城管执法局法制科 李明").await?;
        page.click("#check-A1").await?;
        page.click("#check-B1").await?;
        page.fill("#score-A1", "9").await?;
        page.fill("#score-B1", "14").await?;
        page.wait_text("#review-running", "评议得分：98 分").await?;
        page.fill("#review-notes", "现场查看执法记录仪使用和台账，制度上墙公开。")
            .await?;
        let overflow = page
            .eval("return document.documentElement.scrollWidth > window.innerWidth")
            .await?;
        assert_eq!(
            overflow,
            serde_json::json!(false),
            "horizontal overflow of the on-site review at 768 px"
        );
        page.click("#review-save").await?;
        page.wait_text(".toasts", "评议已保存").await?;
        page.goto(&onsite_path).await?;
        wait_value(&page, "#score-B1", "14").await?;
        wait_value(&page, "#visited-on", &today).await?;
        wait_value(&page, "#participants", "新区城管执法局法制科 李明").await?;
        assert!(page.find("#check-A1").await?.is_selected().await?);
        assert!(page.find("#check-B1").await?.is_selected().await?);
        page.click("#review-submit").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "评议已提交").await?;
        page.wait_text("#review-result", "评议得分：98 分").await?;
        page.wait_text("#visited-on-text", &today).await?;
        page.wait_text("#photos", "现场照片.png").await?;
        page.client.set_window_size(1280, 900).await?;
        sign_out(&page).await?;

        // The city bureau ranks it (written 96 of two, on-site 98 of one: 97), names it,
        // publishes the list and opens the certificate.
        page.sign_in("demo.bureau", PASSWORD).await?;
        page.goto(&round_path).await?;
        let row = "#ranking tr[data-unit='新区第一大队']";
        page.wait_text(&format!("{row} .final-score"), "97").await?;
        assert_eq!(page.text(&format!("{row} .final-score")).await?.trim(), "97");
        let ranked = page.text(row).await?;
        assert!(
            ranked.contains("96（2份）") && ranked.contains("98（1份）"),
            "{ranked}"
        );
        page.click(&format!("#name-{application_id}")).await?;
        page.wait_text("#named-count", "已选 1 个，名额 3 个").await?;
        page.click("#decide:not([disabled])").await?;
        page.wait_text(".toasts", "命名名单已确定").await?;
        page.click("#publish:not([disabled])").await?;
        page.click("#confirm-dialog-ok").await?;
        page.wait_text(".toasts", "命名名单已公布").await?;
        page.wait_text("#named-list", "新区第一大队").await?;
        page.wait_gone("#publish").await?;
        page.click("#named-list li[data-unit='新区第一大队'] .certificate-link")
            .await?;
        page.wait_path(&format!("{application_path}/certificate"))
            .await?;
        page.wait_text("#certificate-title", &format!("{year}年度"))
            .await?;
        page.wait_text("#certificate-title", "示范单位").await?;
        page.wait_text("#certificate-unit", "新区第一大队").await?;
        Ok(())
    })
    .await;

    // The named unit is on the public list.
    let public = reqwest::Client::new()
        .get(server.url("/api/v1/public/demonstration-units"))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 200);
    let public: serde_json::Value = public.json().await.unwrap();
    let named = public
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_name"] == "新区第一大队")
        .unwrap_or_else(|| panic!("新区第一大队 is not on the public list: {public}"));
    assert_eq!(named["year"], year);
    assert_eq!(named["recommender_unit_name"], "新区城管执法局");
    assert_eq!(named["final_score"].as_f64(), Some(97.0));
}
