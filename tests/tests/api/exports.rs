//! Exports: whole resources as NDJSON from one snapshot, in key order, each line what the
//! resource's own endpoint returns, ending with a manifest an auditor can check alone.

use std::time::Duration;

use actix_web::dev::Service;
use actix_web::test::TestRequest;
use api_types::units::UnitKind;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{
    app, export, ndjson_lines, ok, parse_export, parse_export_body, send, unit_row, Reply, TestApp,
    TestUser,
};
use serde_json::{json, Value};

struct World {
    t: TestApp,
    auditor: TestUser,
    bureau: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    World {
        auditor: t.add_user("x.auditor", "CITY", &[Role::Auditor]),
        bureau: t.add_user("x.bureau", "CITY", &[Role::Bureau]),
        t,
    }
}

/// A world whose pool of 4 gives one export slot, with `change` to its configuration.
fn one_slot_world(change: impl FnOnce(&mut api::Config)) -> World {
    let t = TestApp::with_config(|c| {
        c.db_pool_size = 4;
        change(c);
    });
    World {
        auditor: t.add_user("x.auditor", "CITY", &[Role::Auditor]),
        bureau: t.add_user("x.bureau", "CITY", &[Role::Bureau]),
        t,
    }
}

/// Exports the units as `user` until the slot is free (429 meanwhile), for up to 10 s.
async fn wait_for_a_slot<S, B>(app: &S, user: &TestUser) -> Option<Reply>
where
    S: Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    for _ in 0..100 {
        let reply = send(app, user.get("/api/v1/exports/units")).await;
        if reply.status == 200 {
            return Some(reply);
        }
        reply.assert_problem(429, "too_many_requests");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// Adds `n` county bureaus directly, enough to span several export batches.
fn add_many_units(t: &TestApp, n: usize) {
    let city = t.unit_id("CITY");
    let mut conn = t.state.pool.get().unwrap();
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for i in 0..n {
            let row = unit_row(
                &format!("BULK-{i:05}"),
                &format!("批量单位{i}"),
                UnitKind::CountyBureau,
                &city,
            );
            diesel::insert_into(api::db::schema::units::table)
                .values(&row)
                .execute(conn)?;
        }
        Ok(())
    })
    .unwrap();
}

/// Enough units that an unread export blocks before reaching its last batch: the
/// first chunk, the channel's buffer and the chunk being sent, plus three batches.
fn held_open_size() -> usize {
    let batch = api::resources::exports::BATCH as usize;
    batch * (api::resources::exports::CHANNEL_CHUNKS + 5)
}

fn last_bulk_code() -> String {
    format!("BULK-{:05}", held_open_size() - 1)
}

#[actix_web::test]
async fn units_export_spans_batches_in_key_order_and_matches_the_list() {
    let w = world();
    add_many_units(&w.t, 1_234);
    let app = app!(w);

    let reply = send(&app, w.auditor.get("/api/v1/exports/units")).await;
    assert!(reply
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment; filename=\"units-"));
    let (rows, manifest) = parse_export(&reply);

    let list = ok(
        &send(&app, w.auditor.get("/api/v1/units?per_page=1")).await,
        200,
    );
    assert_eq!(rows.len() as i64, list["total"].as_i64().unwrap());
    assert!(rows.len() > 1_234);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(
        ids.windows(2).all(|p| p[0] < p[1]),
        "rows are in strictly increasing key order, none repeated across batches"
    );
    // A line is what the unit's own endpoint returns.
    let one = &rows[700];
    let single = ok(
        &send(
            &app,
            w.auditor
                .get(&format!("/api/v1/units/{}", one["id"].as_str().unwrap())),
        )
        .await,
        200,
    );
    assert_eq!(*one, single);
    assert_eq!(manifest["resource"], "units");
    assert_eq!(
        manifest["request_id"].as_str().unwrap(),
        reply.header("x-request-id").unwrap()
    );
    assert!(
        manifest["first_updated_at"].as_str().unwrap()
            <= manifest["last_updated_at"].as_str().unwrap()
    );
}

