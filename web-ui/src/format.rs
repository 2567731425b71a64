//! Display helpers: unit names per language, local times, role lists.

use api_types::catalog::Evaluation;
use api_types::units::Unit;
use api_types::Role;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use wasm_bindgen::JsValue;

use crate::i18n::{Lang, Texts};

/// The unit's name in the UI language (the Chinese name when there is no English one).
pub fn unit_name(unit: &Unit, lang: Lang) -> String {
    match (lang, &unit.name_en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en.clone(),
        _ => unit.name.clone(),
    }
}

/// `YYYY-MM-DD HH:MM:SS` in the browser's time zone.
pub fn local_time(t: &DateTime<Utc>) -> String {
    let ms = t.timestamp_millis() as f64;
    // Minutes to add to local time to get UTC (e.g. -480 in China).
    let offset = js_sys::Date::new(&JsValue::from_f64(ms)).get_timezone_offset();
    let local = t.naive_utc() - Duration::minutes(offset as i64);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// `YYYY-MM-DD` in the browser's time zone.
pub fn local_date(t: &DateTime<Utc>) -> String {
    local_time(t).chars().take(10).collect()
}

/// The bureau's clock: Beijing time (UTC+8, no daylight saving), in which quiz windows
/// are set and shown whatever the browser's time zone.
const BUREAU_OFFSET_HOURS: i64 = 8;

/// `YYYY-MM-DD HH:MM` in bureau time.
pub fn bureau_time(t: &DateTime<Utc>) -> String {
    (t.naive_utc() + Duration::hours(BUREAU_OFFSET_HOURS))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The value of a `datetime-local` input for `t` in bureau time (`YYYY-MM-DDTHH:MM`).
pub fn bureau_input(t: &DateTime<Utc>) -> String {
    (t.naive_utc() + Duration::hours(BUREAU_OFFSET_HOURS))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A `datetime-local` value read as bureau time; `None` when it is not one.
pub fn parse_bureau_input(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let local = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Some((local - Duration::hours(BUREAU_OFFSET_HOURS)).and_utc())
}

/// Role names joined with the language's list separator.
pub fn roles(roles: &[Role], t: &Texts) -> String {
    roles
        .iter()
        .map(|r| (t.role)(*r))
        .collect::<Vec<_>>()
        .join(t.list_sep)
}

/// The local hour of day (0–23).
pub fn local_hour() -> u32 {
    js_sys::Date::new_0().get_hours()
}

/// Today in the browser's time zone, in words.
pub fn today(t: &Texts) -> String {
    let now = js_sys::Date::new_0();
    (t.today)(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
        now.get_day(),
    )
}

/// Today's date in the browser's time zone.
pub fn today_date() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Fen as yuan for people: 500000 → "5,000", 12345 → "123.45" (no unit).
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fen % 100 {
        0 => format!("{sign}{grouped}"),
        cents => format!("{sign}{grouped}.{cents:02}"),
    }
}

/// The largest amount a disclosure record takes, in fen (the server's range on
/// `fine_fen` and `confiscated_fen`: 10 亿元).
pub const MAX_AMOUNT_FEN: i64 = 100_000_000_000;

/// Why a typed amount was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a non-negative number.
    NotAnAmount,
    /// More than two decimals (fen are the smallest unit).
    TooManyDecimals,
    /// Above [`MAX_AMOUNT_FEN`].
    TooLarge,
}

/// Parses an amount in yuan ("5000", "5,000.5", "12.34") into fen; `Ok(None)` for an
/// empty input.
pub fn parse_yuan(text: &str) -> Result<Option<i64>, AmountError> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    let (whole, cents) = match text.split_once('.') {
        Some((w, c)) => (w, c),
        None => (text.as_str(), ""),
    };
    if whole.is_empty() && cents.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !cents.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AmountError::NotAnAmount);
    }
    if cents.len() > 2 {
        return Err(AmountError::TooManyDecimals);
    }
    // More digits than any allowed amount has: too large (and would overflow).
    let whole = whole.trim_start_matches('0');
    if whole.len() > 10 {
        return Err(AmountError::TooLarge);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountError::NotAnAmount)?
    };
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| AmountError::NotAnAmount)? * 10,
        _ => cents.parse().map_err(|_| AmountError::NotAnAmount)?,
    };
    let fen = whole * 100 + cents;
    if fen > MAX_AMOUNT_FEN {
        return Err(AmountError::TooLarge);
    }
    Ok(Some(fen))
}

/// Fen as an input value in yuan ("5000", "12.5" → "12.50").
pub fn yuan_input(fen: Option<i64>) -> String {
    match fen {
        None => String::new(),
        Some(f) if f % 100 == 0 => (f / 100).to_string(),
        Some(f) => format!("{}.{:02}", f / 100, f % 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_round_trips() {
        assert_eq!(yuan(500_000), "5,000");
        assert_eq!(yuan(12_345), "123.45");
        assert_eq!(yuan(100_000_000), "1,000,000");
        assert_eq!(parse_yuan("5000"), Ok(Some(500_000)));
        assert_eq!(parse_yuan("5,000.5"), Ok(Some(500_050)));
        assert_eq!(parse_yuan(" "), Ok(None));
        assert_eq!(parse_yuan("1.234"), Err(AmountError::TooManyDecimals));
        assert_eq!(parse_yuan("-5"), Err(AmountError::NotAnAmount));
        assert_eq!(parse_yuan("abc"), Err(AmountError::NotAnAmount));
        assert_eq!(parse_yuan("1000000000"), Ok(Some(MAX_AMOUNT_FEN)));
        assert_eq!(parse_yuan("1000000000.01"), Err(AmountError::TooLarge));
        assert_eq!(
            parse_yuan("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(yuan_input(Some(1250)), "12.50");
    }

    #[test]
    fn bureau_time_is_utc_plus_eight() {
        let t = parse_bureau_input("2026-05-12T09:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-05-12T01:30:00+00:00");
        assert_eq!(bureau_input(&t), "2026-05-12T09:30");
        assert_eq!(bureau_time(&t), "2026-05-12 09:30");
        assert_eq!(parse_bureau_input("2026-05-12"), None);
    }
}

/// The range a discretion evaluation allows, in words.
pub fn range_text(ev: &Evaluation, t: &Texts) -> String {
    let y = |f: i64| format!("{}{}", yuan(f), t.yuan);
    if ev.no_penalty {
        return t.disc_no_penalty.into();
    }
    match (ev.fine_min_fen, ev.fine_max_fen) {
        (Some(a), Some(b)) => format!("{} – {}{}", yuan(a), yuan(b), t.yuan),
        (Some(a), None) => (t.disc_at_least)(&y(a)),
        (None, Some(b)) => (t.disc_at_most)(&y(b)),
        (None, None) => t.disc_no_fine.into(),
    }
}

/// A date as a printed document writes it: 2026年12月3日.
pub fn chinese_date(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}
