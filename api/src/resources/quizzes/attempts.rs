//! The life of an attempt: starting it (the paper drawn and frozen), what its taker and
//! its organiser see, and closing it — by the taker, at the deadline, or after leaving
//! the page too often — with the objective questions graded at once.

use std::collections::{HashMap, HashSet};

use api_types::audit::{AuditAction, ResourceKind};
use api_types::notifications::NotificationKind;
use api_types::quizzes::{
    AnswerInput, AnswerState, AttemptStatus, QuizAttempt, QuizKind, QuizPhase, QuizStatus,
    ReviewItem, StartBlock, SubmittedHow,
};
use api_types::{ErrorCode, Permission};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::draw;
use super::grading::{self, CENTI};
use super::model::{self, AnswerRow, AttemptRow, SessionRow};
use crate::auth::{Actor, Principal};
use crate::db::schema::{quiz_answers, quiz_attempts, quiz_sessions, wrong_answers};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::audit_events::{self, Change};
use crate::resources::notifications::{self, Subject};
use crate::resources::question_bank::model::category_subtree;
use crate::time;

/// What decides whether a person may start another attempt now.
pub struct Standing {
    /// Attempts closed so far.
    pub closed: u32,
    pub in_progress: Option<String>,
    pub last_closed: Option<(String, NaiveDateTime)>,
    pub passed_original: bool,
}

/// A person's attempts at a session, as they bear on starting another.
pub fn standing(
    conn: &mut DbConnection,
    session: &SessionRow,
    user_id: &str,
) -> Result<Standing, ApiError> {
    let rows: Vec<(String, String, Option<NaiveDateTime>)> = quiz_attempts::table
        .filter(quiz_attempts::session_id.eq(&session.id))
        .filter(quiz_attempts::user_id.eq(user_id))
        .order(quiz_attempts::number.asc())
        .select((
            quiz_attempts::id,
            quiz_attempts::status,
            quiz_attempts::submitted_at,
        ))
        .load(conn)?;
    let in_progress = rows
        .iter()
        .find(|(_, s, _)| s == AttemptStatus::InProgress.as_str())
        .map(|(id, _, _)| id.clone());
    let last_closed = rows
        .iter()
        .filter_map(|(id, _, at)| at.map(|at| (id.clone(), at)))
        .max_by_key(|(_, at)| *at);
    let passed_original = match &session.makeup_of {
        Some(original) => model::passed_users(conn, original)?.contains(user_id),
        None => false,
    };
    Ok(Standing {
        closed: u32::try_from(rows.iter().filter(|(_, _, at)| at.is_some()).count())
            .unwrap_or(u32::MAX),
        in_progress,
        last_closed,
        passed_original,
    })
}

/// Why a new attempt cannot start now, and when it could (after the delay).
pub fn start_block(
    session: &SessionRow,
    standing: &Standing,
    now: NaiveDateTime,
) -> Result<(Option<StartBlock>, Option<NaiveDateTime>), ApiError> {
    let content = session.content()?;
    match session.phase(now) {
        QuizPhase::Upcoming => return Ok((Some(StartBlock::NotOpenYet), Some(session.opens_at))),
        QuizPhase::Closed => return Ok((Some(StartBlock::Closed), None)),
        QuizPhase::Open => {}
    }
    if standing.passed_original {
        return Ok((Some(StartBlock::AlreadyPassed), None));
    }
    if content.attempts_allowed > 0 && standing.closed >= content.attempts_allowed {
        return Ok((Some(StartBlock::NoAttemptsLeft), None));
    }
    if let Some((_, last)) = standing.last_closed {
        let next = last + Duration::minutes(i64::from(content.attempt_delay_minutes));
        if next > now {
            return Ok((Some(StartBlock::Delay), Some(next)));
        }
    }
    Ok((None, None))
}

fn block_message(block: StartBlock) -> &'static str {
    match block {
        StartBlock::NotOpenYet => "the session has not opened yet",
        StartBlock::Closed => "the session has closed",
        StartBlock::NoAttemptsLeft => "you have used every attempt this session allows",
        StartBlock::Delay => "wait until the delay after your last attempt has passed",
        StartBlock::AlreadyPassed => "you passed the session this make-up is for",
    }
}

