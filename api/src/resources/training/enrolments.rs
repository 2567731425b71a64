//! Enrolment in training events: a unit nominates its people, a person enrols
//! themself; beyond the capacity people wait in line and move up, in the order they
//! joined, when a place frees. Withdrawals keep the row.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::training::{
    Enrolment, EnrolmentOutcome, EnrolmentRequest, EnrolmentStatus, TrainingStatus,
};
use api_types::{FieldError, Role};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, EnrolmentRow, EventRow};
use crate::auth::principal::roles_from_column;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::{training_enrolments, training_events, users};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListFilter, ListQuery, PathId};
use crate::http::write::{check_version, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(nominate)
        .service(enrol_self)
        .service(list_enrolments)
        .service(withdraw_enrolment)
        .service(withdraw_own_enrolment);
}

/// Enrolments as read, with the people's names (one query for the page).
pub fn enrolment_dtos(
    conn: &mut DbConnection,
    rows: &[EnrolmentRow],
) -> Result<Vec<Enrolment>, ApiError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.user_id.as_str()).collect();
    let names: HashMap<String, String> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    // Places in line, per event, in the order people joined.
    let events: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == EnrolmentStatus::Waitlisted.as_str())
        .map(|r| r.event_id.as_str())
        .collect();
    let line: Vec<(String, String)> = if events.is_empty() {
        Vec::new()
    } else {
        training_enrolments::table
            .filter(training_enrolments::event_id.eq_any(&events))
            .filter(training_enrolments::status.eq(EnrolmentStatus::Waitlisted.as_str()))
            .order((
                training_enrolments::queued_at.asc(),
                training_enrolments::id.asc(),
            ))
            .select((training_enrolments::event_id, training_enrolments::id))
            .load(conn)?
    };
    rows.iter()
        .map(|row| {
            let status = row.status()?;
            let waitlist_position = (status == EnrolmentStatus::Waitlisted).then(|| {
                let ahead = line
                    .iter()
                    .filter(|(e, _)| *e == row.event_id)
                    .take_while(|(_, id)| *id != row.id)
                    .count();
                u32::try_from(ahead + 1).unwrap_or(u32::MAX)
            });
            Ok(Enrolment {
                id: stored_uuid(&row.id)?,
                event_id: stored_uuid(&row.event_id)?,
                user_id: stored_uuid(&row.user_id)?,
                user_name: names.get(&row.user_id).cloned().unwrap_or_default(),
                unit_id: stored_uuid(&row.unit_id)?,
                status,
                waitlist_position,
                nominated_by_name: row.nominated_by_name.clone(),
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

/// Takes the event's row for the rest of the transaction, so that two enrolments at
/// once on PostgreSQL count the places one after the other (SQLite has one writer).
pub(super) fn lock_event(conn: &mut DbConnection, id: &str) -> Result<EventRow, ApiError> {
    if let DbConnection::Postgres(pg) = conn {
        training_events::table
            .find(id)
            .select(training_events::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    model::find_event(conn, id)
}

fn enrolled_count(conn: &mut DbConnection, event: &str) -> Result<i64, ApiError> {
    Ok(training_enrolments::table
        .filter(training_enrolments::event_id.eq(event))
        .filter(training_enrolments::status.eq(EnrolmentStatus::Enrolled.as_str()))
        .count()
        .get_result(conn)?)
}

/// Gives free places to those waiting, first come first served; returns who moved up.
pub fn promote(conn: &mut DbConnection, event: &EventRow) -> Result<Vec<Change>, ApiError> {
    let Some(capacity) = event.capacity else {
        // No limit: everyone waiting gets a place.
        return promote_up_to(conn, event, i64::MAX);
    };
    let free = i64::from(capacity) - enrolled_count(conn, &event.id)?;
    promote_up_to(conn, event, free)
}

fn promote_up_to(
    conn: &mut DbConnection,
    event: &EventRow,
    free: i64,
) -> Result<Vec<Change>, ApiError> {
    if free <= 0 {
        return Ok(Vec::new());
    }
    let waiting: Vec<EnrolmentRow> = training_enrolments::table
        .filter(training_enrolments::event_id.eq(&event.id))
        .filter(training_enrolments::status.eq(EnrolmentStatus::Waitlisted.as_str()))
        .order((
            training_enrolments::queued_at.asc(),
            training_enrolments::id.asc(),
        ))
        .limit(free)
        .select(EnrolmentRow::as_select())
        .load(conn)?;
    let now = time::now();
    let mut changes = Vec::new();
    for row in waiting {
        diesel::update(training_enrolments::table.find(&row.id))
            .set((
                training_enrolments::status.eq(EnrolmentStatus::Enrolled.as_str()),
                training_enrolments::version.eq(row.version + 1),
                training_enrolments::updated_at.eq(now),
            ))
            .execute(conn)?;
        changes.push(
            Change::new(
                AuditAction::Update,
                ResourceKind::TrainingEnrolment,
                &row.id,
            )
            .with_before(&serde_json::json!({ "status": row.status }))
            .with_after(&serde_json::json!({ "status": EnrolmentStatus::Enrolled })),
        );
    }
    Ok(changes)
}

/// A person as enrolment needs them.
struct Person {
    id: String,
    unit_id: String,
    roles: Vec<Role>,
    active: bool,
}

fn people(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Person>, ApiError> {
    let rows: Vec<(String, String, String, bool)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::unit_id, users::roles, users::active))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, unit_id, roles, active)| {
            Ok((
                id.clone(),
                Person {
                    id,
                    unit_id,
                    roles: roles_from_column(&roles)?,
                    active,
                },
            ))
        })
        .collect()
}

/// Enrols people (already checked to be in the caller's scope) in an event whose
/// enrolment is open: a place while there is one, else the line. Someone already
/// enrolled or waiting keeps their place; someone who withdrew joins again at the end.
fn enrol(
    conn: &mut DbConnection,
    event_id: Uuid,
    people: &[Person],
    nominated_by: &str,
) -> Result<(Vec<EnrolmentRow>, Vec<Change>), ApiError> {
    let event = lock_event(conn, &event_id.to_string())?;
    let now = time::now();
    if event.status()? != TrainingStatus::Published {
        return Err(ApiError::invalid_state(
            "the event is not open for enrolment (not published, or cancelled)",
        ));
    }
    if !event.enrolment_open(now) {
        return Err(ApiError::invalid_state(format!(
            "enrolment is open from {} to {} (Beijing time)",
            super::local_minute(event.enrol_opens_at),
            super::local_minute(event.enrol_closes_at)
        )));
    }
    let target = event.content()?.target;
    let mut errors = Vec::new();
    for (i, person) in people.iter().enumerate() {
        if !person.active {
            errors.push(FieldError::new(
                format!("user_ids[{i}]"),
                "inactive",
                "this account is deactivated",
            ));
        } else if !model::is_targeted(conn, &target, &person.unit_id, &person.roles)? {
            errors.push(FieldError::new(
                format!("user_ids[{i}]"),
                "not_targeted",
                "this person is not among the units and roles the training is for",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    let mut enrolled = enrolled_count(conn, &event.id)?;
    let mut rows = Vec::new();
    let mut changes = Vec::new();
    for person in people {
        let existing: Option<EnrolmentRow> = training_enrolments::table
            .filter(training_enrolments::event_id.eq(&event.id))
            .filter(training_enrolments::user_id.eq(&person.id))
            .select(EnrolmentRow::as_select())
            .first(conn)
            .optional()?;
        let has_place = event.capacity.is_none_or(|c| enrolled < i64::from(c));
        let status = if has_place {
            EnrolmentStatus::Enrolled
        } else {
            EnrolmentStatus::Waitlisted
        };
        match existing {
            Some(row) if row.status()? != EnrolmentStatus::Withdrawn => rows.push(row),
            Some(row) => {
                let mut next = row.clone();
                next.status = status.as_str().into();
                next.queued_at = now;
                next.unit_id.clone_from(&person.unit_id);
                next.nominated_by_name = nominated_by.to_string();
                next.version += 1;
                next.updated_at = now;
                diesel::update(training_enrolments::table.find(&row.id))
                    .set(&next)
                    .execute(conn)?;
                enrolled += i64::from(has_place);
                changes.push(Change::transition(
                    AuditAction::Enrol,
                    ResourceKind::TrainingEnrolment,
                    &row.id,
                    &row.status,
                    &next.status,
                ));
                rows.push(next);
            }
            None => {
                let row = EnrolmentRow {
                    id: time::new_id(),
                    event_id: event.id.clone(),
                    user_id: person.id.clone(),
                    unit_id: person.unit_id.clone(),
                    status: status.as_str().into(),
                    queued_at: now,
                    nominated_by_name: nominated_by.to_string(),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                diesel::insert_into(training_enrolments::table)
                    .values(&row)
                    .execute(conn)?;
                enrolled += i64::from(has_place);
                changes.push(
                    Change::new(AuditAction::Enrol, ResourceKind::TrainingEnrolment, &row.id)
                        .with_after(&serde_json::json!({
                            "event_id": row.event_id,
                            "user_id": row.user_id,
                            "status": row.status,
                        })),
                );
                rows.push(row);
            }
        }
    }
    Ok((rows, changes))
}

fn answer(
    conn: &mut DbConnection,
    event_id: Uuid,
    rows: &[EnrolmentRow],
    changes: Vec<Change>,
) -> Result<Outcome, ApiError> {
    let outcome = EnrolmentOutcome {
        enrolments: enrolment_dtos(conn, rows)?,
    };
    let mut answer = Outcome::ok(&outcome)?;
    if changes.is_empty() {
        // Everyone named was enrolled or waiting already: the repeated nomination is
        // recorded against the event.
        answer = answer.audit(
            Change::new(AuditAction::Enrol, ResourceKind::TrainingEvent, event_id)
                .with_after(&outcome),
        );
    }
    for change in changes {
        answer = answer.audit(change);
    }
    Ok(answer)
}

/// A unit nominates people of its units (their enrolment's unit is theirs): a place
/// each while places last, the rest wait in line, in the order given. Each person must
/// be among the event's target; all are refused when one is not.
#[utoipa::path(
    tag = "training",
    request_body = EnrolmentRequest,
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, body = EnrolmentOutcome))
)]
#[post("/training-events/{id}/enrolments")]
async fn nominate(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingEnrol>,
    id: PathId,
    body: Json<EnrolmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let sent = request.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        model::find_event(conn, &id.0.to_string())?;
        // Each person once, with the place they had in the request (for field names).
        let mut ids: Vec<(usize, String)> = Vec::new();
        for (i, user) in request.user_ids.iter().enumerate() {
            let user = user.to_string();
            if !ids.iter().any(|(_, u)| *u == user) {
                ids.push((i, user));
            }
        }
        let wanted: Vec<String> = ids.iter().map(|(_, u)| u.clone()).collect();
        let found = people(conn, &wanted)?;
        let mut errors = Vec::new();
        let mut chosen = Vec::new();
        for (i, id) in &ids {
            match found.get(id) {
                None => errors.push(FieldError::new(
                    format!("user_ids[{i}]"),
                    "unknown_user",
                    "no such person",
                )),
                Some(person) => {
                    principal.require_unit(conn, Permission::TrainingEnrol, &person.unit_id)?;
                    chosen.push(Person {
                        id: person.id.clone(),
                        unit_id: person.unit_id.clone(),
                        roles: person.roles.clone(),
                        active: person.active,
                    });
                }
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        let (rows, changes) = enrol(conn, id.0, &chosen, &principal.name)?;
        answer(conn, id.0, &rows, changes)
    })
    .await
}

/// A person enrols themself in an event they are among the target of.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, body = EnrolmentOutcome))
)]
#[post("/training-events/{id}/enrol")]
async fn enrol_self(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingAttend>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    ctx.run(&state, &(), move |conn, principal| {
        let me = principal.id.to_string();
        let mut found = people(conn, std::slice::from_ref(&me))?;
        let person = found
            .remove(&me)
            .ok_or_else(|| ApiError::not_found("user"))?;
        let (rows, changes) = enrol(conn, id.0, &[person], &principal.name)?;
        answer(conn, id.0, &rows, changes)
    })
    .await
}

/// Filters of `GET /api/v1/training-events/{id}/enrolments`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EnrolmentFilter {
    pub status: Option<EnrolmentStatus>,
    pub unit_id: Option<Uuid>,
}

impl ListFilter for EnrolmentFilter {
    const SORT_FIELDS: &'static [&'static str] = &["queued_at"];
    const DEFAULT_SORT: &'static str = "queued_at";
}

