//! Drawing a paper: fixed slots take their question, random slots draw different active
//! questions of their category; then questions and options are shuffled as the session
//! says. The result is frozen with the attempt, so what a taker saw never changes.

use std::collections::HashSet;

use api_types::quizzes::{
    PaperQuestion, QuestionContent, QuestionKind, QuestionStatus, QuizSessionContent, SlotKind,
};
use diesel::prelude::*;
use rand::seq::SliceRandom;
use rand::Rng;

use super::grading::{self, CENTI};
use super::model::{FrozenItem, FrozenPaper};
use crate::db::schema::questions;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::question_bank::model::{category_subtree, QuestionRow};

/// Why a paper cannot be drawn: the slot and what is missing, in words for the organiser.
fn short_of(slot: usize, detail: String) -> ApiError {
    ApiError::rule(&format!("paper[{slot}]"), "not_enough_questions", detail)
}

/// Draws a paper for `content` from the bank as it is now.
pub fn draw(
    conn: &mut DbConnection,
    content: &QuizSessionContent,
    rng: &mut impl Rng,
) -> Result<FrozenPaper, ApiError> {
    let mut used: HashSet<String> = HashSet::new();
    let mut chosen: Vec<(usize, String)> = Vec::new();
    // Fixed questions first, so that random slots never draw them again.
    for (i, slot) in content.paper.iter().enumerate() {
        if slot.kind != SlotKind::Fixed {
            continue;
        }
        let id = slot
            .question_id
            .map(|q| q.to_string())
            .ok_or_else(|| short_of(i, "the slot names no question".into()))?;
        if !used.insert(id.clone()) {
            return Err(short_of(i, "the question is in the paper twice".into()));
        }
        chosen.push((i, id));
    }
    // Random slots, the one with the fewest candidates first: a slot drawing from a
    // subcategory is not starved by a wider slot that drew its questions before it.
    let mut pools: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, slot) in content.paper.iter().enumerate() {
        if slot.kind != SlotKind::Random {
            continue;
        }
        let category = slot
            .category_id
            .map(|c| c.to_string())
            .ok_or_else(|| short_of(i, "the slot names no category".into()))?;
        let categories = if slot.include_subcategories {
            category_subtree(conn, &category)?
        } else {
            vec![category]
        };
        let mut query = questions::table
            .filter(questions::category_id.eq_any(categories))
            .filter(questions::status.eq(QuestionStatus::Active.as_str()))
            .select((questions::id, questions::tags))
            .into_boxed();
        if let Some(kind) = slot.question_kind {
            query = query.filter(questions::kind.eq(kind.as_str()));
        }
        let candidates: Vec<String> = query
            .load::<(String, String)>(conn)?
            .into_iter()
            .filter(|(_, tags)| {
                slot.tags
                    .iter()
                    .all(|t| tags.contains(&format!(",{},", t.trim())))
            })
            .map(|(id, _)| id)
            .collect();
        pools.push((i, candidates));
    }
    pools.sort_by_key(|(i, candidates)| (candidates.len(), *i));
    for (i, candidates) in pools {
        let free: Vec<&String> = candidates.iter().filter(|id| !used.contains(*id)).collect();
        let wanted = usize::try_from(content.paper[i].count).unwrap_or(usize::MAX);
        if free.len() < wanted {
            return Err(short_of(
                i,
                format!(
                    "the slot draws {wanted} questions but the bank has {} that fit and are not in the paper already",
                    free.len()
                ),
            ));
        }
        for id in free.choose_multiple(rng, wanted) {
            used.insert((*id).clone());
            chosen.push((i, (*id).clone()));
        }
    }
    // Back in the order of the paper's slots (stable: a slot's draws keep their order).
    chosen.sort_by_key(|(slot, _)| *slot);
    let ids: Vec<String> = chosen.iter().map(|(_, id)| id.clone()).collect();
    let rows: Vec<QuestionRow> = questions::table
        .filter(questions::id.eq_any(&ids))
        .select(QuestionRow::as_select())
        .load(conn)?;
    let mut items = Vec::with_capacity(chosen.len());
    for (item, (slot, id)) in chosen.into_iter().enumerate() {
        let row = rows.iter().find(|r| r.id == id).ok_or_else(|| {
            short_of(
                slot,
                "a question of the paper is no longer in the bank".into(),
            )
        })?;
        if row.status()? != QuestionStatus::Active {
            return Err(short_of(slot, "the slot's question is retired".into()));
        }
        let content_now: QuestionContent = row.content()?;
        let points = content.paper[slot].points;
        let mut option_order: Vec<String> =
            content_now.options.iter().map(|o| o.key.clone()).collect();
        if content.shuffle_options && content_now.kind.has_options() {
            option_order.shuffle(rng);
        }
        items.push(FrozenItem {
            question_id: row.id.clone(),
            revision: row.revision,
            slot: u32::try_from(slot).unwrap_or(u32::MAX),
            item: u32::try_from(item).unwrap_or(u32::MAX),
            points_centi: i64::from(points) * CENTI,
            content: content_now,
            option_order,
        });
    }
    if content.shuffle_questions {
        items.shuffle(rng);
    }
    Ok(FrozenPaper { items })
}

/// A frozen question as its taker sees it: stem and options in the order drawn, no
/// answer.
pub fn shown(position: usize, item: &FrozenItem) -> PaperQuestion {
    let options = item
        .option_order
        .iter()
        .filter_map(|key| item.content.options.iter().find(|o| &o.key == key).cloned())
        .collect();
    PaperQuestion {
        position: u32::try_from(position).unwrap_or(u32::MAX),
        kind: item.content.kind,
        stem: item.content.stem.clone(),
        options,
        blank_count: if item.content.kind == QuestionKind::FillBlank {
            u32::try_from(item.content.blanks.len()).unwrap_or(0)
        } else {
            0
        },
        points: grading::points(item.points_centi),
    }
}
