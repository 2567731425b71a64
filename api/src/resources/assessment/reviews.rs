//! `/api/v1/case-reviews`: case-file reviews (案卷评查). The city bureau assigns files to
//! reviewers of other units (交叉评查), or a reviewer opens one for themself; the
//! reviewer records findings against the rule set in force, the server computes the
//! score, grade and trace, and submitting makes it final. No one scores a file of their
//! own county (or their own unit).

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::assessment::{
    CaseReview, Finding, NewCaseReview, ReviewFindings, ReviewStatus, RuleSetKind, Scored,
};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::{FieldError, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::list::{ReviewContext, ReviewFilter, ReviewList};
use super::rule_sets::{self, RuleSetRow};
use crate::auth::policy::{policy, subtree};
use crate::auth::principal::roles_from_column;
use crate::auth::{perm, Authorized, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::{
    case_reviews, disclosure_records, rule_sets as rule_sets_table, units, users,
};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::spreadsheet::names;
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = case_reviews, treat_none_as_null = true)]
pub struct ReviewRow {
    pub id: String,
    pub unit_id: String,
    pub disclosure_record_id: Option<String>,
    pub file_title: String,
    pub file_number: String,
    pub round: String,
    pub reviewer_id: String,
    pub reviewer_unit_id: String,
    pub rule_set_id: String,
    pub status: String,
    pub findings: String,
    pub comment: String,
    pub score_tenths: i64,
    pub grade: String,
    pub result: String,
    pub reviewed_on: Option<NaiveDate>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ReviewRow {
    fn status(&self) -> Result<ReviewStatus, ApiError> {
        ReviewStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored review status"))
    }

    fn score(&mut self, scored: &Scored) -> Result<(), ApiError> {
        self.score_tenths = (scored.score * 10.0).round() as i64;
        self.grade = scored.grade.as_str().into();
        self.result = serde_json::to_string(scored).map_err(ApiError::internal)?;
        Ok(())
    }
}

/// The wire form of `rows` (names and rule-set numbers in a few queries).
pub fn dtos(conn: &mut DbConnection, rows: &[ReviewRow]) -> Result<Vec<CaseReview>, ApiError> {
    let unit_names = names::units(conn)?;
    let user_names = names::users(conn)?;
    let set_ids: Vec<&str> = rows.iter().map(|r| r.rule_set_id.as_str()).collect();
    let numbers: HashMap<String, i32> = rule_sets_table::table
        .filter(rule_sets_table::id.eq_any(set_ids))
        .select((rule_sets_table::id, rule_sets_table::version_no))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect();
    rows.iter()
        .map(|row| {
            let unit_id = stored_uuid(&row.unit_id)?;
            let reviewer_id = stored_uuid(&row.reviewer_id)?;
            Ok(CaseReview {
                id: stored_uuid(&row.id)?,
                unit_id,
                unit_name: unit_names.get(&unit_id).cloned().unwrap_or_default(),
                disclosure_record_id: row
                    .disclosure_record_id
                    .as_deref()
                    .map(stored_uuid)
                    .transpose()?,
                file_title: row.file_title.clone(),
                file_number: row.file_number.clone(),
                round: row.round.clone(),
                reviewer_id,
                reviewer_name: user_names.get(&reviewer_id).cloned().unwrap_or_default(),
                reviewer_unit_id: stored_uuid(&row.reviewer_unit_id)?,
                rule_set_id: stored_uuid(&row.rule_set_id)?,
                rule_set_version_no: numbers.get(&row.rule_set_id).copied().unwrap_or_default(),
                status: row.status()?,
                findings: serde_json::from_str::<Vec<Finding>>(&row.findings)
                    .map_err(ApiError::internal)?,
                comment: row.comment.clone(),
                result: serde_json::from_str(&row.result).map_err(ApiError::internal)?,
                reviewed_on: row.reviewed_on,
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

fn dto(conn: &mut DbConnection, row: &ReviewRow) -> Result<CaseReview, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("review dto"))
}

fn find(conn: &mut DbConnection, id: &str) -> Result<ReviewRow, ApiError> {
    case_reviews::table
        .find(id)
        .select(ReviewRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("case review"))
}

/// Whether the caller may read `row`: its reviewer, the city bureau, or (once
/// submitted) a reader of the file's unit.
fn require_read(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &ReviewRow,
) -> Result<(), ApiError> {
    if row.reviewer_id == principal.id.to_string()
        || principal.scope(Permission::AssessmentManage).is_some()
    {
        return Ok(());
    }
    if row.status()? != ReviewStatus::Submitted {
        return Err(ApiError::not_found("case review"));
    }
    principal.require_unit(conn, Permission::AssessmentRead, &row.unit_id)
}

/// The reviewer named (default: the caller), checked: an active user who may review,
/// of no unit of the file's county.
fn reviewer_for(
    conn: &mut DbConnection,
    principal: &Principal,
    new: &NewCaseReview,
) -> Result<(String, String), ApiError> {
    let reviewer = new.reviewer_id.unwrap_or(principal.id).to_string();
    if reviewer != principal.id.to_string() {
        // Assigning someone else is the city bureau's cross-review.
        principal.require_everywhere(Permission::AssessmentManage)?;
    }
    let found: Option<(String, String, bool)> = users::table
        .find(&reviewer)
        .select((users::unit_id, users::roles, users::active))
        .first(conn)
        .optional()?;
    let Some((unit, roles, active)) = found else {
        return Err(ApiError::rule("reviewer_id", "exists", "no such user"));
    };
    if !active
        || policy()
            .scope(Permission::CaseReviewsWrite, &roles_from_column(&roles)?)
            .is_none()
    {
        return Err(ApiError::rule(
            "reviewer_id",
            "may_review",
            "the reviewer must be an active user who may score case files",
        ));
    }
    // The county (or the unit itself when it is under no county) the file's unit
    // belongs to: its people do not review it. The city bureau's own files: only its
    // own people are barred.
    let file_unit = new.unit_id.to_string();
    let tree = super::tree::UnitTree::load(conn)?;
    let root = tree.county_of(&file_unit).unwrap_or(&file_unit).to_string();
    let family = if tree.is_city_bureau(&root) {
        std::collections::HashSet::from([root])
    } else {
        subtree(conn, &root)?
    };
    if family.contains(&unit) {
        return Err(ApiError::rule(
            "reviewer_id",
            "not_own_unit",
            "a reviewer never scores a case file of their own unit or county",
        ));
    }
    Ok((reviewer, unit))
}

fn check_new(conn: &mut DbConnection, new: &NewCaseReview) -> Result<(), ApiError> {
    let unit_exists: i64 = units::table
        .filter(units::id.eq(new.unit_id.to_string()))
        .count()
        .get_result(conn)?;
    if unit_exists == 0 {
        return Err(ApiError::rule("unit_id", "exists", "no such unit"));
    }
    if let Some(record) = new.disclosure_record_id {
        let issuer: Option<String> = disclosure_records::table
            .find(record.to_string())
            .select(disclosure_records::issuing_unit_id)
            .first(conn)
            .optional()?;
        if issuer.as_deref() != Some(new.unit_id.to_string().as_str()) {
            return Err(ApiError::rule(
                "disclosure_record_id",
                "of_unit",
                "the decision must be one the file's unit issued",
            ));
        }
    }
    Ok(())
}

pub fn score_with(rules: &RuleSetRow, findings: &[Finding]) -> Result<Scored, ApiError> {
    rules.content()?.score_review(findings).map_err(|problems| {
        ApiError::rules(
            problems
                .into_iter()
                .map(|p| FieldError::new(&p.field, p.rule, p.message))
                .collect(),
        )
    })
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(case_reviews_xlsx)
        .service(list_case_reviews)
        .service(open_case_review)
        .service(get_case_review)
        .service(score_case_review)
        .service(submit_case_review);
}

fn context(
    conn: &mut DbConnection,
    principal: &Principal,
    unit: Option<uuid::Uuid>,
) -> Result<ReviewContext, ApiError> {
    Ok(ReviewContext {
        scope: UnitScope::of(conn, principal, Permission::AssessmentRead, unit)?,
        me: principal.id.to_string(),
        manager: principal.scope(Permission::AssessmentManage).is_some(),
    })
}

/// Reviews: submitted ones of the files of the caller's units, and those the caller
/// scores (the city bureau sees all).
#[utoipa::path(tag = "assessment", params(ReviewFilter, crate::openapi::ListParams<ReviewFilter>), responses((status = 200, body = api_types::Page<CaseReview>)))]
#[get("/case-reviews")]
async fn list_case_reviews(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    query: ListQuery<ReviewFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let cx = context(conn, &auth.principal, query.filter.unit_id)?;
        db::list::page::<ReviewList>(conn, &query, &cx)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The review list as an `.xlsx` workbook with the same filters and sort.
#[utoipa::path(
    tag = "assessment",
    params(ReviewFilter, crate::openapi::ListParams<ReviewFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/case-reviews:xlsx")]
async fn case_reviews_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    request_id: crate::http::middleware::RequestId,
    query: ListQuery<ReviewFilter>,
) -> Result<HttpResponse, ApiError> {
    let unit = query.filter.unit_id;
    crate::spreadsheet::export::respond::<ReviewList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, principal| context(conn, principal, unit),
    )
    .await
}

/// Open a review of a case file: for the caller, or (the city bureau) assigned to a
/// reviewer of another unit. It is scored against the case-review rules in force today.
#[utoipa::path(tag = "assessment", request_body = NewCaseReview, responses((status = 201, body = CaseReview)))]
#[post("/case-reviews")]
async fn open_case_review(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CaseReviewsWrite>,
    body: Json<NewCaseReview>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        check_new(conn, &new)?;
        let (reviewer, reviewer_unit) = reviewer_for(conn, principal, &new)?;
        let rules = rule_sets::in_force(conn, RuleSetKind::CaseReview, time::today())?;
        let scored = score_with(&rules, &[])?;
        let now = time::now();
        let mut row = ReviewRow {
            id: time::new_id(),
            unit_id: new.unit_id.to_string(),
            disclosure_record_id: new.disclosure_record_id.map(|id| id.to_string()),
            file_title: new.file_title.trim().to_string(),
            file_number: new.file_number.trim().to_string(),
            round: new.round.trim().to_string(),
            reviewer_id: reviewer,
            reviewer_unit_id: reviewer_unit,
            rule_set_id: rules.id.clone(),
            status: ReviewStatus::Open.as_str().into(),
            findings: "[]".into(),
            comment: String::new(),
            score_tenths: 0,
            grade: String::new(),
            result: String::new(),
            reviewed_on: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.score(&scored)?;
        diesel::insert_into(case_reviews::table)
            .values(&row)
            .execute(conn)?;
        let dto = dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/case-reviews/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::CaseReview, dto.id, &dto),
        )
    })
    .await
}

/// One review.
#[utoipa::path(tag = "assessment", params(("id" = Uuid, Path, description = "Review id")), responses((status = 200, body = CaseReview)))]
#[get("/case-reviews/{id}")]
async fn get_case_review(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        require_read(conn, &auth.principal, &row)?;
        dto(conn, &row)
    })
    .await?;
    etag::versioned_json(&req, found.version, &found)
}

