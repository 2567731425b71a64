//! 错题本: the questions I answered wrongly, each with a form to answer it again; a
//! right answer takes it out of the book, a wrong one shows the key.

use api_types::quizzes::{AnswerInput, PracticeAnswer, PracticeOutcome, WrongAnswer};
use yew::prelude::*;

use super::answer::{answer_text, AnswerInputs, Key};
use super::{tabs, Rights};
use crate::components::{use_toaster, Badge, ErrorPanel, Loading, PageHeader};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn WrongBookPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| api::get::<Vec<WrongAnswer>>("/me/wrong-answers"));
    if !Rights::of(&props.me).take {
        return forbidden();
    }
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(items), None) if items.is_empty() => html! {
            <p class="muted" id="wrong-empty">{ t.qz_wrong_empty }</p>
        },
        (Some(items), None) => html! {
            <ol class="wrong-list" id="wrong-list">
                { for items.iter().map(|w| html! {
                    <WrongItem key={w.question_id.to_string()} item={w.clone()} on_mastered={list.reload.clone()} />
                }) }
            </ol>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_quizzes.0} description={Some(AttrValue::Static(t.qz_wrong_intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="wrong-title">
                <h2 id="wrong-title" class="card-title">{ t.qz_tab_wrong }</h2>
                { body }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct WrongItemProps {
    item: WrongAnswer,
    on_mastered: Callback<()>,
}

#[function_component]
fn WrongItem(props: &WrongItemProps) -> Html {
    let t = use_i18n().t();
    let w = &props.item;
    let answer = use_state(AnswerInput::default);
    let outcome = use_state(|| None::<PracticeOutcome>);
    let form = use_submission();
    let toaster = use_toaster();
    let id = format!("wrong-{}", w.question_id);
    let onsubmit = {
        let (answer, outcome, form) = (answer.clone(), outcome.clone(), form.clone());
        let (on_mastered, question) = (props.on_mastered.clone(), w.question_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if answer.is_empty() {
                return;
            }
            let body = PracticeAnswer {
                answer: (*answer).clone(),
            };
            let (outcome, on_mastered, toaster) =
                (outcome.clone(), on_mastered.clone(), toaster.clone());
            let path = format!("/me/wrong-answers/{question}/practice");
            form.request(async move { api::post::<_, PracticeOutcome>(&path, &body).await })
                .then(move |o| {
                    if o.mastered {
                        toaster.success(t.qz_mastered);
                        on_mastered.emit(());
                    }
                    outcome.set(Some(o));
                });
        })
    };
    let key = Key {
        kind: w.kind,
        options: &w.options,
        correct_options: &w.correct_options,
        correct_truth: w.correct_truth,
        blanks: &w.blanks,
        reference_answer: None,
    };
    html! {
        <li class="wrong-item" id={id.clone()}>
            <div class="question-head">
                <Badge text={(t.qz_question_kind)(w.kind)} />
                <span class="muted small">
                    { (t.qz_times_wrong)(w.times_wrong, &format::bureau_time(&w.last_wrong_at)) }
                </span>
            </div>
            <p class="question-stem">{ w.stem.clone() }</p>
            <form class="practice-form" onsubmit={onsubmit} novalidate=true>
                <AnswerInputs id={id.clone()} kind={w.kind} options={w.options.clone()}
                              blank_count={w.blank_count} answer={(*answer).clone()}
                              on_change={let a = answer.clone(); Callback::from(move |(v, _)| a.set(v))} />
                { form.alert(&[]) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id={format!("{id}-check")}
                            disabled={form.busy() || answer.is_empty()}>{ t.qz_check_answer }</button>
                </div>
            </form>
            if let Some(o) = &*outcome {
                if o.correct {
                    <p class="alert alert-success" id={format!("{id}-outcome")}>{ t.qz_practice_right }</p>
                } else {
                    <div class="alert alert-error" id={format!("{id}-outcome")} role="alert">
                        <span>{ (t.qz_practice_wrong)(&answer_text(w.kind, &w.options, &answer, t)) }</span>
                        <dl class="details compact">
                            <dt>{ t.qz_key }</dt><dd>{ key.text(t) }</dd>
                            if !w.explanation.trim().is_empty() {
                                <dt>{ t.qz_explanation }</dt><dd class="prose">{ w.explanation.clone() }</dd>
                            }
                            if let Some(law) = &w.legal_reference {
                                <dt>{ t.qz_legal_reference }</dt><dd>{ format!("{} {}", law.law, law.article) }</dd>
                            }
                        </dl>
                    </div>
                }
            }
        </li>
    }
}
