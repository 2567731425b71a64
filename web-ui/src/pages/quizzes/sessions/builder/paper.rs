//! The paper of a session: slots that are a chosen question of the bank or a random
//! draw from a category (with its subcategories, of one kind, carrying tags), each with
//! its count and points, and the running total.

use std::rc::Rc;

use api_types::quizzes::{Question, QuestionCategory, QuestionKind, QuestionStatus, SlotKind};
use api_types::Page;
use uuid::Uuid;
use yew::prelude::*;

use super::super::super::bank::category_options;
use crate::components::{Checkbox, FieldErrors, SelectField, TextField};
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::services::api;

/// One slot as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotDraft {
    pub kind: SlotKind,
    pub question_id: Option<Uuid>,
    /// The chosen question's stem (shown; loaded for a saved paper).
    pub stem: Option<String>,
    pub category: String,
    pub include_subcategories: bool,
    pub question_kind: String,
    pub tags: String,
    pub count: String,
    pub points: String,
}

impl SlotDraft {
    pub fn random() -> SlotDraft {
        SlotDraft {
            kind: SlotKind::Random,
            question_id: None,
            stem: None,
            category: String::new(),
            include_subcategories: true,
            question_kind: String::new(),
            tags: String::new(),
            count: "10".into(),
            points: "2".into(),
        }
    }

    /// Questions and points the slot adds, when its numbers are numbers.
    pub fn total(&self) -> Option<(u32, u32)> {
        let count: u32 = self.count.trim().parse().ok()?;
        let points: u32 = self.points.trim().parse().ok()?;
        Some((count, count * points))
    }
}

#[derive(Properties, PartialEq)]
pub struct PaperEditorProps {
    pub slots: Vec<SlotDraft>,
    pub on_change: Callback<Vec<SlotDraft>>,
    pub categories: Rc<Vec<QuestionCategory>>,
    pub errors: FieldErrors,
}

