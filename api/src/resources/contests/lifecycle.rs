//! `/api/v1/contests`: preparing a contest and its panel of judges, announcing it,
//! closing its entries for judging, cancelling it.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::contests::{
    Contest, ContestCancellation, ContestContent, ContestCriterion, ContestJudges, ContestKind,
    ContestStatus,
};
use api_types::FieldError;
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{ContestContext, ContestFilter, ContestList};
use super::model::{self, ContestRow, JudgeRow, Panel};
use crate::auth::policy::policy;
use crate::auth::principal::roles_from_column;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::{contest_judges, contests};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_contests)
        .service(create_contest)
        .service(get_contest)
        .service(replace_contest)
        .service(set_judges)
        .service(judge_candidates)
        .service(announce_contest)
        .service(start_judging)
        .service(cancel_contest);
}

/// Contests: every announced one, and the drafts the caller prepares; latest first.
#[utoipa::path(tag = "contests", params(ContestFilter, crate::openapi::ListParams<ContestFilter>), responses((status = 200, body = api_types::Page<Contest>)))]
#[get("/contests")]
async fn list_contests(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsRead>,
    query: ListQuery<ContestFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let context = ContestContext::of(conn, &auth.principal)?;
        db::list::page::<ContestList>(conn, &query, &context)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One contest with its panel and how far the judging is.
#[utoipa::path(tag = "contests", params(("id" = Uuid, Path, description = "Contest id")), responses((status = 200, body = Contest, description = "`ETag` of the version and the judging's progress")))]
#[get("/contests/{id}")]
async fn get_contest(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let contest = db::run(&state.pool, move |conn| {
        let row = model::find_contest(conn, &id.0.to_string())?;
        model::require_visible(conn, &auth.principal, &row)?;
        model::contest_dto(conn, &auth.principal, &row)
    })
    .await?;
    // Scores change the judging's progress without changing the contest's version.
    etag::derived_json(&req, contest.version, &contest)
}

/// Prepare a contest (a draft) organised by a unit in the caller's scope.
#[utoipa::path(tag = "contests", request_body = ContestContent, responses((status = 201, body = Contest)))]
#[post("/contests")]
async fn create_contest(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    body: Json<ContestContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_unit(
            conn,
            Permission::ContestsManage,
            &content.organiser_unit_id.to_string(),
        )?;
        model::check_contest(conn, &content)?;
        let row = insert_draft(conn, &content, principal.id.to_string())?;
        let dto = model::contest_dto(conn, principal, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/contests/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::Contest, dto.id, &dto),
        )
    })
    .await
}

