//! Shipped plan templates (JSON in `api/templates/`) and their idempotent import.
//!
//! Import finds the plan by its template key, each task by its number and each
//! milestone by its key, and creates only what is missing. Nothing that exists is
//! changed, so importing twice duplicates nothing and keeps edits made since.

use api_types::audit::{AuditAction, ResourceKind};
use api_types::contests::ContestKind;
use api_types::plans::{ImportSummary, PlanStatus};
use api_types::training::TrainingCategory;
use api_types::units::UnitKind;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use super::model::{self, MilestoneRow, PlanRow, TaskRow};
use crate::db::schema::{contests, milestones, plans, tasks, training_events, units};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::audit_events::Change;
use crate::time;

/// Keys of the shipped templates.
pub const KEYS: &[&str] = &["capability-plan-2022"];

const CAPABILITY_PLAN_2022: &str = include_str!("../../../templates/capability-plan-2022.json");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTemplate {
    pub key: String,
    pub year: i32,
    pub title: String,
    pub description: String,
    pub tasks: Vec<TaskTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskTemplate {
    pub number: i32,
    pub title: String,
    pub description: String,
    pub goals: String,
    /// Unit codes.
    pub lead: Vec<String>,
    pub responsible_units: Vec<String>,
    pub responsible_kinds: Vec<UnitKind>,
    pub milestones: Vec<MilestoneTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneTemplate {
    pub key: String,
    pub title: String,
    pub due: NaiveDate,
    pub owner_units: Vec<String>,
    pub owner_kinds: Vec<UnitKind>,
    pub deliverable: Option<String>,
    /// The training or contest that delivers the milestone: created as a draft of the
    /// milestone's first owner unit, linked to the milestone.
    #[serde(default)]
    pub activity: Option<ActivityTemplate>,
}

/// An activity a milestone is delivered by.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum ActivityTemplate {
    Training(TrainingCategory),
    Contest(ContestKind),
}

/// Parses the template named `key`. A shipped template that does not parse is a bug
/// caught by the unit test below.
pub fn find(key: &str) -> Option<PlanTemplate> {
    let text = match key {
        "capability-plan-2022" => CAPABILITY_PLAN_2022,
        _ => return None,
    };
    serde_json::from_str(text).ok()
}

fn unit_ids(conn: &mut DbConnection, codes: &[String]) -> Result<Vec<String>, ApiError> {
    codes
        .iter()
        .map(|code| {
            units::table
                .filter(units::code.eq(code))
                .select(units::id)
                .first::<String>(conn)
                .optional()?
                .ok_or_else(|| {
                    ApiError::conflict(format!(
                        "the template names unit {code}, which does not exist"
                    ))
                })
        })
        .collect()
}

/// Creates what is missing of `template`; returns the summary and the audit records.
pub fn import(
    conn: &mut DbConnection,
    template: &PlanTemplate,
) -> Result<(ImportSummary, Vec<Change>), ApiError> {
    let mut changes = Vec::new();
    let (mut tasks_created, mut milestones_created, mut unchanged) = (0u32, 0u32, 0u32);
    let mut activities_created = 0u32;
    let now = time::now();

    let existing: Option<PlanRow> = plans::table
        .filter(plans::template_key.eq(&template.key))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?;
    let plan = match existing {
        Some(plan) => {
            unchanged += 1;
            plan
        }
        None => {
            let row = PlanRow {
                id: time::new_id(),
                year: template.year,
                title: template.title.clone(),
                description: Some(template.description.clone()),
                // A template is an adopted plan: it is in force once loaded.
                status: PlanStatus::Active.as_str().into(),
                template_key: Some(template.key.clone()),
                version: 1,
                created_at: now,
                updated_at: now,
            };
            diesel::insert_into(plans::table)
                .values(&row)
                .execute(conn)?;
            changes.push(Change::created(ResourceKind::Plan, &row.id, &row.to_dto()?));
            row
        }
    };

    for task in &template.tasks {
        let found: Option<TaskRow> = tasks::table
            .filter(tasks::plan_id.eq(&plan.id))
            .filter(tasks::number.eq(task.number))
            .select(TaskRow::as_select())
            .first(conn)
            .optional()?;
        let task_id = match found {
            Some(row) => {
                unchanged += 1;
                row.id
            }
            None => {
                let leads = unit_ids(conn, &task.lead)?;
                let named = unit_ids(conn, &task.responsible_units)?;
                let row = TaskRow {
                    id: time::new_id(),
                    plan_id: plan.id.clone(),
                    number: task.number,
                    title: task.title.clone(),
                    description: Some(task.description.clone()),
                    goals: Some(task.goals.clone()),
                    responsible_kinds: model::kinds_to_column(&task.responsible_kinds),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                let dto = model::insert_task(conn, &row, &leads, &named)?;
                changes.push(Change::created(ResourceKind::Task, dto.id, &dto));
                tasks_created += 1;
                row.id
            }
        };
        for milestone in &task.milestones {
            let exists: Option<String> = milestones::table
                .filter(milestones::task_id.eq(&task_id))
                .filter(milestones::template_key.eq(&milestone.key))
                .select(milestones::id)
                .first(conn)
                .optional()?;
            if let Some(id) = exists {
                unchanged += 1;
                // A plan imported before activities were linked gets them now.
                activities_created += ensure_activity(conn, milestone, &id, &mut changes)?;
                continue;
            }
            let owners = unit_ids(conn, &milestone.owner_units)?;
            let row = MilestoneRow {
                id: time::new_id(),
                task_id: task_id.clone(),
                title: milestone.title.clone(),
                due_date: milestone.due,
                owner_kinds: model::kinds_to_column(&milestone.owner_kinds),
                deliverable: milestone.deliverable.clone(),
                template_key: Some(milestone.key.clone()),
                version: 1,
                created_at: now,
                updated_at: now,
            };
            model::insert_milestone(conn, &row, &owners)?;
            changes.push(Change::new(AuditAction::Create, ResourceKind::Milestone, &row.id).with_after(&serde_json::json!({
                "task_id": task_id, "title": row.title, "due_date": row.due_date, "template_key": row.template_key,
                "owner_units": milestone.owner_units, "owner_kinds": milestone.owner_kinds,
            })));
            milestones_created += 1;
            activities_created += ensure_activity(conn, milestone, &row.id, &mut changes)?;
        }
    }
    let summary = ImportSummary {
        plan: model::find_plan(conn, crate::db::stored_uuid(&plan.id)?)?.to_dto()?,
        tasks_created,
        milestones_created,
        activities_created,
        unchanged,
    };
    if changes.is_empty() {
        // Nothing changed, but the attempt itself is on the record.
        changes.push(Change::new(
            AuditAction::ImportUnchanged,
            ResourceKind::Plan,
            summary.plan.id,
        ));
    }
    Ok((summary, changes))
}

/// Creates the draft training or contest that delivers `milestone` unless one is linked
/// to it already; 1 when it did.
fn ensure_activity(
    conn: &mut DbConnection,
    milestone: &MilestoneTemplate,
    milestone_id: &str,
    changes: &mut Vec<Change>,
) -> Result<u32, ApiError> {
    let Some(activity) = milestone.activity else {
        return Ok(0);
    };
    let linked: i64 = match activity {
        ActivityTemplate::Training(_) => training_events::table
            .filter(training_events::milestone_id.eq(milestone_id))
            .count()
            .get_result(conn)?,
        ActivityTemplate::Contest(_) => contests::table
            .filter(contests::milestone_id.eq(milestone_id))
            .count()
            .get_result(conn)?,
    };
    if linked > 0 {
        return Ok(0);
    }
    let organiser = unit_ids(conn, &milestone.owner_units)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ApiError::internal(format!(
                "{}: an activity needs an owner unit",
                milestone.key
            ))
        })?;
    let change = match activity {
        ActivityTemplate::Training(category) => crate::resources::training::plan_draft(
            conn,
            &organiser,
            category,
            &milestone.title,
            milestone_id,
            milestone.due,
        )?,
        ActivityTemplate::Contest(kind) => crate::resources::contests::plan_draft(
            conn,
            &organiser,
            kind,
            &milestone.title,
            milestone_id,
            milestone.due,
        )?,
    };
    changes.push(change);
    Ok(1)
}

