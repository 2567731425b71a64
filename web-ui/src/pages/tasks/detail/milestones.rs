//! The task's milestones: each owner's derived status, and for the lead unit the
//! supervision notice form next to an overdue owner.

use std::rc::Rc;

use api_types::plans::{Milestone, ProgressStatus};
use api_types::units::Unit;
use api_types::Page;
use uuid::Uuid;
use yew::prelude::*;

use super::edit::MilestoneEditForm;
use crate::format;
use crate::hooks::unit_name;
use crate::i18n::use_i18n;
use crate::pages::tasks::notices::NoticeForm;
use crate::pages::tasks::progress_badge;

#[derive(Properties, PartialEq)]
pub struct MilestoneTableProps {
    pub milestones: Rc<Page<Milestone>>,
    pub units: Rc<Vec<Unit>>,
    /// Only this unit's owners (the page's unit filter).
    pub selected: Option<Uuid>,
    /// The user may issue supervision notices to overdue owners.
    pub may_issue: bool,
    /// The user may edit the milestones (a lead unit of the task, or the city bureau).
    pub may_edit: bool,
    /// Called once a notice was issued or a milestone edited.
    pub on_notice_sent: Callback<()>,
}

#[function_component]
pub fn MilestoneTable(props: &MilestoneTableProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    // The (milestone, unit) whose notice form is open.
    let notice_for = use_state(|| None::<(Uuid, Uuid)>);
    // The milestone whose edit form is open.
    let editing = use_state(|| None::<Uuid>);
    let on_edited = {
        let (editing, changed) = (editing.clone(), props.on_notice_sent.clone());
        Callback::from(move |saved: bool| {
            editing.set(None);
            if saved {
                changed.emit(());
            }
        })
    };
    let (units, may_issue, selected) = (&props.units, props.may_issue, props.selected);
    let shown = |unit: &Uuid| selected.is_none_or(|s| s == *unit);
    let on_done = {
        let (notice_for, sent) = (notice_for.clone(), props.on_notice_sent.clone());
        Callback::from(move |issued: bool| {
            notice_for.set(None);
            if issued {
                sent.emit(());
            }
        })
    };
    html! {
        <div class="table-scroll">
            <table class="data-table" id="milestones">
                <caption class="sr-only">{ t.task_milestones }</caption>
                <thead><tr>
                    <th scope="col">{ t.col_milestone }</th>
                    <th scope="col">{ t.col_due }</th>
                    <th scope="col">{ t.col_status }</th>
                    <th scope="col">{ t.col_owners }</th>
                </tr></thead>
                <tbody>
                    { for props.milestones.items.iter().map(|m| {
                        let owners = m.owner_status.iter().filter(|o| shown(&o.unit_id));
                        html! {
                            <tr data-milestone={m.id.to_string()}>
                                <td class="cell-name">
                                    <span class="cell-main">{ m.title.clone() }</span>
                                    if let Some(d) = &m.deliverable {
                                        <span class="cell-sub">{ t.deliverable }{ d.clone() }</span>
                                    }
                                    if props.may_edit && *editing != Some(m.id) {
                                        <button type="button" class="btn btn-small milestone-edit" data-milestone={m.title.clone()}
                                                onclick={let (e, id) = (editing.clone(), m.id); Callback::from(move |_| e.set(Some(id)))}>
                                            { t.milestone_edit }
                                        </button>
                                    }
                                    if *editing == Some(m.id) {
                                        <MilestoneEditForm milestone={m.clone()} on_done={on_edited.clone()} />
                                    }
                                </td>
                                <td class="nowrap">{ m.due_date.to_string() }</td>
                                <td>{ progress_badge(m.status, t) }</td>
                                <td>
                                    <ul class="owners">
                                        { for owners.map(|o| {
                                            let name = unit_name(units, &o.unit_id, lang);
                                            let key = (m.id, o.unit_id);
                                            let open_notice = {
                                                let notice_for = notice_for.clone();
                                                Callback::from(move |_| notice_for.set(Some(key)))
                                            };
                                            html! {
                                                <li data-unit={o.unit_id.to_string()}>
                                                    <span class="owner-name">{ name.clone() }</span>
                                                    { progress_badge(o.status, t) }
                                                    <span class="muted">{ format!("{}%", o.percent_complete) }</span>
                                                    if let Some(at) = &o.last_report_at {
                                                        <span class="muted">{ format::local_date(at) }</span>
                                                    }
                                                    if may_issue && o.status == ProgressStatus::Overdue {
                                                        <button type="button" class="btn btn-small notice-open" onclick={open_notice}>
                                                            { t.notice_issue }
                                                        </button>
                                                    }
                                                    if *notice_for == Some(key) {
                                                        <NoticeForm unit_id={o.unit_id} unit_name={name.clone()}
                                                                    milestone_id={m.id} milestone_title={m.title.clone()}
                                                                    on_done={on_done.clone()} />
                                                    }
                                                </li>
                                            }
                                        }) }
                                    </ul>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
