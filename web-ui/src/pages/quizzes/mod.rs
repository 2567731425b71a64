//! 学法考试: legal-knowledge quizzes. Takers see their quizzes, answer an attempt (each
//! answer saved as it is given, against the server's deadline) and practise their
//! wrong answers; organisers keep the question bank, prepare, publish and grade
//! sessions and study plans; result readers follow participation, pass rates and the
//! item analysis. Tabs by permission.

pub mod answer;
pub mod attempt;
pub mod audience;
pub mod bank;
pub mod mine;
pub mod plans;
pub mod sessions;
pub mod wrong_book;

use api_types::auth::Me;
use api_types::quizzes::{ParticipantStatus, QuizPhase, QuizStatus};
use api_types::Permission;
use yew::prelude::*;
use yew_router::prelude::Redirect;

use crate::capability::can;
use crate::components::{Badge, SubNav, Tone};
use crate::i18n::Texts;
use crate::pages::{forbidden, MeProps};
use crate::routes::Route;

/// Who may do what in the capability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rights {
    pub take: bool,
    pub manage: bool,
    pub results: bool,
    pub questions: bool,
    pub questions_manage: bool,
}

impl Rights {
    pub fn of(me: &Me) -> Rights {
        Rights {
            take: can(me, Permission::QuizzesTake),
            manage: can(me, Permission::QuizzesManage),
            results: can(me, Permission::QuizResultsRead),
            questions: can(me, Permission::QuestionsRead),
            questions_manage: can(me, Permission::QuestionsManage),
        }
    }
}

/// The tabs of the capability the user may open.
pub fn tabs(t: &'static Texts, me: &Me) -> Html {
    let r = Rights::of(me);
    let mut items = Vec::new();
    if r.take {
        items.push((Route::Quizzes, AttrValue::Static(t.qz_tab_mine)));
        items.push((Route::QuizWrongAnswers, AttrValue::Static(t.qz_tab_wrong)));
    }
    if r.results {
        items.push((Route::QuizSessions, AttrValue::Static(t.qz_tab_sessions)));
    }
    if r.questions {
        items.push((Route::QuestionBank, AttrValue::Static(t.qz_tab_bank)));
    }
    if r.results {
        items.push((Route::StudyPlans, AttrValue::Static(t.qz_tab_plans)));
    }
    html! { <SubNav label={t.cap_quizzes.0} {items} /> }
}

/// `/quizzes`: my quizzes for takers, else the first tab the user may open.
#[function_component]
pub fn QuizzesHome(props: &MeProps) -> Html {
    let r = Rights::of(&props.me);
    if r.take {
        html! { <mine::MyQuizzesPage me={props.me.clone()} /> }
    } else if r.results {
        html! { <Redirect<Route> to={Route::QuizSessions} /> }
    } else if r.questions {
        html! { <Redirect<Route> to={Route::QuestionBank} /> }
    } else {
        forbidden()
    }
}

/// A session's state: draft, cancelled, or upcoming / open / closed once published.
pub fn session_badge(status: QuizStatus, phase: Option<QuizPhase>, t: &Texts) -> Html {
    let (tone, text) = match (status, phase) {
        (QuizStatus::Draft, _) => (Tone::Neutral, (t.qz_status)(status)),
        (QuizStatus::Cancelled, _) => (Tone::Danger, (t.qz_status)(status)),
        (QuizStatus::Published, Some(QuizPhase::Open)) => {
            (Tone::Success, (t.qz_phase)(QuizPhase::Open))
        }
        (QuizStatus::Published, Some(p)) => (Tone::Info, (t.qz_phase)(p)),
        (QuizStatus::Published, None) => (Tone::Info, (t.qz_status)(status)),
    };
    html! { <Badge {tone} {text} /> }
}

pub fn participant_badge(status: ParticipantStatus, t: &Texts) -> Html {
    let tone = match status {
        ParticipantStatus::NotStarted => Tone::Neutral,
        ParticipantStatus::InProgress => Tone::Info,
        ParticipantStatus::AwaitingGrading => Tone::Warning,
        ParticipantStatus::Passed => Tone::Success,
        ParticipantStatus::Failed => Tone::Danger,
    };
    html! { <Badge {tone} text={(t.qz_participant_status)(status)} /> }
}

/// Passed, failed, or waiting for the short answers to be graded.
pub fn pass_badge(passed: Option<bool>, t: &Texts) -> Html {
    match passed {
        Some(true) => html! { <Badge tone={Tone::Success} text={t.qz_passed} /> },
        Some(false) => html! { <Badge tone={Tone::Danger} text={t.qz_failed} /> },
        None => html! { <Badge tone={Tone::Warning} text={t.qz_awaiting_grading} /> },
    }
}

/// Points as people write them: "10", "7.5", "6.67".
pub fn points(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A score out of the maximum ("42 / 50"), or "—" while it is not known.
pub fn score(value: Option<f64>, max: f64) -> String {
    match value {
        Some(v) => format!("{} / {}", points(v), points(max)),
        None => "—".into(),
    }
}

/// A percentage with one decimal ("66.7%"), or "—".
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{v:.1}%"))
}

/// Option letters by place: the first shown option is A whatever its key.
pub fn letter(index: usize) -> char {
    char::from(b'A' + u8::try_from(index.min(25)).unwrap_or(0))
}

/// Tags as typed: separated by commas (either width), 、 or spaces.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_percentages_read_naturally() {
        assert_eq!(points(10.0), "10");
        assert_eq!(points(7.5), "7.5");
        assert_eq!(points(6.666), "6.67");
        assert_eq!(score(Some(42.0), 50.0), "42 / 50");
        assert_eq!(score(None, 50.0), "—");
        assert_eq!(percent(Some(66.666)), "66.7%");
        assert_eq!(letter(0), 'A');
        assert_eq!(letter(7), 'H');
        assert_eq!(split_tags("处罚， 程序、听证 ,"), ["处罚", "程序", "听证"]);
    }
}
