//! The public face: published records (masked), an Atom feed, unit names.

use std::collections::HashMap;

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::disclosure::PublicDisclosure;
use api_types::units::PublicUnit;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::RecordRow;
use crate::db;
use crate::db::list::{like_pattern, search_text};
use crate::db::schema::{disclosure_records, public_disclosure_counts, units};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::atom::{Feed, FeedEntry};
use crate::http::etag;
use crate::http::extract::{ListFilter, ListQuery, PathId, Sort};
use crate::resources::discretion::evaluate::yuan;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(public_units)
        .service(public_list)
        .service(public_feed)
        .service(public_record);
}

// The public list is the one list not on `db::list::page`: it is tuned for a million
// rows (totals from the counts the database keeps, the page's ids from the partial index
// first, ties broken in the sort's direction so the index is walked one way).

/// Published or corrected. Written as literal SQL (not bound values) so both databases
/// can use the partial indexes that carry exactly this condition.
fn is_public() -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    diesel::dsl::sql::<diesel::sql_types::Bool>(
        "disclosure_records.status IN ('published', 'corrected')",
    )
}

/// The total of a public listing. Filters by unit and month are answered from the
/// counts the database keeps per unit and decision month; text filters count rows.
fn public_total(conn: &mut DbConnection, query: &ListQuery<PublicFilter>) -> Result<i64, ApiError> {
    let f = &query.filter;
    if f.cause.is_some() || f.q.is_some() || query.updated_since.is_some() {
        return Ok(public_filtered(query)?.count().get_result(conn)?);
    }
    let mut q = public_disclosure_counts::table
        .select(public_disclosure_counts::n)
        .into_boxed();
    if let Some(unit) = f.unit_id {
        q = q.filter(public_disclosure_counts::unit_id.eq(unit.to_string()));
    }
    if let Some(month) = &f.month {
        q = q.filter(public_disclosure_counts::month.eq(month.clone()));
    }
    Ok(q.load::<i64>(conn)?.into_iter().sum())
}

