//! The signed-in session's tokens, kept in `localStorage` so that a reload or a second
//! tab stays signed in.

use api_types::auth::TokenPair;

use super::storage;

const ACCESS_KEY: &str = "enforcement.access_token";
const REFRESH_KEY: &str = "enforcement.refresh_token";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

pub fn load() -> Option<Tokens> {
    let access = storage::get(ACCESS_KEY)?;
    let refresh = storage::get(REFRESH_KEY)?;
    if access.is_empty() || refresh.is_empty() {
        return None;
    }
    Some(Tokens { access, refresh })
}

pub fn store(pair: &TokenPair) {
    storage::set(ACCESS_KEY, &pair.access_token);
    storage::set(REFRESH_KEY, &pair.refresh_token);
}

pub fn clear() {
    storage::remove(ACCESS_KEY);
    storage::remove(REFRESH_KEY);
}
