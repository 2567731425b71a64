//! A session's settings as typed, and the `QuizSessionContent` they make (or the
//! fields that are wrong).

use api_types::quizzes::{
    Audience, GradingMethod, PaperSlot, QuestionKind, QuizKind, QuizSession, QuizSessionContent,
    ReviewPolicy, SlotKind,
};
use chrono::{Duration, Timelike, Utc};
use uuid::Uuid;
use validator::Validate;

use super::paper::SlotDraft;
use crate::components::FieldErrors;
use crate::format;
use crate::i18n::Texts;
use crate::pages::quizzes::split_tags;

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub organiser: String,
    pub kind: QuizKind,
    pub title: String,
    pub description: String,
    pub study_plan: String,
    pub quarter: String,
    pub opens: String,
    pub closes: String,
    pub time_limit: String,
    pub attempts: String,
    pub delay: String,
    pub pass_score: String,
    pub grading: GradingMethod,
    pub shuffle_questions: bool,
    pub shuffle_options: bool,
    pub review: ReviewPolicy,
    pub leave_limit: String,
    pub audience: Audience,
    pub paper: Vec<SlotDraft>,
}

impl Draft {
    /// A new quarterly quiz organised by `unit`, open from now for a week.
    pub fn new(unit: Uuid) -> Draft {
        let now = Utc::now().with_second(0).unwrap_or_else(Utc::now);
        Draft {
            organiser: unit.to_string(),
            kind: QuizKind::QuarterlyQuiz,
            title: String::new(),
            description: String::new(),
            study_plan: String::new(),
            quarter: String::new(),
            opens: format::bureau_input(&now),
            closes: format::bureau_input(&(now + Duration::days(7))),
            time_limit: "60".into(),
            attempts: "1".into(),
            delay: "0".into(),
            pass_score: "60".into(),
            grading: GradingMethod::Highest,
            shuffle_questions: true,
            shuffle_options: true,
            review: ReviewPolicy::AfterSubmit,
            leave_limit: "0".into(),
            audience: Audience::default(),
            paper: vec![SlotDraft::random()],
        }
    }

    pub fn of(s: &QuizSession) -> Draft {
        let c = &s.content;
        Draft {
            organiser: c.organiser_unit_id.to_string(),
            kind: c.kind,
            title: c.title.clone(),
            description: c.description.clone(),
            study_plan: c.study_plan_id.map(|p| p.to_string()).unwrap_or_default(),
            quarter: c.quarter.map(|q| q.to_string()).unwrap_or_default(),
            opens: format::bureau_input(&c.opens_at),
            closes: format::bureau_input(&c.closes_at),
            time_limit: c.time_limit_minutes.to_string(),
            attempts: c.attempts_allowed.to_string(),
            delay: c.attempt_delay_minutes.to_string(),
            pass_score: c.pass_score.to_string(),
            grading: c.grading_method,
            shuffle_questions: c.shuffle_questions,
            shuffle_options: c.shuffle_options,
            review: c.review,
            leave_limit: c.leave_limit.to_string(),
            audience: c.audience.clone(),
            paper: c
                .paper
                .iter()
                .map(|p| SlotDraft {
                    kind: p.kind,
                    question_id: p.question_id,
                    stem: None,
                    category: p.category_id.map(|c| c.to_string()).unwrap_or_default(),
                    include_subcategories: p.include_subcategories,
                    question_kind: p
                        .question_kind
                        .map(|k| k.as_str().to_string())
                        .unwrap_or_default(),
                    tags: p.tags.join("，"),
                    count: p.count.to_string(),
                    points: p.points.to_string(),
                })
                .collect(),
        }
    }

