//! Demonstration units: rounds, applications by the deadline, the county's
//! recommendation, the panel's written and on-site reviews, weighting, the veto, the
//! decision and the published list.

use actix_web::test::{init_service, TestRequest};
use api_types::units::UnitKind;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{send, TestApp, TestUser};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The active demonstration criteria shipped with the system.
pub fn criteria_id(t: &TestApp) -> String {
    use api::db::schema::rule_sets;
    let mut conn = t.state.pool.get().unwrap();
    rule_sets::table
        .filter(rule_sets::kind.eq("demonstration"))
        .filter(rule_sets::status.eq("active"))
        .select(rule_sets::id)
        .first(&mut *conn)
        .unwrap()
}

/// A new brigade under the unit `parent` (a code); returns its id.
pub fn brigade(t: &TestApp, parent: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    t.add_unit(
        &format!("{parent}-D{n}"),
        &format!("示范测试大队{n}"),
        UnitKind::Brigade,
        parent,
    )
}

/// A round inserted as it stands (no year check: fixtures need many), taking
/// applications until `apply_by`, with `panel` (user ids) and equal written and on-site
/// weights.
pub fn round_row(t: &TestApp, year: i32, apply_by: &str, panel: &[&str]) -> String {
    use api::db::schema::demonstration_rounds as r;
    let id = api::time::new_id();
    let now = api::time::now();
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut conn = t.state.pool.get().unwrap();
    diesel::insert_into(r::table)
        .values((
            r::id.eq(&id),
            r::year.eq(year),
            r::name.eq(format!("{year}年度执法示范单位创建")),
            r::criteria_id.eq(criteria_id(t)),
            r::weight_written.eq(50),
            r::weight_onsite.eq(50),
            r::weight_indicators.eq(0),
            r::apply_by.eq(date(apply_by)),
            r::review_by.eq(date(apply_by)),
            r::awards.eq(3),
            r::reviewer_ids.eq(serde_json::to_string(panel).unwrap()),
            r::status.eq("open"),
            r::named.eq("[]"),
            r::created_by.eq("fixture"),
            r::version.eq(1i64),
            r::created_at.eq(now),
            r::updated_at.eq(now),
        ))
        .execute(&mut *conn)
        .unwrap();
    id
}

/// An application of `unit` (an id) in `status`, recommended by `recommender` (an id),
/// inserted as it stands.
pub fn application_row(
    t: &TestApp,
    round: &str,
    unit: &str,
    recommender: &str,
    status: &str,
) -> String {
    use api::db::schema::demonstration_applications as a;
    let id = api::time::new_id();
    let now = api::time::now();
    let mut conn = t.state.pool.get().unwrap();
    diesel::insert_into(a::table)
        .values((
            a::id.eq(&id),
            a::round_id.eq(round),
            a::unit_id.eq(unit),
            a::recommender_unit_id.eq(recommender),
            a::summary.eq("创建工作总结"),
            a::self_assessment.eq("[]"),
            a::status.eq(status),
            a::named.eq(false),
            a::created_by.eq("fixture"),
            a::version.eq(1i64),
            a::created_at.eq(now),
            a::updated_at.eq(now),
        ))
        .execute(&mut *conn)
        .unwrap();
    id
}

/// A reviewer's findings: `deductions` off the listed criteria (range items).
pub fn findings(deductions: &[(&str, f64)]) -> Value {
    json!(deductions
        .iter()
        .map(|(item, d)| json!({"item": item, "deduction": d}))
        .collect::<Vec<_>>())
}

