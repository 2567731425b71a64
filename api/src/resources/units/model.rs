//! Unit rows and queries.

use api_types::units::{Unit, UnitKind, UnitNode};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::units;
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = units, treat_none_as_null = true)]
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
    #[diesel(skip_update)]
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
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

/// Ids of the active children of a unit.
pub fn active_children(conn: &mut DbConnection, id: &str) -> Result<i64, ApiError> {
    Ok(units::table
        .filter(units::parent_id.eq(id))
        .filter(units::active.eq(true))
        .count()
        .get_result(conn)?)
}
