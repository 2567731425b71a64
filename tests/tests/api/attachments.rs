//! Attachments, proved on a progress report's evidence: the type is sniffed from the
//! bytes, the size limit holds, reading follows the report's unit scope, a withdrawn
//! file is kept, the S3 store works against a real S3-compatible server (moto).

use actix_web::test::TestRequest;
use api::config::{AttachmentStore, S3Bucket};
use api_types::Role;
use diesel::prelude::*;
use enforcement_tests::{app, multipart_file, ok, sample_pdf, send, S3Server, TestApp};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::plans::{import, milestone_by_title, report_body, world, World};

/// A report by XQ on task 9 (lead: the law section); returns its id.
async fn xq_report<S, B>(app: &S, w: &World) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (plan, tasks) = import(app, &w.bureau).await;
    let task9 = tasks[8]["id"].as_str().unwrap();
    let milestone = milestone_by_title(app, &w.bureau, &plan, "申报执法示范创建单位").await;
    let body = report_body(task9, milestone["id"].as_str(), &w.t.unit_id("XQ"), 100);
    let report = ok(
        &send(app, w.xq.post("/api/v1/progress-reports", &body)).await,
        201,
    );
    report["id"].as_str().unwrap().to_string()
}

fn stored_objects(dir: &std::path::Path) -> usize {
    fn walk(dir: &std::path::Path, n: &mut usize) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, n);
            } else {
                *n += 1;
            }
        }
    }
    let mut n = 0;
    walk(dir, &mut n);
    n
}

fn attachment_rows(t: &TestApp) -> i64 {
    use api::db::schema::attachments;
    let mut conn = t.state.pool.get().unwrap();
    attachments::table.count().get_result(&mut *conn).unwrap()
}

