//! `/training/calendar`: a month of training sessions and contest days, Monday first,
//! in bureau time; each links to its event or contest.

use api_types::contests::{Contest, ContestStatus};
use api_types::training::{TrainingEvent, TrainingStatus};
use api_types::Page;
use chrono::{Datelike, Duration, NaiveDate};
use yew::prelude::*;

use super::tabs;
use crate::components::{ErrorPanel, Href, Loading, PageHeader};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

/// One thing on a day.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    date: NaiveDate,
    /// `HH:MM` for a session; empty for a contest day.
    time: String,
    title: String,
    link: String,
    contest: bool,
}

/// The first day of the month `offset` months from `month`.
fn shift(month: NaiveDate, offset: i32) -> NaiveDate {
    let index = month.year() * 12 + month.month0() as i32 + offset;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(month)
}

/// The items of the events and contests (published or later; drafts are not dated yet).
fn items(events: &[TrainingEvent], contests: &[Contest]) -> Vec<Item> {
    let mut out = Vec::new();
    for e in events
        .iter()
        .filter(|e| e.status == TrainingStatus::Published)
    {
        for s in &e.sessions {
            let local = format::bureau_time(&s.content.starts_at);
            let Some(date) = local.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) else {
                continue;
            };
            out.push(Item {
                date,
                time: local.get(11..).unwrap_or_default().to_string(),
                title: format!("{} · {}", e.content.title, s.content.title),
                link: format!("/training/events/{}", e.id),
                contest: false,
            });
        }
    }
    for c in contests
        .iter()
        .filter(|c| !matches!(c.status, ContestStatus::Draft | ContestStatus::Cancelled))
    {
        out.push(Item {
            date: c.content.held_on,
            time: String::new(),
            title: c.content.title.clone(),
            link: format!("/training/contests/{}", c.id),
            contest: true,
        });
    }
    out.sort_by(|a, b| (a.date, &a.time, &a.title).cmp(&(b.date, &b.time, &b.title)));
    out
}

#[function_component]
pub fn CalendarPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let today = format::today_date();
    let month = use_state(|| shift(today, 0).with_day(1).unwrap_or(today));
    let data = use_fetch((), |()| async {
        let events = api::get_list::<Page<TrainingEvent>>(
            "/training-events",
            &[("per_page", "200".into()), ("status", "published".into())],
        )
        .await?;
        let contests =
            api::get_list::<Page<Contest>>("/contests", &[("per_page", "200".into())]).await?;
        Ok::<_, crate::services::api::ApiError>(items(&events.items, &contests.items))
    });
    let step = |offset: i32| {
        let month = month.clone();
        Callback::from(move |_: MouseEvent| month.set(shift(*month, offset)))
    };
    let body = match (data.data(), data.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(data.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(all), None) => {
            let first = *month;
            let start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
            let next = shift(first, 1);
            let weeks = ((next - start).num_days() + 6) / 7;
            html! {
                <table class="calendar" id="training-calendar">
                    <thead><tr>{ for t.ct.weekdays.iter().map(|d| html! { <th scope="col">{ *d }</th> }) }</tr></thead>
                    <tbody>
                        { for (0..weeks).map(|w| html! {
                            <tr>
                                { for (0..7).map(|d| {
                                    let day = start + Duration::days(w * 7 + d);
                                    let inside = day >= first && day < next;
                                    let class = classes!("calendar-day", (!inside).then_some("calendar-other"), (day == today).then_some("calendar-today"));
                                    html! {
                                        <td class={class} data-date={day.to_string()}>
                                            <div class="calendar-date">{ day.day() }</div>
                                            { for all.iter().filter(|i| i.date == day).map(|i| html! {
                                                <Href to={i.link.clone()} class={if i.contest { "calendar-item calendar-contest" } else { "calendar-item" }}>
                                                    if !i.time.is_empty() { <span class="calendar-time">{ i.time.clone() }</span>{ " " } }
                                                    { i.title.clone() }
                                                </Href>
                                            }) }
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        }
    };
    html! {
        <>
            <PageHeader title={t.cap_training.0} description={Some(AttrValue::Static(t.ct.calendar_intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="calendar-title">
                <div class="calendar-head">
                    <button type="button" class="btn" id="calendar-prev" onclick={step(-1)}>{ t.ct.prev_month }</button>
                    <h2 class="card-title" id="calendar-title">{ (t.ct.month_title)(month.year(), month.month()) }</h2>
                    <button type="button" class="btn" id="calendar-next" onclick={step(1)}>{ t.ct.next_month }</button>
                </div>
                { body }
            </section>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_step_across_years() {
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        assert_eq!(shift(d(2026, 12), 1), d(2027, 1));
        assert_eq!(shift(d(2026, 1), -1), d(2025, 12));
        assert_eq!(shift(d(2026, 6), 0), d(2026, 6));
    }
}
