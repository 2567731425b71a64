//! Monthly disclosure completeness per unit.

use std::collections::HashMap;

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::disclosure::{CompletenessReport, CompletenessRow, DisclosureStatus, Timeliness};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self};
use crate::auth::{perm, Authorized, Permission};
use crate::db::schema::{disclosure_records, units};
use crate::db::stored_uuid;
use crate::db::{self};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::Query;
use crate::resources::calendar;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(completeness);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CompletenessParams {
    /// The month, e.g. `2022-05`.
    #[param(pattern = r"^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])$")]
    month: String,
    /// One unit (within the caller's scope); default: every unit in scope with decisions.
    unit_id: Option<Uuid>,
}

/// Per unit and month: decisions, publications (on time / late), unpublished past the
/// deadline, and completeness = published / decided.
#[utoipa::path(tag = "disclosure", params(CompletenessParams), responses((status = 200, body = CompletenessReport)))]
#[get("/disclosure-records/completeness")]
async fn completeness(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::DisclosureRead>,
    params: Query<CompletenessParams>,
) -> Result<HttpResponse, ApiError> {
    let CompletenessParams { month, unit_id } = params.0;
    let (from, to) = super::list::month_bounds("month", &month)?;
    let report = db::run(&state.pool, move |conn| {
        if let Some(unit) = unit_id {
            auth.principal
                .require_unit(conn, Permission::DisclosureRead, &unit.to_string())?;
        }
        let visible = auth
            .principal
            .visible_units(conn, Permission::DisclosureRead)?;
        let mut q = disclosure_records::table
            .filter(disclosure_records::decision_date.between(from, to))
            .filter(disclosure_records::status.ne(DisclosureStatus::Withdrawn.as_str()))
            .into_boxed();
        if let Some(unit) = unit_id {
            q = q.filter(disclosure_records::issuing_unit_id.eq(unit.to_string()));
        } else if let Some(units) = &visible {
            q = q.filter(
                disclosure_records::issuing_unit_id
                    .eq_any(units.iter().cloned().collect::<Vec<_>>()),
            );
        }
        let rows: Vec<(String, String, NaiveDate, Option<NaiveDate>)> = q
            .select((
                disclosure_records::issuing_unit_id,
                disclosure_records::status,
                disclosure_records::decision_date,
                disclosure_records::publication_date,
            ))
            .load(conn)?;
        let cal = calendar::load(conn)?;
        let day = time::today();
        let mut per_unit: HashMap<String, CompletenessRow> = HashMap::new();
        if let Some(unit) = unit_id {
            per_unit.insert(unit.to_string(), empty_row(unit));
        }
        for (unit, status, decided, published) in rows {
            let row = per_unit
                .entry(unit.clone())
                .or_insert_with(|| empty_row(stored_uuid(&unit).unwrap_or_default()));
            row.decided += 1;
            let public = DisclosureStatus::parse(&status).is_some_and(|s| s.is_public());
            let (_, timeliness, _) =
                model::timeliness(decided, if public { published } else { None }, day, &cal);
            if public {
                row.published += 1;
            }
            match timeliness {
                Timeliness::OnTime => row.on_time += 1,
                Timeliness::Late => row.late += 1,
                Timeliness::Overdue => row.overdue += 1,
                Timeliness::Pending => {}
            }
        }
        let names: Vec<(String, String, String)> = units::table
            .order((units::sort_order.asc(), units::code.asc()))
            .select((units::id, units::code, units::name))
            .load(conn)?;
        let mut rows = Vec::new();
        for (id, code, name) in names {
            if let Some(mut row) = per_unit.remove(&id) {
                row.unit_code = code;
                row.unit_name = name;
                row.completeness =
                    (row.decided > 0).then(|| f64::from(row.published) / f64::from(row.decided));
                rows.push(row);
            }
        }
        Ok(CompletenessReport { month, rows })
    })
    .await?;
    etag::hashed_json(&req, &report)
}

fn empty_row(unit: Uuid) -> CompletenessRow {
    CompletenessRow {
        unit_id: unit,
        unit_code: String::new(),
        unit_name: String::new(),
        decided: 0,
        published: 0,
        on_time: 0,
        late: 0,
        overdue: 0,
        completeness: None,
    }
}
