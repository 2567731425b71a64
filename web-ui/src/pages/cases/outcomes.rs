//! `/cases/outcomes`: reconsiderations and suits of penalty decisions and their results
//! (units record their own, 执法监督科 reads every unit's), and the veto events they
//! raised.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::cases::{
    CaseOutcome, CourtInstance, OutcomeContent, OutcomeKind, OutcomeResult, VetoEvent,
};
use api_types::{Page, Permission};
use chrono::NaiveDate;
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{
    Attachments, Badge, DownloadButton, ErrorPanel, FieldErrors, Loading, PageHeader, SelectField,
    TextField, Tone,
};
use crate::hooks::{unit_options, use_fetch, use_submission, use_units};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

fn outcome_result(o: &CaseOutcome, t: &'static Texts) -> Html {
    match o.content.result {
        None => html! { <Badge tone={Tone::Info} text={t.cs.pending} /> },
        Some(r) => {
            let tone = if o.veto_event_id.is_some() {
                Tone::Danger
            } else if r.overturns() {
                Tone::Warning
            } else {
                Tone::Success
            };
            let mut text = match o.verdict {
                Some(v) => format!("{}（{}）", (t.cs.result)(r), (t.cs.verdict)(v)),
                None => (t.cs.result)(r).to_string(),
            };
            if o.veto_event_id.is_some() {
                text.push_str(&format!(" · {}", t.cs.veto));
            }
            html! { <Badge {tone} {text} /> }
        }
    }
}

