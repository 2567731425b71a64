//! Answering an attempt: one question at a time with a numbered navigator, or all at
//! once; every answer saved as it is given (see `work`); the countdown to the server's
//! deadline, corrected by the server's clock, with a warning five minutes before the
//! end; leaving the page reported (切屏); submitting after a confirmation that names the
//! questions not answered.

use std::rc::Rc;

use api_types::quizzes::{PaperQuestion, QuizAttempt};
use api_types::ErrorCode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::super::answer::AnswerInputs;
use super::super::points;
use super::leave::use_leave_reports;
use super::work::{SaveState, Saver, Work};
use crate::components::{use_toaster, Badge, ConfirmDialog};
use crate::format;
use crate::hooks::use_submission;
use crate::i18n::{use_i18n, Texts};
use crate::services::api::{self, ApiError};

/// Five minutes before the end the page warns.
const WARN_MS: i64 = 5 * 60 * 1000;

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// `h:mm:ss` or `mm:ss`.
fn clock(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[derive(Properties, PartialEq)]
pub struct AnsweringProps {
    pub attempt: Rc<QuizAttempt>,
    /// The attempt closed: its closed state when known, else `None` (load it again).
    pub on_closed: Callback<Option<QuizAttempt>>,
}

#[function_component]
pub fn Answering(props: &AnsweringProps) -> Html {
    let t = use_i18n().t();
    let a = props.attempt.clone();
    let force = use_force_update();
    let work = use_mut_ref(|| Work::of(&a));
    let current = use_state(|| 0usize);
    let all_at_once = use_state(|| false);
    let confirming = use_state(|| false);
    let form = use_submission();
    let toaster = use_toaster();
    let saver = Saver {
        work: work.clone(),
        attempt: a.id,
        redraw: Callback::from(move |()| force.force_update()),
        on_closed: props.on_closed.reform(|()| None),
        t,
    };

    // The countdown: the server's deadline against the browser's clock corrected by
    // the difference to the server's clock when the attempt was read.
    let offset = *use_memo(a.server_time, |st| st.timestamp_millis() - now_ms());
    let tick = use_state(now_ms);
    {
        let tick = tick.clone();
        use_effect_with((), move |()| {
            let step = Closure::<dyn FnMut()>::new(move || tick.set(now_ms()));
            let window = web_sys::window();
            let id = window.as_ref().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    step.as_ref().unchecked_ref(),
                    1000,
                )
                .ok()
            });
            move || {
                if let (Some(w), Some(id)) = (window, id) {
                    w.clear_interval_with_handle(id);
                }
                drop(step);
            }
        });
    }
    let remaining = a.deadline_at.timestamp_millis() - (*tick + offset);
    let ending = remaining <= WARN_MS;
    {
        let (on_closed, toaster) = (props.on_closed.clone(), toaster.clone());
        use_effect_with((ending, remaining <= 0), move |(ending, over)| {
            if *over {
                // The server submits at the deadline: read the attempt as it closed.
                on_closed.emit(None);
            } else if *ending {
                toaster.info(t.qz_five_minutes);
            }
        });
    }
    use_leave_reports(a.id, work.clone(), props.on_closed.clone(), t);

    let total = a.questions.len();
    let index = (*current).min(total.saturating_sub(1));
    let (answered, failed) = {
        let w = work.borrow();
        let answered = a
            .questions
            .iter()
            .filter(|q| w.answered(q.position))
            .count();
        (answered, w.failed())
    };
    let unanswered: Vec<String> = a
        .questions
        .iter()
        .filter(|q| !work.borrow().answered(q.position))
        .map(|q| (q.position + 1).to_string())
        .collect();

    let go = |i: usize| {
        let (current, all) = (current.clone(), *all_at_once);
        Callback::from(move |_: MouseEvent| {
            current.set(i);
            if all {
                scroll_to(&format!("question-{i}"));
            }
        })
    };
    let navigator = html! {
        <nav class="attempt-nav" aria-label={t.qz_navigator}>
            <ol>
                { for a.questions.iter().enumerate().map(|(i, q)| {
                    let w = work.borrow();
                    let state = w.state(q.position);
                    let class = classes!(
                        "nav-number",
                        w.answered(q.position).then_some("answered"),
                        matches!(state, Some(SaveState::Failed(_))).then_some("failed"),
                        (i == index && !*all_at_once).then_some("current"),
                    );
                    html! {
                        <li>
                            <button type="button" id={format!("nav-{}", i + 1)} {class} onclick={go(i)}
                                    aria-current={(i == index && !*all_at_once).then_some("step")}>
                                { i + 1 }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    };
    let card = |q: &PaperQuestion| question_card(q, &work.borrow(), &saver, t);
    let questions = if *all_at_once {
        html! { <>{ for a.questions.iter().map(card) }</> }
    } else {
        match a.questions.get(index) {
            Some(q) => html! {
                <>
                    { card(q) }
                    <div class="form-buttons">
                        <button type="button" class="btn" id="attempt-prev" disabled={index == 0}
                                onclick={go(index.saturating_sub(1))}>{ t.qz_previous }</button>
                        <button type="button" class="btn" id="attempt-next" disabled={index + 1 >= total}
                                onclick={go((index + 1).min(total.saturating_sub(1)))}>{ t.qz_next }</button>
                    </div>
                </>
            },
            None => html! {},
        }
    };

    let view_button = |all: bool, label: &'static str, id: &'static str| {
        let state = all_at_once.clone();
        let on = *all_at_once == all;
        html! {
            <button type="button" {id} class={classes!("segment", on.then_some("active"))}
                    aria-pressed={on.to_string()} onclick={Callback::from(move |_| state.set(all))}>
                { label }
            </button>
        }
    };
    let submit = {
        let (form, saver, on_closed, id) =
            (form.clone(), saver.clone(), props.on_closed.clone(), a.id);
        let confirming = confirming.clone();
        Callback::from(move |()| {
            confirming.set(false);
            let (saver, on_closed) = (saver.clone(), on_closed.clone());
            form.request(async move {
                let still = saver.flush().await;
                if !still.is_empty() {
                    return Err(ApiError::Network(format!(
                        "{} answers not saved",
                        still.len()
                    )));
                }
                let path = format!("/me/quiz-attempts/{id}/submit");
                match api::post::<_, QuizAttempt>(&path, &()).await {
                    Ok(closed) => Ok(Some(closed)),
                    // Closed meanwhile (the deadline, or too many page leaves).
                    Err(e) if e.code() == Some(ErrorCode::InvalidState) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .errors_as_toast()
            .then(move |closed| on_closed.emit(closed));
        })
    };
    let mut message = if unanswered.is_empty() {
        t.qz_submit_all_answered.to_string()
    } else {
        (t.qz_submit_unanswered)(&unanswered.join(t.list_sep))
    };
    if !failed.is_empty() {
        let numbers: Vec<String> = failed.iter().map(|p| (p + 1).to_string()).collect();
        message.push(' ');
        message.push_str(&(t.qz_submit_unsaved)(&numbers.join(t.list_sep)));
    }

    html! {
        <>
            <div class={classes!("attempt-bar", ending.then_some("ending"))} id="attempt-bar">
                <span class="countdown" id="attempt-countdown" role="timer" aria-live="off"
                      title={format!("{} {}", t.qz_deadline, format::bureau_time(&a.deadline_at))}>
                    { format!("{} {}", t.qz_remaining, clock(remaining)) }
                </span>
                <span id="attempt-progress">{ (t.qz_answered_of)(answered, total) }</span>
                if !failed.is_empty() {
                    <span class="text-danger" id="attempt-unsaved" role="alert">{ (t.qz_failed_count)(failed.len()) }</span>
                }
                <span class="toolbar-spacer"></span>
                <div class="segmented" role="group" aria-label={t.qz_view}>
                    { view_button(false, t.qz_view_one, "view-one") }
                    { view_button(true, t.qz_view_all, "view-all") }
                </div>
                <button type="button" class="btn btn-primary" id="attempt-submit" disabled={form.busy()}
                        onclick={let c = confirming.clone(); Callback::from(move |_| c.set(true))}>
                    { if form.busy() { t.qz_submitting } else { t.qz_submit } }
                </button>
            </div>
            if ending {
                <p class="alert alert-warning" id="attempt-warning" role="alert">{ t.qz_five_minutes }</p>
            }
            <div class="attempt-grid">
                { navigator }
                <div class="attempt-questions">{ questions }</div>
            </div>
            <ConfirmDialog open={*confirming} title={t.qz_submit_title} message={message}
                           confirm_label={t.qz_submit}
                           on_confirm={submit}
                           on_cancel={let c = confirming.clone(); Callback::from(move |()| c.set(false))} />
        </>
    }
}

fn scroll_to(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        el.scroll_into_view();
    }
}

/// One question with its inputs and the state of its saved answer.
fn question_card(q: &PaperQuestion, work: &Work, saver: &Saver, t: &'static Texts) -> Html {
    let position = q.position;
    let state_name = match work.state(position) {
        None => "empty",
        Some(SaveState::Unsaved) => "unsaved",
        Some(SaveState::Saving) => "saving",
        Some(SaveState::Saved(_)) => "saved",
        Some(SaveState::Failed(_)) => "failed",
    };
    let state = match work.state(position) {
        None => html! { <span class="save-state muted">{ t.qz_not_answered }</span> },
        Some(SaveState::Unsaved) => {
            html! { <span class="save-state muted">{ t.qz_unsaved }</span> }
        }
        Some(SaveState::Saving) => html! { <span class="save-state saving">{ t.qz_saving }</span> },
        Some(SaveState::Saved(at)) => html! {
            <span class="save-state saved" title={format::bureau_time(&at)}>{ t.qz_saved }</span>
        },
        Some(SaveState::Failed(why)) => {
            let saver = saver.clone();
            html! {
                <span class="save-state failed" role="alert">
                    { format!("{}：{why}", t.qz_save_failed) }
                    <button type="button" class="btn btn-small" id={format!("q{position}-retry")}
                            onclick={Callback::from(move |_| saver.save(position))}>{ t.retry }</button>
                </span>
            }
        }
    };
    let on_change = {
        let saver = saver.clone();
        Callback::from(move |(answer, now)| saver.change(position, answer, now))
    };
    let on_commit = {
        let saver = saver.clone();
        Callback::from(move |()| saver.commit(position))
    };
    html! {
        <section class="card question" id={format!("question-{position}")} data-kind={q.kind.as_str()}>
            <div class="question-head">
                <span class="question-number">{ (t.qz_question_n)(position + 1) }</span>
                <Badge text={(t.qz_question_kind)(q.kind)} />
                <span class="muted small">{ format!("{} {}", points(q.points), t.qz_points_unit) }</span>
                <span class="toolbar-spacer"></span>
                <span id={format!("q{position}-state")} data-state={state_name}
                      data-saves={work.saves.get(&position).copied().unwrap_or(0).to_string()}>{ state }</span>
            </div>
            <p class="question-stem">{ q.stem.clone() }</p>
            <AnswerInputs id={format!("q{position}")} kind={q.kind} options={q.options.clone()}
                          blank_count={q.blank_count} answer={work.answer(position)}
                          {on_change} {on_commit} />
        </section>
    }
}
