//! Lists as `.xlsx`: `GET /api/v1/<list>:xlsx` answers a workbook of every row the list
//! would show for the same filters and sort (its page bounds ignored).
//!
//! The rows are read in batches from one snapshot through the list pipeline
//! (`db::list::each_batch`) and written to a constant-memory worksheet, which flushes
//! each row to a temporary file as soon as the next begins; the finished workbook is
//! a temporary file streamed to the client. So a 100,000-row export holds one batch of
//! rows in memory, not the sheet. The export is recorded in the audit trail.

use actix_files::NamedFile;
use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, MAX_ROWS, XLSX};
use crate::auth::{Actor, Principal};
use crate::db::list::{each_batch, Listing};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::extract::{ListFilter, ListQuery};
use crate::http::middleware::RequestId;
use crate::http::write;
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

/// Rows read from the database per query.
pub const BATCH: i64 = 2_000;

/// One column of an exported sheet.
pub struct Column<T> {
    /// The header (Chinese, as staff name the field; a template's own label).
    pub header: std::borrow::Cow<'static, str>,
    /// Width in characters.
    pub width: f64,
    pub value: Box<dyn Fn(&T) -> Cell>,
}

/// `Column { header, width, value }`.
pub fn column<T>(
    header: impl Into<std::borrow::Cow<'static, str>>,
    width: f64,
    value: impl Fn(&T) -> Cell + 'static,
) -> Column<T> {
    Column {
        header: header.into(),
        width,
        value: Box::new(value),
    }
}

/// A listing that can be downloaded as a workbook.
pub trait SheetExport: Listing {
    /// The sheet's title: sheet name and (Chinese) file name, e.g. `行政处罚结果公开`.
    const TITLE: &'static str;
    /// The ASCII file name stem for clients that cannot read the Chinese one.
    const FILE_STEM: &'static str;

    /// The columns; they may capture what they show besides the item (unit names).
    fn sheet_columns(
        conn: &mut DbConnection,
        context: &Self::Context,
    ) -> Result<Vec<Column<Self::Item>>, ApiError>;
}

/// The cell formats of one workbook.
struct Formats {
    header: Format,
    date: Format,
    time: Format,
    money: Format,
    count: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color("D9E2F3")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Center),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            money: Format::new().set_num_format("#,##0.00"),
            count: Format::new().set_num_format("0"),
        }
    }
}

fn sheet_error(err: XlsxError) -> ApiError {
    ApiError::internal(format!("writing the workbook failed: {err}"))
}

/// Writes `cell` at (`row`, `col`).
fn write_cell(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string(row, col, fit(text))?;
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Cell::Count(n) => {
            // Counts far beyond 2^53 do not occur in these lists.
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(row, col, *n as f64, &formats.count)?;
        }
        Cell::Money(fen) => {
            #[allow(clippy::cast_precision_loss)]
            let yuan = *fen as f64 / 100.0;
            sheet.write_number_with_format(row, col, yuan, &formats.money)?;
        }
        Cell::Date(day) => {
            sheet.write_datetime_with_format(row, col, day, &formats.date)?;
        }
        Cell::Time(at) => {
            let local = at.with_timezone(&time::BUREAU_TZ).naive_local();
            sheet.write_datetime_with_format(row, col, local, &formats.time)?;
        }
        Cell::Flag(flag) => {
            sheet.write_string(row, col, if *flag { "是" } else { "否" })?;
        }
    }
    Ok(())
}

/// The most characters a cell holds.
const CELL_CHARS: usize = 32_767;

/// `text`, cut to what a cell holds (long audit payloads) with `…` at the end.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(CELL_CHARS - 1) {
        None => text.into(),
        Some((end, _)) => format!("{}…", &text[..end]).into(),
    }
}

