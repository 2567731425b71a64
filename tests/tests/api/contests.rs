//! Contests: a judge never scores their own unit's entry, scores stay hidden from the
//! other judges until every judge has scored and are then locked, five or more judges
//! lose the highest and the lowest score, equal final scores share a rank and its
//! award, and the published result reaches the entrant's legal archive; entries only
//! within the window, and only with links that fit.

use actix_web::test::{init_service, TestRequest};
use api_types::Role;
use chrono::{Duration, Utc};
use enforcement_tests::{ok, send, TestApp, TestUser};
use serde_json::{json, Value};

use crate::training::created;

/// A contest organised by `unit`, taking entries from an hour ago for a day: content
/// 60 points and delivery 40; one first, one second and one third prize.
pub fn contest_body(unit: &str, kind: &str, title: &str) -> Value {
    let now = Utc::now();
    json!({
        "organiser_unit_id": unit, "kind": kind, "title": title,
        "description": "“学经典”征文比赛",
        "held_on": (now + Duration::days(30)).date_naive(),
        "entry_opens_at": now - Duration::hours(1),
        "entry_closes_at": now + Duration::days(1),
        "criteria": [
            {"key": "content", "name": "内容", "max_points": 60},
            {"key": "delivery", "name": "表达", "max_points": 40},
        ],
        "awards": {"first": 1, "second": 1, "third": 1, "excellence": 0},
    })
}

fn post_if(user: &TestUser, uri: &str, version: i64) -> TestRequest {
    user.post(uri, &json!({}))
        .insert_header(("If-Match", format!("\"{version}\"")))
}

/// An announced contest of `unit` with `judges` on its panel (version 3).
pub async fn announced_contest<S, B>(
    app: &S,
    organiser: &TestUser,
    unit: &str,
    kind: &str,
    judges: &[&str],
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let contest = created(
        &send(
            app,
            organiser.post("/api/v1/contests", &contest_body(unit, kind, "征文比赛")),
        )
        .await,
    );
    let panel = send(
        app,
        organiser.put(
            &format!("/api/v1/contests/{contest}/judges"),
            1,
            &json!({"user_ids": judges}),
        ),
    )
    .await;
    assert_eq!(panel.status, 200, "{}", panel.text());
    let announced = send(
        app,
        post_if(
            organiser,
            &format!("/api/v1/contests/{contest}/announce"),
            2,
        ),
    )
    .await;
    assert_eq!(announced.status, 200, "{}", announced.text());
    contest
}

/// `by` enters a work of `unit` (by `entrant`, if any): the entry's id.
pub async fn enter<S, B>(
    app: &S,
    by: &TestUser,
    contest: &str,
    unit: &str,
    entrant: Option<&TestUser>,
    title: &str,
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut body = json!({"unit_id": unit, "title": title, "summary": "摘要"});
    if let Some(person) = entrant {
        body["entrant_user_id"] = json!(person.id);
    }
    created(
        &send(
            app,
            by.post(&format!("/api/v1/contests/{contest}/entries"), &body),
        )
        .await,
    )
}

