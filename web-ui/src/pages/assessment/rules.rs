//! `/assessment/rules`: the rule-set versions by kind, and `/assessment/rules/:id`: one
//! version's sections and items. The city bureau drafts a new version from an active one,
//! edits the draft (names, points, deductions, thresholds, the date it applies from), sees
//! what changed from the version it came from, and activates it; an active version is
//! only ever retired.

use std::rc::Rc;

use api_types::assessment::{
    diff_items, show, DeductionMode, ItemChange, RuleItem, RuleSet, RuleSetContent, RuleSetStatus,
};
use api_types::auth::Me;
use api_types::{Page, Permission};
use chrono::NaiveDate;
use validator::Validate;
use yew::prelude::*;

use super::{rule_badge, tabs};
use crate::capability::can;
use crate::components::{push_path, ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextField};
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
                        <p class="muted">{ (t.asm.bands_note)(r.content.bands.excellent, r.content.bands.good, r.content.bands.pass) }</p>
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

/// The draft's name, date and each item's wording and numbers.
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
    let edit_item = |s: usize, i: usize, f: fn(&mut RuleItem, String)| {
        let content = content.clone();
        Callback::from(move |v: String| {
            let mut next = (*content).clone();
            if let Some(item) = next
                .sections
                .get_mut(s)
                .and_then(|sec| sec.items.get_mut(i))
            {
                f(item, v);
            }
            content.set(next);
        })
    };
    let fields = form.fields();
    let field_error =
        |s: usize, i: usize, f: &str| fields.get(&format!("sections[{s}].items[{i}].{f}"));
    html! {
        <section class="card" aria-labelledby="rule-edit-title">
            <h2 class="card-title" id="rule-edit-title">{ t.asm.save_rules }</h2>
            <form id="rule-edit" onsubmit={save} novalidate=true>
                <div class="field-row">
                    <TextField id="rule-name" label={t.asm.name} value={content.name.clone()} error={fields.get("name")}
                               on_input={let c = content.clone(); Callback::from(move |v: String| { let mut n = (*c).clone(); n.name = v; c.set(n); })} />
                    <TextField id="rule-effective" label={t.asm.effective_from} value={(*date).clone()} input_type="date"
                               error={fields.get("effective_from")} on_input={let d = date.clone(); Callback::from(move |v| d.set(v))} />
                </div>
                <p class="muted" id="rule-total">{ (t.asm.total)(content.total_points()) }</p>
                { for content.sections.iter().enumerate().map(|(s, section)| html! {
                    <fieldset class="review-section">
                        <legend>{ section.title.clone() }</legend>
                        { for section.items.iter().enumerate().map(|(i, item)| html! {
                            <div class="field-row rule-item-edit" id={format!("edit-{}", item.code)}>
                                <TextField id={format!("title-{}", item.code)} label={format!("{} {}", item.code, (t.asm.mode)(item.mode))}
                                           value={item.title.clone()} error={field_error(s, i, "title")}
                                           on_input={edit_item(s, i, |it, v| it.title = v)} />
                                if item.mode != DeductionMode::Gate {
                                    <TextField id={format!("points-{}", item.code)} label={t.asm.points} value={show(item.points)} input_type="number"
                                               error={field_error(s, i, "points")}
                                               on_input={edit_item(s, i, |it, v| if let Some(n) = number(&v) { it.points = n })} />
                                }
                                if item.deduction.is_some() {
                                    <TextField id={format!("deduction-{}", item.code)} label={t.asm.deduction} value={item.deduction.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "deduction")}
                                               on_input={edit_item(s, i, |it, v| it.deduction = number(&v))} />
                                }
                                if item.mode == DeductionMode::Range {
                                    <TextField id={format!("min-{}", item.code)} label={t.asm.min} value={item.min.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "min")} on_input={edit_item(s, i, |it, v| it.min = number(&v))} />
                                    <TextField id={format!("max-{}", item.code)} label={t.asm.max} value={item.max.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "max")} on_input={edit_item(s, i, |it, v| it.max = number(&v))} />
                                }
                                if item.mode == DeductionMode::Threshold {
                                    <TextField id={format!("target-{}", item.code)} label={t.asm.target} value={item.target.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "target")} on_input={edit_item(s, i, |it, v| it.target = number(&v))} />
                                    <TextField id={format!("step-{}", item.code)} label={t.asm.step} value={item.step.map(show).unwrap_or_default()}
                                               input_type="number" error={field_error(s, i, "step")} on_input={edit_item(s, i, |it, v| it.step = number(&v))} />
                                }
                            </div>
                        }) }
                    </fieldset>
                }) }
                { form.alert(&["name", "effective_from"]) }
                <button type="submit" class="btn btn-primary" id="rule-save" disabled={form.busy()}>{ t.asm.save_rules }</button>
            </form>
        </section>
    }
}
