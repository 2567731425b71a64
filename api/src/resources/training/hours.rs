//! Credit hours (学时): each person's hours in a year by category and event, the
//! annual requirement (a bureau setting, 90 by default), each unit's completion rate,
//! and the people below the requirement.
//!
//! A session's hours count in the year it starts (Beijing time). A person earns a
//! session's hours times the share of their attendance status; an event whose leave
//! (excused or absent hours) exceeds its limit (1/7 by default) is not completed and
//! earns nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use api_types::audit::ResourceKind;
use api_types::training::{
    CategoryHours, EventHours, HoursReport, PersonHours, TrainingCategory,
    TrainingEnrolmentSummary, TrainingRequirement, TrainingRequirementContent, UnitHours,
};
use api_types::{ErrorCode, Role};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, hours, AttendanceRow, EventRow, SessionRow, TENTHS};
use crate::auth::principal::roles_from_column;
use crate::auth::{perm, policy, Authorized, Permission, Principal};
use crate::db::schema::{
    training_attendance, training_enrolments, training_events, training_requirements,
    training_sessions, units, users,
};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListFilter, ListQuery, Query};
use crate::http::write::{check_version, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

/// 学时 a year when the bureau has set none: the figure of the cadre-training
/// regulation for section level and below.
pub const DEFAULT_REQUIRED_TENTHS: i64 = 90 * TENTHS;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_trainings)
        .service(my_hours)
        .service(people_hours)
        .service(units_hours)
        .service(get_requirement)
        .service(put_requirement);
}

/// The UTC bounds of a year at the bureau.
fn year_bounds(year: i32) -> Result<(NaiveDateTime, NaiveDateTime), ApiError> {
    let start = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|d| time::BUREAU_TZ.from_local_datetime(&d).single())
            .map(|d| d.naive_utc())
            .ok_or_else(|| ApiError::internal("year bounds"))
    };
    Ok((start(year)?, start(year + 1)?))
}

/// The requirement of `year` in tenths, and whether it was set.
fn required(
    conn: &mut DbConnection,
    year: i32,
) -> Result<(i64, Option<(i64, NaiveDateTime)>), ApiError> {
    let row: Option<(i32, i64, NaiveDateTime)> = training_requirements::table
        .find(year)
        .select((
            training_requirements::hours_tenths,
            training_requirements::version,
            training_requirements::updated_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((tenths, version, at)) => (i64::from(tenths), Some((version, at))),
        None => (DEFAULT_REQUIRED_TENTHS, None),
    })
}

/// One person to report on.
pub struct Person {
    pub id: String,
    pub name: String,
    pub unit_id: String,
}

/// The hours of `people` in `year`.
pub fn hours_of(
    conn: &mut DbConnection,
    people: &[Person],
    year: i32,
) -> Result<Vec<PersonHours>, ApiError> {
    hours_before(conn, people, year, None)
}

