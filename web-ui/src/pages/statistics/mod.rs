//! 执法统计: county bureaus fill in and submit their periodic reports (figures computed
//! from their disclosures shown beside the entered ones), the city bureau reviews them
//! and reads the region table with its charts and the units still missing.

pub mod decisions;
pub mod list;
pub mod region;
pub mod report;
pub mod risks;

use api_types::statistics::{StatisticsStatus, Timeliness};
use yew::prelude::*;

use crate::components::{Badge, SubNav, Tone};
use crate::i18n::Texts;
use crate::routes::Route;

/// The tabs of the capability: reports, the region view (city level), major
/// decisions and risk assessments.
pub fn tabs(t: &'static Texts, can_region: bool) -> Html {
    let mut items = vec![(Route::Statistics, AttrValue::Static(t.st_tab_reports))];
    if can_region {
        items.push((Route::StatisticsRegion, AttrValue::Static(t.st_tab_region)));
    }
    items.push((Route::MajorDecisions, AttrValue::Static(t.md_tab)));
    items.push((Route::RiskAssessments, AttrValue::Static(t.ra_tab)));
    html! { <SubNav label={t.cap_statistics.0} {items} /> }
}

pub fn status_badge(status: StatisticsStatus, t: &Texts) -> Html {
    let tone = match status {
        StatisticsStatus::Draft => Tone::Neutral,
        StatisticsStatus::Submitted => Tone::Info,
        StatisticsStatus::Returned => Tone::Warning,
        StatisticsStatus::Accepted => Tone::Success,
    };
    html! { <Badge {tone} text={(t.statistics_status)(status)} /> }
}

pub fn timeliness_badge(timeliness: Timeliness, t: &Texts) -> Html {
    let tone = match timeliness {
        Timeliness::OnTime => Tone::Success,
        Timeliness::Late => Tone::Warning,
        Timeliness::Overdue => Tone::Danger,
        Timeliness::Pending => Tone::Info,
    };
    html! { <Badge {tone} text={(t.report_timeliness)(timeliness)} /> }
}

/// A figure with the column's decimals and thousands separators ("1,823.45").
pub fn figure(value: f64, decimals: u8) -> String {
    let text = format!("{value:.*}", usize::from(decimals.min(4)));
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The change from `before` to `now` in percent ("+12.5%"), or "—" without a base.
pub fn change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) if b != 0.0 => format!("{:+.1}%", (n - b) / b * 100.0),
        _ => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_grouped_with_their_decimals() {
        assert_eq!(figure(1823.45, 2), "1,823.45");
        assert_eq!(figure(1234567.0, 0), "1,234,567");
        assert_eq!(figure(-1000.0, 0), "-1,000");
        assert_eq!(figure(12.0, 2), "12.00");
        assert_eq!(change(Some(12.0), Some(10.0)), "+20.0%");
        assert_eq!(change(Some(1.0), Some(0.0)), "—");
    }
}
