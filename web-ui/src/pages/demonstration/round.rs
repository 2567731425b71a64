//! `/demonstration/rounds/:id`: a round — its content, panel and tally; the applications
//! the user may see; the applying brigade's way to its application; the panel's way to
//! its written and on-site reviews; the city bureau's ranking, decision and publication,
//! and once published the named units with their certificates.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::demonstration::{
    ApplicationStatus, DemonstrationApplication, DemonstrationReview, DemonstrationRound,
    RoundStatus,
};
use api_types::units::UnitKind;
use api_types::{Page, Permission};
use yew::prelude::*;

use super::ranking::Ranking;
use super::reviews::ReviewButtons;
use super::rounds::tally_text;
use super::{application_badges, header, round_badge, score};
use crate::capability::can;
use crate::components::{ErrorPanel, Href, Loading};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::{use_i18n, Texts};
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct RoundProps {
    pub me: Rc<Me>,
    pub id: String,
}

/// The round, the applications the user sees and the user's own reviews in it.
#[derive(PartialEq)]
pub struct RoundData {
    pub round: DemonstrationRound,
    pub applications: Vec<DemonstrationApplication>,
    pub my_reviews: Vec<DemonstrationReview>,
}

async fn load(id: String, me: Rc<Me>) -> Result<RoundData, ApiError> {
    let round = api::get::<DemonstrationRound>(&format!("/demonstration-rounds/{id}")).await?;
    let applications = api::get_list::<Page<DemonstrationApplication>>(
        "/demonstration-applications",
        &[("round_id", id.clone()), ("per_page", "100".into())],
    )
    .await?
    .items;
    let on_panel =
        round.reviewers.iter().any(|r| r.id == me.id) && can(&me, Permission::DemonstrationReview);
    let my_reviews = if on_panel {
        let mut all = api::get_list::<Page<DemonstrationReview>>(
            "/demonstration-reviews",
            &[("round_id", id), ("per_page", "100".into())],
        )
        .await?
        .items;
        all.retain(|r| r.reviewer_id == me.id);
        all
    } else {
        Vec::new()
    };
    Ok(RoundData {
        round,
        applications,
        my_reviews,
    })
}

