//! One task: its text, lead and responsible units, milestones with each owner's
//! derived status (and supervision notices for overdue owners), the units'
//! implementation items, and the progress reports with their history, review
//! (acknowledge / return with a comment) and resubmission.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::plans::{
    Milestone, ProgressReport, ProgressStatus, ReportReview, ReportRevision, ReportStatus, Task,
};
use api_types::units::Unit;
use api_types::{ErrorCode, Page, Role};
use serde::Deserialize;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::use_location;

use super::items::TaskItems;
use super::notices::NoticeForm;
use super::{progress_badge, report_badge, tabs};
use crate::app::can;
use crate::components::{
    use_toaster, Badge, ErrorPanel, FieldErrors, FormAlert, Href, Loading, PageHeader, SelectField,
    TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_units};
use crate::i18n::{use_i18n, Lang, Texts};
use crate::services::api::{self, ApiError};

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
    let notice_for = use_state(|| None::<(Uuid, Uuid)>);

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
    let may_review = can(&me, "progress.review") && lead;
    let may_issue = can(&me, "notices.issue") && lead;
    let may_report = can(&me, "progress.report");
    let manages_items = can(&me, "task_items.manage") && responsible_for(&me, &task);
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
                        { for page.items.iter().map(|m| {
                            let owners = m.owner_status.iter().filter(|o| shown(&o.unit_id));
                            html! {
                                <tr data-milestone={m.id.to_string()}>
                                    <td class="cell-name">
                                        <span class="cell-main">{ m.title.clone() }</span>
                                        if let Some(d) = &m.deliverable {
                                            <span class="cell-sub">{ t.deliverable }{ d.clone() }</span>
                                        }
                                    </td>
                                    <td class="nowrap">{ m.due_date.to_string() }</td>
                                    <td>{ progress_badge(m.status, t) }</td>
                                    <td>
                                        <ul class="owners">
                                            { for owners.map(|o| {
                                                let name = unit_name(&units, &o.unit_id, lang);
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
                                                                        on_done={let n = notice_for.clone(); let r = reload_all.clone();
                                                                                 Callback::from(move |sent: bool| { n.set(None); if sent { r.emit(()); } })} />
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
                <h2 id="task-title" class="card-title">{ t.task_content }</h2>
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    View,
    Returning,
    Resubmitting,
}

#[derive(Properties, PartialEq)]
struct ReportCardProps {
    report: ProgressReport,
    milestone: Option<String>,
    unit: String,
    unit_code: String,
    may_review: bool,
    may_resubmit: bool,
    on_changed: Callback<()>,
}

/// A report with its history and the actions the user may take on it.
#[function_component]
fn ReportCard(props: &ReportCardProps) -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let r = &props.report;
    let mode = use_state(|| Mode::View);
    let comment = use_state(String::new);
    let narrative = use_state(|| r.narrative.clone());
    let percent = use_state(|| r.percent_complete.to_string());
    let links = use_state(|| r.evidence_links.join("\n"));
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let fields = use_state(FieldErrors::default);
    let id = r.id;
    let version = r.version;

    // Runs one review or resubmission call; on success reloads the page's data.
    let act = {
        let (busy, error, fields, mode, toaster, on_changed) = (
            busy.clone(),
            error.clone(),
            fields.clone(),
            mode.clone(),
            toaster.clone(),
            props.on_changed.clone(),
        );
        move |future: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<ProgressReport, ApiError>>>,
        >,
              done: &'static str| {
            busy.set(true);
            let (busy, error, fields, mode, toaster, on_changed) = (
                busy.clone(),
                error.clone(),
                fields.clone(),
                mode.clone(),
                toaster.clone(),
                on_changed.clone(),
            );
            spawn_local(async move {
                match future.await {
                    Ok(_) => {
                        toaster.success(done);
                        error.set(None);
                        fields.set(FieldErrors::default());
                        mode.set(Mode::View);
                        on_changed.emit(());
                    }
                    Err(e) => {
                        fields.set(FieldErrors::from_api(&e, t));
                        error.set(Some(e));
                    }
                }
                busy.set(false);
            });
        }
    };
    let acknowledge = {
        let act = act.clone();
        Callback::from(move |_| {
            let path = format!("/progress-reports/{id}/acknowledge");
            act(
                Box::pin(async move {
                    api::post_versioned(&path, version, &ReportReview::default()).await
                }),
                t.report_acknowledged,
            );
        })
    };
    let confirm_return = {
        let (act, comment, fields) = (act.clone(), comment.clone(), fields.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = comment.trim().to_string();
            if text.is_empty() {
                let mut missing = FieldErrors::default();
                missing.insert_code(t, "comment", "required");
                fields.set(missing);
                return;
            }
            let path = format!("/progress-reports/{id}/return");
            act(
                Box::pin(async move {
                    let body = ReportReview {
                        comment: Some(text),
                    };
                    api::post_versioned(&path, version, &body).await
                }),
                t.report_returned_done,
            );
        })
    };
    let confirm_resubmit = {
        let (act, narrative, percent, links, fields) = (
            act.clone(),
            narrative.clone(),
            percent.clone(),
            links.clone(),
            fields.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FieldErrors::default();
            if narrative.trim().is_empty() {
                errors.insert_code(t, "narrative", "required");
            }
            let percent = match percent.trim().parse::<i32>() {
                Ok(p) if (0..=100).contains(&p) => Some(p),
                _ => {
                    errors.insert("percent_complete", t.report_percent_invalid);
                    None
                }
            };
            let body = ReportRevision {
                narrative: Some(narrative.trim().to_string()),
                percent_complete: percent,
                evidence_links: Some(split_links(&links)),
            };
            if let Err(v) = validator::Validate::validate(&body) {
                let more = FieldErrors::from_validation(&v, t);
                for f in ["narrative", "percent_complete", "evidence_links"] {
                    if let Some(m) = more.get(f) {
                        errors.insert(f, m.to_string());
                    }
                }
            }
            if !errors.is_empty() {
                fields.set(errors);
                return;
            }
            let path = format!("/progress-reports/{id}/resubmit");
            act(
                Box::pin(async move { api::post_versioned(&path, version, &body).await }),
                t.report_resubmitted,
            );
        })
    };
    let set_mode = |m: Mode| {
        let (mode, error, fields) = (mode.clone(), error.clone(), fields.clone());
        Callback::from(move |_| {
            error.set(None);
            fields.set(FieldErrors::default());
            mode.set(m);
        })
    };

    let error_view = match &*error {
        Some(e) if e.code() == Some(ErrorCode::Forbidden) => html! {
            <FormAlert message={format!("{}{}", e.message(t), t.report_forbidden_hint)} />
        },
        Some(e) if e.field_errors().is_empty() => html! { <FormAlert message={e.message(t)} /> },
        _ => html! {},
    };
    let rid = r.id.to_string();
    html! {
        <li class="report-card" id={format!("report-{rid}")} data-unit={props.unit_code.clone()}
            data-status={r.status.as_str()}>
            <div class="report-head">
                <span class="report-unit">{ props.unit.clone() }</span>
                <span class="muted">{ (t.report_period)(&r.period) }</span>
                if let Some(m) = &props.milestone {
                    <span class="report-milestone">{ m.clone() }</span>
                }
                { report_badge(r.status, t) }
                if r.times_returned > 0 {
                    <Badge tone={Tone::Warning} text={(t.report_times_returned)(r.times_returned)} />
                }
            </div>
            <p class="prose report-narrative">{ r.narrative.clone() }</p>
            <div class="report-progress">
                <span class="progress" role="img" aria-label={format!("{} {}%", t.report_percent, r.percent_complete)}>
                    <span style={format!("width:{}%", r.percent_complete.clamp(0, 100))}></span>
                </span>
                <span>{ format!("{}%", r.percent_complete) }</span>
            </div>
            if !r.evidence_links.is_empty() {
                <ul class="links">
                    { for r.evidence_links.iter().map(|l| html! {
                        <li><a href={l.clone()} target="_blank" rel="noopener noreferrer">{ l.clone() }</a></li>
                    }) }
                </ul>
            }
            if r.status == ReportStatus::Returned {
                if let Some(c) = &r.review_comment {
                    <div class="alert alert-warning report-comment">{ t.report_return_comment }{ c.clone() }</div>
                }
            }
            <ol class="timeline" aria-label={t.report_history}>
                { for r.history.iter().map(|h| html! {
                    <li>
                        <span class="timeline-time">{ format::local_time(&h.at) }</span>
                        <span class="timeline-action">{ (t.report_action)(&h.action) }</span>
                        if let Some(name) = &h.actor_name {
                            <span class="muted">{ name.clone() }</span>
                        }
                        if let Some(c) = &h.comment {
                            <span class="timeline-comment">{ c.clone() }</span>
                        }
                    </li>
                }) }
            </ol>
            { error_view }
            if *mode == Mode::View {
                <div class="report-actions">
                    if props.may_review && r.status == ReportStatus::Submitted {
                        <button type="button" class="btn btn-primary btn-small report-ack" disabled={*busy}
                                onclick={acknowledge}>{ t.report_acknowledge }</button>
                        <button type="button" class="btn btn-small report-return" disabled={*busy}
                                onclick={set_mode(Mode::Returning)}>{ t.report_return }</button>
                    }
                    if props.may_resubmit && r.status == ReportStatus::Returned {
                        <button type="button" class="btn btn-primary btn-small report-resubmit"
                                onclick={set_mode(Mode::Resubmitting)}>{ t.report_resubmit }</button>
                    }
                </div>
            }
            if *mode == Mode::Returning {
                <form class="inline-form" onsubmit={confirm_return} novalidate=true>
                    <TextAreaField id={format!("return-comment-{rid}")} autofocus=true label={t.report_return_comment_label}
                                   value={(*comment).clone()} required=true
                                   on_input={let s = comment.clone(); Callback::from(move |v| s.set(v))}
                                   error={fields.get("comment")} />
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-danger report-return-confirm" disabled={*busy}>{ t.report_return_confirm }</button>
                        <button type="button" class="btn" onclick={set_mode(Mode::View)}>{ t.cancel }</button>
                    </div>
                </form>
            }
            if *mode == Mode::Resubmitting {
                <form class="inline-form" onsubmit={confirm_resubmit} novalidate=true>
                    <TextAreaField id={format!("resubmit-narrative-{rid}")} autofocus=true label={t.report_narrative}
                                   value={(*narrative).clone()} required=true rows={5}
                                   on_input={let s = narrative.clone(); Callback::from(move |v| s.set(v))}
                                   error={fields.get("narrative")} />
                    <TextField id={format!("resubmit-percent-{rid}")} label={t.report_percent}
                               value={(*percent).clone()} input_type="number"
                               on_input={let s = percent.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("percent_complete")} />
                    <TextAreaField id={format!("resubmit-links-{rid}")} label={t.report_links}
                                   hint={Some(AttrValue::Static(t.report_links_hint))}
                                   value={(*links).clone()}
                                   on_input={let s = links.clone(); Callback::from(move |v| s.set(v))}
                                   error={fields.get("evidence_links")} />
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-primary report-resubmit-confirm" disabled={*busy}>{ t.report_resubmit_confirm }</button>
                        <button type="button" class="btn" onclick={set_mode(Mode::View)}>{ t.cancel }</button>
                    </div>
                </form>
            }
        </li>
    }
}

/// Evidence links, one a line.
pub fn split_links(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
