//! `/api/v1/training-events`: preparing an event and its sessions, publishing it to its
//! target, cancelling it.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::training::{
    TrainingCancellation, TrainingEvent, TrainingEventContent, TrainingSession,
    TrainingSessionContent, TrainingStatus,
};
use diesel::prelude::*;
use uuid::Uuid;

use super::checkin;
use super::list::{EventContext, EventFilter, EventList};
use super::model::{self, EventRow, SessionRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::{training_events, training_sessions};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_events)
        .service(create_event)
        .service(get_event)
        .service(replace_event)
        .service(publish_event)
        .service(cancel_event)
        .service(add_training_session)
        .service(attach_materials)
        .service(replace_training_session);
}

/// Drafts are seen only by those who prepare them (the organising unit and the city
/// bureau); published and cancelled events by every reader.
pub fn require_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    event: &EventRow,
) -> Result<(), ApiError> {
    if event.status()? == TrainingStatus::Draft {
        principal.require_unit(conn, Permission::TrainingManage, &event.organiser_unit_id)?;
    }
    Ok(())
}

/// Training events: published and cancelled ones, and the drafts the caller prepares;
/// newest first.
#[utoipa::path(tag = "training", params(EventFilter, crate::openapi::ListParams<EventFilter>), responses((status = 200, body = api_types::Page<TrainingEvent>)))]
#[get("/training-events")]
async fn list_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingRead>,
    query: ListQuery<EventFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let context = EventContext::of(conn, &auth.principal)?;
        db::list::page::<EventList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One event with its sessions and enrolment counts (`ETag` with the counts).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path, description = "Event id")), responses((status = 200, body = TrainingEvent)))]
#[get("/training-events/{id}")]
async fn get_event(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let event = db::run(&state.pool, move |conn| {
        let row = model::find_event(conn, &id.0.to_string())?;
        require_visible(conn, &auth.principal, &row)?;
        model::event_dto(conn, &row, time::now())
    })
    .await?;
    etag::derived_json(&req, event.version, &event)
}

/// Prepare an event (a draft) organised by a unit in the caller's scope; sessions are
/// added with `POST /training-events/{id}/sessions`.
#[utoipa::path(tag = "training", request_body = TrainingEventContent, responses((status = 201, body = TrainingEvent)))]
#[post("/training-events")]
async fn create_event(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    body: Json<TrainingEventContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_unit(
            conn,
            Permission::TrainingManage,
            &content.organiser_unit_id.to_string(),
        )?;
        model::check_event(conn, &content)?;
        let dto = insert_draft(conn, &content, principal.id.to_string())?;
        Outcome::created(
            &dto,
            format!("/api/v1/training-events/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::TrainingEvent, dto.id, &dto),
        )
    })
    .await
}

/// Stores checked `content` as a new draft by `created_by`: the event as read.
fn insert_draft(
    conn: &mut DbConnection,
    content: &TrainingEventContent,
    created_by: String,
) -> Result<TrainingEvent, ApiError> {
    let now = time::now();
    let mut row = EventRow {
        id: time::new_id(),
        organiser_unit_id: String::new(),
        category: String::new(),
        title: String::new(),
        status: TrainingStatus::Draft.as_str().into(),
        enrol_opens_at: now,
        enrol_closes_at: now,
        capacity: None,
        milestone_id: None,
        content: String::new(),
        cancel_reason: None,
        published_at: None,
        created_by,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    row.apply(content)?;
    diesel::insert_into(training_events::table)
        .values(&row)
        .execute(conn)?;
    model::event_dto(conn, &row, now)
}

/// A draft training for a plan milestone (the plan template's trainings): organised by
/// `organiser`, for everyone, enrolment from 60 days to 14 days before `due` (bureau
/// time); its organiser adds the sessions, adjusts the dates and publishes it. Audited
/// as created by whoever imports the template.
pub fn plan_draft(
    conn: &mut DbConnection,
    organiser: &str,
    category: api_types::training::TrainingCategory,
    title: &str,
    milestone_id: &str,
    due: chrono::NaiveDate,
) -> Result<Change, ApiError> {
    let content = TrainingEventContent {
        organiser_unit_id: crate::db::stored_uuid(organiser)?,
        category,
        title: title.to_string(),
        description: String::new(),
        target: api_types::training::TrainingTarget::default(),
        capacity: None,
        enrol_opens_at: time::bureau_instant(due - chrono::Duration::days(60), 9, 0),
        enrol_closes_at: time::bureau_instant(due - chrono::Duration::days(14), 18, 0),
        shares: api_types::training::AttendanceShares::default(),
        leave_numerator: 1,
        leave_denominator: 7,
        milestone_id: Some(crate::db::stored_uuid(milestone_id)?),
    };
    let dto = insert_draft(conn, &content, "plan-template".into())?;
    Ok(Change::created(ResourceKind::TrainingEvent, dto.id, &dto))
}

/// Loads an event for a change by its organiser: scope and version.
fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: Option<i64>,
) -> Result<EventRow, ApiError> {
    let row = model::find_event(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::TrainingManage, &row.organiser_unit_id)?;
    if let Some(expected) = expected {
        check_version(row.version, expected)?;
    }
    Ok(row)
}

