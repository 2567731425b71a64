//! Report templates (`/api/v1/statistics/templates`): versions of each template as data.
//! The shipped ones (`api/templates/statistics-*.json`) are loaded once at start-up; the
//! city bureau publishes later versions, which apply to periods from their date.

use std::collections::HashSet;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::statistics::{
    ColumnKind, Derivation, NewTemplateVersion, StatisticsTemplate, TemplateDefinition,
};
use api_types::FieldError;
use diesel::prelude::*;

use super::model::{self, TemplateRow};
use crate::auth::{perm, Actor, Authorized};
use crate::db::schema::{statistics_reports, statistics_templates};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::http::write::{self, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

const SHIPPED: &[&str] = &[
    include_str!("../../../templates/statistics-monthly.json"),
    include_str!("../../../templates/statistics-annual.json"),
];

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_templates)
        .service(get_template)
        .service(create_template_version);
}

/// Every broken rule of a definition that its schema cannot state: unique keys, the
/// source a column needs, the columns a rule names, the severity order.
pub fn check_definition(definition: &TemplateDefinition) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut keys = HashSet::new();
    let columns: Vec<_> = definition.columns().collect();
    for (s, section) in definition.sections.iter().enumerate() {
        for (c, column) in section.columns.iter().enumerate() {
            let field = |name: &str| format!("definition.sections[{s}].columns[{c}].{name}");
            // The key's shape is a rule of the schema (`validate::figure_key`).
            if !keys.insert(column.key.as_str()) {
                errors.push(FieldError::new(
                    field("key"),
                    "duplicate_key",
                    "another column has this key",
                ));
            }
            let manual = |key: &Option<String>| {
                key.as_deref().is_some_and(|k| {
                    columns
                        .iter()
                        .any(|x| x.key == k && x.kind != ColumnKind::Ratio)
                })
            };
            match column.kind {
                ColumnKind::Derived if column.derived.is_none() => errors.push(FieldError::new(
                    field("derived"),
                    "required",
                    "a derived column needs its source",
                )),
                ColumnKind::Ratio if !manual(&column.numerator) || !manual(&column.denominator) => {
                    errors.push(FieldError::new(
                        field("numerator"),
                        "unknown_figure",
                        "a ratio divides two columns of this template",
                    ))
                }
                _ => {}
            }
            if column.at_most.is_some() && !manual(&column.at_most) {
                errors.push(FieldError::new(
                    field("at_most"),
                    "unknown_figure",
                    "names no column of this template",
                ));
            }
        }
    }
    let listed: HashSet<Derivation> = definition.severity_order.iter().copied().collect();
    let kinds = Derivation::PENALTY_KINDS
        .iter()
        .filter(|k| **k != Derivation::Other);
    if listed.len() != definition.severity_order.len()
        || listed.contains(&Derivation::Other)
        || listed.contains(&Derivation::Decisions)
        || listed.contains(&Derivation::PenaltyAmount)
        || kinds.clone().any(|k| !listed.contains(k))
    {
        errors.push(FieldError::new(
            "definition.severity_order",
            "severity_order",
            "must list each of the ten penalty kinds once, from the mildest to the most severe",
        ));
    }
    errors
}

/// Loads the shipped templates that are not there yet (by code and version 1).
pub fn seed(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let mut loaded = 0;
    for text in SHIPPED {
        let shipped: NewTemplateVersion = serde_json::from_str(text).map_err(ApiError::internal)?;
        let exists: i64 = statistics_templates::table
            .filter(statistics_templates::code.eq(&shipped.code))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        write::audited(conn, &Actor::system("seed"), |conn| {
            let row = insert(conn, &shipped, 1, "系统预置")?;
            let change = Change::new(AuditAction::Seed, ResourceKind::StatisticsTemplate, &row.id)
                .with_after(&row.to_dto()?);
            Ok(((), vec![change]))
        })?;
        loaded += 1;
    }
    Ok(loaded)
}

