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