/// Writes the header row of `columns`, frozen, with a filter.
pub fn write_header<T>(
    sheet: &mut Worksheet,
    columns: &[Column<T>],
    header: &Format,
) -> Result<(), XlsxError> {
    for (col, c) in (0u16..).zip(columns) {
        sheet.set_column_width(col, c.width)?;
        sheet.write_string_with_format(0, col, &*c.header, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook of every row of listing `L` for `query`, as a temporary file.
pub fn workbook<L: SheetExport>(
    conn: &mut DbConnection,
    query: &ListQuery<L::Filter>,
    context: &L::Context,
) -> Result<(tempfile::NamedTempFile, u32), ApiError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let sheet = book
        .add_worksheet_with_constant_memory()
        .map_err(sheet_error)?;
    sheet.set_name(L::TITLE).map_err(sheet_error)?;
    let mut row = 0u32;
    let mut columns = Vec::new();
    db::read_snapshot(conn, |conn| {
        columns = L::sheet_columns(conn, context)?;
        write_header(sheet, &columns, &formats.header).map_err(sheet_error)?;
        each_batch::<L>(conn, query, context, BATCH, |items| {
            for item in &items {
                if row >= MAX_ROWS {
                    return Err(ApiError::rule(
                        "q",
                        "too_many_rows",
                        format!("more than {MAX_ROWS} rows match; narrow the filter"),
                    ));
                }
                row += 1;
                for (col, c) in (0u16..).zip(&columns) {
                    write_cell(sheet, &formats, row, col, &(c.value)(item)).map_err(sheet_error)?;
                }
            }
            Ok(())
        })
    })?;
    if row > 0 {
        let last = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        sheet.autofilter(0, 0, row, last).map_err(sheet_error)?;
    }
    let file = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    book.save(file.path()).map_err(sheet_error)?;
    Ok((file, row))
}

/// A workbook of `items` already in memory (a report, a region table: tens of rows),
/// with the same header, formats and filter as a list's.
pub fn rows_workbook<T>(
    title: &str,
    columns: &[Column<T>],
    items: &[T],
) -> Result<tempfile::NamedTempFile, ApiError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // A sheet name holds at most 31 characters and none of `[]:*?/\`.
    let name: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(name).map_err(sheet_error)?;
    write_header(sheet, columns, &formats.header).map_err(sheet_error)?;
    for (row, item) in (1u32..).zip(items) {
        for (col, c) in (0u16..).zip(columns) {
            write_cell(sheet, &formats, row, col, &(c.value)(item)).map_err(sheet_error)?;
        }
    }
    let file = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    book.save(file.path()).map_err(sheet_error)?;
    Ok(file)
}

/// `attachment; filename="<ascii>.xlsx"; filename*=UTF-8''<title>.xlsx`.
pub fn attachment(ascii_stem: &str, title: &str, extension: &str) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(format!("{ascii_stem}.{extension}")),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: format!("{title}.{extension}").into_bytes(),
            }),
        ],
    }
}

/// Answers with the file `file`: `content_type`, not cached, as a download.
pub fn file_response(
    req: &HttpRequest,
    file: tempfile::NamedTempFile,
    content_type: &str,
    disposition: ContentDisposition,
) -> Result<HttpResponse, ApiError> {
    // The open handle keeps the bytes readable after the name is removed on drop.
    let handle = file.reopen().map_err(ApiError::internal)?;
    let named = NamedFile::from_file(handle, file.path())
        .map_err(ApiError::internal)?
        .set_content_type(content_type.parse().map_err(ApiError::internal)?)
        .set_content_disposition(disposition)
        .use_etag(false)
        .use_last_modified(false)
        .prefer_utf8(true);
    drop(file);
    let mut response = named.into_response(req);
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// The whole `GET …:xlsx` handler body: checks the export slot, records the export in
/// the audit trail, builds the context with the caller's scope (`context`), writes the
/// workbook on a blocking thread and streams it.
pub async fn respond<L, C>(
    state: &AppState,
    req: &HttpRequest,
    principal: Principal,
    request_id: &RequestId,
    query: ListQuery<L::Filter>,
    context: C,
) -> Result<HttpResponse, ApiError>
where
    L: SheetExport + 'static,
    L::Filter: ListFilter + Send + 'static,
    C: FnOnce(&mut DbConnection, &Principal) -> Result<L::Context, ApiError> + Send + 'static,
{
    respond_with(
        state,
        req,
        principal,
        request_id,
        L::FILE_STEM,
        move |conn, principal| {
            let context = context(conn, principal)?;
            let (file, _rows) = workbook::<L>(conn, &query, &context)?;
            Ok((file, L::TITLE.to_string()))
        },
    )
    .await
}

/// The body of any `.xlsx` download: checks the export slot, records the export (named
/// `stem`) in the audit trail, runs `build` (which checks what the caller may read and
/// answers the file and its Chinese title) and streams the file.
pub async fn respond_with<B>(
    state: &AppState,
    req: &HttpRequest,
    principal: Principal,
    request_id: &RequestId,
    stem: &'static str,
    build: B,
) -> Result<HttpResponse, ApiError>
where
    B: FnOnce(&mut DbConnection, &Principal) -> Result<(tempfile::NamedTempFile, String), ApiError>
        + Send
        + 'static,
{
    let _permit = state.export_slot()?;
    let addr = crate::auth::principal::client_addr(req, state.config.trust_forwarded_for);
    let actor = Actor::of(&principal, request_id, &addr);
    let filter =
        serde_json::json!({ "format": "xlsx", "path": req.path(), "query": req.query_string() });
    let change = Change::new(AuditAction::Export, ResourceKind::Export, stem).with_after(&filter);
    let (file, title) = db::run(&state.pool, move |conn| {
        let built = build(conn, &principal)?;
        write::audited(conn, &actor, |_| Ok(((), vec![change])))?;
        Ok(built)
    })
    .await?;
    file_response(req, file, XLSX, attachment(stem, &title, "xlsx"))
}
