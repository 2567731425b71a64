//! `GET /api/v1/disclosure-records`: its filter and listing (see `db::list`).

use api_types::disclosure::{DisclosureRecord, DisclosureStatus, PartyKind};
use api_types::period::Period;
use api_types::ErrorCode;
use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::RecordRow;
use crate::db::list::{like_pattern, search_text, Columns, KeptTotal, Listing, UnitScope, Where};
use crate::db::schema::{disclosure_record_counts, disclosure_records, power_items};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::resources::calendar::workdays::WorkCalendar;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::{names, Cell};

/// The first and last day of a month given as `2022-05`; 400 naming `field` otherwise.
pub fn month_bounds(field: &str, month: &str) -> Result<(NaiveDate, NaiveDate), ApiError> {
    match Period::parse(month) {
        Some(p @ Period::Month { .. }) => Ok((p.start(), p.end())),
        _ => Err(ApiError::field(
            ErrorCode::InvalidQuery,
            field,
            "invalid_month",
            "must be a month like 2022-05",
        )),
    }
}

/// Filters of `GET /api/v1/disclosure-records`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordFilter {
    /// Records of this issuing unit (within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<DisclosureStatus>,
    /// Decisions in this month, e.g. `2022-05`.
    #[param(pattern = r"^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    pub power_item_id: Option<Uuid>,
    pub party_kind: Option<PartyKind>,
    /// Only records flagged for a fine outside the tier's range.
    pub fine_out_of_range: Option<bool>,
    /// Text in the document number, cause or party name.
    pub q: Option<String>,
}

impl ListFilter for RecordFilter {
    const SORT_FIELDS: &'static [&'static str] =
        &["decision_date", "publication_date", "document_number"];
    const DEFAULT_SORT: &'static str = "-decision_date";
}

/// What the record list needs besides its filter.
pub struct RecordContext {
    pub scope: UnitScope,
    /// Timeliness is judged in working days on `today`.
    pub calendar: WorkCalendar,
    pub today: NaiveDate,
}

/// Disclosure records of the units in the caller's scope, with timeliness.
pub struct RecordList;

impl Listing for RecordList {
    crate::listing_source!(disclosure_records::table, RecordRow);
    type Filter = RecordFilter;
    type Context = RecordContext;
    type Item = DisclosureRecord;

    fn filter(
        f: &RecordFilter,
        context: &RecordContext,
        terms: &mut Where<disclosure_records::table>,
    ) -> Result<(), ApiError> {
        terms.scope(&context.scope, disclosure_records::issuing_unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(disclosure_records::issuing_unit_id.eq(unit.to_string()));
        }
        if let Some(status) = f.status {
            terms.and(disclosure_records::status.eq(status.as_str()));
        }
        if let Some(month) = &f.month {
            let (from, to) = month_bounds("month", month)?;
            terms.and(disclosure_records::decision_date.between(from, to));
        }
        if let Some(item) = f.power_item_id {
            terms.and(disclosure_records::power_item_id.eq(item.to_string()));
        }
        if let Some(kind) = f.party_kind {
            terms.and(disclosure_records::party_kind.eq(kind.as_str()));
        }
        if let Some(flag) = f.fine_out_of_range {
            terms.and(disclosure_records::fine_out_of_range.eq(flag));
        }
        if let Some(text) = search_text(&f.q) {
            let pattern = like_pattern(text);
            terms.and(
                disclosure_records::document_number
                    .like(pattern.clone())
                    .escape('\\')
                    .or(disclosure_records::case_cause
                        .like(pattern.clone())
                        .escape('\\'))
                    .or(disclosure_records::party_name.like(pattern).escape('\\')),
            );
        }
        Ok(())
    }

    /// From `disclosure_record_counts` when the filter is at most scope, unit and status.
    fn kept_total(
        conn: &mut DbConnection,
        f: &RecordFilter,
        context: &RecordContext,
    ) -> Result<Option<KeptTotal>, ApiError> {
        // Every field named, so that a new filter cannot be silently left out here.
        let RecordFilter {
            unit_id,
            status,
            month,
            power_item_id,
            party_kind,
            fine_out_of_range,
            q,
        } = f;
        let counted_only = month.is_none()
            && power_item_id.is_none()
            && party_kind.is_none()
            && fine_out_of_range.is_none()
            && search_text(q).is_none();
        if !counted_only {
            return Ok(None);
        }
        let mut counts = disclosure_record_counts::table
            .select((
                disclosure_record_counts::unit_id,
                disclosure_record_counts::n,
            ))
            .into_boxed();
        if let Some(status) = status {
            counts = counts.filter(disclosure_record_counts::status.eq(status.as_str()));
        }
        // One row per unit and status: a few hundred at most, summed here.
        let counts: Vec<(String, i64)> = counts.load(conn)?;
        let unscoped = counts.iter().map(|(_, n)| n).sum();
        let unit = unit_id.map(|u| u.to_string());
        let matching: Vec<&(String, i64)> = counts
            .iter()
            .filter(|(u, _)| unit.as_ref().is_none_or(|wanted| wanted == u))
            .filter(|(u, _)| {
                context
                    .scope
                    .units
                    .as_ref()
                    .is_none_or(|units| units.contains(u))
            })
            .collect();
        let total = matching.iter().map(|(_, n)| n).sum();
        let units_with_rows = context.scope.units.as_ref().map(|_| {
            let units: std::collections::BTreeSet<&String> = matching
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(u, _)| u)
                .collect();
            units.into_iter().cloned().collect()
        });
        Ok(Some(KeptTotal {
            total,
            unscoped,
            units_with_rows,
        }))
    }

    fn columns() -> Columns<disclosure_records::table> {
        Columns::new(disclosure_records::id, disclosure_records::updated_at)
            .sort("decision_date", disclosure_records::decision_date)
            .sort("publication_date", disclosure_records::publication_date)
            .sort("document_number", disclosure_records::document_key)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<RecordRow>,
        context: &RecordContext,
    ) -> Result<Vec<DisclosureRecord>, ApiError> {
        rows.iter()
            .map(|r| r.to_dto(&context.calendar, context.today))
            .collect()
    }
}

