//! Legal-knowledge quizzes and exams (学法考试, task 3 of the plan): the question bank,
//! quiz sessions with their papers, the attempts officers make, the grading, the
//! results by unit and the item analysis of a session.
//!
//! Scores on the wire are points with at most two decimals (a fill-in question earns its
//! points in proportion to the blanks answered correctly); the server keeps hundredths.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::Role;

crate::text_enum! {
    /// What kind of question it is, and so how it is answered and graded.
    pub enum QuestionKind {
        /// 单选题: one option is correct.
        SingleChoice = "single_choice",
        /// 多选题: two or more options are correct; all of them and only them earn the
        /// points.
        MultipleChoice = "multiple_choice",
        /// 判断题: the statement is true or false.
        TrueFalse = "true_false",
        /// 填空题: one or more blanks, each with its accepted answers; compared after
        /// normalising full-width characters, spaces and letter case.
        FillBlank = "fill_blank",
        /// 简答题: answered in words and graded by a person.
        ShortAnswer = "short_answer",
    }
}

impl QuestionKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "单选题",
            QuestionKind::MultipleChoice => "多选题",
            QuestionKind::TrueFalse => "判断题",
            QuestionKind::FillBlank => "填空题",
            QuestionKind::ShortAnswer => "简答题",
        }
    }

    /// Whether the question has options to choose from.
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        )
    }

    /// Whether the server grades it (every kind but the short answer).
    pub fn is_objective(self) -> bool {
        self != QuestionKind::ShortAnswer
    }
}

crate::text_enum! {
    /// Whether a question may be drawn into new papers.
    pub enum QuestionStatus {
        Active = "active",
        /// No longer drawn; kept with its revisions, and attempts that showed it keep it.
        Retired = "retired",
    }
}

/// One option of a choice question.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionOption {
    /// `A`–`H`; answers name options by this key, whatever order they are shown in.
    #[validate(custom(function = "crate::validate::option_key"))]
    pub key: String,
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub text: String,
}

/// The accepted answers of one blank of a fill-in question.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Blank {
    /// Any of these is right (compared after normalising full-width characters,
    /// spaces and letter case).
    #[validate(
        length(min = 1, max = 10),
        custom(function = "crate::validate::short_texts")
    )]
    pub accepted: Vec<String>,
}

/// The law a question is about.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalReference {
    /// 《中华人民共和国行政处罚法》.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub law: String,
    /// 第三十二条.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub article: String,
    /// The item of the power list it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_item_id: Option<Uuid>,
}

/// What a question says and what its answer is: one revision.
///
/// Which answer field is used depends on `kind`: `correct_options` for choice
/// questions (options `A`, `B` … in order), `correct_truth` for true/false, `blanks`
/// for fill-in (as many as the stem has gaps), `reference_answer` for a short answer
/// (the grading guide).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionContent {
    pub category_id: Uuid,
    pub kind: QuestionKind,
    /// The question; a fill-in question marks each blank with `____`.
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validate::not_blank")
    )]
    pub stem: String,
    /// 2–8 options for a choice question, none otherwise.
    #[serde(default)]
    #[validate(length(max = 8), nested)]
    pub options: Vec<QuestionOption>,
    #[serde(default)]
    #[validate(length(max = 8), custom(function = "crate::validate::option_keys"))]
    pub correct_options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_truth: Option<bool>,
    #[serde(default)]
    #[validate(length(max = 10), nested)]
    pub blanks: Vec<Blank>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 5000))]
    pub reference_answer: Option<String>,
    /// Shown with the answer once an attempt is closed (解析).
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub explanation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub legal_reference: Option<LegalReference>,
    #[serde(default)]
    #[validate(length(max = 10), custom(function = "crate::validate::tags"))]
    pub tags: Vec<String>,
}

/// `POST /api/v1/questions`: a question of the bank, owned by an organising unit.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewQuestion {
    /// The unit that keeps the question (its section edits it).
    pub owner_unit_id: Uuid,
    #[validate(nested)]
    pub content: QuestionContent,
}