/// Active units (for filters on public pages).
#[utoipa::path(tag = "public", responses((status = 200, body = Vec<PublicUnit>)))]
#[get("/public/units")]
async fn public_units(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let list = db::run(&state.pool, |conn| {
        crate::resources::units::model::all(conn, false)?
            .into_iter()
            .map(|row| {
                Ok(PublicUnit {
                    id: crate::db::stored_uuid(&row.id)?,
                    kind: row.kind()?,
                    code: row.code,
                    name: row.name,
                    name_en: row.name_en,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    etag::hashed_json(&req, &list)
}

/// Filters of `GET /api/v1/public/disclosure-records`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicFilter {
    /// Records of this issuing unit.
    pub unit_id: Option<Uuid>,
    /// Decisions in this month, e.g. `2022-05`.
    #[param(pattern = r"^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    /// Text in the cause (案由).
    pub cause: Option<String>,
    /// Text in the document number, cause, legal basis, or an organisation's name.
    pub q: Option<String>,
}

impl ListFilter for PublicFilter {
    const SORT_FIELDS: &'static [&'static str] = &["publication_date", "decision_date"];
    const DEFAULT_SORT: &'static str = "-publication_date";
}

type Db = <DbConnection as Connection>::Backend;

fn public_filtered(
    query: &ListQuery<PublicFilter>,
) -> Result<disclosure_records::BoxedQuery<'_, Db>, ApiError> {
    let f = &query.filter;
    let mut q = disclosure_records::table.filter(is_public()).into_boxed();
    if let Some(unit) = f.unit_id {
        q = q.filter(disclosure_records::issuing_unit_id.eq(unit.to_string()));
    }
    if let Some(month) = &f.month {
        let (from, to) = super::list::month_bounds("month", month)?;
        q = q.filter(disclosure_records::decision_date.between(from, to));
    }
    if let Some(cause) = search_text(&f.cause) {
        q = q.filter(
            disclosure_records::public_case_cause
                .like(like_pattern(cause))
                .escape('\\'),
        );
    }
    if let Some(text) = search_text(&f.q) {
        let pattern = like_pattern(text);
        // Only what the public sees is searched: a search must not confirm who was
        // penalised by matching a natural person's real name.
        q = q.filter(
            disclosure_records::document_number
                .like(pattern.clone())
                .escape('\\')
                .or(disclosure_records::public_case_cause
                    .like(pattern.clone())
                    .escape('\\'))
                .or(disclosure_records::legal_basis
                    .like(pattern.clone())
                    .escape('\\'))
                .or(disclosure_records::public_party_name
                    .like(pattern)
                    .escape('\\')),
        );
    }
    if let Some(since) = query.updated_since {
        q = q.filter(disclosure_records::updated_at.ge(time::from_utc(since)));
    }
    Ok(q)
}

/// The public list's order; `id` breaks ties.
fn ordered<'a>(
    q: disclosure_records::BoxedQuery<'a, Db>,
    sort: &Sort,
) -> disclosure_records::BoxedQuery<'a, Db> {
    use disclosure_records::{decision_date, id, publication_date, updated_at};
    match (sort.field, sort.descending) {
        ("decision_date", false) => q.order((decision_date.asc(), id.asc())),
        ("decision_date", true) => q.order((decision_date.desc(), id.desc())),
        ("updated_at", false) => q.order((updated_at.asc(), id.asc())),
        ("updated_at", true) => q.order((updated_at.desc(), id.desc())),
        (_, false) => q.order((publication_date.asc(), id.asc())),
        (_, true) => q.order((publication_date.desc(), id.desc())),
    }
}

fn unit_names(conn: &mut DbConnection) -> Result<HashMap<String, String>, ApiError> {
    let rows: Vec<(String, String)> = units::table.select((units::id, units::name)).load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Published penalty decisions (public): natural persons' names masked, no ID numbers.
#[utoipa::path(tag = "public", params(PublicFilter, crate::openapi::ListParams<PublicFilter>), responses((status = 200, body = api_types::Page<PublicDisclosure>)))]
#[get("/public/disclosure-records")]
async fn public_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<PublicFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let total = public_total(conn, &query)?;
        // Two steps: the page's ids from the index alone (a deep page skips index
        // entries, not table rows), then those rows.
        let page_ids: Vec<String> = ordered(public_filtered(&query)?, &query.sort)
            .select(disclosure_records::id)
            .offset(query.offset())
            .limit(query.limit())
            .load(conn)?;
        let rows: Vec<RecordRow> = ordered(disclosure_records::table.into_boxed(), &query.sort)
            .filter(disclosure_records::id.eq_any(page_ids))
            .select(RecordRow::as_select())
            .load(conn)?;
        let names = unit_names(conn)?;
        let items = rows
            .iter()
            .map(|r| {
                r.to_public(
                    names
                        .get(&r.issuing_unit_id)
                        .map(String::as_str)
                        .unwrap_or_default(),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(query.page_of(items, total))
    })
    .await?;
    etag::hashed_json(&req, &page).map(etag::public_cache)
}

/// One published decision (public).
#[utoipa::path(tag = "public", params(("id" = Uuid, Path, description = "Record id")), responses((status = 200, body = PublicDisclosure)))]
#[get("/public/disclosure-records/{id}")]
async fn public_record(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let record = db::run(&state.pool, move |conn| {
        let row: RecordRow = disclosure_records::table
            .find(id.0.to_string())
            .filter(is_public())
            .select(RecordRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("published record"))?;
        let names = unit_names(conn)?;
        row.to_public(
            names
                .get(&row.issuing_unit_id)
                .map(String::as_str)
                .unwrap_or_default(),
        )
    })
    .await?;
    etag::hashed_json(&req, &record).map(etag::public_cache)
}

/// The 50 most recently published decisions as an Atom feed (public).
#[utoipa::path(tag = "public", responses((status = 200, description = "Atom feed", content_type = "application/atom+xml")))]
#[get("/public/disclosure-records/feed")]
async fn public_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let records = db::run(&state.pool, |conn| {
        let rows: Vec<RecordRow> = disclosure_records::table
            .filter(is_public())
            .order((
                disclosure_records::updated_at.desc(),
                disclosure_records::id.desc(),
            ))
            .limit(50)
            .select(RecordRow::as_select())
            .load(conn)?;
        let names = unit_names(conn)?;
        let list = rows
            .iter()
            .map(|r| {
                Ok((
                    r.to_public(
                        names
                            .get(&r.issuing_unit_id)
                            .map(String::as_str)
                            .unwrap_or_default(),
                    )?,
                    time::to_utc(r.updated_at),
                ))
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(list)
    })
    .await?;
    let mut feed = Feed::new(
        &req,
        "行政处罚结果公开",
        "Administrative penalty decisions published by the urban-management law-enforcement bureau",
        "urn:enforcement-platform:disclosure-feed",
        "/api/v1/public/disclosure-records/feed",
    );
    for (r, at) in records {
        let penalty = [
            r.fine_fen.map(|f| format!("罚款{}", yuan(f))),
            r.confiscated_fen.map(|f| format!("没收{}", yuan(f))),
            r.other_measures.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("；");
        let mut summary = format!(
            "当事人：{}；处罚决定日期：{}；处罚结果：{}；执行情况：{}",
            r.party_name,
            r.decision_date,
            penalty,
            r.execution_status.label_zh()
        );
        if let Some(overturned) = &r.overturned {
            summary.push_str(&format!("；{}", overturned.note));
        }
        feed.entry(FeedEntry {
            id: format!("urn:uuid:{}", r.id),
            title: format!("{} {}", r.document_number, r.case_cause),
            updated: at,
            link: format!("/disclosure/{}", r.id),
            author: Some(r.issuing_unit_name.clone()),
            summary,
        });
    }
    Ok(feed.respond())
}
