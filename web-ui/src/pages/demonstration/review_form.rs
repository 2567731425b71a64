//! A panel member's scoring form, made for a tablet on site: one column, large inputs.
//! Per criterion the reviewer enters the points awarded (a `range` item: a finding with
//! `deduction = points − awarded`, kept within the item's deduction range; full marks
//! is no finding) or marks a gate item 不符合 (a finding without deduction: the unit is
//! excluded); on site also the day, who took part, the checklist, notes and photos. The
//! running score is `RuleSetContent::score_review`, the computation the server stores.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use api_types::assessment::{show, DeductionMode, Finding, RuleItem, RuleSet, VetoStrength};
use api_types::demonstration::{
    DemonstrationApplication, DemonstrationReview, PanelReviewContent, ReviewPhase,
};
use chrono::NaiveDate;
use validator::Validate;
use yew::prelude::*;

use super::criteria::{award_bounds, rule_text};
use super::refusal;
use super::self_assessment::evidence_link;
use crate::components::{Attachments, Checkbox, FieldErrors, TextAreaField, TextField};
use crate::hooks::use_submission;
use crate::i18n::{use_i18n, Texts};
use crate::services::api;

/// What the reviewer entered for one criterion.
#[derive(Clone, Default, PartialEq)]
struct Mark {
    /// Points awarded (`range`); empty is full marks.
    awarded: String,
    /// 不符合 (`gate`, `fixed`).
    failed: bool,
    /// How many times (`per_occurrence`).
    times: String,
    note: String,
}

fn marks_of(findings: &[Finding], rules: &RuleSet) -> BTreeMap<String, Mark> {
    findings
        .iter()
        .filter_map(|f| {
            let item = rules.content.item(&f.item)?;
            let mark = Mark {
                awarded: match (item.mode, f.deduction) {
                    (DeductionMode::Range, Some(d)) => show(item.points - d),
                    _ => String::new(),
                },
                failed: matches!(item.mode, DeductionMode::Gate | DeductionMode::Fixed),
                times: f.occurrences.map(|n| n.to_string()).unwrap_or_default(),
                note: f.note.clone(),
            };
            Some((f.item.clone(), mark))
        })
        .collect()
}

/// The deduction an awarded value stands for, kept within the item's range; None for
/// full marks (or nothing typed).
fn deduction(item: &RuleItem, awarded: &str) -> Option<f64> {
    let awarded: f64 = awarded
        .trim()
        .parse()
        .ok()
        .filter(|a: &f64| a.is_finite())?;
    if awarded >= item.points {
        return None;
    }
    let (low, high) = award_bounds(item);
    let kept = awarded.clamp(low, high);
    // Tenths, as the scoring code counts.
    Some(((item.points - kept) * 10.0).round() / 10.0)
}

fn finding(item: &RuleItem, m: &Mark) -> Option<Finding> {
    let (occurrences, deduction) = match item.mode {
        DeductionMode::Range => (None, Some(deduction(item, &m.awarded)?)),
        DeductionMode::Gate | DeductionMode::Fixed if m.failed => (None, None),
        DeductionMode::PerOccurrence => {
            let n: u32 = m.times.trim().parse().ok().filter(|n| *n > 0)?;
            (Some(n), None)
        }
        _ => return None,
    };
    Some(Finding {
        item: item.code.clone(),
        occurrences,
        deduction,
        page: String::new(),
        note: m.note.trim().to_string(),
    })
}

