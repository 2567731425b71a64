//! Validation rules shared by several DTOs (usable by the SPA for inline errors too).

use validator::ValidationError;

fn error(code: &'static str, message: &'static str) -> ValidationError {
    let mut e = ValidationError::new(code);
    e.message = Some(message.into());
    e
}

/// Unit and client codes: upper-case ASCII letters, digits and `-`, 2–40 characters.
pub fn code(value: &str) -> Result<(), ValidationError> {
    let ok = (2..=40).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(error(
            "code",
            "must be 2–40 characters: A–Z, 0–9 and '-' (not at either end)",
        ))
    }
}

/// Login names: lower-case ASCII letters, digits, `.`, `_`, `-`, 3–64 characters.
pub fn login(value: &str) -> Result<(), ValidationError> {
    let ok = (3..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(error(
            "login",
            "must be 3–64 characters: a–z, 0–9, '.', '_' and '-'",
        ))
    }
}

/// Passwords: 10–128 characters with at least one letter and one digit.
pub fn password(value: &str) -> Result<(), ValidationError> {
    let chars = value.chars().count();
    if !(10..=128).contains(&chars) {
        return Err(error("password_length", "must be 10–128 characters"));
    }
    let letter = value.chars().any(char::is_alphabetic);
    let digit = value.chars().any(|c| c.is_ascii_digit());
    if !(letter && digit) {
        return Err(error(
            "password_strength",
            "must contain letters and digits",
        ));
    }
    Ok(())
}

/// Text that must not be blank after trimming.
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(error("blank", "must not be blank"))
    } else {
        Ok(())
    }
}

/// A month (`2022-05`) or quarter (`2022-Q2`).
pub fn period(value: &str) -> Result<(), ValidationError> {
    match crate::period::Period::parse(value) {
        Some(_) => Ok(()),
        None => Err(error(
            "period",
            "must be a month like 2022-05 or a quarter like 2022-Q2",
        )),
    }
}

/// Evidence links: http(s) URLs or server paths, at most 500 characters each.
pub fn links(values: &[String]) -> Result<(), ValidationError> {
    let ok = values.iter().all(|v| {
        v.len() <= 500
            && !v.chars().any(char::is_whitespace)
            && (v.starts_with("https://") || v.starts_with("http://") || v.starts_with('/'))
    });
    if ok {
        Ok(())
    } else {
        Err(error("links", "each link must be an http(s) URL or a path starting with /, without spaces, at most 500 characters"))
    }
}
