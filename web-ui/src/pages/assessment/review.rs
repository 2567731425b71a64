//! `/assessment/reviews/:id`: one case-file review. The reviewer marks each item where a
//! problem was found (how many times, or the deduction within the item's range, the page
//! and a note) and sees the score and grade as they go — computed by the scoring code the
//! server runs — then saves and submits. A submitted review shows its trace.

use std::collections::BTreeMap;
use std::rc::Rc;

use api_types::assessment::{
    show, CaseReview, DeductionMode, Finding, ReviewFindings, ReviewStatus, RuleSet,
};
use api_types::auth::Me;
use chrono::NaiveDate;
use validator::Validate;
use yew::prelude::*;

use super::{grade_badge, review_badge, tabs, trace_table};
use crate::components::{
    Checkbox, ErrorPanel, FieldErrors, Loading, PageHeader, TextAreaField, TextField,
};
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn ReviewPage(props: &ReviewProps) -> Html {
    let t = use_i18n().t();
    let review = use_fetch(props.id.clone(), |id| async move {
        let review = api::get::<CaseReview>(&format!("/case-reviews/{id}")).await?;
        let rules = api::get::<RuleSet>(&format!("/rule-sets/{}", review.rule_set_id)).await?;
        Ok((review, rules))
    });
    let body = match (review.data(), review.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(review.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(pair), None) => {
            let (r, rules) = &*pair;
            let mine = r.reviewer_id == props.me.id && r.status == ReviewStatus::Open;
            html! {
                <>
                    <section class="card" aria-labelledby="review-title">
                        <h2 class="card-title" id="review-title">
                            { format!("{}（{}）", r.file_title, r.file_number) }{ " " }{ review_badge(r.status, t) }
                        </h2>
                        <p class="muted">{ format!("{}　{}　{}：{}　{}", r.unit_name, r.round, t.asm.reviewer, r.reviewer_name,
                            (t.asm.rule_version)(r.rule_set_version_no)) }</p>
                        <p class="muted">{ (t.asm.bands_note)(rules.content.bands.excellent, rules.content.bands.good, rules.content.bands.pass) }</p>
                        if !mine {
                            <p id="review-result" class="score-line">
                                { format!("{}：{}", t.asm.col_score, show(r.result.score)) }{ " " }{ grade_badge(r.result.grade, t) }
                            </p>
                            if !r.comment.is_empty() { <p>{ format!("{}：{}", t.asm.comment, r.comment) }</p> }
                            <h3>{ t.asm.trace_title }</h3>
                            { trace_table(t, "review-trace".into(), &r.result.trace) }
                        }
                    </section>
                    if mine {
                        <ReviewForm review={Rc::new(r.clone())} rules={Rc::new(rules.clone())} on_changed={review.reload.clone()} />
                    }
                </>
            }
        }
    };
    html! {
        <>
            <PageHeader title={t.cap_assessment.0} description={Some(AttrValue::Static(t.asm.intro))} />
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    review: Rc<CaseReview>,
    rules: Rc<RuleSet>,
    on_changed: Callback<()>,
}

/// What the reviewer entered for one item.
#[derive(Clone, Default, PartialEq)]
struct Mark {
    found: bool,
    times: String,
    deduction: String,
    page: String,
    note: String,
}

fn marks_of(findings: &[Finding]) -> BTreeMap<String, Mark> {
    findings
        .iter()
        .map(|f| {
            (
                f.item.clone(),
                Mark {
                    found: true,
                    times: f.occurrences.map(|n| n.to_string()).unwrap_or_default(),
                    deduction: f.deduction.map(show).unwrap_or_default(),
                    page: f.page.clone(),
                    note: f.note.clone(),
                },
            )
        })
        .collect()
}

fn findings_of(marks: &BTreeMap<String, Mark>, rules: &RuleSet) -> Vec<Finding> {
    rules
        .content
        .items()
        .filter_map(|item| {
            let m = marks.get(&item.code).filter(|m| m.found)?;
            Some(Finding {
                item: item.code.clone(),
                occurrences: (item.mode == DeductionMode::PerOccurrence)
                    .then(|| m.times.trim().parse().ok())
                    .flatten(),
                deduction: (item.mode == DeductionMode::Range)
                    .then(|| m.deduction.trim().parse().ok())
                    .flatten(),
                page: m.page.trim().to_string(),
                note: m.note.trim().to_string(),
            })
        })
        .collect()
}

#[function_component]
fn ReviewForm(props: &FormProps) -> Html {
    let t = use_i18n().t();
    let marks = use_state(|| marks_of(&props.review.findings));
    let comment = use_state(|| props.review.comment.clone());
    let reviewed_on = use_state(|| {
        props
            .review
            .reviewed_on
            .map(|d| d.to_string())
            .unwrap_or_default()
    });
    let saving = use_submission();
    let submitting = use_submission();
    let findings = findings_of(&marks, &props.rules);
    let running = props.rules.content.score_review(&findings);
    let (id, version) = (props.review.id, props.review.version);
    let body = {
        let (findings, comment, reviewed_on) =
            (findings.clone(), comment.clone(), reviewed_on.clone());
        move || ReviewFindings {
            findings: findings.clone(),
            comment: comment.trim().to_string(),
            reviewed_on: reviewed_on.trim().parse::<NaiveDate>().ok(),
        }
    };
    let save = {
        let (saving, on_changed, body) = (saving.clone(), props.on_changed.clone(), body.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = body();
            if let Err(v) = body.validate() {
                return saving.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            saving
                .request(async move {
                    api::put::<_, CaseReview>(&format!("/case-reviews/{id}"), version, &body).await
                })
                .success(t.asm.review_saved)
                .then(move |_| on_changed.emit(()));
        })
    };
    let submit = {
        let (submitting, on_changed) = (submitting.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let body = body();
            let on_changed = on_changed.clone();
            submitting
                .request(async move {
                    let saved =
                        api::put::<_, CaseReview>(&format!("/case-reviews/{id}"), version, &body)
                            .await?;
                    api::post_versioned::<_, CaseReview>(
                        &format!("/case-reviews/{id}/submit"),
                        saved.version,
                        &(),
                    )
                    .await
                })
                .success(t.asm.review_submitted)
                .then(move |_| on_changed.emit(()));
        })
    };
    let edit = |code: String, f: fn(&mut Mark, String)| {
        let marks = marks.clone();
        Callback::from(move |v: String| {
            let mut next = (*marks).clone();
            f(next.entry(code.clone()).or_default(), v);
            marks.set(next);
        })
    };
    let toggle = |code: String| {
        let marks = marks.clone();
        Callback::from(move |on: bool| {
            let mut next = (*marks).clone();
            next.entry(code.clone()).or_default().found = on;
            marks.set(next);
        })
    };
    let fields = saving.fields();
    let score_line = match &running {
        Ok(s) => html! {
            <p class="score-line" id="review-running">
                { format!("{}：{}", t.asm.running_score, show(s.score)) }{ " " }{ grade_badge(s.grade, t) }
            </p>
        },
        Err(problems) => html! {
            <p class="field-error" id="review-running">{ problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("；") }</p>
        },
    };
    html! {
        <section class="card" aria-labelledby="review-form-title">
            <h2 class="card-title" id="review-form-title">{ t.asm.tab_reviews }</h2>
            <div class="sticky-score">{ score_line.clone() }</div>
            <form id="review-form" onsubmit={save} novalidate=true>
                { for props.rules.content.sections.iter().map(|section| html! {
                    <fieldset class="review-section">
                        <legend>{ section.title.clone() }</legend>
                        { for section.items.iter().map(|item| {
                            let m = marks.get(&item.code).cloned().unwrap_or_default();
                            let code = item.code.clone();
                            html! {
                                <div class={classes!("review-item", m.found.then_some("found"))} id={format!("item-{}", item.code)}>
                                    <Checkbox id={format!("found-{}", item.code)}
                                              label={format!("{} {}（{}；{}）", item.code, item.title, (t.asm.max_points)(item.points), (t.asm.item_rule)(item))}
                                              checked={m.found} on_change={toggle(code.clone())} />
                                    if m.found {
                                        <div class="field-row">
                                            if item.mode == DeductionMode::PerOccurrence {
                                                <TextField id={format!("times-{}", item.code)} label={t.asm.occurrences} value={m.times.clone()}
                                                           input_type="number" on_input={edit(code.clone(), |m, v| m.times = v)} />
                                            }
                                            if item.mode == DeductionMode::Range {
                                                <TextField id={format!("deduction-{}", item.code)} label={t.asm.deduction} value={m.deduction.clone()}
                                                           input_type="number" hint={Some(AttrValue::from((t.asm.item_rule)(item)))}
                                                           on_input={edit(code.clone(), |m, v| m.deduction = v)} />
                                            }
                                            <TextField id={format!("page-{}", item.code)} label={t.asm.page} value={m.page.clone()}
                                                       on_input={edit(code.clone(), |m, v| m.page = v)} />
                                            <TextField id={format!("note-{}", item.code)} label={t.asm.note} value={m.note.clone()}
                                                       on_input={edit(code.clone(), |m, v| m.note = v)} />
                                        </div>
                                    }
                                </div>
                            }
                        }) }
                    </fieldset>
                }) }
                <TextAreaField id="review-comment" label={t.asm.comment} value={(*comment).clone()} rows={3}
                               error={fields.get("comment")} on_input={let c = comment.clone(); Callback::from(move |v| c.set(v))} />
                <TextField id="review-date" label={t.asm.reviewed_on} value={(*reviewed_on).clone()} input_type="date"
                           hint={Some(AttrValue::Static(t.asm.reviewed_on_hint))}
                           error={fields.get("reviewed_on")} on_input={let d = reviewed_on.clone(); Callback::from(move |v| d.set(v))} />
                { saving.alert(&["comment", "reviewed_on"]) }
                { submitting.alert(&[]) }
                <div class="actions">
                    <button type="submit" class="btn" id="review-save" disabled={saving.busy() || running.is_err()}>{ t.asm.save_review }</button>
                    <button type="button" class="btn btn-primary" id="review-submit" onclick={submitting.ask()}
                            disabled={submitting.busy() || running.is_err()}>{ t.asm.submit_review }</button>
                </div>
                { submitting.confirm_dialog(t.asm.submit_review, t.asm.submit_hint, t.asm.submit_review, submit) }
            </form>
        </section>
    }
}
