//! Screenshots of the SPA for the documentation, taken in headless Chromium with the
//! same machinery as the browser tests:
//!
//! ```sh
//! scripts/screenshots.sh            # builds the SPA, then runs this example
//! cargo run -p enforcement-tests --example screenshots -- [output folder]
//! ```
//!
//! Writes `login-zh.png`, `login-en.png`, `dashboard-zh.png`, `dashboard-en.png`,
//! `units-zh.png`, `audit-zh.png`, `board-zh.png`, `board-en.png`, `task-zh.png`, `report-evidence-zh.png`, `disclosure-form-zh.png`,
//! `disclosure-completeness-zh.png`, `disclosure-public-zh.png`, `powers-zh.png` and
//! `discretion-zh.png`, and the pages of the administration issue (users, account,
//! service accounts, notifications, role dashboards, calendar, benchmark versions) (default folder:
//! `docs/screenshots`). The work plan, reports, a notice, the power list, a benchmark and
//! disclosure records are entered over the API first, as the units would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use api_types::units::UnitKind;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::browser::{spa_dist, Browser, BrowserResult, Page};
use enforcement_tests::{workspace_root, TestApp, TestServer, PASSWORD};
use serde_json::{json, Value};

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

/// The same sample data the pages show: the plan with reports and a notice, power items
/// with a benchmark and an amendment, disclosure records.
struct Api {
    base: String,
    client: reqwest::Client,
}