#[actix_web::test]
async fn an_export_is_audited_and_its_manifest_names_the_chain_head() {
    let w = world();
    let app = app!(w);
    let reply = send(
        &app,
        w.auditor
            .get("/api/v1/exports/users")
            .insert_header(("X-Request-Id", "export-audit-1")),
    )
    .await;
    let (users, manifest) = parse_export(&reply);
    assert!(users.iter().all(|u| u.get("password_hash").is_none()));
    assert!(users.iter().any(|u| u["login"] == "x.auditor"));

    let verify = ok(
        &send(&app, w.auditor.get("/api/v1/audit-events/verify")).await,
        200,
    );
    assert_eq!(verify["ok"], true);
    assert_eq!(manifest["audit_head_id"], verify["head_id"]);
    assert_eq!(manifest["audit_head_hash"], verify["head_hash"]);
    let events = ok(
        &send(&app, w.auditor.get("/api/v1/audit-events?action=export")).await,
        200,
    );
    assert_eq!(events["total"], 1);
    let event = &events["items"][0];
    assert_eq!(event["resource_type"], "export");
    assert_eq!(event["resource_id"], "users");
    assert_eq!(event["request_id"], "export-audit-1");
    assert_eq!(event["actor_user_id"], w.auditor.id.as_str());
    assert_eq!(
        event["id"], manifest["audit_head_id"],
        "the export's own event heads the chain"
    );
}

#[actix_web::test]
async fn audit_export_lets_an_auditor_check_the_chain_offline() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    for name in ["法规科一", "法规科二", "法规科三"] {
        let current = ok(
            &send(&app, w.bureau.get(&format!("/api/v1/units/{law}"))).await,
            200,
        );
        let version = current["version"].as_i64().unwrap();
        ok(
            &send(
                &app,
                w.bureau.patch(
                    &format!("/api/v1/units/{law}"),
                    version,
                    &json!({"name": name}),
                ),
            )
            .await,
            200,
        );
    }
    let (events, manifest) = export(&app, &w.auditor, "audit-events").await;
    assert!(events.len() >= 4, "three edits and the export itself");
    assert_eq!(events[0]["id"], 1);
    for pair in events.windows(2) {
        assert_eq!(
            pair[1]["id"].as_i64().unwrap(),
            pair[0]["id"].as_i64().unwrap() + 1
        );
        assert_eq!(
            pair[1]["prev_hash"], pair[0]["hash"],
            "each row links to the one before"
        );
    }
    let last = events.last().unwrap();
    assert_eq!(last["id"], manifest["audit_head_id"]);
    assert_eq!(last["hash"], manifest["audit_head_hash"]);
    assert_eq!(last["action"], "export");
}

fn disclosure(unit: &str, number: &str) -> Value {
    json!({
        "issuing_unit_id": unit,
        "document_number": number,
        "case_cause": "张三未经批准擅自设置户外广告案",
        "party_kind": "natural_person",
        "party_name": "张三",
        "party_id_number": "11010519491231002X",
        "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
        "fine_fen": 100000,
        "execution_status": "executed",
        "decision_date": "2026-11-02",
    })
}

/// Enters a disclosure record for `unit` as `user`; returns it.
async fn enter_disclosure<S, B>(app: &S, user: &TestUser, unit: &str, number: &str) -> Value
where
    S: Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    ok(
        &send(
            app,
            user.post("/api/v1/disclosure-records", &disclosure(unit, number)),
        )
        .await,
        201,
    )
}

