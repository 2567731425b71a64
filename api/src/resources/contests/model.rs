//! Rows of contests, judges, entries and scores, the rules of a contest's settings, and
//! the panel's arithmetic (who may score what, how far they are).

use std::collections::{HashMap, HashSet};

use api_types::audit::ResourceKind;
use api_types::contests::{
    Award, Contest, ContestContent, ContestEntry, ContestEntryContent, ContestJudge, ContestStatus,
    EntryResult, EntryStatus,
};
use api_types::FieldError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::schema::{
    contest_entries, contest_judges, contest_scores, contests, milestones, units, users,
};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contests, treat_none_as_null = true)]
pub struct ContestRow {
    pub id: String,
    pub organiser_unit_id: String,
    pub kind: String,
    pub title: String,
    pub status: String,
    pub held_on: NaiveDate,
    pub entry_opens_at: NaiveDateTime,
    pub entry_closes_at: NaiveDateTime,
    pub milestone_id: Option<String>,
    pub content: String,
    pub cancel_reason: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ContestRow {
    pub fn status(&self) -> Result<ContestStatus, ApiError> {
        ContestStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored contest status"))
    }

    pub fn content(&self) -> Result<ContestContent, ApiError> {
        serde_json::from_str(&self.content).map_err(ApiError::internal)
    }

    /// Writes checked `content` onto the row.
    pub fn apply(&mut self, content: &ContestContent) -> Result<(), ApiError> {
        self.organiser_unit_id = content.organiser_unit_id.to_string();
        self.kind = content.kind.as_str().into();
        self.title = content.title.trim().to_string();
        self.held_on = content.held_on;
        self.entry_opens_at = time::from_utc(content.entry_opens_at);
        self.entry_closes_at = time::from_utc(content.entry_closes_at);
        self.milestone_id = content.milestone_id.map(|m| m.to_string());
        self.content = serde_json::to_string(content).map_err(ApiError::internal)?;
        Ok(())
    }

    pub fn entry_open(&self, now: NaiveDateTime) -> bool {
        self.status == ContestStatus::Open.as_str()
            && self.entry_opens_at <= now
            && now < self.entry_closes_at
    }
}

pub fn find_contest(conn: &mut DbConnection, id: &str) -> Result<ContestRow, ApiError> {
    contests::table
        .find(id)
        .select(ContestRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("contest"))
}

/// On PostgreSQL, takes the contest's row lock: entries and the start of judging, and
/// the last score and the check that everyone has scored (which locks the scores), take
/// turns (SQLite writes one at a time anyway).
pub fn lock_contest(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    Ok(crate::db::lock_row!(conn, contests, id)?)
}

/// Drafts are seen only by those who prepare them (the organising unit and the city
/// bureau); every other status by every reader.
pub fn require_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    contest: &ContestRow,
) -> Result<(), ApiError> {
    if contest.status()? == ContestStatus::Draft {
        principal.require_unit(
            conn,
            api_types::Permission::ContestsManage,
            &contest.organiser_unit_id,
        )?;
    }
    Ok(())
}