/// Stores checked `content` as a new draft by `created_by`.
fn insert_draft(
    conn: &mut DbConnection,
    content: &ContestContent,
    created_by: String,
) -> Result<ContestRow, ApiError> {
    let now = time::now();
    let mut row = ContestRow {
        id: time::new_id(),
        organiser_unit_id: String::new(),
        kind: String::new(),
        title: String::new(),
        status: ContestStatus::Draft.as_str().into(),
        held_on: content.held_on,
        entry_opens_at: now,
        entry_closes_at: now,
        milestone_id: None,
        content: String::new(),
        cancel_reason: None,
        published_at: None,
        created_by,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    row.apply(content)?;
    diesel::insert_into(contests::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// The scoring criteria a contest of `kind` starts with (its organiser may change them
/// until it is announced): (key, name, points), 100 in all.
fn default_criteria(kind: ContestKind) -> Vec<ContestCriterion> {
    let points: &[(&str, &str, u32)] = match kind {
        ContestKind::Competition => &[("knowledge", "法律知识", 70), ("response", "临场应答", 30)],
        ContestKind::Essay => &[
            ("thought", "思想内容", 40),
            ("argument", "论述结构", 30),
            ("writing", "文字表达", 30),
        ],
        ContestKind::Speech => &[
            ("content", "演讲内容", 50),
            ("delivery", "语言表达", 30),
            ("presence", "仪表台风", 20),
        ],
        ContestKind::Skills => &[("practice", "实操技能", 60), ("theory", "理论知识", 40)],
        ContestKind::ReasonedDocument => &[
            ("facts", "事实认定与证据说理", 30),
            ("law", "法律适用说理", 30),
            ("discretion", "裁量说理", 25),
            ("form", "文书规范", 15),
        ],
        ContestKind::Other => &[("overall", "综合评价", 100)],
    };
    points
        .iter()
        .map(|(key, name, max_points)| ContestCriterion {
            key: (*key).to_string(),
            name: (*name).to_string(),
            max_points: *max_points,
        })
        .collect()
}

/// A draft contest for a plan milestone (the plan template's contests): organised by
/// `organiser`, held on `due`, entries from 60 days to 14 days before it (bureau time),
/// the kind's usual criteria; its organiser adjusts it, appoints judges and announces
/// it. Audited as created by whoever imports the template.
pub fn plan_draft(
    conn: &mut DbConnection,
    organiser: &str,
    kind: ContestKind,
    title: &str,
    milestone_id: &str,
    due: chrono::NaiveDate,
) -> Result<Change, ApiError> {
    let content = ContestContent {
        organiser_unit_id: crate::db::stored_uuid(organiser)?,
        kind,
        title: title.to_string(),
        description: String::new(),
        held_on: due,
        entry_opens_at: time::bureau_instant(due - chrono::Duration::days(60), 9, 0),
        entry_closes_at: time::bureau_instant(due - chrono::Duration::days(14), 18, 0),
        criteria: default_criteria(kind),
        awards: api_types::contests::AwardCounts::default(),
        milestone_id: Some(crate::db::stored_uuid(milestone_id)?),
    };
    let row = insert_draft(conn, &content, "plan-template".into())?;
    let dto = model::contest_dtos(conn, None, std::slice::from_ref(&row), time::now())?
        .pop()
        .ok_or_else(|| ApiError::internal("contest read back"))?;
    Ok(Change::created(ResourceKind::Contest, dto.id, &dto))
}

/// Loads a contest for a change by its organiser: scope and version.
pub(super) fn for_write(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<ContestRow, ApiError> {
    let row = model::find_contest(conn, &id.to_string())?;
    principal.require_unit(conn, Permission::ContestsManage, &row.organiser_unit_id)?;
    check_version(row.version, expected)?;
    Ok(row)
}

/// Saves `next` (from `current`) and answers with the contest, audited as `action`.
pub(super) fn save(
    conn: &mut DbConnection,
    principal: &Principal,
    current: &ContestRow,
    mut next: ContestRow,
    action: AuditAction,
    extra: Vec<Change>,
) -> Result<Outcome, ApiError> {
    let before = model::contest_dto(conn, principal, current)?;
    versioned_save!(conn, contests, &mut next, current.version)?;
    let after = model::contest_dto(conn, principal, &next)?;
    let change = if action == AuditAction::Update {
        Change::updated(ResourceKind::Contest, after.id, &before, &after)
    } else {
        Change::transition(action, ResourceKind::Contest, after.id, &before, &after)
    };
    let mut outcome = Outcome::updated(&after, after.version, change)?;
    for change in extra {
        outcome = outcome.audit(change);
    }
    Ok(outcome)
}

/// Replace a contest's settings (`If-Match`) until judging starts; the criteria are
/// fixed once it is announced (entries are made against them).
#[utoipa::path(
    tag = "contests",
    request_body = ContestContent,
    params(("id" = Uuid, Path, description = "Contest id"), ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = Contest))
)]
#[put("/contests/{id}")]
async fn replace_contest(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    id: PathId,
    body: Json<ContestContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        principal.require_unit(
            conn,
            Permission::ContestsManage,
            &content.organiser_unit_id.to_string(),
        )?;
        let status = current.status()?;
        if !matches!(status, ContestStatus::Draft | ContestStatus::Open) {
            return Err(ApiError::invalid_state(
                "the contest is no longer edited once judging has started",
            ));
        }
        model::check_contest(conn, &content)?;
        let old = current.content()?;
        if status == ContestStatus::Open
            && (old.criteria != content.criteria || old.kind != content.kind)
        {
            return Err(ApiError::rule(
                "criteria",
                "fixed_when_announced",
                "the kind and the scoring criteria are fixed once the contest is announced",
            ));
        }
        let mut next = current.clone();
        next.apply(&content)?;
        save(
            conn,
            principal,
            &current,
            next,
            AuditAction::Update,
            Vec::new(),
        )
    })
    .await
}

/// Filter of `GET /api/v1/contests/{id}/judge-candidates`.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CandidateFilter {
    /// Text in the name or login.
    pub q: Option<String>,
}

