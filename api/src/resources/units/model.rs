//! Unit rows and queries.

use api_types::units::{Unit, UnitKind, UnitNode};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use crate::db::schema::units;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::{ListFilter, ListQuery};
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = units)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: String,
    pub parent_id: Option<String>,
    pub active: bool,
    pub sort_order: i32,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

/// Parses a stored id. Stored ids are written by this service, so a failure means the
/// data was altered outside it.
pub fn stored_uuid(value: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(value)
        .map_err(|_| ApiError::internal(format!("stored id {value:?} is not a UUID")))
}

impl UnitRow {
    pub fn kind(&self) -> Result<UnitKind, ApiError> {
        UnitKind::parse(&self.kind)
            .ok_or_else(|| ApiError::internal(format!("stored unit kind {:?}", self.kind)))
    }

    pub fn to_dto(&self) -> Result<Unit, ApiError> {
        Ok(Unit {
            id: stored_uuid(&self.id)?,
            code: self.code.clone(),
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            kind: self.kind()?,
            parent_id: self.parent_id.as_deref().map(stored_uuid).transpose()?,
            active: self.active,
            sort_order: self.sort_order,
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

/// Filters of `GET /api/v1/units`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UnitFilter {
    /// Only units of this kind.
    pub kind: Option<UnitKind>,
    /// Only direct children of this unit.
    pub parent_id: Option<Uuid>,
    /// Only active (`true`) or inactive (`false`) units.
    pub active: Option<bool>,
    /// Text contained in the name, English name or code.
    pub q: Option<String>,
}

impl ListFilter for UnitFilter {
    const SORT_FIELDS: &'static [&'static str] = &["code", "name", "sort_order", "created_at"];
    const DEFAULT_SORT: &'static str = "sort_order";
}

type Db = <DbConnection as Connection>::Backend;

fn filtered<'a>(query: &'a ListQuery<UnitFilter>) -> units::BoxedQuery<'a, Db> {
    let f = &query.filter;
    let mut q = units::table.into_boxed();
    if let Some(kind) = f.kind {
        q = q.filter(units::kind.eq(kind.as_str()));
    }
    if let Some(parent) = f.parent_id {
        q = q.filter(units::parent_id.eq(parent.to_string()));
    }
    if let Some(active) = f.active {
        q = q.filter(units::active.eq(active));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = like_pattern(text);
        let upper = like_pattern(&text.to_uppercase());
        q = q.filter(
            units::name
                .like(pattern.clone())
                .escape('\\')
                .or(units::name_en.like(pattern).escape('\\'))
                .or(units::code.like(upper).escape('\\')),
        );
    }
    if let Some(since) = query.updated_since {
        q = q.filter(units::updated_at.ge(time::from_utc(since)));
    }
    q
}

/// `%text%` with LIKE wildcards in `text` escaped.
pub fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub fn list(
    conn: &mut DbConnection,
    query: &ListQuery<UnitFilter>,
) -> Result<(Vec<UnitRow>, i64), ApiError> {
    let total: i64 = filtered(query).count().get_result(conn)?;
    let mut q = filtered(query);
    let desc = query.sort.descending;
    q = match (query.sort.field, desc) {
        ("code", false) => q.order(units::code.asc()),
        ("code", true) => q.order(units::code.desc()),
        ("name", false) => q.order(units::name.asc()),
        ("name", true) => q.order(units::name.desc()),
        ("created_at", false) => q.order(units::created_at.asc()),
        ("created_at", true) => q.order(units::created_at.desc()),
        ("updated_at", false) => q.order(units::updated_at.asc()),
        ("updated_at", true) => q.order(units::updated_at.desc()),
        (_, false) => q.order((units::sort_order.asc(), units::code.asc())),
        (_, true) => q.order((units::sort_order.desc(), units::code.desc())),
    };
    let rows = q
        .then_order_by(units::id.asc())
        .offset(query.offset())
        .limit(query.limit())
        .select(UnitRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<UnitRow, ApiError> {
    units::table
        .find(id.to_string())
        .select(UnitRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("unit"))
}

pub fn all(conn: &mut DbConnection, include_inactive: bool) -> Result<Vec<UnitRow>, ApiError> {
    let mut q = units::table.into_boxed();
    if !include_inactive {
        q = q.filter(units::active.eq(true));
    }
    Ok(q.order((units::sort_order.asc(), units::code.asc()))
        .select(UnitRow::as_select())
        .load(conn)?)
}

/// Arranges units as a forest (roots are units without a parent, or whose parent is
/// not in `rows`, e.g. filtered out as inactive). Sibling order is kept from `rows`.
pub fn build_tree(rows: &[UnitRow]) -> Result<Vec<UnitNode>, ApiError> {
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut children: std::collections::HashMap<&str, Vec<&UnitRow>> =
        std::collections::HashMap::new();
    let mut roots = Vec::new();
    for row in rows {
        match row.parent_id.as_deref().filter(|p| ids.contains(p)) {
            Some(parent) => children.entry(parent).or_default().push(row),
            None => roots.push(row),
        }
    }
    fn node(
        row: &UnitRow,
        children: &std::collections::HashMap<&str, Vec<&UnitRow>>,
        depth: usize,
    ) -> Result<UnitNode, ApiError> {
        if depth > 32 {
            return Err(ApiError::internal(
                "unit tree deeper than 32 levels (a cycle?)",
            ));
        }
        let kids = children
            .get(row.id.as_str())
            .map(|list| {
                list.iter()
                    .map(|c| node(c, children, depth + 1))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();
        Ok(UnitNode {
            unit: row.to_dto()?,
            children: kids,
        })
    }
    roots.into_iter().map(|r| node(r, &children, 0)).collect()
}

/// The kinds a parent may have for a unit of `kind` (`None`: no parent at all).
pub fn allowed_parent_kinds(kind: UnitKind) -> Option<&'static [UnitKind]> {
    match kind {
        UnitKind::CityBureau => None,
        UnitKind::Section | UnitKind::CountyBureau => Some(&[UnitKind::CityBureau]),
        UnitKind::Brigade => Some(&[UnitKind::CountyBureau, UnitKind::CityBureau]),
    }
}

/// Ids of the active children of a unit.
pub fn active_children(conn: &mut DbConnection, id: &str) -> Result<i64, ApiError> {
    Ok(units::table
        .filter(units::parent_id.eq(id))
        .filter(units::active.eq(true))
        .count()
        .get_result(conn)?)
}
