//! Rows of training events, sessions, enrolments, attendance and requirements, and the
//! rules of an event's settings.

use std::collections::HashSet;

use api_types::training::{
    AttendanceMethod, AttendanceStatus, EnrolmentStatus, TrainingEvent, TrainingEventContent,
    TrainingSession, TrainingSessionContent, TrainingStatus, TrainingTarget,
};
use api_types::{FieldError, Role};
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::auth::policy::subtrees;
use crate::db::schema::{
    milestones, training_attendance, training_enrolments, training_events, training_sessions, units,
};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

/// Tenths of an hour in an hour.
pub const TENTHS: i64 = 10;

/// Tenths as hours for the wire.
pub fn hours(tenths: i64) -> f64 {
    // Hours are far below 2^53 tenths.
    #[allow(clippy::cast_precision_loss)]
    let value = tenths as f64 / TENTHS as f64;
    value
}

/// Hours from the wire as tenths, if they have at most one decimal.
pub fn tenths(hours: f64) -> Option<i64> {
    let scaled = hours * TENTHS as f64;
    let rounded = scaled.round();
    #[allow(clippy::cast_possible_truncation)]
    ((scaled - rounded).abs() < 1e-6 && rounded.is_finite()).then_some(rounded as i64)
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = training_events, treat_none_as_null = true)]
pub struct EventRow {
    pub id: String,
    pub organiser_unit_id: String,
    pub category: String,
    pub title: String,
    pub status: String,
    pub enrol_opens_at: NaiveDateTime,
    pub enrol_closes_at: NaiveDateTime,
    pub capacity: Option<i32>,
    pub milestone_id: Option<String>,
    pub content: String,
    pub cancel_reason: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl EventRow {
    pub fn status(&self) -> Result<TrainingStatus, ApiError> {
        TrainingStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored training status"))
    }

    pub fn content(&self) -> Result<TrainingEventContent, ApiError> {
        serde_json::from_str(&self.content).map_err(ApiError::internal)
    }

    /// Writes checked `content` onto the row.
    pub fn apply(&mut self, content: &TrainingEventContent) -> Result<(), ApiError> {
        self.organiser_unit_id = content.organiser_unit_id.to_string();
        self.category = content.category.as_str().into();
        self.title = content.title.trim().to_string();
        self.enrol_opens_at = time::from_utc(content.enrol_opens_at);
        self.enrol_closes_at = time::from_utc(content.enrol_closes_at);
        self.capacity = content
            .capacity
            .map(|c| i32::try_from(c).unwrap_or(i32::MAX));
        self.milestone_id = content.milestone_id.map(|m| m.to_string());
        self.content = serde_json::to_string(content).map_err(ApiError::internal)?;
        Ok(())
    }

    pub fn enrolment_open(&self, now: NaiveDateTime) -> bool {
        self.status == TrainingStatus::Published.as_str()
            && self.enrol_opens_at <= now
            && now < self.enrol_closes_at
    }
}

pub fn find_event(conn: &mut DbConnection, id: &str) -> Result<EventRow, ApiError> {
    training_events::table
        .find(id)
        .select(EventRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("training event"))
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = training_sessions, treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    pub event_id: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub online: bool,
    pub credit_tenths: i32,
    pub check_in_secret: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SessionRow {
    pub fn to_dto(&self) -> Result<TrainingSession, ApiError> {
        Ok(TrainingSession {
            id: stored_uuid(&self.id)?,
            event_id: stored_uuid(&self.event_id)?,
            content: TrainingSessionContent {
                title: self.title.clone(),
                starts_at: time::to_utc(self.starts_at),
                ends_at: time::to_utc(self.ends_at),
                place: self.place.clone(),
                online: self.online,
                credit_hours: hours(i64::from(self.credit_tenths)),
            },
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }

    /// Writes checked `content` onto the row.
    pub fn apply(&mut self, content: &TrainingSessionContent) {
        self.title = content.title.trim().to_string();
        self.starts_at = time::from_utc(content.starts_at);
        self.ends_at = time::from_utc(content.ends_at);
        self.place = content.place.trim().to_string();
        self.online = content.online;
        self.credit_tenths =
            i32::try_from(tenths(content.credit_hours).unwrap_or(0)).unwrap_or(i32::MAX);
    }
}

pub fn find_session(conn: &mut DbConnection, id: &str) -> Result<SessionRow, ApiError> {
    training_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("training session"))
}

pub fn sessions_of(conn: &mut DbConnection, event_id: &str) -> Result<Vec<SessionRow>, ApiError> {
    Ok(training_sessions::table
        .filter(training_sessions::event_id.eq(event_id))
        .order((
            training_sessions::starts_at.asc(),
            training_sessions::id.asc(),
        ))
        .select(SessionRow::as_select())
        .load(conn)?)
}

/// An event as read, with its sessions and its enrolment counts.
pub fn event_dto(
    conn: &mut DbConnection,
    row: &EventRow,
    now: NaiveDateTime,
) -> Result<TrainingEvent, ApiError> {
    event_dtos(conn, std::slice::from_ref(row), now)?
        .pop()
        .ok_or_else(|| ApiError::internal("training event read back"))
}

/// Events as read: their sessions and enrolment counts in two queries for the page.
pub fn event_dtos(
    conn: &mut DbConnection,
    rows: &[EventRow],
    now: NaiveDateTime,
) -> Result<Vec<TrainingEvent>, ApiError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let sessions: Vec<SessionRow> = training_sessions::table
        .filter(training_sessions::event_id.eq_any(&ids))
        .order((
            training_sessions::starts_at.asc(),
            training_sessions::id.asc(),
        ))
        .select(SessionRow::as_select())
        .load(conn)?;
    let counts: Vec<(String, String, i64)> = training_enrolments::table
        .filter(training_enrolments::event_id.eq_any(&ids))
        .group_by((training_enrolments::event_id, training_enrolments::status))
        .select((
            training_enrolments::event_id,
            training_enrolments::status,
            count_star(),
        ))
        .load(conn)?;
    let owners: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files = crate::resources::attachments::model::of_owners(
        conn,
        api_types::audit::ResourceKind::TrainingEvent,
        &owners,
    )?;
    rows.iter()
        .map(|row| {
            let count = |status: EnrolmentStatus| {
                counts
                    .iter()
                    .find(|(e, s, _)| *e == row.id && s == status.as_str())
                    .map_or(0, |(_, _, n)| u32::try_from(*n).unwrap_or(0))
            };
            let own: Vec<&SessionRow> = sessions.iter().filter(|s| s.event_id == row.id).collect();
            let total: i64 = own.iter().map(|s| i64::from(s.credit_tenths)).sum();
            Ok(TrainingEvent {
                id: stored_uuid(&row.id)?,
                content: row.content()?,
                status: row.status()?,
                sessions: own.iter().map(|s| s.to_dto()).collect::<Result<_, _>>()?,
                total_hours: hours(total),
                enrolled: count(EnrolmentStatus::Enrolled),
                waitlisted: count(EnrolmentStatus::Waitlisted),
                enrolment_open: row.enrolment_open(now),
                attachments: files.remove(&row.id).unwrap_or_default(),
                cancel_reason: row.cancel_reason.clone(),
                published_at: row.published_at.map(time::to_utc),
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

/// The rules of an event's settings no schema states: the enrolment window's order,
/// the target's units, the milestone. All at once.
pub fn check_event(
    conn: &mut DbConnection,
    content: &TrainingEventContent,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if content.enrol_closes_at <= content.enrol_opens_at {
        errors.push(FieldError::new(
            "enrol_closes_at",
            "after_opens_at",
            "enrolment must close after it opens",
        ));
    }
    if content.leave_numerator > content.leave_denominator {
        errors.push(FieldError::new(
            "leave_numerator",
            "leave_share",
            "the leave limit is a share of the hours: at most 1",
        ));
    }
    let organiser = units::table
        .find(content.organiser_unit_id.to_string())
        .count()
        .get_result::<i64>(conn)?;
    if organiser == 0 {
        errors.push(FieldError::new(
            "organiser_unit_id",
            "unknown_unit",
            "no such unit",
        ));
    }
    let ids: Vec<String> = content
        .target
        .unit_ids
        .iter()
        .map(ToString::to_string)
        .collect();
    let known = units::table
        .filter(units::id.eq_any(&ids))
        .count()
        .get_result::<i64>(conn)?;
    if usize::try_from(known).unwrap_or(0) != ids.iter().collect::<HashSet<_>>().len() {
        errors.push(FieldError::new(
            "target.unit_ids",
            "unknown_unit",
            "a unit named does not exist",
        ));
    }
    if let Some(milestone) = content.milestone_id {
        let found = milestones::table
            .find(milestone.to_string())
            .count()
            .get_result::<i64>(conn)?;
        if found == 0 {
            errors.push(FieldError::new(
                "milestone_id",
                "unknown_milestone",
                "no such milestone in the plan",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// A session ends after it starts; its hours have at most one decimal.
pub fn check_session(content: &TrainingSessionContent) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if content.ends_at <= content.starts_at {
        errors.push(FieldError::new(
            "ends_at",
            "after_starts_at",
            "the session must end after it starts",
        ));
    }
    if tenths(content.credit_hours).is_none() {
        errors.push(FieldError::new(
            "credit_hours",
            "one_decimal",
            "give the hours with at most one decimal",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Whether a person of `unit` with `roles` is among an event's target.
pub fn is_targeted(
    conn: &mut DbConnection,
    target: &TrainingTarget,
    unit: &str,
    roles: &[Role],
) -> Result<bool, ApiError> {
    if !target.roles.is_empty() && !roles.iter().any(|r| target.roles.contains(r)) {
        return Ok(false);
    }
    if target.unit_ids.is_empty() {
        return Ok(true);
    }
    let roots: Vec<String> = target.unit_ids.iter().map(ToString::to_string).collect();
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    Ok(subtrees(conn, &roots)?.contains(unit))
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = training_enrolments, treat_none_as_null = true)]
pub struct EnrolmentRow {
    pub id: String,
    pub event_id: String,
    pub user_id: String,
    pub unit_id: String,
    pub status: String,
    pub queued_at: NaiveDateTime,
    pub nominated_by_name: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl EnrolmentRow {
    pub fn status(&self) -> Result<EnrolmentStatus, ApiError> {
        EnrolmentStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored enrolment status"))
    }
}

pub fn find_enrolment(conn: &mut DbConnection, id: &str) -> Result<EnrolmentRow, ApiError> {
    training_enrolments::table
        .find(id)
        .select(EnrolmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("training enrolment"))
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_attendance)]
pub struct AttendanceRow {
    pub session_id: String,
    pub user_id: String,
    pub status: String,
    pub method: String,
    pub remark: Option<String>,
    pub marked_by_name: String,
    pub marked_at: NaiveDateTime,
}

impl AttendanceRow {
    pub fn status(&self) -> Result<AttendanceStatus, ApiError> {
        AttendanceStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored attendance status"))
    }

    pub fn method(&self) -> Result<AttendanceMethod, ApiError> {
        AttendanceMethod::parse(&self.method)
            .ok_or_else(|| ApiError::internal("stored attendance method"))
    }
}

/// Records `status` for a person at a session (a later mark replaces an earlier one).
pub fn record_attendance(
    conn: &mut DbConnection,
    row: &AttendanceRow,
) -> Result<Option<AttendanceRow>, ApiError> {
    let before: Option<AttendanceRow> = training_attendance::table
        .find((&row.session_id, &row.user_id))
        .select(AttendanceRow::as_select())
        .first(conn)
        .optional()?;
    if before.is_some() {
        diesel::update(training_attendance::table.find((&row.session_id, &row.user_id)))
            .set((
                training_attendance::status.eq(&row.status),
                training_attendance::method.eq(&row.method),
                training_attendance::remark.eq(&row.remark),
                training_attendance::marked_by_name.eq(&row.marked_by_name),
                training_attendance::marked_at.eq(row.marked_at),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(training_attendance::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_have_one_decimal() {
        assert_eq!(tenths(1.5), Some(15));
        assert_eq!(tenths(0.25), None);
        assert_eq!(hours(35), 3.5);
    }
}
