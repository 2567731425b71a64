//! Signing in and out, tokens, sessions, throttling, service accounts.

use actix_web::test::{init_service, TestRequest};
use api_types::Role;
use enforcement_tests::{send, Reply, TestApp, PASSWORD};
use serde_json::{json, Value};

fn login_req(login: &str, password: &str) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({ "login": login, "password": password }))
}

fn refresh_req(token: &str) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/auth/refresh")
        .set_json(json!({ "refresh_token": token }))
}

fn me_req(access: &str) -> TestRequest {
    TestRequest::get()
        .uri("/api/v1/me")
        .insert_header(("Authorization", format!("Bearer {access}")))
}

fn tokens(reply: &Reply) -> (String, String) {
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    (
        body["access_token"].as_str().unwrap().to_string(),
        body["refresh_token"].as_str().unwrap().to_string(),
    )
}

#[actix_web::test]
async fn login_issues_tokens_and_me_describes_the_principal() {
    let t = TestApp::new();
    t.add_counties();
    t.add_user("wang.wu", "XQ", &[Role::County, Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;

    let reply = send(&app, login_req("Wang.Wu", PASSWORD)).await;
    let (access, refresh) = tokens(&reply);
    assert_eq!(reply.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(reply.json()["token_type"], "Bearer");
    assert_eq!(reply.json()["expires_in"], 900);
    assert!(refresh.starts_with("rt_"));

    let me = send(&app, me_req(&access)).await;
    assert_eq!(me.status, 200);
    let me = me.json();
    assert_eq!(me["login"], "wang.wu");
    assert_eq!(me["unit"]["code"], "XQ");
    assert_eq!(me["roles"], json!(["county", "officer"]));
    assert_eq!(me["service_account"], false);
    // A county bureau may give the county and officer roles, nothing above.
    assert_eq!(me["assignable_roles"], json!(["county", "officer"]));
    let permissions: Vec<&str> = me["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(permissions.contains(&"units.manage"));
    assert!(!permissions.contains(&"audit.read"));
}

#[actix_web::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let t = TestApp::new();
    t.add_user("li.si", "CITY", &[Role::Section]);
    let app = init_service(api::app(t.state.clone())).await;
    let wrong = send(&app, login_req("li.si", "Wrong-password-9")).await;
    let unknown = send(&app, login_req("nobody.here", "Wrong-password-9")).await;
    let a = wrong.assert_problem(401, "unauthorized");
    let b = unknown.assert_problem(401, "unauthorized");
    assert_eq!(
        a, b,
        "the answer must not reveal whether the account exists"
    );
}

#[actix_web::test]
async fn repeated_failures_are_throttled_with_growing_delays_for_real_and_unknown_accounts() {
    let t = TestApp::new();
    t.add_user("zhao.liu", "CITY", &[Role::Section]);
    let app = init_service(api::app(t.state.clone())).await;
    for login in ["zhao.liu", "ghost.user"] {
        for attempt in 1..=5 {
            let reply = send(&app, login_req(login, "Wrong-password-9")).await;
            assert_eq!(reply.status, 401, "{login} attempt {attempt}");
        }
        // The sixth failure starts a delay; during it even the right password waits.
        send(&app, login_req(login, "Wrong-password-9"))
            .await
            .assert_problem(401, "unauthorized");
        let blocked = send(&app, login_req(login, PASSWORD)).await;
        blocked.assert_problem(429, "too_many_requests");
        let wait: i64 = blocked.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=2).contains(&wait), "first delay is 2 s, got {wait}");
    }
    // Growing: the seventh failure (after the block) waits longer than the sixth.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    send(&app, login_req("zhao.liu", "Wrong-password-9"))
        .await
        .assert_problem(401, "unauthorized");
    let wait: i64 = send(&app, login_req("zhao.liu", PASSWORD))
        .await
        .header("retry-after")
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 3, "second delay is 4 s, got {wait}");
    // Another account from the same address is unaffected (address allowance is larger).
    t.add_user("qian.qi", "CITY", &[Role::Section]);
    tokens(&send(&app, login_req("qian.qi", PASSWORD)).await);
}

