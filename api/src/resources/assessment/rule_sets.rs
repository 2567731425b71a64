//! `/api/v1/rule-sets`: scoring rules as versioned data. A draft is edited; activating
//! it puts it in force from its `effective_from` (the total must be 100); an active
//! version is never edited — a change is a new version drafted from it — and is retired
//! when no longer wanted. Reviews and runs use the active version in force on their
//! date and keep it.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::assessment::{
    GradeBands, RuleSection, RuleSet, RuleSetContent, RuleSetKind, RuleSetStatus,
};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::FieldError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::list::{RuleSetFilter, RuleSetList};
use crate::auth::{perm, Actor, Authorized, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::rule_sets;
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{self, check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

/// The rules the system ships, active from the start (the bureau's own replace them as
/// new versions).
const SHIPPED: &[&str] = &[
    include_str!("defaults/case-review.json"),
    include_str!("defaults/unit-assessment.json"),
    include_str!("defaults/demonstration.json"),
];

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = rule_sets, treat_none_as_null = true)]
pub struct RuleSetRow {
    pub id: String,
    pub kind: String,
    pub version_no: i32,
    pub name: String,
    pub effective_from: NaiveDate,
    pub status: String,
    pub document: String,
    pub based_on_id: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What `document` holds.
#[derive(Serialize, Deserialize)]
struct Document {
    sections: Vec<RuleSection>,
    bands: GradeBands,
}

impl RuleSetRow {
    pub fn status(&self) -> Result<RuleSetStatus, ApiError> {
        RuleSetStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored rule-set status"))
    }

    pub fn content(&self) -> Result<RuleSetContent, ApiError> {
        let doc: Document = serde_json::from_str(&self.document).map_err(ApiError::internal)?;
        Ok(RuleSetContent {
            kind: RuleSetKind::parse(&self.kind)
                .ok_or_else(|| ApiError::internal("stored rule-set kind"))?,
            name: self.name.clone(),
            effective_from: self.effective_from,
            sections: doc.sections,
            bands: doc.bands,
        })
    }

    fn apply(&mut self, content: &RuleSetContent) -> Result<(), ApiError> {
        self.kind = content.kind.as_str().into();
        self.name = content.name.trim().to_string();
        self.effective_from = content.effective_from;
        let mut sections = content.sections.clone();
        for section in &mut sections {
            section.title = section.title.trim().to_string();
            for item in &mut section.items {
                item.code = item.code.trim().to_string();
                item.title = item.title.trim().to_string();
            }
        }
        self.document = serde_json::to_string(&Document {
            sections,
            bands: content.bands,
        })
        .map_err(ApiError::internal)?;
        Ok(())
    }

