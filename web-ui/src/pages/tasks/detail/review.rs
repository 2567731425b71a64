//! The two forms under a progress report: returning it with a comment (the lead unit)
//! and resubmitting a returned report (the reporting unit).

use api_types::plans::{ProgressReport, ReportReview, ReportRevision};
use chrono::Datelike;
use yew::prelude::*;

use super::report_card::action_error;
use crate::components::{FieldErrors, Period, PeriodPicker, TextAreaField, TextField};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::pages::tasks::report::PLAN_FIRST_YEAR;
use crate::pages::tasks::split_links;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct ReviewFormProps {
    pub report: ProgressReport,
    /// Called with `true` once the report changed, `false` when cancelled.
    pub on_done: Callback<bool>,
}

/// Returns a submitted report to its unit with a comment.
#[function_component]
pub fn ReturnForm(props: &ReviewFormProps) -> Html {
    let t = use_i18n().t();
    let comment = use_state(String::new);
    let form = use_submission();
    let (id, version) = (props.report.id, props.report.version);

    let onsubmit = {
        let (form, comment, on_done) = (form.clone(), comment.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = comment.trim().to_string();
            if text.is_empty() {
                let mut missing = FieldErrors::default();
                missing.insert_code(t, "comment", "required");
                form.reject(missing);
                return;
            }
            let path = format!("/progress-reports/{id}/return");
            let body = ReportReview {
                comment: Some(text),
            };
            let on_done = on_done.clone();
            form.request(async move {
                api::post_versioned::<_, ProgressReport>(&path, version, &body).await
            })
            .success(t.report_returned_done)
            .then(move |_| on_done.emit(true));
        })
    };
    html! {
        <>
            { action_error(&form, t) }
            <form class="inline-form" {onsubmit} novalidate=true>
                <TextAreaField id={format!("return-comment-{id}")} autofocus=true label={t.report_return_comment_label}
                               value={(*comment).clone()} required=true
                               on_input={let s = comment.clone(); Callback::from(move |v| s.set(v))}
                               error={form.fields().get("comment")} />
                <div class="form-buttons">
                    <button type="submit" class="btn btn-danger report-return-confirm" disabled={form.busy()}>{ t.report_return_confirm }</button>
                    <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
                </div>
            </form>
        </>
    }
}

/// Resubmits a returned report with its narrative, percentage and links revised.
#[function_component]
pub fn ResubmitForm(props: &ReviewFormProps) -> Html {
    let t = use_i18n().t();
    let r = &props.report;
    let narrative = use_state(|| r.narrative.clone());
    let today = crate::format::today_date();
    let period = use_state(|| Period::parse(&r.period).unwrap_or_else(|| Period::month_of(today)));
    let percent = use_state(|| r.percent_complete.to_string());
    let links = use_state(|| r.evidence_links.join("\n"));
    let form = use_submission();
    let (id, version) = (r.id, r.version);

    let onsubmit = {
        let period = period.clone();
        let (form, narrative, percent, links, on_done) = (
            form.clone(),
            narrative.clone(),
            percent.clone(),
            links.clone(),
            props.on_done.clone(),
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
                period: Some(period.to_string()),
                narrative: Some(narrative.trim().to_string()),
                percent_complete: percent,
                evidence_links: Some(split_links(&links)),
            };
            if let Err(v) = validator::Validate::validate(&body) {
                let more = FieldErrors::from_validation(&v, t);
                for f in ["period", "narrative", "percent_complete", "evidence_links"] {
                    if let Some(m) = more.get(f) {
                        errors.insert(f, m.to_string());
                    }
                }
            }
            if !errors.is_empty() {
                form.reject(errors);
                return;
            }
            let path = format!("/progress-reports/{id}/resubmit");
            let on_done = on_done.clone();
            form.request(async move {
                api::post_versioned::<_, ProgressReport>(&path, version, &body).await
            })
            .success(t.report_resubmitted)
            .then(move |_| on_done.emit(true));
        })
    };
    let fields = form.fields();
    html! {
        <>
            { action_error(&form, t) }
            <form class="inline-form" {onsubmit} novalidate=true>
                <div class={classes!("field", fields.get("period").is_some().then_some("has-error"))}>
                    // A returned report may have named the wrong period: it can be put right.
                    <PeriodPicker id={format!("resubmit-period-{id}")} label={t.report_period_label} value={*period}
                                  years={(PLAN_FIRST_YEAR.min(today.year() - 3), today.year() + 1)}
                                  on_change={let s = period.clone(); Callback::from(move |p| s.set(p))} />
                    if let Some(e) = fields.get("period") { <p class="field-error">{ e }</p> }
                </div>
                <TextAreaField id={format!("resubmit-narrative-{id}")} autofocus=true label={t.report_narrative}
                               value={(*narrative).clone()} required=true rows={5}
                               on_input={let s = narrative.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("narrative")} />
                <TextField id={format!("resubmit-percent-{id}")} label={t.report_percent}
                           value={(*percent).clone()} input_type="number"
                           on_input={let s = percent.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("percent_complete")} />
                <TextAreaField id={format!("resubmit-links-{id}")} label={t.report_links}
                               hint={Some(AttrValue::Static(t.report_links_hint))}
                               value={(*links).clone()}
                               on_input={let s = links.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("evidence_links")} />
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary report-resubmit-confirm" disabled={form.busy()}>{ t.report_resubmit_confirm }</button>
                    <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
                </div>
            </form>
        </>
    }
}