/// Whose enrolments of one event the caller sees.
pub struct EnrolmentContext {
    event_id: String,
    /// `None`: everyone's (the organiser).
    units: Option<Vec<String>>,
    me: String,
}

impl EnrolmentContext {
    fn of(
        conn: &mut DbConnection,
        principal: &Principal,
        event: &EventRow,
    ) -> Result<Self, ApiError> {
        let organiser = principal
            .require_unit(conn, Permission::TrainingManage, &event.organiser_unit_id)
            .is_ok();
        let units = if organiser {
            None
        } else if principal.scope(Permission::TrainingEnrol).is_some() {
            principal
                .visible_units(conn, Permission::TrainingEnrol)?
                .map(|u| u.into_iter().collect())
        } else if principal.scope(Permission::TrainingHoursRead).is_some() {
            principal
                .visible_units(conn, Permission::TrainingHoursRead)?
                .map(|u| u.into_iter().collect())
        } else {
            Some(Vec::new())
        };
        Ok(EnrolmentContext {
            event_id: event.id.clone(),
            units,
            me: principal.id.to_string(),
        })
    }
}

/// One event's enrolments.
pub struct EnrolmentList;

impl Listing for EnrolmentList {
    crate::listing_source!(training_enrolments::table, EnrolmentRow);
    type Filter = EnrolmentFilter;
    type Context = EnrolmentContext;
    type Item = Enrolment;

