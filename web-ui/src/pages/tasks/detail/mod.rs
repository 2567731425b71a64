//! One task: its text, lead and responsible units, milestones with each owner's
//! derived status (and supervision notices for overdue owners), the units'
//! implementation items, and the progress reports with their history, review
//! (acknowledge / return with a comment) and resubmission.

mod edit;
mod items;
mod milestones;
mod report_card;
mod review;

use std::rc::Rc;

use api_types::auth::Me;
use api_types::plans::{Milestone, ProgressReport, Task};
use api_types::units::Unit;
use api_types::{Page, Permission, Role};
use serde::Deserialize;
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::use_location;

use super::tabs;
use crate::capability::can;
use crate::components::{ErrorPanel, Href, Loading, PageHeader, SelectField};
use crate::hooks::{unit_name, use_fetch, use_units};
use crate::i18n::{use_i18n, Lang, Texts};
use crate::services::api;
use edit::TaskEditForm;
use items::TaskItems;
use milestones::MilestoneTable;
use report_card::ReportCard;

#[derive(Properties, PartialEq)]
pub struct TaskPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[derive(Debug, Default, Deserialize)]
struct DetailQuery {
    unit: Option<String>,
}

/// Whether the signed-in user acts for a lead unit of the task (the city bureau leads
/// everything).
fn leads(me: &Me, task: &Task) -> bool {
    me.roles.contains(&Role::Bureau) || task.lead_unit_ids.contains(&me.unit.id)
}

/// Whether the user's own unit is among the task's lead or responsible units.
fn responsible_for(me: &Me, task: &Task) -> bool {
    task.lead_unit_ids.contains(&me.unit.id)
        || task.responsible.unit_ids.contains(&me.unit.id)
        || task.responsible.unit_kinds.contains(&me.unit.kind)
}

fn names(units: &[Unit], ids: &[Uuid], lang: Lang, t: &Texts) -> String {
    ids.iter()
        .map(|id| unit_name(units, id, lang))
        .collect::<Vec<_>>()
        .join(t.list_sep)
}

