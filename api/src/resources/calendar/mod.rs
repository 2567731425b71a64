//! The working-day calendar (`/api/v1/working-calendar`): holidays on weekdays and
//! make-up working days on weekends, as data. Deadlines counted in working days (the
//! 7-day publication rule for penalty disclosures) use it.

mod handlers;
pub mod workdays;

use api_types::audit::{AuditAction, ResourceKind};
use api_types::disclosure::CalendarDayKind;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use serde::Deserialize;

use crate::auth::Actor;
use crate::db::schema::{calendar_days, server_secrets};
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::resources::audit_events::{append, Change};
use crate::time;
pub use handlers::configure;
pub use workdays::WorkCalendar;

const SHIPPED: &str = include_str!("../../../templates/working-calendar-cn.json");
/// Marks a shipped year as loaded (`seeded:working-calendar-cn:2026`).
fn marker(year: i32) -> String {
    format!("seeded:working-calendar-cn:{year}")
}

/// The marker of the first release, which shipped 2022–2025 in one go.
const FIRST_RELEASE_MARKER: &str = "seeded:working-calendar-cn-2022-2025";

#[derive(Deserialize)]
struct Shipped {
    holidays: Vec<(NaiveDate, String)>,
    workdays: Vec<(NaiveDate, String)>,
    /// Years shipped without being checked against the official notice.
    #[serde(default)]
    unverified_years: Vec<i32>,
}

/// Whether `year` still holds shipped days nobody has checked: it is shipped as
/// unverified and no one has saved the year since (a save is the check).
pub fn unverified(conn: &mut DbConnection, year: i32) -> Result<bool, ApiError> {
    use crate::db::schema::audit_events;
    let shipped: Shipped = serde_json::from_str(SHIPPED).map_err(ApiError::internal)?;
    if !shipped.unverified_years.contains(&year) {
        return Ok(false);
    }
    let saved: i64 = audit_events::table
        .filter(audit_events::resource_type.eq(ResourceKind::WorkingCalendar.as_str()))
        .filter(audit_events::resource_id.eq(year.to_string()))
        .filter(audit_events::action.eq(AuditAction::Update.as_str()))
        .count()
        .get_result(conn)?;
    Ok(saved == 0)
}

/// Loads each shipped year once: a marker per year keeps later starts, and an
/// administrator's edits, untouched. Returns the number of days inserted.
pub fn seed(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let shipped: Shipped = serde_json::from_str(SHIPPED).map_err(ApiError::internal)?;
    write_transaction(conn, |conn| {
        let first_release: i64 = server_secrets::table
            .find(FIRST_RELEASE_MARKER)
            .count()
            .get_result(conn)?;
        let now = time::now();
        let days: Vec<(&NaiveDate, &String, CalendarDayKind)> = shipped
            .holidays
            .iter()
            .map(|(d, n)| (d, n, CalendarDayKind::Holiday))
            .chain(
                shipped
                    .workdays
                    .iter()
                    .map(|(d, n)| (d, n, CalendarDayKind::Workday)),
            )
            .collect();
        let years: std::collections::BTreeSet<i32> =
            days.iter().map(|(d, _, _)| d.year()).collect();
        let mut inserted = 0;
        for year in years {
            let loaded: i64 = server_secrets::table
                .find(marker(year))
                .count()
                .get_result(conn)?;
            if loaded > 0 || (first_release > 0 && (2022..=2025).contains(&year)) {
                continue;
            }
            let mut count = 0;
            for (day, name, kind) in days.iter().filter(|(d, _, _)| d.year() == year) {
                let exists: i64 = calendar_days::table.find(*day).count().get_result(conn)?;
                if exists == 0 {
                    diesel::insert_into(calendar_days::table)
                        .values((
                            calendar_days::day.eq(*day),
                            calendar_days::kind.eq(kind_str(*kind)),
                            calendar_days::name.eq(*name),
                            calendar_days::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    count += 1;
                }
            }
            diesel::insert_into(server_secrets::table)
                .values((
                    server_secrets::name.eq(marker(year)),
                    server_secrets::value.eq(count.to_string()),
                    server_secrets::created_at.eq(now),
                ))
                .execute(conn)?;
            let change = Change::new(AuditAction::Seed, ResourceKind::WorkingCalendar, year)
                .with_after(&serde_json::json!({ "days_inserted": count }));
            append(conn, &Actor::system("seed"), &change)?;
            inserted += count;
        }
        Ok(inserted)
    })
}

pub fn kind_str(kind: CalendarDayKind) -> &'static str {
    match kind {
        CalendarDayKind::Holiday => "holiday",
        CalendarDayKind::Workday => "workday",
    }
}

pub fn parse_kind(s: &str) -> Option<CalendarDayKind> {
    match s {
        "holiday" => Some(CalendarDayKind::Holiday),
        "workday" => Some(CalendarDayKind::Workday),
        _ => None,
    }
}

/// The whole calendar (a few hundred rows).
pub fn load(conn: &mut DbConnection) -> Result<WorkCalendar, ApiError> {
    let rows: Vec<(NaiveDate, String)> = calendar_days::table
        .select((calendar_days::day, calendar_days::kind))
        .load(conn)?;
    Ok(WorkCalendar::new(
        rows.into_iter()
            .filter_map(|(d, k)| parse_kind(&k).map(|k| (d, k))),
    ))
}