#[actix_web::test]
async fn evidence_is_recognised_by_its_bytes_and_kept_once_per_content() {
    let w = world();
    let app = app!(w);
    let report = xq_report(&app, &w).await;
    let uri = format!("/api/v1/progress-reports/{report}/attachments");
    let pdf = sample_pdf("整改前后对比");

    let file = ok(
        &send(&app, w.xq.upload(&uri, "整改报告.pdf", &pdf)).await,
        201,
    );
    assert_eq!(file["file_name"], "整改报告.pdf");
    assert_eq!(file["file_type"], "pdf");
    assert_eq!(file["media_type"], "application/pdf");
    assert_eq!(file["byte_size"], pdf.len());
    assert_eq!(file["sha256"], hex::encode(Sha256::digest(&pdf)));
    assert_eq!(file["status"], "active");
    assert_eq!(file["owner_type"], "progress_report");
    assert_eq!(file["owner_id"], report.as_str());
    assert_eq!(file["unit_id"], w.t.unit_id("XQ"));

    // The report lists it, and its version moved (its ETag changes with its evidence).
    let shown = ok(
        &send(
            &app,
            w.bureau.get(&format!("/api/v1/progress-reports/{report}")),
        )
        .await,
        200,
    );
    assert_eq!(shown["version"], 2);
    assert_eq!(shown["attachments"][0]["id"], file["id"]);

    // A file that is not what its name and declared type say is refused, and nothing
    // is recorded for it.
    let rows = attachment_rows(&w.t);
    let disguised: &[(&str, &[u8])] = &[
        (
            "现场照片.jpg",
            b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program",
        ),
        ("说明.pdf", b"<html><script>alert(1)</script></html>"),
        ("台账.docx", b"PK\x03\x04 not a real package at all"),
    ];
    for (name, bytes) in disguised {
        let (content_type, body) = multipart_file(name, "image/jpeg", bytes);
        let refused = send(
            &app,
            TestRequest::post()
                .uri(&uri)
                .insert_header(w.xq.bearer())
                .insert_header(("Content-Type", content_type))
                .set_payload(body),
        )
        .await;
        let problem = refused.assert_problem(415, "unsupported_media_type");
        assert_eq!(problem["errors"][0]["field"], "file", "{name}");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("PDF, Word, Excel, JPG, PNG, OFD"),
            "{problem}"
        );
    }
    assert_eq!(attachment_rows(&w.t), rows);

    // Not multipart, no file, an empty file, more than one file.
    send(&app, w.xq.post(&uri, &json!({"file": "x"})))
        .await
        .assert_problem(415, "unsupported_media_type");
    let empty = send(&app, w.xq.upload(&uri, "空.pdf", b"")).await;
    assert_eq!(
        empty.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "empty"
    );
    let boundary = "b0undary";
    let no_file = send(
        &app,
        TestRequest::post()
            .uri(&uri)
            .insert_header(w.xq.bearer())
            .insert_header(("Content-Type", format!("multipart/form-data; boundary={boundary}")))
            .set_payload(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--{boundary}--\r\n"
            )),
    )
    .await;
    assert_eq!(
        no_file.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "file"
    );

    // Larger than the kind's limit (20 MB): 413 naming the limit.
    let mut big = sample_pdf("big");
    big.resize(20 * 1024 * 1024 + 1, b' ');
    let too_big = send(&app, w.xq.upload(&uri, "扫描件.pdf", &big)).await;
    let problem = too_big.assert_problem(413, "payload_too_large");
    assert!(
        problem["detail"].as_str().unwrap().contains("20 MB"),
        "{problem}"
    );

    // The same bytes again: a second attachment, one stored object.
    let again = ok(
        &send(&app, w.xq.upload(&uri, "整改报告（副本）.pdf", &pdf)).await,
        201,
    );
    assert_ne!(again["id"], file["id"]);
    assert_eq!(stored_objects(&w.t.dir.path().join("attachments")), 1);

    // A PNG and a Word file are taken too (recognised, not named).
    let png =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";
    let image = ok(&send(&app, w.xq.upload(&uri, "photo", png)).await, 201);
    assert_eq!(image["file_type"], "png");
    // The name ends in what the file is, so it never opens as something else.
    assert_eq!(image["file_name"], "photo.png");
    let renamed = ok(
        &send(&app, w.xq.upload(&uri, "整改.bat", &sample_pdf("bat"))).await,
        201,
    );
    assert_eq!(renamed["file_name"], "整改.bat.pdf");
    let hidden = ok(
        &send(
            &app,
            w.xq.upload(&uri, "报告\u{202E}fdp.exe", &sample_pdf("rlo")),
        )
        .await,
        201,
    );
    assert_eq!(hidden["file_name"], "报告fdp.exe.pdf");
    assert_eq!(stored_objects(&w.t.dir.path().join("attachments")), 4);

    // A record holds at most 50 files (withdrawn ones count: they are kept).
    let held = attachment_rows(&w.t);
    for i in held..50 {
        ok(
            &send(
                &app,
                w.xq.upload(&uri, "补充.pdf", &sample_pdf(&i.to_string())),
            )
            .await,
            201,
        );
    }
    let full = send(&app, w.xq.upload(&uri, "第51份.pdf", &sample_pdf("51"))).await;
    assert_eq!(
        full.assert_problem(422, "validation_failed")["errors"][0]["code"],
        "too_many_files"
    );
    assert_eq!(attachment_rows(&w.t), 50);
}