fn insert(
    conn: &mut DbConnection,
    new: &NewTemplateVersion,
    version_number: i32,
    by: &str,
) -> Result<TemplateRow, ApiError> {
    let row = TemplateRow {
        id: time::new_id(),
        code: new.code.trim().to_string(),
        version_number,
        name: new.name.trim().to_string(),
        period_kind: new.period_kind.as_str().into(),
        effective_from: new.effective_from,
        definition: serde_json::to_string(&new.definition).map_err(ApiError::internal)?,
        created_by_name: by.to_string(),
        created_at: time::now(),
    };
    diesel::insert_into(statistics_templates::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Every version of every template, by code and then version.
#[utoipa::path(tag = "statistics", responses((status = 200, body = Vec<StatisticsTemplate>)))]
#[get("/statistics/templates")]
async fn list_templates(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::StatisticsRead>,
) -> Result<HttpResponse, ApiError> {
    let templates = db::run(&state.pool, move |conn| {
        let rows: Vec<TemplateRow> = statistics_templates::table
            .order((
                statistics_templates::code.asc(),
                statistics_templates::version_number.asc(),
            ))
            .select(TemplateRow::as_select())
            .load(conn)?;
        rows.iter()
            .map(TemplateRow::to_dto)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    etag::hashed_json(&req, &templates)
}

/// One template version.
#[utoipa::path(tag = "statistics", params(("id" = Uuid, Path, description = "Template version id")), responses((status = 200, body = StatisticsTemplate)))]
#[get("/statistics/templates/{id}")]
async fn get_template(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::StatisticsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let template = db::run(&state.pool, move |conn| {
        model::find_template(conn, &id.0.to_string())?.to_dto()
    })
    .await?;
    etag::hashed_json(&req, &template)
}

/// Publish a new version of a template (or a new template). It applies to periods
/// starting on or after `effective_from`, which must be later than the current latest
/// version's; reports already filed keep their version.
#[utoipa::path(tag = "statistics", request_body = NewTemplateVersion, responses((status = 201, body = StatisticsTemplate)))]
#[post("/statistics/templates")]
async fn create_template_version(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsManage>,
    body: Json<NewTemplateVersion>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        principal.require_everywhere(crate::auth::Permission::StatisticsManage)?;
        let errors = check_definition(&new.definition);
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        let latest: Option<TemplateRow> = statistics_templates::table
            .filter(statistics_templates::code.eq(new.code.trim()))
            .order(statistics_templates::version_number.desc())
            .select(TemplateRow::as_select())
            .first(conn)
            .optional()?;
        if let Some(latest) = &latest {
            if latest.period_kind()? != new.period_kind {
                return Err(ApiError::rule(
                    "period_kind",
                    "period_kind_changed",
                    "a new version keeps the template's period kind",
                ));
            }
            if new.effective_from <= latest.effective_from {
                return Err(ApiError::rule(
                    "effective_from",
                    "not_after_latest",
                    format!(
                        "must be after {}, when the latest version took effect",
                        latest.effective_from
                    ),
                ));
            }
        }
        // A version never splits a period already filed: it takes effect after the
        // start of the latest period any unit has a report for.
        let filed: Option<chrono::NaiveDate> = statistics_reports::table
            .filter(statistics_reports::template_code.eq(new.code.trim()))
            .select(diesel::dsl::max(statistics_reports::period_start))
            .first(conn)?;
        if let Some(filed) = filed.filter(|f| new.effective_from <= *f) {
            return Err(ApiError::rule(
                "effective_from",
                "not_after_filed",
                format!("must be after {filed}, the start of the latest period already filed"),
            ));
        }
        let number = latest.map(|l| l.version_number + 1).unwrap_or(1);
        let row = insert(conn, &new, number, &principal.name)?;
        let dto = row.to_dto()?;
        Outcome::created(
            &dto,
            format!("/api/v1/statistics/templates/{}", dto.id),
            1,
            Change::created(ResourceKind::StatisticsTemplate, dto.id, &dto),
        )
    })
    .await
}
