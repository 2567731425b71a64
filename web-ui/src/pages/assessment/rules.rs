//! `/assessment/rules`: the rule-set versions by kind, and `/assessment/rules/:id`: one
//! version's sections and items. The city bureau drafts a new version from an active one,
//! edits the draft (names, points, deductions, thresholds, modes, indicators, vetoes,
//! grade bands, items and sections added or removed, the date it applies from), sees
//! what changed from the version it came from, and activates it; an active version is
//! only ever retired.

use std::rc::Rc;

use api_types::assessment::{
    diff_items, show, DeductionMode, Indicator, ItemChange, RuleItem, RuleSection, RuleSet,
    RuleSetContent, RuleSetKind, RuleSetStatus, VetoStrength,
};
use api_types::auth::Me;
use api_types::{Page, Permission};
use chrono::NaiveDate;
use validator::Validate;
use yew::prelude::*;

use super::{rule_badge, tabs};
use crate::capability::can;
use crate::components::{
    push_path, ErrorPanel, FieldErrors, Href, Loading, PageHeader, SelectField, TextField,
};
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn RulesPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<RuleSet>>(
            "/rule-sets",
            &[("per_page", "100".into()), ("sort", "-version_no".into())],
        )
        .await
    });
    if !can(&props.me, Permission::AssessmentRead) {
        return forbidden();
    }
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => html! { <p class="muted">{ t.asm.no_rules }</p> },
        (Some(p), None) => html! {
            <table class="table" id="rule-list">
                <thead><tr>
                    <th>{ t.asm.col_name }</th><th>{ t.asm.col_kind }</th><th>{ t.asm.col_version }</th>
                    <th>{ t.asm.col_effective }</th><th>{ t.asm.col_total }</th><th>{ t.col_status }</th>
                </tr></thead>
                <tbody>
                    { for p.items.iter().map(|r| html! {
                        <tr id={format!("rules-{}", r.id)}>
                            <td><Href to={format!("/assessment/rules/{}", r.id)}>{ r.content.name.clone() }</Href></td>
                            <td>{ (t.asm.rule_kind)(r.content.kind) }</td>
                            <td>{ (t.asm.rule_version)(r.version_no) }</td>
                            <td>{ r.content.effective_from.to_string() }</td>
                            <td>{ show(r.total_points) }</td>
                            <td>{ rule_badge(r.status, t) }</td>
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
            <section class="card" aria-labelledby="rules-title">
                <h2 class="card-title" id="rules-title">{ t.asm.rules_title }</h2>
                <p class="muted">{ t.asm.rules_hint }</p>
                { body }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RuleProps {
    pub me: Rc<Me>,
    pub id: String,
}

fn item_rows(t: &'static Texts, content: &RuleSetContent) -> Html {
    html! {
        <>
            { for content.sections.iter().map(|s| html! {
                <>
                    <h3>{ s.title.clone() }</h3>
                    <table class="table rule-items">
                        <thead><tr><th>{ t.asm.col_item }</th><th>{ t.asm.points }</th><th>{ t.asm.mode_label }</th></tr></thead>
                        <tbody>
                            { for s.items.iter().map(|i| html! {
                                <tr id={format!("rule-item-{}", i.code)}>
                                    <td>{ format!("{} {}", i.code, i.title) }</td>
                                    <td>{ show(i.points) }</td>
                                    <td>{ (t.asm.item_rule)(i) }{ i.veto.map(|v| format!("；{}", (t.asm.veto)(v))).unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </>
            }) }
        </>
    }
}

fn change_rows(t: &'static Texts, changes: &[ItemChange]) -> Html {
    if changes.is_empty() {
        return html! { <p class="muted" id="rule-no-changes">{ t.asm.no_changes }</p> };
    }
    let describe = |i: &RuleItem| {
        format!(
            "{} {}（{}；{}）",
            i.code,
            i.title,
            (t.asm.max_points)(i.points),
            (t.asm.item_rule)(i)
        )
    };
    html! {
        <ul class="plain-list" id="rule-changes">
            { for changes.iter().map(|c| match c {
                ItemChange::Added(i) => html! { <li>{ format!("{}：{}", t.asm.added, describe(i)) }</li> },
                ItemChange::Removed(i) => html! { <li>{ format!("{}：{}", t.asm.removed, describe(i)) }</li> },
                ItemChange::Changed { before, after } => html! { <li>{ format!("{}：{} → {}", t.asm.changed, describe(before), describe(after)) }</li> },
            }) }
        </ul>
    }
}

#[function_component]
pub fn RulePage(props: &RuleProps) -> Html {
    let t = use_i18n().t();
    let rules = use_fetch(props.id.clone(), |id| async move {
        let rules = api::get::<RuleSet>(&format!("/rule-sets/{id}")).await?;
        let base = match rules.based_on_id {
            Some(base) => Some(api::get::<RuleSet>(&format!("/rule-sets/{base}")).await?),
            None => None,
        };
        Ok((rules, base))
    });
    let step = use_submission();
    let body = match (rules.data(), rules.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(rules.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(pair), None) => {
            let (r, base) = &*pair;
            let manages = can(&props.me, Permission::AssessmentManage);
            let (id, version) = (r.id, r.version);
            let act = |path: &'static str, done: &'static str| {
                let (step, reload) = (step.clone(), rules.reload.clone());
                Callback::from(move |_: MouseEvent| {
                    let reload = reload.clone();
                    if path == "versions" {
                        step.request(async move {
                            api::post::<_, RuleSet>(&format!("/rule-sets/{id}/versions"), &()).await
                        })
                        .success(done)
                        .then(move |r| push_path(&format!("/assessment/rules/{}", r.id)));
                    } else {
                        step.request(async move {
                            api::post_versioned::<_, RuleSet>(
                                &format!("/rule-sets/{id}/{path}"),
                                version,
                                &(),
                            )
                            .await
                        })
                        .success(done)
                        .then(move |_| reload.emit(()));
                    }
                })
            };
            html! {
                <>
                    <section class="card" aria-labelledby="rule-title">
                        <h2 class="card-title" id="rule-title">
                            { format!("{} {}", r.content.name, (t.asm.rule_version)(r.version_no)) }{ " " }{ rule_badge(r.status, t) }
                        </h2>
                        <p class="muted">{ format!("{}　{}：{}　{}", (t.asm.rule_kind)(r.content.kind), t.asm.effective_from, r.content.effective_from, (t.asm.total)(r.total_points)) }</p>
                        <p class="muted" id="rule-bands-note">{ (t.asm.bands_note)(r.content.bands.excellent, r.content.bands.good, r.content.bands.pass) }</p>
                        if manages {
                            <div class="actions">
                                <button class="btn" id="rule-new-version" onclick={act("versions", t.asm.version_created)} disabled={step.busy()}>{ t.asm.new_version }</button>
                                if r.status == RuleSetStatus::Draft {
                                    <button class="btn btn-primary" id="rule-activate" onclick={act("activate", t.asm.activated)} disabled={step.busy()}>{ t.asm.activate }</button>
                                }
                                if r.status == RuleSetStatus::Active {
                                    <button class="btn" id="rule-retire" onclick={act("retire", t.asm.retired)} disabled={step.busy()}>{ t.asm.retire }</button>
                                }
                            </div>
                            { step.alert(&[]) }
                        }
                        if let Some(base) = base {
                            <h3>{ t.asm.diff_title }</h3>
                            { change_rows(t, &diff_items(&base.content, &r.content)) }
                        }
                        if !(manages && r.status == RuleSetStatus::Draft) {
                            { item_rows(t, &r.content) }
                        }
                    </section>
                    if manages && r.status == RuleSetStatus::Draft {
                        <RuleEditor rules={Rc::new(r.clone())} on_changed={rules.reload.clone()} />
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
struct EditorProps {
    rules: Rc<RuleSet>,
    on_changed: Callback<()>,
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok()
}

/// The modes an item of `kind` may use: a reviewer's for files and applications, the
/// indicators' for units.
fn modes(kind: RuleSetKind) -> &'static [DeductionMode] {
    if kind == RuleSetKind::UnitAssessment {
        &[
            DeductionMode::Threshold,
            DeductionMode::PerEvent,
            DeductionMode::Ratio,
        ]
    } else {
        &[
            DeductionMode::Fixed,
            DeductionMode::PerOccurrence,
            DeductionMode::Range,
            DeductionMode::Gate,
        ]
    }
}

/// Gives `item` the fields `mode` reads (keeping what it has) and drops the others.
fn switch_mode(item: &mut RuleItem, mode: DeductionMode) {
    use DeductionMode::*;
    item.mode = mode;
    let keep = |v: Option<f64>, wanted: bool, default: f64| {
        if wanted {
            Some(v.unwrap_or(default))
        } else {
            None
        }
    };
    item.deduction = keep(
        item.deduction,
        matches!(mode, Fixed | PerOccurrence | PerEvent | Threshold),
        1.0,
    );
    item.min = keep(item.min, mode == Range, 0.0);
    item.max = keep(item.max, mode == Range, item.points);
    item.target = keep(item.target, mode == Threshold, 100.0);
    item.step = keep(item.step, mode == Threshold, 10.0);
    if mode == Gate {
        item.points = 0.0;
        item.veto = item.veto.or(Some(VetoStrength::Fail));
    } else if item.points == 0.0 {
        // Back from a gate item: points to deduct from again.
        item.points = 5.0;
    }
    let unit = matches!(mode, Threshold | PerEvent | Ratio);
    item.indicator = if unit {
        item.indicator
            .filter(|i| i.fits(mode))
            .or_else(|| Indicator::ALL.iter().copied().find(|i| i.fits(mode)))
    } else {
        None
    };
    if unit {
        item.veto = None;
    }
}

/// A new item of `kind` with the first code `N1`, `N2`, … no item uses yet.
fn new_item(content: &RuleSetContent) -> RuleItem {
    let taken: Vec<&str> = content
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.code.as_str()))
        .collect();
    let code = (1..)
        .map(|n| format!("N{n}"))
        .find(|c| !taken.contains(&c.as_str()))
        .unwrap_or_default();
    let mode = modes(content.kind)[0];
    let mut item = RuleItem::bare(&code, "", 5.0, mode);
    switch_mode(&mut item, mode);
    item
}

/// A change to the draft from an input's text.
type Edit = Rc<dyn Fn(&mut RuleSetContent, String)>;

/// The draft's name, date, grade bands, sections and items: each item's wording,
/// numbers, mode, indicator and veto; items and sections added and removed.
#[function_component]
fn RuleEditor(props: &EditorProps) -> Html {
    let t = use_i18n().t();
    let content = use_state(|| props.rules.content.clone());
    let date = use_state(|| props.rules.content.effective_from.to_string());
    let form = use_submission();
    let (id, version) = (props.rules.id, props.rules.version);
    let save = {
        let (form, content, date, on_changed) = (
            form.clone(),
            content.clone(),
            date.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut body = (*content).clone();
            match date.trim().parse::<NaiveDate>() {
                Ok(day) => body.effective_from = day,
                Err(_) => {
                    let mut errors = FieldErrors::default();
                    errors.insert("effective_from", t.choose);
                    return form.reject(errors);
                }
            }
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            form.request(async move {
                api::put::<_, RuleSet>(&format!("/rule-sets/{id}"), version, &body).await
            })
            .success(t.asm.rules_saved)
            .then(move |_| on_changed.emit(()));
        })
    };
    // Every change goes through one place: a copy of the draft, changed, set back.
    let change = |f: Edit| {
        let content = content.clone();
        Callback::from(move |v: String| {
            let mut next = (*content).clone();
            f(&mut next, v);
            content.set(next);
        })
    };
    let click = |f: Rc<dyn Fn(&mut RuleSetContent)>| {
        change(Rc::new(move |c, _| f(c))).reform(|_: MouseEvent| String::new())
    };
    let edit_item = |s: usize, i: usize, f: fn(&mut RuleItem, String)| {
        change(Rc::new(move |c, v| {
            if let Some(item) = c.sections.get_mut(s).and_then(|sec| sec.items.get_mut(i)) {
                f(item, v);
            }
        }))
    };
    let edit_band = |f: fn(&mut RuleSetContent, f64)| {
        change(Rc::new(move |c, v| {
            if let Some(n) = number(&v) {
                f(c, n);
            }
        }))
    };
    let kind = content.kind;
    let mode_options: Vec<(AttrValue, AttrValue)> = modes(kind)
        .iter()
        .map(|m| {
            (
                AttrValue::Static(m.as_str()),
                AttrValue::Static((t.asm.mode)(*m)),
            )
        })
        .collect();
    let indicator_options = |mode: DeductionMode| -> Vec<(AttrValue, AttrValue)> {
        Indicator::ALL
            .iter()
            .filter(|i| i.fits(mode))
            .map(|i| {
                (
                    AttrValue::Static(i.as_str()),
                    AttrValue::Static((t.asm.indicator)(*i)),
                )
            })
            .collect()
    };
    let veto_options: Vec<(AttrValue, AttrValue)> =
        std::iter::once((AttrValue::Static(""), AttrValue::Static(t.asm.no_veto)))
            .chain(VetoStrength::ALL.iter().map(|v| {
                (
                    AttrValue::Static(v.as_str()),
                    AttrValue::Static((t.asm.veto)(*v)),
                )
            }))
            .collect();
    let fields = form.fields();
    let field_error =
        |s: usize, i: usize, f: &str| fields.get(&format!("sections[{s}].items[{i}].{f}"));
    html! {
        <section class="card" aria-labelledby="rule-edit-title">
            <h2 class="card-title" id="rule-edit-title">{ t.asm.save_rules }</h2>
            <form id="rule-edit" onsubmit={save} novalidate=true>
                <div class="field-row">
                    <TextField id="rule-name" label={t.asm.name} value={content.name.clone()} error={fields.get("name")}
                               on_input={change(Rc::new(|c, v| c.name = v))} />
                    <TextField id="rule-effective" label={t.asm.effective_from} value={(*date).clone()} input_type="date"
                               error={fields.get("effective_from")} on_input={let d = date.clone(); Callback::from(move |v| d.set(v))} />
                </div>
                <fieldset class="review-section" id="rule-bands">
                    <legend>{ t.asm.bands_title }</legend>
                    <div class="field-row">
                        <TextField id="band-excellent" label={t.asm.band_excellent} value={show(content.bands.excellent)} input_type="number"
                                   error={fields.get("bands.excellent")} on_input={edit_band(|c, n| c.bands.excellent = n)} />
                        <TextField id="band-good" label={t.asm.band_good} value={show(content.bands.good)} input_type="number"
                                   error={fields.get("bands.good")} on_input={edit_band(|c, n| c.bands.good = n)} />
                        <TextField id="band-pass" label={t.asm.band_pass} value={show(content.bands.pass)} input_type="number"
                                   error={fields.get("bands.pass")} on_input={edit_band(|c, n| c.bands.pass = n)} />
                    </div>
                </fieldset>
                <p class="muted" id="rule-total">{ (t.asm.total)(content.total_points()) }</p>
                { for content.sections.iter().enumerate().map(|(s, section)| html! {
                    <fieldset class="review-section" id={format!("section-{s}")}>
                        <legend>{ section.title.clone() }</legend>
                        <div class="field-row">
                            <TextField id={format!("section-title-{s}")} label={t.asm.section_title} value={section.title.clone()}
                                       error={fields.get(&format!("sections[{s}].title"))}
                                       on_input={change(Rc::new(move |c, v| if let Some(sec) = c.sections.get_mut(s) { sec.title = v }))} />
                            if content.sections.len() > 1 {
                                <button type="button" class="btn" id={format!("remove-section-{s}")}
                                        onclick={click(Rc::new(move |c| { if s < c.sections.len() { c.sections.remove(s); } }))}>{ t.asm.remove_section }</button>
                            }
                        </div>
                        { for section.items.iter().enumerate().map(|(i, item)| html! {
                            <div class="field-row rule-item-edit" id={format!("edit-{s}-{i}")}>
                                <TextField id={format!("code-{s}-{i}")} label={t.asm.code} value={item.code.clone()}
                                           error={field_error(s, i, "code")} on_input={edit_item(s, i, |it, v| it.code = v.trim().to_string())} />
                                <TextField id={format!("title-{s}-{i}")} label={format!("{} {}", item.code, (t.asm.mode)(item.mode))}
                                           value={item.title.clone()} error={field_error(s, i, "title")}
                                           on_input={edit_item(s, i, |it, v| it.title = v)} />
                                <SelectField id={format!("mode-{s}-{i}")} label={t.asm.mode_label} value={AttrValue::Static(item.mode.as_str())}
                                             options={mode_options.clone()} error={field_error(s, i, "mode")}
                                             on_change={edit_item(s, i, |it, v| if let Some(m) = DeductionMode::parse(&v) { switch_mode(it, m) })} />
                                if item.mode != DeductionMode::Gate {
                                    <TextField id={format!("points-{s}-{i}")} label={t.asm.points} value={show(item.points)} input_type="number"
                                               error={field_error(s, i, "points")}
                                               on_input={edit_item(s, i, |it, v| if let Some(n) = number(&v) { it.points = n })} />
                                }
                                if item.deduction.is_some() {
                                    <TextField id={format!("deduction-{s}-{i}")} label={t.asm.deduction} value={item.deduction.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "deduction")}
                                               on_input={edit_item(s, i, |it, v| it.deduction = number(&v))} />
                                }
                                if item.mode == DeductionMode::Range {
                                    <TextField id={format!("min-{s}-{i}")} label={t.asm.min} value={item.min.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "min")} on_input={edit_item(s, i, |it, v| it.min = number(&v))} />
                                    <TextField id={format!("max-{s}-{i}")} label={t.asm.max} value={item.max.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "max")} on_input={edit_item(s, i, |it, v| it.max = number(&v))} />
                                }
                                if item.mode == DeductionMode::Threshold {
                                    <TextField id={format!("target-{s}-{i}")} label={t.asm.target} value={item.target.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "target")} on_input={edit_item(s, i, |it, v| it.target = number(&v))} />
                                    <TextField id={format!("step-{s}-{i}")} label={t.asm.step} value={item.step.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "step")} on_input={edit_item(s, i, |it, v| it.step = number(&v))} />
                                }
                                if let Some(indicator) = item.indicator {
                                    <SelectField id={format!("indicator-{s}-{i}")} label={t.asm.indicator_label} value={AttrValue::Static(indicator.as_str())}
                                                 options={indicator_options(item.mode)} error={field_error(s, i, "indicator")}
                                                 on_change={edit_item(s, i, |it, v| it.indicator = Indicator::parse(&v).or(it.indicator))} />
                                }
                                if kind != RuleSetKind::UnitAssessment {
                                    <SelectField id={format!("veto-{s}-{i}")} label={t.asm.veto_label}
                                                 value={AttrValue::Static(item.veto.map_or("", |v| v.as_str()))}
                                                 options={veto_options.iter().filter(|(v, _)| item.mode != DeductionMode::Gate || !v.is_empty()).cloned().collect::<Vec<_>>()}
                                                 error={field_error(s, i, "veto")}
                                                 on_change={edit_item(s, i, |it, v| it.veto = VetoStrength::parse(&v))} />
                                }
                                if section.items.len() > 1 {
                                    <button type="button" class="btn" id={format!("remove-{s}-{i}")}
                                            onclick={click(Rc::new(move |c| if let Some(sec) = c.sections.get_mut(s) { if i < sec.items.len() { sec.items.remove(i); } }))}>{ t.asm.remove_item }</button>
                                }
                            </div>
                        }) }
                        <button type="button" class="btn" id={format!("add-item-{s}")}
                                onclick={click(Rc::new(move |c| { let item = new_item(c); if let Some(sec) = c.sections.get_mut(s) { sec.items.push(item); } }))}>{ t.asm.add_item }</button>
                    </fieldset>
                }) }
                <div class="actions">
                    <button type="button" class="btn" id="add-section"
                            onclick={click(Rc::new(move |c| { let item = new_item(c); c.sections.push(RuleSection { title: t.asm.new_section.to_string(), items: vec![item] }); }))}>{ t.asm.add_section }</button>
                </div>
                { form.alert(&["name", "effective_from"]) }
                <button type="submit" class="btn btn-primary" id="rule-save" disabled={form.busy()}>{ t.asm.save_rules }</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_a_mode_keeps_what_it_reads_and_drops_the_rest() {
        let content = RuleSetContent {
            kind: RuleSetKind::CaseReview,
            name: "评查".into(),
            effective_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            sections: vec![RuleSection {
                title: "甲".into(),
                items: vec![],
            }],
            bands: api_types::assessment::GradeBands {
                excellent: 90.0,
                good: 80.0,
                pass: 60.0,
            },
        };
        let mut item = new_item(&content);
        assert_eq!(
            (item.code.as_str(), item.mode),
            ("N1", DeductionMode::Fixed)
        );
        assert_eq!(item.deduction, Some(1.0));
        switch_mode(&mut item, DeductionMode::Range);
        assert_eq!(
            (item.deduction, item.min, item.max),
            (None, Some(0.0), Some(5.0))
        );
        switch_mode(&mut item, DeductionMode::Gate);
        assert_eq!((item.points, item.veto), (0.0, Some(VetoStrength::Fail)));
        switch_mode(&mut item, DeductionMode::Fixed);
        assert_eq!((item.points, item.deduction), (5.0, Some(1.0)));
        let mut unit = content.clone();
        unit.kind = RuleSetKind::UnitAssessment;
        unit.sections[0].items.push(new_item(&unit));
        let next = new_item(&unit);
        assert_eq!(
            (next.code.as_str(), next.mode),
            ("N2", DeductionMode::Threshold)
        );
        assert_eq!((next.target, next.step), (Some(100.0), Some(10.0)));
        assert_eq!(next.indicator, Some(Indicator::CaseReviewMean));
        let mut per_event = next.clone();
        switch_mode(&mut per_event, DeductionMode::PerEvent);
        assert_eq!(per_event.indicator, Some(Indicator::FailedCaseFiles));
    }
}
