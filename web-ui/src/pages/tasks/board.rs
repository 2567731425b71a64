//! The supervision board (督办看板): the plan's tasks as columns, units as rows; each cell
//! coloured by where the unit stands on the task, with its counts, last report, reports
//! waiting or returned, and open supervision notices. A cell opens the task.

use api_types::plans::{Board, BoardCell, BoardRow, ImportRequest, ImportSummary, Plan};
use api_types::Permission;
use uuid::Uuid;
use yew::prelude::*;

use super::{chosen_plan, remember_plan, tabs, use_plans};
use crate::capability::can;
use crate::components::{
    use_toaster, DownloadButton, ErrorPanel, Href, Loading, PageHeader, SelectField,
};
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::services::api;

/// The template the empty board offers to import.
const TEMPLATE: &str = "capability-plan-2022";

/// How a cell is coloured: overdue work first, then open work, then all done.
fn cell_state(c: &BoardCell) -> &'static str {
    if c.overdue > 0 {
        "overdue"
    } else if c.open > 0 {
        "open"
    } else if c.done > 0 {
        "done"
    } else {
        "empty"
    }
}

/// The cell in words, for the tooltip and assistive technology.
fn cell_words(t: &Texts, unit: &str, task: &str, c: &BoardCell) -> String {
    let mut parts = vec![
        format!("{unit} · {task}"),
        (t.board_counts)(c.done, c.open, c.overdue),
    ];
    if let Some(at) = &c.last_report_at {
        parts.push(format!(
            "{}{}",
            t.board_last_report,
            crate::format::local_date(at)
        ));
    }
    if c.reports_submitted > 0 {
        parts.push((t.board_reports_submitted)(c.reports_submitted));
    }
    if c.reports_returned > 0 {
        parts.push((t.board_reports_returned)(c.reports_returned));
    }
    if c.notices_open > 0 {
        parts.push((t.board_notices_open)(c.notices_open, c.notices_overdue));
    }
    parts.join(t.list_sep)
}

#[derive(Debug, Default, serde::Deserialize)]
struct UnitQuery {
    unit: Option<String>,
}

