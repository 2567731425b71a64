//! 成绩统计: participation and pass rates of a session by unit (table and chart) and
//! the distribution of scores, over the units in the user's scope.

use api_types::quizzes::SessionResults;
use uuid::Uuid;
use yew::prelude::*;

use super::super::{percent, points};
use crate::components::{Bar, BarChart, ErrorPanel, Loading};
use crate::hooks::{unit_name, use_fetch, use_units};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct ResultsTabProps {
    pub session: Uuid,
}

#[function_component]
pub fn ResultsTab(props: &ResultsTabProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let results = use_fetch(props.session, |id| async move {
        api::get::<SessionResults>(&format!("/quiz-sessions/{id}/results")).await
    });
    let r = match (results.data(), results.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(results.reload.clone())} /> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(r), None) => r,
    };
    let tile = |value: String, label: &'static str, id: &'static str| {
        html! {
            <div class="stat-tile" {id}>
                <span class="stat-value">{ value }</span>
                <span class="stat-label">{ label }</span>
            </div>
        }
    };
    let pass_bars: Vec<Bar> = r
        .units
        .iter()
        .map(|u| Bar {
            label: unit_name(&units, &u.unit_id, lang),
            value: u.pass_rate.unwrap_or(0.0),
            link: None,
        })
        .collect();
    let bands: Vec<Bar> = r
        .distribution
        .iter()
        .map(|b| Bar {
            label: format!("{}–{}%", b.from_percent, b.from_percent + 10),
            value: f64::from(b.count),
            link: None,
        })
        .collect();
    html! {
        <div id="results">
            <div class="stat-tiles">
                { tile(r.audience.to_string(), t.qz_audience_count, "results-audience") }
                { tile(r.took.to_string(), t.qz_took, "results-took") }
                { tile(r.passed.to_string(), t.qz_passed_count, "results-passed") }
                { tile(percent(r.participation_rate), t.qz_participation_rate, "results-participation") }
                { tile(percent(r.pass_rate), t.qz_pass_rate, "results-pass-rate") }
                { tile(r.mean_score.map(points).unwrap_or_else(|| "—".into()), t.qz_mean_score, "results-mean") }
                if r.awaiting_grading > 0 {
                    { tile(r.awaiting_grading.to_string(), t.qz_awaiting_grading, "results-awaiting") }
                }
            </div>
            <div class="table-scroll">
                <table class="data-table" id="results-units">
                    <caption class="sr-only">{ t.qz_by_unit }</caption>
                    <thead><tr>
                        <th scope="col">{ t.col_unit }</th>
                        <th scope="col" class="num">{ t.qz_audience_count }</th>
                        <th scope="col" class="num">{ t.qz_took }</th>
                        <th scope="col" class="num">{ t.qz_passed_count }</th>
                        <th scope="col" class="num">{ t.qz_participation_rate }</th>
                        <th scope="col" class="num">{ t.qz_pass_rate }</th>
                        <th scope="col" class="num">{ t.qz_mean_score }</th>
                    </tr></thead>
                    <tbody>
                        if r.units.is_empty() {
                            <tr><td class="table-empty" colspan="7">{ t.table_empty }</td></tr>
                        }
                        { for r.units.iter().map(|u| html! {
                            <tr data-unit={u.unit_id.to_string()}>
                                <th scope="row">{ unit_name(&units, &u.unit_id, lang) }</th>
                                <td class="num">{ u.audience }</td>
                                <td class="num">{ u.took }</td>
                                <td class="num">{ u.passed }</td>
                                <td class="num">{ percent(u.participation_rate) }</td>
                                <td class="num">{ percent(u.pass_rate) }</td>
                                <td class="num">{ u.mean_score.map(points).unwrap_or_else(|| "—".into()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="chart-pair">
                <BarChart id="results-pass-chart" title={t.qz_pass_rate_by_unit} bars={pass_bars} />
                <BarChart id="results-distribution" title={(t.qz_distribution)(&points(r.max_score))} bars={bands} />
            </div>
        </div>
    }
}
