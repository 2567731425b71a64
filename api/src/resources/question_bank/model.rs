//! Category and question rows, and the rules a question's content follows.

use api_types::quizzes::{
    Question, QuestionCategory, QuestionContent, QuestionKind, QuestionRevision, QuestionStatus,
};
use api_types::FieldError;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::{power_items, question_categories, question_revisions, questions};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = question_categories, treat_none_as_null = true)]
pub struct CategoryRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub owner_unit_id: String,
    pub name: String,
    pub sort_order: i32,
    pub active: bool,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CategoryRow {
    pub fn to_dto(&self, active_questions: u64) -> Result<QuestionCategory, ApiError> {
        Ok(QuestionCategory {
            id: stored_uuid(&self.id)?,
            parent_id: self.parent_id.as_deref().map(stored_uuid).transpose()?,
            name: self.name.clone(),
            owner_unit_id: stored_uuid(&self.owner_unit_id)?,
            sort_order: self.sort_order,
            active: self.active,
            active_questions,
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

pub fn find_category(conn: &mut DbConnection, id: &str) -> Result<CategoryRow, ApiError> {
    question_categories::table
        .find(id)
        .select(CategoryRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("question category"))
}

/// `id` and every category below it.
pub fn category_subtree(conn: &mut DbConnection, id: &str) -> Result<Vec<String>, ApiError> {
    let edges: Vec<(String, Option<String>)> = question_categories::table
        .select((question_categories::id, question_categories::parent_id))
        .load(conn)?;
    let mut found = vec![id.to_string()];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next].clone();
        found.extend(
            edges
                .iter()
                .filter(|(_, p)| p.as_deref() == Some(parent.as_str()))
                .map(|(child, _)| child.clone()),
        );
        next += 1;
    }
    Ok(found)
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = questions, treat_none_as_null = true)]
pub struct QuestionRow {
    pub id: String,
    pub owner_unit_id: String,
    pub category_id: String,
    pub kind: String,
    pub stem: String,
    pub tags: String,
    pub fingerprint: String,
    pub revision: i32,
    pub content: String,
    pub status: String,
    pub retire_reason: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl QuestionRow {
    pub fn status(&self) -> Result<QuestionStatus, ApiError> {
        QuestionStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored question status"))
    }

    pub fn content(&self) -> Result<QuestionContent, ApiError> {
        serde_json::from_str(&self.content).map_err(ApiError::internal)
    }

    pub fn to_dto(&self) -> Result<Question, ApiError> {
        Ok(Question {
            id: stored_uuid(&self.id)?,
            owner_unit_id: stored_uuid(&self.owner_unit_id)?,
            revision: self.revision,
            status: self.status()?,
            retire_reason: self.retire_reason.clone(),
            content: self.content()?,
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }

    /// Writes checked `content` as the row's current text (the caller bumps `revision`).
    pub fn apply(&mut self, content: &QuestionContent) -> Result<(), ApiError> {
        self.category_id = content.category_id.to_string();
        self.kind = content.kind.as_str().to_string();
        self.stem = content.stem.trim().to_string();
        self.tags = tags_column(&content.tags);
        self.fingerprint = fingerprint(&content.stem);
        self.content = serde_json::to_string(content).map_err(ApiError::internal)?;
        Ok(())
    }
}

/// A kept revision of a question's text.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = question_revisions)]
pub struct RevisionRow {
    pub question_id: String,
    pub revision: i32,
    pub content: String,
    pub recorded_by_name: String,
    pub recorded_at: NaiveDateTime,
}

impl RevisionRow {
    pub fn of(row: &QuestionRow, by: &str) -> RevisionRow {
        RevisionRow {
            question_id: row.id.clone(),
            revision: row.revision,
            content: row.content.clone(),
            recorded_by_name: by.to_string(),
            recorded_at: row.updated_at,
        }
    }

    pub fn to_dto(&self) -> Result<QuestionRevision, ApiError> {
        Ok(QuestionRevision {
            question_id: stored_uuid(&self.question_id)?,
            revision: self.revision,
            content: serde_json::from_str(&self.content).map_err(ApiError::internal)?,
            recorded_by_name: self.recorded_by_name.clone(),
            recorded_at: time::to_utc(self.recorded_at),
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<QuestionRow, ApiError> {
    questions::table
        .find(id)
        .select(QuestionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("question"))
}

/// Tags as stored: trimmed, each once, `,a,b,` (so one is found with `LIKE '%,a,%'`).
pub fn tags_column(tags: &[String]) -> String {
    let mut out = String::from(",");
    let mut seen: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().replace(',', "，");
        if !tag.is_empty() && !seen.contains(&tag) {
            out.push_str(&tag);
            out.push(',');
            seen.push(tag);
        }
    }
    out
}

/// What makes two questions of a category the same: their trimmed stem.
pub fn fingerprint(stem: &str) -> String {
    hex::encode(Sha256::digest(stem.trim().as_bytes()))
}

/// How many blanks a stem marks: runs of three or more `_` (or full-width `＿`).
pub fn blank_markers(stem: &str) -> usize {
    let mut runs = 0;
    let mut run = 0;
    for c in stem.chars().chain(std::iter::once(' ')) {
        if c == '_' || c == '＿' {
            run += 1;
        } else {
            if run >= 3 {
                runs += 1;
            }
            run = 0;
        }
    }
    runs
}

/// The option keys a question with `n` options must use: `A`, `B`, … in order.
pub fn expected_keys(n: usize) -> Vec<String> {
    ('A'..='H').take(n).map(String::from).collect()
}

/// Every rule of a question's content the schema cannot state: the answer fields that
/// fit its kind, options keyed `A`, `B`, … in order, blanks marked in the stem, an active
/// category, an existing power item. All broken rules at once.
pub fn check_content(
    conn: &mut DbConnection,
    content: &QuestionContent,
    field: &str,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let at = |name: &str| format!("{field}.{name}");
    let kind = content.kind;
    if kind.has_options() {
        let keys: Vec<String> = content.options.iter().map(|o| o.key.clone()).collect();
        if !(2..=8).contains(&keys.len()) {
            errors.push(
                FieldError::new(at("options"), "options_count", "give 2 to 8 options")
                    .with_bounds(2, 8),
            );
        } else if keys != expected_keys(keys.len()) {
            errors.push(FieldError::new(
                at("options"),
                "option_order",
                "options are keyed A, B, C … in order",
            ));
        }
        let chosen = &content.correct_options;
        let mut unique = chosen.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != chosen.len() || chosen.iter().any(|k| !keys.contains(k)) {
            errors.push(FieldError::new(
                at("correct_options"),
                "unknown_option",
                "name each correct option once, by a key of the options",
            ));
        } else if kind == QuestionKind::SingleChoice && chosen.len() != 1 {
            errors.push(FieldError::new(
                at("correct_options"),
                "one_correct",
                "a single-choice question has exactly one correct option",
            ));
        } else if kind == QuestionKind::MultipleChoice && chosen.len() < 2 {
            errors.push(FieldError::new(
                at("correct_options"),
                "several_correct",
                "a multiple-choice question has at least two correct options",
            ));
        }
    } else {
        if !content.options.is_empty() {
            errors.push(FieldError::new(
                at("options"),
                "not_for_kind",
                "only choice questions have options",
            ));
        }
        if !content.correct_options.is_empty() {
            errors.push(FieldError::new(
                at("correct_options"),
                "not_for_kind",
                "only choice questions have correct options",
            ));
        }
    }
    match (kind, content.correct_truth) {
        (QuestionKind::TrueFalse, None) => errors.push(FieldError::new(
            at("correct_truth"),
            "required",
            "say whether the statement is true or false",
        )),
        (QuestionKind::TrueFalse, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.push(FieldError::new(
            at("correct_truth"),
            "not_for_kind",
            "only true/false questions have this answer",
        )),
    }
    if kind == QuestionKind::FillBlank {
        let marked = blank_markers(&content.stem);
        if content.blanks.is_empty() {
            errors.push(FieldError::new(
                at("blanks"),
                "required",
                "give the accepted answers of each blank",
            ));
        } else if marked != content.blanks.len() {
            errors.push(FieldError::new(
                at("blanks"),
                "blank_markers",
                format!(
                    "the stem marks {marked} blanks with ____ but {} blanks have answers",
                    content.blanks.len()
                ),
            ));
        }
        for (i, blank) in content.blanks.iter().enumerate() {
            if blank.accepted.iter().any(|a| a.trim().is_empty()) {
                errors.push(FieldError::new(
                    format!("{field}.blanks[{i}].accepted"),
                    "blank",
                    "an accepted answer must not be blank",
                ));
            }
        }
    } else if !content.blanks.is_empty() {
        errors.push(FieldError::new(
            at("blanks"),
            "not_for_kind",
            "only fill-in questions have blanks",
        ));
    }
    if content.reference_answer.is_some() && kind != QuestionKind::ShortAnswer {
        errors.push(FieldError::new(
            at("reference_answer"),
            "not_for_kind",
            "only short-answer questions have a reference answer",
        ));
    }
    match question_categories::table
        .find(content.category_id.to_string())
        .select(question_categories::active)
        .first::<bool>(conn)
        .optional()?
    {
        None => errors.push(FieldError::new(
            at("category_id"),
            "unknown_category",
            "no such category in the bank",
        )),
        Some(false) => errors.push(FieldError::new(
            at("category_id"),
            "inactive_category",
            "the category is no longer used; choose another",
        )),
        Some(true) => {}
    }
    if let Some(item) = content
        .legal_reference
        .as_ref()
        .and_then(|r| r.power_item_id)
    {
        let exists = power_items::table
            .find(item.to_string())
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if !exists {
            errors.push(FieldError::new(
                at("legal_reference.power_item_id"),
                "unknown_power_item",
                "no such item in the power list",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// A fresh row for `content` (checked), revision 1.
pub fn new_row(
    owner_unit_id: &str,
    content: &QuestionContent,
    created_by: &str,
) -> Result<QuestionRow, ApiError> {
    let now = time::now();
    let mut row = QuestionRow {
        id: time::new_id(),
        owner_unit_id: owner_unit_id.to_string(),
        category_id: String::new(),
        kind: String::new(),
        stem: String::new(),
        tags: String::new(),
        fingerprint: String::new(),
        revision: 1,
        content: String::new(),
        status: QuestionStatus::Active.as_str().into(),
        retire_reason: None,
        created_by: created_by.to_string(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    row.apply(content)?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_are_runs_of_three_underscores_and_tags_are_kept_once() {
        assert_eq!(
            blank_markers("行政处罚由____以上地方人民政府____部门管辖"),
            2
        );
        assert_eq!(blank_markers("a__b"), 0);
        assert_eq!(blank_markers("末尾＿＿＿"), 1);
        assert_eq!(
            tags_column(&[" 处罚法 ".into(), "处罚法".into(), "a,b".into()]),
            ",处罚法,a，b,"
        );
        assert_eq!(expected_keys(3), vec!["A", "B", "C"]);
    }
}