/// A question of the bank (`GET /api/v1/questions/{id}`): its current revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub id: Uuid,
    pub owner_unit_id: Uuid,
    /// 1 for the first text; each edit adds one (attempts keep the revision they showed).
    pub revision: i32,
    pub status: QuestionStatus,
    pub retire_reason: Option<String>,
    pub content: QuestionContent,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A kept revision of a question (`GET /api/v1/questions/{id}/revisions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionRevision {
    pub question_id: Uuid,
    pub revision: i32,
    pub content: QuestionContent,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// `POST /api/v1/questions/{id}/retire` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionRetirement {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// A category of the bank (by law or topic); categories form a tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionCategory {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub owner_unit_id: Uuid,
    pub sort_order: i32,
    pub active: bool,
    /// Active questions in this category itself (not its subcategories).
    pub active_questions: u64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/question-categories`.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewQuestionCategory {
    pub owner_unit_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    #[validate(
        length(min = 1, max = 50),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    #[serde(default)]
    #[validate(range(min = 0, max = 100000))]
    pub sort_order: i32,
}

/// `PATCH /api/v1/question-categories/{id}` (`If-Match`): absent fields keep their value.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionCategoryChange {
    #[validate(
        length(min = 1, max = 50),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: Option<String>,
    #[validate(range(min = 0, max = 100000))]
    pub sort_order: Option<i32>,
    /// An inactive category is not offered for new questions or random draws.
    pub active: Option<bool>,
}

crate::text_enum! {
    /// Why a quiz session is held.
    pub enum QuizKind {
        /// 季度学法考试: the quarterly quiz of all enforcement staff.
        QuarterlyQuiz = "quarterly_quiz",
        /// 任前法律考试: before appointing a section-level cadre; marked in the archive.
        PreAppointmentExam = "pre_appointment_exam",
        /// A round of a legal-knowledge competition.
        CompetitionRound = "competition_round",
        /// 练习: practice; results are kept but do not count.
        Practice = "practice",
        /// 补考: for those who failed or missed the session it makes up.
        Makeup = "makeup",
    }
}

impl QuizKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            QuizKind::QuarterlyQuiz => "季度学法考试",
            QuizKind::PreAppointmentExam => "任前法律考试",
            QuizKind::CompetitionRound => "知识竞赛",
            QuizKind::Practice => "练习",
            QuizKind::Makeup => "补考",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a quiz session.
    pub enum QuizStatus {
        /// Being prepared by the organiser; takers do not see it.
        Draft = "draft",
        /// Visible to its takers; open between `opens_at` and `closes_at`.
        Published = "published",
        /// Called off before anyone started (with a reason).
        Cancelled = "cancelled",
    }
}

crate::text_enum! {
    /// Where a published session stands now.
    pub enum QuizPhase {
        Upcoming = "upcoming",
        Open = "open",
        Closed = "closed",
    }
}

crate::text_enum! {
    /// Which attempt is a person's result when several are allowed.
    pub enum GradingMethod {
        Highest = "highest",
        First = "first",
        Last = "last",
    }
}

crate::text_enum! {
    /// When takers see the correct answers and explanations of their attempt.
    pub enum ReviewPolicy {
        /// As soon as the attempt is submitted.
        AfterSubmit = "after_submit",
        /// Once the session has closed (no one can still be answering).
        AfterClose = "after_close",
        /// Never (only the score).
        Never = "never",
    }
}

crate::text_enum! {
    /// A place in a paper: one chosen question or a draw from the bank.
    pub enum SlotKind {
        Fixed = "fixed",
        Random = "random",
    }
}

/// One slot of a paper. A fixed slot names a question (`count` 1); a random slot draws
/// `count` different active questions of a category (and its subcategories), optionally
/// only of one kind and carrying every one of `tags`. No question appears twice in an
/// attempt.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaperSlot {
    pub kind: SlotKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<Uuid>,
    #[serde(default = "yes")]
    pub include_subcategories: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_kind: Option<QuestionKind>,
    #[serde(default)]
    #[validate(length(max = 5), custom(function = "crate::validate::tags"))]
    pub tags: Vec<String>,
    #[validate(range(min = 1, max = 100))]
    pub count: u32,
    /// Points of each question of the slot.
    #[validate(range(min = 1, max = 100))]
    pub points: u32,
}

fn yes() -> bool {
    true
}

/// Who takes a session: users of these units (and the units below them) who hold one of
/// `roles` (any role that takes quizzes when empty), and the people named. Makeup
/// sessions add: only those who have not passed the session they make up.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(default)]
    #[validate(length(max = 200))]
    pub unit_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 7))]
    pub roles: Vec<Role>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub user_ids: Vec<Uuid>,
}

