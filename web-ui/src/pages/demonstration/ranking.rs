//! The city bureau's ranking of a round: each recommended application's written and
//! on-site means, its assessment score, the weighted final score, the rank and why a unit
//! cannot be named; the units to name (at most the awards), the decision (repeatable)
//! and the publication (final, confirmed first).

use std::rc::Rc;

use api_types::demonstration::{
    DemonstrationRanking, DemonstrationRound, RankedApplication, RoundDecision, RoundStatus,
};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{refusal, score};
use crate::components::{ErrorPanel, Href, Loading};
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct RankingProps {
    pub round: Rc<DemonstrationRound>,
    /// The round changed (decided, published): reload it.
    pub on_changed: Callback<()>,
}

#[function_component]
pub fn Ranking(props: &RankingProps) -> Html {
    let t = use_i18n().t();
    let r = props.round.clone();
    let ranking = use_fetch((r.id, r.version), |(id, _)| async move {
        api::get::<DemonstrationRanking>(&format!("/demonstration-rounds/{id}/ranking")).await
    });
    // None: as the ranking says (the units named by the last decision).
    let chosen = use_state(|| None::<Vec<Uuid>>);
    let deciding = use_submission();
    let publishing = use_submission();
    let body = match (ranking.data(), ranking.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(ranking.reload.clone())} /> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(k), None) => k,
    };
    let named: Vec<Uuid> = (*chosen).clone().unwrap_or_else(|| {
        body.entries
            .iter()
            .filter(|e| e.named)
            .map(|e| e.application_id)
            .collect()
    });
    let published = r.status == RoundStatus::Published;
    let toggle = |id: Uuid| {
        let (chosen, named) = (chosen.clone(), named.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = named.clone();
            next.retain(|n| *n != id);
            if on {
                next.push(id);
            }
            chosen.set(Some(next));
        })
    };
    let decide = {
        let (deciding, chosen, on_changed, named) = (
            deciding.clone(),
            chosen.clone(),
            props.on_changed.clone(),
            named.clone(),
        );
        let (id, version) = (r.id, r.version);
        Callback::from(move |_: MouseEvent| {
            let body = RoundDecision {
                named: named.clone(),
            };
            let (chosen, on_changed) = (chosen.clone(), on_changed.clone());
            deciding
                .request(async move {
                    api::post_versioned::<_, DemonstrationRound>(
                        &format!("/demonstration-rounds/{id}/decision"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.demo.decided_done)
                .then(move |_| {
                    chosen.set(None);
                    on_changed.emit(());
                });
        })
    };
    let publish = {
        let (publishing, on_changed) = (publishing.clone(), props.on_changed.clone());
        let (id, version) = (r.id, r.version);
        Callback::from(move |()| {
            let on_changed = on_changed.clone();
            publishing
                .request(async move {
                    api::post_versioned::<_, DemonstrationRound>(
                        &format!("/demonstration-rounds/{id}/publish"),
                        version,
                        &(),
                    )
                    .await
                })
                .success(t.demo.published_done)
                .then(move |_| on_changed.emit(()));
        })
    };
    let awards = body.awards as usize;
    let too_many = named.len() > awards;
    let w = body.weights;
    html! {
        <section class="card" aria-labelledby="ranking-title">
            <h2 class="card-title" id="ranking-title">{ t.demo.ranking_title }</h2>
            <p class="muted">{ (t.demo.ranking_hint)(w.written, w.onsite, w.indicators) }</p>
            if w.indicators > 0 && !body.indicators_measured {
                <p class="muted" id="ranking-no-indicators">{ t.demo.no_indicators }</p>
            }
            if body.entries.is_empty() {
                <p class="muted" id="ranking-empty">{ t.demo.ranking_empty }</p>
            } else {
                <div class="table-scroll">
                    <table class="data-table" id="ranking">
                        <thead><tr>
                            <th>{ t.demo.rank }</th><th>{ t.demo.unit }</th><th>{ t.demo.recommender }</th>
                            <th>{ t.demo.written }</th><th>{ t.demo.onsite }</th><th>{ t.demo.indicators }</th>
                            <th>{ t.demo.final_score }</th><th>{ t.demo.excluded }</th><th>{ t.demo.name_unit }</th>
                        </tr></thead>
                        <tbody>
                            { for body.entries.iter().map(|e| row(e, named.contains(&e.application_id), published, toggle(e.application_id), t)) }
                        </tbody>
                    </table>
                </div>
            }
            <p id="named-count" class={classes!(too_many.then_some("text-danger"))}>
                { (t.demo.named_count)(named.len(), awards) }
            </p>
            { refusal("decide-error", deciding.error(), t) }
            { refusal("publish-error", publishing.error(), t) }
            if !published {
                <div class="actions">
                    <button type="button" class="btn btn-primary" id="decide" onclick={decide}
                            disabled={deciding.busy() || named.is_empty() || too_many}>
                        { if r.status == RoundStatus::Decided { t.demo.decide_again } else { t.demo.decide } }
                    </button>
                    <button type="button" class="btn btn-danger" id="publish" onclick={publishing.ask()}
                            disabled={publishing.busy() || r.status != RoundStatus::Decided || (*chosen).is_some()}>
                        { t.demo.publish }
                    </button>
                </div>
                <p class="field-hint">{ t.demo.publish_hint }</p>
                { publishing.confirm_dialog(t.demo.publish, t.demo.publish_confirm, t.demo.publish, publish) }
            }
        </section>
    }
}

fn row(
    e: &RankedApplication,
    named: bool,
    published: bool,
    on_change: Callback<Event>,
    t: &'static Texts,
) -> Html {
    let id = format!("name-{}", e.application_id);
    html! {
        <tr data-unit={e.unit_name.clone()} class={classes!(e.excluded.is_some().then_some("row-flagged"))}>
            <td class="num">{ e.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()) }</td>
            <td><Href to={format!("/demonstration/applications/{}", e.application_id)}>{ e.unit_name.clone() }</Href></td>
            <td>{ e.recommender_unit_name.clone() }</td>
            <td class="num">{ score(e.written) }<span class="muted">{ (t.demo.reviews_count)(e.written_reviews) }</span></td>
            <td class="num">{ score(e.onsite) }<span class="muted">{ (t.demo.reviews_count)(e.onsite_reviews) }</span></td>
            <td class="num">{ score(e.indicators) }</td>
            <td class="num final-score"><strong>{ score(e.final_score) }</strong></td>
            <td class="excluded">{ e.excluded.clone().unwrap_or_default() }</td>
            <td>
                <label class="check" for={id.clone()}>
                    <input type="checkbox" id={id.clone()} data-unit={e.unit_name.clone()} checked={named}
                           disabled={published || e.rank.is_none()} onchange={on_change} />
                    <span class="sr-only">{ (t.demo.name_this)(&e.unit_name) }</span>
                </label>
            </td>
        </tr>
    }
}
