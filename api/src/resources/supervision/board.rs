//! The board and the to-do list, computed from a handful of set queries (no query per
//! task or unit), so it costs about as much as listing the plan's milestones.

use std::collections::HashMap;

use api_types::plans::{
    Board, BoardCell, BoardRow, BoardTask, NoticeStatus, ProgressStatus, ReportStatus, TodoEntry,
    TodoKind,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    implementation_items, milestones, plans, progress_reports, supervision_notices, tasks, units,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::plans::model::{self, MilestoneRow, TaskRow, UnitIndex};
use crate::resources::plans::status::{item_status, milestone_status, LatestReport};
use crate::resources::units::model::stored_uuid;
use crate::time;

#[derive(Default, Clone)]
struct Counts {
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
        match status {
            ProgressStatus::Done => self.done += 1,
            ProgressStatus::Overdue => self.overdue += 1,
            ProgressStatus::Pending | ProgressStatus::InProgress => self.open += 1,
        }
    }
}

/// (task, milestone, unit, percent, status, submitted_at, report id, period)
type ReportFacts = (
    String,
    Option<String>,
    String,
    i32,
    String,
    NaiveDateTime,
    String,
    String,
);

/// Everything the board and the to-do list need about one plan.
struct PlanData {
    tasks: Vec<model::TaskView>,
    index: UnitIndex,
    milestones: Vec<MilestoneRow>,
    owners: HashMap<String, Vec<String>>,
    /// (task, milestone, unit, percent, status, submitted_at, report id, period)
    reports: Vec<ReportFacts>,
    /// (id, task, unit, title, due, completed_on)
    items: Vec<(String, String, String, String, NaiveDate, Option<NaiveDate>)>,
    /// (id, task, unit, subject, reply_deadline, status)
    notices: Vec<(String, String, String, String, NaiveDate, String)>,
}

impl PlanData {
    fn load(conn: &mut DbConnection, plan_id: &str) -> Result<PlanData, ApiError> {
        let task_rows: Vec<TaskRow> = tasks::table
            .filter(tasks::plan_id.eq(plan_id))
            .order(tasks::number.asc())
            .select(TaskRow::as_select())
            .load(conn)?;
        let tasks = model::task_views(conn, task_rows)?;
        let task_ids: Vec<String> = tasks.iter().map(|t| t.row.id.clone()).collect();
        let milestones: Vec<MilestoneRow> = milestones::table
            .filter(milestones::task_id.eq_any(&task_ids))
            .order((milestones::due_date.asc(), milestones::id.asc()))
            .select(MilestoneRow::as_select())
            .load(conn)?;
        let milestone_ids: Vec<String> = milestones.iter().map(|m| m.id.clone()).collect();
        let owners = model::load_owners(conn, &milestone_ids)?;
        let reports = progress_reports::table
            .filter(progress_reports::plan_id.eq(plan_id))
            .order((
                progress_reports::submitted_at.asc(),
                progress_reports::id.asc(),
            ))
            .select((
                progress_reports::task_id,
                progress_reports::milestone_id,
                progress_reports::unit_id,
                progress_reports::percent_complete,
                progress_reports::status,
                progress_reports::submitted_at,
                progress_reports::id,
                progress_reports::period,
            ))
            .load(conn)?;
        let items = implementation_items::table
            .filter(implementation_items::task_id.eq_any(&task_ids))
            .select((
                implementation_items::id,
                implementation_items::task_id,
                implementation_items::unit_id,
                implementation_items::title,
                implementation_items::due_date,
                implementation_items::completed_on,
            ))
            .load(conn)?;
        let notices = supervision_notices::table
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
        Ok(PlanData {
            tasks,
            index: UnitIndex::load(conn)?,
            milestones,
            owners,
            reports,
            items,
            notices,
        })
    }

    /// Latest report per (milestone, unit).
    fn latest(&self) -> HashMap<(&str, &str), LatestReport> {
        let mut latest = HashMap::new();
        for (_, milestone, unit, percent, status, _, _, _) in &self.reports {
            if let (Some(m), Some(status)) = (milestone, ReportStatus::parse(status)) {
                latest.insert(
                    (m.as_str(), unit.as_str()),
                    LatestReport {
                        percent_complete: *percent,
                        status,
                    },
                );
            }
        }
        latest
    }

    fn milestone_owners(&self, m: &MilestoneRow) -> Result<Vec<String>, ApiError> {
        let kinds = model::kinds_from_column(&m.owner_kinds)?;
        Ok(self.index.resolve(
            self.owners.get(&m.id).map(Vec::as_slice).unwrap_or(&[]),
            &kinds,
        ))
    }
}

