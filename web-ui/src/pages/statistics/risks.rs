//! 重大执法活动风险评估: the activities ahead that are not cleared, a new assessment with
//! its risks scored likelihood × impact, and one assessment's sign-off and approval.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::statistics::{
    RiskAssessment, RiskAssessmentContent, RiskItem, RiskLevel, RiskReview, RiskStatus,
};
use api_types::{Page, Permission};
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{
    push_path, Badge, Checkbox, Column, DataTable, ErrorPanel, FieldErrors, Href, Loading,
    PageHeader, SelectField, TextAreaField, TextField, Tone,
};
use crate::hooks::{unit_name, use_fetch, use_submission, use_units, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::services::api;

pub fn level_badge(level: RiskLevel, t: &Texts) -> Html {
    let tone = match level {
        RiskLevel::Low => Tone::Success,
        RiskLevel::Medium => Tone::Info,
        RiskLevel::High => Tone::Warning,
        RiskLevel::VeryHigh => Tone::Danger,
    };
    html! { <Badge {tone} text={(t.ra_level)(level)} /> }
}

fn state_badges(a: &RiskAssessment, t: &Texts) -> Html {
    html! {
        <span class="badges">
            { level_badge(a.level, t) }
            <Badge text={(t.ra_status)(a.status)} />
            if a.cleared { <Badge tone={Tone::Success} text={t.ra_cleared} /> }
            if a.needs_attention { <Badge tone={Tone::Danger} text={t.ra_attention} /> }
        </span>
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct ItemDraft {
    risk: String,
    likelihood: String,
    impact: String,
    mitigation: String,
}

#[function_component]
pub fn RisksPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = &props.me;
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let attention = use_state(|| false);
    let list = use_fetch(
        ((*list_state).clone(), *attention),
        |(state, attention)| async move {
            let mut query = state.query();
            if attention {
                query.push(("needs_attention", "true".into()));
            }
            api::get_list::<Page<RiskAssessment>>("/risk-assessments", &query).await
        },
    );
    let activity = use_state(String::new);
    let date = use_state(String::new);
    let place = use_state(String::new);
    let items = use_state(|| {
        vec![ItemDraft {
            likelihood: "1".into(),
            impact: "1".into(),
            ..Default::default()
        }]
    });
    let form = use_submission();
    let can_write = can(me, Permission::RiskAssessmentsWrite);
    let can_region = can(me, Permission::StatisticsRegionRead);
    let scores: Vec<(AttrValue, AttrValue)> = (1..=5)
        .map(|n| {
            (
                AttrValue::from(n.to_string()),
                AttrValue::from(n.to_string()),
            )
        })
        .collect();

    let save = {
        let (form, activity, date, place, items, unit) = (
            form.clone(),
            activity.clone(),
            date.clone(),
            place.clone(),
            items.clone(),
            me.unit.id,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut missing = FieldErrors::default();
            for (field, value) in [("activity", activity.trim()), ("place", place.trim())] {
                if value.is_empty() {
                    missing.insert_code(t, field, "required");
                }
            }
            let Ok(day) = date.parse() else {
                missing.insert_code(t, "activity_date", "required");
                form.reject(missing);
                return;
            };
            if !missing.is_empty() {
                form.reject(missing);
                return;
            }
            let body = RiskAssessmentContent {
                unit_id: unit,
                activity: activity.trim().into(),
                activity_date: day,
                place: place.trim().into(),
                items: items
                    .iter()
                    .map(|i| RiskItem {
                        risk: i.risk.trim().into(),
                        likelihood: i.likelihood.parse().unwrap_or(1),
                        impact: i.impact.parse().unwrap_or(1),
                        mitigation: i.mitigation.trim().into(),
                    })
                    .collect(),
            };
            form.request(async move {
                api::post::<_, RiskAssessment>("/risk-assessments", &body).await
            })
            .success(t.ra_saved)
            .then(|a| push_path(&format!("/statistics/risks/{}", a.id)));
        })
    };
    let set_item = |index: usize, f: fn(&mut ItemDraft, String)| {
        let items = items.clone();
        Callback::from(move |v: String| {
            let mut next = (*items).clone();
            if let Some(item) = next.get_mut(index) {
                f(item, v);
            }
            items.set(next);
        })
    };
    let add_item = {
        let items = items.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*items).clone();
            next.push(ItemDraft {
                likelihood: "1".into(),
                impact: "1".into(),
                ..Default::default()
            });
            items.set(next);
        })
    };
    let names = units.clone();
    let columns = vec![
        Column::new(t.ra_activity, |a: &RiskAssessment| {
            html! {
                <Href to={format!("/statistics/risks/{}", a.id)} class="risk-link">{ a.content.activity.clone() }</Href>
            }
        }),
        Column::new(
            t.st_unit,
            move |a: &RiskAssessment| html! { unit_name(&names, &a.content.unit_id, lang) },
        ),
        Column::new(
            t.ra_date,
            |a: &RiskAssessment| html! { a.content.activity_date.to_string() },
        )
        .sortable("activity_date")
        .class("nowrap"),
        Column::new(t.ra_score, |a: &RiskAssessment| html! { a.score })
            .sortable("score")
            .class("num"),
        Column::new(t.col_status, move |a: &RiskAssessment| {
            state_badges(a, lang.texts())
        }),
    ];
    html! {
        <>
            <PageHeader title={t.cap_statistics.0} description={Some(AttrValue::Static(t.cap_statistics.1))} />
            { tabs(t, can_region) }
            <section class="card" aria-labelledby="risks-title">
                <h2 id="risks-title" class="card-title">{ t.ra_list }</h2>
                <Checkbox id="risks-attention" label={t.ra_only_attention} checked={*attention}
                          on_change={let s = attention.clone(); Callback::from(move |v| s.set(v))} />
                <DataTable<RiskAssessment> id="risks-table" caption={t.ra_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()} />
            </section>
            if can_write {
                <section class="card" aria-labelledby="new-risk-title">
                    <h2 id="new-risk-title" class="card-title">{ t.ra_new }</h2>
                    <p class="muted small">{ t.ra_needs_approval }</p>
                    <form class="inline-form" onsubmit={save} novalidate=true>
                        <TextField id="risk-activity" label={t.ra_activity} value={(*activity).clone()} required=true
                                   on_input={let s = activity.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("activity")} />
                        <TextField id="risk-date" label={t.ra_date} input_type="date" value={(*date).clone()} required=true
                                   on_input={let s = date.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("activity_date")} />
                        <TextField id="risk-place" label={t.ra_place} value={(*place).clone()} required=true
                                   on_input={let s = place.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("place")} />
                        { for items.iter().enumerate().map(|(i, item)| html! {
                            <fieldset class="checks" id={format!("risk-item-{i}")}>
                                <legend>{ format!("{} {}", t.ra_items, i + 1) }</legend>
                                <TextField id={format!("risk-{i}-risk")} label={t.ra_risk} value={item.risk.clone()} on_input={set_item(i, |d, v| d.risk = v)}
                                           error={form.fields().get(&format!("items[{i}].risk"))} />
                                <SelectField id={format!("risk-{i}-likelihood")} label={t.ra_likelihood} value={item.likelihood.clone()} options={scores.clone()} on_change={set_item(i, |d, v| d.likelihood = v)} />
                                <SelectField id={format!("risk-{i}-impact")} label={t.ra_impact} value={item.impact.clone()} options={scores.clone()} on_change={set_item(i, |d, v| d.impact = v)} />
                                <TextField id={format!("risk-{i}-mitigation")} label={t.ra_mitigation} value={item.mitigation.clone()} on_input={set_item(i, |d, v| d.mitigation = v)}
                                           error={form.fields().get(&format!("items[{i}].mitigation"))} />
                            </fieldset>
                        }) }
                        { form.alert(&["activity", "activity_date", "place"]) }
                        <div class="form-buttons">
                            <button type="button" class="btn" id="risk-add-item" onclick={add_item}>{ t.ra_add_item }</button>
                            <button type="submit" class="btn btn-primary" id="risk-save" disabled={form.busy()}>{ t.ra_save }</button>
                        </div>
                    </form>
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RiskPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn RiskPage(props: &RiskPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let assessment = use_fetch(props.id.clone(), |id| async move {
        api::get::<RiskAssessment>(&format!("/risk-assessments/{id}")).await
    });
    let opinion = use_state(String::new);
    let form = use_submission();
    let can_write = can(&props.me, Permission::RiskAssessmentsWrite);
    let can_approve = can(&props.me, Permission::RiskAssessmentsApprove);
    let can_region = can(&props.me, Permission::StatisticsRegionRead);
    let a = match (assessment.data(), assessment.error()) {
        (_, Some(error)) => {
            return html! { <><PageHeader title={t.cap_statistics.0} />{ tabs(t, can_region) }<ErrorPanel {error} on_retry={Some(assessment.reload.clone())} /></> }
        }
        (Some(a), None) => a,
        (None, None) => return html! { <Loading /> },
    };
    let (id, version, status) = (a.id, a.version, a.status);
    let act = |step: &'static str, done: &'static str| {
        let (form, opinion, reload) = (form.clone(), opinion.clone(), assessment.reload.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if opinion.trim().is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "opinion", "required");
                form.reject(f);
                return;
            }
            let body = RiskReview {
                opinion: opinion.trim().to_string(),
            };
            let (path, reload) = (format!("/risk-assessments/{id}/{step}"), reload.clone());
            form.request(async move {
                api::post_versioned::<_, RiskAssessment>(&path, version, &body).await
            })
            .success(done)
            .then(move |_| reload.emit(()));
        })
    };
    let action = match status {
        RiskStatus::Draft if can_write => Some(("sign-off", t.ra_sign_off, t.ra_signed)),
        RiskStatus::SignedOff if can_approve => Some(("approve", t.ra_approve, t.ra_approved)),
        _ => None,
    };
    html! {
        <>
            <PageHeader title={a.content.activity.clone()} description={Some(AttrValue::from(format!("{} · {} · {}", unit_name(&units, &a.content.unit_id, lang), a.content.activity_date, a.content.place)))}>
                <Href to="/statistics/risks" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { tabs(t, can_region) }
            <section class="card" id="risk">
                <div class="card-head">
                    <h2 class="card-title">{ format!("{} {}", t.ra_score, a.score) }</h2>
                    <span id="risk-status">{ state_badges(&a, t) }</span>
                </div>
                if a.level.needs_approval() && status != RiskStatus::Approved { <p class="muted">{ t.ra_needs_approval }</p> }
                <div class="table-scroll">
                    <table class="data-table" id="risk-items">
                        <thead><tr><th scope="col">{ t.ra_risk }</th><th scope="col" class="num">{ t.ra_likelihood }</th><th scope="col" class="num">{ t.ra_impact }</th><th scope="col" class="num">{ t.ra_score }</th><th scope="col">{ t.ra_mitigation }</th></tr></thead>
                        <tbody>
                            { for a.content.items.iter().map(|i| html! {
                                <tr>
                                    <td>{ i.risk.clone() }</td><td class="num">{ i.likelihood }</td><td class="num">{ i.impact }</td>
                                    <td class="num">{ level_badge(RiskLevel::of_score(i.likelihood * i.impact), t) }{ format!(" {}", i.likelihood * i.impact) }</td>
                                    <td>{ i.mitigation.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <dl class="details two-col">
                    if let (Some(o), Some(by)) = (&a.sign_off_opinion, &a.signed_off_by_name) { <dt>{ t.ra_sign_off }</dt><dd>{ format!("{o}（{by}）") }</dd> }
                    if let (Some(o), Some(by)) = (&a.approval_opinion, &a.approved_by_name) { <dt>{ t.ra_approve }</dt><dd>{ format!("{o}（{by}）") }</dd> }
                </dl>
                if let Some((step, label, done)) = action {
                    <form class="inline-form" id="risk-review" onsubmit={act(step, done)} novalidate=true>
                        <TextAreaField id="risk-opinion" label={t.ra_opinion} value={(*opinion).clone()} required=true
                                       on_input={let s = opinion.clone(); Callback::from(move |v| s.set(v))} error={form.fields().get("opinion")} />
                        { form.alert(&["opinion"]) }
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-primary" id="risk-act" disabled={form.busy()}>{ label }</button>
                        </div>
                    </form>
                }
            </section>
        </>
    }
}