#[actix_web::test]
async fn refresh_rotates_and_reuse_kills_the_whole_session() {
    let t = TestApp::new();
    t.add_user("sun.ba", "CITY", &[Role::Bureau]);
    let app = init_service(api::app(t.state.clone())).await;
    let (access1, refresh1) = tokens(&send(&app, login_req("sun.ba", PASSWORD)).await);

    let (access2, refresh2) = tokens(&send(&app, refresh_req(&refresh1)).await);
    assert_ne!(refresh1, refresh2, "rotated on every use");
    assert_eq!(send(&app, me_req(&access2)).await.status, 200);
    let (access3, refresh3) = tokens(&send(&app, refresh_req(&refresh2)).await);

    // Replaying the first (already rotated) token: refused, and the family is dead.
    send(&app, refresh_req(&refresh1))
        .await
        .assert_problem(401, "unauthorized");
    send(&app, refresh_req(&refresh3))
        .await
        .assert_problem(401, "unauthorized");
    for access in [&access1, &access2, &access3] {
        send(&app, me_req(access))
            .await
            .assert_problem(401, "unauthorized");
    }
    // A new sign-in works.
    tokens(&send(&app, login_req("sun.ba", PASSWORD)).await);
    send(&app, refresh_req("rt_unknown"))
        .await
        .assert_problem(401, "unauthorized");
}

#[actix_web::test]
async fn logout_ends_the_session_at_once() {
    let t = TestApp::new();
    t.add_user("zhou.jiu", "CITY", &[Role::Bureau]);
    let app = init_service(api::app(t.state.clone())).await;
    let (access, refresh) = tokens(&send(&app, login_req("zhou.jiu", PASSWORD)).await);
    let (other_access, _) = tokens(&send(&app, login_req("zhou.jiu", PASSWORD)).await);
    let out = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/logout")
            .set_json(json!({ "refresh_token": refresh })),
    )
    .await;
    assert_eq!(out.status, 204);
    send(&app, me_req(&access))
        .await
        .assert_problem(401, "unauthorized");
    send(&app, refresh_req(&refresh))
        .await
        .assert_problem(401, "unauthorized");
    assert_eq!(
        send(&app, me_req(&other_access)).await.status,
        200,
        "other sessions continue"
    );
    // Logging out twice, or with an unknown token, is harmless.
    let again = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/logout")
            .set_json(json!({ "refresh_token": "rt_x" })),
    )
    .await;
    assert_eq!(again.status, 204);
}

fn forge(claims: Value, key: &[u8], alg: jsonwebtoken::Algorithm) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(alg),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(key),
    )
    .unwrap()
}

