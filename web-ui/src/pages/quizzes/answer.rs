//! Answering one question (the inputs of each of the five kinds), and answers and keys
//! in words. Shared by the attempt page and the wrong-answer book.

use api_types::quizzes::{AnswerInput, Blank, QuestionKind, QuestionOption};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::letter;
use crate::i18n::{use_i18n, Texts};

#[derive(Properties, PartialEq)]
pub struct AnswerInputsProps {
    /// Prefix of the inputs' ids (`q3` gives `q3-opt-0`, `q3-truth-true`, `q3-blank-0`,
    /// `q3-text`).
    pub id: AttrValue,
    pub kind: QuestionKind,
    /// In the order shown.
    #[prop_or_default]
    pub options: Vec<QuestionOption>,
    #[prop_or_default]
    pub blank_count: u32,
    pub answer: AnswerInput,
    /// The new answer, and whether to save it now (a choice) or once typing pauses.
    pub on_change: Callback<(AnswerInput, bool)>,
    /// A text input lost the focus: save now.
    #[prop_or_default]
    pub on_commit: Callback<()>,
    #[prop_or_default]
    pub disabled: bool,
}

/// The inputs for answering a question of `kind`.
#[function_component]
pub fn AnswerInputs(props: &AnswerInputsProps) -> Html {
    let t = use_i18n().t();
    let id = props.id.clone();
    let answer = &props.answer;
    let disabled = props.disabled;
    match props.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            let multiple = props.kind == QuestionKind::MultipleChoice;
            let chosen = answer.choices.clone().unwrap_or_default();
            html! {
                <fieldset class="answer-options" id={format!("{id}-options")}>
                    <legend class="sr-only">{ if multiple { t.qz_choose_several } else { t.qz_choose_one } }</legend>
                    { for props.options.iter().enumerate().map(|(i, o)| {
                        let checked = chosen.contains(&o.key);
                        let onchange = {
                            let (key, chosen, on_change) = (o.key.clone(), chosen.clone(), props.on_change.clone());
                            Callback::from(move |e: Event| {
                                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                let mut next: Vec<String> = if multiple { chosen.clone() } else { Vec::new() };
                                next.retain(|k| k != &key);
                                if on {
                                    next.push(key.clone());
                                }
                                next.sort();
                                on_change.emit((AnswerInput { choices: Some(next), ..AnswerInput::default() }, true));
                            })
                        };
                        let input_id = format!("{id}-opt-{i}");
                        html! {
                            <label class={classes!("answer-option", checked.then_some("chosen"))} for={input_id.clone()}>
                                <input type={if multiple { "checkbox" } else { "radio" }} id={input_id}
                                       name={format!("{id}-choice")} value={o.key.clone()} {checked} {disabled} {onchange} />
                                <span class="option-letter">{ format!("{}.", letter(i)) }</span>
                                <span>{ o.text.clone() }</span>
                            </label>
                        }
                    }) }
                </fieldset>
            }
        }
        QuestionKind::TrueFalse => {
            let choice = |value: bool, label: &'static str| {
                let checked = answer.truth == Some(value);
                let on_change = props.on_change.clone();
                let onchange = Callback::from(move |_: Event| {
                    on_change.emit((
                        AnswerInput {
                            truth: Some(value),
                            ..AnswerInput::default()
                        },
                        true,
                    ))
                });
                let input_id = format!("{id}-truth-{value}");
                html! {
                    <label class={classes!("answer-option", checked.then_some("chosen"))} for={input_id.clone()}>
                        <input type="radio" id={input_id} name={format!("{id}-truth")} {checked} {disabled} {onchange} />
                        <span>{ label }</span>
                    </label>
                }
            };
            html! {
                <fieldset class="answer-options" id={format!("{id}-options")}>
                    <legend class="sr-only">{ t.qz_choose_one }</legend>
                    { choice(true, t.qz_true) }
                    { choice(false, t.qz_false) }
                </fieldset>
            }
        }
        QuestionKind::FillBlank => {
            let count = usize::try_from(props.blank_count.max(1)).unwrap_or(1);
            let mut given = answer.blanks.clone().unwrap_or_default();
            given.resize(count, String::new());
            html! {
                <div class="answer-blanks">
                    { for (0..count).map(|i| {
                        let oninput = {
                            let (given, on_change) = (given.clone(), props.on_change.clone());
                            Callback::from(move |e: InputEvent| {
                                let mut next = given.clone();
                                next[i] = e.target_unchecked_into::<HtmlInputElement>().value();
                                on_change.emit((AnswerInput { blanks: Some(next), ..AnswerInput::default() }, false));
                            })
                        };
                        let input_id = format!("{id}-blank-{i}");
                        html! {
                            <div class="field">
                                <label for={input_id.clone()}>{ (t.qz_blank_n)(i + 1) }</label>
                                <input type="text" id={input_id} value={given[i].clone()} {disabled} {oninput}
                                       onchange={props.on_commit.reform(|_: Event| ())} />
                            </div>
                        }
                    }) }
                </div>
            }
        }
        QuestionKind::ShortAnswer => {
            let on_change = props.on_change.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                on_change.emit((
                    AnswerInput {
                        text: Some(text),
                        ..AnswerInput::default()
                    },
                    false,
                ))
            });
            let input_id = format!("{id}-text");
            html! {
                <div class="field">
                    <label for={input_id.clone()}>{ t.qz_your_answer }</label>
                    <textarea id={input_id} rows="6" value={answer.text.clone().unwrap_or_default()}
                              {disabled} {oninput} onchange={props.on_commit.reform(|_: Event| ())} />
                </div>
            }
        }
    }
}

