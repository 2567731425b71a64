//! Legal-knowledge quizzes and exams (学法考试, task 3 of the plan,
//! `/api/v1/quiz-sessions`, `/api/v1/me/quizzes`, `/api/v1/study-plans`): the year's
//! study plan and its quarterly quizzes, pre-appointment exams and competition rounds;
//! papers drawn from the question bank and frozen with each attempt; answers saved as
//! they are given; the server enforces the window and the time limit and submits at
//! the deadline; objective questions graded at once, short answers by the organiser;
//! results by unit, the item analysis, each person's results and wrong-answer book.

pub mod attempts;
pub mod deadlines;
mod draw;
mod export;
pub mod grading;
mod list;
mod marking;
pub mod model;
mod plans;
pub mod reminders;
mod results;
mod sessions;
pub mod statistics;
mod taking;
mod wrong_book;

pub use export::{AttemptExport, ResultExport, SessionExport, StudyPlanExport};
pub use results::{archive_section, audience_standing};
pub use sessions::check_live_papers;

/// Registers the quiz routes (literal paths before `{id}` ones).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    plans::configure(cfg);
    results::configure(cfg);
    taking::configure(cfg);
    wrong_book::configure(cfg);
    marking::configure(cfg);
    sessions::configure(cfg);
}