/// Imports the template `key` in one transaction, audited as done by the system (for
/// the `api import-plan` command).
pub fn import_audited(conn: &mut DbConnection, key: &str) -> Result<ImportSummary, ApiError> {
    let template = find(key).ok_or_else(|| ApiError::not_found(&format!("template {key:?}")))?;
    let actor = crate::auth::Actor::system("import-plan");
    crate::http::write::audited(conn, &actor, |conn| import(conn, &template))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_parse_and_follow_the_plan() {
        for key in KEYS {
            let template = find(key).expect("template parses");
            assert_eq!(template.tasks.len(), 9, "nine work tasks");
            let numbers: Vec<i32> = template.tasks.iter().map(|t| t.number).collect();
            assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
            let mut keys = std::collections::HashSet::new();
            for task in &template.tasks {
                assert!(
                    !task.lead.is_empty(),
                    "task {} has a lead unit",
                    task.number
                );
                for m in &task.milestones {
                    assert!(
                        keys.insert(m.key.clone()),
                        "duplicate milestone key {}",
                        m.key
                    );
                    assert!(
                        !(m.owner_units.is_empty() && m.owner_kinds.is_empty()),
                        "{} has owners",
                        m.key
                    );
                }
            }
            let dated = |key: &str| {
                template
                    .tasks
                    .iter()
                    .flat_map(|t| &t.milestones)
                    .find(|m| m.key == key)
                    .map(|m| m.due.to_string())
            };
            // Dates the plan states.
            assert_eq!(
                dated("t2-training-sanitation").as_deref(),
                Some("2022-06-30")
            );
            assert_eq!(dated("t3-skills-contest").as_deref(), Some("2022-09-30"));
            assert_eq!(dated("t4-speech").as_deref(), Some("2022-08-31"));
            assert_eq!(dated("t8-documents").as_deref(), Some("2022-10-31"));
            assert_eq!(dated("t9-applications").as_deref(), Some("2022-10-31"));
            assert_eq!(dated("t9-evaluation").as_deref(), Some("2022-12-31"));
        }
        assert!(find("nope").is_none());
    }
}
