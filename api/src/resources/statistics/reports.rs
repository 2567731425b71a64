//! Statistics reports (`/api/v1/statistics/reports`): a county bureau fills in its
//! report for a period (draft), submits it; the city bureau returns it with a comment
//! or accepts it, which locks it; a correction of an accepted report is a kept revision.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::statistics::{
    NewStatisticsReport, StatisticsCorrection, StatisticsReport, StatisticsReportChange,
    StatisticsReturn, StatisticsRevision, StatisticsStatus, StatisticsSubmission,
};
use api_types::units::UnitKind;
use diesel::prelude::*;
use uuid::Uuid;

use super::list::{ReportFilter, ReportList};
use super::model::{self, Figures, ReportRow, TemplateRow};
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::list::UnitScope;
use crate::db::schema::{statistics_reports, units};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::write::{versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::resources::calendar;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_reports)
        .service(create_report)
        .service(get_report)
        .service(change_report)
        .service(list_revisions)
        .service(submit_report)
        .service(return_report)
        .service(accept_report)
        .service(correct_report);
}

/// Statistics reports of the units in the caller's scope (a county bureau sees its own,
/// drafts included), each with its computed side.
#[utoipa::path(tag = "statistics", params(ReportFilter, crate::openapi::ListParams<ReportFilter>), responses((status = 200, body = api_types::Page<StatisticsReport>)))]
#[get("/statistics/reports")]
async fn list_reports(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::StatisticsRead>,
    query: ListQuery<ReportFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(
            conn,
            &auth.principal,
            Permission::StatisticsRead,
            query.filter.unit_id,
        )?;
        db::list::page::<ReportList>(conn, &query, &scope)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// The report and its template version, if the caller may read the unit's reports.
fn load(
    conn: &mut DbConnection,
    principal: &Principal,
    permission: Permission,
    id: Uuid,
) -> Result<(ReportRow, TemplateRow), ApiError> {
    let row = model::find(conn, &id.to_string())?;
    principal.require_unit(conn, permission, &row.unit_id)?;
    let template = model::find_template(conn, &row.template_id)?;
    Ok((row, template))
}

/// One report: entered figures, computed ones (from the unit's disclosure records of
/// the period, computed at reading), the differences and whether they are flagged.
#[utoipa::path(tag = "statistics", params(("id" = Uuid, Path, description = "Report id")), responses((status = 200, body = StatisticsReport)))]
#[get("/statistics/reports/{id}")]
async fn get_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::StatisticsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let report = db::run(&state.pool, move |conn| {
        let (row, template) = load(conn, &auth.principal, Permission::StatisticsRead, id.0)?;
        model::dto(conn, &row, &template)
    })
    .await?;
    etag::derived_json(&req, report.version, &report)
}