#[actix_web::test]
async fn expired_tampered_and_wrong_algorithm_tokens_are_rejected() {
    let t = TestApp::new();
    let user = t.add_user("wu.shi", "CITY", &[Role::Admin]);
    let app = init_service(api::app(t.state.clone())).await;
    assert_eq!(send(&app, me_req(&user.access_token)).await.status, 200);

    let mut claims: Value = {
        let payload = user.access_token.split('.').nth(1).unwrap();
        use base64::Engine;
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap()
    };
    let now = chrono::Utc::now().timestamp();

    // Expired, although correctly signed with the server's key.
    let mut expired = claims.clone();
    expired["iat"] = json!(now - 3600);
    expired["exp"] = json!(now - 60);
    let signed_expired = t
        .state
        .jwt
        .issue(&serde_json::from_value(expired).unwrap())
        .unwrap();
    send(&app, me_req(&signed_expired))
        .await
        .assert_problem(401, "unauthorized");

    // Tampered: another subject, original signature.
    let parts: Vec<&str> = user.access_token.split('.').collect();
    claims["sub"] = json!(uuid::Uuid::now_v7().to_string());
    let forged_payload = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(&claims).unwrap())
    };
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    send(&app, me_req(&tampered))
        .await
        .assert_problem(401, "unauthorized");

    // Signed with another key.
    let foreign = forge(
        claims.clone(),
        b"some-other-secret-some-other-secret",
        jsonwebtoken::Algorithm::HS256,
    );
    send(&app, me_req(&foreign))
        .await
        .assert_problem(401, "unauthorized");

    // Another algorithm, and "none".
    let hs512 = forge(
        claims.clone(),
        b"whatever-key-whatever-key-whatever",
        jsonwebtoken::Algorithm::HS512,
    );
    send(&app, me_req(&hs512))
        .await
        .assert_problem(401, "unauthorized");
    let none = {
        use base64::Engine;
        let e = |v: &Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
        };
        format!(
            "{}.{}.",
            e(&json!({"alg": "none", "typ": "JWT"})),
            e(&claims)
        )
    };
    send(&app, me_req(&none))
        .await
        .assert_problem(401, "unauthorized");

    // Garbage and missing headers.
    send(&app, me_req("not.a.jwt"))
        .await
        .assert_problem(401, "unauthorized");
    let reply = send(&app, TestRequest::get().uri("/api/v1/me")).await;
    reply.assert_problem(401, "unauthorized");
    assert!(reply
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    let basic = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("Authorization", "Basic YWRtaW46YWRtaW4=")),
    )
    .await;
    basic.assert_problem(401, "unauthorized");
}

#[actix_web::test]
async fn a_disabled_users_tokens_stop_working_on_the_next_request() {
    let t = TestApp::new();
    let admin = t.add_user("admin.a", "CITY", &[Role::Admin]);
    let clerk = t.add_user("clerk.b", "CITY-LAW", &[Role::Section]);
    let app = init_service(api::app(t.state.clone())).await;
    assert_eq!(send(&app, me_req(&clerk.access_token)).await.status, 200);

    let reply = send(&app, admin.get(&format!("/api/v1/users/{}", clerk.id))).await;
    let version = reply.json()["version"].as_i64().unwrap();
    let disabled = send(
        &app,
        admin.patch(
            &format!("/api/v1/users/{}", clerk.id),
            version,
            &json!({ "active": false }),
        ),
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.text());
    assert_eq!(disabled.json()["active"], false);

    send(&app, me_req(&clerk.access_token))
        .await
        .assert_problem(401, "unauthorized");
    send(&app, refresh_req(&clerk.refresh_token))
        .await
        .assert_problem(401, "unauthorized");
    send(&app, login_req("clerk.b", PASSWORD))
        .await
        .assert_problem(401, "unauthorized");

    // Re-enabled, the account signs in again, but old tokens stay dead.
    let version = disabled.json()["version"].as_i64().unwrap();
    let enabled = send(
        &app,
        admin.patch(
            &format!("/api/v1/users/{}", clerk.id),
            version,
            &json!({ "active": true }),
        ),
    )
    .await;
    assert_eq!(enabled.status, 200);
    send(&app, me_req(&clerk.access_token))
        .await
        .assert_problem(401, "unauthorized");
    tokens(&send(&app, login_req("clerk.b", PASSWORD)).await);
}