impl Api {
    async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<i64>,
    ) -> Value {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token);
        if let Some(v) = if_match {
            req = req.header("If-Match", format!("\"{v}\""));
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let value: Value = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    async fn get(&self, token: &str, path: &str) -> Value {
        self.call(token, reqwest::Method::GET, path, None, None)
            .await
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> Value {
        self.call(token, reqwest::Method::POST, path, Some(body), None)
            .await
    }

    async fn act(&self, token: &str, path: &str, version: i64, body: Value) -> Value {
        self.call(
            token,
            reqwest::Method::POST,
            path,
            Some(body),
            Some(version),
        )
        .await
    }
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

async fn sample_data(app: &TestApp, base: &str, users: &Users) {
    let api = Api {
        base: base.to_string(),
        client: reqwest::Client::new(),
    };
    let (bureau, law, xq, yq) = (&users.bureau, &users.law, &users.xq, &users.yq);
    let plan = api
        .post(
            bureau,
            "/plans/import",
            json!({"template": "capability-plan-2022"}),
        )
        .await;
    let plan_id = plan["plan"]["id"].as_str().unwrap().to_string();
    let tasks = api
        .get(bureau, &format!("/plans/{plan_id}/tasks?per_page=50"))
        .await;
    let task = |n: i64| {
        tasks["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["number"] == n)
            .map(id)
            .unwrap()
    };
    let milestone = |task_id: String, title: &'static str| {
        let api = &api;
        async move {
            let list = api
                .get(
                    bureau,
                    &format!("/milestones?task_id={task_id}&per_page=200"),
                )
                .await;
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["title"].as_str().unwrap().contains(title))
                .map(id)
                .unwrap()
        }
    };
    let report = |token: &str,
                  unit: &str,
                  task_id: &str,
                  milestone_id: &str,
                  period: &str,
                  text: &str,
                  percent: i64| {
        json!({"task_id": task_id, "milestone_id": milestone_id, "unit_id": unit, "period": period,
               "narrative": text, "percent_complete": percent, "evidence_links": [format!("/files/{token_short}.pdf", token_short = &token[..6])]})
    };
    let (t1, t6, t9) = (task(1), task(6), task(9));
    let m_stats = milestone(t1.clone(), "5月执法数据").await;
    let m_disc = milestone(t6.clone(), "公开5月").await;
    let m_apply = milestone(t9.clone(), "申报执法示范创建单位").await;
    let xq_unit = app.unit_id("XQ");
    let yq_unit = app.unit_id("YQ");
    let edz_unit = app.unit_id("EDZ");
    let r1 = api
        .post(
            xq,
            "/progress-reports",
            report(
                xq,
                &xq_unit,
                &t1,
                &m_stats,
                "2022-05",
                "已按时报送5月执法数据统计信息表。",
                100,
            ),
        )
        .await;
    api.act(
        law,
        &format!("/progress-reports/{}/acknowledge", id(&r1)),
        1,
        json!({}),
    )
    .await;
    api.post(
        xq,
        "/progress-reports",
        report(
            xq,
            &xq_unit,
            &t6,
            &m_disc,
            "2022-05",
            "5月行政处罚案件结果已全部公开。",
            100,
        ),
    )
    .await;
    let r3 = api
        .post(
            xq,
            "/progress-reports",
            report(
                xq,
                &xq_unit,
                &t9,
                &m_apply,
                "2022-10",
                "已组织第一大队完成示范单位申报材料。",
                100,
            ),
        )
        .await;
    api.act(
        law,
        &format!("/progress-reports/{}/return", id(&r3)),
        1,
        json!({"comment": "请补充申报大队的创建台账和自评材料。"}),
    )
    .await;
    // Its evidence: the scanned application and the brigade's ledger.
    for name in ["示范创建申报表.pdf", "第一大队创建台账.pdf"] {
        let (content_type, body) = enforcement_tests::multipart_file(
            name,
            "application/pdf",
            &enforcement_tests::sample_pdf(name),
        );
        let res = api
            .client
            .post(format!(
                "{base}/api/v1/progress-reports/{}/attachments",
                id(&r3)
            ))
            .bearer_auth(xq)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{name}");
    }
    api.act(
        xq,
        &format!("/progress-reports/{}/resubmit", id(&r3)),
        4,
        json!({"narrative": "已补充创建台账和自评材料，重新报送。"}),
    )
    .await;
    let r4 = api
        .post(
            yq,
            "/progress-reports",
            report(
                yq,
                &yq_unit,
                &t9,
                &m_apply,
                "2022-10",
                "申报材料正在准备中。",
                40,
            ),
        )
        .await;
    api.act(
        law,
        &format!("/progress-reports/{}/return", id(&r4)),
        1,
        json!({"comment": "进度滞后，请说明原因和完成时限。"}),
    )
    .await;
    api.post(
        users.edz.as_str(),
        "/progress-reports",
        report(
            &users.edz,
            &edz_unit,
            &t1,
            &m_stats,
            "2022-05",
            "5月统计表已报送。",
            100,
        ),
    )
    .await;
    api.post(law, "/supervision-notices", json!({"unit_id": yq_unit, "milestone_id": m_apply,
        "subject": "关于“申报执法示范创建单位”逾期未完成的督办通知",
        "body": "老区城管执法局：示范单位申报已超过截止日期尚未完成，请抓紧落实并书面回复。",
        "reply_deadline": (chrono::Utc::now() + chrono::Duration::days(10)).date_naive().to_string()})).await;

    // The power list and a benchmark.
    let law_unit = app.unit_id("CITY-LAW");
    let power = |name: &str, basis: &str| {
        json!({"name": name, "category": "administrative_penalty", "legal_basis": basis,
        "responsible_unit_id": law_unit, "responsibility_items": ["立案责任", "调查取证责任", "决定责任", "执行责任"],
        "accountability": "不履行或不正确履行职责的，依法追究责任"})
    };
    let ad = api.post(bureau, "/power-adjustments", json!({"kind": "add", "code": "CF-0001", "reason": "initial_listing", "effective_from": "2022-01-01",
        "content": power("对擅自设置大型户外广告的处罚", "《城市市容和环境卫生管理条例》第三十六条")})).await;
    let road = api.post(bureau, "/power-adjustments", json!({"kind": "add", "code": "CF-0002", "reason": "initial_listing", "effective_from": "2022-01-01",
        "content": power("对占用城市道路摆摊设点的处罚", "《城市道路管理条例》第四十二条")})).await;
    api.post(bureau, "/power-adjustments", json!({"kind": "add", "code": "CF-0003", "reason": "initial_listing", "effective_from": "2022-01-01",
        "content": power("对随意倾倒、抛撒生活垃圾的处罚", "《城市生活垃圾管理办法》第四十二条")})).await;
    api.post(bureau, "/power-adjustments", json!({"kind": "amend", "item_id": road["item_id"], "reason": "law_revised", "reason_detail": "条例修订后条款序号调整", "effective_from": "2024-03-01",
        "content": power("对占用城市道路摆摊设点的处罚", "《城市道路管理条例》（2019年修订）第四十二条")})).await;
    api.post(bureau, "/power-adjustments", json!({"kind": "add", "code": "CF-0004", "reason": "law_enacted", "effective_from": "2024-06-01",
        "content": power("对未按规定分类投放生活垃圾的处罚", "《生活垃圾分类管理条例》第三十八条")})).await;
    let ad_item = ad["item_id"].as_str().unwrap().to_string();
    api.post(bureau, "/discretion-benchmarks", json!({"power_item_id": ad_item, "effective_from": "2022-01-01",
        "legal_basis": "市城管执法局行政处罚裁量基准（2022）",
        "tiers": [
            {"code": "minor", "name": "轻微", "conditions": "首次违法，面积较小且在责令期限内自行拆除", "no_penalty": true},
            {"code": "general", "name": "一般", "conditions": "广告面积10平方米以下，责令后拆除", "fine_min_fen": 50_000, "fine_max_fen": 200_000, "other_measures": "责令限期拆除"},
            {"code": "serious", "name": "严重", "conditions": "广告面积10平方米以上或拒不拆除", "fine_min_fen": 500_000, "fine_max_fen": 1_000_000, "other_measures": "责令限期拆除"}
        ],
        "factors": [
            {"code": "first", "name": "初次违法且主动改正", "direction": "mitigating"},
            {"code": "cooperate", "name": "积极配合调查", "direction": "mitigating"},
            {"code": "refuse", "name": "拒不配合调查或阻碍执法", "direction": "aggravating"}
        ]})).await;

    // Published decisions of two county bureaus.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let day = |back: i64| (today - chrono::Duration::days(back)).to_string();
    let records = [
        (
            xq,
            &xq_unit,
            "新城管罚决字〔2024〕第12号",
            "擅自设置户外广告案",
            "natural_person",
            "王小明",
            None::<&str>,
            150_000,
            3,
            true,
        ),
        (
            xq,
            &xq_unit,
            "新城管罚决字〔2024〕第13号",
            "占道经营案",
            "legal_person",
            "新区鑫源商贸有限公司",
            None,
            50_000,
            2,
            true,
        ),
        (
            yq,
            &yq_unit,
            "老城管罚决字〔2024〕第5号",
            "随意倾倒建筑垃圾案",
            "natural_person",
            "李建国",
            None,
            20_000,
            1,
            true,
        ),
        (
            yq,
            &yq_unit,
            "老城管罚决字〔2024〕第6号",
            "未按规定分类投放生活垃圾案",
            "natural_person",
            "赵丽",
            None,
            5_000,
            0,
            false,
        ),
    ];
    for (token, unit, number, cause, kind, name, id_number, fine, back, publish) in records {
        let mut body = json!({"issuing_unit_id": unit, "document_number": number, "case_cause": cause, "party_kind": kind,
            "party_name": name, "legal_basis": "《城市市容和环境卫生管理条例》", "fine_fen": fine,
            "execution_status": "executed", "decision_date": day(back)});
        if kind == "legal_person" {
            body["party_credit_code"] = json!("91350100M000100Y43");
            body["other_measures"] = json!("责令改正");
        }
        if let Some(n) = id_number {
            body["party_id_number"] = json!(n);
        }
        let record = api.post(token, "/disclosure-records", body).await;
        if publish {
            api.act(
                token,
                &format!("/disclosure-records/{}/publish", id(&record)),
                1,
                json!({"publication_date": day(0)}),
            )
            .await;
        }
    }
}

struct Users {
    bureau: String,
    law: String,
    xq: String,
    yq: String,
    edz: String,
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
    page.find("#disclosure-trend svg").await?;
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

    // The audit trail after a verification and an export of the disclosure records.
    page.click("#sidenav a[href='/audit']").await?;
    page.wait_text("#audit-table tbody", "新增").await?;
    page.click("#audit-verify").await?;
    page.wait_text("#verify-result", "校验通过").await?;
    page.click("#export-download").await?;
    page.wait_text("#export-result", "已导出").await?;
    page.client.set_window_size(1280, 1100).await?;
    shoot(page, out, "audit-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;

    // Accounts, with the create form open; then the same page in English; my account.
    page.click("#sidenav a[href='/users']").await?;
    page.wait_text("#users-table tbody", "xq.liu").await?;
    page.click("#account-new").await?;
    page.find("#account-form").await?;
    page.client.set_window_size(1280, 1100).await?;
    shoot(page, out, "users-zh.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "Users").await?;
    shoot(page, out, "users-en.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "用户管理").await?;
    page.click("a.user-text").await?;
    page.wait_text("#session-list", "当前设备").await?;
    shoot(page, out, "account-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;

    // The supervision board as the city bureau sees it.
    page.click("#sidenav a[href='/tasks']").await?;
    page.find("#board td[data-task='9'][data-unit='XQ']")
        .await?;
    page.client.set_window_size(1280, 1300).await?;
    page.goto_query_free_scroll("#board tr[data-unit='CITY-SANITATION']")
        .await?;
    shoot(page, out, "board-zh.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "Tasks & supervision").await?;
    page.goto_query_free_scroll("#board-title").await?;
    shoot(page, out, "board-en.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "工作任务与督办").await?;
    // The city bureau's dashboard once the plan runs: overdue work, disclosure.
    page.click("#sidenav a[href='/']").await?;
    page.find("#overdue-by-task .chart-link").await?;
    page.client.set_window_size(1280, 1500).await?;
    shoot(page, out, "dashboard-bureau-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;
    // The working calendar, with the shipped 2026 flagged for checking.
    page.click("#sidenav a[href='/calendar']").await?;
    page.find("#calendar-year")
        .await?
        .select_by_value("2026")
        .await?;
    page.wait_text("#calendar-unverified", "2026").await?;
    page.client.set_window_size(1280, 1400).await?;
    shoot(page, out, "calendar-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;
    // A task with its milestones and reports, as the lead section sees it.
    sign_out(page).await?;
    page.sign_in("law.chen", PASSWORD).await?;
    page.click("#sidenav a[href='/tasks']").await?;
    page.click("#board td[data-task='9'][data-unit='YQ'] a")
        .await?;
    page.wait_text(".report-card", "老区").await?;
    page.find("#task-unit").await?.select_by_value("").await?;
    page.wait_text("#reports", "新区").await?;
    page.client.set_window_size(1280, 1500).await?;
    shoot(page, out, "task-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;
    // A report's evidence files, as its reviewer sees them.
    page.goto_query_free_scroll(".report-card[data-unit='XQ']")
        .await?;
    page.wait_text(".report-card[data-unit='XQ'] .attachments", "创建台账")
        .await?;
    shoot(page, out, "report-evidence-zh.png").await?;
    // The section's dashboard (reports to review) and its notifications.
    page.click("#sidenav a[href='/']").await?;
    page.find("#unit-work #dash-reviews").await?;
    page.client.set_window_size(1280, 1100).await?;
    shoot(page, out, "dashboard-section-zh.png").await?;
    page.click("#notification-bell").await?;
    page.find("#notifications tbody tr").await?;
    shoot(page, out, "notifications-zh.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "Notifications").await?;
    shoot(page, out, "notifications-en.png").await?;
    page.click("#lang-switch").await?;
    page.wait_text("h1", "消息通知").await?;
    page.client.set_window_size(1280, 900).await?;
    sign_out(page).await?;

    // A county enters a decision with a fine beyond the benchmark.
    page.sign_in("xq.liu", PASSWORD).await?;
    page.goto("/disclosure/new").await?;
    page.fill("#document_number", "新城管罚决字〔2024〕第15号")
        .await?;
    page.fill("#case_cause", "擅自设置大型户外广告案").await?;
    page.fill("#legal_basis", "《城市市容和环境卫生管理条例》第三十六条")
        .await?;
    page.fill("#party_name", "张三丰").await?;
    page.fill("#party_id_number", "11010519491231002X").await?;
    let item = page
        .eval("return Array.from(document.querySelector('#power_item_id').options).find(o => o.text.includes('CF-0001')).value")
        .await?;
    page.find("#power_item_id")
        .await?
        .select_by_value(item.as_str().unwrap_or_default())
        .await?;
    page.find("#discretion_tier option[value='general']")
        .await?;
    page.find("#discretion_tier")
        .await?
        .select_by_value("general")
        .await?;
    page.fill("#fine_fen", "5000").await?;
    page.find("#fine-warning").await?;
    page.click("#disclosure-save").await?;
    page.find("#fine_fen-error").await?;
    page.goto_query_free_scroll("#party_name").await?;
    shoot(page, out, "disclosure-form-zh.png").await?;
    sign_out(page).await?;

    // The bureau's monthly completeness by unit.
    page.sign_in("zhang.wei", PASSWORD).await?;
    page.goto("/disclosure/completeness").await?;
    page.find("#completeness-chart svg rect").await?;
    page.client.set_window_size(1280, 1100).await?;
    shoot(page, out, "disclosure-completeness-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;
    sign_out(page).await?;

    // The public pages, signed out.
    page.click("#public-links a[href='/public/disclosure']")
        .await?;
    page.wait_text("#public-table tbody", "王某某").await?;
    shoot(page, out, "disclosure-public-zh.png").await?;
    page.click(".public-nav a[href='/public/powers']").await?;
    page.wait_text("#powers-table tbody", "CF-0002").await?;
    page.click("button.power-open[data-code='CF-0002']").await?;
    page.find("#power-history li").await?;
    page.client
        .execute(
            "const i = document.querySelector('#diff-from'); i.value = '2022-01-01'; i.dispatchEvent(new Event('input', {bubbles: true}));",
            Vec::new(),
        )
        .await?;
    page.click("#diff-run").await?;
    page.find("#power-diff").await?;
    shoot(page, out, "powers-zh.png").await?;
    page.click(".public-nav a[href='/public/discretion']")
        .await?;
    let item = page
        .eval("return new Promise(r => { const t = () => { const o = Array.from(document.querySelector('#calc-item').options).find(o => o.text.includes('CF-0001')); o ? r(o.value) : setTimeout(t, 100); }; t(); })")
        .await?;
    page.find("#calc-item")
        .await?
        .select_by_value(item.as_str().unwrap_or_default())
        .await?;
    page.click("#tier-general").await?;
    page.click("#factor-first").await?;
    page.click("#calc-run").await?;
    page.find("#calc-range").await?;
    page.client.set_window_size(1280, 1000).await?;
    shoot(page, out, "discretion-zh.png").await?;

    // The benchmark versions of that power, as the city bureau maintains them.
    page.sign_in("zhang.wei", PASSWORD).await?;
    page.goto("/discretion/benchmarks").await?;
    page.find(&format!(
        "#bench-item option[value='{}']",
        item.as_str().unwrap_or_default()
    ))
    .await?;
    page.find("#bench-item")
        .await?
        .select_by_value(item.as_str().unwrap_or_default())
        .await?;
    page.find("#bench-versions li[data-version='1']").await?;
    page.client.set_window_size(1280, 1000).await?;
    shoot(page, out, "benchmarks-zh.png").await?;
    sign_out(page).await?;

    // A service account just created, its secret shown once (as the administrator).
    page.client.set_window_size(1280, 900).await?;
    page.sign_in("admin.ma", PASSWORD).await?;
    page.click("#sidenav a[href='/service-accounts']").await?;
    page.click("#sa-new").await?;
    page.fill("#sa-name", "市数字城管平台").await?;
    page.fill("#sa-description", "同步处罚公开信息与组织机构")
        .await?;
    let digital = page
        .eval("return Array.from(document.querySelector('#sa-unit').options).find(o => o.text.includes('数字城管')).value")
        .await?;
    page.find("#sa-unit")
        .await?
        .select_by_value(digital.as_str().unwrap_or_default())
        .await?;
    page.click("#sa-grant-units-read").await?;
    page.click("#sa-grant-disclosure-read").await?;
    page.click("#sa-save").await?;
    page.find("#sa-client-secret").await?;
    page.wait_text("#sa-table tbody", "市数字城管平台").await?;
    shoot(page, out, "service-accounts-zh.png").await?;

    // A webhook subscription of the provincial platform, its secret shown once.
    page.click("#sidenav a[href='/webhooks']").await?;
    page.fill("#wh-url", "https://8.8.8.8/enforcement/hooks")
        .await?;
    page.fill("#wh-description", "省行政执法监督平台").await?;
    page.fill(
        "#wh-events",
        "disclosure_record.publish, disclosure_record.correct, disclosure_record.withdraw",
    )
    .await?;
    page.click("#wh-save").await?;
    page.wait_text("#wh-secret-value", "whsec_").await?;
    page.wait_text("#wh-table tbody", "8.8.8.8").await?;
    shoot(page, out, "webhooks-zh.png").await?;
    sign_out(page).await?;

    // A county imports a sheet with a bad row: the report names the row and column.
    let sheet = std::env::temp_dir().join("处罚公开导入示例.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        let rows: [[&str; 9]; 4] = [
            [
                "执法单位*",
                "决定书文号*",
                "案由*",
                "当事人类型*",
                "当事人名称*",
                "处罚依据*",
                "罚款金额（元）",
                "执行情况*",
                "决定日期*",
            ],
            [
                "XQ",
                "新城管罚决字〔2026〕第88号",
                "占道经营案",
                "法人",
                "某某餐饮有限公司",
                "《城市道路管理条例》第四十二条",
                "500",
                "已执行",
                "2026-11-20",
            ],
            [
                "XQ",
                "新城管罚决字〔2026〕第89号",
                "擅自设置户外广告案",
                "个体户",
                "王某",
                "《城市市容和环境卫生管理条例》第三十六条",
                "五百元",
                "已执行",
                "2026-11-31",
            ],
            [
                "XQ",
                "新城管罚决字〔2026〕第90号",
                "乱倒建筑垃圾案",
                "法人",
                "某某建设工程有限公司",
                "《城市建筑垃圾管理规定》第二十六条",
                "2000",
                "未执行",
                "2026-11-25",
            ],
        ];
        for (r, row) in (0u32..).zip(rows) {
            for (c, v) in (0u16..).zip(row) {
                let _ = ws.write_string(r, c, v);
            }
        }
        let _ = book.save(&sheet);
    }
    page.sign_in("xq.liu", PASSWORD).await?;
    page.goto("/disclosure/import").await?;
    page.find("#import-file")
        .await?
        .send_keys(sheet.to_str().unwrap_or_default())
        .await?;
    page.click("#import-mode-all").await?;
    page.click("#import-submit").await?;
    page.wait_text("#import-rejected", "罚款金额").await?;
    page.client.set_window_size(1280, 1100).await?;
    page.eval("document.querySelector('.upload-card, #import-upload-title').scrollIntoView(); return true;")
        .await?;
    shoot(page, out, "disclosure-import-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;
    sign_out(page).await?;

    // A supervision notice printed as an official document.
    page.sign_in("law.chen", PASSWORD).await?;
    page.goto("/tasks/notices").await?;
    page.click("#notice-issued .notice-print").await?;
    page.wait_text("#doc-number", "督办〔").await?;
    page.client.set_window_size(1280, 1200).await?;
    shoot(page, out, "notice-print-zh.png").await?;
    page.client.set_window_size(1280, 900).await?;
    Ok(())
}

async fn sign_out(page: &Page) -> BrowserResult {
    page.click("#logout").await?;
    page.click("#confirm-dialog-ok").await?;
    page.wait_path("/login").await
}

/// Scrolls the element `css` to the top of the window.
trait ScrollTo {
    async fn goto_query_free_scroll(&self, css: &str) -> BrowserResult;
}

impl ScrollTo for Page {
    async fn goto_query_free_scroll(&self, css: &str) -> BrowserResult {
        self.find(css).await?;
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, -80);",
                vec![json!(css)],
            )
            .await?;
        Ok(())
    }
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
    app.add_user("admin.ma", "CITY", &[Role::Admin]);
    let law = app.add_user("law.chen", "CITY-LAW", &[Role::Section]);
    let xq = app.add_user("xq.liu", "XQ", &[Role::County]);
    let yq = app.add_user("yq.zhao", "YQ", &[Role::County]);
    let edz = app.add_user("edz.sun", "EDZ", &[Role::County]);
    {
        use api::db::schema::users;
        let mut conn = app.state.pool.get().unwrap();
        for (user, name) in [(&law, "陈静"), (&xq, "刘洋"), (&yq, "赵磊"), (&edz, "孙敏")] {
            diesel::update(users::table.filter(users::id.eq(&user.id)))
                .set(users::name.eq(name))
                .execute(&mut *conn)
                .unwrap();
        }
    }
    let server = TestServer::start(app.state.clone());
    let users = Users {
        bureau: user.access_token.clone(),
        law: law.access_token,
        xq: xq.access_token,
        yq: yq.access_token,
        edz: edz.access_token,
    };
    sample_data(&app, &server.base_url, &users).await;

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
