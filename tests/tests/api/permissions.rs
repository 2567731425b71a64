//! Walks the permission matrix (`api/permissions.yaml`): every endpoint of the OpenAPI
//! document is listed there; each protected one answers 401 without a token, and for
//! every role, with a target in the caller's own unit and in another unit, 2xx where the
//! matrix allows it and 403 where it does not.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::test::{init_service, TestRequest};
use api::auth::policy::{policy, Permission, Scope};
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{send, TestApp, TestUser};
use serde_json::json;

use crate::cases;
use crate::contests;
use crate::degrees;
use crate::training;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn next() -> usize {
    COUNTER.fetch_add(1, Ordering::SeqCst)
}

/// The caller for one role: a user (or, for `integration`, a service account with every
/// grant it may hold), and the code of its unit.
struct Caller {
    role: Role,
    unit: &'static str,
    token: String,
    /// The user behind the token (none for the service account).
    user: Option<TestUser>,
}

impl Caller {
    fn bearer(&self) -> (&'static str, String) {
        ("Authorization", format!("Bearer {}", self.token))
    }
}

/// Whether the matrix lets `role` use `permission` on data of a unit that is `own`
/// (the caller's unit) or another one.
fn allowed(role: Role, permission: &str, own: bool, target: &str) -> bool {
    let permission = Permission::parse(permission).unwrap();
    if target == "self" {
        // The caller's own record: any scope of the permission will do.
        return policy().scope(permission, &[role]).is_some();
    }
    match policy().scope(permission, &[role]) {
        None | Some(Scope::SelfOnly) => false,
        Some(Scope::All) => true,
        Some(Scope::Own) | Some(Scope::Subtree) => own,
    }
}

fn version_of(t: &TestApp, table: &str, id: &str) -> i64 {
    let mut conn = t.state.pool.get().unwrap();
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        version: i64,
    }
    diesel::sql_query(format!("SELECT version FROM {table} WHERE id = '{id}'"))
        .get_result::<V>(&mut *conn)
        .unwrap()
        .version
}

/// A request to `method path` that succeeds when the caller is allowed to act on data
/// of the unit `target` (a code). Set-up is done as `admin`.
async fn fixture<S, B>(
    t: &TestApp,
    app: &S,
    admin: &TestUser,
    method: &str,
    path: &str,
    target: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let bureau = t.add_user(&format!("setup{}", next()), "CITY", &[Role::Bureau]);
    let plan = plan_id(t);
    fixture_with(t, app, admin, &bureau, &plan, method, path, target).await
}

/// The imported plan's id (imported on first use; importing again changes nothing).
fn plan_id(t: &TestApp) -> String {
    let mut conn = t.state.pool.get().unwrap();
    api::resources::plans::template::import_audited(&mut conn, "capability-plan-2022")
        .unwrap()
        .plan
        .id
        .to_string()
}

/// The id in a successful set-up response.
fn created(reply: enforcement_tests::Reply) -> String {
    assert!(reply.status.is_success(), "set-up failed: {}", reply.text());
    reply.json()["id"].as_str().unwrap().to_string()
}

