//! `GET /api/v1/audit-events`: its filter and listing (see `db::list`).

use api_types::audit::{AuditAction, AuditEvent, ResourceKind};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::chain::AuditRow;
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::audit_events;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::{names, Cell};
use crate::time;

/// Filters of `GET /api/v1/audit-events`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Events caused by this user.
    pub actor_user_id: Option<Uuid>,
    /// Events caused by this service account.
    pub actor_service_account_id: Option<Uuid>,
    /// Kind of resource, e.g. `user`.
    pub resource_type: Option<ResourceKind>,
    /// One resource (with `resource_type`).
    pub resource_id: Option<String>,
    /// e.g. `create`, `update`, `login`.
    pub action: Option<AuditAction>,
    /// Events at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

impl ListFilter for AuditFilter {
    const SORT_FIELDS: &'static [&'static str] = &["id"];
    const DEFAULT_SORT: &'static str = "-id";
}

/// The audit trail, newest first.
pub struct AuditList;

impl Listing for AuditList {
    crate::listing_source!(audit_events::table, AuditRow);
    type Filter = AuditFilter;
    type Context = ();
    type Item = AuditEvent;

    fn filter(
        f: &AuditFilter,
        _: &(),
        terms: &mut Where<audit_events::table>,
    ) -> Result<(), ApiError> {
        if let Some(id) = f.actor_user_id {
            terms.and(audit_events::actor_user_id.eq(id.to_string()));
        }
        if let Some(id) = f.actor_service_account_id {
            terms.and(audit_events::actor_service_account_id.eq(id.to_string()));
        }
        if let Some(t) = f.resource_type {
            terms.and(audit_events::resource_type.eq(t.as_str()));
        }
        if let Some(id) = &f.resource_id {
            terms.and(audit_events::resource_id.eq(id.clone()));
        }
        if let Some(a) = f.action {
            terms.and(audit_events::action.eq(a.as_str()));
        }
        if let Some(from) = f.from {
            terms.and(audit_events::occurred_at.ge(time::from_utc(from)));
        }
        if let Some(to) = f.to {
            terms.and(audit_events::occurred_at.lt(time::from_utc(to)));
        }
        Ok(())
    }

    fn columns() -> Columns<audit_events::table> {
        // Audit rows never change: "updated" means "recorded".
        Columns::new(audit_events::id, audit_events::occurred_at).sort("id", audit_events::id)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<AuditRow>,
        _: &(),
    ) -> Result<Vec<AuditEvent>, ApiError> {
        rows.iter().map(AuditRow::to_dto).collect()
    }
}

impl SheetExport for AuditList {
    const TITLE: &'static str = "审计日志";
    const FILE_STEM: &'static str = "audit-events";

    fn sheet_columns(conn: &mut DbConnection, _: &()) -> Result<Vec<Column<AuditEvent>>, ApiError> {
        let users = names::users(conn)?;
        let accounts = names::service_accounts(conn)?;
        let units = names::units(conn)?;
        let json =
            |value: &Option<serde_json::Value>| Cell::text(value.as_ref().map(|v| v.to_string()));
        Ok(vec![
            column("序号", 8.0, |e: &AuditEvent| Cell::Count(e.id)),
            column("时间", 17.0, |e: &AuditEvent| Cell::Time(e.occurred_at)),
            column("操作人", 14.0, move |e: &AuditEvent| {
                let user = e.actor_user_id.and_then(|id| users.get(&id));
                let account = e.actor_service_account_id.and_then(|id| accounts.get(&id));
                Cell::text(user.or(account).cloned())
            }),
            column("操作人单位", 20.0, move |e: &AuditEvent| {
                Cell::text(e.actor_unit_id.and_then(|id| units.get(&id).cloned()))
            }),
            column("角色", 16.0, |e: &AuditEvent| {
                Cell::Text(e.actor_roles.clone())
            }),
            column("操作", 12.0, |e: &AuditEvent| {
                Cell::Text(
                    AuditAction::parse(&e.action)
                        .map_or_else(|| e.action.clone(), |a| a.label_zh().into()),
                )
            }),
            column("对象类型", 12.0, |e: &AuditEvent| {
                Cell::Text(
                    ResourceKind::parse(&e.resource_type)
                        .map_or_else(|| e.resource_type.clone(), |k| k.label_zh().into()),
                )
            }),
            column("对象标识", 38.0, |e: &AuditEvent| {
                Cell::Text(e.resource_id.clone())
            }),
            column("请求编号", 30.0, |e: &AuditEvent| {
                Cell::text(e.request_id.clone())
            }),
            column("来源地址", 16.0, |e: &AuditEvent| {
                Cell::text(e.client_addr.clone())
            }),
            column("变更前", 40.0, move |e: &AuditEvent| json(&e.before)),
            column("变更后", 40.0, move |e: &AuditEvent| json(&e.after)),
            column("哈希", 20.0, |e: &AuditEvent| Cell::Text(e.hash.clone())),
        ])
    }
}
