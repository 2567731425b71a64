//! The answers of an attempt being answered and their saving: each answer is saved as
//! it is given (a choice at once, typed text once typing pauses or the field is left),
//! one request at a time per question with the latest answer winning; every question
//! shows whether its answer is saving, saved or failed, and a failed save stays failed
//! (with a retry) until it is saved.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Duration;

use api_types::quizzes::{AnswerInput, AnswerSaved, QuizAttempt, SavedAnswer};
use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::Callback;

use crate::i18n::Texts;
use crate::services::api;

/// Where the answer to one question stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Typed but not sent yet (typing has not paused).
    Unsaved,
    Saving,
    Saved(DateTime<Utc>),
    /// The last save failed (the message says why); the answer is kept here.
    Failed(String),
}

/// Typing pauses this long before a typed answer is saved.
const TYPING_PAUSE: Duration = Duration::from_millis(800);

#[derive(Default)]
pub struct Work {
    pub answers: HashMap<u32, AnswerInput>,
    pub states: HashMap<u32, SaveState>,
    /// Answers saved from this page, per question (the browser tests wait on it).
    pub saves: HashMap<u32, u32>,
    in_flight: HashSet<u32>,
    /// Changed while a save of it was running: send the latest again after it.
    again: HashSet<u32>,
    typing: HashMap<u32, u32>,
}

impl Work {
    /// The saved answers of `attempt` (what a reload shows).
    pub fn of(attempt: &QuizAttempt) -> Work {
        let mut work = Work::default();
        for a in &attempt.answers {
            if let Some(at) = a.saved_at {
                work.answers.insert(a.position, a.answer.clone());
                work.states.insert(a.position, SaveState::Saved(at));
            }
        }
        work
    }

    pub fn answer(&self, position: u32) -> AnswerInput {
        self.answers.get(&position).cloned().unwrap_or_default()
    }

    pub fn state(&self, position: u32) -> Option<SaveState> {
        self.states.get(&position).cloned()
    }

    pub fn answered(&self, position: u32) -> bool {
        self.answers.get(&position).is_some_and(|a| !a.is_empty())
    }

    /// Questions whose answer is not (yet) saved.
    pub fn not_saved(&self) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .states
            .iter()
            .filter(|(_, s)| !matches!(s, SaveState::Saved(_)))
            .map(|(p, _)| *p)
            .collect();
        out.sort_unstable();
        out
    }

    pub fn failed(&self) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .states
            .iter()
            .filter(|(_, s)| matches!(s, SaveState::Failed(_)))
            .map(|(p, _)| *p)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Saves the answers of one attempt.
#[derive(Clone)]
pub struct Saver {
    pub work: Rc<RefCell<Work>>,
    pub attempt: Uuid,
    /// Draws the page again after a change of state.
    pub redraw: Callback<()>,
    /// The server said the attempt is closed (time up, or submitted elsewhere).
    pub on_closed: Callback<()>,
    pub t: &'static Texts,
}

impl PartialEq for Saver {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.work, &other.work) && self.attempt == other.attempt
    }
}

impl Saver {
    /// The taker changed the answer to `position`: save it now or once typing pauses.
    pub fn change(&self, position: u32, answer: AnswerInput, now: bool) {
        let generation = {
            let mut work = self.work.borrow_mut();
            work.answers.insert(position, answer);
            if !now {
                work.states.insert(position, SaveState::Unsaved);
            }
            let g = work.typing.entry(position).or_insert(0);
            *g += 1;
            *g
        };
        if now {
            self.save(position);
            return;
        }
        self.redraw.emit(());
        let this = self.clone();
        spawn_local(async move {
            sleep(TYPING_PAUSE).await;
            let current = this.work.borrow().typing.get(&position).copied();
            if current == Some(generation) {
                this.save(position);
            }
        });
    }

    /// A text field was left: save what it holds unless that is saved already.
    pub fn commit(&self, position: u32) {
        let pending = matches!(
            self.work.borrow().state(position),
            Some(SaveState::Unsaved | SaveState::Failed(_))
        );
        if pending {
            self.save(position);
        }
    }

    /// Sends the current answer to `position` (after the running save of it, if any).
    pub fn save(&self, position: u32) {
        {
            let mut work = self.work.borrow_mut();
            *work.typing.entry(position).or_insert(0) += 1;
            work.states.insert(position, SaveState::Saving);
            if work.in_flight.contains(&position) {
                work.again.insert(position);
                drop(work);
                self.redraw.emit(());
                return;
            }
            work.in_flight.insert(position);
        }
        self.redraw.emit(());
        let this = self.clone();
        spawn_local(async move {
            let answer = this.work.borrow().answer(position);
            let path = format!("/me/quiz-attempts/{}/answers", this.attempt);
            let body = SavedAnswer { position, answer };
            let result = api::post::<_, AnswerSaved>(&path, &body).await;
            let (again, closed) = {
                let mut work = this.work.borrow_mut();
                work.in_flight.remove(&position);
                let again = work.again.remove(&position);
                let closed = matches!(&result, Err(e) if e.code() == Some(ErrorCode::InvalidState));
                match &result {
                    _ if again && !closed => {}
                    Ok(saved) => {
                        work.states
                            .insert(position, SaveState::Saved(saved.saved_at));
                        *work.saves.entry(position).or_insert(0) += 1;
                    }
                    Err(e) => {
                        work.states
                            .insert(position, SaveState::Failed(e.message(this.t)));
                    }
                }
                (again && !closed, closed)
            };
            if again {
                this.save(position);
            } else {
                this.redraw.emit(());
            }
            if closed {
                this.on_closed.emit(());
            }
        });
    }

    /// Before submitting: sends again what failed or waits to be sent, and waits for the
    /// running saves (at most 15 s). The questions still not saved after that.
    pub async fn flush(&self) -> Vec<u32> {
        let waiting = self.work.borrow().not_saved();
        for position in waiting {
            let state = self.work.borrow().state(position);
            if matches!(state, Some(SaveState::Unsaved | SaveState::Failed(_))) {
                self.save(position);
            }
        }
        for _ in 0..150 {
            if self.work.borrow().in_flight.is_empty() {
                break;
            }
            sleep(Duration::from_millis(100)).await;
        }
        self.work.borrow().not_saved()
    }
}