#[allow(clippy::too_many_arguments)]
async fn fixture_with<S, B>(
    t: &TestApp,
    app: &S,
    admin: &TestUser,
    bureau: &TestUser,
    plan: &str,
    method: &str,
    path: &str,
    target: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let unit = t.unit_id(target);
    let n = next();
    // A task led by the target unit, with the target responsible for it.
    let task_led = || async {
        let body = json!({"number": 100 + n, "title": format!("任务{n}"), "lead_unit_ids": [unit], "responsible": {"unit_ids": [unit]}});
        created(
            send(
                app,
                bureau.post(&format!("/api/v1/plans/{plan}/tasks"), &body),
            )
            .await,
        )
    };
    let overdue_milestone = |task: String| async move {
        let body = json!({"title": format!("节点{n}"), "due_date": "2020-01-31", "owners": {"unit_ids": [t.unit_id(target)]}});
        created(
            send(
                app,
                bureau.post(&format!("/api/v1/tasks/{task}/milestones"), &body),
            )
            .await,
        )
    };
    let report_on = |task: String| async move {
        let reporter = t.add_user(&format!("reporter{n}"), target, &[Role::Section]);
        let body = json!({"task_id": task, "unit_id": t.unit_id(target), "period": "2022-06", "narrative": "进展", "percent_complete": 50});
        created(send(app, reporter.post("/api/v1/progress-reports", &body)).await)
    };
    let notice_on = |task: String| async move {
        let milestone = overdue_milestone(task).await;
        let body = json!({"unit_id": t.unit_id(target), "milestone_id": milestone, "subject": "督办", "body": "请说明", "reply_deadline": "2099-01-01"});
        created(send(app, bureau.post("/api/v1/supervision-notices", &body)).await)
    };
    let disclosure_body = || {
        json!({
            "issuing_unit_id": unit, "document_number": format!("罚决字〔2022〕第{n}号"), "case_cause": "占道经营案",
            "party_kind": "legal_person", "party_name": "某公司", "legal_basis": "条例", "fine_fen": 100,
            "execution_status": "executed", "decision_date": "2022-05-10"
        })
    };
    let disclosure_draft = || async {
        let mut body = disclosure_body();
        body["document_number"] = json!(format!("罚决字〔2022〕第{n}-0号"));
        created(send(app, bureau.post("/api/v1/disclosure-records", &body)).await)
    };
    let new_account = || async {
        let r = send(
            app,
            admin.post(
                "/api/v1/service-accounts",
                &json!({"name": format!("sys{n}"), "unit_id": t.unit_id("CITY"), "grants": []}),
            ),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["account"]["id"].as_str().unwrap().to_string()
    };
    let webhook = || async {
        let r = send(
            app,
            admin.post(
                "/api/v1/webhook-subscriptions",
                &json!({"url": "http://127.0.0.1:9/hooks", "event_types": ["*"]}),
            ),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["subscription"]["id"].as_str().unwrap().to_string()
    };
    let webhook_delivery = || async {
        let sub = webhook().await;
        let r = send(
            app,
            admin.post(
                &format!("/api/v1/webhook-subscriptions/{sub}/test"),
                &json!({}),
            ),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["delivery"]["id"].as_str().unwrap().to_string()
    };
    // A report of the target unit with one evidence file; returns the file's id.
    let evidence_on = |task: String| async move {
        let reporter = t.add_user(&format!("uploader{n}"), target, &[Role::Section]);
        let body = json!({"task_id": task, "unit_id": t.unit_id(target), "period": "2022-06", "narrative": "进展", "percent_complete": 50});
        let report = created(send(app, reporter.post("/api/v1/progress-reports", &body)).await);
        let uri = format!("/api/v1/progress-reports/{report}/attachments");
        created(
            send(
                app,
                reporter.upload(
                    &uri,
                    "证明.pdf",
                    &enforcement_tests::sample_pdf(&n.to_string()),
                ),
            )
            .await,
        )
    };
    match (method, path) {
        ("GET", "/api/v1/units") => TestRequest::get().uri("/api/v1/units"),
        ("GET", "/api/v1/units/tree") => TestRequest::get().uri("/api/v1/units/tree"),
        ("GET", "/api/v1/units/{id}") => TestRequest::get().uri(&format!("/api/v1/units/{unit}")),
        ("POST", "/api/v1/units") => {
            let kind = if target == "CITY" { "county_bureau" } else { "brigade" };
            TestRequest::post()
                .uri("/api/v1/units")
                .set_json(json!({"code": format!("P-{n}"), "name": format!("单位{n}"), "kind": kind, "parent_id": unit}))
        }
        ("PATCH", "/api/v1/units/{id}") => TestRequest::patch()
            .uri(&format!("/api/v1/units/{unit}"))
            .insert_header(("If-Match", format!("\"{}\"", version_of(t, "units", &unit))))
            .set_json(json!({"sort_order": n})),
        ("GET", "/api/v1/users") => TestRequest::get().uri(&format!("/api/v1/users?unit_id={unit}")),
        ("GET", "/api/v1/users/{id}") => {
            let user = t.add_user(&format!("target{n}"), target, &[Role::Officer]);
            TestRequest::get().uri(&format!("/api/v1/users/{}", user.id))
        }
        ("POST", "/api/v1/users") => TestRequest::post().uri("/api/v1/users").set_json(json!({
            "login": format!("new{n}"), "name": "新用户", "unit_id": unit, "roles": ["officer"], "password": "Initial-password-1"
        })),
        ("PATCH", "/api/v1/users/{id}") => {
            let user = t.add_user(&format!("target{n}"), target, &[Role::Officer]);
            TestRequest::patch()
                .uri(&format!("/api/v1/users/{}", user.id))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"name": "改名"}))
        }
        ("POST", "/api/v1/users/{id}/temporary-password") => {
            let user = t.add_user(&format!("target{n}"), target, &[Role::Officer]);
            TestRequest::post().uri(&format!("/api/v1/users/{}/temporary-password", user.id))
        }
        ("POST", "/api/v1/users/{id}/password") => {
            let user = t.add_user(&format!("target{n}"), target, &[Role::Officer]);
            TestRequest::post()
                .uri(&format!("/api/v1/users/{}/password", user.id))
                .set_json(json!({"new_password": "Reset-password-1"}))
        }
        ("GET", "/api/v1/service-accounts") => TestRequest::get().uri("/api/v1/service-accounts"),
        ("GET", "/api/v1/service-accounts/{id}") => {
            let id = new_account().await;
            TestRequest::get().uri(&format!("/api/v1/service-accounts/{id}"))
        }
        ("POST", "/api/v1/service-accounts") => TestRequest::post()
            .uri("/api/v1/service-accounts")
            .set_json(json!({"name": format!("sys{n}"), "unit_id": unit, "grants": ["units.read"]})),
        ("PATCH", "/api/v1/service-accounts/{id}") => {
            let id = new_account().await;
            TestRequest::patch()
                .uri(&format!("/api/v1/service-accounts/{id}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"description": "changed"}))
        }
        ("POST", "/api/v1/service-accounts/{id}/rotate-secret") => {
            let id = new_account().await;
            TestRequest::post().uri(&format!("/api/v1/service-accounts/{id}/rotate-secret"))
        }
        ("GET", "/api/v1/audit-events") => TestRequest::get().uri("/api/v1/audit-events"),
        ("GET", "/api/v1/audit-events/verify") => TestRequest::get().uri("/api/v1/audit-events/verify"),
        ("GET", "/api/v1/audit-events:xlsx") => TestRequest::get().uri("/api/v1/audit-events:xlsx?action=login"),
        ("GET", "/api/v1/plans") => TestRequest::get().uri("/api/v1/plans"),
        ("GET", "/api/v1/plans/{id}") => TestRequest::get().uri(&format!("/api/v1/plans/{plan}")),
        ("POST", "/api/v1/plans") => TestRequest::post().uri("/api/v1/plans").set_json(json!({"year": 2023, "title": format!("方案{n}")})),
        ("PATCH", "/api/v1/plans/{id}") => {
            let id = created(send(app, bureau.post("/api/v1/plans", &json!({"year": 2024, "title": format!("方案{n}")}))).await);
            TestRequest::patch()
                .uri(&format!("/api/v1/plans/{id}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"description": "修改"}))
        }
        ("POST", "/api/v1/plans/import") => TestRequest::post().uri("/api/v1/plans/import").set_json(json!({"template": "capability-plan-2022"})),
        ("GET", "/api/v1/plans/{id}/tasks") => TestRequest::get().uri(&format!("/api/v1/plans/{plan}/tasks")),
        ("GET", "/api/v1/plans/{id}/tasks:xlsx") => TestRequest::get().uri(&format!("/api/v1/plans/{plan}/tasks:xlsx")),
        ("POST", "/api/v1/plans/{id}/tasks") => TestRequest::post().uri(&format!("/api/v1/plans/{plan}/tasks")).set_json(json!({
            "number": 100 + n, "title": format!("任务{n}"), "lead_unit_ids": [unit], "responsible": {"unit_kinds": ["county_bureau"]}
        })),
        ("GET", "/api/v1/tasks/{id}") => TestRequest::get().uri(&format!("/api/v1/tasks/{}", task_led().await)),
        ("PATCH", "/api/v1/tasks/{id}") => TestRequest::patch()
            .uri(&format!("/api/v1/tasks/{}", task_led().await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"goals": "目标"})),
        ("GET", "/api/v1/milestones") => TestRequest::get().uri(&format!("/api/v1/milestones?plan_id={plan}")),
        ("GET", "/api/v1/milestones/{id}") => {
            let m = overdue_milestone(task_led().await).await;
            TestRequest::get().uri(&format!("/api/v1/milestones/{m}"))
        }
        ("POST", "/api/v1/tasks/{id}/milestones") => TestRequest::post()
            .uri(&format!("/api/v1/tasks/{}/milestones", task_led().await))
            .set_json(json!({"title": "节点", "due_date": "2030-06-30", "owners": {"unit_ids": [unit]}})),
        ("PATCH", "/api/v1/milestones/{id}") => {
            let m = overdue_milestone(task_led().await).await;
            TestRequest::patch()
                .uri(&format!("/api/v1/milestones/{m}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"deliverable": "材料"}))
        }
        ("GET", "/api/v1/implementation-items") => TestRequest::get().uri(&format!("/api/v1/implementation-items?unit_id={unit}")),
        ("POST", "/api/v1/tasks/{id}/items") => TestRequest::post()
            .uri(&format!("/api/v1/tasks/{}/items", task_led().await))
            .set_json(json!({"unit_id": unit, "kind": "self_chosen", "title": "自选动作", "due_date": "2030-06-30"})),
        ("PATCH", "/api/v1/implementation-items/{id}") => {
            let task = task_led().await;
            let body = json!({"unit_id": unit, "kind": "required", "title": "规定动作", "due_date": "2030-06-30"});
            let item = created(send(app, bureau.post(&format!("/api/v1/tasks/{task}/items"), &body)).await);
            TestRequest::patch()
                .uri(&format!("/api/v1/implementation-items/{item}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"title": "规定动作（修改）"}))
        }
        ("GET", "/api/v1/progress-reports") => TestRequest::get().uri(&format!("/api/v1/progress-reports?unit_id={unit}")),
        ("GET", "/api/v1/progress-reports/{id}") => {
            let report = report_on(task_led().await).await;
            TestRequest::get().uri(&format!("/api/v1/progress-reports/{report}"))
        }
        ("POST", "/api/v1/progress-reports") => TestRequest::post().uri("/api/v1/progress-reports").set_json(json!({
            "task_id": task_led().await, "unit_id": unit, "period": "2022-Q3", "narrative": "进展", "percent_complete": 10
        })),
        ("POST", "/api/v1/progress-reports/{id}/resubmit") => {
            let report = report_on(task_led().await).await;
            let back = send(
                app,
                bureau
                    .post(&format!("/api/v1/progress-reports/{report}/return"), &json!({"comment": "请补充"}))
                    .insert_header(("If-Match", "\"1\"")),
            )
            .await;
            assert_eq!(back.status, 200, "{}", back.text());
            TestRequest::post()
                .uri(&format!("/api/v1/progress-reports/{report}/resubmit"))
                .insert_header(("If-Match", "\"2\""))
                .set_json(json!({"percent_complete": 60}))
        }
        ("POST", "/api/v1/progress-reports/{id}/acknowledge") => TestRequest::post()
            .uri(&format!("/api/v1/progress-reports/{}/acknowledge", report_on(task_led().await).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({})),
        ("POST", "/api/v1/progress-reports/{id}/return") => TestRequest::post()
            .uri(&format!("/api/v1/progress-reports/{}/return", report_on(task_led().await).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"comment": "请补充"})),
        ("GET", "/api/v1/supervision/board") => TestRequest::get().uri(&format!("/api/v1/supervision/board?plan={plan}")),
        ("GET", "/api/v1/supervision/todo") => TestRequest::get().uri(&format!("/api/v1/supervision/todo?plan={plan}&unit_id={unit}")),
        ("GET", "/api/v1/supervision-notices") => TestRequest::get().uri(&format!("/api/v1/supervision-notices?unit_id={unit}")),
        ("GET", "/api/v1/supervision-notices/{id}") => {
            let notice = notice_on(task_led().await).await;
            TestRequest::get().uri(&format!("/api/v1/supervision-notices/{notice}"))
        }
        ("POST", "/api/v1/supervision-notices") => {
            let milestone = overdue_milestone(task_led().await).await;
            TestRequest::post().uri("/api/v1/supervision-notices").set_json(json!({
                "unit_id": unit, "milestone_id": milestone, "subject": "督办", "body": "请说明", "reply_deadline": "2099-01-01"
            }))
        }
        ("POST", "/api/v1/supervision-notices/{id}/reply") => TestRequest::post()
            .uri(&format!("/api/v1/supervision-notices/{}/reply", notice_on(task_led().await).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"reply": "已整改"})),
        ("POST", "/api/v1/supervision-notices/{id}/close") => TestRequest::post()
            .uri(&format!("/api/v1/supervision-notices/{}/close", notice_on(task_led().await).await))
            .insert_header(("If-Match", "\"1\"")),
        ("POST", "/api/v1/power-adjustments") => TestRequest::post().uri("/api/v1/power-adjustments").set_json(json!({
            "kind": "add", "code": format!("PA-{n}"), "reason": "initial_listing", "effective_from": "2020-01-01",
            "content": {"name": "权力事项", "category": "administrative_penalty", "legal_basis": "依据", "responsible_unit_id": unit, "responsibility_items": []}
        })),
        ("POST", "/api/v1/discretion-benchmarks") => {
            let body = json!({
                "kind": "add", "code": format!("PB-{n}"), "reason": "initial_listing", "effective_from": "2020-01-01",
                "content": {"name": "权力事项", "category": "administrative_penalty", "legal_basis": "依据", "responsible_unit_id": unit, "responsibility_items": []}
            });
            let reply = send(app, bureau.post("/api/v1/power-adjustments", &body)).await;
            assert!(reply.status.is_success(), "{}", reply.text());
            let item = reply.json()["item_id"].as_str().unwrap().to_string();
            TestRequest::post().uri("/api/v1/discretion-benchmarks").set_json(json!({
                "power_item_id": item, "effective_from": "2021-01-01", "legal_basis": "基准",
                "tiers": [{"code": "general", "name": "一般", "conditions": "情形", "fine_min_fen": 100, "fine_max_fen": 200}]
            }))
        }
        ("PUT", "/api/v1/working-calendar/{year}") => {
            let year = 2040 + n % 50;
            let tag = send(app, TestRequest::get().uri(&format!("/api/v1/public/working-calendar?year={year}"))).await.header("etag").unwrap();
            TestRequest::put()
                .uri(&format!("/api/v1/working-calendar/{year}"))
                .insert_header(("If-Match", tag))
                .set_json(json!({"days": [{"date": format!("{year}-10-01"), "kind": if chrono::NaiveDate::from_ymd_opt(year as i32, 10, 1).unwrap().format("%u").to_string().parse::<u32>().unwrap() >= 6 { "workday" } else { "holiday" }, "name": "国庆节"}]}))
        }
        ("GET", "/api/v1/disclosure-records") => TestRequest::get().uri(&format!("/api/v1/disclosure-records?unit_id={unit}")),
        ("GET", "/api/v1/disclosure-records:xlsx") => TestRequest::get().uri(&format!("/api/v1/disclosure-records:xlsx?unit_id={unit}")),
        ("GET", "/api/v1/disclosure-records:import-template") => TestRequest::get().uri("/api/v1/disclosure-records:import-template"),
        ("POST", "/api/v1/disclosure-records:import") => TestRequest::post()
            .uri("/api/v1/disclosure-records:import")
            .insert_header(("Content-Type", "text/csv"))
            .set_payload(format!(
                "执法单位,决定书文号,案由,当事人类型,当事人名称,处罚依据,执行情况,决定日期\n{unit},罚决字〔2022〕第{n}-9号,占道经营案,法人,某公司,条例,已执行,2022-05-10\n"
            )),
        ("GET", "/api/v1/disclosure-records/completeness") => {
            TestRequest::get().uri(&format!("/api/v1/disclosure-records/completeness?month=2022-05&unit_id={unit}"))
        }
        ("GET", "/api/v1/disclosure-records/{id}") => {
            TestRequest::get().uri(&format!("/api/v1/disclosure-records/{}", disclosure_draft().await))
        }
        ("GET", "/api/v1/disclosure-records/{id}/revisions") => {
            TestRequest::get().uri(&format!("/api/v1/disclosure-records/{}/revisions", disclosure_draft().await))
        }
        ("POST", "/api/v1/disclosure-records") => TestRequest::post().uri("/api/v1/disclosure-records").set_json(disclosure_body()),
        ("PUT", "/api/v1/disclosure-records/{id}") => TestRequest::put()
            .uri(&format!("/api/v1/disclosure-records/{}", disclosure_draft().await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(disclosure_body()),
        ("POST", "/api/v1/disclosure-records/{id}/publish") => TestRequest::post()
            .uri(&format!("/api/v1/disclosure-records/{}/publish", disclosure_draft().await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({})),
        ("POST", "/api/v1/disclosure-records/{id}/correct") => {
            let id = disclosure_draft().await;
            let published = send(
                app,
                bureau
                    .post(&format!("/api/v1/disclosure-records/{id}/publish"), &json!({}))
                    .insert_header(("If-Match", "\"1\"")),
            )
            .await;
            assert!(published.status.is_success(), "{}", published.text());
            TestRequest::post()
                .uri(&format!("/api/v1/disclosure-records/{id}/correct"))
                .insert_header(("If-Match", "\"2\""))
                .set_json(json!({"content": disclosure_body(), "reason": "更正"}))
        }
        ("POST", "/api/v1/disclosure-records/{id}/withdraw") => TestRequest::post()
            .uri(&format!("/api/v1/disclosure-records/{}/withdraw", disclosure_draft().await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"reason": "撤回"})),
        ("POST", "/api/v1/disclosure-records:batch") => TestRequest::post()
            .uri("/api/v1/disclosure-records:batch")
            .set_json(json!({"mode": "all_or_nothing", "records": [disclosure_body()]})),
        ("GET", "/api/v1/exports/{resource}") => {
            TestRequest::get().uri("/api/v1/exports/disclosure-records")
        }
        ("POST", "/api/v1/reminders/run") => TestRequest::post().uri("/api/v1/reminders/run"),
        ("GET", "/api/v1/webhook-subscriptions") => TestRequest::get().uri("/api/v1/webhook-subscriptions"),
        ("POST", "/api/v1/webhook-subscriptions") => TestRequest::post()
            .uri("/api/v1/webhook-subscriptions")
            .set_json(json!({"url": "https://8.8.8.8/hooks", "event_types": ["*"]})),
        ("GET", "/api/v1/webhook-subscriptions/{id}") => TestRequest::get().uri(&format!("/api/v1/webhook-subscriptions/{}", webhook().await)),
        ("PATCH", "/api/v1/webhook-subscriptions/{id}") => TestRequest::patch()
            .uri(&format!("/api/v1/webhook-subscriptions/{}", webhook().await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"description": "省平台"})),
        ("POST", "/api/v1/webhook-subscriptions/{id}/test") => TestRequest::post()
            .uri(&format!("/api/v1/webhook-subscriptions/{}/test", webhook().await)),
        ("GET", "/api/v1/webhook-subscriptions/{id}/deliveries") => TestRequest::get()
            .uri(&format!("/api/v1/webhook-subscriptions/{}/deliveries", webhook().await)),
        ("GET", "/api/v1/webhook-deliveries/{id}") => TestRequest::get()
            .uri(&format!("/api/v1/webhook-deliveries/{}", webhook_delivery().await)),
        ("POST", "/api/v1/webhook-deliveries/{id}/redeliver") => TestRequest::post()
            .uri(&format!("/api/v1/webhook-deliveries/{}/redeliver", webhook_delivery().await)),
        ("POST", "/api/v1/progress-reports/{id}/attachments") => {
            let report = report_on(task_led().await).await;
            let (content_type, body) = enforcement_tests::multipart_file(
                "证明.pdf",
                "application/pdf",
                &enforcement_tests::sample_pdf(&n.to_string()),
            );
            TestRequest::post()
                .uri(&format!("/api/v1/progress-reports/{report}/attachments"))
                .insert_header(("Content-Type", content_type))
                .set_payload(body)
        }
        ("POST", "/api/v1/major-decisions/{id}/attachments") => {
            let decision = decision_of(app, bureau, &unit).await;
            let (content_type, body) = enforcement_tests::multipart_file(
                "专家论证意见.pdf",
                "application/pdf",
                &enforcement_tests::sample_pdf(&n.to_string()),
            );
            TestRequest::post()
                .uri(&format!("/api/v1/major-decisions/{decision}/attachments"))
                .insert_header(("Content-Type", content_type))
                .set_payload(body)
        }
        ("GET", "/api/v1/attachments/{id}") => {
            TestRequest::get().uri(&format!("/api/v1/attachments/{}", evidence_on(task_led().await).await))
        }
        ("GET", "/api/v1/attachments/{id}/content") => TestRequest::get()
            .uri(&format!("/api/v1/attachments/{}/content", evidence_on(task_led().await).await)),
        ("POST", "/api/v1/attachments/{id}/withdraw") => TestRequest::post()
            .uri(&format!("/api/v1/attachments/{}/withdraw", evidence_on(task_led().await).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"reason": "传错文件"})),
        ("GET", "/api/v1/statistics/templates") => TestRequest::get().uri("/api/v1/statistics/templates"),
        ("GET", "/api/v1/statistics/templates/{id}") => {
            let mut conn = t.state.pool.get().unwrap();
            let id: String = api::db::schema::statistics_templates::table
                .select(api::db::schema::statistics_templates::id)
                .first(&mut *conn)
                .unwrap();
            TestRequest::get().uri(&format!("/api/v1/statistics/templates/{id}"))
        }
        ("POST", "/api/v1/statistics/templates") => {
            let text = include_str!("../../../api/templates/statistics-annual.json");
            let mut body: serde_json::Value = serde_json::from_str(text).unwrap();
            body["code"] = json!(format!("T{n}"));
            TestRequest::post().uri("/api/v1/statistics/templates").set_json(body)
        }
        ("GET", "/api/v1/statistics/reports") => TestRequest::get().uri(&format!("/api/v1/statistics/reports?unit_id={unit}")),
        ("POST", "/api/v1/statistics/reports") => {
            let (unit, period) = statistics_slot(t, target, n);
            TestRequest::post().uri("/api/v1/statistics/reports").set_json(json!({"unit_id": unit, "template_code": "monthly", "period": period}))
        }
        ("GET", "/api/v1/statistics/reports/{id}") => {
            TestRequest::get().uri(&format!("/api/v1/statistics/reports/{}", statistics_report(t, app, bureau, target, n, 0).await))
        }
        ("GET", "/api/v1/statistics/reports/{id}/revisions") => {
            TestRequest::get().uri(&format!("/api/v1/statistics/reports/{}/revisions", statistics_report(t, app, bureau, target, n, 1).await))
        }
        ("PATCH", "/api/v1/statistics/reports/{id}") => TestRequest::patch()
            .uri(&format!("/api/v1/statistics/reports/{}", statistics_report(t, app, bureau, target, n, 0).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"explanation": "已核对"})),
        ("POST", "/api/v1/statistics/reports/{id}/submit") => TestRequest::post()
            .uri(&format!("/api/v1/statistics/reports/{}/submit", statistics_report(t, app, bureau, target, n, 0).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({})),
        ("POST", "/api/v1/statistics/reports/{id}/return") => TestRequest::post()
            .uri(&format!("/api/v1/statistics/reports/{}/return", statistics_report(t, app, bureau, target, n, 1).await))
            .insert_header(("If-Match", "\"2\""))
            .set_json(json!({"comment": "请核对"})),
        ("POST", "/api/v1/statistics/reports/{id}/accept") => TestRequest::post()
            .uri(&format!("/api/v1/statistics/reports/{}/accept", statistics_report(t, app, bureau, target, n, 1).await))
            .insert_header(("If-Match", "\"2\"")),
        ("POST", "/api/v1/statistics/reports/{id}/correct") => TestRequest::post()
            .uri(&format!("/api/v1/statistics/reports/{}/correct", statistics_report(t, app, bureau, target, n, 2).await))
            .insert_header(("If-Match", "\"3\""))
            .set_json(json!({"values": monthly_figures(), "reason": "更正"})),
        ("GET", "/api/v1/statistics/region:xlsx") => TestRequest::get().uri("/api/v1/statistics/region:xlsx?template_code=monthly&period=2022-05"),
        ("GET", "/api/v1/statistics/reports/{id}:xlsx") => {
            TestRequest::get().uri(&format!("/api/v1/statistics/reports/{}:xlsx", statistics_report(t, app, bureau, target, n, 0).await))
        }
        ("POST", "/api/v1/statistics/reports/{id}:import") => {
            let csv = "栏目代码,填报数\ncases_filed,3\n";
            TestRequest::post()
                .uri(&format!("/api/v1/statistics/reports/{}:import", statistics_report(t, app, bureau, target, n, 0).await))
                .insert_header(("If-Match", "\"1\""))
                .insert_header(("Content-Type", "text/csv"))
                .set_payload(csv)
        }
        ("GET", "/api/v1/statistics/region") => TestRequest::get().uri("/api/v1/statistics/region?template_code=monthly&period=2022-05"),
        ("GET", "/api/v1/statistics/trend") => TestRequest::get().uri("/api/v1/statistics/trend?template_code=monthly&column=cases_filed&to=2022-05"),
        ("GET", "/api/v1/major-decisions") => TestRequest::get().uri(&format!("/api/v1/major-decisions?unit_id={unit}")),
        ("POST", "/api/v1/major-decisions") => TestRequest::post().uri("/api/v1/major-decisions").set_json(json!({"unit_id": unit, "title": "决策", "summary": "内容"})),
        ("GET", "/api/v1/major-decisions/{id}") => TestRequest::get().uri(&format!("/api/v1/major-decisions/{}", decision_of(app, bureau, &unit).await)),
        ("POST", "/api/v1/major-decisions/{id}/steps") => TestRequest::post()
            .uri(&format!("/api/v1/major-decisions/{}/steps", decision_of(app, bureau, &unit).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"step": "legality_review", "done_on": "2022-05-01"})),
        ("POST", "/api/v1/major-decisions/{id}/decide") => {
            let id = decision_of(app, bureau, &unit).await;
            for (v, step) in ["public_participation", "expert_review", "risk_assessment", "legality_review", "collective_decision"].iter().enumerate() {
                let reply = send(app, bureau.post(&format!("/api/v1/major-decisions/{id}/steps"), &json!({"step": step, "done_on": "2022-05-01"})).insert_header(("If-Match", format!("\"{}\"", v + 1)))).await;
                assert_eq!(reply.status, 200, "{}", reply.text());
            }
            TestRequest::post()
                .uri(&format!("/api/v1/major-decisions/{id}/decide"))
                .insert_header(("If-Match", "\"6\""))
                .set_json(json!({"decided_on": "2022-05-02", "document_number": "发〔2022〕1号"}))
        }
        ("GET", "/api/v1/risk-assessments") => TestRequest::get().uri(&format!("/api/v1/risk-assessments?unit_id={unit}")),
        ("POST", "/api/v1/risk-assessments") => TestRequest::post().uri("/api/v1/risk-assessments").set_json(risk_body(&unit)),
        ("GET", "/api/v1/risk-assessments/{id}") => TestRequest::get().uri(&format!("/api/v1/risk-assessments/{}", risk_of(app, bureau, &unit, false).await)),
        ("PUT", "/api/v1/risk-assessments/{id}") => TestRequest::put()
            .uri(&format!("/api/v1/risk-assessments/{}", risk_of(app, bureau, &unit, false).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(risk_body(&unit)),
        ("POST", "/api/v1/risk-assessments/{id}/sign-off") => TestRequest::post()
            .uri(&format!("/api/v1/risk-assessments/{}/sign-off", risk_of(app, bureau, &unit, false).await))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"opinion": "同意"})),
        ("POST", "/api/v1/risk-assessments/{id}/approve") => TestRequest::post()
            .uri(&format!("/api/v1/risk-assessments/{}/approve", risk_of(app, bureau, &unit, true).await))
            .insert_header(("If-Match", "\"2\""))
            .set_json(json!({"opinion": "同意"})),
        ("GET", "/api/v1/question-categories") => TestRequest::get().uri("/api/v1/question-categories"),
        ("POST", "/api/v1/question-categories") => TestRequest::post()
            .uri("/api/v1/question-categories")
            .set_json(json!({"owner_unit_id": unit, "name": format!("分类{n}")})),
        ("PATCH", "/api/v1/question-categories/{id}") => {
            let (category, _) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::patch()
                .uri(&format!("/api/v1/question-categories/{category}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"sort_order": 3}))
        }
        ("GET", "/api/v1/questions") => TestRequest::get().uri("/api/v1/questions"),
        ("GET", "/api/v1/questions:xlsx") => TestRequest::get().uri("/api/v1/questions:xlsx"),
        ("GET", "/api/v1/questions:import-template") => TestRequest::get().uri("/api/v1/questions:import-template"),
        ("POST", "/api/v1/questions:import") => {
            let (category, _) = quiz_bank(app, bureau, &unit, n).await;
            let csv = format!("分类,题型,题干,答案\n{category},判断题,导入题{n},正确\n");
            TestRequest::post()
                .uri(&format!("/api/v1/questions:import?owner_unit_id={unit}"))
                .insert_header(("Content-Type", "text/csv"))
                .set_payload(csv)
        }
        ("POST", "/api/v1/questions") => {
            let (category, _) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::post()
                .uri("/api/v1/questions")
                .set_json(json!({"owner_unit_id": unit, "content": true_false_question(&category, &format!("新题{n}"))}))
        }
        ("GET", "/api/v1/questions/{id}") => {
            let (_, question) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::get().uri(&format!("/api/v1/questions/{question}"))
        }
        ("GET", "/api/v1/questions/{id}/revisions") => {
            let (_, question) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::get().uri(&format!("/api/v1/questions/{question}/revisions"))
        }
        ("PUT", "/api/v1/questions/{id}") => {
            let (category, question) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::put()
                .uri(&format!("/api/v1/questions/{question}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(true_false_question(&category, &format!("改过的题{n}")))
        }
        ("POST", "/api/v1/questions/{id}/retire") => {
            let (_, question) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::post()
                .uri(&format!("/api/v1/questions/{question}/retire"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"reason": "过时"}))
        }
        ("POST", "/api/v1/questions/{id}/reactivate") => {
            let (_, question) = quiz_bank(app, bureau, &unit, n).await;
            let reply = send(
                app,
                bureau
                    .post(&format!("/api/v1/questions/{question}/retire"), &json!({"reason": "过时"}))
                    .insert_header(("If-Match", "\"1\"")),
            )
            .await;
            assert_eq!(reply.status, 200, "{}", reply.text());
            TestRequest::post()
                .uri(&format!("/api/v1/questions/{question}/reactivate"))
                .insert_header(("If-Match", "\"2\""))
        }
        ("GET", "/api/v1/study-plans") => TestRequest::get().uri("/api/v1/study-plans"),
        ("POST", "/api/v1/study-plans") => {
            let (category, _) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::post().uri("/api/v1/study-plans").set_json(study_plan_body(&unit, &category))
        }
        ("GET", "/api/v1/study-plans/{id}") => {
            TestRequest::get().uri(&format!("/api/v1/study-plans/{}", study_plan_of(app, bureau, &unit, n).await))
        }
        ("PUT", "/api/v1/study-plans/{id}") => {
            let plan = study_plan_of(app, bureau, &unit, n).await;
            let (category, _) = quiz_bank(app, bureau, &unit, n + 100_000).await;
            TestRequest::put()
                .uri(&format!("/api/v1/study-plans/{plan}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(study_plan_body(&unit, &category))
        }
        ("POST", "/api/v1/study-plans/{id}/quizzes") => {
            TestRequest::post().uri(&format!("/api/v1/study-plans/{}/quizzes", study_plan_of(app, bureau, &unit, n).await))
        }
        ("GET", "/api/v1/quiz-sessions") => TestRequest::get().uri("/api/v1/quiz-sessions"),
        ("POST", "/api/v1/quiz-sessions") => {
            let (_, question) = quiz_bank(app, bureau, &unit, n).await;
            TestRequest::post().uri("/api/v1/quiz-sessions").set_json(quiz_session_body(&unit, &question, &[]))
        }
        ("GET", "/api/v1/quiz-sessions/{id}") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}"))
        }
        ("PUT", "/api/v1/quiz-sessions/{id}") => {
            let (session, question) = quiz_session_of(t, app, bureau, &unit, n, false).await;
            TestRequest::put()
                .uri(&format!("/api/v1/quiz-sessions/{session}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(quiz_session_body(&unit, &question, &[]))
        }
        ("GET", "/api/v1/quiz-sessions/{id}/preview") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, false).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}/preview"))
        }
        ("POST", "/api/v1/quiz-sessions/{id}/publish") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, false).await;
            TestRequest::post()
                .uri(&format!("/api/v1/quiz-sessions/{session}/publish"))
                .insert_header(("If-Match", "\"1\""))
        }
        ("POST", "/api/v1/quiz-sessions/{id}/cancel") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, false).await;
            TestRequest::post()
                .uri(&format!("/api/v1/quiz-sessions/{session}/cancel"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"reason": "取消"}))
        }
        ("POST", "/api/v1/quiz-sessions/{id}/makeup") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            let opens = chrono::Utc::now() + chrono::Duration::days(2);
            TestRequest::post()
                .uri(&format!("/api/v1/quiz-sessions/{session}/makeup"))
                .set_json(json!({"opens_at": opens, "closes_at": opens + chrono::Duration::days(1)}))
        }
        ("GET", "/api/v1/quiz-sessions/{id}/participants") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}/participants?unit_id={unit}"))
        }
        ("GET", "/api/v1/quiz-sessions/{id}/participants:xlsx") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}/participants:xlsx?unit_id={unit}"))
        }
        ("GET", "/api/v1/quiz-results:xlsx") => TestRequest::get().uri(&format!("/api/v1/quiz-results:xlsx?unit_id={unit}")),
        ("GET", "/api/v1/quiz-sessions/{id}/results") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}/results"))
        }
        ("GET", "/api/v1/quiz-sessions/{id}/item-analysis") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}/item-analysis"))
        }
        ("GET", "/api/v1/quiz-sessions/{id}/grading") => {
            let (session, _) = quiz_session_of(t, app, bureau, &unit, n, true).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-sessions/{session}/grading"))
        }
        ("GET", "/api/v1/quiz-attempts/{id}") => {
            let (attempt, _) = submitted_attempt(t, app, bureau, &unit, n).await;
            TestRequest::get().uri(&format!("/api/v1/quiz-attempts/{attempt}"))
        }
        ("POST", "/api/v1/quiz-attempts/{id}/grades") => {
            let (attempt, version) = submitted_attempt(t, app, bureau, &unit, n).await;
            TestRequest::post()
                .uri(&format!("/api/v1/quiz-attempts/{attempt}/grades"))
                .insert_header(("If-Match", format!("\"{version}\"")))
                .set_json(json!({"grades": [{"position": 0, "points": 1}]}))
        }
        ("GET", "/api/v1/quiz-results") => TestRequest::get().uri(&format!("/api/v1/quiz-results?unit_id={unit}")),
        ("GET", "/api/v1/degrees") => TestRequest::get().uri(&format!("/api/v1/degrees?unit_id={unit}")),
        ("GET", "/api/v1/degrees:xlsx") => TestRequest::get().uri(&format!("/api/v1/degrees:xlsx?unit_id={unit}")),
        ("GET", "/api/v1/contests/{id}/results:xlsx") => {
            let contest = contests::published_contest(app, t, bureau, &unit).await;
            TestRequest::get().uri(&format!("/api/v1/contests/{contest}/results:xlsx"))
        }
        ("GET", "/api/v1/degrees/{id}")
        | ("POST", "/api/v1/degrees/{id}/verify")
        | ("POST", "/api/v1/degrees/{id}/return")
        | ("POST", "/api/v1/degrees/{id}/reward") => {
            let graduate = t.add_user(&format!("graduate{n}"), target, &[Role::Officer]);
            let degree = degrees::recorded_degree(app, &graduate).await;
            let uri = path.replace("{id}", &degree);
            match path.rsplit('/').next() {
                Some("verify") => TestRequest::post().uri(&uri).insert_header(("If-Match", "\"2\"")),
                Some("return") => TestRequest::post()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"2\""))
                    .set_json(json!({"reason": "请补充材料"})),
                Some("reward") => {
                    let verified = send(
                        app,
                        bureau
                            .post(&format!("/api/v1/degrees/{degree}/verify"), &json!({}))
                            .insert_header(("If-Match", "\"2\"")),
                    )
                    .await;
                    assert_eq!(verified.status, 200, "{}", verified.text());
                    TestRequest::post()
                        .uri(&uri)
                        .insert_header(("If-Match", "\"3\""))
                        .set_json(json!({"amount_yuan": 1000, "note": "一次性奖励"}))
                }
                _ => TestRequest::get().uri(&uri),
            }
        }
        ("GET", "/api/v1/case-quotas/{year}") => TestRequest::get().uri("/api/v1/case-quotas/2022"),
        ("PUT", "/api/v1/case-quotas/{year}") => {
            let year = 2000 + n % 101;
            let mut conn = t.state.pool.get().unwrap();
            diesel::sql_query(format!("DELETE FROM case_quotas WHERE year = {year}"))
                .execute(&mut *conn)
                .unwrap();
            TestRequest::put()
                .uri(&format!("/api/v1/case-quotas/{year}"))
                .insert_header(("If-Match", "\"0\""))
                .set_json(json!({"min_per_quarter": 1, "max_per_quarter": 3}))
        }
        ("GET", "/api/v1/case-quarters/{quarter}") => TestRequest::get().uri("/api/v1/case-quarters/2022-Q2"),
        ("GET", "/api/v1/case-submissions") => TestRequest::get().uri(&format!("/api/v1/case-submissions?unit_id={unit}")),
        ("POST", "/api/v1/case-submissions") => {
            let (case_unit, _) = case_filer(t, target, n);
            TestRequest::post()
                .uri("/api/v1/case-submissions")
                .set_json(cases::case_body(&case_unit, &cases::quarter_of(n), "案例"))
        }
        ("GET", "/api/v1/case-submissions/{id}")
        | ("POST", "/api/v1/case-submissions/{id}/return")
        | ("GET", "/api/v1/case-submissions/{id}/redaction")
        | ("POST", "/api/v1/case-submissions/{id}/accept") => {
            let (case_unit, filer) = case_filer(t, target, n);
            let case = cases::submitted_case(app, &filer, &case_unit, &cases::quarter_of(n), "案例").await;
            let uri = path.replace("{id}", &case);
            match path.rsplit('/').next() {
                Some("return") => TestRequest::post()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"2\""))
                    .set_json(json!({"comment": "请补充"})),
                Some("accept") => TestRequest::post()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"2\""))
                    .set_json(json!({"text": {"title": "张某某占道经营案", "keywords": ["占道经营"], "facts": "当事人张某某占道经营。", "handling": "责令改正。", "legal_basis": "第三十六条", "significance": "以案释法。"}})),
                _ => TestRequest::get().uri(&uri),
            }
        }
        ("PUT", "/api/v1/case-submissions/{id}")
        | ("POST", "/api/v1/case-submissions/{id}/submit")
        | ("POST", "/api/v1/case-submissions/{id}/withdraw")
        | ("POST", "/api/v1/case-submissions/{id}/attachments") => {
            let (case_unit, filer) = case_filer(t, target, n);
            let quarter = cases::quarter_of(n);
            let case = created(send(app, filer.post("/api/v1/case-submissions", &cases::case_body(&case_unit, &quarter, "草稿"))).await);
            let uri = path.replace("{id}", &case);
            match path.rsplit('/').next() {
                Some("submit") => TestRequest::post().uri(&uri).insert_header(("If-Match", "\"1\"")),
                Some("withdraw") => TestRequest::post()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(json!({"comment": "改报"})),
                Some("attachments") => {
                    let (content_type, body) = enforcement_tests::multipart_file(
                        "决定书.pdf",
                        "application/pdf",
                        &enforcement_tests::sample_pdf(&n.to_string()),
                    );
                    TestRequest::post()
                        .uri(&uri)
                        .insert_header(("Content-Type", content_type))
                        .set_payload(body)
                }
                _ => TestRequest::put()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(cases::case_body(&case_unit, &quarter, "改过的草稿")),
            }
        }
        ("GET", "/api/v1/case-bulletins") => TestRequest::get().uri("/api/v1/case-bulletins"),
        ("POST", "/api/v1/case-bulletins") => {
            let (case_unit, filer) = case_filer(t, target, n);
            let quarter = cases::quarter_of(n);
            let case = cases::submitted_case(app, &filer, &case_unit, &quarter, "案例").await;
            cases::accepted_case(app, bureau, &case, 2).await;
            let year = 2000 + i32::try_from(n % 100).unwrap();
            let issue = u32::try_from((n / 100) % 99 + 1).unwrap();
            TestRequest::post()
                .uri("/api/v1/case-bulletins")
                .set_json(cases::bulletin_body(year, issue, &quarter, &[&case]))
        }
        ("GET", "/api/v1/case-bulletins/{id}")
        | ("PUT", "/api/v1/case-bulletins/{id}")
        | ("POST", "/api/v1/case-bulletins/{id}/publish") => {
            let (case_unit, filer) = case_filer(t, target, n);
            let publish = method == "GET";
            let bulletin = cases::bulletin_of(app, bureau, &filer, &case_unit, n, publish).await;
            let uri = path.replace("{id}", &bulletin);
            match (method, path.rsplit('/').next()) {
                ("GET", _) => TestRequest::get().uri(&uri),
                (_, Some("publish")) => TestRequest::post().uri(&uri).insert_header(("If-Match", "\"1\"")),
                _ => {
                    let current = send(app, bureau.get(&uri)).await.json();
                    TestRequest::put()
                        .uri(&uri)
                        .insert_header(("If-Match", "\"1\""))
                        .set_json(current["content"].clone())
                }
            }
        }
        ("GET", "/api/v1/case-outcomes") => TestRequest::get().uri(&format!("/api/v1/case-outcomes?unit_id={unit}")),
        ("GET", "/api/v1/case-outcomes:xlsx") => TestRequest::get().uri(&format!("/api/v1/case-outcomes:xlsx?unit_id={unit}")),
        ("GET", "/api/v1/case-submissions:xlsx") => TestRequest::get().uri(&format!("/api/v1/case-submissions:xlsx?unit_id={unit}")),
        ("GET", "/api/v1/veto-events") => TestRequest::get().uri(&format!("/api/v1/veto-events?unit_id={unit}")),
        ("POST", "/api/v1/case-outcomes") => {
            let mut body = cases::outcome_body(&unit, None, &format!("罚决字第{n}号"));
            body["external_id"] = json!(format!("FY-{n}"));
            TestRequest::post().uri("/api/v1/case-outcomes").set_json(body)
        }
        ("GET", "/api/v1/case-outcomes/{id}")
        | ("PUT", "/api/v1/case-outcomes/{id}")
        | ("POST", "/api/v1/case-outcomes/{id}/attachments") => {
            let mut body = cases::outcome_body(&unit, None, &format!("罚决字第{n}号"));
            body["external_id"] = json!(null);
            let outcome = created(send(app, bureau.post("/api/v1/case-outcomes", &body)).await);
            let uri = path.replace("{id}", &outcome);
            match (method, path.rsplit('/').next()) {
                ("GET", _) => TestRequest::get().uri(&uri),
                (_, Some("attachments")) => {
                    let (content_type, payload) = enforcement_tests::multipart_file(
                        "复议决定书.pdf",
                        "application/pdf",
                        &enforcement_tests::sample_pdf(&n.to_string()),
                    );
                    TestRequest::post()
                        .uri(&uri)
                        .insert_header(("Content-Type", content_type))
                        .set_payload(payload)
                }
                _ => TestRequest::put()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(body),
            }
        }
        ("GET", "/api/v1/demonstration-rounds") | ("GET", "/api/v1/demonstration-reviews") => {
            TestRequest::get().uri(path)
        }
        ("POST", "/api/v1/demonstration-rounds") => {
            let criteria = crate::demonstration::criteria_id(t);
            TestRequest::post().uri(path).set_json(json!({
                "year": 2100, "name": "2100年度示范创建", "criteria_id": criteria,
                "weights": {"written": 40, "onsite": 40, "indicators": 20},
                "apply_by": "2100-10-31", "review_by": "2100-12-31", "awards": 3, "reviewer_ids": [bureau.id]
            }))
        }
        ("GET", "/api/v1/demonstration-rounds/{id}")
        | ("PUT", "/api/v1/demonstration-rounds/{id}")
        | ("GET", "/api/v1/demonstration-rounds/{id}/ranking") => {
            // A year of its own, so that the edit keeps one round a year.
            let year = 2021 + (n % 79) as i32;
            let round = crate::demonstration::round_row(t, year, &format!("{year}-10-31"), &[&bureau.id]);
            let uri = path.replace("{id}", &round);
            if method == "PUT" {
                let content = send(app, bureau.get(&uri)).await.json()["content"].clone();
                TestRequest::put().uri(&uri).insert_header(("If-Match", "\"1\"")).set_json(content)
            } else {
                TestRequest::get().uri(&uri)
            }
        }
        ("POST", "/api/v1/demonstration-rounds/{id}/decision")
        | ("POST", "/api/v1/demonstration-rounds/{id}/publish")
        | ("GET", "/api/v1/demonstration-applications/{id}/certificate") => {
            // Reviewed by the bureau's set-up user (of no county), decided, published.
            let round = crate::demonstration::round_row(t, 2020, "2099-10-31", &[&bureau.id]);
            let (unit, recommender) = demonstration_unit(t, target);
            let application = crate::demonstration::application_row(t, &round, &unit, &recommender, "recommended");
            crate::demonstration::scored(app, bureau, &application, "written", json!([])).await;
            crate::demonstration::scored(app, bureau, &application, "onsite", json!([])).await;
            let decide = || {
                bureau
                    .post(&format!("/api/v1/demonstration-rounds/{round}/decision"), &json!({"named": [application]}))
                    .insert_header(("If-Match", "\"1\""))
            };
            match path.rsplit('/').next() {
                Some("decision") => TestRequest::post()
                    .uri(&format!("/api/v1/demonstration-rounds/{round}/decision"))
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(json!({"named": [application]})),
                Some("publish") => {
                    assert_eq!(send(app, decide()).await.status, 200);
                    TestRequest::post()
                        .uri(&format!("/api/v1/demonstration-rounds/{round}/publish"))
                        .insert_header(("If-Match", "\"2\""))
                }
                _ => {
                    assert_eq!(send(app, decide()).await.status, 200);
                    let reply = send(
                        app,
                        bureau
                            .post(&format!("/api/v1/demonstration-rounds/{round}/publish"), &json!({}))
                            .insert_header(("If-Match", "\"2\"")),
                    )
                    .await;
                    assert_eq!(reply.status, 200, "{}", reply.text());
                    TestRequest::get().uri(&format!("/api/v1/demonstration-applications/{application}/certificate"))
                }
            }
        }
        ("GET", "/api/v1/demonstration-applications") => {
            let (unit, _) = demonstration_unit(t, target);
            TestRequest::get().uri(&format!("{path}?unit_id={unit}"))
        }
        ("POST", "/api/v1/demonstration-applications") => {
            let round = crate::demonstration::round_row(t, 2020, "2099-10-31", &[]);
            let (unit, _) = demonstration_unit(t, target);
            TestRequest::post()
                .uri(path)
                .set_json(json!({"round_id": round, "unit_id": unit, "summary": "创建工作总结"}))
        }
        ("GET", "/api/v1/demonstration-applications/{id}")
        | ("PUT", "/api/v1/demonstration-applications/{id}")
        | ("POST", "/api/v1/demonstration-applications/{id}/submit")
        | ("POST", "/api/v1/demonstration-applications/{id}/recommendation")
        | ("POST", "/api/v1/demonstration-applications/{id}/attachments") => {
            let round = crate::demonstration::round_row(t, 2020, "2099-10-31", &[]);
            let (unit, recommender) = demonstration_unit(t, target);
            let status = match (method, path.rsplit('/').next()) {
                // Recommended, so that the city bureau and every-unit readers see it.
                ("GET", _) => "recommended",
                (_, Some("recommendation")) => "submitted",
                _ => "draft",
            };
            let application = crate::demonstration::application_row(t, &round, &unit, &recommender, status);
            let uri = path.replace("{id}", &application);
            match (method, path.rsplit('/').next()) {
                ("GET", _) => TestRequest::get().uri(&uri),
                ("PUT", _) => TestRequest::put()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(json!({"round_id": round, "unit_id": unit, "summary": "改写的总结"})),
                (_, Some("recommendation")) => TestRequest::post()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(json!({"recommend": true, "comment": "同意推荐"})),
                (_, Some("attachments")) => {
                    let (content_type, payload) = enforcement_tests::multipart_file(
                        "创建台账.pdf",
                        "application/pdf",
                        &enforcement_tests::sample_pdf(&n.to_string()),
                    );
                    TestRequest::post()
                        .uri(&uri)
                        .insert_header(("Content-Type", content_type))
                        .set_payload(payload)
                }
                _ => TestRequest::post().uri(&uri).insert_header(("If-Match", "\"1\"")),
            }
        }
        ("POST", "/api/v1/demonstration-reviews") => {
            // Every matrix caller who may review sits on the panel; the brigade is of YQ,
            // no caller's county.
            let panel: Vec<String> = ["matrix.bureau", "matrix.section", "matrix.county"]
                .iter()
                .map(|login| user_id_of(t, login))
                .collect();
            let panel: Vec<&str> = panel.iter().map(String::as_str).collect();
            let round = crate::demonstration::round_row(t, 2020, "2099-10-31", &panel);
            let (unit, recommender) = demonstration_unit(t, "YQ");
            let application = crate::demonstration::application_row(t, &round, &unit, &recommender, "recommended");
            TestRequest::post()
                .uri(path)
                .set_json(json!({"application_id": application, "phase": "written"}))
        }
        ("GET", "/api/v1/rule-sets")
        | ("GET", "/api/v1/assessment-warnings")
        | ("GET", "/api/v1/assessment-runs")
        | ("GET", "/api/v1/assessment-notices") => TestRequest::get().uri(path),
        ("POST", "/api/v1/rule-sets") => {
            let mut content = assessment_rules(t, app, bureau).await;
            content["name"] = json!(format!("规则{n}"));
            TestRequest::post().uri(path).set_json(content)
        }
        ("GET", "/api/v1/rule-sets/{id}")
        | ("PUT", "/api/v1/rule-sets/{id}")
        | ("POST", "/api/v1/rule-sets/{id}/versions")
        | ("POST", "/api/v1/rule-sets/{id}/activate")
        | ("POST", "/api/v1/rule-sets/{id}/retire") => {
            let base = send(app, bureau.get("/api/v1/rule-sets?kind=case_review&status=active")).await.json();
            let base_id = base["items"][0]["id"].as_str().unwrap().to_string();
            let draft = created(send(app, bureau.post(&format!("/api/v1/rule-sets/{base_id}/versions"), &json!({}))).await);
            let action = path.rsplit('/').next();
            if action == Some("retire") {
                let uri = format!("/api/v1/rule-sets/{draft}/activate");
                let reply = send(app, bureau.post(&uri, &json!({})).insert_header(("If-Match", "\"1\""))).await;
                assert!(reply.status.is_success(), "{}", reply.text());
            }
            let version = if action == Some("retire") { "\"2\"" } else { "\"1\"" };
            let uri = path.replace("{id}", &draft);
            match (method, action) {
                ("GET", _) => TestRequest::get().uri(&uri),
                ("PUT", _) => {
                    let content = send(app, bureau.get(&uri)).await.json()["content"].clone();
                    TestRequest::put().uri(&uri).insert_header(("If-Match", "\"1\"")).set_json(content)
                }
                _ => TestRequest::post().uri(&uri).insert_header(("If-Match", version)),
            }
        }
        ("GET", "/api/v1/case-reviews") | ("GET", "/api/v1/case-reviews:xlsx") => {
            TestRequest::get().uri(&format!("{path}?unit_id={unit}"))
        }
        ("POST", "/api/v1/case-reviews") => TestRequest::post()
            .uri(path)
            .set_json(crate::assessment::review_body(&t.unit_id("EDZ"), &format!("案卷{n}"))),
        ("GET", "/api/v1/case-reviews/{id}") => {
            // Reviewed by someone of a county that is not the file's.
            let reviewer_unit = if target == "EDZ" { "YQ" } else { "EDZ" };
            let reviewer = t.add_user(&format!("reviewer{n}"), reviewer_unit, &[Role::County]);
            let review = crate::assessment::reviewed(app, &reviewer, &unit, json!([]), &api::time::today().to_string()).await;
            TestRequest::get().uri(&path.replace("{id}", review["id"].as_str().unwrap()))
        }
        ("POST", "/api/v1/assessment-runs") => TestRequest::post().uri(path).set_json(json!({"period": "2022-05"})),
        ("GET", "/api/v1/assessment-runs/{id}") | ("GET", "/api/v1/assessment-runs/{id}/comparison") => {
            let run = created(send(app, bureau.post("/api/v1/assessment-runs", &json!({"period": "2022-05"}))).await);
            let uri = path.replace("{id}", &run);
            TestRequest::get().uri(&if path.ends_with("comparison") { format!("{uri}?with={run}") } else { uri })
        }
        ("POST", "/api/v1/assessment-notices") => {
            let run = created(send(app, bureau.post("/api/v1/assessment-runs", &json!({"period": "2022-05"}))).await);
            TestRequest::post().uri(path).set_json(json!({"run_id": run}))
        }
        ("GET", "/api/v1/assessment-notices/{id}")
        | ("PUT", "/api/v1/assessment-notices/{id}")
        | ("POST", "/api/v1/assessment-notices/{id}/approve")
        | ("POST", "/api/v1/assessment-notices/{id}/publish") => {
            let run = created(send(app, bureau.post("/api/v1/assessment-runs", &json!({"period": "2022-05"}))).await);
            let notice = created(send(app, bureau.post("/api/v1/assessment-notices", &json!({"run_id": run}))).await);
            let uri = path.replace("{id}", &notice);
            let step = |what: &'static str, version: &'static str| {
                let uri = format!("/api/v1/assessment-notices/{notice}/{what}");
                async move {
                    let reply = send(app, bureau.post(&uri, &json!({})).insert_header(("If-Match", version))).await;
                    assert!(reply.status.is_success(), "{}", reply.text());
                }
            };
            match (method, path.rsplit('/').next()) {
                // Published, so that the counties read it too.
                ("GET", _) => {
                    step("approve", "\"1\"").await;
                    step("publish", "\"2\"").await;
                    TestRequest::get().uri(&uri)
                }
                ("PUT", _) => TestRequest::put()
                    .uri(&uri)
                    .insert_header(("If-Match", "\"1\""))
                    .set_json(json!({"title": format!("通报{n}"), "body": "", "problems": ""})),
                (_, Some("publish")) => {
                    step("approve", "\"1\"").await;
                    TestRequest::post().uri(&uri).insert_header(("If-Match", "\"2\""))
                }
                _ => TestRequest::post().uri(&uri).insert_header(("If-Match", "\"1\"")),
            }
        }
        ("GET", "/api/v1/contests") => TestRequest::get().uri("/api/v1/contests"),
        ("POST", "/api/v1/contests") => TestRequest::post()
            .uri("/api/v1/contests")
            .set_json(contests::contest_body(&unit, "essay", &format!("征文{n}"))),
        ("GET", "/api/v1/contests/{id}") => {
            let judge = t.add_user(&format!("judge{n}"), "CITY", &[Role::Bureau]);
            let contest = contests::announced_contest(app, bureau, &unit, "essay", &[&judge.id]).await;
            TestRequest::get().uri(&format!("/api/v1/contests/{contest}"))
        }
        ("PUT", "/api/v1/contests/{id}") => {
            let contest = created(send(app, bureau.post("/api/v1/contests", &contests::contest_body(&unit, "essay", "征文"))).await);
            TestRequest::put()
                .uri(&format!("/api/v1/contests/{contest}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(contests::contest_body(&unit, "essay", "改过的征文"))
        }
        ("GET", "/api/v1/contests/{id}/judge-candidates") => {
            let contest = created(send(app, bureau.post("/api/v1/contests", &contests::contest_body(&unit, "essay", "征文"))).await);
            TestRequest::get().uri(&format!("/api/v1/contests/{contest}/judge-candidates?q=a"))
        }
        ("PUT", "/api/v1/contests/{id}/judges") => {
            let contest = created(send(app, bureau.post("/api/v1/contests", &contests::contest_body(&unit, "essay", "征文"))).await);
            let judge = t.add_user(&format!("judge{n}"), "CITY", &[Role::Bureau]);
            TestRequest::put()
                .uri(&format!("/api/v1/contests/{contest}/judges"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"user_ids": [judge.id]}))
        }
        ("POST", "/api/v1/contests/{id}/announce") => {
            let contest = created(send(app, bureau.post("/api/v1/contests", &contests::contest_body(&unit, "essay", "征文"))).await);
            TestRequest::post()
                .uri(&format!("/api/v1/contests/{contest}/announce"))
                .insert_header(("If-Match", "\"1\""))
        }
        ("POST", "/api/v1/contests/{id}/cancel") => {
            let contest = created(send(app, bureau.post("/api/v1/contests", &contests::contest_body(&unit, "essay", "征文"))).await);
            TestRequest::post()
                .uri(&format!("/api/v1/contests/{contest}/cancel"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"reason": "取消"}))
        }
        ("POST", "/api/v1/contests/{id}/start-judging") | ("POST", "/api/v1/contests/{id}/publish-results") => {
            let judge = t.add_user(&format!("judge{n}"), "CITY", &[Role::Bureau]);
            let contest = contests::announced_contest(app, bureau, &unit, "essay", &[&judge.id]).await;
            let entry = contests::enter(app, bureau, &contest, &t.unit_id("XQ-1"), None, "作品").await;
            let version = if path.ends_with("start-judging") {
                3
            } else {
                contests::start_judging(app, bureau, &contest).await;
                let scored = send(app, contests::score(&judge, &entry, 50.0, 30.0)).await;
                assert_eq!(scored.status, 200, "{}", scored.text());
                4
            };
            TestRequest::post()
                .uri(&path.replace("{id}", &contest))
                .insert_header(("If-Match", format!("\"{version}\"")))
        }
        ("GET", "/api/v1/contests/{id}/entries") | ("GET", "/api/v1/contests/{id}/scoreboard") => {
            let judge = t.add_user(&format!("judge{n}"), "CITY", &[Role::Bureau]);
            let contest = contests::announced_contest(app, bureau, &unit, "essay", &[&judge.id]).await;
            TestRequest::get().uri(&path.replace("{id}", &contest))
        }
        ("POST", "/api/v1/contests/{id}/entries") => {
            let city = t.unit_id("CITY-LAW");
            let judge = t.add_user(&format!("judge{n}"), "CITY", &[Role::Bureau]);
            let contest = contests::announced_contest(app, bureau, &city, "essay", &[&judge.id]).await;
            TestRequest::post()
                .uri(&format!("/api/v1/contests/{contest}/entries"))
                .set_json(json!({"unit_id": unit, "title": "作品"}))
        }
        ("GET", "/api/v1/contest-entries/{id}")
        | ("POST", "/api/v1/contest-entries/{id}/withdraw")
        | ("POST", "/api/v1/contest-entries/{id}/attachments") => {
            let city = t.unit_id("CITY-LAW");
            let judge = t.add_user(&format!("judge{n}"), "CITY", &[Role::Bureau]);
            let contest = contests::announced_contest(app, bureau, &city, "essay", &[&judge.id]).await;
            let entry = contests::enter(app, bureau, &contest, &unit, None, "作品").await;
            let uri = path.replace("{id}", &entry);
            match method {
                "GET" => TestRequest::get().uri(&uri),
                _ if path.ends_with("withdraw") => TestRequest::post().uri(&uri).insert_header(("If-Match", "\"1\"")),
                _ => {
                    let (content_type, body) = enforcement_tests::multipart_file(
                        "征文.pdf",
                        "application/pdf",
                        &enforcement_tests::sample_pdf(&n.to_string()),
                    );
                    TestRequest::post()
                        .uri(&uri)
                        .insert_header(("Content-Type", content_type))
                        .set_payload(body)
                }
            }
        }
        ("GET", "/api/v1/training-events") => TestRequest::get().uri("/api/v1/training-events"),
        ("POST", "/api/v1/training-events/{id}/attachments") => {
            let event = training::created(&send(app, bureau.post("/api/v1/training-events", &training::event_body(&unit, "培训", None))).await);
            let (content_type, body) = enforcement_tests::multipart_file(
                "培训课件.pdf",
                "application/pdf",
                &enforcement_tests::sample_pdf(&n.to_string()),
            );
            TestRequest::post()
                .uri(&format!("/api/v1/training-events/{event}/attachments"))
                .insert_header(("Content-Type", content_type))
                .set_payload(body)
        }
        ("POST", "/api/v1/training-events") => TestRequest::post()
            .uri("/api/v1/training-events")
            .set_json(training::event_body(&unit, &format!("培训{n}"), None)),
        ("GET", "/api/v1/training-events/{id}") => {
            let (event, _) = training::published_event(app, bureau, &unit, None, &[(60, 2.0)]).await;
            TestRequest::get().uri(&format!("/api/v1/training-events/{event}"))
        }
        ("PUT", "/api/v1/training-events/{id}") => {
            let event = training::created(&send(app, bureau.post("/api/v1/training-events", &training::event_body(&unit, "培训", None))).await);
            TestRequest::put()
                .uri(&format!("/api/v1/training-events/{event}"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(training::event_body(&unit, "改过的培训", Some(5)))
        }
        ("POST", "/api/v1/training-events/{id}/publish") => {
            let event = training::created(&send(app, bureau.post("/api/v1/training-events", &training::event_body(&unit, "培训", None))).await);
            training::created(&send(app, bureau.post(&format!("/api/v1/training-events/{event}/sessions"), &training::session_body(60, 2.0))).await);
            TestRequest::post()
                .uri(&format!("/api/v1/training-events/{event}/publish"))
                .insert_header(("If-Match", "\"1\""))
        }
        ("POST", "/api/v1/training-events/{id}/cancel") => {
            let event = training::created(&send(app, bureau.post("/api/v1/training-events", &training::event_body(&unit, "培训", None))).await);
            TestRequest::post()
                .uri(&format!("/api/v1/training-events/{event}/cancel"))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"reason": "取消"}))
        }
        ("POST", "/api/v1/training-events/{id}/sessions") => {
            let event = training::created(&send(app, bureau.post("/api/v1/training-events", &training::event_body(&unit, "培训", None))).await);
            TestRequest::post()
                .uri(&format!("/api/v1/training-events/{event}/sessions"))
                .set_json(training::session_body(60, 2.0))
        }
        ("PUT", "/api/v1/training-sessions/{id}") => {
            let (_, sessions) = training::published_event(app, bureau, &unit, None, &[(60, 2.0)]).await;
            TestRequest::put()
                .uri(&format!("/api/v1/training-sessions/{}", sessions[0]))
                .insert_header(("If-Match", "\"1\""))
                .set_json(training::session_body(90, 1.5))
        }
        ("GET", "/api/v1/training-sessions/{id}/roster") => {
            let (_, sessions) = training::published_event(app, bureau, &unit, None, &[(60, 2.0)]).await;
            TestRequest::get().uri(&format!("/api/v1/training-sessions/{}/roster", sessions[0]))
        }
        ("GET", "/api/v1/training-sessions/{id}/check-in-code") => {
            let (_, sessions) = training::published_event(app, bureau, &unit, None, &[(-5, 2.0)]).await;
            TestRequest::get().uri(&format!("/api/v1/training-sessions/{}/check-in-code", sessions[0]))
        }
        ("POST", "/api/v1/training-sessions/{id}/attendance") => {
            let (event, sessions) = training::published_event(app, bureau, &unit, None, &[(-5, 2.0)]).await;
            let officer = t.add_user(&format!("trainee{n}"), "XQ-1", &[Role::Officer]);
            training::nominate(app, bureau, &event, &[&officer]).await;
            TestRequest::post()
                .uri(&format!("/api/v1/training-sessions/{}/attendance", sessions[0]))
                .set_json(json!({"marks": [{"user_id": officer.id, "status": "present"}]}))
        }
        ("POST", "/api/v1/training-events/{id}/enrolments") => {
            let city = t.unit_id("CITY");
            let (event, _) = training::published_event(app, bureau, &city, None, &[(60, 2.0)]).await;
            let nominee = t.add_user(&format!("nominee{n}"), target, &[Role::Officer]);
            TestRequest::post()
                .uri(&format!("/api/v1/training-events/{event}/enrolments"))
                .set_json(json!({"user_ids": [nominee.id]}))
        }
        ("GET", "/api/v1/training-events/{id}/enrolments") => {
            let (event, _) = training::published_event(app, bureau, &unit, None, &[(60, 2.0)]).await;
            TestRequest::get().uri(&format!("/api/v1/training-events/{event}/enrolments"))
        }
        ("POST", "/api/v1/training-enrolments/{id}/withdraw") => {
            let city = t.unit_id("CITY");
            let (event, _) = training::published_event(app, bureau, &city, None, &[(60, 2.0)]).await;
            let nominee = t.add_user(&format!("nominee{n}"), target, &[Role::Officer]);
            let enrolment = training::nominate(app, bureau, &event, &[&nominee]).await;
            TestRequest::post()
                .uri(&format!("/api/v1/training-enrolments/{}/withdraw", enrolment[0]["id"].as_str().unwrap()))
                .insert_header(("If-Match", "\"1\""))
        }
        ("GET", "/api/v1/training-hours/people") => {
            TestRequest::get().uri(&format!("/api/v1/training-hours/people?unit_id={unit}"))
        }
        ("GET", "/api/v1/training-hours/units") => TestRequest::get().uri("/api/v1/training-hours/units"),
        ("GET", "/api/v1/training-requirements/{year}") => {
            TestRequest::get().uri("/api/v1/training-requirements/2026")
        }
        ("GET", "/api/v1/legal-archives/{id}") => {
            let person = t.add_user(&format!("archived{n}"), target, &[Role::Officer]);
            TestRequest::get().uri(&format!("/api/v1/legal-archives/{}", person.id))
        }
        ("GET", "/api/v1/legal-archives/{id}:xlsx") => {
            let person = t.add_user(&format!("archived{n}"), target, &[Role::Officer]);
            TestRequest::get().uri(&format!("/api/v1/legal-archives/{}:xlsx", person.id))
        }
        ("PUT", "/api/v1/training-requirements/{year}") => {
            let current = send(app, bureau.get("/api/v1/training-requirements/2030")).await;
            TestRequest::put()
                .uri("/api/v1/training-requirements/2030")
                .insert_header(("If-Match", current.header("etag").unwrap()))
                .set_json(json!({"hours": 80}))
        }
        _ => panic!("permissions test: add a fixture for {method} {path}"),
    }
}

