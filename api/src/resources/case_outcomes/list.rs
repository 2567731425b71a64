//! `GET /api/v1/case-outcomes` and `GET /api/v1/veto-events`: their filters and
//! listings (see `db::list`).

use api_types::cases::{CaseOutcome, OutcomeKind, VetoEvent, VetoKind};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, OutcomeRow, VetoRow};
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::{case_outcomes, veto_events};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::Cell;

/// Filters of `GET /api/v1/case-outcomes`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutcomeFilter {
    /// Outcomes of this unit's decisions (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    /// Outcomes of this disclosure record.
    pub disclosure_record_id: Option<Uuid>,
    pub kind: Option<OutcomeKind>,
    /// `true`: only those still waiting for their result; `false`: only decided ones.
    pub pending: Option<bool>,
    /// Text in the document number.
    pub q: Option<String>,
}

impl ListFilter for OutcomeFilter {
    const SORT_FIELDS: &'static [&'static str] = &["filed_on", "decided_on", "created_at"];
    const DEFAULT_SORT: &'static str = "-filed_on";
}

/// Case outcomes.
pub struct OutcomeList;

impl Listing for OutcomeList {
    crate::listing_source!(case_outcomes::table, OutcomeRow);
    type Filter = OutcomeFilter;
    type Context = UnitScope;
    type Item = CaseOutcome;

    fn filter(
        f: &OutcomeFilter,
        scope: &UnitScope,
        terms: &mut Where<case_outcomes::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, case_outcomes::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(case_outcomes::unit_id.eq(unit.to_string()));
        }
        if let Some(record) = f.disclosure_record_id {
            terms.and(case_outcomes::disclosure_record_id.eq(record.to_string()));
        }
        if let Some(kind) = f.kind {
            terms.and(case_outcomes::kind.eq(kind.as_str()));
        }
        match f.pending {
            Some(true) => terms.and(case_outcomes::result.is_null()),
            Some(false) => terms.and(case_outcomes::result.is_not_null()),
            None => {}
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(
                case_outcomes::document_number
                    .like(like_pattern(text))
                    .escape('\\'),
            );
        }
        Ok(())
    }

    fn columns() -> Columns<case_outcomes::table> {
        Columns::new(case_outcomes::id, case_outcomes::updated_at)
            .sort("filed_on", case_outcomes::filed_on)
            .sort("decided_on", case_outcomes::decided_on)
            .sort("created_at", case_outcomes::created_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<OutcomeRow>,
        _: &UnitScope,
    ) -> Result<Vec<CaseOutcome>, ApiError> {
        model::dtos(conn, &rows)
    }
}

impl SheetExport for OutcomeList {
    const TITLE: &'static str = "行政复议与行政诉讼";
    const FILE_STEM: &'static str = "case-outcomes";

    fn sheet_columns(
        _: &mut DbConnection,
        _: &UnitScope,
    ) -> Result<Vec<Column<CaseOutcome>>, ApiError> {
        Ok(vec![
            column("处罚决定书文号", 28.0, |o: &CaseOutcome| {
                Cell::Text(o.content.document_number.clone())
            }),
            column("单位", 24.0, |o: &CaseOutcome| {
                Cell::Text(o.unit_name.clone())
            }),
            column("类型", 10.0, |o: &CaseOutcome| {
                Cell::Text(o.content.kind.label_zh().into())
            }),
            column("审级", 8.0, |o: &CaseOutcome| {
                Cell::text(o.content.instance.map(|i| i.label_zh()))
            }),
            column("复议机关或法院", 24.0, |o: &CaseOutcome| {
                Cell::Text(o.content.body.clone())
            }),
            column("申请或起诉日期", 14.0, |o: &CaseOutcome| {
                Cell::Date(o.content.filed_on)
            }),
            column("结果", 10.0, |o: &CaseOutcome| {
                Cell::Text(o.content.result.map_or("审理中", |r| r.label_zh()).into())
            }),
            column("决定或判决日期", 14.0, |o: &CaseOutcome| {
                Cell::date(o.content.decided_on)
            }),
            column("胜败诉", 10.0, |o: &CaseOutcome| {
                Cell::text(o.verdict.map(|v| v.label_zh()))
            }),
            column("一票否决", 10.0, |o: &CaseOutcome| {
                Cell::Flag(o.veto_event_id.is_some())
            }),
        ])
    }
}

/// Filters of `GET /api/v1/veto-events`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VetoFilter {
    pub unit_id: Option<Uuid>,
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub kind: Option<VetoKind>,
}

impl ListFilter for VetoFilter {
    const SORT_FIELDS: &'static [&'static str] = &["occurred_on", "created_at"];
    const DEFAULT_SORT: &'static str = "-occurred_on";
}

/// Veto events.
pub struct VetoList;

impl Listing for VetoList {
    crate::listing_source!(veto_events::table, VetoRow);
    type Filter = VetoFilter;
    type Context = UnitScope;
    type Item = VetoEvent;

    fn filter(
        f: &VetoFilter,
        scope: &UnitScope,
        terms: &mut Where<veto_events::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, veto_events::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(veto_events::unit_id.eq(unit.to_string()));
        }
        if let Some(year) = f.year {
            crate::http::extract::check_year(year, "year", api_types::ErrorCode::InvalidQuery)?;
            terms.and(veto_events::year.eq(year));
        }
        if let Some(kind) = f.kind {
            terms.and(veto_events::kind.eq(kind.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<veto_events::table> {
        Columns::new(veto_events::id, veto_events::updated_at)
            .sort("occurred_on", veto_events::occurred_on)
            .sort("created_at", veto_events::created_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<VetoRow>,
        _: &UnitScope,
    ) -> Result<Vec<VetoEvent>, ApiError> {
        model::veto_dtos(conn, &rows)
    }
}