/// Whether `principal` prepares the contest (`contests.manage` of its organiser).
pub fn is_organiser(
    conn: &mut DbConnection,
    principal: &Principal,
    contest: &ContestRow,
) -> Result<bool, ApiError> {
    match principal.require_unit(
        conn,
        api_types::Permission::ContestsManage,
        &contest.organiser_unit_id,
    ) {
        Ok(()) => Ok(true),
        Err(err) if err.status() == actix_web::http::StatusCode::FORBIDDEN => Ok(false),
        Err(err) => Err(err),
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = contest_judges)]
pub struct JudgeRow {
    pub contest_id: String,
    pub user_id: String,
    pub unit_id: String,
    pub created_at: NaiveDateTime,
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contest_entries, treat_none_as_null = true)]
pub struct EntryRow {
    pub id: String,
    pub contest_id: String,
    pub unit_id: String,
    pub entrant_user_id: Option<String>,
    pub title: String,
    pub summary: String,
    pub disclosure_record_id: Option<String>,
    pub status: String,
    pub result_rank: Option<i32>,
    pub result_score: Option<i32>,
    pub result_award: Option<String>,
    pub result_counted: Option<i32>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl EntryRow {
    pub fn status(&self) -> Result<EntryStatus, ApiError> {
        EntryStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored entry status"))
    }

    fn result(&self) -> Result<Option<EntryResult>, ApiError> {
        let (Some(rank), Some(score), Some(counted)) =
            (self.result_rank, self.result_score, self.result_counted)
        else {
            return Ok(None);
        };
        let award = match &self.result_award {
            Some(a) => Some(Award::parse(a).ok_or_else(|| ApiError::internal("stored award"))?),
            None => None,
        };
        Ok(Some(EntryResult {
            rank: u32::try_from(rank).unwrap_or(0),
            score: hundredths(i64::from(score)),
            award,
            counted_judges: u32::try_from(counted).unwrap_or(0),
        }))
    }
}

/// Hundredths as a number for the wire.
pub fn hundredths(value: i64) -> f64 {
    // Scores are far below 2^53 hundredths.
    #[allow(clippy::cast_precision_loss)]
    let out = value as f64 / 100.0;
    out
}

pub fn find_entry(conn: &mut DbConnection, id: &str) -> Result<EntryRow, ApiError> {
    contest_entries::table
        .find(id)
        .select(EntryRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("contest entry"))
}

pub fn entries_of(conn: &mut DbConnection, contest_id: &str) -> Result<Vec<EntryRow>, ApiError> {
    Ok(contest_entries::table
        .filter(contest_entries::contest_id.eq(contest_id))
        .order((contest_entries::created_at.asc(), contest_entries::id.asc()))
        .select(EntryRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contest_scores)]
pub struct ScoreRow {
    pub entry_id: String,
    pub judge_user_id: String,
    pub contest_id: String,
    pub points: String,
    pub total_tenths: i32,
    pub comment: String,
    pub scored_at: NaiveDateTime,
}

pub fn judges_of(conn: &mut DbConnection, contest_id: &str) -> Result<Vec<JudgeRow>, ApiError> {
    Ok(contest_judges::table
        .filter(contest_judges::contest_id.eq(contest_id))
        .order((
            contest_judges::created_at.asc(),
            contest_judges::user_id.asc(),
        ))
        .select(JudgeRow::as_select())
        .load(conn)?)
}

pub fn scores_of(conn: &mut DbConnection, contest_id: &str) -> Result<Vec<ScoreRow>, ApiError> {
    Ok(contest_scores::table
        .filter(contest_scores::contest_id.eq(contest_id))
        .select(ScoreRow::as_select())
        .load(conn)?)
}

/// A judge may not score an entry of their own unit, one they compete with, nor one they
/// entered themselves (a bureau or county judge may enter for other units).
pub fn conflicted(judge: &JudgeRow, entry: &EntryRow) -> bool {
    judge.unit_id == entry.unit_id
        || entry.entrant_user_id.as_deref() == Some(&judge.user_id)
        || entry.created_by == judge.user_id
}

/// Who may score what, and what has been scored: the state of a contest's panel.
pub struct Panel {
    pub judges: Vec<JudgeRow>,
    /// Submitted entries, oldest first.
    pub entries: Vec<EntryRow>,
    pub scores: Vec<ScoreRow>,
}

impl Panel {
    pub fn load(conn: &mut DbConnection, contest_id: &str) -> Result<Panel, ApiError> {
        let entries = entries_of(conn, contest_id)?
            .into_iter()
            .filter(|e| e.status == EntryStatus::Submitted.as_str())
            .collect();
        Ok(Panel {
            judges: judges_of(conn, contest_id)?,
            entries,
            scores: scores_of(conn, contest_id)?,
        })
    }

    fn scored(&self, judge: &str, entry: &str) -> bool {
        self.scores
            .iter()
            .any(|s| s.judge_user_id == judge && s.entry_id == entry)
    }

    /// (scored, to score) of one judge.
    pub fn judge_progress(&self, judge: &JudgeRow) -> (u32, u32) {
        let eligible: Vec<&EntryRow> = self
            .entries
            .iter()
            .filter(|e| !conflicted(judge, e))
            .collect();
        let done = eligible
            .iter()
            .filter(|e| self.scored(&judge.user_id, &e.id))
            .count();
        (count(done), count(eligible.len()))
    }

    /// (scored, to score) of one entry.
    pub fn entry_progress(&self, entry: &EntryRow) -> (u32, u32) {
        let eligible: Vec<&JudgeRow> = self
            .judges
            .iter()
            .filter(|j| !conflicted(j, entry))
            .collect();
        let done = eligible
            .iter()
            .filter(|j| self.scored(&j.user_id, &entry.id))
            .count();
        (count(done), count(eligible.len()))
    }

    /// Every judge has scored every entry they may score (and there is something).
    pub fn complete(&self) -> bool {
        !self.judges.is_empty()
            && !self.entries.is_empty()
            && self.judges.iter().all(|j| {
                let (done, all) = self.judge_progress(j);
                done == all
            })
            && self.entries.iter().all(|e| self.entry_progress(e).1 > 0)
    }

    /// The scores (in tenths) counted for `entry`: the panel's own totals.
    pub fn totals_of(&self, entry: &str) -> Vec<i64> {
        self.scores
            .iter()
            .filter(|s| s.entry_id == entry)
            .map(|s| i64::from(s.total_tenths))
            .collect()
    }

    pub fn is_judge(&self, user: &str) -> bool {
        self.judges.iter().any(|j| j.user_id == user)
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The rules of a contest's settings no schema states, all at once: the entry window's
/// order, unique criterion keys, the organiser and the milestone exist.
pub fn check_contest(conn: &mut DbConnection, content: &ContestContent) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if content.entry_closes_at <= content.entry_opens_at {
        errors.push(FieldError::new(
            "entry_closes_at",
            "after_opens_at",
            "entries must close after they open",
        ));
    }
    let mut keys = HashSet::new();
    for (i, criterion) in content.criteria.iter().enumerate() {
        if !keys.insert(criterion.key.as_str()) {
            errors.push(FieldError::new(
                format!("criteria[{i}].key"),
                "duplicate_key",
                "each criterion needs its own key",
            ));
        }
    }
    let organiser = units::table
        .find(content.organiser_unit_id.to_string())
        .count()
        .get_result::<i64>(conn)?;
    if organiser == 0 {
        errors.push(FieldError::new(
            "organiser_unit_id",
            "unknown_unit",
            "no such unit",
        ));
    }
    if let Some(milestone) = content.milestone_id {
        let found = milestones::table
            .find(milestone.to_string())
            .count()
            .get_result::<i64>(conn)?;
        if found == 0 {
            errors.push(FieldError::new(
                "milestone_id",
                "unknown_milestone",
                "no such milestone in the plan",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Names of `ids` (users), for the page.
pub fn user_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, ApiError> {
    crate::resources::quizzes::model::user_names(conn, ids)
}

fn unit_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, ApiError> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .select((units::id, units::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Contests as read, each with its panel (four queries a contest: contests are few);
/// `is_judge` tells whether `viewer` is on the panel.
pub fn contest_dtos(
    conn: &mut DbConnection,
    viewer: Option<&Principal>,
    rows: &[ContestRow],
    now: NaiveDateTime,
) -> Result<Vec<Contest>, ApiError> {
    let me = viewer.map(|p| p.id.to_string()).unwrap_or_default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let panel = Panel::load(conn, &row.id)?;
        let ids: Vec<String> = panel.judges.iter().map(|j| j.user_id.clone()).collect();
        let names = user_names(conn, &ids)?;
        let content = row.content()?;
        let judges = panel
            .judges
            .iter()
            .map(|j| {
                let (scored, to_score) = panel.judge_progress(j);
                Ok(ContestJudge {
                    user_id: stored_uuid(&j.user_id)?,
                    name: names.get(&j.user_id).cloned().unwrap_or_default(),
                    unit_id: stored_uuid(&j.unit_id)?,
                    scored,
                    to_score,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        out.push(Contest {
            id: stored_uuid(&row.id)?,
            full_mark: content.full_mark(),
            content,
            status: row.status()?,
            judges,
            entries: count(panel.entries.len()),
            entry_open: row.entry_open(now),
            scoring_complete: panel.complete(),
            is_judge: panel.is_judge(&me),
            cancel_reason: row.cancel_reason.clone(),
            published_at: row.published_at.map(time::to_utc),
            version: row.version,
            created_at: time::to_utc(row.created_at),
            updated_at: time::to_utc(row.updated_at),
        });
    }
    Ok(out)
}

pub fn contest_dto(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &ContestRow,
) -> Result<Contest, ApiError> {
    contest_dtos(
        conn,
        Some(principal),
        std::slice::from_ref(row),
        time::now(),
    )?
    .pop()
    .ok_or_else(|| ApiError::internal("contest read back"))
}

/// Entries as read (names and files in three queries for the page).
pub fn entry_dtos(
    conn: &mut DbConnection,
    rows: &[EntryRow],
) -> Result<Vec<ContestEntry>, ApiError> {
    let people: Vec<String> = rows
        .iter()
        .filter_map(|r| r.entrant_user_id.clone())
        .collect();
    let names = user_names(conn, &people)?;
    let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let units = unit_names(conn, &unit_ids)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files =
        crate::resources::attachments::model::of_owners(conn, ResourceKind::ContestEntry, &ids)?;
    rows.iter()
        .map(|r| {
            Ok(ContestEntry {
                id: stored_uuid(&r.id)?,
                contest_id: stored_uuid(&r.contest_id)?,
                content: ContestEntryContent {
                    unit_id: stored_uuid(&r.unit_id)?,
                    entrant_user_id: r.entrant_user_id.as_deref().map(stored_uuid).transpose()?,
                    title: r.title.clone(),
                    summary: r.summary.clone(),
                    disclosure_record_id: r
                        .disclosure_record_id
                        .as_deref()
                        .map(stored_uuid)
                        .transpose()?,
                },
                unit_name: units.get(&r.unit_id).cloned().unwrap_or_default(),
                entrant_name: r
                    .entrant_user_id
                    .as_ref()
                    .map(|u| names.get(u).cloned().unwrap_or_default()),
                status: r.status()?,
                attachments: files.remove(&r.id).unwrap_or_default(),
                result: r.result()?,
                version: r.version,
                created_at: time::to_utc(r.created_at),
                updated_at: time::to_utc(r.updated_at),
            })
        })
        .collect()
}

pub fn entry_dto(conn: &mut DbConnection, row: &EntryRow) -> Result<ContestEntry, ApiError> {
    entry_dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("contest entry read back"))
}

/// The roles a user holds (to tell whether they may judge).
pub fn roles_of(
    conn: &mut DbConnection,
    user: &str,
) -> Result<Option<(String, bool, String)>, ApiError> {
    Ok(users::table
        .find(user)
        .select((users::unit_id, users::active, users::roles))
        .first(conn)
        .optional()?)
}