/// Every submitted and corrected state of a report, oldest first.
#[utoipa::path(tag = "statistics", params(("id" = Uuid, Path, description = "Report id")), responses((status = 200, body = Vec<StatisticsRevision>)))]
#[get("/statistics/reports/{id}/revisions")]
async fn list_revisions(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::StatisticsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let revisions = db::run(&state.pool, move |conn| {
        let (row, _) = load(conn, &auth.principal, Permission::StatisticsRead, id.0)?;
        model::revisions(conn, &row.id)?
            .iter()
            .map(model::RevisionRow::to_dto)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    etag::hashed_json(&req, &revisions)
}

pub(super) fn checked(errors: Vec<api_types::FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Start a report (a draft) for a county bureau and a period that has begun. The
/// template version is the one in effect on the period's first day; the due date is
/// the template's working day after the period.
#[utoipa::path(tag = "statistics", request_body = NewStatisticsReport, responses((status = 201, body = StatisticsReport)))]
#[post("/statistics/reports")]
async fn create_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsWrite>,
    body: Json<NewStatisticsReport>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let unit = new.unit_id.to_string();
        principal.require_unit(conn, Permission::StatisticsWrite, &unit)?;
        let kind: Option<(String, bool)> = units::table
            .find(&unit)
            .select((units::kind, units::active))
            .first(conn)
            .optional()?;
        match kind {
            Some((kind, true)) if kind == UnitKind::CountyBureau.as_str() => {}
            _ => {
                return Err(ApiError::rule(
                    "unit_id",
                    "not_reporting_unit",
                    "statistics reports are filed by active county bureaus",
                ))
            }
        }
        let code = new.template_code.trim();
        let loose = api_types::statistics::PeriodKind::ALL
            .iter()
            .find_map(|k| api_types::statistics::period_bounds(*k, &new.period))
            .ok_or_else(|| ApiError::rule("period", "period", "not a period"))?;
        let template = model::template_for(conn, code, loose.0)?.ok_or_else(|| {
            ApiError::rule(
                "template_code",
                "unknown_template",
                "no version of this template applies to that period",
            )
        })?;
        let (start, end) = model::bounds(template.period_kind()?, &new.period)?;
        if start > time::today() {
            return Err(ApiError::rule(
                "period",
                "future_period",
                "the period has not begun yet",
            ));
        }
        let definition = template.definition()?;
        checked(model::check_figures(&definition, &new.values, false))?;
        let exists: i64 = statistics_reports::table
            .filter(statistics_reports::unit_id.eq(&unit))
            .filter(statistics_reports::template_code.eq(code))
            .filter(statistics_reports::period.eq(&new.period))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            return Err(ApiError::duplicate(
                "period",
                "this unit already has a report for that period",
            ));
        }
        let calendar = calendar::load(conn)?;
        let now = time::now();
        let row = ReportRow {
            id: time::new_id(),
            unit_id: unit,
            template_id: template.id.clone(),
            template_code: template.code.clone(),
            period_kind: template.period_kind.clone(),
            period: new.period.clone(),
            period_start: start,
            due_date: model::due_date(&calendar, end, &definition),
            status: StatisticsStatus::Draft.as_str().into(),
            figures: serde_json::to_string(&new.values).map_err(ApiError::internal)?,
            explanation: new.explanation.as_deref().map(|e| e.trim().to_string()),
            return_comment: None,
            returned_fields: "[]".into(),
            revision: 0,
            correction_reason: None,
            first_submitted_at: None,
            submitted_at: None,
            accepted_at: None,
            reviewed_by: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(statistics_reports::table)
            .values(&row)
            .execute(conn)?;
        let dto = model::dto(conn, &row, &template)?;
        Outcome::created(
            &dto,
            format!("/api/v1/statistics/reports/{}", dto.id),
            dto.version,
            Change::created(ResourceKind::StatisticsReport, dto.id, &dto),
        )
    })
    .await
}

/// What one step of a report's life needs: the permission, the states it starts from
/// (else 409 saying `refused`) and the audit action it records.
pub(super) struct Step {
    pub permission: Permission,
    pub allowed: &'static [StatisticsStatus],
    pub refused: &'static str,
    pub action: AuditAction,
}

/// Runs a step: loads the report for the step's permission, checks the version and the
/// state, applies `change` to a copy, saves it and records the action.
pub(super) fn step(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    step: Step,
    change: impl FnOnce(&mut DbConnection, &mut ReportRow, &TemplateRow) -> Result<(), ApiError>,
) -> Result<Outcome, ApiError> {
    let (current, template) = load(conn, principal, step.permission, id)?;
    current.expect(expected, step.allowed, step.refused)?;
    let before = model::dto(conn, &current, &template)?;
    let mut next = current.clone();
    change(conn, &mut next, &template)?;
    versioned_save!(conn, statistics_reports, &mut next, current.version)?;
    notify(conn, &next, &template)?;
    let after = model::dto(conn, &next, &template)?;
    Outcome::updated(
        &after,
        after.version,
        Change::transition(
            step.action,
            ResourceKind::StatisticsReport,
            after.id,
            &before,
            &after,
        ),
    )
}

