//! Results: each person's result per session (the legal archive's source), who of a
//! session's takers has not yet taken it, participation and pass rates by unit, the
//! score distribution and the item analysis.

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::quizzes::{
    AttemptStatus, ItemAnalysis, ItemStatistics, Participant, ParticipantStatus, QuizKind,
    QuizResult, ScoreBand, SessionResults, TestStatistics, UnitResult,
};
use api_types::units::UnitKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::grading::{self, CENTI};
use super::model::{self, AttemptRow, ResultRow, SessionRow};
use super::statistics;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::{Columns, Listing, UnitScope, Where};
use crate::db::schema::{quiz_answers, quiz_attempts, quiz_results, quiz_sessions, units, users};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{ListFilter, ListQuery, PathId};
use crate::http::middleware::RequestId;
use crate::spreadsheet::export::{column, respond_with, rows_workbook, Column, SheetExport};
use crate::spreadsheet::{names, Cell};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_quiz_results)
        .service(quiz_results_xlsx)
        .service(my_results)
        .service(participants_xlsx)
        .service(list_participants)
        .service(session_results)
        .service(item_analysis);
}

/// What a result row needs from its session.
struct SessionFacts {
    title: String,
    kind: QuizKind,
    max_score: i32,
    pass_score: u32,
}

fn session_facts(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, SessionFacts>, ApiError> {
    let rows: Vec<SessionRow> = quiz_sessions::table
        .filter(quiz_sessions::id.eq_any(ids))
        .select(SessionRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|s| {
            let facts = SessionFacts {
                title: s.title.clone(),
                kind: s.kind()?,
                max_score: s.max_score,
                pass_score: s.content()?.pass_score,
            };
            Ok((s.id, facts))
        })
        .collect()
}

/// The quiz section of a person's legal archive: every result, newest first.
pub fn archive_section(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<QuizResult>, ApiError> {
    let rows: Vec<ResultRow> = quiz_results::table
        .filter(quiz_results::user_id.eq(user_id))
        .order((
            quiz_results::last_submitted_at.desc(),
            quiz_results::id.desc(),
        ))
        .select(ResultRow::as_select())
        .load(conn)?;
    result_dtos(conn, &rows)
}

/// Result rows as the wire shows them (two queries for the page).
pub(super) fn result_dtos(
    conn: &mut DbConnection,
    rows: &[ResultRow],
) -> Result<Vec<QuizResult>, ApiError> {
    let mut session_ids: Vec<String> = rows.iter().map(|r| r.session_id.clone()).collect();
    session_ids.sort();
    session_ids.dedup();
    let sessions = session_facts(conn, &session_ids)?;
    let user_ids: Vec<String> = rows.iter().map(|r| r.user_id.clone()).collect();
    let names = model::user_names(conn, &user_ids)?;
    rows.iter()
        .map(|r| {
            let s = sessions
                .get(&r.session_id)
                .ok_or_else(|| ApiError::internal("result of an unknown session"))?;
            Ok(QuizResult {
                id: stored_uuid(&r.id)?,
                session_id: stored_uuid(&r.session_id)?,
                session_title: s.title.clone(),
                session_kind: s.kind,
                user_id: stored_uuid(&r.user_id)?,
                user_name: names.get(&r.user_id).cloned().unwrap_or_default(),
                unit_id: stored_uuid(&r.unit_id)?,
                attempts: u32::try_from(r.attempts).unwrap_or(0),
                status: r.status()?,
                score: r.score_centi.map(grading::points),
                max_score: f64::from(s.max_score),
                pass_score: f64::from(s.pass_score),
                passed: r.passed,
                last_submitted_at: time::to_utc(r.last_submitted_at),
                version: r.version,
                updated_at: time::to_utc(r.updated_at),
            })
        })
        .collect()
}

/// A person's result in a session, if they closed an attempt.
pub fn result_of_user(
    conn: &mut DbConnection,
    session: &SessionRow,
    user_id: &str,
) -> Result<Option<QuizResult>, ApiError> {
    let row: Option<ResultRow> = quiz_results::table
        .filter(quiz_results::session_id.eq(&session.id))
        .filter(quiz_results::user_id.eq(user_id))
        .select(ResultRow::as_select())
        .first(conn)
        .optional()?;
    Ok(match row {
        Some(row) => result_dtos(conn, std::slice::from_ref(&row))?.pop(),
        None => None,
    })
}

/// Filters of `GET /api/v1/quiz-results`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultFilter {
    /// Results of people of this unit (within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub passed: Option<bool>,
}

impl ListFilter for ResultFilter {
    const SORT_FIELDS: &'static [&'static str] = &["last_submitted_at"];
    const DEFAULT_SORT: &'static str = "-last_submitted_at";
}

