//! The statistics reports the user may read (a county bureau its own, the city bureau
//! every unit's), and for county bureaus the start of a new report.

use api_types::statistics::{
    NewStatisticsReport, PeriodKind, StatisticsReport, StatisticsStatus, StatisticsTemplate,
};
use api_types::units::UnitKind;
use api_types::{Page, Permission};
use yew::prelude::*;

use super::{status_badge, tabs, timeliness_badge};
use crate::capability::can;
use crate::components::{
    push_path, Badge, Column, DataTable, FieldErrors, Href, PageHeader, SelectField, TextField,
    Tone,
};
use crate::hooks::{
    unit_name, unit_options, use_fetch, use_submission, use_units, FilterBar, ListState,
};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit: String,
    template: String,
    status: String,
    period: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit_id", self.unit.clone()),
            ("template_code", self.template.clone()),
            ("status", self.status.clone()),
            ("period", self.period.trim().to_string()),
        ]
    }
}

/// One entry per template code (its latest version), for selects.
pub fn template_options(templates: &[StatisticsTemplate]) -> Vec<(AttrValue, AttrValue)> {
    let mut latest: Vec<&StatisticsTemplate> = Vec::new();
    for t in templates {
        match latest.iter_mut().find(|l| l.code == t.code) {
            Some(l) if l.version_number < t.version_number => *l = t,
            Some(_) => {}
            None => latest.push(t),
        }
    }
    latest
        .into_iter()
        .map(|t| {
            (
                AttrValue::from(t.code.clone()),
                AttrValue::from(t.name.clone()),
            )
        })
        .collect()
}

pub fn period_kind_of(templates: &[StatisticsTemplate], code: &str) -> PeriodKind {
    templates
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.period_kind)
        .unwrap_or(PeriodKind::Month)
}

#[function_component]
pub fn ReportsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = &props.me;
    let units = use_units();
    let templates = use_fetch((), |()| async move {
        api::get::<Vec<StatisticsTemplate>>("/statistics/templates").await
    });
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_fetch(
        ((*list_state).clone(), applied.query()),
        |(state, filters)| async move {
            let mut query = state.query();
            query.extend(filters);
            api::get_list::<Page<StatisticsReport>>("/statistics/reports", &query).await
        },
    );
    let may_file = can(me, Permission::StatisticsWrite) && me.unit.kind == UnitKind::CountyBureau;
    let can_region = can(me, Permission::StatisticsRegionRead);
    let new_template = use_state(|| "monthly".to_string());
    let new_period = use_state(String::new);
    let form = use_submission();

    let all_templates = templates.data().map(|v| (*v).clone()).unwrap_or_default();
    let kind = period_kind_of(&all_templates, &new_template);
    let create = {
        let (form, template, period, unit) = (
            form.clone(),
            new_template.clone(),
            new_period.clone(),
            me.unit.id,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let period_text = period.trim().to_string();
            if period_text.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "period", "required");
                form.reject(f);
                return;
            }
            let body = NewStatisticsReport {
                unit_id: unit,
                template_code: (*template).clone(),
                period: period_text,
                values: Default::default(),
                explanation: None,
            };
            form.request(async move {
                api::post::<_, StatisticsReport>("/statistics/reports", &body).await
            })
            .success(t.st_created)
            .then(|report| push_path(&format!("/statistics/reports/{}", report.id)));
        })
    };

    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let mut filter_templates = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    filter_templates.extend(template_options(&all_templates));
    let mut status_options = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    status_options.extend(StatisticsStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.statistics_status)(*s)),
        )
    }));
    let names = units.clone();
    let template_names = all_templates.clone();
    let columns = vec![
        Column::new(t.st_unit, move |r: &StatisticsReport| {
            html! {
                <Href to={format!("/statistics/reports/{}", r.id)} class="report-link">
                    { unit_name(&names, &r.unit_id, lang) }
                </Href>
            }
        }),
        Column::new(t.st_template, move |r: &StatisticsReport| {
            let name = template_names
                .iter()
                .find(|x| x.id == r.template_id)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| r.template_code.clone());
            html! { name }
        }),
        Column::new(
            t.st_period,
            |r: &StatisticsReport| html! { r.period.clone() },
        )
        .sortable("period_start")
        .class("nowrap"),
        Column::new(
            t.st_due,
            |r: &StatisticsReport| html! { r.due_date.to_string() },
        )
        .sortable("due_date")
        .class("nowrap"),
        Column::new(t.col_status, move |r: &StatisticsReport| {
            let t = lang.texts();
            html! {
                <span class="badges">
                    { status_badge(r.status, t) }
                    { timeliness_badge(r.timeliness, t) }
                    if r.flagged { <Badge tone={Tone::Warning} text={t.st_flagged} /> }
                </span>
            }
        }),
    ];

    html! {
        <>
            <PageHeader title={t.cap_statistics.0} description={Some(AttrValue::Static(t.cap_statistics.1))} />
            { tabs(t, can_region) }
            if may_file {
                <section class="card" aria-labelledby="new-report-title">
                    <h2 id="new-report-title" class="card-title">{ t.st_new }</h2>
                    <form class="filter-form" onsubmit={create} novalidate=true>
                        <SelectField id="new-template" label={t.st_template} value={(*new_template).clone()}
                                     options={template_options(&all_templates)}
                                     on_change={let s = new_template.clone(); Callback::from(move |v| s.set(v))} />
                        <TextField id="new-period" label={t.st_period} value={(*new_period).clone()} required=true
                                   placeholder={Some(AttrValue::Static(if kind == PeriodKind::Year { "2026" } else { "2026-05" }))}
                                   hint={Some(AttrValue::Static(if kind == PeriodKind::Year { t.st_period_hint_year } else { t.st_period_hint_month }))}
                                   on_input={let s = new_period.clone(); Callback::from(move |v| s.set(v))}
                                   error={form.fields().get("period")} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="new-report" disabled={form.busy()}>{ t.st_create }</button>
                        </div>
                    </form>
                    { form.alert(&["period"]) }
                </section>
            } else if can(me, Permission::StatisticsWrite) {
                <p class="muted">{ t.st_not_county }</p>
            }
            <section class="card" aria-labelledby="reports-title">
                <h2 id="reports-title" class="card-title">{ t.st_list }</h2>
                <DataTable<StatisticsReport> id="reports-table" caption={t.st_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={on_search}>
                        <SelectField id="filter-unit" label={t.st_unit} value={draft.unit.clone()}
                                     options={unit_options(&units, lang, t.filter_all, false)} on_change={set_draft(|f, v| f.unit = v)} />
                        <SelectField id="filter-template" label={t.st_template} value={draft.template.clone()}
                                     options={filter_templates} on_change={set_draft(|f, v| f.template = v)} />
                        <SelectField id="filter-status" label={t.col_status} value={draft.status.clone()}
                                     options={status_options} on_change={set_draft(|f, v| f.status = v)} />
                        <TextField id="filter-period" label={t.st_period} value={draft.period.clone()}
                                   on_input={set_draft(|f, v| f.period = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="filter-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<StatisticsReport>>
            </section>
        </>
    }
}
