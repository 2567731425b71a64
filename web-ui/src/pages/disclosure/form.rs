//! The disclosure entry form (a new draft, a draft edited, or a published record
//! corrected). While the fine is typed, the discretion calculator gives the range the
//! chosen tier allows; a fine outside it shows a warning and asks for the reason, which
//! the server requires (422 `fine_out_of_range` on `fine_fen` without it).

use std::rc::Rc;
use std::time::Duration;

use api_types::auth::Me;
use api_types::catalog::{Evaluation, EvaluationRequest};
use api_types::disclosure::{
    DisclosureContent, DisclosureCorrection, DisclosureRecord, ExecutionStatus, PartyKind,
};
use api_types::units::Unit;
use api_types::Role;
use chrono::NaiveDate;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use super::tabs;
use crate::app::can;
use crate::components::{
    push_path, use_toaster, FieldErrors, FormAlert, PageHeader, SelectField, TextAreaField,
    TextField,
};
use crate::format;
use crate::hooks::use_units;
use crate::i18n::{use_i18n, Lang, Texts};
use crate::pages::discretion::{use_benchmark, use_penalty_powers};
use crate::pages::{forbidden, MeProps};
use crate::services::api::{self, ApiError};

/// What the form does when saved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FormMode {
    Create,
    EditDraft { id: Uuid, version: i64 },
    Correct { id: Uuid, version: i64 },
}

/// The form's inputs, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    unit: String,
    document_number: String,
    case_cause: String,
    party_kind: String,
    party_name: String,
    credit_code: String,
    id_number: String,
    legal_basis: String,
    fine: String,
    confiscated: String,
    other_measures: String,
    execution: String,
    decision_date: String,
    power_item: String,
    tier: String,
    justification: String,
    reason: String,
}

impl Draft {
    fn new(me: &Me, initial: Option<&DisclosureContent>) -> Draft {
        let Some(c) = initial else {
            return Draft {
                unit: me.unit.id.to_string(),
                party_kind: PartyKind::NaturalPerson.as_str().into(),
                execution: ExecutionStatus::NotExecuted.as_str().into(),
                decision_date: format::today_date().to_string(),
                ..Draft::default()
            };
        };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Draft {
            unit: c.issuing_unit_id.to_string(),
            document_number: c.document_number.clone(),
            case_cause: c.case_cause.clone(),
            party_kind: c.party_kind.as_str().into(),
            party_name: c.party_name.clone(),
            credit_code: text(&c.party_credit_code),
            id_number: text(&c.party_id_number),
            legal_basis: c.legal_basis.clone(),
            fine: format::yuan_input(c.fine_fen),
            confiscated: format::yuan_input(c.confiscated_fen),
            other_measures: text(&c.other_measures),
            execution: c.execution_status.as_str().into(),
            decision_date: c.decision_date.to_string(),
            power_item: c.power_item_id.map(|i| i.to_string()).unwrap_or_default(),
            tier: text(&c.discretion_tier),
            justification: text(&c.fine_justification),
            reason: String::new(),
        }
    }

    fn person(&self) -> bool {
        self.party_kind == PartyKind::NaturalPerson.as_str()
    }