/// Filters of `GET /api/v1/me/quiz-results`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyResultFilter {
    pub session_id: Option<Uuid>,
}

impl ListFilter for MyResultFilter {
    const SORT_FIELDS: &'static [&'static str] = &["last_submitted_at"];
    const DEFAULT_SORT: &'static str = "-last_submitted_at";
}

/// People's results in the caller's unit scope.
pub struct ResultList;

impl Listing for ResultList {
    crate::listing_source!(quiz_results::table, ResultRow);
    type Filter = ResultFilter;
    type Context = UnitScope;
    type Item = QuizResult;

    fn filter(
        f: &ResultFilter,
        scope: &UnitScope,
        terms: &mut Where<quiz_results::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, quiz_results::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(quiz_results::unit_id.eq(unit.to_string()));
        }
        if let Some(user) = f.user_id {
            terms.and(quiz_results::user_id.eq(user.to_string()));
        }
        if let Some(session) = f.session_id {
            terms.and(quiz_results::session_id.eq(session.to_string()));
        }
        if let Some(passed) = f.passed {
            terms.and(quiz_results::passed.eq(passed));
        }
        Ok(())
    }

    fn columns() -> Columns<quiz_results::table> {
        Columns::new(quiz_results::id, quiz_results::updated_at)
            .sort("last_submitted_at", quiz_results::last_submitted_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ResultRow>,
        _: &UnitScope,
    ) -> Result<Vec<QuizResult>, ApiError> {
        result_dtos(conn, &rows)
    }
}

/// My own results.
pub struct MyResultList;

impl Listing for MyResultList {
    crate::listing_source!(quiz_results::table, ResultRow);
    type Filter = MyResultFilter;
    /// The caller's user id.
    type Context = String;
    type Item = QuizResult;

    fn filter(
        f: &MyResultFilter,
        user: &String,
        terms: &mut Where<quiz_results::table>,
    ) -> Result<(), ApiError> {
        terms.and(quiz_results::user_id.eq(user.clone()));
        if let Some(session) = f.session_id {
            terms.and(quiz_results::session_id.eq(session.to_string()));
        }
        Ok(())
    }

    fn columns() -> Columns<quiz_results::table> {
        Columns::new(quiz_results::id, quiz_results::updated_at)
            .sort("last_submitted_at", quiz_results::last_submitted_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ResultRow>,
        _: &String,
    ) -> Result<Vec<QuizResult>, ApiError> {
        result_dtos(conn, &rows)
    }
}

impl SheetExport for ResultList {
    const TITLE: &'static str = "学法考试成绩";
    const FILE_STEM: &'static str = "quiz-results";

