//! The notification centre: events notify the people who must act, the reminder job
//! sends deadline reminders once per item and day (also with two API processes on one
//! database), and each user sees and marks only their own.

use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{app, ok, send, ApiProcess, TestApp};
use serde_json::{json, Value};

use crate::plans::{import, milestone_by_title, report_body, world};

/// The caller's notifications of `kind` (every page).
async fn inbox<S, B>(app: &S, user: &enforcement_tests::TestUser, kind: &str) -> Vec<Value>
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
            user.get(&format!(
                "/api/v1/me/notifications?kind={kind}&per_page=200"
            )),
        )
        .await,
        200,
    );
    page["items"].as_array().unwrap().clone()
}

async fn unread<S, B>(app: &S, user: &enforcement_tests::TestUser) -> i64
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    ok(
        &send(app, user.get("/api/v1/me/notifications/summary")).await,
        200,
    )["unread"]
        .as_i64()
        .unwrap()
}

#[actix_web::test]
async fn a_report_notifies_its_reviewers_and_a_return_notifies_its_unit() {
    let w = world();
    let app = app!(w);
    let (plan, tasks) = import(&app, &w.bureau).await;
    let task9 = tasks[8]["id"].as_str().unwrap();
    let milestone = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let xq = w.t.unit_id("XQ");
    let report = ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task9, milestone["id"].as_str(), &xq, 100),
            ),
        )
        .await,
        201,
    );
    let id = report["id"].as_str().unwrap();

    // The lead unit (法制科) is told and has it on its to-do; another section is not.
    let waiting = inbox(&app, &w.law, "review_waiting").await;
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0]["subject_id"], id);
    assert_eq!(waiting[0]["subject_type"], "progress_report");
    assert_eq!(waiting[0]["task_id"], task9);
    assert_eq!(waiting[0]["task_number"], 9);
    assert_eq!(waiting[0]["title"], "2022-10");
    assert!(waiting[0]["read_at"].is_null());
    assert!(inbox(&app, &w.hr, "review_waiting").await.is_empty());
    let law_unit = w.t.unit_id("CITY-LAW");
    let todo = ok(
        &send(
            &app,
            w.law.get(&format!(
                "/api/v1/supervision/todo?plan={plan}&unit_id={law_unit}"
            )),
        )
        .await,
        200,
    );
    let reviews: Vec<&Value> = todo
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "review_report")
        .collect();
    assert_eq!(reviews.len(), 1, "{todo}");
    assert_eq!(reviews[0]["id"], id);
    assert_eq!(reviews[0]["task_number"], 9);

    // Returning it settles the reviewer's notification and tells the county.
    let law_unread = unread(&app, &w.law).await;
    ok(
        &send(
            &app,
            w.law
                .post(
                    &format!("/api/v1/progress-reports/{id}/return"),
                    &json!({"comment": "缺少实地照片"}),
                )
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    assert!(!inbox(&app, &w.law, "review_waiting").await[0]["read_at"].is_null());
    assert_eq!(unread(&app, &w.law).await, law_unread - 1);
    let returned = inbox(&app, &w.xq, "report_returned").await;
    assert_eq!(returned.len(), 1);
    assert_eq!(returned[0]["subject_id"], id);
    assert!(inbox(&app, &w.yq, "report_returned").await.is_empty());
    let todo = ok(
        &send(
            &app,
            w.law.get(&format!(
                "/api/v1/supervision/todo?plan={plan}&unit_id={law_unit}"
            )),
        )
        .await,
        200,
    );
    assert!(!todo
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "review_report"));

    // Resubmitting settles the county's and makes the reviewer's unread again.
    ok(
        &send(
            &app,
            w.xq.post(
                &format!("/api/v1/progress-reports/{id}/resubmit"),
                &json!({"narrative": "已补充。"}),
            )
            .insert_header(("If-Match", "\"2\"")),
        )
        .await,
        200,
    );
    assert!(!inbox(&app, &w.xq, "report_returned").await[0]["read_at"].is_null());
    let again = inbox(&app, &w.law, "review_waiting").await;
    assert_eq!(again.len(), 1, "the same day's notification is renewed");
    assert!(again[0]["read_at"].is_null());

    // Marking read: only one's own; twice is harmless; all at once.
    let nid = again[0]["id"].as_str().unwrap();
    send(
        &app,
        w.xq.post(&format!("/api/v1/me/notifications/{nid}/read"), &json!({})),
    )
    .await
    .assert_problem(404, "not_found");
    for _ in 0..2 {
        let r = send(
            &app,
            w.law
                .post(&format!("/api/v1/me/notifications/{nid}/read"), &json!({})),
        )
        .await;
        assert_eq!(r.status, 204);
    }
    assert!(!inbox(&app, &w.law, "review_waiting").await[0]["read_at"].is_null());
    let left = unread(&app, &w.xq).await;
    let marked = ok(
        &send(
            &app,
            w.xq.post("/api/v1/me/notifications/read-all", &json!({})),
        )
        .await,
        200,
    );
    assert_eq!(marked["marked"].as_i64().unwrap(), left);
    assert_eq!(unread(&app, &w.xq).await, 0);
    let unread_page = ok(
        &send(&app, w.xq.get("/api/v1/me/notifications?unread=true")).await,
        200,
    );
    assert_eq!(unread_page["total"], 0);
}