/// `reviewer` scores `application` in `phase` with `found` and submits; returns the
/// submitted review.
pub async fn scored<S, B>(
    app: &S,
    reviewer: &TestUser,
    application: &str,
    phase: &str,
    found: Value,
) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut body = json!({"application_id": application, "phase": phase, "findings": found});
    if phase == "onsite" {
        body["visited_on"] = json!(api::time::today().to_string());
        body["participants"] = json!("市局督察组");
        body["checked"] = json!(["A1", "B1"]);
    }
    let opened = send(app, reviewer.post("/api/v1/demonstration-reviews", &body)).await;
    assert_eq!(opened.status, 201, "{}", opened.text());
    let id = opened.json()["id"].as_str().unwrap().to_string();
    let submitted = send(
        app,
        reviewer
            .post(
                &format!("/api/v1/demonstration-reviews/{id}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.text());
    submitted.json()
}

fn today() -> chrono::NaiveDate {
    api::time::today()
}

/// The bureau, two counties with a brigade each, a panel of three (the city's section,
/// a YQ county reviewer, an XQ county reviewer).
struct World {
    t: TestApp,
    bureau: TestUser,
    brigade: TestUser,
    xq: TestUser,
    section_reviewer: TestUser,
    yq_reviewer: TestUser,
    xq_reviewer: TestUser,
}

fn world() -> World {
    let t = TestApp::new();
    t.add_counties();
    let bureau = t.add_user("demo.bureau", "CITY", &[Role::Bureau]);
    let brigade = t.add_user("demo.brigade", "XQ-1", &[Role::County]);
    let xq = t.add_user("demo.xq", "XQ", &[Role::County]);
    let section_reviewer = t.add_user("demo.section", "CITY-LAW", &[Role::Section]);
    let yq_reviewer = t.add_user("demo.yq", "YQ", &[Role::County]);
    let xq_reviewer = t.add_user("demo.xq.reviewer", "XQ", &[Role::County]);
    World {
        t,
        bureau,
        brigade,
        xq,
        section_reviewer,
        yq_reviewer,
        xq_reviewer,
    }
}

fn round_body(t: &TestApp, year: i32, apply_by: &str, panel: &[&TestUser]) -> Value {
    json!({
        "year": year, "name": format!("{year}年度执法示范单位创建"), "criteria_id": criteria_id(t),
        "weights": {"written": 40, "onsite": 40, "indicators": 20},
        "apply_by": apply_by, "review_by": format!("{year}-12-31"), "awards": 2,
        "reviewer_ids": panel.iter().map(|u| u.id.clone()).collect::<Vec<_>>()
    })
}

#[actix_web::test]
async fn a_round_checks_weights_deadlines_and_one_a_year() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let panel = [&w.section_reviewer];
    let mut bad = round_body(&w.t, 2030, "2031-10-31", &panel);
    bad["weights"] = json!({"written": 50, "onsite": 40, "indicators": 20});
    bad["review_by"] = json!("2030-01-01");
    let reply = send(&app, w.bureau.post("/api/v1/demonstration-rounds", &bad)).await;
    let problem = reply.assert_problem(422, "validation_failed");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"weights"), "{problem}");
    assert!(fields.contains(&"apply_by"), "{problem}");
    assert!(fields.contains(&"review_by"), "{problem}");

    let good = round_body(&w.t, 2030, "2030-10-31", &panel);
    let created = send(&app, w.bureau.post("/api/v1/demonstration-rounds", &good)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let round = created.json();
    assert_eq!(round["criteria_name"], "执法示范单位创建标准（默认）");
    assert_eq!(round["reviewers"][0]["id"], w.section_reviewer.id);
    assert!(!round["reviewers"][0]["name"].as_str().unwrap().is_empty());
    send(&app, w.bureau.post("/api/v1/demonstration-rounds", &good))
        .await
        .assert_problem(409, "duplicate");
    // The year filter holds the contract's range.
    let listed = send(&app, w.xq.get("/api/v1/demonstration-rounds?year=2030")).await;
    assert_eq!(listed.json()["total"], 1);
    send(&app, w.xq.get("/api/v1/demonstration-rounds?year=1999"))
        .await
        .assert_problem(400, "invalid_query");
    // A county cannot set up a round.
    send(&app, w.xq.post("/api/v1/demonstration-rounds", &good))
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn submission_closes_at_the_end_of_the_deadline_day_in_shanghai() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq1 = w.t.unit_id("XQ-1");
    let content =
        |round: &str| json!({"round_id": round, "unit_id": xq1, "summary": "本大队创建工作总结"});

    // Deadline today (Asia/Shanghai): still open until the day ends there.
    let open = round_row(&w.t, 2040, &today().to_string(), &[]);
    let draft = send(
        &app,
        w.brigade
            .post("/api/v1/demonstration-applications", &content(&open)),
    )
    .await;
    assert_eq!(draft.status, 201, "{}", draft.text());
    let id = draft.json()["id"].as_str().unwrap().to_string();
    let submitted = send(
        &app,
        w.brigade
            .post(
                &format!("/api/v1/demonstration-applications/{id}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.text());
    assert_eq!(submitted.json()["status"], "submitted");

    // Deadline yesterday: the draft is marked overdue and can no longer be submitted.
    let yesterday = today().pred_opt().unwrap().to_string();
    let closed = round_row(&w.t, 2041, &yesterday, &[]);
    let xq = w.t.unit_id("XQ");
    let late = application_row(&w.t, &closed, &xq1, &xq, "draft");
    let seen = send(
        &app,
        w.xq.get(&format!("/api/v1/demonstration-applications/{late}")),
    )
    .await;
    assert_eq!(seen.status, 200, "{}", seen.text());
    assert_eq!(seen.json()["overdue"], true);
    let refused = send(
        &app,
        w.brigade
            .post(
                &format!("/api/v1/demonstration-applications/{late}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    let problem = refused.assert_problem(409, "invalid_state");
    assert!(
        problem["detail"].as_str().unwrap().contains(&yesterday),
        "{problem}"
    );
    // Nor is a new one drafted.
    let other = brigade(&w.t, "XQ");
    let mut body = content(&closed);
    body["unit_id"] = json!(other);
    send(&app, w.xq.post("/api/v1/demonstration-applications", &body))
        .await
        .assert_problem(409, "invalid_state");
    // The round counts the overdue draft.
    let round = send(
        &app,
        w.bureau
            .get(&format!("/api/v1/demonstration-rounds/{closed}")),
    )
    .await
    .json();
    assert_eq!(round["tally"]["drafts"], 1);
    assert_eq!(round["accepting"], false);
}

#[actix_web::test]
async fn the_city_bureau_sees_an_application_only_once_recommended() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq1 = w.t.unit_id("XQ-1");
    let round = round_row(&w.t, 2042, "2099-10-31", &[&w.section_reviewer.id]);
    let body = json!({"round_id": round, "unit_id": xq1, "summary": "总结",
        "self_assessment": [{"item": "A1", "points": 9, "note": "全员持证"}]});
    let created = send(
        &app,
        w.brigade.post("/api/v1/demonstration-applications", &body),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_string();
    assert_eq!(created.json()["recommender_unit_id"], w.t.unit_id("XQ"));
    assert_eq!(created.json()["self_total"], 9.0);

    // A self score above the criterion's points is refused, naming the field.
    let mut over = body.clone();
    over["self_assessment"][0]["points"] = json!(11);
    let refused = send(
        &app,
        w.brigade.put(
            &format!("/api/v1/demonstration-applications/{id}"),
            1,
            &over,
        ),
    )
    .await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "self_assessment[0].points");

    let list = |user: &TestUser| {
        let uri = format!("/api/v1/demonstration-applications?round_id={round}");
        let req = user.get(&uri);
        let app = &app;
        async move { send(app, req).await.json()["total"].as_i64().unwrap() }
    };
    // Draft: the brigade and its county see it; the bureau and the panel do not.
    assert_eq!(list(&w.brigade).await, 1);
    assert_eq!(list(&w.xq).await, 1);
    assert_eq!(list(&w.bureau).await, 0);
    assert_eq!(list(&w.section_reviewer).await, 0);
    send(
        &app,
        w.bureau
            .get(&format!("/api/v1/demonstration-applications/{id}")),
    )
    .await
    .assert_problem(404, "not_found");

    let submit = send(
        &app,
        w.brigade
            .post(
                &format!("/api/v1/demonstration-applications/{id}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(submit.status, 200, "{}", submit.text());
    // Submitted, waiting for the county: still not the bureau's.
    assert_eq!(list(&w.bureau).await, 0);
    // The brigade cannot recommend itself, nor can another county; the bureau cannot
    // recommend for a county.
    let recommend = json!({"recommend": true, "comment": "符合示范单位标准，同意推荐"});
    let uri = format!("/api/v1/demonstration-applications/{id}/recommendation");
    for user in [&w.brigade, &w.yq_reviewer, &w.bureau] {
        send(
            &app,
            user.post(&uri, &recommend)
                .insert_header(("If-Match", "\"2\"")),
        )
        .await
        .assert_problem(403, "forbidden");
    }
    // The panel cannot score it yet.
    send(
        &app,
        w.section_reviewer.post(
            "/api/v1/demonstration-reviews",
            &json!({"application_id": id, "phase": "written"}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");

    let done = send(
        &app,
        w.xq.post(&uri, &recommend)
            .insert_header(("If-Match", "\"2\"")),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["status"], "recommended");
    assert!(!done.json()["recommended_by_name"]
        .as_str()
        .unwrap()
        .is_empty());
    assert_eq!(list(&w.bureau).await, 1);
    assert_eq!(list(&w.section_reviewer).await, 1);

    // Recommended is audited as such (and so sent to webhooks).
    let mut conn = w.t.state.pool.get().unwrap();
    use api::db::schema::audit_events;
    let actions: Vec<String> = audit_events::table
        .filter(audit_events::resource_id.eq(&id))
        .order(audit_events::id.asc())
        .select(audit_events::action)
        .load(&mut *conn)
        .unwrap();
    // The refused edit left no trace; the rest in order.
    assert_eq!(actions, ["create", "submit", "recommend"], "{actions:?}");
}

#[actix_web::test]
async fn a_reviewer_does_not_score_a_brigade_of_their_own_county_nor_outside_the_panel() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let (xq1, xq) = (w.t.unit_id("XQ-1"), w.t.unit_id("XQ"));
    let round = round_row(
        &w.t,
        2043,
        "2099-10-31",
        &[&w.xq_reviewer.id, &w.yq_reviewer.id],
    );
    let application = application_row(&w.t, &round, &xq1, &xq, "recommended");
    let body = json!({"application_id": application, "phase": "written"});
    let own = send(
        &app,
        w.xq_reviewer.post("/api/v1/demonstration-reviews", &body),
    )
    .await;
    let problem = own.assert_problem(403, "forbidden");
    assert!(
        problem["detail"].as_str().unwrap().contains("own county"),
        "{problem}"
    );
    // Not on the panel.
    send(
        &app,
        w.section_reviewer
            .post("/api/v1/demonstration-reviews", &body),
    )
    .await
    .assert_problem(403, "forbidden");
    // Another county's reviewer on the panel may.
    let review = scored(
        &app,
        &w.yq_reviewer,
        &application,
        "written",
        findings(&[("A1", 2.0)]),
    )
    .await;
    assert_eq!(review["scored"]["score"], 98.0);
    // Reviews are independent: a panel member sees only their own.
    let theirs = send(&app, w.xq_reviewer.get("/api/v1/demonstration-reviews"))
        .await
        .json();
    assert_eq!(theirs["total"], 0);
    let id = review["id"].as_str().unwrap();
    send(
        &app,
        w.xq_reviewer
            .get(&format!("/api/v1/demonstration-reviews/{id}")),
    )
    .await
    .assert_problem(404, "not_found");
    // An on-site review needs its visit's date to be submitted.
    let onsite = send(
        &app,
        w.yq_reviewer.post(
            "/api/v1/demonstration-reviews",
            &json!({"application_id": application, "phase": "onsite", "checked": ["A1"]}),
        ),
    )
    .await;
    assert_eq!(onsite.status, 201, "{}", onsite.text());
    let onsite_id = onsite.json()["id"].as_str().unwrap().to_string();
    let refused = send(
        &app,
        w.yq_reviewer
            .post(
                &format!("/api/v1/demonstration-reviews/{onsite_id}/submit"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(
        refused.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "visited_on"
    );
}

#[actix_web::test]
async fn phases_are_weighed_ties_share_a_rank_a_veto_excludes_and_the_published_list_is_fixed() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let city = w.t.unit_id("CITY");
    let (xq, yq) = (w.t.unit_id("XQ"), w.t.unit_id("YQ"));
    let (a, b, c, d) = (
        brigade(&w.t, "XQ"),
        brigade(&w.t, "XQ"),
        brigade(&w.t, "YQ"),
        brigade(&w.t, "CITY"),
    );
    let panel = [w.section_reviewer.id.as_str(), w.bureau.id.as_str()];
    let round = round_row(&w.t, 2025, "2099-10-31", &panel);
    let app_a = application_row(&w.t, &round, &a, &xq, "recommended");
    let app_b = application_row(&w.t, &round, &b, &xq, "recommended");
    let app_c = application_row(&w.t, &round, &c, &yq, "recommended");
    let app_d = application_row(&w.t, &round, &d, &city, "recommended");
    // A: written 90 and 80 (mean 85), on-site 95 → 50:50 = 90.
    scored(
        &app,
        &w.section_reviewer,
        &app_a,
        "written",
        findings(&[("A1", 10.0)]),
    )
    .await;
    scored(
        &app,
        &w.bureau,
        &app_a,
        "written",
        findings(&[("A1", 10.0), ("B1", 10.0)]),
    )
    .await;
    scored(
        &app,
        &w.section_reviewer,
        &app_a,
        "onsite",
        findings(&[("B2", 5.0)]),
    )
    .await;
    // B: written 85, on-site 95 → 90, tied with A.
    scored(
        &app,
        &w.section_reviewer,
        &app_b,
        "written",
        findings(&[("B1", 15.0)]),
    )
    .await;
    scored(
        &app,
        &w.section_reviewer,
        &app_b,
        "onsite",
        findings(&[("C1", 5.0)]),
    )
    .await;
    // C: full marks but a gate criterion not met on site: excluded.
    scored(&app, &w.section_reviewer, &app_c, "written", json!([])).await;
    scored(
        &app,
        &w.section_reviewer,
        &app_c,
        "onsite",
        json!([{"item": "J1"}]),
    )
    .await;
    // D: full marks, but a veto event in the round's year: excluded.
    scored(&app, &w.section_reviewer, &app_d, "written", json!([])).await;
    scored(&app, &w.section_reviewer, &app_d, "onsite", json!([])).await;
    let mut outcome = crate::cases::outcome_body(&d, None, "复决字〔2025〕1号");
    outcome["filed_on"] = json!("2025-02-01");
    outcome["result"] = json!("revoked");
    outcome["decided_on"] = json!("2025-03-01");
    let vetoed = send(&app, w.bureau.post("/api/v1/case-outcomes", &outcome)).await;
    assert_eq!(vetoed.status, 201, "{}", vetoed.text());
    let ranking = send(
        &app,
        w.bureau
            .get(&format!("/api/v1/demonstration-rounds/{round}/ranking")),
    )
    .await;
    assert_eq!(ranking.status, 200, "{}", ranking.text());
    let entries = ranking.json()["entries"].as_array().unwrap().clone();
    let of = |id: &str| {
        entries
            .iter()
            .find(|e| e["application_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(of(&app_a)["written"], 85.0);
    assert_eq!(of(&app_a)["written_reviews"], 2);
    assert_eq!(of(&app_a)["final_score"], 90.0);
    assert_eq!(of(&app_b)["final_score"], 90.0);
    assert_eq!(of(&app_a)["rank"], 1);
    assert_eq!(of(&app_b)["rank"], 1, "a tie shares the rank");
    assert!(of(&app_c)["rank"].is_null());
    assert!(of(&app_c)["excluded"]
        .as_str()
        .unwrap()
        .contains("基本条件"));
    assert!(of(&app_d)["rank"].is_null());
    assert!(of(&app_d)["excluded"]
        .as_str()
        .unwrap()
        .contains("复决字〔2025〕1号"));
    // The excluded come last, whatever their score.
    assert_eq!(entries[2]["rank"], json!(null));
    assert_eq!(entries[3]["rank"], json!(null));

    // The vetoed unit cannot be named.
    let decide = |named: Vec<&str>, version: i64| {
        w.bureau
            .post(
                &format!("/api/v1/demonstration-rounds/{round}/decision"),
                &json!({"named": named}),
            )
            .insert_header(("If-Match", format!("\"{version}\"")))
    };
    let refused = send(&app, decide(vec![&app_a, &app_d], 1)).await;
    let problem = refused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "named[1]");
    let decided = send(&app, decide(vec![&app_a, &app_b], 1)).await;
    assert_eq!(decided.status, 200, "{}", decided.text());
    assert_eq!(decided.json()["status"], "decided");
    assert_eq!(decided.json()["named"].as_array().unwrap().len(), 2);
    // Until published, the decision is the city bureau's: a county sees no names.
    let seen = send(
        &app,
        w.xq.get(&format!("/api/v1/demonstration-rounds/{round}")),
    )
    .await
    .json();
    assert_eq!(seen["named"], json!([]));
    let own = send(
        &app,
        w.xq.get(&format!("/api/v1/demonstration-applications/{app_a}")),
    )
    .await
    .json();
    assert_eq!(own["named"], false);
    // Once decided, the applications and reviews the decision rests on are fixed.
    send(
        &app,
        w.section_reviewer.post(
            "/api/v1/demonstration-reviews",
            &json!({"application_id": app_c, "phase": "written"}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    // A certificate only once published.
    send(
        &app,
        w.bureau.get(&format!(
            "/api/v1/demonstration-applications/{app_a}/certificate"
        )),
    )
    .await
    .assert_problem(409, "invalid_state");
    let published = send(
        &app,
        w.bureau
            .post(
                &format!("/api/v1/demonstration-rounds/{round}/publish"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"2\"")),
    )
    .await;
    assert_eq!(published.status, 200, "{}", published.text());
    assert_eq!(published.json()["status"], "published");
    let own = send(
        &app,
        w.xq.get(&format!("/api/v1/demonstration-applications/{app_a}")),
    )
    .await
    .json();
    assert_eq!(own["named"], true);

    // Published: the decision, the round, the reviews and the applications are fixed.
    send(&app, decide(vec![&app_a], 3))
        .await
        .assert_problem(409, "invalid_state");
    send(
        &app,
        w.bureau
            .post(
                &format!("/api/v1/demonstration-rounds/{round}/publish"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"3\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    let content = send(
        &app,
        w.bureau
            .get(&format!("/api/v1/demonstration-rounds/{round}")),
    )
    .await
    .json()["content"]
        .clone();
    send(
        &app,
        w.bureau.put(
            &format!("/api/v1/demonstration-rounds/{round}"),
            3,
            &content,
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
    let waiting = application_row(&w.t, &round, &brigade(&w.t, "XQ"), &xq, "submitted");
    send(
        &app,
        w.xq.post(
            &format!("/api/v1/demonstration-applications/{waiting}/recommendation"),
            &json!({"recommend": true, "comment": "同意"}),
        )
        .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    // The certificate is public once published: another county reads it too.
    let other = send(
        &app,
        w.yq_reviewer.get(&format!(
            "/api/v1/demonstration-applications/{app_a}/certificate"
        )),
    )
    .await;
    assert_eq!(other.status, 200, "{}", other.text());
    let certificate = send(
        &app,
        w.bureau.get(&format!(
            "/api/v1/demonstration-applications/{app_a}/certificate"
        )),
    )
    .await;
    assert_eq!(certificate.status, 200, "{}", certificate.text());
    assert_eq!(certificate.json()["title"], "2025年度城市管理执法示范单位");
    let city_name: String = {
        use api::db::schema::units;
        let mut conn = w.t.state.pool.get().unwrap();
        units::table
            .find(&city)
            .select(units::name)
            .first(&mut *conn)
            .unwrap()
    };
    assert_eq!(certificate.json()["issuer"], city_name);
    assert!(certificate.json()["text"]
        .as_str()
        .unwrap()
        .contains("书面评议和实地评议"));
    // The public list names A and B.
    let public = send(
        &app,
        TestRequest::get().uri("/api/v1/public/demonstration-units"),
    )
    .await;
    assert_eq!(public.status, 200);
    let names: Vec<String> = public
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// Sets a round's phase weights (fixtures insert 50:50:0).
fn weigh(t: &TestApp, round: &str, written: i32, onsite: i32, indicators: i32) {
    use api::db::schema::demonstration_rounds as r;
    let mut conn = t.state.pool.get().unwrap();
    diesel::update(r::table.find(round))
        .set((
            r::weight_written.eq(written),
            r::weight_onsite.eq(onsite),
            r::weight_indicators.eq(indicators),
        ))
        .execute(&mut *conn)
        .unwrap();
}

#[actix_web::test]
async fn the_year_assessment_weighs_in_and_a_veto_after_the_decision_stops_publication() {
    let w = world();
    let app = init_service(api::app(w.t.state.clone())).await;
    let xq = w.t.unit_id("XQ");
    let unit = brigade(&w.t, "XQ");
    // 2025: the shipped unit-assessment rules are in force (from 2020).
    let round = round_row(&w.t, 2025, "2099-10-31", &[&w.section_reviewer.id]);
    weigh(&w.t, &round, 40, 40, 20);
    let application = application_row(&w.t, &round, &unit, &xq, "recommended");
    scored(
        &app,
        &w.section_reviewer,
        &application,
        "written",
        findings(&[("A1", 10.0)]),
    )
    .await;
    scored(
        &app,
        &w.section_reviewer,
        &application,
        "onsite",
        findings(&[("B1", 5.0)]),
    )
    .await;
    let ranking = send(
        &app,
        w.bureau
            .get(&format!("/api/v1/demonstration-rounds/{round}/ranking")),
    )
    .await
    .json();
    assert_eq!(ranking["indicators_measured"], true);
    let entry = &ranking["entries"][0];
    // The brigade's county-level unit's score of the year, as a run of 2025 gives it.
    let run = send(
        &app,
        w.bureau
            .post("/api/v1/assessment-runs", &json!({"period": "2025"})),
    )
    .await;
    assert_eq!(run.status, 201, "{}", run.text());
    let county = run.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_id"] == xq.as_str())
        .unwrap()["score"]
        .as_f64()
        .unwrap();
    assert_eq!(entry["indicators"].as_f64(), Some(county));
    let expected = ((40.0 * 90.0 + 40.0 * 95.0 + 20.0 * county) / 100.0 * 100.0).round() / 100.0;
    assert_eq!(entry["final_score"].as_f64(), Some(expected));

    // 2019: no unit-assessment rules in force; the reviews are weighed alone (40:40).
    let early = round_row(&w.t, 2019, "2099-10-31", &[&w.section_reviewer.id]);
    weigh(&w.t, &early, 40, 40, 20);
    let other = application_row(&w.t, &early, &brigade(&w.t, "XQ"), &xq, "recommended");
    scored(
        &app,
        &w.section_reviewer,
        &other,
        "written",
        findings(&[("A1", 10.0)]),
    )
    .await;
    scored(
        &app,
        &w.section_reviewer,
        &other,
        "onsite",
        findings(&[("B1", 5.0)]),
    )
    .await;
    let ranking = send(
        &app,
        w.bureau
            .get(&format!("/api/v1/demonstration-rounds/{early}/ranking")),
    )
    .await
    .json();
    assert_eq!(ranking["indicators_measured"], false);
    assert!(ranking["entries"][0]["indicators"].is_null());
    assert_eq!(ranking["entries"][0]["final_score"], 92.5);

    // Named, then a decision of the unit is revoked in 2025: publishing is refused until
    // the bureau decides again.
    let decided = send(
        &app,
        w.bureau
            .post(
                &format!("/api/v1/demonstration-rounds/{round}/decision"),
                &json!({"named": [application]}),
            )
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(decided.status, 200, "{}", decided.text());
    let mut outcome = crate::cases::outcome_body(&unit, None, "复决字〔2025〕7号");
    outcome["filed_on"] = json!("2025-02-01");
    outcome["result"] = json!("revoked");
    outcome["decided_on"] = json!("2025-03-01");
    assert_eq!(
        send(&app, w.bureau.post("/api/v1/case-outcomes", &outcome))
            .await
            .status,
        201
    );
    let refused = send(
        &app,
        w.bureau
            .post(
                &format!("/api/v1/demonstration-rounds/{round}/publish"),
                &json!({}),
            )
            .insert_header(("If-Match", "\"2\"")),
    )
    .await;
    let problem = refused.assert_problem(409, "invalid_state");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("复决字〔2025〕7号"),
        "{problem}"
    );
}
