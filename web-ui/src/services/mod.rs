//! Talking to the outside world: the API (one request helper), downloads, localStorage,
//! tokens.

pub mod api;
pub mod download;
pub mod storage;
pub mod tokens;
