//! The work plan: template import, task editing rights, progress reports and their
//! review, derived overdue status, supervision notices, the board and to-do lists.

use api_types::Role;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use enforcement_tests::{app, ok, send, TestApp, TestUser};
use serde_json::{json, Value};

pub(crate) struct World {
    pub t: TestApp,
    pub bureau: TestUser,
    pub law: TestUser,
    pub hr: TestUser,
    pub approval: TestUser,
    pub xq: TestUser,
    pub yq: TestUser,
}

pub(crate) fn world() -> World {
    world_with(|_| {})
}

/// [`world`] on an app with configuration changes.
pub(crate) fn world_with(change: impl FnOnce(&mut api::Config)) -> World {
    let t = TestApp::with_config(change);
    t.add_counties();
    World {
        bureau: t.add_user("bureau.lead", "CITY", &[Role::Bureau]),
        law: t.add_user("law.section", "CITY-LAW", &[Role::Section]),
        hr: t.add_user("hr.section", "CITY-HR", &[Role::Section]),
        approval: t.add_user("approval.section", "CITY-APPROVAL", &[Role::Section]),
        xq: t.add_user("xq.county", "XQ", &[Role::County]),
        yq: t.add_user("yq.county", "YQ", &[Role::County]),
        t,
    }
}

/// Imports the shipped plan as `bureau`; returns the plan id and the tasks by number.
pub(crate) async fn import<S, B>(app: &S, bureau: &TestUser) -> (String, Vec<Value>)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let summary = ok(
        &send(
            app,
            bureau.post(
                "/api/v1/plans/import",
                &json!({"template": "capability-plan-2022"}),
            ),
        )
        .await,
        200,
    );
    let plan = summary["plan"]["id"].as_str().unwrap().to_string();
    let tasks = ok(
        &send(app, bureau.get(&format!("/api/v1/plans/{plan}/tasks"))).await,
        200,
    );
    (plan, tasks["items"].as_array().unwrap().clone())
}

/// The milestone of `plan` titled `title`, as `reader` lists it.
pub(crate) async fn milestone_by_title<S, B>(
    app: &S,
    reader: &TestUser,
    plan: &str,
    title: &str,
) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let page = ok(
        &send(
            app,
            reader.get(&format!("/api/v1/milestones?plan_id={plan}&per_page=200")),
        )
        .await,
        200,
    );
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["title"] == title)
        .unwrap_or_else(|| panic!("no milestone {title}"))
        .clone()
}

