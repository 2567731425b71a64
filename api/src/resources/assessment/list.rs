//! The filters and listings of rule sets, case reviews, runs and notices (see `db::list`).

use api_types::assessment::{
    AssessmentNotice, AssessmentNoticeStatus, AssessmentRunSummary, CaseReview, Grade,
    ReviewStatus, RuleSet, RuleSetKind, RuleSetStatus,
};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::notices::NoticeRow;
use super::reviews::{self, ReviewRow};
use super::rule_sets::RuleSetRow;
use super::runs::RunRow;
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::{assessment_notices, assessment_runs, case_reviews, rule_sets};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::Cell;

/// Filters of `GET /api/v1/rule-sets`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RuleSetFilter {
    pub kind: Option<RuleSetKind>,
    pub status: Option<RuleSetStatus>,
}

impl ListFilter for RuleSetFilter {
    const SORT_FIELDS: &'static [&'static str] = &["version_no", "effective_from", "created_at"];
    const DEFAULT_SORT: &'static str = "-version_no";
}

pub struct RuleSetList;

impl Listing for RuleSetList {
    crate::listing_source!(rule_sets::table, RuleSetRow);
    type Filter = RuleSetFilter;
    type Context = UnitScope;
    type Item = RuleSet;

    fn filter(
        f: &RuleSetFilter,
        _: &UnitScope,
        terms: &mut Where<rule_sets::table>,
    ) -> Result<(), ApiError> {
        if let Some(kind) = f.kind {
            terms.and(rule_sets::kind.eq(kind.as_str()));
        }
        if let Some(status) = f.status {
            terms.and(rule_sets::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<rule_sets::table> {
        Columns::new(rule_sets::id, rule_sets::updated_at)
            .sort("version_no", rule_sets::version_no)
            .sort("effective_from", rule_sets::effective_from)
            .sort("created_at", rule_sets::created_at)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<RuleSetRow>,
        _: &UnitScope,
    ) -> Result<Vec<RuleSet>, ApiError> {
        rows.iter().map(RuleSetRow::to_dto).collect()
    }
}

/// Filters of `GET /api/v1/case-reviews`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewFilter {
    /// Reviews of this unit's files (within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<ReviewStatus>,
    pub grade: Option<Grade>,
    /// `true`: only the reviews the caller scores.
    pub mine: Option<bool>,
    /// Text in the round, the file's title or number.
    pub q: Option<String>,
}

impl ListFilter for ReviewFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "reviewed_on", "score"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Who is listing reviews: the units they read, themself, and whether they manage the
/// assessment (open reviews are seen only by their reviewer and the city bureau).
pub struct ReviewContext {
    pub scope: UnitScope,
    pub me: String,
    pub manager: bool,
}

pub struct ReviewList;

impl Listing for ReviewList {
    crate::listing_source!(case_reviews::table, ReviewRow);
    type Filter = ReviewFilter;
    type Context = ReviewContext;
    type Item = CaseReview;

    fn filter(
        f: &ReviewFilter,
        cx: &ReviewContext,
        terms: &mut Where<case_reviews::table>,
    ) -> Result<(), ApiError> {
        let submitted = case_reviews::status.eq(ReviewStatus::Submitted.as_str());
        let mine = case_reviews::reviewer_id.eq(cx.me.clone());
        match (&cx.scope.units, cx.manager) {
            (None, true) => {}
            (None, false) => terms.and(submitted.or(mine)),
            (Some(units), _) => terms.and(
                case_reviews::unit_id
                    .eq_any(units.clone())
                    .and(submitted)
                    .or(mine),
            ),
        }
        if let Some(unit) = f.unit_id {
            terms.and(case_reviews::unit_id.eq(unit.to_string()));
        }
        if let Some(status) = f.status {
            terms.and(case_reviews::status.eq(status.as_str()));
        }
        if let Some(grade) = f.grade {
            terms.and(case_reviews::grade.eq(grade.as_str()));
        }
        if f.mine == Some(true) {
            terms.and(case_reviews::reviewer_id.eq(cx.me.clone()));
        }
        if let Some(text) = search_text(&f.q) {
            let pattern = like_pattern(text);
            terms.and(
                case_reviews::round
                    .like(pattern.clone())
                    .escape('\\')
                    .or(case_reviews::file_title.like(pattern.clone()).escape('\\'))
                    .or(case_reviews::file_number.like(pattern).escape('\\')),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<case_reviews::table> {
        Columns::new(case_reviews::id, case_reviews::updated_at)
            .sort("created_at", case_reviews::created_at)
            .sort("reviewed_on", case_reviews::reviewed_on)
            .sort("score", case_reviews::score_tenths)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ReviewRow>,
        _: &ReviewContext,
    ) -> Result<Vec<CaseReview>, ApiError> {
        reviews::dtos(conn, &rows)
    }
}

impl SheetExport for ReviewList {
    const TITLE: &'static str = "案卷评查";
    const FILE_STEM: &'static str = "case-reviews";

    fn sheet_columns(
        _: &mut DbConnection,
        _: &ReviewContext,
    ) -> Result<Vec<Column<CaseReview>>, ApiError> {
        Ok(vec![
            column("评查批次", 24.0, |r: &CaseReview| {
                Cell::Text(r.round.clone())
            }),
            column("案卷名称", 32.0, |r: &CaseReview| {
                Cell::Text(r.file_title.clone())
            }),
            column("案卷号", 24.0, |r: &CaseReview| {
                Cell::Text(r.file_number.clone())
            }),
            column("办案单位", 20.0, |r: &CaseReview| {
                Cell::Text(r.unit_name.clone())
            }),
            column("评查人", 12.0, |r: &CaseReview| {
                Cell::Text(r.reviewer_name.clone())
            }),
            column("评分规则版本", 10.0, |r: &CaseReview| {
                Cell::Text(format!("第{}版", r.rule_set_version_no))
            }),
            column("得分", 8.0, |r: &CaseReview| {
                Cell::Text(api_types::assessment::show(r.result.score))
            }),
            column("等次", 8.0, |r: &CaseReview| {
                Cell::Text(r.result.grade.label_zh().into())
            }),
            column("评查日期", 12.0, |r: &CaseReview| {
                Cell::date(r.reviewed_on)
            }),
        ])
    }
}

/// Filters of `GET /api/v1/assessment-runs`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RunFilter {
    /// Runs of this period (`2022-05`, `2022-Q2`, `2022`).
    #[param(pattern = r"^(?:20[0-9]{2}|2100)(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?$")]
    pub period: Option<String>,
}

impl ListFilter for RunFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "period"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

pub struct RunList;

impl Listing for RunList {
    crate::listing_source!(assessment_runs::table, RunRow);
    type Filter = RunFilter;
    type Context = UnitScope;
    type Item = AssessmentRunSummary;

    fn filter(
        f: &RunFilter,
        _: &UnitScope,
        terms: &mut Where<assessment_runs::table>,
    ) -> Result<(), ApiError> {
        if let Some(period) = &f.period {
            if api_types::period::Period::parse(period).is_none() {
                return Err(ApiError::field(
                    api_types::ErrorCode::InvalidQuery,
                    "period",
                    "period",
                    "must be a month like 2022-05, a quarter like 2022-Q2 or a year like 2022",
                ));
            }
            terms.and(assessment_runs::period.eq(period.clone()));
        }
        Ok(())
    }

    fn columns() -> Columns<assessment_runs::table> {
        Columns::new(assessment_runs::id, assessment_runs::updated_at)
            .sort("created_at", assessment_runs::created_at)
            .sort("period", assessment_runs::period)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<RunRow>,
        _: &UnitScope,
    ) -> Result<Vec<AssessmentRunSummary>, ApiError> {
        super::runs::summaries(conn, &rows)
    }
}

/// Filters of `GET /api/v1/assessment-notices`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoticeFilter {
    pub status: Option<AssessmentNoticeStatus>,
}

impl ListFilter for NoticeFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "published_at", "period"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Whether the caller sees drafts (the city bureau, sections, auditors) or only what
/// was published.
pub struct NoticeContext {
    pub drafts: bool,
}

pub struct NoticeList;

impl Listing for NoticeList {
    crate::listing_source!(assessment_notices::table, NoticeRow);
    type Filter = NoticeFilter;
    type Context = NoticeContext;
    type Item = AssessmentNotice;

    fn filter(
        f: &NoticeFilter,
        cx: &NoticeContext,
        terms: &mut Where<assessment_notices::table>,
    ) -> Result<(), ApiError> {
        if !cx.drafts {
            terms.and(assessment_notices::status.eq(AssessmentNoticeStatus::Published.as_str()));
        }
        if let Some(status) = f.status {
            terms.and(assessment_notices::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<assessment_notices::table> {
        Columns::new(assessment_notices::id, assessment_notices::updated_at)
            .sort("created_at", assessment_notices::created_at)
            .sort("published_at", assessment_notices::published_at)
            .sort("period", assessment_notices::period)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<NoticeRow>,
        _: &NoticeContext,
    ) -> Result<Vec<AssessmentNotice>, ApiError> {
        rows.iter().map(NoticeRow::to_dto).collect()
    }
}
