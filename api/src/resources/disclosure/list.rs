//! `GET /api/v1/disclosure-records`: its filter and listing (see `db::list`).

use api_types::disclosure::{DisclosureRecord, DisclosureStatus, PartyKind};
use api_types::period::Period;
use api_types::ErrorCode;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::RecordRow;
use crate::db::list::{like_pattern, search_text, Columns, Listing, UnitScope, Where};
use crate::db::schema::disclosure_records;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::resources::calendar::workdays::WorkCalendar;

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
        if let Some(units) = &context.scope.units {
            terms.and(disclosure_records::issuing_unit_id.eq_any(units.clone()));
        }
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
