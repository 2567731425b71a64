//! `/api/v1/demonstration-reviews`: a panel member scores a recommended application
//! against the round's criteria, independently of the others (each sees only their own),
//! in the written phase or on a visit (date, participants, the checklist, photos, notes).
//! Never a brigade of the reviewer's own county.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::assessment::{Scored, VetoStrength};
use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::demonstration::{
    ApplicationStatus, DemonstrationReview, PanelReviewContent, PanelReviewStatus, ReviewPhase,
};
use api_types::{ErrorCode, FieldError, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

use super::applications;
use super::list::{PanelReviewFilter, PanelReviewList, ReviewerScope};
use super::rounds::{self, RoundRow};
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{demonstration_applications, demonstration_reviews, units};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::assessment::tree::UnitTree;
use crate::resources::assessment::{rule_sets, score_with};
use crate::resources::attachments::model::{of_owners, AttachmentRow};
use crate::resources::attachments::owners::OwnerRules;
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = demonstration_reviews, treat_none_as_null = true)]
pub struct ReviewRow {
    pub id: String,
    pub application_id: String,
    pub round_id: String,
    pub unit_id: String,
    pub phase: String,
    pub reviewer_id: String,
    pub reviewer_name: String,
    pub findings: String,
    pub result: String,
    pub score_tenths: i64,
    pub vetoed: bool,
    pub visited_on: Option<NaiveDate>,
    pub participants: String,
    pub checked: String,
    pub notes: String,
    pub status: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ReviewRow {
    pub fn status(&self) -> Result<PanelReviewStatus, ApiError> {
        PanelReviewStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored review status"))
    }

    pub fn phase(&self) -> Result<ReviewPhase, ApiError> {
        ReviewPhase::parse(&self.phase).ok_or_else(|| ApiError::internal("stored review phase"))
    }

    fn content(&self) -> Result<PanelReviewContent, ApiError> {
        Ok(PanelReviewContent {
            application_id: stored_uuid(&self.application_id)?,
            phase: self.phase()?,
            findings: serde_json::from_str(&self.findings).map_err(ApiError::internal)?,
            visited_on: self.visited_on,
            participants: self.participants.clone(),
            checked: serde_json::from_str(&self.checked).map_err(ApiError::internal)?,
            notes: self.notes.clone(),
        })
    }

    /// Writes `content` and its score into the row.
    fn apply(&mut self, content: &PanelReviewContent, scored: &Scored) -> Result<(), ApiError> {
        self.findings = serde_json::to_string(&content.findings).map_err(ApiError::internal)?;
        self.result = serde_json::to_string(scored).map_err(ApiError::internal)?;
        self.score_tenths = (scored.score * 10.0).round() as i64;
        self.vetoed = scored.veto == Some(VetoStrength::Fail);
        self.visited_on = content.visited_on;
        self.participants = content.participants.trim().to_string();
        self.checked = serde_json::to_string(&content.checked).map_err(ApiError::internal)?;
        self.notes = content.notes.trim().to_string();
        Ok(())
    }
}

fn find(conn: &mut DbConnection, id: &str) -> Result<ReviewRow, ApiError> {
    demonstration_reviews::table
        .find(id)
        .select(ReviewRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("demonstration review"))
}

pub fn dtos(
    conn: &mut DbConnection,
    rows: &[ReviewRow],
) -> Result<Vec<DemonstrationReview>, ApiError> {
    let app_ids: Vec<&str> = rows.iter().map(|r| r.application_id.as_str()).collect();
    let app_units: HashMap<String, String> = demonstration_applications::table
        .filter(demonstration_applications::id.eq_any(&app_ids))
        .select((
            demonstration_applications::id,
            demonstration_applications::unit_id,
        ))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let names: HashMap<String, String> = units::table
        .filter(units::id.eq_any(app_units.values()))
        .select((units::id, units::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let unit_names: HashMap<String, String> = app_units
        .into_iter()
        .map(|(app, unit)| (app, names.get(&unit).cloned().unwrap_or_default()))
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files = of_owners(conn, ResourceKind::DemonstrationReview, &ids)?;
    rows.iter()
        .map(|row| {
            Ok(DemonstrationReview {
                id: stored_uuid(&row.id)?,
                content: row.content()?,
                round_id: stored_uuid(&row.round_id)?,
                unit_name: unit_names
                    .get(&row.application_id)
                    .cloned()
                    .unwrap_or_default(),
                reviewer_id: stored_uuid(&row.reviewer_id)?,
                reviewer_name: row.reviewer_name.clone(),
                status: row.status()?,
                scored: serde_json::from_str(&row.result).map_err(ApiError::internal)?,
                submitted_at: row.submitted_at.map(time::to_utc),
                attachments: files.remove(&row.id).unwrap_or_default(),
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

fn dto(conn: &mut DbConnection, row: &ReviewRow) -> Result<DemonstrationReview, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("review dto"))
}

fn require_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &ReviewRow,
) -> Result<(), ApiError> {
    if ReviewerScope::of(conn, principal)?.sees(row) {
        Ok(())
    } else {
        Err(ApiError::not_found("demonstration review"))
    }
}

/// The application's round and unit, when `principal` may score it: on the round's
/// panel, the application recommended, the round not published, and not a brigade of
/// the reviewer's own county.
fn may_score(
    conn: &mut DbConnection,
    principal: &Principal,
    application_id: &str,
) -> Result<(RoundRow, String), ApiError> {
    principal.require(Permission::DemonstrationReview)?;
    let app = match applications::find(conn, application_id) {
        Err(e) if e.status() == actix_web::http::StatusCode::NOT_FOUND => {
            return Err(ApiError::rule(
                "application_id",
                "exists",
                "no such demonstration application",
            ))
        }
        other => other?,
    };
    let round = rounds::open_for_change(conn, &app.round_id)?;
    if !round.panel()?.contains(&principal.id) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only the round's review panel scores its applications",
        ));
    }
    if !round.reviewing() {
        return Err(ApiError::invalid_state(format!(
            "the reviews closed at the end of {} (Beijing time)",
            round.review_by
        )));
    }
    if app.status()? != ApplicationStatus::Recommended {
        return Err(ApiError::invalid_state(
            "only a recommended application is reviewed",
        ));
    }
    let tree = UnitTree::load(conn)?;
    let own = tree.county_of(&principal.unit_id.to_string());
    if own.is_some() && own == tree.county_of(&app.unit_id) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "a reviewer does not score a brigade of their own county",
        ));
    }
    Ok((round, app.unit_id))
}

