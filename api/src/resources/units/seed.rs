//! Reference units named in the work plan, created on first start.
//!
//! Seeding only inserts units whose code is missing; it never updates an existing unit,
//! so a second start changes nothing and renames made by administrators are kept. The
//! plan names no individual county bureau except the development-zone bureau; the
//! others are added by administrators.

use api_types::audit::ResourceKind;
use api_types::units::UnitKind;
use diesel::prelude::*;

use super::model::UnitRow;
use crate::auth::Actor;
use crate::db::schema::units;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::resources::audit_events::{append, Change};
use crate::time;

pub struct ReferenceUnit {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    pub kind: UnitKind,
    pub parent: Option<&'static str>,
}

/// Code of the city bureau, the root of the tree.
pub const CITY_BUREAU: &str = "CITY";

pub const REFERENCE_UNITS: &[ReferenceUnit] = &[
    ReferenceUnit {
        code: CITY_BUREAU,
        name: "市城管执法局",
        name_en: "Municipal Urban Management Law Enforcement Bureau",
        kind: UnitKind::CityBureau,
        parent: None,
    },
    ReferenceUnit {
        code: "CITY-PARTY",
        name: "局党组（党委）",
        name_en: "Bureau Party Leadership Group / Party Committee",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-LAW",
        name: "局政策法规科",
        name_en: "Policy and Regulations Section",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-HR",
        name: "局人事科",
        name_en: "Personnel Section",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-APPROVAL",
        name: "局行政审批科",
        name_en: "Administrative Approval Section",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-SUPERVISION",
        name: "局执法监督科",
        name_en: "Enforcement Supervision Section",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-OFFICE",
        name: "局办公室",
        name_en: "General Office",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-SANITATION",
        name: "局环卫处",
        name_en: "Environmental Sanitation Division",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "CITY-DIGITAL",
        name: "局数字城管中心",
        name_en: "Digital Urban Management Centre",
        kind: UnitKind::Section,
        parent: Some(CITY_BUREAU),
    },
    ReferenceUnit {
        code: "EDZ",
        name: "市经济技术开发区城管执法局",
        name_en:
            "Economic and Technological Development Zone Urban Management Law Enforcement Bureau",
        kind: UnitKind::CountyBureau,
        parent: Some(CITY_BUREAU),
    },
];

/// Inserts the reference units that are missing; returns the codes inserted.
pub fn seed_reference_units(conn: &mut DbConnection) -> Result<Vec<String>, ApiError> {
    write_transaction(conn, |conn| {
        let mut inserted = Vec::new();
        for (position, unit) in REFERENCE_UNITS.iter().enumerate() {
            let exists: i64 = units::table
                .filter(units::code.eq(unit.code))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
            let parent_id = match unit.parent {
                Some(code) => Some(
                    units::table
                        .filter(units::code.eq(code))
                        .select(units::id)
                        .first::<String>(conn)?,
                ),
                None => None,
            };
            let now = time::now();
            let row = UnitRow {
                id: time::new_id(),
                code: unit.code.to_string(),
                name: unit.name.to_string(),
                name_en: Some(unit.name_en.to_string()),
                kind: unit.kind.as_str().to_string(),
                parent_id,
                active: true,
                sort_order: i32::try_from(position).unwrap_or(i32::MAX) * 10,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            diesel::insert_into(units::table)
                .values(&row)
                .execute(conn)?;
            append(
                conn,
                &Actor::system("seed"),
                &Change::created(ResourceKind::Unit, &row.id, &row.to_dto()?),
            )?;
            inserted.push(unit.code.to_string());
        }
        Ok(inserted)
    })
}