fn true_false_question(category: &str, stem: &str) -> serde_json::Value {
    json!({"category_id": category, "kind": "true_false", "stem": stem, "correct_truth": true})
}

/// A category of the bank kept by `unit` with one true/false question: their ids.
async fn quiz_bank<S, B>(app: &S, bureau: &TestUser, unit: &str, n: usize) -> (String, String)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let category = created(
        send(
            app,
            bureau.post(
                "/api/v1/question-categories",
                &json!({"owner_unit_id": unit, "name": format!("题库{n}")}),
            ),
        )
        .await,
    );
    let question = created(
        send(
            app,
            bureau.post(
                "/api/v1/questions",
                &json!({"owner_unit_id": unit, "content": true_false_question(&category, &format!("题{n}"))}),
            ),
        )
        .await,
    );
    (category, question)
}

fn study_plan_body(unit: &str, category: &str) -> serde_json::Value {
    json!({"organiser_unit_id": unit, "year": 2030, "title": "学法计划", "audience": {"unit_ids": [unit]},
           "quarters": [{"quarter": 1, "topic": "行政处罚法", "category_id": category, "question_count": 1, "points_per_question": 10}]})
}

async fn study_plan_of<S, B>(app: &S, bureau: &TestUser, unit: &str, n: usize) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (category, _) = quiz_bank(app, bureau, unit, n).await;
    created(
        send(
            app,
            bureau.post(
                "/api/v1/study-plans",
                &study_plan_body(unit, category.as_str()),
            ),
        )
        .await,
    )
}

