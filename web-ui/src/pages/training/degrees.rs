//! `/training/degrees`: in-service degrees. An officer records theirs and attaches the
//! certificate; the personnel office (the city bureau's role) verifies or returns each
//! one and records the reward; units read their people's.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::degrees::{
    Degree, DegreeContent, DegreeLevel, DegreeReturn, DegreeReward, DegreeStatus,
};
use api_types::{Page, Permission};
use chrono::NaiveDate;
use validator::Validate;
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{
    Attachments, Badge, DownloadButton, ErrorPanel, FieldErrors, Loading, PageHeader, SelectField,
    TextField, Tone,
};
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

pub fn degree_badge(status: DegreeStatus, t: &Texts) -> Html {
    let tone = match status {
        DegreeStatus::Submitted => Tone::Info,
        DegreeStatus::Returned => Tone::Warning,
        DegreeStatus::Verified | DegreeStatus::Rewarded => Tone::Success,
    };
    html! { <Badge {tone} text={(t.ct.degree_status)(status)} /> }
}

#[function_component]
pub fn DegreesPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let records = can(&props.me, Permission::DegreesRecord);
    let reads = can(&props.me, Permission::DegreesRead);
    if !records && !reads {
        return forbidden();
    }
    html! {
        <>
            <PageHeader title={t.cap_training.0} description={Some(AttrValue::Static(t.ct.degrees_intro))} />
            { tabs(t, &props.me) }
            if records { <MyDegrees /> }
            if reads { <PeopleDegrees me={props.me.clone()} /> }
        </>
    }
}

/// A degree as typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    level: DegreeLevel,
    school: String,
    major: String,
    started: String,
    graduated: String,
}

impl Draft {
    fn content(&self, t: &Texts) -> Result<DegreeContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let started = self.started.parse::<NaiveDate>().ok();
        let graduated = self.graduated.parse::<NaiveDate>().ok();
        if started.is_none() {
            errors.insert("started_on", t.ct.date_needed);
        }
        if graduated.is_none() {
            errors.insert("graduated_on", t.ct.date_needed);
        }
        let (Some(started_on), Some(graduated_on)) = (started, graduated) else {
            return Err(errors);
        };
        let content = DegreeContent {
            level: self.level,
            school: self.school.trim().to_string(),
            major: self.major.trim().to_string(),
            started_on,
            graduated_on,
        };
        content
            .validate()
            .map_err(|v| FieldErrors::from_validation(&v, t))?;
        Ok(content)
    }
}

