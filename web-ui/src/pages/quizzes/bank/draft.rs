//! A question of the bank as typed in its form, and the content it makes.

use api_types::quizzes::{Blank, LegalReference, QuestionContent, QuestionKind, QuestionOption};

use crate::pages::quizzes::split_tags;

pub const KEYS: [&str; 8] = ["A", "B", "C", "D", "E", "F", "G", "H"];

/// How many blanks a stem marks: runs of three or more `_` or `＿` (as the server counts).
pub fn blank_markers(stem: &str) -> usize {
    let (mut runs, mut run) = (0, 0);
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

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub category: String,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub option_count: usize,
    pub correct: Vec<String>,
    pub truth: Option<bool>,
    pub blanks: Vec<String>,
    pub reference: String,
    pub explanation: String,
    pub law: String,
    pub article: String,
    pub tags: String,
}

impl Draft {
    pub fn blank() -> Draft {
        Draft {
            category: String::new(),
            kind: QuestionKind::SingleChoice,
            stem: String::new(),
            options: vec![String::new(); 8],
            option_count: 4,
            correct: Vec::new(),
            truth: None,
            blanks: Vec::new(),
            reference: String::new(),
            explanation: String::new(),
            law: String::new(),
            article: String::new(),
            tags: String::new(),
        }
    }

    pub fn of(c: &QuestionContent) -> Draft {
        let mut options = vec![String::new(); 8];
        for (i, o) in c.options.iter().take(8).enumerate() {
            options[i] = o.text.clone();
        }
        Draft {
            category: c.category_id.to_string(),
            kind: c.kind,
            stem: c.stem.clone(),
            option_count: c.options.len().clamp(2, 8),
            options,
            correct: c.correct_options.clone(),
            truth: c.correct_truth,
            blanks: c.blanks.iter().map(|b| b.accepted.join("|")).collect(),
            reference: c.reference_answer.clone().unwrap_or_default(),
            explanation: c.explanation.clone(),
            law: c
                .legal_reference
                .as_ref()
                .map(|l| l.law.clone())
                .unwrap_or_default(),
            article: c
                .legal_reference
                .as_ref()
                .map(|l| l.article.clone())
                .unwrap_or_default(),
            tags: c.tags.join("，"),
        }
    }

    /// The content the form describes (only the answer field of its kind).
    pub fn content(&self) -> QuestionContent {
        let choice = self.kind.has_options();
        let blanks = blank_markers(&self.stem).max(1);
        QuestionContent {
            category_id: self.category.parse().unwrap_or_default(),
            kind: self.kind,
            stem: self.stem.trim().to_string(),
            options: if choice {
                KEYS.iter()
                    .zip(&self.options)
                    .take(self.option_count)
                    .map(|(k, text)| QuestionOption {
                        key: k.to_string(),
                        text: text.trim().to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            correct_options: if choice {
                let mut c: Vec<String> = self
                    .correct
                    .iter()
                    .filter(|k| KEYS[..self.option_count].contains(&k.as_str()))
                    .cloned()
                    .collect();
                c.sort();
                c
            } else {
                Vec::new()
            },
            correct_truth: self.truth.filter(|_| self.kind == QuestionKind::TrueFalse),
            blanks: if self.kind == QuestionKind::FillBlank {
                (0..blanks)
                    .map(|i| Blank {
                        accepted: self
                            .blanks
                            .get(i)
                            .map(|b| {
                                b.split(['|', '｜'])
                                    .map(|a| a.trim().to_string())
                                    .filter(|a| !a.is_empty())
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            reference_answer: Some(self.reference.trim().to_string())
                .filter(|r| !r.is_empty() && self.kind == QuestionKind::ShortAnswer),
            explanation: self.explanation.trim().to_string(),
            legal_reference: (!self.law.trim().is_empty()).then(|| LegalReference {
                law: self.law.trim().to_string(),
                article: self.article.trim().to_string(),
                power_item_id: None,
            }),
            tags: split_tags(&self.tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::blank_markers;

    #[test]
    fn blanks_are_counted_as_the_server_counts_them() {
        assert_eq!(
            blank_markers("行政处罚由____以上地方人民政府____部门管辖"),
            2
        );
        assert_eq!(blank_markers("a__b"), 0);
        assert_eq!(blank_markers("末尾＿＿＿"), 1);
    }
}