#[actix_web::test]
async fn disclosure_export_keeps_private_fields_and_filters_by_time() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let first = enter_disclosure(&app, &w.bureau, &xq, "新城管罚〔2026〕1号").await;
    std::thread::sleep(Duration::from_millis(20));
    let cut = chrono::Utc::now();
    std::thread::sleep(Duration::from_millis(20));
    let second = enter_disclosure(&app, &w.bureau, &xq, "新城管罚〔2026〕2号").await;

    let (all, _) = export(&app, &w.auditor, "disclosure-records").await;
    assert_eq!(all.len(), 2);
    let exported = all.iter().find(|r| r["id"] == first["id"]).unwrap();
    let single = ok(
        &send(
            &app,
            w.auditor.get(&format!(
                "/api/v1/disclosure-records/{}",
                first["id"].as_str().unwrap()
            )),
        )
        .await,
        200,
    );
    assert_eq!(
        *exported, single,
        "the line is the private record, unmasked"
    );
    assert_eq!(exported["content"]["party_name"], "张三");

    let cut_text = cut.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let since = format!("disclosure-records?updated_since={}", urlencode(&cut_text));
    let (later, manifest) = export(&app, &w.auditor, &since).await;
    assert_eq!(later.len(), 1);
    assert_eq!(later[0]["id"], second["id"]);
    assert_eq!(
        manifest["updated_since"]
            .as_str()
            .map(|s| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap()),
        Some(cut_text.parse().unwrap())
    );
    let before = format!("disclosure-records?updated_before={}", urlencode(&cut_text));
    let (earlier, _) = export(&app, &w.auditor, &before).await;
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0]["id"], first["id"]);
}

