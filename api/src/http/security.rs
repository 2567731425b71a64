//! Security headers on every answer the server sends: the SPA, its assets, JSON and
//! problems alike (`request_middleware` adds them last).
//!
//! The policy allows only the server's own origin: no inline script (the SPA starts from
//! `boot-<hash>.js`), WebAssembly compilation (`'wasm-unsafe-eval'`), and style
//! attributes (Yew sets widths and colours with `style=`, which cannot run code). A
//! response that sets its own policy (the API docs page, with its inline style) keeps it.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// The Content-Security-Policy of everything but pages that set their own.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers `headers` does not carry yet. `hsts_max_age` 0 sends no
/// `Strict-Transport-Security`.
pub fn add_headers(headers: &mut HeaderMap, hsts_max_age: u64) {
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    for (name, value) in fixed {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if hsts_max_age > 0 {
        if let Ok(value) =
            HeaderValue::from_str(&format!("max-age={hsts_max_age}; includeSubDomains"))
        {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
        }
    }
}

/// The policy of a page whose only inline content is the stylesheet `css`: the same as
/// the default, with that one stylesheet allowed by its hash.
pub fn policy_with_inline_style(css: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css.as_bytes()));
    CONTENT_SECURITY_POLICY.replace(
        "style-src 'self';",
        &format!("style-src 'self' 'sha256-{hash}';"),
    )
}
