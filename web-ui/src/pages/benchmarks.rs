//! 裁量基准版本 (`/discretion/benchmarks`): a penalty power's benchmark versions, newest
//! first (what applied when), and for holders of `discretion.manage` a new version from
//! an effective date — tiers with their conditions and fine ranges, and the factors that
//! move a case within a tier. Versions are never edited: a correction is a new version.

use api_types::catalog::{
    DiscretionBenchmark, DiscretionFactor, DiscretionTier, FactorDirection, NewDiscretionBenchmark,
};
use api_types::Permission;
use chrono::NaiveDate;
use uuid::Uuid;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{
    Badge, Checkbox, ErrorPanel, FieldErrors, Loading, PageHeader, SelectField, SubNav,
    TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_penalty_powers, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::routes::Route;
use crate::services::api;

/// The calculator and the versions, as tabs.
pub fn discretion_tabs(t: &'static Texts) -> Html {
    html! {
        <SubNav label={t.cap_discretion.0} items={vec![
            (Route::Discretion, AttrValue::Static(t.bench_tab_calculator)),
            (Route::DiscretionBenchmarks, AttrValue::Static(t.bench_tab_versions)),
        ]} />
    }
}

fn fine_range(tier: &DiscretionTier, t: &'static Texts) -> String {
    if tier.no_penalty {
        return t.bench_no_penalty.to_string();
    }
    match (tier.fine_min_fen, tier.fine_max_fen) {
        (Some(a), Some(b)) => format!("{}–{} {}", format::yuan(a), format::yuan(b), t.yuan),
        (Some(a), None) => format!("≥ {} {}", format::yuan(a), t.yuan),
        (None, Some(b)) => format!("≤ {} {}", format::yuan(b), t.yuan),
        (None, None) => "—".into(),
    }
}

/// One tier or factor row of the form, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct TierDraft {
    code: String,
    name: String,
    conditions: String,
    fine_min: String,
    fine_max: String,
    other_measures: String,
    no_penalty: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct FactorDraft {
    code: String,
    name: String,
    aggravating: bool,
}

impl TierDraft {
    fn of(t: &DiscretionTier) -> TierDraft {
        TierDraft {
            code: t.code.clone(),
            name: t.name.clone(),
            conditions: t.conditions.clone(),
            fine_min: format::yuan_input(t.fine_min_fen),
            fine_max: format::yuan_input(t.fine_max_fen),
            other_measures: t.other_measures.clone().unwrap_or_default(),
            no_penalty: t.no_penalty,
        }
    }
}

#[function_component]
pub fn BenchmarksPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let today = format::today_date();
    let powers = use_penalty_powers(today);
    let item = use_state(String::new);
    let versions = use_fetch((*item).clone(), |item| async move {
        if item.is_empty() {
            return Ok(Vec::new());
        }
        api::get_list_public::<Vec<DiscretionBenchmark>>(
            "/public/discretion-benchmarks",
            &[("power_item_id", item)],
        )
        .await
    });
    let composing = use_state(|| false);
    let manage = can(&props.me, Permission::DiscretionManage);

    let mut item_options = vec![(AttrValue::Static(""), AttrValue::Static(t.bench_pick_item))];
    if let Some(list) = powers.data() {
        item_options.extend(list.iter().map(|p| {
            (
                AttrValue::from(p.id.to_string()),
                AttrValue::from(format!("{} {}", p.code, p.content.name)),
            )
        }));
    }
    let on_item = {
        let (item, composing) = (item.clone(), composing.clone());
        Callback::from(move |v: String| {
            item.set(v);
            composing.set(false);
        })
    };
    let history = match (versions.data(), versions.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(versions.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(_), None) if item.is_empty() => html! {},
        (Some(list), None) if list.is_empty() => {
            html! { <p class="muted" id="bench-none">{ t.bench_none }</p> }
        }
        (Some(list), None) => html! {
            <ol class="bench-versions" id="bench-versions">
                { for list.iter().map(|b| html! {
                    <li class="card bench-version" data-version={b.version_no.to_string()}>
                        <h3 class="subhead">
                            { (t.bench_version)(b.version_no) }{ " " }
                            <span class="muted">{ (t.bench_effective)(&b.effective_from.to_string(), b.effective_to.map(|d| d.to_string()).as_deref()) }</span>
                            if b.effective_from <= today && b.effective_to.is_none_or(|to| to >= today) {
                                { " " }<Badge tone={Tone::Success} text={t.bench_in_force} />
                            }
                        </h3>
                        <p class="prose">{ b.legal_basis.clone() }</p>
                        <div class="table-scroll">
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">{ t.bench_tier }</th>
                                    <th scope="col">{ t.bench_conditions }</th>
                                    <th scope="col">{ t.bench_fine }</th>
                                    <th scope="col">{ t.bench_measures }</th>
                                </tr></thead>
                                <tbody>
                                    { for b.tiers.iter().map(|tier| html! {
                                        <tr>
                                            <td class="nowrap">{ tier.name.clone() }</td>
                                            <td>{ tier.conditions.clone() }</td>
                                            <td class="nowrap">{ fine_range(tier, t) }</td>
                                            <td>{ tier.other_measures.clone().unwrap_or_default() }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                        if !b.factors.is_empty() {
                            <p class="badges">
                                { for b.factors.iter().map(|f| {
                                    let (tone, dir) = match f.direction {
                                        FactorDirection::Aggravating => (Tone::Danger, t.bench_aggravating),
                                        FactorDirection::Mitigating => (Tone::Success, t.bench_mitigating),
                                    };
                                    html! { <Badge {tone} text={format!("{dir}：{}", f.name)} /> }
                                }) }
                            </p>
                        }
                    </li>
                }) }
            </ol>
        },
    };
    // A new version starts from the one in force today (a future-dated one may exist).
    let latest = versions.data().and_then(|l| {
        l.iter()
            .find(|b| b.effective_from <= today && b.effective_to.is_none_or(|to| to >= today))
            .or_else(|| l.first())
            .cloned()
    });
    let item_id = item.parse::<Uuid>().ok();
    let on_done = {
        let (composing, reload) = (composing.clone(), versions.reload.clone());
        Callback::from(move |saved: bool| {
            composing.set(false);
            if saved {
                reload.emit(());
            }
        })
    };
    html! {
        <>
            <PageHeader title={t.cap_discretion.0} description={Some(AttrValue::Static(t.bench_intro))} />
            { discretion_tabs(t) }
            <section class="card" aria-labelledby="bench-title">
                <div class="card-toolbar">
                    <h2 id="bench-title" class="card-title">{ t.bench_tab_versions }</h2>
                    <div class="toolbar-spacer"></div>
                    if manage && item_id.is_some() && !*composing {
                        <button type="button" class="btn btn-primary" id="bench-new"
                                onclick={let c = composing.clone(); Callback::from(move |_| c.set(true))}>{ t.bench_new }</button>
                    }
                </div>
                <SelectField id="bench-item" label={t.bench_item} value={(*item).clone()} options={item_options} on_change={on_item} />
                if let (true, Some(item_id)) = (*composing, item_id) {
                    <BenchmarkForm {item_id} latest={latest} {on_done} />
                }
                { history }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BenchmarkFormProps {
    item_id: Uuid,
    /// The version in force now, which the new one starts from.
    latest: Option<DiscretionBenchmark>,
    on_done: Callback<bool>,
}

#[function_component]
fn BenchmarkForm(props: &BenchmarkFormProps) -> Html {
    let t = use_i18n().t();
    let latest = props.latest.clone();
    let effective = use_state(String::new);
    let basis = use_state(|| {
        latest
            .as_ref()
            .map(|b| b.legal_basis.clone())
            .unwrap_or_default()
    });
    let notes = use_state(|| {
        latest
            .as_ref()
            .and_then(|b| b.notes.clone())
            .unwrap_or_default()
    });
    let tiers = use_state(|| {
        latest
            .as_ref()
            .map(|b| b.tiers.iter().map(TierDraft::of).collect::<Vec<_>>())
            .unwrap_or_else(|| vec![TierDraft::default()])
    });
    let factors = use_state(|| {
        latest
            .as_ref()
            .map(|b| {
                b.factors
                    .iter()
                    .map(|f| FactorDraft {
                        code: f.code.clone(),
                        name: f.name.clone(),
                        aggravating: f.direction == FactorDirection::Aggravating,
                    })
                    .collect::<Vec<FactorDraft>>()
            })
            .unwrap_or_default()
    });
    let form = use_submission();

    let set_tier = |i: usize, f: fn(&mut TierDraft, String)| {
        let tiers = tiers.clone();
        Callback::from(move |v: String| {
            let mut next = (*tiers).clone();
            if let Some(row) = next.get_mut(i) {
                f(row, v);
            }
            tiers.set(next);
        })
    };
    let set_factor = |i: usize, f: fn(&mut FactorDraft, String)| {
        let factors = factors.clone();
        Callback::from(move |v: String| {
            let mut next: Vec<FactorDraft> = (*factors).clone();
            if let Some(row) = next.get_mut(i) {
                f(row, v);
            }
            factors.set(next);
        })
    };
    let onsubmit = {
        let (effective, basis, notes, tiers, factors, form, on_done) = (
            effective.clone(),
            basis.clone(),
            notes.clone(),
            tiers.clone(),
            factors.clone(),
            form.clone(),
            props.on_done.clone(),
        );
        let item = props.item_id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FieldErrors::default();
            let effective_from = effective.parse::<NaiveDate>().ok();
            if effective_from.is_none() {
                errors.insert_code(t, "effective_from", "required");
            }
            let mut amount = |field: String, text: &str| match format::parse_yuan(text) {
                Ok(v) => v,
                Err(format::AmountError::TooManyDecimals) => {
                    errors.insert(&field, t.disc_amount_decimals);
                    None
                }
                Err(format::AmountError::TooLarge) => {
                    errors.insert(&field, t.disc_amount_too_large);
                    None
                }
                Err(format::AmountError::NotAnAmount) => {
                    errors.insert(&field, t.disc_amount_invalid);
                    None
                }
            };
            let tier_list: Vec<DiscretionTier> = tiers
                .iter()
                .enumerate()
                .map(|(i, d)| DiscretionTier {
                    code: d.code.trim().to_string(),
                    name: d.name.trim().to_string(),
                    conditions: d.conditions.trim().to_string(),
                    fine_min_fen: amount(format!("tiers[{i}].fine_min_fen"), &d.fine_min),
                    fine_max_fen: amount(format!("tiers[{i}].fine_max_fen"), &d.fine_max),
                    other_measures: Some(d.other_measures.trim().to_string())
                        .filter(|s| !s.is_empty()),
                    no_penalty: d.no_penalty,
                })
                .collect();
            let request = NewDiscretionBenchmark {
                power_item_id: item,
                effective_from: effective_from.unwrap_or_default(),
                legal_basis: basis.trim().to_string(),
                notes: Some(notes.trim().to_string()).filter(|s| !s.is_empty()),
                tiers: tier_list,
                factors: factors
                    .iter()
                    .map(|f| DiscretionFactor {
                        code: f.code.trim().to_string(),
                        name: f.name.trim().to_string(),
                        direction: if f.aggravating {
                            FactorDirection::Aggravating
                        } else {
                            FactorDirection::Mitigating
                        },
                    })
                    .collect(),
            };
            if let Err(v) = validator::Validate::validate(&request) {
                errors.merge(FieldErrors::from_validation(&v, t));
            }
            if !errors.is_empty() {
                form.reject(errors);
                return;
            }
            let on_done = on_done.clone();
            form.request(async move {
                api::post::<_, DiscretionBenchmark>("/discretion-benchmarks", &request).await
            })
            .success(t.bench_saved)
            .then(move |_| on_done.emit(true));
        })
    };
    let fields = form.fields();
    let add_tier = {
        let tiers = tiers.clone();
        Callback::from(move |_| {
            let mut next = (*tiers).clone();
            next.push(TierDraft::default());
            tiers.set(next);
        })
    };
    let add_factor = {
        let factors = factors.clone();
        Callback::from(move |_| {
            let mut next: Vec<FactorDraft> = (*factors).clone();
            next.push(FactorDraft {
                code: String::new(),
                name: String::new(),
                aggravating: false,
            });
            factors.set(next);
        })
    };
    html! {
        <form class="form bench-form" id="bench-form" {onsubmit} novalidate=true aria-label={t.bench_new}>
            { form.alert_with_id(Some("bench-alert"), &["effective_from", "legal_basis", "notes", "tiers", "factors"]) }
            <TextField id="bench-effective" label={t.bench_effective_from} value={(*effective).clone()} input_type="date" required=true
                       hint={Some(AttrValue::Static(t.bench_effective_hint))}
                       on_input={let s = effective.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("effective_from")} />
            <TextAreaField id="bench-basis" label={t.bench_basis} value={(*basis).clone()} rows={3} required=true
                           on_input={let s = basis.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("legal_basis")} />
            <TextAreaField id="bench-notes" label={t.bench_notes} value={(*notes).clone()} rows={2}
                           on_input={let s = notes.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("notes")} />
            <h3 class="subhead">{ t.bench_tiers }</h3>
            { for tiers.iter().enumerate().map(|(i, d)| {
                let f = |name: &str| fields.get(&format!("tiers[{i}].{name}"));
                let remove = {
                    let tiers = tiers.clone();
                    Callback::from(move |_| {
                        let mut next = (*tiers).clone();
                        next.remove(i);
                        tiers.set(next);
                    })
                };
                let toggle = {
                    let tiers = tiers.clone();
                    Callback::from(move |v: bool| {
                        let mut next = (*tiers).clone();
                        if let Some(row) = next.get_mut(i) {
                            row.no_penalty = v;
                        }
                        tiers.set(next);
                    })
                };
                html! {
                    <fieldset class="bench-row" data-tier={i.to_string()}>
                        <legend>{ (t.bench_tier_n)(i + 1) }</legend>
                        <div class="field-row">
                            <TextField id={format!("tier-code-{i}")} label={t.bench_code} value={d.code.clone()} required=true
                                       hint={Some(AttrValue::Static(t.bench_code_hint))}
                                       on_input={set_tier(i, |r, v| r.code = v)} error={f("code")} />
                            <TextField id={format!("tier-name-{i}")} label={t.bench_tier} value={d.name.clone()} required=true
                                       on_input={set_tier(i, |r, v| r.name = v)} error={f("name")} />
                        </div>
                        <TextAreaField id={format!("tier-conditions-{i}")} label={t.bench_conditions} value={d.conditions.clone()} rows={2} required=true
                                       on_input={set_tier(i, |r, v| r.conditions = v)} error={f("conditions")} />
                        <div class="field-row">
                            <TextField id={format!("tier-min-{i}")} label={t.bench_fine_min} value={d.fine_min.clone()}
                                       on_input={set_tier(i, |r, v| r.fine_min = v)} error={f("fine_min_fen")} />
                            <TextField id={format!("tier-max-{i}")} label={t.bench_fine_max} value={d.fine_max.clone()}
                                       on_input={set_tier(i, |r, v| r.fine_max = v)} error={f("fine_max_fen")} />
                            <Checkbox id={format!("tier-none-{i}")} label={t.bench_no_penalty} checked={d.no_penalty} on_change={toggle} />
                        </div>
                        <TextField id={format!("tier-measures-{i}")} label={t.bench_measures} value={d.other_measures.clone()}
                                   on_input={set_tier(i, |r, v| r.other_measures = v)} error={f("other_measures")} />
                        if tiers.len() > 1 {
                            <button type="button" class="btn btn-small tier-remove" onclick={remove}>{ t.cal_remove }</button>
                        }
                    </fieldset>
                }
            }) }
            <button type="button" class="btn btn-small" id="tier-add" onclick={add_tier}>{ t.bench_add_tier }</button>
            <h3 class="subhead">{ t.bench_factors }</h3>
            { for factors.iter().enumerate().map(|(i, d)| {
                let f = |name: &str| fields.get(&format!("factors[{i}].{name}"));
                let remove = {
                    let factors = factors.clone();
                    Callback::from(move |_| {
                        let mut next: Vec<FactorDraft> = (*factors).clone();
                        next.remove(i);
                        factors.set(next);
                    })
                };
                html! {
                    <div class="field-row bench-factor" data-factor={i.to_string()}>
                        <TextField id={format!("factor-code-{i}")} label={t.bench_code} value={d.code.clone()}
                                   on_input={set_factor(i, |r, v| r.code = v)} error={f("code")} />
                        <TextField id={format!("factor-name-{i}")} label={t.cal_name} value={d.name.clone()}
                                   on_input={set_factor(i, |r, v| r.name = v)} error={f("name")} />
                        <SelectField id={format!("factor-direction-{i}")} label={t.bench_direction}
                                     value={if d.aggravating { "aggravating" } else { "mitigating" }}
                                     options={vec![
                                         (AttrValue::Static("mitigating"), AttrValue::Static(t.bench_mitigating)),
                                         (AttrValue::Static("aggravating"), AttrValue::Static(t.bench_aggravating)),
                                     ]}
                                     on_change={set_factor(i, |r, v| r.aggravating = v == "aggravating")} />
                        <button type="button" class="btn btn-small factor-remove" onclick={remove}>{ t.cal_remove }</button>
                    </div>
                }
            }) }
            <button type="button" class="btn btn-small" id="factor-add" onclick={add_factor}>{ t.bench_add_factor }</button>
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="bench-save" disabled={form.busy()}>{ t.bench_save }</button>
                <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
            </div>
        </form>
    }
}