/// Closes the entries of an announced contest (version 3 → 4).
pub async fn start_judging<S, B>(app: &S, organiser: &TestUser, contest: &str)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let reply = send(
        app,
        post_if(
            organiser,
            &format!("/api/v1/contests/{contest}/start-judging"),
            3,
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// A contest of `unit` with one entry of XQ-1 scored by one judge and its results
/// published: its id.
pub async fn published_contest<S, B>(
    app: &S,
    t: &TestApp,
    organiser: &TestUser,
    unit: &str,
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let judge = t.add_user(
        &format!("judge.of.{}", uuid::Uuid::new_v4().simple()),
        "CITY",
        &[Role::Bureau],
    );
    let contest = announced_contest(app, organiser, unit, "essay", &[&judge.id]).await;
    let entry = enter(app, organiser, &contest, &t.unit_id("XQ-1"), None, "作品").await;
    start_judging(app, organiser, &contest).await;
    let scored = send(app, score(&judge, &entry, 50.0, 30.0)).await;
    assert_eq!(scored.status, 200, "{}", scored.text());
    let published = send(
        app,
        post_if(
            organiser,
            &format!("/api/v1/contests/{contest}/publish-results"),
            4,
        ),
    )
    .await;
    assert_eq!(published.status, 200, "{}", published.text());
    contest
}

/// A score sheet giving `content` and `delivery` points.
pub fn sheet(content: f64, delivery: f64) -> Value {
    json!({"points": [{"key": "content", "points": content}, {"key": "delivery", "points": delivery}], "comment": "论点清楚"})
}

pub fn score(judge: &TestUser, entry: &str, content: f64, delivery: f64) -> TestRequest {
    TestRequest::put()
        .uri(&format!("/api/v1/contest-entries/{entry}/my-score"))
        .insert_header(judge.bearer())
        .set_json(sheet(content, delivery))
}

macro_rules! app {
    ($t:expr) => {
        init_service(api::app($t.state.clone())).await
    };
}

fn board_entry<'a>(board: &'a Value, entry: &str) -> &'a Value {
    board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entry"]["id"] == entry)
        .unwrap()
}

