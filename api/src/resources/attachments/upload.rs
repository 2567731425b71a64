//! Reading an upload: a `multipart/form-data` body with one part named `file`. The size
//! limit is the owning kind's, enforced while the bytes arrive; the type is sniffed
//! from the bytes against the kind's list.

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{web, HttpRequest};
use api_types::attachments::FileType;
use api_types::ErrorCode;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::rc::Rc;

use super::sniff::sniff;
use crate::error::ApiError;

/// The most bytes the form around the file may add (boundaries, headers, small fields).
const FORM_OVERHEAD: usize = 64 * 1024;
/// The longest file name kept (characters); a longer one is shortened, keeping its
/// extension.
pub const MAX_FILE_NAME_CHARS: usize = 200;
/// The most parts a form may have (the file and a few small fields).
const MAX_PARTS: usize = 8;

/// A received file, checked.
#[derive(Debug)]
pub struct Received {
    pub file_name: String,
    pub file_type: FileType,
    pub sha256: String,
    pub bytes: Bytes,
}

/// `n` bytes in the words of a limit message: "20 MB".
pub fn megabytes(n: usize) -> String {
    format!("{} MB", n / (1024 * 1024))
}

fn too_large(limit: usize) -> ApiError {
    ApiError::field(
        ErrorCode::PayloadTooLarge,
        "file",
        "too_large",
        format!("the file is larger than {}", megabytes(limit)),
    )
}

fn malformed(detail: impl std::fmt::Display) -> ApiError {
    ApiError::field(
        ErrorCode::InvalidField,
        "file",
        "malformed_form",
        format!("the upload is not a readable multipart/form-data body: {detail}"),
    )
}

/// The list of accepted types, as staff know them: "PDF, Word, JPG".
pub fn type_list(types: &[FileType]) -> String {
    types
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the `file` part of the request (at most `limit` bytes, of one of `types`).
pub async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    types: &[FileType],
) -> Result<Received, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit + FORM_OVERHEAD) {
        return Err(too_large(limit));
    }
    let essence = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if essence.as_deref() != Some("multipart/form-data") {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the file as multipart/form-data, in a part named file",
        ));
    }
    // The whole body is bounded too (a chunked body declares no length): past the
    // limit the stream fails and the upload is refused as too large.
    let overflowed = Rc::new(Cell::new(false));
    let counted = {
        let overflowed = overflowed.clone();
        let mut seen = 0usize;
        payload.map(move |chunk| {
            let chunk = chunk?;
            seen += chunk.len();
            if seen > limit + FORM_OVERHEAD {
                overflowed.set(true);
                return Err(PayloadError::Overflow);
            }
            Ok(chunk)
        })
    };
    let too_large_or = |err: actix_multipart::MultipartError| {
        if overflowed.get() {
            too_large(limit)
        } else {
            malformed(err)
        }
    };
    let mut form = Multipart::new(req.headers(), counted);
    let mut found: Option<(String, BytesMut)> = None;
    let mut other_bytes = 0usize;
    let mut parts = 0usize;
    while let Some(part) = form.next().await {
        let mut part = part.map_err(too_large_or)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(ApiError::rule(
                "file",
                "too_many_parts",
                format!("the form has more than {MAX_PARTS} parts; send the file alone"),
            ));
        }
        let is_file = part.name() == Some("file");
        if !is_file {
            // Other parts are read (bounded) and ignored.
            while let Some(chunk) = part.next().await {
                other_bytes += chunk.map_err(too_large_or)?.len();
                if other_bytes > FORM_OVERHEAD {
                    return Err(too_large(limit));
                }
            }
            continue;
        }
        if found.is_some() {
            return Err(ApiError::rule(
                "file",
                "one_file",
                "send one file per upload",
            ));
        }
        let name = part
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(clean_file_name)
            .unwrap_or_default();
        let mut bytes = BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(too_large_or)?;
            if bytes.len() + chunk.len() > limit {
                return Err(too_large(limit));
            }
            bytes.extend_from_slice(&chunk);
        }
        found = Some((name, bytes));
    }
    let Some((name, bytes)) = found else {
        return Err(ApiError::rule(
            "file",
            "required",
            "choose a file to upload (a part named file)",
        ));
    };
    if bytes.is_empty() {
        return Err(ApiError::rule("file", "empty", "the file is empty"));
    }
    let bytes = bytes.freeze();
    let sniffed = {
        let bytes = bytes.clone();
        // A parser that gives up on crafted bytes (a panic) has not recognised them.
        web::block(move || sniff(&bytes)).await.ok().flatten()
    };
    let file_type = match sniffed {
        Some(t) if types.contains(&t) => t,
        _ => {
            return Err(ApiError::field(
                ErrorCode::UnsupportedMediaType,
                "file",
                "file_type",
                format!(
                "the file's content is not one of the accepted types ({}), whatever its name says",
                type_list(types)
            ),
            ))
        }
    };
    let file_name = with_extension(&name, file_type);
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(Received {
        file_name,
        file_type,
        sha256,
        bytes,
    })
}

/// The extensions a file of `file_type` may be saved under.
fn extensions(file_type: FileType) -> &'static [&'static str] {
    match file_type {
        FileType::Pdf => &["pdf"],
        FileType::Docx => &["docx"],
        FileType::Xlsx => &["xlsx"],
        FileType::Jpeg => &["jpg", "jpeg"],
        FileType::Png => &["png"],
        FileType::Ofd => &["ofd"],
    }
}

/// `name` ending in an extension of what the file is (`整改.bat` → `整改.bat.pdf`), so a
/// downloaded file opens as what was checked, never as a program.
pub fn with_extension(name: &str, file_type: FileType) -> String {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if extensions(file_type).contains(&ext.as_str()) {
        return name.to_string();
    }
    let stem = if name.is_empty() { "附件" } else { name };
    format!("{stem}.{}", extensions(file_type)[0])
}

/// Characters that reorder or hide text (a name shown as `报告exe.pdf` that is
/// `报告\u{202E}fdp.exe`).
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The name part of an uploaded file's name: no folders, no control or invisible
/// formatting characters, at most [`MAX_FILE_NAME_CHARS`] characters (the extension
/// kept).
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.chars().count() <= MAX_FILE_NAME_CHARS {
        return cleaned;
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 10 => (stem.to_string(), format!(".{ext}")),
        _ => (cleaned.clone(), String::new()),
    };
    let keep = MAX_FILE_NAME_CHARS - ext.chars().count();
    stem.chars().take(keep).collect::<String>() + &ext
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_folders_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\张三\\整改报告.pdf"),
            "整改报告.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\r\n.png"), "ab.png");
        assert_eq!(clean_file_name(".hidden.pdf"), "hidden.pdf");
        assert_eq!(clean_file_name("报告\u{202E}fdp.exe"), "报告fdp.exe");
        let long = format!("{}.docx", "长".repeat(300));
        let kept = clean_file_name(&long);
        assert_eq!(kept.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(kept.ends_with(".docx"));
    }

    #[test]
    fn the_name_ends_in_what_the_file_is() {
        assert_eq!(with_extension("整改.bat", FileType::Pdf), "整改.bat.pdf");
        assert_eq!(with_extension("照片.JPEG", FileType::Jpeg), "照片.JPEG");
        assert_eq!(with_extension("photo", FileType::Png), "photo.png");
        assert_eq!(with_extension("", FileType::Ofd), "附件.ofd");
        assert_eq!(
            with_extension("台账.docm", FileType::Docx),
            "台账.docm.docx"
        );
    }
}