/// Option keys as the letters they were shown with ("B、D").
fn letters(keys: &[String], options: &[QuestionOption], t: &Texts) -> String {
    let mut places: Vec<usize> = keys
        .iter()
        .filter_map(|k| options.iter().position(|o| &o.key == k))
        .collect();
    places.sort_unstable();
    places
        .into_iter()
        .map(|i| letter(i).to_string())
        .collect::<Vec<_>>()
        .join(t.list_sep)
}

/// A taker's answer in words ("未作答" when there is none).
pub fn answer_text(
    kind: QuestionKind,
    options: &[QuestionOption],
    answer: &AnswerInput,
    t: &Texts,
) -> String {
    if answer.is_empty() {
        return t.qz_unanswered.into();
    }
    match kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            letters(&answer.choices.clone().unwrap_or_default(), options, t)
        }
        QuestionKind::TrueFalse => match answer.truth {
            Some(true) => t.qz_true.into(),
            Some(false) => t.qz_false.into(),
            None => t.qz_unanswered.into(),
        },
        QuestionKind::FillBlank => answer.blanks.clone().unwrap_or_default().join("；"),
        QuestionKind::ShortAnswer => answer.text.clone().unwrap_or_default(),
    }
}

/// The answer key in words.
pub struct Key<'a> {
    pub kind: QuestionKind,
    pub options: &'a [QuestionOption],
    pub correct_options: &'a [String],
    pub correct_truth: Option<bool>,
    pub blanks: &'a [Blank],
    pub reference_answer: Option<&'a str>,
}

impl Key<'_> {
    pub fn text(&self, t: &Texts) -> String {
        match self.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                letters(self.correct_options, self.options, t)
            }
            QuestionKind::TrueFalse => match self.correct_truth {
                Some(true) => t.qz_true.into(),
                Some(false) => t.qz_false.into(),
                None => "—".into(),
            },
            QuestionKind::FillBlank => self
                .blanks
                .iter()
                .map(|b| b.accepted.join(" / "))
                .collect::<Vec<_>>()
                .join("；"),
            QuestionKind::ShortAnswer => self.reference_answer.unwrap_or("—").to_string(),
        }
    }
}
