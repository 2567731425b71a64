//! Adjustment rows and the list as of a date.

use std::collections::HashMap;

use api_types::catalog::{
    AdjustmentKind, AdjustmentReason, PowerAdjustment, PowerCategory, PowerChange, PowerContent,
    PowerDiff, PowerItem, PowerVersion,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{power_adjustments, power_items};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = power_adjustments)]
pub struct AdjustmentRow {
    pub id: String,
    pub item_id: String,
    pub version_no: i32,
    pub kind: String,
    pub reason: String,
    pub reason_detail: Option<String>,
    pub effective_from: NaiveDate,
    pub name: Option<String>,
    pub category: Option<String>,
    pub legal_basis: Option<String>,
    pub responsible_unit_id: Option<String>,
    pub responsibility_items: Option<String>,
    pub accountability: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

impl AdjustmentRow {
    pub fn kind(&self) -> Result<AdjustmentKind, ApiError> {
        AdjustmentKind::parse(&self.kind)
            .ok_or_else(|| ApiError::internal("stored adjustment kind"))
    }

    pub fn reason(&self) -> Result<AdjustmentReason, ApiError> {
        AdjustmentReason::parse(&self.reason)
            .ok_or_else(|| ApiError::internal("stored adjustment reason"))
    }

    /// The item's content from this adjustment on (`None` for a repeal).
    pub fn content(&self) -> Result<Option<PowerContent>, ApiError> {
        if self.kind()? == AdjustmentKind::Repeal {
            return Ok(None);
        }
        let (Some(name), Some(category), Some(legal_basis), Some(unit)) = (
            &self.name,
            &self.category,
            &self.legal_basis,
            &self.responsible_unit_id,
        ) else {
            return Err(ApiError::internal("adjustment without content"));
        };
        Ok(Some(PowerContent {
            name: name.clone(),
            category: PowerCategory::parse(category)
                .ok_or_else(|| ApiError::internal("stored category"))?,
            legal_basis: legal_basis.clone(),
            responsible_unit_id: stored_uuid(unit)?,
            responsibility_items: self
                .responsibility_items
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(ApiError::internal)?
                .unwrap_or_default(),
            accountability: self.accountability.clone(),
        }))
    }

    pub fn to_version(&self) -> Result<PowerVersion, ApiError> {
        Ok(PowerVersion {
            version_no: self.version_no,
            effective_from: self.effective_from,
            kind: self.kind()?,
            reason: self.reason()?,
            reason_detail: self.reason_detail.clone(),
            content: self.content()?,
            adjustment_id: stored_uuid(&self.id)?,
            recorded_at: time::to_utc(self.recorded_at),
        })
    }

    pub fn to_adjustment(&self, code: &str) -> Result<PowerAdjustment, ApiError> {
        Ok(PowerAdjustment {
            id: stored_uuid(&self.id)?,
            item_id: stored_uuid(&self.item_id)?,
            item_code: code.to_string(),
            kind: self.kind()?,
            reason: self.reason()?,
            reason_detail: self.reason_detail.clone(),
            effective_from: self.effective_from,
            version_no: self.version_no,
            recorded_at: time::to_utc(self.recorded_at),
        })
    }

