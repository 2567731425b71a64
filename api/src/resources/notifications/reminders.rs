//! The deadline reminder job: for every active plan, each open milestone, item and
//! notice due within `REMINDER_LEAD_DAYS` working days (or already past due) notifies
//! the users of its unit who can act on it.
//!
//! It runs in every API process (every `REMINDER_INTERVAL_SECS`), after a plan
//! import, on request (`POST /api/v1/reminders/run`) and as `api remind`. Running it
//! twice, at once in two processes or twice a day, sends nothing twice: each reminder
//! has a unique key (user, kind, subject, day) in the database, a second insert of it
//! fails and is skipped. "Due soon" is sent once per working day while it is due soon;
//! "past due" once per item (its key's day is the due date).

use std::collections::{HashMap, HashSet};

use api_types::audit::ResourceKind;
use api_types::notifications::NotificationKind;
use api_types::plans::{PlanStatus, ProgressStatus, TodoKind};
use api_types::Permission;
use chrono::NaiveDate;
use diesel::prelude::*;

use super::{deliver, recipients, Subject};
use crate::db::schema::{notifications, plans};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::calendar;
use crate::resources::supervision::board;

/// What the reminder for one piece of open work is: its kind and key day.
fn reminder(
    status: ProgressStatus,
    due: NaiveDate,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Option<(NotificationKind, NaiveDate)> {
    match status {
        ProgressStatus::Overdue => Some((NotificationKind::DeadlinePassed, due)),
        ProgressStatus::Done => None,
        _ if due >= today && due <= horizon => Some((NotificationKind::DeadlineSoon, today)),
        _ => None,
    }
}

/// The resource and the permission of the people who act on a kind of open work.
fn subject_of(kind: TodoKind) -> Option<(ResourceKind, Permission)> {
    match kind {
        TodoKind::Milestone => Some((ResourceKind::Milestone, Permission::ProgressReport)),
        TodoKind::Item => Some((
            ResourceKind::ImplementationItem,
            Permission::TaskItemsManage,
        )),
        TodoKind::Notice => Some((ResourceKind::SupervisionNotice, Permission::NoticesReply)),
        TodoKind::ReturnedReport | TodoKind::ReviewReport => None,
    }
}

/// One pass as of `today`; returns how many notifications it created.
pub fn run(conn: &mut DbConnection, today: NaiveDate, lead_days: u32) -> Result<u64, ApiError> {
    let horizon = calendar::load(conn)?.add_working_days(today, lead_days);
    let active: Vec<String> = plans::table
        .filter(plans::status.eq(PlanStatus::Active.as_str()))
        .order(plans::id.asc())
        .select(plans::id)
        .load(conn)?;
    // Reminders already sent, so that a repeated pass does not even try them again.
    let sent: HashSet<(String, String, String, NaiveDate)> = notifications::table
        .filter(
            notifications::kind
                .eq(NotificationKind::DeadlineSoon.as_str())
                .and(notifications::on_day.eq(today))
                .or(notifications::kind.eq(NotificationKind::DeadlinePassed.as_str())),
        )
        .select((
            notifications::user_id,
            notifications::kind,
            notifications::subject_id,
            notifications::on_day,
        ))
        .load(conn)?
        .into_iter()
        .collect();
    let mut people: HashMap<(String, Permission), Vec<String>> = HashMap::new();
    let mut created = 0;
    for plan in &active {
        created += board::each_open_work(conn, plan, today, |conn, work| {
            let mut created = 0;
            for w in work {
                let (Some((kind, on_day)), Some((subject_type, permission))) = (
                    reminder(w.status, w.due, today, horizon),
                    subject_of(w.kind),
                ) else {
                    continue;
                };
                let key = (w.unit_id.to_string(), permission);
                if !people.contains_key(&key) {
                    let found = recipients(conn, &[w.unit_id], permission)?;
                    people.insert(key.clone(), found);
                }
                let users: Vec<String> = people[&key]
                    .iter()
                    .filter(|u| {
                        !sent.contains(&(
                            (*u).clone(),
                            kind.as_str().to_string(),
                            w.id.to_string(),
                            on_day,
                        ))
                    })
                    .cloned()
                    .collect();
                if users.is_empty() {
                    continue;
                }
                let subject = Subject {
                    kind,
                    subject_type,
                    subject_id: w.id,
                    plan_id: Some(plan),
                    task_id: Some(w.task_id),
                    title: w.title,
                    due_date: Some(w.due),
                    on_day,
                };
                created += deliver(conn, &users, &subject, false)?;
            }
            Ok(created)
        })?;
    }
    Ok(created)
}

/// Runs [`run`] now and then every `interval`, for the life of the process. Failures
/// are logged and the next pass tries again.
pub async fn every(state: crate::state::AppState, interval: std::time::Duration) {
    let mut ticks = actix_web::rt::time::interval(interval);
    loop {
        ticks.tick().await;
        let lead_days = state.config.reminder_lead_days;
        let pass = crate::db::run(&state.pool, move |conn| {
            run(conn, crate::time::today(), lead_days)
        })
        .await;
        match pass {
            Ok(0) => {}
            Ok(n) => log::info!("reminder job: {n} notifications sent"),
            Err(err) => log::warn!("reminder job failed: {err}"),
        }
    }
}