#[actix_web::test]
async fn a_judge_never_scores_their_own_units_entry_and_nobody_sees_scores_until_all_have_scored() {
    let t = TestApp::new();
    t.add_counties();
    let organiser = t.add_user("contest.law", "CITY-LAW", &[Role::Section]);
    let xq = t.add_user("contest.xq", "XQ", &[Role::County]);
    let bureau = t.add_user("contest.city", "CITY", &[Role::Bureau]);
    let o1 = t.add_user("contest.o1", "XQ-1", &[Role::Officer]);
    let yq_officer = t.add_user("contest.yq", "YQ", &[Role::Officer]);
    let judge_a = t.add_user("judge.a", "CITY-LAW", &[Role::Section]);
    let judge_b = t.add_user("judge.b", "XQ-1", &[Role::Officer]);
    let judge_c = t.add_user("judge.c", "YQ", &[Role::Officer]);
    let bystander = t.add_user("contest.o2", "XQ-1", &[Role::Officer]);
    let auditor = t.add_user("contest.audit", "CITY", &[Role::Auditor]);
    let app = app!(t);
    let law = t.unit_id("CITY-LAW");

    // An auditor cannot sit on a panel.
    let contest = created(
        &send(
            &app,
            organiser.post("/api/v1/contests", &contest_body(&law, "essay", "征文")),
        )
        .await,
    );
    let refused = send(
        &app,
        organiser.put(
            &format!("/api/v1/contests/{contest}/judges"),
            1,
            &json!({"user_ids": [auditor.id]}),
        ),
    )
    .await;
    refused.assert_problem(422, "validation_failed");
    assert!(
        refused.text().contains("cannot_judge"),
        "{}",
        refused.text()
    );

    let contest = announced_contest(
        &app,
        &organiser,
        &law,
        "essay",
        &[&judge_a.id, &judge_b.id, &judge_c.id],
    )
    .await;
    let e1 = enter(
        &app,
        &xq,
        &contest,
        &t.unit_id("XQ-1"),
        Some(&o1),
        "学经典 守初心",
    )
    .await;
    let e2 = enter(
        &app,
        &bureau,
        &contest,
        &t.unit_id("YQ"),
        Some(&yq_officer),
        "依法行政的温度",
    )
    .await;
    // Nobody scores before judging starts.
    send(&app, score(&judge_a, &e1, 50.0, 30.0))
        .await
        .assert_problem(409, "invalid_state");
    start_judging(&app, &organiser, &contest).await;

    // judge.b is of XQ-1, whose entry e1 is: refused, and nothing stored.
    send(&app, score(&judge_b, &e1, 60.0, 40.0))
        .await
        .assert_problem(403, "forbidden");
    // Someone not on the panel cannot score.
    send(&app, score(&bystander, &e1, 60.0, 40.0))
        .await
        .assert_problem(403, "forbidden");
    // Out of range and more than one decimal are refused with the field.
    let wrong = send(&app, score(&judge_a, &e1, 61.0, 30.25)).await;
    wrong.assert_problem(422, "validation_failed");
    assert!(
        wrong.text().contains("points[0].points") && wrong.text().contains("points[1].points"),
        "{}",
        wrong.text()
    );

    let mine = ok(&send(&app, score(&judge_a, &e1, 52.5, 30.0)).await, 200);
    assert_eq!(mine["total"], 82.5);
    ok(&send(&app, score(&judge_a, &e2, 50.0, 30.0)).await, 200);
    ok(&send(&app, score(&judge_c, &e1, 55.0, 35.0)).await, 200);

    // judge.b has not scored e2 yet: judge.a sees its own scores only, judge.c too.
    let board = ok(
        &send(
            &app,
            judge_a.get(&format!("/api/v1/contests/{contest}/scoreboard")),
        )
        .await,
        200,
    );
    assert_eq!(board["revealed"], false);
    assert_eq!(board_entry(&board, &e1)["my_score"]["total"], 82.5);
    assert_eq!(board_entry(&board, &e1)["scores"], json!([]));
    assert_eq!(board_entry(&board, &e1)["result"], Value::Null);
    assert_eq!(
        (
            board_entry(&board, &e1)["scored"].as_u64(),
            board_entry(&board, &e1)["to_score"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let board_b = ok(
        &send(
            &app,
            judge_b.get(&format!("/api/v1/contests/{contest}/scoreboard")),
        )
        .await,
        200,
    );
    assert_eq!(board_entry(&board_b, &e1)["conflict"], true);
    assert_eq!(board_entry(&board_b, &e1)["my_score"], Value::Null);
    assert_eq!(board_entry(&board_b, &e1)["scores"], json!([]));
    let organiser_board = ok(
        &send(
            &app,
            organiser.get(&format!("/api/v1/contests/{contest}/scoreboard")),
        )
        .await,
        200,
    );
    assert_eq!(board_entry(&organiser_board, &e2)["scores"], json!([]));
    // No results sheet before they are published.
    send(
        &app,
        organiser.get(&format!("/api/v1/contests/{contest}/results:xlsx")),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Publishing before everyone has scored names who is missing.
    let early = send(
        &app,
        post_if(
            &organiser,
            &format!("/api/v1/contests/{contest}/publish-results"),
            4,
        ),
    )
    .await;
    early.assert_problem(409, "invalid_state");
    assert!(early.text().contains("judge.b"), "{}", early.text());

    // Until then the audit trail holds only each sheet's fingerprint.
    let graded: Vec<Option<String>> = {
        use api::db::schema::audit_events;
        use diesel::prelude::*;
        let mut conn = t.state.pool.get().unwrap();
        audit_events::table
            .filter(audit_events::resource_type.eq("contest_entry"))
            .filter(audit_events::action.eq("grade"))
            .select(audit_events::after_json)
            .load(&mut *conn)
            .unwrap()
    };
    assert_eq!(graded.len(), 3);
    assert!(
        graded.iter().all(|a| {
            let a = a.as_deref().unwrap_or_default();
            a.contains("sheet_sha256") && !a.contains("points") && !a.contains("82.5")
        }),
        "{graded:?}"
    );
    ok(&send(&app, score(&judge_b, &e2, 45.0, 30.0)).await, 200);
    // Every judge has scored: the panel and the organiser see everything, nobody else yet.
    let board = ok(
        &send(
            &app,
            judge_b.get(&format!("/api/v1/contests/{contest}/scoreboard")),
        )
        .await,
        200,
    );
    assert_eq!(board["revealed"], true);
    assert_eq!(
        board_entry(&board, &e1)["scores"].as_array().unwrap().len(),
        2
    );
    // e1: (82.5 + 90) / 2 = 86.25; e2: (80 + 75) / 2 = 77.5.
    assert_eq!(board_entry(&board, &e1)["result"]["score"], 86.25);
    assert_eq!(board_entry(&board, &e1)["result"]["rank"], 1);
    assert_eq!(board_entry(&board, &e2)["result"]["rank"], 2);
    let outsider = ok(
        &send(
            &app,
            bystander.get(&format!("/api/v1/contests/{contest}/scoreboard")),
        )
        .await,
        200,
    );
    assert_eq!(outsider["revealed"], false);
    assert_eq!(board_entry(&outsider, &e1)["scores"], json!([]));
    // The scores are locked now.
    send(&app, score(&judge_a, &e2, 60.0, 40.0))
        .await
        .assert_problem(409, "invalid_state");

    let published = ok(
        &send(
            &app,
            post_if(
                &organiser,
                &format!("/api/v1/contests/{contest}/publish-results"),
                4,
            ),
        )
        .await,
        200,
    );
    assert_eq!(published["status"], "published");
    let entries = ok(
        &send(
            &app,
            bystander.get(&format!("/api/v1/contests/{contest}/entries")),
        )
        .await,
        200,
    );
    let first = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == e1.as_str())
        .unwrap();
    assert_eq!(
        first["result"],
        json!({"rank": 1, "score": 86.25, "award": "first", "counted_judges": 2})
    );
    let outsider = ok(
        &send(
            &app,
            bystander.get(&format!("/api/v1/contests/{contest}/scoreboard")),
        )
        .await,
        200,
    );
    assert_eq!(outsider["revealed"], true);

    // The results as a sheet to post, in rank order.
    let sheet = send(
        &app,
        bystander.get(&format!("/api/v1/contests/{contest}/results:xlsx")),
    )
    .await;
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let rows = enforcement_tests::xlsx_rows(&sheet.body);
    assert_eq!(rows[0][..2], ["名次".to_string(), "作品".to_string()]);
    assert_eq!(rows[1][..2], ["1".to_string(), "学经典 守初心".to_string()]);
    assert!(rows[1].contains(&"一等奖".to_string()), "{rows:?}");
    assert_eq!(rows.len(), 3);

    // The entrant's archive holds the result.
    let archive = ok(&send(&app, o1.get("/api/v1/me/legal-archive")).await, 200);
    assert_eq!(archive["contests"][0]["entry_title"], "学经典 守初心");
    assert_eq!(archive["contests"][0]["award"], "first");
    assert_eq!(archive["contests"][0]["rank"], 1);
}

#[actix_web::test]
async fn five_judges_lose_the_highest_and_lowest_and_equal_scores_share_a_rank() {
    let t = TestApp::new();
    t.add_counties();
    let organiser = t.add_user("five.law", "CITY-LAW", &[Role::Section]);
    let bureau = t.add_user("five.city", "CITY", &[Role::Bureau]);
    let judges: Vec<TestUser> = (0..5)
        .map(|i| t.add_user(&format!("five.judge{i}"), "CITY", &[Role::Bureau]))
        .collect();
    let app = app!(t);
    let law = t.unit_id("CITY-LAW");
    let ids: Vec<&str> = judges.iter().map(|j| j.id.as_str()).collect();
    let contest = announced_contest(&app, &organiser, &law, "speech", &ids).await;
    let a = enter(&app, &bureau, &contest, &t.unit_id("XQ-1"), None, "甲").await;
    let b = enter(&app, &bureau, &contest, &t.unit_id("YQ"), None, "乙").await;
    let c = enter(&app, &bureau, &contest, &t.unit_id("XQ"), None, "丙").await;
    start_judging(&app, &organiser, &contest).await;
    // a: 100, 80, 80, 80, 10 → without the extremes 80 (the plain mean would be 70).
    // b: 80 five times → 80, tied with a. c: 70, 70, 70, 75, 90 → 71.67.
    let plan: [(&str, [f64; 5]); 3] = [
        (&a, [100.0, 80.0, 80.0, 80.0, 10.0]),
        (&b, [80.0; 5]),
        (&c, [70.0, 70.0, 70.0, 75.0, 90.0]),
    ];
    for (entry, totals) in plan {
        for (judge, total) in judges.iter().zip(totals) {
            let content = total.min(60.0);
            ok(
                &send(&app, score(judge, entry, content, total - content)).await,
                200,
            );
        }
    }
    ok(
        &send(
            &app,
            post_if(
                &organiser,
                &format!("/api/v1/contests/{contest}/publish-results"),
                4,
            ),
        )
        .await,
        200,
    );
    let entries = ok(
        &send(
            &app,
            bureau.get(&format!("/api/v1/contests/{contest}/entries")),
        )
        .await,
        200,
    );
    let result = |id: &str| {
        entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()["result"]
            .clone()
    };
    assert_eq!(
        result(&a),
        json!({"rank": 1, "score": 80.0, "award": "first", "counted_judges": 3})
    );
    assert_eq!(
        result(&b),
        json!({"rank": 1, "score": 80.0, "award": "first", "counted_judges": 3})
    );
    // Two share first place, so the next is third and takes the third prize.
    assert_eq!(
        result(&c),
        json!({"rank": 3, "score": 71.67, "award": "third", "counted_judges": 3})
    );
    // A published contest changes no more.
    send(&app, score(&judges[0], &a, 10.0, 10.0))
        .await
        .assert_problem(409, "invalid_state");
}

#[actix_web::test]
async fn entries_only_within_the_window_and_with_links_that_fit() {
    let t = TestApp::new();
    t.add_counties();
    let organiser = t.add_user("entries.law", "CITY-LAW", &[Role::Section]);
    let xq = t.add_user("entries.xq", "XQ", &[Role::County]);
    let judge = t.add_user("entries.judge", "CITY", &[Role::Bureau]);
    let o1 = t.add_user("entries.o1", "XQ-1", &[Role::Officer]);
    let yq_officer = t.add_user("entries.yq", "YQ", &[Role::Officer]);
    let app = app!(t);
    let law = t.unit_id("CITY-LAW");
    let xq1 = t.unit_id("XQ-1");

    // A draft takes no entries, and officers do not see it.
    let draft = created(
        &send(
            &app,
            organiser.post("/api/v1/contests", &contest_body(&law, "essay", "草稿")),
        )
        .await,
    );
    send(
        &app,
        xq.post(
            &format!("/api/v1/contests/{draft}/entries"),
            &json!({"unit_id": xq1, "title": "作品"}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    send(&app, o1.get(&format!("/api/v1/contests/{draft}")))
        .await
        .assert_problem(403, "forbidden");

    let contest = announced_contest(&app, &organiser, &law, "essay", &[&judge.id]).await;
    // A county enters only its own units' people.
    send(
        &app,
        xq.post(
            &format!("/api/v1/contests/{contest}/entries"),
            &json!({"unit_id": t.unit_id("YQ"), "title": "作品"}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    let wrong = send(
        &app,
        xq.post(
            &format!("/api/v1/contests/{contest}/entries"),
            &json!({"unit_id": xq1, "title": "作品", "entrant_user_id": yq_officer.id,
                    "disclosure_record_id": "00000000-0000-4000-8000-000000000001"}),
        ),
    )
    .await;
    wrong.assert_problem(422, "validation_failed");
    assert!(
        wrong.text().contains("not_of_unit") && wrong.text().contains("not_reasoned_document"),
        "{}",
        wrong.text()
    );
    let first = enter(&app, &xq, &contest, &xq1, Some(&o1), "作品一").await;
    let twice = send(
        &app,
        xq.post(
            &format!("/api/v1/contests/{contest}/entries"),
            &json!({"unit_id": xq1, "title": "作品二", "entrant_user_id": o1.id}),
        ),
    )
    .await;
    twice.assert_problem(422, "validation_failed");
    assert!(twice.text().contains("already_entered"), "{}", twice.text());
    // Withdrawn, it stays listed; then the person may enter again.
    ok(
        &send(
            &app,
            post_if(&xq, &format!("/api/v1/contest-entries/{first}/withdraw"), 1),
        )
        .await,
        200,
    );
    enter(&app, &xq, &contest, &xq1, Some(&o1), "作品二").await;
    let listed = ok(
        &send(&app, o1.get(&format!("/api/v1/contests/{contest}/entries"))).await,
        200,
    );
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["status"], "withdrawn");

    // A judge of the city bureau may enter a work for a brigade, but never scores it.
    let stand_in = t.add_user("entries.judge2", "CITY", &[Role::Bureau]);
    let panel = json!({"user_ids": [judge.id, stand_in.id]});
    ok(
        &send(
            &app,
            organiser.put(&format!("/api/v1/contests/{contest}/judges"), 3, &panel),
        )
        .await,
        200,
    );
    let own_work = enter(&app, &judge, &contest, &xq1, None, "评委报送的作品").await;
    // Judging closed the entries.
    ok(
        &send(
            &app,
            post_if(
                &organiser,
                &format!("/api/v1/contests/{contest}/start-judging"),
                4,
            ),
        )
        .await,
        200,
    );
    send(&app, score(&judge, &own_work, 50.0, 30.0))
        .await
        .assert_problem(403, "forbidden");
    // A judge who cannot go on is replaced while judging; one who has scored stays.
    let replaced = send(
        &app,
        organiser.put(
            &format!("/api/v1/contests/{contest}/judges"),
            5,
            &json!({"user_ids": [stand_in.id]}),
        ),
    )
    .await;
    assert_eq!(replaced.status, 200, "{}", replaced.text());
    let second = listed[1]["id"].as_str().unwrap().to_string();
    ok(
        &send(&app, score(&stand_in, &second, 50.0, 30.0)).await,
        200,
    );
    let removed = send(
        &app,
        organiser.put(
            &format!("/api/v1/contests/{contest}/judges"),
            6,
            &json!({"user_ids": [judge.id]}),
        ),
    )
    .await;
    removed.assert_problem(422, "validation_failed");
    assert!(
        removed.text().contains("judge_has_scored"),
        "{}",
        removed.text()
    );
    send(
        &app,
        xq.post(
            &format!("/api/v1/contests/{contest}/entries"),
            &json!({"unit_id": xq1, "title": "迟到的作品"}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");

    // A window that has closed: no entry either.
    let mut closed = contest_body(&law, "reasoned_document", "文书评选");
    closed["entry_opens_at"] = json!(Utc::now() - Duration::days(2));
    closed["entry_closes_at"] = json!(Utc::now() + Duration::days(1));
    let late = created(&send(&app, organiser.post("/api/v1/contests", &closed)).await);
    ok(
        &send(
            &app,
            post_if(&organiser, &format!("/api/v1/contests/{late}/announce"), 1),
        )
        .await,
        200,
    );
    let mut conn = t.state.pool.get().unwrap();
    {
        use api::db::schema::contests;
        use diesel::prelude::*;
        diesel::update(contests::table.find(&late))
            .set(
                contests::entry_closes_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(&mut *conn)
            .unwrap();
    }
    drop(conn);
    send(
        &app,
        xq.post(
            &format!("/api/v1/contests/{late}/entries"),
            &json!({"unit_id": xq1, "title": "文书"}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");
}

#[actix_web::test]
async fn the_plan_template_drafts_the_trainings_and_contests_and_a_published_contest_reports_its_milestone_done(
) {
    let t = TestApp::new();
    t.add_counties();
    let law = t.add_user("plan.law", "CITY-LAW", &[Role::Section]);
    let bureau = t.add_user("plan.city", "CITY", &[Role::Bureau]);
    let judge = t.add_user("plan.judge", "CITY", &[Role::Bureau]);
    let o1 = t.add_user("plan.o1", "XQ-1", &[Role::Officer]);
    let app = app!(t);
    let summary = {
        let mut conn = t.state.pool.get().unwrap();
        api::resources::plans::template::import_audited(&mut conn, "capability-plan-2022").unwrap()
    };
    // Three trainings and five contests, each linked to the milestone it delivers.
    assert_eq!(summary.activities_created, 8);
    let again = {
        let mut conn = t.state.pool.get().unwrap();
        api::resources::plans::template::import_audited(&mut conn, "capability-plan-2022").unwrap()
    };
    assert_eq!(
        again.activities_created, 0,
        "importing twice duplicates nothing"
    );
    let trainings = ok(
        &send(&app, bureau.get("/api/v1/training-events?status=draft")).await,
        200,
    );
    assert_eq!(trainings["total"], 3);
    assert!(trainings["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["content"]["milestone_id"].is_string()));
    let rotation = trainings["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["content"]["category"] == "rotation")
        .unwrap();
    assert_eq!(
        rotation["content"]["organiser_unit_id"],
        t.unit_id("CITY-HR").as_str()
    );
    let drafts = ok(
        &send(
            &app,
            bureau.get("/api/v1/contests?status=draft&per_page=10"),
        )
        .await,
        200,
    );
    assert_eq!(drafts["total"], 5);
    let kinds: std::collections::BTreeSet<&str> = drafts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["content"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "competition",
            "essay",
            "reasoned_document",
            "skills",
            "speech"
        ]
        .into_iter()
        .collect()
    );
    let contest = drafts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["content"]["kind"] == "competition")
        .unwrap()
        .clone();
    let id = contest["id"].as_str().unwrap().to_string();
    let milestone = contest["content"]["milestone_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(contest["content"]["held_on"], "2022-03-31");
    assert_eq!(contest["full_mark"], 100);

    // 政策法规科 moves the window to now, appoints a judge and runs the contest.
    let mut content = contest["content"].clone();
    content["entry_opens_at"] = json!(Utc::now() - Duration::hours(1));
    content["entry_closes_at"] = json!(Utc::now() + Duration::days(1));
    ok(
        &send(
            &app,
            law.put(&format!("/api/v1/contests/{id}"), 1, &content),
        )
        .await,
        200,
    );
    ok(
        &send(
            &app,
            law.put(
                &format!("/api/v1/contests/{id}/judges"),
                2,
                &json!({"user_ids": [judge.id]}),
            ),
        )
        .await,
        200,
    );
    ok(
        &send(
            &app,
            post_if(&law, &format!("/api/v1/contests/{id}/announce"), 3),
        )
        .await,
        200,
    );
    let entry = enter(
        &app,
        &bureau,
        &id,
        &t.unit_id("XQ-1"),
        Some(&o1),
        "法律知识竞赛答卷",
    )
    .await;
    ok(
        &send(
            &app,
            post_if(&law, &format!("/api/v1/contests/{id}/start-judging"), 4),
        )
        .await,
        200,
    );
    let sheet =
        json!({"points": [{"key": "knowledge", "points": 65}, {"key": "response", "points": 25}]});
    ok(
        &send(
            &app,
            TestRequest::put()
                .uri(&format!("/api/v1/contest-entries/{entry}/my-score"))
                .insert_header(judge.bearer())
                .set_json(sheet),
        )
        .await,
        200,
    );
    let before = ok(
        &send(&app, bureau.get(&format!("/api/v1/milestones/{milestone}"))).await,
        200,
    );
    assert_ne!(before["status"], "done");
    ok(
        &send(
            &app,
            post_if(&law, &format!("/api/v1/contests/{id}/publish-results"), 5),
        )
        .await,
        200,
    );

    // Publishing the results reported the milestone done for its owner.
    let after = ok(
        &send(&app, bureau.get(&format!("/api/v1/milestones/{milestone}"))).await,
        200,
    );
    assert_eq!(after["status"], "done", "{after}");
    let reports = ok(
        &send(
            &app,
            bureau.get(&format!(
                "/api/v1/progress-reports?milestone_id={milestone}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(reports["total"], 1);
    assert_eq!(reports["items"][0]["percent_complete"], 100);
    assert!(
        reports["items"][0]["narrative"]
            .as_str()
            .unwrap()
            .contains("已公布结果"),
        "{reports}"
    );
    assert_eq!(
        reports["items"][0]["evidence_links"][0],
        format!("/training/contests/{id}")
    );

    // A training's milestone is reported done when the roster of its last session is
    // taken.
    let approval = t.add_user("plan.approval", "CITY-APPROVAL", &[Role::Section]);
    let ads = trainings["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["content"]["organiser_unit_id"] == t.unit_id("CITY-APPROVAL").as_str())
        .unwrap()
        .clone();
    let event = ads["id"].as_str().unwrap().to_string();
    let ads_milestone = ads["content"]["milestone_id"].as_str().unwrap().to_string();
    let mut settings = ads["content"].clone();
    settings["enrol_opens_at"] = json!(Utc::now() - Duration::hours(1));
    settings["enrol_closes_at"] = json!(Utc::now() + Duration::days(1));
    ok(
        &send(
            &app,
            approval.put(&format!("/api/v1/training-events/{event}"), 1, &settings),
        )
        .await,
        200,
    );
    let first = created(
        &send(
            &app,
            approval.post(
                &format!("/api/v1/training-events/{event}/sessions"),
                &crate::training::session_body(-60 * 24, 2.0),
            ),
        )
        .await,
    );
    let last = created(
        &send(
            &app,
            approval.post(
                &format!("/api/v1/training-events/{event}/sessions"),
                &crate::training::session_body(-5, 3.0),
            ),
        )
        .await,
    );
    ok(
        &send(
            &app,
            post_if(
                &approval,
                &format!("/api/v1/training-events/{event}/publish"),
                2,
            ),
        )
        .await,
        200,
    );
    crate::training::nominate(&app, &bureau, &event, &[&o1]).await;
    let mark = json!({"marks": [{"user_id": o1.id, "status": "present"}]});
    ok(
        &send(
            &app,
            approval.post(
                &format!("/api/v1/training-sessions/{first}/attendance"),
                &mark,
            ),
        )
        .await,
        200,
    );
    let pending = ok(
        &send(
            &app,
            bureau.get(&format!(
                "/api/v1/progress-reports?milestone_id={ads_milestone}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(
        pending["total"], 0,
        "the first session does not complete the training"
    );
    ok(
        &send(
            &app,
            approval.post(
                &format!("/api/v1/training-sessions/{last}/attendance"),
                &mark,
            ),
        )
        .await,
        200,
    );
    // Marking the roster again files nothing more.
    ok(
        &send(
            &app,
            approval.post(
                &format!("/api/v1/training-sessions/{last}/attendance"),
                &mark,
            ),
        )
        .await,
        200,
    );
    let held = ok(
        &send(
            &app,
            bureau.get(&format!(
                "/api/v1/progress-reports?milestone_id={ads_milestone}"
            )),
        )
        .await,
        200,
    );
    assert_eq!(held["total"], 1);
    assert!(
        held["items"][0]["narrative"]
            .as_str()
            .unwrap()
            .contains("共 5 学时"),
        "{held}"
    );
    let done = ok(
        &send(
            &app,
            bureau.get(&format!("/api/v1/milestones/{ads_milestone}")),
        )
        .await,
        200,
    );
    assert_eq!(done["status"], "done");
}
