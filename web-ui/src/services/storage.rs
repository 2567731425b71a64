//! `localStorage` access that never fails loudly (private mode, disabled storage).

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Takes (reads and removes) a value from `sessionStorage`.
pub fn take_session(key: &str) -> Option<String> {
    let s = session()?;
    let value = s.get_item(key).ok()?;
    let _ = s.remove_item(key);
    value
}

pub fn set_session(key: &str, value: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(key, value);
    }
}
