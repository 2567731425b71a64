//! Organisation units: the city bureau, its sections, county/district bureaus and their
//! brigades, as a tree.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// What kind of organisation a unit is. Its place in the tree follows from it.
    pub enum UnitKind {
        /// 市城管执法局: the root of the tree.
        CityBureau = "city_bureau",
        /// 局属部门: a section, office or centre of the city bureau (and its party committee).
        Section = "section",
        /// 县市区城管执法局: a county/district bureau, including the development-zone bureau.
        CountyBureau = "county_bureau",
        /// 大队/分局: a brigade or branch under a county bureau (or under the city bureau).
        Brigade = "brigade",
    }
}

impl UnitKind {
    /// The Chinese name staff see (the SPA, spreadsheets).
    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::CityBureau => "市城管执法局",
            UnitKind::Section => "局属部门",
            UnitKind::CountyBureau => "县市区城管执法局",
            UnitKind::Brigade => "大队/分局",
        }
    }
}

impl UnitKind {
    /// The kinds a unit of this kind may sit under (`None`: the root, which has no
    /// parent). The server enforces it; the SPA offers only these.
    pub fn parent_kinds(self) -> Option<&'static [UnitKind]> {
        match self {
            UnitKind::CityBureau => None,
            UnitKind::Section | UnitKind::CountyBureau => Some(&[UnitKind::CityBureau]),
            UnitKind::Brigade => Some(&[UnitKind::CountyBureau, UnitKind::CityBureau]),
        }
    }

    /// The kinds of unit that may be created under a unit of this kind.
    pub fn child_kinds(self) -> Vec<UnitKind> {
        UnitKind::ALL
            .iter()
            .copied()
            .filter(|k| k.parent_kinds().is_some_and(|p| p.contains(&self)))
            .collect()
    }
}

/// An organisation unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: Uuid,
    /// Stable short code, unique, upper case (e.g. `CITY-LAW`).
    pub code: String,
    /// Official Chinese name.
    pub name: String,
    /// English name, when known.
    pub name_en: Option<String>,
    pub kind: UnitKind,
    pub parent_id: Option<Uuid>,
    pub active: bool,
    /// Display order among siblings.
    pub sort_order: i32,
    /// Row version; the `ETag` of the unit.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A unit with its descendants (`GET /api/v1/units/tree`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitNode {
    #[serde(flatten)]
    pub unit: Unit,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<UnitNode>,
}

/// `POST /api/v1/units`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, validator::Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// Upper-case code, unique (e.g. `XQ-BRIGADE-1`).
    #[validate(custom(function = "crate::validate::code"))]
    pub code: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: String,
    #[validate(length(max = 200))]
    pub name_en: Option<String>,
    pub kind: UnitKind,
    /// Required for every kind except the city bureau.
    pub parent_id: Option<Uuid>,
    #[validate(range(min = 0, max = 1000000))]
    pub sort_order: Option<i32>,
}

/// `PATCH /api/v1/units/{id}` (requires `If-Match`). Absent fields are unchanged.
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, validator::Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validate::not_blank")
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 200))]
    pub name_en: Option<Option<String>>,
    #[validate(range(min = 0, max = 1000000))]
    pub sort_order: Option<i32>,
    /// `false` deactivates the unit (only when none of its children is active).
    pub active: Option<bool>,
    /// Moves the unit (with everything under it) under another unit that may hold its
    /// kind; the caller needs `units.manage` for both places.
    pub parent_id: Option<Uuid>,
}

/// A unit as the public API shows it (`GET /api/v1/public/units`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicUnit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: UnitKind,
}