fn owner_status(milestone: &Value, unit: &str) -> String {
    milestone["owner_status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["unit_id"] == unit)
        .map(|o| o["status"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{unit} does not own {milestone}"))
}

fn audit_actions(t: &TestApp, resource_type: &str) -> Vec<String> {
    use api::db::schema::audit_events;
    let mut conn = t.state.pool.get().unwrap();
    audit_events::table
        .filter(audit_events::resource_type.eq(resource_type))
        .order(audit_events::id)
        .select(audit_events::action)
        .load(&mut *conn)
        .unwrap()
}

#[actix_web::test]
async fn the_template_loads_nine_tasks_with_their_units_and_dates_once() {
    let w = world();
    let app = app!(w);
    let first = ok(
        &send(
            &app,
            w.bureau.post(
                "/api/v1/plans/import",
                &json!({"template": "capability-plan-2022"}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(first["tasks_created"], 9);
    assert_eq!(first["milestones_created"], 43);
    assert_eq!(first["plan"]["status"], "active");
    assert_eq!(first["plan"]["year"], 2022);
    let second = ok(
        &send(
            &app,
            w.bureau.post(
                "/api/v1/plans/import",
                &json!({"template": "capability-plan-2022"}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(second["tasks_created"], 0);
    assert_eq!(second["milestones_created"], 0);
    assert_eq!(second["unchanged"], 1 + 9 + 43);
    assert_eq!(second["plan"]["id"], first["plan"]["id"]);

    let plans = ok(&send(&app, w.bureau.get("/api/v1/plans")).await, 200);
    assert_eq!(plans["total"], 1);
    let plan = first["plan"]["id"].as_str().unwrap();
    let tasks = ok(
        &send(&app, w.bureau.get(&format!("/api/v1/plans/{plan}/tasks"))).await,
        200,
    );
    assert_eq!(tasks["total"], 9);
    let third = &tasks["items"][2];
    assert_eq!(third["number"], 3);
    let leads: Vec<&str> = third["lead_unit_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        leads.contains(&w.t.unit_id("CITY-LAW").as_str())
            && leads.contains(&w.t.unit_id("CITY-HR").as_str())
    );
    assert_eq!(
        third["responsible"]["unit_kinds"],
        json!(["county_bureau", "section"])
    );
    let milestones = ok(
        &send(
            &app,
            w.bureau
                .get(&format!("/api/v1/milestones?plan_id={plan}&per_page=200")),
        )
        .await,
        200,
    );
    assert_eq!(milestones["total"], 43);
    let apps = milestone_by_title(&app, &w.bureau, plan, "申报执法示范创建单位").await;
    assert_eq!(apps["due_date"], "2022-10-31");
    assert_eq!(apps["owners"]["unit_kinds"], json!(["county_bureau"]));
    // Owners by kind resolve to every active county bureau, including ones added later.
    let owners: Vec<&str> = apps["owner_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["unit_id"].as_str().unwrap())
        .collect();
    for code in ["EDZ", "XQ", "YQ"] {
        assert!(
            owners.contains(&w.t.unit_id(code).as_str()),
            "{code} owns the applications milestone"
        );
    }
    // The command-line import after the API import duplicates nothing either.
    let mut conn = w.t.state.pool.get().unwrap();
    let summary =
        api::resources::plans::template::import_audited(&mut conn, "capability-plan-2022").unwrap();
    assert_eq!((summary.tasks_created, summary.milestones_created), (0, 0));
    drop(conn);
    assert_eq!(
        audit_actions(&w.t, "task").len(),
        9,
        "each task created once, audited"
    );
    assert_eq!(audit_actions(&w.t, "milestone").len(), 43);

    let unknown = send(
        &app,
        w.bureau
            .post("/api/v1/plans/import", &json!({"template": "nope"})),
    )
    .await;
    assert_eq!(
        unknown.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "template"
    );
    send(
        &app,
        w.law.post(
            "/api/v1/plans/import",
            &json!({"template": "capability-plan-2022"}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn only_the_lead_units_and_the_bureau_edit_a_task() {
    let w = world();
    let app = app!(w);
    let (_, tasks) = import(&app, &w.bureau).await;
    let task1 = tasks[0]["id"].as_str().unwrap();
    let task3 = tasks[2]["id"].as_str().unwrap();
    let uri1 = format!("/api/v1/tasks/{task1}");

    let edited = ok(
        &send(
            &app,
            w.law
                .patch(&uri1, 1, &json!({"goals": "每月10日前报送上月统计表"})),
        )
        .await,
        200,
    );
    assert_eq!(edited["version"], 2);
    send(&app, w.hr.patch(&uri1, 2, &json!({"goals": "x"})))
        .await
        .assert_problem(403, "forbidden");
    send(&app, w.xq.patch(&uri1, 2, &json!({"goals": "x"})))
        .await
        .assert_problem(403, "forbidden");
    ok(
        &send(
            &app,
            w.hr.patch(
                &format!("/api/v1/tasks/{task3}"),
                1,
                &json!({"goals": "人事科也牵头"}),
            ),
        )
        .await,
        200,
    );
    ok(
        &send(
            &app,
            w.bureau
                .patch(&uri1, 2, &json!({"title": "健全科学决策机制"})),
        )
        .await,
        200,
    );
    // Changing who leads is for the city bureau only.
    let hr = w.t.unit_id("CITY-HR");
    send(&app, w.law.patch(&uri1, 3, &json!({"lead_unit_ids": [hr]})))
        .await
        .assert_problem(403, "forbidden");
    let moved = ok(
        &send(
            &app,
            w.bureau.patch(&uri1, 3, &json!({"lead_unit_ids": [hr]})),
        )
        .await,
        200,
    );
    assert_eq!(moved["lead_unit_ids"], json!([hr]));
    send(&app, w.law.patch(&uri1, 4, &json!({"goals": "y"})))
        .await
        .assert_problem(403, "forbidden");
    // Milestones follow the same rule.
    let new_milestone = json!({"title": "补充节点", "due_date": "2030-01-31", "owners": {"unit_ids": [w.t.unit_id("XQ")]}});
    send(
        &app,
        w.law
            .post(&format!("/api/v1/tasks/{task1}/milestones"), &new_milestone),
    )
    .await
    .assert_problem(403, "forbidden");
    ok(
        &send(
            &app,
            w.hr.post(&format!("/api/v1/tasks/{task1}/milestones"), &new_milestone),
        )
        .await,
        201,
    );
    assert_eq!(
        audit_actions(&w.t, "task")
            .iter()
            .filter(|a| *a == "update")
            .count(),
        4
    );
}

pub(crate) fn report_body(task: &str, milestone: Option<&str>, unit: &str, percent: i32) -> Value {
    json!({
        "task_id": task, "milestone_id": milestone, "unit_id": unit, "period": "2022-10",
        "narrative": "已完成申报材料的准备和报送。", "percent_complete": percent,
        "evidence_links": ["https://oa.example.gov.cn/docs/123"]
    })
}

#[actix_web::test]
async fn a_responsible_unit_reports_only_for_itself() {
    let w = world();
    let app = app!(w);
    let (plan, tasks) = import(&app, &w.bureau).await;
    let task1 = tasks[0]["id"].as_str().unwrap();
    let task7 = tasks[6]["id"].as_str().unwrap();
    let xq = w.t.unit_id("XQ");
    let yq = w.t.unit_id("YQ");

    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task1, None, &xq, 30),
            ),
        )
        .await,
        201,
    );
    send(
        &app,
        w.xq.post(
            "/api/v1/progress-reports",
            &report_body(task1, None, &yq, 30),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    // Task 7 is the sections' task: county bureaus are not responsible.
    let not_responsible = send(
        &app,
        w.xq.post(
            "/api/v1/progress-reports",
            &report_body(task7, None, &xq, 30),
        ),
    )
    .await;
    assert_eq!(
        not_responsible.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "not_responsible"
    );
    // A milestone owned by another unit.
    let ads =
        milestone_by_title(&app, &w.bureau, &plan, "户外广告管理及门头店招管理业务培训").await;
    let task2 = tasks[1]["id"].as_str().unwrap();
    let not_owner = send(
        &app,
        w.xq.post(
            "/api/v1/progress-reports",
            &report_body(task2, ads["id"].as_str(), &xq, 100),
        ),
    )
    .await;
    assert_eq!(
        not_owner.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "not_owner"
    );
    let approval = w.t.unit_id("CITY-APPROVAL");
    ok(
        &send(
            &app,
            w.approval.post(
                "/api/v1/progress-reports",
                &report_body(task2, ads["id"].as_str(), &approval, 100),
            ),
        )
        .await,
        201,
    );
    // Roles without the permission.
    send(
        &app,
        w.bureau.post(
            "/api/v1/progress-reports",
            &report_body(task1, None, &xq, 30),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let bad_period = json!({"task_id": task1, "unit_id": xq, "period": "2022-13", "narrative": "x", "percent_complete": 1});
    assert_eq!(
        send(&app, w.xq.post("/api/v1/progress-reports", &bad_period))
            .await
            .assert_problem(422, "validation_failed")["errors"][0]["field"],
        "period"
    );

    // A closed plan accepts no reports.
    let plan_now = ok(
        &send(&app, w.bureau.get(&format!("/api/v1/plans/{plan}"))).await,
        200,
    );
    ok(
        &send(
            &app,
            w.bureau.patch(
                &format!("/api/v1/plans/{plan}"),
                plan_now["version"].as_i64().unwrap(),
                &json!({"status": "closed"}),
            ),
        )
        .await,
        200,
    );
    send(
        &app,
        w.xq.post(
            "/api/v1/progress-reports",
            &report_body(task1, None, &xq, 30),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    let back = send(
        &app,
        w.bureau.patch(
            &format!("/api/v1/plans/{plan}"),
            plan_now["version"].as_i64().unwrap() + 1,
            &json!({"status": "active"}),
        ),
    )
    .await;
    assert_eq!(
        back.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "status_backwards"
    );
}

#[actix_web::test]
async fn overdue_turns_at_midnight_in_shanghai() {
    let w = world();
    let app = app!(w);
    let (_, tasks) = import(&app, &w.bureau).await;
    let task9 = tasks[8]["id"].as_str().unwrap();
    let shanghai_today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let xq = w.t.unit_id("XQ");
    let mut ids = Vec::new();
    for due in [
        shanghai_today - Duration::days(1),
        shanghai_today,
        shanghai_today + Duration::days(1),
    ] {
        let created = ok(
            &send(
                &app,
                w.law.post(
                    &format!("/api/v1/tasks/{task9}/milestones"),
                    &json!({"title": format!("节点{due}"), "due_date": due, "owners": {"unit_ids": [xq]}}),
                ),
            )
            .await,
            201,
        );
        ids.push(created["id"].as_str().unwrap().to_string());
    }
    let statuses: Vec<String> = {
        let mut out = Vec::new();
        for id in &ids {
            let m = ok(
                &send(&app, w.bureau.get(&format!("/api/v1/milestones/{id}"))).await,
                200,
            );
            out.push(m["status"].as_str().unwrap().to_string());
        }
        out
    };
    assert_eq!(
        statuses,
        ["overdue", "pending", "pending"],
        "due yesterday / today / tomorrow in Asia/Shanghai"
    );
    // A report in progress does not rescue an overdue milestone; a complete one does.
    let report = report_body(task9, Some(&ids[0]), &xq, 50);
    ok(
        &send(&app, w.xq.post("/api/v1/progress-reports", &report)).await,
        201,
    );
    let m = ok(
        &send(
            &app,
            w.bureau.get(&format!("/api/v1/milestones/{}", ids[0])),
        )
        .await,
        200,
    );
    assert_eq!(m["status"], "overdue");
    let m = {
        ok(
            &send(
                &app,
                w.xq.post(
                    "/api/v1/progress-reports",
                    &report_body(task9, Some(&ids[1]), &xq, 50),
                ),
            )
            .await,
            201,
        );
        ok(
            &send(
                &app,
                w.bureau.get(&format!("/api/v1/milestones/{}", ids[1])),
            )
            .await,
            200,
        )
    };
    assert_eq!(m["status"], "in_progress");
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task9, Some(&ids[0]), &xq, 100),
            ),
        )
        .await,
        201,
    );
    let m = ok(
        &send(
            &app,
            w.bureau.get(&format!("/api/v1/milestones/{}", ids[0])),
        )
        .await,
        200,
    );
    assert_eq!(m["status"], "done");
}

#[actix_web::test]
async fn a_returned_report_is_revised_and_resubmitted() {
    let w = world();
    let app = app!(w);
    let (plan, tasks) = import(&app, &w.bureau).await;
    let task9 = tasks[8]["id"].as_str().unwrap();
    let apps = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let xq = w.t.unit_id("XQ");
    let report = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task9, apps["id"].as_str(), &xq, 100),
            ),
        )
        .await,
        201,
    );
    let id = report["id"].as_str().unwrap();
    assert_eq!(report["status"], "submitted");
    let after_submit = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    assert_eq!(owner_status(&after_submit, &xq), "done");

    // Only the lead unit (or the bureau) reviews; a return needs a comment.
    send(
        &app,
        w.hr.post(
            &format!("/api/v1/progress-reports/{id}/return"),
            &json!({"comment": "x"}),
        )
        .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    let no_comment = send(
        &app,
        w.law
            .post(&format!("/api/v1/progress-reports/{id}/return"), &json!({}))
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(
        no_comment.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "comment"
    );
    let returned = ok(
        &send(
            &app,
            w.law
                .post(
                    &format!("/api/v1/progress-reports/{id}/return"),
                    &json!({"comment": "缺少推荐单位的实地照片"}),
                )
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["times_returned"], 1);
    assert_eq!(returned["review_comment"], "缺少推荐单位的实地照片");
    // Returned work does not count as done.
    let after_return = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    assert_eq!(owner_status(&after_return, &xq), "overdue");
    // Reviewing again, or resubmitting a report that was not returned, is a conflict.
    send(
        &app,
        w.law
            .post(
                &format!("/api/v1/progress-reports/{id}/acknowledge"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(409, "invalid_state");

    // Another county cannot resubmit it; a stale version is refused.
    send(
        &app,
        w.yq.post(
            &format!("/api/v1/progress-reports/{id}/resubmit"),
            &json!({}),
        )
        .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    send(
        &app,
        w.xq.post(
            &format!("/api/v1/progress-reports/{id}/resubmit"),
            &json!({}),
        )
        .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(412, "precondition_failed");
    let bad_period = send(
        &app,
        w.xq.post(
            &format!("/api/v1/progress-reports/{id}/resubmit"),
            &json!({"period": "2022-13"}),
        )
        .insert_header(("If-Match", "\"2\"")),
    )
    .await;
    assert_eq!(
        bad_period.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "period"
    );
    let resubmitted = ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/progress-reports/{id}/resubmit"),
                &json!({"period": "2022-Q4", "narrative": "已补充实地照片。", "evidence_links": ["https://oa.example.gov.cn/docs/124"]}),
            )
            .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    assert_eq!(resubmitted["status"], "submitted");
    assert_eq!(resubmitted["narrative"], "已补充实地照片。");
    assert_eq!(
        resubmitted["period"], "2022-Q4",
        "the period can be put right"
    );
    send(
        &app,
        w.xq.post(
            &format!("/api/v1/progress-reports/{id}/resubmit"),
            &json!({}),
        )
        .insert_header(("If-Match", "\"3\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    let acknowledged = ok(
        &send(
            &app,
            w.law
                .post(
                    &format!("/api/v1/progress-reports/{id}/acknowledge"),
                    &json!({"comment": "同意"}),
                )
                .insert_header(("If-Match", "\"3\"")),
        )
        .await,
        200,
    );
    assert_eq!(acknowledged["status"], "acknowledged");
    let history: Vec<&str> = acknowledged["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        ["submitted", "returned", "resubmitted", "acknowledged"]
    );
    assert_eq!(
        acknowledged["history"][1]["comment"],
        "缺少推荐单位的实地照片"
    );
    let done = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    assert_eq!(owner_status(&done, &xq), "done");
    assert_eq!(
        audit_actions(&w.t, "progress_report"),
        ["create", "return", "resubmit", "acknowledge"]
    );
}

#[actix_web::test]
async fn supervision_notices_go_from_issued_to_replied_to_closed() {
    let w = world();
    let app = app!(w);
    let (plan, tasks) = import(&app, &w.bureau).await;
    let task9 = tasks[8]["id"].as_str().unwrap();
    let apps = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let xq = w.t.unit_id("XQ");
    let tomorrow = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
        + Duration::days(1);
    let notice_body = json!({
        "unit_id": xq, "milestone_id": apps["id"], "subject": "示范单位申报逾期督办",
        "body": "请于限期内报送申报材料并说明逾期原因。", "reply_deadline": tomorrow
    });
    // Not the lead of task 9.
    send(&app, w.hr.post("/api/v1/supervision-notices", &notice_body))
        .await
        .assert_problem(403, "forbidden");
    send(&app, w.xq.post("/api/v1/supervision-notices", &notice_body))
        .await
        .assert_problem(403, "forbidden");
    let notice = ok(
        &send(
            &app,
            w.law.post("/api/v1/supervision-notices", &notice_body),
        )
        .await,
        201,
    );
    let id = notice["id"].as_str().unwrap();
    assert_eq!(notice["status"], "issued");
    assert_eq!(notice["reply_overdue"], false);
    assert_eq!(notice["issued_by_unit_id"], json!(w.t.unit_id("CITY-LAW")));
    let year = api::time::today().format("%Y").to_string();
    assert_eq!(notice["document_number"], format!("督办〔{year}〕1号"));
    let (exported, _) = enforcement_tests::export(&app, &w.bureau, "supervision-notices").await;
    assert_eq!(
        exported,
        vec![notice.clone()],
        "the export holds the notice as issued"
    );

    // About work that is not overdue: refused.
    let future = ok(
        &send(
            &app,
            w.law.post(
                &format!("/api/v1/tasks/{task9}/milestones"),
                &json!({"title": "未到期", "due_date": "2099-01-01", "owners": {"unit_ids": [xq]}}),
            ),
        )
        .await,
        201,
    );
    let mut early = notice_body.clone();
    early["milestone_id"] = future["id"].clone();
    assert_eq!(
        send(&app, w.law.post("/api/v1/supervision-notices", &early))
            .await
            .assert_problem(422, "validation_failed")["errors"][0]["code"],
        "not_overdue"
    );

    // The inbox and the board show it; the to-do list lists it.
    let inbox = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/supervision-notices?unit_id={xq}&status=issued"
            )),
        )
        .await,
        200,
    );
    assert_eq!(inbox["total"], 1);
    let board = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/supervision/board?plan={plan}&unit_id={xq}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(board["rows"][0]["cells"][8]["notices_open"], 1);
    assert_eq!(board["rows"][0]["cells"][8]["notices_overdue"], 0);
    let todo = ok(&send(&app, w.xq.get("/api/v1/supervision/todo")).await, 200);
    assert!(todo
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "notice" && e["id"] == id));

    // Past its reply deadline without a reply, it counts as overdue.
    {
        use api::db::schema::supervision_notices as n;
        let mut conn = w.t.state.pool.get().unwrap();
        diesel::update(n::table.find(id))
            .set(n::reply_deadline.eq(tomorrow - Duration::days(2)))
            .execute(&mut *conn)
            .unwrap();
    }
    let overdue = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/supervision-notices?reply_overdue=true&plan_id={plan}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(overdue["total"], 1);
    let board = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/supervision/board?plan={plan}&unit_id={xq}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(board["rows"][0]["cells"][8]["notices_overdue"], 1);

    // Another county cannot answer; the addressee can, once.
    let reply = json!({"reply": "已报送，逾期原因为材料审核延误。"});
    send(
        &app,
        w.yq.post(&format!("/api/v1/supervision-notices/{id}/reply"), &reply)
            .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    // The ETag the notice's GET sends answers 304 and is taken as If-Match.
    let notice_uri = format!("/api/v1/supervision-notices/{id}");
    let tag = send(&app, w.xq.get(&notice_uri))
        .await
        .header("etag")
        .unwrap();
    assert!(
        tag.starts_with("\"1."),
        "version, then the body's hash: {tag}"
    );
    let cached = send(
        &app,
        w.xq.get(&notice_uri)
            .insert_header(("If-None-Match", tag.clone())),
    )
    .await;
    assert_eq!(cached.status, 304);
    let replied = ok(
        &send(
            &app,
            w.xq.post(&format!("/api/v1/supervision-notices/{id}/reply"), &reply)
                .insert_header(("If-Match", tag)),
        )
        .await,
        200,
    );
    assert_eq!(replied["status"], "replied");
    assert_eq!(replied["reply_overdue"], false);
    send(
        &app,
        w.xq.post(&format!("/api/v1/supervision-notices/{id}/reply"), &reply)
            .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Closing is for the issuing side.
    send(
        &app,
        w.xq.post(
            &format!("/api/v1/supervision-notices/{id}/close"),
            &json!(null),
        )
        .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    let closed = ok(
        &send(
            &app,
            w.law
                .post(
                    &format!("/api/v1/supervision-notices/{id}/close"),
                    &json!(null),
                )
                .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    assert_eq!(closed["status"], "closed");
    let board = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/supervision/board?plan={plan}&unit_id={xq}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(board["rows"][0]["cells"][8]["notices_open"], 0);
    assert_eq!(
        audit_actions(&w.t, "supervision_notice"),
        ["create", "reply", "close"]
    );

    // Numbers count per issuing unit and year, in the order of issue.
    let mut to_yq = notice_body.clone();
    to_yq["unit_id"] = json!(w.t.unit_id("YQ"));
    let second = ok(
        &send(&app, w.law.post("/api/v1/supervision-notices", &to_yq)).await,
        201,
    );
    assert_eq!(second["document_number"], format!("督办〔{year}〕2号"));
    let by_bureau = ok(
        &send(&app, w.bureau.post("/api/v1/supervision-notices", &to_yq)).await,
        201,
    );
    assert_eq!(
        by_bureau["document_number"],
        format!("督办〔{year}〕1号"),
        "another issuer counts from 1"
    );
}

#[actix_web::test]
async fn the_board_counts_each_units_work_per_task() {
    let w = world();
    let app = app!(w);
    let (plan, tasks) = import(&app, &w.bureau).await;
    let xq = w.t.unit_id("XQ");
    let task9 = tasks[8]["id"].as_str().unwrap();
    let board = ok(
        &send(
            &app,
            w.bureau
                .get(&format!("/api/v1/supervision/board?plan={plan}")),
        )
        .await,
        200,
    );
    assert_eq!(board["tasks"].as_array().unwrap().len(), 9);
    let row = |board: &Value, unit: &str| {
        board["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["unit_id"] == unit)
            .unwrap()
            .clone()
    };
    let xq_row = row(&board, &xq);
    assert_eq!(xq_row["unit_code"], "XQ");
    // Task 1: eight monthly statistics forms in 2022, all past due.
    assert_eq!(xq_row["cells"][0]["overdue"], 8);
    assert_eq!(xq_row["cells"][0]["done"], 0);
    // Every unit responsible for some task has a row; sections and county bureaus alike.
    for code in ["CITY-LAW", "CITY-HR", "EDZ", "XQ", "YQ"] {
        assert!(
            board["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["unit_code"] == code),
            "{code} has a row"
        );
    }

    // A self-chosen item not yet due is open; done, it moves to done.
    let due = (Utc::now() + Duration::days(30)).date_naive();
    let item = ok(
        &send(
            &app,
            w.xq.post(&format!("/api/v1/tasks/{task9}/items"), &json!({"unit_id": xq, "kind": "self_chosen", "title": "社区执法服务站建设", "due_date": due})),
        )
        .await,
        201,
    );
    send(
        &app,
        w.yq.post(
            &format!("/api/v1/tasks/{task9}/items"),
            &json!({"unit_id": xq, "kind": "required", "title": "x", "due_date": due}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let before = row(
        &ok(
            &send(
                &app,
                w.bureau
                    .get(&format!("/api/v1/supervision/board?plan={plan}")),
            )
            .await,
            200,
        ),
        &xq,
    );
    assert_eq!(before["cells"][8]["open"], 1);
    assert_eq!(before["cells"][8]["overdue"], 1, "the October applications");
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    ok(
        &send(
            &app,
            w.xq.patch(
                &format!(
                    "/api/v1/implementation-items/{}",
                    item["id"].as_str().unwrap()
                ),
                1,
                &json!({"completed_on": today}),
            ),
        )
        .await,
        200,
    );
    let apps = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let report = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task9, apps["id"].as_str(), &xq, 100),
            ),
        )
        .await,
        201,
    );
    let after = row(
        &ok(
            &send(
                &app,
                w.bureau
                    .get(&format!("/api/v1/supervision/board?plan={plan}")),
            )
            .await,
            200,
        ),
        &xq,
    );
    assert_eq!(after["cells"][8]["done"], 2);
    assert_eq!(after["cells"][8]["open"], 0);
    assert_eq!(after["cells"][8]["overdue"], 0);
    assert_eq!(after["cells"][8]["reports_submitted"], 1);
    assert_eq!(after["cells"][8]["last_report_at"], report["submitted_at"]);
    // Filtering by unit keeps one row.
    let one = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/supervision/board?plan={plan}&unit_id={xq}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(one["rows"].as_array().unwrap().len(), 1);
    send(&app, w.bureau.get("/api/v1/supervision/board"))
        .await
        .assert_problem(400, "invalid_query");
    send(
        &app,
        w.bureau.get(&format!(
            "/api/v1/supervision/board?plan={}",
            uuid::Uuid::now_v7()
        )),
    )
    .await
    .assert_problem(404, "not_found");
    assert_eq!(
        audit_actions(&w.t, "implementation_item"),
        ["create", "update"]
    );

    // The unit's to-do list: open milestones soonest first, nothing done.
    let todo = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/supervision/todo?plan={plan}")),
        )
        .await,
        200,
    );
    let entries = todo.as_array().unwrap();
    assert!(
        !entries.iter().any(|e| e["id"] == apps["id"]),
        "done work is not on the list"
    );
    let dates: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["due_date"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(entries.iter().all(|e| e["status"] != "done"));
}

/// The plan's exports: each line is what the resource's own endpoint returns, with the
/// statuses of the export's day, and nothing is missing.
#[actix_web::test]
async fn plan_exports_match_their_endpoints() {
    let w = world();
    let auditor = w.t.add_user("plan.auditor", "CITY", &[Role::Auditor]);
    let app = app!(w);
    let (plan, tasks) = import(&app, &w.bureau).await;
    let task1 = tasks[0]["id"].as_str().unwrap();
    let xq = w.t.unit_id("XQ");
    let report = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task1, None, &xq, 30),
            ),
        )
        .await,
        201,
    );
    let item = ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/tasks/{}/items", tasks[8]["id"].as_str().unwrap()),
                &json!({"unit_id": xq, "kind": "self_chosen", "title": "夜间巡查", "due_date": "2022-12-31"}),
            ),
        )
        .await,
        201,
    );

    let export = |resource: &'static str| {
        let (app, auditor) = (&app, &auditor);
        async move { enforcement_tests::export(app, auditor, resource).await.0 }
    };

    let exported_tasks = export("tasks").await;
    assert_eq!(exported_tasks.len(), tasks.len());
    for task in &tasks {
        assert!(
            exported_tasks.contains(task),
            "task {} as listed",
            task["number"]
        );
    }

    let milestones = ok(
        &send(
            &app,
            auditor.get(&format!("/api/v1/milestones?plan_id={plan}&per_page=200")),
        )
        .await,
        200,
    );
    let exported_milestones = export("milestones").await;
    assert_eq!(
        exported_milestones.len() as i64,
        milestones["total"].as_i64().unwrap()
    );
    for milestone in milestones["items"].as_array().unwrap() {
        assert!(
            exported_milestones.contains(milestone),
            "milestone {}",
            milestone["title"]
        );
    }

    let single_report = ok(
        &send(
            &app,
            auditor.get(&format!(
                "/api/v1/progress-reports/{}",
                report["id"].as_str().unwrap()
            )),
        )
        .await,
        200,
    );
    assert_eq!(export("progress-reports").await, vec![single_report]);
    assert_eq!(export("implementation-items").await, vec![item]);
}
