//! A question of the bank as a form: its category and kind, the stem, options A–H with
//! the correct ones for choice questions, true or false, the accepted answers of each
//! blank (separated by |), the reference answer of a short answer, the explanation, the
//! law and article, and tags. Creates a question or saves a new revision.

use std::rc::Rc;

use api_types::quizzes::{NewQuestion, Question, QuestionKind};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::draft::{blank_markers, Draft, KEYS};
use super::{category_options, use_categories};
use crate::components::{
    push_path, Checkbox, FieldErrors, PageHeader, SelectField, TextAreaField, TextField,
};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::pages::quizzes::{tabs, Rights};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn NewQuestionPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !Rights::of(&props.me).questions_manage {
        return forbidden();
    }
    html! {
        <>
            <PageHeader title={t.qz_new_question} description={Some(AttrValue::Static(t.qz_question_intro))} />
            { tabs(t, &props.me) }
            <section class="card">
                <QuestionForm owner={props.me.unit.id} question={None::<Rc<Question>>} on_saved={Callback::noop()} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct QuestionFormProps {
    /// The unit that keeps a new question.
    pub owner: Uuid,
    /// The question a new revision is saved of; `None` for a new question.
    pub question: Option<Rc<Question>>,
    pub on_saved: Callback<Question>,
}

#[function_component]
pub fn QuestionForm(props: &QuestionFormProps) -> Html {
    let t = use_i18n().t();
    let categories = use_categories();
    let draft = use_state(|| match &props.question {
        Some(q) => Draft::of(&q.content),
        None => Draft::blank(),
    });
    let form = use_submission();
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, form, owner, on_saved) = (
            draft.clone(),
            form.clone(),
            props.owner,
            props.on_saved.clone(),
        );
        let editing = props.question.as_ref().map(|q| (q.id, q.version));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = NewQuestion {
                owner_unit_id: owner,
                content: draft.content(),
            };
            let mut errors = FieldErrors::default();
            if draft.category.is_empty() {
                errors.insert_code(t, "content.category_id", "required");
            }
            if let Err(v) = body.validate() {
                errors.merge(FieldErrors::from_validation(&v, t));
            }
            if !errors.is_empty() {
                return form.reject(errors);
            }
            let on_saved = on_saved.clone();
            form.request(async move {
                match editing {
                    Some((id, version)) => {
                        api::put::<_, Question>(&format!("/questions/{id}"), version, &body.content)
                            .await
                    }
                    None => api::post::<_, Question>("/questions", &body).await,
                }
            })
            .success(t.qz_question_saved)
            .then(move |q| {
                if editing.is_none() {
                    push_path(&format!("/quizzes/bank/{}", q.id));
                }
                on_saved.emit(q);
            });
        })
    };
    let fields = form.fields();
    let err = |f: &str| {
        fields
            .get(&format!("content.{f}"))
            .or_else(|| fields.get(f))
    };
    let d = &*draft;
    let kinds: Vec<(AttrValue, AttrValue)> = QuestionKind::ALL
        .iter()
        .map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.qz_question_kind)(*k)),
            )
        })
        .collect();
    let blank_count = blank_markers(&d.stem).max(1);
    let set_correct = |key: &'static str| {
        let draft = draft.clone();
        Callback::from(move |on: bool| {
            let mut next = (*draft).clone();
            if next.kind == QuestionKind::SingleChoice {
                next.correct.clear();
            }
            next.correct.retain(|k| k != key);
            if on {
                next.correct.push(key.to_string());
            }
            draft.set(next);
        })
    };
    let set_count = |delta: i32| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.option_count = (next.option_count as i32 + delta).clamp(2, 8) as usize;
            draft.set(next);
        })
    };
    let set_truth = |value: bool| {
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            let mut next = (*draft).clone();
            next.truth = Some(value);
            draft.set(next);
        })
    };
    let shown = [
        "content.category_id",
        "content.kind",
        "content.stem",
        "content.options",
        "content.correct_options",
        "content.correct_truth",
        "content.blanks",
        "content.reference_answer",
        "content.explanation",
        "content.legal_reference.law",
        "content.legal_reference.article",
        "content.tags",
    ];
    html! {
        <form class="form-grid question-form" id="question-form" onsubmit={onsubmit} novalidate=true>
            <div class="field-row">
                <SelectField id="question-category" label={t.qz_category} value={d.category.clone()} required=true
                             options={category_options(&categories.data().unwrap_or_default(), t.choose)}
                             error={err("category_id")} on_change={update(|d, v| d.category = v)} />
                <SelectField id="question-kind" label={t.qz_question_kind_label} value={d.kind.as_str()} options={kinds}
                             error={err("kind")}
                             on_change={update(|d, v| if let Some(k) = QuestionKind::parse(&v) { d.kind = k; d.correct.clear(); })} />
            </div>
            <TextAreaField id="question-stem" label={t.qz_stem} value={d.stem.clone()} required=true rows={4}
                           hint={(d.kind == QuestionKind::FillBlank).then_some(AttrValue::Static(t.qz_blank_hint))}
                           error={err("stem")} on_input={update(|d, v| d.stem = v)} />
            if d.kind.has_options() {
                <fieldset id="question-options">
                    <legend>{ t.qz_options }</legend>
                    if let Some(e) = err("options").or_else(|| err("correct_options")) {
                        <p class="field-error">{ e }</p>
                    }
                    { for KEYS.iter().take(d.option_count).enumerate().map(|(i, key)| html! {
                        <div class="option-row">
                            <TextField id={format!("question-option-{key}")} label={format!("{} {key}", t.qz_option)}
                                       value={d.options[i].clone()} error={err(&format!("options[{i}].text"))}
                                       on_input={let draft = draft.clone(); Callback::from(move |v: String| {
                                           let mut next = (*draft).clone(); next.options[i] = v; draft.set(next); })} />
                            <Checkbox id={format!("question-correct-{key}")} label={t.qz_correct_option}
                                      checked={d.correct.iter().any(|c| c == key)} on_change={set_correct(key)} />
                        </div>
                    }) }
                    <div class="form-buttons">
                        <button type="button" class="btn btn-small" id="question-add-option" disabled={d.option_count >= 8}
                                onclick={set_count(1)}>{ t.qz_add_option }</button>
                        <button type="button" class="btn btn-small" id="question-remove-option" disabled={d.option_count <= 2}
                                onclick={set_count(-1)}>{ t.qz_remove_option }</button>
                    </div>
                </fieldset>
            }
            if d.kind == QuestionKind::TrueFalse {
                <fieldset class="field" id="question-truth">
                    <legend>{ t.qz_key }</legend>
                    <label class="radio"><input type="radio" id="question-truth-true" name="question-truth"
                        checked={d.truth == Some(true)} onchange={set_truth(true)} />{ t.qz_true }</label>
                    <label class="radio"><input type="radio" id="question-truth-false" name="question-truth"
                        checked={d.truth == Some(false)} onchange={set_truth(false)} />{ t.qz_false }</label>
                    if let Some(e) = err("correct_truth") { <p class="field-error">{ e }</p> }
                </fieldset>
            }
            if d.kind == QuestionKind::FillBlank {
                <fieldset id="question-blanks">
                    <legend>{ t.qz_blank_answers }</legend>
                    if let Some(e) = err("blanks") { <p class="field-error">{ e }</p> }
                    { for (0..blank_count).map(|i| html! {
                        <TextField id={format!("question-blank-{i}")} label={(t.qz_blank_n)(i + 1)}
                                   value={d.blanks.get(i).cloned().unwrap_or_default()}
                                   hint={Some(AttrValue::Static(t.qz_accepted_hint))}
                                   error={err(&format!("blanks[{i}].accepted"))}
                                   on_input={let draft = draft.clone(); Callback::from(move |v: String| {
                                       let mut next = (*draft).clone();
                                       if next.blanks.len() <= i { next.blanks.resize(i + 1, String::new()); }
                                       next.blanks[i] = v; draft.set(next); })} />
                    }) }
                </fieldset>
            }
            if d.kind == QuestionKind::ShortAnswer {
                <TextAreaField id="question-reference" label={t.qz_reference_answer} value={d.reference.clone()} rows={4}
                               error={err("reference_answer")} on_input={update(|d, v| d.reference = v)} />
            }
            <TextAreaField id="question-explanation" label={t.qz_explanation} value={d.explanation.clone()}
                           error={err("explanation")} on_input={update(|d, v| d.explanation = v)} />
            <div class="field-row">
                <TextField id="question-law" label={t.qz_law} value={d.law.clone()} error={err("legal_reference.law")}
                           on_input={update(|d, v| d.law = v)} />
                <TextField id="question-article" label={t.qz_article} value={d.article.clone()}
                           error={err("legal_reference.article")} on_input={update(|d, v| d.article = v)} />
                <TextField id="question-tags" label={t.qz_tags} value={d.tags.clone()} hint={Some(AttrValue::Static(t.qz_tags_hint))}
                           error={err("tags")} on_input={update(|d, v| d.tags = v)} />
            </div>
            { form.alert(&shown) }
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="question-save" disabled={form.busy()}>
                    { if props.question.is_some() { t.qz_save_revision } else { t.save } }
                </button>
            </div>
        </form>
    }
}
