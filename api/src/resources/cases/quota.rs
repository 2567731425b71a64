//! The quota of typical cases (`/api/v1/case-quotas/{year}`: each unit 1–2 a quarter
//! unless the bureau sets otherwise for the year) and the quarter's view of who
//! submitted how many (`/api/v1/case-quarters/{quarter}`).

use std::collections::HashMap;

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::cases::{CaseQuota, CaseQuotaChange, CaseStatus, QuarterCases, UnitCaseCount};
use api_types::period::Period;
use api_types::units::UnitKind;
use api_types::{ErrorCode, FieldError, Permission};
use diesel::prelude::*;

use crate::auth::{perm, Authorized};
use crate::db::schema::{case_quotas, case_submissions, units};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{path_year, Json};
use crate::http::write::{check_version, ensure_written, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

/// The plan: 每季度报送一至两个典型案例.
const DEFAULT_MIN: u32 = 1;
const DEFAULT_MAX: u32 = 2;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_case_quota)
        .service(put_case_quota)
        .service(case_quarter);
}

/// The quota of `year` (the default, version 0, until the bureau sets it).
pub fn quota(conn: &mut DbConnection, year: i32) -> Result<CaseQuota, ApiError> {
    let set: Option<(i32, i32, i64)> = case_quotas::table
        .find(year)
        .select((
            case_quotas::min_per_quarter,
            case_quotas::max_per_quarter,
            case_quotas::version,
        ))
        .first(conn)
        .optional()?;
    Ok(match set {
        Some((min, max, version)) => CaseQuota {
            year,
            min_per_quarter: u32::try_from(min).map_err(ApiError::internal)?,
            max_per_quarter: u32::try_from(max).map_err(ApiError::internal)?,
            version,
        },
        None => CaseQuota {
            year,
            min_per_quarter: DEFAULT_MIN,
            max_per_quarter: DEFAULT_MAX,
            version: 0,
        },
    })
}

/// The statuses that count toward a unit's quota (see `CaseStatus::counts`).
pub fn counted_statuses() -> Vec<&'static str> {
    CaseStatus::ALL
        .iter()
        .filter(|s| s.counts())
        .map(|s| s.as_str())
        .collect()
}

fn quarter_of(text: &str, field: &str, code: ErrorCode) -> Result<(i32, Period), ApiError> {
    match Period::parse(text) {
        Some(p @ Period::Quarter { year, .. }) => Ok((year, p)),
        _ => Err(ApiError::field(
            code,
            field,
            "quarter",
            "must be a quarter like 2022-Q2",
        )),
    }
}

/// Refuses a submission when `unit` already has as many cases counted for `quarter` as
/// the year's quota allows.
pub fn check_room(conn: &mut DbConnection, unit: &str, quarter: &str) -> Result<(), ApiError> {
    let (year, _) = quarter_of(quarter, "quarter", ErrorCode::ValidationFailed)?;
    let limit = quota(conn, year)?.max_per_quarter;
    let counted: i64 = case_submissions::table
        .filter(case_submissions::unit_id.eq(unit))
        .filter(case_submissions::quarter.eq(quarter))
        .filter(case_submissions::status.eq_any(counted_statuses()))
        .count()
        .get_result(conn)?;
    if counted >= i64::from(limit) {
        let mut error = FieldError::new(
            "quarter",
            "quota_reached",
            format!(
                "the unit has already submitted {counted} typical cases for {quarter}; a unit submits at most {limit} a quarter"
            ),
        );
        error.max = Some(i64::from(limit));
        return Err(ApiError::rules(vec![error]));
    }
    Ok(())
}

/// The quota of typical cases per unit and quarter for a year.
#[utoipa::path(tag = "cases", params(("year" = i32, Path, description = "The year", minimum = 2000, maximum = 2100)), responses((status = 200, body = CaseQuota)))]
#[get("/case-quotas/{year}")]
async fn get_case_quota(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::CasesRead>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let year = path_year(&path)?;
    let found = db::run(&state.pool, move |conn| quota(conn, year)).await?;
    etag::versioned_json(&req, found.version, &found)
}

