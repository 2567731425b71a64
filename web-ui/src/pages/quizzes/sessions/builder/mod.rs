//! Preparing a session (a draft): its kind and title, its window in bureau time, the
//! limits, the pass score and grading, the shuffles, the review policy, the page-leave
//! limit, the audience and the paper. New sessions are created, drafts replaced.

mod draft;
pub mod paper;

use std::rc::Rc;

use api_types::auth::Me;
use api_types::quizzes::{
    GradingMethod, QuizKind, QuizSession, QuizStatus, ReviewPolicy, StudyPlan,
};
use api_types::Page;
use yew::prelude::*;

use self::draft::Draft;
use self::paper::PaperEditor;
use super::super::audience::AudienceEditor;
use super::super::bank::use_categories;
use super::super::{tabs, Rights};
use crate::components::{
    push_path, Checkbox, ErrorPanel, Href, Loading, PageHeader, SelectField, TextAreaField,
    TextField,
};
use crate::hooks::{unit_options, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn NewSessionPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    html! {
        <>
            <PageHeader title={t.qz_new_session} description={Some(AttrValue::Static(t.qz_builder_intro))} />
            { tabs(t, &props.me) }
            <SessionForm me={props.me.clone()} session={None::<Rc<QuizSession>>} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditSessionProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn EditSessionPage(props: &EditSessionProps) -> Html {
    let t = use_i18n().t();
    let session = use_fetch(props.id.clone(), |id| async move {
        api::get::<QuizSession>(&format!("/quiz-sessions/{id}")).await
    });
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    let body = match (session.data(), session.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(session.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(s), None) if s.status != QuizStatus::Draft => html! {
            <p class="alert alert-info">{ t.qz_only_drafts_edited }</p>
        },
        (Some(s), None) => html! { <SessionForm me={props.me.clone()} session={Some(s)} /> },
    };
    html! {
        <>
            <PageHeader title={t.qz_edit_session}>
                <Href to={format!("/quizzes/sessions/{}", props.id)} class="btn">{ t.qz_back_to_session }</Href>
            </PageHeader>
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SessionFormProps {
    me: Rc<Me>,
    /// The draft being edited; `None` for a new session.
    session: Option<Rc<QuizSession>>,
}

#[function_component]
fn SessionForm(props: &SessionFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let categories = use_categories();
    let plans = use_fetch((), |()| async move {
        api::get_list::<Page<StudyPlan>>("/study-plans", &[("per_page", "100".into())]).await
    });
    let draft = use_state(|| match &props.session {
        Some(s) => Draft::of(s),
        None => Draft::new(props.me.unit.id),
    });
    let form = use_submission();
    let editing = props.session.as_ref().map(|s| (s.id, s.version));

    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let flag = |f: fn(&mut Draft, bool)| {
        let draft = draft.clone();
        Callback::from(move |v: bool| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, form) = (draft.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => return form.reject(errors),
            };
            form.request(async move {
                match editing {
                    Some((id, version)) => {
                        api::put::<_, QuizSession>(
                            &format!("/quiz-sessions/{id}"),
                            version,
                            &content,
                        )
                        .await
                    }
                    None => api::post::<_, QuizSession>("/quiz-sessions", &content).await,
                }
            })
            .success(t.qz_session_saved)
            .leaving()
            .then(|s| push_path(&format!("/quizzes/sessions/{}", s.id)));
        })
    };

    let options = |all: &[(&'static str, &'static str)]| -> Vec<(AttrValue, AttrValue)> {
        all.iter()
            .map(|&(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
            .collect()
    };
    let kinds: Vec<(&str, &str)> = QuizKind::ALL
        .iter()
        .filter(|k| **k != QuizKind::Makeup || draft.kind == QuizKind::Makeup)
        .map(|k| (k.as_str(), (t.qz_kind)(*k)))
        .collect();
    let gradings: Vec<(&str, &str)> = GradingMethod::ALL
        .iter()
        .map(|g| (g.as_str(), (t.qz_grading_method)(*g)))
        .collect();
    let reviews: Vec<(&str, &str)> = ReviewPolicy::ALL
        .iter()
        .map(|r| (r.as_str(), (t.qz_review_policy)(*r)))
        .collect();
    let mut plan_options = vec![(AttrValue::Static(""), AttrValue::Static(t.qz_no_plan))];
    plan_options.extend(plans.data().iter().flat_map(|p| p.items.clone()).map(|p| {
        (
            AttrValue::from(p.id.to_string()),
            AttrValue::from(format!("{} · {}", p.content.year, p.content.title)),
        )
    }));
    let mut quarters = vec![(AttrValue::Static(""), AttrValue::Static(t.choose))];
    quarters.extend((1..=4u32).map(|q| {
        (
            AttrValue::from(q.to_string()),
            AttrValue::from((t.quarter_name)(q)),
        )
    }));
    let fields = form.fields();
    let shown: Vec<String> = draft.shown_fields();
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    let d = &*draft;
    html! {
        <form class="form-grid session-form" id="session-form" onsubmit={onsubmit} novalidate=true>
            <section class="card">
                <fieldset>
                    <legend>{ t.qz_basics }</legend>
                    <div class="field-row">
                        <SelectField id="session-organiser" label={t.qz_organiser} value={d.organiser.clone()} required=true
                                     options={unit_options(&units, lang, t.choose, true)} error={fields.get("organiser_unit_id")}
                                     on_change={update(|d, v| d.organiser = v)} />
                        <SelectField id="session-kind" label={t.col_kind} value={d.kind.as_str()} options={options(&kinds)}
                                     error={fields.get("kind")}
                                     on_change={update(|d, v| if let Some(k) = QuizKind::parse(&v) { d.kind = k })} />
                    </div>
                    <TextField id="session-title" label={t.qz_title} value={d.title.clone()} required=true
                               error={fields.get("title")} on_input={update(|d, v| d.title = v)} />
                    <TextAreaField id="session-description" label={t.qz_description} value={d.description.clone()}
                                   error={fields.get("description")} on_input={update(|d, v| d.description = v)} />
                    if d.kind == QuizKind::QuarterlyQuiz {
                        <div class="field-row">
                            <SelectField id="session-plan" label={t.qz_study_plan} value={d.study_plan.clone()}
                                         options={plan_options} error={fields.get("study_plan_id")}
                                         on_change={update(|d, v| d.study_plan = v)} />
                            <SelectField id="session-quarter" label={t.period_quarter} value={d.quarter.clone()}
                                         options={quarters} error={fields.get("quarter")}
                                         on_change={update(|d, v| d.quarter = v)} />
                        </div>
                    }
                </fieldset>
                <fieldset>
                    <legend>{ t.qz_window_and_limits }</legend>
                    <div class="field-row">
                        <TextField id="session-opens" label={t.qz_opens_at} input_type="datetime-local" value={d.opens.clone()}
                                   required=true hint={Some(AttrValue::Static(t.qz_bureau_time))} error={fields.get("opens_at")}
                                   on_input={update(|d, v| d.opens = v)} />
                        <TextField id="session-closes" label={t.qz_closes_at} input_type="datetime-local" value={d.closes.clone()}
                                   required=true hint={Some(AttrValue::Static(t.qz_bureau_time))} error={fields.get("closes_at")}
                                   on_input={update(|d, v| d.closes = v)} />
                    </div>
                    <div class="field-row">
                        <TextField id="session-time-limit" label={t.qz_time_limit_minutes} value={d.time_limit.clone()} inputmode="numeric"
                                   hint={Some(AttrValue::Static(t.qz_zero_no_limit))} error={fields.get("time_limit_minutes")}
                                   on_input={update(|d, v| d.time_limit = v)} />
                        <TextField id="session-attempts" label={t.qz_attempts_allowed} value={d.attempts.clone()} inputmode="numeric"
                                   hint={Some(AttrValue::Static(t.qz_zero_unlimited_hint))} error={fields.get("attempts_allowed")}
                                   on_input={update(|d, v| d.attempts = v)} />
                        <TextField id="session-delay" label={t.qz_attempt_delay} value={d.delay.clone()} inputmode="numeric"
                                   error={fields.get("attempt_delay_minutes")} on_input={update(|d, v| d.delay = v)} />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{ t.qz_scoring }</legend>
                    <div class="field-row">
                        <TextField id="session-pass-score" label={t.qz_pass_score} value={d.pass_score.clone()} inputmode="numeric"
                                   required=true error={fields.get("pass_score")} on_input={update(|d, v| d.pass_score = v)} />
                        <SelectField id="session-grading" label={t.qz_grading_method_label} value={d.grading.as_str()}
                                     options={options(&gradings)}
                                     on_change={update(|d, v| if let Some(g) = GradingMethod::parse(&v) { d.grading = g })} />
                        <SelectField id="session-review" label={t.qz_review_policy_label} value={d.review.as_str()}
                                     options={options(&reviews)}
                                     on_change={update(|d, v| if let Some(r) = ReviewPolicy::parse(&v) { d.review = r })} />
                        <TextField id="session-leave-limit" label={t.qz_leave_limit} value={d.leave_limit.clone()} inputmode="numeric"
                                   hint={Some(AttrValue::Static(t.qz_leave_limit_hint))} error={fields.get("leave_limit")}
                                   on_input={update(|d, v| d.leave_limit = v)} />
                    </div>
                    <Checkbox id="session-shuffle-questions" label={t.qz_shuffle_questions} checked={d.shuffle_questions}
                              on_change={flag(|d, v| d.shuffle_questions = v)} />
                    <Checkbox id="session-shuffle-options" label={t.qz_shuffle_options} checked={d.shuffle_options}
                              on_change={flag(|d, v| d.shuffle_options = v)} />
                </fieldset>
                <AudienceEditor audience={d.audience.clone()} errors={fields.clone()}
                                on_change={let draft = draft.clone(); Callback::from(move |a| { let mut next = (*draft).clone(); next.audience = a; draft.set(next); })} />
                <PaperEditor slots={d.paper.clone()} categories={categories.data().unwrap_or_default()} errors={fields.clone()}
                             on_change={let draft = draft.clone(); Callback::from(move |p| { let mut next = (*draft).clone(); next.paper = p; draft.set(next); })} />
                { form.alert(&shown) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="session-save" disabled={form.busy()}>
                        { if form.busy() { t.saving } else { t.qz_save_draft } }
                    </button>
                </div>
            </section>
        </form>
    }
}
