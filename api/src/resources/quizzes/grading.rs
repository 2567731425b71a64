//! Answers: what fits a question, and the marks objective questions earn. Marks are
//! kept in hundredths of a point ("centi") so that sums are exact.

use api_types::quizzes::{AnswerInput, QuestionContent, QuestionKind};
use api_types::FieldError;

use crate::error::ApiError;

/// Hundredths in a point.
pub const CENTI: i64 = 100;

/// Hundredths as points for the wire.
pub fn points(centi: i64) -> f64 {
    // Scores are far below 2^53 hundredths.
    #[allow(clippy::cast_precision_loss)]
    let value = centi as f64 / CENTI as f64;
    value
}

/// Points from the wire as hundredths, if they have at most two decimals.
pub fn centi(points: f64) -> Option<i64> {
    let scaled = points * CENTI as f64;
    let rounded = scaled.round();
    // Within floating error of a whole number of hundredths.
    #[allow(clippy::cast_possible_truncation)]
    ((scaled - rounded).abs() < 1e-6 && rounded.is_finite()).then_some(rounded as i64)
}

/// A text as fill-in answers are compared: full-width letters, digits and signs made
/// half-width (`Ａ１，` → `A1,`), every space removed, letters in lower case.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{3000}' => ' ',
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                other => other,
            };
            (!c.is_whitespace()).then_some(c)
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// What an answer to one question may hold: checked before it is stored. `option_keys`
/// are the question's option keys (`"ABCD"`).
pub fn check_answer(
    kind: QuestionKind,
    option_keys: &str,
    blank_count: usize,
    answer: &AnswerInput,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let wrong_kind = |field: &str| {
        FieldError::new(
            format!("answer.{field}"),
            "not_for_kind",
            format!("a {} is not answered this way", kind.as_str()),
        )
    };
    let uses = |field: &str| match kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => field == "choices",
        QuestionKind::TrueFalse => field == "truth",
        QuestionKind::FillBlank => field == "blanks",
        QuestionKind::ShortAnswer => field == "text",
    };
    let given = [
        ("choices", answer.choices.is_some()),
        ("truth", answer.truth.is_some()),
        ("blanks", answer.blanks.is_some()),
        ("text", answer.text.is_some()),
    ];
    for (field, present) in given {
        if present && !uses(field) {
            errors.push(wrong_kind(field));
        }
    }
    if let Some(choices) = &answer.choices {
        let mut unique = choices.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != choices.len()
            || choices
                .iter()
                .any(|k| k.len() != 1 || !option_keys.contains(k.as_str()))
        {
            errors.push(FieldError::new(
                "answer.choices",
                "unknown_option",
                "choose among the question's options, each once",
            ));
        } else if kind == QuestionKind::SingleChoice && choices.len() > 1 {
            errors.push(FieldError::new(
                "answer.choices",
                "one_choice",
                "a single-choice question takes one option",
            ));
        }
    }
    if let Some(blanks) = &answer.blanks {
        if !blanks.is_empty() && blanks.len() != blank_count {
            errors.push(
                FieldError::new(
                    "answer.blanks",
                    "blank_count",
                    format!("the question has {blank_count} blanks"),
                )
                .with_bounds(
                    i64::try_from(blank_count).unwrap_or(0),
                    i64::try_from(blank_count).unwrap_or(0),
                ),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// The mark an answer earns on a question worth `points_centi`: `None` when a person
/// grades it (a short answer that says something).
pub fn grade(
    content: &QuestionContent,
    points_centi: i64,
    answer: Option<&AnswerInput>,
) -> Option<i64> {
    let answer = match answer {
        Some(a) if !a.is_empty() => a,
        // Nothing answered earns nothing, whatever the kind.
        _ => return Some(0),
    };
    let full = |right: bool| if right { points_centi } else { 0 };
    match content.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            let mut given = answer.choices.clone().unwrap_or_default();
            let mut key = content.correct_options.clone();
            given.sort();
            key.sort();
            Some(full(!key.is_empty() && given == key))
        }
        QuestionKind::TrueFalse => Some(full(
            answer.truth.is_some() && answer.truth == content.correct_truth,
        )),
        QuestionKind::FillBlank => {
            let given = answer.blanks.clone().unwrap_or_default();
            let n = i64::try_from(content.blanks.len()).unwrap_or(0);
            if n == 0 {
                return Some(0);
            }
            let right = content
                .blanks
                .iter()
                .zip(given.iter())
                .filter(|(blank, text)| {
                    let said = normalise(text);
                    !said.is_empty() && blank.accepted.iter().any(|a| normalise(a) == said)
                })
                .count();
            let right = i64::try_from(right).unwrap_or(0);
            // In proportion to the blanks right, to the nearest hundredth.
            Some((points_centi * right * 2 + n) / (2 * n))
        }
        QuestionKind::ShortAnswer => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::quizzes::{Blank, QuestionOption};
    use uuid::Uuid;

    fn question(kind: QuestionKind) -> QuestionContent {
        QuestionContent {
            category_id: Uuid::nil(),
            kind,
            stem: "题".into(),
            options: ["A", "B", "C", "D"]
                .iter()
                .map(|k| QuestionOption {
                    key: (*k).into(),
                    text: format!("选项{k}"),
                })
                .collect(),
            correct_options: vec!["A".into(), "C".into()],
            correct_truth: Some(false),
            blanks: vec![
                Blank {
                    accepted: vec!["县级".into(), "县级以上".into()],
                },
                Blank {
                    accepted: vec!["ABC".into()],
                },
                Blank {
                    accepted: vec!["七日".into(), "7日".into()],
                },
            ],
            reference_answer: None,
            explanation: String::new(),
            legal_reference: None,
            tags: Vec::new(),
        }
    }

    fn choices(keys: &[&str]) -> AnswerInput {
        AnswerInput {
            choices: Some(keys.iter().map(|k| (*k).to_string()).collect()),
            ..AnswerInput::default()
        }
    }

    #[test]
    fn fill_in_answers_are_compared_after_normalising_width_spaces_and_case() {
        assert_eq!(normalise(" Ａ ｂ\u{3000}Ｃ１２，"), "abc12,");
        assert_eq!(normalise("县 级 以上"), "县级以上");
        let q = question(QuestionKind::FillBlank);
        let all = AnswerInput {
            blanks: Some(vec!["县级以上".into(), "ａｂｃ".into(), " ７日 ".into()]),
            ..AnswerInput::default()
        };
        assert_eq!(grade(&q, 300, Some(&all)), Some(300));
        let two = AnswerInput {
            blanks: Some(vec!["县级".into(), "abd".into(), "7 日".into()]),
            ..AnswerInput::default()
        };
        assert_eq!(grade(&q, 300, Some(&two)), Some(200));
        let one = AnswerInput {
            blanks: Some(vec!["县".into(), "".into(), "七日".into()]),
            ..AnswerInput::default()
        };
        assert_eq!(
            grade(&q, 200, Some(&one)),
            Some(67),
            "2 × 1/3 to the hundredth"
        );
    }

    #[test]
    fn choices_earn_all_or_nothing_and_an_empty_answer_earns_nothing() {
        let multi = question(QuestionKind::MultipleChoice);
        assert_eq!(grade(&multi, 200, Some(&choices(&["C", "A"]))), Some(200));
        assert_eq!(grade(&multi, 200, Some(&choices(&["A"]))), Some(0));
        assert_eq!(
            grade(&multi, 200, Some(&choices(&["A", "B", "C"]))),
            Some(0)
        );
        assert_eq!(grade(&multi, 200, None), Some(0));
        let tf = question(QuestionKind::TrueFalse);
        let said = |truth| AnswerInput {
            truth: Some(truth),
            ..AnswerInput::default()
        };
        assert_eq!(grade(&tf, 100, Some(&said(false))), Some(100));
        assert_eq!(grade(&tf, 100, Some(&said(true))), Some(0));
        let short = question(QuestionKind::ShortAnswer);
        let text = AnswerInput {
            text: Some("应当告知".into()),
            ..AnswerInput::default()
        };
        assert_eq!(grade(&short, 500, Some(&text)), None, "a person grades it");
        let blank = AnswerInput {
            text: Some("  ".into()),
            ..AnswerInput::default()
        };
        assert_eq!(grade(&short, 500, Some(&blank)), Some(0));
    }

    #[test]
    fn an_answer_must_fit_its_question() {
        let ok = check_answer(QuestionKind::SingleChoice, "ABCD", 0, &choices(&["B"]));
        assert!(ok.is_ok());
        let two = check_answer(QuestionKind::SingleChoice, "ABCD", 0, &choices(&["B", "C"]));
        assert_eq!(two.unwrap_err().errors[0].code, "one_choice");
        let unknown = check_answer(QuestionKind::MultipleChoice, "ABC", 0, &choices(&["D"]));
        assert_eq!(unknown.unwrap_err().errors[0].code, "unknown_option");
        let twice = check_answer(
            QuestionKind::MultipleChoice,
            "ABC",
            0,
            &choices(&["A", "A"]),
        );
        assert_eq!(twice.unwrap_err().errors[0].code, "unknown_option");
        let text_for_choice = AnswerInput {
            text: Some("A".into()),
            ..AnswerInput::default()
        };
        let err = check_answer(QuestionKind::SingleChoice, "AB", 0, &text_for_choice).unwrap_err();
        assert_eq!(err.errors[0].field, "answer.text");
        let blanks = AnswerInput {
            blanks: Some(vec!["x".into()]),
            ..AnswerInput::default()
        };
        let err = check_answer(QuestionKind::FillBlank, "", 2, &blanks).unwrap_err();
        assert_eq!(err.errors[0].code, "blank_count");
        assert!(check_answer(QuestionKind::FillBlank, "", 2, &AnswerInput::default()).is_ok());
        assert_eq!(centi(2.5), Some(250));
        assert_eq!(centi(0.125), None);
        assert_eq!(points(1_250), 12.5);
    }
}
