//! `/api/v1/assessment-notices`: the monthly notice (月度执法办案通报) drafted from an
//! assessment run — the ranking table with each unit's score and main deductions, the
//! problems found, the vetoed units — edited by 执法监督科, approved by the city bureau
//! and published to the units (a notification and a print view). A published notice
//! never changes.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::assessment::{
    show, AssessmentNotice, AssessmentNoticeStatus, AssessmentUnitResult, Grade,
    NewAssessmentNotice, NoticeRow as RankRow, NoticeText,
};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::notifications::NotificationKind;
use api_types::period::Period;
use api_types::Permission;
use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;

use super::list::{NoticeContext, NoticeFilter, NoticeList};
use super::runs;
use crate::auth::{perm, Authorized, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::assessment_notices;
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::notifications::{self, Subject};
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = assessment_notices, treat_none_as_null = true)]
pub struct NoticeRow {
    pub id: String,
    pub run_id: String,
    pub period: String,
    pub doc_year: Option<i32>,
    pub doc_serial: Option<i32>,
    pub title: String,
    pub body: String,
    pub problems: String,
    pub rows_json: String,
    pub status: String,
    pub drafted_by_name: String,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NoticeRow {
    fn status(&self) -> Result<AssessmentNoticeStatus, ApiError> {
        AssessmentNoticeStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored notice status"))
    }

    pub fn to_dto(&self) -> Result<AssessmentNotice, ApiError> {
        Ok(AssessmentNotice {
            id: stored_uuid(&self.id)?,
            run_id: stored_uuid(&self.run_id)?,
            period: self.period.clone(),
            number: match (self.doc_year, self.doc_serial) {
                (Some(year), Some(serial)) => Some(format!("考评通报〔{year}〕{serial}号")),
                _ => None,
            },
            text: NoticeText {
                title: self.title.clone(),
                body: self.body.clone(),
                problems: self.problems.clone(),
            },
            rows: serde_json::from_str(&self.rows_json).map_err(ApiError::internal)?,
            status: self.status()?,
            drafted_by_name: self.drafted_by_name.clone(),
            approved_by_name: self.approved_by_name.clone(),
            approved_at: self.approved_at.map(time::to_utc),
            published_at: self.published_at.map(time::to_utc),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

fn find(conn: &mut DbConnection, id: &str) -> Result<NoticeRow, ApiError> {
    assessment_notices::table
        .find(id)
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("assessment notice"))
}

/// `2022年5月` / `2022年第二季度` / `2022年度`.
fn period_words(period: &str) -> String {
    match Period::parse(period) {
        Some(Period::Month { year, month }) => format!("{year}年{month}月"),
        Some(Period::Quarter { year, quarter }) => {
            let n = ["一", "二", "三", "四"]
                .get(quarter as usize - 1)
                .copied()
                .unwrap_or("");
            format!("{year}年第{n}季度")
        }
        Some(Period::Year { year }) => format!("{year}年度"),
        None => period.to_string(),
    }
}

/// The ranking table: each unit's score, grade and its three largest deductions.
fn rank_rows(results: &[AssessmentUnitResult]) -> Vec<RankRow> {
    results
        .iter()
        .map(|r| {
            let mut lines: Vec<_> = r.scored.trace.iter().filter(|l| l.deducted > 0.0).collect();
            lines.sort_by(|a, b| b.deducted.total_cmp(&a.deducted));
            RankRow {
                rank: r.rank,
                unit_id: r.unit_id,
                unit_name: r.unit_name.clone(),
                score: r.scored.score,
                grade: r.scored.grade,
                deductions: lines.iter().take(3).map(|l| l.text.clone()).collect(),
                vetoed: r.scored.veto.is_some(),
            }
        })
        .collect()
}

/// The draft's opening and its problems, from the run.
fn draft_text(period: &str, results: &[AssessmentUnitResult]) -> NoticeText {
    let words = period_words(period);
    let count = |g: Grade| results.iter().filter(|r| r.scored.grade == g).count();
    let body = format!(
        "根据执法考评指标，对{}个单位{}执法办案情况进行了考评。其中优秀{}个、良好{}个、合格{}个、不合格{}个。现将考评结果通报如下。",
        results.len(),
        words,
        count(Grade::Excellent),
        count(Grade::Good),
        count(Grade::Pass),
        count(Grade::Fail),
    );
    let mut problems = Vec::new();
    for r in results {
        if let Some(veto) = r.scored.trace.iter().find(|l| l.veto.is_some()) {
            problems.push(format!("{}：{}", r.unit_name, veto.text));
        }
    }
    for r in results
        .iter()
        .filter(|r| r.scored.veto.is_none() && r.scored.grade == Grade::Fail)
    {
        problems.push(format!(
            "{}：得分{}分，评为不合格",
            r.unit_name,
            show(r.scored.score)
        ));
    }
    NoticeText {
        title: format!("{words}执法办案考评通报"),
        body,
        problems: problems
            .iter()
            .enumerate()
            .map(|(n, p)| format!("{}. {p}", n + 1))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_assessment_notices)
        .service(draft_assessment_notice)
        .service(get_assessment_notice)
        .service(edit_assessment_notice)
        .service(approve_assessment_notice)
        .service(publish_assessment_notice);
}

/// Whether the caller sees drafts: the writers and approvers of notices and auditors.
fn sees_drafts(principal: &Principal) -> bool {
    principal
        .scope(Permission::AssessmentNoticesWrite)
        .is_some()
        || principal.scope(Permission::AssessmentManage).is_some()
        || principal.roles.contains(&api_types::Role::Auditor)
}

/// Notices, latest first (the units see the published ones).
#[utoipa::path(tag = "assessment", params(NoticeFilter, crate::openapi::ListParams<NoticeFilter>), responses((status = 200, body = api_types::Page<AssessmentNotice>)))]
#[get("/assessment-notices")]
async fn list_assessment_notices(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    query: ListQuery<NoticeFilter>,
) -> Result<HttpResponse, ApiError> {
    let cx = NoticeContext {
        drafts: sees_drafts(&auth.principal),
    };
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<NoticeList>(conn, &query, &cx)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Draft the notice of a run: its ranking table, an opening and the problems found.
#[utoipa::path(tag = "assessment", request_body = NewAssessmentNotice, responses((status = 201, body = AssessmentNotice)))]
#[post("/assessment-notices")]
async fn draft_assessment_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentNoticesWrite>,
    body: Json<NewAssessmentNotice>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let run = runs::find(conn, &new.run_id.to_string()).map_err(|e| match e.code {
            api_types::ErrorCode::NotFound => {
                ApiError::rule("run_id", "exists", "no such assessment run")
            }
            _ => e,
        })?;
        let results = runs::dto(conn, &run, &UnitScope::all())?.results;
        let text = draft_text(&run.period, &results);
        let now = time::now();
        let row = NoticeRow {
            id: time::new_id(),
            run_id: run.id.clone(),
            period: run.period.clone(),
            doc_year: None,
            doc_serial: None,
            title: text.title,
            body: text.body,
            problems: text.problems,
            rows_json: serde_json::to_string(&rank_rows(&results)).map_err(ApiError::internal)?,
            status: AssessmentNoticeStatus::Draft.as_str().into(),
            drafted_by_name: principal.name.clone(),
            approved_by_name: None,
            approved_at: None,
            published_at: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(assessment_notices::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/assessment-notices/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::AssessmentNotice, dto.id, &dto),
        )
    })
    .await
}

/// One notice (a unit reads it once published).
#[utoipa::path(tag = "assessment", params(("id" = Uuid, Path, description = "Notice id")), responses((status = 200, body = AssessmentNotice)))]
#[get("/assessment-notices/{id}")]
async fn get_assessment_notice(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let drafts = sees_drafts(&auth.principal);
    let found = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        if !drafts && row.status()? != AssessmentNoticeStatus::Published {
            return Err(ApiError::not_found("assessment notice"));
        }
        row.to_dto()
    })
    .await?;
    etag::versioned_json(&req, found.version, &found)
}

