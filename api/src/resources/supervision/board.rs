//! The board and the to-do list, computed from a handful of set queries (no query per
//! task or unit) with unit ids interned to indices, so a plan of 200 units × 2,000
//! milestones costs about as much as listing a page of its milestones.

use std::collections::HashMap;

use api_types::plans::{
    Board, BoardCell, BoardRow, BoardTask, NoticeStatus, ProgressStatus, ReportStatus, TodoEntry,
    TodoKind,
};
use api_types::units::UnitKind;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{
    implementation_items, milestone_owners, milestones, plans, progress_reports,
    supervision_notices, task_units, tasks,
};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::plans::model::{self, TaskRow};
use crate::resources::plans::status::{item_status, milestone_status, LatestReport};
use crate::time;

#[derive(Default, Clone)]
struct Counts {
    /// The unit is concerned by the task (responsible, owner or with items).
    present: bool,
    done: u32,
    open: u32,
    overdue: u32,
    last_report_at: Option<NaiveDateTime>,
    reports_submitted: u32,
    reports_returned: u32,
    notices_open: u32,
    notices_overdue: u32,
}

impl Counts {
    fn add(&mut self, status: ProgressStatus) {
        self.present = true;
        match status {
            ProgressStatus::Done => self.done += 1,
            ProgressStatus::Overdue => self.overdue += 1,
            ProgressStatus::Pending | ProgressStatus::InProgress => self.open += 1,
        }
    }
}

struct Unit {
    id: String,
    code: String,
    name: String,
    name_en: Option<String>,
}

struct Milestone {
    id: String,
    task: usize,
    title: String,
    due: NaiveDate,
    owners: Vec<usize>,
}

struct Report {
    task: usize,
    milestone: Option<usize>,
    unit: usize,
    percent: i32,
    status: ReportStatus,
    at: NaiveDateTime,
}

/// Everything the board and the to-do list need about one plan, with units, tasks
/// and milestones referred to by position.
struct PlanData {
    plan: Uuid,
    tasks: Vec<TaskRow>,
    /// Units of each task: lead and responsible, as positions in `units`.
    responsible: Vec<Vec<usize>>,
    units: Vec<Unit>,
    unit_pos: HashMap<String, usize>,
    milestones: Vec<Milestone>,
    reports: Vec<Report>,
    /// (id, task, unit, title, due, completed_on)
    items: Vec<(String, usize, usize, String, NaiveDate, Option<NaiveDate>)>,
    /// (id, task, unit, subject, reply_deadline, status)
    notices: Vec<(String, usize, usize, String, NaiveDate, String)>,
}

