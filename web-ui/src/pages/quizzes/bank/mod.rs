//! 题库: the question bank — its category tree, the questions filtered by category,
//! kind, status, text and tag (downloadable as Excel), a question's form and revisions,
//! and the import from a spreadsheet.

mod categories;
pub mod detail;
mod draft;
pub mod form;
pub mod import;

use std::collections::HashMap;

use api_types::quizzes::{Question, QuestionCategory, QuestionKind, QuestionStatus};
use uuid::Uuid;
use yew::prelude::*;

use self::categories::CategoryPanel;
use super::{tabs, Rights};
use crate::components::{
    Badge, Column, DataTable, DownloadButton, Href, NavLink, PageHeader, SelectField, TextField,
    Tone,
};
use crate::hooks::{use_fetch, use_list, FetchHandle, FilterBar, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::routes::Route;
use crate::services::api;

/// The active categories of the bank.
#[hook]
pub fn use_categories() -> FetchHandle<Vec<QuestionCategory>> {
    use_fetch((), |()| {
        api::get::<Vec<QuestionCategory>>("/question-categories")
    })
}

/// The categories in tree order, each with its path ("行政处罚法 / 总则").
pub fn category_paths(categories: &[QuestionCategory]) -> Vec<(Uuid, String)> {
    let mut children: HashMap<Option<Uuid>, Vec<&QuestionCategory>> = HashMap::new();
    for c in categories {
        children.entry(c.parent_id).or_default().push(c);
    }
    let known: Vec<Uuid> = categories.iter().map(|c| c.id).collect();
    let mut out = Vec::new();
    let mut stack: Vec<(&QuestionCategory, String)> = categories
        .iter()
        .filter(|c| c.parent_id.is_none_or(|p| !known.contains(&p)))
        .rev()
        .map(|c| (c, c.name.clone()))
        .collect();
    while let Some((c, path)) = stack.pop() {
        if let Some(kids) = children.get(&Some(c.id)) {
            stack.extend(
                kids.iter()
                    .rev()
                    .map(|k| (*k, format!("{path} / {}", k.name))),
            );
        }
        out.push((c.id, path));
    }
    out
}

/// Options of a category select: `first` (value ""), then the categories by path.
pub fn category_options(
    categories: &[QuestionCategory],
    first: &'static str,
) -> Vec<(AttrValue, AttrValue)> {
    std::iter::once((AttrValue::Static(""), AttrValue::Static(first)))
        .chain(
            category_paths(categories)
                .into_iter()
                .map(|(id, path)| (AttrValue::from(id.to_string()), AttrValue::from(path))),
        )
        .collect()
}

pub fn question_status_badge(status: QuestionStatus, t: &Texts) -> Html {
    let tone = match status {
        QuestionStatus::Active => Tone::Success,
        QuestionStatus::Retired => Tone::Neutral,
    };
    html! { <Badge {tone} text={(t.qz_question_status)(status)} /> }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    category: String,
    kind: String,
    status: String,
    q: String,
    tag: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("category_id", self.category.clone()),
            ("kind", self.kind.clone()),
            ("status", self.status.clone()),
            ("q", self.q.trim().to_string()),
            ("tag", self.tag.trim().to_string()),
        ]
    }
}

