use actix_web::test::init_service;
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{send, TestApp};
use serde_json::{json, Value};

fn codes(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn reference_units_of_the_plan_are_seeded() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(&app, reader.get("/api/v1/units?per_page=200")).await;
    assert_eq!(reply.status, 200);
    let page = reply.json();
    assert_eq!(page["total"], 10);
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    for expected in [
        "市城管执法局",
        "局政策法规科",
        "局人事科",
        "局行政审批科",
        "局执法监督科",
        "局办公室",
        "局环卫处",
        "局数字城管中心",
        "市经济技术开发区城管执法局",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[actix_web::test]
async fn seeding_twice_changes_nothing() {
    let t = TestApp::new();
    let mut conn = t.db.connect();
    let before: Vec<api::resources::units::UnitRow> = api::db::schema::units::table
        .order(api::db::schema::units::code)
        .select(api::resources::units::UnitRow::as_select())
        .load(&mut conn)
        .unwrap();
    // A second start: prepare runs migrations and seeding again.
    let mut config = api::Config::for_database(t.db.database_url());
    config.bootstrap_token_file = t.dir.path().join("second-token");
    let _second = api::prepare(config).unwrap();
    let after: Vec<api::resources::units::UnitRow> = api::db::schema::units::table
        .order(api::db::schema::units::code)
        .select(api::resources::units::UnitRow::as_select())
        .load(&mut conn)
        .unwrap();
    assert_eq!(before.len(), 10);
    assert_eq!(before, after);
}

#[actix_web::test]
async fn tree_nests_sections_and_bureaus_under_the_city_bureau() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(&app, reader.get("/api/v1/units/tree")).await;
    assert_eq!(reply.status, 200);
    let tree = reply.json();
    let roots = tree.as_array().unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0]["code"], "CITY");
    assert_eq!(roots[0]["kind"], "city_bureau");
    let children = &roots[0]["children"];
    assert_eq!(children.as_array().unwrap().len(), 9);
    assert!(codes(children).contains(&"EDZ".to_string()));
    for child in children.as_array().unwrap() {
        assert_eq!(child["parent_id"], roots[0]["id"]);
    }
}

#[actix_web::test]
async fn list_paginates_filters_and_sorts() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;

    let page1 = send(&app, reader.get("/api/v1/units?per_page=3"))
        .await
        .json();
    assert_eq!(page1["total"], 10);
    assert_eq!(page1["page"], 1);
    assert_eq!(page1["per_page"], 3);
    assert_eq!(page1["items"].as_array().unwrap().len(), 3);
    assert_eq!(page1["items"][0]["code"], "CITY");
    let page4 = send(&app, reader.get("/api/v1/units?per_page=3&page=4"))
        .await
        .json();
    assert_eq!(page4["items"].as_array().unwrap().len(), 1);
    let past_end = send(&app, reader.get("/api/v1/units?per_page=3&page=9"))
        .await
        .json();
    assert_eq!(past_end["items"].as_array().unwrap().len(), 0);
    assert_eq!(past_end["total"], 10);

    // All pages together are every unit exactly once.
    let mut seen = Vec::new();
    for page in 1..=4 {
        let p = send(
            &app,
            reader.get(&format!("/api/v1/units?per_page=3&page={page}")),
        )
        .await
        .json();
        seen.extend(codes(&p["items"]));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 10);
    assert_eq!(seen.len(), 10);

    let sections = send(&app, reader.get("/api/v1/units?kind=section"))
        .await
        .json();
    assert_eq!(sections["total"], 8);

    let law = send(&app, reader.get("/api/v1/units?q=%E6%B3%95%E8%A7%84"))
        .await
        .json(); // 法规
    assert_eq!(codes(&law["items"]), vec!["CITY-LAW"]);
    let by_code = send(&app, reader.get("/api/v1/units?q=edz")).await.json();
    assert_eq!(codes(&by_code["items"]), vec!["EDZ"]);
    // LIKE wildcards typed by a user are literal.
    let wildcard = send(&app, reader.get("/api/v1/units?q=%25")).await.json();
    assert_eq!(wildcard["total"], 0);

    let city_id = page1["items"][0]["id"].as_str().unwrap().to_string();
    let children = send(
        &app,
        reader.get(&format!("/api/v1/units?parent_id={city_id}")),
    )
    .await
    .json();
    assert_eq!(children["total"], 9);

    let by_code_desc = send(&app, reader.get("/api/v1/units?sort=-code&per_page=2"))
        .await
        .json();
    assert_eq!(
        codes(&by_code_desc["items"]),
        vec!["EDZ", "CITY-SUPERVISION"]
    );

    let inactive = send(&app, reader.get("/api/v1/units?active=false"))
        .await
        .json();
    assert_eq!(inactive["total"], 0);
}

#[actix_web::test]
async fn updated_since_supports_incremental_sync() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let all = send(&app, reader.get("/api/v1/units?per_page=200"))
        .await
        .json();
    let latest = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["updated_at"].as_str().unwrap().to_string())
        .max()
        .unwrap();
    // Inclusive bound: the newest row is returned again, nothing older.
    let since = send(
        &app,
        reader.get(&format!(
            "/api/v1/units?updated_since={}",
            latest.replace('+', "%2B")
        )),
    )
    .await
    .json();
    assert!(since["total"].as_u64().unwrap() >= 1);
    for item in since["items"].as_array().unwrap() {
        assert!(item["updated_at"].as_str().unwrap() >= latest.as_str());
    }
    let future = send(
        &app,
        reader.get("/api/v1/units?updated_since=2999-01-01T00:00:00Z"),
    )
    .await
    .json();
    assert_eq!(future["total"], 0);
    let zoned = send(
        &app,
        reader.get("/api/v1/units?updated_since=2000-01-01T08:00:00%2B08:00"),
    )
    .await
    .json();
    assert_eq!(zoned["total"], 10);
}

