//! The rotating check-in code of a session: six digits from an HMAC-SHA256 of the
//! session and the 30-second step under the session's own key (the dynamic truncation
//! of RFC 4226), so a code of another session or of a past step does not match.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::ApiError;

/// How long one code is shown.
pub const STEP_SECONDS: i64 = 30;

/// Check-in opens this long before a session starts (people arrive early).
pub const OPENS_BEFORE_MINUTES: i64 = 30;

/// A check-in later than this after the start counts as late.
pub const LATE_AFTER_MINUTES: i64 = 15;

/// A new key for a session: 20 random bytes, base64.
pub fn new_secret() -> Result<String, ApiError> {
    let mut key = [0u8; 20];
    getrandom::getrandom(&mut key).map_err(ApiError::internal)?;
    Ok(STANDARD.encode(key))
}

/// The step an instant falls in.
pub fn step_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECONDS)
}

/// When `step` ends.
pub fn step_end(step: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp((step + 1) * STEP_SECONDS, 0)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The code of `session` in `step`.
pub fn code_at(secret: &str, session: &str, step: i64) -> Result<String, ApiError> {
    let key = STANDARD
        .decode(secret)
        .map_err(|_| ApiError::internal("stored check-in key"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(ApiError::internal)?;
    mac.update(session.as_bytes());
    mac.update(b".");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    Ok(format!("{:06}", value % 1_000_000))
}

/// Whether `code` is the session's code now or of the step just before (the screen
/// may have turned while it was typed). Compared in constant time.
pub fn accepts(
    secret: &str,
    session: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let step = step_of(now);
    let mut matched = false;
    for candidate in [step, step - 1] {
        let expected = code_at(secret, session, candidate)?;
        let same = expected
            .bytes()
            .zip(code.bytes())
            .fold(expected.len() ^ code.len(), |acc, (a, b)| {
                acc | usize::from(a ^ b)
            });
        matched |= same == 0;
    }
    Ok(matched)
}

/// Whether check-in is open for a session running `starts_at`..`ends_at`.
pub fn window_open(starts_at: NaiveDateTime, ends_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    starts_at - Duration::minutes(OPENS_BEFORE_MINUTES) <= now && now <= ends_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_belongs_to_its_session_and_step() {
        let secret = new_secret().expect("random");
        let now = Utc::now();
        let code = code_at(&secret, "s1", step_of(now)).expect("code");
        assert_eq!(code.len(), 6);
        assert!(accepts(&secret, "s1", &code, now).expect("check"));
        assert!(
            accepts(&secret, "s1", &code, now + Duration::seconds(STEP_SECONDS)).expect("check")
        );
        assert!(!accepts(
            &secret,
            "s1",
            &code,
            now + Duration::seconds(2 * STEP_SECONDS)
        )
        .expect("check"));
        // Another session's key gives another sequence of codes.
        let other = new_secret().expect("random");
        let theirs: Vec<String> = (0..20)
            .map(|k| code_at(&other, "s2", step_of(now) + k).expect("code"))
            .collect();
        let ours: Vec<String> = (0..20)
            .map(|k| code_at(&secret, "s1", step_of(now) + k).expect("code"))
            .collect();
        assert_ne!(theirs, ours);
    }
}
