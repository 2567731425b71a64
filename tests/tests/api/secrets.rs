//! Passwords and secrets never appear in logs, responses or the audit trail: the API
//! binary runs with debug logging, every kind of credential is used, and everything it
//! said and logged is searched for each of them.

use diesel::prelude::*;
use enforcement_tests::{ApiProcess, TestDb};
use serde_json::{json, Value};

struct Recorder {
    client: reqwest::Client,
    /// Every response seen: (what, headers and body as text).
    seen: Vec<(String, String)>,
}

impl Recorder {
    async fn call(&mut self, what: &str, req: reqwest::RequestBuilder) -> (u16, Value) {
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = format!("{:?}", res.headers());
        let text = res.text().await.unwrap();
        self.seen
            .push((what.to_string(), format!("{headers}\n{text}")));
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[actix_web::test]
async fn credentials_never_reach_logs_responses_or_the_audit_trail() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let bootstrap = "bootstrap-secret-0123456789";
    let api = ApiProcess::start(
        dir.path(),
        &[
            ("DATABASE_URL", db.url()),
            ("RUST_LOG", "debug"),
            ("BOOTSTRAP_TOKEN", bootstrap),
        ],
    );
    let url = |p: &str| api.url(p);
    let mut r = Recorder {
        client: reqwest::Client::new(),
        seen: Vec::new(),
    };
    let admin_password = "Admin-password-1";
    let user_password = "User-password-22";
    let reset_password = "Reset-password-333";
    let new_admin_password = "Admin-password-4444";
    let wrong_password = "Wrong-password-55555";
    let auditor_password = "Auditor-password-6";

    let (s, tokens) = r
        .call(
            "bootstrap",
            r.client.post(url("/api/v1/auth/bootstrap")).json(&json!({
                "bootstrap_token": bootstrap, "login": "root", "name": "管理员", "password": admin_password
            })),
        )
        .await;
    assert_eq!(s, 201, "{tokens}");
    let admin_access = tokens["access_token"].as_str().unwrap().to_string();
    let admin_refresh = tokens["refresh_token"].as_str().unwrap().to_string();
    let me = r
        .call(
            "me",
            r.client.get(url("/api/v1/me")).bearer_auth(&admin_access),
        )
        .await
        .1;
    let city = me["unit"]["id"].as_str().unwrap().to_string();

    let (s, user) = r
        .call(
            "create user",
            r.client.post(url("/api/v1/users")).bearer_auth(&admin_access).header("Idempotency-Key", "u1").json(&json!({
                "login": "clerk", "name": "办事员", "unit_id": city, "roles": ["section"], "password": user_password
            })),
        )
        .await;
    assert_eq!(s, 201, "{user}");
    let user_id = user["id"].as_str().unwrap().to_string();
    let (s, _) = r
        .call(
            "login clerk",
            r.client
                .post(url("/api/v1/auth/login"))
                .json(&json!({"login": "clerk", "password": user_password})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = r
        .call(
            "reset clerk",
            r.client
                .post(url(&format!("/api/v1/users/{user_id}/password")))
                .bearer_auth(&admin_access)
                .json(&json!({"new_password": reset_password})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = r
        .call(
            "wrong login",
            r.client
                .post(url("/api/v1/auth/login"))
                .json(&json!({"login": "clerk", "password": wrong_password})),
        )
        .await;
    assert_eq!(s, 401);
    let (s, _) = r
        .call(
            "change own password",
            r.client
                .post(url("/api/v1/me/password"))
                .bearer_auth(&admin_access)
                .json(&json!({
                    "current_password": admin_password, "new_password": new_admin_password
                })),
        )
        .await;
    assert_eq!(s, 204);

    // Service account: the secret is shown once, in the creation (and rotation) answer.
    let (s, created) = r
        .call(
            "create service account",
            r.client
                .post(url("/api/v1/service-accounts"))
                .bearer_auth(&admin_access)
                .header("Idempotency-Key", "sa1")
                .json(&json!({"name": "统计平台", "unit_id": city, "grants": ["units.read"]})),
        )
        .await;
    assert_eq!(s, 201);
    let client_id = created["account"]["client_id"]
        .as_str()
        .unwrap()
        .to_string();
    let first_secret = created["client_secret"].as_str().unwrap().to_string();
    let sa_id = created["account"]["id"].as_str().unwrap().to_string();
    let (_, replayed) = r
        .call(
            "replay service account",
            r.client
                .post(url("/api/v1/service-accounts"))
                .bearer_auth(&admin_access)
                .header("Idempotency-Key", "sa1")
                .json(&json!({"name": "统计平台", "unit_id": city, "grants": ["units.read"]})),
        )
        .await;
    assert_eq!(
        replayed["client_secret"],
        Value::Null,
        "a replay never repeats the secret"
    );
    let (s, token) = r
        .call(
            "client token",
            r.client.post(url("/api/v1/auth/token")).json(&json!({
                "grant_type": "client_credentials", "client_id": client_id, "client_secret": first_secret
            })),
        )
        .await;
    assert_eq!(s, 200);
    let service_access = token["access_token"].as_str().unwrap().to_string();
    let (_, rotated) = r
        .call(
            "rotate",
            r.client
                .post(url(&format!(
                    "/api/v1/service-accounts/{sa_id}/rotate-secret"
                )))
                .bearer_auth(&admin_access),
        )
        .await;
    let second_secret = rotated["client_secret"].as_str().unwrap().to_string();

    let (s, _) = r
        .call(
            "create auditor",
            r.client.post(url("/api/v1/users")).bearer_auth(&admin_access).json(&json!({
                "login": "auditor", "name": "审计员", "unit_id": city, "roles": ["auditor"], "password": auditor_password
            })),
        )
        .await;
    assert_eq!(s, 201);
    let (_, auditor_tokens) = r
        .call(
            "login auditor",
            r.client
                .post(url("/api/v1/auth/login"))
                .json(&json!({"login": "auditor", "password": auditor_password})),
        )
        .await;
    let auditor_access = auditor_tokens["access_token"].as_str().unwrap().to_string();
    let (_, audit) = r
        .call(
            "audit trail",
            r.client
                .get(url("/api/v1/audit-events?per_page=200"))
                .bearer_auth(&auditor_access),
        )
        .await;
    let audit_text = audit.to_string();
    assert!(audit["total"].as_i64().unwrap() > 15);
    r.call(
        "users",
        r.client
            .get(url("/api/v1/users"))
            .bearer_auth(&admin_access),
    )
    .await;
    r.call(
        "user",
        r.client
            .get(url(&format!("/api/v1/users/{user_id}")))
            .bearer_auth(&admin_access),
    )
    .await;
    r.call(
        "accounts",
        r.client
            .get(url("/api/v1/service-accounts"))
            .bearer_auth(&admin_access),
    )
    .await;
    r.call(
        "logout",
        r.client
            .post(url("/api/v1/auth/logout"))
            .json(&json!({"refresh_token": admin_refresh})),
    )
    .await;

    let (code, log) = api.stop();
    assert_eq!(code, 0);
    assert!(
        log.contains("DEBUG") || log.contains("INFO"),
        "the log was captured"
    );

    let passwords = [
        admin_password,
        user_password,
        reset_password,
        new_admin_password,
        wrong_password,
        auditor_password,
        bootstrap,
    ];
    let secrets = [first_secret.as_str(), second_secret.as_str()];
    let tokens = [
        admin_access.as_str(),
        admin_refresh.as_str(),
        service_access.as_str(),
        auditor_access.as_str(),
    ];

    for value in passwords.iter().chain(&secrets).chain(&tokens) {
        assert!(!log.contains(value), "the log contains a credential");
        assert!(
            !audit_text.contains(value),
            "the audit trail contains a credential"
        );
    }
    for marker in ["password_hash", "secret_hash", "$argon2", "token_hash"] {
        assert!(
            !audit_text.contains(marker),
            "the audit trail contains {marker}"
        );
        for (what, seen) in &r.seen {
            assert!(
                !seen.contains(marker),
                "response to {what} contains {marker}"
            );
        }
    }
    for (what, seen) in &r.seen {
        for value in &passwords {
            assert!(
                !seen.contains(value),
                "response to {what} contains a password"
            );
        }
        for (i, secret) in secrets.iter().enumerate() {
            let allowed =
                (i == 0 && what == "create service account") || (i == 1 && what == "rotate");
            if !allowed {
                assert!(
                    !seen.contains(secret),
                    "response to {what} contains a client secret"
                );
            }
        }
    }

    // Nor are they stored in clear: not in the replay store, not in any user row.
    let mut conn = db.connect();
    #[derive(QueryableByName)]
    struct Text {
        #[diesel(sql_type = diesel::sql_types::Text)]
        text: String,
    }
    for sql in [
        "SELECT response_body AS text FROM idempotency_keys",
        "SELECT password_hash AS text FROM users",
        "SELECT secret_hash AS text FROM service_accounts",
        "SELECT token_hash AS text FROM refresh_tokens",
        "SELECT value AS text FROM server_secrets",
    ] {
        let rows: Vec<Text> = diesel::sql_query(sql).load(&mut conn).unwrap();
        for row in rows {
            for value in passwords.iter().chain(&secrets).chain(&tokens) {
                assert!(
                    !row.text.contains(value),
                    "{sql} holds a credential in clear"
                );
            }
        }
    }
}