    pub fn to_dto(&self) -> Result<RuleSet, ApiError> {
        let content = self.content()?;
        Ok(RuleSet {
            id: stored_uuid(&self.id)?,
            version_no: self.version_no,
            status: self.status()?,
            total_points: content.total_points(),
            content,
            based_on_id: self.based_on_id.as_deref().map(stored_uuid).transpose()?,
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<RuleSetRow, ApiError> {
    rule_sets::table
        .find(id)
        .select(RuleSetRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("rule set"))
}

/// The active version of `kind` in force on `day`: the latest `effective_from` not after
/// it (the higher version number when two start the same day).
pub fn in_force(
    conn: &mut DbConnection,
    kind: RuleSetKind,
    day: NaiveDate,
) -> Result<RuleSetRow, ApiError> {
    rule_sets::table
        .filter(rule_sets::kind.eq(kind.as_str()))
        .filter(rule_sets::status.eq(RuleSetStatus::Active.as_str()))
        .filter(rule_sets::effective_from.le(day))
        .order((
            rule_sets::effective_from.desc(),
            rule_sets::version_no.desc(),
        ))
        .select(RuleSetRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            ApiError::invalid_state(format!(
                "no active {} rule set is in force on {day}: activate one first",
                kind.as_str()
            ))
        })
}

fn problems_as_errors(content: &RuleSetContent, to_activate: bool) -> Result<(), ApiError> {
    let problems = content.problems(to_activate);
    if problems.is_empty() {
        return Ok(());
    }
    Err(ApiError::rules(
        problems
            .into_iter()
            .map(|p| FieldError::new(&p.field, p.rule, p.message))
            .collect(),
    ))
}

/// Locks the city bureau's unit row (PostgreSQL): the writes that number what the city
/// bureau issues (rule-set versions, notices) take it first, so that two at once do not
/// take the same number.
pub fn lock_city_bureau(conn: &mut DbConnection) -> Result<(), ApiError> {
    use crate::db::schema::units;
    let city: Option<String> = units::table
        .filter(units::kind.eq(api_types::units::UnitKind::CityBureau.as_str()))
        .select(units::id)
        .first(conn)
        .optional()?;
    if let Some(city) = city {
        crate::db::lock_row!(conn, units, &city)?;
    }
    Ok(())
}

fn next_number(conn: &mut DbConnection, kind: RuleSetKind) -> Result<i32, ApiError> {
    lock_city_bureau(conn)?;
    let top: Option<i32> = rule_sets::table
        .filter(rule_sets::kind.eq(kind.as_str()))
        .select(diesel::dsl::max(rule_sets::version_no))
        .first(conn)?;
    Ok(top.unwrap_or(0) + 1)
}

fn insert(
    conn: &mut DbConnection,
    content: &RuleSetContent,
    status: RuleSetStatus,
    based_on: Option<String>,
    by: &str,
) -> Result<RuleSetRow, ApiError> {
    let now = time::now();
    let mut row = RuleSetRow {
        id: time::new_id(),
        kind: String::new(),
        version_no: next_number(conn, content.kind)?,
        name: String::new(),
        effective_from: content.effective_from,
        status: status.as_str().into(),
        document: String::new(),
        based_on_id: based_on,
        created_by: by.to_string(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    row.apply(content)?;
    diesel::insert_into(rule_sets::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Loads the shipped rule sets of the kinds that have none yet, active.
pub fn seed(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let mut loaded = 0;
    for text in SHIPPED {
        let shipped: RuleSetContent = serde_json::from_str(text).map_err(ApiError::internal)?;
        let exists: i64 = rule_sets::table
            .filter(rule_sets::kind.eq(shipped.kind.as_str()))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        write::audited(conn, &Actor::system("seed"), |conn| {
            let row = insert(conn, &shipped, RuleSetStatus::Active, None, "system")?;
            let change = Change::new(AuditAction::Seed, ResourceKind::RuleSet, &row.id)
                .with_after(&row.to_dto()?);
            Ok(((), vec![change]))
        })?;
        loaded += 1;
    }
    Ok(loaded)
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_rule_sets)
        .service(create_rule_set)
        .service(get_rule_set)
        .service(replace_rule_set)
        .service(draft_next_version)
        .service(activate_rule_set)
        .service(retire_rule_set);
}

/// Rule-set versions, by kind and number.
#[utoipa::path(tag = "assessment", params(RuleSetFilter, crate::openapi::ListParams<RuleSetFilter>), responses((status = 200, body = api_types::Page<RuleSet>)))]
#[get("/rule-sets")]
async fn list_rule_sets(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::AssessmentRead>,
    query: ListQuery<RuleSetFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<RuleSetList>(conn, &query, &UnitScope::all())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Draft a new rule set of a kind (its next version number).
#[utoipa::path(tag = "assessment", request_body = RuleSetContent, responses((status = 201, body = RuleSet)))]
#[post("/rule-sets")]
async fn create_rule_set(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    body: Json<RuleSetContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_everywhere(api_types::Permission::AssessmentManage)?;
        problems_as_errors(&content, false)?;
        let row = insert(
            conn,
            &content,
            RuleSetStatus::Draft,
            None,
            &principal.id.to_string(),
        )?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/rule-sets/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::RuleSet, dto.id, &dto),
        )
    })
    .await
}

/// One rule-set version.
#[utoipa::path(tag = "assessment", params(("id" = Uuid, Path, description = "Rule-set id")), responses((status = 200, body = RuleSet)))]
#[get("/rule-sets/{id}")]
async fn get_rule_set(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::AssessmentRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let dto = db::run(&state.pool, move |conn| {
        find(conn, &id.0.to_string())?.to_dto()
    })
    .await?;
    etag::versioned_json(&req, dto.version, &dto)
}

/// Edit a draft (`If-Match`). An active or retired version never changes.
#[utoipa::path(
    tag = "assessment",
    request_body = RuleSetContent,
    params(("id" = Uuid, Path, description = "Rule-set id"), ("If-Match" = String, Header, description = "ETag of the rule set")),
    responses((status = 200, body = RuleSet))
)]
#[put("/rule-sets/{id}")]
async fn replace_rule_set(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    id: PathId,
    body: Json<RuleSetContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_everywhere(api_types::Permission::AssessmentManage)?;
        let current = find(conn, &id.0.to_string())?;
        check_version(current.version, expected)?;
        if current.status()? != RuleSetStatus::Draft {
            return Err(ApiError::invalid_state(
                "an active or retired rule set never changes: draft a new version from it",
            ));
        }
        if content.kind.as_str() != current.kind {
            return Err(ApiError::rule(
                "kind",
                "unchanged",
                "a rule set's kind does not change",
            ));
        }
        problems_as_errors(&content, false)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        next.apply(&content)?;
        versioned_save!(conn, rule_sets, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::RuleSet, after.id, &before, &after),
        )
    })
    .await
}