/// What an organiser sets for a session (`POST /api/v1/quiz-sessions`, `PUT` while a
/// draft).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuizSessionContent {
    pub organiser_unit_id: Uuid,
    pub kind: QuizKind,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub description: String,
    /// The study plan and its quarter (1–4) a quarterly quiz belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_plan_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 4))]
    pub quarter: Option<u8>,
    pub opens_at: DateTime<Utc>,
    /// After `opens_at`; no answer is taken after it.
    pub closes_at: DateTime<Utc>,
    /// Minutes from the start of an attempt; 0: until the session closes.
    #[validate(range(max = 600))]
    pub time_limit_minutes: u32,
    /// 0: unlimited.
    #[validate(range(max = 20))]
    pub attempts_allowed: u32,
    /// Minutes between the end of one attempt and the start of the next.
    #[serde(default)]
    #[validate(range(max = 10080))]
    pub attempt_delay_minutes: u32,
    /// Points needed to pass (at most the paper's total).
    #[validate(range(max = 10000))]
    pub pass_score: u32,
    pub grading_method: GradingMethod,
    #[serde(default = "yes")]
    pub shuffle_questions: bool,
    #[serde(default = "yes")]
    pub shuffle_options: bool,
    pub review: ReviewPolicy,
    /// Leaving the page (切屏) more often than this submits the attempt; 0: leaving is
    /// recorded but never submits.
    #[serde(default)]
    #[validate(range(max = 50))]
    pub leave_limit: u32,
    #[validate(nested)]
    pub audience: Audience,
    #[validate(length(min = 1, max = 50), nested)]
    pub paper: Vec<PaperSlot>,
}