#[actix_web::test]
async fn a_notice_notifies_its_unit_until_it_is_answered() {
    let w = world();
    let app = app!(w);
    let (plan, _) = import(&app, &w.bureau).await;
    let milestone = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let xq = w.t.unit_id("XQ");
    let deadline = (chrono::Utc::now() + chrono::Duration::days(10)).date_naive();
    let notice = ok(
        &send(
            &app,
            w.law.post(
                "/api/v1/supervision-notices",
                &json!({"milestone_id": milestone["id"], "unit_id": xq,
                        "subject": "请尽快申报示范创建单位", "body": "已逾期，请于期限内回复。",
                        "reply_deadline": deadline}),
            ),
        )
        .await,
        201,
    );
    let received = inbox(&app, &w.xq, "notice_received").await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["subject_id"], notice["id"]);
    assert_eq!(received[0]["title"], "请尽快申报示范创建单位");
    assert_eq!(received[0]["due_date"], deadline.to_string());
    assert!(inbox(&app, &w.yq, "notice_received").await.is_empty());
    ok(
        &send(
            &app,
            w.xq.post(
                &format!(
                    "/api/v1/supervision-notices/{}/reply",
                    notice["id"].as_str().unwrap()
                ),
                &json!({"reply": "已于本周完成申报。"}),
            )
            .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    assert!(!inbox(&app, &w.xq, "notice_received").await[0]["read_at"].is_null());
}

/// Number of notification rows per (user, kind, subject, day) key, and in all.
fn stored(t: &TestApp) -> (usize, usize) {
    use api::db::schema::notifications;
    let mut conn = t.state.pool.get().unwrap();
    let rows: Vec<(String, String, String, chrono::NaiveDate)> = notifications::table
        .select((
            notifications::user_id,
            notifications::kind,
            notifications::subject_id,
            notifications::on_day,
        ))
        .load(&mut *conn)
        .unwrap();
    let keys: std::collections::HashSet<_> = rows.iter().cloned().collect();
    (keys.len(), rows.len())
}

#[actix_web::test]
async fn deadline_reminders_are_sent_once_per_item_and_day() {
    let w = world();
    let app = app!(w);
    let (plan, _) = import(&app, &w.bureau).await;
    // The import ran the job: every overdue milestone of 西区 is a "past due" reminder.
    let xq = w.t.unit_id("XQ");
    let todo = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/supervision/todo?plan={plan}&unit_id={xq}"
            )),
        )
        .await,
        200,
    );
    let overdue: std::collections::BTreeSet<String> = todo
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "overdue")
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!overdue.is_empty());
    // The plan's overdue work (the county's unfiled statistics reports are reminded too:
    // `statistics::reviewers_and_units_are_notified_and_missing_reports_are_reminded`).
    let passed: std::collections::BTreeSet<String> = inbox(&app, &w.xq, "deadline_passed")
        .await
        .iter()
        .filter(|n| n["subject_type"] != "statistics_template")
        .map(|n| n["subject_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(passed, overdue);

    // Running again sends nothing; only the bureau and administrators may run it.
    send(&app, w.xq.post("/api/v1/reminders/run", &json!({})))
        .await
        .assert_problem(403, "forbidden");
    let run = ok(
        &send(&app, w.bureau.post("/api/v1/reminders/run", &json!({}))).await,
        200,
    );
    assert_eq!(run["created"], 0);
    let (keys, rows) = stored(&w.t);
    assert_eq!(keys, rows);

    // On the working day before a milestone's due date it is "due soon", once that day
    // and again the next day; never twice in one day.
    let milestone = milestone_by_title(&app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let due: chrono::NaiveDate = milestone["due_date"].as_str().unwrap().parse().unwrap();
    let mut conn = w.t.state.pool.get().unwrap();
    let run = |conn: &mut api::db::DbConnection, day| {
        api::resources::notifications::reminders::run(conn, day, 3).unwrap()
    };
    let before = due - chrono::Duration::days(1);
    let first = run(&mut conn, before);
    assert!(first > 0);
    assert_eq!(run(&mut conn, before), 0);
    drop(conn);
    let soon: Vec<Value> = inbox(&app, &w.xq, "deadline_soon")
        .await
        .into_iter()
        .filter(|n| n["subject_id"] == milestone["id"])
        .collect();
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0]["due_date"], due.to_string());
    // A county user is told; the bureau (which owns no such milestone) is not.
    assert!(inbox(&app, &w.bureau, "deadline_soon").await.is_empty());

    // Once the work is done, the next pass marks its reminders read; others stay.
    let task9 = milestone["task_id"].as_str().unwrap();
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/progress-reports",
                &report_body(task9, milestone["id"].as_str(), &xq, 100),
            ),
        )
        .await,
        201,
    );
    let mut conn = w.t.state.pool.get().unwrap();
    api::resources::notifications::reminders::run(&mut conn, api::time::today(), 3).unwrap();
    drop(conn);
    let passed = inbox(&app, &w.xq, "deadline_passed").await;
    let done: Vec<&Value> = passed
        .iter()
        .filter(|n| n["subject_id"] == milestone["id"])
        .collect();
    assert_eq!(done.len(), 1);
    assert!(
        !done[0]["read_at"].is_null(),
        "settled once the milestone is done"
    );
    assert!(
        passed
            .iter()
            .any(|n| n["subject_id"] != milestone["id"] && n["read_at"].is_null()),
        "reminders about work still open stay unread"
    );
}