    /// The fields the form shows next to their inputs (other errors go above it).
    pub fn shown_fields(&self) -> Vec<String> {
        let mut out: Vec<String> = [
            "organiser_unit_id",
            "kind",
            "title",
            "description",
            "study_plan_id",
            "quarter",
            "opens_at",
            "closes_at",
            "time_limit_minutes",
            "attempts_allowed",
            "attempt_delay_minutes",
            "pass_score",
            "leave_limit",
            "audience",
            "paper",
        ]
        .iter()
        .map(|f| f.to_string())
        .collect();
        for i in 0..self.paper.len() {
            for f in ["question_id", "category_id", "tags", "count", "points"] {
                out.push(format!("paper[{i}].{f}"));
            }
        }
        out
    }

    /// The content to send, or what is wrong with the typed values.
    pub fn content(&self, t: &Texts) -> Result<QuizSessionContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let number = |errors: &mut FieldErrors, field: &str, text: &str| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    let code = if text.trim().is_empty() {
                        "required"
                    } else {
                        "whole_number"
                    };
                    errors.insert_code(t, field, code);
                    0
                }
            }
        };
        let time_limit_minutes = number(&mut errors, "time_limit_minutes", &self.time_limit);
        let attempts_allowed = number(&mut errors, "attempts_allowed", &self.attempts);
        let attempt_delay_minutes = number(&mut errors, "attempt_delay_minutes", &self.delay);
        let pass_score = number(&mut errors, "pass_score", &self.pass_score);
        let leave_limit = number(&mut errors, "leave_limit", &self.leave_limit);
        let mut paper = Vec::new();
        for (i, s) in self.paper.iter().enumerate() {
            let count = if s.kind == SlotKind::Fixed {
                1
            } else {
                number(&mut errors, &format!("paper[{i}].count"), &s.count)
            };
            let points = number(&mut errors, &format!("paper[{i}].points"), &s.points);
            let category_id = s.category.parse::<Uuid>().ok();
            if s.kind == SlotKind::Random && category_id.is_none() {
                errors.insert_code(t, &format!("paper[{i}].category_id"), "required");
            }
            paper.push(PaperSlot {
                kind: s.kind,
                question_id: s.question_id,
                category_id: (s.kind == SlotKind::Random)
                    .then_some(category_id)
                    .flatten(),
                include_subcategories: s.include_subcategories,
                question_kind: QuestionKind::parse(&s.question_kind)
                    .filter(|_| s.kind == SlotKind::Random),
                tags: if s.kind == SlotKind::Random {
                    split_tags(&s.tags)
                } else {
                    Vec::new()
                },
                count,
                points,
            });
        }
        if paper.is_empty() {
            errors.insert("paper", t.qz_paper_empty);
        }
        let opens_at = format::parse_bureau_input(&self.opens);
        let closes_at = format::parse_bureau_input(&self.closes);
        if opens_at.is_none() {
            errors.insert("opens_at", t.qz_datetime_needed);
        }
        if closes_at.is_none() {
            errors.insert("closes_at", t.qz_datetime_needed);
        }
        let organiser_unit_id = self.organiser.parse::<Uuid>().ok();
        if organiser_unit_id.is_none() {
            errors.insert_code(t, "organiser_unit_id", "required");
        }
        if self.title.trim().is_empty() {
            errors.insert_code(t, "title", "required");
        }
        let quarterly = self.kind == QuizKind::QuarterlyQuiz;
        let content = QuizSessionContent {
            organiser_unit_id: organiser_unit_id.unwrap_or_default(),
            kind: self.kind,
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            study_plan_id: self.study_plan.parse().ok().filter(|_| quarterly),
            quarter: self.quarter.parse().ok().filter(|_| quarterly),
            opens_at: opens_at.unwrap_or_default(),
            closes_at: closes_at.unwrap_or_default(),
            time_limit_minutes,
            attempts_allowed,
            attempt_delay_minutes,
            pass_score,
            grading_method: self.grading,
            shuffle_questions: self.shuffle_questions,
            shuffle_options: self.shuffle_options,
            review: self.review,
            leave_limit,
            audience: self.audience.clone(),
            paper,
        };
        if let Err(e) = content.validate() {
            errors.merge(FieldErrors::from_validation(&e, t));
        }
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(errors)
        }
    }
}
