//! HTTP handlers of the power list: public reads, adjustments.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::catalog::{
    AdjustmentKind, NewPowerAdjustment, PowerAdjustment, PowerDiff, PowerItem, PowerItemHistory,
};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use super::list::{AdjustmentFilter, AdjustmentList, PowerFilter};
use super::model::{self, AdjustmentRow};
use crate::auth::{perm, Permission};
use crate::db;
use crate::db::schema::{power_adjustments, power_items, units};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId, Query};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_public_power_items)
        .service(diff_items)
        .service(item_history)
        .service(list_adjustments)
        .service(create_adjustment);
}

/// The power and responsibility list as in force on a day (public).
#[utoipa::path(tag = "power-list", params(PowerFilter, crate::openapi::ListParams<PowerFilter>), responses((status = 200, body = api_types::Page<PowerItem>)))]
#[get("/public/power-items")]
async fn list_public_power_items(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<PowerFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let f = &query.filter;
        let day = f.as_of.unwrap_or_else(time::today);
        let changed_since: Option<std::collections::HashSet<String>> = match query.updated_since {
            Some(since) => Some(
                power_adjustments::table
                    .filter(power_adjustments::recorded_at.ge(time::from_utc(since)))
                    .select(power_adjustments::item_id)
                    .load::<String>(conn)?
                    .into_iter()
                    .collect(),
            ),
            None => None,
        };
        let needle = db::list::search_text(&f.q).map(str::to_lowercase);
        let mut items: Vec<PowerItem> = model::as_of(conn, day)?
            .into_iter()
            .filter(|i| f.category.is_none_or(|c| i.content.category == c))
            .filter(|i| f.unit_id.is_none_or(|u| i.content.responsible_unit_id == u))
            .filter(|i| {
                changed_since
                    .as_ref()
                    .is_none_or(|set| set.contains(&i.id.to_string()))
            })
            .filter(|i| {
                needle.as_ref().is_none_or(|n| {
                    i.code.to_lowercase().contains(n)
                        || i.content.name.to_lowercase().contains(n)
                        || i.content.legal_basis.contains(n.as_str())
                })
            })
            .collect();
        match query.sort.field {
            "name" => items.sort_by(|a, b| {
                a.content
                    .name
                    .cmp(&b.content.name)
                    .then(a.code.cmp(&b.code))
            }),
            _ => items.sort_by(|a, b| a.code.cmp(&b.code)),
        }
        if query.sort.descending {
            items.reverse();
        }
        Ok(db::list::page_in_memory(&query, items))
    })
    .await?;
    etag::hashed_json(&req, &page)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct DiffParams {
    from: NaiveDate,
    to: NaiveDate,
}

/// What was added, amended and repealed between two days (public).
#[utoipa::path(tag = "power-list", params(DiffParams), responses((status = 200, body = PowerDiff)))]
#[get("/public/power-items/diff")]
async fn diff_items(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Query<DiffParams>,
) -> Result<HttpResponse, ApiError> {
    let DiffParams { from, to } = params.0;
    if from > to {
        return Err(ApiError::rule("from", "after_to", "must not be after `to`"));
    }
    let diff = db::run(&state.pool, move |conn| model::diff(conn, from, to)).await?;
    etag::hashed_json(&req, &diff)
}

/// An item with every version it has had (public).
#[utoipa::path(tag = "power-list", params(("id" = Uuid, Path, description = "Item id")), responses((status = 200, body = PowerItemHistory)))]
#[get("/public/power-items/{id}")]
async fn item_history(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let history = db::run(&state.pool, move |conn| {
        let item = id.0.to_string();
        let code: String = power_items::table
            .find(&item)
            .select(power_items::code)
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("power item"))?;
        let rows: Vec<AdjustmentRow> = power_adjustments::table
            .filter(power_adjustments::item_id.eq(&item))
            .order(power_adjustments::version_no.asc())
            .select(AdjustmentRow::as_select())
            .load(conn)?;
        Ok(PowerItemHistory {
            id: id.0,
            code,
            versions: rows
                .iter()
                .map(AdjustmentRow::to_version)
                .collect::<Result<_, _>>()?,
        })
    })
    .await?;
    etag::hashed_json(&req, &history)
}