/// A quiz session (`GET /api/v1/quiz-sessions/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizSession {
    pub id: Uuid,
    pub content: QuizSessionContent,
    pub status: QuizStatus,
    /// For a published session: upcoming, open or closed now.
    pub phase: Option<QuizPhase>,
    /// The session a make-up session is for.
    pub makeup_of: Option<Uuid>,
    /// The sum of the paper's points.
    pub max_score: u32,
    pub question_count: u32,
    pub cancel_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/quiz-sessions/{id}/cancel` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuizCancellation {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// `POST /api/v1/quiz-sessions/{id}/makeup`: a make-up session (a draft with the same
/// paper and rules) for those who failed or missed this one.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMakeup {
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// One question of a sample draw (`GET /api/v1/quiz-sessions/{id}/preview`), with its
/// answer: what the organiser checks before publishing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewItem {
    pub position: u32,
    /// The paper slot it was drawn for (0-based).
    pub slot: u32,
    pub points: f64,
    pub question_id: Uuid,
    pub revision: i32,
    pub content: QuestionContent,
    /// Option keys in the order a taker would see them.
    pub option_order: Vec<String>,
}

/// A sample draw of a session's paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaperPreview {
    pub items: Vec<PreviewItem>,
    pub max_score: f64,
}

/// A question as a taker sees it in an open attempt: never its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaperQuestion {
    /// 0-based place in this attempt's paper.
    pub position: u32,
    pub kind: QuestionKind,
    pub stem: String,
    /// In the order shown to this taker; answers name them by `key`.
    pub options: Vec<QuestionOption>,
    /// How many blanks a fill-in question has.
    pub blank_count: u32,
    pub points: f64,
}

/// A taker's answer to one question (`POST /api/v1/me/quiz-attempts/{id}/answers`).
/// Only the field of the question's kind may be given: `choices` (single choice: one
/// key; multiple choice: any), `truth`, `blanks` (one text per blank) or `text`. All
/// absent or empty clears the answer.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 8), custom(function = "crate::validate::option_keys"))]
    pub choices: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truth: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 10), custom(function = "crate::validate::short_texts"))]
    pub blanks: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 5000))]
    pub text: Option<String>,
}

impl AnswerInput {
    /// Nothing answered.
    pub fn is_empty(&self) -> bool {
        self.choices.as_ref().is_none_or(Vec::is_empty)
            && self.truth.is_none()
            && self
                .blanks
                .as_ref()
                .is_none_or(|b| b.iter().all(|t| t.trim().is_empty()))
            && self.text.as_ref().is_none_or(|t| t.trim().is_empty())
    }
}

/// `POST /api/v1/me/quiz-attempts/{id}/answers`.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SavedAnswer {
    /// The question's `position` in the attempt.
    #[validate(range(max = 4999))]
    pub position: u32,
    #[validate(nested)]
    pub answer: AnswerInput,
}

/// What a save confirms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerSaved {
    pub position: u32,
    pub saved_at: DateTime<Utc>,
    /// Questions answered so far.
    pub answered: u32,
    pub deadline_at: DateTime<Utc>,
}

/// A taker's answer as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerState {
    pub position: u32,
    pub answer: AnswerInput,
    pub saved_at: Option<DateTime<Utc>>,
}

/// The answer key and the marks of one question, once the attempt is closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub position: u32,
    pub question_id: Uuid,
    pub revision: i32,
    pub correct_options: Vec<String>,
    pub correct_truth: Option<bool>,
    pub blanks: Vec<Blank>,
    pub reference_answer: Option<String>,
    pub explanation: String,
    pub legal_reference: Option<LegalReference>,
    /// `null` while a short answer waits for its grader.
    pub points_awarded: Option<f64>,
    /// Full points.
    pub correct: Option<bool>,
    pub grader_comment: Option<String>,
}

crate::text_enum! {
    /// Where an attempt stands.
    pub enum AttemptStatus {
        /// Being answered, until it is submitted or its deadline passes.
        InProgress = "in_progress",
        /// Submitted; short answers wait for the organiser's grading.
        AwaitingGrading = "awaiting_grading",
        /// Submitted and fully graded.
        Graded = "graded",
    }
}

crate::text_enum! {
    /// How an attempt was submitted.
    pub enum SubmittedHow {
        /// By the taker.
        Taker = "taker",
        /// By the server when the time limit or the session's window ran out.
        Deadline = "deadline",
        /// By the server when the taker left the page more often than allowed.
        LeaveLimit = "leave_limit",
    }
}

/// An attempt (`GET /api/v1/me/quiz-attempts/{id}` for its taker,
/// `GET /api/v1/quiz-attempts/{id}` for the organiser). While it is in progress no
/// answer key, explanation or mark is in it; `review` comes once it is closed and the
/// session's review policy allows (always for the organiser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizAttempt {
    pub id: Uuid,
    pub session_id: Uuid,
    pub session_title: String,
    pub session_kind: QuizKind,
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Uuid,
    /// 1 for the first attempt at the session.
    pub number: i32,
    pub status: AttemptStatus,
    pub started_at: DateTime<Utc>,
    /// Answers are taken until then; the server submits the attempt at this time.
    pub deadline_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_how: Option<SubmittedHow>,
    pub questions: Vec<PaperQuestion>,
    pub answers: Vec<AnswerState>,
    /// Times the taker left the page, and when.
    pub leave_events: Vec<DateTime<Utc>>,
    pub leave_limit: u32,
    /// Known once every question is graded.
    pub score: Option<f64>,
    pub max_score: f64,
    pub pass_score: f64,
    pub passed: Option<bool>,
    pub review: Option<Vec<ReviewItem>>,
    /// Once closed: when its taker sees the review (the answers and explanations);
    /// `null` while in progress and when the session never shows them.
    pub review_opens_at: Option<DateTime<Utc>>,
    /// The server's clock when this was read, for the countdown.
    pub server_time: DateTime<Utc>,
    pub version: i64,
}

crate::text_enum! {
    /// Something the browser reports during an attempt.
    pub enum AttemptEventKind {
        /// The page was hidden or left (切屏).
        LeftPage = "left_page",
    }
}

/// `POST /api/v1/me/quiz-attempts/{id}/events`.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttemptEvent {
    pub kind: AttemptEventKind,
}

/// What an event did: the count, and whether it submitted the attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptEventOutcome {
    pub leave_count: u32,
    pub leave_limit: u32,
    pub submitted: bool,
}

/// One grade an organiser gives to a short answer.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GradeEntry {
    #[validate(range(max = 4999))]
    pub position: u32,
    /// At most the question's points, in steps of 0.01.
    #[validate(range(min = 0.0, max = 100.0))]
    pub points: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 500))]
    pub comment: Option<String>,
}

/// `POST /api/v1/quiz-attempts/{id}/grades` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttemptGrading {
    #[validate(length(min = 1, max = 100), nested)]
    pub grades: Vec<GradeEntry>,
}

/// A short answer waiting for its grade (`GET /api/v1/quiz-sessions/{id}/grading`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradingTask {
    pub attempt_id: Uuid,
    pub attempt_version: i64,
    pub user_name: String,
    pub unit_id: Uuid,
    pub position: u32,
    pub stem: String,
    pub reference_answer: Option<String>,
    pub answer_text: Option<String>,
    pub points: f64,
    pub submitted_at: Option<DateTime<Utc>>,
}

crate::text_enum! {
    /// Where a person stands in a session.
    pub enum ParticipantStatus {
        NotStarted = "not_started",
        InProgress = "in_progress",
        AwaitingGrading = "awaiting_grading",
        Passed = "passed",
        Failed = "failed",
    }
}

/// One person of a session's audience (`GET /api/v1/quiz-sessions/{id}/participants`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub user_id: Uuid,
    pub name: String,
    pub unit_id: Uuid,
    pub status: ParticipantStatus,
    pub attempts: u32,
    /// The result by the session's grading method.
    pub score: Option<f64>,
    pub last_submitted_at: Option<DateTime<Utc>>,
    /// When the person last started or submitted an attempt (`updated_since` filters by
    /// it; `null` before any).
    pub updated_at: Option<DateTime<Utc>>,
}

/// One unit's line of a session's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitResult {
    /// A county bureau counts its brigades' people; another unit its own.
    pub unit_id: Uuid,
    pub audience: u32,
    /// Took the session (submitted at least one attempt).
    pub took: u32,
    pub passed: u32,
    /// took ÷ audience × 100.
    pub participation_rate: Option<f64>,
    /// passed ÷ audience × 100 (a person who did not take it has not passed).
    pub pass_rate: Option<f64>,
    pub mean_score: Option<f64>,
}

/// How many results fall in a tenth of the maximum score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreBand {
    /// 0, 10, … 90 (percent of the maximum; the last band includes 100).
    pub from_percent: u32,
    pub count: u32,
}

/// `GET /api/v1/quiz-sessions/{id}/results`: participation and pass rates by unit and
/// the score distribution, over the units in the caller's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResults {
    pub session_id: Uuid,
    pub max_score: f64,
    pub pass_score: f64,
    pub audience: u32,
    pub took: u32,
    pub passed: u32,
    pub awaiting_grading: u32,
    pub participation_rate: Option<f64>,
    pub pass_rate: Option<f64>,
    pub mean_score: Option<f64>,
    pub units: Vec<UnitResult>,
    pub distribution: Vec<ScoreBand>,
}

/// The statistics of one question over the first attempts that showed it, as Moodle's
/// quiz statistics define them. Percentages; `null` where too few attempts (or no
/// spread) leave them undefined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemStatistics {
    pub question_id: Uuid,
    pub revision: i32,
    pub kind: QuestionKind,
    pub stem: String,
    /// The paper slot it was drawn for (0-based).
    pub slot: u32,
    pub attempts: u32,
    pub max_points: f64,
    /// Mean mark ÷ maximum (难度系数).
    pub facility: Option<f64>,
    /// Standard deviation of the mark, as a share of the maximum.
    pub standard_deviation: Option<f64>,
    /// Correlation of the mark with the rest of the test (区分度).
    pub discrimination_index: Option<f64>,
    /// The discrimination index against the highest it could be with these marks.
    pub discriminative_efficiency: Option<f64>,
    /// Discriminative efficiency below 15 %: review the question.
    pub flagged: bool,
}

/// Statistics of the whole test over first attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestStatistics {
    pub attempts: u32,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub standard_deviation: Option<f64>,
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    /// Cronbach's α as a percentage (coefficient of internal consistency).
    pub coefficient_of_internal_consistency: Option<f64>,
    pub error_ratio: Option<f64>,
    pub standard_error: Option<f64>,
}

/// `GET /api/v1/quiz-sessions/{id}/item-analysis`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemAnalysis {
    pub session_id: Uuid,
    pub test: TestStatistics,
    pub items: Vec<ItemStatistics>,
}

crate::text_enum! {
    /// Whether a result is final.
    pub enum ResultStatus {
        AwaitingGrading = "awaiting_grading",
        Graded = "graded",
    }
}

/// A person's result in one session by its grading method (`GET /api/v1/quiz-results`,
/// `GET /api/v1/me/quiz-results`): what the legal archive shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizResult {
    pub id: Uuid,
    pub session_id: Uuid,
    pub session_title: String,
    pub session_kind: QuizKind,
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Uuid,
    pub attempts: u32,
    pub status: ResultStatus,
    pub score: Option<f64>,
    pub max_score: f64,
    pub pass_score: f64,
    pub passed: Option<bool>,
    pub last_submitted_at: DateTime<Utc>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

crate::text_enum! {
    /// Why a taker cannot start an attempt now.
    pub enum StartBlock {
        NotOpenYet = "not_open_yet",
        Closed = "closed",
        NoAttemptsLeft = "no_attempts_left",
        /// The delay after the last attempt has not passed (`next_start_at`).
        Delay = "delay",
        /// A make-up session for someone who has passed.
        AlreadyPassed = "already_passed",
    }
}

/// A session as its taker sees it (`GET /api/v1/me/quizzes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyQuiz {
    pub session_id: Uuid,
    pub title: String,
    pub kind: QuizKind,
    pub description: String,
    pub phase: QuizPhase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub time_limit_minutes: u32,
    pub attempts_allowed: u32,
    pub attempts_used: u32,
    pub question_count: u32,
    pub max_score: u32,
    pub pass_score: u32,
    /// An attempt being answered, to resume.
    pub in_progress_attempt_id: Option<Uuid>,
    /// The latest closed attempt, to see its result.
    pub last_attempt_id: Option<Uuid>,
    pub can_start: bool,
    pub blocked: Option<StartBlock>,
    pub next_start_at: Option<DateTime<Utc>>,
    pub result: Option<QuizResult>,
}

