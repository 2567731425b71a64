//! `/api/v1/quiz-sessions`: preparing a session (its settings, audience and paper),
//! previewing a draw, publishing it to its takers, cancelling it, making up for it.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::notifications::NotificationKind;
use api_types::quizzes::{
    NewMakeup, PaperPreview, PreviewItem, QuizCancellation, QuizKind, QuizPhase, QuizSession,
    QuizSessionContent, QuizStatus,
};
use api_types::{ErrorCode, FieldError};
use diesel::prelude::*;
use uuid::Uuid;

use super::draw;
use super::grading;
use super::list::{SessionContext, SessionFilter, SessionList};
use super::model::{self, SessionRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::{quiz_attempts, quiz_sessions};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::notifications::{self, Subject};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_sessions)
        .service(create_session)
        .service(get_session)
        .service(replace_session)
        .service(preview_session)
        .service(publish_session)
        .service(cancel_session)
        .service(makeup_session);
}

/// Drafts are seen only by those who may prepare them (the organising unit's
/// organisers and the city bureau); published and cancelled sessions by every reader.
pub fn require_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    session: &SessionRow,
) -> Result<(), ApiError> {
    if session.status()? == QuizStatus::Draft {
        principal.require_unit(conn, Permission::QuizzesManage, &session.organiser_unit_id)?;
    }
    Ok(())
}

/// The study plan a session names is one the caller prepares too (a quiz for another
/// unit's plan would take that plan's quarter).
fn check_plan_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    content: &QuizSessionContent,
) -> Result<(), ApiError> {
    if let Some(plan) = content.study_plan_id {
        if let Ok(plan) = model::find_plan(conn, &plan.to_string()) {
            principal.require_unit(conn, Permission::QuizzesManage, &plan.organiser_unit_id)?;
        }
    }
    Ok(())
}

/// A make-up opens once the session it makes up has closed.
fn check_makeup_window(
    conn: &mut DbConnection,
    makeup_of: Option<&str>,
    content: &QuizSessionContent,
) -> Result<(), ApiError> {
    let Some(original) = makeup_of else {
        return Ok(());
    };
    let original = model::find_session(conn, original)?;
    if time::from_utc(content.opens_at) < original.closes_at {
        return Err(ApiError::rules(vec![FieldError::new(
            "opens_at",
            "after_original",
            "the make-up opens once the original session has closed",
        )]));
    }
    Ok(())
}

/// Every published session not yet closed must still be drawable from the bank: what a
/// change of the bank (retiring, editing a question) is checked against before it
/// commits. The error names the session.
pub fn check_live_papers(conn: &mut DbConnection) -> Result<(), ApiError> {
    let live: Vec<SessionRow> = quiz_sessions::table
        .filter(quiz_sessions::status.eq(QuizStatus::Published.as_str()))
        .filter(quiz_sessions::closes_at.gt(time::now()))
        .select(SessionRow::as_select())
        .load(conn)?;
    for session in live {
        if let Err(err) = draw::draw(conn, &session.content()?, &mut rand::thread_rng()) {
            if err.code != ErrorCode::ValidationFailed {
                return Err(err);
            }
            return Err(ApiError::invalid_state(format!(
                "the paper of the published session 《{}》 could no longer be filled from the bank ({}); change it after the session closes",
                session.title,
                err.errors
                    .first()
                    .map(|e| e.message.clone())
                    .unwrap_or_default()
            )));
        }
    }
    Ok(())
}

/// Quiz sessions: published and cancelled ones, and the drafts the caller prepares;
/// latest opening first.
#[utoipa::path(tag = "quizzes", params(SessionFilter, crate::openapi::ListParams<SessionFilter>), responses((status = 200, body = api_types::Page<QuizSession>)))]
#[get("/quiz-sessions")]
async fn list_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    query: ListQuery<SessionFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let context = SessionContext::of(conn, &auth.principal)?;
        db::list::page::<SessionList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One session with its settings, audience and paper; whether it is open depends on
/// the time (`ETag` with the phase).
#[utoipa::path(tag = "quizzes", params(("id" = Uuid, Path, description = "Session id")), responses((status = 200, body = QuizSession)))]
#[get("/quiz-sessions/{id}")]
async fn get_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let session = db::run(&state.pool, move |conn| {
        let row = model::find_session(conn, &id.0.to_string())?;
        require_visible(conn, &auth.principal, &row)?;
        row.to_dto(time::now())
    })
    .await?;
    etag::derived_json(&req, session.version, &session)
}

