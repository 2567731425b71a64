//! Entries: a unit enters its people's (or its own) works while the contest takes
//! entries, attaches their files, and may withdraw them until entries close.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::contests::{ContestEntry, ContestEntryContent, ContestKind, EntryStatus};
use api_types::disclosure::DisclosureStatus;
use api_types::{FieldError, Permission};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{self, EntryRow};
use crate::auth::policy::subtree;
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{contest_entries, disclosure_records, units, users};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_entries)
        .service(create_entry)
        .service(get_entry)
        .service(withdraw_entry)
        .service(attach_entry_file);
}

/// The entries of a contest (withdrawn ones too), in the order they came; with their
/// results once published.
#[utoipa::path(tag = "contests", params(("id" = Uuid, Path, description = "Contest id")), responses((status = 200, body = Vec<ContestEntry>)))]
#[get("/contests/{id}/entries")]
async fn list_entries(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let entries = db::run(&state.pool, move |conn| {
        let contest = model::find_contest(conn, &id.0.to_string())?;
        model::require_visible(conn, &auth.principal, &contest)?;
        let rows = model::entries_of(conn, &contest.id)?;
        model::entry_dtos(conn, &rows)
    })
    .await?;
    etag::hashed_json(&req, &entries)
}

/// One entry.
#[utoipa::path(tag = "contests", params(("id" = Uuid, Path, description = "Entry id")), responses((status = 200, body = ContestEntry)))]
#[get("/contest-entries/{id}")]
async fn get_entry(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let entry = db::run(&state.pool, move |conn| {
        let row = model::find_entry(conn, &id.0.to_string())?;
        let contest = model::find_contest(conn, &row.contest_id)?;
        model::require_visible(conn, &auth.principal, &contest)?;
        model::entry_dto(conn, &row)
    })
    .await?;
    etag::derived_json(&req, entry.version, &entry)
}

