//! `/api/v1/question-categories`: the tree of categories of the bank.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::quizzes::{
    NewQuestionCategory, QuestionCategory, QuestionCategoryChange, QuestionStatus,
};
use diesel::dsl::count_star;
use diesel::prelude::*;
use serde::Deserialize;

use super::model::{self, CategoryRow};
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::{question_categories, questions};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId, Query};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_categories)
        .service(create_category)
        .service(update_category);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CategoryParams {
    /// Include categories no longer used (default false).
    include_inactive: Option<bool>,
}

/// Active questions per category.
fn active_counts(conn: &mut DbConnection) -> Result<HashMap<String, u64>, ApiError> {
    let rows: Vec<(String, i64)> = questions::table
        .filter(questions::status.eq(QuestionStatus::Active.as_str()))
        .group_by(questions::category_id)
        .select((questions::category_id, count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

fn category_dto(conn: &mut DbConnection, row: &CategoryRow) -> Result<QuestionCategory, ApiError> {
    let count = questions::table
        .filter(questions::category_id.eq(&row.id))
        .filter(questions::status.eq(QuestionStatus::Active.as_str()))
        .count()
        .get_result::<i64>(conn)?;
    row.to_dto(u64::try_from(count).unwrap_or(0))
}

/// Every category of the bank (a tree by `parent_id`), in sort order, with the number
/// of active questions in each.
#[utoipa::path(tag = "question-bank", params(CategoryParams), responses((status = 200, body = Vec<QuestionCategory>)))]
#[get("/question-categories")]
async fn list_categories(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuestionsRead>,
    params: Query<CategoryParams>,
) -> Result<HttpResponse, ApiError> {
    let include_inactive = params.0.include_inactive.unwrap_or(false);
    let list = db::run(&state.pool, move |conn| {
        let counts = active_counts(conn)?;
        let mut query = question_categories::table
            .select(CategoryRow::as_select())
            .order((
                question_categories::sort_order.asc(),
                question_categories::name.asc(),
                question_categories::id.asc(),
            ))
            .into_boxed();
        if !include_inactive {
            query = query.filter(question_categories::active.eq(true));
        }
        let rows: Vec<CategoryRow> = query.load(conn)?;
        rows.iter()
            .map(|r| r.to_dto(counts.get(&r.id).copied().unwrap_or(0)))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    etag::hashed_json(&req, &list)
}

/// Add a category (under `parent_id`, or at the top) kept by a unit in the caller's
/// scope. Names are unique among siblings.
#[utoipa::path(tag = "question-bank", request_body = NewQuestionCategory, responses((status = 201, body = QuestionCategory)))]
#[post("/question-categories")]
async fn create_category(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    body: Json<NewQuestionCategory>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let owner = new.owner_unit_id.to_string();
        principal.require_unit(conn, Permission::QuestionsManage, &owner)?;
        if let Some(parent) = new.parent_id {
            let found = question_categories::table
                .find(parent.to_string())
                .count()
                .get_result::<i64>(conn)?;
            if found == 0 {
                return Err(ApiError::rule(
                    "parent_id",
                    "unknown_category",
                    "no such category in the bank",
                ));
            }
        }
        let now = time::now();
        let row = CategoryRow {
            id: time::new_id(),
            parent_id: new.parent_id.map(|p| p.to_string()),
            owner_unit_id: owner,
            name: new.name.trim().to_string(),
            sort_order: new.sort_order,
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(question_categories::table)
            .values(&row)
            .execute(conn)
            .map_err(|e| name_taken(e.into()))?;
        let dto = row.to_dto(0)?;
        Outcome::created(
            &dto,
            format!("/api/v1/question-categories/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::QuestionCategory, dto.id, &dto),
        )
    })
    .await
}

/// A sibling already has the name: said at the field.
fn name_taken(err: ApiError) -> ApiError {
    if err.code == api_types::ErrorCode::Duplicate {
        ApiError::duplicate("name", "a category beside it already has this name")
    } else {
        err
    }
}

/// Rename, reorder or retire a category of the caller's units (`If-Match`). A category
/// still holding active questions stays active.
#[utoipa::path(
    tag = "question-bank",
    request_body = QuestionCategoryChange,
    params(("id" = uuid::Uuid, Path, description = "Category id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = QuestionCategory))
)]
#[patch("/question-categories/{id}")]
async fn update_category(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    id: PathId,
    body: Json<QuestionCategoryChange>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let change = body.0;
    let sent = change.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = model::find_category(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::QuestionsManage, &current.owner_unit_id)?;
        check_version(current.version, expected)?;
        let before = category_dto(conn, &current)?;
        let mut next = current.clone();
        if let Some(name) = &change.name {
            next.name = name.trim().to_string();
            let mut siblings = question_categories::table
                .filter(question_categories::name.eq(&next.name))
                .filter(question_categories::id.ne(&next.id))
                .into_boxed();
            siblings = match &next.parent_id {
                Some(parent) => siblings.filter(question_categories::parent_id.eq(parent.clone())),
                None => siblings.filter(question_categories::parent_id.is_null()),
            };
            if siblings.count().get_result::<i64>(conn)? > 0 {
                return Err(name_taken(ApiError::duplicate("name", "")));
            }
        }
        if let Some(order) = change.sort_order {
            next.sort_order = order;
        }
        if let Some(active) = change.active {
            if !active && before.active_questions > 0 {
                return Err(ApiError::rule(
                    "active",
                    "category_in_use",
                    format!(
                        "{} active questions are in this category; move or retire them first",
                        before.active_questions
                    ),
                ));
            }
            next.active = active;
        }
        versioned_save!(conn, question_categories, &mut next, current.version)?;
        let after = category_dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::QuestionCategory, after.id, &before, &after),
        )
    })
    .await
}
