//! Contests (竞赛, tasks 3 and 4 of the plan): the legal-knowledge competition, the essay,
//! speech and job-skills contests and the contest for the best reasoned penalty
//! documents (说理式执法文书). Units enter their people's works, appointed judges score
//! each entry per criterion, and the organiser publishes the ranking with its awards.
//!
//! Scoring: a criterion's points are its weight (内容 40 分、表达 30 分 …); a judge's
//! score of an entry is the sum of their points. An entry's final score is the mean of
//! its judges' scores, without the highest and the lowest when five or more judges
//! scored it. Equal final scores share a rank (1, 1, 3) and the award of that rank.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

crate::text_enum! {
    /// What kind of contest it is.
    pub enum ContestKind {
        /// 知识竞赛.
        Competition = "competition",
        /// 征文.
        Essay = "essay",
        /// 演讲.
        Speech = "speech",
        /// 岗位技能比武.
        Skills = "skills",
        /// 说理式执法文书评选: an entry may name the disclosure record of its decision.
        ReasonedDocument = "reasoned_document",
        /// 其他.
        Other = "other",
    }
}

impl ContestKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            ContestKind::Competition => "知识竞赛",
            ContestKind::Essay => "征文比赛",
            ContestKind::Speech => "演讲比赛",
            ContestKind::Skills => "岗位技能比武",
            ContestKind::ReasonedDocument => "说理式执法文书评选",
            ContestKind::Other => "其他",
        }
    }
}

crate::text_enum! {
    /// Lifecycle of a contest.
    pub enum ContestStatus {
        /// Being prepared by its organiser; nobody else sees it.
        Draft = "draft",
        /// Announced: units enter within the entry window.
        Open = "open",
        /// Entries closed; the judges score.
        Judging = "judging",
        /// Results published (final: nothing changes any more).
        Published = "published",
        /// Called off (with a reason).
        Cancelled = "cancelled",
    }
}

crate::text_enum! {
    /// An award tier, highest first.
    pub enum Award {
        /// 一等奖.
        First = "first",
        /// 二等奖.
        Second = "second",
        /// 三等奖.
        Third = "third",
        /// 优秀奖.
        Excellence = "excellence",
    }
}

impl Award {
    pub fn label_zh(self) -> &'static str {
        match self {
            Award::First => "一等奖",
            Award::Second => "二等奖",
            Award::Third => "三等奖",
            Award::Excellence => "优秀奖",
        }
    }
}

/// One scoring criterion: its key, its name and its points (its weight).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestCriterion {
    /// Unique within the contest: a–z, 0–9 and `_`, starting with a letter.
    #[validate(custom(function = "crate::validate::figure_key"))]
    pub key: String,
    #[validate(
        length(min = 1, max = 50),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    /// The most a judge gives for it.
    #[validate(range(min = 1, max = 1000))]
    pub max_points: u32,
}

/// How many entries win each award, filled by rank from the top (a tie at a boundary
/// takes the higher award for all tied).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AwardCounts {
    #[validate(range(max = 1000))]
    pub first: u32,
    #[validate(range(max = 1000))]
    pub second: u32,
    #[validate(range(max = 1000))]
    pub third: u32,
    #[validate(range(max = 1000))]
    pub excellence: u32,
}

impl Default for AwardCounts {
    fn default() -> Self {
        AwardCounts {
            first: 1,
            second: 2,
            third: 3,
            excellence: 0,
        }
    }
}

impl AwardCounts {
    /// The award of `rank` (1-based) under these counts, if any.
    pub fn award_of(&self, rank: u32) -> Option<Award> {
        let tiers = [
            (Award::First, self.first),
            (Award::Second, self.second),
            (Award::Third, self.third),
            (Award::Excellence, self.excellence),
        ];
        let mut last = 0u32;
        for (award, count) in tiers {
            last = last.saturating_add(count);
            if rank <= last && count > 0 {
                return Some(award);
            }
        }
        None
    }
}

/// What an organiser sets for a contest (`POST /api/v1/contests`, `PUT`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestContent {
    pub organiser_unit_id: Uuid,
    pub kind: ContestKind,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
    /// The day the contest is held (or its results are due).
    pub held_on: NaiveDate,
    pub entry_opens_at: DateTime<Utc>,
    /// After `entry_opens_at`.
    pub entry_closes_at: DateTime<Utc>,
    /// Keys unique; the points of all together are the full mark.
    #[validate(length(min = 1, max = 20), nested)]
    pub criteria: Vec<ContestCriterion>,
    #[serde(default)]
    #[validate(nested)]
    pub awards: AwardCounts,
    /// The plan milestone this contest delivers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone_id: Option<Uuid>,
}

impl ContestContent {
    /// The full mark: the criteria's points together.
    pub fn full_mark(&self) -> u32 {
        self.criteria.iter().map(|c| c.max_points).sum()
    }
}

/// An appointed judge and how far they have scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContestJudge {
    pub user_id: Uuid,
    pub name: String,
    pub unit_id: Uuid,
    /// Entries this judge has scored.
    pub scored: u32,
    /// Entries this judge may score (not their own unit's).
    pub to_score: u32,
}