    fn sheet_columns(
        conn: &mut DbConnection,
        _: &UnitScope,
    ) -> Result<Vec<Column<QuizResult>>, ApiError> {
        let units = names::units(conn)?;
        Ok(vec![
            column("姓名", 14.0, |r: &QuizResult| {
                Cell::Text(r.user_name.clone())
            }),
            column("单位", 24.0, move |r: &QuizResult| {
                Cell::text(units.get(&r.unit_id).cloned())
            }),
            column("考试", 30.0, |r: &QuizResult| {
                Cell::Text(r.session_title.clone())
            }),
            column("类别", 12.0, |r: &QuizResult| {
                Cell::Text(r.session_kind.label_zh().into())
            }),
            column("作答次数", 8.0, |r: &QuizResult| {
                Cell::Count(r.attempts.into())
            }),
            column("成绩", 8.0, |r: &QuizResult| {
                r.score.map_or(Cell::Empty, Cell::Number)
            }),
            column("满分", 8.0, |r: &QuizResult| Cell::Number(r.max_score)),
            column("及格分", 8.0, |r: &QuizResult| {
                Cell::Number(r.pass_score)
            }),
            column("是否合格", 8.0, |r: &QuizResult| {
                r.passed.map_or(Cell::Text("待阅卷".into()), Cell::Flag)
            }),
            column("最后交卷时间", 17.0, |r: &QuizResult| {
                Cell::Time(r.last_submitted_at)
            }),
        ])
    }
}

/// The results list as an `.xlsx` workbook with the same filters and sort (all rows),
/// recorded as an export.
#[utoipa::path(
    tag = "quizzes",
    params(ResultFilter, crate::openapi::ListParams<ResultFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/quiz-results:xlsx")]
async fn quiz_results_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    request_id: RequestId,
    query: ListQuery<ResultFilter>,
) -> Result<HttpResponse, ApiError> {
    let unit = query.filter.unit_id;
    crate::spreadsheet::export::respond::<ResultList, _>(
        &state,
        &req,
        auth.principal,
        &request_id,
        query,
        move |conn, principal| UnitScope::of(conn, principal, Permission::QuizResultsRead, unit),
    )
    .await
}

/// People's results by session (one line per person and session, by the session's
/// grading method), for the units in the caller's scope: what the legal archive shows.
/// Pre-appointment exams carry `session_kind = pre_appointment_exam`.
#[utoipa::path(tag = "quizzes", params(ResultFilter, crate::openapi::ListParams<ResultFilter>), responses((status = 200, body = api_types::Page<QuizResult>)))]
#[get("/quiz-results")]
async fn list_quiz_results(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    query: ListQuery<ResultFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::QuizResultsRead,
            query.filter.unit_id,
        )?;
        db::list::page::<ResultList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// My results, one per session.
#[utoipa::path(tag = "quizzes", params(MyResultFilter, crate::openapi::ListParams<MyResultFilter>), responses((status = 200, body = api_types::Page<QuizResult>)))]
#[get("/me/quiz-results")]
async fn my_results(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizzesTake>,
    query: ListQuery<MyResultFilter>,
) -> Result<HttpResponse, ApiError> {
    let user = auth.principal.id.to_string();
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<MyResultList>(conn, &query, &user)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// A published (or closed) session the caller may read results of.
fn readable_session(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<SessionRow, ApiError> {
    let session = model::find_session(conn, id)?;
    super::sessions::require_visible(conn, principal, &session)?;
    Ok(session)
}

/// Everyone who takes `session` or took it: its takers, and anyone with an attempt.
fn people(conn: &mut DbConnection, session: &SessionRow) -> Result<Vec<model::Member>, ApiError> {
    let mut all = model::takers(conn, session)?;
    let known: HashSet<String> = all.iter().map(|m| m.user_id.clone()).collect();
    let rows: Vec<(String, String)> = quiz_attempts::table
        .filter(quiz_attempts::session_id.eq(&session.id))
        .select((quiz_attempts::user_id, quiz_attempts::unit_id))
        .distinct()
        .load(conn)?;
    let extra: Vec<(String, String)> = rows
        .into_iter()
        .filter(|(u, _)| !known.contains(u))
        .collect();
    let ids: Vec<String> = extra.iter().map(|(u, _)| u.clone()).collect();
    let names = model::user_names(conn, &ids)?;
    for (user_id, unit_id) in extra {
        all.push(model::Member {
            name: names.get(&user_id).cloned().unwrap_or_default(),
            user_id,
            unit_id,
        });
    }
    Ok(all)
}

/// One person of a session's audience as the unit assessment counts them.
pub struct AudienceMember {
    pub user_id: String,
    /// The unit of their result when they have one (where they were), else their unit.
    pub unit_id: String,
    pub took: bool,
    pub passed: bool,
}

/// A session's audience (with anyone who took it without being in it now) as the
/// session's results count it, leaving out those whose account was made after it
/// closed: the unit assessment reads participation and pass rates from this.
pub fn audience_standing(
    conn: &mut DbConnection,
    session: &SessionRow,
) -> Result<Vec<AudienceMember>, ApiError> {
    let standing = standings(conn, session)?;
    let result_units: HashMap<String, String> = quiz_results::table
        .filter(quiz_results::session_id.eq(&session.id))
        .select((quiz_results::user_id, quiz_results::unit_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let members = people(conn, session)?;
    let ids: Vec<&str> = members.iter().map(|m| m.user_id.as_str()).collect();
    let mut later = HashSet::new();
    for chunk in ids.chunks(500) {
        later.extend(
            users::table
                .filter(users::id.eq_any(chunk))
                .filter(users::created_at.ge(session.closes_at))
                .select(users::id)
                .load::<String>(conn)?,
        );
    }
    Ok(members
        .into_iter()
        .filter(|m| !later.contains(&m.user_id))
        .map(|m| {
            let s = standing.get(&m.user_id);
            AudienceMember {
                unit_id: result_units.get(&m.user_id).cloned().unwrap_or(m.unit_id),
                took: s.is_some_and(|s| s.attempts > 0),
                passed: s.is_some_and(|s| s.passed),
                user_id: m.user_id,
            }
        })
        .collect())
}

/// One person's standing: status, closed attempts, score, last submission, last change.
struct Standing {
    /// What the participants list shows (an attempt in progress shows as such).
    status: ParticipantStatus,
    /// From the result by the grading method, whatever attempt is in progress.
    passed: bool,
    awaiting: bool,
    attempts: u32,
    score: Option<i64>,
    last_submitted_at: Option<NaiveDateTime>,
    updated_at: Option<NaiveDateTime>,
}

fn standings(
    conn: &mut DbConnection,
    session: &SessionRow,
) -> Result<HashMap<String, Standing>, ApiError> {
    let results: Vec<ResultRow> = quiz_results::table
        .filter(quiz_results::session_id.eq(&session.id))
        .select(ResultRow::as_select())
        .load(conn)?;
    let attempts: Vec<(String, String, NaiveDateTime)> = quiz_attempts::table
        .filter(quiz_attempts::session_id.eq(&session.id))
        .select((
            quiz_attempts::user_id,
            quiz_attempts::status,
            quiz_attempts::updated_at,
        ))
        .load(conn)?;
    let mut out: HashMap<String, Standing> = HashMap::new();
    for (user, status, changed) in &attempts {
        let entry = out.entry(user.clone()).or_insert(Standing {
            status: ParticipantStatus::NotStarted,
            passed: false,
            awaiting: false,
            attempts: 0,
            score: None,
            last_submitted_at: None,
            updated_at: None,
        });
        entry.updated_at = entry.updated_at.max(Some(*changed));
        if status == AttemptStatus::InProgress.as_str() {
            entry.status = ParticipantStatus::InProgress;
        }
    }
    for r in results {
        let entry = out.entry(r.user_id.clone()).or_insert(Standing {
            status: ParticipantStatus::NotStarted,
            passed: false,
            awaiting: false,
            attempts: 0,
            score: None,
            last_submitted_at: None,
            updated_at: None,
        });
        entry.attempts = u32::try_from(r.attempts).unwrap_or(0);
        entry.score = r.score_centi;
        entry.awaiting = r.status()? == api_types::quizzes::ResultStatus::AwaitingGrading;
        entry.passed = r.passed == Some(true);
        entry.last_submitted_at = Some(r.last_submitted_at);
        if entry.status != ParticipantStatus::InProgress {
            entry.status = match (r.status()?, r.passed) {
                (api_types::quizzes::ResultStatus::AwaitingGrading, _) => {
                    ParticipantStatus::AwaitingGrading
                }
                (_, Some(true)) => ParticipantStatus::Passed,
                _ => ParticipantStatus::Failed,
            };
        }
    }
    Ok(out)
}

/// Filters of `GET /api/v1/quiz-sessions/{id}/participants`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ParticipantFilter {
    /// People of this unit and the units below it (within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<ParticipantStatus>,
}

impl ListFilter for ParticipantFilter {
    const SORT_FIELDS: &'static [&'static str] = &["name", "score", "status"];
    const DEFAULT_SORT: &'static str = "name";
}

/// The units whose people the caller sees for `permission`, narrowed to `unit` and the
/// units below it when given (403 outside the scope). `None`: every unit.
fn people_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    unit: Option<Uuid>,
) -> Result<Option<HashSet<String>>, ApiError> {
    let visible = principal.visible_units(conn, Permission::QuizResultsRead)?;
    match unit {
        None => Ok(visible),
        Some(unit) => {
            let unit = unit.to_string();
            principal.require_unit(conn, Permission::QuizResultsRead, &unit)?;
            Ok(Some(crate::auth::policy::subtree(conn, &unit)?))
        }
    }
}

/// A session's participants for `query` (its filters and sort, page bounds aside), as
/// the caller may see them: the list and its workbook share it.
fn participants_of(
    conn: &mut DbConnection,
    principal: &Principal,
    session_id: &str,
    query: &ListQuery<ParticipantFilter>,
) -> Result<Vec<Participant>, ApiError> {
    let session = readable_session(conn, principal, session_id)?;
    let scope = people_scope(conn, principal, query.filter.unit_id)?;
    let standing = standings(conn, &session)?;
    let since = query.updated_since.map(time::from_utc);
    let mut items: Vec<Participant> = Vec::new();
    for m in people(conn, &session)? {
        if scope.as_ref().is_some_and(|s| !s.contains(&m.unit_id)) {
            continue;
        }
        let s = standing.get(&m.user_id);
        let status = s.map_or(ParticipantStatus::NotStarted, |s| s.status);
        if query.filter.status.is_some_and(|f| f != status) {
            continue;
        }
        let updated_at = s.and_then(|s| s.updated_at);
        if since.is_some() && (updated_at.is_none() || updated_at < since) {
            continue;
        }
        items.push(Participant {
            user_id: stored_uuid(&m.user_id)?,
            name: m.name.clone(),
            unit_id: stored_uuid(&m.unit_id)?,
            status,
            attempts: s.map_or(0, |s| s.attempts),
            score: s.and_then(|s| s.score).map(grading::points),
            last_submitted_at: s.and_then(|s| s.last_submitted_at).map(time::to_utc),
            updated_at: updated_at.map(time::to_utc),
        });
    }
    match query.sort.field {
        "score" => items.sort_by(|a, b| {
            a.score
                .unwrap_or(-1.0)
                .total_cmp(&b.score.unwrap_or(-1.0))
                .then(a.user_id.cmp(&b.user_id))
        }),
        "status" => items.sort_by(|a, b| {
            a.status
                .as_str()
                .cmp(b.status.as_str())
                .then(a.name.cmp(&b.name))
                .then(a.user_id.cmp(&b.user_id))
        }),
        _ => items.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id))),
    }
    if query.sort.descending {
        items.reverse();
    }
    Ok(items)
}

