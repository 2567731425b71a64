//! The criteria of a round as three levels: the rule set's sections are the 一级指标,
//! an item's `group` the 二级指标, the items the 三级指标 with their points.

use api_types::assessment::{show, DeductionMode, RuleItem, RuleSection, RuleSet};
use api_types::demonstration::DemonstrationRound;

use crate::i18n::Texts;
use crate::services::api::{self, ApiError};

/// Consecutive items of a section under one 二级指标 (or none).
pub struct Group<'a> {
    pub title: Option<&'a str>,
    pub items: Vec<&'a RuleItem>,
}

/// The section's items by 二级指标, in order.
pub fn groups(section: &RuleSection) -> Vec<Group<'_>> {
    let mut out: Vec<Group<'_>> = Vec::new();
    for item in &section.items {
        let title = item.group.as_deref();
        match out.last_mut() {
            Some(g) if g.title == title => g.items.push(item),
            _ => out.push(Group {
                title,
                items: vec![item],
            }),
        }
    }
    out
}

/// The points of a section (gate items have none).
pub fn section_points(section: &RuleSection) -> f64 {
    section.items.iter().map(|i| i.points).sum()
}

/// Whether a finding on the item excludes the unit rather than costing points.
pub fn is_gate(item: &RuleItem) -> bool {
    item.mode == DeductionMode::Gate
}

/// The lowest and highest points a reviewer awards on a `range` item: the points less
/// the largest and the smallest deduction.
pub fn award_bounds(item: &RuleItem) -> (f64, f64) {
    let max = item.max.unwrap_or(item.points).min(item.points);
    let min = item.min.unwrap_or(0.0).min(max);
    ((item.points - max).max(0.0), item.points - min)
}

/// How the item is scored, in words: `10分`, `否决项`, `扣0.5–3分`.
pub fn rule_text(item: &RuleItem, t: &Texts) -> String {
    match item.mode {
        DeductionMode::Gate => t.demo.gate_item.into(),
        DeductionMode::Range => {
            let (low, high) = award_bounds(item);
            (t.demo.range_rule)(&show(item.points), &show(low), &show(high))
        }
        _ => (t.demo.points_rule)(&show(item.points)),
    }
}

/// The round and its criteria.
pub async fn round_with_rules(round_id: &str) -> Result<(DemonstrationRound, RuleSet), ApiError> {
    let round =
        api::get::<DemonstrationRound>(&format!("/demonstration-rounds/{round_id}")).await?;
    let rules = api::get::<RuleSet>(&format!("/rule-sets/{}", round.content.criteria_id)).await?;
    Ok((round, rules))
}