#[function_component]
pub fn BankPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let rights = Rights::of(&props.me);
    let categories = use_categories();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<Question>("/questions", (*list_state).clone(), applied.query());
    if !rights.questions {
        return forbidden();
    }
    let all_categories = categories.data().unwrap_or_default();
    let paths = category_paths(&all_categories);
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let set = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let on_select = {
        let (draft, applied, list_state) = (draft.clone(), applied.clone(), list_state.clone());
        Callback::from(move |id: String| {
            let mut next = (*applied).clone();
            next.category = id.clone();
            applied.set(next);
            let mut typed = (*draft).clone();
            typed.category = id;
            draft.set(typed);
            list_state.set(ListState {
                page: 1,
                ..(*list_state).clone()
            });
        })
    };
    let all = || vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    let mut kinds = all();
    kinds.extend(QuestionKind::ALL.iter().map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.qz_question_kind)(*k)),
        )
    }));
    let mut statuses = all();
    statuses.extend(QuestionStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.qz_question_status)(*s)),
        )
    }));
    let mut xlsx_query = list_state.sort_query();
    xlsx_query.extend(applied.query());
    let lang = use_i18n().lang;
    let columns = vec![
        Column::new(t.qz_stem, |q: &Question| html! {
            <Href to={format!("/quizzes/bank/{}", q.id)} class="question-link">{ q.content.stem.clone() }</Href>
        })
        .sortable("stem")
        .class("cell-name"),
        Column::new(t.col_kind, move |q: &Question| html! { (lang.texts().qz_question_kind)(q.content.kind) })
            .class("nowrap"),
        Column::new(t.qz_category, move |q: &Question| html! {
            paths.iter().find(|(id, _)| *id == q.content.category_id).map(|(_, p)| p.clone()).unwrap_or_default()
        }),
        Column::new(t.qz_tags, |q: &Question| html! { q.content.tags.join("、") }),
        Column::new(t.col_status, move |q: &Question| html! {
            <span class="badges">
                { question_status_badge(q.status, lang.texts()) }
                <Badge text={(lang.texts().qz_revision_n)(q.revision)} />
            </span>
        })
        .class("nowrap"),
    ];
    html! {
        <>
            <PageHeader title={t.cap_quizzes.0} description={Some(AttrValue::Static(t.qz_bank_intro))}>
                if rights.questions_manage {
                    <NavLink to={Route::QuestionImport} class="btn">{ t.qz_import_questions }</NavLink>
                    <NavLink to={Route::QuestionNew} class="btn btn-primary">{ t.qz_new_question }</NavLink>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <div class="bank-grid">
                <section class="card" aria-labelledby="categories-title">
                    <h2 id="categories-title" class="card-title">{ t.qz_categories }</h2>
                    <CategoryPanel categories={all_categories.clone()} selected={applied.category.clone()}
                                   on_select={on_select}
                                   owner={rights.questions_manage.then_some(props.me.unit.id)}
                                   on_added={categories.reload.clone()} />
                </section>
                <section class="card" aria-labelledby="questions-title">
                    <h2 id="questions-title" class="card-title">{ t.qz_questions }</h2>
                    <DataTable<Question> id="questions-table" caption={t.qz_questions} {columns}
                        page={list.data()} loading={list.loading()} error={list.error()}
                        state={(*list_state).clone()}
                        on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                        on_retry={list.reload.clone()}>
                        <form class="filter-form" role="search" onsubmit={filter_bar.on_search()}>
                            <SelectField id="questions-category" label={t.qz_category} value={draft.category.clone()}
                                         options={category_options(&all_categories, t.filter_all)}
                                         on_change={set(|f, v| f.category = v)} />
                            <SelectField id="questions-kind" label={t.col_kind} value={draft.kind.clone()}
                                         options={kinds} on_change={set(|f, v| f.kind = v)} />
                            <SelectField id="questions-status" label={t.col_status} value={draft.status.clone()}
                                         options={statuses} on_change={set(|f, v| f.status = v)} />
                            <TextField id="questions-q" label={t.filter_q} value={draft.q.clone()}
                                       on_input={set(|f, v| f.q = v)} />
                            <TextField id="questions-tag" label={t.qz_tag} value={draft.tag.clone()}
                                       on_input={set(|f, v| f.tag = v)} />
                            <div class="filter-buttons">
                                <button type="submit" class="btn btn-primary" id="questions-search">{ t.search }</button>
                                <button type="button" class="btn" onclick={filter_bar.on_reset()}>{ t.reset }</button>
                                <DownloadButton id="questions-xlsx" path={api::with_query("/questions:xlsx", &xlsx_query)}
                                                name={t.qz_bank_sheet_name} />
                            </div>
                        </form>
                    </DataTable<Question>>
                </section>
            </div>
        </>
    }
}
