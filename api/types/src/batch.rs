//! Batch writes and spreadsheet imports: how a batch is applied and the per-row report
//! every import gives (the disclosure batch today, training rosters and case tables
//! later).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;

/// How a batch is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchMode {
    /// Every valid record is stored; invalid ones are reported.
    EachRecord,
    /// Nothing is stored unless every record is valid.
    AllOrNothing,
}

impl BatchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            BatchMode::EachRecord => "each_record",
            BatchMode::AllOrNothing => "all_or_nothing",
        }
    }
}

/// Outcome of one record of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchItemStatus {
    /// Stored now.
    Created,
    /// Already stored with the same content: nothing done.
    Unchanged,
    /// Rejected (see `problem`).
    Rejected,
    /// Valid, but not stored because another record of an all-or-nothing batch failed.
    NotApplied,
}

/// The answer to a spreadsheet import: one entry per data row, in sheet order. With
/// `all_or_nothing` and a rejected row it is the `report` member of a 422 problem and
/// nothing was stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub mode: BatchMode,
    /// Data rows read (blank rows are skipped).
    pub rows_read: u32,
    pub created: u32,
    pub unchanged: u32,
    pub rejected: u32,
    pub not_applied: u32,
    /// SHA-256 of the uploaded file (hex), as recorded in the audit trail.
    pub file_sha256: String,
    pub rows: Vec<ImportRow>,
}

/// What became of one row of an imported sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The row number as the spreadsheet program shows it (the header is row 1).
    pub row: u32,
    pub status: BatchItemStatus,
    /// The record stored or found unchanged.
    pub id: Option<Uuid>,
    /// The row's natural key (a disclosure's document number), to recognise it by.
    pub key: Option<String>,
    /// Why the row was rejected: one entry per offending cell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<CellError>,
}

/// One rejected cell of an imported row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CellError {
    /// The column's header as in the template (Chinese), when the error concerns one.
    pub column: Option<String>,
    /// The error as for any request: `field` is the record's field name.
    pub error: FieldError,
}