/// Starts an attempt for `principal`: checks the session, the person and their earlier
/// attempts, draws and freezes the paper, creates an empty answer per question.
pub fn start(
    conn: &mut DbConnection,
    principal: &Principal,
    session: &SessionRow,
    now: NaiveDateTime,
) -> Result<AttemptRow, ApiError> {
    if session.status()? != QuizStatus::Published {
        return Err(ApiError::invalid_state("the session is not published"));
    }
    // Whoever can read the bank can read the answers: they do not take its quizzes.
    if !model::takes_quizzes(&principal.roles) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "you can read the question bank, so you do not take its quizzes",
        ));
    }
    let content = session.content()?;
    if !model::is_member(conn, &content.audience, principal)? {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "you are not among the takers of this session",
        ));
    }
    let user_id = principal.id.to_string();
    let mut standing = standing(conn, session, &user_id)?;
    if let Some(open) = &standing.in_progress {
        // Past its deadline it is over, whether or not the job has closed it yet.
        let open = model::find_attempt(conn, open)?;
        if open.deadline_at <= now && close_at_deadline(conn, &open.id, open.deadline_at)? {
            standing = self::standing(conn, session, &user_id)?;
        }
    }
    if standing.in_progress.is_some() {
        return Err(ApiError::invalid_state(
            "you have an attempt in progress: continue it",
        ));
    }
    if let (Some(block), _) = start_block(session, &standing, now)? {
        return Err(ApiError::invalid_state(block_message(block)));
    }
    // The bank changed under the session (its organiser is refused such changes, but
    // say it in the taker's words, not as a field of a body they never sent).
    let paper = draw::draw(conn, &content, &mut rand::thread_rng()).map_err(|e| {
        if e.code == ErrorCode::ValidationFailed {
            ApiError::invalid_state(
                "the paper cannot be drawn from the question bank as it is now; tell the organiser",
            )
        } else {
            e
        }
    })?;
    let limit = match content.time_limit_minutes {
        0 => session.closes_at,
        minutes => (now + Duration::minutes(i64::from(minutes))).min(session.closes_at),
    };
    let max_centi: i64 = paper.items.iter().map(|i| i.points_centi).sum();
    let row = AttemptRow {
        id: time::new_id(),
        session_id: session.id.clone(),
        user_id,
        unit_id: principal.unit_id.to_string(),
        number: i32::try_from(standing.closed).unwrap_or(i32::MAX) + 1,
        status: AttemptStatus::InProgress.as_str().into(),
        started_at: now,
        deadline_at: limit,
        submitted_at: None,
        submitted_how: None,
        paper: serde_json::to_string(&paper).map_err(ApiError::internal)?,
        leave_events: "[]".into(),
        score_centi: None,
        max_centi,
        passed: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(quiz_attempts::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| match ApiError::from(e) {
            e if e.code == ErrorCode::Duplicate => {
                ApiError::invalid_state("another attempt was started at the same moment")
            }
            e => e,
        })?;
    let answers: Vec<AnswerRow> = paper
        .items
        .iter()
        .enumerate()
        .map(|(position, item)| AnswerRow {
            attempt_id: row.id.clone(),
            position: i32::try_from(position).unwrap_or(i32::MAX),
            kind: item.content.kind.as_str().into(),
            option_keys: item.option_order.concat(),
            blank_count: i32::try_from(item.content.blanks.len()).unwrap_or(0),
            answer: None,
            saved_at: None,
            points_centi: None,
            grader_comment: None,
            graded_by_name: None,
            graded_at: None,
        })
        .collect();
    // One statement each: the connection type spans both backends, which has no
    // multi-row insert.
    for answer in &answers {
        diesel::insert_into(quiz_answers::table)
            .values(answer)
            .execute(conn)?;
    }
    Ok(row)
}

/// What the audit trail keeps of a started attempt: the questions and revisions drawn,
/// in order (not their texts or answers).
pub fn start_record(row: &AttemptRow) -> Result<serde_json::Value, ApiError> {
    let paper = row.paper()?;
    Ok(serde_json::json!({
        "session_id": row.session_id,
        "user_id": row.user_id,
        "number": row.number,
        "started_at": time::to_utc(row.started_at),
        "deadline_at": time::to_utc(row.deadline_at),
        "questions": paper.items.iter().map(|i| serde_json::json!({
            "question_id": i.question_id, "revision": i.revision, "points": grading::points(i.points_centi)
        })).collect::<Vec<_>>(),
    }))
}

/// Questions a person may still be asked: those of the sessions they take that are not
/// over — drafts and published sessions not yet closed in which they have an attempt in
/// progress or attempts left — fixed questions by id, random slots by the categories
/// they draw from. Their answers are withheld from the person's reviews and
/// wrong-answer book until then, so that an earlier attempt, the session a make-up is
/// for, or another session sharing the bank never gives away a key still to be asked.
#[derive(Debug, Default)]
pub struct StillAsked {
    ids: HashSet<String>,
    categories: HashSet<String>,
}

