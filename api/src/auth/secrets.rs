//! Random tokens and their hashes. Opaque secrets (refresh tokens, client secrets, the
//! bootstrap token) carry 256 bits of randomness, so a plain SHA-256 is the right hash
//! for them; human passwords use argon2id (`password`).

use sha2::{Digest, Sha256};

/// A new random token: `prefix` followed by 64 hex characters.
pub fn random_token(prefix: &str) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)?;
    Ok(format!("{prefix}{}", hex::encode(bytes)))
}

/// Letters and digits that cannot be mistaken for one another when read aloud or
/// copied by hand (no 0/O, 1/l/I).
const READABLE: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A temporary password for a person: three groups of four readable characters
/// (`k7Qm-xP3a-9rTz`, about 70 bits), always with letters and digits.
pub fn temporary_password() -> Result<String, getrandom::Error> {
    loop {
        let mut bytes = [0u8; 12];
        getrandom::getrandom(&mut bytes)?;
        // 256 is not a multiple of the alphabet's size; dropping the top values keeps
        // every character equally likely.
        let limit = 256 - 256 % READABLE.len();
        if bytes.iter().any(|b| usize::from(*b) >= limit) {
            continue;
        }
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| char::from(READABLE[usize::from(*b) % READABLE.len()]))
            .collect();
        let digit = chars.iter().any(char::is_ascii_digit);
        let letter = chars.iter().any(char::is_ascii_alphabetic);
        if digit && letter {
            let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
            return Ok(groups.join("-"));
        }
    }
}

/// SHA-256 of `value`, hex-encoded.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_prefixed() {
        let a = random_token("rt_").expect("random");
        let b = random_token("rt_").expect("random");
        assert!(a.starts_with("rt_") && a.len() == 67);
        assert_ne!(a, b);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
        assert_eq!(sha256_hex("abc").len(), 64);
    }
}
