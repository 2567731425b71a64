//! Tables read from `.xlsx` or `.csv`, turned into the JSON records a resource's batch
//! write takes, with every rejected cell named by row and column.
//!
//! A resource declares its columns ([`ImportColumn`]: the Chinese header, the record
//! field, whether it is required, how a cell becomes a value) and gives the records to
//! its own batch write, which validates each as if it came over REST; [`report`] turns
//! the outcome into the per-row [`ImportReport`]. The same columns write the template
//! ([`template`]), so the sheet staff fill in and the reader cannot drift apart.

use std::io::Cursor;

use api_types::batch::{BatchItemStatus, BatchMode, CellError, ImportReport, ImportRow};
use api_types::{ErrorCode, FieldError, Problem};
use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DataValidation, Format, FormatBorder, Workbook, XlsxError};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Cell, MAX_ROWS};
use crate::error::ApiError;

/// A table as read: its header row and its data rows (blank rows left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One data row and where it was in the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// The row number the spreadsheet program shows (the header is row 1).
    pub number: u32,
    pub cells: Vec<Cell>,
}

fn unreadable(detail: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::UnsupportedMediaType, detail)
}

/// Reads the first sheet of an `.xlsx` workbook or a `.csv` table (UTF-8, or GB18030 as
/// Excel saves it on Chinese Windows). The format is told from the bytes, not from the
/// name or the declared type.
pub fn read(bytes: &[u8]) -> Result<Table, ApiError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0";
    if bytes.starts_with(ZIP) {
        return read_xlsx(bytes);
    }
    if bytes.starts_with(OLE) {
        return Err(unreadable(
            "this is an old .xls workbook; save it as .xlsx (Excel 2007 or later) and upload again",
        ));
    }
    if bytes.contains(&0) || bytes.starts_with(b"%PDF") {
        return Err(unreadable(
            "the file is neither an .xlsx workbook nor a .csv table",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| unreadable("the .csv table is neither UTF-8 nor GB18030 text"))?
            .into_owned(),
    };
    read_csv(&text)
}

/// The most columns an imported sheet may use.
pub const MAX_COLUMNS: u32 = 64;
/// The most bytes the parts of an uploaded workbook may unpack to (a small zip can
/// declare gigabytes).
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

fn read_xlsx(bytes: &[u8]) -> Result<Table, ApiError> {
    // What the workbook unpacks to, from its directory, before anything is unpacked.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the workbook cannot be read: {e}")))?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|e| unreadable(format!("the workbook cannot be read: {e}")))?;
        unpacked = unpacked.saturating_add(part.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(ApiError::rule(
            "file",
            "too_large_unpacked",
            "the workbook unpacks to more than 256 MB",
        ));
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the workbook cannot be read: {e}")))?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable("the workbook has no sheet"))?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?;
    // Cells stream in row order; a sheet whose used range is absurd is refused by
    // position, never materialised as a grid.
    let mut lines: std::collections::BTreeMap<u32, Vec<Cell>> = std::collections::BTreeMap::new();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?
    {
        let (row, col) = cell.get_position();
        let value = cell_of(&Data::from(cell.get_value().clone()));
        if value == Cell::Empty {
            continue;
        }
        if col >= MAX_COLUMNS {
            return Err(ApiError::rule(
                "file",
                "too_many_columns",
                format!("at most {MAX_COLUMNS} columns"),
            ));
        }
        if row > MAX_ROWS {
            return Err(ApiError::rule(
                "file",
                "too_many_rows",
                format!("at most {MAX_ROWS} rows"),
            ));
        }
        let line = lines.entry(row).or_default();
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        if line.len() <= col {
            line.resize(col + 1, Cell::Empty);
        }
        line[col] = value;
    }
    let mut lines = lines.into_iter();
    let headers = lines
        .next()
        .map(|(_, cells)| {
            cells
                .iter()
                .map(cell_text)
                .map(|t| t.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let mut rows = Vec::new();
    for (row, cells) in lines {
        push_row(&mut rows, row + 1, cells)?;
    }
    Ok(Table { headers, rows })
}

fn read_csv(text: &str) -> Result<Table, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = Vec::new();
    let mut rows = Vec::new();
    for (number, record) in (1u32..).zip(reader.records()) {
        let record = record.map_err(|e| {
            unreadable(format!(
                "row {number} of the .csv table cannot be read: {e}"
            ))
        })?;
        if number == 1 {
            headers = record.iter().map(|h| h.trim().to_string()).collect();
            continue;
        }
        let cells = record
            .iter()
            .map(|v| {
                let v = v.trim();
                if v.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(v.to_string())
                }
            })
            .collect();
        push_row(&mut rows, number, cells)?;
    }
    Ok(Table { headers, rows })
}

fn push_row(rows: &mut Vec<TableRow>, number: u32, cells: Vec<Cell>) -> Result<(), ApiError> {
    if cells.iter().all(|c| *c == Cell::Empty) {
        return Ok(());
    }
    if number > MAX_ROWS {
        return Err(ApiError::rule(
            "file",
            "too_many_rows",
            format!("at most {MAX_ROWS} rows"),
        ));
    }
    rows.push(TableRow { number, cells });
    Ok(())
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(d) => d.to_string(),
        _ => String::new(),
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let t = s.trim();
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t.to_string())
            }
        }
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Flag(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => Cell::Date(at.date()),
            Some(at) => Cell::Text(at.format("%Y-%m-%d %H:%M:%S").to_string()),
            None => Cell::Text(dt.to_string()),
        },
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// A number as staff typed it: `15`, not `15.0`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// How a cell becomes a value of the record.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text (numbers are taken as typed: `15`, not `15.0`).
    Text,
    /// A day: a date cell, `2026-05-12`, `2026/5/12` or `2026年5月12日`.
    Date,
    /// Yuan with at most two decimals (`1,200.50`, `1200.5元`), stored in fen.
    Money,
    /// One of a fixed list, by its Chinese label or its wire value: `(label, value)`.
    Choice(fn() -> Vec<(&'static str, &'static str)>),
    /// A code the resource resolves to an id (a unit's code, a power item's code).
    Reference,
}