/// `PUT /api/v1/contests/{id}/judges` (`If-Match`): the whole panel.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestJudges {
    #[validate(length(max = 50))]
    pub user_ids: Vec<Uuid>,
}

/// Someone who may sit on a contest's panel (`GET /api/v1/contests/{id}/judge-candidates`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JudgeCandidate {
    pub user_id: Uuid,
    pub name: String,
    pub login: String,
    pub unit_id: Uuid,
}

/// A contest (`GET /api/v1/contests/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contest {
    pub id: Uuid,
    pub content: ContestContent,
    pub status: ContestStatus,
    pub full_mark: u32,
    pub judges: Vec<ContestJudge>,
    /// Entries not withdrawn.
    pub entries: u32,
    /// Whether entries are taken now.
    pub entry_open: bool,
    /// Whether every judge has scored every entry they may score (then the scores are
    /// shown to the panel and locked).
    pub scoring_complete: bool,
    /// Whether the caller is on the panel.
    pub is_judge: bool,
    pub cancel_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/contests/{id}/cancel` (`If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestCancellation {
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// What a unit enters (`POST /api/v1/contests/{id}/entries`).
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestEntryContent {
    /// The entering unit (in the caller's scope).
    pub unit_id: Uuid,
    /// The officer competing, one of the unit's people; absent: the unit's own entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrant_user_id: Option<Uuid>,
    /// The work's title (the essay, the speech, the document).
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validate::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub summary: String,
    /// For a reasoned-document contest: the published disclosure record of the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure_record_id: Option<Uuid>,
}

crate::text_enum! {
    /// Where an entry stands.
    pub enum EntryStatus {
        /// Entered (and judged once judging starts).
        Submitted = "submitted",
        /// Withdrawn by its unit before entries closed (kept on record).
        Withdrawn = "withdrawn",
    }
}

/// An entry's published result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryResult {
    /// 1-based; equal scores share a rank.
    pub rank: u32,
    /// The final score, to two decimals.
    pub score: f64,
    pub award: Option<Award>,
    /// Judges whose scores made the mean (without the highest and lowest of five or more).
    pub counted_judges: u32,
}

/// An entry as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContestEntry {
    pub id: Uuid,
    pub contest_id: Uuid,
    pub content: ContestEntryContent,
    pub unit_name: String,
    pub entrant_name: Option<String>,
    pub status: EntryStatus,
    /// The essay, the document, the slides.
    pub attachments: Vec<crate::attachments::Attachment>,
    /// Once the results are published.
    pub result: Option<EntryResult>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A judge's points for one criterion.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriterionPoints {
    #[validate(custom(function = "crate::validate::figure_key"))]
    pub key: String,
    #[validate(range(min = 0.0, max = 1000.0))]
    pub points: f64,
}

/// `PUT /api/v1/contest-entries/{id}/my-score`: a judge's points per criterion.
#[api_types_derive::contract]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScoreSheet {
    /// Every criterion of the contest once, each from 0 to the criterion's points with
    /// at most one decimal.
    #[validate(length(min = 1, max = 20), nested)]
    pub points: Vec<CriterionPoints>,
    #[serde(default)]
    #[validate(length(max = 1000))]
    pub comment: String,
}

/// One judge's score of one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JudgeScore {
    pub judge_user_id: Uuid,
    pub judge_name: String,
    pub points: Vec<CriterionPoints>,
    pub total: f64,
    pub comment: String,
    pub scored_at: DateTime<Utc>,
}

/// One entry on the scoreboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreboardEntry {
    pub entry: ContestEntry,
    /// Judges who have scored it.
    pub scored: u32,
    /// Judges who may score it (not of its unit).
    pub to_score: u32,
    /// Whether the caller is a judge who may not score it (their own unit's).
    pub conflict: bool,
    /// The caller's own score, if they are a judge and scored it.
    pub my_score: Option<JudgeScore>,
    /// Every judge's score: only once every judge has scored everything.
    pub scores: Vec<JudgeScore>,
    /// Rank, final score and award: once every judge has scored everything.
    pub result: Option<EntryResult>,
}

/// `GET /api/v1/contests/{id}/scoreboard`: what the caller may see of the judging.
/// Before every judge has scored everything, a judge sees only their own scores and
/// everybody only the counts; then the panel and the organiser see every score and the
/// ranking; once published, so does every reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scoreboard {
    pub contest_id: Uuid,
    pub status: ContestStatus,
    pub scoring_complete: bool,
    /// Whether scores and ranking are shown to the caller.
    pub revealed: bool,
    /// Ranked when revealed; otherwise in the order of entry.
    pub entries: Vec<ScoreboardEntry>,
}

/// One contest result of a person (the legal archive's section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContestResult {
    pub contest_id: Uuid,
    pub contest_title: String,
    pub kind: ContestKind,
    pub held_on: NaiveDate,
    pub entry_title: String,
    pub rank: u32,
    pub score: f64,
    pub award: Option<Award>,
}
