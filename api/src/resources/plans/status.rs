//! Status derivation for milestones and implementation items. Statuses are computed
//! from due dates, reports and the current day in Asia/Shanghai every time they are
//! read, so they can never be stale.

use api_types::plans::{ProgressStatus, ReportStatus};
use chrono::{DateTime, NaiveDate, Utc};

use crate::time::BUREAU_TZ;

/// The current day at the bureau.
pub fn bureau_today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&BUREAU_TZ).date_naive()
}

/// The latest report of one unit on one milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestReport {
    pub percent_complete: i32,
    pub status: ReportStatus,
}

/// A milestone's status for one owner unit. Due dates are inclusive: a milestone due on
/// 30 June is on time until 23:59:59 that day in Asia/Shanghai.
pub fn milestone_status(
    due: NaiveDate,
    today: NaiveDate,
    latest: Option<LatestReport>,
) -> ProgressStatus {
    match latest {
        Some(r) if r.percent_complete >= 100 && r.status != ReportStatus::Returned => {
            ProgressStatus::Done
        }
        _ if today > due => ProgressStatus::Overdue,
        Some(_) => ProgressStatus::InProgress,
        None => ProgressStatus::Pending,
    }
}

/// An implementation item's status.
pub fn item_status(
    due: NaiveDate,
    completed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> ProgressStatus {
    match completed_on {
        Some(_) => ProgressStatus::Done,
        None if today > due => ProgressStatus::Overdue,
        None => ProgressStatus::Pending,
    }
}

/// The overall status of something with several owners.
pub fn combine(statuses: impl IntoIterator<Item = ProgressStatus>) -> ProgressStatus {
    let mut any = false;
    let (mut all_done, mut overdue, mut started) = (true, false, false);
    for s in statuses {
        any = true;
        match s {
            ProgressStatus::Done => started = true,
            ProgressStatus::Overdue => {
                overdue = true;
                all_done = false
            }
            ProgressStatus::InProgress => {
                started = true;
                all_done = false
            }
            ProgressStatus::Pending => all_done = false,
        }
    }
    if any && all_done {
        ProgressStatus::Done
    } else if overdue {
        ProgressStatus::Overdue
    } else if started {
        ProgressStatus::InProgress
    } else {
        ProgressStatus::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_bureau_day_turns_at_shanghai_midnight() {
        // 2022-06-30 23:59:59 in Shanghai is 15:59:59 UTC.
        let last_second = Utc.with_ymd_and_hms(2022, 6, 30, 15, 59, 59).unwrap();
        let next_day = Utc.with_ymd_and_hms(2022, 6, 30, 16, 0, 0).unwrap();
        assert_eq!(bureau_today(last_second), day("2022-06-30"));
        assert_eq!(bureau_today(next_day), day("2022-07-01"));
        let due = day("2022-06-30");
        assert_eq!(
            milestone_status(due, bureau_today(last_second), None),
            ProgressStatus::Pending
        );
        assert_eq!(
            milestone_status(due, bureau_today(next_day), None),
            ProgressStatus::Overdue
        );
        // UTC's date would still say 30 June at 16:00 UTC: the zone matters.
        assert_eq!(next_day.date_naive(), due);
    }

    #[test]
    fn reports_drive_the_status() {
        let due = day("2022-06-30");
        let before = day("2022-06-01");
        let after = day("2022-07-01");
        let report = |p, s| {
            Some(LatestReport {
                percent_complete: p,
                status: s,
            })
        };
        for (today, percent, status, expected) in [
            (
                before,
                40,
                ReportStatus::Submitted,
                ProgressStatus::InProgress,
            ),
            (
                after,
                40,
                ReportStatus::Acknowledged,
                ProgressStatus::Overdue,
            ),
            (after, 100, ReportStatus::Submitted, ProgressStatus::Done),
            (
                before,
                100,
                ReportStatus::Returned,
                ProgressStatus::InProgress,
            ),
            (after, 100, ReportStatus::Returned, ProgressStatus::Overdue),
        ] {
            assert_eq!(
                milestone_status(due, today, report(percent, status)),
                expected,
                "{today} {percent}% {status:?}"
            );
        }
        assert_eq!(item_status(due, None, due), ProgressStatus::Pending);
        assert_eq!(item_status(due, None, after), ProgressStatus::Overdue);
        assert_eq!(item_status(due, Some(after), after), ProgressStatus::Done);
    }

    #[test]
    fn combining_owner_statuses() {
        use ProgressStatus::*;
        assert_eq!(combine([Done, Done]), Done);
        assert_eq!(combine([Done, Overdue, Pending]), Overdue);
        assert_eq!(combine([Done, Pending]), InProgress);
        assert_eq!(combine([Pending, Pending]), Pending);
        assert_eq!(combine([]), Pending);
    }
}
