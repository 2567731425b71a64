//! Rows and queries of plans, tasks, milestones and implementation items, and the
//! resolution of unit selections (named units plus every active unit of some kinds).

use std::collections::{BTreeSet, HashMap};

use api_types::plans::{
    ImplementationItem, ItemKind, Milestone, OwnerStatus, Plan, PlanStatus, ReportStatus, Task,
    UnitSelection,
};
use api_types::units::UnitKind;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::status::{combine, item_status, milestone_status, LatestReport};
use crate::db::schema::{
    implementation_items, milestone_owners, milestones, plans, progress_reports, task_units, tasks,
    units,
};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = plans, treat_none_as_null = true)]
pub struct PlanRow {
    pub id: String,
    pub year: i32,
    pub title: String,
    pub description: Option<String>,
    pub status: String,
    pub template_key: Option<String>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl PlanRow {
    pub fn status(&self) -> Result<PlanStatus, ApiError> {
        PlanStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal(format!("stored plan status {:?}", self.status)))
    }

    pub fn to_dto(&self) -> Result<Plan, ApiError> {
        Ok(Plan {
            id: stored_uuid(&self.id)?,
            year: self.year,
            title: self.title.clone(),
            description: self.description.clone(),
            status: self.status()?,
            template_key: self.template_key.clone(),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = tasks, treat_none_as_null = true)]
pub struct TaskRow {
    pub id: String,
    pub plan_id: String,
    pub number: i32,
    pub title: String,
    pub description: Option<String>,
    pub goals: Option<String>,
    pub responsible_kinds: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = milestones, treat_none_as_null = true)]
pub struct MilestoneRow {
    pub id: String,
    pub task_id: String,
    pub title: String,
    pub due_date: NaiveDate,
    pub owner_kinds: String,
    pub deliverable: Option<String>,
    pub template_key: Option<String>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = implementation_items, treat_none_as_null = true)]
