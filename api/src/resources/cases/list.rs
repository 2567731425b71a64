//! `GET /api/v1/case-submissions` and `GET /api/v1/case-bulletins`: their filters and
//! listings (see `db::list`).

use api_types::cases::{BulletinStatus, CaseBulletin, CaseStatus, CaseSubmission};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::bulletins::{self, BulletinRow};
use super::model::{self, CaseRow};
use crate::auth::{Permission, Principal};
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::{case_bulletins, case_submissions};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::Cell;

/// Filters of `GET /api/v1/case-submissions`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseFilter {
    /// Cases of this unit (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    /// `2022-Q2`.
    #[param(pattern = r"^(?:20[0-9]{2}|2100)-Q[1-4]$")]
    pub quarter: Option<String>,
    pub status: Option<CaseStatus>,
    /// Text in the title.
    pub q: Option<String>,
}

impl ListFilter for CaseFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "submitted_at", "quarter"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// The units whose cases the caller reads, and those whose drafts too.
pub struct CaseScope {
    pub read: UnitScope,
    pub drafts: UnitScope,
}

impl CaseScope {
    pub fn of(
        conn: &mut DbConnection,
        principal: &Principal,
        requested: Option<Uuid>,
    ) -> Result<CaseScope, ApiError> {
        Ok(CaseScope {
            read: UnitScope::of(conn, principal, Permission::CasesRead, requested)?,
            drafts: UnitScope::holding(conn, principal, Permission::CasesSubmit)?,
        })
    }
}

/// Typical cases.
pub struct CaseList;

impl Listing for CaseList {
    crate::listing_source!(case_submissions::table, CaseRow);
    type Filter = CaseFilter;
    type Context = CaseScope;
    type Item = CaseSubmission;

    fn filter(
        f: &CaseFilter,
        scope: &CaseScope,
        terms: &mut Where<case_submissions::table>,
    ) -> Result<(), ApiError> {
        terms.scope(&scope.read, case_submissions::unit_id)?;
        if let Some(units) = &scope.drafts.units {
            terms.and(
                case_submissions::status
                    .ne(CaseStatus::Draft.as_str())
                    .or(case_submissions::unit_id.eq_any(units.clone())),
            );
        }
        if let Some(unit) = f.unit_id {
            terms.and(case_submissions::unit_id.eq(unit.to_string()));
        }
        if let Some(quarter) = &f.quarter {
            if api_types::validate::quarter(quarter).is_err() {
                return Err(ApiError::field(
                    api_types::ErrorCode::InvalidQuery,
                    "quarter",
                    "quarter",
                    "must be a quarter like 2022-Q2",
                ));
            }
            terms.and(case_submissions::quarter.eq(quarter.clone()));
        }
        if let Some(status) = f.status {
            terms.and(case_submissions::status.eq(status.as_str()));
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(
                case_submissions::title
                    .like(like_pattern(text))
                    .escape('\\'),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<case_submissions::table> {
        Columns::new(case_submissions::id, case_submissions::updated_at)
            .sort("created_at", case_submissions::created_at)
            .sort("submitted_at", case_submissions::submitted_at)
            .sort("quarter", case_submissions::quarter)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<CaseRow>,
        _: &CaseScope,
    ) -> Result<Vec<CaseSubmission>, ApiError> {
        model::dtos(conn, &rows)
    }
}

impl SheetExport for CaseList {
    const TITLE: &'static str = "典型案例报送";
    const FILE_STEM: &'static str = "case-submissions";

    fn sheet_columns(
        _: &mut DbConnection,
        _: &CaseScope,
    ) -> Result<Vec<Column<CaseSubmission>>, ApiError> {
        Ok(vec![
            column("案例标题", 36.0, |c: &CaseSubmission| {
                Cell::Text(c.content.text.title.clone())
            }),
            column("报送单位", 24.0, |c: &CaseSubmission| {
                Cell::Text(c.unit_name.clone())
            }),
            column("季度", 10.0, |c: &CaseSubmission| {
                Cell::Text(c.content.quarter.clone())
            }),
            column("关键词", 24.0, |c: &CaseSubmission| {
                Cell::Text(c.content.text.keywords.join("、"))
            }),
            column("状态", 12.0, |c: &CaseSubmission| {
                Cell::Text(c.status.label_zh().into())
            }),
            column("报送时间", 18.0, |c: &CaseSubmission| {
                c.submitted_at.map_or(Cell::Empty, Cell::Time)
            }),
            column("审核人", 12.0, |c: &CaseSubmission| {
                Cell::text(c.reviewed_by_name.clone())
            }),
            column("审核意见", 36.0, |c: &CaseSubmission| {
                Cell::text(c.review_comment.clone())
            }),
        ])
    }
}

/// Filters of `GET /api/v1/case-bulletins`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BulletinFilter {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub status: Option<BulletinStatus>,
}

impl ListFilter for BulletinFilter {
    const SORT_FIELDS: &'static [&'static str] = &["number", "published_at", "created_at"];
    const DEFAULT_SORT: &'static str = "-number";
}

/// Whether the caller sees draft bulletins (their editors and readers of every unit).
pub struct BulletinScope {
    pub drafts: bool,
}

/// Typical-case bulletins.
pub struct BulletinList;

impl Listing for BulletinList {
    crate::listing_source!(case_bulletins::table, BulletinRow);
    type Filter = BulletinFilter;
    type Context = BulletinScope;
    type Item = CaseBulletin;

    fn filter(
        f: &BulletinFilter,
        scope: &BulletinScope,
        terms: &mut Where<case_bulletins::table>,
    ) -> Result<(), ApiError> {
        if !scope.drafts {
            terms.and(case_bulletins::status.eq(BulletinStatus::Published.as_str()));
        }
        if let Some(year) = f.year {
            crate::http::extract::check_year(year, "year", api_types::ErrorCode::InvalidQuery)?;
            terms.and(case_bulletins::year.eq(year));
        }
        if let Some(status) = f.status {
            terms.and(case_bulletins::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<case_bulletins::table> {
        Columns::new(case_bulletins::id, case_bulletins::updated_at)
            .sort("number", case_bulletins::year)
            .then(case_bulletins::issue_no)
            .sort("published_at", case_bulletins::published_at)
            .sort("created_at", case_bulletins::created_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<BulletinRow>,
        _: &BulletinScope,
    ) -> Result<Vec<CaseBulletin>, ApiError> {
        bulletins::dtos(conn, &rows)
    }
}
