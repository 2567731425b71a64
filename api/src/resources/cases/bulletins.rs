//! `/api/v1/case-bulletins`: 政策法规科 compiles the quarterly typical-case bulletin
//! (典型案例通报) from accepted cases, in order with its commentary, and publishes it; a
//! published issue never changes (a correction is a new issue naming the old one and
//! why). The public reads published issues without signing in, and as an Atom feed.

use std::collections::{HashMap, HashSet};

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::cases::{
    BulletinCase, BulletinContent, BulletinItem, BulletinRef, BulletinStatus, CaseBulletin,
    CaseStatus, PublicBulletin,
};
use api_types::{ErrorCode, FieldError, Permission};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{BulletinFilter, BulletinList, BulletinScope};
use super::model::{self, CaseRow};
use crate::auth::{perm, Authorized, Principal, Scope};
use crate::db::schema::{case_bulletins, case_submissions};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::atom::{Feed, FeedEntry};
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::spreadsheet::names;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_public_case_bulletins)
        .service(case_bulletins_feed)
        .service(get_public_case_bulletin)
        .service(list_case_bulletins)
        .service(create_case_bulletin)
        .service(get_case_bulletin)
        .service(replace_case_bulletin)
        .service(publish_case_bulletin);
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = case_bulletins, treat_none_as_null = true)]
pub struct BulletinRow {
    pub id: String,
    pub year: i32,
    pub issue_no: i32,
    pub quarter: String,
    pub title: String,
    pub preface: String,
    pub items: String,
    pub status: String,
    pub corrects_id: Option<String>,
    pub correction_reason: Option<String>,
    pub corrected_by_id: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub published_by_name: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl BulletinRow {
    fn apply(&mut self, content: &BulletinContent) -> Result<(), ApiError> {
        self.year = content.year;
        self.issue_no = i32::try_from(content.issue_no).map_err(ApiError::internal)?;
        self.quarter = content.quarter.clone();
        self.title = content.title.trim().to_string();
        self.preface = content.preface.trim().to_string();
        let items: Vec<BulletinItem> = content
            .items
            .iter()
            .map(|i| BulletinItem {
                case_id: i.case_id,
                commentary: i.commentary.trim().to_string(),
            })
            .collect();
        self.items = serde_json::to_string(&items).map_err(ApiError::internal)?;
        self.corrects_id = content.corrects_id.map(|id| id.to_string());
        self.correction_reason = content
            .correction_reason
            .as_ref()
            .map(|r| r.trim().to_string());
        Ok(())
    }

    fn status(&self) -> Result<BulletinStatus, ApiError> {
        BulletinStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored bulletin status"))
    }

    fn items(&self) -> Result<Vec<BulletinItem>, ApiError> {
        serde_json::from_str(&self.items).map_err(|_| ApiError::internal("stored bulletin items"))
    }

    fn content(&self) -> Result<BulletinContent, ApiError> {
        Ok(BulletinContent {
            year: self.year,
            issue_no: u32::try_from(self.issue_no).map_err(ApiError::internal)?,
            quarter: self.quarter.clone(),
            title: self.title.clone(),
            preface: self.preface.clone(),
            items: self.items()?,
            corrects_id: self.corrects_id.as_deref().map(stored_uuid).transpose()?,
            correction_reason: self.correction_reason.clone(),
        })
    }
}

/// 2022年第2期.
pub fn number(year: i32, issue_no: i32) -> String {
    format!("{year}年第{issue_no}期")
}

/// The issues `ids` as another issue points to them (id → its number), in one query.
fn refs(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, BulletinRef>, ApiError> {
    case_bulletins::table
        .filter(case_bulletins::id.eq_any(ids))
        .select((
            case_bulletins::id,
            case_bulletins::year,
            case_bulletins::issue_no,
        ))
        .load::<(String, i32, i32)>(conn)?
        .into_iter()
        .map(|(id, year, issue_no)| {
            let reference = BulletinRef {
                id: stored_uuid(&id)?,
                number: number(year, issue_no),
            };
            Ok((id, reference))
        })
        .collect()
}

fn find(conn: &mut DbConnection, id: &str) -> Result<BulletinRow, ApiError> {
    case_bulletins::table
        .find(id)
        .select(BulletinRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("bulletin"))
}

/// Bulletins as read, with their cases' masked text (three queries for the page).
pub fn dtos(conn: &mut DbConnection, rows: &[BulletinRow]) -> Result<Vec<CaseBulletin>, ApiError> {
    let units = names::units(conn)?;
    let mut case_ids = Vec::new();
    let mut linked = Vec::new();
    for row in rows {
        case_ids.extend(row.items()?.iter().map(|i| i.case_id.to_string()));
        linked.extend(row.corrected_by_id.clone());
    }
    let cases: HashMap<String, CaseRow> = case_submissions::table
        .filter(case_submissions::id.eq_any(&case_ids))
        .select(CaseRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let refs = refs(conn, &linked)?;
    rows.iter()
        .map(|row| {
            let content = row.content()?;
            let cases = content
                .items
                .iter()
                .map(|item| {
                    let case = cases
                        .get(&item.case_id.to_string())
                        .ok_or_else(|| ApiError::internal("a bulletin's case is missing"))?;
                    Ok(BulletinCase {
                        case_id: item.case_id,
                        unit_name: units
                            .get(&stored_uuid(&case.unit_id)?)
                            .cloned()
                            .unwrap_or_default(),
                        text: case.published_text()?.ok_or_else(|| {
                            ApiError::internal("a bulletin's case has no masked text")
                        })?,
                        commentary: item.commentary.clone(),
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let corrected_by = row
                .corrected_by_id
                .as_ref()
                .and_then(|id| refs.get(id).cloned());
            Ok(CaseBulletin {
                id: stored_uuid(&row.id)?,
                number: number(row.year, row.issue_no),
                content,
                status: row.status()?,
                cases,
                published_at: row.published_at.map(time::to_utc),
                published_by_name: row.published_by_name.clone(),
                corrected_by,
                version: row.version,
                created_at: time::to_utc(row.created_at),
                updated_at: time::to_utc(row.updated_at),
            })
        })
        .collect()
}

fn dto(conn: &mut DbConnection, row: &BulletinRow) -> Result<CaseBulletin, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("bulletin read back"))
}

/// Whether `principal` reads draft bulletins: their editors and those who read every
/// unit's cases (the city bureau, auditors).
fn sees_drafts(principal: &Principal) -> bool {
    principal.scope(Permission::CasesReview).is_some()
        || principal.scope(Permission::CasesRead) == Some(Scope::All)
}

/// Checks a bulletin's content: its cases (each once, accepted, or published in the
/// issue it corrects), the corrected issue (published, not corrected yet) and its
/// reason.
fn check(
    conn: &mut DbConnection,
    content: &BulletinContent,
    this: Option<&str>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let corrected = match content.corrects_id {
        None => None,
        Some(id) => {
            let old = case_bulletins::table
                .find(id.to_string())
                .select(BulletinRow::as_select())
                .first(conn)
                .optional()?;
            match old {
                Some(old) if old.status()? == BulletinStatus::Published => {
                    if old.corrected_by_id.is_some() {
                        errors.push(FieldError::new(
                            "corrects_id",
                            "already_corrected",
                            "that issue was already corrected by a later one",
                        ));
                    }
                    Some(old)
                }
                _ => {
                    errors.push(FieldError::new(
                        "corrects_id",
                        "not_published",
                        "only a published issue is corrected",
                    ));
                    None
                }
            }
        }
    };
    if content.corrects_id.is_some() != content.correction_reason.is_some() {
        errors.push(FieldError::new(
            "correction_reason",
            "required_with_correction",
            "a correction says why, and only a correction has a reason",
        ));
    }
    let ids: Vec<String> = content
        .items
        .iter()
        .map(|i| i.case_id.to_string())
        .collect();
    let rows: HashMap<String, CaseRow> = case_submissions::table
        .filter(case_submissions::id.eq_any(&ids))
        .select(CaseRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut seen = HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        let field = format!("items[{i}].case_id");
        if !seen.insert(id) {
            errors.push(FieldError::new(&field, "repeated", "each case once"));
            continue;
        }
        let Some(case) = rows.get(id) else {
            errors.push(FieldError::new(&field, "unknown", "no such typical case"));
            continue;
        };
        let allowed = match case.status()? {
            CaseStatus::Accepted => true,
            CaseStatus::Selected => {
                corrected
                    .as_ref()
                    .is_some_and(|old| case.bulletin_id.as_deref() == Some(old.id.as_str()))
                    || (this.is_some() && case.bulletin_id.as_deref() == this)
            }
            _ => false,
        };
        if !allowed {
            errors.push(FieldError::new(
                &field,
                "not_accepted",
                "only a case 政策法规科 accepted (and no other issue published) enters a bulletin",
            ));
        }
    }
    // The issue's own text is public too: none of its cases' persons, no ID number.
    let mut persons = Vec::new();
    for case in rows.values() {
        persons.extend(model::persons_to_mask(conn, case)?);
    }
    model::leaks("title", &content.title, &persons, &mut errors);
    model::leaks("preface", &content.preface, &persons, &mut errors);
    for (i, item) in content.items.iter().enumerate() {
        model::leaks(
            &format!("items[{i}].commentary"),
            &item.commentary,
            &persons,
            &mut errors,
        );
    }
    if let Some(reason) = &content.correction_reason {
        model::leaks("correction_reason", reason, &persons, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// The issue number is taken: a clear problem, not a 500.
fn number_taken(e: impl Into<ApiError>) -> ApiError {
    match e.into() {
        e if e.code == ErrorCode::Duplicate => ApiError::duplicate(
            "issue_no",
            "an issue with this year and number exists already",
        ),
        e => e,
    }
}

/// Bulletins, newest issue first (drafts only for their editors and readers of every
/// unit).
#[utoipa::path(tag = "cases", params(BulletinFilter, crate::openapi::ListParams<BulletinFilter>), responses((status = 200, body = api_types::Page<CaseBulletin>)))]
#[get("/case-bulletins")]
async fn list_case_bulletins(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesRead>,
    query: ListQuery<BulletinFilter>,
) -> Result<HttpResponse, ApiError> {
    let scope = BulletinScope {
        drafts: sees_drafts(&auth.principal),
    };
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<BulletinList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Start a bulletin issue from accepted cases.
#[utoipa::path(tag = "cases", request_body = BulletinContent, responses((status = 201, body = CaseBulletin)))]
#[post("/case-bulletins")]
async fn create_case_bulletin(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesReview>,
    body: Json<BulletinContent>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_everywhere(Permission::CasesReview)?;
        check(conn, &content, None)?;
        let now = time::now();
        let mut row = BulletinRow {
            id: time::new_id(),
            year: 0,
            issue_no: 0,
            quarter: String::new(),
            title: String::new(),
            preface: String::new(),
            items: String::new(),
            status: BulletinStatus::Draft.as_str().into(),
            corrects_id: None,
            correction_reason: None,
            corrected_by_id: None,
            published_at: None,
            published_by_name: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(&content)?;
        diesel::insert_into(case_bulletins::table)
            .values(&row)
            .execute(conn)
            .map_err(number_taken)?;
        let dto = dto(conn, &row)?;
        Outcome::created(
            &dto,
            format!("/api/v1/case-bulletins/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::CaseBulletin, dto.id, &dto),
        )
    })
    .await
}

/// One bulletin.
#[utoipa::path(tag = "cases", params(("id" = Uuid, Path, description = "Bulletin id")), responses((status = 200, body = CaseBulletin)))]
#[get("/case-bulletins/{id}")]
async fn get_case_bulletin(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::CasesRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row = find(conn, &id.0.to_string())?;
        if row.status()? == BulletinStatus::Draft && !sees_drafts(&auth.principal) {
            return Err(ApiError::not_found("bulletin"));
        }
        dto(conn, &row)
    })
    .await?;
    etag::derived_json(&req, found.version, &found)
}

fn draft_for_edit(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<BulletinRow, ApiError> {
    principal.require_everywhere(Permission::CasesReview)?;
    let row = find(conn, &id.to_string())?;
    check_version(row.version, expected)?;
    if row.status()? != BulletinStatus::Draft {
        return Err(ApiError::invalid_state(
            "a published bulletin never changes: publish a correction as a new issue",
        ));
    }
    Ok(row)
}

/// Rewrite a draft bulletin (`If-Match`): its number, preface, cases in order and
/// their commentary.
#[utoipa::path(
    tag = "cases",
    request_body = BulletinContent,
    params(("id" = Uuid, Path, description = "Bulletin id"), ("If-Match" = String, Header, description = "ETag of the bulletin")),
    responses((status = 200, body = CaseBulletin))
)]
#[put("/case-bulletins/{id}")]
async fn replace_case_bulletin(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesReview>,
    id: PathId,
    body: Json<BulletinContent>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let content = body.0;
    let sent = content.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let current = draft_for_edit(conn, principal, id.0, expected)?;
        check(conn, &content, Some(&current.id))?;
        let mut next = current.clone();
        next.apply(&content)?;
        let before = dto(conn, &current)?;
        versioned_save!(conn, case_bulletins, &mut next, current.version).map_err(number_taken)?;
        let after = dto(conn, &next)?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::CaseBulletin, after.id, &before, &after),
        )
    })
    .await
}

/// Publish a draft bulletin (`If-Match`): its cases are published in it, the issue it
/// corrects points to it, and it never changes again.
#[utoipa::path(
    tag = "cases",
    params(("id" = Uuid, Path, description = "Bulletin id"), ("If-Match" = String, Header, description = "ETag of the bulletin")),
    responses((status = 200, body = CaseBulletin))
)]
#[post("/case-bulletins/{id}/publish")]
async fn publish_case_bulletin(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::CasesReview>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let current = draft_for_edit(conn, principal, id.0, expected)?;
        let content = current.content()?;
        // Another issue may be publishing a case or correcting the same issue: take
        // their rows first, so that the check below sees what it published.
        for item in &content.items {
            db::lock_row!(conn, case_submissions, item.case_id.to_string())?;
        }
        if let Some(old) = &current.corrects_id {
            db::lock_row!(conn, case_bulletins, old)?;
        }
        check(conn, &content, Some(&current.id))?;
        let now = time::now();
        let mut changes = Vec::new();
        for item in &content.items {
            let case = model::find(conn, &item.case_id.to_string())?;
            let before = model::dto(conn, &case)?;
            let mut next = case.clone();
            next.status = CaseStatus::Selected.as_str().into();
            next.bulletin_id = Some(current.id.clone());
            versioned_save!(conn, case_submissions, &mut next, case.version, now)?;
            let after = model::dto(conn, &next)?;
            changes.push(Change::transition(
                AuditAction::Publish,
                ResourceKind::CaseSubmission,
                after.id,
                &before,
                &after,
            ));
        }
        if let Some(old_id) = &current.corrects_id {
            let old = find(conn, old_id)?;
            let before = dto(conn, &old)?;
            let mut next = old.clone();
            next.corrected_by_id = Some(current.id.clone());
            versioned_save!(conn, case_bulletins, &mut next, old.version, now)?;
            let after = dto(conn, &next)?;
            changes.push(Change::transition(
                AuditAction::Correct,
                ResourceKind::CaseBulletin,
                after.id,
                &before,
                &after,
            ));
        }
        let before = dto(conn, &current)?;
        let mut next = current.clone();
        next.status = BulletinStatus::Published.as_str().into();
        next.published_at = Some(now);
        next.published_by_name = Some(principal.name.clone());
        versioned_save!(conn, case_bulletins, &mut next, current.version, now)?;
        let after = dto(conn, &next)?;
        let mut outcome = Outcome::updated(
            &after,
            after.version,
            Change::transition(
                AuditAction::Publish,
                ResourceKind::CaseBulletin,
                after.id,
                &before,
                &after,
            ),
        )?;
        for change in changes {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}

/// Published bulletins as the public reads them, with the issue each corrects.
fn public_bulletins(
    conn: &mut DbConnection,
    bulletins: Vec<CaseBulletin>,
) -> Result<Vec<PublicBulletin>, ApiError> {
    let olds: Vec<String> = bulletins
        .iter()
        .filter_map(|b| b.content.corrects_id.map(|id| id.to_string()))
        .collect();
    let refs = refs(conn, &olds)?;
    bulletins
        .into_iter()
        .map(|b| {
            let corrects = b
                .content
                .corrects_id
                .and_then(|id| refs.get(&id.to_string()).cloned());
            Ok(PublicBulletin {
                id: b.id,
                number: b.number,
                year: b.content.year,
                issue_no: b.content.issue_no,
                quarter: b.content.quarter,
                title: b.content.title,
                preface: b.content.preface,
                cases: b.cases,
                published_at: b
                    .published_at
                    .ok_or_else(|| ApiError::internal("a published bulletin without its date"))?,
                corrects,
                correction_reason: b.content.correction_reason,
                corrected_by: b.corrected_by,
            })
        })
        .collect()
}

fn published() -> case_bulletins::BoxedQuery<'static, crate::db::Db> {
    case_bulletins::table
        .filter(case_bulletins::status.eq(BulletinStatus::Published.as_str()))
        .into_boxed()
}

