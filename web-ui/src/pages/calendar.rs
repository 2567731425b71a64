//! 工作日历 (`/calendar`): a year's weekday holidays and weekend make-up working days,
//! which the working-day deadlines (the 7-working-day disclosure rule, reminders) count
//! with. Everyone may read it; holders of `calendar.manage` add and remove days and
//! save the year. A year shipped without being checked against the State Council's
//! notice is flagged until someone saves it.

use api_types::disclosure::{CalendarDay, CalendarDayKind, CalendarYear, CalendarYearView};
use api_types::Permission;
use chrono::{Datelike, NaiveDate, Weekday};
use yew::prelude::*;

use crate::capability::can;
use crate::components::{Badge, ErrorPanel, Loading, PageHeader, SelectField, TextField, Tone};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::routes::Route;
use crate::services::api;

fn kind_badge(kind: CalendarDayKind, t: &'static Texts) -> Html {
    match kind {
        CalendarDayKind::Holiday => html! { <Badge tone={Tone::Danger} text={t.cal_holiday} /> },
        CalendarDayKind::Workday => html! { <Badge tone={Tone::Info} text={t.cal_workday} /> },
    }
}

/// What is wrong with a day about to be added, said at its field.
fn check_new(
    day: Option<NaiveDate>,
    year: i32,
    kind: CalendarDayKind,
    days: &[CalendarDay],
    t: &'static Texts,
) -> Option<(&'static str, &'static str)> {
    let Some(day) = day else {
        return Some(("date", t.cal_date_needed));
    };
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    if day.year() != year {
        Some(("date", t.cal_other_year))
    } else if days.iter().any(|d| d.date == day) {
        Some(("date", t.cal_duplicate))
    } else if kind == CalendarDayKind::Holiday && weekend {
        Some(("date", t.cal_weekend_holiday))
    } else if kind == CalendarDayKind::Workday && !weekend {
        Some(("date", t.cal_weekday_workday))
    } else {
        None
    }
}

