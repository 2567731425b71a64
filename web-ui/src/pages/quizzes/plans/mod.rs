//! 学习计划: the year's key-law study and test plans (附件2) — list, form, and a plan's
//! page that creates its quarterly quizzes as drafts.

pub mod detail;
pub mod form;

use api_types::quizzes::StudyPlan;
use yew::prelude::*;

use super::{tabs, Rights};
use crate::components::{Column, DataTable, Href, NavLink, PageHeader, TextField};
use crate::hooks::{unit_name, use_list, use_units, FilterBar, ListState};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::routes::Route;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    year: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("year", self.year.trim().to_string())]
    }
}

#[function_component]
pub fn PlansPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<StudyPlan>("/study-plans", (*list_state).clone(), applied.query());
    if !rights.results {
        return forbidden();
    }
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let names = units.clone();
    let columns = vec![
        Column::new(t.period_year, |p: &StudyPlan| html! { p.content.year })
            .sortable("year")
            .class("num"),
        Column::new(t.qz_title, |p: &StudyPlan| html! {
            <Href to={format!("/quizzes/plans/{}", p.id)} class="plan-link">{ p.content.title.clone() }</Href>
        })
        .class("cell-name"),
        Column::new(t.qz_organiser, move |p: &StudyPlan| {
            html! { unit_name(&names, &p.content.organiser_unit_id, lang) }
        }),
        Column::new(t.qz_quarters, move |p: &StudyPlan| {
            html! { (lang.texts().qz_quarters_planned)(p.content.quarters.len(), p.sessions.len()) }
        }),
    ];
    html! {
        <>
            <PageHeader title={t.cap_quizzes.0} description={Some(AttrValue::Static(t.qz_plans_intro))}>
                if rights.manage {
                    <NavLink to={Route::StudyPlanNew} class="btn btn-primary">{ t.qz_new_plan }</NavLink>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="plans-title">
                <h2 id="plans-title" class="card-title">{ t.qz_tab_plans }</h2>
                <DataTable<StudyPlan> id="plans-table" caption={t.qz_tab_plans} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={filter_bar.on_search()}>
                        <TextField id="plans-year" label={t.period_year} value={draft.year.clone()} inputmode="numeric"
                                   on_input={filter_bar.set(|f, v| f.year = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="plans-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={filter_bar.on_reset()}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<StudyPlan>>
            </section>
        </>
    }
}