    fn filter(
        f: &EnrolmentFilter,
        context: &EnrolmentContext,
        terms: &mut Where<training_enrolments::table>,
    ) -> Result<(), ApiError> {
        terms.and(training_enrolments::event_id.eq(context.event_id.clone()));
        if let Some(units) = &context.units {
            terms.and(
                training_enrolments::unit_id
                    .eq_any(units.clone())
                    .or(training_enrolments::user_id.eq(context.me.clone())),
            );
        }
        if let Some(status) = f.status {
            terms.and(training_enrolments::status.eq(status.as_str()));
        }
        if let Some(unit) = f.unit_id {
            terms.and(training_enrolments::unit_id.eq(unit.to_string()));
        }
        Ok(())
    }

    fn columns() -> Columns<training_enrolments::table> {
        Columns::new(training_enrolments::id, training_enrolments::updated_at)
            .sort("queued_at", training_enrolments::queued_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<EnrolmentRow>,
        _: &EnrolmentContext,
    ) -> Result<Vec<Enrolment>, ApiError> {
        enrolment_dtos(conn, &rows)
    }
}

/// An event's enrolments: the organiser sees all, a unit its own people's, a person
/// their own; in the order people joined.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path, description = "Event id"), EnrolmentFilter, crate::openapi::ListParams<EnrolmentFilter>), responses((status = 200, body = api_types::Page<Enrolment>)))]
#[get("/training-events/{id}/enrolments")]
async fn list_enrolments(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingRead>,
    id: PathId,
    query: ListQuery<EnrolmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let event = model::find_event(conn, &id.0.to_string())?;
        super::events::require_visible(conn, &auth.principal, &event)?;
        let context = EnrolmentContext::of(conn, &auth.principal, &event)?;
        db::list::page::<EnrolmentList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Withdraws an enrolment before the event's first session starts; a freed place goes
/// to the first in line.
fn withdraw(
    conn: &mut DbConnection,
    row: EnrolmentRow,
    expected: i64,
) -> Result<Outcome, ApiError> {
    check_version(row.version, expected)?;
    let event = lock_event(conn, &row.event_id)?;
    if row.status()? == EnrolmentStatus::Withdrawn {
        return Err(ApiError::invalid_state(
            "the enrolment is already withdrawn",
        ));
    }
    let now = time::now();
    let started = model::sessions_of(conn, &event.id)?
        .first()
        .is_some_and(|s| s.starts_at <= now);
    if started {
        return Err(ApiError::invalid_state(
            "the training has begun: ask the organiser to mark the leave instead",
        ));
    }
    let mut next = row.clone();
    next.status = EnrolmentStatus::Withdrawn.as_str().into();
    next.version += 1;
    next.updated_at = now;
    let written = diesel::update(
        training_enrolments::table
            .find(&row.id)
            .filter(training_enrolments::version.eq(row.version)),
    )
    .set(&next)
    .execute(conn)?;
    crate::http::write::ensure_written(written)?;
    let mut changes = vec![Change::transition(
        AuditAction::Withdraw,
        ResourceKind::TrainingEnrolment,
        &row.id,
        &row.status,
        &next.status,
    )];
    changes.extend(promote(conn, &event)?);
    let after = enrolment_dtos(conn, std::slice::from_ref(&next))?
        .pop()
        .ok_or_else(|| ApiError::internal("enrolment read back"))?;
    let mut changes = changes.into_iter();
    let first = changes
        .next()
        .ok_or_else(|| ApiError::internal("withdrawal change"))?;
    let mut outcome = Outcome::updated(&after, after.version, first)?;
    for change in changes {
        outcome = outcome.audit(change);
    }
    Ok(outcome)
}

/// A unit withdraws one of its people's enrolments (`If-Match`).
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "Enrolment id"), ("If-Match" = String, Header, description = "ETag of the enrolment")),
    responses((status = 200, body = Enrolment))
)]
#[post("/training-enrolments/{id}/withdraw")]
async fn withdraw_enrolment(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingEnrol>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let row = model::find_enrolment(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::TrainingEnrol, &row.unit_id)?;
        withdraw(conn, row, expected)
    })
    .await
}

/// A person withdraws their own enrolment (`If-Match`).
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "Enrolment id"), ("If-Match" = String, Header, description = "ETag of the enrolment")),
    responses((status = 200, body = Enrolment))
)]
#[post("/me/training-enrolments/{id}/withdraw")]
async fn withdraw_own_enrolment(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingAttend>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let row = model::find_enrolment(conn, &id.0.to_string())?;
        if row.user_id != principal.id.to_string() {
            return Err(ApiError::not_found("training enrolment"));
        }
        withdraw(conn, row, expected)
    })
    .await
}