/// Published typical-case bulletins, newest issue first (public, no sign-in).
#[utoipa::path(tag = "public", params(crate::openapi::ListParams<BulletinFilter>), responses((status = 200, body = api_types::Page<PublicBulletin>)))]
#[get("/public/case-bulletins")]
async fn list_public_case_bulletins(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<BulletinFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = BulletinScope { drafts: false };
        let page = db::list::page::<BulletinList>(conn, &query, &scope)?;
        Ok(api_types::Page {
            items: public_bulletins(conn, page.items)?,
            total: page.total,
            page: page.page,
            per_page: page.per_page,
        })
    })
    .await?;
    etag::hashed_json(&req, &page).map(etag::public_cache)
}

/// One published bulletin (public, no sign-in).
#[utoipa::path(tag = "public", params(("id" = Uuid, Path, description = "Bulletin id")), responses((status = 200, body = PublicBulletin)))]
#[get("/public/case-bulletins/{id}")]
async fn get_public_case_bulletin(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let row: BulletinRow = published()
            .filter(case_bulletins::id.eq(id.0.to_string()))
            .select(BulletinRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("published bulletin"))?;
        let bulletin = dto(conn, &row)?;
        public_bulletins(conn, vec![bulletin])?
            .pop()
            .ok_or_else(|| ApiError::internal("bulletin read back"))
    })
    .await?;
    etag::hashed_json(&req, &found).map(etag::public_cache)
}

