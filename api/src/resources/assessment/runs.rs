//! `/api/v1/assessment-runs`: the unit assessment of a period. A run measures every
//! assessed unit's indicators, scores them by the unit-assessment rules in force on the
//! period's last day, applies the year's veto events and stores it all — rule-set
//! version, inputs, trace — with the run. A run never changes; a re-run is a new run,
//! and two runs compare item by item.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::assessment::{
    AssessmentRun, AssessmentRunSummary, AssessmentUnitResult, ItemDifference, NewAssessmentRun,
    RuleSetKind, RunComparison, ScoreDifference, TraceLine,
};
use api_types::audit::ResourceKind;
use api_types::period::Period;
use api_types::Permission;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::indicators;
use super::list::{RunFilter, RunList};
use super::rule_sets;
use crate::auth::{perm, Authorized, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::{assessment_runs, rule_sets as rule_sets_table};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId, Query};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessment_runs)]
pub struct RunRow {
    pub id: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rule_set_id: String,
    pub results: String,
    pub units: i32,
    pub run_by_name: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn version_numbers(
    conn: &mut DbConnection,
    rows: &[RunRow],
) -> Result<HashMap<String, i32>, ApiError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.rule_set_id.as_str()).collect();
    Ok(rule_sets_table::table
        .filter(rule_sets_table::id.eq_any(ids))
        .select((rule_sets_table::id, rule_sets_table::version_no))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect())
}