#[function_component]
pub fn CalendarPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let manage = can(&props.me, Permission::CalendarManage);
    let today = format::today_date();
    let year = use_state(|| today.year());
    let loaded = use_fetch(*year, |year| async move {
        api::get_list_public::<CalendarYearView>(
            "/public/working-calendar",
            &[("year", year.to_string())],
        )
        .await
    });
    // The days being edited (from the loaded year), and the tag they came with.
    let edited = use_state(|| None::<(i32, String, Vec<CalendarDay>)>);
    if let Some(view) = loaded.data() {
        let stale = edited
            .as_ref()
            .is_none_or(|(y, tag, _)| *y != view.year || *tag != view.tag);
        if stale {
            edited.set(Some((view.year, view.tag.clone(), view.days.clone())));
        }
    }
    let new_date = use_state(String::new);
    let new_kind = use_state(|| CalendarDayKind::Holiday);
    let new_name = use_state(String::new);
    let add_error = use_state(|| None::<(&'static str, &'static str)>);
    let saving = use_submission();

    let years: Vec<(AttrValue, AttrValue)> = (2022..=today.year() + 1)
        .map(|y| {
            (
                AttrValue::from(y.to_string()),
                AttrValue::from((t.cal_year)(y)),
            )
        })
        .collect();
    let on_year = {
        let year = year.clone();
        Callback::from(move |v: String| {
            if let Ok(y) = v.parse() {
                year.set(y);
            }
        })
    };
    let days: Vec<CalendarDay> = edited
        .as_ref()
        .map(|(_, _, d)| d.clone())
        .unwrap_or_default();
    let changed = loaded.data().is_some_and(|v| v.days != days);

    let add = {
        let (edited, new_date, new_kind, new_name, add_error) = (
            edited.clone(),
            new_date.clone(),
            new_kind.clone(),
            new_name.clone(),
            add_error.clone(),
        );
        let y = *year;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some((ey, tag, mut days)) = (*edited).clone() else {
                return;
            };
            let day = new_date.parse::<NaiveDate>().ok();
            if let Some(problem) = check_new(day, y, *new_kind, &days, t) {
                add_error.set(Some(problem));
                return;
            }
            let name = new_name.trim().to_string();
            if name.is_empty() {
                add_error.set(Some(("name", t.cal_name_needed)));
                return;
            }
            if name.chars().count() > 100 {
                add_error.set(Some(("name", t.cal_name_long)));
                return;
            }
            add_error.set(None);
            if let Some(date) = day {
                days.push(CalendarDay {
                    date,
                    kind: *new_kind,
                    name,
                });
                days.sort_by_key(|d| d.date);
            }
            edited.set(Some((ey, tag, days)));
            new_date.set(String::new());
            new_name.set(String::new());
        })
    };
    let remove = {
        let edited = edited.clone();
        Callback::from(move |date: NaiveDate| {
            if let Some((y, tag, mut days)) = (*edited).clone() {
                days.retain(|d| d.date != date);
                edited.set(Some((y, tag, days)));
            }
        })
    };
    let save = {
        let (edited, saving, reload) = (edited.clone(), saving.clone(), loaded.reload.clone());
        Callback::from(move |_: MouseEvent| {
            let Some((y, tag, days)) = (*edited).clone() else {
                return;
            };
            let reload = reload.clone();
            let path = format!("/working-calendar/{y}");
            let body = CalendarYear { days };
            saving
                .request(
                    async move { api::put_tagged::<_, CalendarYearView>(&path, &tag, &body).await },
                )
                .success(t.cal_saved)
                .then(move |_| reload.emit(()));
        })
    };
    let discard = {
        let (edited, loaded) = (edited.clone(), loaded.data());
        Callback::from(move |_: MouseEvent| {
            if let Some(v) = &loaded {
                edited.set(Some((v.year, v.tag.clone(), v.days.clone())));
            }
        })
    };
    let error_of = |field: &str| {
        (*add_error)
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| AttrValue::Static(m))
    };
    // The server names a bad day as `days[i]`: shown on its row.
    let server_errors = saving.fields();
    let row_error = |i: usize| server_errors.get(&format!("days[{i}]"));

    let body = match (loaded.data(), loaded.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(loaded.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        // Another year is being fetched: nothing of the previous one may be edited.
        (Some(view), None) if view.year != *year => html! { <Loading /> },
        (Some(view), None) => html! {
            <>
                if view.unverified {
                    <p class="alert alert-warning" id="calendar-unverified" role="status">{ (t.cal_unverified)(view.year) }</p>
                }
                { saving.alert_with_id(Some("calendar-alert"), &[]) }
                if days.is_empty() {
                    <p class="muted" id="calendar-empty">{ t.cal_empty }</p>
                } else {
                    <div class="table-scroll">
                        <table class="data-table" id="calendar-days">
                            <caption class="sr-only">{ (t.cal_year)(view.year) }</caption>
                            <thead><tr>
                                <th scope="col">{ t.cal_date }</th>
                                <th scope="col">{ t.cal_weekday }</th>
                                <th scope="col">{ t.col_kind }</th>
                                <th scope="col">{ t.cal_name }</th>
                                if manage { <th scope="col">{ t.col_actions }</th> }
                            </tr></thead>
                            <tbody>
                                { for days.iter().enumerate().map(|(i, d)| {
                                    let remove = remove.clone();
                                    let date = d.date;
                                    html! {
                                        <tr data-date={d.date.to_string()}>
                                            <td class="nowrap">{ d.date.to_string() }</td>
                                            <td class="nowrap">{ (t.weekday)(d.date.weekday()) }</td>
                                            <td>{ kind_badge(d.kind, t) }</td>
                                            <td>
                                                { d.name.clone() }
                                                if let Some(e) = row_error(i) { <p class="field-error">{ e }</p> }
                                            </td>
                                            if manage {
                                                <td><button type="button" class="btn btn-small calendar-remove"
                                                            onclick={Callback::from(move |_| remove.emit(date))}>{ t.cal_remove }</button></td>
                                            }
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
                if manage {
                    <form class="filter-form calendar-add" id="calendar-add" onsubmit={add} novalidate=true>
                        <TextField id="calendar-date" label={t.cal_date} value={(*new_date).clone()} input_type="date"
                                   error={error_of("date")}
                                   on_input={let s = new_date.clone(); Callback::from(move |v| s.set(v))} />
                        <SelectField id="calendar-kind" label={t.col_kind}
                                     value={if *new_kind == CalendarDayKind::Holiday { "holiday" } else { "workday" }}
                                     options={vec![
                                         (AttrValue::Static("holiday"), AttrValue::Static(t.cal_holiday)),
                                         (AttrValue::Static("workday"), AttrValue::Static(t.cal_workday)),
                                     ]}
                                     on_change={let s = new_kind.clone(); Callback::from(move |v: String| s.set(if v == "workday" { CalendarDayKind::Workday } else { CalendarDayKind::Holiday }))} />
                        <TextField id="calendar-name" label={t.cal_name} value={(*new_name).clone()}
                                   hint={Some(AttrValue::Static(t.cal_name_hint))} error={error_of("name")}
                                   on_input={let s = new_name.clone(); Callback::from(move |v| s.set(v))} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn" id="calendar-add-day">{ t.cal_add }</button>
                        </div>
                    </form>
                    <div class="form-buttons">
                        <button type="button" class="btn btn-primary" id="calendar-save"
                                disabled={saving.busy() || !(changed || view.unverified)} onclick={save}>
                            { if view.unverified && !changed { t.cal_confirm } else { t.cal_save } }
                        </button>
                        if changed {
                            <button type="button" class="btn" id="calendar-discard" onclick={discard}>{ t.cal_discard }</button>
                        }
                    </div>
                }
            </>
        },
    };
    let cap = crate::capability::capability(&Route::Calendar);
    html! {
        <>
            <PageHeader title={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                        description={cap.as_ref().map(|c| AttrValue::Static(c.description(t)))} />
            <section class="card" aria-labelledby="calendar-title">
                <div class="card-toolbar">
                    <h2 id="calendar-title" class="card-title">{ (t.cal_year)(*year) }</h2>
                    <div class="toolbar-spacer"></div>
                    <SelectField id="calendar-year" label={t.cal_pick_year} value={year.to_string()} options={years} on_change={on_year} />
                </div>
                <p class="muted">{ t.cal_intro }</p>
                { body }
            </section>
        </>
    }
}