/// The findings scored by the round's criteria; the checklist's codes known; a visit's
/// date not in the future.
fn score(
    conn: &mut DbConnection,
    round: &RoundRow,
    content: &PanelReviewContent,
) -> Result<Scored, ApiError> {
    let rules = rule_sets::find(conn, &round.criteria_id)?;
    let criteria = rules.content()?;
    let mut errors = Vec::new();
    for (n, code) in content.checked.iter().enumerate() {
        if criteria.item(code).is_none() {
            errors.push(FieldError::new(
                format!("checked[{n}]"),
                "known_item",
                format!("the criteria have no item {code}"),
            ));
        }
    }
    if content.phase == ReviewPhase::Written
        && (content.visited_on.is_some() || !content.checked.is_empty())
    {
        errors.push(FieldError::new(
            "visited_on",
            "onsite_only",
            "a visit's date and checklist belong to the on-site review",
        ));
    }
    if content.visited_on.is_some_and(|d| d > time::today()) {
        errors.push(FieldError::new(
            "visited_on",
            "not_future",
            "the visit cannot be dated in the future",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    score_with(&rules, &content.findings)
}

fn save(
    conn: &mut DbConnection,
    current: &ReviewRow,
    mut next: ReviewRow,
    action: AuditAction,
) -> Result<Outcome, ApiError> {
    let before = dto(conn, current)?;
    versioned_save!(conn, demonstration_reviews, &mut next, current.version)?;
    let after = dto(conn, &next)?;
    Outcome::updated(
        &after,
        after.version,
        Change::transition(
            action,
            ResourceKind::DemonstrationReview,
            after.id,
            &before,
            &after,
        ),
    )
}

/// The caller's own review in draft, for a change.
fn own_draft(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<(ReviewRow, RoundRow), ApiError> {
    let row = find(conn, &id.to_string())?;
    require_visible(conn, principal, &row)?;
    if row.reviewer_id != principal.id.to_string() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "a review is changed by its reviewer only",
        ));
    }
    check_version(row.version, expected)?;
    let (round, _) = may_score(conn, principal, &row.application_id)?;
    if row.status()? != PanelReviewStatus::Draft {
        return Err(ApiError::invalid_state(
            "the review is submitted: it no longer changes",
        ));
    }
    Ok((row, round))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_demonstration_reviews)
        .service(create_demonstration_review)
        .service(get_demonstration_review)
        .service(replace_demonstration_review)
        .service(submit_demonstration_review)
        .service(attach_demonstration_photo);
}

