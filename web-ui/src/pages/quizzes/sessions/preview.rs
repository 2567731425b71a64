//! A sample draw of a session's paper with its answers: what a taker could get.

use api_types::quizzes::{PaperPreview, QuestionKind};
use yew::prelude::*;

use super::super::answer::Key;
use super::super::{letter, points};
use crate::components::Badge;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct PreviewViewProps {
    pub preview: PaperPreview,
}

#[function_component]
pub fn PreviewView(props: &PreviewViewProps) -> Html {
    let t = use_i18n().t();
    let p = &props.preview;
    html! {
        <section class="preview" id="preview" aria-labelledby="preview-title">
            <h3 id="preview-title" class="subhead">
                { (t.qz_preview_title)(p.items.len(), &points(p.max_score)) }
            </h3>
            <p class="field-hint">{ t.qz_preview_hint }</p>
            <ol class="review-list">
                { for p.items.iter().map(|item| {
                    let c = &item.content;
                    // Options in the order a taker would see them.
                    let options: Vec<_> = item.option_order.iter()
                        .filter_map(|k| c.options.iter().find(|o| &o.key == k).cloned())
                        .collect();
                    let key = Key {
                        kind: c.kind,
                        options: &options,
                        correct_options: &c.correct_options,
                        correct_truth: c.correct_truth,
                        blanks: &c.blanks,
                        reference_answer: c.reference_answer.as_deref(),
                    };
                    html! {
                        <li class="review-item preview-item" data-slot={item.slot.to_string()}>
                            <div class="question-head">
                                <span class="question-number">{ (t.qz_question_n)(item.position + 1) }</span>
                                <Badge text={(t.qz_question_kind)(c.kind)} />
                                <span class="muted small">{ format!("{} {} · {}", points(item.points), t.qz_points_unit, (t.qz_slot_n)(item.slot as usize + 1, "")) }</span>
                            </div>
                            <p class="question-stem">{ c.stem.clone() }</p>
                            if matches!(c.kind, QuestionKind::SingleChoice | QuestionKind::MultipleChoice) {
                                <ul class="option-list">
                                    { for options.iter().enumerate().map(|(i, o)| html! {
                                        <li class={classes!(c.correct_options.contains(&o.key).then_some("option-right"))}>
                                            { format!("{}. {}", letter(i), o.text) }
                                        </li>
                                    }) }
                                </ul>
                            }
                            <dl class="details compact">
                                <dt>{ t.qz_key }</dt><dd>{ key.text(t) }</dd>
                                if !c.explanation.trim().is_empty() {
                                    <dt>{ t.qz_explanation }</dt><dd class="prose">{ c.explanation.clone() }</dd>
                                }
                                if let Some(law) = &c.legal_reference {
                                    <dt>{ t.qz_legal_reference }</dt><dd>{ format!("{} {}", law.law, law.article) }</dd>
                                }
                            </dl>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
