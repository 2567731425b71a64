//! 错题本: the questions a taker got wrong, with their answers once the attempt's review
//! is open to them, to practise until answered right. Practising is the taker's own
//! study, not a record of the bureau's: it is not audited.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::quizzes::{PracticeAnswer, PracticeOutcome, QuestionKind, WrongAnswer};
use api_types::ErrorCode;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::attempts::StillAsked;
use super::draw;
use super::grading;
use super::model::FrozenItem;
use crate::auth::{perm, Authorized};
use crate::db::schema::wrong_answers;
use crate::db::{self, stored_uuid};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_wrong_answers).service(practise);
}

/// My wrong-answer book: questions answered wrongly in closed attempts whose review is
/// open to me, not yet answered right since, most recent first.
#[utoipa::path(tag = "quizzes", responses((status = 200, body = Vec<WrongAnswer>)))]
#[get("/me/wrong-answers")]
async fn my_wrong_answers(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesTake>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.principal;
    let user = principal.id.to_string();
    let book = db::run(&state.pool, move |conn| {
        let still = StillAsked::of(conn, &principal, time::now())?;
        let rows: Vec<(String, String, i32, NaiveDateTime)> = wrong_answers::table
            .filter(wrong_answers::user_id.eq(&user))
            .filter(wrong_answers::mastered_at.is_null())
            .filter(wrong_answers::visible_from.le(time::now()))
            .order(wrong_answers::last_wrong_at.desc())
            .select((
                wrong_answers::question_id,
                wrong_answers::item,
                wrong_answers::times_wrong,
                wrong_answers::last_wrong_at,
            ))
            .limit(500)
            .load(conn)?;
        let mut book = Vec::with_capacity(rows.len());
        for (question_id, item, times, at) in rows {
            let item: FrozenItem = serde_json::from_str(&item).map_err(ApiError::internal)?;
            // Not while it may still be asked of them.
            if still.covers(&item) {
                continue;
            }
            let shown = draw::shown(0, &item);
            book.push(WrongAnswer {
                question_id: stored_uuid(&question_id)?,
                revision: item.revision,
                kind: item.content.kind,
                stem: item.content.stem.clone(),
                options: shown.options,
                blank_count: shown.blank_count,
                correct_options: item.content.correct_options.clone(),
                correct_truth: item.content.correct_truth,
                blanks: item.content.blanks.clone(),
                explanation: item.content.explanation.clone(),
                legal_reference: item.content.legal_reference.clone(),
                times_wrong: u32::try_from(times).unwrap_or(0),
                last_wrong_at: time::to_utc(at),
            });
        }
        Ok(book)
    })
    .await?;
    etag::hashed_json(&req, &book)
}

/// Answer a question of my wrong-answer book again: a right answer takes it out of
/// the book.
#[utoipa::path(
    tag = "quizzes",
    request_body = PracticeAnswer,
    params(("id" = uuid::Uuid, Path, description = "Question id")),
    responses((status = 200, body = PracticeOutcome))
)]
#[post("/me/wrong-answers/{id}/practice")]
async fn practise(
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesTake>,
    question: PathId,
    body: Json<PracticeAnswer>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.principal;
    let user = principal.id.to_string();
    let practice = body.0;
    let outcome = db::run_write(&state.pool, move |conn| {
        let now = time::now();
        let still = StillAsked::of(conn, &principal, now)?;
        let question = question.0.to_string();
        let item: Option<String> = wrong_answers::table
            .find((&user, &question))
            .filter(wrong_answers::visible_from.le(now))
            .select(wrong_answers::item)
            .first(conn)
            .optional()?;
        let item: FrozenItem = match item {
            Some(text) => serde_json::from_str(&text).map_err(ApiError::internal)?,
            None => {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    "the question is not in your wrong-answer book",
                ))
            }
        };
        if still.covers(&item) {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "the question is not in your wrong-answer book while it may still be asked of you",
            ));
        }
        if item.content.kind == QuestionKind::ShortAnswer {
            return Err(ApiError::invalid_state(
                "short answers are graded by a person; they are not practised here",
            ));
        }
        let keys = item.option_order.concat();
        grading::check_answer(
            item.content.kind,
            &keys,
            item.content.blanks.len(),
            &practice.answer,
        )?;
        let correct = grading::grade(&item.content, item.points_centi, Some(&practice.answer))
            == Some(item.points_centi);
        if correct {
            diesel::update(wrong_answers::table.find((&user, &question)))
                .set(wrong_answers::mastered_at.eq(Some(now)))
                .execute(conn)?;
        }
        Ok(PracticeOutcome {
            correct,
            mastered: correct,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(outcome))
}
