//! Working days: Monday to Friday, except official holidays, plus make-up working days
//! (调休) on weekends. The exceptions are data (`calendar_days`), never code.

use std::collections::{HashMap, HashSet};

use api_types::disclosure::CalendarDayKind;
use chrono::{Datelike, NaiveDate, Weekday};

/// The exceptions to the Monday–Friday rule, and the years they cover.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    days: HashMap<NaiveDate, CalendarDayKind>,
    years: HashSet<i32>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, CalendarDayKind)>) -> WorkCalendar {
        let days: HashMap<NaiveDate, CalendarDayKind> = days.into_iter().collect();
        let years = days.keys().map(|d| d.year()).collect();
        WorkCalendar { days, years }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some(CalendarDayKind::Holiday) => false,
            Some(CalendarDayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `start` (not counting `start` itself).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            match day.succ_opt() {
                Some(next) => day = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// True when some year from `from` to `to` has no calendar data at all, so its
    /// holidays cannot have been counted.
    pub fn incomplete_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        (from.year()..=to.year()).any(|y| !self.years.contains(&y))
    }
}

/// Working days after the decision within which the result must be published.
pub const PUBLICATION_WORKING_DAYS: u32 = 7;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn national_day_2022() -> WorkCalendar {
        let mut days: Vec<(NaiveDate, CalendarDayKind)> = (1..=7)
            .map(|day| (d(&format!("2022-10-0{day}")), CalendarDayKind::Holiday))
            .collect();
        days.push((d("2022-10-08"), CalendarDayKind::Workday));
        days.push((d("2022-10-09"), CalendarDayKind::Workday));
        WorkCalendar::new(days)
    }

    #[test]
    fn plain_weeks_skip_weekends() {
        let cal = WorkCalendar::new([(d("2022-01-03"), CalendarDayKind::Holiday)]);
        // Wed 2022-03-02 + 7 working days = Fri 2022-03-11.
        assert_eq!(cal.add_working_days(d("2022-03-02"), 7), d("2022-03-11"));
        // A decision on a Saturday: counting starts on Monday.
        assert_eq!(cal.add_working_days(d("2022-03-05"), 1), d("2022-03-07"));
    }

    #[test]
    fn holidays_and_make_up_days_count_as_the_calendar_says() {
        let cal = national_day_2022();
        // Thu 2022-09-29: Fri 30 (1), then the holiday 1–7 October, then the make-up
        // working days Sat 8 (2) and Sun 9 (3), then Mon 10 (4) … Thu 13 (7).
        assert_eq!(cal.add_working_days(d("2022-09-29"), 7), d("2022-10-13"));
        assert!(!cal.is_working_day(d("2022-10-03")), "a Monday holiday");
        assert!(
            cal.is_working_day(d("2022-10-08")),
            "a Saturday make-up day"
        );
        assert!(!cal.incomplete_between(d("2022-09-29"), d("2022-10-13")));
        assert!(cal.incomplete_between(d("2022-12-28"), d("2023-01-06")));
    }
}