impl PlanData {
    fn load(conn: &mut DbConnection, plan_id: &str) -> Result<PlanData, ApiError> {
        let exists: i64 = plans::table.find(plan_id).count().get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::not_found("plan"));
        }
        let unit_rows = crate::resources::units::model::all(conn, true)?;
        let mut units = Vec::with_capacity(unit_rows.len());
        let mut unit_pos = HashMap::with_capacity(unit_rows.len());
        let mut by_kind: HashMap<UnitKind, Vec<usize>> = HashMap::new();
        for (i, row) in unit_rows.into_iter().enumerate() {
            let crate::resources::units::UnitRow {
                id,
                code,
                name,
                name_en,
                kind,
                active,
                ..
            } = row;
            if active {
                if let Some(kind) = UnitKind::parse(&kind) {
                    by_kind.entry(kind).or_default().push(i);
                }
            }
            unit_pos.insert(id.clone(), i);
            units.push(Unit {
                id,
                code,
                name,
                name_en,
            });
        }
        let resolve = |named: &[String], kinds: &[UnitKind]| -> Vec<usize> {
            let mut out: Vec<usize> = named
                .iter()
                .filter_map(|u| unit_pos.get(u).copied())
                .collect();
            for kind in kinds {
                out.extend(by_kind.get(kind).into_iter().flatten().copied());
            }
            out.sort_unstable();
            out.dedup();
            out
        };

        let task_rows: Vec<TaskRow> = tasks::table
            .filter(tasks::plan_id.eq(plan_id))
            .order(tasks::number.asc())
            .select(TaskRow::as_select())
            .load(conn)?;
        let views = model::task_views(conn, task_rows)?;
        let task_pos: HashMap<String, usize> = views
            .iter()
            .enumerate()
            .map(|(i, t)| (t.row.id.clone(), i))
            .collect();
        let responsible = views
            .iter()
            .map(|t| {
                let mut named = t.leads.clone();
                named.extend(t.named_responsible.iter().cloned());
                resolve(&named, &t.responsible_kinds)
            })
            .collect();

        let plan_tasks = || {
            tasks::table
                .filter(tasks::plan_id.eq(plan_id))
                .select(tasks::id)
        };
        let milestone_rows: Vec<(String, String, String, NaiveDate, String)> = milestones::table
            .filter(milestones::task_id.eq_any(plan_tasks()))
            .select((
                milestones::id,
                milestones::task_id,
                milestones::title,
                milestones::due_date,
                milestones::owner_kinds,
            ))
            .load(conn)?;
        let mut named_owners: HashMap<String, Vec<String>> = HashMap::new();
        let owner_rows: Vec<(String, String)> = milestone_owners::table
            .filter(
                milestone_owners::milestone_id.eq_any(
                    milestones::table
                        .filter(milestones::task_id.eq_any(plan_tasks()))
                        .select(milestones::id),
                ),
            )
            .select((milestone_owners::milestone_id, milestone_owners::unit_id))
            .load(conn)?;
        for (m, u) in owner_rows {
            named_owners.entry(m).or_default().push(u);
        }
        let mut milestones = Vec::with_capacity(milestone_rows.len());
        let mut milestone_pos: HashMap<String, usize> =
            HashMap::with_capacity(milestone_rows.len());
        for (id, task, title, due, kinds) in milestone_rows {
            let Some(&task) = task_pos.get(&task) else {
                continue;
            };
            let kinds = model::kinds_from_column(&kinds)?;
            let owners = resolve(
                named_owners.get(&id).map(Vec::as_slice).unwrap_or(&[]),
                &kinds,
            );
            milestone_pos.insert(id.clone(), milestones.len());
            milestones.push(Milestone {
                id,
                task,
                title,
                due,
                owners,
            });
        }

        let report_rows: Vec<(String, Option<String>, String, i32, String, NaiveDateTime)> =
            progress_reports::table
                .filter(progress_reports::plan_id.eq(plan_id))
                .select((
                    progress_reports::task_id,
                    progress_reports::milestone_id,
                    progress_reports::unit_id,
                    progress_reports::percent_complete,
                    progress_reports::status,
                    progress_reports::submitted_at,
                ))
                .load(conn)?;
        let mut reports = Vec::with_capacity(report_rows.len());
        for (task, milestone, unit, percent, status, at) in report_rows {
            let (Some(&task), Some(&unit), Some(status)) = (
                task_pos.get(&task),
                unit_pos.get(&unit),
                ReportStatus::parse(&status),
            ) else {
                continue;
            };
            reports.push(Report {
                task,
                milestone: milestone.and_then(|m| milestone_pos.get(&m).copied()),
                unit,
                percent,
                status,
                at,
            });
        }

        let item_rows: Vec<(String, String, String, String, NaiveDate, Option<NaiveDate>)> =
            implementation_items::table
                .filter(implementation_items::task_id.eq_any(plan_tasks()))
                .select((
                    implementation_items::id,
                    implementation_items::task_id,
                    implementation_items::unit_id,
                    implementation_items::title,
                    implementation_items::due_date,
                    implementation_items::completed_on,
                ))
                .load(conn)?;
        let items = item_rows
            .into_iter()
            .filter_map(|(id, task, unit, title, due, done)| {
                Some((
                    id,
                    *task_pos.get(&task)?,
                    *unit_pos.get(&unit)?,
                    title,
                    due,
                    done,
                ))
            })
            .collect();
        let notice_rows: Vec<(String, String, String, String, NaiveDate, String)> =
            supervision_notices::table
                .filter(supervision_notices::plan_id.eq(plan_id))
                .filter(supervision_notices::status.ne(NoticeStatus::Closed.as_str()))
                .select((
                    supervision_notices::id,
                    supervision_notices::task_id,
                    supervision_notices::unit_id,
                    supervision_notices::subject,
                    supervision_notices::reply_deadline,
                    supervision_notices::status,
                ))
                .load(conn)?;
        let notices = notice_rows
            .into_iter()
            .filter_map(|(id, task, unit, subject, deadline, status)| {
                Some((
                    id,
                    *task_pos.get(&task)?,
                    *unit_pos.get(&unit)?,
                    subject,
                    deadline,
                    status,
                ))
            })
            .collect();
        Ok(PlanData {
            plan: stored_uuid(plan_id)?,
            tasks: views.into_iter().map(|v| v.row).collect(),
            responsible,
            units,
            unit_pos,
            milestones,
            reports,
            items,
            notices,
        })
    }

    /// Latest report per (milestone, unit). Reports are loaded unordered (sorting them
    /// in the database costs more than this pass).
    fn latest(&self) -> HashMap<(usize, usize), LatestReport> {
        let mut latest: HashMap<(usize, usize), (NaiveDateTime, LatestReport)> =
            HashMap::with_capacity(self.reports.len());
        for r in &self.reports {
            if let Some(m) = r.milestone {
                let report = LatestReport {
                    percent_complete: r.percent,
                    status: r.status,
                };
                latest
                    .entry((m, r.unit))
                    .and_modify(|(at, current)| {
                        if r.at >= *at {
                            *at = r.at;
                            *current = report;
                        }
                    })
                    .or_insert((r.at, report));
            }
        }
        latest.into_iter().map(|(k, (_, v))| (k, v)).collect()
    }
}

