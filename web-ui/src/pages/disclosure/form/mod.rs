//! The disclosure entry form (a new draft, a draft edited, or a published record
//! corrected). While the fine is typed, the discretion calculator gives the range the
//! chosen tier allows; a fine outside it shows a warning and asks for the reason, which
//! the server requires (422 `fine_out_of_range` on `fine_fen` without it).
//!
//! `draft.rs`: the inputs and what they become on the wire; `penalty.rs`: the penalty
//! section with the allowed range.

mod draft;
mod penalty;

use std::rc::Rc;

use api_types::auth::Me;
use api_types::disclosure::{DisclosureContent, DisclosureCorrection, DisclosureRecord, PartyKind};
use api_types::Permission;
use uuid::Uuid;
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{
    push_path, FieldErrors, PageHeader, SelectField, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;
use draft::{field_error, writable_units, Draft, FIELDS};
use penalty::PenaltySection;

/// What the form does when saved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FormMode {
    Create,
    EditDraft { id: Uuid, version: i64 },
    Correct { id: Uuid, version: i64 },
}

#[derive(Properties, PartialEq)]
pub struct DisclosureFormProps {
    pub me: Rc<Me>,
    pub mode: FormMode,
    #[prop_or_default]
    pub initial: Option<DisclosureContent>,
    pub on_saved: Callback<DisclosureRecord>,
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

#[function_component]
pub fn DisclosureForm(props: &DisclosureFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let draft = use_state(|| Draft::new(&props.me, props.initial.as_ref()));
    let form = use_submission();
    let d = (*draft).clone();

    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let fields = form.fields();
    let err = |f: &str| field_error(fields, f);

    let mode = props.mode;
    let onsubmit = {
        let (draft, form, on_saved) = (draft.clone(), form.clone(), props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => {
                    form.reject(errors);
                    return;
                }
            };
            let reason = draft.reason.trim().to_string();
            if matches!(mode, FormMode::Correct { .. }) && reason.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reason", "required");
                form.reject(f);
                return;
            }
            let on_saved = on_saved.clone();
            form.request(async move {
                match mode {
                    FormMode::Create => {
                        api::post::<_, DisclosureRecord>("/disclosure-records", &content).await
                    }
                    FormMode::EditDraft { id, version } => {
                        api::put(&format!("/disclosure-records/{id}"), version, &content).await
                    }
                    FormMode::Correct { id, version } => {
                        let body = DisclosureCorrection { content, reason };
                        let path = format!("/disclosure-records/{id}/correct");
                        api::post_versioned(&path, version, &body).await
                    }
                }
            })
            .success(t.saved)
            .then(move |record| on_saved.emit(record));
        })
    };

    let unit_options: Vec<(AttrValue, AttrValue)> = writable_units(&props.me, &units)
        .iter()
        .map(|u| {
            (
                AttrValue::from(u.id.to_string()),
                AttrValue::from(format::unit_name(u, lang)),
            )
        })
        .collect();
    let party_options: Vec<(AttrValue, AttrValue)> = [
        PartyKind::NaturalPerson,
        PartyKind::LegalPerson,
        PartyKind::OtherOrganization,
    ]
    .iter()
    .map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.party_kind)(*k)),
        )
    })
    .collect();

    let title = match mode {
        FormMode::Create => t.disc_tab_new,
        FormMode::EditDraft { .. } => t.disc_edit,
        FormMode::Correct { .. } => t.disc_correct,
    };
    let correcting = matches!(mode, FormMode::Correct { .. });
    html! {
        <form class="form form-grid disclosure-form" id="disclosure-form" {onsubmit} novalidate=true aria-label={title}>
            { form.alert_with_id(Some("disclosure-error"), FIELDS) }
            <fieldset>
                <legend>{ t.disc_section_case }</legend>
                <div class="field-row">
                    <SelectField id="issuing_unit_id" label={t.disc_issuing_unit} value={d.unit.clone()} options={unit_options}
                                 required=true on_change={set(|d, v| d.unit = v)} error={err("issuing_unit_id")} />
                    <TextField id="document_number" label={t.disc_document_number} value={d.document_number.clone()}
                               required=true placeholder={Some(AttrValue::Static(t.disc_document_number_hint))}
                               on_input={set(|d, v| d.document_number = v)} error={err("document_number")} />
                </div>
                <TextField id="case_cause" label={t.disc_cause} value={d.case_cause.clone()} required=true
                           on_input={set(|d, v| d.case_cause = v)} error={err("case_cause")} />
                <TextAreaField id="legal_basis" label={t.disc_legal_basis} value={d.legal_basis.clone()} required=true
                               on_input={set(|d, v| d.legal_basis = v)} error={err("legal_basis")} />
                <TextField id="decision_date" label={t.disc_decision_date} value={d.decision_date.clone()}
                           input_type="date" required=true
                           on_input={set(|d, v| d.decision_date = v)} error={err("decision_date")} />
            </fieldset>
            <fieldset>
                <legend>{ t.disc_section_party }</legend>
                <div class="field-row">
                    <SelectField id="party_kind" label={t.disc_party_kind} value={d.party_kind.clone()} options={party_options}
                                 required=true on_change={set(|d, v| d.party_kind = v)} error={err("party_kind")} />
                    <TextField id="party_name" label={t.disc_party_name} value={d.party_name.clone()} required=true
                               on_input={set(|d, v| d.party_name = v)} error={err("party_name")} />
                    if d.person() {
                        <TextField id="party_id_number" label={t.disc_id_number} value={d.id_number.clone()}
                                   hint={Some(AttrValue::Static(t.disc_id_number_hint))} autocomplete={Some(AttrValue::Static("off"))}
                                   on_input={set(|d, v| d.id_number = v)} error={err("party_id_number")} />
                    } else {
                        <TextField id="party_credit_code" label={t.disc_credit_code} value={d.credit_code.clone()}
                                   on_input={set(|d, v| d.credit_code = v)} error={err("party_credit_code")} />
                    }
                </div>
            </fieldset>
            <PenaltySection draft={d.clone()} fields={fields.clone()}
                            on_change={let s = draft.clone(); Callback::from(move |next| s.set(next))} />
            if correcting {
                <TextAreaField id="reason" label={t.disc_correct_reason} value={d.reason.clone()} required=true
                               on_input={set(|d, v| d.reason = v)} error={err("reason")} />
            }
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="disclosure-save" disabled={form.busy()}>
                    { if form.busy() { t.saving } else if correcting { t.disc_correct_save } else { t.disc_save_draft } }
                </button>
                if let Some(cancel) = &props.on_cancel {
                    <button type="button" class="btn" onclick={cancel.reform(|_| ())}>{ t.cancel }</button>
                }
            </div>
        </form>
    }
}

#[function_component]
pub fn NewRecordPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !can(&props.me, Permission::DisclosureWrite) {
        return forbidden();
    }
    let on_saved =
        Callback::from(|r: DisclosureRecord| push_path(&format!("/disclosure/records/{}", r.id)));
    html! {
        <>
            <PageHeader title={t.cap_disclosure.0} description={Some(AttrValue::Static(t.disc_new_intro))} />
            { tabs(t, true) }
            <section class="card" aria-labelledby="new-title">
                <h2 id="new-title" class="card-title">{ t.disc_tab_new }</h2>
                <DisclosureForm me={props.me.clone()} mode={FormMode::Create} {on_saved} />
            </section>
        </>
    }
}