impl SheetExport for RecordList {
    const TITLE: &'static str = "行政处罚结果公开";
    const FILE_STEM: &'static str = "disclosure-records";

    fn sheet_columns(
        conn: &mut DbConnection,
        _: &RecordContext,
    ) -> Result<Vec<Column<DisclosureRecord>>, ApiError> {
        let units = names::units(conn)?;
        let items = power_item_codes(conn)?;
        Ok(vec![
            column("执法单位", 22.0, move |r: &DisclosureRecord| {
                Cell::text(units.get(&r.content.issuing_unit_id).cloned())
            }),
            column("决定书文号", 28.0, |r: &DisclosureRecord| {
                Cell::Text(r.content.document_number.clone())
            }),
            column("案由", 36.0, |r: &DisclosureRecord| {
                Cell::Text(r.content.case_cause.clone())
            }),
            column("当事人类型", 12.0, |r: &DisclosureRecord| {
                Cell::Text(r.content.party_kind.label_zh().into())
            }),
            column("当事人名称", 24.0, |r: &DisclosureRecord| {
                Cell::Text(r.content.party_name.clone())
            }),
            column("统一社会信用代码", 22.0, |r: &DisclosureRecord| {
                Cell::text(r.content.party_credit_code.clone())
            }),
            column("身份证号", 22.0, |r: &DisclosureRecord| {
                Cell::text(r.content.party_id_number.clone())
            }),
            column("处罚依据", 36.0, |r: &DisclosureRecord| {
                Cell::Text(r.content.legal_basis.clone())
            }),
            column("罚款金额（元）", 14.0, |r: &DisclosureRecord| {
                Cell::money(r.content.fine_fen)
            }),
            column("没收金额（元）", 14.0, |r: &DisclosureRecord| {
                Cell::money(r.content.confiscated_fen)
            }),
            column("其他处罚", 20.0, |r: &DisclosureRecord| {
                Cell::text(r.content.other_measures.clone())
            }),
            column("执行情况", 12.0, |r: &DisclosureRecord| {
                Cell::Text(r.content.execution_status.label_zh().into())
            }),
            column("决定日期", 12.0, |r: &DisclosureRecord| {
                Cell::Date(r.content.decision_date)
            }),
            column("权力事项编码", 16.0, move |r: &DisclosureRecord| {
                Cell::text(
                    r.content
                        .power_item_id
                        .and_then(|id| items.get(&id).cloned()),
                )
            }),
            column("裁量阶次", 10.0, |r: &DisclosureRecord| {
                Cell::text(r.content.discretion_tier.clone())
            }),
            column("超出裁量幅度", 12.0, |r: &DisclosureRecord| {
                Cell::Flag(r.fine_out_of_range)
            }),
            column("状态", 10.0, |r: &DisclosureRecord| {
                Cell::Text(r.status.label_zh().into())
            }),
            column("公开日期", 12.0, |r: &DisclosureRecord| {
                Cell::date(r.publication_date)
            }),
            column("公开期限", 12.0, |r: &DisclosureRecord| {
                Cell::Date(r.publication_deadline)
            }),
            column("及时性", 12.0, |r: &DisclosureRecord| {
                Cell::Text(r.timeliness.label_zh().into())
            }),
            column("版本", 6.0, |r: &DisclosureRecord| {
                Cell::Count(r.revision.into())
            }),
            column("更新时间", 17.0, |r: &DisclosureRecord| {
                Cell::Time(r.updated_at)
            }),
        ])
    }
}

/// Power item id → code.
fn power_item_codes(conn: &mut DbConnection) -> Result<HashMap<Uuid, String>, ApiError> {
    let rows: Vec<(String, String)> = power_items::table
        .select((power_items::id, power_items::code))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, code)| Ok((stored_uuid(&id)?, code)))
        .collect()
}