/// The 20 latest published bulletins as an Atom feed (public).
#[utoipa::path(tag = "public", responses((status = 200, description = "Atom feed", content_type = "application/atom+xml")))]
#[get("/public/case-bulletins/feed")]
async fn case_bulletins_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let bulletins = db::run(&state.pool, |conn| {
        let rows: Vec<BulletinRow> = published()
            .order((
                case_bulletins::published_at.desc(),
                case_bulletins::id.desc(),
            ))
            .limit(20)
            .select(BulletinRow::as_select())
            .load(conn)?;
        let bulletins = dtos(conn, &rows)?;
        public_bulletins(conn, bulletins)
    })
    .await?;
    let mut feed = Feed::new(
        &req,
        "典型案例通报",
        "Typical-case bulletins of the urban-management law-enforcement bureau",
        "urn:enforcement-platform:case-bulletins-feed",
        "/api/v1/public/case-bulletins/feed",
    );
    for b in &bulletins {
        let summary = b
            .cases
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}. {}（{}）", i + 1, c.text.title, c.unit_name))
            .collect::<Vec<_>>()
            .join("\n");
        feed.entry(FeedEntry {
            id: format!("urn:uuid:{}", b.id),
            title: format!("{} {}", b.number, b.title),
            updated: b.published_at,
            link: format!("/public/case-bulletins/{}", b.id),
            author: None,
            summary,
        });
    }
    Ok(feed.respond())
}