#[function_component]
fn MyDegrees() -> Html {
    let t = use_i18n().t();
    let mine = use_fetch((), |()| async {
        api::get::<Vec<Degree>>("/me/degrees").await
    });
    let draft = use_state(|| Draft {
        level: DegreeLevel::Bachelor,
        school: String::new(),
        major: String::new(),
        started: String::new(),
        graduated: String::new(),
    });
    let form = use_submission();
    let resubmitting = use_submission();
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    // The degree being corrected (id, version), if any: the form below edits it.
    let editing = use_state(|| None::<(uuid::Uuid, i64)>);
    let record = {
        let (draft, form, reload, editing) = (
            draft.clone(),
            form.clone(),
            mine.reload.clone(),
            editing.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => return form.reject(errors),
            };
            let (reload, target, editing) = (reload.clone(), *editing, editing.clone());
            form.request(async move {
                match target {
                    Some((id, version)) => {
                        api::put::<_, Degree>(&format!("/me/degrees/{id}"), version, &content).await
                    }
                    None => api::post::<_, Degree>("/me/degrees", &content).await,
                }
            })
            .success(t.ct.degree_saved)
            .then(move |_| {
                editing.set(None);
                reload.emit(());
            });
        })
    };
    let edit = {
        let (draft, editing) = (draft.clone(), editing.clone());
        Callback::from(move |g: Degree| {
            draft.set(Draft {
                level: g.content.level,
                school: g.content.school.clone(),
                major: g.content.major.clone(),
                started: g.content.started_on.to_string(),
                graduated: g.content.graduated_on.to_string(),
            });
            editing.set(Some((g.id, g.version)));
        })
    };
    let resubmit = {
        let (resubmitting, reload) = (resubmitting.clone(), mine.reload.clone());
        Callback::from(move |d: Degree| {
            let reload = reload.clone();
            resubmitting
                .request(async move {
                    api::put::<_, Degree>(&format!("/me/degrees/{}", d.id), d.version, &d.content)
                        .await
                })
                .errors_as_toast()
                .success(t.ct.degree_saved)
                .then(move |_| reload.emit(()));
        })
    };
    let levels: Vec<(AttrValue, AttrValue)> = DegreeLevel::ALL
        .iter()
        .map(|l| {
            (
                AttrValue::Static(l.as_str()),
                AttrValue::Static((t.ct.level_name)(*l)),
            )
        })
        .collect();
    let fields = form.fields();
    let d = &*draft;
    let list = match (mine.data(), mine.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(mine.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => html! { <p class="muted">{ t.ct.no_degrees }</p> },
        (Some(list), None) => html! {
            <div id="my-degrees">
                { for list.iter().map(|g| {
                    let open = matches!(g.status, DegreeStatus::Submitted | DegreeStatus::Returned);
                    let (resubmit, g2) = (resubmit.clone(), g.clone());
                    let (edit, g3) = (edit.clone(), g.clone());
                    html! {
                        <article class="entry-card" id={format!("degree-{}", g.id)}>
                            <h3>{ format!("{} {}（{}）", g.content.school, g.content.major, (t.ct.level_name)(g.content.level)) }{ " " }{ degree_badge(g.status, t) }</h3>
                            <p class="muted">{ format!("{} — {}", g.content.started_on, g.content.graduated_on) }</p>
                            if let Some(comment) = &g.review_comment { <p>{ format!("{}：{}", t.ct.review_comment, comment) }</p> }
                            if let Some(r) = &g.reward { <p>{ format!("{}：{}", t.ct.reward, (t.ct.reward_text)(r.amount_yuan, &r.note)) }</p> }
                            <Attachments id={format!("degree-files-{}", g.id)} files={g.attachments.clone()}
                                         upload_path={open.then(|| format!("/me/degrees/{}/attachments", g.id))}
                                         max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                                         on_changed={mine.reload.clone()} />
                            if open {
                                <button class="btn btn-small degree-edit"
                                        onclick={Callback::from(move |_| edit.emit(g3.clone()))}>{ t.ct.correct }</button>
                            }
                            if g.status == DegreeStatus::Returned {
                                <button class="btn btn-primary btn-small degree-resubmit" disabled={resubmitting.busy()}
                                        onclick={Callback::from(move |_| resubmit.emit(g2.clone()))}>{ t.ct.resubmit }</button>
                            }
                        </article>
                    }
                }) }
            </div>
        },
    };
    html! {
        <section class="card" aria-labelledby="my-degrees-title">
            <h2 class="card-title" id="my-degrees-title">{ t.ct.my_degrees }</h2>
            { list }
            <form class="form-grid" id="degree-form" onsubmit={record} novalidate=true>
                <h3>{ if editing.is_some() { t.ct.correct } else { t.ct.record_degree } }</h3>
                <p class="muted">{ t.ct.certificate_hint }</p>
                <div class="field-row">
                    <SelectField id="degree-level" label={t.ct.level} value={d.level.as_str()} options={levels}
                                 error={fields.get("level")}
                                 on_change={update(|d, v| if let Some(l) = DegreeLevel::parse(&v) { d.level = l })} />
                    <TextField id="degree-school" label={t.ct.school} value={d.school.clone()} required=true
                               error={fields.get("school")} on_input={update(|d, v| d.school = v)} />
                    <TextField id="degree-major" label={t.ct.major} value={d.major.clone()} required=true
                               error={fields.get("major")} on_input={update(|d, v| d.major = v)} />
                </div>
                <div class="field-row">
                    <TextField id="degree-started" label={t.ct.started_on} input_type="date" value={d.started.clone()} required=true
                               error={fields.get("started_on")} on_input={update(|d, v| d.started = v)} />
                    <TextField id="degree-graduated" label={t.ct.graduated_on} input_type="date" value={d.graduated.clone()} required=true
                               error={fields.get("graduated_on")} on_input={update(|d, v| d.graduated = v)} />
                </div>
                { form.alert(&["level", "school", "major", "started_on", "graduated_on"]) }
                <button type="submit" class="btn btn-primary" id="degree-save" disabled={form.busy()}>{ if editing.is_some() { t.ct.resubmit } else { t.ct.record_degree } }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PeopleProps {
    me: Rc<Me>,
}

#[function_component]
fn PeopleDegrees(props: &PeopleProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let status = use_state(|| "submitted".to_string());
    let list = use_fetch((*status).clone(), |status| async move {
        api::get_list::<Page<Degree>>(
            "/degrees",
            &[("per_page", "100".into()), ("status", status)],
        )
        .await
    });
    let verifies = can(&props.me, Permission::DegreesVerify);
    let mut states = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    states.extend(DegreeStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.ct.degree_status)(*s)),
        )
    }));
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => html! { <p class="muted">{ t.ct.no_degrees }</p> },
        (Some(p), None) => html! {
            <div id="people-degrees">
                { for p.items.iter().map(|g| html! {
                    <article class="entry-card" id={format!("review-{}", g.id)}>
                        <h3>{ format!("{}（{}）", g.user_name, unit_name(&units, &g.unit_id, lang)) }{ " " }{ degree_badge(g.status, t) }</h3>
                        <p>{ format!("{} {}（{}）{} — {}", g.content.school, g.content.major, (t.ct.level_name)(g.content.level), g.content.started_on, g.content.graduated_on) }</p>
                        if let Some(r) = &g.reward { <p>{ format!("{}：{}", t.ct.reward, (t.ct.reward_text)(r.amount_yuan, &r.note)) }</p> }
                        <Attachments id={format!("review-files-{}", g.id)} files={g.attachments.clone()}
                                     max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES} on_changed={list.reload.clone()} />
                        if verifies {
                            <Review degree={Rc::new(g.clone())} on_changed={list.reload.clone()} />
                        }
                    </article>
                }) }
            </div>
        },
    };
    html! {
        <section class="card" aria-labelledby="people-degrees-title">
            <h2 class="card-title" id="people-degrees-title">{ t.ct.people_degrees }</h2>
            <DownloadButton id="degrees-xlsx" path={format!("/degrees:xlsx?status={}", *status)} name={t.ct.people_degrees} />
            <SelectField id="degrees-status" label={t.col_status} value={(*status).clone()} options={states}
                         on_change={let s = status.clone(); Callback::from(move |v| s.set(v))} />
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewProps {
    degree: Rc<Degree>,
    on_changed: Callback<()>,
}

/// The personnel office's steps on one degree.
#[function_component]
fn Review(props: &ReviewProps) -> Html {
    let t = use_i18n().t();
    let g = &props.degree;
    let (id, version) = (g.id, g.version);
    let verifying = use_submission();
    let returning = use_submission();
    let rewarding = use_submission();
    let reason = use_state(String::new);
    let amount = use_state(String::new);
    let note = use_state(String::new);
    let verify = {
        let (verifying, on_changed) = (verifying.clone(), props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            let on_changed = on_changed.clone();
            verifying
                .request(async move {
                    api::post_versioned::<_, Degree>(&format!("/degrees/{id}/verify"), version, &())
                        .await
                })
                .errors_as_toast()
                .success(t.ct.verified)
                .then(move |_| on_changed.emit(()));
        })
    };
    let give_back = {
        let (returning, reason, on_changed) =
            (returning.clone(), reason.clone(), props.on_changed.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = DegreeReturn {
                reason: reason.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return returning.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            returning
                .request(async move {
                    api::post_versioned::<_, Degree>(
                        &format!("/degrees/{id}/return"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.ct.returned)
                .then(move |_| on_changed.emit(()));
        })
    };
    let reward = {
        let (rewarding, amount, note, on_changed) = (
            rewarding.clone(),
            amount.clone(),
            note.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Ok(amount_yuan) = amount.trim().parse::<u32>() else {
                let mut f = FieldErrors::default();
                f.insert("amount_yuan", t.ct.whole_number);
                return rewarding.reject(f);
            };
            let body = DegreeReward {
                amount_yuan,
                note: note.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return rewarding.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            rewarding
                .request(async move {
                    api::post_versioned::<_, Degree>(
                        &format!("/degrees/{id}/reward"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.ct.reward_saved)
                .then(move |_| on_changed.emit(()));
        })
    };
    match g.status {
        DegreeStatus::Submitted => html! {
            <div class="actions">
                <button class="btn btn-primary degree-verify" onclick={verify} disabled={verifying.busy()}>{ t.ct.verify }</button>
                <form class="inline-form degree-return" onsubmit={give_back} novalidate=true>
                    <TextField id={format!("return-{id}")} label={t.ct.return_reason} value={(*reason).clone()}
                               error={returning.fields().get("reason")}
                               on_input={let r = reason.clone(); Callback::from(move |v| r.set(v))} />
                    { returning.alert(&["reason"]) }
                    <button type="submit" class="btn" disabled={returning.busy()}>{ t.ct.return_degree }</button>
                </form>
            </div>
        },
        DegreeStatus::Verified => html! {
            <form class="inline-form degree-reward" onsubmit={reward} novalidate=true>
                <TextField id={format!("reward-amount-{id}")} label={t.ct.reward_amount} value={(*amount).clone()} inputmode="numeric"
                           error={rewarding.fields().get("amount_yuan")}
                           on_input={let a = amount.clone(); Callback::from(move |v| a.set(v))} />
                <TextField id={format!("reward-note-{id}")} label={t.ct.reward_note} value={(*note).clone()}
                           error={rewarding.fields().get("note")}
                           on_input={let n = note.clone(); Callback::from(move |v| n.set(v))} />
                { rewarding.alert(&["amount_yuan", "note"]) }
                <button type="submit" class="btn btn-primary" disabled={rewarding.busy()}>{ t.ct.reward }</button>
            </form>
        },
        _ => html! {},
    }
}
