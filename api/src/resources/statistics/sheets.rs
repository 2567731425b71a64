//! Statistics as `.xlsx`: the region table of a period (one row per county bureau and
//! the region total) and one report (one row per figure, entered beside computed).

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::AuditAction;
use api_types::statistics::StatisticsReport;
use api_types::statistics::{ColumnKind, RegionRow, StatisticsStatus, TemplateColumn, Timeliness};
use api_types::FieldError;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::model;
use super::region::{region, RegionParams};
use super::reports::{checked, Step, EDITABLE};
use crate::auth::{perm, Authorized, Permission};
use crate::error::ApiError;
use crate::http::extract::{PathId, Query, Upload};
use crate::http::middleware::RequestId;
use crate::http::write::WriteContext;
use crate::spreadsheet::export::{column, respond_with, rows_workbook, Column};
use crate::spreadsheet::import::{self, Table};
use crate::spreadsheet::Cell;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(region_xlsx)
        .service(report_xlsx)
        .service(import_report);
}

/// The headers of a report's sheet that an import reads.
const KEY_HEADER: &str = "栏目代码";
const VALUE_HEADER: &str = "填报数";

/// The figures of a filled report sheet (the one `GET …:xlsx` gives), or every cell
/// that is not a figure, named `rows[<row>].填报数`. Rows without a value are left out.
fn figures_of(table: &Table) -> Result<Vec<(u32, String, f64)>, ApiError> {
    let at = |name: &str| table.headers.iter().position(|h| h.trim() == name);
    let (Some(key_at), Some(value_at)) = (at(KEY_HEADER), at(VALUE_HEADER)) else {
        return Err(ApiError::rule(
            "file",
            "missing_column",
            format!("the sheet needs the columns {KEY_HEADER} and {VALUE_HEADER}: download the report as .xlsx and fill that in"),
        ));
    };
    let mut figures = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let key = match row.cells.get(key_at) {
            Some(Cell::Text(t)) => t.trim().to_string(),
            _ => String::new(),
        };
        let value = match row.cells.get(value_at) {
            None | Some(Cell::Empty) => continue,
            Some(Cell::Number(n)) => Some(*n),
            #[allow(clippy::cast_precision_loss)]
            Some(Cell::Count(n)) => Some(*n as f64),
            Some(Cell::Text(t)) => t.trim().replace(',', "").parse::<f64>().ok(),
            Some(_) => None,
        };
        let field = format!("rows[{}].{VALUE_HEADER}", row.number);
        match value {
            Some(v) if !key.is_empty() => figures.push((row.number, key, v)),
            Some(_) => errors.push(FieldError::new(
                field.replace(VALUE_HEADER, KEY_HEADER),
                "required",
                "the figure's key is missing",
            )),
            None => errors.push(FieldError::new(field, "invalid_amount", "must be a number")),
        }
    }
    if errors.is_empty() {
        Ok(figures)
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Fill a draft or returned report from its filled `.xlsx` sheet (`If-Match`; the
/// file as the request body). The figures replace those entered; each refused cell is
/// named by its row (`rows[7].填报数`) and nothing is changed.
#[utoipa::path(
    tag = "statistics",
    params(("id" = Uuid, Path, description = "Report id"), ("If-Match" = String, Header, description = "ETag of the version being filled")),
    request_body(description = "The report's sheet with 填报数 filled in", content(
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (String = "text/csv")
    )),
    responses(
        (status = 200, body = StatisticsReport),
        (status = 415, description = "The file is not an .xlsx workbook or a .csv table")
    )
)]
#[post("/statistics/reports/{id}:import")]
async fn import_report(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::StatisticsWrite>,
    id: PathId,
    file: Upload,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let bytes = file.0;
    let sent = serde_json::json!({ "file_sha256": hex::encode(Sha256::digest(&bytes)) });
    let table = web::block(move || import::read(&bytes))
        .await
        .map_err(ApiError::internal)??;
    let figures = figures_of(&table)?;
    ctx.run(&state, &sent, move |conn, principal| {
        let step = Step {
            permission: Permission::StatisticsWrite,
            allowed: EDITABLE,
            refused: "only a draft or returned report can be filled in",
            action: AuditAction::Import,
        };
        super::reports::step(conn, principal, id.0, expected, step, |_, row, template| {
            let definition = template.definition()?;
            let rows: BTreeMap<String, u32> =
                figures.iter().map(|(n, k, _)| (k.clone(), *n)).collect();
            let values: BTreeMap<String, f64> =
                figures.iter().map(|(_, k, v)| (k.clone(), *v)).collect();
            let errors: Vec<FieldError> = model::check_figures(&definition, &values, false)
                .into_iter()
                .map(|mut e| {
                    let key = e.field.trim_start_matches("values.").to_string();
                    if let Some(n) = rows.get(&key) {
                        e.field = format!("rows[{n}].{VALUE_HEADER}");
                    }
                    e
                })
                .collect();
            checked(errors)?;
            row.figures = serde_json::to_string(&values).map_err(ApiError::internal)?;
            Ok(())
        })
    })
    .await
}

/// Whether a report came by its due date, in the words of a statistics desk.
fn timeliness_zh(t: Timeliness) -> &'static str {
    match t {
        Timeliness::OnTime => "按时报送",
        Timeliness::Late => "逾期报送",
        Timeliness::Overdue => "逾期未报",
        Timeliness::Pending => "待报送",
    }
}

