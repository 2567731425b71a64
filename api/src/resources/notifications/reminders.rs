//! The deadline reminder job: for every active plan, each open milestone, item and
//! notice due within `REMINDER_LEAD_DAYS` working days (or already past due), and each
//! county bureau's statistics report of the last finished period not yet submitted,
//! and each section and county bureau short of the quarter's typical cases, notifies
//! the users of its unit who can act on it; and each quiz taker who has not started a
//! session closing within the lead time.
//!
//! It runs in every API process (every `REMINDER_INTERVAL_SECS`), after a plan
//! import, on request (`POST /api/v1/reminders/run`) and as `api remind`. Running it
//! twice, at once in two processes or twice a day, sends nothing twice: each reminder
//! has a unique key (user, kind, subject, day) in the database, a second insert of it
//! fails and is skipped. "Due soon" is sent once per working day while it is due soon;
//! "past due" once per item (its key's day is the due date). Reminders about work that
//! has since been done are marked read by the next pass.

use std::collections::{HashMap, HashSet};

use api_types::audit::ResourceKind;
use api_types::notifications::NotificationKind;
use api_types::plans::{PlanStatus, ProgressStatus, TodoKind};
use api_types::Permission;
use chrono::NaiveDate;
use diesel::prelude::*;

use super::{deliver, recipients, Subject};
use crate::db::schema::{notifications, plans, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::calendar;
use crate::resources::cases;
use crate::resources::quizzes;
use crate::resources::statistics;
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

/// A reminder a pass would send, owned (the plan's loaded data is gone by then).
struct Due {
    plan: Option<String>,
    unit: String,
    /// The one person it is for (a quiz taker); otherwise the unit's people who hold
    /// `permission`.
    user: Option<String>,
    kind: NotificationKind,
    subject_type: ResourceKind,
    permission: Permission,
    id: String,
    task_id: Option<String>,
    title: String,
    due: NaiveDate,
    on_day: NaiveDate,
}

/// Ids per query: far below SQLite's bound-parameter limit.
const CHUNK: usize = 2000;

/// One pass as of `today`: settles the deadline reminders of work that is no longer
/// open, then sends what is due; returns how many notifications it created.
pub fn run(conn: &mut DbConnection, today: NaiveDate, lead_days: u32) -> Result<u64, ApiError> {
    let horizon = calendar::load(conn)?.add_working_days(today, lead_days);
    let active: Vec<String> = plans::table
        .filter(plans::status.eq(PlanStatus::Active.as_str()))
        .order(plans::id.asc())
        .select(plans::id)
        .load(conn)?;
    // Open work by (unit, subject): a milestone several units own is open for each.
    let mut open: HashSet<(String, String)> = HashSet::new();
    let mut due: Vec<Due> = Vec::new();
    for plan in &active {
        board::each_open_work(conn, plan, today, |_, work| {
            for w in work {
                open.insert((w.unit_id.to_string(), w.id.to_string()));
                if let (Some((kind, on_day)), Some((subject_type, permission))) = (
                    reminder(w.status, w.due, today, horizon),
                    subject_of(w.kind),
                ) {
                    due.push(Due {
                        plan: Some(plan.clone()),
                        unit: w.unit_id.to_string(),
                        user: None,
                        kind,
                        subject_type,
                        permission,
                        id: w.id.to_string(),
                        task_id: Some(w.task_id.to_string()),
                        title: w.title.to_string(),
                        due: w.due,
                        on_day,
                    });
                }
            }
            Ok(())
        })?;
    }
    // County bureaus' statistics reports of the last finished period, not yet submitted.
    let calendar = calendar::load(conn)?;
    for r in statistics::reminders::open_reports(conn, &calendar, today)? {
        open.insert((r.unit_id.clone(), r.template_id.clone()));
        let status = if today > r.due {
            ProgressStatus::Overdue
        } else {
            ProgressStatus::Pending
        };
        if let Some((kind, on_day)) = reminder(status, r.due, today, horizon) {
            due.push(Due {
                plan: None,
                unit: r.unit_id,
                user: None,
                kind,
                subject_type: ResourceKind::StatisticsTemplate,
                permission: Permission::StatisticsWrite,
                id: r.template_id,
                task_id: None,
                title: r.title,
                due: r.due,
                on_day,
            });
        }
    }
    // Sections and county bureaus short of the quarter's typical cases (the unit is the
    // subject: one quota per unit at a time).
    for s in cases::reminders::short_units(conn, today)? {
        open.insert((s.unit_id.clone(), s.unit_id.clone()));
        if let Some((kind, on_day)) = reminder(ProgressStatus::Pending, s.due, today, horizon) {
            due.push(Due {
                plan: None,
                unit: s.unit_id.clone(),
                user: None,
                kind,
                subject_type: ResourceKind::CaseQuota,
                permission: Permission::CasesSubmit,
                id: s.unit_id,
                task_id: None,
                title: s.title,
                due: s.due,
                on_day,
            });
        }
    }
    // Quiz takers who have not started a session that closes soon.
    let now = crate::time::now();
    for p in quizzes::reminders::pending_takers(conn, now, horizon)? {
        open.insert((p.unit_id.clone(), p.session_id.clone()));
        due.push(Due {
            plan: None,
            unit: p.unit_id,
            user: Some(p.user_id),
            kind: NotificationKind::DeadlineSoon,
            subject_type: ResourceKind::QuizSession,
            permission: Permission::QuizzesTake,
            id: p.session_id,
            task_id: None,
            title: p.title,
            due: p.due,
            on_day: today,
        });
    }
    settle_finished(conn, &open)?;
    // Units already losing assessment points this month: told once a month.
    let warned = crate::resources::assessment::warnings::notify(conn, today)?;
    quizzes::reminders::settle_started(conn)?;

    // Reminders already sent about these subjects, so that a repeated pass does not
    // even try them again (the unique key would refuse them anyway).
    let mut ids: Vec<&str> = due.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut sent: HashSet<(String, String, String, NaiveDate)> = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(String, String, String, NaiveDate)> = notifications::table
            .filter(notifications::subject_id.eq_any(chunk))
            .filter(notifications::kind.eq_any([
                NotificationKind::DeadlineSoon.as_str(),
                NotificationKind::DeadlinePassed.as_str(),
            ]))
            .select((
                notifications::user_id,
                notifications::kind,
                notifications::subject_id,
                notifications::on_day,
            ))
            .load(conn)?;
        sent.extend(rows);
    }

    let mut people: HashMap<(String, Permission), Vec<String>> = HashMap::new();
    let mut created = 0;
    for d in &due {
        let key = (d.unit.clone(), d.permission);
        if d.user.is_none() && !people.contains_key(&key) {
            let found = recipients(conn, &[d.unit.as_str()], d.permission)?;
            people.insert(key.clone(), found);
        }
        let one = d.user.iter().cloned().collect::<Vec<_>>();
        let addressed = match &d.user {
            Some(_) => &one,
            None => &people[&key],
        };
        let users: Vec<String> = addressed
            .iter()
            .filter(|u| {
                !sent.contains(&(
                    (*u).clone(),
                    d.kind.as_str().to_string(),
                    d.id.clone(),
                    d.on_day,
                ))
            })
            .cloned()
            .collect();
        if users.is_empty() {
            continue;
        }
        let subject = Subject {
            kind: d.kind,
            subject_type: d.subject_type,
            subject_id: &d.id,
            plan_id: d.plan.as_deref(),
            task_id: d.task_id.as_deref(),
            title: &d.title,
            due_date: Some(d.due),
            on_day: d.on_day,
        };
        created += deliver(conn, &users, &subject, false)?;
    }
    Ok(created + warned)
}

/// Marks read the unread deadline reminders whose work is no longer open for the
/// recipient's unit (done, replied to, closed, or its plan no longer active): the bell
/// counts what still waits.
fn settle_finished(
    conn: &mut DbConnection,
    open: &HashSet<(String, String)>,
) -> Result<(), ApiError> {
    let unread: Vec<(String, String, String)> = notifications::table
        .inner_join(users::table)
        .filter(notifications::read_at.is_null())
        .filter(notifications::kind.eq_any([
            NotificationKind::DeadlineSoon.as_str(),
            NotificationKind::DeadlinePassed.as_str(),
        ]))
        .select((notifications::id, users::unit_id, notifications::subject_id))
        .load(conn)?;
    let finished: Vec<String> = unread
        .into_iter()
        .filter(|(_, unit, subject)| !open.contains(&(unit.clone(), subject.clone())))
        .map(|(id, _, _)| id)
        .collect();
    let now = crate::time::now();
    for chunk in finished.chunks(CHUNK) {
        diesel::update(notifications::table.filter(notifications::id.eq_any(chunk)))
            .set(notifications::read_at.eq(now))
            .execute(conn)?;
    }
    Ok(())
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
