//! The taker's side (`/api/v1/me/…`, `POST /quiz-sessions/{id}/attempts`): the quizzes
//! open to me, starting, answering (each answer saved as it is given), leaving the page,
//! submitting, my results and my wrong-answer book.
//!
//! Saving an answer is the taker's working copy of an open attempt, like a draft kept
//! as it is typed: it is stored with its time but is not an audit event of its own.
//! The attempt's start and its submission (by the taker, at the deadline or after too
//! many page leaves) are audited, the submission with every answer and when each was
//! saved, so the audit trail holds what was answered.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::quizzes::{
    AnswerSaved, AttemptEvent, AttemptEventOutcome, AttemptStatus, MyQuiz, QuizAttempt, QuizPhase,
    QuizStatus, SavedAnswer, SubmittedHow,
};
use api_types::ErrorCode;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::attempts::{self, close, StillAsked, Viewer};
use super::grading;
use super::model::{self, AttemptRow, SessionRow};
use super::results;
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{quiz_answers, quiz_attempts, quiz_sessions};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_quizzes)
        .service(start_attempt)
        .service(my_attempt)
        .service(save_answer)
        .service(report_event)
        .service(submit_attempt);
}

/// How far back `/me/quizzes` lists closed sessions the person did not take.
const MY_QUIZZES_DAYS: i64 = 365;

/// Page leaves kept with their time per attempt (beyond, the attempt is long past any
/// sensible limit; the organiser sees the list is full).
const MAX_LEAVE_EVENTS_KEPT: usize = 200;

/// Loads the caller's own attempt: 404 when there is none, 403 when it is someone
/// else's.
fn own_attempt(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<AttemptRow, ApiError> {
    let attempt = model::find_attempt(conn, id)?;
    if attempt.user_id != principal.id.to_string() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this attempt is someone else's",
        ));
    }
    Ok(attempt)
}

/// Closes `attempt` when its deadline has passed, as the server's own act. Call inside
/// a write transaction; `true` when it closed it now.
pub fn close_if_due(
    conn: &mut DbConnection,
    attempt: &AttemptRow,
    now: NaiveDateTime,
) -> Result<bool, ApiError> {
    if attempt.status != AttemptStatus::InProgress.as_str() || attempt.deadline_at > now {
        return Ok(false);
    }
    attempts::close_at_deadline(conn, &attempt.id, attempt.deadline_at)
}

/// The sessions I take: open ones first (closing soonest), then upcoming ones, then
/// closed ones (latest first; those of the last year, and any I took), each with my attempts and result and whether I may
/// start an attempt now.
#[utoipa::path(tag = "quizzes", responses((status = 200, body = Vec<MyQuiz>)))]
#[get("/me/quizzes")]
async fn my_quizzes(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesTake>,
) -> Result<HttpResponse, ApiError> {
    let quizzes = db::run(&state.pool, move |conn| {
        let now = time::now();
        let principal = auth.principal;
        let user_id = principal.id.to_string();
        let attempted: std::collections::HashSet<String> = quiz_attempts::table
            .filter(quiz_attempts::user_id.eq(&user_id))
            .select(quiz_attempts::session_id)
            .distinct()
            .load::<String>(conn)?
            .into_iter()
            .collect();
        // Sessions of the last year, and any the person took (their results stay).
        let cutoff = now - chrono::Duration::days(MY_QUIZZES_DAYS);
        let mine: Vec<&String> = attempted.iter().collect();
        let sessions: Vec<SessionRow> = quiz_sessions::table
            .filter(quiz_sessions::status.eq(QuizStatus::Published.as_str()))
            .filter(
                quiz_sessions::closes_at
                    .gt(cutoff)
                    .or(quiz_sessions::id.eq_any(mine)),
            )
            .order(quiz_sessions::opens_at.desc())
            .select(SessionRow::as_select())
            .load(conn)?;
        let mut out = Vec::new();
        for session in sessions {
            let content = session.content()?;
            let member = attempted.contains(&session.id)
                || model::is_member(conn, &content.audience, &principal)?;
            if !member {
                continue;
            }
            let standing = attempts::standing(conn, &session, &user_id)?;
            if session.makeup_of.is_some()
                && standing.passed_original
                && !attempted.contains(&session.id)
            {
                continue;
            }
            let (blocked, next) = attempts::start_block(&session, &standing, now)?;
            let result = results::result_of_user(conn, &session, &user_id)?;
            out.push(MyQuiz {
                session_id: stored_uuid(&session.id)?,
                title: session.title.clone(),
                kind: session.kind()?,
                description: content.description.clone(),
                phase: session.phase(now),
                opens_at: time::to_utc(session.opens_at),
                closes_at: time::to_utc(session.closes_at),
                time_limit_minutes: content.time_limit_minutes,
                attempts_allowed: content.attempts_allowed,
                attempts_used: standing.closed + u32::from(standing.in_progress.is_some()),
                question_count: u32::try_from(session.question_count).unwrap_or(0),
                max_score: u32::try_from(session.max_score).unwrap_or(0),
                pass_score: content.pass_score,
                in_progress_attempt_id: standing
                    .in_progress
                    .as_deref()
                    .map(stored_uuid)
                    .transpose()?,
                last_attempt_id: standing
                    .last_closed
                    .as_ref()
                    .map(|(id, _)| stored_uuid(id))
                    .transpose()?,
                can_start: blocked.is_none() && standing.in_progress.is_none(),
                blocked,
                next_start_at: next.map(time::to_utc),
                result,
            });
        }
        let rank = |q: &MyQuiz| match q.phase {
            QuizPhase::Open => 0,
            QuizPhase::Upcoming => 1,
            QuizPhase::Closed => 2,
        };
        out.sort_by(|a, b| {
            rank(a).cmp(&rank(b)).then_with(|| match a.phase {
                QuizPhase::Open => a.closes_at.cmp(&b.closes_at),
                QuizPhase::Upcoming => a.opens_at.cmp(&b.opens_at),
                QuizPhase::Closed => b.closes_at.cmp(&a.closes_at),
            })
        });
        Ok(out)
    })
    .await?;
    etag::hashed_json(&req, &quizzes)
}