/// The log of adjustments (public).
#[utoipa::path(tag = "power-list", params(AdjustmentFilter, crate::openapi::ListParams<AdjustmentFilter>), responses((status = 200, body = api_types::Page<PowerAdjustment>)))]
#[get("/public/power-adjustments")]
async fn list_adjustments(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<AdjustmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<AdjustmentList>(conn, &query, &())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Adjust the list: add an item, amend it, or repeal it, with the reason and the day
/// it takes effect. Nothing is ever edited in place: each adjustment is a new version.
#[utoipa::path(tag = "power-list", request_body = NewPowerAdjustment, responses((status = 201, body = PowerAdjustment)))]
#[post("/power-adjustments")]
async fn create_adjustment(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::PowerListManage>,
    body: Json<NewPowerAdjustment>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let now = time::now();
        let (item_id, code, version_no) = match new.kind {
            AdjustmentKind::Add => {
                let code = new.code.clone().ok_or_else(|| {
                    ApiError::rule("code", "required", "is required to add an item")
                })?;
                if new.item_id.is_some() {
                    return Err(ApiError::rule(
                        "item_id",
                        "not_allowed",
                        "a new item has no id yet",
                    ));
                }
                let taken: i64 = power_items::table
                    .filter(power_items::code.eq(&code))
                    .count()
                    .get_result(conn)?;
                if taken > 0 {
                    return Err(ApiError::duplicate(
                        "code",
                        format!("the list already has an item {code}"),
                    ));
                }
                let id = time::new_id();
                diesel::insert_into(power_items::table)
                    .values((
                        power_items::id.eq(&id),
                        power_items::code.eq(&code),
                        power_items::created_at.eq(now),
                    ))
                    .execute(conn)?;
                (id, code, 1)
            }
            AdjustmentKind::Amend | AdjustmentKind::Repeal => {
                let item = new
                    .item_id
                    .ok_or_else(|| {
                        ApiError::rule("item_id", "required", "name the item to change")
                    })?
                    .to_string();
                if new.code.is_some() {
                    return Err(ApiError::rule(
                        "code",
                        "not_allowed",
                        "an item's code never changes",
                    ));
                }
                let code: String = power_items::table
                    .find(&item)
                    .select(power_items::code)
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::rule("item_id", "unknown_item", "no such item"))?;
                let last = model::latest(conn, &item)?
                    .ok_or_else(|| ApiError::internal("item without versions"))?;
                if last.kind()? == AdjustmentKind::Repeal {
                    return Err(ApiError::invalid_state(format!(
                        "{code} was repealed from {}",
                        last.effective_from
                    )));
                }
                if new.effective_from <= last.effective_from {
                    return Err(ApiError::rule(
                        "effective_from",
                        "not_after_last_change",
                        format!(
                            "must be later than {}, the item's last change",
                            last.effective_from
                        ),
                    ));
                }
                if let Some(unit) = &last.responsible_unit_id {
                    principal.require_unit(conn, Permission::PowerListManage, unit)?;
                }
                (item, code, last.version_no + 1)
            }
        };
        let content = match (new.kind, &new.content) {
            (AdjustmentKind::Repeal, Some(_)) => {
                return Err(ApiError::rule(
                    "content",
                    "not_allowed",
                    "a repeal has no content",
                ))
            }
            (AdjustmentKind::Repeal, None) => None,
            (_, None) => {
                return Err(ApiError::rule(
                    "content",
                    "required",
                    "give the item's content from the effective date",
                ))
            }
            (_, Some(c)) => {
                let unit = c.responsible_unit_id.to_string();
                let exists: i64 = units::table.find(&unit).count().get_result(conn)?;
                if exists == 0 {
                    return Err(ApiError::rule(
                        "content.responsible_unit_id",
                        "unknown_unit",
                        "no such unit",
                    ));
                }
                principal.require_unit(conn, Permission::PowerListManage, &unit)?;
                Some(c.clone())
            }
        };
        let items_json = content
            .as_ref()
            .map(|c| serde_json::to_string(&c.responsibility_items))
            .transpose()
            .map_err(ApiError::internal)?;
        let row = AdjustmentRow {
            id: time::new_id(),
            item_id,
            version_no,
            kind: new.kind.as_str().into(),
            reason: new.reason.as_str().into(),
            reason_detail: new
                .reason_detail
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            effective_from: new.effective_from,
            name: content.as_ref().map(|c| c.name.trim().to_string()),
            category: content.as_ref().map(|c| c.category.as_str().to_string()),
            legal_basis: content.as_ref().map(|c| c.legal_basis.trim().to_string()),
            responsible_unit_id: content.as_ref().map(|c| c.responsible_unit_id.to_string()),
            responsibility_items: items_json,
            accountability: content.as_ref().and_then(|c| c.accountability.clone()),
            recorded_by: principal.id.to_string(),
            recorded_at: now,
        };
        diesel::insert_into(power_adjustments::table)
            .values(&row)
            .execute(conn)?;
        let dto = row.to_adjustment(&code)?;
        let after = serde_json::json!({ "adjustment": dto, "content": content });
        Outcome::created(
            &dto,
            format!("/api/v1/public/power-items/{}", dto.item_id),
            i64::from(version_no),
            Change::new(AuditAction::Adjust, ResourceKind::PowerItem, dto.item_id)
                .with_after(&after),
        )
    })
    .await
}
