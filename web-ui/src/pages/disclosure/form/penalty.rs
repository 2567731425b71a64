//! The penalty section of the disclosure form: the power item and discretion tier, the
//! fine with the range the tier allows (and a warning and the justification when the
//! fine is outside it), other measures and the execution status.

use api_types::disclosure::ExecutionStatus;
use chrono::NaiveDate;
use yew::prelude::*;

use super::draft::{field_error, Draft};
use crate::components::{FieldErrors, SelectField, TextAreaField, TextField};
use crate::format;
use crate::hooks::{use_allowed_range, use_benchmark, use_penalty_powers};
use crate::i18n::{use_i18n, Lang};

#[derive(Properties, PartialEq)]
pub struct PenaltySectionProps {
    pub draft: Draft,
    pub fields: FieldErrors,
    /// The draft with an input of this section changed.
    pub on_change: Callback<Draft>,
}

#[function_component]
pub fn PenaltySection(props: &PenaltySectionProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let d = &props.draft;
    let as_of = d
        .decision_date
        .parse::<NaiveDate>()
        .unwrap_or_else(|_| format::today_date());
    let powers = use_penalty_powers(as_of);
    let benchmark = use_benchmark(d.power_item.clone(), as_of);
    let evaluation = use_allowed_range(d.power_item.clone(), d.tier.clone(), as_of, d.fine.clone());

    let set = |f: fn(&mut Draft, String)| {
        let (draft, on_change) = (props.draft.clone(), props.on_change.clone());
        Callback::from(move |v: String| {
            let mut next = draft.clone();
            f(&mut next, v);
            on_change.emit(next);
        })
    };
    let err = |f: &str| field_error(&props.fields, f);

    let fine_fen = format::parse_yuan(&d.fine).ok().flatten();
    let ev = match &*evaluation {
        Some(Ok(ev)) => Some(ev.clone()),
        _ => None,
    };
    let outside = ev.as_ref().is_some_and(|ev| !ev.allows_fine(fine_fen));
    let need_reason = outside || !d.justification.is_empty() || err("fine_fen").is_some();

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
                    <p class="range-value">{ t.disc_allowed_range }<strong>{ format::range_text(ev, t) }</strong></p>
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
                { (t.disc_out_of_range)(&format!("{}{}", format::yuan(fine_fen.unwrap_or(0)), t.yuan), &ev.tier.name, &format::range_text(ev, t)) }
            </div>
        },
        _ => html! {},
    };

    html! {
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
    }
}
