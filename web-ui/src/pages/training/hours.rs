//! 学时统计: the year's annual requirement (set by the city bureau), each unit's
//! completion rate, and people's hours (fewest first), or only those below.

use api_types::training::{
    HoursReport, PersonHours, TrainingRequirement, TrainingRequirementContent,
};
use chrono::Datelike;
use yew::prelude::*;

use super::{hours, tabs, Rights};
use crate::components::{
    Checkbox, Column, DataTable, ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextField,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_list, use_submission, use_units, ListState};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn HoursPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let year = format::today_date().year();
    let requirement = use_fetch(year, |y| async move {
        api::get::<TrainingRequirement>(&format!("/training-requirements/{y}")).await
    });
    let report = use_fetch(
        (year, requirement.data().map(|r| r.version)),
        |(y, _)| async move {
            api::get_list::<HoursReport>("/training-hours/units", &[("year", y.to_string())]).await
        },
    );
    let below = use_state(|| true);
    let list_state = use_state(|| ListState::new(20));
    let filters = vec![
        ("year", year.to_string()),
        (
            "below_requirement",
            if *below { "true".into() } else { String::new() },
        ),
    ];
    let people = use_list::<PersonHours>("/training-hours/people", (*list_state).clone(), filters);
    let required_text = use_state(String::new);
    let form = use_submission();
    if !rights.hours {
        return forbidden();
    }
    let save = {
        let (form, text) = (form.clone(), required_text.clone());
        let (current, reload) = (requirement.data(), requirement.reload.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(current) = current.clone() else {
                return;
            };
            let Ok(value) = text.trim().parse::<f64>() else {
                let mut f = FieldErrors::default();
                f.insert("hours", t.tr.hours_needed);
                return form.reject(f);
            };
            let body = TrainingRequirementContent { hours: value };
            let reload = reload.clone();
            let version = current.version;
            form.request(async move {
                api::put::<_, TrainingRequirement>(
                    &format!("/training-requirements/{year}"),
                    version,
                    &body,
                )
                .await
            })
            .success(t.tr.requirement_saved)
            .then(move |_| reload.emit(()));
        })
    };
    let req_line = match requirement.data() {
        Some(r) => (t.tr.requirement_line)(year, &hours(r.hours), r.set),
        None => String::new(),
    };
    let names = units.clone();
    let lines = match (report.data(), report.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(report.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(r), None) => html! {
            <table class="table" id="units-hours">
                <thead><tr><th>{ t.tr.unit }</th><th class="num">{ t.tr.people }</th><th class="num">{ t.tr.met }</th>
                    <th class="num">{ t.tr.completion_rate }</th><th class="num">{ t.tr.mean_hours }</th></tr></thead>
                <tbody>
                    { for r.units.iter().map(|u| html! {
                        <tr>
                            <td>{ unit_name(&names, &u.unit_id, lang) }</td>
                            <td class="num">{ u.people }</td>
                            <td class="num">{ u.met }</td>
                            <td class="num">{ u.completion_rate.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into()) }</td>
                            <td class="num">{ u.mean_hours.map(hours).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    let names = units.clone();
    let archives = crate::capability::can(&props.me, api_types::Permission::LegalArchiveRead);
    let (me, scope_units) = (props.me.clone(), units.clone());
    let columns = vec![
        Column::new(t.tr.person, move |p: &PersonHours| {
            if archives && super::in_my_scope(&me, &scope_units, p.unit_id) {
                html! { <Href to={format!("/training/archive/{}", p.user_id)} class="archive-link">{ p.user_name.clone() }</Href> }
            } else {
                html! { p.user_name.clone() }
            }
        })
        .sortable("name"),
        Column::new(
            t.tr.unit,
            move |p: &PersonHours| html! { unit_name(&names, &p.unit_id, lang) },
        ),
        Column::new(t.tr.hours, |p: &PersonHours| html! { hours(p.hours) })
            .sortable("hours")
            .class("num"),
        Column::new(
            t.tr.shortfall,
            |p: &PersonHours| html! { hours((p.required - p.hours).max(0.0)) },
        )
        .class("num"),
    ];
    html! {
        <>
            <PageHeader title={t.cap_training.0} description={Some(AttrValue::Static(t.tr.hours_intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="requirement-title">
                <h2 class="card-title" id="requirement-title">{ t.tr.requirement }</h2>
                <p id="requirement-line">{ req_line }</p>
                if rights.requirement {
                    <form class="inline-form" id="requirement-form" onsubmit={save} novalidate=true>
                        <TextField id="requirement-hours" label={t.tr.requirement_hours} value={(*required_text).clone()} inputmode="decimal"
                                   error={form.fields().get("hours")}
                                   on_input={let r = required_text.clone(); Callback::from(move |v| r.set(v))} />
                        { form.alert(&["hours"]) }
                        <button type="submit" class="btn btn-primary" id="requirement-save" disabled={form.busy()}>{ t.save }</button>
                    </form>
                }
            </section>
            <section class="card" aria-labelledby="units-title">
                <h2 class="card-title" id="units-title">{ t.tr.by_unit }</h2>
                { lines }
            </section>
            <section class="card" aria-labelledby="people-title">
                <h2 class="card-title" id="people-title">{ t.tr.people_hours }</h2>
                <DataTable<PersonHours> id="people-hours" caption={t.tr.people_hours} {columns}
                    page={people.data()} loading={people.loading()} error={people.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={people.reload.clone()}>
                    <Checkbox id="only-below" label={t.tr.only_below} checked={*below}
                              on_change={let (b, s) = (below.clone(), list_state.clone()); Callback::from(move |v| {
                                  b.set(v);
                                  let mut first = (*s).clone();
                                  first.page = 1;
                                  s.set(first);
                              })} />
                </DataTable<PersonHours>>
            </section>
        </>
    }
}
