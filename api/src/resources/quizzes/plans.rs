//! `/api/v1/study-plans`: the year's key-law study and test plan (附件2), and its four
//! quarterly quizzes created from it as drafts.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::quizzes::{
    GradingMethod, PaperSlot, QuizKind, QuizSessionContent, QuizStatus, QuizzesCreated,
    ReviewPolicy, SlotKind, StudyPlan, StudyPlanContent, StudyPlanSession,
};
use api_types::FieldError;
use chrono::{NaiveDate, TimeZone};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, SessionRow, StudyPlanRow};
use super::sessions::insert_session;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::{question_categories, quiz_sessions, study_plans};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListFilter, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_study_plans)
        .service(create_study_plan)
        .service(get_study_plan)
        .service(replace_study_plan)
        .service(create_plan_quizzes);
}

/// The plan with the quizzes made from it.
pub(super) fn plan_dto(conn: &mut DbConnection, row: &StudyPlanRow) -> Result<StudyPlan, ApiError> {
    let sessions: Vec<(String, Option<i32>, String)> = quiz_sessions::table
        .filter(quiz_sessions::study_plan_id.eq(&row.id))
        .order(quiz_sessions::quarter.asc())
        .select((
            quiz_sessions::id,
            quiz_sessions::quarter,
            quiz_sessions::status,
        ))
        .load(conn)?;
    Ok(StudyPlan {
        id: stored_uuid(&row.id)?,
        content: row.content()?,
        sessions: sessions
            .into_iter()
            .map(|(id, quarter, status)| {
                Ok(StudyPlanSession {
                    quarter: quarter.and_then(|q| u8::try_from(q).ok()).unwrap_or(0),
                    session_id: stored_uuid(&id)?,
                    status: QuizStatus::parse(&status)
                        .ok_or_else(|| ApiError::internal("stored quiz status"))?,
                })
            })
            .collect::<Result<_, ApiError>>()?,
        version: row.version,
        created_at: time::to_utc(row.created_at),
        updated_at: time::to_utc(row.updated_at),
    })
}

/// Filters of `GET /api/v1/study-plans`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanFilter {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

impl ListFilter for PlanFilter {
    const SORT_FIELDS: &'static [&'static str] = &["year"];
    const DEFAULT_SORT: &'static str = "-year";
}

/// Study plans, latest year first.
pub struct PlanList;

impl Listing for PlanList {
    crate::listing_source!(study_plans::table, StudyPlanRow);
    type Filter = PlanFilter;
    type Context = ();
    type Item = StudyPlan;

    fn filter(
        f: &PlanFilter,
        _: &(),
        terms: &mut Where<study_plans::table>,
    ) -> Result<(), ApiError> {
        if let Some(year) = f.year {
            if !(2000..=2100).contains(&year) {
                return Err(ApiError::field(
                    api_types::ErrorCode::InvalidQuery,
                    "year",
                    "range",
                    "must be between 2000 and 2100",
                ));
            }
            terms.and(study_plans::year.eq(year));
        }
        Ok(())
    }

    fn columns() -> Columns<study_plans::table> {
        Columns::new(study_plans::id, study_plans::updated_at).sort("year", study_plans::year)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<StudyPlanRow>,
        _: &(),
    ) -> Result<Vec<StudyPlan>, ApiError> {
        rows.iter().map(|r| plan_dto(conn, r)).collect()
    }
}

#[utoipa::path(tag = "quizzes", params(PlanFilter, crate::openapi::ListParams<PlanFilter>), responses((status = 200, body = api_types::Page<StudyPlan>)))]
#[get("/study-plans")]
async fn list_study_plans(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuizResultsRead>,
    query: ListQuery<PlanFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<PlanList>(conn, &query, &())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

#[utoipa::path(tag = "quizzes", params(("id" = Uuid, Path, description = "Study plan id")), responses((status = 200, body = StudyPlan)))]
#[get("/study-plans/{id}")]
async fn get_study_plan(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuizResultsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let plan = db::run(&state.pool, move |conn| {
        let row = model::find_plan(conn, &id.0.to_string())?;
        plan_dto(conn, &row)
    })
    .await?;
    etag::derived_json(&req, plan.version, &plan)
}

/// Each quarter once; each quarter's category in the bank.
fn check_plan(conn: &mut DbConnection, content: &StudyPlanContent) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for (i, quarter) in content.quarters.iter().enumerate() {
        if seen.contains(&quarter.quarter) {
            errors.push(FieldError::new(
                format!("quarters[{i}].quarter"),
                "duplicate",
                "each quarter once",
            ));
        }
        seen.push(quarter.quarter);
        let found = question_categories::table
            .find(quarter.category_id.to_string())
            .count()
            .get_result::<i64>(conn)?;
        if found == 0 {
            errors.push(FieldError::new(
                format!("quarters[{i}].category_id"),
                "unknown_category",
                "no such category in the bank",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Record a year's study and test plan for a unit in the caller's scope.
#[utoipa::path(tag = "quizzes", request_body = StudyPlanContent, responses((status = 201, body = StudyPlan)))]
#[post("/study-plans")]
async fn create_study_plan(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    body: Json<StudyPlanContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_unit(
            conn,
            Permission::QuizzesManage,
            &content.organiser_unit_id.to_string(),
        )?;
        check_plan(conn, &content)?;
        let now = time::now();
        let mut row = StudyPlanRow {
            id: time::new_id(),
            organiser_unit_id: String::new(),
            year: content.year,
            title: String::new(),
            content: String::new(),
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content)?;
        diesel::insert_into(study_plans::table)
            .values(&row)
            .execute(conn)?;
        let dto = plan_dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/study-plans/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::StudyPlan, dto.id, &dto),
        )
    })
    .await
}

fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<StudyPlanRow, ApiError> {
    let row = model::find_plan(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::QuizzesManage, &row.organiser_unit_id)?;
    check_version(row.version, expected)?;
    Ok(row)
}

/// Replace a plan's text and quarters (`If-Match`); quizzes already made from it stay
/// as they are.
#[utoipa::path(
    tag = "quizzes",
    request_body = StudyPlanContent,
    params(("id" = Uuid, Path, description = "Study plan id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = StudyPlan))
)]
#[put("/study-plans/{id}")]
async fn replace_study_plan(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
    body: Json<StudyPlanContent>,
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
        check_plan(conn, &content)?;
        let before = plan_dto(conn, &current)?;
        let mut next = current.clone();
        next.apply(&content)?;
        versioned_save!(conn, study_plans, &mut next, current.version)?;
        let after = plan_dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::StudyPlan, after.id, &before, &after),
        )
    })
    .await
}

