//! HTTP handlers for attachments: metadata, download and withdrawal here; each owning
//! resource declares its own upload route and calls [`upload`].

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::attachments::{Attachment, AttachmentStatus, AttachmentWithdrawal};
use api_types::audit::{AuditAction, ResourceKind};
use uuid::Uuid;

use super::model::{self, AttachmentRow};
use super::owners::{rules_for, OwnerRules};
use super::upload::receive;
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::attachments;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::http::write::{versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_attachment)
        .service(download)
        .service(withdraw);
}

/// The attachment `id`, when `principal` may read it.
fn readable(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<AttachmentRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    (rules_for(row.owner_kind()?)?.may_read)(conn, principal, &row)?;
    Ok(row)
}

/// An attachment's description (who may read it: see `attachments.read`).
#[utoipa::path(tag = "attachments", params(("id" = Uuid, Path, description = "Attachment id")), responses((status = 200, body = Attachment)))]
#[get("/attachments/{id}")]
async fn get_attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AttachmentsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let dto = db::run(&state.pool, move |conn| {
        readable(conn, &auth.principal, id.0)?.to_dto()
    })
    .await?;
    etag::versioned_json(&req, dto.version, &dto)
}

/// The file itself, as uploaded (withdrawn files too). Its `ETag` is the SHA-256 of
/// the bytes; the type served is the one recognised at upload.
#[utoipa::path(
    tag = "attachments",
    params(("id" = Uuid, Path, description = "Attachment id")),
    responses(
        (status = 200, description = "The file's bytes, served as the type recognised at upload", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "application/ofd")
        )),
        (status = 304, description = "The client's copy (`If-None-Match`) is current"),
        (status = 503, description = "The file store cannot be reached", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[get("/attachments/{id}/content")]
async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AttachmentsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let row = db::run(&state.pool, move |conn| {
        readable(conn, &auth.principal, id.0)
    })
    .await?;
    let tag = format!("\"{}\"", row.sha256);
    if etag::if_none_match_hits(&req, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .insert_header((header::CACHE_CONTROL, "private, no-cache"))
            .finish());
    }
    let file = state.attachments.get(&row.storage_key).await?;
    let ascii: String = row
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: row.file_name.clone().into_bytes(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type(row.media_type.clone())
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header(disposition)
        .no_chunking(file.size)
        .streaming(file.bytes))
}

/// Take a file back from its record, with a reason (`If-Match` required). The file is
/// kept, marked withdrawn, and still downloadable; the audit trail has both steps.
/// Allowed while the record may still change (a progress report until it is
/// acknowledged).
#[utoipa::path(
    tag = "attachments",
    request_body = AttachmentWithdrawal,
    params(("id" = Uuid, Path, description = "Attachment id"), ("If-Match" = String, Header, description = "ETag of the version withdrawn")),
    responses((status = 200, body = Attachment))
)]
#[post("/attachments/{id}/withdraw")]
async fn withdraw(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AttachmentsWrite>,
    id: PathId,
    body: Json<AttachmentWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let withdrawal = body.0;
    let reason = withdrawal.reason.trim().to_string();
    ctx.run(&state, &withdrawal, move |conn, principal| {
        let current = model::find(conn, &id.0.to_string())?;
        let rules = rules_for(current.owner_kind()?)?;
        (rules.may_change)(conn, principal, &current.owner_id)?;
        crate::http::write::check_version(current.version, expected)?;
        if current.status()? == AttachmentStatus::Withdrawn {
            return Err(ApiError::invalid_state("the file is already withdrawn"));
        }
        let before = current.to_dto()?;
        let now = time::now();
        let mut row = current.clone();
        row.status = AttachmentStatus::Withdrawn.as_str().to_string();
        row.withdrawn_at = Some(now);
        row.withdrawn_by_name = Some(principal.name.clone());
        row.withdrawal_reason = Some(reason.clone());
        versioned_save!(conn, attachments, &mut row, current.version, now)?;
        (rules.touch)(conn, &row.owner_id, now)?;
        let after = row.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Withdraw,
                ResourceKind::Attachment,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// The body of an owner's upload route (`POST /…/{id}/attachments`, multipart with a
/// part `file`): checks that the caller may attach to the record, reads and sniffs the
/// file within the kind's limits, stores the bytes, then records the attachment (and
/// touches the record) in one audited transaction. Answers 201 with the [`Attachment`].
/// The route's permission `P` is `attachments.write`, or the owner's own when only its
/// managers attach (a training's organisers); `may_change` checks the unit either way.
pub async fn upload<P>(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<P>,
    payload: web::Payload,
    rules: &'static OwnerRules,
    owner_id: Uuid,
) -> Result<HttpResponse, ApiError> {
    let owner = owner_id.to_string();
    // Before reading the file: a caller who may not attach learns it at once.
    {
        let principal = ctx.principal.clone();
        let owner = owner.clone();
        db::run(&state.pool, move |conn| {
            (rules.may_change)(conn, &principal, &owner)
        })
        .await?;
    }
    let file = receive(&req, payload, rules.max_bytes, rules.types).await?;
    let storage_key = state.attachments.key_for(&file.sha256);
    // Content-addressed: a file stored for a change that then fails is the same object a
    // later upload of those bytes uses, and never a different file under a known key.
    state
        .attachments
        .put(&storage_key, file.bytes.clone())
        .await?;
    let sent = serde_json::json!({
        "owner_type": rules.kind,
        "owner_id": owner,
        "file_name": file.file_name,
        "sha256": file.sha256,
    });
    ctx.run(&state, &sent, move |conn, principal| {
        let unit_id = (rules.may_change)(conn, principal, &owner)?;
        let held: i64 = {
            use diesel::prelude::*;
            attachments::table
                .filter(attachments::owner_type.eq(rules.kind.as_str()))
                .filter(attachments::owner_id.eq(&owner))
                .count()
                .get_result(conn)?
        };
        if held >= rules.max_files {
            return Err(ApiError::rule(
                "file",
                "too_many_files",
                format!("a record holds at most {} files", rules.max_files),
            ));
        }
        let now = time::now();
        let row = AttachmentRow {
            id: time::new_id(),
            owner_type: rules.kind.as_str().to_string(),
            owner_id: owner.clone(),
            unit_id,
            file_name: file.file_name.clone(),
            media_type: file.file_type.media_type().to_string(),
            byte_size: i64::try_from(file.bytes.len()).map_err(ApiError::internal)?,
            sha256: file.sha256.clone(),
            storage_key: storage_key.clone(),
            status: AttachmentStatus::Active.as_str().to_string(),
            uploaded_by: principal.id.to_string(),
            uploaded_by_name: principal.name.clone(),
            withdrawn_at: None,
            withdrawn_by_name: None,
            withdrawal_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        {
            use diesel::prelude::*;
            diesel::insert_into(attachments::table)
                .values(&row)
                .execute(conn)?;
        }
        (rules.touch)(conn, &owner, now)?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/attachments/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Attachment, dto.id, &dto),
        )
    })
    .await
}
