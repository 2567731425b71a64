//! Questions from a spreadsheet: the template (one row a question, the answer letters in
//! one column) and the import, each row checked as `POST /questions` checks a question.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::batch::{BatchItemStatus, BatchMode, ImportReport};
use api_types::quizzes::{Blank, LegalReference, QuestionContent, QuestionKind, QuestionOption};
use api_types::ErrorCode;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;
use validator::Validate;

use super::list::category_paths;
use super::model::{self, QuestionRow};
use super::questions::insert;
use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::questions;
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::extract::{Query, Upload};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::spreadsheet::export::{attachment, file_response};
use crate::spreadsheet::import::{self, ImportColumn, Kind};
use crate::spreadsheet::XLSX;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(question_import_template)
        .service(import_question_sheet);
}

/// The most rows one file may hold.
pub const MAX_IMPORT_ROWS: usize = 2_000;

const TITLE: &str = "试题导入";

fn kinds() -> Vec<(&'static str, &'static str)> {
    QuestionKind::ALL
        .iter()
        .map(|k| (k.label_zh(), k.as_str()))
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

const OPTION_FIELDS: [&str; 8] = [
    "option_a", "option_b", "option_c", "option_d", "option_e", "option_f", "option_g", "option_h",
];

/// The template's columns, in order.
pub const COLUMNS: &[ImportColumn] = &[
    col(
        "分类",
        "category_id",
        true,
        Kind::Reference,
        "题库中的分类：名称，或从顶层起以 / 分隔的路径（如 行政处罚法/总则）",
    ),
    col("题型", "kind", true, Kind::Choice(kinds), ""),
    col(
        "题干",
        "stem",
        true,
        Kind::Text,
        "最多 2000 字；填空题用 ____（三个以上下划线）标出每个空",
    ),
    col("选项A", "option_a", false, Kind::Text, "单选题、多选题填写，2–8 个选项，依次填写"),
    col("选项B", "option_b", false, Kind::Text, ""),
    col("选项C", "option_c", false, Kind::Text, ""),
    col("选项D", "option_d", false, Kind::Text, ""),
    col("选项E", "option_e", false, Kind::Text, ""),
    col("选项F", "option_f", false, Kind::Text, ""),
    col("选项G", "option_g", false, Kind::Text, ""),
    col("选项H", "option_h", false, Kind::Text, ""),
    col(
        "答案",
        "answer",
        false,
        Kind::Text,
        "选择题填字母（如 A 或 ACD）；判断题填 正确 或 错误；填空题各空以 ； 分隔，同一空的多个答案以 | 分隔；简答题填参考答案（可不填）",
    ),
    col("解析", "explanation", false, Kind::Text, "最多 2000 字"),
    col("法律依据", "law", false, Kind::Text, "如《中华人民共和国行政处罚法》"),
    col("条款", "article", false, Kind::Text, "如 第三十二条"),
    col("标签", "tags", false, Kind::Text, "以 ， 或 、 分隔，每个最多 20 字，最多 10 个"),
];

/// The `.xlsx` template for `POST /questions:import`.
#[utoipa::path(
    tag = "question-bank",
    responses((status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>))
)]
#[get("/questions:import-template")]
async fn question_import_template(
    req: HttpRequest,
    _auth: Authorized<perm::QuestionsManage>,
) -> Result<HttpResponse, ApiError> {
    let bytes = import::template(TITLE, COLUMNS)?;
    let file = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    std::fs::write(file.path(), bytes).map_err(ApiError::internal)?;
    file_response(
        &req,
        file,
        XLSX,
        attachment("question-import-template", TITLE, "xlsx"),
    )
}

/// Query parameters of the import.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionImportParams {
    /// `each_record` (default) stores the valid rows and reports the others;
    /// `all_or_nothing` stores nothing unless every row is valid.
    pub mode: Option<BatchMode>,
    /// The unit that keeps the questions (default: the caller's unit).
    pub owner_unit_id: Option<Uuid>,
}