/// Tells the people concerned about a report's new state: a submitted report waits for
/// the city bureau's reviewers; a returned one goes back to its unit; an accepted one
/// no longer waits (and a resubmitted one is no longer "returned").
fn notify(
    conn: &mut DbConnection,
    row: &ReportRow,
    template: &TemplateRow,
) -> Result<(), ApiError> {
    use crate::resources::notifications::{notify_units, settle, Subject};
    use api_types::notifications::NotificationKind;
    let unit_name: String = units::table
        .find(&row.unit_id)
        .select(units::name)
        .first(conn)
        .optional()?
        .unwrap_or_default();
    let title = format!("{unit_name} {} {}", row.period, template.name);
    let subject = |kind| Subject {
        kind,
        subject_type: ResourceKind::StatisticsReport,
        subject_id: &row.id,
        plan_id: None,
        task_id: None,
        title: &title,
        due_date: Some(row.due_date),
        on_day: time::today(),
    };
    match row.status()? {
        StatisticsStatus::Submitted => {
            settle(conn, NotificationKind::ReportReturned, &row.id)?;
            let bureaus: Vec<String> = units::table
                .filter(units::kind.eq(UnitKind::CityBureau.as_str()))
                .select(units::id)
                .load(conn)?;
            let bureaus: Vec<&str> = bureaus.iter().map(String::as_str).collect();
            notify_units(
                conn,
                &bureaus,
                Permission::StatisticsReview,
                &subject(NotificationKind::ReviewWaiting),
            )?;
        }
        StatisticsStatus::Returned => {
            settle(conn, NotificationKind::ReviewWaiting, &row.id)?;
            notify_units(
                conn,
                &[row.unit_id.as_str()],
                Permission::StatisticsWrite,
                &subject(NotificationKind::ReportReturned),
            )?;
        }
        StatisticsStatus::Accepted => settle(conn, NotificationKind::ReviewWaiting, &row.id)?,
        StatisticsStatus::Draft => {}
    }
    Ok(())
}

pub(super) const EDITABLE: &[StatisticsStatus] =
    &[StatisticsStatus::Draft, StatisticsStatus::Returned];

/// Change the figures or the explanation of a draft or returned report (`If-Match`).
#[utoipa::path(
    tag = "statistics",
    request_body = StatisticsReportChange,
    params(("id" = Uuid, Path, description = "Report id")),
    responses((status = 200, body = StatisticsReport))
)]
#[patch("/statistics/reports/{id}")]
async fn change_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsWrite>,
    id: PathId,
    body: Json<StatisticsReportChange>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let refused = "only a draft or returned report can be changed";
        step(
            conn,
            principal,
            id.0,
            expected,
            Step {
                permission: Permission::StatisticsWrite,
                allowed: EDITABLE,
                refused,
                action: AuditAction::Update,
            },
            |_, row, template| {
                if let Some(values) = &patch.values {
                    checked(model::check_figures(&template.definition()?, values, false))?;
                    row.figures = serde_json::to_string(values).map_err(ApiError::internal)?;
                }
                if let Some(explanation) = &patch.explanation {
                    row.explanation = Some(explanation.trim().to_string());
                }
                Ok(())
            },
        )
    })
    .await
}

/// Submit a draft or returned report (`If-Match`): every entered column is required;
/// when a figure differs from the unit's disclosures beyond the template's tolerance,
/// an explanation is required (given here or saved before).
#[utoipa::path(
    tag = "statistics",
    request_body = StatisticsSubmission,
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version being submitted")),
    responses((status = 200, body = StatisticsReport))
)]
#[post("/statistics/reports/{id}/submit")]
async fn submit_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsWrite>,
    id: PathId,
    body: Json<StatisticsSubmission>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let submission = body.0;
    let sent = submission.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let refused = "only a draft or returned report can be submitted";
        let resubmit = model::find(conn, &id.0.to_string())?.status()? == StatisticsStatus::Returned;
        let action = if resubmit { AuditAction::Resubmit } else { AuditAction::Submit };
        step(conn, principal, id.0, expected, Step { permission: Permission::StatisticsWrite, allowed: EDITABLE, refused, action }, |conn, row, template| {
            let definition = template.definition()?;
            let figures = row.figures()?;
            checked(model::check_figures(&definition, &figures, true))?;
            if let Some(explanation) = &submission.explanation {
                row.explanation = Some(explanation.trim().to_string());
            }
            let (start, end) = model::bounds(template.period_kind()?, &row.period)?;
            let sources = super::derive::sources(conn, &row.unit_id, start, end, &definition)?;
            let computed = model::compute(&definition, &figures, &sources);
            if computed.flagged && row.explanation.is_none() {
                return Err(ApiError::rule(
                    "explanation",
                    "explanation_required",
                    "some figures differ from this unit's disclosure records beyond the tolerance: explain why",
                ));
            }
            let now = time::now();
            row.status = StatisticsStatus::Submitted.as_str().into();
            row.revision += 1;
            row.submitted_at = Some(now);
            row.first_submitted_at = row.first_submitted_at.or(Some(now));
            model::keep_revision(conn, row, "submitted", &computed.derived, None, principal)
        })
    })
    .await
}

