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
    if value.is_empty() {
        Err(error("required", "is required"))
    } else if value.trim().is_empty() {
        Err(error("blank", "must not be blank"))
    } else {
        Ok(())
    }
}

/// A month (`2022-05`) or quarter (`2022-Q2`).
pub fn period(value: &str) -> Result<(), ValidationError> {
    match crate::period::Period::parse(value) {
        Some(crate::period::Period::Month { .. } | crate::period::Period::Quarter { .. }) => Ok(()),
        _ => Err(error(
            "period",
            "must be a month like 2022-05 or a quarter like 2022-Q2",
        )),
    }
}

/// A quarter (`2022-Q2`), years 2000–2100.
pub fn quarter(value: &str) -> Result<(), ValidationError> {
    match crate::period::Period::parse(value) {
        Some(crate::period::Period::Quarter { .. }) => Ok(()),
        _ => Err(error("quarter", "must be a quarter like 2022-Q2")),
    }
}

/// A reporting period of any kind: a year (`2026`), a month (`2026-05`) or a quarter
/// (`2026-Q2`); whether it fits the template's kind is checked against the template.
pub fn report_period(value: &str) -> Result<(), ValidationError> {
    if crate::period::Period::parse(value).is_some() {
        Ok(())
    } else {
        Err(error(
            "period",
            "must be a year like 2026, a month like 2026-05 or a quarter like 2026-Q2",
        ))
    }
}

/// A figure's key in a template: a lower-case letter, then lower-case letters, digits
/// and `_`, at most 40 characters.
pub fn figure_key(value: &str) -> Result<(), ValidationError> {
    let mut chars = value.chars();
    let first = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if first
        && value.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(())
    } else {
        Err(error(
            "column_key",
            "must start with a–z and hold only a–z, 0–9 and _ (at most 40)",
        ))
    }
}

/// Evidence links: http(s) URLs or server paths, at most 500 characters each.
pub fn links(values: &[String]) -> Result<(), ValidationError> {
    let ok = values.iter().all(|v| {
        v.chars().count() <= 500
            && !v.chars().any(char::is_whitespace)
            && (v.starts_with("https://") || v.starts_with("http://") || v.starts_with('/'))
    });
    if ok {
        Ok(())
    } else {
        Err(error("links", "each link must be an http(s) URL or a path starting with /, without spaces, at most 500 characters"))
    }
}

/// An option's key in a question: one capital letter `A`–`H`.
pub fn option_key(value: &str) -> Result<(), ValidationError> {
    if value.len() == 1 && value.bytes().all(|b| (b'A'..=b'H').contains(&b)) {
        Ok(())
    } else {
        Err(error("option_key", "must be one of the letters A–H"))
    }
}

/// Option keys (`["A", "C"]`): each one capital letter `A`–`H`.
pub fn option_keys(values: &[String]) -> Result<(), ValidationError> {
    if values.iter().all(|v| option_key(v).is_ok()) {
        Ok(())
    } else {
        Err(error(
            "option_key",
            "each option must be one of the letters A–H",
        ))
    }
}

/// Tags of a question: each 1–20 characters and not blank.
pub fn tags(values: &[String]) -> Result<(), ValidationError> {
    let ok = values
        .iter()
        .all(|v| (1..=20).contains(&v.chars().count()) && !v.trim().is_empty());
    if ok {
        Ok(())
    } else {
        Err(error(
            "tags",
            "each tag must be 1–20 characters and not blank",
        ))
    }
}

/// Short answers (one text per blank, accepted answers of a blank): each at most 200
/// characters.
pub fn short_texts(values: &[String]) -> Result<(), ValidationError> {
    if values.iter().all(|v| v.chars().count() <= 200) {
        Ok(())
    } else {
        Err(error(
            "short_texts",
            "each text must be at most 200 characters",
        ))
    }
}

/// A check-in code: six digits.
pub fn check_in_code(value: &str) -> Result<(), ValidationError> {
    if value.len() == 6 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(error(
            "check_in_code",
            "must be the six digits shown on the screen",
        ))
    }
}

/// 统一社会信用代码: 18 characters of 0–9 and A–Z without I, O, S, V, Z, with a valid
/// check character (GB 32100-2015).
pub fn credit_code(value: &str) -> Result<(), ValidationError> {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let bad = || {
        error(
            "credit_code",
            "must be an 18-character unified social credit code",
        )
    };
    let chars: Vec<char> = value.chars().collect();
    if chars.len() != 18 {
        return Err(bad());
    }
    let mut sum = 0u32;
    for (i, c) in chars[..17].iter().enumerate() {
        let v = CHARS.find(*c).ok_or_else(bad)?;
        sum += u32::try_from(v).map_err(|_| bad())? * WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    let expected = CHARS
        .chars()
        .nth(usize::try_from(check).map_err(|_| bad())?)
        .ok_or_else(bad)?;
    if chars[17] == expected {
        Ok(())
    } else {
        Err(error(
            "credit_code_checksum",
            "the check character of the unified social credit code is wrong",
        ))
    }
}

/// 居民身份证号码: 18 characters with a valid ISO 7064 check digit (GB 11643-1999).
pub fn id_number(value: &str) -> Result<(), ValidationError> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let bad = || error("id_number", "must be an 18-character resident ID number");
    let chars: Vec<char> = value.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let sum: u32 = chars[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let expected = CHECK[usize::try_from(sum % 11).map_err(|_| bad())?];
    if chars[17].to_ascii_uppercase() == expected {
        Ok(())
    } else {
        Err(error(
            "id_number_checksum",
            "the check digit of the ID number is wrong",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes() {
        assert!(credit_code("91350100M000100Y43").is_ok());
        assert!(credit_code("91350100M000100Y44").is_err());
        assert!(credit_code("short").is_err());
    }

    #[test]
    fn id_numbers() {
        assert!(id_number("11010519491231002X").is_ok());
        assert!(id_number("110105194912310021").is_err());
        assert!(id_number("11010519491231002").is_err());
    }
}
