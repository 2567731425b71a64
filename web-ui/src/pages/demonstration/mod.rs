//! 示范创建: the yearly demonstration rounds. The city bureau sets up a round (criteria,
//! phase weights, deadlines, awards, panel); brigades write their application with a
//! self-assessment and evidence and submit it by the deadline; the county bureau
//! recommends or declines; the panel scores the recommended applications in the written
//! and on-site reviews (a running score computed by the server's code); the city bureau
//! ranks, names and publishes the units, whose certificates print.

pub mod application;
pub mod certificate;
pub mod criteria;
pub mod queue;
pub mod ranking;
pub mod recommend;
pub mod review;
pub mod review_form;
pub mod reviews;
pub mod round;
pub mod round_form;
pub mod rounds;
pub mod self_assessment;

use std::rc::Rc;

use api_types::assessment::show;
use api_types::auth::Me;
use api_types::demonstration::{
    ApplicationStatus, DemonstrationApplication, PanelReviewStatus, RoundStatus,
};
use api_types::units::UnitKind;
use api_types::{ErrorCode, Permission};
use yew::prelude::*;

use crate::capability::can;
use crate::components::{Badge, FormAlert, SubNav, Tone};
use crate::i18n::Texts;
use crate::pages::forbidden;
use crate::routes::Route;
use crate::services::api::ApiError;

/// The page of a `/demonstration…` route (the router in `app.rs` hands them all here).
pub fn page(route: &Route, me: &Rc<Me>) -> Html {
    if !can(me, Permission::DemonstrationRead) {
        return forbidden();
    }
    let me = me.clone();
    match route {
        Route::DemonstrationQueue => html! { <queue::QueuePage {me} /> },
        Route::DemonstrationReviews => html! { <reviews::ReviewsPage {me} /> },
        Route::DemonstrationReview { id } => {
            html! { <review::PanelReviewPage {me} id={id.clone()} /> }
        }
        Route::DemonstrationRoundNew => html! { <round_form::RoundFormPage {me} /> },
        Route::DemonstrationRoundEdit { id } => {
            html! { <round_form::RoundFormPage {me} id={Some(id.clone())} /> }
        }
        Route::DemonstrationApply { id } => {
            html! { <application::NewApplicationPage {me} round_id={id.clone()} /> }
        }
        Route::DemonstrationRound { id } => html! { <round::RoundPage {me} id={id.clone()} /> },
        Route::DemonstrationCertificate { id } => {
            html! { <certificate::CertificatePage id={id.clone()} /> }
        }
        Route::DemonstrationApplication { id } => {
            html! { <application::ApplicationPage {me} id={id.clone()} /> }
        }
        _ => html! { <rounds::RoundsPage {me} /> },
    }
}

/// The tabs of the capability the user may open.
pub fn tabs(t: &'static Texts, me: &Me) -> Html {
    let mut items = vec![(Route::Demonstration, AttrValue::Static(t.demo.tab_rounds))];
    if can(me, Permission::DemonstrationRecommend) && me.unit.kind != UnitKind::Brigade {
        items.push((
            Route::DemonstrationQueue,
            AttrValue::Static(t.demo.tab_queue),
        ));
    }
    if can(me, Permission::DemonstrationReview) || can(me, Permission::DemonstrationManage) {
        items.push((
            Route::DemonstrationReviews,
            AttrValue::Static(t.demo.tab_reviews),
        ));
    }
    html! { <SubNav label={t.cap_demonstration.0} {items} /> }
}

/// The header of every page of the capability.
pub fn header(t: &'static Texts, me: &Me) -> Html {
    html! {
        <>
            <crate::components::PageHeader title={t.cap_demonstration.0}
                                           description={Some(AttrValue::Static(t.demo.intro))} />
            { tabs(t, me) }
        </>
    }
}

pub fn round_badge(status: RoundStatus, t: &Texts) -> Html {
    let tone = match status {
        RoundStatus::Open => Tone::Info,
        RoundStatus::Decided => Tone::Warning,
        RoundStatus::Published => Tone::Success,
    };
    html! { <Badge {tone} text={(t.demo.round_status)(status)} /> }
}

pub fn application_badge(status: ApplicationStatus, t: &Texts) -> Html {
    let tone = match status {
        ApplicationStatus::Draft => Tone::Neutral,
        ApplicationStatus::Submitted => Tone::Info,
        ApplicationStatus::Recommended => Tone::Success,
        ApplicationStatus::Declined => Tone::Warning,
    };
    html! { <Badge {tone} text={(t.demo.application_status)(status)} /> }
}

/// The status of an application with 逾期未提交 and 已命名 when they apply.
pub fn application_badges(a: &DemonstrationApplication, t: &Texts) -> Html {
    html! {
        <span class="badges">
            { application_badge(a.status, t) }
            if a.overdue { <Badge tone={Tone::Danger} text={t.demo.overdue} /> }
            if a.named { <Badge tone={Tone::Success} text={t.demo.named_badge} /> }
        </span>
    }
}

pub fn review_badge(status: PanelReviewStatus, t: &Texts) -> Html {
    let tone = match status {
        PanelReviewStatus::Draft => Tone::Neutral,
        PanelReviewStatus::Submitted => Tone::Success,
    };
    html! { <Badge {tone} text={(t.demo.review_status)(status)} /> }
}

/// A score or a dash.
pub fn score(value: Option<f64>) -> String {
    value.map(show).unwrap_or_else(|| "—".into())
}

/// Whether the user recommends this application (its county bureau, or the city bureau
/// for a brigade directly under it).
pub fn recommends(me: &Me, a: &DemonstrationApplication) -> bool {
    can(me, Permission::DemonstrationRecommend)
        && a.status == ApplicationStatus::Submitted
        && a.recommender_unit_id == me.unit.id
}

/// A refusal above a form or a list: the sentence in the user's language, and (in
/// English) the server's own words below.
pub fn refusal(id: impl Into<AttrValue>, error: Option<&ApiError>, t: &'static Texts) -> Html {
    refusal_with(id, error, t, &[])
}

/// [`refusal`] that says `text` for a problem of `code` (what a refusal means here: the
/// deadline passed, the reviewer's own county).
pub fn refusal_with(
    id: impl Into<AttrValue>,
    error: Option<&ApiError>,
    t: &'static Texts,
    known: &[(ErrorCode, &'static str)],
) -> Html {
    let Some(e) = error else { return html! {} };
    let message = known
        .iter()
        .find(|(code, _)| Some(*code) == e.code())
        .map(|(_, text)| text.to_string())
        .unwrap_or_else(|| e.message(t));
    // The server's detail is English: shown only in that locale.
    let mut details: Vec<String> = e
        .problem()
        .and_then(|p| p.detail.clone())
        .filter(|d| t.shows_server_detail && !message.contains(d.as_str()))
        .into_iter()
        .collect();
    details.extend(
        e.field_errors()
            .iter()
            .map(|f| crate::components::form::localise(t, f)),
    );
    html! { <FormAlert id={Some(id.into())} {message} {details} /> }
}
