//! 本单位待办: the unit's open work in the current plan — milestones and implementation
//! items not done, notices waiting for its reply, reports sent back — soonest due
//! first, each with a link to act on it.

use api_types::plans::{ProgressStatus, TodoEntry, TodoKind};
use yew::prelude::*;

use super::{progress_badge, tabs};
use crate::components::{Badge, ErrorPanel, Href, Loading, PageHeader, Tone};
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

/// Where an entry is acted on.
fn action(entry: &TodoEntry) -> String {
    match entry.kind {
        TodoKind::Milestone => format!(
            "/tasks/report?task={}&milestone={}",
            entry.task_id, entry.id
        ),
        TodoKind::Notice => format!("/tasks/notices#notice-{}", entry.id),
        TodoKind::Item => format!("/tasks/{}", entry.task_id),
        TodoKind::ReturnedReport | TodoKind::ReviewReport => {
            format!("/tasks/{}#report-{}", entry.task_id, entry.id)
        }
    }
}

#[function_component]
pub fn TodoPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let unit = props.me.unit.id;
    let todo = use_fetch(unit, |unit| async move {
        api::get_list::<Vec<TodoEntry>>("/supervision/todo", &[("unit_id", unit.to_string())]).await
    });
    let body = match (todo.data(), todo.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(todo.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => {
            html! { <p class="muted" id="todo-empty">{ t.todo_empty }</p> }
        }
        (Some(list), None) => {
            let overdue = list
                .iter()
                .filter(|e| e.status == ProgressStatus::Overdue)
                .count();
            html! {
                <>
                    <p class="todo-summary">{ (t.todo_summary)(list.len(), overdue) }</p>
                    <div class="table-scroll">
                        <table class="data-table" id="todo">
                            <caption class="sr-only">{ t.tasks_tab_todo }</caption>
                            <thead><tr>
                                <th scope="col">{ t.col_kind }</th>
                                <th scope="col">{ t.col_task }</th>
                                <th scope="col">{ t.col_item }</th>
                                <th scope="col">{ t.col_due }</th>
                                <th scope="col">{ t.col_status }</th>
                                <th scope="col">{ t.col_action }</th>
                            </tr></thead>
                            <tbody>
                                { for list.iter().map(|e| {
                                    let tone = match e.kind {
                                        TodoKind::Notice | TodoKind::ReturnedReport => Tone::Warning,
                                        TodoKind::ReviewReport => Tone::Info,
                                        _ => Tone::Neutral,
                                    };
                                    html! {
                                        <tr data-kind={(t.todo_kind)(e.kind)}>
                                            <td><Badge {tone} text={(t.todo_kind)(e.kind)} /></td>
                                            <td class="nowrap"><Href to={format!("/tasks/{}", e.task_id)}>{ (t.task_number)(e.task_number) }</Href></td>
                                            <td>{ e.title.clone() }</td>
                                            <td class="nowrap">{ e.due_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }</td>
                                            <td>{ progress_badge(e.status, t) }</td>
                                            <td><Href class="btn btn-small" to={action(e)}>{ (t.todo_action)(e.kind) }</Href></td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                </>
            }
        }
    };
    html! {
        <>
            <PageHeader title={t.cap_tasks.0} description={Some(AttrValue::Static(t.todo_intro))} />
            { tabs(t) }
            <section class="card" aria-labelledby="todo-title">
                <h2 id="todo-title" class="card-title">{ t.tasks_tab_todo }</h2>
                { body }
            </section>
        </>
    }
}