#[actix_web::test]
async fn a_repeated_reminder_inside_a_transaction_leaves_the_transaction_usable() {
    use api::resources::notifications::{deliver, Subject};
    use api_types::audit::ResourceKind;
    use api_types::notifications::NotificationKind;
    let t = TestApp::new();
    let user = t.add_user("savepoint.user", "CITY", &[Role::Section]);
    let mut conn = t.state.pool.get().unwrap();
    let subject = |id: &'static str| Subject {
        kind: NotificationKind::DeadlineSoon,
        subject_type: ResourceKind::Milestone,
        subject_id: id,
        plan_id: None,
        task_id: None,
        title: "第4季度法律知识学习测试",
        due_date: None,
        on_day: api::time::today(),
    };
    let users = [user.id.clone()];
    api::db::write_transaction(&mut conn, |conn| {
        assert_eq!(
            deliver(
                conn,
                &users,
                &subject("0190f000-0000-7000-8000-000000000001"),
                false
            )?,
            1
        );
        // The same reminder again: refused by the unique key, skipped…
        assert_eq!(
            deliver(
                conn,
                &users,
                &subject("0190f000-0000-7000-8000-000000000001"),
                false
            )?,
            0
        );
        // …and the transaction goes on (PostgreSQL would abort it without the savepoint).
        assert_eq!(
            deliver(
                conn,
                &users,
                &subject("0190f000-0000-7000-8000-000000000002"),
                false
            )?,
            1
        );
        Ok::<_, api::error::ApiError>(())
    })
    .unwrap();
    drop(conn);
    assert_eq!(stored(&t), (2, 2));
}

#[actix_web::test]
async fn two_api_processes_running_the_reminder_job_send_each_reminder_once() {
    let t = TestApp::new();
    t.add_counties();
    let bureau = t.add_user("remind.bureau", "CITY", &[Role::Bureau]);
    t.add_user("remind.xq", "XQ", &[Role::County]);
    t.add_user("remind.xq2", "XQ", &[Role::County]);
    t.add_user("remind.yq", "YQ", &[Role::County]);
    t.add_user("remind.law", "CITY-LAW", &[Role::Section]);
    {
        // The command-line import does not run the job, so nothing is sent yet.
        let mut conn = t.state.pool.get().unwrap();
        api::resources::plans::template::import_audited(&mut conn, "capability-plan-2022").unwrap();
    }
    assert_eq!(stored(&t), (0, 0));
    let env = [
        ("DATABASE_URL", t.db.url()),
        ("REMINDER_INTERVAL_SECS", "0"),
    ];
    let first = ApiProcess::start(t.dir.path(), &env);
    let second = ApiProcess::start(t.dir.path(), &env);
    let client = reqwest::Client::new();
    let mut handles = Vec::new();
    for i in 0..16 {
        let url = if i % 2 == 0 {
            first.url("/api/v1/reminders/run")
        } else {
            second.url("/api/v1/reminders/run")
        };
        let client = client.clone();
        let token = bureau.access_token.clone();
        handles.push(actix_web::rt::spawn(async move {
            let reply = client.post(url).bearer_auth(token).send().await.unwrap();
            let status = reply.status().as_u16();
            let body: Value = reply.json().await.unwrap();
            (status, body)
        }));
    }
    let mut created = 0;
    for h in handles {
        let (status, body) = h.await.unwrap();
        assert_eq!(status, 200, "{body}");
        created += body["created"].as_u64().unwrap();
    }
    let (keys, rows) = stored(&t);
    assert!(rows > 0);
    assert_eq!(keys, rows, "no reminder twice");
    assert_eq!(created as usize, rows, "every reminder counted once");
    // Each of the two 西区 users has its own copy.
    use api::db::schema::{notifications, users};
    let mut conn = t.state.pool.get().unwrap();
    let per_user: Vec<(String, i64)> = notifications::table
        .inner_join(users::table)
        .group_by(users::login)
        .select((users::login, diesel::dsl::count_star()))
        .order(users::login.asc())
        .load(&mut *conn)
        .unwrap();
    let count = |login: &str| per_user.iter().find(|(l, _)| l == login).map(|(_, n)| *n);
    assert!(count("remind.xq").is_some());
    assert_eq!(count("remind.xq"), count("remind.xq2"));
    assert_eq!(count("remind.bureau"), None);
    let (code, _) = first.stop();
    assert_eq!(code, 0);
}
