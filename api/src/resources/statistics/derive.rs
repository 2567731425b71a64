//! Figures computed from the system's own records: the penalty decisions (disclosure
//! records) of a unit and its brigades in a period, each counted once under its most
//! severe kind, and their fines and confiscations.

use std::collections::HashMap;

use api_types::disclosure::DisclosureStatus;
use api_types::statistics::{Derivation, TemplateDefinition};
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::auth::policy::subtree;
use crate::db::schema::disclosure_records;
use crate::db::DbConnection;
use crate::error::ApiError;

/// What the decision text says beside its amounts (`other_measures`, e.g. "警告；责令改正"):
/// the words that name each penalty kind. A fine or confiscation is also recognised
/// from its amount.
const KIND_WORDS: &[(Derivation, &[&str])] = &[
    (Derivation::Warning, &["警告"]),
    (Derivation::Criticism, &["通报批评"]),
    (Derivation::Fine, &["罚款"]),
    (Derivation::Confiscation, &["没收"]),
    (Derivation::SuspendLicense, &["暂扣"]),
    (Derivation::LowerQualification, &["降低资质"]),
    (Derivation::RestrictBusiness, &["限制开展生产经营"]),
    (Derivation::SuspendProduction, &["责令停产停业", "停产停业"]),
    (Derivation::Close, &["责令关闭", "限制从业"]),
    (Derivation::RevokeLicense, &["吊销"]),
];

/// The computed figures of one unit and period, by source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    values: HashMap<Derivation, f64>,
}

impl Sources {
    pub fn get(&self, source: Derivation) -> f64 {
        self.values.get(&source).copied().unwrap_or(0.0)
    }

    pub fn set(&mut self, source: Derivation, value: f64) {
        self.values.insert(source, value);
    }

    fn add(&mut self, source: Derivation, value: f64) {
        *self.values.entry(source).or_insert(0.0) += value;
    }
}

/// One decision's penalty kind: the most severe of those it imposes, in the template's
/// order (mildest first); `Other` when none is recognised.
pub fn most_severe_kind(
    fine_fen: Option<i64>,
    confiscated_fen: Option<i64>,
    other_measures: Option<&str>,
    severity_order: &[Derivation],
) -> Derivation {
    let text = other_measures.unwrap_or_default();
    let imposes = |kind: Derivation| match kind {
        Derivation::Fine if fine_fen.unwrap_or(0) > 0 => true,
        Derivation::Confiscation if confiscated_fen.unwrap_or(0) > 0 => true,
        _ => KIND_WORDS
            .iter()
            .any(|(k, words)| *k == kind && words.iter().any(|w| text.contains(w))),
    };
    severity_order
        .iter()
        .rev()
        .copied()
        .find(|kind| imposes(*kind))
        .unwrap_or(Derivation::Other)
}

/// The figures of `unit_id` and the units below it for decisions dated `start..=end`.
/// Drafts count (the decision is made when it is signed); withdrawn records do not.
pub fn sources(
    conn: &mut DbConnection,
    unit_id: &str,
    start: NaiveDate,
    end: NaiveDate,
    definition: &TemplateDefinition,
) -> Result<Sources, ApiError> {
    let units: Vec<String> = subtree(conn, unit_id)?.into_iter().collect();
    let rows: Vec<(Option<i64>, Option<i64>, Option<String>)> = disclosure_records::table
        .filter(disclosure_records::issuing_unit_id.eq_any(&units))
        .filter(disclosure_records::decision_date.between(start, end))
        .filter(disclosure_records::status.ne(DisclosureStatus::Withdrawn.as_str()))
        .select((
            disclosure_records::fine_fen,
            disclosure_records::confiscated_fen,
            disclosure_records::other_measures,
        ))
        .load(conn)?;
    let mut out = Sources::default();
    out.set(Derivation::Decisions, 0.0);
    let mut amount_fen: i64 = 0;
    for (fine, confiscated, other) in &rows {
        let kind = most_severe_kind(
            *fine,
            *confiscated,
            other.as_deref(),
            &definition.severity_order,
        );
        out.add(kind, 1.0);
        out.add(Derivation::Decisions, 1.0);
        amount_fen += fine.unwrap_or(0) + confiscated.unwrap_or(0);
    }
    out.set(Derivation::PenaltyAmount, amount_fen as f64 / 100.0);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Vec<Derivation> {
        Derivation::PENALTY_KINDS
            .iter()
            .copied()
            .filter(|k| *k != Derivation::Other)
            .collect()
    }

    #[test]
    fn a_decision_counts_once_under_its_most_severe_kind() {
        let o = order();
        assert_eq!(
            most_severe_kind(Some(50000), None, Some("警告"), &o),
            Derivation::Fine
        );
        assert_eq!(
            most_severe_kind(Some(50000), Some(100), None, &o),
            Derivation::Confiscation
        );
        assert_eq!(
            most_severe_kind(None, None, Some("警告"), &o),
            Derivation::Warning
        );
        assert_eq!(
            most_severe_kind(Some(1), None, Some("暂扣许可证件三个月；吊销许可证"), &o),
            Derivation::RevokeLicense
        );
        assert_eq!(
            most_severe_kind(None, None, Some("责令改正"), &o),
            Derivation::Other
        );
        assert_eq!(most_severe_kind(Some(0), None, None, &o), Derivation::Other);
        // The order is the template's: reversed, the mildest wins.
        let reversed: Vec<Derivation> = o.iter().rev().copied().collect();
        assert_eq!(
            most_severe_kind(Some(50000), None, Some("警告"), &reversed),
            Derivation::Warning
        );
    }
}
