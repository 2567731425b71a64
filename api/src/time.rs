//! Time: stored as UTC `Timestamp` (microsecond precision on both backends), shown to
//! people in Asia/Shanghai.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// The bureau's time zone, used for every date boundary (deadlines, months, quarters).
pub const BUREAU_TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Now, in UTC, truncated to microseconds so that a value written to either backend
/// reads back equal.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A stored timestamp as a UTC instant for the wire.
pub fn to_utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// A wire instant as a stored timestamp.
pub fn from_utc(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc().trunc_subsecs(6)
}

/// Today at the bureau (Asia/Shanghai): the day every due date and deadline is judged
/// against.
pub fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&BUREAU_TZ).date_naive()
}

/// The bureau's calendar day (Asia/Shanghai) of a stored UTC timestamp.
pub fn local_date(at: NaiveDateTime) -> chrono::NaiveDate {
    at.and_utc().with_timezone(&BUREAU_TZ).date_naive()
}

/// A new primary key: a time-ordered UUID v7 stored as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The instant of `hour:minute` on `date` at the bureau (Asia/Shanghai).
pub fn bureau_instant(date: chrono::NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    use chrono::TimeZone;
    let local = date
        .and_hms_opt(hour, minute, 0)
        .unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN));
    BUREAU_TZ
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |at| at.with_timezone(&Utc))
}
