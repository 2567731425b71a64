//! `/api/v1/demonstration-applications`: a brigade writes its application (summary,
//! self-assessment per criterion, evidence files) and submits it by the round's
//! deadline (Asia/Shanghai end of day); its county bureau (the city bureau for a brigade
//! directly under it) recommends or declines it. The city bureau and the panel see an
//! application only once it is recommended; a county sees its brigades' drafts, overdue
//! ones marked.

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::demonstration::{
    ApplicationContent, ApplicationStatus, DemonstrationApplication, DemonstrationCertificate,
    Recommendation, RoundStatus,
};
use api_types::units::UnitKind;
use api_types::{ErrorCode, FieldError, Permission};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{ApplicationFilter, ApplicationList, ApplicationScope};
use super::rounds::{self, RoundRow};
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{demonstration_applications, units};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::assessment::rule_sets;
use crate::resources::assessment::tree::UnitTree;
use crate::resources::attachments::model::{of_owners, AttachmentRow};
use crate::resources::attachments::owners::OwnerRules;
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = demonstration_applications, treat_none_as_null = true)]
pub struct ApplicationRow {
    pub id: String,
    pub round_id: String,
    pub unit_id: String,
    pub recommender_unit_id: String,
    pub summary: String,
    pub self_assessment: String,
    pub status: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub recommendation_comment: Option<String>,
    pub recommended_by_name: Option<String>,
    pub recommended_at: Option<NaiveDateTime>,
    pub named: bool,
    #[diesel(skip_update)]
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ApplicationRow {
    pub fn status(&self) -> Result<ApplicationStatus, ApiError> {
        ApplicationStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored application status"))
    }

    fn content(&self) -> Result<ApplicationContent, ApiError> {
        Ok(ApplicationContent {
            round_id: stored_uuid(&self.round_id)?,
            unit_id: stored_uuid(&self.unit_id)?,
            summary: self.summary.clone(),
            self_assessment: serde_json::from_str(&self.self_assessment)
                .map_err(ApiError::internal)?,
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<ApplicationRow, ApiError> {
    demonstration_applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("demonstration application"))
}

pub fn dtos(
    conn: &mut DbConnection,
    rows: &[ApplicationRow],
) -> Result<Vec<DemonstrationApplication>, ApiError> {
    let round_ids: Vec<&str> = rows.iter().map(|r| r.round_id.as_str()).collect();
    let rounds = rounds::by_ids(conn, &round_ids)?;
    let mut unit_ids: Vec<&str> = rows.iter().map(|r| r.unit_id.as_str()).collect();
    unit_ids.extend(rows.iter().map(|r| r.recommender_unit_id.as_str()));
    let names: HashMap<String, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files = of_owners(conn, ResourceKind::DemonstrationApplication, &ids)?;
    rows.iter()
        .map(|row| {
            let round = rounds
                .get(&row.round_id)
                .ok_or_else(|| ApiError::internal("application without its round"))?;
            let status = row.status()?;
            let content = row.content()?;
            let self_total = content
                .self_assessment
                .iter()
                .map(|s| s.points)
                .sum::<f64>();
            Ok(DemonstrationApplication {
                id: stored_uuid(&row.id)?,
                round_name: round.name.clone(),
                year: round.year,
                unit_name: names.get(&row.unit_id).cloned().unwrap_or_default(),
                recommender_unit_id: stored_uuid(&row.recommender_unit_id)?,
                recommender_unit_name: names
                    .get(&row.recommender_unit_id)
                    .cloned()
                    .unwrap_or_default(),
                status,
                self_total: (self_total * 10.0).round() / 10.0,
                overdue: status == ApplicationStatus::Draft && !round.accepting(),
                submitted_at: row.submitted_at.map(time::to_utc),
                recommendation_comment: row.recommendation_comment.clone(),
                recommended_by_name: row.recommended_by_name.clone(),
                recommended_at: row.recommended_at.map(time::to_utc),
                // The decision is the city bureau's until it is published.
                named: row.named && round.status()? == RoundStatus::Published,
                attachments: files.remove(&row.id).unwrap_or_default(),
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
                content,
            })
        })
        .collect()
}

fn dto(
    conn: &mut DbConnection,
    row: &ApplicationRow,
) -> Result<DemonstrationApplication, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("application dto"))
}

/// Refuses an application `principal` does not see (see [`ApplicationScope`]): 403 for
/// another unit's, 404 for one the city bureau may not see yet (it does not learn of
/// drafts and of applications still waiting for their county).
pub fn require_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &ApplicationRow,
) -> Result<(), ApiError> {
    let scope = ApplicationScope::of(conn, principal, None)?;
    if scope.sees(row)? {
        Ok(())
    } else if scope.reads_every_unit() {
        Err(ApiError::not_found("demonstration application"))
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "demonstration.read is not allowed for data of this unit",
        ))
    }
}