    /// The content to send, or the errors of the inputs that cannot be sent.
    fn content(&self, t: &Texts) -> Result<DisclosureContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, value) in [
            ("document_number", &self.document_number),
            ("case_cause", &self.case_cause),
            ("party_name", &self.party_name),
            ("legal_basis", &self.legal_basis),
        ] {
            if value.trim().is_empty() {
                errors.insert_code(t, field, "required");
            }
        }
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let mut amount = |field: &str, text: &str| match format::parse_yuan(text) {
            Ok(v) => v,
            Err(()) => {
                errors.insert(field, t.disc_amount_invalid);
                None
            }
        };
        let fine_fen = amount("fine_fen", &self.fine);
        let confiscated_fen = amount("confiscated_fen", &self.confiscated);
        let unit = self.unit.parse::<Uuid>().ok();
        if unit.is_none() {
            errors.insert_code(t, "issuing_unit_id", "required");
        }
        let decision_date = self.decision_date.parse::<NaiveDate>().ok();
        if decision_date.is_none() {
            errors.insert_code(t, "decision_date", "required");
        }
        let person = self.person();
        let content = DisclosureContent {
            issuing_unit_id: unit.unwrap_or_default(),
            document_number: self.document_number.trim().to_string(),
            case_cause: self.case_cause.trim().to_string(),
            party_kind: PartyKind::parse(&self.party_kind).unwrap_or(PartyKind::NaturalPerson),
            party_name: self.party_name.trim().to_string(),
            party_credit_code: if person { None } else { opt(&self.credit_code) },
            party_id_number: if person { opt(&self.id_number) } else { None },
            legal_basis: self.legal_basis.trim().to_string(),
            fine_fen,
            confiscated_fen,
            other_measures: opt(&self.other_measures),
            execution_status: ExecutionStatus::parse(&self.execution)
                .unwrap_or(ExecutionStatus::NotExecuted),
            decision_date: decision_date.unwrap_or_default(),
            power_item_id: self.power_item.parse().ok(),
            discretion_tier: opt(&self.tier),
            fine_justification: opt(&self.justification),
        };
        if let Err(v) = validator::Validate::validate(&content) {
            let more = FieldErrors::from_validation(&v, t);
            for f in FIELDS {
                if let Some(m) = more.get(f) {
                    errors.insert(f, m.to_string());
                }
            }
        }
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(errors)
        }
    }
}

const FIELDS: &[&str] = &[
    "issuing_unit_id",
    "document_number",
    "case_cause",
    "party_kind",
    "party_name",
    "party_credit_code",
    "party_id_number",
    "legal_basis",
    "fine_fen",
    "confiscated_fen",
    "other_measures",
    "execution_status",
    "decision_date",
    "power_item_id",
    "discretion_tier",
    "fine_justification",
    "reason",
];

/// The allowed range in words.
pub fn range_text(ev: &Evaluation, t: &Texts) -> String {
    let y = |f: i64| format!("{}{}", format::yuan(f), t.yuan);
    if ev.no_penalty {
        return t.disc_no_penalty.into();
    }
    match (ev.fine_min_fen, ev.fine_max_fen) {
        (Some(a), Some(b)) => format!("{} – {}{}", format::yuan(a), format::yuan(b), t.yuan),
        (Some(a), None) => (t.disc_at_least)(&y(a)),
        (None, Some(b)) => (t.disc_at_most)(&y(b)),
        (None, None) => t.disc_no_fine.into(),
    }
}

