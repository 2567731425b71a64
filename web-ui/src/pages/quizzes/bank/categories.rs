//! The category tree of the bank: choosing a category filters the questions; holders of
//! `questions.manage` add categories (at the top or under another).

use std::collections::HashMap;
use std::rc::Rc;

use api_types::quizzes::{NewQuestionCategory, QuestionCategory};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::category_options;
use crate::components::{FieldErrors, SelectField, TextField};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct CategoryPanelProps {
    pub categories: Rc<Vec<QuestionCategory>>,
    /// The chosen category's id ("" for all).
    pub selected: String,
    pub on_select: Callback<String>,
    /// The unit that keeps new categories; `None`: the user does not add any.
    pub owner: Option<Uuid>,
    pub on_added: Callback<()>,
}

#[function_component]
pub fn CategoryPanel(props: &CategoryPanelProps) -> Html {
    let t = use_i18n().t();
    let name = use_state(String::new);
    let parent = use_state(String::new);
    let form = use_submission();
    let mut children: HashMap<Option<Uuid>, Vec<&QuestionCategory>> = HashMap::new();
    for c in props.categories.iter() {
        children.entry(c.parent_id).or_default().push(c);
    }
    let known: Vec<Uuid> = props.categories.iter().map(|c| c.id).collect();
    fn node(
        c: &QuestionCategory,
        children: &HashMap<Option<Uuid>, Vec<&QuestionCategory>>,
        props: &CategoryPanelProps,
    ) -> Html {
        let id = c.id.to_string();
        let current = props.selected == id;
        let onclick = props.on_select.reform({
            let id = id.clone();
            move |_: MouseEvent| id.clone()
        });
        html! {
            <li class="tree-item">
                <div class="tree-row">
                    <button type="button" class={classes!("link-button", "category-button", current.then_some("current"))}
                            data-name={c.name.clone()} aria-pressed={current.to_string()} {onclick}>
                        { c.name.clone() }
                    </button>
                    <span class="muted small">{ c.active_questions }</span>
                </div>
                if let Some(kids) = children.get(&Some(c.id)) {
                    <ul class="tree-children">{ for kids.iter().map(|k| node(k, children, props)) }</ul>
                }
            </li>
        }
    }
    let roots: Vec<&QuestionCategory> = props
        .categories
        .iter()
        .filter(|c| c.parent_id.is_none_or(|p| !known.contains(&p)))
        .collect();
    let onsubmit = {
        let (form, name, parent, on_added, owner) = (
            form.clone(),
            name.clone(),
            parent.clone(),
            props.on_added.clone(),
            props.owner,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(owner) = owner else { return };
            let body = NewQuestionCategory {
                owner_unit_id: owner,
                parent_id: parent.parse().ok(),
                name: name.trim().to_string(),
                sort_order: 0,
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let (on_added, name) = (on_added.clone(), name.clone());
            form.request(async move {
                api::post::<_, QuestionCategory>("/question-categories", &body).await
            })
            .success(t.qz_category_added)
            .then(move |_| {
                name.set(String::new());
                on_added.emit(());
            });
        })
    };
    let all = props.selected.is_empty();
    html! {
        <>
            <ul class="tree category-tree" id="category-tree">
                <li class="tree-item">
                    <div class="tree-row">
                        <button type="button" class={classes!("link-button", "category-button", all.then_some("current"))}
                                id="category-all" aria-pressed={all.to_string()}
                                onclick={props.on_select.reform(|_: MouseEvent| String::new())}>{ t.qz_all_categories }</button>
                    </div>
                </li>
                { for roots.iter().map(|c| node(c, &children, props)) }
            </ul>
            if props.owner.is_some() {
                <form class="inline-form" id="category-form" onsubmit={onsubmit} novalidate=true>
                    <TextField id="category-name" label={t.qz_category_name} value={(*name).clone()} required=true
                               error={form.fields().get("name")}
                               on_input={let s = name.clone(); Callback::from(move |v| s.set(v))} />
                    <SelectField id="category-parent" label={t.qz_parent_category} value={(*parent).clone()}
                                 options={category_options(&props.categories, t.qz_top_level)}
                                 error={form.fields().get("parent_id")}
                                 on_change={let s = parent.clone(); Callback::from(move |v| s.set(v))} />
                    { form.alert(&["name", "parent_id"]) }
                    <div class="form-buttons">
                        <button type="submit" class="btn" id="category-add" disabled={form.busy()}>{ t.qz_add_category }</button>
                    </div>
                </form>
            }
        </>
    }
}
