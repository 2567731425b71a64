//! `GET /api/v1/assessment-warnings` (问题发现在早): the month so far measured and scored
//! as a run would, listing the units that already lose points; and the pass of the
//! reminder job that tells each such unit's people once a month.

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::assessment::{AssessmentWarning, RuleSetKind};
use api_types::audit::ResourceKind;
use api_types::notifications::NotificationKind;
use api_types::period::Period;
use api_types::Permission;
use chrono::NaiveDate;

use super::{indicators, rule_sets};
use crate::auth::{perm, Authorized};
use crate::db::list::UnitScope;
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::resources::notifications::{self, Subject};
use crate::state::AppState;
use crate::time;

/// The units losing points in the month of `today`, most points lost first.
pub fn current(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> Result<Vec<AssessmentWarning>, ApiError> {
    let period = Period::month_of(today);
    let rules = match rule_sets::in_force(conn, RuleSetKind::UnitAssessment, period.end()) {
        Ok(rules) => rules,
        // No rules in force: nothing to warn about.
        Err(e) if e.code == api_types::ErrorCode::InvalidState => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let content = rules.content()?;
    let mut warnings = Vec::new();
    for measured in indicators::measure(conn, period, today)? {
        let scored = content.score_unit(&measured.inputs, measured.veto);
        let items: Vec<_> = scored
            .trace
            .into_iter()
            .filter(|l| l.deducted > 0.0 || l.veto.is_some())
            .collect();
        if items.is_empty() {
            continue;
        }
        warnings.push(AssessmentWarning {
            unit_id: stored_uuid(&measured.unit_id)?,
            unit_name: measured.unit_name,
            period: period.to_string(),
            score: scored.score,
            grade: scored.grade,
            vetoed: scored.veto.is_some(),
            items,
        });
    }
    // The vetoed first, then the lowest scores.
    warnings.sort_by(|a, b| b.vetoed.cmp(&a.vetoed).then(a.score.total_cmp(&b.score)));
    Ok(warnings)
}

/// Tells the people of each warned unit (who read the assessment) once a month: the
/// notification is keyed on the month's first day. Returns how many were created.
pub fn notify(conn: &mut DbConnection, today: NaiveDate) -> Result<u64, ApiError> {
    let first = Period::month_of(today).start();
    let mut created = 0;
    for w in current(conn, today)? {
        let unit = w.unit_id.to_string();
        let title = format!(
            "{} 考评预警：{}",
            w.period,
            w.items
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("；")
        );
        // The county bureau's people and its brigades'.
        let family: Vec<String> = crate::auth::policy::subtree(conn, &unit)?
            .into_iter()
            .collect();
        let family: Vec<&str> = family.iter().map(String::as_str).collect();
        let users = notifications::recipients(conn, &family, Permission::AssessmentRead)?;
        created += notifications::deliver(
            conn,
            &users,
            &Subject {
                kind: NotificationKind::AssessmentWarning,
                subject_type: ResourceKind::Unit,
                subject_id: &unit,
                plan_id: None,
                task_id: None,
                title: &title,
                due_date: None,
                on_day: first,
            },
            false,
        )?;
    }
    Ok(created)
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(assessment_warnings);
}

/// The units of the caller's scope that already lose assessment points this month, with
/// the items and the score the month would have now.
#[utoipa::path(tag = "assessment", responses((status = 200, body = Vec<AssessmentWarning>)))]
#[get("/assessment-warnings")]
async fn assessment_warnings(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::AssessmentRead>,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        let scope = UnitScope::of(conn, &auth.principal, Permission::AssessmentRead, None)?;
        let mut all = current(conn, time::today())?;
        if let Some(units) = &scope.units {
            all.retain(|w| units.contains(&w.unit_id.to_string()));
        }
        Ok(all)
    })
    .await?;
    etag::hashed_json(&req, &found)
}
