//! 以案释法: typical cases and their quarterly bulletins, and the outcomes of challenged
//! decisions. Units write and submit their cases within the quarter's quota; 政策法规科
//! (with the city bureau's role) returns or accepts them, confirming the masked text,
//! and compiles, previews, prints and publishes the bulletin; the public reads published
//! bulletins without signing in; units and 执法监督科 record reconsiderations and suits.

pub mod bulletins;
pub mod detail;
pub mod form;
pub mod list;
pub mod outcomes;
pub mod public;

use api_types::auth::Me;
use api_types::cases::{BulletinCase, BulletinStatus, CaseStatus};
use api_types::Permission;
use chrono::Datelike;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{Badge, SubNav, Tone};
use crate::i18n::Texts;
use crate::routes::Route;

/// `/cases`: the typical cases for those who read them, else the outcomes.
#[function_component]
pub fn CasesHome(props: &crate::pages::MeProps) -> Html {
    if can(&props.me, Permission::CasesRead) {
        html! { <list::CasesPage me={props.me.clone()} /> }
    } else {
        html! { <yew_router::prelude::Redirect<Route> to={Route::CaseOutcomes} /> }
    }
}

/// The tabs of the capability the user may open.
pub fn tabs(t: &'static Texts, me: &Me) -> Html {
    let mut items = Vec::new();
    if can(me, Permission::CasesRead) {
        items.push((Route::Cases, AttrValue::Static(t.cs.tab_cases)));
        items.push((Route::CaseBulletins, AttrValue::Static(t.cs.tab_bulletins)));
    }
    if can(me, Permission::CaseOutcomesRead) {
        items.push((Route::CaseOutcomes, AttrValue::Static(t.cs.tab_outcomes)));
    }
    html! { <SubNav label={t.cap_cases.0} {items} /> }
}

pub fn case_badge(status: CaseStatus, t: &Texts) -> Html {
    let tone = match status {
        CaseStatus::Draft | CaseStatus::Withdrawn => Tone::Neutral,
        CaseStatus::Submitted => Tone::Info,
        CaseStatus::Returned => Tone::Warning,
        CaseStatus::Accepted | CaseStatus::Selected => Tone::Success,
    };
    html! { <Badge {tone} text={(t.cs.status)(status)} /> }
}

pub fn bulletin_badge(status: BulletinStatus, t: &Texts) -> Html {
    let tone = match status {
        BulletinStatus::Draft => Tone::Neutral,
        BulletinStatus::Published => Tone::Success,
    };
    html! { <Badge {tone} text={(t.cs.bulletin_status)(status)} /> }
}

/// The quarter of today (`2026-Q4`).
pub fn this_quarter() -> String {
    let today = crate::format::today_date();
    format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1)
}

/// The cases of a bulletin as an official bulletin prints them: 案例一、【关键词】…
pub fn bulletin_cases(t: &'static Texts, cases: &[BulletinCase]) -> Html {
    html! {
        <ol class="bulletin-cases">
            { for cases.iter().enumerate().map(|(i, c)| html! {
                <li class="bulletin-case">
                    <h2>{ (t.cs.case_heading)(i + 1, &c.text.title) }</h2>
                    <p class="muted">{ t.cs.submitted_by }{ c.unit_name.clone() }</p>
                    <p><strong>{ t.cs.h_keywords }</strong>{ c.text.keywords.join("　") }</p>
                    <h3>{ t.cs.h_facts }</h3><p class="pre">{ c.text.facts.clone() }</p>
                    <h3>{ t.cs.h_handling }</h3><p class="pre">{ c.text.handling.clone() }</p>
                    <h3>{ t.cs.h_basis }</h3><p class="pre">{ c.text.legal_basis.clone() }</p>
                    <h3>{ t.cs.h_significance }</h3><p class="pre">{ c.text.significance.clone() }</p>
                    if !c.commentary.is_empty() {
                        <h3>{ t.cs.h_commentary }</h3><p class="pre">{ c.commentary.clone() }</p>
                    }
                </li>
            }) }
        </ol>
    }
}
