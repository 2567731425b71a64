//! Disclosure records: list, read, enter and replace drafts.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::disclosure::{
    DisclosureContent, DisclosureRecord, DisclosureRevision, DisclosureStatus,
};
use diesel::prelude::*;

use super::list::*;
use super::model;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db;
use crate::db::list::UnitScope;
use crate::db::schema::{disclosure_records, disclosure_revisions};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::middleware::RequestId;
use crate::http::write::{versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::calendar;
use crate::spreadsheet;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_records)
        .service(export_records_xlsx)
        .service(get_record)
        .service(get_revisions)
        .service(create_record)
        .service(replace_draft);
}

/// List disclosure records of the units in the caller's scope, with timeliness.
#[utoipa::path(tag = "disclosure", params(RecordFilter, crate::openapi::ListParams<RecordFilter>), responses((status = 200, body = api_types::Page<DisclosureRecord>)))]
#[get("/disclosure-records")]
async fn list_records(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    query: ListQuery<RecordFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let context = record_context(conn, &auth.principal, query.filter.unit_id)?;
        db::list::page::<RecordList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// What the record list needs: the caller's scope (403 for a `unit_id` outside it),
/// the calendar and the day.
fn record_context(
    conn: &mut db::DbConnection,
    principal: &Principal,
    unit: Option<uuid::Uuid>,
) -> Result<RecordContext, ApiError> {
    Ok(RecordContext {
        scope: UnitScope::of(conn, principal, Permission::DisclosureRead, unit)?,
        calendar: calendar::load(conn)?,
        today: time::today(),
    })
}

/// The record list as an `.xlsx` workbook: every record the list shows for the same
/// filters and sort (`page` and `per_page` are ignored), Chinese headers, amounts in
/// yuan, the header row frozen. Recorded in the audit trail as an export; at most a
/// quarter of the connection pool serves exports at once (429 beyond).
#[utoipa::path(
    tag = "disclosure",
    params(RecordFilter, crate::openapi::ListParams<RecordFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/disclosure-records:xlsx")]
async fn export_records_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    request_id: RequestId,
    query: ListQuery<RecordFilter>,
) -> Result<HttpResponse, ApiError> {
    let unit = query.filter.unit_id;
    spreadsheet::export::respond::<RecordList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, principal| record_context(conn, principal, unit),
    )
    .await
}

/// One record with its private fields and timeliness.
#[utoipa::path(tag = "disclosure", params(("id" = Uuid, Path, description = "Record id")), responses((status = 200, body = DisclosureRecord)))]
#[get("/disclosure-records/{id}")]
async fn get_record(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let today = time::today();
    let record = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::DisclosureRead, &row.issuing_unit_id)?;
        let cal = calendar::load(conn)?;
        row.to_dto(&cal, today)
    })
    .await?;
    // Timeliness depends on the day as well as the row, so the tag names both; `If-Match`
    // takes it as the version.
    etag::tagged_json(&req, etag::version_day_tag(record.version, today), &record)
}

/// Every public revision of a record: the first publication and each correction.
#[utoipa::path(tag = "disclosure", params(("id" = Uuid, Path, description = "Record id")), responses((status = 200, body = Vec<DisclosureRevision>)))]
#[get("/disclosure-records/{id}/revisions")]
async fn get_revisions(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let revisions = db::run(&state.pool, move |conn| {
        let row = model::find(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::DisclosureRead, &row.issuing_unit_id)?;
        let rows: Vec<(i32, String, Option<String>, chrono::NaiveDateTime)> =
            disclosure_revisions::table
                .filter(disclosure_revisions::record_id.eq(&row.id))
                .order(disclosure_revisions::revision.asc())
                .select((
                    disclosure_revisions::revision,
                    disclosure_revisions::content_json,
                    disclosure_revisions::reason,
                    disclosure_revisions::recorded_at,
                ))
                .load(conn)?;
        rows.into_iter()
            .map(|(revision, json, reason, at)| {
                Ok(DisclosureRevision {
                    revision,
                    content: serde_json::from_str(&json).map_err(ApiError::internal)?,
                    reason,
                    recorded_at: time::to_utc(at),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    etag::hashed_json(&req, &revisions)
}

/// Enter a record as a draft. A fine outside the applied discretion tier's range is
/// refused unless `fine_justification` explains it; then it is stored and flagged.
#[utoipa::path(tag = "disclosure", request_body = DisclosureContent, responses((status = 201, body = DisclosureRecord)))]
#[post("/disclosure-records")]
async fn create_record(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    body: Json<DisclosureContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let day = time::today();
        let checked = model::check(conn, principal, &content, None, day)?;
        let row = model::new_row(&content, checked);
        diesel::insert_into(disclosure_records::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto(&calendar::load(conn)?, day)?;
        Outcome::created(
            &dto,
            format!("/api/v1/disclosure-records/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::DisclosureRecord, dto.id, &dto),
        )
    })
    .await
}

/// Replace a draft's content (`If-Match` required). Published records are corrected
/// instead.
#[utoipa::path(
    tag = "disclosure",
    request_body = DisclosureContent,
    params(("id" = Uuid, Path, description = "Record id"), ("If-Match" = String, Header, description = "ETag of the version edited")),
    responses((status = 200, body = DisclosureRecord))
)]
#[put("/disclosure-records/{id}")]
async fn replace_draft(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    id: PathId,
    body: Json<DisclosureContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_for_write(conn, principal, id.0, expected)?;
        if current.status()? != DisclosureStatus::Draft {
            return Err(ApiError::invalid_state(
                "only drafts are edited; correct a published record instead",
            ));
        }
        let day = time::today();
        let checked = model::check(conn, principal, &content, Some(&current.id), day)?;
        let cal = calendar::load(conn)?;
        let before = current.to_dto(&cal, day)?;
        let mut row = current.clone();
        model::apply(&mut row, &content, checked);
        versioned_save!(conn, disclosure_records, &mut row, current.version)?;
        let after = row.to_dto(&cal, day)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::DisclosureRecord, after.id, &before, &after),
        )
    })
    .await
}
