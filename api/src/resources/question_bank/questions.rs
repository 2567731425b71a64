//! `/api/v1/questions`: the bank's questions, their kept revisions, retirement.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::quizzes::{
    NewQuestion, Question, QuestionContent, QuestionRetirement, QuestionRevision, QuestionStatus,
};
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{QuestionContext, QuestionFilter, QuestionList};
use super::model::{self, QuestionRow, RevisionRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::{question_revisions, questions};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::middleware::RequestId;
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::spreadsheet;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_questions)
        .service(export_questions_xlsx)
        .service(get_question)
        .service(question_revisions_list)
        .service(create_question)
        .service(replace_question)
        .service(retire_question)
        .service(reactivate_question);
}

/// The bank's questions with their answers (never shown to roles that only take
/// quizzes), newest first.
#[utoipa::path(tag = "question-bank", params(QuestionFilter, crate::openapi::ListParams<QuestionFilter>), responses((status = 200, body = api_types::Page<Question>)))]
#[get("/questions")]
async fn list_questions(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuestionsRead>,
    query: ListQuery<QuestionFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let context = QuestionContext::of(conn, &query.filter)?;
        db::list::page::<QuestionList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The bank as an `.xlsx` workbook with the list's filters and sort: one row a
/// question in the import template's columns (category path, kind, stem, options A–H,
/// answer, explanation, law, article, tags) and its owner, status and revision.
#[utoipa::path(
    tag = "question-bank",
    params(QuestionFilter, crate::openapi::ListParams<QuestionFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/questions:xlsx")]
async fn export_questions_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuestionsRead>,
    request_id: RequestId,
    query: ListQuery<QuestionFilter>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter.clone();
    spreadsheet::export::respond::<QuestionList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, _| QuestionContext::of(conn, &filter),
    )
    .await
}

/// One question with its current revision and answer.
#[utoipa::path(tag = "question-bank", params(("id" = Uuid, Path, description = "Question id")), responses((status = 200, body = Question)))]
#[get("/questions/{id}")]
async fn get_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuestionsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let question = db::run(&state.pool, move |conn| {
        model::find(conn, &id.0.to_string())?.to_dto()
    })
    .await?;
    etag::versioned_json(&req, question.version, &question)
}

/// Every revision of a question, newest first (an edit never changes what an attempt
/// showed: the attempt keeps its revision).
#[utoipa::path(tag = "question-bank", params(("id" = Uuid, Path, description = "Question id")), responses((status = 200, body = Vec<QuestionRevision>)))]
#[get("/questions/{id}/revisions")]
async fn question_revisions_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuestionsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let revisions = db::run(&state.pool, move |conn| {
        let question = model::find(conn, &id.0.to_string())?;
        let rows: Vec<RevisionRow> = question_revisions::table
            .filter(question_revisions::question_id.eq(&question.id))
            .order(question_revisions::revision.desc())
            .select(RevisionRow::as_select())
            .load(conn)?;
        rows.iter()
            .map(RevisionRow::to_dto)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    etag::hashed_json(&req, &revisions)
}

/// Stores a new question (checked) with its first revision; the same stem twice in a
/// category is refused at `content.stem`.
pub fn insert(
    conn: &mut DbConnection,
    principal: &Principal,
    owner_unit_id: &str,
    content: &QuestionContent,
) -> Result<QuestionRow, ApiError> {
    principal.require_unit(conn, Permission::QuestionsManage, owner_unit_id)?;
    model::check_content(conn, content, "content")?;
    let row = model::new_row(owner_unit_id, content, &principal.id.to_string())?;
    diesel::insert_into(questions::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| stem_taken(e.into()))?;
    diesel::insert_into(question_revisions::table)
        .values(RevisionRow::of(&row, &principal.name))
        .execute(conn)?;
    Ok(row)
}

fn stem_taken(err: ApiError) -> ApiError {
    if err.code == api_types::ErrorCode::Duplicate {
        ApiError::duplicate(
            "content.stem",
            "this category already has a question with the same stem",
        )
    } else {
        err
    }
}

/// Add a question to the bank for a unit in the caller's scope.
#[utoipa::path(tag = "question-bank", request_body = NewQuestion, responses((status = 201, body = Question)))]
#[post("/questions")]
async fn create_question(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    body: Json<NewQuestion>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let row = insert(
            conn,
            principal,
            &new.owner_unit_id.to_string(),
            &new.content,
        )?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/questions/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Question, dto.id, &dto),
        )
    })
    .await
}

fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<QuestionRow, ApiError> {
    let row = model::find(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::QuestionsManage, &row.owner_unit_id)?;
    check_version(row.version, expected)?;
    Ok(row)
}

/// Edit a question (`If-Match`): the text becomes a new revision; attempts that showed
/// an earlier one keep it. Refused (409) when a published session that has not closed
/// could no longer be drawn after the change (its category, kind or tags).
#[utoipa::path(
    tag = "question-bank",
    request_body = QuestionContent,
    params(("id" = Uuid, Path, description = "Question id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = Question))
)]
#[put("/questions/{id}")]
async fn replace_question(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    id: PathId,
    body: Json<QuestionContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        model::check_content(conn, &content, "content")?;
        let before = current.to_dto()?;
        if before.content == content {
            return Err(ApiError::invalid_state(
                "nothing changed: the question already says this",
            ));
        }
        let mut next = current.clone();
        next.apply(&content)?;
        next.revision = current.revision + 1;
        let saved: Result<(), ApiError> =
            (|| versioned_save!(conn, questions, &mut next, current.version))();
        saved.map_err(stem_taken)?;
        crate::resources::quizzes::check_live_papers(conn)?;
        diesel::insert_into(question_revisions::table)
            .values(RevisionRow::of(&next, &principal.name))
            .execute(conn)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::Question, after.id, &before, &after),
        )
    })
    .await
}

/// Retire a question (`If-Match`, with a reason): it is no longer drawn into papers.
/// Nothing is deleted; attempts that showed it keep it. Refused (409) while a published
/// session that has not closed could no longer be drawn without it.
#[utoipa::path(
    tag = "question-bank",
    request_body = QuestionRetirement,
    params(("id" = Uuid, Path, description = "Question id"), ("If-Match" = String, Header, description = "ETag of the version being retired")),
    responses((status = 200, body = Question))
)]
#[post("/questions/{id}/retire")]
async fn retire_question(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    id: PathId,
    body: Json<QuestionRetirement>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let retirement = body.0;
    let sent = retirement.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        if current.status()? == QuestionStatus::Retired {
            return Err(ApiError::invalid_state("the question is already retired"));
        }
        let before = current.to_dto()?;
        let mut next = current.clone();
        next.status = QuestionStatus::Retired.as_str().into();
        next.retire_reason = Some(retirement.reason.trim().to_string());
        versioned_save!(conn, questions, &mut next, current.version)?;
        crate::resources::quizzes::check_live_papers(conn)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Retire,
                ResourceKind::Question,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}

/// Bring a retired question back into the draws (`If-Match`).
#[utoipa::path(
    tag = "question-bank",
    params(("id" = Uuid, Path, description = "Question id"), ("If-Match" = String, Header, description = "ETag of the version being reactivated")),
    responses((status = 200, body = Question))
)]
#[post("/questions/{id}/reactivate")]
async fn reactivate_question(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        if current.status()? == QuestionStatus::Active {
            return Err(ApiError::invalid_state("the question is already active"));
        }
        let before = current.to_dto()?;
        model::check_content(conn, &before.content, "content")?;
        let mut next = current.clone();
        next.status = QuestionStatus::Active.as_str().into();
        next.retire_reason = None;
        versioned_save!(conn, questions, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Reactivate,
                ResourceKind::Question,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}
