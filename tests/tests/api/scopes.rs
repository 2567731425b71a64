//! Unit scope on lists: what a county user lists is exactly what the unscoped list holds
//! for its subtree, in the same order, page by page, whatever the sort. A guard for any
//! change that makes scoped lists faster (a different query must not change results).

use api_types::Role;
use enforcement_tests::{ok, send, TestApp, TestUser};
use serde_json::{json, Value};

/// Every item of `path` (which has no query yet) with `sort`, read `per_page` at a time.
async fn all_pages<S, B>(
    app: &S,
    user: &TestUser,
    path: &str,
    sort: &str,
    per_page: usize,
) -> (Vec<Value>, i64)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut items = Vec::new();
    let mut total = -1;
    for page in 1.. {
        let body = ok(
            &send(
                app,
                user.get(&format!(
                    "{path}?sort={sort}&per_page={per_page}&page={page}"
                )),
            )
            .await,
            200,
        );
        total = body["total"].as_i64().unwrap();
        let got = body["items"].as_array().unwrap().clone();
        let last = got.len() < per_page;
        items.extend(got);
        if last {
            break;
        }
    }
    (items, total)
}

#[actix_web::test]
async fn a_county_lists_exactly_its_subtree_of_the_unscoped_list_in_the_same_order() {
    let t = TestApp::new();
    t.add_counties();
    let bureau = t.add_user("s.bureau", "CITY", &[Role::Bureau]);
    let county = t.add_user("s.xq", "XQ", &[Role::County]);
    // A county whose records are all its own (its brigade has none): the list reads
    // only the units that hold rows.
    t.add_unit(
        "YQ-1",
        "老区第一大队",
        api_types::units::UnitKind::Brigade,
        "YQ",
    );
    let yq = t.add_user("s.yq", "YQ", &[Role::County]);
    let app = actix_web::test::init_service(api::app(t.state.clone())).await;
    let subtree = [t.unit_id("XQ"), t.unit_id("XQ-1")];
    // Records over four units, with repeated decision dates so that the id tie-break
    // decides part of the order.
    let units = [
        t.unit_id("XQ"),
        t.unit_id("XQ-1"),
        t.unit_id("YQ"),
        t.unit_id("CITY-LAW"),
    ];
    for i in 0..36 {
        let unit = &units[i % units.len()];
        let body = json!({
            "issuing_unit_id": unit, "document_number": format!("罚决字〔2022〕第{}号", 900 - i),
            "case_cause": "占道经营案", "party_kind": "legal_person", "party_name": "某某商贸有限公司",
            "legal_basis": "《城市道路管理条例》第四十二条", "fine_fen": 50_000,
            "execution_status": "executed", "decision_date": format!("2022-05-{:02}", 1 + i % 5),
        });
        ok(
            &send(&app, bureau.post("/api/v1/disclosure-records", &body)).await,
            201,
        );
    }
    for sort in [
        "-decision_date",
        "decision_date",
        "document_number",
        "-document_number",
    ] {
        let (everything, _) =
            all_pages(&app, &bureau, "/api/v1/disclosure-records", sort, 100).await;
        let expected: Vec<&Value> = everything
            .iter()
            .filter(|r| {
                subtree
                    .iter()
                    .any(|u| r["content"]["issuing_unit_id"] == u.as_str())
            })
            .map(|r| &r["id"])
            .collect();
        assert_eq!(expected.len(), 18, "{sort}");
        let (scoped, total) = all_pages(&app, &county, "/api/v1/disclosure-records", sort, 7).await;
        let got: Vec<&Value> = scoped.iter().map(|r| &r["id"]).collect();
        assert_eq!(got, expected, "{sort}");
        assert_eq!(total, 18, "{sort}");

        let yq_unit = t.unit_id("YQ");
        let expected: Vec<&Value> = everything
            .iter()
            .filter(|r| r["content"]["issuing_unit_id"] == yq_unit.as_str())
            .map(|r| &r["id"])
            .collect();
        assert_eq!(expected.len(), 9, "{sort}");
        let (scoped, total) = all_pages(&app, &yq, "/api/v1/disclosure-records", sort, 4).await;
        let got: Vec<&Value> = scoped.iter().map(|r| &r["id"]).collect();
        assert_eq!(got, expected, "{sort}");
        assert_eq!(total, 9, "{sort}");
    }

    // The same for users: the county sees its own and its brigade's accounts.
    for (i, unit) in ["XQ", "XQ-1", "YQ", "CITY-LAW", "XQ-1", "XQ"]
        .iter()
        .enumerate()
    {
        t.add_user(&format!("s.user{i}"), unit, &[Role::Officer]);
    }
    for sort in ["login", "-login", "name", "-created_at"] {
        let (everyone, _) = all_pages(&app, &bureau, "/api/v1/users", sort, 100).await;
        let expected: Vec<&Value> = everyone
            .iter()
            .filter(|u| subtree.iter().any(|s| u["unit_id"] == s.as_str()))
            .map(|u| &u["id"])
            .collect();
        let (scoped, total) = all_pages(&app, &county, "/api/v1/users", sort, 2).await;
        let got: Vec<&Value> = scoped.iter().map(|u| &u["id"]).collect();
        assert_eq!(got, expected, "{sort}");
        assert_eq!(total, i64::try_from(expected.len()).unwrap(), "{sort}");
        assert_eq!(expected.len(), 5, "{sort}");
    }
}