/// Moves a notice from `from`, applying `change` to a copy, saving and recording it.
fn transition(
    conn: &mut DbConnection,
    id: &str,
    expected: i64,
    from: AssessmentNoticeStatus,
    action: AuditAction,
    change: impl FnOnce(&mut NoticeRow) -> Result<(), ApiError>,
) -> Result<(NoticeRow, Outcome), ApiError> {
    let current = find(conn, id)?;
    check_version(current.version, expected)?;
    let status = current.status()?;
    if status != from {
        return Err(ApiError::invalid_state(match status {
            AssessmentNoticeStatus::Published => "a published notice never changes".to_string(),
            other => format!("the notice is {}, not {}", other.as_str(), from.as_str()),
        }));
    }
    let before = current.to_dto()?;
    let mut next = current.clone();
    change(&mut next)?;
    versioned_save!(conn, assessment_notices, &mut next, current.version)?;
    let after = next.to_dto()?;
    let outcome = Outcome::updated(
        &after,
        after.version,
        Change::transition(
            action,
            ResourceKind::AssessmentNotice,
            after.id,
            &before,
            &after,
        ),
    )?;
    Ok((next, outcome))
}

/// Edit a draft's title, opening and problems (`If-Match`).
#[utoipa::path(
    tag = "assessment",
    request_body = NoticeText,
    params(("id" = Uuid, Path, description = "Notice id"), ("If-Match" = String, Header, description = "ETag of the notice")),
    responses((status = 200, body = AssessmentNotice))
)]
#[put("/assessment-notices/{id}")]
async fn edit_assessment_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentNoticesWrite>,
    id: PathId,
    body: Json<NoticeText>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let text = body.0;
    let sent = text.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let (_, outcome) = transition(
            conn,
            &id.0.to_string(),
            expected,
            AssessmentNoticeStatus::Draft,
            AuditAction::Update,
            |row| {
                row.title = text.title.trim().to_string();
                row.body = text.body.trim().to_string();
                row.problems = text.problems.trim().to_string();
                Ok(())
            },
        )?;
        Ok(outcome)
    })
    .await
}

