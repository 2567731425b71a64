//! Serves the built SPA (`WEB_DIST_DIR`) at `/`: real files with their content types,
//! content-hashed assets cached for a year, `index.html` never cached, and every other
//! non-API path answered with `index.html` so client-side routes survive a reload.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};
use api_types::ErrorCode;

use crate::error::ApiError;
use crate::state::AppState;

const INDEX: &str = "index.html";

pub fn serve_index_or_404(req: &HttpRequest, state: &AppState) -> Result<HttpResponse, ApiError> {
    let not_found = || {
        ApiError::new(
            ErrorCode::RouteNotFound,
            format!("nothing is served at {}", req.path()),
        )
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(not_found());
    }
    let dist = &state.config.web_dist_dir;
    let file = match relative_file(req.path()) {
        Some(rel) if dist.join(&rel).is_file() => dist.join(rel),
        _ => dist.join(INDEX),
    };
    if !file.is_file() {
        return Err(not_found());
    }
    let named = NamedFile::open(&file).map_err(|_| not_found())?;
    let mut response = named
        .use_etag(true)
        .use_last_modified(true)
        .into_response(req);
    let cache = if is_hashed_asset(&file) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(response)
}

/// Maps a URL path to a file path inside the dist folder, refusing anything that could
/// leave it.
fn relative_file(url_path: &str) -> Option<PathBuf> {
    let trimmed = url_path.trim_start_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let path = Path::new(trimmed);
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Some(path.to_path_buf())
    } else {
        None
    }
}

/// A file whose name carries a content hash (`name-0123abcd.ext`) never changes.
fn is_hashed_asset(file: &Path) -> bool {
    let Some(stem) = file.file_stem().and_then(|s| s.to_str()) else {
        return false;
    };
    let stem = stem.trim_end_matches("_bg");
    match stem.rsplit_once('-') {
        Some((_, hash)) => hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escaping_paths() {
        assert_eq!(relative_file("/../etc/passwd"), None);
        assert_eq!(relative_file("/a/../../b"), None);
        assert_eq!(relative_file("/"), None);
        assert_eq!(
            relative_file("/app-1234abcd.js"),
            Some(PathBuf::from("app-1234abcd.js"))
        );
    }

    #[test]
    fn recognises_hashed_assets() {
        assert!(is_hashed_asset(Path::new("dist/web-ui-1234abcd.js")));
        assert!(is_hashed_asset(Path::new("dist/web-ui-1234abcd_bg.wasm")));
        assert!(!is_hashed_asset(Path::new("dist/index.html")));
        assert!(!is_hashed_asset(Path::new("dist/web-ui.js")));
    }
}
