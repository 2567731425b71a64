//! Reporting periods: months (`2022-05`), quarters (`2022-Q2`) and years (`2022`).
//! Where only some kinds make sense (progress reports take months and quarters, a
//! statistics template its own kind) the caller refuses the others.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

impl Period {
    /// Parses `YYYY-MM`, `YYYY-Qn` or `YYYY`.
    pub fn parse(text: &str) -> Option<Period> {
        let (year, rest) = text.split_once('-').unwrap_or((text, ""));
        // Digits only: `str::parse` would also take a sign ("2022-+5").
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if !(2000..=2100).contains(&year) {
            return None;
        }
        if !text.contains('-') {
            return Some(Period::Year { year });
        }
        if let Some(q) = rest.strip_prefix('Q') {
            let quarter: u32 = q.parse().ok().filter(|_| q.len() == 1 && digits(q))?;
            return (1..=4)
                .contains(&quarter)
                .then_some(Period::Quarter { year, quarter });
        }
        if rest.len() != 2 || !digits(rest) {
            return None;
        }
        let month: u32 = rest.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(Period::Month { year, month })
    }

    /// First day of the period.
    pub fn start(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter * 3 - 2),
            Period::Year { year } => (year, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the period.
    pub fn end(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter * 3),
            Period::Year { year } => (year, 12),
        };
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// The month containing `day`.
    pub fn month_of(day: NaiveDate) -> Period {
        Period::Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The quarter containing `day`.
    pub fn quarter_of(day: NaiveDate) -> Period {
        Period::Quarter {
            year: day.year(),
            quarter: (day.month() - 1) / 3 + 1,
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year { year } => write!(f, "{year:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        for text in ["2022-05", "2022-12", "2022-Q1", "2022-Q4", "2022"] {
            assert_eq!(
                Period::parse(text).map(|p| p.to_string()).as_deref(),
                Some(text)
            );
        }
        for bad in [
            "2022-13", "2022-00", "2022-Q5", "2022-Q0", "22-05", "2022-5", "2022/05", "2022-Q12",
            "2022-+5", "+022-05", "2022-Q+", "", "2022-", "1999", "+202", "20222",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn bounds() {
        let q = Period::parse("2022-Q1").unwrap();
        assert_eq!(q.start(), NaiveDate::from_ymd_opt(2022, 1, 1).unwrap());
        assert_eq!(q.end(), NaiveDate::from_ymd_opt(2022, 3, 31).unwrap());
        let feb = Period::parse("2024-02").unwrap();
        assert_eq!(feb.end(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        let year = Period::parse("2022").unwrap();
        assert_eq!(year.start(), NaiveDate::from_ymd_opt(2022, 1, 1).unwrap());
        assert_eq!(year.end(), NaiveDate::from_ymd_opt(2022, 12, 31).unwrap());
        let dec = Period::parse("2022-12").unwrap();
        assert_eq!(dec.end(), NaiveDate::from_ymd_opt(2022, 12, 31).unwrap());
        assert_eq!(
            Period::quarter_of(NaiveDate::from_ymd_opt(2022, 9, 30).unwrap()).to_string(),
            "2022-Q3"
        );
    }
}
