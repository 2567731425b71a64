//! `/api/v1/demonstration-rounds`: the year's round, its ranking, the city bureau's
//! decision and the published list (immutable once published), and the public list of
//! named units.

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::assessment::{RuleSetKind, RuleSetStatus};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::demonstration::{
    accepting, ApplicationStatus, ApplicationTally, DemonstrationRanking, DemonstrationRound,
    PanelMember, PhaseWeights, PublicDemonstrationUnit, RankedApplication, RoundContent,
    RoundDecision, RoundStatus,
};
use api_types::{FieldError, Permission};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{RoundFilter, RoundList};
use super::ranking;
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{demonstration_applications, demonstration_rounds, units, users};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::assessment::rule_sets;
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = demonstration_rounds, treat_none_as_null = true)]
pub struct RoundRow {
    pub id: String,
    pub year: i32,
    pub name: String,
    pub criteria_id: String,
    pub weight_written: i32,
    pub weight_onsite: i32,
    pub weight_indicators: i32,
    pub apply_by: NaiveDate,
    pub review_by: NaiveDate,
    pub awards: i32,
    pub reviewer_ids: String,
    pub status: String,
    pub named: String,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    #[diesel(skip_update)]
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl RoundRow {
    pub fn status(&self) -> Result<RoundStatus, ApiError> {
        RoundStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored round status"))
    }

    pub fn weights(&self) -> PhaseWeights {
        let w = |v: i32| u32::try_from(v).unwrap_or(0);
        PhaseWeights {
            written: w(self.weight_written),
            onsite: w(self.weight_onsite),
            indicators: w(self.weight_indicators),
        }
    }

    pub fn panel(&self) -> Result<Vec<Uuid>, ApiError> {
        serde_json::from_str(&self.reviewer_ids).map_err(ApiError::internal)
    }

    pub fn named(&self) -> Result<Vec<RankedApplication>, ApiError> {
        serde_json::from_str(&self.named).map_err(ApiError::internal)
    }

    /// Whether applications are still submitted now.
    pub fn accepting(&self) -> bool {
        accepting(self.apply_by, Utc::now())
    }

    /// Refuses a change to the round once it is published.
    pub fn require_unpublished(&self) -> Result<(), ApiError> {
        if self.status()? == RoundStatus::Published {
            return Err(ApiError::invalid_state(
                "the round's named units are published: nothing in it changes any more",
            ));
        }
        Ok(())
    }

    /// Whether reviews are still taken now: to the end of `review_by` (Asia/Shanghai).
    pub fn reviewing(&self) -> bool {
        accepting(self.review_by, Utc::now())
    }

    fn content(&self) -> Result<RoundContent, ApiError> {
        Ok(RoundContent {
            year: self.year,
            name: self.name.clone(),
            criteria_id: stored_uuid(&self.criteria_id)?,
            weights: self.weights(),
            apply_by: self.apply_by,
            review_by: self.review_by,
            awards: u32::try_from(self.awards).unwrap_or(0),
            reviewer_ids: self.panel()?,
        })
    }

    fn apply(&mut self, content: &RoundContent) -> Result<(), ApiError> {
        self.year = content.year;
        self.name = content.name.trim().to_string();
        self.criteria_id = content.criteria_id.to_string();
        self.weight_written = i32::try_from(content.weights.written).unwrap_or(0);
        self.weight_onsite = i32::try_from(content.weights.onsite).unwrap_or(0);
        self.weight_indicators = i32::try_from(content.weights.indicators).unwrap_or(0);
        self.apply_by = content.apply_by;
        self.review_by = content.review_by;
        self.awards = i32::try_from(content.awards).unwrap_or(0);
        self.reviewer_ids =
            serde_json::to_string(&content.reviewer_ids).map_err(ApiError::internal)?;
        Ok(())
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<RoundRow, ApiError> {
    demonstration_rounds::table
        .find(id)
        .select(RoundRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("demonstration round"))
}

/// The round `id` for a change to one of its applications or reviews: locked (on
/// PostgreSQL), so that the change and a decision or publication take turns, and still
/// open — once the units are named, the applications and reviews they rest on are fixed.
pub fn open_for_change(conn: &mut DbConnection, id: &str) -> Result<RoundRow, ApiError> {
    db::lock_row!(conn, demonstration_rounds, id)?;
    let round = find(conn, id)?;
    round.require_unpublished()?;
    if round.status()? != RoundStatus::Open {
        return Err(ApiError::invalid_state(
            "the units are named: the round's applications and reviews no longer change",
        ));
    }
    Ok(round)
}

/// Rounds keyed by id (for the applications' and reviews' DTOs).
pub fn by_ids(
    conn: &mut DbConnection,
    ids: &[&str],
) -> Result<HashMap<String, RoundRow>, ApiError> {
    Ok(demonstration_rounds::table
        .filter(demonstration_rounds::id.eq_any(ids))
        .select(RoundRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect())
}

/// The rounds whose panel `principal` sits on.
pub fn panel_rounds(
    conn: &mut DbConnection,
    principal: &Principal,
) -> Result<Vec<String>, ApiError> {
    let rows: Vec<RoundRow> = demonstration_rounds::table
        .select(RoundRow::as_select())
        .load(conn)?;
    let mut out = Vec::new();
    for row in rows {
        if row.panel()?.contains(&principal.id) {
            out.push(row.id);
        }
    }
    Ok(out)
}

/// The rounds as the wire shows them; the named units (and who decided) only once
/// published, unless `decider` (the city bureau sees its own decision).
pub fn dtos(
    conn: &mut DbConnection,
    rows: &[RoundRow],
    decider: bool,
) -> Result<Vec<DemonstrationRound>, ApiError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let criteria: Vec<&str> = rows.iter().map(|r| r.criteria_id.as_str()).collect();
    let rules: HashMap<String, (String, i32)> = crate::db::schema::rule_sets::table
        .filter(crate::db::schema::rule_sets::id.eq_any(criteria))
        .select((
            crate::db::schema::rule_sets::id,
            crate::db::schema::rule_sets::name,
            crate::db::schema::rule_sets::version_no,
        ))
        .load::<(String, String, i32)>(conn)?
        .into_iter()
        .map(|(id, name, no)| (id, (name, no)))
        .collect();
    let counts: Vec<(String, String, i64)> = demonstration_applications::table
        .filter(demonstration_applications::round_id.eq_any(&ids))
        .group_by((
            demonstration_applications::round_id,
            demonstration_applications::status,
        ))
        .select((
            demonstration_applications::round_id,
            demonstration_applications::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut tallies: HashMap<String, ApplicationTally> = HashMap::new();
    for (round, status, n) in counts {
        let t = tallies.entry(round).or_default();
        match ApplicationStatus::parse(&status) {
            Some(ApplicationStatus::Draft) => t.drafts += n,
            Some(ApplicationStatus::Submitted) => t.submitted += n,
            Some(ApplicationStatus::Recommended) => t.recommended += n,
            Some(ApplicationStatus::Declined) => t.declined += n,
            None => return Err(ApiError::internal("stored application status")),
        }
    }
    let mut member_ids: Vec<String> = Vec::new();
    for row in rows {
        member_ids.extend(row.panel()?.iter().map(Uuid::to_string));
    }
    let members: HashMap<String, (String, String)> = users::table
        .inner_join(units::table)
        .filter(users::id.eq_any(&member_ids))
        .select((users::id, users::name, units::name))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, unit)| (id, (name, unit)))
        .collect();
    rows.iter()
        .map(|row| {
            let (criteria_name, criteria_version_no) =
                rules.get(&row.criteria_id).cloned().unwrap_or_default();
            let reviewers = row
                .panel()?
                .into_iter()
                .map(|id| {
                    let (name, unit_name) =
                        members.get(&id.to_string()).cloned().unwrap_or_default();
                    PanelMember {
                        id,
                        name,
                        unit_name,
                    }
                })
                .collect();
            let shown = decider || row.status()? == RoundStatus::Published;
            Ok(DemonstrationRound {
                id: stored_uuid(&row.id)?,
                content: row.content()?,
                status: row.status()?,
                criteria_name,
                criteria_version_no,
                reviewers,
                tally: tallies.get(&row.id).copied().unwrap_or_default(),
                accepting: row.status()? == RoundStatus::Open && row.accepting(),
                named: if shown { row.named()? } else { Vec::new() },
                decided_by_name: row.decided_by_name.clone().filter(|_| shown),
                decided_at: row.decided_at.map(time::to_utc).filter(|_| shown),
                published_at: row.published_at.map(time::to_utc),
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

pub fn dto(
    conn: &mut DbConnection,
    row: &RoundRow,
    decider: bool,
) -> Result<DemonstrationRound, ApiError> {
    dtos(conn, std::slice::from_ref(row), decider)?
        .pop()
        .ok_or_else(|| ApiError::internal("round dto"))
}

/// Whether `principal` names the units (and so sees the decision before it is public).
pub fn decides(principal: &Principal) -> bool {
    principal.scope(Permission::DemonstrationManage).is_some()
}

/// The rules no schema states: weights adding up to 100, deadlines in order and in the
/// year, active demonstration criteria, a panel of active people.
fn check(
    conn: &mut DbConnection,
    content: &RoundContent,
    current_criteria: Option<&str>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if content.weights.total() != 100 {
        errors.push(FieldError::new(
            "weights",
            "total_100",
            format!(
                "the phase weights add up to {}, not 100",
                content.weights.total()
            ),
        ));
    }
    if content.apply_by.format("%Y").to_string() != content.year.to_string() {
        errors.push(FieldError::new(
            "apply_by",
            "in_year",
            format!("the application deadline falls in {}", content.year),
        ));
    }
    if content.review_by < content.apply_by {
        errors.push(FieldError::new(
            "review_by",
            "after_apply_by",
            "the reviews end on or after the application deadline",
        ));
    }
    // The criteria kept from before may have been retired since; new ones are active.
    let criteria = content.criteria_id.to_string();
    if current_criteria != Some(criteria.as_str()) {
        match rule_sets::find(conn, &criteria) {
            Ok(rules)
                if rules.kind == RuleSetKind::Demonstration.as_str()
                    && rules.status()? == RuleSetStatus::Active => {}
            Ok(_) => errors.push(FieldError::new(
                "criteria_id",
                "active_demonstration_rules",
                "choose an active rule set of kind demonstration",
            )),
            Err(e) if e.status() == actix_web::http::StatusCode::NOT_FOUND => {
                errors.push(FieldError::new("criteria_id", "exists", "no such rule set"))
            }
            Err(e) => return Err(e),
        }
    }
    let ids: Vec<String> = content.reviewer_ids.iter().map(Uuid::to_string).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    if unique.len() != ids.len() {
        errors.push(FieldError::new(
            "reviewer_ids",
            "unique",
            "each reviewer is named once",
        ));
    }
    let members: Vec<String> = users::table
        .filter(users::id.eq_any(&unique))
        .filter(users::active.eq(true))
        .select(users::roles)
        .load(conn)?;
    let mut reviewers = 0;
    for roles in &members {
        let roles = crate::auth::principal::roles_from_column(roles)?;
        if crate::auth::policy::policy()
            .scope(Permission::DemonstrationReview, &roles)
            .is_some()
        {
            reviewers += 1;
        }
    }
    if reviewers != unique.len() {
        errors.push(FieldError::new(
            "reviewer_ids",
            "active_reviewers",
            "every reviewer is an active user whose role scores demonstration applications",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// One round a year: checked under the city bureau's row lock (PostgreSQL), so two
/// set-ups at once cannot both pass.
fn duplicate_year(conn: &mut DbConnection, year: i32, except: &str) -> Result<(), ApiError> {
    rule_sets::lock_city_bureau(conn)?;
    let taken: i64 = demonstration_rounds::table
        .filter(demonstration_rounds::year.eq(year))
        .filter(demonstration_rounds::id.ne(except))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(ApiError::duplicate(
            "year",
            format!("{year} already has a demonstration round"),
        ));
    }
    Ok(())
}

fn save(
    conn: &mut DbConnection,
    current: &RoundRow,
    mut next: RoundRow,
    action: AuditAction,
) -> Result<(DemonstrationRound, Change), ApiError> {
    let before = dto(conn, current, true)?;
    versioned_save!(conn, demonstration_rounds, &mut next, current.version)?;
    let after = dto(conn, &next, true)?;
    let change = Change::transition(
        action,
        ResourceKind::DemonstrationRound,
        after.id,
        &before,
        &after,
    );
    Ok((after, change))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(public_demonstration_units)
        .service(list_demonstration_rounds)
        .service(create_demonstration_round)
        .service(get_demonstration_round)
        .service(replace_demonstration_round)
        .service(demonstration_ranking)
        .service(decide_demonstration_round)
        .service(publish_demonstration_round);
}

/// The rounds, newest year first.
#[utoipa::path(tag = "demonstration", params(RoundFilter, crate::openapi::ListParams<RoundFilter>), responses((status = 200, body = api_types::Page<DemonstrationRound>)))]
#[get("/demonstration-rounds")]
async fn list_demonstration_rounds(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DemonstrationRead>,
    query: ListQuery<RoundFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let decider = decides(&auth.principal);
        db::list::page::<RoundList>(conn, &query, &decider)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Set up the year's round (the city bureau).
#[utoipa::path(tag = "demonstration", request_body = RoundContent, responses((status = 201, body = DemonstrationRound)))]
#[post("/demonstration-rounds")]
async fn create_demonstration_round(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationManage>,
    body: Json<RoundContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        check(conn, &content, None)?;
        let now = time::now();
        let id = time::new_id();
        duplicate_year(conn, content.year, &id)?;
        let mut row = RoundRow {
            id,
            year: 0,
            name: String::new(),
            criteria_id: String::new(),
            weight_written: 0,
            weight_onsite: 0,
            weight_indicators: 0,
            apply_by: content.apply_by,
            review_by: content.review_by,
            awards: 0,
            reviewer_ids: String::new(),
            status: RoundStatus::Open.as_str().into(),
            named: "[]".into(),
            decided_by_name: None,
            decided_at: None,
            published_at: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content)?;
        diesel::insert_into(demonstration_rounds::table)
            .values(&row)
            .execute(conn)?;
        let dto = dto(conn, &row, true)?;
        Outcome::created(
            &dto,
            format!("/api/v1/demonstration-rounds/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::DemonstrationRound, dto.id, &dto),
        )
    })
    .await
}

/// One round.
#[utoipa::path(tag = "demonstration", params(("id" = Uuid, Path, description = "Round id")), responses((status = 200, body = DemonstrationRound)))]
#[get("/demonstration-rounds/{id}")]
async fn get_demonstration_round(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DemonstrationRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        dto(conn, &row, decides(&auth.principal))
    })
    .await?;
    etag::derived_json(&req, found.version, &found)
}

/// Change the round (`If-Match`) until its units are named; the criteria stay once an
/// application is in.
#[utoipa::path(
    tag = "demonstration",
    request_body = RoundContent,
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "ETag of the round")),
    responses((status = 200, body = DemonstrationRound))
)]
#[put("/demonstration-rounds/{id}")]
async fn replace_demonstration_round(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationManage>,
    id: PathId,
    body: Json<RoundContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let current = find(conn, &id.0.to_string())?;
        check_version(current.version, expected)?;
        if current.status()? != RoundStatus::Open {
            return Err(ApiError::invalid_state(
                "the units are named: the round no longer changes",
            ));
        }
        check(conn, &content, Some(&current.criteria_id))?;
        duplicate_year(conn, content.year, &current.id)?;
        let applications: i64 = demonstration_applications::table
            .filter(demonstration_applications::round_id.eq(&current.id))
            .count()
            .get_result(conn)?;
        if applications > 0
            && (content.criteria_id.to_string() != current.criteria_id
                || content.year != current.year)
        {
            return Err(ApiError::rule(
                "criteria_id",
                "fixed_once_applied",
                "units have applied: the year and the criteria stay",
            ));
        }
        let mut next = current.clone();
        next.apply(&content)?;
        let (after, change) = save(conn, &current, next, AuditAction::Update)?;
        Outcome::updated(&after, after.version, change)
    })
    .await
}

/// The recommended applications ranked: the written and on-site reviews' means and the
/// unit's assessment score of the year, weighed by phase; units with a veto event in the
/// year or a gate criterion found are excluded (the city bureau).
#[utoipa::path(tag = "demonstration", params(("id" = Uuid, Path, description = "Round id")), responses((status = 200, body = DemonstrationRanking)))]
#[get("/demonstration-rounds/{id}/ranking")]
async fn demonstration_ranking(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::DemonstrationManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let ranking = db::run(&state.pool, move |conn| {
        let round = find(conn, &id.0.to_string())?;
        ranking::compute(conn, &round)
    })
    .await?;
    etag::hashed_json(&req, &ranking)
}

/// Name the units (`If-Match`): at most the round's awards, each ranked and not
/// excluded. Repeatable until published.
#[utoipa::path(
    tag = "demonstration",
    request_body = RoundDecision,
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "ETag of the round")),
    responses((status = 200, body = DemonstrationRound))
)]
#[post("/demonstration-rounds/{id}/decision")]
async fn decide_demonstration_round(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationManage>,
    id: PathId,
    body: Json<RoundDecision>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let decision = body.0;
    let sent = decision.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        db::lock_row!(conn, demonstration_rounds, &id.0.to_string())?;
        let current = find(conn, &id.0.to_string())?;
        check_version(current.version, expected)?;
        current.require_unpublished()?;
        if decision.named.len() > current.awards as usize {
            return Err(ApiError::rule(
                "named",
                "at_most_awards",
                format!("the round names at most {} units", current.awards),
            ));
        }
        let DemonstrationRanking { entries, .. } = ranking::compute(conn, &current)?;
        let mut named = Vec::new();
        let mut errors = Vec::new();
        for (n, app) in decision.named.iter().enumerate() {
            if decision.named[..n].contains(app) {
                errors.push(FieldError::new(
                    format!("named[{n}]"),
                    "unique",
                    "each application is named once",
                ));
                continue;
            }
            match entries.iter().find(|e| e.application_id == *app) {
                Some(e) if e.rank.is_some() => {
                    let mut e = e.clone();
                    e.named = true;
                    named.push(e);
                }
                Some(e) => errors.push(FieldError::new(
                    format!("named[{n}]"),
                    "eligible",
                    match &e.excluded {
                        Some(why) => format!("{} cannot be named: {why}", e.unit_name),
                        None => format!("{} is not fully reviewed yet", e.unit_name),
                    },
                )),
                None => errors.push(FieldError::new(
                    format!("named[{n}]"),
                    "recommended_application",
                    "not a recommended application of this round",
                )),
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        let mut changes = Vec::new();
        for entry in &entries {
            let now_named = named
                .iter()
                .any(|n| n.application_id == entry.application_id);
            changes.extend(super::applications::set_named(
                conn,
                &entry.application_id.to_string(),
                now_named,
            )?);
        }
        let mut next = current.clone();
        next.status = RoundStatus::Decided.as_str().into();
        next.named = serde_json::to_string(&named).map_err(ApiError::internal)?;
        next.decided_by_name = Some(principal.name.clone());
        next.decided_at = Some(time::now());
        let (after, change) = save(conn, &current, next, AuditAction::Decide)?;
        let mut outcome = Outcome::updated(&after, after.version, change)?;
        for c in changes {
            outcome = outcome.audit(c);
        }
        Ok(outcome)
    })
    .await
}

