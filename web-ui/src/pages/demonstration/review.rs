//! `/demonstration/reviews/:id`: one panel member's written or on-site review of an
//! application — the form while it is the user's draft, else its score and trace.

use std::rc::Rc;

use api_types::assessment::{show, RuleSet};
use api_types::auth::Me;
use api_types::demonstration::{
    DemonstrationApplication, DemonstrationReview, DemonstrationRound, PanelReviewStatus,
};
use yew::prelude::*;

use super::criteria::round_with_rules;
use super::review_form::{visit_details, ReviewForm};
use super::{header, review_badge};
use crate::components::{Attachments, ErrorPanel, Href, Loading};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::{use_i18n, Texts};
use crate::pages::assessment::trace_table;
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct PanelReviewProps {
    pub me: Rc<Me>,
    pub id: String,
}

type Loaded = (
    DemonstrationReview,
    DemonstrationRound,
    RuleSet,
    DemonstrationApplication,
);

async fn load(id: String) -> Result<Loaded, ApiError> {
    let review = api::get::<DemonstrationReview>(&format!("/demonstration-reviews/{id}")).await?;
    let (round, rules) = round_with_rules(&review.round_id.to_string()).await?;
    let application = api::get::<DemonstrationApplication>(&format!(
        "/demonstration-applications/{}",
        review.content.application_id
    ))
    .await?;
    Ok((review, round, rules, application))
}

#[function_component]
pub fn PanelReviewPage(props: &PanelReviewProps) -> Html {
    let t = use_i18n().t();
    let data = use_fetch(props.id.clone(), load);
    let body = match (data.data(), data.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(data.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(d), None) => {
            let (r, round, rules, a) = &*d;
            let mine = r.reviewer_id == props.me.id && r.status == PanelReviewStatus::Draft;
            html! {
                <>
                    { heading(r, round, a, t) }
                    if mine {
                        <ReviewForm review={Rc::new(r.clone())} rules={Rc::new(rules.clone())}
                                    application={Rc::new(a.clone())} on_changed={data.reload.clone()} />
                    } else {
                        <section class="card" aria-labelledby="review-result-title">
                            <h2 class="card-title" id="review-result-title">{ (t.demo.phase_name)(r.content.phase) }</h2>
                            <p class="score-line" id="review-result">{ (t.demo.running_score)(&show(r.scored.score)) }</p>
                            { visit_details(r, rules, t) }
                            if !r.content.notes.is_empty() { <p class="prose">{ r.content.notes.clone() }</p> }
                            { trace_table(t, "review-trace".into(), &r.scored.trace) }
                            <Attachments id="photos" files={r.attachments.clone()}
                                         max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES} on_changed={data.reload.clone()} />
                        </section>
                    }
                </>
            }
        }
    };
    html! {
        <>
            { header(t, &props.me) }
            { body }
        </>
    }
}

fn heading(
    r: &DemonstrationReview,
    round: &DemonstrationRound,
    a: &DemonstrationApplication,
    t: &'static Texts,
) -> Html {
    html! {
        <section class="card" aria-labelledby="review-title">
            <div class="card-toolbar">
                <h2 class="card-title" id="review-title">{ format!("{}　{}", r.unit_name, (t.demo.phase_name)(r.content.phase)) }</h2>
                { review_badge(r.status, t) }
            </div>
            <p class="muted">
                <Href to={format!("/demonstration/rounds/{}", round.id)}>{ round.content.name.clone() }</Href>
                { format!("　{}：{}　", t.demo.reviewer, r.reviewer_name) }
                <Href to={format!("/demonstration/applications/{}", a.id)}>{ t.demo.open_application }</Href>
                if let Some(at) = &r.submitted_at { { format!("　{} {}", t.demo.submitted_at, format::local_time(at)) } }
            </p>
            <details class="application-summary">
                <summary>{ t.demo.summary }</summary>
                <p class="prose" id="review-application-summary">{ a.content.summary.clone() }</p>
            </details>
        </section>
    }
}
