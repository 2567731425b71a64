//! Growing delays after failed sign-ins, per account name and per client address.
//! The account key is the name the client typed, whether or not such an account
//! exists, so throttling reveals nothing about which accounts exist.

use chrono::Duration;
use diesel::prelude::*;

use crate::db::schema::login_throttle;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

/// Failures allowed per account name before delays start.
pub const ACCOUNT_FREE_FAILURES: i32 = 5;
/// Failures allowed per client address before delays start (an office behind one NAT).
pub const ADDRESS_FREE_FAILURES: i32 = 30;
/// Longest delay.
pub const MAX_DELAY_SECS: i64 = 15 * 60;

pub fn account_key(login: &str) -> String {
    format!("account:{}", login.trim().to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

/// 429 with `Retry-After` while any of `keys` is blocked.
pub fn check(conn: &mut DbConnection, keys: &[String]) -> Result<(), ApiError> {
    let now = time::now();
    let blocked: Option<chrono::NaiveDateTime> = login_throttle::table
        .filter(login_throttle::throttle_key.eq_any(keys))
        .filter(login_throttle::blocked_until.gt(now))
        .select(diesel::dsl::max(login_throttle::blocked_until))
        .first::<Option<chrono::NaiveDateTime>>(conn)?;
    match blocked {
        Some(until) => {
            let wait = (until - now).num_seconds().max(1).unsigned_abs();
            Err(ApiError::too_many_requests(
                format!("too many failed attempts; try again in {wait} seconds"),
                wait,
            ))
        }
        None => Ok(()),
    }
}

/// Delay after the `failures`-th failure: nothing within the free allowance, then
/// 2, 4, 8 … seconds, at most [`MAX_DELAY_SECS`].
pub fn delay_after(failures: i32, free: i32) -> i64 {
    if failures <= free {
        return 0;
    }
    let exponent = u32::try_from(failures - free).unwrap_or(u32::MAX).min(20);
    2i64.saturating_pow(exponent).min(MAX_DELAY_SECS)
}

/// Counts one failure against `key`.
pub fn record_failure(conn: &mut DbConnection, key: &str, free: i32) -> Result<(), ApiError> {
    let now = time::now();
    let current: Option<i32> = login_throttle::table
        .find(key)
        .select(login_throttle::failures)
        .first(conn)
        .optional()?;
    let failures = current.unwrap_or(0) + 1;
    let delay = delay_after(failures, free);
    let blocked_until = (delay > 0).then(|| now + Duration::seconds(delay));
    if current.is_some() {
        diesel::update(login_throttle::table.find(key))
            .set((
                login_throttle::failures.eq(failures),
                login_throttle::last_failure_at.eq(now),
                login_throttle::blocked_until.eq(blocked_until),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(login_throttle::table)
            .values((
                login_throttle::throttle_key.eq(key),
                login_throttle::failures.eq(failures),
                login_throttle::last_failure_at.eq(now),
                login_throttle::blocked_until.eq(blocked_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub fn clear(conn: &mut DbConnection, key: &str) -> Result<(), ApiError> {
    diesel::delete(login_throttle::table.find(key)).execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_are_capped() {
        assert_eq!(delay_after(1, 5), 0);
        assert_eq!(delay_after(5, 5), 0);
        assert_eq!(delay_after(6, 5), 2);
        assert_eq!(delay_after(7, 5), 4);
        assert_eq!(delay_after(10, 5), 32);
        assert_eq!(delay_after(40, 5), MAX_DELAY_SECS);
    }
}
