//! HTTP handlers: public reads and the calculator, new versions.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::catalog::{
    DiscretionBenchmark, Evaluation, EvaluationRequest, FactorDirection, NewDiscretionBenchmark,
};
use api_types::FieldError;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::evaluate::evaluate;
use super::model::{self, BenchmarkRow};
use crate::auth::{perm, Permission};
use crate::db;
use crate::db::schema::{discretion_benchmarks, discretion_factors, discretion_tiers, power_items};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId, Query};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::power_list::model as power_model;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_benchmarks)
        .service(get_benchmark)
        .service(create_benchmark)
        .service(evaluate_case);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct BenchmarkParams {
    /// Versions of this power item's benchmark.
    power_item_id: Option<Uuid>,
    /// Only the version in force on this day (with `power_item_id`).
    as_of: Option<NaiveDate>,
}

/// Benchmark versions, newest first (public).
#[utoipa::path(tag = "discretion", params(BenchmarkParams), responses((status = 200, body = Vec<DiscretionBenchmark>)))]
#[get("/public/discretion-benchmarks")]
async fn list_benchmarks(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Query<BenchmarkParams>,
) -> Result<HttpResponse, ApiError> {
    let BenchmarkParams {
        power_item_id,
        as_of,
    } = params.0;
    let list = db::run(&state.pool, move |conn| {
        if let (Some(item), Some(day)) = (power_item_id, as_of) {
            return Ok(model::in_force(conn, &item.to_string(), day)?
                .into_iter()
                .collect());
        }
        let mut q = discretion_benchmarks::table.into_boxed();
        if let Some(item) = power_item_id {
            q = q.filter(discretion_benchmarks::power_item_id.eq(item.to_string()));
        }
        let rows: Vec<BenchmarkRow> = q
            .order((
                discretion_benchmarks::power_item_id.asc(),
                discretion_benchmarks::version_no.desc(),
            ))
            .limit(1000)
            .select(BenchmarkRow::as_select())
            .load(conn)?;
        rows.iter()
            .map(|r| model::assemble(conn, r))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    etag::hashed_json(&req, &list)
}

/// One benchmark version (public).
#[utoipa::path(tag = "discretion", params(("id" = Uuid, Path, description = "Benchmark version id")), responses((status = 200, body = DiscretionBenchmark)))]
#[get("/public/discretion-benchmarks/{id}")]
async fn get_benchmark(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let benchmark = db::run(&state.pool, move |conn| {
        let row: BenchmarkRow = discretion_benchmarks::table
            .find(id.0.to_string())
            .select(BenchmarkRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("benchmark"))?;
        model::assemble(conn, &row)
    })
    .await?;
    etag::hashed_json(&req, &benchmark)
}

/// Issue a new version of a power item's benchmark, in force from its date until the
/// next version. Tier and factor codes are unique within the version; a tier's minimum
/// is not above its maximum.
#[utoipa::path(tag = "discretion", request_body = NewDiscretionBenchmark, responses((status = 201, body = DiscretionBenchmark)))]
#[post("/discretion-benchmarks")]
async fn create_benchmark(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DiscretionManage>,
    body: Json<NewDiscretionBenchmark>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let mut errors = Vec::new();
    let mut codes = std::collections::HashSet::new();
    for (i, tier) in new.tiers.iter().enumerate() {
        if !codes.insert(tier.code.clone()) {
            errors.push(FieldError::new(
                format!("tiers[{i}].code"),
                "duplicate",
                "tier codes must be unique",
            ));
        }
        if let (Some(min), Some(max)) = (tier.fine_min_fen, tier.fine_max_fen) {
            if min > max {
                errors.push(FieldError::new(
                    format!("tiers[{i}].fine_min_fen"),
                    "min_above_max",
                    "must not exceed fine_max_fen",
                ));
            }
        }
        if tier.no_penalty && (tier.fine_min_fen.is_some() || tier.fine_max_fen.is_some()) {
            errors.push(FieldError::new(
                format!("tiers[{i}].no_penalty"),
                "no_penalty_with_fine",
                "a no-penalty tier has no fine range",
            ));
        }
    }
    let mut factor_codes = std::collections::HashSet::new();
    for (i, factor) in new.factors.iter().enumerate() {
        if !factor_codes.insert(factor.code.clone()) {
            errors.push(FieldError::new(
                format!("factors[{i}].code"),
                "duplicate",
                "factor codes must be unique",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let item = new.power_item_id.to_string();
        let exists: i64 = power_items::table.find(&item).count().get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::rule(
                "power_item_id",
                "unknown_item",
                "no such power item",
            ));
        }
        let version = power_model::item_on(conn, &item, new.effective_from)?.ok_or_else(|| {
            ApiError::rule(
                "effective_from",
                "item_not_in_force",
                "the power item is not in force on this day",
            )
        })?;
        if let Some(unit) = &version.responsible_unit_id {
            principal.require_unit(conn, Permission::DiscretionManage, unit)?;
        }
        let last: Option<(i32, NaiveDate)> = discretion_benchmarks::table
            .filter(discretion_benchmarks::power_item_id.eq(&item))
            .order(discretion_benchmarks::version_no.desc())
            .select((
                discretion_benchmarks::version_no,
                discretion_benchmarks::effective_from,
            ))
            .first(conn)
            .optional()?;
        if let Some((_, last_from)) = last {
            if new.effective_from <= last_from {
                return Err(ApiError::rule(
                    "effective_from",
                    "not_after_last_version",
                    format!("must be later than {last_from}, when the current version took effect"),
                ));
            }
        }
        let row = BenchmarkRow {
            id: time::new_id(),
            power_item_id: item,
            version_no: last.map_or(1, |(v, _)| v + 1),
            effective_from: new.effective_from,
            legal_basis: new.legal_basis.trim().to_string(),
            notes: new
                .notes
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            created_by: principal.id.to_string(),
            created_at: time::now(),
        };
        diesel::insert_into(discretion_benchmarks::table)
            .values(&row)
            .execute(conn)?;
        for (position, tier) in new.tiers.iter().enumerate() {
            diesel::insert_into(discretion_tiers::table)
                .values((
                    discretion_tiers::benchmark_id.eq(&row.id),
                    discretion_tiers::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                    discretion_tiers::code.eq(&tier.code),
                    discretion_tiers::name.eq(tier.name.trim()),
                    discretion_tiers::conditions.eq(tier.conditions.trim()),
                    discretion_tiers::fine_min_fen.eq(tier.fine_min_fen),
                    discretion_tiers::fine_max_fen.eq(tier.fine_max_fen),
                    discretion_tiers::other_measures.eq(&tier.other_measures),
                    discretion_tiers::no_penalty.eq(tier.no_penalty),
                ))
                .execute(conn)?;
        }
        for (position, factor) in new.factors.iter().enumerate() {
            let direction = match factor.direction {
                FactorDirection::Mitigating => "mitigating",
                FactorDirection::Aggravating => "aggravating",
            };
            diesel::insert_into(discretion_factors::table)
                .values((
                    discretion_factors::benchmark_id.eq(&row.id),
                    discretion_factors::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                    discretion_factors::code.eq(&factor.code),
                    discretion_factors::name.eq(factor.name.trim()),
                    discretion_factors::direction.eq(direction),
                ))
                .execute(conn)?;
        }
        let dto = model::assemble(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/public/discretion-benchmarks/{}", dto.id),
            i64::from(dto.version_no),
            Change::created(ResourceKind::DiscretionBenchmark, dto.id, &dto),
        )
    })
    .await
}

/// The discretion calculator (public): the allowed penalty for a power item, the tier
/// the facts fall in and the factors present, under the benchmark version in force on
/// the given day, with the reasoning in Chinese and English.
#[utoipa::path(tag = "discretion", request_body = EvaluationRequest, responses((status = 200, body = Evaluation)))]
#[post("/discretion/evaluate")]
async fn evaluate_case(
    state: web::Data<AppState>,
    body: Json<EvaluationRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let result = db::run(&state.pool, move |conn| {
        let day = request.date.unwrap_or_else(time::today);
        let benchmark = model::in_force(conn, &request.power_item_id.to_string(), day)?
            .ok_or_else(|| {
                ApiError::rule(
                    "date",
                    "no_benchmark",
                    format!("no benchmark of this power item is in force on {day}"),
                )
            })?;
        let mut evaluation =
            evaluate(&benchmark, &request.tier, &request.factors).map_err(ApiError::rules)?;
        evaluation.fine_within_range = request
            .fine_fen
            .map(|fine| evaluation.allows_fine(Some(fine)));
        Ok(evaluation)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(result))
}