/// Who may sit on the panel, across every unit (the organiser's own reading of users
/// may cover only its unit): active people whose roles may judge, by name; at most 200.
#[utoipa::path(tag = "contests", params(("id" = Uuid, Path, description = "Contest id"), CandidateFilter), responses((status = 200, body = Vec<api_types::contests::JudgeCandidate>)))]
#[get("/contests/{id}/judge-candidates")]
async fn judge_candidates(
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsManage>,
    id: PathId,
    query: crate::http::extract::Query<CandidateFilter>,
) -> Result<HttpResponse, ApiError> {
    use crate::db::schema::users;
    let found = db::run(&state.pool, move |conn| {
        let contest = model::find_contest(conn, &id.0.to_string())?;
        auth.principal.require_unit(
            conn,
            Permission::ContestsManage,
            &contest.organiser_unit_id,
        )?;
        let mut select = users::table
            .filter(users::active.eq(true))
            .select((
                users::id,
                users::name,
                users::login,
                users::unit_id,
                users::roles,
            ))
            .order((users::name.asc(), users::id.asc()))
            .into_boxed();
        if let Some(text) = crate::db::list::search_text(&query.0.q) {
            let pattern = crate::db::list::like_pattern(text);
            select = select.filter(
                users::name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(users::login.like(pattern).escape('\\')),
            );
        }
        let rows: Vec<(String, String, String, String, String)> = select.load(conn)?;
        let mut out = Vec::new();
        for (user, name, login, unit, roles) in rows {
            let roles = roles_from_column(&roles)?;
            if policy().scope(Permission::ContestsJudge, &roles).is_some() {
                out.push(api_types::contests::JudgeCandidate {
                    user_id: crate::db::stored_uuid(&user)?,
                    name,
                    login,
                    unit_id: crate::db::stored_uuid(&unit)?,
                });
                if out.len() == 200 {
                    break;
                }
            }
        }
        Ok::<_, ApiError>(out)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(found))
}

/// Appoint the panel (`If-Match`, the whole list) until judging starts: people who may
/// judge (not auditors or systems), active. A judge never scores their own unit's
/// entries.
#[utoipa::path(
    tag = "contests",
    request_body = ContestJudges,
    params(("id" = Uuid, Path, description = "Contest id"), ("If-Match" = String, Header, description = "ETag of the contest")),
    responses((status = 200, body = Contest))
)]
#[put("/contests/{id}/judges")]
async fn set_judges(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    id: PathId,
    body: Json<ContestJudges>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let judges = body.0;
    let sent = judges.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        model::lock_contest(conn, &id.0.to_string())?;
        let current = for_write(conn, principal, id.0, expected)?;
        let status = current.status()?;
        if !matches!(
            status,
            ContestStatus::Draft | ContestStatus::Open | ContestStatus::Judging
        ) {
            return Err(ApiError::invalid_state(
                "the panel no longer changes: the results are published or the contest is cancelled",
            ));
        }
        if status == ContestStatus::Judging {
            // During judging a judge who cannot go on is replaced; who has scored stays,
            // and once everyone has scored the panel is final.
            let panel = Panel::load(conn, &current.id)?;
            if panel.complete() {
                return Err(ApiError::invalid_state(
                    "every judge has scored: the panel is final",
                ));
            }
            let kept: Vec<String> = judges.user_ids.iter().map(ToString::to_string).collect();
            if let Some(gone) = panel.judges.iter().find(|j| {
                !kept.contains(&j.user_id) && panel.scores.iter().any(|s| s.judge_user_id == j.user_id)
            }) {
                let name = model::user_names(conn, std::slice::from_ref(&gone.user_id))?
                    .remove(&gone.user_id)
                    .unwrap_or_default();
                return Err(ApiError::rule(
                    "user_ids",
                    "judge_has_scored",
                    format!("{name} has already scored: a judge who has scored stays on the panel"),
                ));
            }
        }
        let mut errors = Vec::new();
        let mut rows = Vec::new();
        let now = time::now();
        for (i, user) in judges.user_ids.iter().enumerate() {
            let field = format!("user_ids[{i}]");
            if judges.user_ids[..i].contains(user) {
                errors.push(FieldError::new(
                    &field,
                    "duplicate",
                    "this person is named twice",
                ));
                continue;
            }
            match model::roles_of(conn, &user.to_string())? {
                None => errors.push(FieldError::new(&field, "unknown_user", "no such person")),
                Some((_, false, _)) => errors.push(FieldError::new(
                    &field,
                    "inactive_user",
                    "this account is disabled",
                )),
                Some((unit_id, true, roles)) => {
                    let roles = roles_from_column(&roles)?;
                    if policy().scope(Permission::ContestsJudge, &roles).is_none() {
                        errors.push(FieldError::new(
                            &field,
                            "cannot_judge",
                            "this account's roles do not allow judging",
                        ));
                    } else {
                        rows.push(JudgeRow {
                            contest_id: current.id.clone(),
                            user_id: user.to_string(),
                            unit_id,
                            created_at: now
                                + chrono::Duration::microseconds(i64::try_from(i).unwrap_or(0)),
                        });
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        let before = model::contest_dto(conn, principal, &current)?;
        diesel::delete(contest_judges::table.filter(contest_judges::contest_id.eq(&current.id)))
            .execute(conn)?;
        for row in &rows {
            diesel::insert_into(contest_judges::table)
                .values(row)
                .execute(conn)?;
        }
        if status == ContestStatus::Judging {
            let panel = Panel::load(conn, &current.id)?;
            if let Some(orphan) = panel.entries.iter().find(|e| panel.entry_progress(e).1 == 0) {
                return Err(ApiError::rule(
                    "user_ids",
                    "no_eligible_judge",
                    format!(
                        "no judge of the new panel may score the entry “{}”: keep a judge from another unit",
                        orphan.title
                    ),
                ));
            }
        }
        let mut next = current.clone();
        versioned_save!(conn, contests, &mut next, current.version)?;
        let after = model::contest_dto(conn, principal, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::Contest, after.id, &before, &after),
        )
    })
    .await
}

/// Announce a draft (`If-Match`): units may enter within the window, which must not
/// have closed.
#[utoipa::path(
    tag = "contests",
    params(("id" = Uuid, Path, description = "Contest id"), ("If-Match" = String, Header, description = "ETag of the contest")),
    responses((status = 200, body = Contest))
)]
#[post("/contests/{id}/announce")]
async fn announce_contest(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        if current.status()? != ContestStatus::Draft {
            return Err(ApiError::invalid_state("only a draft is announced"));
        }
        if current.entry_closes_at <= time::now() {
            return Err(ApiError::rule(
                "entry_closes_at",
                "in_the_past",
                "entries would already be closed; move the window",
            ));
        }
        let mut next = current.clone();
        next.status = ContestStatus::Open.as_str().into();
        save(
            conn,
            principal,
            &current,
            next,
            AuditAction::Announce,
            Vec::new(),
        )
    })
    .await
}

