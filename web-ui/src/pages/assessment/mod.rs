//! 考评: case-file reviews scored against the scoring rules (a running score as the
//! reviewer records findings, computed by the same code as the server), the unit
//! assessment runs with each unit's trace and the comparison of two runs, the monthly
//! notices (draft, approve, publish, print) and the rule-set versions.

pub mod notices;
pub mod review;
pub mod reviews;
pub mod rules;
pub mod runs;

use api_types::assessment::{
    AssessmentNoticeStatus, Grade, ReviewStatus, RuleSetStatus, TraceLine,
};
use api_types::auth::Me;
use api_types::Permission;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{Badge, SubNav, Tone};
use crate::i18n::Texts;
use crate::routes::Route;

/// The tabs of the capability.
pub fn tabs(t: &'static Texts, me: &Me) -> Html {
    let mut items = vec![
        (Route::Assessment, AttrValue::Static(t.asm.tab_reviews)),
        (Route::AssessmentRuns, AttrValue::Static(t.asm.tab_runs)),
        (
            Route::AssessmentNotices,
            AttrValue::Static(t.asm.tab_notices),
        ),
    ];
    if can(me, Permission::AssessmentRead) {
        items.push((Route::AssessmentRules, AttrValue::Static(t.asm.tab_rules)));
    }
    html! { <SubNav label={t.cap_assessment.0} {items} /> }
}

pub fn grade_badge(grade: Grade, t: &Texts) -> Html {
    let tone = match grade {
        Grade::Excellent => Tone::Success,
        Grade::Good => Tone::Info,
        Grade::Pass => Tone::Neutral,
        Grade::Fail => Tone::Danger,
    };
    html! { <Badge {tone} text={(t.asm.grade)(grade)} /> }
}

pub fn review_badge(status: ReviewStatus, t: &Texts) -> Html {
    let tone = match status {
        ReviewStatus::Open => Tone::Info,
        ReviewStatus::Submitted => Tone::Success,
    };
    html! { <Badge {tone} text={(t.asm.review_status)(status)} /> }
}

pub fn notice_badge(status: AssessmentNoticeStatus, t: &Texts) -> Html {
    let tone = match status {
        AssessmentNoticeStatus::Draft => Tone::Neutral,
        AssessmentNoticeStatus::Approved => Tone::Info,
        AssessmentNoticeStatus::Published => Tone::Success,
    };
    html! { <Badge {tone} text={(t.asm.notice_status)(status)} /> }
}

pub fn rule_badge(status: RuleSetStatus, t: &Texts) -> Html {
    let tone = match status {
        RuleSetStatus::Draft => Tone::Neutral,
        RuleSetStatus::Active => Tone::Success,
        RuleSetStatus::Retired => Tone::Warning,
    };
    html! { <Badge {tone} text={(t.asm.rule_status)(status)} /> }
}

/// A score's trace as a table: item, points, deduction and what happened.
pub fn trace_table(t: &'static Texts, id: String, lines: &[TraceLine]) -> Html {
    html! {
        <table class="table trace" {id}>
            <thead><tr>
                <th>{ t.asm.col_item }</th><th>{ t.asm.points }</th><th>{ t.asm.deduction }</th><th>{ t.asm.note }</th>
            </tr></thead>
            <tbody>
                { for lines.iter().map(|l| html! {
                    <tr class={classes!((l.deducted > 0.0 || l.veto.is_some()).then_some("trace-hit"))} data-item={l.item.clone()}>
                        <td>{ format!("{} {}", l.item, l.title) }</td>
                        <td>{ api_types::assessment::show(l.points) }</td>
                        <td>{ if l.deducted > 0.0 { format!("−{}", api_types::assessment::show(l.deducted)) } else { String::new() } }</td>
                        <td>{ l.text.clone() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