/// The units a user may enter records for: every unit for the city bureau, else the
/// user's unit and the units below it.
fn writable_units(me: &Me, units: &[Unit]) -> Vec<Unit> {
    if me.roles.contains(&Role::Bureau) {
        return units.iter().filter(|u| u.active).cloned().collect();
    }
    let below = |unit: &Unit| {
        let mut cursor = Some(unit.id);
        for _ in 0..16 {
            match cursor {
                Some(id) if id == me.unit.id => return true,
                Some(id) => cursor = units.iter().find(|u| u.id == id).and_then(|u| u.parent_id),
                None => return false,
            }
        }
        false
    };
    let mut list: Vec<Unit> = units
        .iter()
        .filter(|u| u.active && below(u))
        .cloned()
        .collect();
    if list.is_empty() {
        list.push(me.unit.clone());
    }
    list
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
    let toaster = use_toaster();
    let units = use_units();
    let draft = use_state(|| Draft::new(&props.me, props.initial.as_ref()));
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let fields = use_state(FieldErrors::default);
    let d = (*draft).clone();
    let as_of = d
        .decision_date
        .parse::<NaiveDate>()
        .unwrap_or_else(|_| format::today_date());

    let powers = use_penalty_powers(as_of);
    let benchmark = use_benchmark(d.power_item.clone(), as_of);

    // The allowed range, asked again (debounced) while the fine and the rest change.
    let evaluation = use_state(|| None::<Result<Evaluation, ApiError>>);
    let generation = use_mut_ref(|| 0u32);
    {
        let evaluation = evaluation.clone();
        let deps = (d.power_item.clone(), d.tier.clone(), as_of, d.fine.clone());
        use_effect_with(deps, move |(item, tier, day, _fine)| {
            let mine = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            match item.parse::<Uuid>() {
                Ok(power_item_id) if !tier.is_empty() => {
                    let request = EvaluationRequest {
                        power_item_id,
                        tier: tier.clone(),
                        factors: Vec::new(),
                        date: Some(*day),
                        fine_fen: None,
                    };
                    spawn_local(async move {
                        sleep(Duration::from_millis(300)).await;
                        if *generation.borrow() != mine {
                            return;
                        }
                        let result =
                            api::post_public::<_, Evaluation>("/discretion/evaluate", &request)
                                .await;
                        if *generation.borrow() == mine {
                            evaluation.set(Some(result));
                        }
                    });
                }
                _ => evaluation.set(None),
            }
        });
    }

    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let err = |f: &str| {
        fields
            .get(f)
            .or_else(|| fields.get(&format!("content.{f}")))
    };

    let fine_fen = format::parse_yuan(&d.fine).ok().flatten();
    let ev = match &*evaluation {
        Some(Ok(ev)) => Some(ev.clone()),
        _ => None,
    };
    let outside = ev.as_ref().is_some_and(|ev| !ev.allows_fine(fine_fen));
    let need_reason = outside || !d.justification.is_empty() || err("fine_fen").is_some();

    let mode = props.mode;
    let onsubmit = {
        let (draft, busy, error, fields, toaster, on_saved) = (
            draft.clone(),
            busy.clone(),
            error.clone(),
            fields.clone(),
            toaster.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => {
                    error.set(None);
                    fields.set(errors);
                    return;
                }
            };
            let reason = draft.reason.trim().to_string();
            if matches!(mode, FormMode::Correct { .. }) && reason.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reason", "required");
                fields.set(f);
                return;
            }
            busy.set(true);
            let (busy, error, fields, toaster, on_saved) = (
                busy.clone(),
                error.clone(),
                fields.clone(),
                toaster.clone(),
                on_saved.clone(),
            );
            spawn_local(async move {
                let result = match mode {
                    FormMode::Create => {
                        api::post::<_, DisclosureRecord>("/disclosure-records", &content).await
                    }
                    FormMode::EditDraft { id, version } => {
                        api::put(&format!("/disclosure-records/{id}"), version, &content).await
                    }
                    FormMode::Correct { id, version } => {
                        let body = DisclosureCorrection { content, reason };
                        api::post_versioned(
                            &format!("/disclosure-records/{id}/correct"),
                            version,
                            &body,
                        )
                        .await
                    }
                };
                match result {
                    Ok(record) => {
                        toaster.success(t.saved);
                        error.set(None);
                        fields.set(FieldErrors::default());
                        on_saved.emit(record);
                    }
                    Err(e) => {
                        fields.set(FieldErrors::from_api(&e, t));
                        error.set(Some(e));
                    }
                }
                busy.set(false);
            });
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
    let execution_options: Vec<(AttrValue, AttrValue)> = ExecutionStatus::ALL
        .iter()
        .map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.execution_status)(*k)),
            )
        })
        .collect();
    let mut power_options = vec![(
        AttrValue::Static(""),
        AttrValue::Static(t.disc_no_power_item),
    )];
    if let Some(list) = powers.data() {
        power_options.extend(list.iter().map(|p| {
            (
                AttrValue::from(p.id.to_string()),
                AttrValue::from(format!("{} {}", p.code, p.content.name)),
            )
        }));
    }
    let bench = benchmark.data().and_then(|b| (*b).clone());
    let mut tier_options = vec![(AttrValue::Static(""), AttrValue::Static(t.disc_choose_tier))];
    if let Some(b) = &bench {
        tier_options.extend(b.tiers.iter().map(|tier| {
            (
                AttrValue::from(tier.code.clone()),
                AttrValue::from(tier.name.clone()),
            )
        }));
    }
    let tier_hint = if d.power_item.is_empty() {
        None
    } else {
        match &bench {
            None if !benchmark.loading() => Some(AttrValue::Static(t.disc_no_benchmark)),
            Some(b) => b
                .tiers
                .iter()
                .find(|tier| tier.code == d.tier)
                .map(|tier| AttrValue::from(tier.conditions.clone())),
            None => None,
        }
    };

    let range_panel = match (&*evaluation, &ev) {
        (_, Some(ev)) => {
            let lines = match lang {
                Lang::Zh => &ev.explanation_zh,
                Lang::En => &ev.explanation_en,
            };
            html! {
                <div class="range-panel" id="discretion-range" aria-live="polite">
                    <p class="range-value">{ t.disc_allowed_range }<strong>{ range_text(ev, t) }</strong></p>
                    <details>
                        <summary>{ t.disc_explanation }</summary>
                        <ol class="explanation">{ for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ol>
                    </details>
                </div>
            }
        }
        (Some(Err(e)), None) => {
            html! { <p class="muted" id="discretion-range">{ e.message(t) }</p> }
        }
        _ => html! {},
    };
    let warning = match (&ev, outside) {
        (Some(ev), true) => html! {
            <div class="alert alert-warning" id="fine-warning" role="alert">
                { (t.disc_out_of_range)(&format!("{}{}", format::yuan(fine_fen.unwrap_or(0)), t.yuan), &ev.tier.name, &range_text(ev, t)) }
            </div>
        },
        _ => html! {},
    };

    let person = d.person();
    let title = match mode {
        FormMode::Create => t.disc_tab_new,
        FormMode::EditDraft { .. } => t.disc_edit,
        FormMode::Correct { .. } => t.disc_correct,
    };
    html! {
        <form class="form form-grid disclosure-form" id="disclosure-form" {onsubmit} novalidate=true aria-label={title}>
            if let Some(e) = &*error {
                <FormAlert message={e.message(t)} details={fields.others(FIELDS)} id={Some(AttrValue::Static("disclosure-error"))} />
            }
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
                    if person {
                        <TextField id="party_id_number" label={t.disc_id_number} value={d.id_number.clone()}
                                   hint={Some(AttrValue::Static(t.disc_id_number_hint))} autocomplete={Some(AttrValue::Static("off"))}
                                   on_input={set(|d, v| d.id_number = v)} error={err("party_id_number")} />
                    } else {
                        <TextField id="party_credit_code" label={t.disc_credit_code} value={d.credit_code.clone()}
                                   on_input={set(|d, v| d.credit_code = v)} error={err("party_credit_code")} />
                    }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ t.disc_section_penalty }</legend>
                <div class="field-row">
                    <SelectField id="power_item_id" label={t.disc_power_item} value={d.power_item.clone()} options={power_options}
                                 on_change={set(|d, v| { d.power_item = v; d.tier = String::new(); })} error={err("power_item_id")} />
                    <SelectField id="discretion_tier" label={t.disc_tier} value={d.tier.clone()} options={tier_options}
                                 hint={tier_hint} disabled={d.power_item.is_empty()}
                                 on_change={set(|d, v| d.tier = v)} error={err("discretion_tier")} />
                </div>
                <div class="field-row">
                    <TextField id="fine_fen" label={t.disc_fine_yuan} value={d.fine.clone()} inputmode={Some(AttrValue::Static("decimal"))}
                               on_input={set(|d, v| d.fine = v)} error={err("fine_fen")} />
                    <TextField id="confiscated_fen" label={t.disc_confiscated_yuan} value={d.confiscated.clone()}
                               inputmode={Some(AttrValue::Static("decimal"))}
                               on_input={set(|d, v| d.confiscated = v)} error={err("confiscated_fen")} />
                </div>
                { range_panel }
                { warning }
                if need_reason {
                    <TextAreaField id="fine_justification" label={t.disc_justification} value={d.justification.clone()}
                                   required={outside} hint={Some(AttrValue::Static(t.disc_justification_hint))}
                                   on_input={set(|d, v| d.justification = v)} error={err("fine_justification")} />
                }
                <TextField id="other_measures" label={t.disc_other_measures} value={d.other_measures.clone()}
                           placeholder={Some(AttrValue::Static(t.disc_other_measures_hint))}
                           on_input={set(|d, v| d.other_measures = v)} error={err("other_measures")} />
                <SelectField id="execution_status" label={t.disc_execution} value={d.execution.clone()} options={execution_options}
                             required=true on_change={set(|d, v| d.execution = v)} error={err("execution_status")} />
            </fieldset>
            if matches!(mode, FormMode::Correct { .. }) {
                <TextAreaField id="reason" label={t.disc_correct_reason} value={d.reason.clone()} required=true
                               on_input={set(|d, v| d.reason = v)} error={err("reason")} />
            }
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="disclosure-save" disabled={*busy}>
                    { if *busy { t.saving } else if matches!(mode, FormMode::Correct { .. }) { t.disc_correct_save } else { t.disc_save_draft } }
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
    if !can(&props.me, "disclosure.write") {
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
