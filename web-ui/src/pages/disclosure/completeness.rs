//! Monthly publication completeness by unit (`published / decided`), as a table and a
//! bar chart.

use api_types::disclosure::CompletenessReport;
use api_types::Permission;
use chrono::Datelike;
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{Bar, BarChart, ErrorPanel, Loading, PageHeader, Period, PeriodPicker};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

fn percent(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{:.0}%", v * 100.0),
        None => "—".into(),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct MonthQuery {
    month: Option<String>,
}

#[function_component]
pub fn CompletenessPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let today = format::today_date();
    // `?month=2026-11` (the dashboard's trend chart links here) picks the month.
    let asked = yew_router::hooks::use_location()
        .and_then(|l| l.query::<MonthQuery>().ok())
        .and_then(|q| q.month)
        .and_then(|m| Period::parse(&m))
        .filter(|p| matches!(p, Period::Month { .. }));
    let month = use_state(|| asked.unwrap_or_else(|| Period::month_of(today)));
    let allowed = can(&props.me, Permission::DisclosureRead);
    let report = use_fetch(
        (month.to_string(), allowed),
        |(month, allowed)| async move {
            if !allowed {
                return Ok(None);
            }
            api::get_list::<CompletenessReport>(
                "/disclosure-records/completeness",
                &[("month", month)],
            )
            .await
            .map(Some)
        },
    );
    if !allowed {
        return forbidden();
    }
    let body = match (report.data(), report.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(report.reload.clone())} /> },
        (Some(r), None) => match r.as_ref() {
            Some(r) if r.rows.is_empty() => {
                html! { <p class="muted" id="completeness-empty">{ t.disc_completeness_empty }</p> }
            }
            Some(r) => {
                let bars: Vec<Bar> = r
                    .rows
                    .iter()
                    .map(|row| Bar {
                        label: row.unit_name.clone(),
                        value: (row.completeness.unwrap_or(0.0) * 100.0).round(),
                        link: None,
                    })
                    .collect();
                html! {
                    <>
                        <div class="table-scroll">
                            <table class="data-table" id="completeness">
                                <caption class="sr-only">{ t.disc_tab_completeness }</caption>
                                <thead><tr>
                                    <th scope="col">{ t.col_unit }</th>
                                    <th scope="col" class="num">{ t.disc_decided }</th>
                                    <th scope="col" class="num">{ t.disc_published_count }</th>
                                    <th scope="col" class="num">{ t.disc_on_time }</th>
                                    <th scope="col" class="num">{ t.disc_late }</th>
                                    <th scope="col" class="num">{ t.disc_overdue }</th>
                                    <th scope="col" class="num">{ t.disc_completeness }</th>
                                </tr></thead>
                                <tbody>
                                    { for r.rows.iter().map(|row| html! {
                                        <tr data-unit={row.unit_code.clone()}>
                                            <td>{ row.unit_name.clone() }</td>
                                            <td class="num">{ row.decided }</td>
                                            <td class="num">{ row.published }</td>
                                            <td class="num">{ row.on_time }</td>
                                            <td class="num">{ row.late }</td>
                                            <td class={classes!("num", (row.overdue > 0).then_some("text-danger"))}>{ row.overdue }</td>
                                            <td class="num"><strong>{ percent(row.completeness) }</strong></td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                        <div class="chart-card">
                            <BarChart id="completeness-chart" title={(t.disc_completeness_chart)(&r.month)} {bars} width={760.0} height={240.0} />
                        </div>
                    </>
                }
            }
            None => html! {},
        },
        (None, None) => html! { <Loading /> },
    };
    html! {
        <>
            <PageHeader title={t.cap_disclosure.0} description={Some(AttrValue::Static(t.disc_completeness_intro))} />
            { tabs(t, can(&props.me, Permission::DisclosureWrite)) }
            <section class="card" aria-labelledby="completeness-title">
                <div class="card-head">
                    <h2 id="completeness-title" class="card-title">{ t.disc_tab_completeness }</h2>
                    <PeriodPicker id="completeness-month" label={t.disc_month} value={*month}
                                  years={(today.year() - 4, today.year())}
                                  on_change={let s = month.clone(); Callback::from(move |p| s.set(p))} />
                </div>
                { body }
            </section>
        </>
    }
}
