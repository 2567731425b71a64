//! Attendance at a session: the organiser's roster and marks, the rotating check-in
//! code on the organiser's screen, and a person's check-in with it.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::training::{
    AttendanceMarks, AttendanceMethod, AttendanceStatus, CheckIn, CheckInCode, EnrolmentStatus,
    RosterEntry, TrainingStatus,
};
use api_types::{ErrorCode, FieldError};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::checkin;
use super::model::{self, AttendanceRow, EventRow, SessionRow};
use crate::auth::throttle;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::{training_attendance, training_enrolments, training_sessions, users};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::extract::{Json, PathId};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_roster)
        .service(mark_attendance)
        .service(get_check_in_code)
        .service(check_in);
}

/// Wrong codes a person may type at one session before delays start (2, 4, 8 … s):
/// enough for typos, too few to guess one of a million.
const CHECK_IN_FREE_FAILURES: i32 = 5;

/// Takes the session's row for the rest of the transaction, so that marks and
/// check-ins of one session on PostgreSQL take turns (a mark and a check-in of the same
/// person would otherwise both insert). SQLite has one writer.
fn lock_session(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    if let DbConnection::Postgres(pg) = conn {
        training_sessions::table
            .find(id)
            .select(training_sessions::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    Ok(())
}

/// A session and its event, for its organiser.
fn organised(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<(SessionRow, EventRow), ApiError> {
    let session = model::find_session(conn, &id.to_string())?;
    let event = model::find_event(conn, &session.event_id)?;
    principal.require_unit(conn, Permission::TrainingManage, &event.organiser_unit_id)?;
    Ok((session, event))
}

/// The roster of a session: everyone enrolled in the event (and anyone marked before
/// they withdrew), by unit and name, with their mark.
pub fn roster(conn: &mut DbConnection, session: &SessionRow) -> Result<Vec<RosterEntry>, ApiError> {
    let enrolled: Vec<(String, String, String)> = training_enrolments::table
        .inner_join(users::table.on(users::id.eq(training_enrolments::user_id)))
        .filter(training_enrolments::event_id.eq(&session.event_id))
        .filter(training_enrolments::status.eq(EnrolmentStatus::Enrolled.as_str()))
        .select((users::id, users::name, training_enrolments::unit_id))
        .load(conn)?;
    let marks: Vec<AttendanceRow> = training_attendance::table
        .filter(training_attendance::session_id.eq(&session.id))
        .select(AttendanceRow::as_select())
        .load(conn)?;
    let mut people: HashMap<String, (String, String)> = enrolled
        .into_iter()
        .map(|(id, name, unit)| (id, (name, unit)))
        .collect();
    let missing: Vec<&str> = marks
        .iter()
        .filter(|m| !people.contains_key(&m.user_id))
        .map(|m| m.user_id.as_str())
        .collect();
    if !missing.is_empty() {
        let rows: Vec<(String, String, String)> = users::table
            .filter(users::id.eq_any(&missing))
            .select((users::id, users::name, users::unit_id))
            .load(conn)?;
        people.extend(rows.into_iter().map(|(id, name, unit)| (id, (name, unit))));
    }
    let marks: HashMap<&str, &AttendanceRow> =
        marks.iter().map(|m| (m.user_id.as_str(), m)).collect();
    let mut entries = people
        .into_iter()
        .map(|(id, (name, unit))| {
            let mark = marks.get(id.as_str());
            Ok(RosterEntry {
                user_id: stored_uuid(&id)?,
                user_name: name,
                unit_id: stored_uuid(&unit)?,
                status: mark.map(|m| m.status()).transpose()?,
                method: mark.map(|m| m.method()).transpose()?,
                marked_at: mark.map(|m| time::to_utc(m.marked_at)),
                remark: mark.and_then(|m| m.remark.clone()),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    entries.sort_by(|a, b| {
        a.unit_id
            .cmp(&b.unit_id)
            .then(a.user_name.cmp(&b.user_name))
            .then(a.user_id.cmp(&b.user_id))
    });
    Ok(entries)
}

/// The roster of a session with each person's mark (the organiser's view).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path, description = "Session id")), responses((status = 200, body = Vec<RosterEntry>)))]
#[get("/training-sessions/{id}/roster")]
async fn get_roster(
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let entries = db::run(&state.pool, move |conn| {
        let (session, _) = organised(conn, &auth.principal, id.0)?;
        roster(conn, &session)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(entries))
}

/// The organiser marks attendance from the roster (a later mark replaces an earlier
/// one, a check-in too). Each person must be enrolled; all marks are refused when one
/// is not. Answers the roster.
#[utoipa::path(
    tag = "training",
    request_body = AttendanceMarks,
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 200, body = Vec<RosterEntry>))
)]
#[post("/training-sessions/{id}/attendance")]
async fn mark_attendance(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingManage>,
    id: PathId,
    body: Json<AttendanceMarks>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let sent = request.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let (session, event) = organised(conn, principal, id.0)?;
        lock_session(conn, &session.id)?;
        if event.status()? != TrainingStatus::Published {
            return Err(ApiError::invalid_state(
                "attendance is marked for a published event",
            ));
        }
        let named: Vec<String> = request.marks.iter().map(|m| m.user_id.to_string()).collect();
        let enrolled: Vec<String> = training_enrolments::table
            .filter(training_enrolments::event_id.eq(&event.id))
            .filter(training_enrolments::status.eq(EnrolmentStatus::Enrolled.as_str()))
            .filter(training_enrolments::user_id.eq_any(&named))
            .select(training_enrolments::user_id)
            .load(conn)?;
        let mut errors = Vec::new();
        for (i, user) in named.iter().enumerate() {
            if !enrolled.contains(user) {
                errors.push(FieldError::new(
                    format!("marks[{i}].user_id"),
                    "not_enrolled",
                    "this person is not enrolled in the training",
                ));
            } else if named[..i].contains(user) {
                errors.push(FieldError::new(
                    format!("marks[{i}].user_id"),
                    "repeated",
                    "this person is marked twice",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        let now = time::now();
        let mut before = Vec::new();
        for mark in &request.marks {
            let row = AttendanceRow {
                session_id: session.id.clone(),
                user_id: mark.user_id.to_string(),
                status: mark.status.as_str().into(),
                method: AttendanceMethod::Roster.as_str().into(),
                remark: mark.remark.as_ref().map(|r| r.trim().to_string()),
                marked_by_name: principal.name.clone(),
                marked_at: now,
            };
            if let Some(old) = model::record_attendance(conn, &row)? {
                before.push(serde_json::json!({ "user_id": old.user_id, "status": old.status, "method": old.method }));
            }
        }
        let entries = roster(conn, &session)?;
        let mut outcome = Outcome::ok(&entries)?.audit(
            Change::new(AuditAction::MarkAttendance, ResourceKind::TrainingSession, &session.id)
                .with_before(&before)
                .with_after(&request.marks),
        );
        // The roster of the last session, once it has begun, means the training was
        // held: it delivers its plan milestone, which its organiser reports done.
        if let Some(milestone) = &event.milestone_id {
            let sessions = model::sessions_of(conn, &event.id)?;
            let last = sessions.last().is_some_and(|s| s.id == session.id);
            if last && session.starts_at <= now {
                let tenths: i64 = sessions.iter().map(|s| i64::from(s.credit_tenths)).sum();
                let narrative = format!(
                    "「{}」已举办：{} 课次，共 {} 学时，最后一课次于 {} 考勤。",
                    event.title,
                    sessions.len(),
                    model::hours(tenths),
                    super::local_minute(now)
                );
                let link = format!("/training/events/{}", event.id);
                if let Some(change) = crate::resources::progress_reports::report_delivered(
                    conn,
                    principal,
                    milestone,
                    &event.organiser_unit_id,
                    narrative,
                    link,
                )? {
                    outcome = outcome.audit(change);
                }
            }
        }
        Ok(outcome)
    })
    .await
}

/// The session's check-in code now, for the organiser's screen: it turns every 30
/// seconds and exists only while check-in is open (from half an hour before the start
/// to the end).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path, description = "Session id")), responses((status = 200, body = CheckInCode)))]
#[get("/training-sessions/{id}/check-in-code")]
async fn get_check_in_code(
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let code = db::run(&state.pool, move |conn| {
        let (session, event) = organised(conn, &auth.principal, id.0)?;
        require_check_in_open(&session, &event)?;
        let now = Utc::now();
        let step = checkin::step_of(now);
        Ok(CheckInCode {
            code: checkin::code_at(&session.check_in_secret, &session.id, step)?,
            expires_at: checkin::step_end(step),
            server_time: now,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(code))
}

fn require_check_in_open(session: &SessionRow, event: &EventRow) -> Result<(), ApiError> {
    if event.status()? != TrainingStatus::Published {
        return Err(ApiError::invalid_state("the event is not published"));
    }
    if !checkin::window_open(session.starts_at, session.ends_at, time::now()) {
        let opens = session.starts_at - Duration::minutes(checkin::OPENS_BEFORE_MINUTES);
        return Err(ApiError::invalid_state(format!(
            "check-in for this session is open from {} to {} (Beijing time)",
            super::local_minute(opens),
            super::local_minute(session.ends_at)
        )));
    }
    Ok(())
}

/// A person enrolled in the event checks in with the code on the organiser's screen,
/// while check-in is open: present, or late after the first quarter of an hour. A code
/// of another session or an expired one is refused; a second check-in answers the
/// first; a mark by the organiser stands.
#[utoipa::path(
    tag = "training",
    request_body = CheckIn,
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 200, body = RosterEntry))
)]
#[post("/training-sessions/{id}/check-in")]
async fn check_in(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingAttend>,
    id: PathId,
    body: Json<CheckIn>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let sent = request.clone();
    // The code is checked first, outside the write: a wrong one is counted (and kept
    // when the request fails), and after a few the person waits longer and longer.
    {
        let key = format!("check-in:{}:{}", id.0, ctx.principal.id);
        let (session_id, code) = (id.0.to_string(), request.code.clone());
        let accepted = db::run_write(&state.pool, move |conn| {
            throttle::check(conn, std::slice::from_ref(&key))?;
            let session = model::find_session(conn, &session_id)?;
            let accepted =
                checkin::accepts(&session.check_in_secret, &session.id, &code, Utc::now())?;
            if !accepted {
                throttle::record_failure(conn, &key, CHECK_IN_FREE_FAILURES)?;
            }
            Ok(accepted)
        })
        .await?;
        if !accepted {
            return Err(ApiError::rule(
                "code",
                "wrong_or_expired",
                "the code is wrong or has expired: type the code on the screen now",
            ));
        }
    }
    ctx.run(&state, &sent, move |conn, principal| {
        let session = model::find_session(conn, &id.0.to_string())?;
        lock_session(conn, &session.id)?;
        let event = model::find_event(conn, &session.event_id)?;
        let me = principal.id.to_string();
        let enrolled = training_enrolments::table
            .filter(training_enrolments::event_id.eq(&event.id))
            .filter(training_enrolments::user_id.eq(&me))
            .filter(training_enrolments::status.eq(EnrolmentStatus::Enrolled.as_str()))
            .count()
            .get_result::<i64>(conn)?;
        if enrolled == 0 {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "you are not enrolled in this training: only people on its roster check in",
            ));
        }
        require_check_in_open(&session, &event)?;
        let existing: Option<AttendanceRow> = training_attendance::table
            .find((&session.id, &me))
            .select(AttendanceRow::as_select())
            .first(conn)
            .optional()?;
        let now = time::now();
        let status = if now > session.starts_at + Duration::minutes(checkin::LATE_AFTER_MINUTES) {
            AttendanceStatus::Late
        } else {
            AttendanceStatus::Present
        };
        let row = AttendanceRow {
            session_id: session.id.clone(),
            user_id: me.clone(),
            status: status.as_str().into(),
            method: AttendanceMethod::CheckIn.as_str().into(),
            remark: None,
            marked_by_name: principal.name.clone(),
            marked_at: now,
        };
        let kept = match existing {
            Some(existing) => existing,
            None => {
                model::record_attendance(conn, &row)?;
                row
            }
        };
        let entry = RosterEntry {
            user_id: principal.id,
            user_name: principal.name.clone(),
            unit_id: principal.unit_id,
            status: Some(kept.status()?),
            method: Some(kept.method()?),
            marked_at: Some(time::to_utc(kept.marked_at)),
            remark: kept.remark.clone(),
        };
        Ok(Outcome::ok(&entry)?.audit(
            Change::new(
                AuditAction::CheckIn,
                ResourceKind::TrainingSession,
                &session.id,
            )
            .with_after(&entry),
        ))
    })
    .await
}
