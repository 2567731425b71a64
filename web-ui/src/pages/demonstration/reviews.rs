//! `/demonstration/reviews`: the reviews the user wrote (the city bureau sees every
//! reviewer's), and the buttons with which a panel member opens — or first creates —
//! their written and on-site review of a recommended application.

use std::rc::Rc;

use api_types::assessment::show;
use api_types::demonstration::{
    DemonstrationApplication, DemonstrationReview, PanelReviewContent, ReviewPhase,
};
use api_types::{ErrorCode, Page};
use yew::prelude::*;

use super::{header, refusal_with, review_badge};
use crate::components::{push_path, ErrorPanel, Href, Loading};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

#[function_component]
pub fn ReviewsPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<DemonstrationReview>>(
            "/demonstration-reviews",
            &[("per_page", "100".into())],
        )
        .await
    });
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted" id="no-reviews">{ t.demo.no_reviews }</p> }
        }
        (Some(p), None) => html! {
            <div class="table-scroll">
                <table class="data-table" id="review-list">
                    <thead><tr>
                        <th>{ t.demo.unit }</th><th>{ t.demo.phase }</th><th>{ t.demo.reviewer }</th>
                        <th>{ t.demo.review_score }</th><th>{ t.col_status }</th><th>{ t.col_time }</th>
                    </tr></thead>
                    <tbody>
                        { for p.items.iter().map(|r| html! {
                            <tr id={format!("review-{}", r.id)} data-unit={r.unit_name.clone()}>
                                <td><Href to={format!("/demonstration/reviews/{}", r.id)}>{ r.unit_name.clone() }</Href></td>
                                <td>{ (t.demo.phase_name)(r.content.phase) }</td>
                                <td>{ r.reviewer_name.clone() }</td>
                                <td class="num">{ show(r.scored.score) }</td>
                                <td>{ review_badge(r.status, t) }</td>
                                <td class="nowrap">{ format::local_time(&r.submitted_at.unwrap_or(r.updated_at)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <>
            { header(t, &props.me) }
            <section class="card" aria-labelledby="reviews-title">
                <h2 class="card-title" id="reviews-title">{ t.demo.reviews_title }</h2>
                { body }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewButtonsProps {
    pub application: Rc<DemonstrationApplication>,
    /// The user's reviews of the application (at most one per phase).
    pub reviews: Vec<DemonstrationReview>,
}

/// 书面评议 / 实地评议: opens the user's review of the phase, creating it first.
#[function_component]
pub fn ReviewButtons(props: &ReviewButtonsProps) -> Html {
    let t = use_i18n().t();
    let opening = use_submission();
    let a = &props.application;
    let open = |phase: ReviewPhase| {
        let (opening, application_id) = (opening.clone(), a.id);
        Callback::from(move |_: MouseEvent| {
            let body = PanelReviewContent {
                application_id,
                phase,
                findings: Vec::new(),
                visited_on: (phase == ReviewPhase::Onsite).then(format::today_date),
                participants: String::new(),
                checked: Vec::new(),
                notes: String::new(),
            };
            opening
                .request(async move {
                    api::post::<_, DemonstrationReview>("/demonstration-reviews", &body).await
                })
                .then(|r| push_path(&format!("/demonstration/reviews/{}", r.id)));
        })
    };
    let button = |phase: ReviewPhase| {
        let id = format!("{}-{}", phase.as_str(), a.id);
        let class = classes!("btn", "btn-small", format!("review-{}", phase.as_str()));
        match props.reviews.iter().find(|r| r.content.phase == phase) {
            Some(r) => html! {
                <Href to={format!("/demonstration/reviews/{}", r.id)} id={Some(AttrValue::from(id))} {class}>
                    { (t.demo.phase_name)(phase) }{ " " }{ review_badge(r.status, t) }
                </Href>
            },
            None => html! {
                <button type="button" {id} {class} data-unit={a.unit_name.clone()}
                        disabled={opening.busy()} onclick={open(phase)}>{ (t.demo.phase_name)(phase) }</button>
            },
        }
    };
    html! {
        <div class="review-buttons">
            <span class="row-actions">
                { button(ReviewPhase::Written) }
                { button(ReviewPhase::Onsite) }
            </span>
            { refusal_with(format!("review-error-{}", a.id), opening.error(), t,
                           &[(ErrorCode::Forbidden, t.demo.own_county_refused)]) }
        </div>
    }
}