    pub fn to_item(&self, code: &str) -> Result<Option<PowerItem>, ApiError> {
        let Some(content) = self.content()? else {
            return Ok(None);
        };
        Ok(Some(PowerItem {
            id: stored_uuid(&self.item_id)?,
            code: code.to_string(),
            content,
            version_no: self.version_no,
            effective_from: self.effective_from,
        }))
    }
}

/// Item codes by id.
pub fn codes(conn: &mut DbConnection) -> Result<HashMap<String, String>, ApiError> {
    let rows: Vec<(String, String)> = power_items::table
        .select((power_items::id, power_items::code))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The version of every item in force on `date`, repealed items left out, by code.
pub fn as_of(conn: &mut DbConnection, date: NaiveDate) -> Result<Vec<PowerItem>, ApiError> {
    let codes = codes(conn)?;
    let rows: Vec<AdjustmentRow> = power_adjustments::table
        .filter(power_adjustments::effective_from.le(date))
        .select(AdjustmentRow::as_select())
        .load(conn)?;
    let mut latest: HashMap<&str, &AdjustmentRow> = HashMap::new();
    for row in &rows {
        let entry = latest.entry(row.item_id.as_str()).or_insert(row);
        if row.version_no > entry.version_no {
            *entry = row;
        }
    }
    let mut items = Vec::new();
    for row in latest.values() {
        let code = codes
            .get(&row.item_id)
            .map(String::as_str)
            .unwrap_or_default();
        if let Some(item) = row.to_item(code)? {
            items.push(item);
        }
    }
    items.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(items)
}

/// The latest adjustment of an item (whatever its date).
pub fn latest(conn: &mut DbConnection, item_id: &str) -> Result<Option<AdjustmentRow>, ApiError> {
    Ok(power_adjustments::table
        .filter(power_adjustments::item_id.eq(item_id))
        .order(power_adjustments::version_no.desc())
        .select(AdjustmentRow::as_select())
        .first(conn)
        .optional()?)
}

/// The item's version in force on `date`, if it exists and is not repealed then.
pub fn item_on(
    conn: &mut DbConnection,
    item_id: &str,
    date: NaiveDate,
) -> Result<Option<AdjustmentRow>, ApiError> {
    let row: Option<AdjustmentRow> = power_adjustments::table
        .filter(power_adjustments::item_id.eq(item_id))
        .filter(power_adjustments::effective_from.le(date))
        .order(power_adjustments::version_no.desc())
        .select(AdjustmentRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.filter(|r| r.kind != AdjustmentKind::Repeal.as_str()))
}

fn changed_fields(a: &PowerContent, b: &PowerContent) -> Vec<String> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push("name".into());
    }
    if a.category != b.category {
        out.push("category".into());
    }
    if a.legal_basis != b.legal_basis {
        out.push("legal_basis".into());
    }
    if a.responsible_unit_id != b.responsible_unit_id {
        out.push("responsible_unit_id".into());
    }
    if a.responsibility_items != b.responsibility_items {
        out.push("responsibility_items".into());
    }
    if a.accountability != b.accountability {
        out.push("accountability".into());
    }
    out
}

/// What changed between the list on `from` and the list on `to`.
pub fn diff(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PowerDiff, ApiError> {
    let before: HashMap<uuid::Uuid, PowerItem> =
        as_of(conn, from)?.into_iter().map(|i| (i.id, i)).collect();
    let after: HashMap<uuid::Uuid, PowerItem> =
        as_of(conn, to)?.into_iter().map(|i| (i.id, i)).collect();
    let (mut added, mut amended, mut repealed) = (Vec::new(), Vec::new(), Vec::new());
    for (id, item) in &after {
        match before.get(id) {
            None => added.push(PowerChange {
                id: *id,
                code: item.code.clone(),
                before: None,
                after: Some(item.clone()),
                changed_fields: Vec::new(),
            }),
            Some(old) if old.version_no != item.version_no => amended.push(PowerChange {
                id: *id,
                code: item.code.clone(),
                before: Some(old.clone()),
                after: Some(item.clone()),
                changed_fields: changed_fields(&old.content, &item.content),
            }),
            Some(_) => {}
        }
    }
    for (id, item) in &before {
        if !after.contains_key(id) {
            repealed.push(PowerChange {
                id: *id,
                code: item.code.clone(),
                before: Some(item.clone()),
                after: None,
                changed_fields: Vec::new(),
            });
        }
    }
    for list in [&mut added, &mut amended, &mut repealed] {
        list.sort_by(|a, b| a.code.cmp(&b.code));
    }
    Ok(PowerDiff {
        from,
        to,
        added,
        amended,
        repealed,
    })
}