/// Publish the named units (`If-Match`): from now on nothing in the round changes.
#[utoipa::path(
    tag = "demonstration",
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "ETag of the round")),
    responses((status = 200, body = DemonstrationRound))
)]
#[post("/demonstration-rounds/{id}/publish")]
async fn publish_demonstration_round(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DemonstrationManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, _| {
        db::lock_row!(conn, demonstration_rounds, &id.0.to_string())?;
        let current = find(conn, &id.0.to_string())?;
        check_version(current.version, expected)?;
        current.require_unpublished()?;
        if current.status()? != RoundStatus::Decided {
            return Err(ApiError::invalid_state(
                "name the units before publishing the list",
            ));
        }
        // A veto event recorded since the decision excludes a named unit: decide again.
        let DemonstrationRanking { entries, .. } = ranking::compute(conn, &current)?;
        for named in current.named()? {
            let now = entries
                .iter()
                .find(|e| e.application_id == named.application_id);
            if let Some(why) = now.and_then(|e| e.excluded.clone()) {
                return Err(ApiError::invalid_state(format!(
                    "{} can no longer be named ({why}): decide again",
                    named.unit_name
                )));
            }
        }
        let mut next = current.clone();
        next.status = RoundStatus::Published.as_str().into();
        next.published_at = Some(time::now());
        let (after, change) = save(conn, &current, next, AuditAction::Publish)?;
        Outcome::updated(&after, after.version, change)
    })
    .await
}

/// The named demonstration units of every published round, newest first (public).
#[utoipa::path(tag = "demonstration", responses((status = 200, body = Vec<PublicDemonstrationUnit>)))]
#[get("/public/demonstration-units")]
async fn public_demonstration_units(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let units = db::run(&state.pool, move |conn| {
        let rows: Vec<RoundRow> = demonstration_rounds::table
            .filter(demonstration_rounds::status.eq(RoundStatus::Published.as_str()))
            .order(demonstration_rounds::year.desc())
            .select(RoundRow::as_select())
            .load(conn)?;
        let mut out = Vec::new();
        for row in rows {
            let published_on = row
                .published_at
                .map(time::local_date)
                .unwrap_or(row.review_by);
            for named in row.named()? {
                out.push(PublicDemonstrationUnit {
                    year: row.year,
                    round_name: row.name.clone(),
                    unit_name: named.unit_name,
                    recommender_unit_name: named.recommender_unit_name,
                    final_score: named.final_score,
                    published_on,
                });
            }
        }
        Ok(out)
    })
    .await?;
    etag::hashed_json(&req, &units)
}
