//! `GET /api/v1/degrees`: its filter and listing (see `db::list`).

use api_types::degrees::{Degree, DegreeLevel, DegreeStatus};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::DegreeRow;
use crate::db::list::{Columns, Listing, UnitScope, Where};
use crate::db::schema::degrees;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::{names, Cell};

/// Filters of `GET /api/v1/degrees`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DegreeFilter {
    /// Degrees of this unit's people (must be within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub status: Option<DegreeStatus>,
    pub level: Option<DegreeLevel>,
}

impl ListFilter for DegreeFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "graduated_on"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Degrees recorded by people of the units in the caller's scope.
pub struct DegreeList;

impl Listing for DegreeList {
    crate::listing_source!(degrees::table, DegreeRow);
    type Filter = DegreeFilter;
    type Context = UnitScope;
    type Item = Degree;

    fn filter(
        f: &DegreeFilter,
        scope: &UnitScope,
        terms: &mut Where<degrees::table>,
    ) -> Result<(), ApiError> {
        terms.scope(scope, degrees::unit_id)?;
        if let Some(unit) = f.unit_id {
            terms.and(degrees::unit_id.eq(unit.to_string()));
        }
        if let Some(user) = f.user_id {
            terms.and(degrees::user_id.eq(user.to_string()));
        }
        if let Some(status) = f.status {
            terms.and(degrees::status.eq(status.as_str()));
        }
        if let Some(level) = f.level {
            terms.and(degrees::level.eq(level.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<degrees::table> {
        Columns::new(degrees::id, degrees::updated_at)
            .sort("created_at", degrees::created_at)
            .sort("graduated_on", degrees::graduated_on)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<DegreeRow>,
        _: &UnitScope,
    ) -> Result<Vec<Degree>, ApiError> {
        super::model::dtos(conn, &rows)
    }
}

impl SheetExport for DegreeList {
    const TITLE: &'static str = "在职学历教育登记";
    const FILE_STEM: &'static str = "degrees";

    fn sheet_columns(
        conn: &mut DbConnection,
        _: &UnitScope,
    ) -> Result<Vec<Column<Degree>>, ApiError> {
        let units = names::units(conn)?;
        Ok(vec![
            column("姓名", 14.0, |d: &Degree| Cell::Text(d.user_name.clone())),
            column("单位", 24.0, move |d: &Degree| {
                Cell::text(units.get(&d.unit_id).cloned())
            }),
            column("层次", 12.0, |d: &Degree| {
                Cell::Text(d.content.level.label_zh().into())
            }),
            column("院校", 24.0, |d: &Degree| {
                Cell::Text(d.content.school.clone())
            }),
            column("专业", 18.0, |d: &Degree| {
                Cell::Text(d.content.major.clone())
            }),
            column("入学日期", 12.0, |d: &Degree| {
                Cell::Date(d.content.started_on)
            }),
            column("毕业日期", 12.0, |d: &Degree| {
                Cell::Date(d.content.graduated_on)
            }),
            column("状态", 10.0, |d: &Degree| {
                Cell::Text(d.status.label_zh().into())
            }),
            column("审核人", 12.0, |d: &Degree| {
                Cell::text(d.verified_by_name.clone())
            }),
            column("奖励金额（元）", 12.0, |d: &Degree| {
                d.reward
                    .as_ref()
                    .map_or(Cell::Empty, |r| Cell::Count(i64::from(r.amount_yuan)))
            }),
            column("奖励依据", 30.0, |d: &Degree| {
                Cell::text(d.reward.as_ref().map(|r| r.note.clone()))
            }),
        ])
    }
}