/// Reviews: a panel member's own; the city bureau's and auditors' every one.
#[utoipa::path(tag = "demonstration", params(PanelReviewFilter, crate::openapi::ListParams<PanelReviewFilter>), responses((status = 200, body = api_types::Page<DemonstrationReview>)))]
#[get("/demonstration-reviews")]
async fn list_demonstration_reviews(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DemonstrationRead>,
    query: ListQuery<PanelReviewFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = ReviewerScope::of(conn, &auth.principal)?;
        db::list::page::<PanelReviewList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Open one's review of an application in a phase (one per reviewer and phase).
#[utoipa::path(tag = "demonstration", request_body = PanelReviewContent, responses((status = 201, body = DemonstrationReview)))]
#[post("/demonstration-reviews")]
async fn create_demonstration_review(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationReview>,
    body: Json<PanelReviewContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let app = content.application_id.to_string();
        let (round, unit_id) = may_score(conn, principal, &app)?;
        let exists: i64 = demonstration_reviews::table
            .filter(demonstration_reviews::application_id.eq(&app))
            .filter(demonstration_reviews::phase.eq(content.phase.as_str()))
            .filter(demonstration_reviews::reviewer_id.eq(principal.id.to_string()))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            return Err(ApiError::duplicate(
                "phase",
                "you already have a review of this application in this phase",
            ));
        }
        let scored = score(conn, &round, &content)?;
        let now = time::now();
        let mut row = ReviewRow {
            id: time::new_id(),
            application_id: app,
            round_id: round.id.clone(),
            unit_id,
            phase: content.phase.as_str().into(),
            reviewer_id: principal.id.to_string(),
            reviewer_name: principal.name.clone(),
            findings: String::new(),
            result: String::new(),
            score_tenths: 0,
            vetoed: false,
            visited_on: None,
            participants: String::new(),
            checked: String::new(),
            notes: String::new(),
            status: PanelReviewStatus::Draft.as_str().into(),
            submitted_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content, &scored)?;
        diesel::insert_into(demonstration_reviews::table)
            .values(&row)
            .execute(conn)?;
        let dto = dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/demonstration-reviews/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::DemonstrationReview, dto.id, &dto),
        )
    })
    .await
}

/// One review (its reviewer's, or for the city bureau and auditors).
#[utoipa::path(tag = "demonstration", params(("id" = Uuid, Path, description = "Review id")), responses((status = 200, body = DemonstrationReview)))]
#[get("/demonstration-reviews/{id}")]
async fn get_demonstration_review(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DemonstrationRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        require_visible(conn, &auth.principal, &row)?;
        dto(conn, &row)
    })
    .await?;
    etag::versioned_json(&req, found.version, &found)
}

/// Rewrite one's draft review (`If-Match`).
#[utoipa::path(
    tag = "demonstration",
    request_body = PanelReviewContent,
    params(("id" = Uuid, Path, description = "Review id"), ("If-Match" = String, Header, description = "ETag of the review")),
    responses((status = 200, body = DemonstrationReview))
)]
#[put("/demonstration-reviews/{id}")]
async fn replace_demonstration_review(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationReview>,
    id: PathId,
    body: Json<PanelReviewContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let (current, round) = own_draft(conn, principal, id.0, expected)?;
        if content.application_id.to_string() != current.application_id
            || content.phase.as_str() != current.phase
        {
            return Err(ApiError::rule(
                "application_id",
                "fixed",
                "a review stays with its application and phase",
            ));
        }
        let scored = score(conn, &round, &content)?;
        let mut next = current.clone();
        next.apply(&content, &scored)?;
        save(conn, &current, next, AuditAction::Update)
    })
    .await
}

/// Submit one's review (`If-Match`): an on-site review needs the visit's date.
#[utoipa::path(
    tag = "demonstration",
    params(("id" = Uuid, Path, description = "Review id"), ("If-Match" = String, Header, description = "ETag of the review")),
    responses((status = 200, body = DemonstrationReview))
)]
#[post("/demonstration-reviews/{id}/submit")]
async fn submit_demonstration_review(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationReview>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let (current, _) = own_draft(conn, principal, id.0, expected)?;
        if current.phase()? == ReviewPhase::Onsite && current.visited_on.is_none() {
            return Err(ApiError::rule(
                "visited_on",
                "required",
                "give the date of the visit before submitting",
            ));
        }
        let mut next = current.clone();
        next.status = PanelReviewStatus::Submitted.as_str().into();
        next.submitted_at = Some(time::now());
        save(conn, &current, next, AuditAction::Submit)
    })
    .await
}

/// Attach a photo or document of the visit (`multipart/form-data`, one part `file`)
/// while the review is one's draft.
#[utoipa::path(
    tag = "demonstration",
    params(("id" = Uuid, Path, description = "Review id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/demonstration-reviews/{id}/attachments")]
async fn attach_demonstration_photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationReview>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(req, state, ctx, payload, &PHOTOS, id.0).await
}

/// Photos and documents of a review: changed by its reviewer while a draft, read by
/// whoever reads the review.
pub static PHOTOS: OwnerRules = OwnerRules {
    kind: ResourceKind::DemonstrationReview,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 40,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    let row = find(conn, id)?;
    if row.reviewer_id != principal.id.to_string() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "a review's files are changed by its reviewer only",
        ));
    }
    let (_, unit) = may_score(conn, principal, &row.application_id)?;
    if row.status()? != PanelReviewStatus::Draft {
        return Err(ApiError::invalid_state(
            "the review is submitted: its files no longer change",
        ));
    }
    Ok(unit)
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let row = find(conn, &file.owner_id)?;
    require_visible(conn, principal, &row)
}

fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(demonstration_reviews::table.find(id))
        .set((
            demonstration_reviews::version.eq(demonstration_reviews::version + 1),
            demonstration_reviews::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