#[actix_web::test]
async fn changing_the_password_ends_other_sessions_but_not_this_one() {
    let t = TestApp::new();
    t.add_user("feng.yi", "CITY", &[Role::Bureau]);
    let app = init_service(api::app(t.state.clone())).await;
    let (here, _) = tokens(&send(&app, login_req("feng.yi", PASSWORD)).await);
    let (elsewhere, elsewhere_refresh) = tokens(&send(&app, login_req("feng.yi", PASSWORD)).await);

    let change = |current: &str, new: &str| {
        TestRequest::post()
            .uri("/api/v1/me/password")
            .insert_header(("Authorization", format!("Bearer {here}")))
            .set_json(json!({ "current_password": current, "new_password": new }))
    };
    let wrong = send(&app, change("Wrong-password-9", "New-password-22")).await;
    assert_eq!(
        wrong.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "current_password"
    );
    let weak = send(&app, change(PASSWORD, "short")).await;
    assert_eq!(
        weak.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "new_password"
    );

    let ok = send(&app, change(PASSWORD, "New-password-22")).await;
    assert_eq!(ok.status, 204, "{}", ok.text());
    assert_eq!(
        send(&app, me_req(&here)).await.status,
        200,
        "this session continues"
    );
    send(&app, me_req(&elsewhere))
        .await
        .assert_problem(401, "unauthorized");
    send(&app, refresh_req(&elsewhere_refresh))
        .await
        .assert_problem(401, "unauthorized");
    send(&app, login_req("feng.yi", PASSWORD))
        .await
        .assert_problem(401, "unauthorized");
    tokens(&send(&app, login_req("feng.yi", "New-password-22")).await);
}

#[actix_web::test]
async fn an_administrator_reset_ends_every_session_of_the_user() {
    let t = TestApp::new();
    let admin = t.add_user("root.admin", "CITY", &[Role::Admin]);
    let officer = t.add_user("officer.c", "CITY", &[Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let reset = send(
        &app,
        admin.post(
            &format!("/api/v1/users/{}/password", officer.id),
            &json!({ "new_password": "Reset-password-3" }),
        ),
    )
    .await;
    assert_eq!(reset.status, 200, "{}", reset.text());
    send(&app, me_req(&officer.access_token))
        .await
        .assert_problem(401, "unauthorized");
    tokens(&send(&app, login_req("officer.c", "Reset-password-3")).await);
}

#[actix_web::test]
async fn a_temporary_password_must_be_replaced_before_anything_else() {
    let t = TestApp::new();
    let admin = t.add_user("temp.admin", "CITY", &[Role::Admin]);
    let officer = t.add_user("temp.officer", "CITY", &[Role::Officer]);
    let app = init_service(api::app(t.state.clone())).await;
    let issued = send(
        &app,
        admin
            .post(
                &format!("/api/v1/users/{}/temporary-password", officer.id),
                &json!({}),
            )
            .insert_header(("Idempotency-Key", "temp-1")),
    )
    .await;
    assert_eq!(issued.status, 200, "{}", issued.text());
    let body = issued.json();
    let temporary = body["temporary_password"].as_str().unwrap().to_string();
    assert!(
        api_types::validate::password(&temporary).is_ok(),
        "{temporary}"
    );
    assert_eq!(body["user"]["must_change_password"], true);
    // A replay does not show it again; the old sessions ended.
    let replay = send(
        &app,
        admin
            .post(
                &format!("/api/v1/users/{}/temporary-password", officer.id),
                &json!({}),
            )
            .insert_header(("Idempotency-Key", "temp-1")),
    )
    .await;
    assert!(replay.json()["temporary_password"].is_null());
    send(&app, me_req(&officer.access_token))
        .await
        .assert_problem(401, "unauthorized");
    // Nobody may issue one to themself.
    send(
        &app,
        admin.post(
            &format!("/api/v1/users/{}/temporary-password", admin.id),
            &json!({}),
        ),
    )
    .await
    .assert_problem(409, "invalid_state");

    // Signed in with it: who am I, yes; anything else, not until the password is set.
    let (access, _) = tokens(&send(&app, login_req("temp.officer", &temporary)).await);
    let bearer = ("Authorization", format!("Bearer {access}"));
    let me = send(&app, me_req(&access)).await;
    assert_eq!(me.json()["must_change_password"], true);
    for uri in ["/api/v1/units", "/api/v1/me/notifications", "/api/v1/plans"] {
        let refused = send(
            &app,
            TestRequest::get().uri(uri).insert_header(bearer.clone()),
        )
        .await;
        let problem = refused.assert_problem(403, "password_change_required");
        assert!(
            problem["detail"].as_str().unwrap().contains("/me/password"),
            "{problem}"
        );
    }
    // Writes too (through the write path).
    let write = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/me/notifications/read-all")
            .insert_header(bearer.clone())
            .set_json(json!({})),
    )
    .await;
    write.assert_problem(403, "password_change_required");
    let unit_write = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/units")
            .insert_header(bearer.clone())
            .set_json(json!({"code": "X-1", "name": "某单位", "kind": "county_bureau", "parent_id": t.unit_id("CITY")})),
    )
    .await;
    unit_write.assert_problem(403, "password_change_required");
    let changed = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/me/password")
            .insert_header(bearer.clone())
            .set_json(json!({"current_password": temporary, "new_password": "Own-password-2026"})),
    )
    .await;
    assert_eq!(changed.status, 204, "{}", changed.text());
    assert_eq!(
        send(&app, me_req(&access)).await.json()["must_change_password"],
        false
    );
    let units = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/units")
            .insert_header(bearer),
    )
    .await;
    assert_eq!(units.status, 200);

    // An administrator's chosen password replaces a temporary one without the lock.
    let again = send(
        &app,
        admin.post(
            &format!("/api/v1/users/{}/temporary-password", officer.id),
            &json!({}),
        ),
    )
    .await;
    assert_eq!(again.json()["user"]["must_change_password"], true);
    let reset = send(
        &app,
        admin.post(
            &format!("/api/v1/users/{}/password", officer.id),
            &json!({"new_password": "Chosen-password-7"}),
        ),
    )
    .await;
    assert_eq!(reset.json()["must_change_password"], false);
}