pub struct ItemRow {
    pub id: String,
    pub task_id: String,
    pub unit_id: String,
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub due_date: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ItemRow {
    pub fn to_dto(&self, today: NaiveDate) -> Result<ImplementationItem, ApiError> {
        Ok(ImplementationItem {
            id: stored_uuid(&self.id)?,
            task_id: stored_uuid(&self.task_id)?,
            unit_id: stored_uuid(&self.unit_id)?,
            kind: ItemKind::parse(&self.kind)
                .ok_or_else(|| ApiError::internal("stored item kind"))?,
            title: self.title.clone(),
            description: self.description.clone(),
            due_date: self.due_date,
            completed_on: self.completed_on,
            status: item_status(self.due_date, self.completed_on, today),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

pub fn kinds_to_column(kinds: &[UnitKind]) -> String {
    let set: BTreeSet<&str> = kinds.iter().map(|k| k.as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join(",")
}

pub fn kinds_from_column(column: &str) -> Result<Vec<UnitKind>, ApiError> {
    column
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            UnitKind::parse(s).ok_or_else(|| ApiError::internal(format!("stored unit kind {s:?}")))
        })
        .collect()
}

fn uuids(ids: &[String]) -> Result<Vec<Uuid>, ApiError> {
    ids.iter().map(|id| stored_uuid(id)).collect()
}

/// The units of the organisation, for resolving selections.
pub struct UnitIndex {
    /// id → (kind, active)
    units: HashMap<String, (UnitKind, bool)>,
    /// Active unit ids of each kind, in display order.
    by_kind: HashMap<UnitKind, Vec<String>>,
}

impl UnitIndex {
    pub fn load(conn: &mut DbConnection) -> Result<UnitIndex, ApiError> {
        let rows: Vec<(String, String, bool)> = units::table
            .order((units::sort_order.asc(), units::code.asc()))
            .select((units::id, units::kind, units::active))
            .load(conn)?;
        let mut index = UnitIndex {
            units: HashMap::new(),
            by_kind: HashMap::new(),
        };
        for (id, kind, active) in rows {
            let kind =
                UnitKind::parse(&kind).ok_or_else(|| ApiError::internal("stored unit kind"))?;
            if active {
                index.by_kind.entry(kind).or_default().push(id.clone());
            }
            index.units.insert(id, (kind, active));
        }
        Ok(index)
    }

    pub fn exists(&self, id: &str) -> bool {
        self.units.contains_key(id)
    }

    /// Named units plus every active unit of `kinds`, without duplicates.
    pub fn resolve(&self, named: &[String], kinds: &[UnitKind]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in named.iter().chain(
            kinds
                .iter()
                .flat_map(|k| self.by_kind.get(k).into_iter().flatten()),
        ) {
            if seen.insert(id.clone()) {
                out.push(id.clone());
            }
        }
        out
    }
}

/// Checks that every named unit exists; the error names the field.
pub fn check_units_exist(
    index: &UnitIndex,
    field: &str,
    ids: &[Uuid],
) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let id = id.to_string();
        if !index.exists(&id) {
            return Err(ApiError::rules(vec![api_types::FieldError::new(
                format!("{field}[{i}]"),
                "unknown_unit",
                "no such unit",
            )]));
        }
        out.push(id);
    }
    Ok(out)
}

/// Named units of tasks: task id → (lead units, named responsible units).
pub type TaskUnits = HashMap<String, (Vec<String>, Vec<String>)>;

pub fn load_task_units(
    conn: &mut DbConnection,
    task_ids: &[String],
) -> Result<TaskUnits, ApiError> {
    let rows: Vec<(String, String, String)> = task_units::table
        .filter(task_units::task_id.eq_any(task_ids))
        .order((task_units::task_id, task_units::role, task_units::unit_id))
        .select((task_units::task_id, task_units::unit_id, task_units::role))
        .load(conn)?;
    let mut out: TaskUnits = HashMap::new();
    for (task, unit, role) in rows {
        let entry = out.entry(task).or_default();
        if role == "lead" {
            entry.0.push(unit);
        } else {
            entry.1.push(unit);
        }
    }
    Ok(out)
}

/// Inserts a new task with its lead and responsible units (the API and the template
/// import both create tasks here); the task as its endpoints show it.
pub fn insert_task(
    conn: &mut DbConnection,
    row: &TaskRow,
    leads: &[String],
    responsible: &[String],
) -> Result<api_types::plans::Task, ApiError> {
    diesel::insert_into(tasks::table)
        .values(row)
        .execute(conn)?;
    set_task_units(conn, &row.id, leads, responsible)?;
    find_task(conn, &row.id)?.to_dto()
}

/// Inserts a new milestone with its owning units.
pub fn insert_milestone(
    conn: &mut DbConnection,
    row: &MilestoneRow,
    owners: &[String],
) -> Result<(), ApiError> {
    diesel::insert_into(milestones::table)
        .values(row)
        .execute(conn)?;
    set_owners(conn, &row.id, owners)
}

/// Replaces the named units of a task.
pub fn set_task_units(
    conn: &mut DbConnection,
    task_id: &str,
    leads: &[String],
    responsible: &[String],
) -> Result<(), ApiError> {
    diesel::delete(task_units::table.filter(task_units::task_id.eq(task_id))).execute(conn)?;
    // One row at a time: the connection type spans two backends and batch inserts are
    // not among the features they share.
    let mut seen = std::collections::HashSet::new();
    for (unit, role) in leads
        .iter()
        .map(|u| (u, "lead"))
        .chain(responsible.iter().map(|u| (u, "responsible")))
    {
        if !seen.insert((unit, role)) {
            continue;
        }
        diesel::insert_into(task_units::table)
            .values((
                task_units::task_id.eq(task_id),
                task_units::unit_id.eq(unit),
                task_units::role.eq(role),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A task with its named units, ready for the wire and for rules.
pub struct TaskView {
    pub row: TaskRow,
    pub leads: Vec<String>,
    pub named_responsible: Vec<String>,
    pub responsible_kinds: Vec<UnitKind>,
}

impl TaskView {
    pub fn to_dto(&self) -> Result<Task, ApiError> {
        Ok(Task {
            id: stored_uuid(&self.row.id)?,
            plan_id: stored_uuid(&self.row.plan_id)?,
            number: self.row.number,
            title: self.row.title.clone(),
            description: self.row.description.clone(),
            goals: self.row.goals.clone(),
            lead_unit_ids: uuids(&self.leads)?,
            responsible: UnitSelection {
                unit_ids: uuids(&self.named_responsible)?,
                unit_kinds: self.responsible_kinds.clone(),
            },
            version: self.row.version,
            created_at: time::to_utc(self.row.created_at),
            updated_at: time::to_utc(self.row.updated_at),
        })
    }

    /// Units responsible for the task: named ones, all active units of the named kinds,
    /// and the lead units.
    pub fn responsible_units(&self, index: &UnitIndex) -> Vec<String> {
        let mut named = self.leads.clone();
        named.extend(self.named_responsible.iter().cloned());
        index.resolve(&named, &self.responsible_kinds)
    }
}

pub fn task_views(conn: &mut DbConnection, rows: Vec<TaskRow>) -> Result<Vec<TaskView>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut units = load_task_units(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let (leads, named_responsible) = units.remove(&row.id).unwrap_or_default();
            let responsible_kinds = kinds_from_column(&row.responsible_kinds)?;
            Ok(TaskView {
                row,
                leads,
                named_responsible,
                responsible_kinds,
            })
        })
        .collect()
}

pub fn find_plan(conn: &mut DbConnection, id: Uuid) -> Result<PlanRow, ApiError> {
    plans::table
        .find(id.to_string())
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("plan"))
}

pub fn find_task(conn: &mut DbConnection, id: &str) -> Result<TaskView, ApiError> {
    let row = tasks::table
        .find(id)
        .select(TaskRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("task"))?;
    task_views(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::not_found("task"))
}

pub fn find_milestone(conn: &mut DbConnection, id: &str) -> Result<MilestoneRow, ApiError> {
    milestones::table
        .find(id)
        .select(MilestoneRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("milestone"))
}

pub fn find_item(conn: &mut DbConnection, id: &str) -> Result<ItemRow, ApiError> {
    implementation_items::table
        .find(id)
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("implementation item"))
}

/// 422 `not_owner` on `unit_id` unless `unit` owns `milestone` (named, or by kind): who
/// may report on it, and whom a notice about it may press.
pub fn require_milestone_owner(
    conn: &mut DbConnection,
    milestone: &MilestoneRow,
    unit: &str,
) -> Result<(), ApiError> {
    let index = UnitIndex::load(conn)?;
    let named = load_owners(conn, std::slice::from_ref(&milestone.id))?;
    let kinds = kinds_from_column(&milestone.owner_kinds)?;
    let owners = index.resolve(
        named.get(&milestone.id).map(Vec::as_slice).unwrap_or(&[]),
        &kinds,
    );
    if owners.iter().any(|owner| owner == unit) {
        Ok(())
    } else {
        Err(ApiError::rule(
            "unit_id",
            "not_owner",
            "this unit does not own the milestone",
        ))
    }
}

/// Named owners of milestones: milestone id → units.
pub fn load_owners(
    conn: &mut DbConnection,
    milestone_ids: &[String],
) -> Result<HashMap<String, Vec<String>>, ApiError> {
    let rows: Vec<(String, String)> = milestone_owners::table
        .filter(milestone_owners::milestone_id.eq_any(milestone_ids))
        .order((milestone_owners::milestone_id, milestone_owners::unit_id))
        .select((milestone_owners::milestone_id, milestone_owners::unit_id))
        .load(conn)?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (m, u) in rows {
        out.entry(m).or_default().push(u);
    }
    Ok(out)
}

pub fn set_owners(
    conn: &mut DbConnection,
    milestone_id: &str,
    owners: &[String],
) -> Result<(), ApiError> {
    diesel::delete(milestone_owners::table.filter(milestone_owners::milestone_id.eq(milestone_id)))
        .execute(conn)?;
    let unique: BTreeSet<&String> = owners.iter().collect();
    for unit in unique {
        diesel::insert_into(milestone_owners::table)
            .values((
                milestone_owners::milestone_id.eq(milestone_id),
                milestone_owners::unit_id.eq(unit),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Latest report per (milestone, unit), with when it was submitted.
pub type LatestReports = HashMap<(String, String), (LatestReport, NaiveDateTime)>;

/// Reads the reports on milestones (chosen by `filter`) and keeps each unit's latest.
pub fn latest_reports(
    conn: &mut DbConnection,
    scope: ReportScope<'_>,
) -> Result<LatestReports, ApiError> {
    let mut q = progress_reports::table
        .filter(progress_reports::milestone_id.is_not_null())
        .into_boxed();
    q = match scope {
        ReportScope::Plan(plan) => q.filter(progress_reports::plan_id.eq(plan.to_string())),
        ReportScope::Milestones(ids) => {
            q.filter(progress_reports::milestone_id.eq_any(ids.to_vec()))
        }
    };
    let rows: Vec<(Option<String>, String, i32, String, NaiveDateTime)> = q
        .order((
            progress_reports::submitted_at.asc(),
            progress_reports::id.asc(),
        ))
        .select((
            progress_reports::milestone_id,
            progress_reports::unit_id,
            progress_reports::percent_complete,
            progress_reports::status,
            progress_reports::submitted_at,
        ))
        .load(conn)?;
    let mut out = HashMap::new();
    for (milestone, unit, percent, status, at) in rows {
        let Some(milestone) = milestone else { continue };
        let status = ReportStatus::parse(&status)
            .ok_or_else(|| ApiError::internal("stored report status"))?;
        out.insert(
            (milestone, unit),
            (
                LatestReport {
                    percent_complete: percent,
                    status,
                },
                at,
            ),
        );
    }
    Ok(out)
}

/// Which reports [`latest_reports`] reads.
pub enum ReportScope<'a> {
    Plan(&'a str),
    Milestones(&'a [String]),
}

/// A milestone for the wire, with each owner's derived status.
pub fn milestone_dto(
    row: &MilestoneRow,
    named_owners: &[String],
    index: &UnitIndex,
    latest: &LatestReports,
    today: NaiveDate,
) -> Result<Milestone, ApiError> {
    let kinds = kinds_from_column(&row.owner_kinds)?;
    let owners = index.resolve(named_owners, &kinds);
    let mut owner_status = Vec::with_capacity(owners.len());
    for unit in &owners {
        let report = latest.get(&(row.id.clone(), unit.clone()));
        owner_status.push(OwnerStatus {
            unit_id: stored_uuid(unit)?,
            status: milestone_status(row.due_date, today, report.map(|r| r.0)),
            percent_complete: report.map_or(0, |r| r.0.percent_complete),
            last_report_at: report.map(|r| time::to_utc(r.1)),
        });
    }
    Ok(Milestone {
        id: stored_uuid(&row.id)?,
        task_id: stored_uuid(&row.task_id)?,
        title: row.title.clone(),
        due_date: row.due_date,
        owners: UnitSelection {
            unit_ids: uuids(named_owners)?,
            unit_kinds: kinds,
        },
        deliverable: row.deliverable.clone(),
        status: combine(owner_status.iter().map(|o| o.status)),
        owner_status,
        version: row.version,
        created_at: time::to_utc(row.created_at),
        updated_at: time::to_utc(row.updated_at),
    })
}

/// Milestone DTOs for `rows`, loading owners and reports in two queries.
pub fn milestone_dtos(
    conn: &mut DbConnection,
    rows: &[MilestoneRow],
    today: NaiveDate,
) -> Result<Vec<Milestone>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let owners = load_owners(conn, &ids)?;
    let latest = latest_reports(conn, ReportScope::Milestones(&ids))?;
    let index = UnitIndex::load(conn)?;
    rows.iter()
        .map(|row| {
            milestone_dto(
                row,
                owners.get(&row.id).map(Vec::as_slice).unwrap_or(&[]),
                &index,
                &latest,
                today,
            )
        })
        .collect()
}

/// 409 unless the plan accepts work (is active).
pub fn require_active(plan: &PlanRow) -> Result<(), ApiError> {
    match plan.status()? {
        PlanStatus::Active => Ok(()),
        other => Err(ApiError::invalid_state(format!(
            "the plan is {}; reports, items and notices are accepted only while it is active",
            other.as_str()
        ))),
    }
}

pub fn plan_of_task(conn: &mut DbConnection, task: &TaskRow) -> Result<PlanRow, ApiError> {
    find_plan(conn, stored_uuid(&task.plan_id)?)
}
