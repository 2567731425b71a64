//! Disclosure records from a spreadsheet: the template and the import, through the
//! same checks as the JSON batch (`batch::apply`).

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::batch::{BatchItemStatus, BatchMode, ImportReport};
use api_types::disclosure::{ExecutionStatus, PartyKind};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::batch::{self, Sent};
use crate::auth::{perm, Authorized};
use crate::db::schema::{power_items, units};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::{Query, Upload};
use crate::http::write::WriteContext;
use crate::resources::audit_events::Change;
use crate::spreadsheet::export::{attachment, file_response};
use crate::spreadsheet::import::{self, ImportColumn, Kind, Outcome};
use crate::spreadsheet::XLSX;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(import_template).service(import_sheet);
}

/// The most rows one file may hold.
pub const MAX_IMPORT_ROWS: usize = 10_000;

const TITLE: &str = "行政处罚结果公开导入";

fn party_kinds() -> Vec<(&'static str, &'static str)> {
    PartyKind::ALL
        .iter()
        .map(|k| (k.label_zh(), k.as_str()))
        .collect()
}

fn execution_statuses() -> Vec<(&'static str, &'static str)> {
    ExecutionStatus::ALL
        .iter()
        .map(|s| (s.label_zh(), s.as_str()))
        .collect()
}

const fn col(
    header: &'static str,
    field: &'static str,
    required: bool,
    kind: Kind,
    hint: &'static str,
) -> ImportColumn {
    ImportColumn {
        header,
        field,
        required,
        kind,
        hint,
    }
}

/// The template's columns, in order.
pub const COLUMNS: &[ImportColumn] = &[
    col(
        "执法单位",
        "issuing_unit_id",
        true,
        Kind::Reference,
        "作出决定的单位：名称或单位代码，须在您的管辖范围内",
    ),
    col(
        "决定书文号",
        "document_number",
        true,
        Kind::Text,
        "如 新城管罚决字〔2026〕第15号，3–100 字；同一单位内不得重复",
    ),
    col("案由", "case_cause", true, Kind::Text, "最多 500 字"),
    col(
        "当事人类型",
        "party_kind",
        true,
        Kind::Choice(party_kinds),
        "自然人的姓名对外公开时隐去",
    ),
    col("当事人名称", "party_name", true, Kind::Text, "最多 200 字"),
    col(
        "统一社会信用代码",
        "party_credit_code",
        false,
        Kind::Text,
        "法人和其他组织填写，18 位",
    ),
    col(
        "身份证号",
        "party_id_number",
        false,
        Kind::Text,
        "自然人填写，18 位，不对外公开",
    ),
    col("处罚依据", "legal_basis", true, Kind::Text, "最多 2000 字"),
    col(
        "罚款金额（元）",
        "fine_fen",
        false,
        Kind::Money,
        "单位：元，最多两位小数",
    ),
    col(
        "没收金额（元）",
        "confiscated_fen",
        false,
        Kind::Money,
        "没收违法所得或非法财物的金额，单位：元",
    ),
    col(
        "其他处罚",
        "other_measures",
        false,
        Kind::Text,
        "警告、责令改正等，最多 1000 字",
    ),
    col(
        "执行情况",
        "execution_status",
        true,
        Kind::Choice(execution_statuses),
        "",
    ),
    col(
        "决定日期",
        "decision_date",
        true,
        Kind::Date,
        "如 2026-05-12",
    ),
    col(
        "权力事项编码",
        "power_item_id",
        false,
        Kind::Reference,
        "权责清单中的事项编码；填写后须填裁量阶次",
    ),
    col(
        "裁量阶次",
        "discretion_tier",
        false,
        Kind::Text,
        "裁量基准中的阶次代码",
    ),
    col(
        "超出裁量理由",
        "fine_justification",
        false,
        Kind::Text,
        "罚款超出阶次幅度时必填",
    ),
];

/// The `.xlsx` template for `POST /disclosure-records:import`: one header per column
/// (required ones marked `*`), drop-down lists for the fixed choices and a sheet
/// `填写说明` with each column's rules.
#[utoipa::path(
    tag = "disclosure",
    responses((status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>))
)]
#[get("/disclosure-records:import-template")]
async fn import_template(
    req: HttpRequest,
    _auth: Authorized<perm::DisclosureWrite>,
) -> Result<HttpResponse, ApiError> {
    let bytes = import::template(TITLE, COLUMNS)?;
    let file = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    std::fs::write(file.path(), bytes).map_err(ApiError::internal)?;
    file_response(
        &req,
        file,
        XLSX,
        attachment("disclosure-import-template", TITLE, "xlsx"),
    )
}