/// Replace an event's settings (`If-Match`), while it is a draft or published; a
/// capacity below the people already enrolled is refused.
#[utoipa::path(
    tag = "training",
    request_body = TrainingEventContent,
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = TrainingEvent))
)]
#[put("/training-events/{id}")]
async fn replace_event(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
    body: Json<TrainingEventContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        // The enrolment count below is read under the event's lock (PostgreSQL).
        super::enrolments::lock_event(conn, &id.0.to_string())?;
        let current = for_write(conn, principal, id.0, Some(expected))?;
        principal.require_unit(
            conn,
            Permission::TrainingManage,
            &content.organiser_unit_id.to_string(),
        )?;
        if current.status()? == TrainingStatus::Cancelled {
            return Err(ApiError::invalid_state("a cancelled event is not edited"));
        }
        model::check_event(conn, &content)?;
        let now = time::now();
        let before = model::event_dto(conn, &current, now)?;
        if let Some(capacity) = content.capacity {
            if before.enrolled > capacity {
                return Err(ApiError::rule(
                    "capacity",
                    "below_enrolled",
                    format!(
                        "{} people are already enrolled: the capacity cannot be lower",
                        before.enrolled
                    ),
                ));
            }
        }
        let mut next = current.clone();
        next.apply(&content)?;
        versioned_save!(conn, training_events, &mut next, current.version)?;
        // A larger capacity gives places to those waiting.
        let promoted = super::enrolments::promote(conn, &next)?;
        let after = model::event_dto(conn, &next, now)?;
        let mut outcome = Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::TrainingEvent, after.id, &before, &after),
        )?;
        for change in promoted {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}

/// Publish a draft (`If-Match`): it needs a session and an enrolment window that has
/// not closed.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = String, Header, description = "ETag of the version being published")),
    responses((status = 200, body = TrainingEvent))
)]
#[post("/training-events/{id}/publish")]
async fn publish_event(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = for_write(conn, principal, id.0, Some(expected))?;
        if current.status()? != TrainingStatus::Draft {
            return Err(ApiError::invalid_state("only a draft is published"));
        }
        let now = time::now();
        if model::sessions_of(conn, &current.id)?.is_empty() {
            return Err(ApiError::rule(
                "sessions",
                "no_sessions",
                "add at least one session before publishing",
            ));
        }
        if current.enrol_closes_at <= now {
            return Err(ApiError::rule(
                "enrol_closes_at",
                "in_the_past",
                "enrolment would already be closed; move its window",
            ));
        }
        let before = model::event_dto(conn, &current, now)?;
        let mut next = current.clone();
        next.status = TrainingStatus::Published.as_str().into();
        next.published_at = Some(now);
        versioned_save!(conn, training_events, &mut next, current.version)?;
        let after = model::event_dto(conn, &next, now)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Publish,
                ResourceKind::TrainingEvent,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Call an event off (`If-Match`, with a reason); its enrolments and attendance stay on
/// record and it stays listed as cancelled.
#[utoipa::path(
    tag = "training",
    request_body = TrainingCancellation,
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = String, Header, description = "ETag of the version being cancelled")),
    responses((status = 200, body = TrainingEvent))
)]
#[post("/training-events/{id}/cancel")]
async fn cancel_event(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
    body: Json<TrainingCancellation>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let cancellation = body.0;
    let sent = cancellation.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, Some(expected))?;
        if current.status()? == TrainingStatus::Cancelled {
            return Err(ApiError::invalid_state("the event is already cancelled"));
        }
        let now = time::now();
        let before = model::event_dto(conn, &current, now)?;
        let mut next = current.clone();
        next.status = TrainingStatus::Cancelled.as_str().into();
        next.cancel_reason = Some(cancellation.reason.trim().to_string());
        versioned_save!(conn, training_events, &mut next, current.version)?;
        let after = model::event_dto(conn, &next, now)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Cancel,
                ResourceKind::TrainingEvent,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Add a session to an event that is not cancelled.
#[utoipa::path(
    tag = "training",
    request_body = TrainingSessionContent,
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 201, body = TrainingSession))
)]
#[post("/training-events/{id}/sessions")]
async fn add_training_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
    body: Json<TrainingSessionContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let event = for_write(conn, principal, id.0, None)?;
        if event.status()? == TrainingStatus::Cancelled {
            return Err(ApiError::invalid_state("the event is cancelled"));
        }
        model::check_session(&content)?;
        let now = time::now();
        let mut row = SessionRow {
            id: time::new_id(),
            event_id: event.id.clone(),
            title: String::new(),
            starts_at: now,
            ends_at: now,
            place: String::new(),
            online: false,
            credit_tenths: 0,
            check_in_secret: checkin::new_secret()?,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content);
        diesel::insert_into(training_sessions::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/training-events/{}", event.id),
            dto.version,
            Change::created(ResourceKind::TrainingSession, dto.id, &dto),
        )
    })
    .await
}

/// Replace a session (`If-Match` with the session's version).
#[utoipa::path(
    tag = "training",
    request_body = TrainingSessionContent,
    params(("id" = Uuid, Path, description = "Session id"), ("If-Match" = String, Header, description = "ETag of the session being edited")),
    responses((status = 200, body = TrainingSession))
)]
#[put("/training-sessions/{id}")]
async fn replace_training_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
    body: Json<TrainingSessionContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_session(conn, &id.0.to_string())?;
        let event = model::find_event(conn, &current.event_id)?;
        principal.require_unit(conn, Permission::TrainingManage, &event.organiser_unit_id)?;
        check_version(current.version, expected)?;
        if event.status()? == TrainingStatus::Cancelled {
            return Err(ApiError::invalid_state("the event is cancelled"));
        }
        model::check_session(&content)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        next.apply(&content);
        versioned_save!(conn, training_sessions, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::TrainingSession, after.id, &before, &after),
        )
    })
    .await
}

/// Attach a material to the event (`multipart/form-data`, one part `file`): by the
/// organising unit until the event is cancelled.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The file store cannot be reached", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[post("/training-events/{id}/attachments")]
async fn attach_materials(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(
        req,
        state,
        ctx,
        payload,
        &super::materials::MATERIALS,
        id.0,
    )
    .await
}