/// Set the quota of a year (`If-Match`: `"0"` while it is the default). Cases already
/// submitted stay; the new maximum applies to the next submission.
#[utoipa::path(
    tag = "cases",
    request_body = CaseQuotaChange,
    params(("year" = i32, Path, description = "The year", minimum = 2000, maximum = 2100), ("If-Match" = String, Header, description = "ETag of the quota")),
    responses((status = 200, body = CaseQuota))
)]
#[put("/case-quotas/{year}")]
async fn put_case_quota(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesReview>,
    path: web::Path<String>,
    body: Json<CaseQuotaChange>,
) -> Result<HttpResponse, ApiError> {
    let year = path_year(&path)?;
    let expected = ctx.expected_version()?;
    let change = body.0;
    let sent = change.clone();
    ctx.run(&state, &sent, move |conn, _| {
        if change.min_per_quarter > change.max_per_quarter {
            return Err(ApiError::rule(
                "max_per_quarter",
                "below_minimum",
                "the maximum must not be below the minimum",
            ));
        }
        let before = quota(conn, year)?;
        check_version(before.version, expected)?;
        let (min, max) = (
            i32::try_from(change.min_per_quarter).map_err(ApiError::internal)?,
            i32::try_from(change.max_per_quarter).map_err(ApiError::internal)?,
        );
        let now = time::now();
        if before.version == 0 {
            diesel::insert_into(case_quotas::table)
                .values((
                    case_quotas::year.eq(year),
                    case_quotas::min_per_quarter.eq(min),
                    case_quotas::max_per_quarter.eq(max),
                    case_quotas::version.eq(1),
                    case_quotas::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(|e| match ApiError::from(e) {
                    // Someone set the year meanwhile: as any other lost race.
                    e if e.code == ErrorCode::Duplicate => ApiError::new(
                        ErrorCode::PreconditionFailed,
                        "the quota was set by someone else meanwhile; reload and retry",
                    ),
                    e => e,
                })?;
        } else {
            let written = diesel::update(
                case_quotas::table
                    .find(year)
                    .filter(case_quotas::version.eq(before.version)),
            )
            .set((
                case_quotas::min_per_quarter.eq(min),
                case_quotas::max_per_quarter.eq(max),
                case_quotas::version.eq(before.version + 1),
                case_quotas::updated_at.eq(now),
            ))
            .execute(conn)?;
            ensure_written(written)?;
        }
        let after = quota(conn, year)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::CaseQuota, year, &before, &after),
        )
    })
    .await
}

/// Each submitting unit in the caller's scope (sections and county bureaus) with its
/// count of typical cases for the quarter, the quota and the deadline (the quarter's
/// last day): who is missing shows at a glance.
#[utoipa::path(tag = "cases", params(("quarter" = String, Path, description = "The quarter", pattern = r"^(?:20[0-9]{2}|2100)-Q[1-4]$")), responses((status = 200, body = QuarterCases)))]
#[get("/case-quarters/{quarter}")]
async fn case_quarter(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesRead>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let quarter = path.into_inner();
    let (year, period) = quarter_of(&quarter, "quarter", ErrorCode::InvalidPathParameter)?;
    let found = db::run(&state.pool, move |conn| {
        let quota = quota(conn, year)?;
        let visible = auth.principal.visible_units(conn, Permission::CasesRead)?;
        let kinds = [UnitKind::Section.as_str(), UnitKind::CountyBureau.as_str()];
        let submitting: Vec<(String, String)> = units::table
            .filter(units::active.eq(true))
            .filter(units::kind.eq_any(kinds))
            .order((units::sort_order.asc(), units::code.asc()))
            .select((units::id, units::name))
            .load(conn)?;
        let rows: Vec<(String, String)> = case_submissions::table
            .filter(case_submissions::quarter.eq(&quarter))
            .select((case_submissions::unit_id, case_submissions::status))
            .load(conn)?;
        let mut counts: HashMap<String, (u32, u32, u32)> = HashMap::new();
        for (unit, status) in rows {
            let entry = counts.entry(unit).or_default();
            match CaseStatus::parse(&status) {
                Some(s) if s.counts() => {
                    entry.0 += 1;
                    if matches!(s, CaseStatus::Accepted | CaseStatus::Selected) {
                        entry.1 += 1;
                    }
                }
                Some(CaseStatus::Draft) => entry.2 += 1,
                _ => {}
            }
        }
        let units = submitting
            .into_iter()
            .filter(|(id, _)| visible.as_ref().is_none_or(|v| v.contains(id)))
            .map(|(id, name)| {
                let (counted, accepted, drafts) = counts.get(&id).copied().unwrap_or_default();
                Ok(UnitCaseCount {
                    unit_id: stored_uuid(&id)?,
                    unit_name: name,
                    counted,
                    accepted,
                    drafts,
                    missing: counted < quota.min_per_quarter,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(QuarterCases {
            quarter,
            min_per_quarter: quota.min_per_quarter,
            max_per_quarter: quota.max_per_quarter,
            deadline: period.end(),
            units,
        })
    })
    .await?;
    etag::hashed_json(&req, &found)
}