#[function_component]
pub fn PaperEditor(props: &PaperEditorProps) -> Html {
    let t = use_i18n().t();
    let picking = use_state(|| false);
    let slots = &props.slots;
    let set = |i: usize, f: fn(&mut SlotDraft, String)| {
        let (slots, on_change) = (slots.clone(), props.on_change.clone());
        Callback::from(move |v: String| {
            let mut next = slots.clone();
            f(&mut next[i], v);
            on_change.emit(next);
        })
    };
    let remove = |i: usize| {
        let (slots, on_change) = (slots.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = slots.clone();
            next.remove(i);
            on_change.emit(next);
        })
    };
    let add_random = {
        let (slots, on_change) = (slots.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = slots.clone();
            next.push(SlotDraft::random());
            on_change.emit(next);
        })
    };
    let pick = {
        let (slots, on_change) = (slots.clone(), props.on_change.clone());
        Callback::from(move |(q, points): (Question, String)| {
            let mut next = slots.clone();
            next.push(SlotDraft {
                kind: SlotKind::Fixed,
                question_id: Some(q.id),
                stem: Some(q.content.stem.clone()),
                count: "1".into(),
                points,
                ..SlotDraft::random()
            });
            on_change.emit(next);
        })
    };
    let mut kinds = vec![(AttrValue::Static(""), AttrValue::Static(t.qz_any_kind))];
    kinds.extend(QuestionKind::ALL.iter().map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.qz_question_kind)(*k)),
        )
    }));
    let categories = category_options(&props.categories, t.choose);
    let (count, total) = slots
        .iter()
        .filter_map(SlotDraft::total)
        .fold((0, 0), |(c, p), (c2, p2)| (c + c2, p + p2));
    let err = |i: usize, f: &str| props.errors.get(&format!("paper[{i}].{f}"));
    html! {
        <fieldset class="paper" id="paper">
            <legend>{ t.qz_paper }</legend>
            if let Some(e) = props.errors.get("paper") {
                <p class="field-error" id="paper-error">{ e }</p>
            }
            { for slots.iter().enumerate().map(|(i, s)| html! {
                <fieldset class="slot" id={format!("slot-{i}")}>
                    <legend>{ (t.qz_slot_n)(i + 1, if s.kind == SlotKind::Fixed { t.qz_slot_fixed } else { t.qz_slot_random }) }</legend>
                    if s.kind == SlotKind::Fixed {
                        <p class="slot-question">
                            { s.stem.clone().map(|x| html! { x }).unwrap_or_else(|| html! {
                                <FixedStem id={s.question_id} />
                            }) }
                        </p>
                        if let Some(e) = err(i, "question_id") { <p class="field-error">{ e }</p> }
                    } else {
                        <div class="field-row">
                            <SelectField id={format!("slot-{i}-category")} label={t.qz_category} value={s.category.clone()}
                                         options={categories.clone()} required=true error={err(i, "category_id")}
                                         on_change={set(i, |s, v| s.category = v)} />
                            <SelectField id={format!("slot-{i}-kind")} label={t.qz_question_kind_label} value={s.question_kind.clone()}
                                         options={kinds.clone()} on_change={set(i, |s, v| s.question_kind = v)} />
                            <TextField id={format!("slot-{i}-tags")} label={t.qz_tags} value={s.tags.clone()}
                                       hint={Some(AttrValue::Static(t.qz_tags_hint))} error={err(i, "tags")}
                                       on_input={set(i, |s, v| s.tags = v)} />
                        </div>
                        <Checkbox id={format!("slot-{i}-subcats")} label={t.qz_include_subcategories}
                                  checked={s.include_subcategories}
                                  on_change={let (slots, on_change) = (slots.clone(), props.on_change.clone());
                                      Callback::from(move |on: bool| { let mut next = slots.clone(); next[i].include_subcategories = on; on_change.emit(next); })} />
                    }
                    <div class="field-row">
                        if s.kind == SlotKind::Random {
                            <TextField id={format!("slot-{i}-count")} label={t.qz_count} value={s.count.clone()}
                                       inputmode="numeric" required=true error={err(i, "count")}
                                       on_input={set(i, |s, v| s.count = v)} />
                        }
                        <TextField id={format!("slot-{i}-points")} label={t.qz_points_each} value={s.points.clone()}
                                   inputmode="numeric" required=true error={err(i, "points")}
                                   on_input={set(i, |s, v| s.points = v)} />
                        <p class="slot-total">{ s.total().map(|(c, p)| (t.qz_slot_total)(c, p)).unwrap_or_default() }</p>
                    </div>
                    <button type="button" class="btn btn-small" id={format!("slot-{i}-remove")} onclick={remove(i)}>
                        { t.qz_remove_slot }
                    </button>
                </fieldset>
            }) }
            <p class="paper-total" id="paper-total" aria-live="polite">{ (t.qz_paper_total)(count, total) }</p>
            <div class="form-buttons">
                <button type="button" class="btn" id="slot-add-random" onclick={add_random}>{ t.qz_add_random }</button>
                <button type="button" class="btn" id="slot-add-fixed"
                        onclick={let p = picking.clone(); Callback::from(move |_| p.set(!*p))}>{ t.qz_add_fixed }</button>
            </div>
            if *picking {
                <QuestionPicker categories={props.categories.clone()} on_pick={pick}
                                taken={slots.iter().filter_map(|s| s.question_id).collect::<Vec<_>>()} />
            }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct FixedStemProps {
    id: Option<Uuid>,
}

/// The stem of a chosen question of a saved paper.
#[function_component]
fn FixedStem(props: &FixedStemProps) -> Html {
    let question = use_fetch(props.id, |id| async move {
        match id {
            Some(id) => api::get::<Question>(&format!("/questions/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    match question.data().as_deref() {
        Some(Some(q)) => html! { q.content.stem.clone() },
        _ => html! { props.id.map(|i| i.to_string()).unwrap_or_default() },
    }
}

#[derive(Properties, PartialEq)]
struct QuestionPickerProps {
    categories: Rc<Vec<QuestionCategory>>,
    on_pick: Callback<(Question, String)>,
    taken: Vec<Uuid>,
}

/// Finds active questions of the bank to put in the paper.
#[function_component]
fn QuestionPicker(props: &QuestionPickerProps) -> Html {
    let t = use_i18n().t();
    let q = use_state(String::new);
    let category = use_state(String::new);
    let points = use_state(|| "5".to_string());
    let applied = use_state(|| (String::new(), String::new()));
    let found = use_fetch((*applied).clone(), |(q, category)| async move {
        let query = [
            ("status", QuestionStatus::Active.as_str().to_string()),
            ("q", q),
            ("category_id", category),
            ("per_page", "10".to_string()),
        ];
        api::get_list::<Page<Question>>("/questions", &query).await
    });
    let search = {
        let (q, category, applied) = (q.clone(), category.clone(), applied.clone());
        Callback::from(move |_: MouseEvent| {
            applied.set((q.trim().to_string(), (*category).clone()))
        })
    };
    html! {
        <div class="inline-form question-picker" id="question-picker">
            <div class="field-row">
                <TextField id="pick-q" label={t.filter_q} value={(*q).clone()}
                           on_input={let s = q.clone(); Callback::from(move |v| s.set(v))} />
                <SelectField id="pick-category" label={t.qz_category} value={(*category).clone()}
                             options={category_options(&props.categories, t.filter_all)}
                             on_change={let s = category.clone(); Callback::from(move |v| s.set(v))} />
                <TextField id="pick-points" label={t.qz_points_each} value={(*points).clone()} inputmode="numeric"
                           on_input={let s = points.clone(); Callback::from(move |v| s.set(v))} />
            </div>
            <button type="button" class="btn btn-small" id="pick-search" onclick={search}>{ t.search }</button>
            <ul class="pick-list" id="pick-list">
                { for found.data().iter().flat_map(|p| p.items.clone()).map(|question| {
                    let taken = props.taken.contains(&question.id);
                    let (on_pick, points) = (props.on_pick.clone(), (*points).clone());
                    let id = question.id;
                    let stem = question.content.stem.clone();
                    let kind = question.content.kind;
                    html! {
                        <li>
                            <span class="pick-stem">{ stem }</span>
                            <span class="muted small">{ (t.qz_question_kind)(kind) }</span>
                            <button type="button" class="btn btn-small" id={format!("pick-{id}")} disabled={taken}
                                    onclick={Callback::from(move |_| on_pick.emit((question.clone(), points.clone())))}>
                                { if taken { t.qz_picked } else { t.qz_pick } }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
