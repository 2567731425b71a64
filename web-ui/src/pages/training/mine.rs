//! 我的培训: the trainings I am enrolled in or waiting for, checking in at a session
//! with the code on the organiser's screen, and my hours this year against the
//! requirement, by category and event.

use api_types::training::{
    CheckIn, EnrolmentStatus, PersonHours, RosterEntry, TrainingEnrolmentSummary, TrainingSession,
    TrainingStatus,
};
use chrono::{Duration, Utc};
use validator::Validate;
use yew::prelude::*;

use super::{enrolment_badge, hours, tabs};
use crate::components::{ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextField};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

/// Check-in opens this long before a session (as the server has it).
const OPENS_BEFORE_MINUTES: i64 = 30;

fn check_in_open(s: &TrainingSession) -> bool {
    let now = Utc::now();
    s.content.starts_at - Duration::minutes(OPENS_BEFORE_MINUTES) <= now && now <= s.content.ends_at
}

#[function_component]
pub fn MyTrainingsPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let trainings = use_fetch((), |()| {
        api::get::<Vec<TrainingEnrolmentSummary>>("/me/trainings")
    });
    let mine = use_fetch((), |()| api::get::<PersonHours>("/me/training-hours"));
    let list = match (trainings.data(), trainings.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(trainings.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => html! { <p class="muted">{ t.tr.none_yet }</p> },
        (Some(list), None) => html! {
            <ul class="training-cards" id="my-trainings">
                { for list.iter().map(|item| {
                    let e = &item.event;
                    let enrolled = item.enrolment.status == EnrolmentStatus::Enrolled;
                    html! {
                        <li class="card training-card">
                            <h3><Href to={format!("/training/events/{}", e.id)}>{ e.content.title.clone() }</Href>
                                { " " }{ enrolment_badge(item.enrolment.status, item.enrolment.waitlist_position, t) }</h3>
                            <ul class="session-lines">
                                { for e.sessions.iter().map(|s| html! {
                                    <li>
                                        <span>{ format!("{} · {} · {} · {}", s.content.title, format::bureau_time(&s.content.starts_at), s.content.place, (t.tr.hours_of)(&hours(s.content.credit_hours))) }</span>
                                        if enrolled && e.status == TrainingStatus::Published && check_in_open(s) {
                                            <CheckInForm session={s.id} on_done={mine.reload.clone()} />
                                        }
                                    </li>
                                }) }
                            </ul>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    let summary = match (mine.data(), mine.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(mine.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(h), None) => html! {
            <>
                <p class="hours-total" id="my-hours">
                    { (t.tr.hours_total)(h.year, &hours(h.hours), &hours(h.required)) }
                    { " " }
                    if h.met { <span class="badge badge-success">{ t.tr.met }</span> } else { <span class="badge badge-warning">{ t.tr.not_met }</span> }
                </p>
                <ul class="inline-list">
                    { for h.by_category.iter().map(|c| html! { <li>{ format!("{} {}", (t.tr.category)(c.category), hours(c.hours)) }</li> }) }
                </ul>
                if !h.events.is_empty() {
                    <table class="table" id="my-hours-events">
                        <thead><tr><th>{ t.tr.title }</th><th>{ t.col_kind }</th><th class="num">{ t.tr.earned }</th>
                            <th class="num">{ t.tr.leave }</th><th>{ t.tr.completed }</th></tr></thead>
                        <tbody>
                            { for h.events.iter().map(|e| html! {
                                <tr>
                                    <td>{ e.title.clone() }</td>
                                    <td>{ (t.tr.category)(e.category) }</td>
                                    <td class="num">{ format!("{} / {}", hours(e.hours), hours(e.total_hours)) }</td>
                                    <td class="num">{ hours(e.leave_hours) }</td>
                                    <td>{ if e.completed { t.tr.yes } else { t.tr.no } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_training.0} description={Some(AttrValue::Static(t.tr.mine_intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="mine-title">
                <h2 class="card-title" id="mine-title">{ t.tr.tab_mine }</h2>
                { list }
            </section>
            <section class="card" aria-labelledby="hours-title">
                <h2 class="card-title" id="hours-title">{ t.tr.my_hours }</h2>
                { summary }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CheckInFormProps {
    session: uuid::Uuid,
    on_done: Callback<()>,
}

#[function_component]
fn CheckInForm(props: &CheckInFormProps) -> Html {
    let t = use_i18n().t();
    let code = use_state(String::new);
    let done = use_state(|| None::<RosterEntry>);
    let form = use_submission();
    let session = props.session;
    let submit = {
        let (code, form, done, on_done) = (
            code.clone(),
            form.clone(),
            done.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = CheckIn {
                code: code.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let (done, on_done) = (done.clone(), on_done.clone());
            form.request(async move {
                api::post::<_, RosterEntry>(
                    &format!("/training-sessions/{session}/check-in"),
                    &body,
                )
                .await
            })
            .success(t.tr.checked_in)
            .then(move |entry| {
                done.set(Some(entry));
                on_done.emit(());
            });
        })
    };
    if let Some(entry) = &*done {
        return html! {
            <span class="checked-in">{ entry.status.map(|s| (t.tr.attendance)(s)).unwrap_or_default() }</span>
        };
    }
    html! {
        <form class="inline-form checkin-form" onsubmit={submit} novalidate=true>
            <TextField id={format!("checkin-{session}")} label={t.tr.check_in_code} value={(*code).clone()} inputmode="numeric"
                       autocomplete={Some(AttrValue::Static("one-time-code"))}
                       error={form.fields().get("code")}
                       on_input={let c = code.clone(); Callback::from(move |v| c.set(v))} />
            { form.alert(&["code"]) }
            <button type="submit" class="btn btn-primary checkin-submit" disabled={form.busy()}>{ t.tr.check_in }</button>
        </form>
    }
}