/// One column of an import template.
#[derive(Debug, Clone, Copy)]
pub struct ImportColumn {
    /// The header (Chinese); a trailing `*` in the sheet marks it required and is ignored.
    pub header: &'static str,
    /// The record's field.
    pub field: &'static str,
    pub required: bool,
    pub kind: Kind,
    /// What to write, for the template's instructions sheet.
    pub hint: &'static str,
}

/// One row turned into a record, or the errors of its cells.
pub struct Candidate {
    pub row: u32,
    pub record: Result<Map<String, Value>, Vec<FieldError>>,
}

/// Turns `cells` into the field values of `columns`. `resolve` maps a
/// [`Kind::Reference`] cell (field, text) to its value, or `None` when unknown.
pub fn candidates(
    table: &Table,
    columns: &[ImportColumn],
    resolve: &dyn Fn(&str, &str) -> Option<Value>,
) -> Result<Vec<Candidate>, ApiError> {
    let positions = match_headers(&table.headers, columns)?;
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut record = Map::new();
        let mut errors = Vec::new();
        for (column, position) in columns.iter().zip(&positions) {
            let cell = position
                .and_then(|p| row.cells.get(p))
                .unwrap_or(&Cell::Empty);
            if *cell == Cell::Empty {
                if column.required {
                    errors.push(FieldError::new(
                        column.field,
                        "required",
                        "this cell must be filled in",
                    ));
                }
                continue;
            }
            match convert(column, cell, resolve) {
                Ok(value) => {
                    record.insert(column.field.to_string(), value);
                }
                Err(e) => errors.push(e),
            }
        }
        out.push(Candidate {
            row: row.number,
            record: if errors.is_empty() {
                Ok(record)
            } else {
                Err(errors)
            },
        });
    }
    Ok(out)
}

/// Where each column is in the sheet; an unknown or repeated header, or a required
/// column missing, refuses the whole file (422 naming the headers).
fn match_headers(
    headers: &[String],
    columns: &[ImportColumn],
) -> Result<Vec<Option<usize>>, ApiError> {
    let mut positions = vec![None; columns.len()];
    let mut errors = Vec::new();
    let (mut unknown, mut missing, mut repeated) = (Vec::new(), Vec::new(), Vec::new());
    for (index, raw) in headers.iter().enumerate() {
        let name = raw.trim().trim_end_matches(['*', '＊']).trim();
        if name.is_empty() {
            continue;
        }
        match columns.iter().position(|c| same_header(c.header, name)) {
            Some(c) if positions[c].is_some() => {
                repeated.push(name.to_string());
                errors.push(FieldError::new(
                    "header",
                    "duplicate_column",
                    format!("the column {name} appears twice"),
                ));
            }
            Some(c) => positions[c] = Some(index),
            None => {
                unknown.push(name.to_string());
                errors.push(FieldError::new(
                    "header",
                    "unknown_column",
                    format!("the column {name} is not in the template"),
                ));
            }
        }
    }
    for (column, position) in columns.iter().zip(&positions) {
        if column.required && position.is_none() {
            missing.push(column.header.to_string());
            errors.push(FieldError::new(
                "header",
                "missing_column",
                format!("the column {} is missing", column.header),
            ));
        }
    }
    if errors.is_empty() {
        Ok(positions)
    } else {
        let mut err = ApiError::rules(errors);
        err.detail = Some("the header row does not match the template; download the template and copy the rows into it".into());
        // The headers by name, for a client to say which.
        let named =
            serde_json::json!({ "unknown": unknown, "missing": missing, "repeated": repeated });
        Err(err.with_extension("columns", named))
    }
}