/// The reviewer's findings while the review is open (`If-Match`): the server scores
/// them and answers the score, grade and trace.
#[utoipa::path(
    tag = "assessment",
    request_body = ReviewFindings,
    params(("id" = Uuid, Path, description = "Review id"), ("If-Match" = String, Header, description = "ETag of the review")),
    responses((status = 200, body = CaseReview))
)]
#[put("/case-reviews/{id}")]
async fn score_case_review(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CaseReviewsWrite>,
    id: PathId,
    body: Json<ReviewFindings>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let sent = body.0.clone();
    let findings = body.0;
    ctx.run(&state, &sent, move |conn, principal| {
        let current = open_for(conn, principal, &id.0.to_string(), expected)?;
        if findings.reviewed_on.is_some_and(|day| day > time::today()) {
            return Err(ApiError::rule(
                "reviewed_on",
                "not_future",
                "the review date cannot be in the future",
            ));
        }
        let rules = rule_sets::find(conn, &current.rule_set_id)?;
        if findings.reviewed_on.is_some_and(|day| day < rules.effective_from) {
            return Err(ApiError::rule(
                "reviewed_on",
                "before_rules",
                format!(
                    "the review's rules apply from {}: a file reviewed earlier is scored in a review opened under the rules of its day",
                    rules.effective_from
                ),
            ));
        }
        let scored = score_with(&rules, &findings.findings)?;
        let before = dto(conn, &current)?;
        let mut next = current.clone();
        next.findings = serde_json::to_string(&findings.findings).map_err(ApiError::internal)?;
        next.comment = findings.comment.trim().to_string();
        next.reviewed_on = findings.reviewed_on;
        next.score(&scored)?;
        versioned_save!(conn, case_reviews, &mut next, current.version)?;
        let after = dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::CaseReview, after.id, &before, &after),
        )
    })
    .await
}