/// The session's takers with where each stands — who has not started, who is
/// answering, who passed or failed — for the units in the caller's scope (a county
/// bureau: its own and its brigades' people).
#[utoipa::path(
    tag = "quizzes",
    params(("id" = Uuid, Path, description = "Session id"), ParticipantFilter, crate::openapi::ListParams<ParticipantFilter>),
    responses((status = 200, body = api_types::Page<Participant>))
)]
#[get("/quiz-sessions/{id}/participants")]
async fn list_participants(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    id: PathId,
    query: ListQuery<ParticipantFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let items = participants_of(conn, &auth.principal, &id.0.to_string(), &query)?;
        Ok(db::list::page_in_memory(&query, items))
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The participants list as an `.xlsx` workbook with the same filters and sort (all
/// rows): name, unit, where each stands, attempts, score, last submission. Recorded as
/// an export.
#[utoipa::path(
    tag = "quizzes",
    params(("id" = Uuid, Path, description = "Session id"), ParticipantFilter, crate::openapi::ListParams<ParticipantFilter>),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/quiz-sessions/{id}/participants:xlsx")]
async fn participants_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    request_id: RequestId,
    id: PathId,
    query: ListQuery<ParticipantFilter>,
) -> Result<HttpResponse, ApiError> {
    respond_with(
        &state,
        &req,
        auth.principal,
        &request_id,
        "quiz-participants",
        move |conn, principal| {
            let session = readable_session(conn, principal, &id.0.to_string())?;
            let items = participants_of(conn, principal, &session.id, &query)?;
            let units = names::units(conn)?;
            let columns = vec![
                column("姓名", 14.0, |p: &Participant| Cell::Text(p.name.clone())),
                column("单位", 24.0, move |p: &Participant| {
                    Cell::text(units.get(&p.unit_id).cloned())
                }),
                column("参考情况", 10.0, |p: &Participant| {
                    Cell::Text(participant_status_zh(p.status).into())
                }),
                column("作答次数", 8.0, |p: &Participant| {
                    Cell::Count(p.attempts.into())
                }),
                column("成绩", 8.0, |p: &Participant| {
                    p.score.map_or(Cell::Empty, Cell::Number)
                }),
                column("最后交卷时间", 17.0, |p: &Participant| {
                    p.last_submitted_at.map_or(Cell::Empty, Cell::Time)
                }),
            ];
            let title = format!("{}参考人员", session.title);
            Ok((rows_workbook(&title, &columns, &items)?, title))
        },
    )
    .await
}

fn participant_status_zh(status: ParticipantStatus) -> &'static str {
    match status {
        ParticipantStatus::NotStarted => "未参考",
        ParticipantStatus::InProgress => "作答中",
        ParticipantStatus::AwaitingGrading => "待阅卷",
        ParticipantStatus::Passed => "合格",
        ParticipantStatus::Failed => "不合格",
    }
}

