//! Training: capacity and the waitlist, the enrolment window, the rotating check-in
//! code (valid, expired, of another session, replayed by someone not on the roster),
//! hours by attendance status, the 1/7 leave rule, the annual requirement and its
//! report by unit scope.

use actix_web::test::{init_service, TestRequest};
use api_types::Role;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use enforcement_tests::{ok, send, TestApp, TestUser};
use serde_json::{json, Value};

/// The settings of an event organised by `unit`, enrolment open from an hour ago for a
/// day, for everyone.
pub fn event_body(unit: &str, title: &str, capacity: Option<u32>) -> Value {
    let now = Utc::now();
    let mut body = json!({
        "organiser_unit_id": unit, "category": "business", "title": title,
        "description": "户外广告与店招标牌管理",
        "target": {"unit_ids": [], "roles": []},
        "enrol_opens_at": now - Duration::hours(1),
        "enrol_closes_at": now + Duration::days(1),
    });
    if let Some(c) = capacity {
        body["capacity"] = json!(c);
    }
    body
}

/// A session starting `start_minutes` from now (negative: already begun), two hours
/// long, worth `hours`.
pub fn session_body(start_minutes: i64, hours: f64) -> Value {
    let start = Utc::now() + Duration::minutes(start_minutes);
    json!({"title": "第一讲", "starts_at": start, "ends_at": start + Duration::hours(2),
           "place": "市局三楼会议室", "credit_hours": hours})
}

pub fn created(reply: &enforcement_tests::Reply) -> String {
    assert!(reply.status.is_success(), "set-up failed: {}", reply.text());
    reply.json()["id"].as_str().unwrap().to_string()
}

