//! `GET /api/v1/public/working-calendar` and `PUT /api/v1/working-calendar/{year}`.

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::disclosure::{CalendarDay, CalendarDayKind, CalendarYear, CalendarYearView};
use api_types::{ErrorCode, FieldError};
use chrono::{Datelike, NaiveDate, Weekday};
use diesel::prelude::*;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{kind_str, parse_kind};
use crate::auth::perm;
use crate::db::schema::calendar_days;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, Query};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_year).service(put_year);
}

fn year_days(conn: &mut DbConnection, year: i32) -> Result<Vec<CalendarDay>, ApiError> {
    let (from, to) = bounds(year)?;
    let rows: Vec<(NaiveDate, String, String)> = calendar_days::table
        .filter(calendar_days::day.between(from, to))
        .order(calendar_days::day.asc())
        .select((calendar_days::day, calendar_days::kind, calendar_days::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(date, kind, name)| {
            parse_kind(&kind).map(|kind| CalendarDay { date, kind, name })
        })
        .collect())
}

fn bounds(year: i32) -> Result<(NaiveDate, NaiveDate), ApiError> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) if (2000..=2100).contains(&year) => Ok((a, b)),
        _ => Err(ApiError::field(
            ErrorCode::InvalidPathParameter,
            "year",
            "range",
            "must be a year from 2000 to 2100",
        )),
    }
}

/// The year's tag: its days and whether it still waits to be checked (confirming a
/// shipped year changes the tag, so no cache keeps showing the flag).
fn tag_of(days: &[CalendarDay], unverified: bool) -> Result<String, ApiError> {
    let bytes = serde_json::to_vec(&(days, unverified)).map_err(ApiError::internal)?;
    Ok(format!(
        "\"{}\"",
        hex::encode(&Sha256::digest(&bytes)[..12])
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct YearParams {
    /// The year, e.g. 2022.
    #[param(minimum = 2000, maximum = 2100)]
    year: i32,
}

/// The holidays and make-up working days of a year (public). The `ETag` is what
/// `PUT /api/v1/working-calendar/{year}` expects in `If-Match`.
#[utoipa::path(tag = "disclosure", params(YearParams), responses((status = 200, body = CalendarYearView)))]
#[get("/public/working-calendar")]
async fn get_year(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Query<YearParams>,
) -> Result<HttpResponse, ApiError> {
    let year = params.0.year;
    bounds(year)?;
    let (days, unverified) = db::run(&state.pool, move |conn| {
        Ok((year_days(conn, year)?, super::unverified(conn, year)?))
    })
    .await?;
    let tag = tag_of(&days, unverified)?;
    // The tag is the year's days (what `PUT` checks in `If-Match`), so it answers
    // `If-None-Match` too.
    let view = CalendarYearView {
        year,
        days,
        tag: tag.clone(),
        unverified,
    };
    etag::tagged_json(&req, tag, &view)
}

/// Replace a year's holidays and make-up working days (`If-Match`: the `ETag` of
/// `GET /api/v1/public/working-calendar?year=`). Holidays must fall on weekdays and
/// make-up working days on weekends.
#[utoipa::path(
    tag = "disclosure",
    request_body = CalendarYear,
    params(("year" = i32, Path, description = "The year", minimum = 2000, maximum = 2100), ("If-Match" = String, Header, description = "ETag of the year being replaced")),
    responses((status = 200, body = CalendarYearView))
)]
#[put("/working-calendar/{year}")]
async fn put_year(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CalendarManage>,
    path: web::Path<String>,
    body: Json<CalendarYear>,
) -> Result<HttpResponse, ApiError> {
    let year: i32 = path.parse().map_err(|_| {
        ApiError::field(
            ErrorCode::InvalidPathParameter,
            "year",
            "invalid_year",
            "must be a year",
        )
    })?;
    let (from, to) = bounds(year)?;
    let expected = ctx.if_match_raw().ok_or_else(|| {
        ApiError::new(
            ErrorCode::PreconditionRequired,
            "send If-Match with the ETag of the year being replaced",
        )
    })?;
    let days = body.0.days;
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, day) in days.iter().enumerate() {
        let weekend = matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun);
        let problem = if day.date < from || day.date > to {
            Some(("other_year", format!("{} is not in {year}", day.date)))
        } else if !seen.insert(day.date) {
            Some(("duplicate", format!("{} is listed twice", day.date)))
        } else if day.kind == CalendarDayKind::Holiday && weekend {
            Some((
                "weekend_holiday",
                "a weekend day is a rest day already; list holidays on weekdays only".to_string(),
            ))
        } else if day.kind == CalendarDayKind::Workday && !weekend {
            Some((
                "weekday_workday",
                "make-up working days fall on weekends".to_string(),
            ))
        } else {
            None
        };
        if let Some((code, message)) = problem {
            errors.push(FieldError::new(format!("days[{i}]"), code, message));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    let sent = days.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let before = year_days(conn, year)?;
        if tag_of(&before, super::unverified(conn, year)?)?
            != expected.trim().trim_start_matches("W/")
        {
            return Err(ApiError::new(
                ErrorCode::PreconditionFailed,
                "the calendar of this year changed meanwhile; reload it",
            ));
        }
        diesel::delete(calendar_days::table.filter(calendar_days::day.between(from, to)))
            .execute(conn)?;
        let now = time::now();
        for day in &days {
            diesel::insert_into(calendar_days::table)
                .values((
                    calendar_days::day.eq(day.date),
                    calendar_days::kind.eq(kind_str(day.kind)),
                    calendar_days::name.eq(day.name.trim()),
                    calendar_days::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        let after = year_days(conn, year)?;
        let view = CalendarYearView {
            year,
            days: after.clone(),
            tag: tag_of(&after, false)?,
            unverified: false,
        };
        let change = Change::updated(ResourceKind::WorkingCalendar, year, &before, &after);
        Ok(Outcome::ok(&view)?.audit(change))
    })
    .await
}