/// A question the taker answered wrongly (错题本), with its answer (only from attempts
/// whose review is open to them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WrongAnswer {
    pub question_id: Uuid,
    pub revision: i32,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<QuestionOption>,
    pub blank_count: u32,
    pub correct_options: Vec<String>,
    pub correct_truth: Option<bool>,
    pub blanks: Vec<Blank>,
    pub explanation: String,
    pub legal_reference: Option<LegalReference>,
    pub times_wrong: u32,
    pub last_wrong_at: DateTime<Utc>,
}

/// `POST /api/v1/me/wrong-answers/{question_id}/practice`: answer it again.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PracticeAnswer {
    #[validate(nested)]
    pub answer: AnswerInput,
}

/// Whether the practice answer was right; a right one takes the question out of the
/// book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeOutcome {
    pub correct: bool,
    pub mastered: bool,
}

/// One quarter of a study plan: what is studied and tested.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StudyQuarter {
    #[validate(range(min = 1, max = 4))]
    pub quarter: u8,
    /// 第一季度：行政处罚法.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub topic: String,
    /// The laws and rules studied, one per line.
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub laws: String,
    /// The bank category the quarter's quiz draws from.
    pub category_id: Uuid,
    /// Questions drawn for the quiz, and the points of each.
    #[validate(range(min = 1, max = 100))]
    pub question_count: u32,
    #[validate(range(min = 1, max = 100))]
    pub points_per_question: u32,
}

/// A year's key-law study and test plan (年度重点法律学习考试计划, 附件2).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StudyPlanContent {
    pub organiser_unit_id: Uuid,
    #[validate(range(min = 2000, max = 2100))]
    pub year: i32,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
    /// Whom the quarterly quizzes are for.
    #[validate(nested)]
    pub audience: Audience,
    #[validate(length(min = 1, max = 4), nested)]
    pub quarters: Vec<StudyQuarter>,
}

/// A study plan (`GET /api/v1/study-plans/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyPlan {
    pub id: Uuid,
    pub content: StudyPlanContent,
    /// The quarterly quizzes created from it, by quarter.
    pub sessions: Vec<StudyPlanSession>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A quiz created from a study plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyPlanSession {
    pub quarter: u8,
    pub session_id: Uuid,
    pub status: QuizStatus,
}

/// `POST /api/v1/study-plans/{id}/quizzes`: what was created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizzesCreated {
    pub created: Vec<StudyPlanSession>,
    /// Quarters that already had their quiz.
    pub existing: Vec<u8>,
}