/// Start an attempt at a session I take (201 with the paper, never its answers). The
/// paper is drawn and frozen now; the deadline is the time limit from now or the
/// session's close, whichever comes first. Refused (409) while another attempt of mine
/// is in progress, outside the window, when no attempt is left, before the delay after
/// the last one has passed, or at a make-up session when I passed the original.
#[utoipa::path(
    tag = "quizzes",
    params(("id" = uuid::Uuid, Path, description = "Session id")),
    responses((status = 201, body = QuizAttempt))
)]
#[post("/quiz-sessions/{id}/attempts")]
async fn start_attempt(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesTake>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    ctx.run(&state, &(), move |conn, principal| {
        let now = time::now();
        let session = model::find_session(conn, &id.0.to_string())?;
        let attempt = attempts::start(conn, principal, &session, now)?;
        let dto = attempts::view(
            conn,
            &attempt,
            &session,
            Viewer::Taker(&StillAsked::nothing()),
            now,
        )?;
        let record = attempts::start_record(&attempt)?;
        Outcome::created(
            &dto,
            format!("/api/v1/me/quiz-attempts/{}", dto.id),
            dto.version,
            Change::new(AuditAction::Start, ResourceKind::QuizAttempt, dto.id).with_after(&record),
        )
    })
    .await
}

/// My attempt: the paper in my order, my saved answers, the deadline and the server's
/// clock. While it is in progress it holds no answer key, explanation or mark; once
/// closed, the review follows the session's policy. An attempt past its deadline is
/// submitted before it is shown.
#[utoipa::path(tag = "quizzes", params(("id" = uuid::Uuid, Path, description = "Attempt id")), responses((status = 200, body = QuizAttempt)))]
#[get("/me/quiz-attempts/{id}")]
async fn my_attempt(
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesTake>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.principal;
    let attempt_id = id.0.to_string();
    let due = {
        let (principal, attempt_id) = (principal.clone(), attempt_id.clone());
        db::run(&state.pool, move |conn| {
            let attempt = own_attempt(conn, &principal, &attempt_id)?;
            Ok(attempt.status == AttemptStatus::InProgress.as_str()
                && attempt.deadline_at <= time::now())
        })
        .await?
    };
    if due {
        let attempt_id = attempt_id.clone();
        db::run_write(&state.pool, move |conn| {
            let attempt = model::find_attempt(conn, &attempt_id)?;
            close_if_due(conn, &attempt, time::now())
        })
        .await?;
    }
    let attempt = db::run(&state.pool, move |conn| {
        let attempt = own_attempt(conn, &principal, &attempt_id)?;
        let session = model::find_session(conn, &attempt.session_id)?;
        let now = time::now();
        let still = StillAsked::of(conn, &principal, now)?;
        attempts::view(conn, &attempt, &session, Viewer::Taker(&still), now)
    })
    .await?;
    // The body carries the server's clock, so it is never the same twice: no ETag.
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(attempt))
}