#[function_component]
pub fn OutcomesPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<CaseOutcome>>("/case-outcomes", &[("per_page", "100".into())]).await
    });
    let vetoes = use_fetch((), |()| async {
        api::get_list::<Page<VetoEvent>>("/veto-events", &[("per_page", "100".into())]).await
    });
    if !can(&props.me, Permission::CaseOutcomesRead) {
        return forbidden();
    }
    let writes = can(&props.me, Permission::CaseOutcomesWrite);
    let editing = use_state(|| None::<Rc<CaseOutcome>>);
    let reload = {
        let (a, b, editing) = (list.reload.clone(), vetoes.reload.clone(), editing.clone());
        Callback::from(move |()| {
            editing.set(None);
            a.emit(());
            b.emit(());
        })
    };
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted">{ t.cs.no_outcomes }</p> }
        }
        (Some(p), None) => html! {
            <table class="table" id="outcome-list">
                <thead><tr>
                    <th>{ t.cs.document_number }</th><th>{ t.cs.col_unit }</th><th>{ t.cs.kind }</th>
                    <th>{ t.cs.body }</th><th>{ t.cs.filed_on }</th><th>{ t.cs.result_label }</th><th>{ t.cs.documents }</th><th></th>
                </tr></thead>
                <tbody>
                    { for p.items.iter().map(|o| {
                        let edit = { let (editing, o) = (editing.clone(), Rc::new(o.clone())); Callback::from(move |_| editing.set(Some(o.clone()))) };
                        html! {
                            <tr id={format!("outcome-{}", o.id)}>
                                <td>{ o.content.document_number.clone() }</td>
                                <td>{ o.unit_name.clone() }</td>
                                <td>{ (t.cs.outcome_kind)(o.content.kind) }{ o.content.instance.map(|i| format!("（{}）", (t.cs.instance)(i))).unwrap_or_default() }</td>
                                <td>{ o.content.body.clone() }</td>
                                <td>{ o.content.filed_on.to_string() }</td>
                                <td>{ outcome_result(o, t) }{ o.content.decided_on.map(|d| format!(" {d}")).unwrap_or_default() }</td>
                                <td><Attachments id={format!("outcome-files-{}", o.id)} files={o.attachments.clone()}
                                                 upload_path={writes.then(|| format!("/case-outcomes/{}/attachments", o.id))}
                                                 max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                                                 on_changed={list.reload.clone()} /></td>
                                <td>if writes && o.content.result.is_none() {
                                    <button class="btn btn-small outcome-decide" onclick={edit}>{ t.cs.decide }</button>
                                }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    let veto_list = match (vetoes.data(), vetoes.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(vetoes.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => html! { <p class="muted">{ t.cs.no_vetoes }</p> },
        (Some(p), None) => html! {
            <ul class="plain-list" id="veto-list">
                { for p.items.iter().map(|v| html! {
                    <li>{ format!("{} {}：{}（{}，{}）", v.year, v.unit_name, (t.cs.veto_kind)(v.kind), v.document_number, v.occurred_on) }</li>
                }) }
            </ul>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_cases.0} description={Some(AttrValue::Static(t.cs.outcomes_intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="vetoes-title">
                <h2 class="card-title" id="vetoes-title">{ t.cs.vetoes_title }</h2>
                { veto_list }
            </section>
            <section class="card" aria-labelledby="outcomes-title">
                <h2 class="card-title" id="outcomes-title">{ t.cs.record_outcomes }</h2>
                <DownloadButton id="outcomes-xlsx" name={t.cs.record_outcomes} path="/case-outcomes:xlsx" />
                { body }
            </section>
            if writes {
                <OutcomeForm me={props.me.clone()} existing={(*editing).clone()} on_saved={reload} />
            }
        </>
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Draft {
    unit: String,
    document_number: String,
    kind: String,
    instance: String,
    body: String,
    filed_on: String,
    result: String,
    decided_on: String,
    note: String,
}

impl Draft {
    fn of(o: Option<&CaseOutcome>, me: &Me, record: Option<&RecordLink>) -> Draft {
        match o {
            Some(o) => Draft {
                unit: o.content.unit_id.to_string(),
                document_number: o.content.document_number.clone(),
                kind: o.content.kind.as_str().into(),
                instance: o
                    .content
                    .instance
                    .map(|i| i.as_str().to_string())
                    .unwrap_or_default(),
                body: o.content.body.clone(),
                filed_on: o.content.filed_on.to_string(),
                result: String::new(),
                decided_on: String::new(),
                note: o.content.note.clone(),
            },
            None => Draft {
                unit: record.map_or(me.unit.id, |r| r.unit_id).to_string(),
                document_number: record
                    .map(|r| r.document_number.clone())
                    .unwrap_or_default(),
                kind: OutcomeKind::Reconsideration.as_str().into(),
                instance: String::new(),
                body: String::new(),
                filed_on: String::new(),
                result: String::new(),
                decided_on: String::new(),
                note: String::new(),
            },
        }
    }

    fn content(
        &self,
        t: &Texts,
        keep: Option<&OutcomeContent>,
        record: Option<&RecordLink>,
    ) -> Result<OutcomeContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let unit_id = self.unit.parse::<Uuid>().ok();
        let filed_on = self.filed_on.parse::<NaiveDate>().ok();
        if unit_id.is_none() {
            errors.insert("unit_id", t.cs.col_unit);
        }
        if filed_on.is_none() {
            errors.insert("filed_on", t.ct.date_needed);
        }
        let decided_on = if self.decided_on.trim().is_empty() {
            None
        } else {
            match self.decided_on.parse::<NaiveDate>() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.insert("decided_on", t.ct.date_needed);
                    None
                }
            }
        };
        let (Some(unit_id), Some(filed_on)) = (unit_id, filed_on) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let content = OutcomeContent {
            unit_id,
            disclosure_record_id: keep
                .and_then(|k| k.disclosure_record_id)
                .or(record.map(|r| r.record_id)),
            document_number: self.document_number.trim().to_string(),
            kind: OutcomeKind::parse(&self.kind).unwrap_or(OutcomeKind::Reconsideration),
            instance: CourtInstance::parse(&self.instance),
            body: self.body.trim().to_string(),
            filed_on,
            result: OutcomeResult::parse(&self.result),
            decided_on,
            note: self.note.trim().to_string(),
            external_id: keep.and_then(|k| k.external_id.clone()),
        };
        content
            .validate()
            .map_err(|v| FieldErrors::from_validation(&v, t))?;
        Ok(content)
    }
}

/// The disclosure record an outcome is recorded for (from the record's page).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordLink {
    pub record_id: Uuid,
    pub unit_id: Uuid,
    pub document_number: String,
}

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub me: Rc<Me>,
    pub existing: Option<Rc<CaseOutcome>>,
    #[prop_or_default]
    pub record: Option<RecordLink>,
    pub on_saved: Callback<()>,
}

#[function_component]
pub fn OutcomeForm(props: &FormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let draft =
        use_state(|| Draft::of(props.existing.as_deref(), &props.me, props.record.as_ref()));
    {
        let (draft, me, record) = (draft.clone(), props.me.clone(), props.record.clone());
        use_effect_with(props.existing.clone(), move |existing| {
            draft.set(Draft::of(existing.as_deref(), &me, record.as_ref()));
        });
    }
    let form = use_submission();
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let save = {
        let (draft, form, existing, on_saved, record) = (
            draft.clone(),
            form.clone(),
            props.existing.clone(),
            props.on_saved.clone(),
            props.record.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let content =
                match draft.content(t, existing.as_ref().map(|e| &e.content), record.as_ref()) {
                    Ok(c) => c,
                    Err(errors) => return form.reject(errors),
                };
            let (existing, on_saved) = (existing.clone(), on_saved.clone());
            form.request(async move {
                match existing {
                    Some(o) => {
                        api::put::<_, CaseOutcome>(
                            &format!("/case-outcomes/{}", o.id),
                            o.version,
                            &content,
                        )
                        .await
                    }
                    None => api::post::<_, CaseOutcome>("/case-outcomes", &content).await,
                }
            })
            .success(t.cs.outcome_saved)
            .then(move |_| on_saved.emit(()));
        })
    };
    let kinds: Vec<(AttrValue, AttrValue)> = OutcomeKind::ALL
        .iter()
        .map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.cs.outcome_kind)(*k)),
            )
        })
        .collect();
    let mut instances = vec![(AttrValue::Static(""), AttrValue::Static("—"))];
    instances.extend(CourtInstance::ALL.iter().map(|i| {
        (
            AttrValue::Static(i.as_str()),
            AttrValue::Static((t.cs.instance)(*i)),
        )
    }));
    let mut results = vec![(AttrValue::Static(""), AttrValue::Static(t.cs.pending))];
    results.extend(OutcomeResult::ALL.iter().map(|r| {
        (
            AttrValue::Static(r.as_str()),
            AttrValue::Static((t.cs.result)(*r)),
        )
    }));
    let fields = form.fields();
    let d = &*draft;
    html! {
        <section class="card" aria-labelledby="outcome-form-title">
            <h2 class="card-title" id="outcome-form-title">{ if props.existing.is_some() { t.cs.decide } else { t.cs.record_outcome } }</h2>
            <form class="form-grid" id="outcome-form" onsubmit={save} novalidate=true>
                <div class="field-row">
                    <SelectField id="outcome-unit" label={t.cs.col_unit} value={d.unit.clone()} options={unit_options(&units, lang, t.choose, true)}
                                 error={fields.get("unit_id")} on_change={update(|d, v| d.unit = v)} />
                    <TextField id="outcome-number" label={t.cs.document_number} value={d.document_number.clone()} required=true
                               error={fields.get("document_number")} on_input={update(|d, v| d.document_number = v)} />
                </div>
                <div class="field-row">
                    <SelectField id="outcome-kind" label={t.cs.kind} value={d.kind.clone()} options={kinds}
                                 error={fields.get("kind")} on_change={update(|d, v| d.kind = v)} />
                    <SelectField id="outcome-instance" label={t.cs.instance_label} value={d.instance.clone()} options={instances}
                                 error={fields.get("instance")} on_change={update(|d, v| d.instance = v)} />
                    <TextField id="outcome-body" label={t.cs.body} value={d.body.clone()} required=true
                               error={fields.get("body")} on_input={update(|d, v| d.body = v)} />
                    <TextField id="outcome-filed" label={t.cs.filed_on} input_type="date" value={d.filed_on.clone()} required=true
                               error={fields.get("filed_on")} on_input={update(|d, v| d.filed_on = v)} />
                </div>
                <div class="field-row">
                    <SelectField id="outcome-result" label={t.cs.result_label} value={d.result.clone()} options={results}
                                 error={fields.get("result")} on_change={update(|d, v| d.result = v)} />
                    <TextField id="outcome-decided" label={t.cs.decided_on} input_type="date" value={d.decided_on.clone()}
                               error={fields.get("decided_on")} on_input={update(|d, v| d.decided_on = v)} />
                </div>
                <TextField id="outcome-note" label={t.cs.note} value={d.note.clone()}
                           error={fields.get("note")} on_input={update(|d, v| d.note = v)} />
                { form.alert(&["unit_id", "document_number", "kind", "instance", "body", "filed_on", "result", "decided_on", "note", "disclosure_record_id"]) }
                <button type="submit" class="btn btn-primary" id="outcome-save" disabled={form.busy()}>{ if props.existing.is_some() { t.cs.decide } else { t.cs.record_outcome } }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RecordOutcomesProps {
    pub me: Rc<Me>,
    pub record: RecordLink,
}

/// A disclosure record's reconsiderations and suits, on the record's page, with the form
/// to record one for it.
#[function_component]
pub fn RecordOutcomes(props: &RecordOutcomesProps) -> Html {
    let t = use_i18n().t();
    let record_id = props.record.record_id;
    let list = use_fetch(record_id, |id| async move {
        api::get_list::<Page<CaseOutcome>>(
            "/case-outcomes",
            &[
                ("disclosure_record_id", id.to_string()),
                ("per_page", "100".into()),
            ],
        )
        .await
    });
    let adding = use_state(|| false);
    let writes = can(&props.me, Permission::CaseOutcomesWrite);
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted">{ t.cs.no_outcomes }</p> }
        }
        (Some(p), None) => html! {
            <ul class="plain-list" id="record-outcome-list">
                { for p.items.iter().map(|o| html! {
                    <li>
                        { format!("{}{} · {} · {} ", (t.cs.outcome_kind)(o.content.kind),
                            o.content.instance.map(|i| format!("（{}）", (t.cs.instance)(i))).unwrap_or_default(),
                            o.content.body, o.content.filed_on) }
                        { outcome_result(o, t) }
                        <Attachments id={format!("record-outcome-files-{}", o.id)} files={o.attachments.clone()}
                                     upload_path={writes.then(|| format!("/case-outcomes/{}/attachments", o.id))}
                                     max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                                     on_changed={list.reload.clone()} />
                    </li>
                }) }
            </ul>
        },
    };
    let saved = {
        let (reload, adding) = (list.reload.clone(), adding.clone());
        Callback::from(move |()| {
            adding.set(false);
            reload.emit(());
        })
    };
    html! {
        <>
            <section class="card" aria-labelledby="record-outcomes-title">
                <h2 class="card-title" id="record-outcomes-title">{ t.cs.record_outcomes }</h2>
                { body }
                if writes && !*adding {
                    <button class="btn" id="record-outcome-add"
                            onclick={let a = adding.clone(); Callback::from(move |_| a.set(true))}>{ t.cs.record_outcome }</button>
                }
            </section>
            if writes && *adding {
                <OutcomeForm me={props.me.clone()} existing={None::<Rc<CaseOutcome>>} record={Some(props.record.clone())} on_saved={saved} />
            }
        </>
    }
}
