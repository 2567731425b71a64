//! Attachment rows.

use std::collections::HashMap;

use api_types::attachments::{Attachment, AttachmentStatus, FileType};
use api_types::audit::ResourceKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::attachments;
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = attachments, treat_none_as_null = true)]
pub struct AttachmentRow {
    pub id: String,
    pub owner_type: String,
    pub owner_id: String,
    pub unit_id: String,
    pub file_name: String,
    pub media_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub status: String,
    pub uploaded_by: String,
    pub uploaded_by_name: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by_name: Option<String>,
    pub withdrawal_reason: Option<String>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AttachmentRow {
    pub fn owner_kind(&self) -> Result<ResourceKind, ApiError> {
        ResourceKind::parse(&self.owner_type)
            .ok_or_else(|| ApiError::internal("stored attachment owner type"))
    }

    pub fn status(&self) -> Result<AttachmentStatus, ApiError> {
        AttachmentStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored attachment status"))
    }

    pub fn to_dto(&self) -> Result<Attachment, ApiError> {
        Ok(Attachment {
            id: stored_uuid(&self.id)?,
            owner_type: self.owner_kind()?,
            owner_id: stored_uuid(&self.owner_id)?,
            unit_id: stored_uuid(&self.unit_id)?,
            file_name: self.file_name.clone(),
            file_type: FileType::from_media_type(&self.media_type)
                .ok_or_else(|| ApiError::internal("stored attachment media type"))?,
            media_type: self.media_type.clone(),
            byte_size: self.byte_size,
            sha256: self.sha256.clone(),
            status: self.status()?,
            uploaded_by_name: self.uploaded_by_name.clone(),
            uploaded_at: time::to_utc(self.created_at),
            withdrawn_at: self.withdrawn_at.map(time::to_utc),
            withdrawn_by_name: self.withdrawn_by_name.clone(),
            withdrawal_reason: self.withdrawal_reason.clone(),
            download_url: format!("/api/v1/attachments/{}/content", self.id),
            version: self.version,
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<AttachmentRow, ApiError> {
    attachments::table
        .find(id)
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("attachment"))
}

/// The attachments of records `owner_ids` of type `kind`, oldest first, by owner: what a
/// resource puts in its DTOs (one query for a whole page).
pub fn of_owners(
    conn: &mut DbConnection,
    kind: ResourceKind,
    owner_ids: &[String],
) -> Result<HashMap<String, Vec<Attachment>>, ApiError> {
    let rows: Vec<AttachmentRow> = attachments::table
        .filter(attachments::owner_type.eq(kind.as_str()))
        .filter(attachments::owner_id.eq_any(owner_ids))
        .order((attachments::created_at.asc(), attachments::id.asc()))
        .select(AttachmentRow::as_select())
        .load(conn)?;
    let mut out: HashMap<String, Vec<Attachment>> = HashMap::new();
    for row in rows {
        out.entry(row.owner_id.clone())
            .or_default()
            .push(row.to_dto()?);
    }
    Ok(out)
}
