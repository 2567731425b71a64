//! Item analysis as Moodle's quiz statistics define it (question/classes/statistics and
//! mod/quiz/report/statistics): per item the facility index, the standard deviation,
//! the discrimination index (the correlation of the item's mark with the rest of the
//! test) and the discriminative efficiency; for the test the mean, median, standard
//! deviation, skewness, kurtosis, Cronbach's α (coefficient of internal consistency),
//! the error ratio and the standard error. Sample (n − 1) denominators throughout.

/// Below this discriminative efficiency (%) an item is flagged for review.
pub const DUBIOUS_EFFICIENCY: f64 = 15.0;

fn mean(values: &[f64]) -> f64 {
    // Attempt counts are far below 2^53.
    #[allow(clippy::cast_precision_loss)]
    let n = values.len() as f64;
    values.iter().sum::<f64>() / n
}

/// Sample covariance; `None` below two values.
fn covariance(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() < 2 || a.len() != b.len() {
        return None;
    }
    let (ma, mb) = (mean(a), mean(b));
    #[allow(clippy::cast_precision_loss)]
    let n = a.len() as f64;
    Some(
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - ma) * (y - mb))
            .sum::<f64>()
            / (n - 1.0),
    )
}

/// The statistics of one item over the attempts that showed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub facility: Option<f64>,
    pub standard_deviation: Option<f64>,
    pub discrimination_index: Option<f64>,
    pub discriminative_efficiency: Option<f64>,
}

impl Item {
    pub fn flagged(&self) -> bool {
        self.discriminative_efficiency
            .is_some_and(|e| e < DUBIOUS_EFFICIENCY)
    }
}

/// `marks` of the item and `totals` of the same attempts; `max` the item's points.
pub fn item(marks: &[f64], totals: &[f64], max: f64) -> Item {
    let empty = Item {
        facility: None,
        standard_deviation: None,
        discrimination_index: None,
        discriminative_efficiency: None,
    };
    if marks.is_empty() || max <= 0.0 || marks.len() != totals.len() {
        return empty;
    }
    let rest: Vec<f64> = totals.iter().zip(marks).map(|(t, x)| t - x).collect();
    let facility = Some(100.0 * mean(marks) / max);
    let variance = covariance(marks, marks);
    let standard_deviation = variance.map(|v| 100.0 * v.sqrt() / max);
    let cov = covariance(marks, &rest);
    let rest_variance = covariance(&rest, &rest);
    let discrimination_index = match (cov, variance, rest_variance) {
        (Some(c), Some(v), Some(r)) if v > 0.0 && r > 0.0 => Some(100.0 * c / (v * r).sqrt()),
        _ => None,
    };
    // The largest covariance these marks could have: both sorted, paired by rank.
    let mut sorted_marks = marks.to_vec();
    let mut sorted_rest = rest.clone();
    sorted_marks.sort_by(f64::total_cmp);
    sorted_rest.sort_by(f64::total_cmp);
    let discriminative_efficiency = match (cov, covariance(&sorted_marks, &sorted_rest)) {
        (Some(c), Some(max_cov)) if max_cov > 0.0 => Some(100.0 * c / max_cov),
        _ => None,
    };
    Item {
        facility,
        standard_deviation,
        discrimination_index,
        discriminative_efficiency,
    }
}

/// The statistics of the whole test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Test {
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub standard_deviation: Option<f64>,
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    pub cic: Option<f64>,
    pub error_ratio: Option<f64>,
    pub standard_error: Option<f64>,
}

