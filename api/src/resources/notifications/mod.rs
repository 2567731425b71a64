//! The notification centre (站内信, `/api/v1/me/notifications`): what each user must act
//! on. Events notify as they happen, inside the transaction of the change that causes
//! them (a report returned, a notice issued, a report waiting for review); the
//! reminder job ([`reminders`]) adds deadline notifications once per item and day.
//!
//! Notifications are the user's own inbox, not records of the bureau's work: making
//! one or marking it read is not an audited act (the act that caused it is).

mod handlers;
pub mod list;
pub mod reminders;

use api_types::audit::ResourceKind;
use api_types::notifications::{Notification, NotificationKind};
use api_types::Permission;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::auth::policy::policy;
use crate::auth::principal::roles_from_column;
use crate::db::schema::{notifications, tasks, users};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

pub use handlers::configure;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub subject_type: String,
    pub subject_id: String,
    pub plan_id: Option<String>,
    pub task_id: Option<String>,
    pub title: String,
    pub due_date: Option<NaiveDate>,
    pub on_day: NaiveDate,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

impl NotificationRow {
    pub fn to_dto(&self, task_number: Option<i32>) -> Result<Notification, ApiError> {
        let bad = |what: &str| ApiError::internal(format!("stored notification {what}"));
        Ok(Notification {
            id: stored_uuid(&self.id)?,
            kind: NotificationKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
            subject_type: ResourceKind::parse(&self.subject_type)
                .ok_or_else(|| bad("subject type"))?,
            subject_id: stored_uuid(&self.subject_id)?,
            plan_id: self.plan_id.as_deref().map(stored_uuid).transpose()?,
            task_id: self.task_id.as_deref().map(stored_uuid).transpose()?,
            task_number,
            title: self.title.clone(),
            due_date: self.due_date,
            created_at: time::to_utc(self.created_at),
            read_at: self.read_at.map(time::to_utc),
        })
    }
}

/// What a notification is about, before it is addressed to anyone.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    pub kind: NotificationKind,
    pub subject_type: ResourceKind,
    pub subject_id: &'a str,
    pub plan_id: Option<&'a str>,
    pub task_id: Option<&'a str>,
    pub title: &'a str,
    pub due_date: Option<NaiveDate>,
    /// The day it is for; with the user, kind and subject, its unique key.
    pub on_day: NaiveDate,
}

/// Active users of `units` who hold `permission` in some scope: the people who can act
/// on what a notification is about.
pub fn recipients(
    conn: &mut DbConnection,
    units: &[&str],
    permission: Permission,
) -> Result<Vec<String>, ApiError> {
    let rows: Vec<(String, String)> = users::table
        .filter(users::unit_id.eq_any(units))
        .filter(users::active.eq(true))
        .order(users::id.asc())
        .select((users::id, users::roles))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, roles) in rows {
        if policy()
            .scope(permission, &roles_from_column(&roles)?)
            .is_some()
        {
            out.push(id);
        }
    }
    Ok(out)
}

/// Sends `subject` to each of `users`; returns how many notifications were created.
///
/// One that exists already (same user, kind, subject and day: made earlier today by
/// this event, or by another process running the reminder job) is not made twice.
/// For an event (`renew`) the existing one becomes unread and new again, so a report
/// returned a second time that day shows again.
pub fn deliver(
    conn: &mut DbConnection,
    users: &[String],
    subject: &Subject<'_>,
    renew: bool,
) -> Result<u64, ApiError> {
    let now = time::now();
    let mut created = 0;
    for user in users {
        let row = NotificationRow {
            id: time::new_id(),
            user_id: user.clone(),
            kind: subject.kind.as_str().to_string(),
            subject_type: subject.subject_type.as_str().to_string(),
            subject_id: subject.subject_id.to_string(),
            plan_id: subject.plan_id.map(str::to_string),
            task_id: subject.task_id.map(str::to_string),
            title: subject.title.to_string(),
            due_date: subject.due_date,
            on_day: subject.on_day,
            created_at: now,
            read_at: None,
        };
        // A savepoint, so that a duplicate leaves the surrounding transaction usable
        // (PostgreSQL aborts a transaction on any error otherwise).
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(notifications::table)
                .values(&row)
                .execute(conn)
        });
        match inserted {
            Ok(_) => created += 1,
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                if renew {
                    diesel::update(
                        notifications::table
                            .filter(notifications::user_id.eq(user))
                            .filter(notifications::kind.eq(subject.kind.as_str()))
                            .filter(notifications::subject_id.eq(subject.subject_id))
                            .filter(notifications::on_day.eq(subject.on_day)),
                    )
                    .set((
                        notifications::read_at.eq(None::<NaiveDateTime>),
                        notifications::created_at.eq(now),
                        notifications::title.eq(subject.title),
                    ))
                    .execute(conn)?;
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(created)
}

/// Sends an event's notification to the users of `units` holding `permission`.
pub fn notify_units(
    conn: &mut DbConnection,
    units: &[&str],
    permission: Permission,
    subject: &Subject<'_>,
) -> Result<u64, ApiError> {
    let users = recipients(conn, units, permission)?;
    deliver(conn, &users, subject, true)
}

/// Marks every unread notification of `kind` about `subject_id` read, for everyone:
/// the thing it asked for is done (the report was reviewed, the notice answered, the
/// returned report resubmitted).
pub fn settle(
    conn: &mut DbConnection,
    kind: NotificationKind,
    subject_id: &str,
) -> Result<(), ApiError> {
    diesel::update(
        notifications::table
            .filter(notifications::kind.eq(kind.as_str()))
            .filter(notifications::subject_id.eq(subject_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(time::now()))
    .execute(conn)?;
    Ok(())
}

/// Task numbers for the notifications of a page (one query).
fn task_numbers(
    conn: &mut DbConnection,
    rows: &[NotificationRow],
) -> Result<std::collections::HashMap<String, i32>, ApiError> {
    let ids: Vec<&str> = rows.iter().filter_map(|r| r.task_id.as_deref()).collect();
    Ok(tasks::table
        .filter(tasks::id.eq_any(ids))
        .select((tasks::id, tasks::number))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect())
}
