//! Display helpers: unit names per language, local times, role lists.

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