fn urlencode(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

#[actix_web::test]
async fn bad_export_requests_get_problems_and_other_roles_are_refused() {
    let w = world();
    let county = w.t.add_user("x.county", "XQ", &[Role::County]);
    let app = app!(w);
    let unknown = send(&app, w.auditor.get("/api/v1/exports/passwords")).await;
    let problem = unknown.assert_problem(404, "not_found");
    assert!(problem["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "disclosure-records"));
    send(&app, w.auditor.get("/api/v1/exports/units?colour=red"))
        .await
        .assert_problem(400, "invalid_query");
    send(
        &app,
        w.auditor
            .get("/api/v1/exports/units?updated_since=yesterday"),
    )
    .await
    .assert_problem(400, "invalid_query");
    let reversed = send(
        &app,
        w.auditor.get(
            "/api/v1/exports/units?updated_since=2026-02-01T00%3A00%3A00Z&updated_before=2026-01-01T00%3A00%3A00Z",
        ),
    )
    .await;
    let problem = reversed.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "updated_before");
    send(&app, county.get("/api/v1/exports/disclosure-records"))
        .await
        .assert_problem(403, "forbidden");
    send(&app, TestRequest::get().uri("/api/v1/exports/units"))
        .await
        .assert_problem(401, "unauthorized");
    let events = ok(
        &send(&app, w.auditor.get("/api/v1/audit-events?action=export")).await,
        200,
    );
    assert_eq!(
        events["total"], 0,
        "refused exports are not recorded as exports"
    );
}

#[actix_web::test]
async fn exports_beyond_the_limit_are_refused_and_a_client_that_leaves_frees_its_slot() {
    let w = one_slot_world(|_| {});
    // More batches than the channel buffers, so the first export stays open while its
    // body is not read.
    add_many_units(&w.t, held_open_size());
    let app = app!(w);
    let open = app
        .call(w.auditor.get("/api/v1/exports/units").to_request())
        .await
        .unwrap();
    assert_eq!(open.status(), 200);

    let busy = send(&app, w.auditor.get("/api/v1/exports/units")).await;
    busy.assert_problem(429, "too_many_requests");
    assert_eq!(busy.header("retry-after").as_deref(), Some("10"));

    drop(open);
    let (rows, _) = parse_export(
        &wait_for_a_slot(&app, &w.bureau)
            .await
            .expect("the slot is freed once the first client leaves"),
    );
    assert!(rows.len() > held_open_size());
}

#[actix_web::test]
async fn every_resource_exports_as_many_rows_as_its_list_holds() {
    let w = world();
    let app = app!(w);
    ok(
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
    let plan = ok(&send(&app, w.bureau.get("/api/v1/plans")).await, 200)["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let xq = w.t.unit_id("XQ");
    enter_disclosure(&app, &w.bureau, &xq, "新城管罚〔2026〕9号").await;
    let county = w.t.add_user("x.county", "XQ", &[Role::County]);
    let decision = json!({"unit_id": xq, "title": "疏导点设置方案", "summary": "设置疏导点"});
    ok(
        &send(&app, county.post("/api/v1/major-decisions", &decision)).await,
        201,
    );
    let risk = json!({"unit_id": xq, "activity": "专项行动", "activity_date": "2026-06-01", "place": "某路",
                      "items": [{"risk": "聚集", "likelihood": 2, "impact": 2, "mitigation": "警戒"}]});
    ok(
        &send(&app, county.post("/api/v1/risk-assessments", &risk)).await,
        201,
    );
    for period in ["2026-04", "2026-05"] {
        let body = json!({"unit_id": xq, "template_code": "monthly", "period": period});
        ok(
            &send(&app, county.post("/api/v1/statistics/reports", &body)).await,
            201,
        );
    }
    // A question, a study plan, a published session and one officer's submitted attempt.
    let law = w.t.add_user("x.law", "CITY-LAW", &[Role::Section]);
    let officer = w.t.add_user("x.officer", "XQ", &[Role::Officer]);
    let owner = w.t.unit_id("CITY-LAW");
    let category = ok(
        &send(
            &app,
            law.post(
                "/api/v1/question-categories",
                &json!({"owner_unit_id": owner, "name": "处罚法"}),
            ),
        )
        .await,
        201,
    )["id"]
        .clone();
    let question = json!({"owner_unit_id": owner, "content": {"category_id": category, "kind": "true_false", "stem": "题", "correct_truth": true}});
    let question = ok(
        &send(&app, law.post("/api/v1/questions", &question)).await,
        201,
    )["id"]
        .clone();
    let plan_body = json!({"organiser_unit_id": owner, "year": 2026, "title": "学法计划", "audience": {"unit_ids": [xq]},
        "quarters": [{"quarter": 1, "topic": "处罚法", "category_id": category, "question_count": 1, "points_per_question": 10}]});
    ok(
        &send(&app, law.post("/api/v1/study-plans", &plan_body)).await,
        201,
    );
    let now = chrono::Utc::now();
    let session = json!({"organiser_unit_id": owner, "kind": "quarterly_quiz", "title": "学法考试",
        "opens_at": now - chrono::Duration::hours(1), "closes_at": now + chrono::Duration::hours(1),
        "time_limit_minutes": 0, "attempts_allowed": 1, "pass_score": 1, "grading_method": "highest",
        "review": "after_submit", "audience": {"user_ids": [officer.id]},
        "paper": [{"kind": "fixed", "question_id": question, "count": 1, "points": 1}]});
    let session = ok(
        &send(&app, law.post("/api/v1/quiz-sessions", &session)).await,
        201,
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let publish = law
        .post(
            &format!("/api/v1/quiz-sessions/{session}/publish"),
            &json!({}),
        )
        .insert_header(("If-Match", "\"1\""));
    ok(&send(&app, publish).await, 200);
    let attempt = ok(
        &send(
            &app,
            officer.post(
                &format!("/api/v1/quiz-sessions/{session}/attempts"),
                &json!({}),
            ),
        )
        .await,
        201,
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &send(
            &app,
            officer.post(
                &format!("/api/v1/me/quiz-attempts/{attempt}/submit"),
                &json!({}),
            ),
        )
        .await,
        200,
    );
    // A training with two people enrolled.
    let city = w.t.unit_id("CITY");
    let (event, _) =
        crate::training::published_event(&app, &w.bureau, &city, None, &[(60, 2.0)]).await;
    let trainees = [
        w.t.add_user("x.trainee1", "XQ-1", &[Role::Officer]),
        w.t.add_user("x.trainee2", "XQ-1", &[Role::Officer]),
    ];
    crate::training::nominate(&app, &w.bureau, &event, &[&trainees[0], &trainees[1]]).await;
    // A contest with two entries.
    let contest =
        crate::contests::announced_contest(&app, &w.bureau, &city, "essay", &[&w.bureau.id]).await;
    for title in ["征文一", "征文二"] {
        crate::contests::enter(&app, &w.bureau, &contest, &w.t.unit_id("XQ-1"), None, title).await;
    }
    // A degree with its certificate.
    let graduate = w.t.add_user("x.graduate", "XQ-1", &[Role::Officer]);
    crate::degrees::recorded_degree(&app, &graduate).await;
    // A typical case in a published bulletin, and a revoked decision's veto.
    let xq = w.t.unit_id("XQ");
    let filer = w.t.add_user("x.casefiler", "XQ", &[Role::County]);
    crate::cases::bulletin_of(&app, &w.bureau, &filer, &xq, 1, true).await;
    let mut outcome = crate::cases::outcome_body(&xq, None, "罚决字第1号");
    outcome["result"] = json!("revoked");
    outcome["decided_on"] = json!("2022-08-15");
    ok(
        &send(&app, filer.post("/api/v1/case-outcomes", &outcome)).await,
        201,
    );
    let reviewer = w.t.add_user("x.reviewer", "YQ", &[Role::County]);
    crate::assessment::reviewed(&app, &reviewer, &xq, json!([{"item": "F4"}]), "2022-05-20").await;
    let run = ok(
        &send(
            &app,
            w.bureau
                .post("/api/v1/assessment-runs", &json!({"period": "2022-05"})),
        )
        .await,
        201,
    );
    ok(
        &send(
            &app,
            w.bureau
                .post("/api/v1/assessment-notices", &json!({"run_id": run["id"]})),
        )
        .await,
        201,
    );
    // A round with a recommended application scored by the bureau (the bureau's list
    // shows applications once recommended).
    let round = crate::demonstration::round_row(&w.t, 2020, "2099-10-31", &[&w.bureau.id]);
    let brigade = crate::demonstration::brigade(&w.t, "XQ");
    let application =
        crate::demonstration::application_row(&w.t, &round, &brigade, &xq, "recommended");
    crate::demonstration::scored(&app, &w.bureau, &application, "written", json!([])).await;
    // Where each resource's list is; `None`: checked by the export's own test.
    let lists: Vec<(&str, Option<String>)> = vec![
        ("audit-events", None),
        ("units", Some("/api/v1/units".into())),
        ("users", Some("/api/v1/users".into())),
        ("tasks", Some(format!("/api/v1/plans/{plan}/tasks"))),
        ("milestones", Some("/api/v1/milestones".into())),
        (
            "implementation-items",
            Some("/api/v1/implementation-items".into()),
        ),
        ("progress-reports", Some("/api/v1/progress-reports".into())),
        (
            "supervision-notices",
            Some("/api/v1/supervision-notices".into()),
        ),
        (
            "disclosure-records",
            Some("/api/v1/disclosure-records".into()),
        ),
        (
            "power-adjustments",
            Some("/api/v1/public/power-adjustments".into()),
        ),
        (
            "statistics-reports",
            Some("/api/v1/statistics/reports".into()),
        ),
        ("major-decisions", Some("/api/v1/major-decisions".into())),
        ("risk-assessments", Some("/api/v1/risk-assessments".into())),
        ("questions", Some("/api/v1/questions".into())),
        ("quiz-sessions", Some("/api/v1/quiz-sessions".into())),
        ("study-plans", Some("/api/v1/study-plans".into())),
        // No list: an organiser reads attempts one by one (below).
        ("quiz-attempts", None),
        ("quiz-results", Some("/api/v1/quiz-results".into())),
        ("training-events", Some("/api/v1/training-events".into())),
        (
            "training-enrolments",
            Some(format!("/api/v1/training-events/{event}/enrolments")),
        ),
        ("contests", Some("/api/v1/contests".into())),
        // The entries' list is not paged (below).
        ("contest-entries", None),
        ("degrees", Some("/api/v1/degrees".into())),
        ("case-submissions", Some("/api/v1/case-submissions".into())),
        ("case-bulletins", Some("/api/v1/case-bulletins".into())),
        ("case-outcomes", Some("/api/v1/case-outcomes".into())),
        ("veto-events", Some("/api/v1/veto-events".into())),
        ("rule-sets", Some("/api/v1/rule-sets".into())),
        ("case-reviews", Some("/api/v1/case-reviews".into())),
        ("assessment-runs", Some("/api/v1/assessment-runs".into())),
        (
            "assessment-notices",
            Some("/api/v1/assessment-notices".into()),
        ),
        (
            "demonstration-rounds",
            Some("/api/v1/demonstration-rounds".into()),
        ),
        (
            "demonstration-applications",
            Some("/api/v1/demonstration-applications".into()),
        ),
        (
            "demonstration-reviews",
            Some("/api/v1/demonstration-reviews".into()),
        ),
    ];
    let names: Vec<&str> = api_types::exports::ExportResource::ALL
        .iter()
        .map(|r| r.as_str())
        .collect();
    assert_eq!(
        names,
        lists.iter().map(|l| l.0).collect::<Vec<_>>(),
        "every resource is checked"
    );
    for (resource, list) in lists {
        let (rows, manifest) = export(&app, &w.bureau, resource).await;
        assert_eq!(manifest["resource"], resource);
        if let Some(list) = list {
            let page = ok(&send(&app, w.bureau.get(&list)).await, 200);
            assert_eq!(
                rows.len() as i64,
                page["total"].as_i64().unwrap(),
                "{resource}: the export holds what {list} counts"
            );
        }
    }
    let (entries, _) = export(&app, &w.bureau, "contest-entries").await;
    let listed = ok(
        &send(
            &app,
            w.bureau.get(&format!("/api/v1/contests/{contest}/entries")),
        )
        .await,
        200,
    );
    assert_eq!(entries.len(), listed.as_array().unwrap().len());
    assert_eq!(entries.len(), 2);
    // Auditors get each attempt with its answers, marks and key.
    let (attempts, _) = export(&app, &w.bureau, "quiz-attempts").await;
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["id"], attempt.as_str());
    assert_eq!(attempts[0]["review"][0]["correct_truth"], true);
    assert_eq!(attempts[0]["review"][0]["points_awarded"], 0.0);
}

#[actix_web::test]
async fn an_export_reads_one_snapshot_while_others_write() {
    let w = world();
    add_many_units(&w.t, held_open_size());
    let app = app!(w);
    let before = ok(
        &send(&app, w.auditor.get("/api/v1/units?per_page=1")).await,
        200,
    )["total"]
        .as_i64()
        .unwrap();
    // The export has read its first batch and waits for the client.
    let open = app
        .call(w.auditor.get("/api/v1/exports/units").to_request())
        .await
        .unwrap();
    assert_eq!(open.status(), 200);

    // Meanwhile a unit is added whose key sorts after every other, and one is renamed.
    let last_key = "ffffffff-ffff-4fff-bfff-ffffffffffff";
    {
        let mut conn = w.t.state.pool.get().unwrap();
        let mut row = unit_row(
            "LATE",
            "导出期间新增",
            UnitKind::CountyBureau,
            &w.t.unit_id("CITY"),
        );
        row.id = last_key.into();
        diesel::insert_into(api::db::schema::units::table)
            .values(&row)
            .execute(&mut *conn)
            .unwrap();
        diesel::update(api::db::schema::units::table)
            .filter(api::db::schema::units::code.eq(last_bulk_code()))
            .set(api::db::schema::units::name.eq("导出期间改名"))
            .execute(&mut *conn)
            .unwrap();
    }
    let after = ok(
        &send(&app, w.auditor.get("/api/v1/units?per_page=1")).await,
        200,
    )["total"]
        .as_i64()
        .unwrap();
    assert_eq!(
        after,
        before + 1,
        "the write went through while the export was open"
    );

    let body = actix_web::test::read_body(open).await;
    let (rows, _) = parse_export_body(std::str::from_utf8(&body).unwrap());
    assert_eq!(
        rows.len() as i64,
        before,
        "rows added after the snapshot are not exported"
    );
    assert!(rows.iter().all(|r| r["id"] != last_key));
    let renamed = rows.iter().find(|r| r["code"] == last_bulk_code()).unwrap();
    assert_eq!(
        renamed["name"],
        format!("批量单位{}", held_open_size() - 1),
        "the row as it was when the export began"
    );
}

#[actix_web::test]
async fn time_bounds_are_exact_since_included_before_excluded() {
    let w = world();
    let app = app!(w);
    let xq = w.t.unit_id("XQ");
    let record = enter_disclosure(&app, &w.bureau, &xq, "新城管罚〔2026〕5号").await;
    let at = urlencode(record["updated_at"].as_str().unwrap());
    let (since, _) = export(
        &app,
        &w.auditor,
        &format!("disclosure-records?updated_since={at}"),
    )
    .await;
    assert_eq!(
        since.len(),
        1,
        "updated_since equal to the change is included"
    );
    let (before, _) = export(
        &app,
        &w.auditor,
        &format!("disclosure-records?updated_before={at}"),
    )
    .await;
    assert!(
        before.is_empty(),
        "updated_before equal to the change is excluded"
    );
    // A bound with nanoseconds just after the change excludes it from `since`.
    let stored: chrono::DateTime<chrono::Utc> =
        record["updated_at"].as_str().unwrap().parse().unwrap();
    let later = (stored + chrono::Duration::nanoseconds(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    let (after, _) = export(
        &app,
        &w.auditor,
        &format!("disclosure-records?updated_since={}", urlencode(&later)),
    )
    .await;
    assert!(
        after.is_empty(),
        "a since bound 1 ns after the change excludes it"
    );
    let (until, _) = export(
        &app,
        &w.auditor,
        &format!("disclosure-records?updated_before={}", urlencode(&later)),
    )
    .await;
    assert_eq!(
        until.len(),
        1,
        "a before bound 1 ns after the change includes it"
    );
}

/// Stores a unit whose id is not a UUID, as a damaged database would hold it.
fn add_broken_unit(t: &TestApp, id: &str) {
    let mut row = unit_row(
        &format!("BROKEN-{}", &id[..8]),
        "损坏的数据",
        UnitKind::CountyBureau,
        &t.unit_id("CITY"),
    );
    row.id = id.into();
    let mut conn = t.state.pool.get().unwrap();
    diesel::insert_into(api::db::schema::units::table)
        .values(&row)
        .execute(&mut *conn)
        .unwrap();
}

#[actix_web::test]
async fn a_failure_before_the_first_line_is_a_problem_and_after_it_an_error_line() {
    let w = world();
    add_many_units(&w.t, 1_100);
    // Sorts last: the export fails in its third batch, after lines were sent.
    add_broken_unit(&w.t, "zz-broken-unit");
    let app = app!(w);
    let reply = send(&app, w.auditor.get("/api/v1/exports/units")).await;
    assert_eq!(reply.status, 200);
    let lines = ndjson_lines(&reply.text());
    let last = lines.last().unwrap();
    assert_eq!(last["error"]["code"], "internal_error", "{last}");
    assert!(lines.len() > 1_000, "the rows before the damage were sent");
    assert!(
        lines.iter().all(|l| l.get("manifest").is_none()),
        "no manifest: the export is recognisably incomplete"
    );

    // Sorts first: nothing was sent yet, so the answer is an ordinary problem.
    add_broken_unit(&w.t, "!!-broken-unit");
    send(&app, w.auditor.get("/api/v1/exports/units"))
        .await
        .assert_problem(500, "internal_error");
}

#[actix_web::test]
async fn a_client_that_stops_reading_is_dropped_after_the_stall_limit() {
    // A client may read nothing for one second.
    let w = one_slot_world(|c| c.export_stall_limit = Duration::from_secs(1));
    add_many_units(&w.t, held_open_size());
    let app = app!(w);
    // Opened and held, but never read while the others ask.
    let stalled = app
        .call(w.auditor.get("/api/v1/exports/units").to_request())
        .await
        .unwrap();
    assert_eq!(stalled.status(), 200);
    send(&app, w.bureau.get("/api/v1/exports/units"))
        .await
        .assert_problem(429, "too_many_requests");

    let (rows, _) = parse_export(
        &wait_for_a_slot(&app, &w.bureau)
            .await
            .expect("the stalled export gave up its slot"),
    );
    assert!(rows.len() > held_open_size());

    // What the stalled client gets when it reads at last: the buffered rows, no manifest.
    let body = actix_web::test::read_body(stalled).await;
    let lines = ndjson_lines(std::str::from_utf8(&body).unwrap());
    assert!(!lines.is_empty() && lines.len() < rows.len());
    assert!(lines.iter().all(|l| l.get("manifest").is_none()));
}
