//! Files attached to records: evidence of progress reports now; case files, application
//! materials, contest entries and training materials as those capabilities arrive.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::audit::ResourceKind;

/// The largest evidence file of a progress report (a scan or a phone photo): the server
/// enforces it, the SPA checks it before sending.
pub const EVIDENCE_MAX_BYTES: usize = 20 * 1024 * 1024;

crate::text_enum! {
    /// The kinds of file the platform keeps, recognised from the file's bytes.
    pub enum FileType {
        Pdf = "pdf",
        Docx = "docx",
        Xlsx = "xlsx",
        Jpeg = "jpg",
        Png = "png",
        /// 开放版式文档 (GB/T 33190), the Chinese counterpart of PDF.
        Ofd = "ofd",
    }
}

impl FileType {
    /// The media type served with the file.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Ofd => "application/ofd",
        }
    }

    /// The type served as `media`, if it is one of ours.
    pub fn from_media_type(media: &str) -> Option<FileType> {
        FileType::ALL
            .iter()
            .copied()
            .find(|t| t.media_type() == media)
    }

    /// The name staff know the type by.
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Docx => "Word",
            FileType::Xlsx => "Excel",
            FileType::Jpeg => "JPG",
            FileType::Png => "PNG",
            FileType::Ofd => "OFD",
        }
    }
}

crate::text_enum! {
    /// Whether an attachment still counts as part of its record.
    pub enum AttachmentStatus {
        Active = "active",
        /// Taken back by its unit (with a reason); the file is kept and can still be
        /// downloaded, marked as withdrawn.
        Withdrawn = "withdrawn",
    }
}

/// A file attached to a record. Its bytes are at `download_url`, for callers in the
/// scope of the record's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: Uuid,
    /// The owning record's type (`progress_report`, …).
    pub owner_type: ResourceKind,
    pub owner_id: Uuid,
    /// The owning record's unit.
    pub unit_id: Uuid,
    /// The name the file was uploaded under.
    pub file_name: String,
    /// Recognised from the bytes.
    pub file_type: FileType,
    pub media_type: String,
    pub byte_size: i64,
    /// Hex SHA-256 of the bytes: the same as the download's `ETag`.
    pub sha256: String,
    pub status: AttachmentStatus,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by_name: Option<String>,
    pub withdrawal_reason: Option<String>,
    /// `/api/v1/attachments/{id}/content`.
    pub download_url: String,
    pub version: i64,
}

/// `POST /api/v1/attachments/{id}/withdraw` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttachmentWithdrawal {
    /// Why the file no longer counts (kept in the audit trail).
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validate::not_blank")
    )]
    pub reason: String,
}

/// The multipart form of an upload: one part named `file`, whose file name is kept.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentUpload {
    /// The file (PDF, Word .docx, Excel .xlsx, JPG, PNG or OFD).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub file: Vec<u8>,
}