/// Headers compare without spaces and with `()` as `（）`, as staff type them either way.
fn same_header(template: &str, sheet: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                other => other,
            })
            .collect()
    };
    norm(template) == norm(sheet)
}

fn convert(
    column: &ImportColumn,
    cell: &Cell,
    resolve: &dyn Fn(&str, &str) -> Option<Value>,
) -> Result<Value, FieldError> {
    let text = || match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(d) => d.to_string(),
        Cell::Flag(b) => (if *b { "是" } else { "否" }).to_string(),
        Cell::Count(n) | Cell::Money(n) => n.to_string(),
        Cell::Time(at) => at.to_rfc3339(),
        Cell::Empty => String::new(),
    };
    match column.kind {
        Kind::Text => Ok(Value::String(text())),
        Kind::Date => date_of(cell)
            .map(|d| Value::String(d.to_string()))
            .ok_or_else(|| {
                FieldError::new(
                    column.field,
                    "invalid_date",
                    "must be a date like 2026-05-12",
                )
            }),
        Kind::Money => fen_of(cell).map(Value::from).ok_or_else(|| {
            FieldError::new(
                column.field,
                "invalid_amount",
                "must be an amount in yuan with at most two decimals, like 1200.50",
            )
        }),
        Kind::Choice(choices) => {
            let t = text();
            let choices = choices();
            choices
                .iter()
                .find(|(label, value)| *label == t || *value == t)
                .map(|(_, value)| Value::String((*value).to_string()))
                .ok_or_else(|| {
                    let labels: Vec<&str> = choices.iter().map(|(label, _)| *label).collect();
                    FieldError::new(
                        column.field,
                        "unknown_choice",
                        format!("must be one of {}", labels.join("、")),
                    )
                })
        }
        Kind::Reference => {
            let t = text();
            resolve(column.field, &t).ok_or_else(|| {
                FieldError::new(
                    column.field,
                    "unknown_reference",
                    format!("{t} is not known here"),
                )
            })
        }
    }
}

fn date_of(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        // A day serial, as a date typed into a cell formatted as a number.
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=2_958_465.0).contains(n) => {
            #[allow(clippy::cast_possible_truncation)]
            let days = *n as i64;
            NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
        }
        Cell::Text(t) => {
            let t = t.trim();
            ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
                .filter(|d| (1900..=2100).contains(&d.year()))
        }
        _ => None,
    }
}

/// Fen of an amount in yuan; `None` unless it has at most two decimals.
fn fen_of(cell: &Cell) -> Option<i64> {
    let text = match cell {
        Cell::Number(n) => format!("{n}"),
        Cell::Text(t) => t.clone(),
        _ => return None,
    };
    let cleaned: String = text
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥'))
        .collect();
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    let fen = whole.checked_mul(100)?.checked_add(fraction)?;
    Some(if negative { -fen } else { fen })
}

/// What the batch write made of one candidate.
pub struct Outcome {
    pub status: BatchItemStatus,
    pub id: Option<Uuid>,
    pub key: Option<String>,
    pub problem: Option<Problem>,
}

/// The per-row report of an import: `outcomes` are in the order of `rows` (the sheet's
/// row numbers); each error names its column by the template's header.
pub fn report(
    mode: BatchMode,
    file_sha256: String,
    rows: &[u32],
    outcomes: Vec<Outcome>,
    columns: &[ImportColumn],
) -> ImportReport {
    let header_of = |field: &str| {
        columns
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.header.to_string())
    };
    let count = |status: BatchItemStatus, outcomes: &[Outcome]| {
        u32::try_from(outcomes.iter().filter(|o| o.status == status).count()).unwrap_or(u32::MAX)
    };
    let mut report = ImportReport {
        mode,
        rows_read: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        created: count(BatchItemStatus::Created, &outcomes),
        unchanged: count(BatchItemStatus::Unchanged, &outcomes),
        rejected: count(BatchItemStatus::Rejected, &outcomes),
        not_applied: count(BatchItemStatus::NotApplied, &outcomes),
        file_sha256,
        rows: Vec::with_capacity(rows.len()),
    };
    for (row, outcome) in rows.iter().zip(outcomes) {
        let errors = match outcome.problem {
            None => Vec::new(),
            Some(problem) if problem.errors.is_empty() => vec![CellError {
                column: None,
                error: FieldError::new(
                    "",
                    problem.code.as_str(),
                    problem.detail.unwrap_or(problem.title),
                ),
            }],
            Some(problem) => problem
                .errors
                .into_iter()
                .map(|error| CellError {
                    column: header_of(&error.field),
                    error,
                })
                .collect(),
        };
        report.rows.push(ImportRow {
            row: *row,
            status: outcome.status,
            id: outcome.id,
            key: outcome.key,
            errors,
        });
    }
    report
}

