//! Webhooks: the Standard Webhooks signature, retries until one success, 410 Gone,
//! test events and redelivery, SSRF refusals, and two API processes on one database
//! delivering each event once. The receiver is a real HTTP server on loopback, allowed
//! by `WEBHOOK_ALLOWED_HOSTS`.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use api::resources::webhooks::{deliver, signature};
use api_types::Role;
use chrono::Duration;
use enforcement_tests::{app, ok, send, TestApp, TestUser};
use serde_json::{json, Value};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: i64,
    signature: String,
    body: String,
    answered: u16,
}

/// An HTTP receiver on 127.0.0.1 that answers with the scripted statuses in turn (then
/// 200) and records every request.
#[derive(Clone)]
struct Receiver {
    url: String,
    script: Arc<Mutex<VecDeque<u16>>>,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn start(script: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/hooks",
            listener.local_addr().unwrap().port()
        );
        let receiver = Receiver {
            url,
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            got: Arc::new(Mutex::new(Vec::new())),
        };
        let r = receiver.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut headers = std::collections::HashMap::new();
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    line.clear();
                    reader.read_line(&mut line).unwrap();
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = l.split_once(':') {
                        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                    }
                }
                let length: usize = headers
                    .get("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let answered = r.script.lock().unwrap().pop_front().unwrap_or(200);
                r.got.lock().unwrap().push(Received {
                    id: headers.get("webhook-id").cloned().unwrap_or_default(),
                    timestamp: headers
                        .get("webhook-timestamp")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                    signature: headers
                        .get("webhook-signature")
                        .cloned()
                        .unwrap_or_default(),
                    body: String::from_utf8(body).unwrap(),
                    answered,
                });
                let reply = format!("HTTP/1.1 {answered} X\r\nContent-Length: 8\r\nConnection: close\r\n\r\nreceived");
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        receiver
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

struct World {
    t: TestApp,
    admin: TestUser,
    auditor: TestUser,
    xq: TestUser,
}

fn world() -> World {
    let t = TestApp::with_config(|c| {
        c.webhook_allowed_hosts = vec!["127.0.0.1".into()];
        c.webhook_timeout = std::time::Duration::from_secs(5);
    });
    t.add_counties();
    World {
        admin: t.add_user("w.admin", "CITY", &[Role::Admin]),
        auditor: t.add_user("w.auditor", "CITY", &[Role::Auditor]),
        xq: t.add_user("w.xq", "XQ", &[Role::County]),
        t,
    }
}

fn record(unit: &str, number: &str) -> Value {
    json!({
        "issuing_unit_id": unit, "document_number": number, "case_cause": "占道经营案",
        "party_kind": "legal_person", "party_name": "某公司", "legal_basis": "条例",
        "fine_fen": 100, "execution_status": "executed", "decision_date": "2022-05-10"
    })
}

#[test]
fn the_standard_webhooks_test_vector() {
    assert_eq!(
        signature::sign(
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            1_649_367_553,
            br#"{"email":"test@example.com","username":"test_user"}"#,
        )
        .as_deref(),
        Some("v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")
    );
}

#[actix_web::test]
async fn a_receiver_that_fails_twice_then_succeeds_gets_exactly_one_successful_delivery() {
    let w = world();
    let app = app!(w);
    let receiver = Receiver::start(&[500, 503]);
    let created = ok(
        &send(
            &app,
            w.admin.post(
                "/api/v1/webhook-subscriptions",
                &json!({"url": receiver.url, "event_types": ["disclosure_record.*"], "description": "省平台"}),
            ),
        )
        .await,
        201,
    );
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    let sub = created["subscription"]["id"].as_str().unwrap().to_string();
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &record(&w.t.unit_id("XQ"), "罚决字〔2022〕第1号"),
            ),
        )
        .await,
        201,
    );

    // First attempt now: 500, retried 5 s later; nothing is due before then.
    let now = api::time::now();
    let pass = deliver::run_once(&w.t.state, now).await.unwrap();
    assert_eq!(
        (pass.fanned_out, pass.attempted, pass.delivered),
        (1, 1, 0),
        "only the disclosure event matches"
    );
    assert_eq!(
        deliver::run_once(&w.t.state, now + Duration::seconds(4))
            .await
            .unwrap()
            .attempted,
        0
    );
    // Second: 503, then 5 minutes; third: delivered.
    assert_eq!(
        deliver::run_once(&w.t.state, now + Duration::seconds(6))
            .await
            .unwrap()
            .delivered,
        0
    );
    assert_eq!(
        deliver::run_once(&w.t.state, now + Duration::seconds(200))
            .await
            .unwrap()
            .attempted,
        0
    );
    assert_eq!(
        deliver::run_once(&w.t.state, now + Duration::seconds(310))
            .await
            .unwrap()
            .delivered,
        1
    );
    // Nothing more, however long one waits.
    assert_eq!(
        deliver::run_once(&w.t.state, now + Duration::days(4))
            .await
            .unwrap()
            .attempted,
        0
    );

    let got = receiver.got();
    assert_eq!(
        got.iter().map(|r| r.answered).collect::<Vec<_>>(),
        [500, 503, 200]
    );
    assert!(
        got.iter().all(|r| r.id == got[0].id),
        "one webhook-id on every attempt"
    );
    for r in &got {
        let expected = signature::sign(&secret, &r.id, r.timestamp, r.body.as_bytes()).unwrap();
        assert_eq!(
            r.signature, expected,
            "signed with the subscription's secret"
        );
    }
    let body: Value = serde_json::from_str(&got[2].body).unwrap();
    assert_eq!(body["type"], "disclosure_record.create");
    assert_eq!(body["data"]["resource_type"], "disclosure_record");

    // The log: one delivery, three attempts.
    let list = ok(
        &send(
            &app,
            w.admin
                .get(&format!("/api/v1/webhook-subscriptions/{sub}/deliveries")),
        )
        .await,
        200,
    );
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["status"], "delivered");
    assert_eq!(list["items"][0]["attempts"], 3);
    let id = list["items"][0]["id"].as_str().unwrap();
    assert_eq!(id, got[0].id);
    let detail = ok(
        &send(
            &app,
            w.admin.get(&format!("/api/v1/webhook-deliveries/{id}")),
        )
        .await,
        200,
    );
    let codes: Vec<i64> = detail["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [500, 503, 200]);
    assert_eq!(detail["attempts"][0]["response_excerpt"], "received");
    // A county user sees none of it.
    send(&app, w.xq.get("/api/v1/webhook-subscriptions"))
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn gone_disables_the_subscription_and_test_events_and_redelivery_send_now() {
    let w = world();
    let app = app!(w);
    let receiver = Receiver::start(&[410]);
    let created = ok(
        &send(
            &app,
            w.admin.post(
                "/api/v1/webhook-subscriptions",
                &json!({"url": receiver.url, "event_types": ["*"]}),
            ),
        )
        .await,
        201,
    );
    let sub = created["subscription"]["id"].as_str().unwrap().to_string();
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &record(&w.t.unit_id("XQ"), "罚决字〔2022〕第2号"),
            ),
        )
        .await,
        201,
    );
    let now = api::time::now();
    deliver::run_once(&w.t.state, now).await.unwrap();
    let current = ok(
        &send(
            &app,
            w.admin.get(&format!("/api/v1/webhook-subscriptions/{sub}")),
        )
        .await,
        200,
    );
    assert_eq!(current["active"], false);
    assert!(current["disabled_reason"].as_str().unwrap().contains("410"));
    let list = ok(
        &send(
            &app,
            w.admin.get(&format!(
                "/api/v1/webhook-subscriptions/{sub}/deliveries?status=failed"
            )),
        )
        .await,
        200,
    );
    assert_eq!(list["total"], 1, "the delivery that got 410");
    assert_eq!(
        receiver.got().len(),
        1,
        "nothing more went to a receiver that is gone"
    );
    // Disabled: later events are not sent.
    ok(
        &send(
            &app,
            w.xq.post(
                "/api/v1/disclosure-records",
                &record(&w.t.unit_id("XQ"), "罚决字〔2022〕第3号"),
            ),
        )
        .await,
        201,
    );
    assert_eq!(
        deliver::run_once(&w.t.state, now + Duration::days(1))
            .await
            .unwrap()
            .fanned_out,
        0
    );
    let events = ok(
        &send(
            &app,
            w.auditor
                .get("/api/v1/audit-events?resource_type=webhook_subscription&action=update"),
        )
        .await,
        200,
    );
    assert_eq!(
        events["items"][0]["actor_roles"], "system",
        "the server disabled it, on the record"
    );

    // A test event goes now, signed; the failed delivery is sent again by hand.
    let test = ok(
        &send(
            &app,
            w.admin.post(
                &format!("/api/v1/webhook-subscriptions/{sub}/test"),
                &json!({}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(test["delivery"]["event_type"], "webhook.test");
    assert_eq!(test["delivery"]["status"], "delivered");
    assert_eq!(test["attempts"][0]["status_code"], 200);
    let failed = list["items"][0]["id"].as_str().unwrap();
    let again = ok(
        &send(
            &app,
            w.admin.post(
                &format!("/api/v1/webhook-deliveries/{failed}/redeliver"),
                &json!({}),
            ),
        )
        .await,
        200,
    );
    assert_eq!(again["delivery"]["status"], "delivered");
    assert_eq!(again["delivery"]["attempts"], 2);
    assert_eq!(
        receiver.got().last().unwrap().id,
        failed,
        "the same webhook-id"
    );
    let actions = ok(
        &send(&app, w.auditor.get("/api/v1/audit-events?action=redeliver")).await,
        200,
    );
    assert_eq!(actions["total"], 1);
}

#[actix_web::test]
async fn internal_addresses_and_unknown_events_are_refused() {
    let t = TestApp::new();
    let admin = t.add_user("w.admin", "CITY", &[Role::Admin]);
    let app = ::actix_web::test::init_service(::api::app(t.state.clone())).await;
    for url in [
        "http://127.0.0.1:9/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://10.0.0.8/",
    ] {
        let reply = send(
            &app,
            admin.post(
                "/api/v1/webhook-subscriptions",
                &json!({"url": url, "event_types": ["*"]}),
            ),
        )
        .await;
        let problem = reply.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "url", "{url}");
        assert_eq!(problem["errors"][0]["code"], "private_address", "{url}");
    }
    let reply = send(
        &app,
        admin.post(
            "/api/v1/webhook-subscriptions",
            &json!({"url": "ftp://8.8.8.8/", "event_types": ["*"]}),
        ),
    )
    .await;
    assert_eq!(
        reply.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "invalid_url"
    );
    let reply = send(
        &app,
        admin.post("/api/v1/webhook-subscriptions", &json!({"url": "https://8.8.8.8/hooks", "event_types": ["disclosure_record.publish", "nothing.real"]})),
    )
    .await;
    let problem = reply.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "event_types[1]");
    let list = ok(
        &send(&app, admin.get("/api/v1/webhook-subscriptions")).await,
        200,
    );
    assert_eq!(list["total"], 0, "nothing stored");
}

#[test]
fn two_api_processes_on_one_database_deliver_each_event_once() {
    let w = world();
    let receiver = Receiver::start(&[]);
    let second = api::prepare(w.t.state.config.as_ref().clone()).expect("a second process");
    actix_web::rt::System::new().block_on(async {
        let app = ::actix_web::test::init_service(::api::app(w.t.state.clone())).await;
        ok(
            &send(
                &app,
                w.admin.post(
                    "/api/v1/webhook-subscriptions",
                    &json!({"url": receiver.url, "event_types": ["disclosure_record.create"]}),
                ),
            )
            .await,
            201,
        );
        let records: Vec<Value> = (0..30)
            .map(|i| {
                record(
                    &w.t.unit_id("XQ"),
                    &format!("罚决字〔2022〕第{}号", 100 + i),
                )
            })
            .collect();
        let batch = ok(
            &send(
                &app,
                w.xq.post(
                    "/api/v1/disclosure-records:batch",
                    &json!({"mode": "each_record", "records": records}),
                ),
            )
            .await,
            200,
        );
        assert_eq!(batch["created"], 30);
        // Both processes pass at once, again and again, until nothing is left.
        let now = api::time::now();
        let (a, b) = (w.t.state.clone(), second.clone());
        let mut delivered = 0;
        for _ in 0..10 {
            let (x, y) =
                futures_util::future::join(deliver::run_once(&a, now), deliver::run_once(&b, now))
                    .await;
            let (x, y) = (x.unwrap(), y.unwrap());
            delivered += x.delivered + y.delivered;
            if x.attempted + y.attempted == 0 && delivered == 30 {
                break;
            }
        }
        assert_eq!(delivered, 30);
    });
    let got = receiver.got();
    let mut ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 30, "each event sent once: {ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 30);
}
