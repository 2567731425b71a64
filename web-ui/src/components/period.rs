//! A picker for reporting periods (`api_types::period::Period`: `2022-05` for a
//! month, `2022-Q2` for a quarter, `2022` for a year: a year select alone).

pub use api_types::period::Period;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

/// Months, quarters or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodKind {
    Month,
    Quarter,
    Year,
}

fn kind(p: Period) -> PeriodKind {
    match p {
        Period::Month { .. } => PeriodKind::Month,
        Period::Quarter { .. } => PeriodKind::Quarter,
        Period::Year { .. } => PeriodKind::Year,
    }
}

fn year(p: Period) -> i32 {
    match p {
        Period::Month { year, .. } | Period::Quarter { year, .. } | Period::Year { year } => year,
    }
}

/// Month (1–12) or quarter (1–4); a year has none.
fn part(p: Period) -> u32 {
    match p {
        Period::Month { month, .. } => month,
        Period::Quarter { quarter, .. } => quarter,
        Period::Year { .. } => 0,
    }
}

fn with(kind: PeriodKind, year: i32, part: u32) -> Period {
    match kind {
        PeriodKind::Month => Period::Month {
            year,
            month: part.clamp(1, 12),
        },
        PeriodKind::Quarter => Period::Quarter {
            year,
            quarter: part.clamp(1, 4),
        },
        PeriodKind::Year => Period::Year { year },
    }
}

#[derive(Properties, PartialEq)]
pub struct PeriodPickerProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: Period,
    pub on_change: Callback<Period>,
    /// First and last selectable year.
    pub years: (i32, i32),
}

/// A year select and a month or quarter select, in a labelled fieldset.
#[function_component]
pub fn PeriodPicker(props: &PeriodPickerProps) -> Html {
    let t = use_i18n().t();
    let kind = kind(props.value);
    let year_id = format!("{}-year", props.id);
    let part_id = format!("{}-part", props.id);
    let on_year = {
        let value = props.value;
        props.on_change.reform(move |e: Event| {
            let year = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(year(value));
            with(kind, year, part(value))
        })
    };
    let on_part = {
        let value = props.value;
        props.on_change.reform(move |e: Event| {
            let part = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(part(value));
            with(kind, year(value), part)
        })
    };
    let parts: Vec<(u32, String)> = match kind {
        PeriodKind::Month => (1..=12).map(|m| (m, (t.month_name)(m))).collect(),
        PeriodKind::Quarter => (1..=4).map(|q| (q, (t.quarter_name)(q))).collect(),
        PeriodKind::Year => Vec::new(),
    };
    let part_label = match kind {
        PeriodKind::Month => t.period_month,
        PeriodKind::Quarter => t.period_quarter,
        PeriodKind::Year => t.period_year,
    };
    html! {
        <fieldset class="period-picker" id={props.id.clone()} data-value={props.value.to_string()}>
            <legend>{ props.label.clone() }</legend>
            <label for={year_id.clone()} class="sr-only">{ t.period_year }</label>
            <select id={year_id} onchange={on_year}>
                { for (props.years.0..=props.years.1).rev().map(|y| html! {
                    <option value={y.to_string()} selected={y == year(props.value)}>{ y }</option>
                }) }
            </select>
            if !parts.is_empty() {
                <label for={part_id.clone()} class="sr-only">{ part_label }</label>
                <select id={part_id} onchange={on_part}>
                    { for parts.into_iter().map(|(p, name)| html! {
                        <option value={p.to_string()} selected={p == part(props.value)}>{ name }</option>
                    }) }
                </select>
            }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_a_part_keeps_the_kind_and_clamps() {
        let may = Period::Month {
            year: 2022,
            month: 5,
        };
        assert_eq!(with(kind(may), 2023, part(may)).to_string(), "2023-05");
        let q2 = Period::Quarter {
            year: 2022,
            quarter: 2,
        };
        assert_eq!(with(kind(q2), year(q2), 9).to_string(), "2022-Q4");
        let year_only = Period::Year { year: 2022 };
        assert_eq!(with(kind(year_only), 2023, 5).to_string(), "2023");
    }
}
