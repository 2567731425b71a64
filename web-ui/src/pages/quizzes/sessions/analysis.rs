//! 试题分析: the item analysis of a session over first attempts — per question its
//! facility, standard deviation, discrimination index and discriminative efficiency
//! (questions below 15 % flagged for review) — and the statistics of the whole test.

use api_types::quizzes::ItemAnalysis;
use uuid::Uuid;
use yew::prelude::*;

use super::super::{percent, points};
use crate::components::{Badge, ErrorPanel, Loading, Tone};
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::services::api;

/// A statistic in points with two decimals, or "—".
fn value(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.2}"))
}

#[derive(Properties, PartialEq)]
pub struct ItemAnalysisTabProps {
    pub session: Uuid,
}

#[function_component]
pub fn ItemAnalysisTab(props: &ItemAnalysisTabProps) -> Html {
    let t = use_i18n().t();
    let analysis = use_fetch(props.session, |id| async move {
        api::get::<ItemAnalysis>(&format!("/quiz-sessions/{id}/item-analysis")).await
    });
    let a = match (analysis.data(), analysis.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(analysis.reload.clone())} /> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(a), None) => a,
    };
    let s = &a.test;
    let flagged = a.items.iter().filter(|i| i.flagged).count();
    html! {
        <div id="analysis">
            <h3 class="subhead">{ t.qz_test_statistics }</h3>
            <dl class="details two-col" id="analysis-test">
                <dt>{ t.qz_first_attempts }</dt><dd>{ s.attempts }</dd>
                <dt>{ t.qz_mean_score }</dt><dd>{ value(s.mean) }</dd>
                <dt>{ t.qz_median }</dt><dd>{ value(s.median) }</dd>
                <dt>{ t.qz_standard_deviation }</dt><dd>{ value(s.standard_deviation) }</dd>
                <dt>{ t.qz_skewness }</dt><dd>{ value(s.skewness) }</dd>
                <dt>{ t.qz_kurtosis }</dt><dd>{ value(s.kurtosis) }</dd>
                <dt>{ t.qz_cronbach }</dt><dd>{ percent(s.coefficient_of_internal_consistency) }</dd>
                <dt>{ t.qz_error_ratio }</dt><dd>{ percent(s.error_ratio) }</dd>
                <dt>{ t.qz_standard_error }</dt><dd>{ value(s.standard_error) }</dd>
            </dl>
            <p class="field-hint">{ t.qz_analysis_hint }</p>
            if flagged > 0 {
                <p class="alert alert-warning" id="analysis-flagged">{ (t.qz_flagged_count)(flagged) }</p>
            }
            <div class="table-scroll">
                <table class="data-table" id="analysis-items">
                    <caption class="sr-only">{ t.qz_tab_analysis }</caption>
                    <thead><tr>
                        <th scope="col" class="num">{ t.qz_slot }</th>
                        <th scope="col">{ t.qz_question }</th>
                        <th scope="col">{ t.col_kind }</th>
                        <th scope="col" class="num">{ t.qz_first_attempts }</th>
                        <th scope="col" class="num">{ t.qz_facility }</th>
                        <th scope="col" class="num">{ t.qz_standard_deviation }</th>
                        <th scope="col" class="num">{ t.qz_discrimination }</th>
                        <th scope="col" class="num">{ t.qz_efficiency }</th>
                        <th scope="col">{ t.col_status }</th>
                    </tr></thead>
                    <tbody>
                        if a.items.is_empty() {
                            <tr><td class="table-empty" colspan="9">{ t.qz_no_attempts_yet }</td></tr>
                        }
                        { for a.items.iter().map(|i| html! {
                            <tr class={classes!(i.flagged.then_some("row-flagged"))} data-question={i.question_id.to_string()}>
                                <td class="num">{ i.slot + 1 }</td>
                                <td class="cell-name">
                                    <span class="cell-main">{ i.stem.clone() }</span>
                                    <span class="cell-sub">{ format!("{} · {} {}", (t.qz_revision_n)(i.revision), points(i.max_points), t.qz_points_unit) }</span>
                                </td>
                                <td class="nowrap">{ (t.qz_question_kind)(i.kind) }</td>
                                <td class="num">{ i.attempts }</td>
                                <td class="num">{ percent(i.facility) }</td>
                                <td class="num">{ percent(i.standard_deviation) }</td>
                                <td class="num">{ percent(i.discrimination_index) }</td>
                                <td class="num">{ percent(i.discriminative_efficiency) }</td>
                                <td>
                                    if i.flagged {
                                        <Badge tone={Tone::Warning} text={t.qz_flagged} />
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
