//! What each kind of record that takes files decides about them. A resource that takes
//! attachments declares one [`OwnerRules`] in its own folder and lists it in [`OWNERS`];
//! the attachment endpoints find the rules by the owner type stored with the file.

use api_types::attachments::FileType;
use api_types::audit::ResourceKind;
use chrono::NaiveDateTime;

use super::model::AttachmentRow;
use crate::auth::Principal;
use crate::db::DbConnection;
use crate::error::ApiError;

/// The attachment rules of one kind of owning record.
pub struct OwnerRules {
    pub kind: ResourceKind,
    /// The largest file this kind takes.
    pub max_bytes: usize,
    /// The most files one record takes (withdrawn ones count: they are kept).
    pub max_files: i64,
    /// The types it takes.
    pub types: &'static [FileType],
    /// The owner's unit, when `principal` may attach files to the record `owner_id` or
    /// withdraw them now (else 403, 404, or 409 when the record no longer changes).
    pub may_change: fn(&mut DbConnection, &Principal, &str) -> Result<String, ApiError>,
    /// Whether `principal` may read the file (403 when not).
    pub may_read: fn(&mut DbConnection, &Principal, &AttachmentRow) -> Result<(), ApiError>,
    /// The record's files changed at `at`: bump its version and `updated_at`, so its
    /// ETag changes and `updated_since` finds it.
    pub touch: fn(&mut DbConnection, &str, NaiveDateTime) -> Result<(), ApiError>,
}

/// Every kind of record that takes attachments.
pub const OWNERS: &[&OwnerRules] = &[
    &crate::resources::progress_reports::evidence::EVIDENCE,
    &crate::resources::major_decisions::evidence::EVIDENCE,
    &crate::resources::training::materials::MATERIALS,
    &crate::resources::contests::ENTRY_FILES,
    &crate::resources::degrees::CERTIFICATES,
    &crate::resources::cases::CASE_FILES,
    &crate::resources::case_outcomes::OUTCOME_FILES,
    &crate::resources::demonstration::EVIDENCE,
    &crate::resources::demonstration::PHOTOS,
];

/// The rules of `kind`.
pub fn rules_for(kind: ResourceKind) -> Result<&'static OwnerRules, ApiError> {
    OWNERS
        .iter()
        .copied()
        .find(|rules| rules.kind == kind)
        .ok_or_else(|| ApiError::internal(format!("no attachment rules for {kind}")))
}