#[actix_web::test]
async fn service_accounts_get_tokens_limited_by_grants_and_rotation_revokes() {
    let t = TestApp::new();
    let admin = t.add_user("sys.admin", "CITY", &[Role::Admin]);
    let app = init_service(api::app(t.state.clone())).await;
    let city = t.unit_id("CITY");

    let bad = send(
        &app,
        admin.post(
            "/api/v1/service-accounts",
            &json!({ "name": "x", "unit_id": city, "grants": ["units.manage"] }),
        ),
    )
    .await;
    assert_eq!(
        bad.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "grants[0]"
    );

    let created = send(
        &app,
        admin.post(
            "/api/v1/service-accounts",
            &json!({ "name": "省执法平台", "unit_id": city, "grants": ["units.read"] }),
        ),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let account = created.json();
    let client_id = account["account"]["client_id"]
        .as_str()
        .unwrap()
        .to_string();
    let secret = account["client_secret"].as_str().unwrap().to_string();
    let id = account["account"]["id"].as_str().unwrap().to_string();

    let token_req =
        |secret: &str| {
            TestRequest::post().uri("/api/v1/auth/token").set_json(json!({
            "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret
        }))
        };
    let issued = send(&app, token_req(&secret)).await;
    assert_eq!(issued.status, 200, "{}", issued.text());
    let token = issued.json()["access_token"].as_str().unwrap().to_string();
    let bearer = ("Authorization", format!("Bearer {token}"));

    // The grant allows reading units and nothing else.
    assert_eq!(
        send(
            &app,
            TestRequest::get()
                .uri("/api/v1/units")
                .insert_header(bearer.clone())
        )
        .await
        .status,
        200
    );
    send(
        &app,
        TestRequest::get()
            .uri("/api/v1/users")
            .insert_header(bearer.clone()),
    )
    .await
    .assert_problem(403, "forbidden");
    let me = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(bearer.clone()),
    )
    .await
    .json();
    assert_eq!(me["service_account"], true);
    assert_eq!(me["roles"], json!(["integration"]));
    assert_eq!(me["permissions"], json!(["units.read"]));

    send(&app, token_req("cs_wrong"))
        .await
        .assert_problem(401, "unauthorized");
    let wrong_grant = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/token")
            .set_json(json!({
                "grant_type": "password", "client_id": "x", "client_secret": "y"
            })),
    )
    .await;
    assert_eq!(
        wrong_grant.assert_problem(400, "invalid_field")["errors"][0]["field"],
        "grant_type"
    );

    // Rotation: the old secret and tokens issued with it stop working.
    let rotated = send(
        &app,
        admin.post(
            &format!("/api/v1/service-accounts/{id}/rotate-secret"),
            &json!(null),
        ),
    )
    .await;
    assert_eq!(rotated.status, 200, "{}", rotated.text());
    let new_secret = rotated.json()["client_secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_secret, secret);
    send(
        &app,
        TestRequest::get()
            .uri("/api/v1/units")
            .insert_header(bearer.clone()),
    )
    .await
    .assert_problem(401, "unauthorized");
    send(&app, token_req(&secret))
        .await
        .assert_problem(401, "unauthorized");
    let fresh = send(&app, token_req(&new_secret)).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    // Disabling: tokens stop at once.
    let version = rotated.json()["account"]["version"].as_i64().unwrap();
    let disabled = send(
        &app,
        admin.patch(
            &format!("/api/v1/service-accounts/{id}"),
            version,
            &json!({ "active": false }),
        ),
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.text());
    send(
        &app,
        TestRequest::get()
            .uri("/api/v1/units")
            .insert_header(("Authorization", format!("Bearer {fresh}"))),
    )
    .await
    .assert_problem(401, "unauthorized");
    send(&app, token_req(&new_secret))
        .await
        .assert_problem(401, "unauthorized");

    // Reads never show a secret or its hash.
    let listed = send(&app, admin.get("/api/v1/service-accounts"))
        .await
        .text();
    assert!(!listed.contains(&new_secret) && !listed.contains("secret_hash"));
}