/// Return a submitted report to its unit with a comment and the columns to look at
/// (`If-Match`).
#[utoipa::path(
    tag = "statistics",
    request_body = StatisticsReturn,
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version being returned")),
    responses((status = 200, body = StatisticsReport))
)]
#[post("/statistics/reports/{id}/return")]
async fn return_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsReview>,
    id: PathId,
    body: Json<StatisticsReturn>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let request = body.0;
    let sent = request.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let refused = "only a submitted report can be returned";
        step(
            conn,
            principal,
            id.0,
            expected,
            Step {
                permission: Permission::StatisticsReview,
                allowed: &[StatisticsStatus::Submitted],
                refused,
                action: AuditAction::Return,
            },
            |_, row, template| {
                let definition = template.definition()?;
                for (i, field) in request.fields.iter().enumerate() {
                    if definition.column(field).is_none() {
                        return Err(ApiError::rule(
                            &format!("fields[{i}]"),
                            "unknown_figure",
                            "this template has no such column",
                        ));
                    }
                }
                row.status = StatisticsStatus::Returned.as_str().into();
                row.return_comment = Some(request.comment.trim().to_string());
                row.returned_fields =
                    serde_json::to_string(&request.fields).map_err(ApiError::internal)?;
                row.reviewed_by = Some(principal.id.to_string());
                Ok(())
            },
        )
    })
    .await
}

/// Accept a submitted report (`If-Match`): it is locked; only a correction changes it.
#[utoipa::path(
    tag = "statistics",
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version being accepted")),
    responses((status = 200, body = StatisticsReport))
)]
#[post("/statistics/reports/{id}/accept")]
async fn accept_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsReview>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        let refused = "only a submitted report can be accepted";
        step(
            conn,
            principal,
            id.0,
            expected,
            Step {
                permission: Permission::StatisticsReview,
                allowed: &[StatisticsStatus::Submitted],
                refused,
                action: AuditAction::Accept,
            },
            |_, row, _| {
                row.status = StatisticsStatus::Accepted.as_str().into();
                row.accepted_at = Some(time::now());
                row.reviewed_by = Some(principal.id.to_string());
                row.return_comment = None;
                row.returned_fields = "[]".into();
                Ok(())
            },
        )
    })
    .await
}

/// Correct an accepted report (`If-Match`): the figures are replaced, the previous ones
/// stay as a revision, the reason is kept.
#[utoipa::path(
    tag = "statistics",
    request_body = StatisticsCorrection,
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version being corrected")),
    responses((status = 200, body = StatisticsReport))
)]
#[post("/statistics/reports/{id}/correct")]
async fn correct_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsReview>,
    id: PathId,
    body: Json<StatisticsCorrection>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let correction = body.0;
    let sent = correction.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let refused =
            "only an accepted report is corrected; a draft or returned one is changed by its unit";
        step(
            conn,
            principal,
            id.0,
            expected,
            Step {
                permission: Permission::StatisticsReview,
                allowed: &[StatisticsStatus::Accepted],
                refused,
                action: AuditAction::Correct,
            },
            |conn, row, template| {
                let definition = template.definition()?;
                checked(model::check_figures(&definition, &correction.values, true))?;
                let values: &Figures = &correction.values;
                row.figures = serde_json::to_string(values).map_err(ApiError::internal)?;
                row.revision += 1;
                let reason = correction.reason.trim().to_string();
                row.correction_reason = Some(reason.clone());
                let (start, end) = model::bounds(template.period_kind()?, &row.period)?;
                let sources = super::derive::sources(conn, &row.unit_id, start, end, &definition)?;
                let computed = model::compute(&definition, values, &sources);
                model::keep_revision(
                    conn,
                    row,
                    "corrected",
                    &computed.derived,
                    Some(reason),
                    principal,
                )
            },
        )
    })
    .await
}