/// A published event of `unit` with one session per `(start_minutes, hours)`: its id
/// and its sessions' ids.
pub async fn published_event<S, B>(
    app: &S,
    organiser: &TestUser,
    unit: &str,
    capacity: Option<u32>,
    sessions: &[(i64, f64)],
) -> (String, Vec<String>)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let event = created(
        &send(
            app,
            organiser.post(
                "/api/v1/training-events",
                &event_body(unit, "户外广告管理培训", capacity),
            ),
        )
        .await,
    );
    let mut ids = Vec::new();
    for (start, hours) in sessions {
        ids.push(created(
            &send(
                app,
                organiser.post(
                    &format!("/api/v1/training-events/{event}/sessions"),
                    &session_body(*start, *hours),
                ),
            )
            .await,
        ));
    }
    let reply = send(
        app,
        organiser
            .post(
                &format!("/api/v1/training-events/{event}/publish"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    (event, ids)
}

/// Nominates `people` for `event` as `by`: the enrolments answered.
pub async fn nominate<S, B>(app: &S, by: &TestUser, event: &str, people: &[&TestUser]) -> Vec<Value>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let reply = send(
        app,
        by.post(
            &format!("/api/v1/training-events/{event}/enrolments"),
            &json!({"user_ids": ids}),
        ),
    )
    .await;
    ok(&reply, 200)["enrolments"].as_array().unwrap().clone()
}

/// The code of `session` `steps_back` steps before now, computed from its stored key as
/// the organiser's screen would have shown it.
pub fn code_of(t: &TestApp, session: &str, steps_back: i64) -> String {
    use api::db::schema::training_sessions;
    use api::resources::training::checkin;
    let mut conn = t.state.pool.get().unwrap();
    let secret: String = training_sessions::table
        .find(session)
        .select(training_sessions::check_in_secret)
        .first(&mut *conn)
        .unwrap();
    checkin::code_at(&secret, session, checkin::step_of(Utc::now()) - steps_back).unwrap()
}

struct World {
    t: TestApp,
    /// 行政审批科, which organises the April training.
    approval: TestUser,
    bureau: TestUser,
    xq: TestUser,
    o1: TestUser,
    o2: TestUser,
    o3: TestUser,
    yq_officer: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    let approval = t.add_user("train.approval", "CITY-LAW", &[Role::Section]);
    let bureau = t.add_user("train.city", "CITY", &[Role::Bureau]);
    let xq = t.add_user("train.xq", "XQ", &[Role::County]);
    let o1 = t.add_user("train.o1", "XQ-1", &[Role::Officer]);
    let o2 = t.add_user("train.o2", "XQ-1", &[Role::Officer]);
    let o3 = t.add_user("train.o3", "XQ-1", &[Role::Officer]);
    let yq_officer = t.add_user("train.yq", "YQ", &[Role::Officer]);
    World {
        t,
        approval,
        bureau,
        xq,
        o1,
        o2,
        o3,
        yq_officer,
    }
}

macro_rules! app {
    ($w:expr) => {
        init_service(api::app($w.t.state.clone())).await
    };
}

fn post_if(user: &TestUser, uri: &str, version: i64) -> TestRequest {
    user.post(uri, &json!({}))
        .insert_header(("If-Match", format!("\"{version}\"")))
}

#[actix_web::test]
async fn beyond_the_capacity_people_wait_in_line_and_move_up_when_a_place_frees() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let (event, _) = published_event(&app, &w.approval, &law, Some(2), &[(24 * 60, 2.0)]).await;
    let enrolments = nominate(&app, &w.xq, &event, &[&w.o1, &w.o2, &w.o3]).await;
    let statuses: Vec<&str> = enrolments
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["enrolled", "enrolled", "waitlisted"]);
    assert_eq!(enrolments[2]["waitlist_position"], 1);
    assert_eq!(enrolments[0]["nominated_by_name"], "train.xq");

    // The same nomination again changes nothing.
    let again = nominate(&app, &w.xq, &event, &[&w.o1]).await;
    assert_eq!(again[0]["id"], enrolments[0]["id"]);
    let shown = ok(
        &send(
            &app,
            w.approval.get(&format!("/api/v1/training-events/{event}")),
        )
        .await,
        200,
    );
    assert_eq!(
        (shown["enrolled"].as_u64(), shown["waitlisted"].as_u64()),
        (Some(2), Some(1))
    );

    // A county bureau cannot nominate another county's people.
    let other = send(
        &app,
        w.xq.post(
            &format!("/api/v1/training-events/{event}/enrolments"),
            &json!({"user_ids": [w.yq_officer.id]}),
        ),
    )
    .await;
    other.assert_problem(403, "forbidden");

    // o1 withdraws: o3 moves up.
    let first = enrolments[0]["id"].as_str().unwrap();
    let withdrawn = send(
        &app,
        post_if(
            &w.o1,
            &format!("/api/v1/me/training-enrolments/{first}/withdraw"),
            1,
        ),
    )
    .await;
    assert_eq!(ok(&withdrawn, 200)["status"], "withdrawn");
    let listed = ok(
        &send(
            &app,
            w.approval.get(&format!(
                "/api/v1/training-events/{event}/enrolments?status=enrolled"
            )),
        )
        .await,
        200,
    );
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["user_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["train.o2", "train.o3"]);
    // Withdrawn twice: refused; someone else's enrolment: not theirs.
    send(
        &app,
        post_if(
            &w.o1,
            &format!("/api/v1/me/training-enrolments/{first}/withdraw"),
            2,
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    let second = enrolments[1]["id"].as_str().unwrap();
    send(
        &app,
        post_if(
            &w.o1,
            &format!("/api/v1/me/training-enrolments/{second}/withdraw"),
            1,
        ),
    )
    .await
    .assert_problem(404, "not_found");

    // o1 enrols again: the line is at its end.
    let back = ok(
        &send(
            &app,
            w.o1.post(
                &format!("/api/v1/training-events/{event}/enrol"),
                &json!({}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(back["enrolments"][0]["status"], "waitlisted");
    // An officer sees only their own enrolment; the county its people's.
    let own = ok(
        &send(
            &app,
            w.o1.get(&format!("/api/v1/training-events/{event}/enrolments")),
        )
        .await,
        200,
    );
    assert_eq!(own["total"], 1);
    let county = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/training-events/{event}/enrolments")),
        )
        .await,
        200,
    );
    assert_eq!(county["total"], 3);

    // Each step is in the audit trail.
    use api::db::schema::audit_events;
    let mut conn = w.t.state.pool.get().unwrap();
    let actions: Vec<String> = audit_events::table
        .filter(audit_events::resource_type.eq("training_enrolment"))
        .select(audit_events::action)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(
        actions.iter().filter(|a| *a == "enrol").count(),
        4,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| *a == "withdraw").count(),
        1,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| *a == "update").count(),
        1,
        "the move up: {actions:?}"
    );
}

#[actix_web::test]
async fn enrolment_is_refused_outside_its_window_and_outside_the_target() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let mut body = event_body(&law, "环境卫生管理培训", None);
    body["enrol_opens_at"] = json!(Utc::now() + Duration::days(2));
    body["enrol_closes_at"] = json!(Utc::now() + Duration::days(5));
    body["target"] = json!({"unit_ids": [w.t.unit_id("XQ")], "roles": ["officer"]});
    let event = created(&send(&app, w.approval.post("/api/v1/training-events", &body)).await);
    // A draft takes no enrolment, and others do not see it.
    send(
        &app,
        w.o1.post(
            &format!("/api/v1/training-events/{event}/enrol"),
            &json!({}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    send(&app, w.o1.get(&format!("/api/v1/training-events/{event}")))
        .await
        .assert_problem(403, "forbidden");
    // Publishing needs a session.
    send(
        &app,
        post_if(
            &w.approval,
            &format!("/api/v1/training-events/{event}/publish"),
            1,
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    created(
        &send(
            &app,
            w.approval.post(
                &format!("/api/v1/training-events/{event}/sessions"),
                &session_body(7 * 24 * 60, 3.0),
            ),
        )
        .await,
    );
    ok(
        &send(
            &app,
            post_if(
                &w.approval,
                &format!("/api/v1/training-events/{event}/publish"),
                1,
            ),
        )
        .await,
        200,
    );
    let refused = send(
        &app,
        w.o1.post(
            &format!("/api/v1/training-events/{event}/enrol"),
            &json!({}),
        ),
    )
    .await;
    let problem = refused.assert_problem(409, "invalid_state");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("enrolment is open from"),
        "{problem}"
    );

    // Open the window: an officer of YQ is not among the target, a county account is
    // not an officer.
    let mut open = body.clone();
    open["enrol_opens_at"] = json!(Utc::now() - Duration::hours(1));
    ok(
        &send(
            &app,
            w.approval
                .put(&format!("/api/v1/training-events/{event}"), 2, &open),
        )
        .await,
        200,
    );
    ok(
        &send(
            &app,
            w.o1.post(
                &format!("/api/v1/training-events/{event}/enrol"),
                &json!({}),
            ),
        )
        .await,
        200,
    );
    let outside = send(
        &app,
        w.yq_officer.post(
            &format!("/api/v1/training-events/{event}/enrol"),
            &json!({}),
        ),
    )
    .await;
    let problem = outside.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "not_targeted");
    send(
        &app,
        w.xq.post(
            &format!("/api/v1/training-events/{event}/enrol"),
            &json!({}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");

    // Closed windows refuse too.
    let mut closed = open.clone();
    closed["enrol_opens_at"] = json!(Utc::now() - Duration::days(3));
    closed["enrol_closes_at"] = json!(Utc::now() - Duration::days(1));
    ok(
        &send(
            &app,
            w.approval
                .put(&format!("/api/v1/training-events/{event}"), 3, &closed),
        )
        .await,
        200,
    );
    send(
        &app,
        w.o2.post(
            &format!("/api/v1/training-events/{event}/enrol"),
            &json!({}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    // The window's order is checked.
    let mut backwards = closed.clone();
    backwards["enrol_closes_at"] = json!(Utc::now() - Duration::days(4));
    let problem = send(
        &app,
        w.approval
            .put(&format!("/api/v1/training-events/{event}"), 4, &backwards),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "enrol_closes_at");
}

#[actix_web::test]
async fn a_check_in_code_is_taken_only_now_for_its_session_and_from_the_roster() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let (event, sessions) =
        published_event(&app, &w.approval, &law, None, &[(-5, 2.0), (24 * 60, 2.0)]).await;
    nominate(&app, &w.xq, &event, &[&w.o1, &w.o2]).await;
    let (now_session, later_session) = (&sessions[0], &sessions[1]);

    let shown = ok(
        &send(
            &app,
            w.approval.get(&format!(
                "/api/v1/training-sessions/{now_session}/check-in-code"
            )),
        )
        .await,
        200,
    );
    let code = shown["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);
    assert!(shown["expires_at"].as_str().unwrap() > shown["server_time"].as_str().unwrap());
    // Only the organiser sees the code; none is shown before check-in opens.
    send(
        &app,
        w.o1.get(&format!(
            "/api/v1/training-sessions/{now_session}/check-in-code"
        )),
    )
    .await
    .assert_problem(403, "forbidden");
    send(
        &app,
        w.approval.get(&format!(
            "/api/v1/training-sessions/{later_session}/check-in-code"
        )),
    )
    .await
    .assert_problem(409, "invalid_state");

    let check_in = |user: &TestUser, session: &str, code: &str| {
        user.post(
            &format!("/api/v1/training-sessions/{session}/check-in"),
            &json!({"code": code}),
        )
    };
    // Expired: the code of two steps ago (the one just before still counts).
    let expired = code_of(&w.t, now_session, 2);
    if expired != code && expired != code_of(&w.t, now_session, 1) {
        let problem = send(&app, check_in(&w.o1, now_session, &expired))
            .await
            .assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "wrong_or_expired");
    }
    // A code of another session is refused (the later one is not open either way, so
    // its code is tried at this one).
    let other = code_of(&w.t, later_session, 0);
    if other != code && other != code_of(&w.t, now_session, 1) {
        send(&app, check_in(&w.o1, now_session, &other))
            .await
            .assert_problem(422, "validation_failed");
    }
    // Not six digits: the contract's rule.
    send(&app, check_in(&w.o1, now_session, "12ab"))
        .await
        .assert_problem(422, "validation_failed");
    // The right code: present.
    let entry = ok(&send(&app, check_in(&w.o1, now_session, &code)).await, 200);
    assert_eq!(
        (entry["status"].as_str(), entry["method"].as_str()),
        (Some("present"), Some("check_in"))
    );
    // Again: the first check-in stands.
    let again = ok(&send(&app, check_in(&w.o1, now_session, &code)).await, 200);
    assert_eq!(again["marked_at"], entry["marked_at"]);
    // Replayed by an officer who is not on the roster: refused.
    send(&app, check_in(&w.yq_officer, now_session, &code))
        .await
        .assert_problem(403, "forbidden");
    // At a session whose check-in has not opened: refused, with the code of the moment.
    send(
        &app,
        check_in(&w.o1, later_session, &code_of(&w.t, later_session, 0)),
    )
    .await
    .assert_problem(409, "invalid_state");

    // Guessing: five wrong codes are typos, then each costs a growing wait (429), even
    // for the right code.
    let valid = [code_of(&w.t, now_session, 0), code_of(&w.t, now_session, 1)];
    let wrong = ["000000", "111111", "222222"]
        .into_iter()
        .find(|c| !valid.iter().any(|v| v == c))
        .unwrap();
    for _ in 0..6 {
        send(&app, check_in(&w.o2, now_session, wrong))
            .await
            .assert_problem(422, "validation_failed");
    }
    let blocked = send(
        &app,
        check_in(&w.o2, now_session, &code_of(&w.t, now_session, 0)),
    )
    .await;
    blocked.assert_problem(429, "too_many_requests");
    assert!(blocked.header("retry-after").is_some());

    // The organiser marks o2 absent; the roster shows both.
    let roster = ok(
        &send(
            &app,
            w.approval.post(
                &format!("/api/v1/training-sessions/{now_session}/attendance"),
                &json!({"marks": [{"user_id": w.o2.id, "status": "absent", "remark": "未到"}]}),
            ),
        )
        .await,
        200,
    );
    let row = |id: &str| {
        roster
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["user_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(row(&w.o1.id)["status"], "present");
    assert_eq!(row(&w.o2.id)["status"], "absent");
    assert_eq!(row(&w.o2.id)["method"], "roster");
    // Someone not enrolled is not marked.
    let problem = send(
        &app,
        w.approval.post(
            &format!("/api/v1/training-sessions/{now_session}/attendance"),
            &json!({"marks": [{"user_id": w.yq_officer.id, "status": "present"}]}),
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "marks[0].user_id");

    use api::db::schema::audit_events;
    let mut conn = w.t.state.pool.get().unwrap();
    let actions: Vec<String> = audit_events::table
        .filter(audit_events::resource_id.eq(now_session))
        .select(audit_events::action)
        .load(&mut *conn)
        .unwrap();
    assert!(
        actions.contains(&"check_in".to_string())
            && actions.contains(&"mark_attendance".to_string()),
        "{actions:?}"
    );
}

#[actix_web::test]
async fn hours_follow_the_attendance_status_and_leave_beyond_a_seventh_completes_nothing() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    // 1 + 2 + 4 = 7 hours; a seventh is one hour.
    let (event, sessions) = published_event(
        &app,
        &w.approval,
        &law,
        None,
        &[(-300, 1.0), (-200, 2.0), (-100, 4.0)],
    )
    .await;
    let o4 = w.t.add_user("train.o4", "XQ-1", &[Role::Officer]);
    nominate(&app, &w.xq, &event, &[&w.o1, &w.o2, &w.o3, &o4]).await;
    let mark = |session: &str, marks: Value| {
        w.approval.post(
            &format!("/api/v1/training-sessions/{session}/attendance"),
            &json!({ "marks": marks }),
        )
    };
    // o1 present throughout; o2 late at the two-hour session (75 %); o3 excused from the
    // one-hour session (a seventh: completed); o4 absent from the two-hour one (beyond).
    let people = [
        ("o1", &w.o1.id),
        ("o2", &w.o2.id),
        ("o3", &w.o3.id),
        ("o4", &o4.id),
    ];
    let status_of = |user: &str, session: usize| match (user, session) {
        ("o2", 1) => "late",
        ("o3", 0) => "excused",
        ("o4", 1) => "absent",
        _ => "present",
    };
    let plan: Vec<Value> = (0..3)
        .map(|i| {
            json!(people
                .iter()
                .map(|(name, id)| json!({"user_id": id, "status": status_of(name, i)}))
                .collect::<Vec<_>>())
        })
        .collect();
    for (session, marks) in sessions.iter().zip(plan) {
        ok(&send(&app, mark(session, marks)).await, 200);
    }
    let hours_of = |user: &TestUser| user.get("/api/v1/me/training-hours");
    let o1 = ok(&send(&app, hours_of(&w.o1)).await, 200);
    assert_eq!(o1["hours"], 7.0);
    assert_eq!(o1["required"], 90.0);
    assert_eq!(o1["met"], false);
    assert_eq!(o1["events"][0]["completed"], true);
    assert_eq!(
        o1["by_category"][0],
        json!({"category": "business", "hours": 7.0})
    );
    let o2 = ok(&send(&app, hours_of(&w.o2)).await, 200);
    assert_eq!(o2["hours"], 6.5);
    let o3 = ok(&send(&app, hours_of(&w.o3)).await, 200);
    assert_eq!(
        (
            o3["hours"].as_f64(),
            o3["events"][0]["leave_hours"].as_f64(),
            o3["events"][0]["completed"].as_bool()
        ),
        (Some(6.0), Some(1.0), Some(true))
    );
    let o4 = ok(&send(&app, hours_of(&o4)).await, 200);
    assert_eq!(
        (
            o4["hours"].as_f64(),
            o4["events"][0]["leave_hours"].as_f64(),
            o4["events"][0]["completed"].as_bool()
        ),
        (Some(0.0), Some(2.0), Some(false))
    );

    // The event's own leave limit: a half lets o4 complete.
    let shown = send(
        &app,
        w.approval.get(&format!("/api/v1/training-events/{event}")),
    )
    .await;
    let mut content = ok(&shown, 200)["content"].clone();
    content["leave_numerator"] = json!(1);
    content["leave_denominator"] = json!(2);
    let version = shown.json()["version"].as_i64().unwrap();
    ok(
        &send(
            &app,
            w.approval.put(
                &format!("/api/v1/training-events/{event}"),
                version,
                &content,
            ),
        )
        .await,
        200,
    );
    let o4_hours = ok(
        &send(
            &app,
            w.xq.get(&format!(
                "/api/v1/training-hours/people?unit_id={}&sort=name",
                w.t.unit_id("XQ-1")
            )),
        )
        .await,
        200,
    );
    let line = o4_hours["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["user_name"] == "train.o4")
        .unwrap()
        .clone();
    assert_eq!(line["hours"], 5.0);
}

#[actix_web::test]
async fn the_annual_requirement_is_a_bureau_setting_and_the_report_keeps_to_the_scope() {
    let w = world();
    let app = app!(w);
    let year =
        chrono::Datelike::year(&chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai));
    let uri = format!("/api/v1/training-requirements/{year}");
    let default = ok(&send(&app, w.o1.get(&uri)).await, 200);
    assert_eq!(
        (
            default["hours"].as_f64(),
            default["set"].as_bool(),
            default["version"].as_i64()
        ),
        (Some(90.0), Some(false), Some(0))
    );
    // Only the city bureau sets it; hours with one decimal.
    send(&app, w.approval.put(&uri, 0, &json!({"hours": 4.0})))
        .await
        .assert_problem(403, "forbidden");
    let problem = send(&app, w.bureau.put(&uri, 0, &json!({"hours": 4.25})))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "one_decimal");
    let set = ok(
        &send(&app, w.bureau.put(&uri, 0, &json!({"hours": 4.0}))).await,
        200,
    );
    assert_eq!(
        (set["version"].as_i64(), set["set"].as_bool()),
        (Some(1), Some(true))
    );
    send(&app, w.bureau.put(&uri, 0, &json!({"hours": 5.0})))
        .await
        .assert_problem(412, "precondition_failed");
    send(
        &app,
        w.bureau.put(
            "/api/v1/training-requirements/1999",
            0,
            &json!({"hours": 5.0}),
        ),
    )
    .await
    .assert_problem(400, "invalid_path_parameter");

    let law = w.t.unit_id("CITY-LAW");
    let (_, sessions) = published_event(&app, &w.approval, &law, None, &[(-60, 4.0)]).await;
    let event = {
        use api::db::schema::training_sessions;
        let mut conn = w.t.state.pool.get().unwrap();
        training_sessions::table
            .find(&sessions[0])
            .select(training_sessions::event_id)
            .first::<String>(&mut *conn)
            .unwrap()
    };
    nominate(&app, &w.bureau, &event, &[&w.o1, &w.o2, &w.yq_officer]).await;
    ok(
        &send(&app, w.approval.post(&format!("/api/v1/training-sessions/{}/attendance", sessions[0]), &json!({"marks": [
            {"user_id": w.o1.id, "status": "present"}, {"user_id": w.o2.id, "status": "absent"}, {"user_id": w.yq_officer.id, "status": "present"}]}))).await,
        200,
    );
    // The county bureau: its own and its brigade's people, o2 and o3 below.
    let below = ok(
        &send(
            &app,
            w.xq.get("/api/v1/training-hours/people?below_requirement=true&sort=name"),
        )
        .await,
        200,
    );
    let names: Vec<&str> = below["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["train.o2", "train.o3", "train.xq"]);
    send(
        &app,
        w.xq.get(&format!(
            "/api/v1/training-hours/people?unit_id={}",
            w.t.unit_id("YQ")
        )),
    )
    .await
    .assert_problem(403, "forbidden");
    let report = ok(
        &send(&app, w.xq.get("/api/v1/training-hours/units")).await,
        200,
    );
    let brigade = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == w.t.unit_id("XQ-1"))
        .unwrap()
        .clone();
    assert_eq!(
        (brigade["people"].as_u64(), brigade["met"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(brigade["completion_rate"], 33.3);
    assert!(
        report["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["unit_id"] != w.t.unit_id("YQ")),
        "{report}"
    );
    let city = ok(
        &send(&app, w.bureau.get("/api/v1/training-hours/units")).await,
        200,
    );
    let yq = city["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == w.t.unit_id("YQ"))
        .unwrap()
        .clone();
    assert_eq!(
        (
            yq["people"].as_u64(),
            yq["met"].as_u64(),
            yq["completion_rate"].as_f64()
        ),
        (Some(1), Some(1), Some(100.0))
    );
    // An officer reads no one else's hours.
    send(&app, w.o1.get("/api/v1/training-hours/people"))
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn an_organiser_edits_only_its_own_events_and_a_cancelled_event_takes_nothing_more() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let (event, sessions) = published_event(&app, &w.approval, &law, Some(1), &[(60, 2.0)]).await;
    let other_section = w.t.add_user("train.other", "XQ", &[Role::Section]);
    send(
        &app,
        w.approval.post(
            "/api/v1/training-events",
            &event_body(&w.t.unit_id("XQ"), "别人的培训", None),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let foreign_cancel = other_section
        .post(
            &format!("/api/v1/training-events/{event}/cancel"),
            &json!({"reason": "越权"}),
        )
        .insert_header(("If-Match", "\"2\""));
    send(&app, foreign_cancel)
        .await
        .assert_problem(403, "forbidden");
    nominate(&app, &w.xq, &event, &[&w.o1, &w.o2]).await;
    // The capacity cannot drop below those enrolled; a larger one moves o2 up.
    let shown = ok(
        &send(
            &app,
            w.approval.get(&format!("/api/v1/training-events/{event}")),
        )
        .await,
        200,
    );
    let mut content = shown["content"].clone();
    content["capacity"] = json!(2);
    let grown = ok(
        &send(
            &app,
            w.approval.put(
                &format!("/api/v1/training-events/{event}"),
                shown["version"].as_i64().unwrap(),
                &content,
            ),
        )
        .await,
        200,
    );
    assert_eq!(
        (grown["enrolled"].as_u64(), grown["waitlisted"].as_u64()),
        (Some(2), Some(0))
    );
    content["capacity"] = json!(1);
    let problem = send(
        &app,
        w.approval.put(
            &format!("/api/v1/training-events/{event}"),
            grown["version"].as_i64().unwrap(),
            &content,
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "below_enrolled");
    // A session's hours have one decimal.
    let mut session = session_body(60, 2.25);
    let problem = send(
        &app,
        w.approval.put(
            &format!("/api/v1/training-sessions/{}", sessions[0]),
            1,
            &session,
        ),
    )
    .await
    .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["code"], "one_decimal");
    session["credit_hours"] = json!(2.5);
    let edited = ok(
        &send(
            &app,
            w.approval.put(
                &format!("/api/v1/training-sessions/{}", sessions[0]),
                1,
                &session,
            ),
        )
        .await,
        200,
    );
    assert_eq!(edited["content"]["credit_hours"], 2.5);

    let cancelled = send(
        &app,
        w.approval
            .post(
                &format!("/api/v1/training-events/{event}/cancel"),
                &json!({"reason": "场地调整"}),
            )
            .insert_header(("If-Match", format!("\"{}\"", grown["version"]))),
    )
    .await;
    assert_eq!(ok(&cancelled, 200)["status"], "cancelled");
    send(
        &app,
        w.o3.post(
            &format!("/api/v1/training-events/{event}/enrol"),
            &json!({}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    send(
        &app,
        w.approval.post(
            &format!("/api/v1/training-events/{event}/sessions"),
            &session_body(90, 1.0),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Still listed, as cancelled, and filtered by status.
    let listed = ok(
        &send(&app, w.o1.get("/api/v1/training-events?status=cancelled")).await,
        200,
    );
    assert_eq!(listed["items"][0]["cancel_reason"], "场地调整");
    let open = ok(
        &send(
            &app,
            w.o1.get("/api/v1/training-events?enrolment_open=true"),
        )
        .await,
        200,
    );
    assert_eq!(open["total"], 0);
}

#[actix_web::test]
async fn the_organiser_attaches_materials_every_reader_downloads_them_and_a_cancelled_event_takes_no_more(
) {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let (event, _) = published_event(&app, &w.approval, &law, None, &[(60, 2.0)]).await;
    let upload = |user: &TestUser, name: &str| {
        let (content_type, body) = enforcement_tests::multipart_file(
            name,
            "application/pdf",
            &enforcement_tests::sample_pdf(name),
        );
        TestRequest::post()
            .uri(&format!("/api/v1/training-events/{event}/attachments"))
            .insert_header(user.bearer())
            .insert_header(("Content-Type", content_type))
            .set_payload(body)
    };
    let file = ok(
        &send(&app, upload(&w.approval, "户外广告设置规范.pdf")).await,
        201,
    );
    // Another unit's account does not attach to it.
    send(&app, upload(&w.xq, "别人的课件.pdf"))
        .await
        .assert_problem(403, "forbidden");
    let shown = ok(
        &send(&app, w.o1.get(&format!("/api/v1/training-events/{event}"))).await,
        200,
    );
    assert_eq!(shown["attachments"][0]["file_name"], "户外广告设置规范.pdf");
    let content = send(
        &app,
        w.o1.get(&format!(
            "/api/v1/attachments/{}/content",
            file["id"].as_str().unwrap()
        )),
    )
    .await;
    assert_eq!(content.status, 200, "{}", content.text());
    let cancel = w
        .approval
        .post(
            &format!("/api/v1/training-events/{event}/cancel"),
            &json!({"reason": "改期"}),
        )
        .insert_header(("If-Match", format!("\"{}\"", shown["version"])));
    ok(&send(&app, cancel).await, 200);
    send(&app, upload(&w.approval, "补充材料.pdf"))
        .await
        .assert_problem(409, "invalid_state");
}

#[actix_web::test]
async fn the_leave_limit_is_the_whole_events_across_the_new_year_and_shares_round_once() {
    let w = world();
    let app = app!(w);
    let law = w.t.unit_id("CITY-LAW");
    let year = chrono::Datelike::year(&Utc::now().with_timezone(&chrono_tz::Asia::Shanghai));
    let at = |y: i32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap()
            .and_utc()
    };
    // Four hours on 30 December, three on 2 January: a seventh is one hour.
    let event = created(
        &send(
            &app,
            w.approval.post(
                "/api/v1/training-events",
                &event_body(&law, "跨年轮训", None),
            ),
        )
        .await,
    );
    let mut sessions = Vec::new();
    for (start, hours) in [(at(year - 1, 12, 30), 4.0), (at(year, 1, 2), 3.0)] {
        let body = json!({"title": "课次", "starts_at": start, "ends_at": start + Duration::hours(4),
                          "place": "市局", "credit_hours": hours});
        sessions.push(created(
            &send(
                &app,
                w.approval
                    .post(&format!("/api/v1/training-events/{event}/sessions"), &body),
            )
            .await,
        ));
    }
    ok(
        &send(
            &app,
            post_if(
                &w.approval,
                &format!("/api/v1/training-events/{event}/publish"),
                1,
            ),
        )
        .await,
        200,
    );
    nominate(&app, &w.xq, &event, &[&w.o1, &w.o2]).await;
    let mark = |session: &str, marks: Value| {
        w.approval.post(
            &format!("/api/v1/training-sessions/{session}/attendance"),
            &json!({ "marks": marks }),
        )
    };
    ok(&send(&app, mark(&sessions[0], json!([{"user_id": w.o1.id, "status": "absent"}, {"user_id": w.o2.id, "status": "present"}]))).await, 200);
    ok(&send(&app, mark(&sessions[1], json!([{"user_id": w.o1.id, "status": "present"}, {"user_id": w.o2.id, "status": "present"}]))).await, 200);
    // o1 missed four of seven hours in December: January earns nothing either.
    let o1 = ok(
        &send(
            &app,
            w.o1.get(&format!("/api/v1/me/training-hours?year={year}")),
        )
        .await,
        200,
    );
    assert_eq!(
        (o1["hours"].as_f64(), o1["events"][0]["completed"].as_bool()),
        (Some(0.0), Some(false))
    );
    // o2 earns each year its own sessions' hours and completed the event.
    let o2_last = ok(
        &send(
            &app,
            w.o2.get(&format!("/api/v1/me/training-hours?year={}", year - 1)),
        )
        .await,
        200,
    );
    let o2_this = ok(
        &send(
            &app,
            w.o2.get(&format!("/api/v1/me/training-hours?year={year}")),
        )
        .await,
        200,
    );
    assert_eq!(
        (o2_last["hours"].as_f64(), o2_this["hours"].as_f64()),
        (Some(4.0), Some(3.0))
    );
    assert_eq!(o2_this["events"][0]["completed"], true);

    // Late at a half-hour session: 75 % of 0.5 is 0.375, shown as 0.4 (rounded once).
    let (short, short_sessions) =
        published_event(&app, &w.approval, &law, None, &[(-60, 0.5)]).await;
    nominate(&app, &w.xq, &short, &[&w.o3]).await;
    ok(
        &send(
            &app,
            mark(
                &short_sessions[0],
                json!([{"user_id": w.o3.id, "status": "late"}]),
            ),
        )
        .await,
        200,
    );
    let o3 = ok(
        &send(&app, w.o3.get("/api/v1/me/training-hours")).await,
        200,
    );
    assert_eq!(o3["hours"], 0.4);
}