/// Prepare a session (a draft) organised by a unit in the caller's scope. The paper's
/// slots must name questions and categories of the bank; the pass score is at most the
/// paper's total. Make-up sessions are made with `POST /quiz-sessions/{id}/makeup`.
#[utoipa::path(tag = "quizzes", request_body = QuizSessionContent, responses((status = 201, body = QuizSession)))]
#[post("/quiz-sessions")]
async fn create_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    body: Json<QuizSessionContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_unit(
            conn,
            Permission::QuizzesManage,
            &content.organiser_unit_id.to_string(),
        )?;
        model::check_session(conn, &content, false)?;
        check_plan_scope(conn, principal, &content)?;
        let row = model::new_session(&content, &principal.id.to_string())?;
        insert_session(conn, &row)?;
        let dto = row.to_dto(time::now())?;
        Outcome::created(
            &dto,
            format!("/api/v1/quiz-sessions/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::QuizSession, dto.id, &dto),
        )
    })
    .await
}

/// Inserts a session; a second quiz for a study plan's quarter is said at `quarter`.
pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> Result<(), ApiError> {
    diesel::insert_into(quiz_sessions::table)
        .values(row)
        .execute(conn)
        .map_err(|e| match ApiError::from(e) {
            e if e.code == ErrorCode::Duplicate => ApiError::duplicate(
                "quarter",
                "the study plan already has a quiz for this quarter",
            ),
            e => e,
        })?;
    Ok(())
}

fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<SessionRow, ApiError> {
    let row = model::find_session(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::QuizzesManage, &row.organiser_unit_id)?;
    check_version(row.version, expected)?;
    Ok(row)
}

/// Replace a draft's settings, audience and paper (`If-Match`). A published session is
/// not edited: cancel it (before anyone starts) and prepare another.
#[utoipa::path(
    tag = "quizzes",
    request_body = QuizSessionContent,
    params(("id" = Uuid, Path, description = "Session id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = QuizSession))
)]
#[put("/quiz-sessions/{id}")]
async fn replace_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
    body: Json<QuizSessionContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        principal.require_unit(
            conn,
            Permission::QuizzesManage,
            &content.organiser_unit_id.to_string(),
        )?;
        if current.status()? != QuizStatus::Draft {
            return Err(ApiError::invalid_state(
                "only a draft session is edited; a published one is cancelled and prepared again",
            ));
        }
        model::check_session(conn, &content, current.makeup_of.is_some())?;
        check_plan_scope(conn, principal, &content)?;
        check_makeup_window(conn, current.makeup_of.as_deref(), &content)?;
        let now = time::now();
        let before = current.to_dto(now)?;
        let mut next = current.clone();
        next.apply(&content)?;
        let saved: Result<(), ApiError> =
            (|| versioned_save!(conn, quiz_sessions, &mut next, current.version))();
        saved.map_err(|e| {
            if e.code == ErrorCode::Duplicate {
                ApiError::duplicate(
                    "quarter",
                    "the study plan already has a quiz for this quarter",
                )
            } else {
                e
            }
        })?;
        let after = next.to_dto(now)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::QuizSession, after.id, &before, &after),
        )
    })
    .await
}