#[actix_web::test]
async fn bootstrap_creates_the_first_administrator_once() {
    let t = TestApp::with_config(|c| c.bootstrap_token = Some("bootstrap-token-for-tests".into()));
    let app = init_service(api::app(t.state.clone())).await;
    let body = |token: &str| json!({ "bootstrap_token": token, "login": "first.admin", "name": "首位管理员", "password": "First-password-1" });
    let status = || TestRequest::get().uri("/api/v1/auth/bootstrap");
    assert_eq!(send(&app, status()).await.json()["open"], true);
    let wrong = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/bootstrap")
            .set_json(body("bootstrap-token-wrong")),
    )
    .await;
    wrong.assert_problem(401, "unauthorized");
    let ok = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/bootstrap")
            .set_json(body("bootstrap-token-for-tests")),
    )
    .await;
    assert_eq!(ok.status, 201, "{}", ok.text());
    let access = ok.json()["access_token"].as_str().unwrap().to_string();
    let me = send(&app, me_req(&access)).await.json();
    assert_eq!(me["roles"], json!(["admin"]));
    assert_eq!(me["unit"]["code"], "CITY");
    let again = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/bootstrap")
            .set_json(body("bootstrap-token-for-tests")),
    )
    .await;
    again.assert_problem(409, "invalid_state");
    assert_eq!(
        send(&app, status()).await.json()["open"],
        false,
        "the sign-in page stops offering the first-run page"
    );
}

