//! 处罚公开: penalty decisions entered, published, corrected and withdrawn by the units
//! (private list, entry form, record detail), monthly publication completeness, and
//! the public pages anyone can read without signing in.

pub mod completeness;
pub mod detail;
pub mod form;
pub mod import;
pub mod list;
pub mod public;

use api_types::disclosure::{DisclosureStatus, Timeliness};
use yew::prelude::*;

use crate::components::{Badge, SubNav, Tone};
use crate::format;
use crate::i18n::Texts;
use crate::routes::Route;

/// The tabs of the capability (for users who read the private records).
pub fn tabs(t: &'static Texts, can_write: bool) -> Html {
    let mut items = vec![(Route::Disclosure, AttrValue::Static(t.disc_tab_records))];
    if can_write {
        items.push((Route::DisclosureNew, AttrValue::Static(t.disc_tab_new)));
        items.push((
            Route::DisclosureImport,
            AttrValue::Static(t.disc_tab_import),
        ));
    }
    items.push((
        Route::DisclosureCompleteness,
        AttrValue::Static(t.disc_tab_completeness),
    ));
    items.push((
        Route::PublicDisclosure,
        AttrValue::Static(t.disc_tab_public),
    ));
    html! { <SubNav label={t.cap_disclosure.0} {items} /> }
}

pub fn status_badge(status: DisclosureStatus, t: &Texts) -> Html {
    let tone = match status {
        DisclosureStatus::Draft => Tone::Neutral,
        DisclosureStatus::Published => Tone::Success,
        DisclosureStatus::Corrected => Tone::Info,
        DisclosureStatus::Withdrawn => Tone::Danger,
    };
    html! { <Badge {tone} text={(t.disclosure_status)(status)} /> }
}

pub fn timeliness_badge(timeliness: Timeliness, t: &Texts) -> Html {
    let tone = match timeliness {
        Timeliness::OnTime => Tone::Success,
        Timeliness::Late => Tone::Warning,
        Timeliness::Overdue => Tone::Danger,
        Timeliness::Pending => Tone::Info,
    };
    html! { <Badge {tone} text={(t.timeliness)(timeliness)} /> }
}

/// An amount in fen as "5,000 元" (or "—").
pub fn money(fen: Option<i64>, t: &Texts) -> String {
    match fen {
        Some(f) => format!("{}{}", format::yuan(f), t.yuan),
        None => "—".into(),
    }
}

/// The penalty in one line: fine, confiscation, other measures.
pub fn penalty(
    fine: Option<i64>,
    confiscated: Option<i64>,
    other: Option<&str>,
    t: &Texts,
) -> String {
    let mut parts = Vec::new();
    if let Some(f) = fine {
        parts.push(format!("{}{}", t.disc_fine_short, money(Some(f), t)));
    }
    if let Some(c) = confiscated {
        parts.push(format!("{}{}", t.disc_confiscated_short, money(Some(c), t)));
    }
    if let Some(o) = other.filter(|o| !o.trim().is_empty()) {
        parts.push(o.to_string());
    }
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(t.list_sep)
    }
}
