//! Rows of quiz sessions, study plans, attempts, answers and results, the rules of a
//! session's settings, and who its takers are.

use std::collections::{HashMap, HashSet};

use api_types::quizzes::{
    AttemptStatus, Audience, GradingMethod, PaperSlot, QuizKind, QuizPhase, QuizSession,
    QuizSessionContent, QuizStatus, ResultStatus, ReviewPolicy, SlotKind, StudyPlanContent,
    SubmittedHow,
};
use api_types::{FieldError, Permission, Role};
use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::policy::{policy, subtrees};
use crate::auth::principal::roles_from_column;
use crate::auth::Principal;
use crate::db::schema::{
    question_categories, questions, quiz_answers, quiz_attempts, quiz_results, quiz_sessions,
    study_plans, units, users,
};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = quiz_sessions, treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    pub organiser_unit_id: String,
    pub kind: String,
    pub title: String,
    pub status: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub study_plan_id: Option<String>,
    pub quarter: Option<i32>,
    pub makeup_of: Option<String>,
    pub content: String,
    pub max_score: i32,
    pub question_count: i32,
    pub cancel_reason: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Where a window stands at `now`.
pub fn phase_at(opens: NaiveDateTime, closes: NaiveDateTime, now: NaiveDateTime) -> QuizPhase {
    if now < opens {
        QuizPhase::Upcoming
    } else if now < closes {
        QuizPhase::Open
    } else {
        QuizPhase::Closed
    }
}

impl SessionRow {
    pub fn status(&self) -> Result<QuizStatus, ApiError> {
        QuizStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored quiz status"))
    }

    pub fn kind(&self) -> Result<QuizKind, ApiError> {
        QuizKind::parse(&self.kind).ok_or_else(|| ApiError::internal("stored quiz kind"))
    }

    pub fn content(&self) -> Result<QuizSessionContent, ApiError> {
        serde_json::from_str(&self.content).map_err(ApiError::internal)
    }

    pub fn phase(&self, now: NaiveDateTime) -> QuizPhase {
        phase_at(self.opens_at, self.closes_at, now)
    }

