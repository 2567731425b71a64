//! The lists of the plan module: their filters and how each is listed (see `db::list`).

use api_types::plans::{ImplementationItem, Milestone, Plan, PlanStatus, Task};
use api_types::units::UnitKind;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, ItemRow, MilestoneRow, PlanRow, TaskRow};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::{
    implementation_items, milestone_owners, milestones, plans, task_units, tasks,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::{names, Cell};

/// Filters of `GET /api/v1/plans`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanFilter {
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
}

impl ListFilter for PlanFilter {
    const SORT_FIELDS: &'static [&'static str] = &["year", "title", "created_at"];
    const DEFAULT_SORT: &'static str = "-year";
}

/// `GET /api/v1/plans`, newest year first.
pub struct PlanList;

impl Listing for PlanList {
    crate::listing_source!(plans::table, PlanRow);
    type Filter = PlanFilter;
    type Context = ();
    type Item = Plan;

    fn filter(f: &PlanFilter, _: &(), terms: &mut Where<plans::table>) -> Result<(), ApiError> {
        if let Some(year) = f.year {
            terms.and(plans::year.eq(year));
        }
        if let Some(status) = f.status {
            terms.and(plans::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<plans::table> {
        Columns::new(plans::id, plans::updated_at)
            .sort("year", plans::year)
            .sort("title", plans::title)
            .sort("created_at", plans::created_at)
    }

    fn items(_: &mut DbConnection, rows: Vec<PlanRow>, _: &()) -> Result<Vec<Plan>, ApiError> {
        rows.iter().map(PlanRow::to_dto).collect()
    }
}

/// Filters of `GET /api/v1/plans/{id}/tasks`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TaskFilter {
    /// Tasks this unit leads.
    pub lead_unit_id: Option<Uuid>,
}

impl ListFilter for TaskFilter {
    const SORT_FIELDS: &'static [&'static str] = &["number"];
    const DEFAULT_SORT: &'static str = "number";
}

/// `GET /api/v1/plans/{id}/tasks`, in number order; the context is the plan's id.
pub struct TaskList;

impl Listing for TaskList {
    crate::listing_source!(tasks::table, TaskRow);
    type Filter = TaskFilter;
    type Context = String;
    type Item = Task;

    fn filter(
        f: &TaskFilter,
        plan_id: &String,
        terms: &mut Where<tasks::table>,
    ) -> Result<(), ApiError> {
        terms.and(tasks::plan_id.eq(plan_id.clone()));
        if let Some(lead) = f.lead_unit_id {
            terms.and(
                tasks::id.eq_any(
                    task_units::table
                        .filter(task_units::unit_id.eq(lead.to_string()))
                        .filter(task_units::role.eq("lead"))
                        .select(task_units::task_id),
                ),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<tasks::table> {
        Columns::new(tasks::id, tasks::updated_at).sort("number", tasks::number)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<TaskRow>,
        _: &String,
    ) -> Result<Vec<Task>, ApiError> {
        model::task_views(conn, rows)?
            .iter()
            .map(model::TaskView::to_dto)
            .collect()
    }
}

/// Filters of `GET /api/v1/milestones`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MilestoneFilter {
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    /// Milestones this unit must deliver (named, or by its kind).
    pub unit_id: Option<Uuid>,
    /// Due on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this day.
    pub due_to: Option<NaiveDate>,
}

impl ListFilter for MilestoneFilter {
    const SORT_FIELDS: &'static [&'static str] = &["due_date", "title"];
    const DEFAULT_SORT: &'static str = "due_date";
}

/// `GET /api/v1/milestones` with each owner's status derived for the day.
pub struct MilestoneList;

/// What the milestone list needs besides its filter.
pub struct MilestoneContext {
    /// The kind of the `unit_id` filter's unit: milestones owned by kind count too.
    pub unit_kind: Option<UnitKind>,
    pub today: NaiveDate,
}

impl Listing for MilestoneList {
    crate::listing_source!(milestones::table, MilestoneRow);
    type Filter = MilestoneFilter;
    type Context = MilestoneContext;
    type Item = Milestone;