/// The rules of an entry no schema states, all at once: the entrant is one of the
/// unit's active people and has no other entry in the contest; a decision is linked
/// only in a reasoned-document contest, and is a published record of the unit's.
fn check_entry(
    conn: &mut DbConnection,
    contest: &model::ContestRow,
    content: &ContestEntryContent,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let unit = content.unit_id.to_string();
    let unit_known = units::table.find(&unit).count().get_result::<i64>(conn)? > 0;
    if !unit_known {
        errors.push(FieldError::new("unit_id", "unknown_unit", "no such unit"));
    }
    if let Some(entrant) = content.entrant_user_id {
        let entrant = entrant.to_string();
        let found: Option<(String, bool)> = users::table
            .find(&entrant)
            .select((users::unit_id, users::active))
            .first(conn)
            .optional()?;
        match found {
            Some((person_unit, true)) if person_unit == unit => {
                let taken = contest_entries::table
                    .filter(contest_entries::contest_id.eq(&contest.id))
                    .filter(contest_entries::entrant_user_id.eq(&entrant))
                    .filter(contest_entries::status.eq(EntryStatus::Submitted.as_str()))
                    .count()
                    .get_result::<i64>(conn)?;
                if taken > 0 {
                    errors.push(FieldError::new(
                        "entrant_user_id",
                        "already_entered",
                        "this person already has an entry in the contest (withdraw it first)",
                    ));
                }
            }
            Some((_, true)) => errors.push(FieldError::new(
                "entrant_user_id",
                "not_of_unit",
                "the entrant must be one of the entering unit's people",
            )),
            Some((_, false)) => errors.push(FieldError::new(
                "entrant_user_id",
                "inactive_user",
                "this account is disabled",
            )),
            None => errors.push(FieldError::new(
                "entrant_user_id",
                "unknown_user",
                "no such person",
            )),
        }
    }
    if let Some(record) = content.disclosure_record_id {
        if contest.kind != ContestKind::ReasonedDocument.as_str() {
            errors.push(FieldError::new(
                "disclosure_record_id",
                "not_reasoned_document",
                "only an entry of a reasoned-document contest names a penalty decision",
            ));
        } else {
            let found: Option<(String, String)> = disclosure_records::table
                .find(record.to_string())
                .select((
                    disclosure_records::issuing_unit_id,
                    disclosure_records::status,
                ))
                .first(conn)
                .optional()?;
            let public = [
                DisclosureStatus::Published.as_str(),
                DisclosureStatus::Corrected.as_str(),
            ];
            match found {
                None => errors.push(FieldError::new(
                    "disclosure_record_id",
                    "unknown_record",
                    "no such disclosure record",
                )),
                Some((_, status)) if !public.contains(&status.as_str()) => {
                    errors.push(FieldError::new(
                        "disclosure_record_id",
                        "not_published",
                        "the decision must be published (not a draft or withdrawn)",
                    ))
                }
                Some((issuer, _)) => {
                    if unit_known && issuer != unit && !subtree(conn, &unit)?.contains(&issuer) {
                        errors.push(FieldError::new(
                            "disclosure_record_id",
                            "not_of_unit",
                            "the decision must be one issued by the entering unit (or a unit under it)",
                        ));
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Enter a work while the contest takes entries: for a unit in the caller's scope, by
/// one of its people or by the unit itself.
#[utoipa::path(
    tag = "contests",
    request_body = ContestEntryContent,
    params(("id" = Uuid, Path, description = "Contest id")),
    responses((status = 201, body = ContestEntry))
)]
#[post("/contests/{id}/entries")]
async fn create_entry(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsEnter>,
    id: PathId,
    body: Json<ContestEntryContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_unit(
            conn,
            Permission::ContestsEnter,
            &content.unit_id.to_string(),
        )?;
        model::lock_contest(conn, &id.0.to_string())?;
        let contest = model::find_contest(conn, &id.0.to_string())?;
        model::require_visible(conn, principal, &contest)?;
        let now = time::now();
        if !contest.entry_open(now) {
            return Err(ApiError::invalid_state(format!(
                "the contest takes entries from {} to {} (Beijing time) while it is announced",
                crate::resources::training::local_minute(contest.entry_opens_at),
                crate::resources::training::local_minute(contest.entry_closes_at)
            )));
        }
        check_entry(conn, &contest, &content)?;
        let row = EntryRow {
            id: time::new_id(),
            contest_id: contest.id.clone(),
            unit_id: content.unit_id.to_string(),
            entrant_user_id: content.entrant_user_id.map(|u| u.to_string()),
            title: content.title.trim().to_string(),
            summary: content.summary.trim().to_string(),
            disclosure_record_id: content.disclosure_record_id.map(|r| r.to_string()),
            status: EntryStatus::Submitted.as_str().into(),
            result_rank: None,
            result_score: None,
            result_award: None,
            result_counted: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(contest_entries::table)
            .values(&row)
            .execute(conn)?;
        let dto = model::entry_dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/contest-entries/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::ContestEntry, dto.id, &dto),
        )
    })
    .await
}

/// Withdraw an entry (`If-Match`) while the contest still takes entries; it stays on
/// record.
#[utoipa::path(
    tag = "contests",
    params(("id" = Uuid, Path, description = "Entry id"), ("If-Match" = String, Header, description = "ETag of the entry")),
    responses((status = 200, body = ContestEntry))
)]
#[post("/contest-entries/{id}/withdraw")]
async fn withdraw_entry(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsEnter>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = model::find_entry(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::ContestsEnter, &current.unit_id)?;
        check_version(current.version, expected)?;
        model::lock_contest(conn, &current.contest_id)?;
        let contest = model::find_contest(conn, &current.contest_id)?;
        if current.status()? == EntryStatus::Withdrawn {
            return Err(ApiError::invalid_state("the entry is already withdrawn"));
        }
        if !contest.entry_open(time::now()) {
            return Err(ApiError::invalid_state(
                "entries are withdrawn only while the contest takes them (before the deadline)",
            ));
        }
        let before = model::entry_dto(conn, &current)?;
        let mut next = current.clone();
        next.status = EntryStatus::Withdrawn.as_str().into();
        versioned_save!(conn, contest_entries, &mut next, current.version)?;
        let after = model::entry_dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Withdraw,
                ResourceKind::ContestEntry,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// An entry's files (see `resources::attachments`): its unit attaches the essay, the
/// document or the slides while the contest takes entries; every reader of the contest
/// reads them.
pub static ENTRY_FILES: OwnerRules = OwnerRules {
    kind: ResourceKind::ContestEntry,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 20,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

const CLOSED: &str =
    "the entry no longer changes: it is withdrawn or the contest's entries have closed";

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    let entry = model::find_entry(conn, id)?;
    principal.require_unit(conn, Permission::ContestsEnter, &entry.unit_id)?;
    model::lock_contest(conn, &entry.contest_id)?;
    let contest = model::find_contest(conn, &entry.contest_id)?;
    if entry.status()? == EntryStatus::Submitted && contest.entry_open(time::now()) {
        Ok(entry.unit_id)
    } else {
        Err(ApiError::invalid_state(CLOSED))
    }
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    principal.require(Permission::ContestsRead)?;
    let entry = model::find_entry(conn, &file.owner_id)?;
    let contest = model::find_contest(conn, &entry.contest_id)?;
    model::require_visible(conn, principal, &contest)
}

/// Bumps the entry's version while it is submitted.
fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let updated = diesel::update(
        contest_entries::table
            .find(id)
            .filter(contest_entries::status.eq(EntryStatus::Submitted.as_str())),
    )
    .set((
        contest_entries::version.eq(contest_entries::version + 1),
        contest_entries::updated_at.eq(at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::invalid_state(CLOSED));
    }
    Ok(())
}

/// Attach a file to an entry (`multipart/form-data`, one part `file`): by its unit while
/// the contest takes entries.
#[utoipa::path(
    tag = "contests",
    params(("id" = Uuid, Path, description = "Entry id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contest-entries/{id}/attachments")]
async fn attach_entry_file(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsEnter>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(req, state, ctx, payload, &ENTRY_FILES, id.0).await
}