#[function_component]
pub fn RoundPage(props: &RoundProps) -> Html {
    let t = use_i18n().t();
    let data = use_fetch((props.id.clone(), props.me.clone()), |(id, me)| {
        load(id, me)
    });
    let body = match (data.data(), data.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(data.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(d), None) => {
            let manages = can(&props.me, Permission::DemonstrationManage);
            html! {
                <>
                    { summary(&d.round, &props.me, t) }
                    { applicant(&d, &props.me, t) }
                    <Applications data={d.clone()} me={props.me.clone()} />
                    if manages {
                        <Ranking round={Rc::new(d.round.clone())} on_changed={data.reload.clone()} />
                    }
                    { named_list(&d.round, t) }
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

fn summary(r: &DemonstrationRound, me: &Me, t: &'static Texts) -> Html {
    let c = &r.content;
    let editable = r.status == RoundStatus::Open && can(me, Permission::DemonstrationManage);
    html! {
        <section class="card" aria-labelledby="round-title">
            <div class="card-toolbar">
                <h2 class="card-title" id="round-title">{ c.name.clone() }</h2>
                { round_badge(r.status, t) }
                <span class="toolbar-spacer"></span>
                if editable {
                    <Href to={format!("/demonstration/rounds/{}/edit", r.id)} id={Some(AttrValue::Static("edit-round"))}
                          class={classes!("btn")}>{ t.edit }</Href>
                }
            </div>
            <dl class="details two-col" id="round-details">
                <dt>{ t.demo.year }</dt><dd>{ c.year }</dd>
                <dt>{ t.demo.criteria }</dt><dd>{ (t.demo.criteria_option)(&r.criteria_name, r.criteria_version_no) }</dd>
                <dt>{ t.demo.weights }</dt>
                <dd id="round-weights">{ (t.demo.weights_text)(c.weights.written, c.weights.onsite, c.weights.indicators) }</dd>
                <dt>{ t.demo.awards }</dt><dd>{ c.awards }</dd>
                <dt>{ t.demo.apply_by }</dt>
                <dd>{ c.apply_by.to_string() }{ " " }
                    <span class={classes!(if r.accepting { "muted" } else { "text-danger" })}>
                        { if r.accepting { t.demo.accepting } else { t.demo.closed } }
                    </span></dd>
                <dt>{ t.demo.review_by }</dt><dd>{ c.review_by.to_string() }</dd>
                <dt>{ t.demo.tally }</dt>
                <dd id="round-tally">{ tally_text(r, t) }
                    if !r.accepting && r.tally.drafts > 0 {
                        <span class="text-danger">{ format!(" {}", (t.demo.overdue_count)(r.tally.drafts)) }</span>
                    }</dd>
                <dt>{ t.demo.panel }</dt>
                <dd id="round-panel">{ r.reviewers.iter().map(|p| format!("{}（{}）", p.name, p.unit_name)).collect::<Vec<_>>().join("、") }</dd>
                if let (Some(by), Some(at)) = (&r.decided_by_name, &r.decided_at) {
                    <dt>{ t.demo.decided }</dt><dd>{ format!("{by} {}", format::local_time(at)) }</dd>
                }
                if let Some(at) = &r.published_at {
                    <dt>{ t.demo.published }</dt><dd>{ format::local_time(at) }</dd>
                }
            </dl>
        </section>
    }
}

/// The applying brigade: its application in this round, or the button to write one.
fn applicant(d: &RoundData, me: &Me, t: &'static Texts) -> Html {
    // Brigades (大队/分局) apply; a county bureau's users hold the permission for theirs.
    if !can(me, Permission::DemonstrationApply) || me.unit.kind != UnitKind::Brigade {
        return html! {};
    }
    let r = &d.round;
    let mine = d
        .applications
        .iter()
        .find(|a| a.content.unit_id == me.unit.id);
    let body = match mine {
        Some(a) => html! {
            <p>
                <Href to={format!("/demonstration/applications/{}", a.id)} id={Some(AttrValue::Static("my-application"))}>
                    { (t.demo.my_application)(&a.unit_name) }
                </Href>{ " " }{ application_badges(a, t) }
            </p>
        },
        None if r.accepting && r.status == RoundStatus::Open => html! {
            <>
                <p class="muted">{ (t.demo.apply_hint)(&r.content.apply_by.to_string()) }</p>
                <Href to={format!("/demonstration/rounds/{}/apply", r.id)} id={Some(AttrValue::Static("apply"))}
                      class={classes!("btn", "btn-primary")}>{ t.demo.apply }</Href>
            </>
        },
        None => html! { <p class="muted" id="apply-closed">{ t.demo.apply_closed }</p> },
    };
    html! {
        <section class="card" aria-labelledby="apply-title">
            <h2 class="card-title" id="apply-title">{ t.demo.my_unit }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ApplicationsProps {
    data: Rc<RoundData>,
    me: Rc<Me>,
}

/// The applications the user sees, with the panel's review buttons.
#[function_component]
fn Applications(props: &ApplicationsProps) -> Html {
    let t = use_i18n().t();
    let d = &props.data;
    let on_panel = d.round.reviewers.iter().any(|r| r.id == props.me.id)
        && can(&props.me, Permission::DemonstrationReview);
    let body = if d.applications.is_empty() {
        html! { <p class="muted">{ t.demo.no_applications }</p> }
    } else {
        html! {
            <div class="table-scroll">
                <table class="data-table" id="applications">
                    <thead><tr>
                        <th>{ t.demo.unit }</th><th>{ t.demo.recommender }</th><th>{ t.col_status }</th>
                        <th>{ t.demo.self_total }</th><th>{ t.demo.submitted_at }</th>
                        if on_panel { <th>{ t.demo.my_reviews }</th> }
                    </tr></thead>
                    <tbody>
                        { for d.applications.iter().map(|a| html! {
                            <tr id={format!("application-{}", a.id)} data-unit={a.unit_name.clone()}>
                                <td><Href to={format!("/demonstration/applications/{}", a.id)}>{ a.unit_name.clone() }</Href></td>
                                <td>{ a.recommender_unit_name.clone() }</td>
                                <td>{ application_badges(a, t) }</td>
                                <td class="num">{ score(Some(a.self_total)) }</td>
                                <td class="nowrap">{ a.submitted_at.as_ref().map(format::local_time).unwrap_or_default() }</td>
                                if on_panel {
                                    <td>
                                        if a.status == ApplicationStatus::Recommended {
                                            <ReviewButtons application={Rc::new(a.clone())}
                                                           reviews={d.my_reviews.iter().filter(|r| r.content.application_id == a.id).cloned().collect::<Vec<_>>()} />
                                        }
                                    </td>
                                }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="card" aria-labelledby="applications-title">
            <h2 class="card-title" id="applications-title">{ t.demo.applications_title }</h2>
            if on_panel { <p class="muted">{ t.demo.panel_note }</p> }
            { body }
        </section>
    }
}

/// The named units of a published round, each with its certificate.
fn named_list(r: &DemonstrationRound, t: &'static Texts) -> Html {
    if r.status != RoundStatus::Published || r.named.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" aria-labelledby="named-title">
            <h2 class="card-title" id="named-title">{ (t.demo.named_title)(r.content.year) }</h2>
            <ol class="named-list" id="named-list">
                { for r.named.iter().map(|n| html! {
                    <li data-unit={n.unit_name.clone()}>
                        <strong>{ n.unit_name.clone() }</strong>
                        <span class="muted">{ format!("（{}）", n.recommender_unit_name) }</span>
                        if n.final_score.is_some() {
                            <span class="muted">{ format!(" {}：{}", t.demo.final_score, score(n.final_score)) }</span>
                        }
                        { " " }
                        <Href to={format!("/demonstration/applications/{}/certificate", n.application_id)}
                              class={classes!("certificate-link")}>{ t.demo.certificate }</Href>
                    </li>
                }) }
            </ol>
        </section>
    }
}