/// The list's totals come from counts the database keeps; after every kind of write
/// (create, publish, correct, withdraw, batch import) they equal the rows counted, for
/// every caller, status and unit filter.
#[actix_web::test]
async fn kept_totals_equal_the_rows_counted_after_every_kind_of_write() {
    use api::db::schema::disclosure_records;
    use diesel::prelude::*;
    let t = TestApp::new();
    t.add_counties();
    let bureau = t.add_user("k.bureau", "CITY", &[Role::Bureau]);
    let county = t.add_user("k.xq", "XQ", &[Role::County]);
    let app = actix_web::test::init_service(api::app(t.state.clone())).await;
    let units = [
        t.unit_id("XQ"),
        t.unit_id("XQ-1"),
        t.unit_id("YQ"),
        t.unit_id("CITY-LAW"),
    ];
    let record = |unit: &str, n: usize| {
        json!({
            "issuing_unit_id": unit, "document_number": format!("罚决字〔2022〕第{}号", 700 + n),
            "case_cause": "占道经营案", "party_kind": "legal_person", "party_name": "某某商贸有限公司",
            "legal_basis": "《城市道路管理条例》第四十二条", "fine_fen": 50_000,
            "execution_status": "not_executed", "decision_date": "2022-05-10",
        })
    };
    let mut ids = Vec::new();
    for n in 0..12 {
        let body = record(&units[n % units.len()], n);
        let created = ok(
            &send(&app, bureau.post("/api/v1/disclosure-records", &body)).await,
            201,
        );
        ids.push((created["id"].as_str().unwrap().to_string(), body));
    }
    for (id, _) in &ids[..8] {
        let publish = bureau
            .post(
                &format!("/api/v1/disclosure-records/{id}/publish"),
                &json!({"publication_date": "2022-05-12"}),
            )
            .insert_header(("If-Match", "\"1\""));
        ok(&send(&app, publish).await, 200);
    }
    for (id, body) in &ids[..3] {
        let mut fixed = body.clone();
        fixed["execution_status"] = json!("executed");
        let correct = bureau
            .post(
                &format!("/api/v1/disclosure-records/{id}/correct"),
                &json!({"content": fixed, "reason": "罚款已缴纳"}),
            )
            .insert_header(("If-Match", "\"2\""));
        ok(&send(&app, correct).await, 200);
    }
    for (id, _) in &ids[5..7] {
        let withdraw = bureau
            .post(
                &format!("/api/v1/disclosure-records/{id}/withdraw"),
                &json!({"reason": "经行政复议撤销"}),
            )
            .insert_header(("If-Match", "\"2\""));
        ok(&send(&app, withdraw).await, 200);
    }
    let batch: Vec<Value> = (0..5).map(|n| record(&units[1], 100 + n)).collect();
    let imported = ok(
        &send(
            &app,
            county.post(
                "/api/v1/disclosure-records:batch",
                &json!({"mode": "each_record", "publish": true, "records": batch}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(imported["created"], 5);

    let counted = |scope: &[String], status: Option<&str>, unit: Option<&str>| -> i64 {
        let mut q = disclosure_records::table.count().into_boxed();
        if !scope.is_empty() {
            q = q.filter(disclosure_records::issuing_unit_id.eq_any(scope.to_vec()));
        }
        if let Some(s) = status {
            q = q.filter(disclosure_records::status.eq(s.to_string()));
        }
        if let Some(u) = unit {
            q = q.filter(disclosure_records::issuing_unit_id.eq(u.to_string()));
        }
        q.get_result(&mut *t.state.pool.get().unwrap()).unwrap()
    };
    let subtree = [t.unit_id("XQ"), t.unit_id("XQ-1")];
    let statuses = [
        None,
        Some("draft"),
        Some("published"),
        Some("corrected"),
        Some("withdrawn"),
    ];
    let mut seen = Vec::new();
    for (user, scope) in [(&bureau, &[][..]), (&county, &subtree[..])] {
        for status in statuses {
            for unit in [None, Some(units[1].as_str())] {
                let mut path = String::from("/api/v1/disclosure-records?per_page=100");
                if let Some(s) = status {
                    path.push_str(&format!("&status={s}"));
                }
                if let Some(u) = unit {
                    path.push_str(&format!("&unit_id={u}"));
                }
                let body = ok(&send(&app, user.get(&path)).await, 200);
                let expected = counted(scope, status, unit);
                assert_eq!(body["total"], expected, "{} {path}", user.login);
                assert_eq!(
                    body["items"].as_array().unwrap().len(),
                    usize::try_from(expected).unwrap(),
                    "{path}"
                );
                seen.push(expected);
            }
        }
    }
    // The cases are not all alike: every status is present and the county sees less.
    assert_eq!(seen[0], 17, "12 created and 5 imported");
    assert!(seen.iter().skip(2).take(8).all(|&n| n > 0), "{seen:?}");
    assert!(seen[10] < seen[0], "{seen:?}");
}