/// The checks no schema states: the round open for applications, the unit an active
/// brigade, each criterion known and self-scored within its points, evidence among the
/// application's own files.
fn check(
    conn: &mut DbConnection,
    round: &RoundRow,
    content: &ApplicationContent,
    own_files: &[String],
) -> Result<(), ApiError> {
    let tree = UnitTree::load(conn)?;
    if !tree.is_active(&content.unit_id.to_string(), UnitKind::Brigade) {
        return Err(ApiError::rule(
            "unit_id",
            "active_brigade",
            "a brigade or branch (大队/分局) applies",
        ));
    }
    let criteria = rule_sets::find(conn, &round.criteria_id)?.content()?;
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for (n, score) in content.self_assessment.iter().enumerate() {
        match criteria.item(&score.item) {
            None => errors.push(FieldError::new(
                format!("self_assessment[{n}].item"),
                "known_item",
                format!("the criteria have no item {}", score.item),
            )),
            Some(item) if score.points > item.points => errors.push(FieldError::new(
                format!("self_assessment[{n}].points"),
                "at_most_points",
                format!(
                    "{} is worth at most {} points",
                    item.code,
                    api_types::assessment::show(item.points)
                ),
            )),
            Some(_) => {}
        }
        if seen.contains(&score.item.as_str()) {
            errors.push(FieldError::new(
                format!("self_assessment[{n}].item"),
                "unique",
                "each criterion is scored once",
            ));
        }
        seen.push(score.item.as_str());
        for (k, file) in score.evidence_ids.iter().enumerate() {
            if !own_files.contains(&file.to_string()) {
                errors.push(FieldError::new(
                    format!("self_assessment[{n}].evidence_ids[{k}]"),
                    "own_file",
                    "evidence is a file uploaded to this application",
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// The round an application is written for, when it still takes applications (locked:
/// see [`rounds::open_for_change`]).
fn taking_applications(conn: &mut DbConnection, round_id: &str) -> Result<RoundRow, ApiError> {
    let round = rounds::open_for_change(conn, round_id)?;
    if !round.accepting() {
        return Err(closed(&round));
    }
    Ok(round)
}

fn closed(round: &RoundRow) -> ApiError {
    ApiError::invalid_state(format!(
        "applications closed at the end of {} (Beijing time): it can no longer be submitted",
        round.apply_by
    ))
}

/// The unit that recommends `unit`'s application: its county bureau, or the city bureau
/// for a brigade directly under it.
fn recommender_of(conn: &mut DbConnection, unit: &str) -> Result<String, ApiError> {
    let tree = UnitTree::load(conn)?;
    let county = tree
        .county_of(unit)
        .ok_or_else(|| ApiError::internal("a brigade outside the unit tree"))?;
    if county == unit {
        tree.city_bureau()
            .map(str::to_string)
            .ok_or_else(|| ApiError::internal("no city bureau"))
    } else {
        Ok(county.to_string())
    }
}

fn file_ids(conn: &mut DbConnection, id: &str) -> Result<Vec<String>, ApiError> {
    Ok(of_owners(
        conn,
        ResourceKind::DemonstrationApplication,
        &[id.to_string()],
    )?
    .remove(id)
    .unwrap_or_default()
    .into_iter()
    .map(|a| a.id.to_string())
    .collect())
}

fn save(
    conn: &mut DbConnection,
    current: &ApplicationRow,
    mut next: ApplicationRow,
    action: AuditAction,
) -> Result<Outcome, ApiError> {
    let before = dto(conn, current)?;
    versioned_save!(conn, demonstration_applications, &mut next, current.version)?;
    let after = dto(conn, &next)?;
    Outcome::updated(
        &after,
        after.version,
        Change::transition(
            action,
            ResourceKind::DemonstrationApplication,
            after.id,
            &before,
            &after,
        ),
    )
}

/// Marks the application named or not by the round's decision; the audit change when it
/// changed.
pub fn set_named(
    conn: &mut DbConnection,
    id: &str,
    named: bool,
) -> Result<Option<Change>, ApiError> {
    let current = find(conn, id)?;
    if current.named == named {
        return Ok(None);
    }
    let before = dto(conn, &current)?;
    let mut next = current.clone();
    next.named = named;
    versioned_save!(conn, demonstration_applications, &mut next, current.version)?;
    let after = dto(conn, &next)?;
    Ok(Some(Change::transition(
        AuditAction::Decide,
        ResourceKind::DemonstrationApplication,
        after.id,
        &before,
        &after,
    )))
}

/// An application of the caller's unit for a change: scope, version, a draft, the round
/// still taking applications.
fn draft_for_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<(ApplicationRow, RoundRow), ApiError> {
    let row = find(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::DemonstrationApply, &row.unit_id)?;
    check_version(row.version, expected)?;
    if row.status()? != ApplicationStatus::Draft {
        return Err(ApiError::invalid_state(
            "the application is submitted: it no longer changes",
        ));
    }
    let round = taking_applications(conn, &row.round_id)?;
    Ok((row, round))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_demonstration_applications)
        .service(create_demonstration_application)
        .service(get_demonstration_application)
        .service(replace_demonstration_application)
        .service(submit_demonstration_application)
        .service(recommend_demonstration_application)
        .service(attach_demonstration_evidence)
        .service(demonstration_certificate);
}

/// The applications the caller sees: their own units' (drafts too), and, for the city
/// bureau and the panel, the recommended ones.
#[utoipa::path(tag = "demonstration", params(ApplicationFilter, crate::openapi::ListParams<ApplicationFilter>), responses((status = 200, body = api_types::Page<DemonstrationApplication>)))]
#[get("/demonstration-applications")]
async fn list_demonstration_applications(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DemonstrationRead>,
    query: ListQuery<ApplicationFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = ApplicationScope::of(conn, &auth.principal, query.filter.unit_id)?;
        db::list::page::<ApplicationList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// A brigade's application as a draft, while the round takes applications.
#[utoipa::path(tag = "demonstration", request_body = ApplicationContent, responses((status = 201, body = DemonstrationApplication)))]
#[post("/demonstration-applications")]
async fn create_demonstration_application(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationApply>,
    body: Json<ApplicationContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let unit = content.unit_id.to_string();
        principal.require_unit(conn, Permission::DemonstrationApply, &unit)?;
        let round_id = content.round_id.to_string();
        match rounds::find(conn, &round_id) {
            Err(e) if e.status() == actix_web::http::StatusCode::NOT_FOUND => {
                return Err(ApiError::rule(
                    "round_id",
                    "exists",
                    "no such demonstration round",
                ))
            }
            other => other?,
        };
        let round = taking_applications(conn, &round_id)?;
        check(conn, &round, &content, &[])?;
        let exists: i64 = demonstration_applications::table
            .filter(demonstration_applications::round_id.eq(&round.id))
            .filter(demonstration_applications::unit_id.eq(&unit))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            return Err(ApiError::duplicate(
                "unit_id",
                "the unit has already applied in this round",
            ));
        }
        let now = time::now();
        let row = ApplicationRow {
            id: time::new_id(),
            round_id: round.id.clone(),
            recommender_unit_id: recommender_of(conn, &unit)?,
            unit_id: unit,
            summary: content.summary.trim().to_string(),
            self_assessment: serde_json::to_string(&content.self_assessment)
                .map_err(ApiError::internal)?,
            status: ApplicationStatus::Draft.as_str().into(),
            submitted_at: None,
            recommendation_comment: None,
            recommended_by_name: None,
            recommended_at: None,
            named: false,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(demonstration_applications::table)
            .values(&row)
            .execute(conn)?;
        let dto = dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/demonstration-applications/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::DemonstrationApplication, dto.id, &dto),
        )
    })
    .await
}

/// One application.
#[utoipa::path(tag = "demonstration", params(("id" = Uuid, Path, description = "Application id")), responses((status = 200, body = DemonstrationApplication)))]
#[get("/demonstration-applications/{id}")]
async fn get_demonstration_application(
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
    etag::derived_json(&req, found.version, &found)
}

/// Rewrite a draft (`If-Match`) while the round takes applications.
#[utoipa::path(
    tag = "demonstration",
    request_body = ApplicationContent,
    params(("id" = Uuid, Path, description = "Application id"), ("If-Match" = String, Header, description = "ETag of the application")),
    responses((status = 200, body = DemonstrationApplication))
)]
#[put("/demonstration-applications/{id}")]
async fn replace_demonstration_application(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationApply>,
    id: PathId,
    body: Json<ApplicationContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let (current, round) = draft_for_change(conn, principal, id.0, expected)?;
        if content.round_id.to_string() != current.round_id
            || content.unit_id.to_string() != current.unit_id
        {
            return Err(ApiError::rule(
                "unit_id",
                "fixed",
                "an application stays with its round and unit",
            ));
        }
        let files = file_ids(conn, &current.id)?;
        check(conn, &round, &content, &files)?;
        let mut next = current.clone();
        next.summary = content.summary.trim().to_string();
        next.self_assessment =
            serde_json::to_string(&content.self_assessment).map_err(ApiError::internal)?;
        save(conn, &current, next, AuditAction::Update)
    })
    .await
}

