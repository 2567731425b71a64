//! The unit tree as assessment sees it: every unit belongs to a county-level unit (a
//! county bureau, or a unit directly under the city bureau), whose people do not review
//! its files and whose score counts what its units do.

use std::collections::HashMap;

use api_types::units::UnitKind;
use diesel::prelude::*;

use crate::db::schema::units;
use crate::db::DbConnection;
use crate::error::ApiError;

/// One unit: parent, kind, name, whether active.
struct Node {
    parent: Option<String>,
    kind: String,
    name: String,
    active: bool,
}

/// Every unit, read once, in display order.
pub struct UnitTree {
    nodes: HashMap<String, Node>,
    order: Vec<String>,
}

impl UnitTree {
    pub fn load(conn: &mut DbConnection) -> Result<UnitTree, ApiError> {
        let rows: Vec<(String, Option<String>, String, String, bool)> = units::table
            .order((units::sort_order.asc(), units::code.asc()))
            .select((
                units::id,
                units::parent_id,
                units::kind,
                units::name,
                units::active,
            ))
            .load(conn)?;
        let order = rows.iter().map(|r| r.0.clone()).collect();
        let nodes = rows
            .into_iter()
            .map(|(id, parent, kind, name, active)| {
                (
                    id,
                    Node {
                        parent,
                        kind,
                        name,
                        active,
                    },
                )
            })
            .collect();
        Ok(UnitTree { nodes, order })
    }

    fn kind_is(&self, id: &str, kind: UnitKind) -> bool {
        self.nodes.get(id).is_some_and(|n| n.kind == kind.as_str())
    }

    /// Whether `id` is county-level: a county bureau, or directly under the city bureau.
    fn is_county_level(&self, id: &str) -> bool {
        self.kind_is(id, UnitKind::CountyBureau)
            || self
                .nodes
                .get(id)
                .and_then(|n| n.parent.as_deref())
                .is_some_and(|p| self.kind_is(p, UnitKind::CityBureau))
    }

    /// The county-level unit `id` belongs to (itself when it is one); `None` for the
    /// city bureau and unknown units.
    pub fn county_of(&self, id: &str) -> Option<&str> {
        let mut at = self.nodes.get_key_value(id)?.0.as_str();
        for _ in 0..self.nodes.len() {
            if self.is_county_level(at) {
                return Some(at);
            }
            at = self.nodes.get(at)?.parent.as_deref()?;
        }
        None
    }

    /// The city bureau (the root).
    pub fn city_bureau(&self) -> Option<&str> {
        self.order
            .iter()
            .find(|id| self.kind_is(id, UnitKind::CityBureau))
            .map(String::as_str)
    }

    /// A unit's name.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.nodes.get(id).map(|n| n.name.as_str())
    }

    /// Whether `id` is an active unit of `kind`.
    pub fn is_active(&self, id: &str, kind: UnitKind) -> bool {
        self.kind_is(id, kind) && self.nodes.get(id).is_some_and(|n| n.active)
    }

    /// Whether `id` is the city bureau.
    pub fn is_city_bureau(&self, id: &str) -> bool {
        self.kind_is(id, UnitKind::CityBureau)
    }

    /// The assessed units in display order: the active county bureaus and the active
    /// brigades directly under the city bureau, as (id, name, kind).
    pub fn assessed(&self) -> Vec<(String, String, String)> {
        self.order
            .iter()
            .filter_map(|id| {
                let node = self.nodes.get(id)?;
                let assessed = node.active
                    && self.is_county_level(id)
                    && (node.kind == UnitKind::CountyBureau.as_str()
                        || node.kind == UnitKind::Brigade.as_str());
                assessed.then(|| (id.clone(), node.name.clone(), node.kind.clone()))
            })
            .collect()
    }
}