/// The board of `plan_id` as of `today`, optionally for one unit only.
pub fn board(
    conn: &mut DbConnection,
    plan_id: &str,
    only_unit: Option<&str>,
    today: NaiveDate,
) -> Result<Board, ApiError> {
    let data = PlanData::load(conn, plan_id)?;
    let width = data.tasks.len();
    let mut cells = vec![Counts::default(); data.units.len() * width];
    let at = |unit: usize, task: usize| unit * width + task;

    for (task, units) in data.responsible.iter().enumerate() {
        for &unit in units {
            cells[at(unit, task)].present = true;
        }
    }
    let latest = data.latest();
    for (m, milestone) in data.milestones.iter().enumerate() {
        for &unit in &milestone.owners {
            let status = milestone_status(milestone.due, today, latest.get(&(m, unit)).copied());
            cells[at(unit, milestone.task)].add(status);
        }
    }
    for (_, task, unit, _, due, completed) in &data.items {
        cells[at(*unit, *task)].add(item_status(*due, *completed, today));
    }
    for r in &data.reports {
        let c = &mut cells[at(r.unit, r.task)];
        c.present = true;
        c.last_report_at = c.last_report_at.max(Some(r.at));
        match r.status {
            ReportStatus::Submitted => c.reports_submitted += 1,
            ReportStatus::Returned => c.reports_returned += 1,
            ReportStatus::Acknowledged => {}
        }
    }
    for (_, task, unit, _, deadline, status) in &data.notices {
        let c = &mut cells[at(*unit, *task)];
        c.present = true;
        c.notices_open += 1;
        if status == NoticeStatus::Issued.as_str() && today > *deadline {
            c.notices_overdue += 1;
        }
    }

    let only = match only_unit {
        Some(u) => Some(
            *data
                .unit_pos
                .get(u)
                .ok_or_else(|| ApiError::not_found("unit"))?,
        ),
        None => None,
    };
    let task_ids: Vec<Uuid> = data
        .tasks
        .iter()
        .map(|t| stored_uuid(&t.id))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for (u, unit) in data.units.iter().enumerate() {
        let row = &cells[at(u, 0)..at(u, 0) + width];
        if only.is_some_and(|o| o != u) || !row.iter().any(|c| c.present) {
            continue;
        }
        let unit_id = stored_uuid(&unit.id)?;
        rows.push(BoardRow {
            unit_id,
            unit_code: unit.code.clone(),
            unit_name: unit.name.clone(),
            unit_name_en: unit.name_en.clone(),
            cells: row
                .iter()
                .zip(&task_ids)
                .map(|(c, task_id)| BoardCell {
                    task_id: *task_id,
                    unit_id,
                    done: c.done,
                    open: c.open,
                    overdue: c.overdue,
                    last_report_at: c.last_report_at.map(time::to_utc),
                    reports_submitted: c.reports_submitted,
                    reports_returned: c.reports_returned,
                    notices_open: c.notices_open,
                    notices_overdue: c.notices_overdue,
                })
                .collect(),
        });
    }
    Ok(Board {
        plan_id: data.plan,
        as_of: today,
        tasks: data
            .tasks
            .iter()
            .zip(&task_ids)
            .map(|(t, id)| BoardTask {
                task_id: *id,
                number: t.number,
                title: t.title.clone(),
            })
            .collect(),
        rows,
    })
}

/// One piece of open work with a due date: a milestone or item not done, or a notice
/// waiting for its unit's reply.
pub struct OpenWork<'a> {
    pub unit_id: &'a str,
    pub kind: TodoKind,
    pub id: &'a str,
    pub task_id: &'a str,
    pub task_number: i32,
    pub title: &'a str,
    pub due: NaiveDate,
    pub status: ProgressStatus,
}