impl StillAsked {
    /// Nothing withheld (an attempt in progress shows no review anyway).
    pub fn nothing() -> StillAsked {
        StillAsked::default()
    }

    pub fn of(
        conn: &mut DbConnection,
        principal: &Principal,
        now: NaiveDateTime,
    ) -> Result<StillAsked, ApiError> {
        let sessions: Vec<SessionRow> = quiz_sessions::table
            .filter(
                quiz_sessions::status
                    .eq_any([QuizStatus::Draft.as_str(), QuizStatus::Published.as_str()]),
            )
            .filter(quiz_sessions::closes_at.gt(now))
            .select(SessionRow::as_select())
            .load(conn)?;
        let mut out = StillAsked::default();
        let user = principal.id.to_string();
        for session in sessions {
            let content = session.content()?;
            if !model::is_member(conn, &content.audience, principal)? {
                continue;
            }
            let standing = standing(conn, &session, &user)?;
            let done = matches!(
                start_block(&session, &standing, now)?.0,
                Some(StartBlock::NoAttemptsLeft | StartBlock::AlreadyPassed)
            );
            if done && standing.in_progress.is_none() {
                continue;
            }
            for slot in &content.paper {
                if let Some(q) = slot.question_id {
                    out.ids.insert(q.to_string());
                }
                if let Some(c) = slot.category_id {
                    let c = c.to_string();
                    if slot.include_subcategories {
                        out.categories.extend(category_subtree(conn, &c)?);
                    } else {
                        out.categories.insert(c);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Whether `item` may still be asked of the person.
    pub fn covers(&self, item: &model::FrozenItem) -> bool {
        self.ids.contains(&item.question_id)
            || self
                .categories
                .contains(&item.content.category_id.to_string())
    }
}

/// Who reads an attempt: its organiser sees every answer and mark; its taker sees the
/// review only as the session's policy allows, and never of a question still to be
/// asked of them.
pub enum Viewer<'a> {
    Organiser,
    Taker(&'a StillAsked),
}

/// The attempt as `viewer` sees it now.
pub fn view(
    conn: &mut DbConnection,
    attempt: &AttemptRow,
    session: &SessionRow,
    viewer: Viewer<'_>,
    now: NaiveDateTime,
) -> Result<QuizAttempt, ApiError> {
    let organiser = matches!(viewer, Viewer::Organiser);
    let content = session.content()?;
    let paper = attempt.paper()?;
    let rows = model::answers_of(conn, &attempt.id)?;
    let status = attempt.status()?;
    let user_name = model::user_names(conn, std::slice::from_ref(&attempt.user_id))?
        .remove(&attempt.user_id)
        .unwrap_or_default();
    let answers = rows
        .iter()
        .map(|r| {
            Ok(AnswerState {
                position: u32::try_from(r.position).unwrap_or(0),
                answer: r.answer()?.unwrap_or_default(),
                saved_at: r.saved_at.map(time::to_utc),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let open_to_review = match (status, attempt.submitted_at) {
        (AttemptStatus::InProgress, _) | (_, None) => false,
        (_, Some(closed)) => {
            organiser
                || model::review_from(content.review, closed, session.closes_at)
                    .is_some_and(|from| from <= now)
        }
    };
    let review = open_to_review.then(|| {
        paper
            .items
            .iter()
            .zip(&rows)
            .enumerate()
            .filter(|(_, (item, _))| match &viewer {
                Viewer::Organiser => true,
                Viewer::Taker(still) => !still.covers(item),
            })
            .map(|(position, (item, row))| {
                Ok(ReviewItem {
                    position: u32::try_from(position).unwrap_or(0),
                    question_id: stored_uuid(&item.question_id)?,
                    revision: item.revision,
                    correct_options: item.content.correct_options.clone(),
                    correct_truth: item.content.correct_truth,
                    blanks: item.content.blanks.clone(),
                    reference_answer: item.content.reference_answer.clone(),
                    explanation: item.content.explanation.clone(),
                    legal_reference: item.content.legal_reference.clone(),
                    points_awarded: row.points_centi.map(grading::points),
                    correct: row.points_centi.map(|p| p == item.points_centi),
                    grader_comment: row.grader_comment.clone(),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    });
    let closed = status != AttemptStatus::InProgress;
    Ok(QuizAttempt {
        id: stored_uuid(&attempt.id)?,
        session_id: stored_uuid(&session.id)?,
        session_title: session.title.clone(),
        session_kind: session.kind()?,
        user_id: stored_uuid(&attempt.user_id)?,
        user_name,
        unit_id: stored_uuid(&attempt.unit_id)?,
        number: attempt.number,
        status,
        started_at: time::to_utc(attempt.started_at),
        deadline_at: time::to_utc(attempt.deadline_at),
        submitted_at: attempt.submitted_at.map(time::to_utc),
        submitted_how: attempt.submitted_how()?,
        questions: paper
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| draw::shown(i, item))
            .collect(),
        answers,
        leave_events: attempt
            .leave_events()?
            .into_iter()
            .map(time::to_utc)
            .collect(),
        leave_limit: content.leave_limit,
        score: if closed {
            attempt.score_centi.map(grading::points)
        } else {
            None
        },
        max_score: grading::points(attempt.max_centi),
        pass_score: f64::from(content.pass_score),
        passed: if closed { attempt.passed } else { None },
        review: review.transpose()?,
        review_opens_at: attempt
            .submitted_at
            .and_then(|closed| model::review_from(content.review, closed, session.closes_at))
            .map(time::to_utc),
        server_time: time::to_utc(now),
        version: attempt.version,
    })
}

/// Closes an attempt still in progress (`how` it was submitted, at `at`): grades the
/// objective questions, totals the score when nothing waits for a person, updates the
/// person's result and wrong-answer book, and tells the organiser what waits for
/// grading. `None` when it was already closed (another process got there first).
///
/// The status is claimed first (`UPDATE … WHERE status = 'in_progress'`), so an answer
/// saved concurrently either commits before (and is graded) or finds it closed.
pub fn close(
    conn: &mut DbConnection,
    attempt_id: &str,
    how: SubmittedHow,
    at: NaiveDateTime,
) -> Result<Option<Change>, ApiError> {
    let claimed = diesel::update(
        quiz_attempts::table
            .filter(quiz_attempts::id.eq(attempt_id))
            .filter(quiz_attempts::status.eq(AttemptStatus::InProgress.as_str())),
    )
    .set((
        quiz_attempts::status.eq(AttemptStatus::AwaitingGrading.as_str()),
        quiz_attempts::submitted_at.eq(Some(at)),
        quiz_attempts::submitted_how.eq(Some(how.as_str())),
        quiz_attempts::version.eq(quiz_attempts::version + 1),
        quiz_attempts::updated_at.eq(time::now()),
    ))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    let attempt = model::find_attempt(conn, attempt_id)?;
    let session = model::find_session(conn, &attempt.session_id)?;
    let content = session.content()?;
    let paper = attempt.paper()?;
    let rows = model::answers_of(conn, attempt_id)?;
    let mut marks: Vec<Option<i64>> = Vec::with_capacity(rows.len());
    for (item, row) in paper.items.iter().zip(&rows) {
        let answer = row.answer()?;
        let mark = grading::grade(&item.content, item.points_centi, answer.as_ref());
        if let Some(points) = mark {
            diesel::update(
                quiz_answers::table
                    .filter(quiz_answers::attempt_id.eq(attempt_id))
                    .filter(quiz_answers::position.eq(row.position)),
            )
            .set(quiz_answers::points_centi.eq(Some(points)))
            .execute(conn)?;
        }
        marks.push(mark);
    }
    let all_graded = marks.iter().all(Option::is_some);
    let mut next = attempt.clone();
    if all_graded {
        let score: i64 = marks.iter().flatten().sum();
        next.status = AttemptStatus::Graded.as_str().into();
        next.score_centi = Some(score);
        next.passed = Some(score >= i64::from(content.pass_score) * CENTI);
        diesel::update(quiz_attempts::table.find(attempt_id))
            .set((
                quiz_attempts::status.eq(&next.status),
                quiz_attempts::score_centi.eq(next.score_centi),
                quiz_attempts::passed.eq(next.passed),
            ))
            .execute(conn)?;
    } else {
        notify_grading(conn, &session)?;
    }
    model::refresh_result(conn, &session, &attempt.user_id)?;
    let visible = model::review_from(content.review, at, session.closes_at);
    for ((item, row), mark) in paper.items.iter().zip(&rows).zip(&marks) {
        if let Some(points) = mark {
            // A short answer has no key to practise: it stays out of the book.
            let practisable = item.content.kind.is_objective();
            if *points < item.points_centi && practisable && session.kind()? != QuizKind::Practice {
                note_wrong(conn, &attempt.user_id, item, at, visible)?;
            } else if *points == item.points_centi && row.answer.is_some() {
                // Right this time: nothing to practise for the question now.
                diesel::update(
                    wrong_answers::table
                        .filter(wrong_answers::user_id.eq(&attempt.user_id))
                        .filter(wrong_answers::question_id.eq(&item.question_id)),
                )
                .set(wrong_answers::mastered_at.eq(Some(at)))
                .execute(conn)?;
            }
        }
    }
    let after = serde_json::json!({
        "status": next.status,
        "submitted_how": how,
        "submitted_at": time::to_utc(at),
        "score": next.score_centi.map(grading::points),
        "passed": next.passed,
        "answers": rows.iter().map(|r| Ok(serde_json::json!({
            "position": r.position,
            "answer": r.answer()?,
            "saved_at": r.saved_at.map(time::to_utc),
        }))).collect::<Result<Vec<_>, ApiError>>()?,
        "marks": marks.iter().map(|m| m.map(grading::points)).collect::<Vec<_>>(),
        "leave_events": attempt.leave_events()?.into_iter().map(time::to_utc).collect::<Vec<_>>(),
    });
    Ok(Some(
        Change::new(AuditAction::Submit, ResourceKind::QuizAttempt, &attempt.id)
            .with_before(&serde_json::json!({ "status": AttemptStatus::InProgress }))
            .with_after(&after),
    ))
}

/// Closes an attempt at its `deadline` as the server's own act (audited as the system
/// `quiz-deadline`). Call inside a write transaction; `false` when it was closed
/// already (by its taker, or by another process).
pub fn close_at_deadline(
    conn: &mut DbConnection,
    attempt_id: &str,
    deadline: NaiveDateTime,
) -> Result<bool, ApiError> {
    match close(conn, attempt_id, SubmittedHow::Deadline, deadline)? {
        Some(change) => {
            audit_events::append(conn, &Actor::system("quiz-deadline"), &change)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Adds a wrongly answered question to its taker's book (or counts it again).
fn note_wrong(
    conn: &mut DbConnection,
    user_id: &str,
    item: &model::FrozenItem,
    at: NaiveDateTime,
    visible_from: Option<NaiveDateTime>,
) -> Result<(), ApiError> {
    let frozen = serde_json::to_string(item).map_err(ApiError::internal)?;
    // Once an answer may be shown it stays shown: the earliest time wins.
    let shown_before: Option<Option<NaiveDateTime>> = wrong_answers::table
        .find((user_id, &item.question_id))
        .select(wrong_answers::visible_from)
        .first(conn)
        .optional()?;
    let visible_from = match (shown_before.flatten(), visible_from) {
        (Some(before), Some(now)) => Some(before.min(now)),
        (before, now) => before.or(now),
    };
    let updated = diesel::update(
        wrong_answers::table
            .filter(wrong_answers::user_id.eq(user_id))
            .filter(wrong_answers::question_id.eq(&item.question_id)),
    )
    .set((
        wrong_answers::revision.eq(item.revision),
        wrong_answers::item.eq(&frozen),
        wrong_answers::times_wrong.eq(wrong_answers::times_wrong + 1),
        wrong_answers::last_wrong_at.eq(at),
        wrong_answers::visible_from.eq(visible_from),
        wrong_answers::mastered_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(wrong_answers::table)
            .values((
                wrong_answers::user_id.eq(user_id),
                wrong_answers::question_id.eq(&item.question_id),
                wrong_answers::revision.eq(item.revision),
                wrong_answers::item.eq(&frozen),
                wrong_answers::times_wrong.eq(1),
                wrong_answers::last_wrong_at.eq(at),
                wrong_answers::visible_from.eq(visible_from),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Tells the organising unit's organisers that short answers wait for grading.
fn notify_grading(conn: &mut DbConnection, session: &SessionRow) -> Result<(), ApiError> {
    let title = format!("简答题待评分：{}", session.title);
    notifications::notify_units(
        conn,
        &[session.organiser_unit_id.as_str()],
        Permission::QuizzesManage,
        &Subject {
            kind: NotificationKind::ReviewWaiting,
            subject_type: ResourceKind::QuizSession,
            subject_id: &session.id,
            plan_id: None,
            task_id: None,
            title: &title,
            due_date: None,
            on_day: time::today(),
        },
    )?;
    Ok(())
}

/// The answers already given in `attempt` by position (for the grading queue).
pub fn answer_texts(rows: &[AnswerRow]) -> Result<HashMap<i32, AnswerInput>, ApiError> {
    let mut out = HashMap::new();
    for r in rows {
        if let Some(a) = r.answer()? {
            out.insert(r.position, a);
        }
    }
    Ok(out)
}
