//! Talking to the outside world: the API (one request helper), localStorage, tokens.

pub mod api;
pub mod storage;
pub mod tokens;
