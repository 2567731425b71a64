//! The city bureau's region view: every county bureau's report for a period at a
//! glance (status, timeliness, flag), the units still missing, one figure compared
//! across units and over the last twelve periods, and a summary paragraph to edit.

use api_types::statistics::{ColumnKind, PeriodKind, RegionTable, StatisticsTemplate, TrendPoint};
use api_types::Permission;
use chrono::Datelike;
use yew::prelude::*;

use super::list::{period_kind_of, template_options};
use super::{change, figure, status_badge, tabs, timeliness_badge};
use crate::capability::can;
use crate::components::{
    Badge, Bar, BarChart, DownloadButton, ErrorPanel, Href, LineChart, Loading, PageHeader,
    SelectField, Series, TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

/// The last finished period of `kind` (the one being reported now).
fn last_period(kind: PeriodKind) -> String {
    let today = format::today_date();
    let (y, m) = (today.year(), today.month());
    match kind {
        PeriodKind::Month if m == 1 => format!("{:04}-12", y - 1),
        PeriodKind::Month => format!("{y:04}-{:02}", m - 1),
        PeriodKind::Quarter if m <= 3 => format!("{:04}-Q4", y - 1),
        PeriodKind::Quarter => format!("{y:04}-Q{}", (m - 1) / 3),
        PeriodKind::Year => format!("{:04}", y - 1),
    }
}

#[function_component]
pub fn RegionPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let templates = use_fetch((), |()| async move {
        api::get::<Vec<StatisticsTemplate>>("/statistics/templates").await
    });
    let all_templates = templates.data().map(|v| (*v).clone()).unwrap_or_default();
    let code = use_state(|| "monthly".to_string());
    let period = use_state(|| last_period(PeriodKind::Month));
    let period_draft = use_state(|| (*period).clone());
    let column = use_state(|| "cases_filed".to_string());
    let summary = use_state(String::new);
    let query = ((*code).clone(), (*period).clone());
    let region = use_fetch(query.clone(), |(code, period)| async move {
        let path = api::with_query(
            "/statistics/region",
            &[("template_code", code), ("period", period)],
        );
        api::get::<RegionTable>(&path).await
    });
    let trend = use_fetch(
        ((*code).clone(), (*column).clone(), (*period).clone()),
        |(code, column, to)| async move {
            let path = api::with_query(
                "/statistics/trend",
                &[
                    ("template_code", code),
                    ("column", column),
                    ("to", to),
                    ("periods", "12".into()),
                ],
            );
            api::get::<Vec<TrendPoint>>(&path).await
        },
    );
    let can_region = can(&props.me, Permission::StatisticsRegionRead);

    let on_template = {
        let (code, period, column, list, draft) = (
            code.clone(),
            period.clone(),
            column.clone(),
            all_templates.clone(),
            period_draft.clone(),
        );
        Callback::from(move |v: String| {
            let kind = period_kind_of(&list, &v);
            let first = list
                .iter()
                .find(|t| t.code == v)
                .and_then(|t| t.definition.columns().next().map(|c| c.key.clone()))
                .unwrap_or_default();
            period.set(last_period(kind));
            draft.set(last_period(kind));
            column.set(first);
            code.set(v);
        })
    };

    let controls = {
        let kind = period_kind_of(&all_templates, &code);
        html! {
            <form class="filter-form" onsubmit={let (p, d) = (period.clone(), period_draft.clone()); Callback::from(move |e: SubmitEvent| { e.prevent_default(); p.set(d.trim().to_string()); })}>
                <SelectField id="region-template" label={t.st_template} value={(*code).clone()}
                             options={template_options(&all_templates)} on_change={on_template} />
                <TextField id="region-period" label={t.st_period} value={(*period_draft).clone()}
                           placeholder={Some(AttrValue::Static(if kind == PeriodKind::Year { "2026" } else { "2026-05" }))}
                           on_input={let s = period_draft.clone(); Callback::from(move |v: String| s.set(v))} />
                <div class="filter-buttons">
                    <button type="submit" class="btn btn-primary" id="region-show">{ t.search }</button>
                </div>
            </form>
        }
    };

    let body = match (region.data(), region.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(region.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(table), None) => {
            let definition = &table.template.definition;
            let chosen = definition
                .column(&column)
                .or_else(|| definition.columns().next())
                .cloned();
            let column_options: Vec<(AttrValue, AttrValue)> = definition
                .columns()
                .filter(|c| c.kind != ColumnKind::Derived)
                .map(|c| {
                    (
                        AttrValue::from(c.key.clone()),
                        AttrValue::from(format!("{}（{}）", c.label, c.unit)),
                    )
                })
                .collect();
            let (key, label, unit, decimals) = match &chosen {
                Some(c) => (
                    c.key.clone(),
                    c.label.clone(),
                    c.unit.clone(),
                    if c.kind == ColumnKind::Ratio {
                        2
                    } else {
                        c.decimals
                    },
                ),
                None => (String::new(), String::new(), String::new(), 0),
            };
            let total = table.totals.get(&key).copied();
            let previous = table.previous_totals.get(&key).copied();
            let last_year = table.last_year_totals.get(&key).copied();
            let show = |v: Option<f64>| {
                v.map(|v| format!("{} {unit}", figure(v, decimals)))
                    .unwrap_or_else(|| "—".into())
            };
            let bars: Vec<Bar> = table
                .rows
                .iter()
                .filter_map(|r| {
                    r.values.get(&key).map(|v| Bar {
                        label: r.unit_name.clone(),
                        value: *v,
                        link: r.report_id.map(|id| format!("/statistics/reports/{id}")),
                    })
                })
                .collect();
            // The ranking: units by the chosen figure, highest first; units without an
            // accepted report after them, in the region's order.
            let mut ranked: Vec<&api_types::statistics::RegionRow> = table.rows.iter().collect();
            ranked.sort_by(|a, b| match (a.values.get(&key), b.values.get(&key)) {
                (Some(x), Some(y)) => y.partial_cmp(x).unwrap_or(std::cmp::Ordering::Equal),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
            let missing: Vec<String> = table
                .rows
                .iter()
                .filter(|r| table.missing_unit_ids.contains(&r.unit_id))
                .map(|r| r.unit_name.clone())
                .collect();
            let skeleton = (t.st_summary_text)(
                &table.period,
                table.accepted_count,
                table.rows.len(),
                &label,
                &show(total),
                &change(total, previous),
                &change(total, last_year),
            );
            let summary_value = if summary.is_empty() {
                skeleton.clone()
            } else {
                (*summary).clone()
            };
            html! {
                <>
                    <section class="card" aria-labelledby="region-title">
                        <div class="card-head">
                            <h2 id="region-title" class="card-title">{ format!("{} · {}", table.template.name, table.period) }</h2>
                            <span class="badges" id="region-count">
                                <Badge tone={Tone::Info} text={AttrValue::from((t.st_accepted_count)(table.accepted_count, table.rows.len()))} />
                                <Badge text={AttrValue::from(format!("{} {}", t.st_due, table.due_date))} />
                            </span>
                        </div>
                        <div class="report-actions">
                            <DownloadButton id="region-xlsx"
                                path={api::with_query("/statistics/region:xlsx", &[("template_code", table.template.code.clone()), ("period", table.period.clone())])}
                                name={AttrValue::from(format!("{}{}", table.template.name, table.period))} />
                        </div>
                        <div id="region-missing">
                            if missing.is_empty() {
                                <p class="muted">{ t.st_none_missing }</p>
                            } else {
                                <p><strong>{ t.st_missing }{ "：" }</strong>{ missing.join(t.list_sep) }</p>
                            }
                        </div>
                        <form class="filter-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                            <SelectField id="region-column" label={t.st_indicator} value={key.clone()}
                                         options={column_options}
                                         on_change={let s = column.clone(); Callback::from(move |v| s.set(v))} />
                        </form>
                        <dl class="details two-col" id="region-totals">
                            <dt>{ t.st_total }</dt><dd id="region-total">{ show(total) }</dd>
                            <dt>{ format!("{}（{}）", t.st_previous, table.previous_period) }</dt>
                            <dd>{ show(previous) }{ " · " }{ t.st_mom }{ " " }{ change(total, previous) }</dd>
                            <dt>{ format!("{}（{}）", t.st_last_year, table.last_year_period) }</dt>
                            <dd>{ show(last_year) }{ " · " }{ t.st_yoy }{ " " }{ change(total, last_year) }</dd>
                        </dl>
                        <div class="table-scroll">
                            <table class="data-table" id="region-table">
                                <thead><tr>
                                    <th scope="col" class="num">{ t.st_rank }</th>
                                    <th scope="col">{ t.st_unit }</th>
                                    <th scope="col">{ t.col_status }</th>
                                    <th scope="col" class="num">{ format!("{label}（{unit}）") }</th>
                                </tr></thead>
                                <tbody>
                                    { for ranked.iter().enumerate().map(|(i, r)| html! {
                                        <tr>
                                            <td class="num">{ if r.values.contains_key(&key) { (i + 1).to_string() } else { "—".into() } }</td>
                                            <th scope="row">
                                                if let Some(id) = r.report_id {
                                                    <Href to={format!("/statistics/reports/{id}")}>{ r.unit_name.clone() }</Href>
                                                } else {
                                                    { r.unit_name.clone() }
                                                }
                                            </th>
                                            <td><span class="badges">
                                                { match r.status { Some(s) => status_badge(s, t), None => html! { <Badge tone={Tone::Danger} text={t.st_not_filed} /> } } }
                                                { timeliness_badge(r.timeliness, t) }
                                                if r.flagged { <Badge tone={Tone::Warning} text={t.st_flagged} /> }
                                            </span></td>
                                            <td class="num">{ r.values.get(&key).map(|v| figure(*v, decimals)).unwrap_or_else(|| "—".into()) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    </section>
                    <section class="card" aria-labelledby="region-charts-title">
                        <h2 id="region-charts-title" class="card-title">{ format!("{label} · {}", t.st_by_unit) }</h2>
                        <BarChart id="region-bars" title={AttrValue::from(format!("{label} · {}", t.st_by_unit))} {bars} />
                        { match trend.data() {
                            Some(points) => html! {
                                <LineChart id="region-trend" title={AttrValue::from(format!("{label} · {}", t.st_trend))}
                                           labels={points.iter().map(|p| p.period.clone()).collect::<Vec<_>>()}
                                           series={vec![Series { name: label.clone(), values: points.iter().map(|p| p.total).collect() }]} />
                            },
                            None => html! { <Loading /> },
                        } }
                    </section>
                    <section class="card" aria-labelledby="summary-title">
                        <h2 id="summary-title" class="card-title">{ t.st_summary }</h2>
                        <TextAreaField id="region-summary" label={t.st_summary} value={summary_value} rows={5}
                                       on_input={let s = summary.clone(); Callback::from(move |v| s.set(v))} />
                    </section>
                </>
            }
        }
    };

    html! {
        <>
            <PageHeader title={t.cap_statistics.0} description={Some(AttrValue::Static(t.cap_statistics.1))} />
            { tabs(t, can_region) }
            <section class="card">{ controls }</section>
            { body }
        </>
    }
}
