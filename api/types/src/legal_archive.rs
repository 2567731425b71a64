//! A person's legal archive (法制档案, task 8 of the plan): one record gathering what
//! each capability knows of a person's legal learning — training hours by year, quiz
//! and exam results (the pre-appointment legal exam among them). Each capability
//! contributes its own section; capabilities still to come add theirs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::quizzes::QuizResult;
use crate::training::PersonHours;

/// Whom the archive is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchivePerson {
    pub user_id: Uuid,
    pub name: String,
    pub login: String,
    pub unit_id: Uuid,
    pub active: bool,
}

/// `GET /api/v1/legal-archives/{user_id}`, `GET /api/v1/me/legal-archive`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalArchive {
    pub person: ArchivePerson,
    /// When it was put together (it is read live from the records).
    pub generated_at: DateTime<Utc>,
    /// Training hours of each year with any attendance, and this year, newest first
    /// (from 培训).
    pub training: Vec<PersonHours>,
    /// Every quiz and exam result, newest first (from 学法考试: quarterly quizzes,
    /// pre-appointment legal exams, competition rounds, make-ups).
    pub quizzes: Vec<QuizResult>,
    /// Results of published contests the person entered, newest first (from 竞赛).
    pub contests: Vec<crate::contests::ContestResult>,
    /// In-service degrees the person recorded, with their verification and reward
    /// (from 在职学历教育).
    pub degrees: Vec<crate::degrees::Degree>,
}