/// The unit each person is counted under: a county bureau counts its brigades' people
/// as its own; any other unit counts its own.
fn rollup_units(conn: &mut DbConnection) -> Result<HashMap<String, String>, ApiError> {
    let rows: Vec<(String, Option<String>, String)> = units::table
        .select((units::id, units::parent_id, units::kind))
        .load(conn)?;
    let by_id: HashMap<&str, (Option<&str>, &str)> = rows
        .iter()
        .map(|(id, parent, kind)| (id.as_str(), (parent.as_deref(), kind.as_str())))
        .collect();
    let mut out = HashMap::new();
    for (id, _, _) in &rows {
        let mut at = Some(id.as_str());
        let mut counted = id.clone();
        for _ in 0..=rows.len() {
            let Some(current) = at else { break };
            let Some((parent, kind)) = by_id.get(current) else {
                break;
            };
            if *kind == UnitKind::CountyBureau.as_str() {
                counted = current.to_string();
                break;
            }
            at = *parent;
        }
        out.insert(id.clone(), counted);
    }
    Ok(out)
}

fn rate(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

/// Participation and pass rates by unit and the score distribution of a session, over
/// the people of the units in the caller's scope. A person who did not take it has not
/// passed; a result waiting for grading counts as taken, not yet as passed.
#[utoipa::path(tag = "quizzes", params(("id" = Uuid, Path, description = "Session id")), responses((status = 200, body = SessionResults)))]
#[get("/quiz-sessions/{id}/results")]
async fn session_results(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::QuizResultsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let results = db::run(&state.pool, move |conn| {
        let session = readable_session(conn, &auth.principal, &id.0.to_string())?;
        let scope = people_scope(conn, &auth.principal, None)?;
        let standing = standings(conn, &session)?;
        let rollup = rollup_units(conn)?;
        let max_centi = i64::from(session.max_score) * CENTI;
        #[derive(Default)]
        struct Tally {
            audience: u32,
            took: u32,
            passed: u32,
            awaiting: u32,
            scores: Vec<i64>,
        }
        let mut by_unit: BTreeMap<String, Tally> = BTreeMap::new();
        for m in people(conn, &session)? {
            if scope.as_ref().is_some_and(|s| !s.contains(&m.unit_id)) {
                continue;
            }
            let unit = rollup.get(&m.unit_id).cloned().unwrap_or(m.unit_id.clone());
            let tally = by_unit.entry(unit).or_default();
            tally.audience += 1;
            if let Some(s) = standing.get(&m.user_id) {
                if s.attempts > 0 {
                    tally.took += 1;
                }
                if s.passed {
                    tally.passed += 1;
                }
                if s.awaiting {
                    tally.awaiting += 1;
                }
                if s.attempts > 0 {
                    if let Some(score) = s.score {
                        tally.scores.push(score);
                    }
                }
            }
        }
        let mean = |scores: &[i64]| {
            (!scores.is_empty()).then(|| {
                let sum: i64 = scores.iter().sum();
                let n = i64::try_from(scores.len()).unwrap_or(1);
                (grading::points(sum) / grading::points(n * CENTI) * 100.0).round() / 100.0
            })
        };
        let mut bands = [0u32; 10];
        let mut all_scores = Vec::new();
        let mut units_out = Vec::new();
        let (mut audience, mut took, mut passed, mut awaiting) = (0, 0, 0, 0);
        for (unit, t) in &by_unit {
            audience += t.audience;
            took += t.took;
            passed += t.passed;
            awaiting += t.awaiting;
            for s in &t.scores {
                let band = if max_centi > 0 {
                    usize::try_from((s * 10 / max_centi).clamp(0, 9)).unwrap_or(0)
                } else {
                    0
                };
                bands[band] += 1;
                all_scores.push(*s);
            }
            units_out.push(UnitResult {
                unit_id: stored_uuid(unit)?,
                audience: t.audience,
                took: t.took,
                passed: t.passed,
                participation_rate: rate(t.took, t.audience),
                pass_rate: rate(t.passed, t.audience),
                mean_score: mean(&t.scores),
            });
        }
        Ok(SessionResults {
            session_id: stored_uuid(&session.id)?,
            max_score: f64::from(session.max_score),
            pass_score: f64::from(session.content()?.pass_score),
            audience,
            took,
            passed,
            awaiting_grading: awaiting,
            participation_rate: rate(took, audience),
            pass_rate: rate(passed, audience),
            mean_score: mean(&all_scores),
            units: units_out,
            distribution: bands
                .iter()
                .zip((0u32..).step_by(10))
                .map(|(count, from)| ScoreBand {
                    from_percent: from,
                    count: *count,
                })
                .collect(),
        })
    })
    .await?;
    etag::hashed_json(&req, &results)
}

/// The item analysis of a session over the first attempts that are fully graded, as
/// Moodle's quiz statistics define it: per question its facility, standard deviation,
/// discrimination index and discriminative efficiency (flagged below 15 %); for the
/// test its mean, median, standard deviation, skewness, kurtosis, Cronbach's α, error
/// ratio and standard error. It shows the questions, so it needs `questions.read`.
#[utoipa::path(tag = "quizzes", params(("id" = Uuid, Path, description = "Session id")), responses((status = 200, body = ItemAnalysis)))]
#[get("/quiz-sessions/{id}/item-analysis")]
async fn item_analysis(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::QuestionsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let analysis = db::run(&state.pool, move |conn| {
        let session = model::find_session(conn, &id.0.to_string())?;
        analyse(conn, &session)
    })
    .await?;
    etag::hashed_json(&req, &analysis)
}

/// The analysis of `session` (see [`item_analysis`]).
pub fn analyse(conn: &mut DbConnection, session: &SessionRow) -> Result<ItemAnalysis, ApiError> {
    let attempts: Vec<AttemptRow> = quiz_attempts::table
        .filter(quiz_attempts::session_id.eq(&session.id))
        .filter(quiz_attempts::number.eq(1))
        .filter(quiz_attempts::status.eq(AttemptStatus::Graded.as_str()))
        .order(quiz_attempts::id.asc())
        .select(AttemptRow::as_select())
        .load(conn)?;
    let ids: Vec<String> = attempts.iter().map(|a| a.id.clone()).collect();
    let mut marks: HashMap<(String, i32), i64> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, i32, Option<i64>)> = quiz_answers::table
            .filter(quiz_answers::attempt_id.eq_any(chunk))
            .select((
                quiz_answers::attempt_id,
                quiz_answers::position,
                quiz_answers::points_centi,
            ))
            .load(conn)?;
        for (attempt, position, points) in rows {
            marks.insert((attempt, position), points.unwrap_or(0));
        }
    }
    // Per question: (marks, totals); per paper item: marks.
    struct Entry {
        revision: i32,
        kind: api_types::quizzes::QuestionKind,
        stem: String,
        slot: u32,
        max: f64,
        marks: Vec<f64>,
        totals: Vec<f64>,
    }
    let mut questions: BTreeMap<String, Entry> = BTreeMap::new();
    let mut slot_marks: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    let mut totals = Vec::with_capacity(attempts.len());
    for attempt in &attempts {
        let paper = attempt.paper()?;
        let total = grading::points(attempt.score_centi.unwrap_or(0));
        totals.push(total);
        for (position, item) in paper.items.iter().enumerate() {
            let position = i32::try_from(position).unwrap_or(i32::MAX);
            let mark = grading::points(
                marks
                    .get(&(attempt.id.clone(), position))
                    .copied()
                    .unwrap_or(0),
            );
            slot_marks.entry(item.item).or_default().push(mark);
            let entry = questions
                .entry(item.question_id.clone())
                .or_insert_with(|| Entry {
                    revision: item.revision,
                    kind: item.content.kind,
                    stem: item.content.stem.clone(),
                    slot: item.slot,
                    max: grading::points(item.points_centi),
                    marks: Vec::new(),
                    totals: Vec::new(),
                });
            entry.marks.push(mark);
            entry.totals.push(total);
        }
    }
    let slot_marks: Vec<Vec<f64>> = slot_marks.into_values().collect();
    let test = statistics::test(&totals, &slot_marks);
    let mut items = Vec::with_capacity(questions.len());
    for (question_id, e) in questions {
        let s = statistics::item(&e.marks, &e.totals, e.max);
        items.push(ItemStatistics {
            question_id: stored_uuid(&question_id)?,
            revision: e.revision,
            kind: e.kind,
            stem: e.stem,
            slot: e.slot,
            attempts: u32::try_from(e.marks.len()).unwrap_or(u32::MAX),
            max_points: e.max,
            facility: s.facility,
            standard_deviation: s.standard_deviation,
            discrimination_index: s.discrimination_index,
            discriminative_efficiency: s.discriminative_efficiency,
            flagged: s.flagged(),
        });
    }
    items.sort_by(|a, b| a.slot.cmp(&b.slot).then(a.question_id.cmp(&b.question_id)));
    Ok(ItemAnalysis {
        session_id: stored_uuid(&session.id)?,
        test: TestStatistics {
            attempts: u32::try_from(totals.len()).unwrap_or(u32::MAX),
            mean: test.mean,
            median: test.median,
            standard_deviation: test.standard_deviation,
            skewness: test.skewness,
            kurtosis: test.kurtosis,
            coefficient_of_internal_consistency: test.cic,
            error_ratio: test.error_ratio,
            standard_error: test.standard_error,
        },
        items,
    })
}
