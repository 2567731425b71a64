//! `/quizzes/bank/:id`: a question with its answer, its kept revisions, and for its
//! keepers a new revision, retiring it with a reason or reactivating it.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::quizzes::{Question, QuestionRetirement, QuestionRevision, QuestionStatus};
use yew::prelude::*;

use super::form::QuestionForm;
use super::{category_paths, question_status_badge, use_categories};
use crate::components::{Badge, ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextAreaField};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::forbidden;
use crate::pages::quizzes::answer::Key;
use crate::pages::quizzes::{letter, tabs, Rights};
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct QuestionPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn QuestionPage(props: &QuestionPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let categories = use_categories();
    let question = use_fetch(props.id.clone(), |id| async move {
        api::get::<Question>(&format!("/questions/{id}")).await
    });
    let revisions = use_fetch(props.id.clone(), |id| async move {
        api::get::<Vec<QuestionRevision>>(&format!("/questions/{id}/revisions")).await
    });
    let editing = use_state(|| false);
    let retiring = use_state(|| false);
    let reason = use_state(String::new);
    let form = use_submission();
    let reactivating = use_submission();
    if !rights.questions {
        return forbidden();
    }
    let q = match (question.data(), question.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(question.reload.clone())} /> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(q), None) => q,
    };
    let reload = {
        let (a, b) = (question.reload.clone(), revisions.reload.clone());
        Callback::from(move |()| {
            a.emit(());
            b.emit(());
        })
    };
    let (id, version) = (q.id, q.version);
    let retire = {
        let (form, reason, reload, retiring) = (
            form.clone(),
            reason.clone(),
            reload.clone(),
            retiring.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if reason.trim().is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reason", "required");
                return form.reject(f);
            }
            let body = QuestionRetirement {
                reason: reason.trim().to_string(),
            };
            let (reload, retiring) = (reload.clone(), retiring.clone());
            let path = format!("/questions/{id}/retire");
            form.request(
                async move { api::post_versioned::<_, Question>(&path, version, &body).await },
            )
            .success(t.qz_retired)
            .then(move |_| {
                retiring.set(false);
                reload.emit(());
            });
        })
    };
    let reactivate = {
        let (reactivating, reload) = (reactivating.clone(), reload.clone());
        Callback::from(move |()| {
            let reload = reload.clone();
            let path = format!("/questions/{id}/reactivate");
            reactivating
                .request(
                    async move { api::post_versioned::<_, Question>(&path, version, &()).await },
                )
                .success(t.qz_reactivated)
                .errors_as_toast()
                .then(move |_| reload.emit(()));
        })
    };
    let c = &q.content;
    let category = category_paths(&categories.data().unwrap_or_default())
        .into_iter()
        .find(|(id, _)| *id == c.category_id)
        .map(|(_, p)| p)
        .unwrap_or_default();
    let key = Key {
        kind: c.kind,
        options: &c.options,
        correct_options: &c.correct_options,
        correct_truth: c.correct_truth,
        blanks: &c.blanks,
        reference_answer: c.reference_answer.as_deref(),
    };
    let manage = rights.questions_manage;
    html! {
        <>
            <PageHeader title={t.qz_question} description={Some(AttrValue::from(category))}>
                <Href to="/quizzes/bank" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" id="question">
                <div class="card-head">
                    <h2 class="card-title">{ (t.qz_question_kind)(c.kind) }</h2>
                    <span class="badges" id="question-status">
                        { question_status_badge(q.status, t) }
                        <Badge text={(t.qz_revision_n)(q.revision)} />
                    </span>
                </div>
                <p class="question-stem" id="question-stem-text">{ c.stem.clone() }</p>
                if !c.options.is_empty() {
                    <ul class="option-list">
                        { for c.options.iter().enumerate().map(|(i, o)| html! {
                            <li class={classes!(c.correct_options.contains(&o.key).then_some("option-right"))}>
                                { format!("{}. {}", letter(i), o.text) }
                            </li>
                        }) }
                    </ul>
                }
                <dl class="details compact">
                    <dt>{ t.qz_key }</dt><dd id="question-key">{ key.text(t) }</dd>
                    if !c.explanation.trim().is_empty() {
                        <dt>{ t.qz_explanation }</dt><dd class="prose">{ c.explanation.clone() }</dd>
                    }
                    if let Some(law) = &c.legal_reference {
                        <dt>{ t.qz_legal_reference }</dt><dd>{ format!("{} {}", law.law, law.article) }</dd>
                    }
                    <dt>{ t.qz_tags }</dt><dd>{ if c.tags.is_empty() { "—".to_string() } else { c.tags.join("、") } }</dd>
                    <dt>{ t.qz_owner }</dt><dd>{ unit_name(&units, &q.owner_unit_id, lang) }</dd>
                    if let Some(r) = &q.retire_reason {
                        <dt>{ t.qz_retire_reason }</dt><dd class="prose">{ r.clone() }</dd>
                    }
                </dl>
                if manage {
                    <div class="form-buttons">
                        <button type="button" class="btn" id="question-edit"
                                onclick={let e = editing.clone(); Callback::from(move |_| e.set(!*e))}>{ t.edit }</button>
                        if q.status == QuestionStatus::Active {
                            <button type="button" class="btn btn-danger" id="question-retire"
                                    onclick={let r = retiring.clone(); Callback::from(move |_| r.set(!*r))}>{ t.qz_retire }</button>
                        } else {
                            <button type="button" class="btn" id="question-reactivate" disabled={reactivating.busy()}
                                    onclick={reactivating.ask()}>{ t.qz_reactivate }</button>
                        }
                    </div>
                    { reactivating.confirm_dialog(t.qz_reactivate, t.qz_reactivate_body, t.qz_reactivate, reactivate) }
                    if *retiring {
                        <form class="inline-form" id="retire-form" onsubmit={retire} novalidate=true>
                            <TextAreaField id="retire-reason" label={t.qz_retire_reason} value={(*reason).clone()} required=true
                                           error={form.fields().get("reason")}
                                           on_input={let s = reason.clone(); Callback::from(move |v| s.set(v))} />
                            { form.alert(&["reason"]) }
                            <div class="form-buttons">
                                <button type="submit" class="btn btn-danger" id="retire-confirm" disabled={form.busy()}>{ t.qz_retire }</button>
                            </div>
                        </form>
                    }
                }
            </section>
            if manage && *editing {
                <section class="card" aria-labelledby="question-edit-title">
                    <h2 id="question-edit-title" class="card-title">{ t.qz_new_revision }</h2>
                    <QuestionForm owner={q.owner_unit_id} question={Some(q.clone())}
                                  on_saved={let (e, r) = (editing.clone(), reload.clone()); Callback::from(move |_| { e.set(false); r.emit(()); })} />
                </section>
            }
            <section class="card" aria-labelledby="revisions-title">
                <h2 id="revisions-title" class="card-title">{ t.qz_revisions }</h2>
                <ol class="timeline" id="question-revisions">
                    { for revisions.data().iter().flat_map(|r| r.iter().rev().cloned().collect::<Vec<_>>()).map(|r| html! {
                        <li>
                            <span class="timeline-time">{ format::bureau_time(&r.recorded_at) }</span>
                            <span class="timeline-action">{ format!("{} · {}", (t.qz_revision_n)(r.revision), r.recorded_by_name) }</span>
                            <p class="timeline-comment">{ r.content.stem.clone() }</p>
                        </li>
                    }) }
                </ol>
            </section>
        </>
    }
}
