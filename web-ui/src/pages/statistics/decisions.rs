//! 重大行政决策: the register of major decisions and one decision's procedure — steps
//! recorded as they are done, the decision refused while a step is missing.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::statistics::{
    DecisionMade, DecisionStatus, DecisionStep, DecisionStepEntry, MajorDecision, NewMajorDecision,
};
use api_types::{Page, Permission};
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{
    push_path, Attachments, Badge, Column, DataTable, ErrorPanel, FieldErrors, Href, Loading,
    PageHeader, SelectField, TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::services::api;

fn status_badge(status: DecisionStatus, t: &Texts) -> Html {
    let tone = match status {
        DecisionStatus::InProcedure => Tone::Info,
        DecisionStatus::Decided => Tone::Success,
        DecisionStatus::Published => Tone::Success,
    };
    html! { <Badge {tone} text={(t.md_status)(status)} /> }
}

#[function_component]
pub fn DecisionsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = &props.me;
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let list = use_fetch((*list_state).clone(), |state| async move {
        api::get_list::<Page<MajorDecision>>("/major-decisions", &state.query()).await
    });
    let title = use_state(String::new);
    let summary = use_state(String::new);
    let form = use_submission();
    let can_write = can(me, Permission::MajorDecisionsWrite);
    let can_region = can(me, Permission::StatisticsRegionRead);
    let register = {
        let (form, title, summary, unit) =
            (form.clone(), title.clone(), summary.clone(), me.unit.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut missing = FieldErrors::default();
            if title.trim().is_empty() {
                missing.insert_code(t, "title", "required");
            }
            if summary.trim().is_empty() {
                missing.insert_code(t, "summary", "required");
            }
            if !missing.is_empty() {
                form.reject(missing);
                return;
            }
            let body = NewMajorDecision {
                unit_id: unit,
                title: title.trim().into(),
                summary: summary.trim().into(),
            };
            form.request(
                async move { api::post::<_, MajorDecision>("/major-decisions", &body).await },
            )
            .success(t.md_registered)
            .then(|d| push_path(&format!("/statistics/decisions/{}", d.id)));
        })
    };
    let names = units.clone();
    let columns = vec![
        Column::new(t.md_title, |d: &MajorDecision| html! {
            <Href to={format!("/statistics/decisions/{}", d.id)} class="decision-link">{ d.title.clone() }</Href>
        }),
        Column::new(t.st_unit, move |d: &MajorDecision| html! { unit_name(&names, &d.unit_id, lang) }),
        Column::new(t.col_status, move |d: &MajorDecision| {
            let t = lang.texts();
            html! {
                <span class="badges">
                    { status_badge(d.status, t) }
                    if d.status == DecisionStatus::InProcedure && !d.missing_steps.is_empty() {
                        <Badge tone={Tone::Warning} text={AttrValue::from((t.md_missing_count)(d.missing_steps.len()))} />
                    }
                </span>
            }
        }),
        Column::new(t.md_decided_on, |d: &MajorDecision| html! { d.decided_on.map(|x| x.to_string()).unwrap_or_else(|| "—".into()) })
            .sortable("decided_on")
            .class("nowrap"),
    ];
    html! {
        <>
            <PageHeader title={t.cap_statistics.0} description={Some(AttrValue::Static(t.cap_statistics.1))} />
            { tabs(t, can_region) }
            if can_write {
                <section class="card" aria-labelledby="new-decision-title">
                    <h2 id="new-decision-title" class="card-title">{ t.md_new }</h2>
                    <form class="inline-form" onsubmit={register} novalidate=true>
                        <TextField id="decision-title" label={t.md_title} value={(*title).clone()} required=true
                                   on_input={let s = title.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("title")} />
                        <TextAreaField id="decision-summary" label={t.md_summary} value={(*summary).clone()} required=true
                                       on_input={let s = summary.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("summary")} />
                        { form.alert(&["title", "summary"]) }
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-primary" id="decision-register" disabled={form.busy()}>{ t.md_register }</button>
                        </div>
                    </form>
                </section>
            }
            <section class="card" aria-labelledby="decisions-title">
                <h2 id="decisions-title" class="card-title">{ t.md_list }</h2>
                <DataTable<MajorDecision> id="decisions-table" caption={t.md_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct DecisionPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn DecisionPage(props: &DecisionPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let decision = use_fetch(props.id.clone(), |id| async move {
        api::get::<MajorDecision>(&format!("/major-decisions/{id}")).await
    });
    let step = use_state(String::new);
    let done_on = use_state(|| format::today_date().to_string());
    let not_applicable = use_state(String::new);
    let note = use_state(String::new);
    let decided_on = use_state(|| format::today_date().to_string());
    let document = use_state(String::new);
    let form = use_submission();
    let can_write = can(&props.me, Permission::MajorDecisionsWrite);
    let can_region = can(&props.me, Permission::StatisticsRegionRead);
    let can_attach = can(&props.me, Permission::AttachmentsWrite);

    let d = match (decision.data(), decision.error()) {
        (_, Some(error)) => {
            return html! { <><PageHeader title={t.cap_statistics.0} />{ tabs(t, can_region) }<ErrorPanel {error} on_retry={Some(decision.reload.clone())} /></> }
        }
        (Some(d), None) => d,
        (None, None) => return html! { <Loading /> },
    };
    let (id, version) = (d.id, d.version);
    let may_attach = can_attach && d.status != DecisionStatus::Published;
    let reload = decision.reload.clone();
    let open_steps: Vec<DecisionStep> = match d.status {
        DecisionStatus::InProcedure => DecisionStep::BEFORE_DECISION.to_vec(),
        DecisionStatus::Decided => vec![DecisionStep::Publication],
        DecisionStatus::Published => vec![],
    };
    // The step the form records: the one chosen if it is still open, else the first
    // missing one (so the select and the request agree after each step).
    let current_step: Option<DecisionStep> = DecisionStep::parse(&step)
        .filter(|s| open_steps.contains(s))
        .or_else(|| d.missing_steps.first().copied())
        .or_else(|| open_steps.first().copied());
    let record = {
        let (form, step, done_on, na, note, reload) = (
            form.clone(),
            step.clone(),
            done_on.clone(),
            not_applicable.clone(),
            note.clone(),
            reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(kind) = current_step else {
                return;
            };
            // A reason is sent only for a step that may be declared not applicable.
            let reason = if kind.may_be_skipped() {
                na.trim().to_string()
            } else {
                String::new()
            };
            let body = DecisionStepEntry {
                step: kind,
                done_on: if reason.is_empty() {
                    done_on.parse().ok()
                } else {
                    None
                },
                note: Some(note.trim().to_string()).filter(|n| !n.is_empty()),
                not_applicable_reason: Some(reason).filter(|r| !r.is_empty()),
            };
            let (reload, na, note, step) = (reload.clone(), na.clone(), note.clone(), step.clone());
            let path = format!("/major-decisions/{id}/steps");
            form.request(async move {
                api::post_versioned::<_, MajorDecision>(&path, version, &body).await
            })
            .success(t.md_recorded)
            .then(move |_| {
                // The next step starts from an empty form.
                na.set(String::new());
                note.set(String::new());
                step.set(String::new());
                reload.emit(());
            });
        })
    };
    let decide = {
        let (form, decided_on, document, reload) = (
            form.clone(),
            decided_on.clone(),
            document.clone(),
            reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(day) = decided_on.parse() else { return };
            if document.trim().is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "document_number", "required");
                form.reject(f);
                return;
            }
            let body = DecisionMade {
                decided_on: day,
                document_number: document.trim().to_string(),
            };
            let reload = reload.clone();
            let path = format!("/major-decisions/{id}/decide");
            form.request(async move {
                api::post_versioned::<_, MajorDecision>(&path, version, &body).await
            })
            .success(t.md_decided)
            .then(move |_| reload.emit(()));
        })
    };
    let step_options: Vec<(AttrValue, AttrValue)> = open_steps
        .iter()
        .map(|s| {
            (
                AttrValue::Static(s.as_str()),
                AttrValue::Static((t.md_step)(*s)),
            )
        })
        .collect();
    let chosen_may_skip = current_step.is_some_and(|s| s.may_be_skipped());
    html! {
        <>
            <PageHeader title={d.title.clone()} description={Some(AttrValue::from(unit_name(&units, &d.unit_id, lang)))}>
                <Href to="/statistics/decisions" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { tabs(t, can_region) }
            <section class="card" id="decision">
                <div class="card-head">
                    <h2 class="card-title">{ t.md_steps }</h2>
                    <span class="badges" id="decision-status">{ status_badge(d.status, t) }</span>
                </div>
                <p class="prose">{ d.summary.clone() }</p>
                if let (Some(day), Some(doc)) = (d.decided_on, &d.document_number) {
                    <p>{ format!("{}：{day} · {}：{doc}", t.md_decided_on, t.md_document) }</p>
                }
                <div class="table-scroll">
                    <table class="data-table" id="decision-steps">
                        <thead><tr><th scope="col">{ t.md_step_select }</th><th scope="col">{ t.col_status }</th><th scope="col">{ t.md_done_on }</th><th scope="col">{ t.md_note }</th></tr></thead>
                        <tbody>
                            { for DecisionStep::ALL.iter().map(|s| {
                                let rec = d.steps.iter().find(|r| r.step == *s);
                                html! {
                                    <tr id={format!("step-{}", s.as_str())}>
                                        <th scope="row">{ (t.md_step)(*s) }</th>
                                        <td>{ match rec {
                                            Some(r) if r.not_applicable_reason.is_some() => html! { <Badge text={t.md_na} /> },
                                            Some(_) => html! { <Badge tone={Tone::Success} text={t.md_done} /> },
                                            None if d.missing_steps.contains(s) => html! { <Badge tone={Tone::Warning} text={t.md_missing} /> },
                                            None => html! { "—" },
                                        } }</td>
                                        <td class="nowrap">{ rec.and_then(|r| r.done_on).map(|x| x.to_string()).unwrap_or_default() }</td>
                                        <td class="prose">{ rec.and_then(|r| r.not_applicable_reason.clone().or_else(|| r.note.clone())).unwrap_or_default() }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                { form.alert(&["done_on", "not_applicable_reason", "document_number", "decided_on"]) }
                if can_write && !open_steps.is_empty() {
                    <form class="inline-form" id="step-form" onsubmit={record} novalidate=true>
                        <SelectField id="step-kind" label={t.md_step_select} value={current_step.map(|s| s.as_str()).unwrap_or_default()} options={step_options}
                                     on_change={let s = step.clone(); Callback::from(move |v| s.set(v))} />
                        <TextField id="step-date" label={t.md_done_on} input_type="date" value={(*done_on).clone()}
                                   on_input={let s = done_on.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("done_on")} />
                        if chosen_may_skip {
                            <TextField id="step-na" label={t.md_na_reason} value={(*not_applicable).clone()}
                                       hint={Some(AttrValue::Static(t.md_na_hint))}
                                       on_input={let s = not_applicable.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("not_applicable_reason")} />
                        }
                        <TextField id="step-note" label={t.md_note} value={(*note).clone()}
                                   on_input={let s = note.clone(); Callback::from(move |v| s.set(v))} />
                        <div class="form-buttons">
                            <button type="submit" class="btn" id="step-record" disabled={form.busy()}>{ t.md_record }</button>
                        </div>
                    </form>
                }
                if can_write && d.status == DecisionStatus::InProcedure {
                    <form class="inline-form" id="decide-form" onsubmit={decide} novalidate=true>
                        <TextField id="decided-on" label={t.md_decided_on} input_type="date" value={(*decided_on).clone()}
                                   on_input={let s = decided_on.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("decided_on")} />
                        <TextField id="decision-document" label={t.md_document} value={(*document).clone()}
                                   on_input={let s = document.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("document_number")} />
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-primary" id="decision-decide" disabled={form.busy()}>{ t.md_decide }</button>
                        </div>
                    </form>
                }
            </section>
            <section class="card" aria-labelledby="decision-files-title">
                <h2 id="decision-files-title" class="card-title">{ t.md_evidence }</h2>
                <Attachments id="decision-files" files={d.attachments.clone()}
                             upload_path={may_attach.then(|| format!("/major-decisions/{id}/attachments"))}
                             may_withdraw={may_attach} max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                             on_changed={decision.reload.clone()} />
            </section>
        </>
    }
}