#[function_component]
pub fn TaskPage(props: &TaskPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = props.me.clone();
    let units = use_units();
    let query = use_location()
        .and_then(|l| l.query::<DetailQuery>().ok())
        .unwrap_or_default();
    let unit_filter = use_state(|| query.unit.clone().unwrap_or_default());
    let editing = use_state(|| false);

    let task = use_fetch(props.id.clone(), |id| async move {
        api::get::<Task>(&format!("/tasks/{id}")).await
    });
    let milestones = use_fetch(props.id.clone(), |id| async move {
        api::get_list::<Page<Milestone>>(
            "/milestones",
            &[("task_id", id), ("per_page", "200".into())],
        )
        .await
    });
    let reports = use_fetch(props.id.clone(), |id| async move {
        api::get_list::<Page<ProgressReport>>(
            "/progress-reports",
            &[("task_id", id), ("per_page", "200".into())],
        )
        .await
    });
    let reload_all = {
        let (m, r) = (milestones.reload.clone(), reports.reload.clone());
        Callback::from(move |()| {
            m.emit(());
            r.emit(());
        })
    };

    let task_reload = task.reload.clone();
    let task = match (task.data(), task.error()) {
        (_, Some(error)) => {
            return html! {
                <>
                    <PageHeader title={t.cap_tasks.0} />
                    { tabs(t) }
                    <ErrorPanel {error} on_retry={Some(task.reload.clone())} />
                </>
            }
        }
        (None, None) => return html! { <Loading /> },
        (Some(task), None) => task,
    };
    let lead = leads(&me, &task);
    let may_review = can(&me, Permission::ProgressReview) && lead;
    let may_issue = can(&me, Permission::NoticesIssue) && lead;
    let may_report = can(&me, Permission::ProgressReport);
    let may_attach = can(&me, Permission::AttachmentsWrite);
    let may_edit = can(&me, Permission::TasksManage) && lead;
    let manages_items = can(&me, Permission::TaskItemsManage) && responsible_for(&me, &task);
    let selected: Option<Uuid> = unit_filter.parse().ok();
    let shown = |unit: &Uuid| selected.is_none_or(|s| s == *unit);

    // Units that appear on the task: milestone owners and reporting units.
    let mut involved: Vec<Uuid> = Vec::new();
    if let Some(m) = milestones.data() {
        for o in m.items.iter().flat_map(|m| m.owner_status.iter()) {
            if !involved.contains(&o.unit_id) {
                involved.push(o.unit_id);
            }
        }
    }
    if let Some(r) = reports.data() {
        for r in &r.items {
            if !involved.contains(&r.unit_id) {
                involved.push(r.unit_id);
            }
        }
    }
    let mut unit_options = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    unit_options.extend(involved.iter().map(|id| {
        (
            AttrValue::from(id.to_string()),
            AttrValue::from(unit_name(&units, id, lang)),
        )
    }));

    let responsible = {
        let mut parts: Vec<String> = task
            .responsible
            .unit_kinds
            .iter()
            .map(|k| (t.all_of_kind)(*k))
            .collect();
        parts.extend(
            task.responsible
                .unit_ids
                .iter()
                .map(|id| unit_name(&units, id, lang)),
        );
        parts.join(t.list_sep)
    };

    let milestone_view = match (milestones.data(), milestones.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(milestones.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(page), None) if page.items.is_empty() => {
            html! { <p class="muted">{ t.task_no_milestones }</p> }
        }
        (Some(page), None) => html! {
            <MilestoneTable milestones={page} units={units.clone()} {selected} {may_issue} {may_edit}
                            on_notice_sent={reload_all.clone()} />
        },
    };

    let milestone_titles: Vec<(Uuid, String)> = milestones
        .data()
        .map(|m| m.items.iter().map(|m| (m.id, m.title.clone())).collect())
        .unwrap_or_default();
    let report_view = match (reports.data(), reports.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(reports.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(page), None) => {
            let list: Vec<&ProgressReport> =
                page.items.iter().filter(|r| shown(&r.unit_id)).collect();
            if list.is_empty() {
                html! { <p class="muted" id="no-reports">{ t.task_no_reports }</p> }
            } else {
                html! {
                    <ol class="reports" id="reports">
                        { for list.into_iter().map(|r| {
                            let milestone = r.milestone_id.and_then(|id| {
                                milestone_titles.iter().find(|(m, _)| *m == id).map(|(_, title)| title.clone())
                            });
                            let own = r.unit_id == me.unit.id;
                            html! {
                                <ReportCard key={r.id.to_string()} report={r.clone()} {milestone}
                                            unit={unit_name(&units, &r.unit_id, lang)}
                                            unit_code={units.iter().find(|u| u.id == r.unit_id).map(|u| u.code.clone()).unwrap_or_default()}
                                            {may_review} may_resubmit={may_report && own}
                                            may_attach={may_attach && own}
                                            on_changed={reload_all.clone()} />
                            }
                        }) }
                    </ol>
                }
            }
        }
    };

    let report_link = format!("/tasks/report?task={}", task.id);
    html! {
        <>
            <PageHeader title={format!("{} {}", (t.task_number)(task.number), task.title)}
                        description={Some(AttrValue::Static(t.cap_tasks.0))}>
                if may_report {
                    <Href class="btn btn-primary" id="task-report" to={report_link}>{ t.report_new }</Href>
                }
            </PageHeader>
            { tabs(t) }
            <section class="card" aria-labelledby="task-title">
                <div class="card-toolbar">
                    <h2 id="task-title" class="card-title">{ t.task_content }</h2>
                    <div class="toolbar-spacer"></div>
                    if may_edit && !*editing {
                        <button type="button" class="btn btn-small" id="task-edit"
                                onclick={let e = editing.clone(); Callback::from(move |_| e.set(true))}>{ t.task_edit }</button>
                    }
                </div>
                if *editing {
                    <TaskEditForm task={(*task).clone()} on_done={
                        let (e, reload) = (editing.clone(), task_reload.clone());
                        Callback::from(move |saved: bool| {
                            e.set(false);
                            if saved {
                                reload.emit(());
                            }
                        })
                    } />
                }
                <dl class="details">
                    if let Some(d) = &task.description {
                        <dt>{ t.task_description }</dt><dd class="prose">{ d.clone() }</dd>
                    }
                    if let Some(g) = &task.goals {
                        <dt>{ t.task_goals }</dt><dd class="prose">{ g.clone() }</dd>
                    }
                    <dt>{ t.task_lead }</dt><dd id="task-lead">{ names(&units, &task.lead_unit_ids, lang, t) }</dd>
                    <dt>{ t.task_responsible }</dt><dd>{ responsible }</dd>
                </dl>
            </section>
            <div class="filter-bar">
                <SelectField id="task-unit" label={t.board_filter_unit} value={(*unit_filter).clone()}
                             options={unit_options}
                             on_change={let s = unit_filter.clone(); Callback::from(move |v| s.set(v))} />
            </div>
            <section class="card" aria-labelledby="milestones-title">
                <h2 id="milestones-title" class="card-title">{ t.task_milestones }</h2>
                { milestone_view }
            </section>
            <TaskItems me={me.clone()} task_id={task.id} may_manage={manages_items} unit={selected} />
            <section class="card" aria-labelledby="reports-title">
                <h2 id="reports-title" class="card-title">{ t.task_reports }</h2>
                { report_view }
            </section>
        </>
    }
}