/// A sample draw of the paper as the bank is now, with the answers: what a taker
/// could get. Each call draws anew. 422 naming the slot when the bank cannot fill it.
#[utoipa::path(tag = "quizzes", params(("id" = Uuid, Path, description = "Session id")), responses((status = 200, body = PaperPreview)))]
#[get("/quiz-sessions/{id}/preview")]
async fn preview_session(
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let preview = db::run(&state.pool, move |conn| {
        let session = model::find_session(conn, &id.0.to_string())?;
        auth.principal
            .require_unit(conn, Permission::QuizzesManage, &session.organiser_unit_id)?;
        let paper = draw::draw(conn, &session.content()?, &mut rand::thread_rng())?;
        let items = paper
            .items
            .iter()
            .enumerate()
            .map(|(position, item)| {
                Ok(PreviewItem {
                    position: u32::try_from(position).unwrap_or(0),
                    slot: item.slot,
                    points: grading::points(item.points_centi),
                    question_id: stored_uuid(&item.question_id)?,
                    revision: item.revision,
                    content: item.content.clone(),
                    option_order: item.option_order.clone(),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(PaperPreview {
            max_score: grading::points(paper.items.iter().map(|i| i.points_centi).sum()),
            items,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(preview))
}

/// Publish a draft (`If-Match`): it must close in the future, have takers and a paper
/// the bank can fill. Each taker is notified.
#[utoipa::path(
    tag = "quizzes",
    params(("id" = Uuid, Path, description = "Session id"), ("If-Match" = String, Header, description = "ETag of the version being published")),
    responses((status = 200, body = QuizSession))
)]
#[post("/quiz-sessions/{id}/publish")]
async fn publish_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        if current.status()? != QuizStatus::Draft {
            return Err(ApiError::invalid_state("only a draft is published"));
        }
        let content = current.content()?;
        model::check_session(conn, &content, current.makeup_of.is_some())?;
        check_makeup_window(conn, current.makeup_of.as_deref(), &content)?;
        let now = time::now();
        if current.phase(now) == QuizPhase::Closed {
            return Err(ApiError::rule(
                "closes_at",
                "in_the_past",
                "the session would already be closed; move its window",
            ));
        }
        let takers = model::takers(conn, &current)?;
        if takers.is_empty() {
            return Err(ApiError::rule(
                "audience",
                "no_takers",
                "no active user who takes quizzes is in the audience",
            ));
        }
        draw::draw(conn, &content, &mut rand::thread_rng())?;
        let before = current.to_dto(now)?;
        let mut next = current.clone();
        next.status = QuizStatus::Published.as_str().into();
        next.published_at = Some(now);
        versioned_save!(conn, quiz_sessions, &mut next, current.version)?;
        let title = format!("{}（{}）", next.title, current.kind()?.label_zh());
        let users: Vec<String> = takers.into_iter().map(|m| m.user_id).collect();
        notifications::deliver(
            conn,
            &users,
            &Subject {
                kind: NotificationKind::QuizOpen,
                subject_type: ResourceKind::QuizSession,
                subject_id: &next.id,
                plan_id: None,
                task_id: None,
                title: &title,
                due_date: Some(time::local_date(next.closes_at)),
                on_day: time::today(),
            },
            true,
        )?;
        let after = next.to_dto(now)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Publish,
                ResourceKind::QuizSession,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Cancel a draft, or a published session before it opens (`If-Match`, with a
/// reason); it stays listed as cancelled.
#[utoipa::path(
    tag = "quizzes",
    request_body = QuizCancellation,
    params(("id" = Uuid, Path, description = "Session id"), ("If-Match" = String, Header, description = "ETag of the version being cancelled")),
    responses((status = 200, body = QuizSession))
)]
#[post("/quiz-sessions/{id}/cancel")]
async fn cancel_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
    body: Json<QuizCancellation>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let cancellation = body.0;
    let sent = cancellation.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        let now = time::now();
        match current.status()? {
            QuizStatus::Cancelled => {
                return Err(ApiError::invalid_state("the session is already cancelled"))
            }
            // Once open, takers may be starting: it runs to its close.
            QuizStatus::Published if current.phase(now) != QuizPhase::Upcoming => {
                return Err(ApiError::invalid_state(
                    "a session that has opened is not cancelled",
                ))
            }
            _ => {}
        }
        let started = quiz_attempts::table
            .filter(quiz_attempts::session_id.eq(&current.id))
            .count()
            .get_result::<i64>(conn)?;
        if started > 0 {
            return Err(ApiError::invalid_state(format!(
                "{started} attempts were started; a session with attempts is not cancelled"
            )));
        }
        let before = current.to_dto(now)?;
        let mut next = current.clone();
        next.status = QuizStatus::Cancelled.as_str().into();
        next.cancel_reason = Some(cancellation.reason.trim().to_string());
        versioned_save!(conn, quiz_sessions, &mut next, current.version)?;
        notifications::settle(conn, NotificationKind::QuizOpen, &next.id)?;
        let after = next.to_dto(now)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Cancel,
                ResourceKind::QuizSession,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Prepare a make-up session (补考, a draft) for a published session: the same paper
/// and rules, for those of its takers who failed or missed it, in a window that opens
/// once the original has closed.
#[utoipa::path(
    tag = "quizzes",
    request_body = NewMakeup,
    params(("id" = Uuid, Path, description = "The session to make up")),
    responses((status = 201, body = QuizSession))
)]
#[post("/quiz-sessions/{id}/makeup")]
async fn makeup_session(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
    body: Json<NewMakeup>,
) -> Result<HttpResponse, ApiError> {
    let window = body.0;
    let sent = window.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let original = model::find_session(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::QuizzesManage, &original.organiser_unit_id)?;
        if original.status()? != QuizStatus::Published {
            return Err(ApiError::invalid_state(
                "only a published session is made up",
            ));
        }
        if original.makeup_of.is_some() {
            return Err(ApiError::invalid_state(
                "a make-up session is made up from its original session",
            ));
        }
        if time::from_utc(window.opens_at) < original.closes_at {
            return Err(ApiError::rules(vec![FieldError::new(
                "opens_at",
                "after_original",
                "the make-up opens once the original session has closed",
            )]));
        }
        let mut content = original.content()?;
        content.kind = QuizKind::Makeup;
        content.title = format!("{}（补考）", original.title)
            .chars()
            .take(100)
            .collect();
        content.opens_at = window.opens_at;
        content.closes_at = window.closes_at;
        content.study_plan_id = None;
        content.quarter = None;
        model::check_session(conn, &content, true)?;
        let mut row = model::new_session(&content, &principal.id.to_string())?;
        row.makeup_of = Some(original.id.clone());
        insert_session(conn, &row)?;
        let dto = row.to_dto(time::now())?;
        Outcome::created(
            &dto,
            format!("/api/v1/quiz-sessions/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::QuizSession, dto.id, &dto),
        )
    })
    .await
}
