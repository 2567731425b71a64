//! The city bureau's view (`/api/v1/statistics/region`, `/trend`): every county
//! bureau's report for a period at a glance, region totals over accepted reports, and
//! the change against the period before and a year before.

use std::collections::HashMap;

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::statistics::{
    neighbour_periods, period_bounds, PeriodKind, RegionRow, RegionTable, StatisticsStatus,
    Timeliness, TrendPoint,
};
use api_types::units::UnitKind;
use api_types::ErrorCode;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use super::model::{self, Figures, ReportRow, TemplateRow};
use crate::auth::{perm, Authorized};
use crate::db::schema::{statistics_reports, statistics_templates, units};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::Query;
use crate::resources::calendar;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(region_table).service(trend);
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegionParams {
    /// The template (`monthly`, `annual`).
    #[param(min_length = 2, max_length = 40)]
    pub template_code: String,
    /// The period, of the template's kind (`2026-05`, `2026-Q2`, `2026`).
    #[param(pattern = r"^(?:20[0-9]{2}|2100)(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?$")]
    pub period: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrendParams {
    /// The template (`monthly`, `annual`).
    #[param(min_length = 2, max_length = 40)]
    pub template_code: String,
    /// The column whose region total is followed.
    #[param(min_length = 1, max_length = 40)]
    pub column: String,
    /// The last period of the trend, of the template's kind.
    #[param(pattern = r"^(?:20[0-9]{2}|2100)(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?$")]
    pub to: String,
    /// How many periods up to `to` (default 12).
    #[param(minimum = 1, maximum = 60)]
    pub periods: Option<u32>,
}

/// The latest version of `code` (the region view reads each report under its own
/// version, but needs the kind and the columns).
fn latest_template(conn: &mut DbConnection, code: &str) -> Result<TemplateRow, ApiError> {
    statistics_templates::table
        .filter(statistics_templates::code.eq(code))
        .order(statistics_templates::version_number.desc())
        .select(TemplateRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("statistics template"))
}

fn query_period(
    kind: PeriodKind,
    field: &str,
    text: &str,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    period_bounds(kind, text).ok_or_else(|| {
        ApiError::field(
            ErrorCode::InvalidQuery,
            field,
            "period_kind",
            format!("this template is filled per {}", kind.as_str()),
        )
    })
}

/// Region totals of the accepted reports of one period: manual and derived columns
/// summed, ratios recomputed from the sums.
fn totals(template: &TemplateRow, rows: &[ReportRow]) -> Result<(Figures, i64), ApiError> {
    let definition = template.definition()?;
    let mut sums = Figures::new();
    let mut accepted = 0;
    for row in rows
        .iter()
        .filter(|r| r.status == StatisticsStatus::Accepted.as_str())
    {
        accepted += 1;
        for (key, value) in row.figures()? {
            *sums.entry(key).or_insert(0.0) += value;
        }
    }
    for column in definition.columns() {
        if let Some(v) = sums.get_mut(&column.key) {
            *v = model::round(*v, column.decimals);
        }
    }
    sums.extend(model::ratios(&definition, &sums));
    Ok((sums, accepted))
}

/// The reports of `period` filed by `units` (the active county bureaus the table shows,
/// so that its totals are the sums of its rows).
fn reports_of(
    conn: &mut DbConnection,
    code: &str,
    period: &str,
    units: &[String],
) -> Result<Vec<ReportRow>, ApiError> {
    Ok(statistics_reports::table
        .filter(statistics_reports::template_code.eq(code))
        .filter(statistics_reports::period.eq(period))
        .filter(statistics_reports::unit_id.eq_any(units))
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// Every county bureau's report for one period: status, timeliness, flag and, once
/// accepted, its figures; region totals (accepted reports only), the same totals for
/// the period before and a year before, and the units that have not submitted.
#[utoipa::path(tag = "statistics", params(RegionParams), responses((status = 200, body = RegionTable)))]
#[get("/statistics/region")]
async fn region_table(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::StatisticsRegionRead>,
    params: Query<RegionParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.0;
    let table = db::run(&state.pool, move |conn| region(conn, &params)).await?;
    etag::hashed_json(&req, &table)
}

/// The region table of `params` (also the `.xlsx` download's content).
pub fn region(conn: &mut DbConnection, params: &RegionParams) -> Result<RegionTable, ApiError> {
    {
        let latest = latest_template(conn, &params.template_code)?;
        let kind = latest.period_kind()?;
        let (start, end) = query_period(kind, "period", &params.period)?;
        let template = model::template_for(conn, &latest.code, start)?.unwrap_or(latest);
        let definition = template.definition()?;
        let counties: Vec<(String, String)> = units::table
            .filter(units::kind.eq(UnitKind::CountyBureau.as_str()))
            .filter(units::active.eq(true))
            .order((units::sort_order.asc(), units::code.asc()))
            .select((units::id, units::name))
            .load(conn)?;
        let shown: Vec<String> = counties.iter().map(|(id, _)| id.clone()).collect();
        let reports = reports_of(conn, &template.code, &params.period, &shown)?;
        let by_unit: HashMap<&str, &ReportRow> =
            reports.iter().map(|r| (r.unit_id.as_str(), r)).collect();
        let today = time::today();
        let due = model::due_date(&calendar::load(conn)?, end, &definition);
        let mut rows = Vec::new();
        let mut missing = Vec::new();
        for (id, name) in &counties {
            let report = by_unit.get(id.as_str()).copied();
            let status = report.map(ReportRow::status).transpose()?;
            let timeliness = match report {
                Some(r) => r.timeliness(today),
                None if today > due => Timeliness::Overdue,
                None => Timeliness::Pending,
            };
            if matches!(status, None | Some(StatisticsStatus::Draft)) {
                missing.push(stored_uuid(id)?);
            }
            let (values, flagged) = match report {
                Some(r) if status == Some(StatisticsStatus::Accepted) => {
                    let row_template = if r.template_id == template.id {
                        template.clone()
                    } else {
                        model::find_template(conn, &r.template_id)?
                    };
                    let dto = model::dto(conn, r, &row_template)?;
                    let mut values = dto.values.clone();
                    values.extend(model::ratios(&definition, &values));
                    (values, dto.flagged)
                }
                Some(r) if status != Some(StatisticsStatus::Draft) => {
                    (Figures::new(), model::dto(conn, r, &template)?.flagged)
                }
                _ => (Figures::new(), false),
            };
            rows.push(RegionRow {
                unit_id: stored_uuid(id)?,
                unit_name: name.clone(),
                report_id: report.map(|r| stored_uuid(&r.id)).transpose()?,
                status,
                timeliness,
                flagged,
                values,
            });
        }
        let (sums, accepted) = totals(&template, &reports)?;
        let (previous, last_year) = neighbour_periods(kind, start);
        let (previous_totals, _) = totals(
            &template,
            &reports_of(conn, &template.code, &previous, &shown)?,
        )?;
        let (last_year_totals, _) = totals(
            &template,
            &reports_of(conn, &template.code, &last_year, &shown)?,
        )?;
        Ok(RegionTable {
            template: template.to_dto()?,
            period: params.period.clone(),
            due_date: due,
            rows,
            totals: sums,
            previous_period: previous,
            previous_totals,
            last_year_period: last_year,
            last_year_totals,
            missing_unit_ids: missing,
            accepted_count: accepted,
        })
    }
}

/// The region total of one column over the accepted reports of each period up to `to`.
#[utoipa::path(tag = "statistics", params(TrendParams), responses((status = 200, body = Vec<TrendPoint>)))]
#[get("/statistics/trend")]
async fn trend(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::StatisticsRegionRead>,
    params: Query<TrendParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.0;
    let points = db::run(&state.pool, move |conn| {
        let template = latest_template(conn, &params.template_code)?;
        let kind = template.period_kind()?;
        let (start, _) = query_period(kind, "to", &params.to)?;
        if template.definition()?.column(&params.column).is_none() {
            return Err(ApiError::field(
                ErrorCode::InvalidQuery,
                "column",
                "unknown_figure",
                "this template has no such column",
            ));
        }
        let count = params.periods.unwrap_or(12).clamp(1, 60);
        let mut periods = vec![params.to.clone()];
        let mut cursor = start;
        while periods.len() < count as usize {
            let (previous, _) = neighbour_periods(kind, cursor);
            let Some((s, _)) = period_bounds(kind, &previous) else {
                break;
            };
            cursor = s;
            periods.push(previous);
        }
        periods.reverse();
        let shown: Vec<String> = units::table
            .filter(units::kind.eq(UnitKind::CountyBureau.as_str()))
            .filter(units::active.eq(true))
            .select(units::id)
            .load(conn)?;
        let rows: Vec<ReportRow> = statistics_reports::table
            .filter(statistics_reports::template_code.eq(&template.code))
            .filter(statistics_reports::unit_id.eq_any(&shown))
            .filter(statistics_reports::period.eq_any(&periods))
            .filter(statistics_reports::status.eq(StatisticsStatus::Accepted.as_str()))
            .select(ReportRow::as_select())
            .load(conn)?;
        let mut out = Vec::new();
        for period in periods {
            let of_period: Vec<ReportRow> = rows
                .iter()
                .filter(|r| r.period == period)
                .cloned()
                .collect();
            let (sums, accepted) = totals(&template, &of_period)?;
            out.push(TrendPoint {
                total: sums.get(&params.column).copied().unwrap_or(0.0),
                period,
                accepted_count: accepted,
            });
        }
        Ok(out)
    })
    .await?;
    etag::hashed_json(&req, &points)
}
