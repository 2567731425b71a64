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

/// One pass as of `now`: closes each due attempt in its own transaction; returns how
/// many it closed.
pub fn run(conn: &mut DbConnection, now: NaiveDateTime) -> Result<u64, ApiError> {
    let due: Vec<(String, NaiveDateTime)> = quiz_attempts::table
        .filter(quiz_attempts::status.eq(AttemptStatus::InProgress.as_str()))
        .filter(quiz_attempts::deadline_at.le(now))
        .order(quiz_attempts::deadline_at.asc())
        .select((quiz_attempts::id, quiz_attempts::deadline_at))
        .limit(BATCH)
        .load(conn)?;
    let mut closed = 0;
    for (id, deadline) in due {
        // Closed by another process meanwhile: nothing to do, nothing to record.
        let done = db::write_transaction(conn, |conn| close_at_deadline(conn, &id, deadline))?;
        if done {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Runs [`run`] every `interval` until the process ends.
pub async fn every(state: crate::state::AppState, interval: std::time::Duration) {
    let mut ticks = actix_web::rt::time::interval(interval);
    loop {
        ticks.tick().await;
        let pass = crate::db::run(&state.pool, move |conn| run(conn, crate::time::now())).await;
        match pass {
            Ok(0) => {}
            Ok(n) => log::info!("quiz deadline job: {n} attempts submitted at their deadline"),
            Err(err) => log::warn!("quiz deadline job failed: {err}"),
        }
    }
}
