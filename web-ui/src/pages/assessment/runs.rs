//! `/assessment/runs`: the assessment runs (the city bureau runs a month or a quarter),
//! and `/assessment/runs/:id`: the ranking, each unit's inputs and trace, the comparison
//! with an earlier run, and (for 执法监督科) drafting the notice from it.

use std::rc::Rc;

use api_types::assessment::{
    describe, show, AssessmentNotice, AssessmentRun, AssessmentRunSummary, AssessmentWarning,
    NewAssessmentNotice, NewAssessmentRun, RunComparison,
};
use api_types::auth::Me;
use api_types::{Page, Permission};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::{grade_badge, tabs, trace_table};
use crate::capability::can;
use crate::components::{
    push_path, ErrorPanel, FieldErrors, Href, Loading, PageHeader, SelectField, TextField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn RunsPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<AssessmentRunSummary>>(
            "/assessment-runs",
            &[("per_page", "100".into())],
        )
        .await
    });
    let period = use_state(|| {
        let today = format::today_date();
        today.format("%Y-%m").to_string()
    });
    let form = use_submission();
    if !can(&props.me, Permission::AssessmentRead) {
        return forbidden();
    }
    let run = {
        let (form, period) = (form.clone(), period.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = NewAssessmentRun {
                period: period.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            form.request(
                async move { api::post::<_, AssessmentRun>("/assessment-runs", &body).await },
            )
            .success(t.asm.run_done)
            .then(move |r| push_path(&format!("/assessment/runs/{}", r.id)));
        })
    };
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => html! { <p class="muted">{ t.asm.no_runs }</p> },
        (Some(p), None) => html! {
            <table class="table" id="run-list">
                <thead><tr>
                    <th>{ t.asm.col_period }</th><th>{ t.asm.col_version }</th><th>{ t.asm.col_units }</th>
                    <th>{ t.asm.col_run_by }</th><th>{ t.asm.col_time }</th>
                </tr></thead>
                <tbody>
                    { for p.items.iter().map(|r| html! {
                        <tr id={format!("run-{}", r.id)}>
                            <td><Href to={format!("/assessment/runs/{}", r.id)}>{ r.period.clone() }</Href></td>
                            <td>{ (t.asm.rule_version)(r.rule_set_version_no) }</td>
                            <td>{ r.units }</td>
                            <td>{ r.run_by_name.clone() }</td>
                            <td>{ format::local_time(&r.created_at) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_assessment.0} description={Some(AttrValue::Static(t.asm.intro))} />
            { tabs(t, &props.me) }
            if can(&props.me, Permission::AssessmentManage) {
                <section class="card" aria-labelledby="run-new-title">
                    <h2 class="card-title" id="run-new-title">{ t.asm.run_button }</h2>
                    <p class="muted">{ t.asm.run_hint }</p>
                    <form class="inline-form" id="run-new" onsubmit={run} novalidate=true>
                        <TextField id="run-period" label={t.asm.period} value={(*period).clone()}
                                   hint={Some(AttrValue::Static(t.asm.period_hint))} error={form.fields().get("period")}
                                   on_input={let p = period.clone(); Callback::from(move |v: String| p.set(v.trim().to_string()))} />
                        { form.alert(&["period"]) }
                        <button type="submit" class="btn btn-primary" id="run-start" disabled={form.busy()}>{ t.asm.run_button }</button>
                    </form>
                </section>
            }
            <Warnings />
            <section class="card" aria-labelledby="runs-title">
                <h2 class="card-title" id="runs-title">{ t.asm.runs_title }</h2>
                { body }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RunProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn RunPage(props: &RunProps) -> Html {
    let t = use_i18n().t();
    let run = use_fetch(props.id.clone(), |id| async move {
        api::get::<AssessmentRun>(&format!("/assessment-runs/{id}")).await
    });
    let others = use_fetch((), |()| async {
        api::get_list::<Page<AssessmentRunSummary>>(
            "/assessment-runs",
            &[("per_page", "100".into())],
        )
        .await
    });
    let open = use_state(|| None::<Uuid>);
    let with = use_state(String::new);
    let comparison = use_fetch(
        (props.id.clone(), (*with).clone()),
        |(id, with)| async move {
            if with.is_empty() {
                Ok(None)
            } else {
                api::get::<RunComparison>(&format!("/assessment-runs/{id}/comparison?with={with}"))
                    .await
                    .map(Some)
            }
        },
    );
    let drafting = use_submission();
    let body = match (run.data(), run.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(run.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(r), None) => {
            let run_id = r.id;
            let draft = {
                let drafting = drafting.clone();
                Callback::from(move |_: MouseEvent| {
                    let body = NewAssessmentNotice { run_id };
                    drafting
                        .request(async move {
                            api::post::<_, AssessmentNotice>("/assessment-notices", &body).await
                        })
                        .success(t.asm.notice_drafted)
                        .then(move |n| push_path(&format!("/assessment/notices/{}", n.id)));
                })
            };
            html! {
                <section class="card" aria-labelledby="run-title">
                    <h2 class="card-title" id="run-title">{ (t.asm.run_title)(&r.period) }</h2>
                    <p class="muted">{ format!("{}　{}：{}　{}", (t.asm.rule_version)(r.rule_set_version_no), t.asm.col_run_by, r.run_by_name, format::local_time(&r.created_at)) }</p>
                    if can(&props.me, Permission::AssessmentNoticesWrite) {
                        <button class="btn btn-primary" id="run-draft-notice" onclick={draft} disabled={drafting.busy()}>{ t.asm.draft_notice }</button>
                        { drafting.alert(&[]) }
                    }
                    <table class="table" id="run-ranking">
                        <thead><tr>
                            <th>{ t.asm.col_rank }</th><th>{ t.asm.col_unit }</th><th>{ t.asm.col_score }</th><th>{ t.asm.col_grade }</th><th></th>
                        </tr></thead>
                        <tbody>
                            { for r.results.iter().map(|u| {
                                let shown = *open == Some(u.unit_id);
                                let toggle = { let open = open.clone(); let unit = u.unit_id; Callback::from(move |_: MouseEvent| open.set(if shown { None } else { Some(unit) })) };
                                html! {
                                    <>
                                        <tr id={format!("result-{}", u.unit_id)}>
                                            <td>{ u.rank }</td>
                                            <td>{ u.unit_name.clone() }</td>
                                            <td>{ show(u.scored.score) }</td>
                                            <td>{ grade_badge(u.scored.grade, t) }{ if u.scored.veto.is_some() { format!(" {}", t.asm.vetoed) } else { String::new() } }</td>
                                            <td><button class="btn btn-small trace-toggle" onclick={toggle}>{ if shown { t.asm.hide_trace } else { t.asm.show_trace } }</button></td>
                                        </tr>
                                        if shown {
                                            <tr class="trace-row"><td colspan="5">
                                                <h3>{ t.asm.inputs_title }</h3>
                                                <ul class="plain-list" id={format!("inputs-{}", u.unit_id)}>
                                                    { for u.inputs.iter().map(|(k, v)| html! { <li>{ format!("{}：{}", (t.asm.indicator)(*k), describe(*k, v)) }</li> }) }
                                                </ul>
                                                { trace_table(t, format!("trace-{}", u.unit_id), &u.scored.trace) }
                                            </td></tr>
                                        }
                                    </>
                                }
                            }) }
                        </tbody>
                    </table>
                </section>
            }
        }
    };
    let mut choices = vec![(AttrValue::Static(""), AttrValue::Static(t.choose))];
    if let Some(p) = others.data() {
        choices.extend(
            p.items
                .iter()
                .filter(|o| o.id.to_string() != props.id)
                .map(|o| {
                    (
                        AttrValue::from(o.id.to_string()),
                        AttrValue::from(format!(
                            "{} {}",
                            o.period,
                            format::local_time(&o.created_at)
                        )),
                    )
                }),
        );
    }
    let compared = match (comparison.data(), comparison.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(comparison.reload.clone())} /> }
        }
        (Some(c), None) => match &*c {
            None => html! {},
            Some(c) if c.items.is_empty() => {
                html! { <p class="muted" id="run-no-differences">{ t.asm.no_differences }</p> }
            }
            Some(c) => html! {
                <table class="table" id="run-differences">
                    <thead><tr>
                        <th>{ t.asm.col_unit }</th><th>{ t.asm.col_item }</th><th>{ t.asm.col_before }</th><th>{ t.asm.col_after }</th>
                    </tr></thead>
                    <tbody>
                        { for c.items.iter().map(|d| html! {
                            <tr>
                                <td>{ d.unit_name.clone() }</td>
                                <td>{ format!("{} {}", d.item, d.title) }</td>
                                <td>{ d.before.as_ref().map(|l| l.text.clone()).unwrap_or_default() }</td>
                                <td>{ d.after.as_ref().map(|l| l.text.clone()).unwrap_or_default() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            },
        },
        (None, None) => html! { <Loading /> },
    };
    html! {
        <>
            <PageHeader title={t.cap_assessment.0} description={Some(AttrValue::Static(t.asm.intro))} />
            { tabs(t, &props.me) }
            { body }
            <section class="card" aria-labelledby="compare-title">
                <h2 class="card-title" id="compare-title">{ t.asm.compare_title }</h2>
                <SelectField id="run-compare" label={t.asm.compare_with} value={(*with).clone()} options={choices}
                             on_change={let w = with.clone(); Callback::from(move |v| w.set(v))} />
                { compared }
            </section>
        </>
    }
}

/// The units already losing points this month (问题发现在早), for the runs page and the
/// city bureau's dashboard.
#[function_component]
pub fn Warnings() -> Html {
    let t = use_i18n().t();
    let warnings = use_fetch((), |()| async {
        api::get::<Vec<AssessmentWarning>>("/assessment-warnings").await
    });
    let body = match (warnings.data(), warnings.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(warnings.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => {
            html! { <p class="muted">{ t.asm.no_warnings }</p> }
        }
        (Some(list), None) => html! {
            <table class="table" id="warning-list">
                <thead><tr>
                    <th>{ t.asm.col_unit }</th><th>{ t.asm.col_score }</th><th>{ t.asm.col_grade }</th><th>{ t.asm.main_deductions }</th>
                </tr></thead>
                <tbody>
                    { for list.iter().map(|w| html! {
                        <tr id={format!("warning-{}", w.unit_id)}>
                            <td>{ w.unit_name.clone() }</td>
                            <td>{ show(w.score) }</td>
                            <td>{ grade_badge(w.grade, t) }{ if w.vetoed { format!(" {}", t.asm.vetoed) } else { String::new() } }</td>
                            <td>{ w.items.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join("；") }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="card" aria-labelledby="warnings-title" id="warnings">
            <h2 class="card-title" id="warnings-title">{ t.asm.warnings_title }</h2>
            <p class="muted">{ t.asm.warnings_hint }</p>
            { body }
        </section>
    }
}
