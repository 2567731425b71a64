//! Spreadsheets, the tables bureau staff exchange every day: any list as `.xlsx`
//! ([`export`]) and tables read from `.xlsx` or `.csv` with a per-row report
//! ([`import`]). A resource plugs in with an `impl SheetExport` beside its listing and,
//! for imports, a column map beside its batch write; this module knows no resource.

pub mod export;
pub mod import;
pub mod names;

/// The media type of `.xlsx` workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of `.csv` tables.
pub const CSV: &str = "text/csv";

/// The largest sheet a spreadsheet program opens (rows after the header).
pub const MAX_ROWS: u32 = 1_048_575;

/// A cell value, as written to a workbook or read from a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A whole count (shown without decimals).
    Count(i64),
    /// An amount in fen, shown in yuan with two decimals.
    Money(i64),
    Date(chrono::NaiveDate),
    /// An instant, shown in the bureau's time zone.
    Time(chrono::DateTime<chrono::Utc>),
    /// Shown as 是 / 否.
    Flag(bool),
}

impl Cell {
    /// Text, or empty when `None`.
    pub fn text(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.into()))
    }

    /// An amount in fen, or empty when `None`.
    pub fn money(fen: Option<i64>) -> Cell {
        fen.map_or(Cell::Empty, Cell::Money)
    }

    /// A date, or empty when `None`.
    pub fn date(day: Option<chrono::NaiveDate>) -> Cell {
        day.map_or(Cell::Empty, Cell::Date)
    }
}