/// Close the entries and let the judges score (`If-Match`): it needs an entry, a judge,
/// and for every entry a judge of another unit.
#[utoipa::path(
    tag = "contests",
    params(("id" = Uuid, Path, description = "Contest id"), ("If-Match" = String, Header, description = "ETag of the contest")),
    responses((status = 200, body = Contest))
)]
#[post("/contests/{id}/start-judging")]
async fn start_judging(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        model::lock_contest(conn, &id.0.to_string())?;
        let current = for_write(conn, principal, id.0, expected)?;
        if current.status()? != ContestStatus::Open {
            return Err(ApiError::invalid_state(
                "judging starts from an announced contest",
            ));
        }
        let panel = Panel::load(conn, &current.id)?;
        if panel.judges.is_empty() {
            return Err(ApiError::rule("judges", "no_judges", "appoint at least one judge first"));
        }
        if panel.entries.is_empty() {
            return Err(ApiError::rule("entries", "no_entries", "there is no entry to judge"));
        }
        if let Some(orphan) = panel.entries.iter().find(|e| panel.entry_progress(e).1 == 0) {
            return Err(ApiError::rule(
                "judges",
                "no_eligible_judge",
                format!(
                    "no judge may score the entry “{}” (each is of its unit or entered it): appoint a judge from another unit",
                    orphan.title
                ),
            ));
        }
        let mut next = current.clone();
        next.status = ContestStatus::Judging.as_str().into();
        save(conn, principal, &current, next, AuditAction::StartJudging, Vec::new())
    })
    .await
}

/// Call a contest off (`If-Match`, with a reason) before its results are published;
/// its entries and scores stay on record.
#[utoipa::path(
    tag = "contests",
    request_body = ContestCancellation,
    params(("id" = Uuid, Path, description = "Contest id"), ("If-Match" = String, Header, description = "ETag of the contest")),
    responses((status = 200, body = Contest))
)]
#[post("/contests/{id}/cancel")]
async fn cancel_contest(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    id: PathId,
    body: Json<ContestCancellation>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let cancellation = body.0;
    let sent = cancellation.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = for_write(conn, principal, id.0, expected)?;
        if matches!(
            current.status()?,
            ContestStatus::Cancelled | ContestStatus::Published
        ) {
            return Err(ApiError::invalid_state(
                "a published or cancelled contest is not cancelled",
            ));
        }
        let mut next = current.clone();
        next.status = ContestStatus::Cancelled.as_str().into();
        next.cancel_reason = Some(cancellation.reason.trim().to_string());
        save(
            conn,
            principal,
            &current,
            next,
            AuditAction::Cancel,
            Vec::new(),
        )
    })
    .await
}
