//! The discretion calculator: the allowed penalty for a tier and the factors present,
//! with the reasoning spelled out.
//!
//! Rule (the common structure of municipal benchmarks): a tier fixes a fine range.
//! Mitigating factors alone (从轻) keep the fine in the lower half of the range, up to
//! its midpoint; aggravating factors alone (从重) keep it in the upper half, from the
//! midpoint; both together, or none, leave the whole range to the officer's judgement.

use api_types::catalog::{
    DiscretionBenchmark, DiscretionFactor, DiscretionTier, Evaluation, FactorDirection,
};
use api_types::FieldError;

/// Formats fen as yuan for people: 500000 → "5000元", 12345 → "123.45元".
pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        format!("{}元", fen / 100)
    } else {
        format!("{}.{:02}元", fen / 100, (fen % 100).abs())
    }
}

fn yuan_en(fen: i64) -> String {
    if fen % 100 == 0 {
        format!("CNY {}", fen / 100)
    } else {
        format!("CNY {}.{:02}", fen / 100, (fen % 100).abs())
    }
}

/// Evaluates `tier_code` with `factor_codes` under `benchmark`; field errors name the
/// unknown tier or factor.
pub fn evaluate(
    benchmark: &DiscretionBenchmark,
    tier_code: &str,
    factor_codes: &[String],
) -> Result<Evaluation, Vec<FieldError>> {
    let Some(tier) = benchmark.tiers.iter().find(|t| t.code == tier_code) else {
        let known: Vec<&str> = benchmark.tiers.iter().map(|t| t.code.as_str()).collect();
        return Err(vec![FieldError::new(
            "tier",
            "unknown_tier",
            format!(
                "no tier {tier_code:?} in this benchmark; tiers: {}",
                known.join(", ")
            ),
        )]);
    };
    let mut factors: Vec<&DiscretionFactor> = Vec::new();
    let mut errors = Vec::new();
    for (i, code) in factor_codes.iter().enumerate() {
        match benchmark.factors.iter().find(|f| &f.code == code) {
            Some(f) if !factors.iter().any(|x| x.code == f.code) => factors.push(f),
            Some(_) => {}
            None => errors.push(FieldError::new(
                format!("factors[{i}]"),
                "unknown_factor",
                format!("no factor {code:?} in this benchmark"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut zh = vec![format!(
        "适用裁量基准第{}版（自{}起施行）。依据：{}",
        benchmark.version_no, benchmark.effective_from, benchmark.legal_basis
    )];
    let mut en = vec![format!(
        "Benchmark version {} applies (in force from {}). Legal basis: {}",
        benchmark.version_no, benchmark.effective_from, benchmark.legal_basis
    )];
    zh.push(format!(
        "违法情形属于“{}”档次：{}",
        tier.name, tier.conditions
    ));
    en.push(format!(
        "The facts fall in tier “{}” ({}): {}",
        tier.name, tier.code, tier.conditions
    ));

    if tier.no_penalty {
        zh.push("该档次依法不予行政处罚。".into());
        en.push("This tier means no administrative penalty is imposed.".into());
        return Ok(result(benchmark, tier, None, None, true, zh, en));
    }
    let (min, max) = match (tier.fine_min_fen, tier.fine_max_fen) {
        (Some(min), Some(max)) => (min, max),
        (Some(v), None) | (None, Some(v)) => (v, v),
        (None, None) => {
            zh.push("该档次不设罚款。".into());
            en.push("This tier sets no fine.".into());
            push_measures(tier, &mut zh, &mut en);
            return Ok(result(benchmark, tier, None, None, false, zh, en));
        }
    };
    zh.push(format!("该档次罚款幅度为{}至{}。", yuan(min), yuan(max)));
    en.push(format!(
        "The tier's fine range is {} to {}.",
        yuan_en(min),
        yuan_en(max)
    ));

    let mitigating: Vec<&str> = factors
        .iter()
        .filter(|f| f.direction == FactorDirection::Mitigating)
        .map(|f| f.name.as_str())
        .collect();
    let aggravating: Vec<&str> = factors
        .iter()
        .filter(|f| f.direction == FactorDirection::Aggravating)
        .map(|f| f.name.as_str())
        .collect();
    let mid = min + (max - min) / 2;
    let (low, high) = match (mitigating.is_empty(), aggravating.is_empty()) {
        (false, true) => {
            zh.push(format!(
                "存在从轻情节（{}），应在该档次幅度的中间值以下确定罚款。",
                mitigating.join("、")
            ));
            en.push(format!(
                "Mitigating factors ({}): the fine is set at or below the middle of the range.",
                mitigating.join(", ")
            ));
            (min, mid)
        }
        (true, false) => {
            zh.push(format!(
                "存在从重情节（{}），应在该档次幅度的中间值以上确定罚款。",
                aggravating.join("、")
            ));
            en.push(format!(
                "Aggravating factors ({}): the fine is set at or above the middle of the range.",
                aggravating.join(", ")
            ));
            (mid, max)
        }
        (false, false) => {
            zh.push(format!(
                "从轻情节（{}）与从重情节（{}）并存，在该档次幅度内综合裁量。",
                mitigating.join("、"),
                aggravating.join("、")
            ));
            en.push(format!(
                "Mitigating ({}) and aggravating ({}) factors are both present: the whole range applies, weighed together.",
                mitigating.join(", "),
                aggravating.join(", ")
            ));
            (min, max)
        }
        (true, true) => {
            zh.push("无从轻或从重情节，在该档次幅度内裁量。".into());
            en.push("No mitigating or aggravating factors: the whole range applies.".into());
            (min, max)
        }
    };
    zh.push(format!("建议罚款幅度：{}至{}。", yuan(low), yuan(high)));
    en.push(format!(
        "Allowed fine: {} to {}.",
        yuan_en(low),
        yuan_en(high)
    ));
    push_measures(tier, &mut zh, &mut en);
    Ok(result(
        benchmark,
        tier,
        Some(low),
        Some(high),
        false,
        zh,
        en,
    ))
}

fn push_measures(tier: &DiscretionTier, zh: &mut Vec<String>, en: &mut Vec<String>) {
    if let Some(measures) = tier
        .other_measures
        .as_deref()
        .filter(|m| !m.trim().is_empty())
    {
        zh.push(format!("其他处理措施：{measures}"));
        en.push(format!("Other measures: {measures}"));
    }
}

fn result(
    benchmark: &DiscretionBenchmark,
    tier: &DiscretionTier,
    min: Option<i64>,
    max: Option<i64>,
    no_penalty: bool,
    zh: Vec<String>,
    en: Vec<String>,
) -> Evaluation {
    Evaluation {
        benchmark_id: benchmark.id,
        version_no: benchmark.version_no,
        effective_from: benchmark.effective_from,
        tier: tier.clone(),
        fine_min_fen: min,
        fine_max_fen: max,
        no_penalty,
        fine_within_range: None,
        explanation_zh: zh,
        explanation_en: en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn benchmark() -> DiscretionBenchmark {
        DiscretionBenchmark {
            id: uuid::Uuid::nil(),
            power_item_id: uuid::Uuid::nil(),
            version_no: 2,
            effective_from: chrono::NaiveDate::from_ymd_opt(2022, 7, 1).expect("date"),
            effective_to: None,
            legal_basis: "《城市市容和环境卫生管理条例》第三十六条".into(),
            notes: None,
            tiers: vec![
                DiscretionTier {
                    code: "minor".into(),
                    name: "轻微".into(),
                    conditions: "首次违法且及时改正".into(),
                    fine_min_fen: None,
                    fine_max_fen: None,
                    other_measures: None,
                    no_penalty: true,
                },
                DiscretionTier {
                    code: "general".into(),
                    name: "一般".into(),
                    conditions: "面积10平方米以下".into(),
                    fine_min_fen: Some(50_000),
                    fine_max_fen: Some(200_000),
                    other_measures: Some("责令限期拆除".into()),
                    no_penalty: false,
                },
            ],
            factors: vec![
                DiscretionFactor {
                    code: "first".into(),
                    name: "初次违法".into(),
                    direction: FactorDirection::Mitigating,
                },
                DiscretionFactor {
                    code: "repeat".into(),
                    name: "屡教不改".into(),
                    direction: FactorDirection::Aggravating,
                },
            ],
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn factors_narrow_the_range() {
        let b = benchmark();
        let plain = evaluate(&b, "general", &[]).expect("ok");
        assert_eq!(
            (plain.fine_min_fen, plain.fine_max_fen),
            (Some(50_000), Some(200_000))
        );
        let light = evaluate(&b, "general", &["first".into()]).expect("ok");
        assert_eq!(
            (light.fine_min_fen, light.fine_max_fen),
            (Some(50_000), Some(125_000))
        );
        let heavy = evaluate(&b, "general", &["repeat".into()]).expect("ok");
        assert_eq!(
            (heavy.fine_min_fen, heavy.fine_max_fen),
            (Some(125_000), Some(200_000))
        );
        let both = evaluate(&b, "general", &["first".into(), "repeat".into()]).expect("ok");
        assert_eq!(
            (both.fine_min_fen, both.fine_max_fen),
            (Some(50_000), Some(200_000))
        );
        assert!(light.explanation_zh.iter().any(|l| l.contains("初次违法")));
        assert!(light
            .explanation_zh
            .last()
            .expect("line")
            .contains("责令限期拆除"));
        assert!(light
            .explanation_zh
            .iter()
            .any(|l| l.contains("500元至1250元")));
    }

    #[test]
    fn no_penalty_and_unknown_codes() {
        let b = benchmark();
        let minor = evaluate(&b, "minor", &[]).expect("ok");
        assert!(minor.no_penalty);
        assert_eq!(minor.fine_max_fen, None);
        let err = evaluate(&b, "huge", &[]).expect_err("unknown tier");
        assert_eq!(err[0].field, "tier");
        let err =
            evaluate(&b, "general", &["first".into(), "nope".into()]).expect_err("unknown factor");
        assert_eq!(err[0].field, "factors[1]");
        assert_eq!(yuan(12_345), "123.45元");
    }
}
