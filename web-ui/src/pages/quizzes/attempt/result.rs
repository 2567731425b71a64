//! A submitted attempt: the score, passed or failed, and the review (the answer key,
//! the explanation and the law) when the session's policy shows it; short answers wait
//! for their grader.

use std::rc::Rc;

use api_types::quizzes::{AttemptStatus, PaperQuestion, QuizAttempt, ReviewItem};
use yew::prelude::*;

use super::super::answer::{answer_text, Key};
use super::super::{pass_badge, points, score};
use crate::components::{Badge, Href, Tone};
use crate::format;
use crate::i18n::{use_i18n, Texts};

#[derive(Properties, PartialEq)]
pub struct AttemptResultProps {
    pub attempt: Rc<QuizAttempt>,
}

#[function_component]
pub fn AttemptResult(props: &AttemptResultProps) -> Html {
    let t = use_i18n().t();
    let a = &props.attempt;
    let awaiting = a.status == AttemptStatus::AwaitingGrading;
    html! {
        <>
            <section class="card attempt-result" id="attempt-result" aria-labelledby="attempt-result-title">
                <h2 id="attempt-result-title" class="card-title">{ t.qz_result }</h2>
                <div class="result-head">
                    <p class="result-score" id="attempt-score">{ score(a.score, a.max_score) }</p>
                    <span id="attempt-passed">{ pass_badge(a.passed, t) }</span>
                </div>
                <dl class="details compact">
                    <dt>{ t.qz_pass_score }</dt><dd>{ points(a.pass_score) }</dd>
                    if let Some(at) = a.submitted_at {
                        <dt>{ t.qz_submitted_at }</dt><dd>{ format::bureau_time(&at) }</dd>
                    }
                    if let Some(how) = a.submitted_how {
                        <dt>{ t.qz_submitted_how_label }</dt><dd id="attempt-submitted-how">{ (t.qz_submitted_how)(how) }</dd>
                    }
                    <dt>{ t.qz_attempt_number }</dt><dd>{ a.number }</dd>
                </dl>
                if awaiting {
                    <p class="alert alert-info" id="attempt-awaiting">{ t.qz_awaiting_note }</p>
                }
                <Href to="/quizzes" class="btn">{ t.qz_back_to_mine }</Href>
            </section>
            <section class="card" id="attempt-review" aria-labelledby="attempt-review-title">
                <h2 id="attempt-review-title" class="card-title">{ t.qz_review }</h2>
                if a.review.is_none() {
                    <p class="muted" id="attempt-no-review">{
                        match a.review_opens_at {
                            Some(at) => format!("{}{}", t.qz_review_from, crate::format::bureau_time(&at)),
                            None => t.qz_no_review.to_string(),
                        }
                    }</p>
                }
                <ol class="review-list">
                    { for a.questions.iter().map(|q| {
                        let item = a.review.as_ref().and_then(|r| r.iter().find(|i| i.position == q.position));
                        review_item(a, q, item, t)
                    }) }
                </ol>
            </section>
        </>
    }
}

fn review_item(
    a: &QuizAttempt,
    q: &PaperQuestion,
    item: Option<&ReviewItem>,
    t: &'static Texts,
) -> Html {
    let given = a
        .answers
        .iter()
        .find(|s| s.position == q.position)
        .map(|s| s.answer.clone())
        .unwrap_or_default();
    let mark = item.map(|i| match (i.correct, i.points_awarded) {
        (_, None) => html! { <Badge tone={Tone::Warning} text={t.qz_awaiting_grading} /> },
        (Some(true), _) => html! { <Badge tone={Tone::Success} text={t.qz_correct} /> },
        (_, Some(p)) if p > 0.0 => html! { <Badge tone={Tone::Warning} text={t.qz_partly} /> },
        _ => html! { <Badge tone={Tone::Danger} text={t.qz_wrong} /> },
    });
    html! {
        <li class="review-item" id={format!("review-{}", q.position)}>
            <div class="question-head">
                <span class="question-number">{ (t.qz_question_n)(q.position + 1) }</span>
                <Badge text={(t.qz_question_kind)(q.kind)} />
                <span class="muted small">
                    { match item.and_then(|i| i.points_awarded) {
                        Some(p) => format!("{} / {} {}", points(p), points(q.points), t.qz_points_unit),
                        None => format!("{} {}", points(q.points), t.qz_points_unit),
                    } }
                </span>
                { for mark }
            </div>
            <p class="question-stem">{ q.stem.clone() }</p>
            if !q.options.is_empty() {
                <ul class="option-list">
                    { for q.options.iter().enumerate().map(|(i, o)| {
                        let right = item.is_some_and(|it| it.correct_options.contains(&o.key));
                        html! {
                            <li class={classes!(right.then_some("option-right"))}>
                                { format!("{}. {}", super::super::letter(i), o.text) }
                            </li>
                        }
                    }) }
                </ul>
            }
            <dl class="details compact">
                <dt>{ t.qz_your_answer }</dt>
                <dd class="review-given">{ answer_text(q.kind, &q.options, &given, t) }</dd>
                if let Some(i) = item {
                    <dt>{ t.qz_key }</dt>
                    <dd class="review-key">{ Key {
                        kind: q.kind,
                        options: &q.options,
                        correct_options: &i.correct_options,
                        correct_truth: i.correct_truth,
                        blanks: &i.blanks,
                        reference_answer: i.reference_answer.as_deref(),
                    }.text(t) }</dd>
                    if !i.explanation.trim().is_empty() {
                        <dt>{ t.qz_explanation }</dt><dd class="prose">{ i.explanation.clone() }</dd>
                    }
                    if let Some(law) = &i.legal_reference {
                        <dt>{ t.qz_legal_reference }</dt>
                        <dd>{ format!("{} {}", law.law, law.article) }</dd>
                    }
                    if let Some(c) = &i.grader_comment {
                        <dt>{ t.qz_grader_comment }</dt><dd class="prose">{ c.clone() }</dd>
                    }
                }
            </dl>
        </li>
    }
}
