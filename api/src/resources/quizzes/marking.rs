//! The organiser's side of attempts: reading one with its answers and key, the queue
//! of short answers waiting for a grade, and grading them.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::notifications::NotificationKind;
use api_types::quizzes::{AttemptGrading, AttemptStatus, GradingTask, QuestionKind, QuizAttempt};
use api_types::FieldError;
use diesel::prelude::*;

use super::attempts::{self, Viewer};
use super::grading::{self, CENTI};
use super::model::{self, AnswerRow, AttemptRow};
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::{quiz_answers, quiz_attempts};
use crate::db::{self, stored_uuid};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::http::write::{check_version, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::notifications;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(grading_queue)
        .service(get_quiz_attempt)
        .service(grade_attempt);
}

/// An attempt at a session the caller's unit organises, with its answers, marks and key.
#[utoipa::path(tag = "quizzes", params(("id" = uuid::Uuid, Path, description = "Attempt id")), responses((status = 200, body = QuizAttempt)))]
#[get("/quiz-attempts/{id}")]
async fn get_quiz_attempt(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let attempt = db::run(&state.pool, move |conn| {
        let attempt = model::find_attempt(conn, &id.0.to_string())?;
        let session = model::find_session(conn, &attempt.session_id)?;
        auth.principal
            .require_unit(conn, Permission::QuizzesManage, &session.organiser_unit_id)?;
        let mut view = attempts::view(conn, &attempt, &session, Viewer::Organiser, time::now())?;
        // The server's clock is not part of what the organiser caches.
        view.server_time = time::to_utc(attempt.updated_at);
        Ok(view)
    })
    .await?;
    etag::derived_json(&req, attempt.version, &attempt)
}

/// Short answers of submitted attempts still waiting for their grade, oldest
/// submission first.
#[utoipa::path(tag = "quizzes", params(("id" = uuid::Uuid, Path, description = "Session id")), responses((status = 200, body = Vec<GradingTask>)))]
#[get("/quiz-sessions/{id}/grading")]
async fn grading_queue(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let tasks = db::run(&state.pool, move |conn| {
        let session = model::find_session(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::QuizzesManage, &session.organiser_unit_id)?;
        let waiting: Vec<AttemptRow> = quiz_attempts::table
            .filter(quiz_attempts::session_id.eq(&session.id))
            .filter(quiz_attempts::status.eq(AttemptStatus::AwaitingGrading.as_str()))
            .order((quiz_attempts::submitted_at.asc(), quiz_attempts::id.asc()))
            .select(AttemptRow::as_select())
            .load(conn)?;
        let users: Vec<String> = waiting.iter().map(|a| a.user_id.clone()).collect();
        let names = model::user_names(conn, &users)?;
        // The ungraded answers of every waiting attempt, in one query.
        let ids: Vec<&String> = waiting.iter().map(|a| &a.id).collect();
        let mut ungraded: HashMap<String, Vec<AnswerRow>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<AnswerRow> = quiz_answers::table
                .filter(quiz_answers::attempt_id.eq_any(chunk))
                .filter(quiz_answers::points_centi.is_null())
                .order((quiz_answers::attempt_id.asc(), quiz_answers::position.asc()))
                .select(AnswerRow::as_select())
                .load(conn)?;
            for row in rows {
                ungraded
                    .entry(row.attempt_id.clone())
                    .or_default()
                    .push(row);
            }
        }
        let mut tasks = Vec::new();
        for attempt in &waiting {
            let paper = attempt.paper()?;
            for row in ungraded
                .get(&attempt.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let Some(item) = usize::try_from(row.position)
                    .ok()
                    .and_then(|p| paper.items.get(p))
                else {
                    continue;
                };
                tasks.push(GradingTask {
                    attempt_id: stored_uuid(&attempt.id)?,
                    attempt_version: attempt.version,
                    user_name: names.get(&attempt.user_id).cloned().unwrap_or_default(),
                    unit_id: stored_uuid(&attempt.unit_id)?,
                    position: u32::try_from(row.position).unwrap_or(0),
                    stem: item.content.stem.clone(),
                    reference_answer: item.content.reference_answer.clone(),
                    answer_text: row.answer()?.and_then(|a| a.text),
                    points: grading::points(item.points_centi),
                    submitted_at: attempt.submitted_at.map(time::to_utc),
                });
            }
        }
        Ok(tasks)
    })
    .await?;
    etag::hashed_json(&req, &tasks)
}