/// The hours of `people` in `year` from the sessions that started before `cutoff`
/// (the whole year without one): what a past period's assessment counts.
pub fn hours_before(
    conn: &mut DbConnection,
    people: &[Person],
    year: i32,
    cutoff: Option<NaiveDateTime>,
) -> Result<Vec<PersonHours>, ApiError> {
    let (from, year_end) = year_bounds(year)?;
    let to = cutoff.map_or(year_end, |c| c.min(year_end));
    let (required_tenths, _) = required(conn, year)?;
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    // Marks of the year's sessions, read in chunks of people (bind limits).
    let mut marks: Vec<(AttendanceRow, String)> = Vec::new();
    for chunk in ids.chunks(5000) {
        marks.extend(
            training_attendance::table
                .inner_join(
                    training_sessions::table
                        .on(training_sessions::id.eq(training_attendance::session_id)),
                )
                .filter(training_attendance::user_id.eq_any(chunk))
                .filter(training_sessions::starts_at.ge(from))
                .filter(training_sessions::starts_at.lt(to))
                .select((AttendanceRow::as_select(), training_sessions::event_id))
                .load::<(AttendanceRow, String)>(conn)?,
        );
    }
    let event_ids: Vec<String> = marks
        .iter()
        .map(|(_, e)| e.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let events: HashMap<String, EventRow> = training_events::table
        .filter(training_events::id.eq_any(&event_ids))
        .select(EventRow::as_select())
        .load::<EventRow>(conn)?
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    let sessions: HashMap<String, SessionRow> = training_sessions::table
        .filter(training_sessions::event_id.eq_any(&event_ids))
        .select(SessionRow::as_select())
        .load::<SessionRow>(conn)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    // The leave limit is the whole event's: every mark of these people at these events'
    // sessions, whatever their year (an event may run from December into January).
    let session_ids: Vec<&str> = sessions.keys().map(String::as_str).collect();
    let mut all_marks: Vec<AttendanceRow> = Vec::new();
    for chunk in ids.chunks(5000) {
        all_marks.extend(
            training_attendance::table
                .filter(training_attendance::user_id.eq_any(chunk))
                .filter(training_attendance::session_id.eq_any(&session_ids))
                .select(AttendanceRow::as_select())
                .load::<AttendanceRow>(conn)?,
        );
    }
    let mut by_person: HashMap<&str, Vec<&AttendanceRow>> = HashMap::new();
    for mark in &all_marks {
        by_person
            .entry(mark.user_id.as_str())
            .or_default()
            .push(mark);
    }
    let mut contents = HashMap::new();
    for (id, event) in &events {
        contents.insert(id.clone(), event.content()?);
    }
    people
        .iter()
        .map(|person| {
            let mut per_event: BTreeMap<&str, Vec<&AttendanceRow>> = BTreeMap::new();
            for mark in by_person.get(person.id.as_str()).into_iter().flatten() {
                if let Some(session) = sessions.get(&mark.session_id) {
                    per_event
                        .entry(session.event_id.as_str())
                        .or_default()
                        .push(mark);
                }
            }
            let mut events_out = Vec::new();
            let mut by_category: BTreeMap<&str, i64> = BTreeMap::new();
            let mut total = 0;
            for (event_id, marks) in per_event {
                let (Some(event), Some(content)) = (events.get(event_id), contents.get(event_id))
                else {
                    continue;
                };
                let own: Vec<&SessionRow> = sessions
                    .values()
                    .filter(|s| s.event_id == event_id)
                    .collect();
                let event_tenths: i64 = own.iter().map(|s| i64::from(s.credit_tenths)).sum();
                // Tenths times percent, of this year's sessions; divided once, rounded
                // half up, so that shares do not lose a tenth per session.
                let mut earned_share = 0;
                let mut leave = 0;
                for mark in &marks {
                    let Some(session) = sessions.get(&mark.session_id) else {
                        continue;
                    };
                    let status = mark.status()?;
                    let credit = i64::from(session.credit_tenths);
                    // A past period's figure does not change with later leave.
                    if status.is_leave() && cutoff.is_none_or(|c| session.starts_at < c) {
                        leave += credit;
                    }
                    if (from..to).contains(&session.starts_at) {
                        earned_share += credit * i64::from(content.shares.of(status));
                    }
                }
                let within = leave * i64::from(content.leave_denominator)
                    <= event_tenths * i64::from(content.leave_numerator);
                let all_marked = marks.len() == own.len();
                let earned = if within { (earned_share + 50) / 100 } else { 0 };
                total += earned;
                *by_category.entry(event.category.as_str()).or_default() += earned;
                events_out.push(EventHours {
                    event_id: stored_uuid(event_id)?,
                    title: event.title.clone(),
                    category: TrainingCategory::parse(&event.category)
                        .ok_or_else(|| ApiError::internal("stored training category"))?,
                    hours: hours(earned),
                    total_hours: hours(event_tenths),
                    leave_hours: hours(leave),
                    completed: within && all_marked,
                });
            }
            Ok(PersonHours {
                user_id: stored_uuid(&person.id)?,
                user_name: person.name.clone(),
                unit_id: stored_uuid(&person.unit_id)?,
                year,
                hours: hours(total),
                required: hours(required_tenths),
                met: total >= required_tenths,
                by_category: TrainingCategory::ALL
                    .iter()
                    .map(|c| CategoryHours {
                        category: *c,
                        hours: hours(by_category.get(c.as_str()).copied().unwrap_or(0)),
                    })
                    .collect(),
                events: events_out,
            })
        })
        .collect()
}

/// The training section of a person's legal archive: their hours in each year with any
/// attendance, and this year, newest first.
pub fn archive_section(
    conn: &mut DbConnection,
    person: Person,
) -> Result<Vec<PersonHours>, ApiError> {
    use chrono::Datelike;
    let starts: Vec<NaiveDateTime> = training_attendance::table
        .inner_join(
            training_sessions::table.on(training_sessions::id.eq(training_attendance::session_id)),
        )
        .filter(training_attendance::user_id.eq(&person.id))
        .select(training_sessions::starts_at)
        .load(conn)?;
    let mut years: Vec<i32> = starts
        .iter()
        .map(|at| time::local_date(*at).year())
        .chain(std::iter::once(time::today().year()))
        .filter(|y| (2000..=2100).contains(y))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let people = [person];
    let mut out = Vec::new();
    for year in years {
        out.extend(hours_of(conn, &people, year)?);
    }
    Ok(out)
}

/// Active people of `units` (all when `None`) who attend training (their roles hold
/// `training.attend`).
pub fn trainees(
    conn: &mut DbConnection,
    units: Option<&HashSet<String>>,
) -> Result<Vec<Person>, ApiError> {
    let mut query = users::table
        .filter(users::active.eq(true))
        .select((users::id, users::name, users::unit_id, users::roles))
        .order((users::name.asc(), users::id.asc()))
        .into_boxed();
    if let Some(units) = units {
        query = query.filter(users::unit_id.eq_any(units.iter().cloned().collect::<Vec<_>>()));
    }
    let rows: Vec<(String, String, String, String)> = query.load(conn)?;
    let mut people = Vec::new();
    for (id, name, unit_id, roles) in rows {
        let roles: Vec<Role> = roles_from_column(&roles)?;
        if policy::policy()
            .scope(Permission::TrainingAttend, &roles)
            .is_some()
        {
            people.push(Person { id, name, unit_id });
        }
    }
    Ok(people)
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (this year at the bureau by default).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

fn year_or_this(year: Option<i32>) -> Result<i32, ApiError> {
    use chrono::Datelike;
    let year = year.unwrap_or_else(|| time::today().year());
    crate::http::extract::check_year(year, "year", ErrorCode::InvalidQuery)?;
    Ok(year)
}

/// The caller's trainings: every event they are enrolled in, waiting for or withdrew
/// from, newest first, with the event.
#[utoipa::path(tag = "training", responses((status = 200, body = Vec<TrainingEnrolmentSummary>)))]
#[get("/me/trainings")]
async fn my_trainings(
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingAttend>,
) -> Result<HttpResponse, ApiError> {
    let list = db::run(&state.pool, move |conn| {
        let rows: Vec<model::EnrolmentRow> = training_enrolments::table
            .filter(training_enrolments::user_id.eq(auth.principal.id.to_string()))
            .order(training_enrolments::created_at.desc())
            .limit(500)
            .select(model::EnrolmentRow::as_select())
            .load(conn)?;
        let enrolments = super::enrolments::enrolment_dtos(conn, &rows)?;
        let ids: Vec<String> = rows.iter().map(|r| r.event_id.clone()).collect();
        let events: Vec<EventRow> = training_events::table
            .filter(training_events::id.eq_any(&ids))
            .select(EventRow::as_select())
            .load(conn)?;
        let events = model::event_dtos(conn, &events, time::now())?;
        enrolments
            .into_iter()
            .map(|enrolment| {
                let event = events
                    .iter()
                    .find(|e| e.id == enrolment.event_id)
                    .cloned()
                    .ok_or_else(|| ApiError::internal("enrolment's event"))?;
                Ok(TrainingEnrolmentSummary { enrolment, event })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(list))
}

/// The caller's hours in a year, by category and event, against the requirement.
#[utoipa::path(tag = "training", params(YearQuery), responses((status = 200, body = PersonHours)))]
#[get("/me/training-hours")]
async fn my_hours(
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingAttend>,
    query: Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = year_or_this(query.0.year)?;
    let mine = db::run(&state.pool, move |conn| {
        let p = &auth.principal;
        let person = Person {
            id: p.id.to_string(),
            name: p.name.clone(),
            unit_id: p.unit_id.to_string(),
        };
        hours_of(conn, &[person], year)?
            .pop()
            .ok_or_else(|| ApiError::internal("own hours"))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(mine))
}

/// Filters of `GET /api/v1/training-hours/people`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleHoursFilter {
    /// The year (this year at the bureau by default).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// People of this unit and the units below it.
    pub unit_id: Option<Uuid>,
    /// Only those below the requirement (`true`) or who met it (`false`).
    pub below_requirement: Option<bool>,
}

impl ListFilter for PeopleHoursFilter {
    const SORT_FIELDS: &'static [&'static str] = &["hours", "name"];
    const DEFAULT_SORT: &'static str = "hours";
}

/// The units of a report: the caller's scope, narrowed to a unit's subtree.
fn report_units(
    conn: &mut DbConnection,
    principal: &Principal,
    unit: Option<Uuid>,
) -> Result<Option<HashSet<String>>, ApiError> {
    let visible = principal.visible_units(conn, Permission::TrainingHoursRead)?;
    let Some(unit) = unit else {
        return Ok(visible);
    };
    let unit = unit.to_string();
    principal.require_unit(conn, Permission::TrainingHoursRead, &unit)?;
    Ok(Some(crate::auth::policy::subtree(conn, &unit)?))
}

/// People's hours in a year against the requirement (a county bureau: its own and its
/// brigades' people); fewest hours first. With `below_requirement=true`: who still
/// falls short (the Q4 list).
#[utoipa::path(tag = "training", params(PeopleHoursFilter, crate::openapi::ListParams<PeopleHoursFilter>), responses((status = 200, body = api_types::Page<PersonHours>)))]
#[get("/training-hours/people")]
async fn people_hours(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingHoursRead>,
    query: ListQuery<PeopleHoursFilter>,
) -> Result<HttpResponse, ApiError> {
    let year = year_or_this(query.filter.year)?;
    let page = db::run(&state.pool, move |conn| {
        let units = report_units(conn, &auth.principal, query.filter.unit_id)?;
        let people = trainees(conn, units.as_ref())?;
        let mut items = hours_of(conn, &people, year)?;
        if let Some(below) = query.filter.below_requirement {
            items.retain(|p| p.met != below);
        }
        match query.sort.field {
            "name" => items.sort_by(|a, b| {
                a.user_name
                    .cmp(&b.user_name)
                    .then(a.user_id.cmp(&b.user_id))
            }),
            _ => items.sort_by(|a, b| {
                a.hours
                    .total_cmp(&b.hours)
                    .then(a.user_name.cmp(&b.user_name))
                    .then(a.user_id.cmp(&b.user_id))
            }),
        }
        if query.sort.descending {
            items.reverse();
        }
        Ok(db::list::page_in_memory(&query, items))
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Each unit's completion of the requirement in a year: a line per unit in the
/// caller's scope that has people who attend training (each unit its own people).
#[utoipa::path(tag = "training", params(YearQuery), responses((status = 200, body = HoursReport)))]
#[get("/training-hours/units")]
async fn units_hours(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::TrainingHoursRead>,
    query: Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = year_or_this(query.0.year)?;
    let report = db::run(&state.pool, move |conn| {
        let units = report_units(conn, &auth.principal, None)?;
        let people = trainees(conn, units.as_ref())?;
        let items = hours_of(conn, &people, year)?;
        let (required_tenths, _) = required(conn, year)?;
        let mut unit_ids: Vec<String> = match &units {
            Some(u) => u.iter().cloned().collect(),
            None => units::table.select(units::id).load(conn)?,
        };
        unit_ids.sort();
        let lines = unit_ids
            .iter()
            .map(|unit| {
                let mine: Vec<&PersonHours> = items
                    .iter()
                    .filter(|p| p.unit_id.to_string() == *unit)
                    .collect();
                let people = u32::try_from(mine.len()).unwrap_or(u32::MAX);
                let met = u32::try_from(mine.iter().filter(|p| p.met).count()).unwrap_or(u32::MAX);
                let sum: f64 = mine.iter().map(|p| p.hours).sum();
                Ok(UnitHours {
                    unit_id: stored_uuid(unit)?,
                    people,
                    met,
                    completion_rate: (people > 0)
                        .then(|| (f64::from(met) * 1000.0 / f64::from(people)).round() / 10.0),
                    mean_hours: (people > 0)
                        .then(|| (sum * 10.0 / f64::from(people)).round() / 10.0),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(HoursReport {
            year,
            required: hours(required_tenths),
            units: lines.into_iter().filter(|l| l.people > 0).collect(),
        })
    })
    .await?;
    etag::hashed_json(&req, &report)
}

fn requirement(conn: &mut DbConnection, year: i32) -> Result<TrainingRequirement, ApiError> {
    let (tenths, set) = required(conn, year)?;
    Ok(TrainingRequirement {
        year,
        hours: hours(tenths),
        set: set.is_some(),
        version: set.map_or(0, |(v, _)| v),
        updated_at: set.map(|(_, at)| time::to_utc(at)),
    })
}

/// The annual requirement of a year (the default until the bureau sets it; version 0).
#[utoipa::path(tag = "training", params(("year" = i32, Path, description = "The year", minimum = 2000, maximum = 2100)), responses((status = 200, body = TrainingRequirement)))]
#[get("/training-requirements/{year}")]
async fn get_requirement(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::TrainingRead>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let year = crate::http::extract::path_year(&path)?;
    let found = db::run(&state.pool, move |conn| requirement(conn, year)).await?;
    etag::versioned_json(&req, found.version, &found)
}

/// Set the annual requirement of a year (`If-Match`: `"0"` while it is the default).
#[utoipa::path(
    tag = "training",
    request_body = TrainingRequirementContent,
    params(("year" = i32, Path, description = "The year", minimum = 2000, maximum = 2100), ("If-Match" = String, Header, description = "ETag of the requirement")),
    responses((status = 200, body = TrainingRequirement))
)]
#[put("/training-requirements/{year}")]
async fn put_requirement(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::TrainingRequirementsManage>,
    path: web::Path<String>,
    body: Json<TrainingRequirementContent>,
) -> Result<HttpResponse, ApiError> {
    let year = crate::http::extract::path_year(&path)?;
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, _| {
        let Some(tenths) = model::tenths(content.hours) else {
            return Err(ApiError::rule(
                "hours",
                "one_decimal",
                "give the hours with at most one decimal",
            ));
        };
        let tenths = i32::try_from(tenths).map_err(ApiError::internal)?;
        let before = requirement(conn, year)?;
        check_version(before.version, expected)?;
        let now = time::now();
        if before.set {
            let written = diesel::update(
                training_requirements::table
                    .find(year)
                    .filter(training_requirements::version.eq(before.version)),
            )
            .set((
                training_requirements::hours_tenths.eq(tenths),
                training_requirements::version.eq(before.version + 1),
                training_requirements::updated_at.eq(now),
            ))
            .execute(conn)?;
            crate::http::write::ensure_written(written)?;
        } else {
            diesel::insert_into(training_requirements::table)
                .values((
                    training_requirements::year.eq(year),
                    training_requirements::hours_tenths.eq(tenths),
                    training_requirements::version.eq(1),
                    training_requirements::created_at.eq(now),
                    training_requirements::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(|e| match ApiError::from(e) {
                    // Someone set the year meanwhile: as any other lost race.
                    e if e.code == ErrorCode::Duplicate => ApiError::new(
                        ErrorCode::PreconditionFailed,
                        "the requirement was set by someone else meanwhile; reload and retry",
                    ),
                    e => e,
                })?;
        }
        let after = requirement(conn, year)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::TrainingRequirement, year, &before, &after),
        )
    })
    .await
}