/// Import questions from an `.xlsx` workbook in the template's layout or a `.csv` table
/// with the same headers (UTF-8 or GB18030), sent as the request body; at most 2,000
/// rows. Each row is checked as a question sent to `POST /questions` and reported by
/// its row number, each rejected cell named by its column. A row whose stem is already
/// in its category with the same content is `unchanged`, so a file can be imported again.
#[utoipa::path(
    tag = "question-bank",
    params(QuestionImportParams),
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
#[post("/questions:import")]
async fn import_question_sheet(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::QuestionsManage>,
    params: Query<QuestionImportParams>,
    file: Upload,
) -> Result<HttpResponse, ApiError> {
    let mode = params.0.mode.unwrap_or(BatchMode::EachRecord);
    let owner = params.0.owner_unit_id;
    let (table, file_sha256) = import::read_upload(file.0, MAX_IMPORT_ROWS).await?;
    let sent =
        serde_json::json!({ "mode": mode, "owner_unit_id": owner, "file_sha256": file_sha256 });
    ctx.run(&state, &sent, move |conn, principal| {
        let owner = owner.unwrap_or(principal.unit_id).to_string();
        principal.require_unit(conn, Permission::QuestionsManage, &owner)?;
        let categories = category_refs(conn)?;
        let candidates = import::candidates(&table, COLUMNS, &|field, text| match field {
            "category_id" => categories.get(text.trim()).cloned().map(Value::String),
            _ => None,
        })?;
        let rows: Vec<u32> = candidates.iter().map(|c| c.row).collect();
        let mut outcomes = Vec::with_capacity(candidates.len());
        let mut changes = Vec::new();
        for candidate in candidates {
            let result = match candidate.record {
                Ok(record) => conn.transaction(|conn| store_row(conn, principal, &owner, &record)),
                Err(errors) => Err(ApiError::rules(errors)),
            };
            match result {
                Ok(Stored::Created(row)) => {
                    let dto = row.to_dto()?;
                    changes.push(Change::created(ResourceKind::Question, dto.id, &dto));
                    outcomes.push(import::Outcome {
                        status: BatchItemStatus::Created,
                        id: Some(dto.id),
                        key: Some(row.stem.chars().take(30).collect()),
                        problem: None,
                    });
                }
                Ok(Stored::Unchanged(row)) => outcomes.push(import::Outcome {
                    status: BatchItemStatus::Unchanged,
                    id: Some(stored_uuid(&row.id)?),
                    key: Some(row.stem.chars().take(30).collect()),
                    problem: None,
                }),
                Err(err)
                    if matches!(
                        err.code,
                        ErrorCode::InternalError
                            | ErrorCode::DatabaseUnavailable
                            | ErrorCode::Forbidden
                    ) =>
                {
                    return Err(err)
                }
                Err(err) => outcomes.push(import::Outcome {
                    status: BatchItemStatus::Rejected,
                    id: None,
                    key: None,
                    problem: Some(to_cells(err).to_problem()),
                }),
            }
        }
        let report = import::report(mode, file_sha256.clone(), &rows, outcomes, COLUMNS);
        if report.rejected > 0 && mode == BatchMode::AllOrNothing {
            return Err(import::refused(report));
        }
        let summary = Change::new(AuditAction::Import, ResourceKind::Question, "import")
            .with_after(&serde_json::json!({
                "file_sha256": report.file_sha256,
                "mode": mode,
                "owner_unit_id": owner,
                "rows_read": report.rows_read,
                "created": report.created,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
            }));
        let mut outcome = Outcome::ok(&report)?;
        for change in changes.into_iter().chain([summary]) {
            outcome = outcome.audit(change);
        }
        Ok(outcome)
    })
    .await
}

/// Category names and paths (and ids, for other systems) → id. A name two categories
/// share names neither: the row must give the path.
fn category_refs(conn: &mut DbConnection) -> Result<HashMap<String, String>, ApiError> {
    let paths = category_paths(conn)?;
    let mut refs = HashMap::new();
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    for (id, path) in paths {
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        names
            .entry(name)
            .and_modify(|seen| *seen = None)
            .or_insert(Some(id.clone()));
        refs.insert(path, id.clone());
        refs.insert(id.clone(), id);
    }
    for (name, id) in names {
        if let Some(id) = id {
            refs.entry(name).or_insert(id);
        }
    }
    Ok(refs)
}

enum Stored {
    Created(QuestionRow),
    Unchanged(QuestionRow),
}