/// The board of `plan_id` as of `today`, optionally for one unit only.
pub fn board(
    conn: &mut DbConnection,
    plan_id: &str,
    only_unit: Option<&str>,
    today: NaiveDate,
) -> Result<Board, ApiError> {
    let plan_exists: i64 = plans::table.find(plan_id).count().get_result(conn)?;
    if plan_exists == 0 {
        return Err(ApiError::not_found("plan"));
    }
    let data = PlanData::load(conn, plan_id)?;
    let task_pos: HashMap<&str, usize> = data
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.row.id.as_str(), i))
        .collect();
    let mut cells: HashMap<String, Vec<Counts>> = HashMap::new();
    let width = data.tasks.len();
    fn cell_of<'a>(
        cells: &'a mut HashMap<String, Vec<Counts>>,
        width: usize,
        unit: &str,
        task: usize,
    ) -> &'a mut Counts {
        &mut cells
            .entry(unit.to_string())
            .or_insert_with(|| vec![Counts::default(); width])[task]
    }

    for (i, task) in data.tasks.iter().enumerate() {
        for unit in task.responsible_units(&data.index) {
            cell_of(&mut cells, width, &unit, i);
        }
    }
    let latest = data.latest();
    for m in &data.milestones {
        let Some(&t) = task_pos.get(m.task_id.as_str()) else {
            continue;
        };
        for unit in data.milestone_owners(m)? {
            let report = latest.get(&(m.id.as_str(), unit.as_str())).copied();
            cell_of(&mut cells, width, &unit, t).add(milestone_status(m.due_date, today, report));
        }
    }
    for (_, task, unit, _, due, completed) in &data.items {
        if let Some(&t) = task_pos.get(task.as_str()) {
            cell_of(&mut cells, width, unit, t).add(item_status(*due, *completed, today));
        }
    }
    for (task, _, unit, _, status, at, _, _) in &data.reports {
        if let Some(&t) = task_pos.get(task.as_str()) {
            let c = cell_of(&mut cells, width, unit, t);
            c.last_report_at = c.last_report_at.max(Some(*at));
            match ReportStatus::parse(status) {
                Some(ReportStatus::Submitted) => c.reports_submitted += 1,
                Some(ReportStatus::Returned) => c.reports_returned += 1,
                _ => {}
            }
        }
    }
    for (_, task, unit, _, deadline, status) in &data.notices {
        if let Some(&t) = task_pos.get(task.as_str()) {
            let c = cell_of(&mut cells, width, unit, t);
            c.notices_open += 1;
            if status == NoticeStatus::Issued.as_str() && today > *deadline {
                c.notices_overdue += 1;
            }
        }
    }

    let meta: Vec<(String, String, String)> = units::table
        .order((units::sort_order.asc(), units::code.asc()))
        .select((units::id, units::code, units::name))
        .load(conn)?;
    let mut rows = Vec::new();
    for (id, code, name) in meta {
        if only_unit.is_some_and(|u| u != id) {
            continue;
        }
        let Some(counts) = cells.remove(&id) else {
            continue;
        };
        let unit_uuid = stored_uuid(&id)?;
        let cells = counts
            .into_iter()
            .zip(&data.tasks)
            .map(|(c, task)| {
                Ok(BoardCell {
                    task_id: stored_uuid(&task.row.id)?,
                    unit_id: unit_uuid,
                    done: c.done,
                    open: c.open,
                    overdue: c.overdue,
                    last_report_at: c.last_report_at.map(time::to_utc),
                    reports_submitted: c.reports_submitted,
                    reports_returned: c.reports_returned,
                    notices_open: c.notices_open,
                    notices_overdue: c.notices_overdue,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        rows.push(BoardRow {
            unit_id: unit_uuid,
            unit_code: code,
            unit_name: name,
            cells,
        });
    }
    Ok(Board {
        plan_id: stored_uuid(plan_id)?,
        as_of: today,
        tasks: data
            .tasks
            .iter()
            .map(|t| {
                Ok(BoardTask {
                    task_id: stored_uuid(&t.row.id)?,
                    number: t.row.number,
                    title: t.row.title.clone(),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?,
        rows,
    })
}

/// Open work of `unit` in `plan_id`: milestones and items not done, notices awaiting
/// its reply, reports sent back; soonest due first.
pub fn todo(
    conn: &mut DbConnection,
    plan_id: &str,
    unit: &str,
    today: NaiveDate,
) -> Result<Vec<TodoEntry>, ApiError> {
    let data = PlanData::load(conn, plan_id)?;
    let plan_uuid = stored_uuid(plan_id)?;
    let task_of: HashMap<&str, (uuid::Uuid, i32)> = data
        .tasks
        .iter()
        .map(|t| Ok((t.row.id.as_str(), (stored_uuid(&t.row.id)?, t.row.number))))
        .collect::<Result<_, ApiError>>()?;
    let latest = data.latest();
    let mut out = Vec::new();
    let mut push = |kind,
                    id: &str,
                    task: &str,
                    title: &str,
                    due: Option<NaiveDate>,
                    status|
     -> Result<(), ApiError> {
        if let Some(&(task_id, number)) = task_of.get(task) {
            out.push(TodoEntry {
                kind,
                id: stored_uuid(id)?,
                plan_id: plan_uuid,
                task_id,
                task_number: number,
                title: title.to_string(),
                due_date: due,
                status,
            });
        }
        Ok(())
    };
    for m in &data.milestones {
        if data.milestone_owners(m)?.iter().any(|o| o == unit) {
            let status = milestone_status(
                m.due_date,
                today,
                latest.get(&(m.id.as_str(), unit)).copied(),
            );
            if status != ProgressStatus::Done {
                push(
                    TodoKind::Milestone,
                    &m.id,
                    &m.task_id,
                    &m.title,
                    Some(m.due_date),
                    status,
                )?;
            }
        }
    }
    for (id, task, item_unit, title, due, completed) in &data.items {
        let status = item_status(*due, *completed, today);
        if item_unit == unit && status != ProgressStatus::Done {
            push(TodoKind::Item, id, task, title, Some(*due), status)?;
        }
    }
    for (id, task, notice_unit, subject, deadline, status) in &data.notices {
        if notice_unit == unit && status == NoticeStatus::Issued.as_str() {
            let s = if today > *deadline {
                ProgressStatus::Overdue
            } else {
                ProgressStatus::Pending
            };
            push(TodoKind::Notice, id, task, subject, Some(*deadline), s)?;
        }
    }
    for (task, _, report_unit, _, status, _, id, period) in &data.reports {
        if report_unit == unit && status == ReportStatus::Returned.as_str() {
            push(
                TodoKind::ReturnedReport,
                id,
                task,
                period,
                None,
                ProgressStatus::InProgress,
            )?;
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