/// Submit the application to the county bureau (`If-Match`): refused after the end of
/// the deadline day (Asia/Shanghai).
#[utoipa::path(
    tag = "demonstration",
    params(("id" = Uuid, Path, description = "Application id"), ("If-Match" = String, Header, description = "ETag of the application")),
    responses((status = 200, body = DemonstrationApplication))
)]
#[post("/demonstration-applications/{id}/submit")]
async fn submit_demonstration_application(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationApply>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let (current, _) = draft_for_change(conn, principal, id.0, expected)?;
        let mut next = current.clone();
        next.status = ApplicationStatus::Submitted.as_str().into();
        next.submitted_at = Some(time::now());
        save(conn, &current, next, AuditAction::Submit)
    })
    .await
}

/// Recommend or decline a submitted application with a comment (`If-Match`): its county
/// bureau, or the city bureau for a brigade directly under it.
#[utoipa::path(
    tag = "demonstration",
    request_body = Recommendation,
    params(("id" = Uuid, Path, description = "Application id"), ("If-Match" = String, Header, description = "ETag of the application")),
    responses((status = 200, body = DemonstrationApplication))
)]
#[post("/demonstration-applications/{id}/recommendation")]
async fn recommend_demonstration_application(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationRecommend>,
    id: PathId,
    body: Json<Recommendation>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let recommendation = body.0;
    let sent = recommendation.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = find(conn, &id.0.to_string())?;
        // The recommending unit's people, never the applicant's own (who see it).
        principal.require_unit(
            conn,
            Permission::DemonstrationRecommend,
            &current.recommender_unit_id,
        )?;
        check_version(current.version, expected)?;
        rounds::open_for_change(conn, &current.round_id)?;
        if current.status()? != ApplicationStatus::Submitted {
            return Err(ApiError::invalid_state(
                "only a submitted application waiting for recommendation is recommended or declined",
            ));
        }
        let mut next = current.clone();
        let (status, action) = if recommendation.recommend {
            (ApplicationStatus::Recommended, AuditAction::Recommend)
        } else {
            (ApplicationStatus::Declined, AuditAction::Decline)
        };
        next.status = status.as_str().into();
        next.recommendation_comment = Some(recommendation.comment.trim().to_string());
        next.recommended_by_name = Some(principal.name.clone());
        next.recommended_at = Some(time::now());
        save(conn, &current, next, action)
    })
    .await
}