/// `totals` of the attempts; `slot_marks[i]` the marks of the paper's item `i` over the
/// same attempts (for Cronbach's α, the variance of each item of the paper).
pub fn test(totals: &[f64], slot_marks: &[Vec<f64>]) -> Test {
    let n = totals.len();
    if n == 0 {
        return Test {
            mean: None,
            median: None,
            standard_deviation: None,
            skewness: None,
            kurtosis: None,
            cic: None,
            error_ratio: None,
            standard_error: None,
        };
    }
    let avg = mean(totals);
    let mut sorted = totals.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    #[allow(clippy::cast_precision_loss)]
    let nf = n as f64;
    let moment = |r: i32| totals.iter().map(|t| (t - avg).powi(r)).sum::<f64>() / nf;
    let (m2, m3, m4) = (moment(2), moment(3), moment(4));
    let k2 = (n > 1).then(|| nf * m2 / (nf - 1.0));
    let standard_deviation = k2.map(f64::sqrt);
    let spread = k2.filter(|k| *k > 0.0);
    let skewness = spread.filter(|_| n > 2).map(|k2| {
        let k3 = nf * nf * m3 / ((nf - 1.0) * (nf - 2.0));
        k3 / k2.powf(1.5)
    });
    let kurtosis = spread.filter(|_| n > 3).map(|k2| {
        let k4 = nf * nf * ((nf + 1.0) * m4 - 3.0 * (nf - 1.0) * m2 * m2)
            / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0));
        k4 / (k2 * k2)
    });
    #[allow(clippy::cast_precision_loss)]
    let p = slot_marks.len() as f64;
    let variance_sum: Option<f64> = slot_marks
        .iter()
        .map(|marks| covariance(marks, marks))
        .sum();
    let cic = match (spread, variance_sum) {
        (Some(k2), Some(sum)) if p > 1.0 => Some(100.0 * p / (p - 1.0) * (1.0 - sum / k2)),
        _ => None,
    };
    let error_ratio = cic
        .filter(|c| *c <= 100.0)
        .map(|c| 100.0 * (1.0 - c / 100.0).sqrt());
    let standard_error = match (error_ratio, standard_deviation) {
        (Some(er), Some(sd)) => Some(er * sd / 100.0),
        _ => None,
    };
    Test {
        mean: Some(avg),
        median: Some(median),
        standard_deviation,
        skewness,
        kurtosis,
        cic,
        error_ratio,
        standard_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five first attempts at a paper of three items worth 1, 1 and 2 points.
    const MARKS: [[f64; 3]; 5] = [
        [1.0, 1.0, 2.0],
        [1.0, 0.0, 2.0],
        [0.0, 1.0, 0.0],
        [1.0, 0.0, 0.0],
        [0.0, 0.0, 1.0],
    ];
    const MAX: [f64; 3] = [1.0, 1.0, 2.0];

    fn close(actual: Option<f64>, expected: f64) {
        let a = actual.expect("defined");
        assert!((a - expected).abs() < 1e-9, "{a} ≠ {expected}");
    }

    fn column(i: usize) -> Vec<f64> {
        MARKS.iter().map(|r| r[i]).collect()
    }

    fn totals() -> Vec<f64> {
        MARKS.iter().map(|r| r.iter().sum()).collect()
    }

    /// Item 1 by hand: marks x = 1,1,0,1,0 (mean 0.6), rest of the test 3,2,1,0,1
    /// (mean 1.4). Σ(x−x̄)(r−r̄) = 0.64+0.24+0.24−0.56+0.24 = 0.8, so Cov = 0.8/4 = 0.2;
    /// Var x = 1.2/4 = 0.3, Var r = 5.2/4 = 1.3; DI = 100·0.2/√(0.3·1.3) = 32.0256…
    /// Sorted pairs (0,0)(0,1)(1,1)(1,2)(1,3) give Cov_max = 1.8/4 = 0.45, so
    /// DE = 100·0.2/0.45 = 44.44…; facility 3/5 = 60 %, SD √0.3 = 54.77 %.
    #[test]
    fn item_statistics_match_the_hand_computation() {
        let first = item(&column(0), &totals(), MAX[0]);
        close(first.facility, 60.0);
        close(first.standard_deviation, 54.772_255_750_5);
        close(first.discrimination_index, 32.025_630_761_0);
        close(first.discriminative_efficiency, 44.444_444_444_4);
        assert!(!first.flagged());

        let second = item(&column(1), &totals(), MAX[1]);
        close(second.facility, 40.0);
        close(second.discrimination_index, -6.804_138_174_4);
        close(second.discriminative_efficiency, -7.142_857_142_9);
        assert!(second.flagged(), "DE below 15 % is flagged");

        let third = item(&column(2), &totals(), MAX[2]);
        close(third.facility, 50.0);
        close(third.standard_deviation, 50.0);
        close(third.discrimination_index, 35.355_339_059_3);
        close(third.discriminative_efficiency, 50.0);
    }

    /// Totals 4,3,1,1,1: mean 2, median 1, m2 = 1.6, k2 = 2, SD √2; m3 = 1.2,
    /// k3 = 25·1.2/12 = 2.5, skewness 2.5/2^1.5 = 0.8839; m4 = 4, k4 = 25·(6·4 −
    /// 12·2.56)/24 = −7, kurtosis −7/4 = −1.75. Item variances 0.3 + 0.3 + 1.0 = 1.6,
    /// α = 100·3/2·(1 − 1.6/2) = 30 %, error ratio 100·√0.7 = 83.67, SE 1.1832.
    #[test]
    fn test_statistics_match_the_hand_computation() {
        let slots: Vec<Vec<f64>> = (0..3).map(column).collect();
        let t = test(&totals(), &slots);
        close(t.mean, 2.0);
        close(t.median, 1.0);
        close(t.standard_deviation, 2f64.sqrt());
        close(t.skewness, 0.883_883_476_5);
        close(t.kurtosis, -1.75);
        close(t.cic, 30.0);
        close(t.error_ratio, 83.666_002_653_4);
        close(t.standard_error, 1.183_215_956_6);
    }

    #[test]
    fn too_few_attempts_leave_statistics_undefined() {
        let one = item(&[1.0], &[3.0], 1.0);
        assert_eq!(one.facility, Some(100.0));
        assert_eq!(one.standard_deviation, None);
        assert_eq!(one.discrimination_index, None);
        let all_right = item(&[1.0, 1.0, 1.0], &[3.0, 2.0, 1.0], 1.0);
        assert_eq!(
            all_right.discrimination_index, None,
            "no spread in the item"
        );
        let t = test(&[5.0, 5.0], &[vec![1.0, 1.0], vec![4.0, 4.0]]);
        assert_eq!(t.cic, None, "no spread in the totals");
        assert_eq!(test(&[], &[]).mean, None);
    }
}
