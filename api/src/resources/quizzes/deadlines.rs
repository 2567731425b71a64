//! The deadline job: every attempt still in progress whose deadline has passed is
//! submitted by the server as it stood, whether or not its taker ever comes back.
//!
//! It runs in every API process (every `QUIZ_DEADLINE_INTERVAL_SECS`) and as
//! `api close-attempts`. Several processes may run it at once: closing claims the
//! attempt's row (`UPDATE … WHERE status = 'in_progress'`), so each attempt is closed
//! and audited once.

use api_types::quizzes::AttemptStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::attempts::close_at_deadline;
use crate::db::schema::quiz_attempts;
use crate::db::{self, DbConnection};
use crate::error::ApiError;

/// Attempts closed per pass at most (the next pass takes the rest).
const BATCH: i64 = 500;

/// The attempts in progress whose deadline has passed by `now` (at most a batch).
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> Result<Vec<(String, NaiveDateTime)>, ApiError> {
    Ok(quiz_attempts::table
        .filter(quiz_attempts::status.eq(AttemptStatus::InProgress.as_str()))
        .filter(quiz_attempts::deadline_at.le(now))
        .order(quiz_attempts::deadline_at.asc())
        .select((quiz_attempts::id, quiz_attempts::deadline_at))
        .limit(BATCH)
        .load(conn)?)
}

/// One pass as of `now` on one connection (`api close-attempts`): closes each due
/// attempt in its own transaction; one that fails is logged and the others still
/// close. Returns how many it closed.
pub fn run(conn: &mut DbConnection, now: NaiveDateTime) -> Result<u64, ApiError> {
    let mut closed = 0;
    for (id, deadline) in due(conn, now)? {
        match db::write_transaction(conn, |conn| close_at_deadline(conn, &id, deadline)) {
            Ok(true) => closed += 1,
            // Closed by another process meanwhile: nothing to do, nothing to record.
            Ok(false) => {}
            Err(err) => log::warn!("quiz attempt {id} was not closed at its deadline: {err}"),
        }
    }
    Ok(closed)
}

/// Runs a pass every `interval` until the process ends, each closing in this process's
/// write queue (see `db::run_write`).
pub async fn every(state: crate::state::AppState, interval: std::time::Duration) {
    let mut ticks = actix_web::rt::time::interval(interval);
    loop {
        ticks.tick().await;
        let found = crate::db::run(&state.pool, move |conn| due(conn, crate::time::now())).await;
        let due = match found {
            Ok(due) => due,
            Err(err) => {
                log::warn!("quiz deadline job failed: {err}");
                continue;
            }
        };
        let mut closed = 0;
        for (id, deadline) in due {
            let pass = crate::db::run_write(&state.pool, {
                let id = id.clone();
                move |conn| close_at_deadline(conn, &id, deadline)
            })
            .await;
            match pass {
                Ok(true) => closed += 1,
                Ok(false) => {}
                Err(err) => log::warn!("quiz attempt {id} was not closed at its deadline: {err}"),
            }
        }
        if closed > 0 {
            log::info!("quiz deadline job: {closed} attempts submitted at their deadline");
        }
    }
}