/// Attach evidence (台账: documents, photos; `multipart/form-data`, one part `file`)
/// while the application is a draft and the round takes applications.
#[utoipa::path(
    tag = "demonstration",
    params(("id" = Uuid, Path, description = "Application id")),
    request_body(content = api_types::attachments::AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = api_types::attachments::Attachment),
        (status = 413, description = "The file is larger than 20 MB", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a multipart form, or the file's content is not one of the accepted types", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/demonstration-applications/{id}/attachments")]
async fn attach_demonstration_evidence(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationApply>,
    id: PathId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    crate::resources::attachments::upload(req, state, ctx, payload, &EVIDENCE, id.0).await
}

/// The certificate and plaque text of a named unit, once the list is published.
#[utoipa::path(tag = "demonstration", params(("id" = Uuid, Path, description = "Application id")), responses((status = 200, body = DemonstrationCertificate)))]
#[get("/demonstration-applications/{id}/certificate")]
async fn demonstration_certificate(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DemonstrationRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let certificate = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        let round = rounds::find(conn, &row.round_id)?;
        // Published, the named units are public; before, the application's readers'.
        if !row.named || round.status()? != RoundStatus::Published {
            require_visible(conn, &auth.principal, &row)?;
            return Err(ApiError::invalid_state(
                "a certificate is issued to a named unit once the list is published",
            ));
        }
        let tree = UnitTree::load(conn)?;
        let unit_name = tree.name(&row.unit_id).unwrap_or_default().to_string();
        let issuer = tree
            .city_bureau()
            .and_then(|id| tree.name(id))
            .unwrap_or_default()
            .to_string();
        let title = format!("{}年度城市管理执法示范单位", round.year);
        Ok(DemonstrationCertificate {
            application_id: id.0,
            // The certificate addresses the unit by name above this text.
            text: format!(
                "在{}年度执法示范单位创建活动中，经自愿申报、择优推荐、书面评议和实地评议，成绩突出，被评为“{title}”。特发此证，以资鼓励。",
                round.year
            ),
            unit_name,
            title,
            issuer,
            issued_on: round
                .published_at
                .map(time::local_date)
                .unwrap_or(round.review_by),
            round_name: round.name,
        })
    })
    .await?;
    etag::hashed_json(&req, &certificate)
}

/// Evidence files of an application: changed by the brigade while it is a draft; read by
/// whoever sees the application.
pub static EVIDENCE: OwnerRules = OwnerRules {
    kind: ResourceKind::DemonstrationApplication,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 60,
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
    principal.require_unit(conn, Permission::DemonstrationApply, &row.unit_id)?;
    if row.status()? != ApplicationStatus::Draft {
        return Err(ApiError::invalid_state(
            "the application is submitted: its evidence no longer changes",
        ));
    }
    taking_applications(conn, &row.round_id)?;
    Ok(row.unit_id)
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
    diesel::update(demonstration_applications::table.find(id))
        .set((
            demonstration_applications::version.eq(demonstration_applications::version + 1),
            demonstration_applications::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