/// Checks and stores one row; the same stem already in the category with the same
/// content is unchanged.
fn store_row(
    conn: &mut DbConnection,
    principal: &Principal,
    owner: &str,
    record: &Map<String, Value>,
) -> Result<Stored, ApiError> {
    let content = content_of(record)?;
    content
        .validate()
        .map_err(|e| ApiError::validation(&e))
        .map_err(|e| prefixed(e, "content"))?;
    let existing: Option<QuestionRow> = questions::table
        .filter(questions::category_id.eq(content.category_id.to_string()))
        .filter(questions::fingerprint.eq(model::fingerprint(&content.stem)))
        .select(QuestionRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(row) = existing {
        if row.content()? == content {
            return Ok(Stored::Unchanged(row));
        }
    }
    Ok(Stored::Created(insert(conn, principal, owner, &content)?))
}

/// Field errors of `validate()` under `prefix.` (as the JSON write names them).
fn prefixed(mut err: ApiError, prefix: &str) -> ApiError {
    for e in &mut err.errors {
        e.field = format!("{prefix}.{}", e.field);
    }
    err
}

fn text(record: &Map<String, Value>, field: &str) -> Option<String> {
    record
        .get(field)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// A row's cells as the content `POST /questions` takes, the answer read by kind.
fn content_of(record: &Map<String, Value>) -> Result<QuestionContent, ApiError> {
    let category_id = text(record, "category_id")
        .and_then(|id| Uuid::parse_str(&id).ok())
        .ok_or_else(|| ApiError::rule("category_id", "required", "this cell must be filled in"))?;
    let kind = text(record, "kind")
        .and_then(|k| QuestionKind::parse(&k))
        .ok_or_else(|| ApiError::rule("kind", "required", "this cell must be filled in"))?;
    let stem = text(record, "stem").unwrap_or_default();
    let options: Vec<QuestionOption> = OPTION_FIELDS
        .iter()
        .zip('A'..='H')
        .filter_map(|(field, key)| {
            text(record, field).map(|text| QuestionOption {
                key: key.to_string(),
                text,
            })
        })
        .collect();
    let answer = text(record, "answer");
    let mut content = QuestionContent {
        category_id,
        kind,
        stem,
        options: Vec::new(),
        correct_options: Vec::new(),
        correct_truth: None,
        blanks: Vec::new(),
        reference_answer: None,
        explanation: text(record, "explanation").unwrap_or_default(),
        legal_reference: text(record, "law").map(|law| LegalReference {
            law,
            article: text(record, "article").unwrap_or_default(),
            power_item_id: None,
        }),
        tags: text(record, "tags")
            .map(|t| {
                t.split([',', '，', '、', ';', '；'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let missing = || ApiError::rule("answer", "required", "give the answer of the question");
    match kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            content.options = options;
            let letters = answer.ok_or_else(missing)?;
            let keys: Vec<String> = letters
                .chars()
                .filter(|c| !matches!(c, ',' | '，' | '、' | ' ' | ';' | '；'))
                .map(|c| c.to_ascii_uppercase().to_string())
                .collect();
            content.correct_options = keys;
        }
        QuestionKind::TrueFalse => {
            let said = answer.ok_or_else(missing)?;
            content.correct_truth = Some(match said.as_str() {
                "正确" | "对" | "是" | "√" | "✓" | "T" | "t" | "true" | "TRUE" | "Y" => {
                    true
                }
                "错误" | "错" | "否" | "×" | "✗" | "F" | "f" | "false" | "FALSE" | "N" => {
                    false
                }
                _ => return Err(ApiError::rule("answer", "true_false", "write 正确 or 错误")),
            });
        }
        QuestionKind::FillBlank => {
            let said = answer.ok_or_else(missing)?;
            content.blanks = said
                .split([';', '；'])
                .map(|blank| Blank {
                    accepted: blank
                        .split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string)
                        .collect(),
                })
                .collect();
        }
        QuestionKind::ShortAnswer => content.reference_answer = answer,
    }
    if !kind.has_options() && !options_empty(record) {
        return Err(ApiError::rule(
            "option_a",
            "not_for_kind",
            "only choice questions have options",
        ));
    }
    Ok(content)
}

fn options_empty(record: &Map<String, Value>) -> bool {
    OPTION_FIELDS.iter().all(|f| text(record, f).is_none())
}

/// The column a content field is entered in, so a rejected row names its cell.
fn to_cells(mut err: ApiError) -> ApiError {
    for e in &mut err.errors {
        let field = e.field.trim_start_matches("content.");
        let column = if field.starts_with("options") {
            let index = field
                .split(['[', ']'])
                .nth(1)
                .and_then(|i| i.parse::<usize>().ok())
                .unwrap_or(0);
            OPTION_FIELDS.get(index).copied().unwrap_or("option_a")
        } else if field.starts_with("correct_options")
            || field.starts_with("correct_truth")
            || field.starts_with("blanks")
            || field.starts_with("reference_answer")
        {
            "answer"
        } else if field.starts_with("legal_reference.article") {
            "article"
        } else if field.starts_with("legal_reference") {
            "law"
        } else if field.starts_with("tags") {
            "tags"
        } else {
            field
        };
        e.field = column.to_string();
    }
    err
}