/// Draft the next version from this one (its content copied; edit, then activate).
#[utoipa::path(tag = "assessment", params(("id" = Uuid, Path, description = "The version to start from")), responses((status = 201, body = RuleSet)))]
#[post("/rule-sets/{id}/versions")]
async fn draft_next_version(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    ctx.run(&state, &(), move |conn, principal| {
        principal.require_everywhere(api_types::Permission::AssessmentManage)?;
        let base = find(conn, &id.0.to_string())?;
        let mut content = base.content()?;
        content.effective_from = content.effective_from.max(time::today());
        let row = insert(
            conn,
            &content,
            RuleSetStatus::Draft,
            Some(base.id.clone()),
            &principal.id.to_string(),
        )?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/rule-sets/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::RuleSet, dto.id, &dto),
        )
    })
    .await
}

fn transition(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
    expected: i64,
    from: RuleSetStatus,
    to: RuleSetStatus,
    action: AuditAction,
) -> Result<Outcome, ApiError> {
    principal.require_everywhere(api_types::Permission::AssessmentManage)?;
    let current = find(conn, id)?;
    check_version(current.version, expected)?;
    if current.status()? != from {
        return Err(ApiError::invalid_state(format!(
            "the rule set is {}, not {}",
            current.status,
            from.as_str()
        )));
    }
    if to == RuleSetStatus::Active {
        problems_as_errors(&current.content()?, true)?;
    }
    let before = current.to_dto()?;
    let mut next = current.clone();
    next.status = to.as_str().into();
    versioned_save!(conn, rule_sets, &mut next, current.version)?;
    let after = next.to_dto()?;
    Outcome::updated(
        &after,
        after.version,
        Change::transition(action, ResourceKind::RuleSet, after.id, &before, &after),
    )
}

/// Put a draft in force from its `effective_from` (`If-Match`): its items must add up
/// to 100. Earlier reviews and runs keep the version they used.
#[utoipa::path(
    tag = "assessment",
    params(("id" = Uuid, Path, description = "Rule-set id"), ("If-Match" = String, Header, description = "ETag of the rule set")),
    responses((status = 200, body = RuleSet))
)]
#[post("/rule-sets/{id}/activate")]
async fn activate_rule_set(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        transition(
            conn,
            principal,
            &id.0.to_string(),
            expected,
            RuleSetStatus::Draft,
            RuleSetStatus::Active,
            AuditAction::Activate,
        )
    })
    .await
}

/// Take an active version out of use (`If-Match`).
#[utoipa::path(
    tag = "assessment",
    params(("id" = Uuid, Path, description = "Rule-set id"), ("If-Match" = String, Header, description = "ETag of the rule set")),
    responses((status = 200, body = RuleSet))
)]
#[post("/rule-sets/{id}/retire")]
async fn retire_rule_set(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        transition(
            conn,
            principal,
            &id.0.to_string(),
            expected,
            RuleSetStatus::Active,
            RuleSetStatus::Retired,
            AuditAction::Retire,
        )
    })
    .await
}
