//! 参考人员: a session's takers in the user's scope with where each stands, filtered
//! by unit (with the units below it) and status — who has not taken it yet.

use api_types::quizzes::{Participant, ParticipantStatus};
use api_types::Page;
use uuid::Uuid;
use yew::prelude::*;

use super::super::{participant_badge, points};
use crate::components::{Column, DataTable, DownloadButton, SelectField};
use crate::format;
use crate::hooks::{unit_name, unit_options, use_fetch, use_units, FilterBar, ListState};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit: String,
    status: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit_id", self.unit.clone()),
            ("status", self.status.clone()),
        ]
    }
}

#[derive(Properties, PartialEq)]
pub struct ParticipantsTabProps {
    pub session: Uuid,
}

#[function_component]
pub fn ParticipantsTab(props: &ParticipantsTabProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_fetch(
        (props.session, (*list_state).clone(), applied.query()),
        |(session, state, filters)| async move {
            let mut query = state.query();
            query.extend(filters);
            let path = format!("/quiz-sessions/{session}/participants");
            api::get_list::<Page<Participant>>(&path, &query).await
        },
    );
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    // The workbook has the list's filters and sort (every row).
    let mut xlsx_query = list_state.sort_query();
    xlsx_query.extend(applied.query());
    let xlsx_path = api::with_query(
        &format!("/quiz-sessions/{}/participants:xlsx", props.session),
        &xlsx_query,
    );
    let mut statuses = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    statuses.extend(ParticipantStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.qz_participant_status)(*s)),
        )
    }));
    let names = units.clone();
    let columns = vec![
        Column::new(t.col_person_name, |p: &Participant| html! { p.name.clone() }).sortable("name"),
        Column::new(t.col_unit, move |p: &Participant| html! { unit_name(&names, &p.unit_id, lang) }),
        Column::new(t.col_status, move |p: &Participant| participant_badge(p.status, lang.texts()))
            .sortable("status")
            .class("nowrap"),
        Column::new(t.qz_attempts, |p: &Participant| html! { p.attempts }).class("num"),
        Column::new(t.qz_score, |p: &Participant| html! { p.score.map(points).unwrap_or_else(|| "—".into()) })
            .sortable("score")
            .class("num"),
        Column::new(t.qz_submitted_at, |p: &Participant| {
            html! { p.last_submitted_at.map(|d| format::bureau_time(&d)).unwrap_or_else(|| "—".into()) }
        })
        .class("nowrap"),
    ];
    html! {
        <DataTable<Participant> id="participants" caption={t.qz_tab_participants} {columns}
            page={list.data()} loading={list.loading()} error={list.error()}
            state={(*list_state).clone()}
            on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
            on_retry={list.reload.clone()}>
            <form class="filter-form" role="search" onsubmit={filter_bar.on_search()}>
                <SelectField id="participants-unit" label={t.col_unit} value={draft.unit.clone()}
                             options={unit_options(&units, lang, t.filter_all, false)}
                             on_change={filter_bar.set(|f, v| f.unit = v)} />
                <SelectField id="participants-status" label={t.col_status} value={draft.status.clone()}
                             options={statuses} on_change={filter_bar.set(|f, v| f.status = v)} />
                <div class="filter-buttons">
                    <button type="submit" class="btn btn-primary" id="participants-search">{ t.search }</button>
                    <button type="button" class="btn" onclick={filter_bar.on_reset()}>{ t.reset }</button>
                    <DownloadButton id="participants-xlsx" path={xlsx_path} name={t.qz_participants_sheet_name} />
                </div>
            </form>
        </DataTable<Participant>>
    }
}