impl PlanData {
    /// Open work of one unit (`Some(position)`) or of every unit, as of `today`.
    fn open_work(&self, today: NaiveDate, only: Option<usize>) -> Vec<OpenWork<'_>> {
        let wanted = |unit: usize| only.is_none_or(|o| o == unit);
        let work = |unit: usize, kind, id, task: usize, title, due, status| OpenWork {
            unit_id: self.units[unit].id.as_str(),
            kind,
            id,
            task_id: self.tasks[task].id.as_str(),
            task_number: self.tasks[task].number,
            title,
            due,
            status,
        };
        let latest = self.latest();
        let mut out = Vec::new();
        for (m, milestone) in self.milestones.iter().enumerate() {
            for &unit in milestone.owners.iter().filter(|u| wanted(**u)) {
                let status =
                    milestone_status(milestone.due, today, latest.get(&(m, unit)).copied());
                if status != ProgressStatus::Done {
                    out.push(work(
                        unit,
                        TodoKind::Milestone,
                        &milestone.id,
                        milestone.task,
                        &milestone.title,
                        milestone.due,
                        status,
                    ));
                }
            }
        }
        for (id, task, unit, title, due, completed) in &self.items {
            let status = item_status(*due, *completed, today);
            if wanted(*unit) && status != ProgressStatus::Done {
                out.push(work(*unit, TodoKind::Item, id, *task, title, *due, status));
            }
        }
        for (id, task, unit, subject, deadline, status) in &self.notices {
            if wanted(*unit) && status == NoticeStatus::Issued.as_str() {
                let s = if today > *deadline {
                    ProgressStatus::Overdue
                } else {
                    ProgressStatus::Pending
                };
                out.push(work(
                    *unit,
                    TodoKind::Notice,
                    id,
                    *task,
                    subject,
                    *deadline,
                    s,
                ));
            }
        }
        out
    }
}

/// Open work of every unit in `plan_id` as of `today` (the reminder job's input), handed
/// to `each` so that nothing outlives the loaded plan.
pub fn each_open_work<T>(
    conn: &mut DbConnection,
    plan_id: &str,
    today: NaiveDate,
    each: impl FnOnce(&mut DbConnection, Vec<OpenWork<'_>>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let data = PlanData::load(conn, plan_id)?;
    let work = data.open_work(today, None);
    each(conn, work)
}

/// Open work of `unit` in `plan_id`: milestones and items not done, notices awaiting
/// its reply, reports sent back, and reports on tasks it leads waiting for its review;
/// soonest due first.
pub fn todo(
    conn: &mut DbConnection,
    plan_id: &str,
    unit: &str,
    today: NaiveDate,
) -> Result<Vec<TodoEntry>, ApiError> {
    let data = PlanData::load(conn, plan_id)?;
    let Some(&me) = data.unit_pos.get(unit) else {
        return Err(ApiError::not_found("unit"));
    };
    let plan_id_uuid = data.plan;
    let entry = |kind, id: &str, task_id: &str, task_number, title: &str, due, status| {
        Ok::<_, ApiError>(TodoEntry {
            kind,
            id: stored_uuid(id)?,
            plan_id: plan_id_uuid,
            task_id: stored_uuid(task_id)?,
            task_number,
            title: title.to_string(),
            due_date: due,
            status,
        })
    };
    let mut out = Vec::new();
    for w in data.open_work(today, Some(me)) {
        out.push(entry(
            w.kind,
            w.id,
            w.task_id,
            w.task_number,
            w.title,
            Some(w.due),
            w.status,
        )?);
    }
    // Returned reports, with their period as the title.
    let returned: Vec<(String, String, String)> = progress_reports::table
        .filter(progress_reports::plan_id.eq(plan_id))
        .filter(progress_reports::unit_id.eq(unit))
        .filter(progress_reports::status.eq(ReportStatus::Returned.as_str()))
        .select((
            progress_reports::id,
            progress_reports::task_id,
            progress_reports::period,
        ))
        .load(conn)?;
    let task_pos: HashMap<&str, usize> = data
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    for (id, task, period) in returned {
        if let Some(&t) = task_pos.get(task.as_str()) {
            out.push(entry(
                TodoKind::ReturnedReport,
                &id,
                &task,
                data.tasks[t].number,
                &period,
                None,
                ProgressStatus::InProgress,
            )?);
        }
    }
    // Reports on tasks the unit leads, waiting for its review.
    let waiting: Vec<(String, String, String)> = progress_reports::table
        .filter(progress_reports::plan_id.eq(plan_id))
        .filter(progress_reports::status.eq(ReportStatus::Submitted.as_str()))
        .filter(
            progress_reports::task_id.eq_any(
                task_units::table
                    .filter(task_units::unit_id.eq(unit))
                    .filter(task_units::role.eq("lead"))
                    .select(task_units::task_id),
            ),
        )
        .select((
            progress_reports::id,
            progress_reports::task_id,
            progress_reports::period,
        ))
        .load(conn)?;
    for (id, task, period) in waiting {
        if let Some(&t) = task_pos.get(task.as_str()) {
            out.push(entry(
                TodoKind::ReviewReport,
                &id,
                &task,
                data.tasks[t].number,
                &period,
                None,
                ProgressStatus::Pending,
            )?);
        }
    }
    out.sort_by(|a, b| {
        (a.due_date.is_none(), a.due_date, a.task_number).cmp(&(
            b.due_date.is_none(),
            b.due_date,
            b.task_number,
        ))
    });
    Ok(out)
}