#[function_component]
pub fn BoardPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let toaster = use_toaster();
    let plans = use_plans();
    let choice = use_state(|| None::<Uuid>);
    // `?unit=<id>` (the dashboard's chart of units links here) preselects a unit.
    let asked_unit = yew_router::hooks::use_location()
        .and_then(|l| l.query::<UnitQuery>().ok())
        .and_then(|q| q.unit)
        .unwrap_or_default();
    let unit_filter = use_state(|| asked_unit);
    let importing = use_submission();

    let plan: Option<Plan> = plans.data().and_then(|page| match *choice {
        Some(id) => page.items.iter().find(|p| p.id == id).cloned(),
        None => chosen_plan(&page.items),
    });
    let plan_id = plan.as_ref().map(|p| p.id);
    let board = use_fetch(plan_id, |plan| async move {
        match plan {
            Some(p) => api::get_list::<Board>("/supervision/board", &[("plan", p.to_string())])
                .await
                .map(Some),
            None => Ok(None),
        }
    });

    let import = {
        let (importing, reload) = (importing.clone(), plans.reload.clone());
        Callback::from(move |_| {
            let (reload, toaster) = (reload.clone(), toaster.clone());
            let body = ImportRequest {
                template: TEMPLATE.into(),
            };
            importing
                .request(async move { api::post::<_, ImportSummary>("/plans/import", &body).await })
                .errors_as_toast()
                .then(move |s| {
                    remember_plan(s.plan.id);
                    toaster.success((t.board_imported)(
                        s.tasks_created,
                        s.milestones_created,
                        s.activities_created,
                    ));
                    reload.emit(());
                });
        })
    };
    let can_import = can(&props.me, Permission::PlansManage);
    let import_button = html! {
        <button type="button" id="plan-import" class="btn btn-primary" disabled={importing.busy()}
                onclick={import}>
            { if importing.busy() { t.board_importing } else { t.board_import } }
        </button>
    };

    let body = match (plans.data(), plans.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(plans.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(page), None) if page.items.is_empty() => html! {
            <section class="card empty-state" id="no-plan">
                <p>{ t.board_no_plan }</p>
                if can_import { { import_button } } else { <p class="muted">{ t.board_no_plan_hint }</p> }
            </section>
        },
        (Some(page), None) => {
            let plan_options = page
                .items
                .iter()
                .map(|p| {
                    (
                        AttrValue::from(p.id.to_string()),
                        AttrValue::from(p.title.clone()),
                    )
                })
                .collect::<Vec<_>>();
            let on_plan = {
                let choice = choice.clone();
                Callback::from(move |v: String| {
                    if let Ok(id) = v.parse::<Uuid>() {
                        remember_plan(id);
                        choice.set(Some(id));
                    }
                })
            };
            let plan_select = html! {
                <SelectField id="plan-select" label={t.board_plan}
                             value={plan_id.map(|p| p.to_string()).unwrap_or_default()}
                             options={plan_options} on_change={on_plan} />
            };
            let grid = match (board.data(), board.error()) {
                (_, Some(error)) => {
                    html! { <ErrorPanel {error} on_retry={Some(board.reload.clone())} /> }
                }
                (Some(b), None) => match b.as_ref() {
                    Some(b) => {
                        // The unit's name in the UI language.
                        let row_name = |r: &BoardRow| match (lang, &r.unit_name_en) {
                            (crate::i18n::Lang::En, Some(en)) if !en.trim().is_empty() => {
                                en.clone()
                            }
                            _ => r.unit_name.clone(),
                        };
                        let mut units =
                            vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
                        units.extend(b.rows.iter().map(|r| {
                            (
                                AttrValue::from(r.unit_id.to_string()),
                                AttrValue::from(row_name(r)),
                            )
                        }));
                        let rows = b.rows.iter().filter(|r| {
                            unit_filter.is_empty() || r.unit_id.to_string() == *unit_filter
                        });
                        html! {
                            <>
                                <div class="board-tools">
                                    { plan_select.clone() }
                                    <SelectField id="board-unit" label={t.board_filter_unit} value={(*unit_filter).clone()}
                                                 options={units}
                                                 on_change={let s = unit_filter.clone(); Callback::from(move |v| s.set(v))} />
                                    <div class="board-key">
                                        <ul class="legend" aria-label={t.board_legend}>
                                            <li><span class="swatch cell-overdue"></span>{ t.board_state_overdue }</li>
                                            <li><span class="swatch cell-open"></span>{ t.board_state_open }</li>
                                            <li><span class="swatch cell-done"></span>{ t.board_state_done }</li>
                                            <li><span class="swatch cell-empty"></span>{ t.board_state_empty }</li>
                                        </ul>
                                        <span class="muted board-asof">{ (t.board_as_of)(&b.as_of.to_string()) }</span>
                                    </div>
                                </div>
                                <div class="table-scroll board-scroll" role="region" aria-label={t.tasks_tab_board} tabindex="0">
                                    <table class="board" id="board">
                                        <caption class="sr-only">{ t.tasks_tab_board }</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col" class="board-unit">{ t.board_unit }</th>
                                                { for b.tasks.iter().map(|task| html! {
                                                    <th scope="col" title={task.title.clone()} data-task={task.number.to_string()}>
                                                        <span class="board-task-no">{ (t.task_number)(task.number) }</span>
                                                        <span class="board-task-title">{ task.title.clone() }</span>
                                                    </th>
                                                }) }
                                            </tr>
                                        </thead>
                                        <tbody>
                                            { for rows.map(|row| html! {
                                                <tr data-unit={row.unit_code.clone()}>
                                                    <th scope="row" class="board-unit">{ row_name(row) }</th>
                                                    { for b.tasks.iter().map(|task| {
                                                        let Some(cell) = row.cells.iter().find(|c| c.task_id == task.task_id) else {
                                                            return html! { <td class="board-cell cell-empty"></td> };
                                                        };
                                                        let state = cell_state(cell);
                                                        let words = cell_words(t, &row_name(row), &(t.task_number)(task.number), cell);
                                                        let href = format!("/tasks/{}?unit={}", task.task_id, row.unit_id);
                                                        html! {
                                                            <td class={classes!("board-cell", format!("cell-{state}"))}
                                                                data-task={task.number.to_string()} data-unit={row.unit_code.clone()}
                                                                data-status={state}>
                                                                <Href to={href} title={words.clone()} aria_label={words}>
                                                                    if state == "empty" && cell.last_report_at.is_none() {
                                                                        <span class="cell-none" aria-hidden="true">{ "—" }</span>
                                                                    } else {
                                                                    <span class="cell-counts">
                                                                        <span class="c-done">{ format!("✓{}", cell.done) }</span>
                                                                        <span class="c-open">{ format!("○{}", cell.open) }</span>
                                                                        <span class="c-overdue">{ format!("!{}", cell.overdue) }</span>
                                                                    </span>
                                                                    <span class="cell-date">
                                                                        { cell.last_report_at.map(|d| crate::format::local_date(&d)).unwrap_or_else(|| "—".into()) }
                                                                    </span>
                                                                    <span class="cell-flags">
                                                                        if cell.reports_submitted > 0 {
                                                                            <span class="flag flag-info">{ (t.board_flag_submitted)(cell.reports_submitted) }</span>
                                                                        }
                                                                        if cell.reports_returned > 0 {
                                                                            <span class="flag flag-warning">{ (t.board_flag_returned)(cell.reports_returned) }</span>
                                                                        }
                                                                        if cell.notices_open > 0 {
                                                                            <span class={classes!("flag", if cell.notices_overdue > 0 { "flag-danger" } else { "flag-warning" })}>
                                                                                { (t.board_flag_notices)(cell.notices_open) }
                                                                            </span>
                                                                        }
                                                                    </span>
                                                                    }
                                                                </Href>
                                                            </td>
                                                        }
                                                    }) }
                                                </tr>
                                            }) }
                                        </tbody>
                                    </table>
                                </div>
                            </>
                        }
                    }
                    None => html! {},
                },
                (None, None) => html! { <Loading /> },
            };
            html! {
                <section class="card" aria-labelledby="board-title">
                    <h2 id="board-title" class="card-title">{ t.board_title }</h2>
                    { grid }
                </section>
            }
        }
    };

    html! {
        <>
            <PageHeader title={t.cap_tasks.0} description={Some(AttrValue::Static(t.cap_tasks.1))}>
                if let Some(id) = plan_id {
                    <DownloadButton id="tasks-xlsx" path={format!("/plans/{id}/tasks:xlsx")}
                                    name={t.tasks_sheet_name} label={Some(AttrValue::Static(t.tasks_download))} />
                }
            </PageHeader>
            { tabs(t) }
            { body }
        </>
    }
}