#[actix_web::test]
async fn create_admin_command_makes_an_administrator() {
    let db = enforcement_tests::TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(enforcement_tests::api_binary())
        .arg("create-admin")
        .current_dir(dir.path())
        .env("DATABASE_URL", db.url())
        .env("ADMIN_LOGIN", "ops.admin")
        .env("ADMIN_NAME", "运维管理员")
        .env("ADMIN_PASSWORD", "Ops-password-1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created administrator ops.admin"));
    let weak = std::process::Command::new(enforcement_tests::api_binary())
        .arg("create-admin")
        .current_dir(dir.path())
        .env("DATABASE_URL", db.url())
        .env("ADMIN_LOGIN", "weak.admin")
        .env("ADMIN_NAME", "x")
        .env("ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!weak.status.success());

    let mut config = api::Config::for_database(db.database_url());
    config.bootstrap_token_file = dir.path().join("token");
    let state = api::prepare(config).unwrap();
    let app = init_service(api::app(state)).await;
    let (access, _) = tokens(&send(&app, login_req("ops.admin", "Ops-password-1")).await);
    assert_eq!(
        send(&app, me_req(&access)).await.json()["roles"],
        json!(["admin"])
    );
    // The command wrote through the audited write path: the account's creation is in
    // the trail, by the system, and the chain still verifies (read by an auditor the
    // new administrator creates).
    let unit = send(&app, me_req(&access)).await.json()["unit"]["id"].clone();
    let auditor = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/users")
            .insert_header(("Authorization", format!("Bearer {access}")))
            .set_json(
                json!({ "login": "audit.ops", "name": "审计员", "unit_id": unit,
                              "roles": ["auditor"], "password": "Audit-password-1" }),
            ),
    )
    .await;
    assert_eq!(auditor.status, 201, "{}", auditor.text());
    let (access, _) = tokens(&send(&app, login_req("audit.ops", "Audit-password-1")).await);
    let created = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/audit-events?action=create&resource_type=user")
            .insert_header(("Authorization", format!("Bearer {access}"))),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.text());
    let events = created.json();
    let by_command = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["after"]["login"] == "ops.admin")
        .unwrap_or_else(|| panic!("no audit event for ops.admin: {events}"));
    assert_eq!(by_command["actor_roles"], "system");
    assert_eq!(by_command["request_id"], "create-admin");
    let verified = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/audit-events/verify")
            .insert_header(("Authorization", format!("Bearer {access}"))),
    )
    .await;
    assert_eq!(verified.json()["ok"], true, "{}", verified.text());
}

#[actix_web::test]
async fn a_user_lists_their_sessions_and_signs_out_everywhere_else() {
    let t = TestApp::new();
    t.add_user("li.si", "CITY", &[Role::Bureau]);
    let app = init_service(api::app(t.state.clone())).await;
    let (_, laptop_refresh) = tokens(&send(&app, login_req("li.si", PASSWORD)).await);
    let (phone, phone_refresh) = tokens(&send(&app, login_req("li.si", PASSWORD)).await);
    let authed = |req: TestRequest| req.insert_header(("Authorization", format!("Bearer {phone}")));

    let listed = send(&app, authed(TestRequest::get().uri("/api/v1/me/sessions"))).await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    let sessions = listed.json();
    let sessions = sessions.as_array().unwrap();
    // The test helper's own sign-in, the laptop and the phone.
    assert_eq!(sessions.len(), 3, "{}", listed.text());
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);

    let ended = send(
        &app,
        authed(TestRequest::post().uri("/api/v1/me/sessions/end-others")),
    )
    .await;
    assert_eq!(ended.status, 200, "{}", ended.text());
    assert_eq!(ended.json()["ended"], 2);
    // The other device cannot renew any more; this one can.
    send(&app, refresh_req(&laptop_refresh))
        .await
        .assert_problem(401, "unauthorized");
    assert_eq!(send(&app, refresh_req(&phone_refresh)).await.status, 200);
    let (phone, _) = tokens(&send(&app, login_req("li.si", PASSWORD)).await);
    let listed = send(
        &app,
        TestRequest::get()
            .uri("/api/v1/me/sessions")
            .insert_header(("Authorization", format!("Bearer {phone}"))),
    )
    .await;
    assert_eq!(
        listed.json().as_array().unwrap().len(),
        2,
        "this session and the new sign-in: {}",
        listed.text()
    );
    // On the record, as a revoke of the user's sessions.
    let auditor = t.add_user("audit.sun", "CITY", &[Role::Auditor]);
    let events = send(
        &app,
        auditor.get("/api/v1/audit-events?action=revoke&resource_type=session"),
    )
    .await
    .json();
    assert_eq!(events["total"], 1, "{events}");
    assert_eq!(events["items"][0]["after"]["other_sessions_ended"], 2);
}