    fn filter(
        f: &MilestoneFilter,
        context: &MilestoneContext,
        terms: &mut Where<milestones::table>,
    ) -> Result<(), ApiError> {
        if let Some(plan) = f.plan_id {
            terms.and(milestones::task_id.eq_any(tasks_of_plan(plan)));
        }
        if let Some(task) = f.task_id {
            terms.and(milestones::task_id.eq(task.to_string()));
        }
        if let Some(unit) = f.unit_id {
            let named = milestones::id.eq_any(
                milestone_owners::table
                    .filter(milestone_owners::unit_id.eq(unit.to_string()))
                    .select(milestone_owners::milestone_id),
            );
            match context.unit_kind {
                Some(kind) => terms
                    .and(named.or(milestones::owner_kinds.like(format!("%{}%", kind.as_str())))),
                None => terms.and(named),
            }
        }
        if let Some(from) = f.due_from {
            terms.and(milestones::due_date.ge(from));
        }
        if let Some(to) = f.due_to {
            terms.and(milestones::due_date.le(to));
        }
        Ok(())
    }

    fn columns() -> Columns<milestones::table> {
        Columns::new(milestones::id, milestones::updated_at)
            .sort("due_date", milestones::due_date)
            .sort("title", milestones::title)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<MilestoneRow>,
        context: &MilestoneContext,
    ) -> Result<Vec<Milestone>, ApiError> {
        model::milestone_dtos(conn, &rows, context.today)
    }
}

/// Filters of `GET /api/v1/implementation-items`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ItemFilter {
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
}

impl ListFilter for ItemFilter {
    const SORT_FIELDS: &'static [&'static str] = &["due_date", "title"];
    const DEFAULT_SORT: &'static str = "due_date";
}

/// `GET /api/v1/implementation-items`; the context is the day statuses are derived for.
pub struct ItemList;

impl Listing for ItemList {
    crate::listing_source!(implementation_items::table, ItemRow);
    type Filter = ItemFilter;
    type Context = NaiveDate;
    type Item = ImplementationItem;

    fn filter(
        f: &ItemFilter,
        _: &NaiveDate,
        terms: &mut Where<implementation_items::table>,
    ) -> Result<(), ApiError> {
        if let Some(plan) = f.plan_id {
            terms.and(implementation_items::task_id.eq_any(tasks_of_plan(plan)));
        }
        if let Some(task) = f.task_id {
            terms.and(implementation_items::task_id.eq(task.to_string()));
        }
        if let Some(unit) = f.unit_id {
            terms.and(implementation_items::unit_id.eq(unit.to_string()));
        }
        Ok(())
    }

    fn columns() -> Columns<implementation_items::table> {
        Columns::new(implementation_items::id, implementation_items::updated_at)
            .sort("due_date", implementation_items::due_date)
            .sort("title", implementation_items::title)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<ItemRow>,
        today: &NaiveDate,
    ) -> Result<Vec<ImplementationItem>, ApiError> {
        rows.iter().map(|r| r.to_dto(*today)).collect()
    }
}

/// Ids of the tasks of a plan, as a subquery.
fn tasks_of_plan(
    plan: Uuid,
) -> diesel::dsl::Select<
    diesel::dsl::Filter<tasks::table, diesel::dsl::Eq<tasks::plan_id, String>>,
    tasks::id,
> {
    tasks::table
        .filter(tasks::plan_id.eq(plan.to_string()))
        .select(tasks::id)
}

impl SheetExport for TaskList {
    const TITLE: &'static str = "工作方案任务";
    const FILE_STEM: &'static str = "tasks";

    fn sheet_columns(conn: &mut DbConnection, _: &String) -> Result<Vec<Column<Task>>, ApiError> {
        let units = std::rc::Rc::new(names::units(conn)?);
        let lead_names = units.clone();
        Ok(vec![
            column("序号", 6.0, |t: &Task| Cell::Count(t.number.into())),
            column("任务", 40.0, |t: &Task| Cell::Text(t.title.clone())),
            column("工作内容", 60.0, |t: &Task| {
                Cell::text(t.description.clone())
            }),
            column("工作目标", 40.0, |t: &Task| Cell::text(t.goals.clone())),
            column("牵头单位", 30.0, move |t: &Task| {
                Cell::Text(names::joined(&lead_names, &t.lead_unit_ids))
            }),
            column("责任单位", 40.0, move |t: &Task| {
                let mut parts: Vec<String> = t
                    .responsible
                    .unit_kinds
                    .iter()
                    .map(|k| format!("全部{}", k.label_zh()))
                    .collect();
                let named = names::joined(&units, &t.responsible.unit_ids);
                if !named.is_empty() {
                    parts.push(named);
                }
                Cell::Text(parts.join("、"))
            }),
            column("更新时间", 17.0, |t: &Task| Cell::Time(t.updated_at)),
        ])
    }
}