#[actix_web::test]
async fn etags_allow_conditional_gets() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let list = send(&app, reader.get("/api/v1/units")).await;
    let tag = list.header("etag").unwrap();
    let again = send(
        &app,
        reader
            .get("/api/v1/units")
            .insert_header(("If-None-Match", tag.clone())),
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let other = send(
        &app,
        reader
            .get("/api/v1/units?per_page=2")
            .insert_header(("If-None-Match", tag)),
    )
    .await;
    assert_eq!(other.status, 200, "a different page has a different ETag");

    let id = list.json()["items"][0]["id"].as_str().unwrap().to_string();
    let one = send(&app, reader.get(&format!("/api/v1/units/{id}"))).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(one.json()["version"], 1);
    let cached = send(
        &app,
        reader
            .get(&format!("/api/v1/units/{id}"))
            .insert_header(("If-None-Match", "\"1\"")),
    )
    .await;
    assert_eq!(cached.status, 304);
}

#[actix_web::test]
async fn unknown_unit_is_a_404_problem() {
    let t = TestApp::new();
    let reader = t.add_user("reader", "CITY", &[api_types::Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let reply = send(
        &app,
        reader.get(&format!("/api/v1/units/{}", uuid::Uuid::now_v7())),
    )
    .await;
    reply.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn a_unit_moves_with_its_units_within_the_callers_scope_only() {
    let t = TestApp::new();
    t.add_counties();
    let admin = t.add_user("move.admin", "CITY", &[Role::Admin]);
    let xq_head = t.add_user("move.xq", "XQ", &[Role::County]);
    let app = init_service(api::app(t.state.clone())).await;
    let (xq, yq, brigade, city) = (
        t.unit_id("XQ"),
        t.unit_id("YQ"),
        t.unit_id("XQ-1"),
        t.unit_id("CITY"),
    );
    let version = |id: &str| {
        use api::db::schema::units;
        let mut conn = t.state.pool.get().unwrap();
        units::table
            .find(id)
            .select(units::version)
            .first::<i64>(&mut *conn)
            .unwrap()
    };
    // A county bureau cannot move its brigade to another county (not its scope): said
    // at the field.
    let out_of_scope = send(
        &app,
        xq_head.patch(
            &format!("/api/v1/units/{brigade}"),
            version(&brigade),
            &json!({"parent_id": yq}),
        ),
    )
    .await;
    let problem = out_of_scope.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "parent_id");
    assert_eq!(problem["errors"][0]["code"], "out_of_scope");
    // Nor may it move the other county's units at all.
    let yq_brigade = t.add_unit(
        "YQ-1",
        "老区第一大队",
        api_types::units::UnitKind::Brigade,
        "YQ",
    );
    send(
        &app,
        xq_head.patch(
            &format!("/api/v1/units/{yq_brigade}"),
            version(&yq_brigade),
            &json!({"parent_id": xq}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
    // A brigade may sit under a county bureau, not under a section; a county bureau
    // cannot go under its own brigade; the city bureau has no parent.
    let law = t.unit_id("CITY-LAW");
    let wrong_kind = send(
        &app,
        admin.patch(
            &format!("/api/v1/units/{brigade}"),
            version(&brigade),
            &json!({"parent_id": law}),
        ),
    )
    .await;
    assert_eq!(
        wrong_kind.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "parent_kind"
    );
    let cycle = send(
        &app,
        admin.patch(
            &format!("/api/v1/units/{xq}"),
            version(&xq),
            &json!({"parent_id": brigade}),
        ),
    )
    .await;
    // (A county bureau may only sit under the city bureau, so the kind rule refuses
    // this before the cycle check would.)
    assert_eq!(
        cycle.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "parent_kind"
    );
    let root = send(
        &app,
        admin.patch(
            &format!("/api/v1/units/{city}"),
            version(&city),
            &json!({"parent_id": xq}),
        ),
    )
    .await;
    assert_eq!(
        root.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "parent_not_allowed"
    );
    // The administrator moves the brigade to YQ: the tree follows, and it is audited.
    let moved = send(
        &app,
        admin.patch(
            &format!("/api/v1/units/{brigade}"),
            version(&brigade),
            &json!({"parent_id": yq}),
        ),
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.text());
    assert_eq!(moved.json()["parent_id"], yq.as_str());
    let tree = send(&app, admin.get("/api/v1/units/tree")).await.json();
    let yq_node = tree[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "YQ")
        .unwrap()
        .clone();
    assert!(yq_node["children"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "XQ-1"));
    // Now outside XQ's subtree: its head can no longer edit it.
    send(
        &app,
        xq_head.patch(
            &format!("/api/v1/units/{brigade}"),
            version(&brigade),
            &json!({"name": "新区第一大队"}),
        ),
    )
    .await
    .assert_problem(403, "forbidden");
}
