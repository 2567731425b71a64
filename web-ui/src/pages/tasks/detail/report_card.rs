//! A progress report on the task page: its content, evidence files and history, and the
//! actions the user may take on it (acknowledge, return with a comment, resubmit, add or
//! withdraw evidence).

use api_types::attachments::EVIDENCE_MAX_BYTES;
use api_types::plans::{ProgressReport, ReportReview, ReportStatus};
use api_types::ErrorCode;
use yew::prelude::*;

use super::review::{ResubmitForm, ReturnForm};
use crate::components::{Attachments, Badge, FormAlert, Tone};
use crate::format;
use crate::hooks::{use_submission, Submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::tasks::report_badge;
use crate::services::api;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    View,
    Returning,
    Resubmitting,
}

#[derive(Properties, PartialEq)]
pub struct ReportCardProps {
    pub report: ProgressReport,
    pub milestone: Option<String>,
    pub unit: String,
    pub unit_code: String,
    pub may_review: bool,
    pub may_resubmit: bool,
    /// The user may attach evidence files to reports of this unit.
    pub may_attach: bool,
    pub on_changed: Callback<()>,
}

/// The failure of a review action, unless it is about a field (shown there).
pub fn action_error(form: &Submission, t: &'static Texts) -> Html {
    match form.error() {
        Some(e) if e.code() == Some(ErrorCode::Forbidden) => html! {
            <FormAlert message={format!("{}{}", e.message(t), t.report_forbidden_hint)} />
        },
        Some(e) if e.field_errors().is_empty() => html! { <FormAlert message={e.message(t)} /> },
        _ => html! {},
    }
}

/// A report with its history and the actions the user may take on it.
#[function_component]
pub fn ReportCard(props: &ReportCardProps) -> Html {
    let t = use_i18n().t();
    let r = &props.report;
    let mode = use_state(|| Mode::View);
    let form = use_submission();
    let (id, version) = (r.id, r.version);

    let acknowledge = {
        let (form, on_changed) = (form.clone(), props.on_changed.clone());
        Callback::from(move |_| {
            let on_changed = on_changed.clone();
            let path = format!("/progress-reports/{id}/acknowledge");
            form.request(async move {
                api::post_versioned::<_, ProgressReport>(&path, version, &ReportReview::default())
                    .await
            })
            .success(t.report_acknowledged)
            .then(move |_| on_changed.emit(()));
        })
    };
    let set_mode = |m: Mode| {
        let (mode, form) = (mode.clone(), form.clone());
        Callback::from(move |_| {
            form.reset();
            mode.set(m);
        })
    };
    // A review form closed: back to the card, and its data reloaded when it changed.
    let on_done = {
        let (mode, on_changed) = (mode.clone(), props.on_changed.clone());
        Callback::from(move |changed: bool| {
            mode.set(Mode::View);
            if changed {
                on_changed.emit(());
            }
        })
    };

    let rid = r.id.to_string();
    // The reporting unit adds or withdraws evidence until the report is acknowledged.
    let may_attach = props.may_attach && r.status != ReportStatus::Acknowledged;
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
            <Attachments id={format!("report-{rid}-files")} files={r.attachments.clone()}
                         upload_path={may_attach.then(|| format!("/progress-reports/{rid}/attachments"))}
                         may_withdraw={may_attach} max_bytes={EVIDENCE_MAX_BYTES}
                         on_changed={props.on_changed.clone()} />
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
            { action_error(&form, t) }
            if *mode == Mode::View {
                <div class="report-actions">
                    if props.may_review && r.status == ReportStatus::Submitted {
                        <button type="button" class="btn btn-primary btn-small report-ack" disabled={form.busy()}
                                onclick={acknowledge}>{ t.report_acknowledge }</button>
                        <button type="button" class="btn btn-small report-return" disabled={form.busy()}
                                onclick={set_mode(Mode::Returning)}>{ t.report_return }</button>
                    }
                    if props.may_resubmit && r.status == ReportStatus::Returned {
                        <button type="button" class="btn btn-primary btn-small report-resubmit"
                                onclick={set_mode(Mode::Resubmitting)}>{ t.report_resubmit }</button>
                    }
                </div>
            }
            if *mode == Mode::Returning {
                <ReturnForm report={r.clone()} on_done={on_done.clone()} />
            }
            if *mode == Mode::Resubmitting {
                <ResubmitForm report={r.clone()} {on_done} />
            }
        </li>
    }
}