/// Approve a draft (`If-Match`, the city bureau).
#[utoipa::path(
    tag = "assessment",
    params(("id" = Uuid, Path, description = "Notice id"), ("If-Match" = String, Header, description = "ETag of the notice")),
    responses((status = 200, body = AssessmentNotice))
)]
#[post("/assessment-notices/{id}/approve")]
async fn approve_assessment_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        principal.require_everywhere(Permission::AssessmentManage)?;
        let name = principal.name.clone();
        let (_, outcome) = transition(
            conn,
            &id.0.to_string(),
            expected,
            AssessmentNoticeStatus::Draft,
            AuditAction::Approve,
            |row| {
                row.status = AssessmentNoticeStatus::Approved.as_str().into();
                row.approved_by_name = Some(name);
                row.approved_at = Some(time::now());
                Ok(())
            },
        )?;
        Ok(outcome)
    })
    .await
}

/// Publish an approved notice (`If-Match`): it takes its number, is sent to the people
/// of every assessed unit, and never changes again.
#[utoipa::path(
    tag = "assessment",
    params(("id" = Uuid, Path, description = "Notice id"), ("If-Match" = String, Header, description = "ETag of the notice")),
    responses((status = 200, body = AssessmentNotice))
)]
#[post("/assessment-notices/{id}/publish")]
async fn publish_assessment_notice(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        principal.require_everywhere(Permission::AssessmentManage)?;
        let year = time::today().year();
        // Two publications at once on PostgreSQL: one waits for the other's number.
        super::rule_sets::lock_city_bureau(conn)?;
        let serial: Option<i32> = assessment_notices::table
            .filter(assessment_notices::doc_year.eq(year))
            .select(diesel::dsl::max(assessment_notices::doc_serial))
            .first(conn)?;
        let (row, outcome) = transition(
            conn,
            &id.0.to_string(),
            expected,
            AssessmentNoticeStatus::Approved,
            AuditAction::Publish,
            |row| {
                row.status = AssessmentNoticeStatus::Published.as_str().into();
                row.published_at = Some(time::now());
                row.doc_year = Some(year);
                row.doc_serial = Some(serial.unwrap_or(0) + 1);
                Ok(())
            },
        )?;
        let ranked: Vec<RankRow> =
            serde_json::from_str(&row.rows_json).map_err(ApiError::internal)?;
        // Every assessed unit's people, its brigades' included.
        let roots: Vec<String> = ranked.iter().map(|r| r.unit_id.to_string()).collect();
        let root_refs: Vec<&str> = roots.iter().map(String::as_str).collect();
        let units: Vec<String> = crate::auth::policy::subtrees(conn, &root_refs)?
            .into_iter()
            .collect();
        let unit_refs: Vec<&str> = units.iter().map(String::as_str).collect();
        notifications::notify_units(
            conn,
            &unit_refs,
            Permission::AssessmentRead,
            &Subject {
                kind: NotificationKind::NoticeReceived,
                subject_type: ResourceKind::AssessmentNotice,
                subject_id: &row.id,
                plan_id: None,
                task_id: None,
                title: &row.title,
                due_date: None,
                on_day: time::today(),
            },
        )?;
        Ok(outcome)
    })
    .await
}