/// An uploaded file read as a table off the async executor, with the SHA-256 of its
/// bytes (what the audit trail records); a file of more than `max_rows` data rows is
/// refused at `file`.
pub async fn read_upload(
    bytes: actix_web::web::Bytes,
    max_rows: usize,
) -> Result<(Table, String), ApiError> {
    use sha2::{Digest, Sha256};
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    let table = actix_web::web::block(move || read(&bytes))
        .await
        .map_err(ApiError::internal)??;
    if table.rows.len() > max_rows {
        return Err(ApiError::rule(
            "file",
            "too_many_rows",
            format!("at most {max_rows} rows per file; split it"),
        ));
    }
    Ok((table, file_sha256))
}

/// The answer of an `all_or_nothing` import with a rejected row: 422 naming every
/// rejected cell as `rows[<row>].<field>`, with the report (its created rows marked
/// `not_applied`) as the problem's `report` member. Returning it rolls the whole write
/// back.
pub fn refused(mut report: ImportReport) -> ApiError {
    for row in &mut report.rows {
        if row.status == BatchItemStatus::Created {
            row.status = BatchItemStatus::NotApplied;
            row.id = None;
        }
    }
    report.not_applied += report.created;
    report.created = 0;
    let errors = report
        .rows
        .iter()
        .flat_map(|row| {
            row.errors.iter().map(move |e| FieldError {
                field: format!("rows[{}].{}", row.row, e.error.field),
                ..e.error.clone()
            })
        })
        .collect();
    let mut err = ApiError::rules(errors);
    err.detail = Some(format!(
        "{} of {} rows are invalid; nothing was stored",
        report.rejected, report.rows_read
    ));
    match serde_json::to_value(&report) {
        Ok(value) => err.with_extension("report", value),
        Err(e) => ApiError::internal(e),
    }
}

/// The template workbook of `columns`: the header row (required columns marked `*`),
/// drop-down lists for choices, date and amount formats on the first 10,000 rows, and an
/// instructions sheet `填写说明`.
pub fn template(title: &str, columns: &[ImportColumn]) -> Result<Vec<u8>, ApiError> {
    build_template(title, columns)
        .map_err(|e| ApiError::internal(format!("writing the template failed: {e}")))
}

fn build_template(title: &str, columns: &[ImportColumn]) -> Result<Vec<u8>, XlsxError> {
    const ROWS: u32 = 10_000;
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color("D9E2F3")
        .set_border_bottom(FormatBorder::Thin);
    let required = header.clone().set_font_color("C00000");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("0.00");
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(title)?;
    for (col, c) in (0u16..).zip(columns) {
        let (name, format) = if c.required {
            (format!("{}*", c.header), &required)
        } else {
            (c.header.to_string(), &header)
        };
        sheet.write_string_with_format(0, col, &name, format)?;
        sheet.set_column_width(col, (c.header.chars().count() * 2 + 4).max(12) as f64)?;
        match c.kind {
            Kind::Date => {
                sheet.set_column_format(col, &date)?;
            }
            Kind::Money => {
                sheet.set_column_format(col, &money)?;
            }
            // Codes and document numbers stay text: no 1.2E+17 for a credit code.
            Kind::Text | Kind::Reference => {
                sheet.set_column_format(col, &text)?;
            }
            Kind::Choice(choices) => {
                let labels: Vec<&str> = choices().iter().map(|(label, _)| *label).collect();
                let validation = DataValidation::new().allow_list_strings(&labels)?;
                sheet.add_data_validation(1, col, ROWS, col, &validation)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let help = book.add_worksheet();
    help.set_name("填写说明")?;
    for (col, (name, width)) in
        (0u16..).zip([("列名", 20.0), ("是否必填", 10.0), ("填写要求", 70.0)])
    {
        help.write_string_with_format(0, col, name, &header)?;
        help.set_column_width(col, width)?;
    }
    for (row, c) in (1u32..).zip(columns) {
        help.write_string(row, 0, c.header)?;
        help.write_string(row, 1, if c.required { "必填" } else { "选填" })?;
        let mut hint = c.hint.to_string();
        if let Kind::Choice(choices) = c.kind {
            let labels: Vec<&str> = choices().iter().map(|(label, _)| *label).collect();
            hint = format!("{hint}（可选：{}）", labels.join("、"));
        }
        help.write_string(row, 2, &hint)?;
    }
    let note_row = u32::try_from(columns.len()).unwrap_or(0) + 2;
    help.write_string(
        note_row,
        0,
        "第一行是列名，请勿修改；从第二行起每行一条记录。空行会被跳过。",
    )?;
    book.save_to_buffer()
}
