//! 我的考试: the quizzes I take — open, upcoming and closed — with start, continue and
//! result buttons and why a start is refused; and my results.

use api_types::quizzes::{MyQuiz, QuizAttempt, QuizPhase, QuizResult, StartBlock};
use yew::prelude::*;

use super::{pass_badge, score, tabs};
use crate::components::{
    push_path, Badge, Column, DataTable, ErrorPanel, Href, Loading, PageHeader, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_list, use_submission, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::services::api;

#[function_component]
pub fn MyQuizzesPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let quizzes = use_fetch((), |()| api::get::<Vec<MyQuiz>>("/me/quizzes"));
    let results_state = use_state(|| ListState::new(10));
    let results = use_list::<QuizResult>("/me/quiz-results", (*results_state).clone(), Vec::new());
    let starting = use_submission();

    let start = {
        let starting = starting.clone();
        Callback::from(move |session: uuid::Uuid| {
            let path = format!("/quiz-sessions/{session}/attempts");
            starting
                .request(async move { api::post::<_, QuizAttempt>(&path, &()).await })
                .errors_as_toast()
                .leaving()
                .then(|a| push_path(&format!("/quizzes/attempts/{}", a.id)));
        })
    };

    let body = match (quizzes.data(), quizzes.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(quizzes.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(list), None) => {
            let group = |phase: QuizPhase, title: &'static str, id: &'static str| {
                let items: Vec<&MyQuiz> = list.iter().filter(|q| q.phase == phase).collect();
                html! {
                    <section class="card" id={id} aria-labelledby={format!("{id}-title")}>
                        <h2 class="card-title" id={format!("{id}-title")}>{ title }</h2>
                        if items.is_empty() {
                            <p class="muted">{ t.qz_none_here }</p>
                        } else {
                            <ul class="quiz-cards">
                                { for items.into_iter().map(|q| quiz_card(q, t, &start, starting.busy())) }
                            </ul>
                        }
                    </section>
                }
            };
            html! {
                <>
                    { group(QuizPhase::Open, t.qz_open_now, "quizzes-open") }
                    { group(QuizPhase::Upcoming, t.qz_upcoming, "quizzes-upcoming") }
                    { group(QuizPhase::Closed, t.qz_closed, "quizzes-closed") }
                </>
            }
        }
    };

    let columns = vec![
        Column::new(t.qz_session, |r: &QuizResult| {
            html! {
                <span class="cell-main">{ r.session_title.clone() }</span>
            }
        }),
        Column::new(
            t.col_kind,
            move |r: &QuizResult| html! { (lang.texts().qz_kind)(r.session_kind) },
        )
        .class("nowrap"),
        Column::new(
            t.qz_score,
            |r: &QuizResult| html! { score(r.score, r.max_score) },
        )
        .class("num nowrap"),
        Column::new(t.qz_result, move |r: &QuizResult| {
            pass_badge(r.passed, lang.texts())
        })
        .class("nowrap"),
        Column::new(t.qz_attempts, |r: &QuizResult| html! { r.attempts }).class("num"),
        Column::new(t.qz_submitted_at, |r: &QuizResult| {
            html! { format::bureau_time(&r.last_submitted_at) }
        })
        .sortable("last_submitted_at")
        .class("nowrap"),
    ];

    html! {
        <>
            <PageHeader title={t.cap_quizzes.0} description={Some(AttrValue::Static(t.cap_quizzes.1))} />
            { tabs(t, &props.me) }
            { body }
            <section class="card" aria-labelledby="my-results-title">
                <h2 id="my-results-title" class="card-title">{ t.qz_my_results }</h2>
                <DataTable<QuizResult> id="my-results" caption={t.qz_my_results} {columns}
                    page={results.data()} loading={results.loading()} error={results.error()}
                    state={(*results_state).clone()}
                    on_change={let s = results_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={results.reload.clone()} />
            </section>
        </>
    }
}

/// Why a start is refused, in words.
fn blocked_text(q: &MyQuiz, t: &Texts) -> Option<String> {
    let block = q.blocked?;
    Some(match (block, q.next_start_at) {
        (StartBlock::Delay, Some(next)) => (t.qz_blocked_delay)(&format::bureau_time(&next)),
        _ => (t.qz_start_block)(block).to_string(),
    })
}

fn quiz_card(q: &MyQuiz, t: &'static Texts, start: &Callback<uuid::Uuid>, busy: bool) -> Html {
    let id = q.session_id;
    let attempts = if q.attempts_allowed == 0 {
        (t.qz_attempts_unlimited)(q.attempts_used)
    } else {
        (t.qz_attempts_of)(q.attempts_used, q.attempts_allowed)
    };
    let limit = if q.time_limit_minutes == 0 {
        t.qz_no_time_limit.to_string()
    } else {
        (t.qz_minutes)(q.time_limit_minutes)
    };
    html! {
        <li class="quiz-card" id={format!("quiz-{id}")} data-title={q.title.clone()}>
            <div class="quiz-card-head">
                <h3 class="quiz-title">{ q.title.clone() }</h3>
                <span class="badges">
                    <Badge text={(t.qz_kind)(q.kind)} />
                    if let Some(r) = &q.result {
                        { pass_badge(r.passed, t) }
                    }
                </span>
            </div>
            if !q.description.trim().is_empty() {
                <p class="prose small">{ q.description.clone() }</p>
            }
            <dl class="details compact">
                <dt>{ t.qz_window }</dt>
                <dd>{ format!("{} – {}", format::bureau_time(&q.opens_at), format::bureau_time(&q.closes_at)) }</dd>
                <dt>{ t.qz_time_limit }</dt><dd>{ limit }</dd>
                <dt>{ t.qz_paper }</dt>
                <dd>{ (t.qz_paper_summary)(q.question_count, q.max_score, q.pass_score) }</dd>
                <dt>{ t.qz_attempts }</dt><dd>{ attempts }</dd>
                if let Some(r) = &q.result {
                    <dt>{ t.qz_score }</dt><dd class="quiz-score">{ score(r.score, r.max_score) }</dd>
                }
            </dl>
            <div class="quiz-actions">
                if let Some(attempt) = q.in_progress_attempt_id {
                    <Href to={format!("/quizzes/attempts/{attempt}")} class="btn btn-primary quiz-continue"
                          id={format!("continue-{id}")}>{ t.qz_continue }</Href>
                } else if q.can_start {
                    <button type="button" class="btn btn-primary quiz-start" id={format!("start-{id}")}
                            disabled={busy} onclick={start.reform(move |_| id)}>
                        { if q.attempts_used == 0 { t.qz_start } else { t.qz_start_again } }
                    </button>
                }
                if let Some(last) = q.last_attempt_id {
                    <Href to={format!("/quizzes/attempts/{last}")} class="btn quiz-result-link"
                          id={format!("result-{id}")}>{ t.qz_see_result }</Href>
                }
                if let Some(why) = blocked_text(q, t) {
                    <span class="quiz-blocked" id={format!("blocked-{id}")}>
                        <Badge tone={Tone::Neutral} text={why} />
                    </span>
                }
            </div>
        </li>
    }
}