fn findings_of(marks: &BTreeMap<String, Mark>, rules: &RuleSet) -> Vec<Finding> {
    rules
        .content
        .items()
        .filter_map(|item| finding(item, marks.get(&item.code)?))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct ReviewFormProps {
    pub review: Rc<DemonstrationReview>,
    pub rules: Rc<RuleSet>,
    pub application: Rc<DemonstrationApplication>,
    pub on_changed: Callback<()>,
}

#[function_component]
pub fn ReviewForm(props: &ReviewFormProps) -> Html {
    let t = use_i18n().t();
    let r = &props.review;
    let onsite = r.content.phase == ReviewPhase::Onsite;
    let marks = use_state(|| marks_of(&r.content.findings, &props.rules));
    let visited_on = use_state(|| {
        r.content
            .visited_on
            .map(|d| d.to_string())
            .unwrap_or_default()
    });
    let participants = use_state(|| r.content.participants.clone());
    let checked = use_state(|| {
        r.content
            .checked
            .iter()
            .cloned()
            .collect::<BTreeSet<String>>()
    });
    let notes = use_state(|| r.content.notes.clone());
    let saving = use_submission();
    let submitting = use_submission();
    let findings = findings_of(&marks, &props.rules);
    let running = props.rules.content.score_review(&findings);
    let (id, version) = (r.id, r.version);
    let body = {
        let (visited_on, participants, checked, notes) = (
            visited_on.clone(),
            participants.clone(),
            checked.clone(),
            notes.clone(),
        );
        let (rules, application_id, phase) = (
            props.rules.clone(),
            r.content.application_id,
            r.content.phase,
        );
        move || PanelReviewContent {
            application_id,
            phase,
            findings: findings.clone(),
            visited_on: if onsite {
                visited_on.trim().parse::<NaiveDate>().ok()
            } else {
                None
            },
            participants: if onsite {
                participants.trim().to_string()
            } else {
                String::new()
            },
            checked: if onsite {
                rules
                    .content
                    .items()
                    .filter(|i| checked.contains(&i.code))
                    .map(|i| i.code.clone())
                    .collect()
            } else {
                Vec::new()
            },
            notes: notes.trim().to_string(),
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
                    api::put::<_, DemonstrationReview>(
                        &format!("/demonstration-reviews/{id}"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.demo.review_saved)
                .then(move |_| on_changed.emit(()));
        })
    };
    let submit = {
        let (submitting, on_changed) = (submitting.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let body = body();
            if let Err(v) = body.validate() {
                return submitting.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            submitting
                .request(async move {
                    let path = format!("/demonstration-reviews/{id}");
                    let saved = api::put::<_, DemonstrationReview>(&path, version, &body).await?;
                    api::post_versioned::<_, DemonstrationReview>(
                        &format!("{path}/submit"),
                        saved.version,
                        &(),
                    )
                    .await
                })
                .success(t.demo.review_submitted)
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
    let fail = |code: String| {
        let marks = marks.clone();
        Callback::from(move |on: bool| {
            let mut next = (*marks).clone();
            next.entry(code.clone()).or_default().failed = on;
            marks.set(next);
        })
    };
    let check = |code: String| {
        let checked = checked.clone();
        Callback::from(move |on: bool| {
            let mut next = (*checked).clone();
            if on {
                next.insert(code.clone());
            } else {
                next.remove(&code);
            }
            checked.set(next);
        })
    };
    let score_line = match &running {
        Ok(s) => html! {
            <p class="score-line" id="review-running" aria-live="polite">
                { (t.demo.running_score)(&show(s.score)) }
                if s.veto == Some(VetoStrength::Fail) {
                    <strong class="text-danger" id="review-vetoed">{ format!(" {}", t.demo.gate_failed) }</strong>
                }
            </p>
        },
        Err(problems) => html! {
            <p class="field-error" id="review-running">{ problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("；") }</p>
        },
    };
    let fields = saving.fields();
    let self_scores: BTreeMap<&str, &api_types::demonstration::SelfScore> = props
        .application
        .content
        .self_assessment
        .iter()
        .map(|s| (s.item.as_str(), s))
        .collect();
    let criterion = |item: &RuleItem| {
        let m = marks.get(&item.code).cloned().unwrap_or_default();
        let code = item.code.clone();
        let own = self_scores.get(item.code.as_str()).copied();
        let kept = deduction(item, &m.awarded).map(|d| item.points - d);
        let typed: Option<f64> = m.awarded.trim().parse().ok();
        let (low, _) = award_bounds(item);
        html! {
            <div class={classes!("demo-criterion", finding(item, &m).is_some().then_some("found"))}
                 id={format!("criterion-{code}")} data-item={code.clone()}>
                <p class="criterion-title"><strong>{ format!("{} {}", item.code, item.title) }</strong>
                    <span class="muted">{ format!("　{}", rule_text(item, t)) }</span></p>
                if let Some(e) = &item.evidence { <p class="cell-sub">{ format!("{}：{}", t.demo.evidence_required, e) }</p> }
                if let Some(s) = own {
                    <p class="cell-sub self-line">
                        { (t.demo.self_line)(&show(s.points)) }
                        if !s.note.is_empty() { { format!("　{}", s.note) } }
                        { for props.application.attachments.iter().filter(|f| s.evidence_ids.contains(&f.id)).map(|f| html! {
                            <>{ "　" }{ evidence_link(f, t) }</>
                        }) }
                    </p>
                }
                <div class="criterion-inputs">
                    { match item.mode {
                        DeductionMode::Range => html! {
                            <TextField id={format!("score-{code}")} label={(t.demo.awarded)(&show(item.points))} value={m.awarded.clone()}
                                       input_type="number" inputmode={Some(AttrValue::Static("decimal"))}
                                       placeholder={Some(AttrValue::from(show(item.points)))}
                                       hint={match (typed, kept) {
                                           (Some(a), Some(k)) if (a - k).abs() > 1e-9 => Some(AttrValue::from((t.demo.kept_as)(&show(k), &show(low)))),
                                           _ => None,
                                       }}
                                       on_input={edit(code.clone(), |m, v| m.awarded = v)} />
                        },
                        DeductionMode::Gate | DeductionMode::Fixed => html! {
                            <div class="gate-check">
                                <Checkbox id={format!("gate-{code}")} label={t.demo.not_met} checked={m.failed} on_change={fail(code.clone())} />
                            </div>
                        },
                        DeductionMode::PerOccurrence => html! {
                            <TextField id={format!("times-{code}")} label={t.demo.occurrences} value={m.times.clone()}
                                       input_type="number" inputmode={Some(AttrValue::Static("numeric"))}
                                       on_input={edit(code.clone(), |m, v| m.times = v)} />
                        },
                        _ => html! {},
                    } }
                    <TextField id={format!("finding-note-{code}")} label={t.demo.finding_note} value={m.note.clone()}
                               on_input={edit(code.clone(), |m, v| m.note = v)} />
                    if onsite {
                        <div class="gate-check">
                            <Checkbox id={format!("check-{code}")} label={t.demo.checked_on_site}
                                      checked={checked.contains(&code)} on_change={check(code.clone())} />
                        </div>
                    }
                </div>
            </div>
        }
    };
    let shown = ["visited_on", "participants", "notes", "checked"];
    html! {
        <section class="card demo-review" aria-labelledby="review-form-title">
            <h2 class="card-title" id="review-form-title">{ (t.demo.phase_name)(r.content.phase) }</h2>
            <div class="demo-score">{ score_line }</div>
            <form id="review-form" onsubmit={save} novalidate=true>
                if onsite {
                    <fieldset class="visit">
                        <legend>{ t.demo.visit }</legend>
                        <TextField id="visited-on" label={t.demo.visited_on} value={(*visited_on).clone()} input_type="date" required=true
                                   error={fields.get("visited_on")} on_input={let v = visited_on.clone(); Callback::from(move |x| v.set(x))} />
                        <TextField id="participants" label={t.demo.participants} value={(*participants).clone()}
                                   hint={Some(AttrValue::Static(t.demo.participants_hint))}
                                   error={fields.get("participants")} on_input={let v = participants.clone(); Callback::from(move |x| v.set(x))} />
                    </fieldset>
                }
                { for props.rules.content.sections.iter().map(|section| html! {
                    <fieldset class="review-section">
                        <legend>{ section.title.clone() }</legend>
                        { for super::criteria::groups(section).into_iter().map(|g| html! {
                            <>
                                if let Some(title) = g.title { <h3 class="criteria-group-title">{ title }</h3> }
                                { for g.items.iter().map(|item| criterion(item)) }
                            </>
                        }) }
                    </fieldset>
                }) }
                <TextAreaField id="review-notes" label={t.demo.review_notes} value={(*notes).clone()} rows={4}
                               error={fields.get("notes")} on_input={let n = notes.clone(); Callback::from(move |v| n.set(v))} />
                { saving.alert(&shown) }
                { refusal("review-submit-error", submitting.error(), t) }
                <div class="form-buttons">
                    <button type="submit" class="btn" id="review-save" disabled={saving.busy() || running.is_err()}>{ t.save }</button>
                    <button type="button" class="btn btn-primary" id="review-submit" onclick={submitting.ask()}
                            disabled={submitting.busy() || running.is_err()}>{ t.demo.submit_review }</button>
                </div>
                { submitting.confirm_dialog(t.demo.submit_review, t.demo.submit_review_confirm, t.demo.submit_review, submit) }
            </form>
            if onsite {
                <Attachments id="photos" input_id={Some(AttrValue::Static("photo-file"))} files={r.attachments.clone()}
                             upload_path={Some(format!("/demonstration-reviews/{}/attachments", r.id))}
                             may_withdraw=true max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                             on_changed={props.on_changed.clone()} />
            }
        </section>
    }
}

/// The fields of a submitted (or someone else's) review.
pub fn visit_details(r: &DemonstrationReview, rules: &RuleSet, t: &'static Texts) -> Html {
    if r.content.phase != ReviewPhase::Onsite {
        return html! {};
    }
    let checked: Vec<String> = rules
        .content
        .items()
        .filter(|i| r.content.checked.contains(&i.code))
        .map(|i| format!("{} {}", i.code, i.title))
        .collect();
    html! {
        <dl class="details">
            <dt>{ t.demo.visited_on }</dt><dd id="visited-on-text">{ r.content.visited_on.map(|d| d.to_string()).unwrap_or_default() }</dd>
            <dt>{ t.demo.participants }</dt><dd>{ r.content.participants.clone() }</dd>
            <dt>{ t.demo.checklist }</dt><dd>{ checked.join("；") }</dd>
        </dl>
    }
}
