//! What the reminder job asks of county bureaus: the report of the last finished period
//! of each template, while it is not submitted (due soon, then past due). The job itself
//! is `notifications::reminders`; this says which reports are open work.

use std::collections::HashSet;

use api_types::statistics::{PeriodKind, StatisticsStatus};
use api_types::units::UnitKind;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use super::model::{self, TemplateRow};
use crate::db::schema::{statistics_reports, statistics_templates, units};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::calendar::WorkCalendar;

/// One county bureau's report still to be submitted.
pub struct OpenReport {
    pub unit_id: String,
    /// The template version of the period: the reminder's subject.
    pub template_id: String,
    /// `2026-11 城管执法月报`.
    pub title: String,
    pub due: NaiveDate,
}

/// The last period of `kind` that ended before `today`.
fn last_finished(kind: PeriodKind, today: NaiveDate) -> String {
    let (y, m) = (today.year(), today.month());
    match kind {
        PeriodKind::Month if m == 1 => format!("{:04}-12", y - 1),
        PeriodKind::Month => format!("{y:04}-{:02}", m - 1),
        PeriodKind::Quarter if m <= 3 => format!("{:04}-Q4", y - 1),
        PeriodKind::Quarter => format!("{y:04}-Q{}", (m - 1) / 3),
        PeriodKind::Year => format!("{:04}", y - 1),
    }
}

/// Every active county bureau's report of the last finished period of each template
/// that is not submitted or accepted yet (missing, draft or returned).
pub fn open_reports(
    conn: &mut DbConnection,
    calendar: &WorkCalendar,
    today: NaiveDate,
) -> Result<Vec<OpenReport>, ApiError> {
    let codes: Vec<String> = statistics_templates::table
        .select(statistics_templates::code)
        .distinct()
        .load(conn)?;
    let counties: Vec<String> = units::table
        .filter(units::kind.eq(UnitKind::CountyBureau.as_str()))
        .filter(units::active.eq(true))
        .order(units::id.asc())
        .select(units::id)
        .load(conn)?;
    let mut out = Vec::new();
    for code in codes {
        let Some(latest): Option<TemplateRow> = statistics_templates::table
            .filter(statistics_templates::code.eq(&code))
            .order(statistics_templates::version_number.desc())
            .select(TemplateRow::as_select())
            .first(conn)
            .optional()?
        else {
            continue;
        };
        let period = last_finished(latest.period_kind()?, today);
        let (start, end) = model::bounds(latest.period_kind()?, &period)?;
        let Some(template) = model::template_for(conn, &code, start)? else {
            continue;
        };
        let due = model::due_date(calendar, end, &template.definition()?);
        let done: HashSet<String> = statistics_reports::table
            .filter(statistics_reports::template_code.eq(&code))
            .filter(statistics_reports::period.eq(&period))
            .filter(statistics_reports::status.eq_any([
                StatisticsStatus::Submitted.as_str(),
                StatisticsStatus::Accepted.as_str(),
            ]))
            .select(statistics_reports::unit_id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        let title = format!("{period} {}", template.name);
        out.extend(
            counties
                .iter()
                .filter(|u| !done.contains(*u))
                .map(|unit| OpenReport {
                    unit_id: unit.clone(),
                    template_id: template.id.clone(),
                    title: title.clone(),
                    due,
                }),
        );
    }
    Ok(out)
}
