//! 裁量基准 calculator (public): a power item, the day of the decision, the tier the
//! facts fall in and the factors present give the allowed penalty under the benchmark
//! version in force that day, with the reasoning step by step.

use api_types::catalog::{Evaluation, EvaluationRequest, FactorDirection};
use chrono::NaiveDate;
use uuid::Uuid;
use yew::prelude::*;

use crate::components::{Checkbox, ErrorPanel, PageHeader, SelectField, TextField};
use crate::format;
use crate::hooks::{use_benchmark, use_penalty_powers, use_submission};
use crate::i18n::{use_i18n, Lang};
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct DiscretionProps {
    /// Shown on the public site (no sign-in).
    #[prop_or_default]
    pub public: bool,
}

#[function_component]
pub fn DiscretionPage(props: &DiscretionProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let date = use_state(|| format::today_date().to_string());
    let item = use_state(String::new);
    let tier = use_state(String::new);
    let factors = use_state(Vec::<String>::new);
    let result = use_state(|| None::<Evaluation>);
    let form = use_submission();
    let day = date
        .parse::<NaiveDate>()
        .unwrap_or_else(|_| format::today_date());
    let powers = use_penalty_powers(day);
    let benchmark = use_benchmark((*item).clone(), day);

    let onsubmit = {
        let (item, tier, factors, result, form) = (
            item.clone(),
            tier.clone(),
            factors.clone(),
            result.clone(),
            form.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(power_item_id) = item.parse::<Uuid>() else {
                return;
            };
            let request = EvaluationRequest {
                power_item_id,
                tier: (*tier).clone(),
                factors: (*factors).clone(),
                date: Some(day),
                fine_fen: None,
            };
            let result = result.clone();
            form.request(async move {
                api::post_public::<_, Evaluation>("/discretion/evaluate", &request).await
            })
            .then(move |ev| result.set(Some(ev)));
        })
    };

    let mut power_options = vec![(AttrValue::Static(""), AttrValue::Static(t.calc_choose_item))];
    if let Some(list) = powers.data() {
        power_options.extend(list.iter().map(|p| {
            (
                AttrValue::from(p.id.to_string()),
                AttrValue::from(format!("{} {}", p.code, p.content.name)),
            )
        }));
    }
    let bench = benchmark.data().and_then(|b| (*b).clone());
    let bench_view = match (&bench, item.is_empty(), benchmark.loading()) {
        (_, true, _) => html! { <p class="muted">{ t.calc_hint }</p> },
        (None, false, false) => {
            html! { <p class="muted" id="calc-no-benchmark">{ t.disc_no_benchmark }</p> }
        }
        (None, false, true) => html! {},
        (Some(b), false, _) => {
            let toggle = |code: String| {
                let factors = factors.clone();
                Callback::from(move |on: bool| {
                    let mut next: Vec<String> =
                        (*factors).iter().filter(|c| **c != code).cloned().collect();
                    if on {
                        next.push(code.clone());
                    }
                    factors.set(next);
                })
            };
            let group = |direction: FactorDirection, label: &'static str| {
                let list: Vec<_> = b
                    .factors
                    .iter()
                    .filter(|f| f.direction == direction)
                    .collect();
                if list.is_empty() {
                    return html! {};
                }
                html! {
                    <fieldset class="factor-group">
                        <legend>{ label }</legend>
                        { for list.into_iter().map(|f| html! {
                            <Checkbox id={format!("factor-{}", f.code)} label={f.name.clone()}
                                      checked={factors.contains(&f.code)} on_change={toggle(f.code.clone())} />
                        }) }
                    </fieldset>
                }
            };
            html! {
                <>
                    <p class="muted" id="calc-benchmark">
                        { (t.calc_benchmark)(b.version_no, &b.effective_from.to_string()) }{ " " }{ b.legal_basis.clone() }
                    </p>
                    <fieldset class="tiers">
                        <legend>{ t.disc_tier }</legend>
                        { for b.tiers.iter().map(|tr| {
                            let code = tr.code.clone();
                            let tier = tier.clone();
                            let range = match (tr.no_penalty, tr.fine_min_fen, tr.fine_max_fen) {
                                (true, _, _) => t.disc_no_penalty.to_string(),
                                (_, Some(a), Some(b)) => format!("{}–{}{}", format::yuan(a), format::yuan(b), t.yuan),
                                _ => String::new(),
                            };
                            html! {
                                <label class="tier-option" for={format!("tier-{}", tr.code)}>
                                    <input type="radio" name="tier" id={format!("tier-{}", tr.code)} value={tr.code.clone()}
                                           checked={*tier == tr.code}
                                           onchange={Callback::from(move |_| tier.set(code.clone()))} />
                                    <span class="tier-name">{ tr.name.clone() }</span>
                                    <span class="tier-range">{ range }</span>
                                    <span class="tier-conditions">{ tr.conditions.clone() }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                    { group(FactorDirection::Mitigating, t.calc_mitigating) }
                    { group(FactorDirection::Aggravating, t.calc_aggravating) }
                </>
            }
        }
    };
    // A failure replaces the last result until the next evaluation.
    let result_view = match (form.error(), &*result) {
        (None, Some(ev)) => {
            let lines = match lang {
                Lang::Zh => &ev.explanation_zh,
                Lang::En => &ev.explanation_en,
            };
            html! {
                <section class="card calc-result" aria-labelledby="calc-result-title" id="calc-result" aria-live="polite">
                    <h2 id="calc-result-title" class="card-title">{ t.calc_result }</h2>
                    <p class="range-value">{ t.disc_allowed_range }<strong id="calc-range">{ format::range_text(ev, t) }</strong></p>
                    if let Some(m) = &ev.tier.other_measures { <p>{ t.disc_other_measures }{ "：" }{ m.clone() }</p> }
                    <ol class="explanation">{ for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ol>
                </section>
            }
        }
        (Some(e), _) if !e.field_errors().is_empty() => form.alert(&[]),
        (Some(e), _) => html! { <ErrorPanel error={e.clone()} /> },
        (None, None) => html! {},
    };
    html! {
        <>
            <PageHeader title={t.calc_title} description={Some(AttrValue::Static(t.calc_intro))} />
            if !props.public {
                { crate::pages::benchmarks::discretion_tabs(t) }
            }
            <div class="calc-grid">
            <section class="card" aria-labelledby="calc-title">
                <h2 id="calc-title" class="card-title">{ t.calc_form }</h2>
                <form class="form form-grid" id="calc-form" {onsubmit} novalidate=true>
                    <div class="field-row">
                        <TextField id="calc-date" label={t.calc_date} value={(*date).clone()} input_type="date"
                                   on_input={let s = date.clone(); Callback::from(move |v| s.set(v))} />
                        <SelectField id="calc-item" label={t.disc_power_item} value={(*item).clone()} options={power_options}
                                     on_change={let (s, tr, f) = (item.clone(), tier.clone(), factors.clone());
                                                Callback::from(move |v| { s.set(v); tr.set(String::new()); f.set(Vec::new()); })} />
                    </div>
                    { bench_view }
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-primary" id="calc-run"
                                disabled={form.busy() || item.is_empty() || tier.is_empty()}>{ t.calc_run }</button>
                    </div>
                </form>
            </section>
            { result_view }
            </div>
        </>
    }
}