/// Grade short answers of a submitted attempt (`If-Match`): each at most its points, in
/// hundredths. Once nothing waits the attempt's score, pass and the person's result
/// follow. A grade given earlier may be corrected the same way (the audit trail keeps
/// both).
#[utoipa::path(
    tag = "quizzes",
    request_body = AttemptGrading,
    params(("id" = uuid::Uuid, Path, description = "Attempt id"), ("If-Match" = String, Header, description = "ETag of the attempt version being graded")),
    responses((status = 200, body = QuizAttempt))
)]
#[post("/quiz-attempts/{id}/grades")]
async fn grade_attempt(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
    body: Json<AttemptGrading>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let grading_sent = body.0;
    let sent = grading_sent.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let attempt = model::find_attempt(conn, &id.0.to_string())?;
        let session = model::find_session(conn, &attempt.session_id)?;
        principal.require_unit(conn, Permission::QuizzesManage, &session.organiser_unit_id)?;
        check_version(attempt.version, expected)?;
        if attempt.status()? == AttemptStatus::InProgress {
            return Err(ApiError::invalid_state(
                "the attempt is still being answered",
            ));
        }
        let now = time::now();
        let before = attempts::view(conn, &attempt, &session, Viewer::Organiser, now)?;
        let paper = attempt.paper()?;
        let mut errors = Vec::new();
        for (i, grade) in grading_sent.grades.iter().enumerate() {
            let at = |f: &str| format!("grades[{i}].{f}");
            let item = usize::try_from(grade.position)
                .ok()
                .and_then(|p| paper.items.get(p));
            match item {
                None => errors.push(FieldError::new(at("position"), "unknown_position", "the attempt has no question at this position")),
                Some(item) if item.content.kind != QuestionKind::ShortAnswer => errors.push(FieldError::new(at("position"), "not_graded_by_hand", "only short answers are graded by hand")),
                Some(item) => match grading::centi(grade.points) {
                    None => errors.push(FieldError::new(at("points"), "hundredths", "give points with at most two decimals")),
                    Some(points) if points > item.points_centi => errors.push(
                        FieldError::new(at("points"), "above_max", format!("at most {} points", grading::points(item.points_centi)))
                            .with_bounds(0, item.points_centi / CENTI),
                    ),
                    Some(_) => {}
                },
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        for grade in &grading_sent.grades {
            let points = grading::centi(grade.points).unwrap_or(0);
            diesel::update(
                quiz_answers::table
                    .filter(quiz_answers::attempt_id.eq(&attempt.id))
                    .filter(quiz_answers::position.eq(i32::try_from(grade.position).unwrap_or(0))),
            )
            .set((
                quiz_answers::points_centi.eq(Some(points)),
                quiz_answers::grader_comment.eq(grade.comment.as_deref().map(str::trim)),
                quiz_answers::graded_by_name.eq(Some(&principal.name)),
                quiz_answers::graded_at.eq(Some(now)),
            ))
            .execute(conn)?;
        }
        let marks: Vec<Option<i64>> = model::answers_of(conn, &attempt.id)?
            .iter()
            .map(|r| r.points_centi)
            .collect();
        let mut next = attempt.clone();
        next.version = attempt.version + 1;
        next.updated_at = now;
        if marks.iter().all(Option::is_some) {
            let score: i64 = marks.iter().flatten().sum();
            next.status = AttemptStatus::Graded.as_str().into();
            next.score_centi = Some(score);
            next.passed = Some(score >= i64::from(session.content()?.pass_score) * CENTI);
        }
        let written = diesel::update(
            quiz_attempts::table
                .filter(quiz_attempts::id.eq(&attempt.id))
                .filter(quiz_attempts::version.eq(attempt.version)),
        )
        .set((
            quiz_attempts::status.eq(&next.status),
            quiz_attempts::score_centi.eq(next.score_centi),
            quiz_attempts::passed.eq(next.passed),
            quiz_attempts::version.eq(next.version),
            quiz_attempts::updated_at.eq(now),
        ))
        .execute(conn)?;
        crate::http::write::ensure_written(written)?;
        model::refresh_result(conn, &session, &attempt.user_id)?;
        let still_waiting = quiz_attempts::table
            .filter(quiz_attempts::session_id.eq(&session.id))
            .filter(quiz_attempts::status.eq(AttemptStatus::AwaitingGrading.as_str()))
            .count()
            .get_result::<i64>(conn)?;
        if still_waiting == 0 {
            notifications::settle(conn, NotificationKind::ReviewWaiting, &session.id)?;
        }
        let after = attempts::view(conn, &next, &session, Viewer::Organiser, now)?;
        let summary = |v: &QuizAttempt| serde_json::json!({
            "status": v.status, "score": v.score, "passed": v.passed,
            "marks": v.review.as_ref().map(|r| r.iter().map(|i| (i.position, i.points_awarded, i.grader_comment.clone())).collect::<Vec<_>>()),
        });
        Outcome::updated(
            &after,
            after.version,
            Change::new(AuditAction::Grade, ResourceKind::QuizAttempt, after.id)
                .with_before(&summary(&before))
                .with_after(&summary(&after)),
        )
    })
    .await
}
