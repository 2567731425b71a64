//! `GET /api/v1/questions`: its filter, listing and workbook (see `db::list`).

use std::collections::HashMap;

use api_types::quizzes::{Question, QuestionKind, QuestionStatus};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, QuestionRow};
use crate::db::list::{like_pattern, search_text, Columns, Listing, Where};
use crate::db::schema::{question_categories, questions};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::spreadsheet::export::{column, Column, SheetExport};
use crate::spreadsheet::{names, Cell};

/// Filters of `GET /api/v1/questions`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionFilter {
    /// Questions of this category and (with `include_subcategories`, the default) the
    /// categories below it.
    pub category_id: Option<Uuid>,
    pub include_subcategories: Option<bool>,
    pub kind: Option<QuestionKind>,
    pub status: Option<QuestionStatus>,
    pub owner_unit_id: Option<Uuid>,
    /// Questions carrying this tag.
    pub tag: Option<String>,
    /// Text in the stem.
    pub q: Option<String>,
}

impl ListFilter for QuestionFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "stem"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// What the list needs besides the parameters: the categories a `category_id` filter
/// covers (resolved once per request).
pub struct QuestionContext {
    pub categories: Option<Vec<String>>,
}

impl QuestionContext {
    pub fn of(conn: &mut DbConnection, filter: &QuestionFilter) -> Result<Self, ApiError> {
        let categories = match filter.category_id {
            None => None,
            Some(id) if filter.include_subcategories == Some(false) => Some(vec![id.to_string()]),
            Some(id) => Some(model::category_subtree(conn, &id.to_string())?),
        };
        Ok(QuestionContext { categories })
    }
}

/// The question bank.
pub struct QuestionList;

impl Listing for QuestionList {
    crate::listing_source!(questions::table, QuestionRow);
    type Filter = QuestionFilter;
    type Context = QuestionContext;
    type Item = Question;

    fn filter(
        f: &QuestionFilter,
        context: &QuestionContext,
        terms: &mut Where<questions::table>,
    ) -> Result<(), ApiError> {
        if let Some(categories) = &context.categories {
            terms.and(questions::category_id.eq_any(categories.clone()));
        }
        if let Some(kind) = f.kind {
            terms.and(questions::kind.eq(kind.as_str()));
        }
        if let Some(status) = f.status {
            terms.and(questions::status.eq(status.as_str()));
        }
        if let Some(unit) = f.owner_unit_id {
            terms.and(questions::owner_unit_id.eq(unit.to_string()));
        }
        if let Some(tag) = search_text(&f.tag) {
            let pattern = like_pattern(&format!(",{tag},"));
            terms.and(questions::tags.like(pattern).escape('\\'));
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(questions::stem.like(like_pattern(text)).escape('\\'));
        }
        Ok(())
    }

    fn columns() -> Columns<questions::table> {
        Columns::new(questions::id, questions::updated_at)
            .sort("created_at", questions::created_at)
            .sort("stem", questions::stem)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<QuestionRow>,
        _: &QuestionContext,
    ) -> Result<Vec<Question>, ApiError> {
        rows.iter().map(QuestionRow::to_dto).collect()
    }
}

/// Category id → its path from the root (`行政处罚法/总则`), the name the import takes.
pub fn category_paths(conn: &mut DbConnection) -> Result<HashMap<String, String>, ApiError> {
    let rows: Vec<(String, Option<String>, String)> = question_categories::table
        .select((
            question_categories::id,
            question_categories::parent_id,
            question_categories::name,
        ))
        .load(conn)?;
    let parents: HashMap<&str, (Option<&str>, &str)> = rows
        .iter()
        .map(|(id, parent, name)| (id.as_str(), (parent.as_deref(), name.as_str())))
        .collect();
    let mut out = HashMap::new();
    for (id, _, _) in &rows {
        let mut names = Vec::new();
        let mut at = Some(id.as_str());
        // A tree: at most as many steps as categories (guards against a stored cycle).
        for _ in 0..=rows.len() {
            let Some(current) = at else { break };
            let Some((parent, name)) = parents.get(current) else {
                break;
            };
            names.push(*name);
            at = *parent;
        }
        names.reverse();
        out.insert(id.clone(), names.join("/"));
    }
    Ok(out)
}

/// The answer of a question as the import template writes it.
pub fn answer_cell(q: &Question) -> String {
    let c = &q.content;
    match c.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => c.correct_options.concat(),
        QuestionKind::TrueFalse => match c.correct_truth {
            Some(true) => "正确".into(),
            Some(false) => "错误".into(),
            None => String::new(),
        },
        QuestionKind::FillBlank => c
            .blanks
            .iter()
            .map(|b| b.accepted.join("|"))
            .collect::<Vec<_>>()
            .join("；"),
        QuestionKind::ShortAnswer => c.reference_answer.clone().unwrap_or_default(),
    }
}

impl SheetExport for QuestionList {
    const TITLE: &'static str = "试题库";
    const FILE_STEM: &'static str = "questions";

    fn sheet_columns(
        conn: &mut DbConnection,
        _: &QuestionContext,
    ) -> Result<Vec<Column<Question>>, ApiError> {
        let paths = category_paths(conn)?;
        let units = names::units(conn)?;
        let mut columns = vec![
            column("分类", 20.0, move |q: &Question| {
                Cell::text(paths.get(&q.content.category_id.to_string()).cloned())
            }),
            column("题型", 8.0, |q: &Question| {
                Cell::Text(q.content.kind.label_zh().into())
            }),
            column("题干", 48.0, |q: &Question| {
                Cell::Text(q.content.stem.clone())
            }),
        ];
        for (i, letter) in ('A'..='H').enumerate() {
            columns.push(column(
                format!("选项{letter}"),
                16.0,
                move |q: &Question| Cell::text(q.content.options.get(i).map(|o| o.text.clone())),
            ));
        }
        columns.extend([
            column("答案", 16.0, |q: &Question| Cell::Text(answer_cell(q))),
            column("解析", 30.0, |q: &Question| {
                Cell::Text(q.content.explanation.clone())
            }),
            column("法律依据", 24.0, |q: &Question| {
                Cell::text(q.content.legal_reference.as_ref().map(|r| r.law.clone()))
            }),
            column("条款", 10.0, |q: &Question| {
                Cell::text(
                    q.content
                        .legal_reference
                        .as_ref()
                        .map(|r| r.article.clone()),
                )
            }),
            column("标签", 16.0, |q: &Question| {
                Cell::Text(q.content.tags.join("，"))
            }),
            column("所属单位", 16.0, move |q: &Question| {
                Cell::text(units.get(&q.owner_unit_id).cloned())
            }),
            column("状态", 8.0, |q: &Question| {
                Cell::Text(
                    match q.status {
                        QuestionStatus::Active => "启用",
                        QuestionStatus::Retired => "停用",
                    }
                    .into(),
                )
            }),
            column("修订", 6.0, |q: &Question| Cell::Count(q.revision.into())),
            column("更新时间", 17.0, |q: &Question| {
                Cell::Time(q.updated_at)
            }),
        ]);
        Ok(columns)
    }
}