/// The open review of the caller at `expected`.
fn open_for(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
    expected: i64,
) -> Result<ReviewRow, ApiError> {
    let current = find(conn, id)?;
    if current.reviewer_id != principal.id.to_string() {
        return Err(ApiError::new(
            api_types::ErrorCode::Forbidden,
            "only the assigned reviewer scores this file",
        ));
    }
    check_version(current.version, expected)?;
    if current.status()? != ReviewStatus::Open {
        return Err(ApiError::invalid_state("a submitted review is final"));
    }
    Ok(current)
}

/// Submit the review (`If-Match`): its score is final and counts in the assessment.
#[utoipa::path(
    tag = "assessment",
    params(("id" = Uuid, Path, description = "Review id"), ("If-Match" = String, Header, description = "ETag of the review")),
    responses((status = 200, body = CaseReview))
)]
#[post("/case-reviews/{id}/submit")]
async fn submit_case_review(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CaseReviewsWrite>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = open_for(conn, principal, &id.0.to_string(), expected)?;
        let before = dto(conn, &current)?;
        let mut next = current.clone();
        next.status = ReviewStatus::Submitted.as_str().into();
        next.reviewed_on = Some(current.reviewed_on.unwrap_or_else(time::today));
        versioned_save!(conn, case_reviews, &mut next, current.version)?;
        let after = dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Submit,
                ResourceKind::CaseReview,
                after.id,
                &before,
                &after,
            ),
        )
    })
    .await
}