/// A session organised by `unit`, open now, one fixed question, for the units and
/// people named.
fn quiz_session_body(unit: &str, question: &str, takers: &[&str]) -> serde_json::Value {
    let now = chrono::Utc::now();
    json!({"organiser_unit_id": unit, "kind": "quarterly_quiz", "title": "学法考试",
           "opens_at": now - chrono::Duration::hours(1), "closes_at": now + chrono::Duration::hours(1),
           "time_limit_minutes": 0, "attempts_allowed": 0, "pass_score": 1, "grading_method": "highest",
           "review": "after_submit", "audience": {"unit_ids": [unit], "user_ids": takers},
           "paper": [{"kind": "fixed", "question_id": question, "count": 1, "points": 1}]})
}

/// A session organised by the unit `unit` (published when `publish`): its id and its
/// question's.
async fn quiz_session_of<S, B>(
    t: &TestApp,
    app: &S,
    bureau: &TestUser,
    unit: &str,
    n: usize,
    publish: bool,
) -> (String, String)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (_, question) = quiz_bank(app, bureau, unit, n).await;
    // Someone always takes it, so that it can be published.
    let taker = t.add_user(&format!("taker{n}"), "XQ-1", &[Role::Officer]);
    let body = quiz_session_body(unit, &question, &[taker.id.as_str()]);
    let session = created(send(app, bureau.post("/api/v1/quiz-sessions", &body)).await);
    if publish {
        let reply = send(
            app,
            bureau
                .post(
                    &format!("/api/v1/quiz-sessions/{session}/publish"),
                    &json!({}),
                )
                .insert_header(("If-Match", "\"1\"")),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    (session, question)
}

/// A submitted attempt with a short answer waiting for its grade, at a session the
/// unit `unit` organises: its id and version.
async fn submitted_attempt<S, B>(
    t: &TestApp,
    app: &S,
    bureau: &TestUser,
    unit: &str,
    n: usize,
) -> (String, i64)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (category, _) = quiz_bank(app, bureau, unit, n).await;
    let short = json!({"owner_unit_id": unit, "content": {"category_id": category, "kind": "short_answer", "stem": format!("简答{n}")}});
    let question = created(send(app, bureau.post("/api/v1/questions", &short)).await);
    let taker = t.add_user(&format!("answerer{n}"), "XQ-1", &[Role::Officer]);
    let body = quiz_session_body(unit, &question, &[taker.id.as_str()]);
    let session = created(send(app, bureau.post("/api/v1/quiz-sessions", &body)).await);
    let reply = send(
        app,
        bureau
            .post(
                &format!("/api/v1/quiz-sessions/{session}/publish"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let attempt = created(
        send(
            app,
            taker.post(
                &format!("/api/v1/quiz-sessions/{session}/attempts"),
                &json!({}),
            ),
        )
        .await,
    );
    let saved = send(
        app,
        taker.post(
            &format!("/api/v1/me/quiz-attempts/{attempt}/answers"),
            &json!({"position": 0, "answer": {"text": "答案"}}),
        ),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.text());
    let closed = send(
        app,
        taker.post(
            &format!("/api/v1/me/quiz-attempts/{attempt}/submit"),
            &json!({}),
        ),
    )
    .await;
    assert_eq!(closed.status, 200, "{}", closed.text());
    (attempt, closed.json()["version"].as_i64().unwrap())
}

/// A request about the caller's own quiz records (`target: self`): a session open for
/// them with a wrong answer in its review, an attempt of theirs in progress. A caller
/// who does not take quizzes (or none) gets the records of a new officer, which the
/// permission check refuses before anything else.
async fn own_record_fixture<S, B>(
    t: &TestApp,
    app: &S,
    caller: Option<&TestUser>,
    method: &str,
    path: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    if path.contains("training") || path.contains("legal-archive") {
        return own_training_fixture(t, app, caller, method, path).await;
    }
    if path.contains("my-score") {
        return own_score_fixture(t, app, caller).await;
    }
    if path.contains("/me/degrees") {
        return own_degree_fixture(t, app, caller, method, path).await;
    }
    if path.contains("case-reviews") {
        return own_review_fixture(t, app, caller, path).await;
    }
    if path.contains("demonstration-reviews") {
        return own_demonstration_review_fixture(t, app, caller, method, path).await;
    }
    let n = next();
    let takes = holds(t, caller, Permission::QuizzesTake);
    let fresh;
    let taker = match caller {
        Some(c) if takes => c,
        _ => {
            fresh = t.add_user(&format!("self{n}"), "XQ-1", &[Role::Officer]);
            &fresh
        }
    };
    let bureau = t.add_user(&format!("selfsetup{n}"), "CITY", &[Role::Bureau]);
    let city = t.unit_id("CITY");
    let (_, question) = quiz_bank(app, &bureau, &city, n).await;
    let mut body = quiz_session_body(&city, &question, &[taker.id.as_str()]);
    // One attempt: once it is submitted its answers are no longer withheld.
    body["attempts_allowed"] = json!(1);
    let session = created(send(app, bureau.post("/api/v1/quiz-sessions", &body)).await);
    let reply = send(
        app,
        bureau
            .post(
                &format!("/api/v1/quiz-sessions/{session}/publish"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let attempt = || async {
        created(
            send(
                app,
                taker.post(
                    &format!("/api/v1/quiz-sessions/{session}/attempts"),
                    &json!({}),
                ),
            )
            .await,
        )
    };
    match (method, path) {
        ("GET", "/api/v1/me/quizzes") => TestRequest::get().uri("/api/v1/me/quizzes"),
        ("GET", "/api/v1/me/quiz-results") => TestRequest::get().uri("/api/v1/me/quiz-results"),
        ("GET", "/api/v1/me/wrong-answers") => TestRequest::get().uri("/api/v1/me/wrong-answers"),
        ("POST", "/api/v1/quiz-sessions/{id}/attempts") => {
            TestRequest::post().uri(&format!("/api/v1/quiz-sessions/{session}/attempts"))
        }
        ("GET", "/api/v1/me/quiz-attempts/{id}") => {
            TestRequest::get().uri(&format!("/api/v1/me/quiz-attempts/{}", attempt().await))
        }
        ("POST", "/api/v1/me/quiz-attempts/{id}/answers") => TestRequest::post()
            .uri(&format!(
                "/api/v1/me/quiz-attempts/{}/answers",
                attempt().await
            ))
            .set_json(json!({"position": 0, "answer": {"truth": true}})),
        ("POST", "/api/v1/me/quiz-attempts/{id}/events") => TestRequest::post()
            .uri(&format!(
                "/api/v1/me/quiz-attempts/{}/events",
                attempt().await
            ))
            .set_json(json!({"kind": "left_page"})),
        ("POST", "/api/v1/me/quiz-attempts/{id}/submit") => TestRequest::post().uri(&format!(
            "/api/v1/me/quiz-attempts/{}/submit",
            attempt().await
        )),
        ("POST", "/api/v1/me/wrong-answers/{id}/practice") => {
            let id = attempt().await;
            let closed = send(
                app,
                taker.post(&format!("/api/v1/me/quiz-attempts/{id}/submit"), &json!({})),
            )
            .await;
            assert_eq!(closed.status, 200, "{}", closed.text());
            TestRequest::post()
                .uri(&format!("/api/v1/me/wrong-answers/{question}/practice"))
                .set_json(json!({"answer": {"truth": true}}))
        }
        _ => panic!("permissions test: add a fixture for {method} {path}"),
    }
}

/// A major decision of `unit`, registered by the city bureau.
async fn decision_of<S, B>(app: &S, bureau: &TestUser, unit: &str) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    created(
        send(
            app,
            bureau.post(
                "/api/v1/major-decisions",
                &json!({"unit_id": unit, "title": "决策", "summary": "内容"}),
            ),
        )
        .await,
    )
}

fn risk_body(unit: &str) -> serde_json::Value {
    json!({"unit_id": unit, "activity": "专项行动", "activity_date": "2099-01-01", "place": "某路",
           "items": [{"risk": "聚集", "likelihood": 3, "impact": 4, "mitigation": "警戒"}]})
}

/// A risk assessment of `unit` by the city bureau, signed off when `signed`.
async fn risk_of<S, B>(app: &S, bureau: &TestUser, unit: &str, signed: bool) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let id = created(
        send(
            app,
            bureau.post("/api/v1/risk-assessments", &risk_body(unit)),
        )
        .await,
    );
    if signed {
        let reply = send(
            app,
            bureau
                .post(
                    &format!("/api/v1/risk-assessments/{id}/sign-off"),
                    &json!({"opinion": "同意"}),
                )
                .insert_header(("If-Match", "\"1\"")),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    id
}

/// Every manual figure of the monthly template, zero.
fn monthly_figures() -> serde_json::Value {
    let text = include_str!("../../../api/templates/statistics-monthly.json");
    let template: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut figures = serde_json::Map::new();
    for section in template["definition"]["sections"].as_array().unwrap() {
        for column in section["columns"].as_array().unwrap() {
            if column["kind"] == "manual" {
                figures.insert(column["key"].as_str().unwrap().into(), json!(0));
            }
        }
    }
    serde_json::Value::Object(figures)
}

/// The county bureau a statistics fixture for `target` files for (reports belong to
/// county bureaus: a target that is none is only reached by callers of every unit), and
/// a month freed for it (fixtures outnumber the months since the template's start).
fn statistics_slot(t: &TestApp, target: &str, n: usize) -> (String, String) {
    let code = if target == "YQ" { "YQ" } else { "XQ" };
    let unit = t.unit_id(code);
    let m = n % 80;
    let period = format!("{:04}-{:02}", 2020 + m / 12, m % 12 + 1);
    let mut conn = t.state.pool.get().unwrap();
    diesel::sql_query(format!("DELETE FROM statistics_report_revisions WHERE report_id IN (SELECT id FROM statistics_reports WHERE unit_id = '{unit}' AND period = '{period}')"))
        .execute(&mut *conn)
        .unwrap();
    diesel::sql_query(format!(
        "DELETE FROM statistics_reports WHERE unit_id = '{unit}' AND period = '{period}'"
    ))
    .execute(&mut *conn)
    .unwrap();
    (unit, period)
}

/// A monthly report of the county bureau for `target`: a draft (`steps` 0), submitted
/// (1) or accepted (2).
async fn statistics_report<S, B>(
    t: &TestApp,
    app: &S,
    bureau: &TestUser,
    target: &str,
    n: usize,
    steps: u8,
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (unit, period) = statistics_slot(t, target, n);
    let code = if target == "YQ" { "YQ" } else { "XQ" };
    let filer = t.add_user(&format!("statistics{n}"), code, &[Role::County]);
    let body = json!({"unit_id": unit, "template_code": "monthly", "period": period, "values": monthly_figures(), "explanation": "已核对"});
    let report = created(send(app, filer.post("/api/v1/statistics/reports", &body)).await);
    let uri = format!("/api/v1/statistics/reports/{report}");
    if steps >= 1 {
        let reply = send(
            app,
            filer
                .post(&format!("{uri}/submit"), &json!({}))
                .insert_header(("If-Match", "\"1\"")),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    if steps >= 2 {
        let reply = send(
            app,
            bureau
                .post(&format!("{uri}/accept"), &json!(null))
                .insert_header(("If-Match", "\"2\"")),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    report
}

#[test]
fn every_endpoint_is_in_the_matrix_exactly_once() {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let p = policy();
    let mut listed: Vec<String> = p.public.clone();
    listed.extend(p.authenticated.iter().cloned());
    listed.extend(
        p.endpoints
            .iter()
            .map(|e| format!("{} {}", e.method, e.path)),
    );
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    for op in &operations {
        let count = listed.iter().filter(|l| *l == op).count();
        assert_eq!(
            count, 1,
            "{op} must appear exactly once in api/permissions.yaml (found {count})"
        );
    }
    for l in &listed {
        assert!(
            operations.contains(l),
            "api/permissions.yaml lists {l}, which the API does not serve"
        );
    }
}

#[actix_web::test]
async fn the_matrix_holds_for_every_role_endpoint_and_unit() {
    // Webhook sends go to a closed local port: refused at once, no network needed.
    let t = TestApp::with_config(|c| c.webhook_allowed_hosts = vec!["127.0.0.1".into()]);
    t.add_counties();
    let admin = t.add_user("fixture.admin", "CITY", &[Role::Admin]);
    let app = init_service(api::app(t.state.clone())).await;

    // One caller per role, each in its natural unit.
    let mut callers = Vec::new();
    for (role, unit) in [
        (Role::Admin, "CITY"),
        (Role::Bureau, "CITY"),
        (Role::Section, "CITY-LAW"),
        (Role::County, "XQ"),
        (Role::Officer, "XQ-1"),
        (Role::Auditor, "CITY"),
    ] {
        let user = t.add_user(&format!("matrix.{}", role.as_str()), unit, &[role]);
        callers.push(Caller {
            role,
            unit,
            token: user.access_token.clone(),
            user: Some(user),
        });
    }
    let grants = policy().grantable_to_integration();
    let created = send(
        &app,
        admin.post(
            "/api/v1/service-accounts",
            &json!({"name": "matrix", "unit_id": t.unit_id("XQ"), "grants": grants}),
        ),
    )
    .await;
    let body = created.json();
    let token = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/token")
            .set_json(json!({
                "grant_type": "client_credentials",
                "client_id": body["account"]["client_id"],
                "client_secret": body["client_secret"],
            })),
    )
    .await
    .json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    callers.push(Caller {
        role: Role::Integration,
        unit: "XQ",
        token,
        user: None,
    });

    let mut checked = 0;
    for endpoint in &policy().endpoints {
        let (method, path) = (endpoint.method.as_str(), endpoint.path.as_str());
        // Without a token.
        let anonymous = if endpoint.target == "self" {
            own_record_fixture(&t, &app, None, method, path).await
        } else {
            fixture(&t, &app, &admin, method, path, "CITY").await
        };
        send(&app, anonymous)
            .await
            .assert_problem(401, "unauthorized");

        for caller in &callers {
            let targets: Vec<(&str, bool)> =
                if endpoint.target == "none" || endpoint.target == "self" {
                    vec![(caller.unit, true)]
                } else {
                    // Own unit, and a unit outside every non-global scope.
                    vec![(caller.unit, true), ("YQ", false)]
                };
            for (target, own) in targets {
                let req = if endpoint.target == "self" {
                    own_record_fixture(&t, &app, caller.user.as_ref(), method, path).await
                } else {
                    fixture(&t, &app, &admin, method, path, target).await
                }
                .insert_header(caller.bearer());
                let reply = send(&app, req).await;
                let expected = allowed(caller.role, &endpoint.permission, own, &endpoint.target);
                let context = format!(
                    "{method} {path} as {} of {} on {target}: {}",
                    caller.role.as_str(),
                    caller.unit,
                    reply.text()
                );
                if expected {
                    assert!(
                        reply.status.is_success(),
                        "expected 2xx, got {} — {context}",
                        reply.status
                    );
                } else {
                    assert_eq!(reply.status.as_u16(), 403, "expected 403 — {context}");
                    assert_eq!(reply.json()["code"], "forbidden", "{context}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "checked only {checked} combinations");

    // Subtree: the county bureau acts for its brigade too, not only for itself.
    let county = &callers[3];
    let brigade_edit = fixture(&t, &app, &admin, "PATCH", "/api/v1/units/{id}", "XQ-1")
        .await
        .insert_header(county.bearer());
    assert_eq!(send(&app, brigade_edit).await.status, 200);
    // A county may not make administrators even in its own unit.
    let escalate = TestRequest::post()
        .uri("/api/v1/users")
        .insert_header(county.bearer())
        .set_json(json!({"login": "sneaky", "name": "x", "unit_id": t.unit_id("XQ"), "roles": ["admin"], "password": "Initial-password-1"}));
    send(&app, escalate).await.assert_problem(403, "forbidden");
    // Lists are cut to the caller's scope when no unit is named.
    let listed = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/users?per_page=200")
            .insert_header(county.bearer()),
    )
    .await
    .json();
    let xq = [t.unit_id("XQ"), t.unit_id("XQ-1")];
    for user in listed["items"].as_array().unwrap() {
        assert!(
            xq.contains(&user["unit_id"].as_str().unwrap().to_string()),
            "{user}"
        );
    }
}

#[actix_web::test]
async fn public_and_signed_in_only_endpoints() {
    let t = TestApp::new();
    let app = init_service(api::app(t.state.clone())).await;
    for (method, path) in [("GET", "/api/v1/health"), ("GET", "/api/v1/ready")] {
        let reply = send(
            &app,
            TestRequest::default()
                .method(method.parse().unwrap())
                .uri(path),
        )
        .await;
        assert_eq!(reply.status, 200, "{method} {path}");
    }
    send(&app, TestRequest::get().uri("/api/v1/me"))
        .await
        .assert_problem(401, "unauthorized");
    send(
        &app,
        TestRequest::post()
            .uri("/api/v1/me/password")
            .set_json(json!({"current_password": "a", "new_password": "Another-password-1"})),
    )
    .await
    .assert_problem(401, "unauthorized");
    for role in [
        Role::Admin,
        Role::Bureau,
        Role::Section,
        Role::County,
        Role::Officer,
        Role::Auditor,
    ] {
        let user = t.add_user(&format!("self.{}", role.as_str()), "CITY", &[role]);
        assert_eq!(send(&app, user.get("/api/v1/me")).await.status, 200);
        let changed = send(
            &app,
            user.post(
                "/api/v1/me/password",
                &json!({"current_password": enforcement_tests::PASSWORD, "new_password": "Another-password-1"}),
            ),
        )
        .await;
        assert_eq!(changed.status, 204, "{role}: {}", changed.text());
    }
}

/// A request about the caller's own training records (`target: self`): an event open
/// for enrolment, an enrolment of theirs, a session whose check-in is open. A caller
/// who does not attend training (or none) gets the records of a new officer.
async fn own_training_fixture<S, B>(
    t: &TestApp,
    app: &S,
    caller: Option<&TestUser>,
    method: &str,
    path: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let n = next();
    let attends = holds(t, caller, Permission::TrainingAttend);
    let fresh;
    let trainee = match caller {
        Some(c) if attends => c,
        _ => {
            fresh = t.add_user(&format!("trainee.self{n}"), "XQ-1", &[Role::Officer]);
            &fresh
        }
    };
    let bureau = t.add_user(&format!("trainsetup{n}"), "CITY", &[Role::Bureau]);
    let city = t.unit_id("CITY");
    match (method, path) {
        ("GET", "/api/v1/me/trainings") => TestRequest::get().uri("/api/v1/me/trainings"),
        ("GET", "/api/v1/me/training-hours") => TestRequest::get().uri("/api/v1/me/training-hours"),
        ("GET", "/api/v1/me/legal-archive") => TestRequest::get().uri("/api/v1/me/legal-archive"),
        ("POST", "/api/v1/training-events/{id}/enrol") => {
            let (event, _) =
                training::published_event(app, &bureau, &city, None, &[(60, 2.0)]).await;
            TestRequest::post().uri(&format!("/api/v1/training-events/{event}/enrol"))
        }
        ("POST", "/api/v1/me/training-enrolments/{id}/withdraw") => {
            let (event, _) =
                training::published_event(app, &bureau, &city, None, &[(60, 2.0)]).await;
            let enrolment = training::nominate(app, &bureau, &event, &[trainee]).await;
            TestRequest::post()
                .uri(&format!(
                    "/api/v1/me/training-enrolments/{}/withdraw",
                    enrolment[0]["id"].as_str().unwrap()
                ))
                .insert_header(("If-Match", "\"1\""))
        }
        ("POST", "/api/v1/training-sessions/{id}/check-in") => {
            let (event, sessions) =
                training::published_event(app, &bureau, &city, None, &[(-5, 2.0)]).await;
            training::nominate(app, &bureau, &event, &[trainee]).await;
            TestRequest::post()
                .uri(&format!(
                    "/api/v1/training-sessions/{}/check-in",
                    sessions[0]
                ))
                .set_json(json!({"code": training::code_of(t, &sessions[0], 0)}))
        }
        _ => panic!("permissions test: add a fixture for {method} {path}"),
    }
}

/// A score by the caller as a judge of a contest being judged (someone who may not
/// judge gets a new officer's place on the panel, which the permission check refuses
/// before anything else).
async fn own_score_fixture<S, B>(t: &TestApp, app: &S, caller: Option<&TestUser>) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let n = next();
    let judges = holds(t, caller, Permission::ContestsJudge);
    let fresh;
    let judge = match caller {
        Some(c) if judges => c,
        _ => {
            fresh = t.add_user(&format!("judge.self{n}"), "CITY", &[Role::Officer]);
            &fresh
        }
    };
    let bureau = t.add_user(&format!("contestsetup{n}"), "CITY", &[Role::Bureau]);
    let law = t.unit_id("CITY-LAW");
    let contest = contests::announced_contest(app, &bureau, &law, "essay", &[&judge.id]).await;
    // An entry of a unit no caller of the matrix belongs to.
    let unit = t.add_unit(
        &format!("CONTEST{n}"),
        &format!("参赛单位{n}"),
        api_types::units::UnitKind::Section,
        "CITY",
    );
    let entry = contests::enter(app, &bureau, &contest, &unit, None, "作品").await;
    contests::start_judging(app, &bureau, &contest).await;
    TestRequest::put()
        .uri(&format!("/api/v1/contest-entries/{entry}/my-score"))
        .set_json(contests::sheet(50.0, 30.0))
}

/// The caller's own degrees (someone who records none gets a new officer's degree,
/// which the permission check refuses before anything else).
async fn own_degree_fixture<S, B>(
    t: &TestApp,
    app: &S,
    caller: Option<&TestUser>,
    method: &str,
    path: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let n = next();
    let records = holds(t, caller, Permission::DegreesRecord);
    let fresh;
    let graduate = match caller {
        Some(c) if records => c,
        _ => {
            fresh = t.add_user(&format!("graduate.self{n}"), "XQ-1", &[Role::Officer]);
            &fresh
        }
    };
    match (method, path) {
        ("GET", "/api/v1/me/degrees") => TestRequest::get().uri("/api/v1/me/degrees"),
        ("POST", "/api/v1/me/degrees") => TestRequest::post()
            .uri("/api/v1/me/degrees")
            .set_json(degrees::degree_body()),
        ("PUT", "/api/v1/me/degrees/{id}") => {
            let degree = degrees::recorded_degree(app, graduate).await;
            TestRequest::put()
                .uri(&format!("/api/v1/me/degrees/{degree}"))
                .insert_header(("If-Match", "\"2\""))
                .set_json(degrees::degree_body())
        }
        ("POST", "/api/v1/me/degrees/{id}/attachments") => {
            let degree = degrees::recorded_degree(app, graduate).await;
            let (content_type, body) = enforcement_tests::multipart_file(
                "学历证书.pdf",
                "application/pdf",
                &enforcement_tests::sample_pdf(&n.to_string()),
            );
            TestRequest::post()
                .uri(&format!("/api/v1/me/degrees/{degree}/attachments"))
                .insert_header(("Content-Type", content_type))
                .set_payload(body)
        }
        _ => panic!("permissions test: add a fixture for {method} {path}"),
    }
}

/// The unit whose typical case a fixture for `target` uses (cases come from sections
/// and county bureaus: the city bureau's target is its policy section, a brigade's its
/// county bureau), and a user who writes that unit's cases.
/// The content of the active case-review rules (a valid body for a new rule set).
async fn assessment_rules<S, B>(_t: &TestApp, app: &S, bureau: &TestUser) -> serde_json::Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let listed = send(
        app,
        bureau.get("/api/v1/rule-sets?kind=case_review&status=active"),
    )
    .await
    .json();
    listed["items"][0]["content"].clone()
}

/// An open review of a file of EDZ assigned to the caller (when they may review; else
/// to someone who may), for the reviewer's own endpoints.
async fn own_review_fixture<S, B>(
    t: &TestApp,
    app: &S,
    caller: Option<&TestUser>,
    path: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let n = next();
    let fresh;
    let reviewer = match caller {
        Some(c) if holds(t, caller, Permission::CaseReviewsWrite) => c,
        _ => {
            fresh = t.add_user(&format!("ownreviewer{n}"), "YQ", &[Role::County]);
            &fresh
        }
    };
    let bureau = t.add_user(&format!("reviewsetup{n}"), "CITY", &[Role::Bureau]);
    let mut body = crate::assessment::review_body(&t.unit_id("EDZ"), &format!("案卷{n}"));
    body["reviewer_id"] = json!(reviewer.id);
    let review = created(send(app, bureau.post("/api/v1/case-reviews", &body)).await);
    let uri = path.replace("{id}", &review);
    if path.ends_with("submit") {
        TestRequest::post()
            .uri(&uri)
            .insert_header(("If-Match", "\"1\""))
    } else {
        TestRequest::put()
            .uri(&uri)
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"findings": [{"item": "F4"}], "comment": ""}))
    }
}

fn case_filer(t: &TestApp, target: &str, n: usize) -> (String, TestUser) {
    let (code, role) = match target {
        "CITY" | "CITY-LAW" => ("CITY-LAW", Role::Section),
        "YQ" => ("YQ", Role::County),
        _ => ("XQ", Role::County),
    };
    (
        t.unit_id(code),
        t.add_user(&format!("casefiler{n}"), code, &[role]),
    )
}

/// Whether `caller` (if any) holds `permission` by the roles stored for them.
fn holds(t: &TestApp, caller: Option<&TestUser>, permission: Permission) -> bool {
    caller.is_some_and(|c| {
        use api::db::schema::users;
        let mut conn = t.state.pool.get().unwrap();
        let stored: String = users::table
            .find(&c.id)
            .select(users::roles)
            .first(&mut *conn)
            .unwrap();
        let roles = api::auth::principal::roles_from_column(&stored).unwrap();
        policy().scope(permission, &roles).is_some()
    })
}

/// A new brigade for a demonstration application of the unit `target` (a code): under
/// it when it is a county bureau or the city bureau, else under the city bureau; and the
/// unit that recommends it.
fn demonstration_unit(t: &TestApp, target: &str) -> (String, String) {
    let parent = match target {
        "XQ" | "XQ-1" => "XQ",
        "YQ" => "YQ",
        _ => "CITY",
    };
    (crate::demonstration::brigade(t, parent), t.unit_id(parent))
}

fn user_id_of(t: &TestApp, login: &str) -> String {
    use api::db::schema::users;
    let mut conn = t.state.pool.get().unwrap();
    users::table
        .filter(users::login.eq(login))
        .select(users::id)
        .first(&mut *conn)
        .unwrap()
}

/// The caller's own demonstration review (a fresh YQ reviewer's, of an XQ brigade, when
/// the caller may not review: readers of every unit or of XQ see it).
async fn own_demonstration_review_fixture<S, B>(
    t: &TestApp,
    app: &S,
    caller: Option<&TestUser>,
    method: &str,
    path: &str,
) -> TestRequest
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let n = next();
    let fresh;
    let (reviewer, brigade_of) = match caller {
        Some(c) if holds(t, caller, Permission::DemonstrationReview) => (c, "YQ"),
        _ => {
            fresh = t.add_user(&format!("demoreviewer{n}"), "YQ", &[Role::County]);
            (&fresh, "XQ")
        }
    };
    let round = crate::demonstration::round_row(t, 2020, "2099-10-31", &[&reviewer.id]);
    let (unit, recommender) = demonstration_unit(t, brigade_of);
    let application =
        crate::demonstration::application_row(t, &round, &unit, &recommender, "recommended");
    let body = json!({"application_id": application, "phase": "written"});
    let review = created(send(app, reviewer.post("/api/v1/demonstration-reviews", &body)).await);
    let uri = path.replace("{id}", &review);
    match (method, path.rsplit('/').next()) {
        ("GET", _) => TestRequest::get().uri(&uri),
        ("PUT", _) => TestRequest::put()
            .uri(&uri)
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"application_id": application, "phase": "written", "findings": [{"item": "A1", "deduction": 2}]})),
        (_, Some("attachments")) => {
            let (content_type, payload) = enforcement_tests::multipart_file(
                "现场照片.pdf",
                "application/pdf",
                &enforcement_tests::sample_pdf(&n.to_string()),
            );
            TestRequest::post()
                .uri(&uri)
                .insert_header(("Content-Type", content_type))
                .set_payload(payload)
        }
        _ => TestRequest::post()
            .uri(&uri)
            .insert_header(("If-Match", "\"1\"")),
    }
}
