//! What the reminder job asks of quiz takers: a published session closing within the
//! reminder lead time, for each taker who has not started it yet. The job itself is
//! `notifications::reminders`; this says who is still to take which session.

use std::collections::HashSet;

use api_types::audit::ResourceKind;
use api_types::notifications::NotificationKind;
use api_types::quizzes::QuizStatus;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{self, SessionRow};
use crate::db::schema::{notifications, quiz_attempts, quiz_sessions};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

/// A taker who has not started a session that closes soon.
pub struct PendingTaker {
    pub user_id: String,
    pub unit_id: String,
    pub session_id: String,
    pub title: String,
    /// The session's last day (bureau time).
    pub due: NaiveDate,
}

/// Takers of open sessions closing by `horizon` (bureau days) who have no attempt yet.
pub fn pending_takers(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    horizon: NaiveDate,
) -> Result<Vec<PendingTaker>, ApiError> {
    let sessions: Vec<SessionRow> = quiz_sessions::table
        .filter(quiz_sessions::status.eq(QuizStatus::Published.as_str()))
        .filter(quiz_sessions::opens_at.le(now))
        .filter(quiz_sessions::closes_at.gt(now))
        .select(SessionRow::as_select())
        .load(conn)?;
    let mut out = Vec::new();
    for session in sessions {
        // The last moment of a window ending at midnight belongs to the day before.
        let due = time::local_date(session.closes_at - chrono::Duration::seconds(1));
        if due > horizon {
            continue;
        }
        let started: HashSet<String> = quiz_attempts::table
            .filter(quiz_attempts::session_id.eq(&session.id))
            .select(quiz_attempts::user_id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        for m in model::takers(conn, &session)? {
            if !started.contains(&m.user_id) {
                out.push(PendingTaker {
                    user_id: m.user_id,
                    unit_id: m.unit_id,
                    session_id: session.id.clone(),
                    title: session.title.clone(),
                    due,
                });
            }
        }
    }
    Ok(out)
}

/// Marks read the "closes soon" reminders of sessions their recipient has started.
pub fn settle_started(conn: &mut DbConnection) -> Result<(), ApiError> {
    let unread: Vec<(String, String, String)> = notifications::table
        .filter(notifications::read_at.is_null())
        .filter(notifications::kind.eq(NotificationKind::DeadlineSoon.as_str()))
        .filter(notifications::subject_type.eq(ResourceKind::QuizSession.as_str()))
        .select((
            notifications::id,
            notifications::user_id,
            notifications::subject_id,
        ))
        .load(conn)?;
    let now = time::now();
    for (id, user, session) in unread {
        let started = quiz_attempts::table
            .filter(quiz_attempts::session_id.eq(&session))
            .filter(quiz_attempts::user_id.eq(&user))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if started {
            diesel::update(notifications::table.find(&id))
                .set(notifications::read_at.eq(now))
                .execute(conn)?;
        }
    }
    Ok(())
}