fn figure_cell(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, Cell::Number)
}

fn header(c: &TemplateColumn) -> String {
    format!("{}（{}）", c.label, c.unit)
}

/// The region table as a workbook: every county bureau's status and, once accepted,
/// its figures; the last row the region total of the accepted reports.
#[utoipa::path(
    tag = "statistics",
    params(RegionParams),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/statistics/region:xlsx")]
async fn region_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::StatisticsRegionRead>,
    request_id: RequestId,
    params: Query<RegionParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.0;
    respond_with(
        &state,
        &req,
        auth.principal,
        &request_id,
        "statistics-region",
        move |conn, _| {
            let table = region(conn, &params)?;
            let mut rows = table.rows.clone();
            rows.push(RegionRow {
                unit_id: Uuid::nil(),
                unit_name: "全市合计（已审核）".into(),
                report_id: None,
                status: None,
                timeliness: Timeliness::OnTime,
                flagged: false,
                values: table.totals.clone(),
            });
            let mut columns: Vec<Column<RegionRow>> = vec![
                column("填报单位", 28.0, |r: &RegionRow| {
                    Cell::Text(r.unit_name.clone())
                }),
                column("状态", 10.0, |r: &RegionRow| {
                    match (r.status, r.unit_id.is_nil()) {
                        (_, true) => Cell::Empty,
                        (Some(s), _) => Cell::Text(s.label_zh().into()),
                        (None, _) => Cell::Text("未填报".into()),
                    }
                }),
                column("报送情况", 10.0, |r: &RegionRow| {
                    if r.unit_id.is_nil() {
                        Cell::Empty
                    } else {
                        Cell::Text(timeliness_zh(r.timeliness).into())
                    }
                }),
                column("与公示不一致", 10.0, |r: &RegionRow| {
                    if r.unit_id.is_nil() {
                        Cell::Empty
                    } else {
                        Cell::Flag(r.flagged)
                    }
                }),
            ];
            for c in table.template.definition.columns() {
                let key = c.key.clone();
                columns.push(column(header(c), 14.0, move |r: &RegionRow| {
                    figure_cell(r.values.get(&key).copied())
                }));
            }
            let title = format!("{}（{}）", table.template.name, table.period);
            Ok((rows_workbook(&title, &columns, &rows)?, title))
        },
    )
    .await
}

/// One row of a report's sheet.
struct FigureRow {
    section: String,
    column: TemplateColumn,
    entered: Option<f64>,
    computed: Option<f64>,
}

/// One report as a workbook: each figure with its unit, the entered value, the value
/// the system computes and the difference.
#[utoipa::path(
    tag = "statistics",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/statistics/reports/{id}:xlsx")]
async fn report_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::StatisticsRead>,
    request_id: RequestId,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    respond_with(
        &state,
        &req,
        auth.principal,
        &request_id,
        "statistics-report",
        move |conn, principal| {
            let row = model::find(conn, &id.0.to_string())?;
            principal.require_unit(conn, Permission::StatisticsRead, &row.unit_id)?;
            let template = model::find_template(conn, &row.template_id)?;
            let report = model::dto(conn, &row, &template)?;
            let definition = template.definition()?;
            let unit_name = crate::spreadsheet::names::units(conn)?
                .get(&report.unit_id)
                .cloned()
                .unwrap_or_default();
            let values: &BTreeMap<String, f64> = &report.values;
            let rows: Vec<FigureRow> = definition
                .sections
                .iter()
                .flat_map(|s| s.columns.iter().map(move |c| (s.title.clone(), c.clone())))
                .map(|(section, c)| FigureRow {
                    entered: if c.kind == ColumnKind::Manual {
                        values.get(&c.key).copied()
                    } else {
                        None
                    },
                    computed: report.derived.get(&c.key).copied(),
                    section,
                    column: c,
                })
                .collect();
            let columns: Vec<Column<FigureRow>> = vec![
                column("分类", 14.0, |r: &FigureRow| {
                    Cell::Text(r.section.clone())
                }),
                column("栏目", 30.0, |r: &FigureRow| {
                    Cell::Text(r.column.label.clone())
                }),
                column("栏目代码", 20.0, |r: &FigureRow| {
                    Cell::Text(r.column.key.clone())
                }),
                column("计量单位", 8.0, |r: &FigureRow| {
                    Cell::Text(r.column.unit.clone())
                }),
                column("填报数", 14.0, |r: &FigureRow| figure_cell(r.entered)),
                column("系统核算", 14.0, |r: &FigureRow| {
                    figure_cell(r.computed)
                }),
                column("差异", 12.0, |r: &FigureRow| {
                    match (r.entered, r.computed) {
                        (Some(e), Some(c)) if r.column.kind == ColumnKind::Manual => {
                            Cell::Number(model::round(e - c, 2))
                        }
                        _ => Cell::Empty,
                    }
                }),
                column("说明", 40.0, |r: &FigureRow| {
                    Cell::Text(r.column.description.clone())
                }),
            ];
            let status = if report.status == StatisticsStatus::Accepted {
                "已审核"
            } else {
                report.status.label_zh()
            };
            let title = format!(
                "{}{}{}（{}）",
                unit_name, report.period, template.name, status
            );
            Ok((rows_workbook(&title, &columns, &rows)?, title))
        },
    )
    .await
}