/// Midnight at the bureau (Asia/Shanghai) on `day`, as a UTC instant.
fn bureau_midnight(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    time::BUREAU_TZ
        .from_local_datetime(&local)
        .single()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&chrono::Utc))
}

/// The draft quarterly quiz of a plan's quarter: open through the quarter's last month
/// (bureau time), 60 minutes, two attempts (the higher counts), pass at 60 % of the
/// paper, questions and options shuffled, answers shown once the session has closed,
/// submitted after a fifth page leave. The organiser adjusts it before publishing.
pub fn quarterly_quiz(
    plan: &StudyPlanContent,
    plan_id: Uuid,
    quarter: &api_types::quizzes::StudyQuarter,
) -> QuizSessionContent {
    let last_month = u32::from(quarter.quarter) * 3;
    let first_day = NaiveDate::from_ymd_opt(plan.year, last_month, 1).unwrap_or_default();
    let next_month = if last_month == 12 {
        NaiveDate::from_ymd_opt(plan.year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(plan.year, last_month + 1, 1)
    }
    .unwrap_or_default();
    let total = quarter.question_count * quarter.points_per_question;
    let title: String = format!(
        "{}年第{}季度学法考试：{}",
        plan.year, quarter.quarter, quarter.topic
    )
    .chars()
    .take(100)
    .collect();
    QuizSessionContent {
        organiser_unit_id: plan.organiser_unit_id,
        kind: QuizKind::QuarterlyQuiz,
        title,
        description: quarter.laws.clone(),
        study_plan_id: Some(plan_id),
        quarter: Some(quarter.quarter),
        opens_at: bureau_midnight(first_day),
        closes_at: bureau_midnight(next_month),
        time_limit_minutes: 60,
        attempts_allowed: 2,
        attempt_delay_minutes: 0,
        pass_score: (total * 3).div_ceil(5),
        grading_method: GradingMethod::Highest,
        shuffle_questions: true,
        shuffle_options: true,
        review: ReviewPolicy::AfterClose,
        leave_limit: 5,
        audience: plan.audience.clone(),
        paper: vec![PaperSlot {
            kind: SlotKind::Random,
            question_id: None,
            category_id: Some(quarter.category_id),
            include_subcategories: true,
            question_kind: None,
            tags: Vec::new(),
            count: quarter.question_count,
            points: quarter.points_per_question,
        }],
    }
}

/// Create the quarterly quizzes of a plan as drafts, one per quarter that has none
/// yet (running it again makes only what is missing).
#[utoipa::path(
    tag = "quizzes",
    params(("id" = Uuid, Path, description = "Study plan id")),
    responses((status = 200, body = QuizzesCreated))
)]
#[post("/study-plans/{id}/quizzes")]
async fn create_plan_quizzes(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuizzesManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    ctx.run(&state, &(), move |conn, principal| {
        let plan = model::find_plan(conn, &id.0.to_string())?;
        principal.require_unit(conn, Permission::QuizzesManage, &plan.organiser_unit_id)?;
        let content = plan.content()?;
        let existing: Vec<Option<i32>> = quiz_sessions::table
            .filter(quiz_sessions::study_plan_id.eq(&plan.id))
            .select(quiz_sessions::quarter)
            .load(conn)?;
        let plan_id = stored_uuid(&plan.id)?;
        let mut created = Vec::new();
        let mut skipped = Vec::new();
        let mut changes = Vec::new();
        for quarter in &content.quarters {
            if existing.contains(&Some(i32::from(quarter.quarter))) {
                skipped.push(quarter.quarter);
                continue;
            }
            let session = quarterly_quiz(&content, plan_id, quarter);
            model::check_session(conn, &session, false)?;
            let row: SessionRow = model::new_session(&session, &principal.id.to_string())?;
            insert_session(conn, &row)?;
            let dto = row.to_dto(time::now())?;
            created.push(StudyPlanSession {
                quarter: quarter.quarter,
                session_id: dto.id,
                status: dto.status,
            });
            changes.push(Change::created(ResourceKind::QuizSession, dto.id, &dto));
        }
        if changes.is_empty() {
            changes.push(
                Change::new(
                    AuditAction::ImportUnchanged,
                    ResourceKind::StudyPlan,
                    &plan.id,
                )
                .with_after(&serde_json::json!({ "existing": skipped })),
            );
        }
        let body = QuizzesCreated {
            created,
            existing: skipped,
        };
        let mut outcome = Outcome::ok(&body)?;
        for change in changes {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}
