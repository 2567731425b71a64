//! `/quizzes/sessions/:id`: a session's settings, audience and paper, the organiser's
//! actions, and once published its participants, results, item analysis and grading.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::quizzes::{QuizSession, QuizStatus, SlotKind};
use yew::prelude::*;

use super::super::bank::{category_paths, use_categories};
use super::super::{session_badge, tabs, Rights};
use super::actions::SessionActions;
use super::analysis::ItemAnalysisTab;
use super::grading::GradingTab;
use super::participants::ParticipantsTab;
use super::results::ResultsTab;
use crate::components::{ErrorPanel, Href, Loading, PageHeader};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_units};
use crate::i18n::{use_i18n, Texts};
use crate::services::api;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tab {
    Participants,
    Results,
    Analysis,
    Grading,
}

impl Tab {
    /// The tab named by the address's fragment (`#grading`, from a notification).
    fn from_hash() -> Option<Tab> {
        let hash = web_sys::window()?.location().hash().ok()?;
        match hash.trim_start_matches('#') {
            "participants" => Some(Tab::Participants),
            "results" => Some(Tab::Results),
            "analysis" => Some(Tab::Analysis),
            "grading" => Some(Tab::Grading),
            _ => None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SessionPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn SessionPage(props: &SessionPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let categories = use_categories();
    let session = use_fetch(props.id.clone(), |id| async move {
        api::get::<QuizSession>(&format!("/quiz-sessions/{id}")).await
    });
    let tab = use_state(|| Tab::from_hash().unwrap_or(Tab::Participants));
    let header = |title: AttrValue| {
        html! {
            <PageHeader {title}>
                <Href to="/quizzes/sessions" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
        }
    };
    let s = match (session.data(), session.error()) {
        (_, Some(error)) => {
            return html! {
                <>{ header(AttrValue::Static(t.cap_quizzes.0)) }{ tabs(t, &props.me) }
                  <ErrorPanel {error} on_retry={Some(session.reload.clone())} /></>
            }
        }
        (None, None) => return html! { <Loading /> },
        (Some(s), None) => s,
    };
    let c = &s.content;
    let paths = category_paths(&categories.data().unwrap_or_default());
    let unit_list = c
        .audience
        .unit_ids
        .iter()
        .map(|u| unit_name(&units, u, lang))
        .collect::<Vec<_>>()
        .join(t.list_sep);
    let roles = if c.audience.roles.is_empty() {
        t.qz_all_taking_roles.to_string()
    } else {
        format::roles(&c.audience.roles, t)
    };
    let slots = c.paper.iter().map(|p| {
        let what = match p.kind {
            SlotKind::Fixed => t.qz_slot_fixed.to_string(),
            SlotKind::Random => {
                let category = p
                    .category_id
                    .and_then(|id| paths.iter().find(|(c, _)| *c == id).map(|(_, n)| n.clone()))
                    .unwrap_or_default();
                let kind = p.question_kind.map(|k| (t.qz_question_kind)(k)).unwrap_or(t.qz_any_kind);
                format!("{}：{category} · {kind}", t.qz_slot_random)
            }
        };
        html! { <li>{ format!("{what} · {}", (t.qz_slot_total)(p.count, p.count * p.points)) }</li> }
    });
    let published = s.status == QuizStatus::Published;
    let tab_button = |which: Tab, label: &'static str, id: &'static str| {
        let state = tab.clone();
        let on = *tab == which;
        html! {
            <button type="button" {id} class={classes!("segment", on.then_some("active"))}
                    aria-pressed={on.to_string()} onclick={Callback::from(move |_| state.set(which))}>{ label }</button>
        }
    };
    let id = s.id;
    html! {
        <>
            { header(AttrValue::from(c.title.clone())) }
            { tabs(t, &props.me) }
            <section class="card" id="session">
                <div class="card-head">
                    <h2 class="card-title">{ (t.qz_kind)(c.kind) }</h2>
                    <span class="badges" id="session-status">{ session_badge(s.status, s.phase, t) }</span>
                </div>
                if !c.description.trim().is_empty() {
                    <p class="prose">{ c.description.clone() }</p>
                }
                <dl class="details two-col" id="session-details">
                    <dt>{ t.qz_organiser }</dt><dd>{ unit_name(&units, &c.organiser_unit_id, lang) }</dd>
                    <dt>{ t.qz_window }</dt>
                    <dd>{ format!("{} – {}", format::bureau_time(&c.opens_at), format::bureau_time(&c.closes_at)) }</dd>
                    <dt>{ t.qz_time_limit }</dt><dd>{ limit_text(c.time_limit_minutes, t) }</dd>
                    <dt>{ t.qz_attempts_allowed }</dt>
                    <dd>{ if c.attempts_allowed == 0 { t.qz_zero_unlimited.to_string() } else { c.attempts_allowed.to_string() } }</dd>
                    <dt>{ t.qz_pass_score }</dt><dd>{ format!("{} / {}", c.pass_score, s.max_score) }</dd>
                    <dt>{ t.qz_grading_method_label }</dt><dd>{ (t.qz_grading_method)(c.grading_method) }</dd>
                    <dt>{ t.qz_review_policy_label }</dt><dd>{ (t.qz_review_policy)(c.review) }</dd>
                    <dt>{ t.qz_leave_limit }</dt>
                    <dd>{ if c.leave_limit == 0 { t.qz_leave_recorded.to_string() } else { c.leave_limit.to_string() } }</dd>
                    <dt>{ t.qz_audience }</dt>
                    <dd>{ format!("{} · {} · {}", if unit_list.is_empty() { "—".to_string() } else { unit_list }, roles,
                                  (t.qz_audience_people)(c.audience.user_ids.len())) }</dd>
                    if let Some(reason) = &s.cancel_reason {
                        <dt>{ t.qz_cancel_reason }</dt><dd class="prose">{ reason.clone() }</dd>
                    }
                    if let Some(original) = s.makeup_of {
                        <dt>{ t.qz_makeup_of }</dt>
                        <dd><Href to={format!("/quizzes/sessions/{original}")}>{ t.qz_original_session }</Href></dd>
                    }
                </dl>
                <h3 class="subhead">{ (t.qz_paper_short)(s.question_count, s.max_score) }</h3>
                <ol class="slot-summary" id="session-paper">{ for slots }</ol>
                if rights.manage {
                    <SessionActions session={s.clone()} on_changed={session.reload.clone()} />
                }
            </section>
            if published {
                <section class="card" aria-label={t.qz_session_tabs}>
                    <div class="segmented session-tabs" role="group" aria-label={t.qz_session_tabs}>
                        if rights.results {
                            { tab_button(Tab::Participants, t.qz_tab_participants, "tab-participants") }
                            { tab_button(Tab::Results, t.qz_tab_results, "tab-results") }
                        }
                        if rights.questions {
                            { tab_button(Tab::Analysis, t.qz_tab_analysis, "tab-analysis") }
                        }
                        if rights.manage {
                            { tab_button(Tab::Grading, t.qz_tab_grading, "tab-grading") }
                        }
                    </div>
                    { match *tab {
                        Tab::Participants if rights.results => html! { <ParticipantsTab session={id} /> },
                        Tab::Results if rights.results => html! { <ResultsTab session={id} /> },
                        Tab::Analysis if rights.questions => html! { <ItemAnalysisTab session={id} /> },
                        Tab::Grading if rights.manage => html! { <GradingTab session={id} /> },
                        _ => html! {},
                    } }
                </section>
            }
        </>
    }
}

fn limit_text(minutes: u32, t: &Texts) -> String {
    if minutes == 0 {
        t.qz_no_time_limit.to_string()
    } else {
        (t.qz_minutes)(minutes)
    }
}