/// Save my answer to one question of my attempt in progress (the last save counts).
/// After the deadline nothing is stored: the answer is refused (409) and the attempt
/// is submitted as it stood. An answer that does not fit the question's kind is 422
/// naming the field.
#[utoipa::path(
    tag = "quizzes",
    request_body = SavedAnswer,
    params(("id" = uuid::Uuid, Path, description = "Attempt id")),
    responses((status = 200, body = AnswerSaved), (status = 409, description = "The attempt is closed or its time is up; nothing was stored", body = api_types::Problem, content_type = "application/problem+json"))
)]
#[post("/me/quiz-attempts/{id}/answers")]
async fn save_answer(
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesTake>,
    id: PathId,
    body: Json<SavedAnswer>,
) -> Result<HttpResponse, ApiError> {
    let saved = body.0;
    let principal = auth.principal;
    // An answer counts as given when it arrived, not when its turn to be written came.
    let now = time::now();
    let outcome = db::run_write(&state.pool, move |conn| {
        let id = id.0.to_string();
        let (user_id, status, deadline): (String, String, NaiveDateTime) = quiz_attempts::table
            .find(&id)
            .select((
                quiz_attempts::user_id,
                quiz_attempts::status,
                quiz_attempts::deadline_at,
            ))
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("quiz attempt"))?;
        if user_id != principal.id.to_string() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "this attempt is someone else's",
            ));
        }
        if status != AttemptStatus::InProgress.as_str() {
            return Ok(Err(ApiError::invalid_state(
                "the attempt is already submitted; the answer was not stored",
            )));
        }
        if deadline <= now {
            let attempt = model::find_attempt(conn, &id)?;
            close_if_due(conn, &attempt, now)?;
            // The closing commits; the answer does not.
            return Ok(Err(ApiError::invalid_state(
                "the time is up: the attempt was submitted as it stood and this answer was not stored",
            )));
        }
        let position = i32::try_from(saved.position).unwrap_or(i32::MAX);
        let shape: Option<(String, String, i32)> = quiz_answers::table
            .find((&id, position))
            .select((
                quiz_answers::kind,
                quiz_answers::option_keys,
                quiz_answers::blank_count,
            ))
            .first(conn)
            .optional()?;
        let Some((kind, option_keys, blank_count)) = shape else {
            return Err(ApiError::rule(
                "position",
                "unknown_position",
                "the attempt has no question at this position",
            ));
        };
        let kind = api_types::quizzes::QuestionKind::parse(&kind)
            .ok_or_else(|| ApiError::internal("stored question kind"))?;
        grading::check_answer(
            kind,
            &option_keys,
            usize::try_from(blank_count).unwrap_or(0),
            &saved.answer,
        )?;
        // Holding the attempt's row keeps a concurrent closing from grading without
        // this answer (it claims the same row first).
        let open = diesel::update(
            quiz_attempts::table
                .filter(quiz_attempts::id.eq(&id))
                .filter(quiz_attempts::status.eq(AttemptStatus::InProgress.as_str()))
                .filter(quiz_attempts::deadline_at.gt(now)),
        )
        .set(quiz_attempts::updated_at.eq(now))
        .execute(conn)?;
        if open == 0 {
            return Ok(Err(ApiError::invalid_state(
                "the attempt was submitted meanwhile; the answer was not stored",
            )));
        }
        let stored = if saved.answer.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&saved.answer).map_err(ApiError::internal)?)
        };
        diesel::update(quiz_answers::table.find((&id, position)))
            .set((
                quiz_answers::answer.eq(stored),
                quiz_answers::saved_at.eq(Some(now)),
            ))
            .execute(conn)?;
        let answered = quiz_answers::table
            .filter(quiz_answers::attempt_id.eq(&id))
            .filter(quiz_answers::answer.is_not_null())
            .count()
            .get_result::<i64>(conn)?;
        Ok(Ok(AnswerSaved {
            position: saved.position,
            saved_at: time::to_utc(now),
            answered: u32::try_from(answered).unwrap_or(0),
            deadline_at: time::to_utc(deadline),
        }))
    })
    .await??;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(outcome))
}