#[actix_web::test]
async fn evidence_is_read_within_the_reports_scope_and_withdrawn_but_never_deleted() {
    let w = world();
    let app = app!(w);
    let report = xq_report(&app, &w).await;
    let uri = format!("/api/v1/progress-reports/{report}/attachments");
    let pdf = sample_pdf("现场检查记录");
    let file = ok(
        &send(&app, w.xq.upload(&uri, "现场检查记录.pdf", &pdf)).await,
        201,
    );
    let id = file["id"].as_str().unwrap();
    let content = format!("/api/v1/attachments/{id}/content");

    // The unit, its brigade's county, the reviewing lead section and the bureau read it.
    let brigade = w.t.add_user("xq.brigade", "XQ-1", &[Role::Officer]);
    let auditor = w.t.add_user("auditor", "CITY", &[Role::Auditor]);
    for reader in [&w.xq, &w.law, &w.bureau, &auditor] {
        let got = send(&app, reader.get(&content)).await;
        assert_eq!(got.status, 200, "{}: {}", reader.login, got.text());
        assert_eq!(got.body.as_slice(), pdf.as_slice());
        assert_eq!(got.content_type(), "application/pdf");
        assert_eq!(
            got.header("etag").unwrap(),
            format!("\"{}\"", file["sha256"].as_str().unwrap())
        );
        let disposition = got.header("content-disposition").unwrap();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        assert!(
            disposition.contains("filename*=UTF-8''%E7%8E%B0%E5%9C%BA"),
            "{disposition}"
        );
    }
    // Another county, a brigade below XQ (own scope only), a section that does not lead
    // the task, and the administrator do not — neither the bytes nor the description.
    let admin = w.t.add_user("admin2", "CITY", &[Role::Admin]);
    for outsider in [&w.yq, &brigade, &w.hr, &admin] {
        send(&app, outsider.get(&content))
            .await
            .assert_problem(403, "forbidden");
        send(&app, outsider.get(&format!("/api/v1/attachments/{id}")))
            .await
            .assert_problem(403, "forbidden");
    }
    // The report itself is read by every role, its evidence list only by those who may
    // download it.
    let report_uri = format!("/api/v1/progress-reports/{report}");
    for outsider in [&w.yq, &brigade, &w.hr, &admin] {
        let seen = ok(&send(&app, outsider.get(&report_uri)).await, 200);
        assert_eq!(seen["attachments"], json!([]), "{}", outsider.login);
        let listed = ok(
            &send(
                &app,
                outsider.get(&format!(
                    "/api/v1/progress-reports?task_id={}",
                    seen["task_id"].as_str().unwrap()
                )),
            )
            .await,
            200,
        );
        for item in listed["items"].as_array().unwrap() {
            assert_eq!(item["attachments"], json!([]), "{}", outsider.login);
        }
    }
    let seen = ok(&send(&app, w.law.get(&report_uri)).await, 200);
    assert_eq!(seen["attachments"][0]["id"], file["id"]);
    // Another county cannot attach to XQ's report either.
    send(&app, w.yq.upload(&uri, "x.pdf", &pdf))
        .await
        .assert_problem(403, "forbidden");
    // A conditional download of the current bytes is 304.
    let etag = send(&app, w.xq.get(&content)).await.header("etag").unwrap();
    let cached = send(
        &app,
        w.xq.get(&content).insert_header(("If-None-Match", etag)),
    )
    .await;
    assert_eq!(cached.status, 304);

    // Withdrawal needs If-Match and a reason; the file stays, marked.
    let withdraw = format!("/api/v1/attachments/{id}/withdraw");
    send(&app, w.xq.post(&withdraw, &json!({"reason": "传错文件"})))
        .await
        .assert_problem(428, "precondition_required");
    let no_reason = send(
        &app,
        w.xq.post(&withdraw, &json!({"reason": "  "}))
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(
        no_reason.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "reason"
    );
    send(
        &app,
        w.yq.post(&withdraw, &json!({"reason": "x"}))
            .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(403, "forbidden");
    let withdrawn = ok(
        &send(
            &app,
            w.xq.post(&withdraw, &json!({"reason": "传错文件"}))
                .insert_header(("If-Match", "\"1\"")),
        )
        .await,
        200,
    );
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["withdrawal_reason"], "传错文件");
    assert_eq!(withdrawn["withdrawn_by_name"], "xq.county");
    send(
        &app,
        w.xq.post(&withdraw, &json!({"reason": "again"}))
            .insert_header(("If-Match", "\"2\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    let still = send(&app, w.law.get(&content)).await;
    assert_eq!(still.status, 200);
    assert_eq!(still.body.as_slice(), pdf.as_slice());
    let report_now = ok(
        &send(
            &app,
            w.law.get(&format!("/api/v1/progress-reports/{report}")),
        )
        .await,
        200,
    );
    assert_eq!(report_now["attachments"][0]["status"], "withdrawn");
    let version = report_now["version"].as_i64().unwrap();
    assert_eq!(
        version, 3,
        "upload and withdrawal each move the report's version"
    );

    // Both steps are in the audit trail, with the file's hash.
    let events = ok(
        &send(
            &app,
            w.bureau.get(&format!(
                "/api/v1/audit-events?resource_type=attachment&resource_id={id}"
            )),
        )
        .await,
        200,
    );
    let actions: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.len(), 2, "{events}");
    assert!(
        actions.contains(&"create") && actions.contains(&"withdraw"),
        "{actions:?}"
    );

    // Once acknowledged, the evidence is part of the record: nothing more is attached
    // or withdrawn.
    let second = ok(
        &send(&app, w.xq.upload(&uri, "补充材料.pdf", &sample_pdf("补充"))).await,
        201,
    );
    ok(
        &send(
            &app,
            w.law
                .post(
                    &format!("/api/v1/progress-reports/{report}/acknowledge"),
                    &json!({}),
                )
                .insert_header(("If-Match", format!("\"{}\"", version + 1))),
        )
        .await,
        200,
    );
    send(&app, w.xq.upload(&uri, "迟交.pdf", &sample_pdf("迟交")))
        .await
        .assert_problem(409, "invalid_state");
    send(
        &app,
        w.xq.post(
            &format!(
                "/api/v1/attachments/{}/withdraw",
                second["id"].as_str().unwrap()
            ),
            &json!({"reason": "x"}),
        )
        .insert_header(("If-Match", "\"1\"")),
    )
    .await
    .assert_problem(409, "invalid_state");
    // There is no way to delete a file.
    let delete = send(
        &app,
        TestRequest::delete()
            .uri(&format!("/api/v1/attachments/{id}"))
            .insert_header(w.xq.bearer()),
    )
    .await;
    assert_eq!(delete.status, 405);
    assert_eq!(attachment_rows(&w.t), 2);
}

fn s3_store(endpoint: &str, bucket: &str) -> AttachmentStore {
    AttachmentStore::S3(S3Bucket {
        bucket: bucket.to_string(),
        prefix: "evidence".to_string(),
        endpoint: Some(endpoint.to_string()),
        region: "us-east-1".to_string(),
        access_key_id: Some("testing".to_string()),
        secret_access_key: Some("testing".to_string()),
    })
}

#[actix_web::test]
async fn the_s3_store_keeps_and_serves_evidence_on_a_real_s3_server() {
    let s3 = S3Server::start("bureau-evidence").await;
    let endpoint = s3.endpoint.clone();
    let w = crate::plans::world_with(|config| {
        config.attachment_store = s3_store(&endpoint, "bureau-evidence");
    });
    let app = app!(w);
    let report = xq_report(&app, &w).await;
    let uri = format!("/api/v1/progress-reports/{report}/attachments");
    // A JPEG of some size, so the upload is more than one chunk.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.extend((0..300_000u32).map(|i| (i % 251) as u8));
    let file = ok(
        &send(&app, w.xq.upload(&uri, "现场照片.jpg", &jpeg)).await,
        201,
    );
    let sha = file["sha256"].as_str().unwrap();

    // The bytes are in the bucket under the configured prefix, named by their hash…
    let key = format!("evidence/sha256/{}/{sha}", &sha[..2]);
    assert_eq!(
        s3.object("bureau-evidence", &key).await.as_deref(),
        Some(jpeg.as_slice())
    );
    // …nothing went to the local folder…
    assert!(!w.t.dir.path().join("attachments").exists());
    // …and the download streams them back.
    let got = send(
        &app,
        w.law.get(&format!(
            "/api/v1/attachments/{}/content",
            file["id"].as_str().unwrap()
        )),
    )
    .await;
    assert_eq!(got.status, 200, "{}", got.text());
    assert_eq!(got.content_type(), "image/jpeg");
    assert_eq!(got.body.as_slice(), jpeg.as_slice());
}

#[actix_web::test]
async fn an_unreachable_store_is_a_503_and_nothing_is_recorded() {
    // Nothing listens on port 1.
    let w = crate::plans::world_with(|config| {
        config.attachment_store = s3_store("http://127.0.0.1:1", "nowhere");
    });
    let app = app!(w);
    let report = xq_report(&app, &w).await;
    let uri = format!("/api/v1/progress-reports/{report}/attachments");
    let reply = send(&app, w.xq.upload(&uri, "a.pdf", &sample_pdf("a"))).await;
    let problem: Value = reply.assert_problem(503, "storage_unavailable");
    assert!(
        problem["detail"].as_str().unwrap().contains("file store"),
        "{problem}"
    );
    assert_eq!(attachment_rows(&w.t), 0);
    let shown = ok(
        &send(
            &app,
            w.xq.get(&format!("/api/v1/progress-reports/{report}")),
        )
        .await,
        200,
    );
    assert_eq!(shown["version"], 1);
}
