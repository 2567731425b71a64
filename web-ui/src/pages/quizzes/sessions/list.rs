//! The quiz sessions: published and cancelled ones, and the drafts the user prepares,
//! filtered by organiser, kind, state and title.

use api_types::quizzes::{QuizKind, QuizPhase, QuizSession, QuizStatus};
use yew::prelude::*;

use super::super::{session_badge, tabs, Rights};
use crate::components::{Column, DataTable, Href, NavLink, PageHeader, SelectField, TextField};
use crate::format;
use crate::hooks::{unit_name, unit_options, use_list, use_units, FilterBar, ListState};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::routes::Route;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit: String,
    kind: String,
    /// `draft`, `cancelled`, or a phase of a published session.
    state: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        let (status, phase) = match self.state.as_str() {
            s if QuizPhase::parse(s).is_some() => ("published".to_string(), s.to_string()),
            s => (s.to_string(), String::new()),
        };
        vec![
            ("organiser_unit_id", self.unit.clone()),
            ("kind", self.kind.clone()),
            ("status", status),
            ("phase", phase),
            ("q", self.q.trim().to_string()),
        ]
    }
}

#[function_component]
pub fn SessionsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<QuizSession>("/quiz-sessions", (*list_state).clone(), applied.query());
    if !rights.results {
        return forbidden();
    }
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let set = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let all = || vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    let mut kinds = all();
    kinds.extend(QuizKind::ALL.iter().map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.qz_kind)(*k)),
        )
    }));
    let mut states = all();
    states.push((
        AttrValue::Static("draft"),
        AttrValue::Static((t.qz_status)(QuizStatus::Draft)),
    ));
    states.extend(QuizPhase::ALL.iter().map(|p| {
        (
            AttrValue::Static(p.as_str()),
            AttrValue::Static((t.qz_phase)(*p)),
        )
    }));
    states.push((
        AttrValue::Static("cancelled"),
        AttrValue::Static((t.qz_status)(QuizStatus::Cancelled)),
    ));
    let names = units.clone();
    let columns = vec![
        Column::new(t.qz_title, |s: &QuizSession| html! {
            <Href to={format!("/quizzes/sessions/{}", s.id)} class="session-link">{ s.content.title.clone() }</Href>
        })
        .sortable("title")
        .class("cell-name"),
        Column::new(t.col_kind, move |s: &QuizSession| html! { (lang.texts().qz_kind)(s.content.kind) })
            .class("nowrap"),
        Column::new(t.qz_organiser, move |s: &QuizSession| {
            html! { unit_name(&names, &s.content.organiser_unit_id, lang) }
        }),
        Column::new(t.qz_opens_at, |s: &QuizSession| html! { format::bureau_time(&s.content.opens_at) })
            .sortable("opens_at")
            .class("nowrap"),
        Column::new(t.qz_closes_at, |s: &QuizSession| html! { format::bureau_time(&s.content.closes_at) })
            .sortable("closes_at")
            .class("nowrap"),
        Column::new(t.qz_paper, move |s: &QuizSession| {
            html! { (lang.texts().qz_paper_short)(s.question_count, s.max_score) }
        })
        .class("nowrap"),
        Column::new(t.col_status, move |s: &QuizSession| session_badge(s.status, s.phase, lang.texts()))
            .class("nowrap"),
    ];
    html! {
        <>
            <PageHeader title={t.cap_quizzes.0} description={Some(AttrValue::Static(t.qz_sessions_intro))}>
                if rights.manage {
                    <NavLink to={Route::QuizSessionNew} class="btn btn-primary">{ t.qz_new_session }</NavLink>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="sessions-title">
                <h2 id="sessions-title" class="card-title">{ t.qz_tab_sessions }</h2>
                <DataTable<QuizSession> id="sessions-table" caption={t.qz_tab_sessions} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={filter_bar.on_search()}>
                        <SelectField id="sessions-unit" label={t.qz_organiser} value={draft.unit.clone()}
                                     options={unit_options(&units, lang, t.filter_all, false)}
                                     on_change={set(|f, v| f.unit = v)} />
                        <SelectField id="sessions-kind" label={t.col_kind} value={draft.kind.clone()}
                                     options={kinds} on_change={set(|f, v| f.kind = v)} />
                        <SelectField id="sessions-state" label={t.col_status} value={draft.state.clone()}
                                     options={states} on_change={set(|f, v| f.state = v)} />
                        <TextField id="sessions-q" label={t.filter_q} value={draft.q.clone()}
                                   on_input={set(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="sessions-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={filter_bar.on_reset()}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<QuizSession>>
            </section>
        </>
    }
}