/// Query parameters of the import.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `each_record` (default) stores the valid rows and reports the others;
    /// `all_or_nothing` stores nothing unless every row is valid.
    pub mode: Option<BatchMode>,
    /// Publish the created records at once (publication date: today).
    pub publish: Option<bool>,
}

/// Import disclosure records from an `.xlsx` workbook in the template's layout or a
/// `.csv` table with the same headers (UTF-8 or GB18030), sent as the request body; at
/// most 10,000 rows. Each row is checked as a record sent to
/// `POST /disclosure-records:batch` and reported by its row number, with each rejected
/// cell named by its column. A row already stored with the same content is
/// `unchanged`, so a file can be imported again safely. A header row that does not
/// match the template, or a file that is not a table, refuses the whole file.
#[utoipa::path(
    tag = "disclosure",
    params(ImportParams),
    request_body(content(
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (String = "text/csv")
    )),
    responses(
        (status = 200, body = ImportReport),
        (status = 413, description = "The file is larger than the body limit"),
        (status = 415, description = "The file is not an .xlsx workbook or a .csv table"),
        (status = 422, description = "The header row does not match the template, or an all-or-nothing import has a rejected row: then a problem whose `report` member is the ImportReport", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[post("/disclosure-records:import")]
async fn import_sheet(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::DisclosureWrite>,
    params: Query<ImportParams>,
    file: Upload,
) -> Result<HttpResponse, ApiError> {
    let mode = params.0.mode.unwrap_or(BatchMode::EachRecord);
    let publish = params.0.publish.unwrap_or(false);
    let (table, file_sha256) = import::read_upload(file.0, MAX_IMPORT_ROWS).await?;
    let sent = serde_json::json!({ "mode": mode, "publish": publish, "file_sha256": file_sha256 });
    let response = ctx
        .run(&state, &sent, move |conn, principal| {
            let references = References::load(conn)?;
            let candidates = import::candidates(&table, COLUMNS, &|field, text| {
                references.resolve(field, text)
            })?;
            let rows: Vec<u32> = candidates.iter().map(|c| c.row).collect();
            let records: Vec<Sent> = candidates
                .into_iter()
                .map(|c| c.record.map(Value::Object))
                .collect();
            let applied = batch::apply(conn, principal, &records, publish)?;
            let all_or_nothing =
                applied.count(BatchItemStatus::Rejected) > 0 && mode == BatchMode::AllOrNothing;
            let outcomes = applied
                .results
                .iter()
                .map(|r| Outcome {
                    status: r.status,
                    id: r.id,
                    key: r.document_number.clone(),
                    problem: r.problem.clone(),
                })
                .collect();
            let report = import::report(mode, file_sha256.clone(), &rows, outcomes, COLUMNS);
            if all_or_nothing {
                return Err(import::refused(report));
            }
            let summary = Change::new(
                AuditAction::Import,
                ResourceKind::DisclosureRecord,
                "import",
            )
            .with_after(&serde_json::json!({
                "file_sha256": report.file_sha256,
                "mode": mode,
                "publish": publish,
                "rows_read": report.rows_read,
                "created": report.created,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
            }));
            applied.outcome(&report, Some(summary))
        })
        .await?;
    crate::db::refresh_statistics_after_bulk_write(&state.pool).await;
    Ok(response)
}

/// Codes and names a sheet may name a unit or a power item by.
struct References {
    units: HashMap<String, String>,
    power_items: HashMap<String, String>,
}

impl References {
    fn load(conn: &mut DbConnection) -> Result<References, ApiError> {
        let mut unit_refs = HashMap::new();
        let rows: Vec<(String, String, String)> = units::table
            .select((units::id, units::code, units::name))
            .load(conn)?;
        // A unit by its code, its name or (for other systems) its id; a name two units
        // share names neither (the row must give the code).
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        for (id, code, name) in rows {
            unit_refs.insert(code, id.clone());
            unit_refs.insert(id.clone(), id.clone());
            names
                .entry(name)
                .and_modify(|seen| *seen = None)
                .or_insert(Some(id));
        }
        for (name, id) in names {
            if let Some(id) = id {
                unit_refs.entry(name).or_insert(id);
            }
        }
        let items: Vec<(String, String)> = power_items::table
            .select((power_items::code, power_items::id))
            .load(conn)?;
        let mut item_refs = HashMap::new();
        for (code, id) in items {
            item_refs.insert(id.clone(), id.clone());
            item_refs.insert(code, id);
        }
        Ok(References {
            units: unit_refs,
            power_items: item_refs,
        })
    }

    fn resolve(&self, field: &str, text: &str) -> Option<Value> {
        let map = match field {
            "issuing_unit_id" => &self.units,
            "power_item_id" => &self.power_items,
            _ => return None,
        };
        map.get(text.trim()).map(|id| Value::String(id.clone()))
    }
}