    pub fn to_dto(&self, now: NaiveDateTime) -> Result<QuizSession, ApiError> {
        let status = self.status()?;
        Ok(QuizSession {
            id: stored_uuid(&self.id)?,
            content: self.content()?,
            status,
            phase: (status == QuizStatus::Published).then(|| self.phase(now)),
            makeup_of: self.makeup_of.as_deref().map(stored_uuid).transpose()?,
            max_score: u32::try_from(self.max_score).unwrap_or(0),
            question_count: u32::try_from(self.question_count).unwrap_or(0),
            cancel_reason: self.cancel_reason.clone(),
            published_at: self.published_at.map(time::to_utc),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }

    /// Writes checked `content` onto the row.
    pub fn apply(&mut self, content: &QuizSessionContent) -> Result<(), ApiError> {
        self.organiser_unit_id = content.organiser_unit_id.to_string();
        self.kind = content.kind.as_str().into();
        self.title = content.title.trim().to_string();
        self.opens_at = time::from_utc(content.opens_at);
        self.closes_at = time::from_utc(content.closes_at);
        self.study_plan_id = content.study_plan_id.map(|p| p.to_string());
        self.quarter = content.quarter.map(i32::from);
        self.max_score = i32::try_from(max_score(&content.paper)).unwrap_or(i32::MAX);
        self.question_count = i32::try_from(question_count(&content.paper)).unwrap_or(i32::MAX);
        self.content = serde_json::to_string(content).map_err(ApiError::internal)?;
        Ok(())
    }
}

pub fn max_score(paper: &[PaperSlot]) -> u32 {
    paper.iter().map(|s| s.count * s.points).sum()
}

pub fn question_count(paper: &[PaperSlot]) -> u32 {
    paper.iter().map(|s| s.count).sum()
}

pub fn find_session(conn: &mut DbConnection, id: &str) -> Result<SessionRow, ApiError> {
    quiz_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("quiz session"))
}

/// A fresh draft for `content` (checked by the caller).
pub fn new_session(content: &QuizSessionContent, created_by: &str) -> Result<SessionRow, ApiError> {
    let now = time::now();
    let mut row = SessionRow {
        id: time::new_id(),
        organiser_unit_id: String::new(),
        kind: String::new(),
        title: String::new(),
        status: QuizStatus::Draft.as_str().into(),
        opens_at: now,
        closes_at: now,
        study_plan_id: None,
        quarter: None,
        makeup_of: None,
        content: String::new(),
        max_score: 0,
        question_count: 0,
        cancel_reason: None,
        published_at: None,
        created_by: created_by.to_string(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    row.apply(content)?;
    Ok(row)
}

/// The rules of a session's settings no schema states: the window, the slots, the pass
/// score within the paper, the study plan and the people named. All at once.
pub fn check_session(
    conn: &mut DbConnection,
    content: &QuizSessionContent,
    makeup: bool,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    for (field, at) in [
        ("opens_at", content.opens_at),
        ("closes_at", content.closes_at),
    ] {
        if !(2000..=2100).contains(&at.year()) {
            errors.push(
                FieldError::new(field, "year_range", "must be in the years 2000 to 2100")
                    .with_bounds(2000, 2100),
            );
        }
    }
    if content.closes_at <= content.opens_at {
        errors.push(FieldError::new(
            "closes_at",
            "after_opens_at",
            "the session must close after it opens",
        ));
    }
    let mut fixed_seen: HashSet<String> = HashSet::new();
    if (content.kind == QuizKind::Makeup) != makeup {
        errors.push(FieldError::new(
            "kind",
            "makeup_only",
            if makeup {
                "a make-up session is of the kind makeup"
            } else {
                "a make-up session is made from the session it makes up (POST …/makeup)"
            },
        ));
    }
    for (i, slot) in content.paper.iter().enumerate() {
        let at = |f: &str| format!("paper[{i}].{f}");
        match slot.kind {
            SlotKind::Fixed => {
                if slot.count != 1 {
                    errors.push(
                        FieldError::new(
                            at("count"),
                            "fixed_count",
                            "a fixed slot holds one question",
                        )
                        .with_bounds(1, 1),
                    );
                }
                match &slot.question_id {
                    None => errors.push(FieldError::new(
                        at("question_id"),
                        "required",
                        "choose the question",
                    )),
                    Some(q) => {
                        let found: Option<String> = questions::table
                            .find(q.to_string())
                            .select(questions::status)
                            .first(conn)
                            .optional()?;
                        match found.as_deref() {
                            None => errors.push(FieldError::new(
                                at("question_id"),
                                "unknown_question",
                                "no such question in the bank",
                            )),
                            Some("active") => {}
                            Some(_) => errors.push(FieldError::new(
                                at("question_id"),
                                "retired_question",
                                "the question is retired; choose another",
                            )),
                        }
                        if !fixed_seen.insert(q.to_string()) {
                            errors.push(FieldError::new(
                                at("question_id"),
                                "duplicate_question",
                                "the question is already in the paper",
                            ));
                        }
                    }
                }
                if slot.category_id.is_some()
                    || slot.question_kind.is_some()
                    || !slot.tags.is_empty()
                {
                    errors.push(FieldError::new(
                        at("category_id"),
                        "not_for_fixed",
                        "a fixed slot names its question only",
                    ));
                }
            }
            SlotKind::Random => {
                if slot.question_id.is_some() {
                    errors.push(FieldError::new(
                        at("question_id"),
                        "not_for_random",
                        "a random slot draws from a category",
                    ));
                }
                match &slot.category_id {
                    None => errors.push(FieldError::new(
                        at("category_id"),
                        "required",
                        "choose the category to draw from",
                    )),
                    Some(c) => {
                        let found = question_categories::table
                            .find(c.to_string())
                            .count()
                            .get_result::<i64>(conn)?;
                        if found == 0 {
                            errors.push(FieldError::new(
                                at("category_id"),
                                "unknown_category",
                                "no such category in the bank",
                            ));
                        }
                    }
                }
            }
        }
    }
    let total = max_score(&content.paper);
    if content.pass_score > total {
        errors.push(
            FieldError::new(
                "pass_score",
                "above_max",
                format!("at most the paper's {total} points"),
            )
            .with_bounds(0, i64::from(total)),
        );
    }
    if content.study_plan_id.is_some() != content.quarter.is_some() {
        errors.push(FieldError::new(
            "quarter",
            "with_study_plan",
            "give the study plan and its quarter together",
        ));
    }
    if let Some(plan) = content.study_plan_id {
        let found = study_plans::table
            .find(plan.to_string())
            .count()
            .get_result::<i64>(conn)?;
        if found == 0 {
            errors.push(FieldError::new(
                "study_plan_id",
                "unknown_study_plan",
                "no such study plan",
            ));
        }
    }
    let audience = &content.audience;
    let named: Vec<String> = audience.user_ids.iter().map(ToString::to_string).collect();
    let known_users = users::table
        .filter(users::id.eq_any(&named))
        .count()
        .get_result::<i64>(conn)?;
    if usize::try_from(known_users).unwrap_or(0) != dedup_len(&named) {
        errors.push(FieldError::new(
            "audience.user_ids",
            "unknown_user",
            "a person named is not a user",
        ));
    }
    let unit_ids: Vec<String> = audience.unit_ids.iter().map(ToString::to_string).collect();
    let known_units = units::table
        .filter(units::id.eq_any(&unit_ids))
        .count()
        .get_result::<i64>(conn)?;
    if usize::try_from(known_units).unwrap_or(0) != dedup_len(&unit_ids) {
        errors.push(FieldError::new(
            "audience.unit_ids",
            "unknown_unit",
            "a unit named does not exist",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

fn dedup_len(values: &[String]) -> usize {
    values.iter().collect::<HashSet<_>>().len()
}

/// One question of a frozen paper: the revision shown, the order of its options, its
/// points and answer. Kept on the server; takers see [`api_types::quizzes::PaperQuestion`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrozenItem {
    pub question_id: String,
    pub revision: i32,
    /// The paper slot it was drawn for.
    pub slot: u32,
    /// Its place in the paper before shuffling (the same for every attempt), for the
    /// per-item variances of Cronbach's α.
    pub item: u32,
    pub points_centi: i64,
    pub content: api_types::quizzes::QuestionContent,
    /// Option keys in the order shown.
    pub option_order: Vec<String>,
}

/// The paper an attempt showed, in the order shown (position = index).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrozenPaper {
    pub items: Vec<FrozenItem>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = quiz_attempts, treat_none_as_null = true)]
pub struct AttemptRow {
    pub id: String,
    pub session_id: String,
    pub user_id: String,
    pub unit_id: String,
    pub number: i32,
    pub status: String,
    pub started_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_how: Option<String>,
    pub paper: String,
    pub leave_events: String,
    pub score_centi: Option<i64>,
    pub max_centi: i64,
    pub passed: Option<bool>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AttemptRow {
    pub fn status(&self) -> Result<AttemptStatus, ApiError> {
        AttemptStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored attempt status"))
    }

    pub fn submitted_how(&self) -> Result<Option<SubmittedHow>, ApiError> {
        self.submitted_how
            .as_deref()
            .map(|h| SubmittedHow::parse(h).ok_or_else(|| ApiError::internal("stored submission")))
            .transpose()
    }

    pub fn paper(&self) -> Result<FrozenPaper, ApiError> {
        serde_json::from_str(&self.paper).map_err(ApiError::internal)
    }

    pub fn leave_events(&self) -> Result<Vec<NaiveDateTime>, ApiError> {
        serde_json::from_str(&self.leave_events).map_err(ApiError::internal)
    }
}

pub fn find_attempt(conn: &mut DbConnection, id: &str) -> Result<AttemptRow, ApiError> {
    quiz_attempts::table
        .find(id)
        .select(AttemptRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("quiz attempt"))
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = quiz_answers, treat_none_as_null = true)]
pub struct AnswerRow {
    pub attempt_id: String,
    pub position: i32,
    pub kind: String,
    pub option_keys: String,
    pub blank_count: i32,
    pub answer: Option<String>,
    pub saved_at: Option<NaiveDateTime>,
    pub points_centi: Option<i64>,
    pub grader_comment: Option<String>,
    pub graded_by_name: Option<String>,
    pub graded_at: Option<NaiveDateTime>,
}

impl AnswerRow {
    pub fn answer(&self) -> Result<Option<api_types::quizzes::AnswerInput>, ApiError> {
        self.answer
            .as_deref()
            .map(|a| serde_json::from_str(a).map_err(ApiError::internal))
            .transpose()
    }
}

/// The answers of an attempt, by position.
pub fn answers_of(conn: &mut DbConnection, attempt_id: &str) -> Result<Vec<AnswerRow>, ApiError> {
    Ok(quiz_answers::table
        .filter(quiz_answers::attempt_id.eq(attempt_id))
        .order(quiz_answers::position.asc())
        .select(AnswerRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = quiz_results, treat_none_as_null = true)]
pub struct ResultRow {
    pub id: String,
    pub session_id: String,
    pub user_id: String,
    pub unit_id: String,
    pub attempts: i32,
    pub status: String,
    pub score_centi: Option<i64>,
    pub passed: Option<bool>,
    pub last_submitted_at: NaiveDateTime,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ResultRow {
    pub fn status(&self) -> Result<ResultStatus, ApiError> {
        ResultStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored result status"))
    }
}

/// A person's result in a session from their closed attempts, by the grading method:
/// (status, score) — awaiting grading while the attempt that decides is not graded.
pub fn result_of(
    method: GradingMethod,
    attempts: &[(AttemptStatus, Option<i64>)],
) -> (ResultStatus, Option<i64>) {
    let closed: Vec<&(AttemptStatus, Option<i64>)> = attempts
        .iter()
        .filter(|(s, _)| *s != AttemptStatus::InProgress)
        .collect();
    let deciding = match method {
        GradingMethod::First => closed.first().map(|a| vec![*a]),
        GradingMethod::Last => closed.last().map(|a| vec![*a]),
        GradingMethod::Highest => Some(closed.clone()),
    }
    .unwrap_or_default();
    if deciding.is_empty() {
        return (ResultStatus::AwaitingGrading, None);
    }
    let graded: Vec<i64> = deciding.iter().filter_map(|(_, s)| *s).collect();
    let awaiting = deciding
        .iter()
        .any(|(s, _)| *s == AttemptStatus::AwaitingGrading);
    let best = graded.iter().copied().max();
    if awaiting {
        // The highest already graded may stand; the rest could still beat it.
        (ResultStatus::AwaitingGrading, None)
    } else {
        (ResultStatus::Graded, best)
    }
}

/// Recomputes and stores a person's result in a session from their closed attempts.
pub fn refresh_result(
    conn: &mut DbConnection,
    session: &SessionRow,
    user_id: &str,
) -> Result<(), ApiError> {
    let content = session.content()?;
    // Hold the person's result row before reading their attempts, so that two closings
    // or gradings at once compute it one after the other, each from the other's result.
    diesel::update(
        quiz_results::table
            .filter(quiz_results::session_id.eq(&session.id))
            .filter(quiz_results::user_id.eq(user_id)),
    )
    .set(quiz_results::version.eq(quiz_results::version))
    .execute(conn)?;
    let rows: Vec<(String, Option<i64>, Option<NaiveDateTime>, String)> = quiz_attempts::table
        .filter(quiz_attempts::session_id.eq(&session.id))
        .filter(quiz_attempts::user_id.eq(user_id))
        .order(quiz_attempts::number.asc())
        .select((
            quiz_attempts::status,
            quiz_attempts::score_centi,
            quiz_attempts::submitted_at,
            quiz_attempts::unit_id,
        ))
        .load(conn)?;
    let attempts: Vec<(AttemptStatus, Option<i64>)> = rows
        .iter()
        .map(|(s, score, _, _)| {
            AttemptStatus::parse(s)
                .map(|s| (s, *score))
                .ok_or_else(|| ApiError::internal("stored attempt status"))
        })
        .collect::<Result<_, _>>()?;
    let closed = attempts
        .iter()
        .filter(|(s, _)| *s != AttemptStatus::InProgress)
        .count();
    let Some(last_submitted) = rows.iter().filter_map(|(_, _, at, _)| *at).max() else {
        return Ok(());
    };
    let unit_id = rows.last().map(|r| r.3.clone()).unwrap_or_default();
    let (status, score) = result_of(content.grading_method, &attempts);
    let pass_centi = i64::from(content.pass_score) * crate::resources::quizzes::grading::CENTI;
    let passed = score.map(|s| s >= pass_centi);
    let now = time::now();
    let existing: Option<ResultRow> = quiz_results::table
        .filter(quiz_results::session_id.eq(&session.id))
        .filter(quiz_results::user_id.eq(user_id))
        .select(ResultRow::as_select())
        .first(conn)
        .optional()?;
    let attempts_closed = i32::try_from(closed).unwrap_or(i32::MAX);
    match existing {
        Some(mut row) => {
            row.attempts = attempts_closed;
            row.status = status.as_str().into();
            row.score_centi = score;
            row.passed = passed;
            row.last_submitted_at = last_submitted;
            row.unit_id = unit_id;
            row.version += 1;
            row.updated_at = now;
            diesel::update(quiz_results::table.find(&row.id))
                .set(&row)
                .execute(conn)?;
        }
        None => {
            let row = ResultRow {
                id: time::new_id(),
                session_id: session.id.clone(),
                user_id: user_id.to_string(),
                unit_id,
                attempts: attempts_closed,
                status: status.as_str().into(),
                score_centi: score,
                passed,
                last_submitted_at: last_submitted,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            diesel::insert_into(quiz_results::table)
                .values(&row)
                .execute(conn)?;
        }
    }
    Ok(())
}

/// When a taker may see the answers of an attempt of `session` closed at `closed_at`
/// (`None`: never).
pub fn review_from(
    review: ReviewPolicy,
    closed_at: NaiveDateTime,
    session_closes: NaiveDateTime,
) -> Option<NaiveDateTime> {
    match review {
        ReviewPolicy::AfterSubmit => Some(closed_at),
        ReviewPolicy::AfterClose => Some(session_closes.max(closed_at)),
        ReviewPolicy::Never => None,
    }
}

/// A user who may take quizzes: id, name, unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Member {
    pub user_id: String,
    pub name: String,
    pub unit_id: String,
}

/// Whether a holder of `roles` takes quizzes: it may, and it cannot read the bank (whose
/// answers it would otherwise know).
pub fn takes_quizzes(roles: &[Role]) -> bool {
    policy().scope(Permission::QuizzesTake, roles).is_some()
        && policy().scope(Permission::QuestionsRead, roles).is_none()
}

/// Whether a holder of `roles` takes quizzes and fits the audience's role filter.
fn fits_roles(audience: &Audience, roles: &[Role]) -> bool {
    takes_quizzes(roles)
        && (audience.roles.is_empty() || roles.iter().any(|r| audience.roles.contains(r)))
}

/// The units the audience covers: each named unit and every unit below it.
fn covered_units(
    conn: &mut DbConnection,
    audience: &Audience,
) -> Result<HashSet<String>, ApiError> {
    if audience.unit_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let roots: Vec<String> = audience.unit_ids.iter().map(ToString::to_string).collect();
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    subtrees(conn, &roots)
}

/// Every active user the audience names or covers who takes quizzes.
pub fn members(conn: &mut DbConnection, audience: &Audience) -> Result<Vec<Member>, ApiError> {
    let covered: Vec<String> = covered_units(conn, audience)?.into_iter().collect();
    let named: Vec<String> = audience.user_ids.iter().map(ToString::to_string).collect();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // Chunks keep each query far below SQLite's bound-parameter limit.
    for chunk in covered.chunks(500) {
        let rows: Vec<(String, String, String, String)> = users::table
            .filter(users::active.eq(true))
            .filter(users::unit_id.eq_any(chunk))
            .select((users::id, users::name, users::unit_id, users::roles))
            .load(conn)?;
        for (id, name, unit_id, roles) in rows {
            if fits_roles(audience, &roles_from_column(&roles)?) && seen.insert(id.clone()) {
                out.push(Member {
                    user_id: id,
                    name,
                    unit_id,
                });
            }
        }
    }
    for chunk in named.chunks(500) {
        let rows: Vec<(String, String, String, String)> = users::table
            .filter(users::active.eq(true))
            .filter(users::id.eq_any(chunk))
            .select((users::id, users::name, users::unit_id, users::roles))
            .load(conn)?;
        for (id, name, unit_id, roles) in rows {
            if takes_quizzes(&roles_from_column(&roles)?) && seen.insert(id.clone()) {
                out.push(Member {
                    user_id: id,
                    name,
                    unit_id,
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.unit_id, &a.name, &a.user_id).cmp(&(&b.unit_id, &b.name, &b.user_id)));
    Ok(out)
}

/// Whether `principal` is among the audience.
pub fn is_member(
    conn: &mut DbConnection,
    audience: &Audience,
    principal: &Principal,
) -> Result<bool, ApiError> {
    if audience.user_ids.contains(&principal.id) {
        return Ok(takes_quizzes(&principal.roles));
    }
    if !fits_roles(audience, &principal.roles) {
        return Ok(false);
    }
    Ok(covered_units(conn, audience)?.contains(&principal.unit_id.to_string()))
}

/// Users who passed `session_id` (a make-up session is not for them).
pub fn passed_users(
    conn: &mut DbConnection,
    session_id: &str,
) -> Result<HashSet<String>, ApiError> {
    Ok(quiz_results::table
        .filter(quiz_results::session_id.eq(session_id))
        .filter(quiz_results::passed.eq(true))
        .select(quiz_results::user_id)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// The takers of a session: its audience, and for a make-up session only those who have
/// not passed the session it makes up.
pub fn takers(conn: &mut DbConnection, session: &SessionRow) -> Result<Vec<Member>, ApiError> {
    let content = session.content()?;
    let mut all = members(conn, &content.audience)?;
    if let Some(original) = &session.makeup_of {
        let passed = passed_users(conn, original)?;
        all.retain(|m| !passed.contains(&m.user_id));
    }
    Ok(all)
}

/// User id → name, for the users of `ids`.
pub fn user_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, ApiError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String)> = users::table
            .filter(users::id.eq_any(chunk))
            .select((users::id, users::name))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = study_plans, treat_none_as_null = true)]
pub struct StudyPlanRow {
    pub id: String,
    pub organiser_unit_id: String,
    pub year: i32,
    pub title: String,
    pub content: String,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl StudyPlanRow {
    pub fn content(&self) -> Result<StudyPlanContent, ApiError> {
        serde_json::from_str(&self.content).map_err(ApiError::internal)
    }

    pub fn apply(&mut self, content: &StudyPlanContent) -> Result<(), ApiError> {
        self.organiser_unit_id = content.organiser_unit_id.to_string();
        self.year = content.year;
        self.title = content.title.trim().to_string();
        self.content = serde_json::to_string(content).map_err(ApiError::internal)?;
        Ok(())
    }
}

pub fn find_plan(conn: &mut DbConnection, id: &str) -> Result<StudyPlanRow, ApiError> {
    study_plans::table
        .find(id)
        .select(StudyPlanRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("study plan"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grading_method_picks_the_deciding_attempt() {
        use AttemptStatus::{AwaitingGrading, Graded, InProgress};
        let attempts = [
            (Graded, Some(6000)),
            (Graded, Some(8000)),
            (Graded, Some(7000)),
        ];
        assert_eq!(
            result_of(GradingMethod::Highest, &attempts),
            (ResultStatus::Graded, Some(8000))
        );
        assert_eq!(
            result_of(GradingMethod::First, &attempts),
            (ResultStatus::Graded, Some(6000))
        );
        assert_eq!(
            result_of(GradingMethod::Last, &attempts),
            (ResultStatus::Graded, Some(7000))
        );
        let open_last = [(Graded, Some(6000)), (InProgress, None)];
        assert_eq!(
            result_of(GradingMethod::Last, &open_last),
            (ResultStatus::Graded, Some(6000)),
            "an attempt still being answered does not count yet"
        );
        let waiting = [(Graded, Some(9000)), (AwaitingGrading, None)];
        assert_eq!(
            result_of(GradingMethod::First, &waiting),
            (ResultStatus::Graded, Some(9000))
        );
        assert_eq!(
            result_of(GradingMethod::Highest, &waiting),
            (ResultStatus::AwaitingGrading, None)
        );
        assert_eq!(
            result_of(GradingMethod::Highest, &[]),
            (ResultStatus::AwaitingGrading, None)
        );
    }
}