/// The browser reports that I left the page during my attempt (切屏). Each is recorded
/// with its time; beyond the session's limit the attempt is submitted.
#[utoipa::path(
    tag = "quizzes",
    request_body = AttemptEvent,
    params(("id" = uuid::Uuid, Path, description = "Attempt id")),
    responses((status = 200, body = AttemptEventOutcome))
)]
#[post("/me/quiz-attempts/{id}/events")]
async fn report_event(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesTake>,
    id: PathId,
    body: Json<AttemptEvent>,
) -> Result<HttpResponse, ApiError> {
    let event = body.0;
    let sent = event.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let now = time::now();
        let id = id.0.to_string();
        own_attempt(conn, principal, &id)?;
        // Taking the attempt's row first: a concurrent report or closing waits, and an
        // attempt closed meanwhile records nothing.
        let open = diesel::update(
            quiz_attempts::table
                .filter(quiz_attempts::id.eq(&id))
                .filter(quiz_attempts::status.eq(AttemptStatus::InProgress.as_str()))
                .filter(quiz_attempts::deadline_at.gt(now)),
        )
        .set(quiz_attempts::updated_at.eq(now))
        .execute(conn)?;
        if open == 0 {
            return Err(ApiError::invalid_state("the attempt is no longer in progress"));
        }
        let attempt = model::find_attempt(conn, &id)?;
        let session = model::find_session(conn, &attempt.session_id)?;
        let limit = session.content()?.leave_limit;
        let mut events = attempt.leave_events()?;
        // The count goes on; the times kept are bounded.
        let count = u32::try_from(events.len() + 1).unwrap_or(u32::MAX);
        if events.len() < MAX_LEAVE_EVENTS_KEPT {
            events.push(now);
            diesel::update(quiz_attempts::table.find(&attempt.id))
                .set(
                    quiz_attempts::leave_events
                        .eq(serde_json::to_string(&events).map_err(ApiError::internal)?),
                )
                .execute(conn)?;
        }
        let recorded = Change::new(AuditAction::Update, ResourceKind::QuizAttempt, &attempt.id)
            .with_after(&serde_json::json!({ "event": event.kind, "at": time::to_utc(now), "leave_count": count }));
        let mut submitted = None;
        if limit > 0 && count > limit {
            submitted = close(conn, &attempt.id, SubmittedHow::LeaveLimit, now)?;
        }
        let answer = AttemptEventOutcome {
            leave_count: count,
            leave_limit: limit,
            submitted: submitted.is_some(),
        };
        let mut outcome = Outcome::ok(&answer)?.audit(recorded);
        if let Some(change) = submitted {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}

/// Submit my attempt: the objective questions are graded now, short answers wait for
/// the organiser. 409 when it was already submitted (by me, at the deadline or after
/// too many page leaves).
#[utoipa::path(tag = "quizzes", params(("id" = uuid::Uuid, Path, description = "Attempt id")), responses((status = 200, body = QuizAttempt)))]
#[post("/me/quiz-attempts/{id}/submit")]
async fn submit_attempt(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesTake>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    ctx.run(&state, &(), move |conn, principal| {
        let now = time::now();
        let attempt = own_attempt(conn, principal, &id.0.to_string())?;
        if attempt.status != AttemptStatus::InProgress.as_str() {
            return Err(ApiError::invalid_state("the attempt is already submitted"));
        }
        // Past the deadline it counts as submitted at the deadline.
        let (how, at) = if attempt.deadline_at <= now {
            (SubmittedHow::Deadline, attempt.deadline_at)
        } else {
            (SubmittedHow::Taker, now)
        };
        let change = close(conn, &attempt.id, how, at)?
            .ok_or_else(|| ApiError::invalid_state("the attempt is already submitted"))?;
        let closed = model::find_attempt(conn, &attempt.id)?;
        let session = model::find_session(conn, &closed.session_id)?;
        let now = time::now();
        let still = StillAsked::of(conn, principal, now)?;
        let dto = attempts::view(conn, &closed, &session, Viewer::Taker(&still), now)?;
        Outcome::updated(&dto, dto.version, change)
    })
    .await
}