pub fn summaries(
    conn: &mut DbConnection,
    rows: &[RunRow],
) -> Result<Vec<AssessmentRunSummary>, ApiError> {
    let numbers = version_numbers(conn, rows)?;
    rows.iter()
        .map(|row| {
            Ok(AssessmentRunSummary {
                id: stored_uuid(&row.id)?,
                period: row.period.clone(),
                rule_set_id: stored_uuid(&row.rule_set_id)?,
                rule_set_version_no: numbers.get(&row.rule_set_id).copied().unwrap_or_default(),
                units: row.units,
                run_by_name: row.run_by_name.clone(),
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

/// The run with the results of the units `visible` holds (`None`: all).
pub fn dto(
    conn: &mut DbConnection,
    row: &RunRow,
    visible: &UnitScope,
) -> Result<AssessmentRun, ApiError> {
    let numbers = version_numbers(conn, std::slice::from_ref(row))?;
    let mut results: Vec<AssessmentUnitResult> =
        serde_json::from_str(&row.results).map_err(ApiError::internal)?;
    if let Some(units) = &visible.units {
        results.retain(|r| units.contains(&r.unit_id.to_string()));
    }
    Ok(AssessmentRun {
        id: stored_uuid(&row.id)?,
        period: row.period.clone(),
        period_start: row.period_start,
        period_end: row.period_end,
        rule_set_id: stored_uuid(&row.rule_set_id)?,
        rule_set_version_no: numbers.get(&row.rule_set_id).copied().unwrap_or_default(),
        results,
        run_by_name: row.run_by_name.clone(),
        version: row.version,
        created_at: time::to_utc(row.created_at),
        updated_at: time::to_utc(row.updated_at),
    })
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<RunRow, ApiError> {
    assessment_runs::table
        .find(id)
        .select(RunRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("assessment run"))
}

/// Scores every assessed unit for `period` and ranks them: the vetoed last, then by
/// score; equal scores share a rank.
pub fn compute(
    conn: &mut DbConnection,
    period: Period,
    today: NaiveDate,
) -> Result<(rule_sets::RuleSetRow, Vec<AssessmentUnitResult>), ApiError> {
    let rules = rule_sets::in_force(conn, RuleSetKind::UnitAssessment, period.end())?;
    let content = rules.content()?;
    let mut results = Vec::new();
    for measured in indicators::measure(conn, period, today)? {
        let scored = content.score_unit(&measured.inputs, measured.veto);
        results.push(AssessmentUnitResult {
            unit_id: stored_uuid(&measured.unit_id)?,
            unit_name: measured.unit_name,
            rank: 0,
            inputs: measured.inputs,
            scored,
        });
    }
    let key = |r: &AssessmentUnitResult| {
        (
            r.scored.veto.is_some(),
            -(r.scored.score * 10.0).round() as i64,
        )
    };
    results.sort_by_key(key);
    let mut previous = None;
    for (n, result) in results.iter_mut().enumerate() {
        let k = key(result);
        if previous.map(|(pk, _)| pk) != Some(k) {
            previous = Some((k, n as i32 + 1));
        }
        result.rank = previous.map_or(1, |(_, rank)| rank);
    }
    Ok((rules, results))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_assessment_runs)
        .service(run_assessment)
        .service(get_assessment_run)
        .service(compare_assessment_runs);
}

fn visible(conn: &mut DbConnection, principal: &Principal) -> Result<UnitScope, ApiError> {
    UnitScope::of(conn, principal, Permission::AssessmentRead, None)
}

/// Assessment runs, latest first (without their results).
#[utoipa::path(tag = "assessment", params(RunFilter, crate::openapi::ListParams<RunFilter>), responses((status = 200, body = api_types::Page<AssessmentRunSummary>)))]
#[get("/assessment-runs")]
async fn list_assessment_runs(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::AssessmentRead>,
    query: ListQuery<RunFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<RunList>(conn, &query, &UnitScope::all())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Run the unit assessment for a month or a quarter: every assessed unit scored from
/// the system's data as it is now, by the rules in force on the period's last day.
#[utoipa::path(tag = "assessment", request_body = NewAssessmentRun, responses((status = 201, body = AssessmentRun)))]
#[post("/assessment-runs")]
async fn run_assessment(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::AssessmentManage>,
    body: Json<NewAssessmentRun>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_everywhere(Permission::AssessmentManage)?;
        let period = Period::parse(&new.period).ok_or_else(|| {
            ApiError::rule(
                "period",
                "period",
                "a month like 2022-05, a quarter like 2022-Q2 or a year like 2022",
            )
        })?;
        let today = time::today();
        if period.start() > today {
            return Err(ApiError::rule(
                "period",
                "not_future",
                "the period has not begun",
            ));
        }
        let (rules, results) = compute(conn, period, today)?;
        let now = time::now();
        let row = RunRow {
            id: time::new_id(),
            period: period.to_string(),
            period_start: period.start(),
            period_end: period.end(),
            rule_set_id: rules.id.clone(),
            units: i32::try_from(results.len()).map_err(ApiError::internal)?,
            results: serde_json::to_string(&results).map_err(ApiError::internal)?,
            run_by_name: principal.name.clone(),
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(assessment_runs::table)
            .values(&row)
            .execute(conn)?;
        let dto = dto(conn, &row, &UnitScope::all())?;
        Outcome::created(
            &dto,
            format!("/api/v1/assessment-runs/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::AssessmentRun, dto.id, &dto),
        )
    })
    .await
}

/// One run: each unit's rank, score, grade, inputs and trace (a county sees its own).
#[utoipa::path(tag = "assessment", params(("id" = Uuid, Path, description = "Run id")), responses((status = 200, body = AssessmentRun)))]
#[get("/assessment-runs/{id}")]
async fn get_assessment_run(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        let scope = visible(conn, &auth.principal)?;
        dto(conn, &row, &scope)
    })
    .await?;
    etag::hashed_json(&req, &found)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CompareParams {
    /// The earlier run to compare this one with.
    with: Uuid,
}

/// This run against an earlier one: each unit's score before and after, and every item
/// whose deduction or text changed.
#[utoipa::path(tag = "assessment", params(("id" = Uuid, Path, description = "Run id"), CompareParams), responses((status = 200, body = RunComparison)))]
#[get("/assessment-runs/{id}/comparison")]
async fn compare_assessment_runs(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
    id: PathId,
    params: Query<CompareParams>,
) -> Result<HttpResponse, ApiError> {
    let with = params.0.with;
    let found = db::run(&state.pool, move |conn| {
        let scope = visible(conn, &auth.principal)?;
        let (after, before) = (
            find(conn, &id.0.to_string())?,
            find(conn, &with.to_string())?,
        );
        let (after, before) = (dto(conn, &after, &scope)?, dto(conn, &before, &scope)?);
        Ok(compare(&before, &after))
    })
    .await?;
    etag::hashed_json(&req, &found)
}

fn compare(before: &AssessmentRun, after: &AssessmentRun) -> RunComparison {
    let old: HashMap<Uuid, &AssessmentUnitResult> =
        before.results.iter().map(|r| (r.unit_id, r)).collect();
    let new: HashMap<Uuid, &AssessmentUnitResult> =
        after.results.iter().map(|r| (r.unit_id, r)).collect();
    let mut units: Vec<(Uuid, String)> = after
        .results
        .iter()
        .map(|r| (r.unit_id, r.unit_name.clone()))
        .collect();
    units.extend(
        before
            .results
            .iter()
            .filter(|r| !new.contains_key(&r.unit_id))
            .map(|r| (r.unit_id, r.unit_name.clone())),
    );
    let mut scores = Vec::new();
    let mut items = Vec::new();
    for (unit, name) in units {
        let (b, a) = (old.get(&unit), new.get(&unit));
        scores.push(ScoreDifference {
            unit_id: unit,
            unit_name: name.clone(),
            before: b.map(|r| r.scored.score),
            after: a.map(|r| r.scored.score),
            before_grade: b.map(|r| r.scored.grade),
            after_grade: a.map(|r| r.scored.grade),
        });
        let lines = |r: Option<&&AssessmentUnitResult>| -> Vec<TraceLine> {
            r.map(|r| r.scored.trace.clone()).unwrap_or_default()
        };
        let (bl, al) = (lines(b), lines(a));
        let mut codes: Vec<&TraceLine> = al.iter().collect();
        codes.extend(bl.iter().filter(|l| !al.iter().any(|x| x.item == l.item)));
        for line in codes {
            let was = bl.iter().find(|l| l.item == line.item);
            let is = al.iter().find(|l| l.item == line.item);
            if was != is {
                items.push(ItemDifference {
                    unit_id: unit,
                    unit_name: name.clone(),
                    item: line.item.clone(),
                    title: line.title.clone(),
                    before: was.cloned(),
                    after: is.cloned(),
                });
            }
        }
    }
    RunComparison {
        before_id: before.id,
        after_id: after.id,
        scores,
        items,
    }
}
