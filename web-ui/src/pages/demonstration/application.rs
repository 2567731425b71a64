//! `/demonstration/applications/:id` and `/demonstration/rounds/:id/apply`: a brigade's
//! application — its account of the work, the self-assessment against the criteria with
//! the evidence it uploads, the running self total, saving and submitting by the
//! deadline (the server refuses later submissions: its words are shown); the county
//! bureau's recommendation; for a named unit of a published round its certificate.

use std::collections::BTreeMap;
use std::rc::Rc;

use api_types::assessment::{show, RuleSet};
use api_types::auth::Me;
use api_types::demonstration::{
    accepting, ApplicationContent, ApplicationStatus, DemonstrationApplication, DemonstrationRound,
    RoundStatus,
};
use api_types::{ErrorCode, Permission};
use validator::Validate;
use yew::prelude::*;

use super::criteria::round_with_rules;
use super::recommend::RecommendPanel;
use super::self_assessment::{
    criteria_table, entries_of, positions, scores_of, total, Editing, Entries, Entry,
};
use super::{application_badges, header, recommends, refusal_with};
use crate::capability::can;
use crate::components::{
    push_path, Attachments, ErrorPanel, FieldErrors, Href, Loading, TextAreaField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct ApplicationProps {
    pub me: Rc<Me>,
    pub id: String,
}

type Loaded = (DemonstrationApplication, DemonstrationRound, RuleSet);

async fn load(id: String) -> Result<Loaded, ApiError> {
    let a =
        api::get::<DemonstrationApplication>(&format!("/demonstration-applications/{id}")).await?;
    let (round, rules) = round_with_rules(&a.content.round_id.to_string()).await?;
    Ok((a, round, rules))
}

#[function_component]
pub fn ApplicationPage(props: &ApplicationProps) -> Html {
    let t = use_i18n().t();
    let data = use_fetch(props.id.clone(), load);
    let body = match (data.data(), data.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(data.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(d), None) => {
            let (a, round, rules) = &*d;
            let editable = a.status == ApplicationStatus::Draft
                && can(&props.me, Permission::DemonstrationApply);
            html! {
                <>
                    { summary_card(a, round, t) }
                    if editable {
                        <ApplicationForm me={props.me.clone()} round={Rc::new(round.clone())} rules={Rc::new(rules.clone())}
                                         application={Some(Rc::new(a.clone()))} on_changed={data.reload.clone()} />
                    } else {
                        { read_only(a, rules, t, data.reload.clone()) }
                    }
                    if recommends(&props.me, a) {
                        <RecommendPanel application={Rc::new(a.clone())} on_changed={data.reload.clone()} />
                    }
                </>
            }
        }
    };
    html! {
        <>
            { header(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct NewApplicationProps {
    pub me: Rc<Me>,
    pub round_id: String,
}

/// The first save of an application (files are uploaded once it exists).
#[function_component]
pub fn NewApplicationPage(props: &NewApplicationProps) -> Html {
    let t = use_i18n().t();
    let data = use_fetch(props.round_id.clone(), |id| async move {
        round_with_rules(&id).await
    });
    let body = match (data.data(), data.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(data.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(d), None) => {
            let (round, rules) = &*d;
            html! {
                <>
                    <section class="card" aria-labelledby="application-title">
                        <h2 class="card-title" id="application-title">{ (t.demo.new_application)(&round.content.name) }</h2>
                        <p class="muted">{ (t.demo.apply_hint)(&round.content.apply_by.to_string()) }</p>
                    </section>
                    <ApplicationForm me={props.me.clone()} round={Rc::new(round.clone())} rules={Rc::new(rules.clone())}
                                     application={None} on_changed={data.reload.clone()} />
                </>
            }
        }
    };
    html! {
        <>
            { header(t, &props.me) }
            if can(&props.me, Permission::DemonstrationApply) { { body } } else { { crate::pages::forbidden() } }
        </>
    }
}

fn summary_card(
    a: &DemonstrationApplication,
    round: &DemonstrationRound,
    t: &'static Texts,
) -> Html {
    let published = round.status == RoundStatus::Published;
    html! {
        <section class="card" aria-labelledby="application-title">
            <div class="card-toolbar">
                <h2 class="card-title" id="application-title">{ (t.demo.application_of)(&a.unit_name, a.year) }</h2>
                <span id="application-status">{ application_badges(a, t) }</span>
            </div>
            <dl class="details two-col">
                <dt>{ t.demo.round_name }</dt>
                <dd><Href to={format!("/demonstration/rounds/{}", round.id)}>{ a.round_name.clone() }</Href></dd>
                <dt>{ t.demo.recommender }</dt><dd>{ a.recommender_unit_name.clone() }</dd>
                <dt>{ t.demo.apply_by }</dt>
                <dd>{ round.content.apply_by.to_string() }{ " " }
                    <span class={classes!(if round.accepting { "muted" } else { "text-danger" })}>
                        { if round.accepting { t.demo.accepting } else { t.demo.closed } }
                    </span></dd>
                <dt>{ t.demo.self_total }</dt><dd id="application-self-total">{ show(a.self_total) }</dd>
                if let Some(at) = &a.submitted_at {
                    <dt>{ t.demo.submitted_at }</dt><dd>{ format::local_time(at) }</dd>
                }
                if let Some(comment) = &a.recommendation_comment {
                    <dt>{ t.demo.recommendation }</dt>
                    <dd id="recommendation">{ format!("{}（{} {}）", comment, a.recommended_by_name.clone().unwrap_or_default(),
                        a.recommended_at.as_ref().map(format::local_time).unwrap_or_default()) }</dd>
                }
            </dl>
            if a.overdue {
                <p class="alert alert-warning" id="application-overdue">{ (t.demo.overdue_note)(&round.content.apply_by.to_string()) }</p>
            }
            if a.named && published {
                <p><Href to={format!("/demonstration/applications/{}/certificate", a.id)} class={classes!("btn", "certificate-link")}>
                    { t.demo.certificate }</Href></p>
            }
        </section>
    }
}

fn read_only(
    a: &DemonstrationApplication,
    rules: &RuleSet,
    t: &'static Texts,
    reload: Callback<()>,
) -> Html {
    let entries = entries_of(&a.content.self_assessment);
    html! {
        <section class="card" aria-labelledby="self-title">
            <h2 class="card-title" id="self-title">{ t.demo.summary }</h2>
            <p class="prose" id="application-summary-text">{ a.content.summary.clone() }</p>
            <h3>{ t.demo.self_assessment }</h3>
            { criteria_table(rules, &entries, &a.attachments, None, t) }
            <Attachments id="evidence" files={a.attachments.clone()}
                         max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES} on_changed={reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    me: Rc<Me>,
    round: Rc<DemonstrationRound>,
    rules: Rc<RuleSet>,
    /// None: not saved yet.
    application: Option<Rc<DemonstrationApplication>>,
    on_changed: Callback<()>,
}

#[function_component]
fn ApplicationForm(props: &FormProps) -> Html {
    let t = use_i18n().t();
    let summary = use_state(|| {
        props
            .application
            .as_ref()
            .map(|a| a.content.summary.clone())
            .unwrap_or_default()
    });
    let entries = use_state(|| {
        props
            .application
            .as_ref()
            .map(|a| entries_of(&a.content.self_assessment))
            .unwrap_or_default()
    });
    let saving = use_submission();
    let submitting = use_submission();
    let rules = props.rules.clone();
    // The content as it stands, or the errors to show before sending.
    let content = {
        let (summary, entries, rules) = (summary.clone(), entries.clone(), rules.clone());
        let round_id = props.round.id;
        let unit_id = props
            .application
            .as_ref()
            .map(|a| a.content.unit_id)
            .unwrap_or(props.me.unit.id);
        move || -> Result<ApplicationContent, FieldErrors> {
            let (self_assessment, problems) = scores_of(&entries, &rules, t);
            let body = ApplicationContent {
                round_id,
                unit_id,
                summary: summary.trim().to_string(),
                self_assessment,
            };
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.insert(&field, message);
            }
            if let Err(v) = body.validate() {
                errors.merge(FieldErrors::from_validation(&v, t));
            }
            if errors.is_empty() {
                Ok(body)
            } else {
                Err(errors)
            }
        }
    };
    let existing = props.application.as_ref().map(|a| (a.id, a.version));
    let save = {
        let (saving, on_changed, content) =
            (saving.clone(), props.on_changed.clone(), content.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = match content() {
                Ok(body) => body,
                Err(errors) => return saving.reject(errors),
            };
            let on_changed = on_changed.clone();
            match existing {
                Some((id, version)) => saving
                    .request(async move {
                        api::put::<_, DemonstrationApplication>(
                            &format!("/demonstration-applications/{id}"),
                            version,
                            &body,
                        )
                        .await
                    })
                    .success(t.demo.application_saved)
                    .then(move |_| on_changed.emit(())),
                None => saving
                    .request(async move {
                        api::post::<_, DemonstrationApplication>(
                            "/demonstration-applications",
                            &body,
                        )
                        .await
                    })
                    .success(t.demo.application_created)
                    .then(|a| push_path(&format!("/demonstration/applications/{}", a.id))),
            }
        })
    };
    let submit = {
        let (submitting, on_changed) = (submitting.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let Some((id, version)) = existing else {
                return;
            };
            let body = match content() {
                Ok(body) => body,
                Err(errors) => return submitting.reject(errors),
            };
            let on_changed = on_changed.clone();
            submitting
                .request(async move {
                    let path = format!("/demonstration-applications/{id}");
                    let saved =
                        api::put::<_, DemonstrationApplication>(&path, version, &body).await?;
                    api::post_versioned::<_, DemonstrationApplication>(
                        &format!("{path}/submit"),
                        saved.version,
                        &(),
                    )
                    .await
                })
                .success(t.demo.application_submitted)
                .then(move |_| on_changed.emit(()));
        })
    };
    let on_edit = {
        let entries = entries.clone();
        Callback::from(move |(code, entry): (String, Entry)| {
            let mut next: Entries = (*entries).clone();
            next.insert(code, entry);
            entries.set(next);
        })
    };
    // Errors by criterion: the client's own and the server's `self_assessment[n].…`.
    let at = positions(&entries, &rules);
    let parts = |n: usize| {
        ["points", "note", "item", "evidence_ids"]
            .into_iter()
            .map(String::from)
            .chain((0..20).map(|k| format!("evidence_ids[{k}]")))
            .map(move |p| format!("self_assessment[{n}].{p}"))
    };
    let mut row_errors = BTreeMap::new();
    for form in [&saving, &submitting] {
        for (code, n) in &at {
            for field in parts(*n) {
                if let Some(e) = form.fields().get(&field) {
                    row_errors
                        .entry(code.clone())
                        .or_insert_with(|| e.to_string());
                }
            }
        }
    }
    let shown: Vec<String> = std::iter::once("summary".to_string())
        .chain(at.values().flat_map(|n| parts(*n)))
        .collect();
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    let files = props
        .application
        .as_ref()
        .map(|a| a.attachments.clone())
        .unwrap_or_default();
    let points_total = props.rules.content.total_points();
    // After the deadline the server refuses a submission (409): say so in words.
    let now =
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    let open = accepting(props.round.content.apply_by, now);
    let closed: Vec<(ErrorCode, &'static str)> = if open {
        Vec::new()
    } else {
        vec![(ErrorCode::InvalidState, t.demo.closed_refused)]
    };
    html! {
        <section class="card" aria-labelledby="application-form-title">
            <h2 class="card-title" id="application-form-title">{ t.demo.application_form }</h2>
            <form class="form-grid" id="application-form" onsubmit={save} novalidate=true>
                <TextAreaField id="application-summary" label={t.demo.summary} value={(*summary).clone()} rows={8} required=true
                               hint={Some(AttrValue::Static(t.demo.summary_hint))}
                               error={saving.fields().get("summary").or_else(|| submitting.fields().get("summary"))}
                               on_input={let s = summary.clone(); Callback::from(move |v| s.set(v))} />
                <h3>{ t.demo.self_assessment }</h3>
                <p class="score-line" id="self-total" aria-live="polite">
                    { (t.demo.self_total_line)(&show(total(&entries)), &show(points_total)) }
                </p>
                { criteria_table(&rules, &entries, &files, Some(Editing { on_edit: &on_edit, errors: &row_errors }), t) }
                { saving.alert(&shown) }
                { refusal_with("application-submit-error", submitting.error(), t, &closed) }
                if !submitting.fields().is_empty() && submitting.error().is_none() {
                    <p class="field-error">{ t.err_check_fields }</p>
                }
                <div class="form-buttons">
                    <button type="submit" class="btn" id="application-save" disabled={saving.busy()}>{ t.save }</button>
                    if existing.is_some() {
                        <button type="button" class="btn btn-primary" id="application-submit" onclick={submitting.ask()}
                                disabled={submitting.busy()}>{ t.demo.submit_application }</button>
                    }
                </div>
                if !open {
                    <p class="field-hint text-danger" id="deadline-passed">{ (t.demo.overdue_note)(&props.round.content.apply_by.to_string()) }</p>
                }
                { submitting.confirm_dialog(t.demo.submit_application, t.demo.submit_confirm, t.demo.submit_application, submit) }
            </form>
            if let Some(a) = &props.application {
                <Attachments id="evidence" input_id={Some(AttrValue::Static("evidence-file"))} files={a.attachments.clone()}
                             upload_path={Some(format!("/demonstration-applications/{}/attachments", a.id))}
                             may_withdraw=true max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                             on_changed={props.on_changed.clone()} />
                <p class="field-hint">{ t.demo.evidence_hint }</p>
            } else {
                <p class="muted" id="evidence-after-save">{ t.demo.evidence_after_save }</p>
            }
        </section>
    }
}
