//! `/training/events/:id`: an event's settings, its sessions (the organiser adds them
//! and opens each one's roster), enrolment (a person enrols themself, a unit nominates
//! its people, either withdraws), and the organiser's publish and cancel.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::training::{
    Enrolment, EnrolmentOutcome, EnrolmentRequest, EnrolmentStatus, TrainingCancellation,
    TrainingEvent, TrainingSession, TrainingSessionContent, TrainingStatus,
};
use api_types::users::User;
use api_types::Page;
use chrono::{Duration, Timelike, Utc};
use validator::Validate;
use yew::prelude::*;

use super::{enrolment_badge, event_badge, hours, tabs, Rights};
use crate::components::{
    Attachments, Checkbox, ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextAreaField,
    TextField,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct EventPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn EventPage(props: &EventPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let event = use_fetch(props.id.clone(), |id| async move {
        api::get::<TrainingEvent>(&format!("/training-events/{id}")).await
    });
    let header = html! {
        <PageHeader title={t.cap_training.0}>
            <Href to="/training/events" class="btn">{ t.back_to_list }</Href>
        </PageHeader>
    };
    let e = match (event.data(), event.error()) {
        (_, Some(error)) => {
            return html! { <>{ header }{ tabs(t, &props.me) }<ErrorPanel {error} on_retry={Some(event.reload.clone())} /></> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(e), None) => e,
    };
    let c = &e.content;
    let organiser = rights.manage && can_organise(&props.me, c.organiser_unit_id);
    let target = if c.target.unit_ids.is_empty() {
        t.tr.all_units.to_string()
    } else {
        c.target
            .unit_ids
            .iter()
            .map(|u| unit_name(&units, u, lang))
            .collect::<Vec<_>>()
            .join(t.list_sep)
    };
    let reload = event.reload.clone();
    let may_attach = e.status != TrainingStatus::Cancelled
        && crate::capability::can(&props.me, api_types::Permission::AttachmentsWrite)
        && props.me.unit.id == c.organiser_unit_id;
    html! {
        <>
            <PageHeader title={AttrValue::from(c.title.clone())}>
                <Href to="/training/events" class="btn">{ t.back_to_list }</Href>
                if organiser && e.status != TrainingStatus::Cancelled {
                    <Href to={format!("/training/events/{}/edit", e.id)} class="btn" id="event-edit">{ t.tr.edit_event }</Href>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="event-facts">
                <h2 class="card-title" id="event-facts">{ t.tr.basics }{ " " }{ event_badge(e.status, e.enrolment_open, t) }</h2>
                <dl class="facts">
                    <dt>{ t.tr.organiser }</dt><dd>{ unit_name(&units, &c.organiser_unit_id, lang) }</dd>
                    <dt>{ t.col_kind }</dt><dd>{ (t.tr.category)(c.category) }</dd>
                    <dt>{ t.tr.target_unit }</dt><dd>{ target }</dd>
                    <dt>{ t.tr.enrolment }</dt>
                    <dd>{ format!("{} — {}", format::bureau_time(&c.enrol_opens_at), format::bureau_time(&c.enrol_closes_at)) }</dd>
                    <dt>{ t.tr.enrolled }</dt><dd id="event-enrolled">{ (t.tr.enrolled_of)(e.enrolled, c.capacity, e.waitlisted) }</dd>
                    <dt>{ t.tr.hours }</dt><dd>{ hours(e.total_hours) }</dd>
                    <dt>{ t.tr.rules }</dt>
                    <dd>{ (t.tr.rules_text)(c.shares.late, c.leave_numerator, c.leave_denominator) }</dd>
                    if let Some(reason) = &e.cancel_reason {
                        <dt>{ t.tr.cancel_reason }</dt><dd>{ reason.clone() }</dd>
                    }
                </dl>
                if !c.description.is_empty() {
                    <p class="prose">{ c.description.clone() }</p>
                }
                if organiser {
                    <EventActions event={e.clone()} on_changed={reload.clone()} />
                }
            </section>
            <section class="card" aria-labelledby="materials-title">
                <h2 id="materials-title" class="card-title">{ t.tr.materials }</h2>
                <Attachments id="event-materials" files={e.attachments.clone()}
                             upload_path={may_attach.then(|| format!("/training-events/{}/attachments", e.id))}
                             may_withdraw={may_attach} max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                             on_changed={reload.clone()} />
            </section>
            <Sessions event={e.clone()} organiser={organiser} on_changed={reload.clone()} />
            <Enrolments me={props.me.clone()} event={e.clone()} on_changed={reload} />
        </>
    }
}

/// Whether the user organises events of `unit` (the city bureau every unit's, a section
/// its own).
fn can_organise(me: &Me, unit: uuid::Uuid) -> bool {
    me.roles.contains(&api_types::Role::Bureau) || me.unit.id == unit
}

#[derive(Properties, PartialEq)]
struct EventProps {
    event: Rc<TrainingEvent>,
    on_changed: Callback<()>,
}

#[function_component]
fn EventActions(props: &EventProps) -> Html {
    let t = use_i18n().t();
    let e = &props.event;
    let (id, version) = (e.id, e.version);
    let publishing = use_submission();
    let form = use_submission();
    let cancelling = use_state(|| false);
    let reason = use_state(String::new);
    let publish = {
        let (publishing, on_changed) = (publishing.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let on_changed = on_changed.clone();
            publishing
                .request(async move {
                    api::post_versioned::<_, TrainingEvent>(
                        &format!("/training-events/{id}/publish"),
                        version,
                        &(),
                    )
                    .await
                })
                .success(t.tr.published)
                .then(move |_| on_changed.emit(()));
        })
    };
    let cancel = {
        let (form, reason, on_changed, cancelling) = (
            form.clone(),
            reason.clone(),
            props.on_changed.clone(),
            cancelling.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = TrainingCancellation {
                reason: reason.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let (on_changed, cancelling) = (on_changed.clone(), cancelling.clone());
            form.request(async move {
                api::post_versioned::<_, TrainingEvent>(
                    &format!("/training-events/{id}/cancel"),
                    version,
                    &body,
                )
                .await
            })
            .success(t.tr.cancelled)
            .then(move |_| {
                cancelling.set(false);
                on_changed.emit(());
            });
        })
    };
    html! {
        <div class="actions">
            if e.status == TrainingStatus::Draft {
                <button class="btn btn-primary" id="event-publish" onclick={publishing.ask()} disabled={publishing.busy()}>{ t.tr.publish }</button>
                { publishing.confirm_dialog(t.tr.publish, t.tr.publish_confirm, t.tr.publish, publish) }
                { publishing.alert(&["sessions", "enrol_closes_at"]) }
            }
            if e.status != TrainingStatus::Cancelled {
                <button class="btn btn-danger" id="event-cancel" onclick={let c = cancelling.clone(); Callback::from(move |_| c.set(!*c))}>{ t.tr.cancel_event }</button>
            }
            if *cancelling && e.status != TrainingStatus::Cancelled {
                <form class="inline-form" id="cancel-form" onsubmit={cancel} novalidate=true>
                    <TextAreaField id="cancel-reason" label={t.tr.cancel_reason} value={(*reason).clone()} required=true
                                   error={form.fields().get("reason")}
                                   on_input={let r = reason.clone(); Callback::from(move |v| r.set(v))} />
                    { form.alert(&["reason"]) }
                    <button type="submit" class="btn btn-danger" id="cancel-confirm" disabled={form.busy()}>{ t.tr.cancel_event }</button>
                </form>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SessionsProps {
    event: Rc<TrainingEvent>,
    organiser: bool,
    on_changed: Callback<()>,
}

#[function_component]
fn Sessions(props: &SessionsProps) -> Html {
    let t = use_i18n().t();
    let e = &props.event;
    let now = Utc::now().with_second(0).unwrap_or_else(Utc::now);
    let title = use_state(String::new);
    let starts = use_state(|| format::bureau_input(&(now + Duration::days(1))));
    let ends = use_state(|| format::bureau_input(&(now + Duration::days(1) + Duration::hours(3))));
    let place = use_state(String::new);
    let credit = use_state(|| "3".to_string());
    let online = use_state(|| false);
    let form = use_submission();
    let add = {
        let (title, starts, ends, place, credit, online) = (
            title.clone(),
            starts.clone(),
            ends.clone(),
            place.clone(),
            credit.clone(),
            online.clone(),
        );
        let (form, on_changed, id) = (form.clone(), props.on_changed.clone(), e.id);
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut errors = FieldErrors::default();
            let starts_at = format::parse_bureau_input(&starts);
            let ends_at = format::parse_bureau_input(&ends);
            let hours = credit.trim().parse::<f64>().ok();
            if starts_at.is_none() {
                errors.insert("starts_at", t.tr.datetime_needed);
            }
            if ends_at.is_none() {
                errors.insert("ends_at", t.tr.datetime_needed);
            }
            if hours.is_none() {
                errors.insert("credit_hours", t.tr.hours_needed);
            }
            let (Some(starts_at), Some(ends_at), Some(credit_hours)) = (starts_at, ends_at, hours)
            else {
                return form.reject(errors);
            };
            let body = TrainingSessionContent {
                title: title.trim().to_string(),
                starts_at,
                ends_at,
                place: place.trim().to_string(),
                online: *online,
                credit_hours,
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let (on_changed, title) = (on_changed.clone(), title.clone());
            form.request(async move {
                api::post::<_, TrainingSession>(&format!("/training-events/{id}/sessions"), &body)
                    .await
            })
            .success(t.tr.session_added)
            .then(move |_| {
                title.set(String::new());
                on_changed.emit(());
            });
        })
    };
    let text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <section class="card" aria-labelledby="sessions-title">
            <h2 class="card-title" id="sessions-title">{ t.tr.sessions }</h2>
            if e.sessions.is_empty() {
                <p class="muted">{ t.tr.no_sessions_yet }</p>
            } else {
                <table class="table" id="sessions-list">
                    <thead><tr>
                        <th>{ t.tr.session_title }</th><th>{ t.tr.when }</th><th>{ t.tr.place }</th>
                        <th class="num">{ t.tr.hours }</th>
                        if props.organiser { <th>{ t.tr.attendance_col }</th> }
                    </tr></thead>
                    <tbody>
                        { for e.sessions.iter().map(|s| html! {
                            <tr>
                                <td>{ s.content.title.clone() }</td>
                                <td class="nowrap">{ format!("{} — {}", format::bureau_time(&s.content.starts_at), format::bureau_time(&s.content.ends_at)) }</td>
                                <td>{ if s.content.online { format!("{}（{}）", s.content.place, t.tr.online) } else { s.content.place.clone() } }</td>
                                <td class="num">{ hours(s.content.credit_hours) }</td>
                                if props.organiser {
                                    <td><Href to={format!("/training/sessions/{}", s.id)} class="btn btn-small roster-link">{ t.tr.roster }</Href></td>
                                }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if props.organiser && e.status != TrainingStatus::Cancelled {
                <form class="form-grid" id="session-form" onsubmit={add} novalidate=true>
                    <h3>{ t.tr.add_session }</h3>
                    <div class="field-row">
                        <TextField id="session-title" label={t.tr.session_title} value={(*title).clone()} required=true
                                   error={form.fields().get("title")} on_input={text(&title)} />
                        <TextField id="session-place" label={t.tr.place} value={(*place).clone()} required=true
                                   error={form.fields().get("place")} on_input={text(&place)} />
                        <TextField id="session-hours" label={t.tr.credit_hours} value={(*credit).clone()} inputmode="decimal"
                                   hint={Some(AttrValue::Static(t.tr.credit_hint))}
                                   error={form.fields().get("credit_hours")} on_input={text(&credit)} />
                    </div>
                    <div class="field-row">
                        <TextField id="session-starts" label={t.tr.starts_at} input_type="datetime-local" value={(*starts).clone()}
                                   required=true error={form.fields().get("starts_at")} on_input={text(&starts)} />
                        <TextField id="session-ends" label={t.tr.ends_at} input_type="datetime-local" value={(*ends).clone()}
                                   required=true error={form.fields().get("ends_at")} on_input={text(&ends)} />
                    </div>
                    <Checkbox id="session-online" label={t.tr.online} checked={*online}
                              on_change={let o = online.clone(); Callback::from(move |v| o.set(v))} />
                    { form.alert(&["title", "place", "credit_hours", "starts_at", "ends_at"]) }
                    <button type="submit" class="btn btn-primary" id="session-add" disabled={form.busy()}>{ t.tr.add_session }</button>
                </form>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EnrolmentsProps {
    me: Rc<Me>,
    event: Rc<TrainingEvent>,
    on_changed: Callback<()>,
}

#[function_component]
fn Enrolments(props: &EnrolmentsProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let e = &props.event;
    let id = e.id;
    let enrolments = use_fetch(
        (id, e.version, e.enrolled, e.waitlisted),
        move |_| async move {
            api::get_list::<Page<Enrolment>>(
                &format!("/training-events/{id}/enrolments"),
                &[("per_page", "200".into())],
            )
            .await
        },
    );
    let can_nominate = rights.enrol && e.enrolment_open;
    let people = use_fetch(can_nominate, |nominate| async move {
        if nominate {
            api::get_list::<Page<User>>("/users", &[("per_page", "200".into())])
                .await
                .map(|p| p.items)
        } else {
            Ok(Vec::new())
        }
    });
    let chosen = use_state(Vec::<uuid::Uuid>::new);
    let nominating = use_submission();
    let enrolling = use_submission();
    let withdrawing = use_submission();
    let refresh = {
        let (on_changed, reload) = (props.on_changed.clone(), enrolments.reload.clone());
        move || {
            on_changed.emit(());
            reload.emit(());
        }
    };
    let enrol_self = {
        let (enrolling, refresh) = (enrolling.clone(), refresh.clone());
        Callback::from(move |_: MouseEvent| {
            let refresh = refresh.clone();
            enrolling
                .request(async move {
                    api::post::<_, EnrolmentOutcome>(&format!("/training-events/{id}/enrol"), &())
                        .await
                })
                .errors_as_toast()
                .success(t.tr.enrolled_ok)
                .then(move |_| refresh());
        })
    };
    let nominate = {
        let (nominating, chosen, refresh) = (nominating.clone(), chosen.clone(), refresh.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = EnrolmentRequest {
                user_ids: (*chosen).clone(),
            };
            if body.user_ids.is_empty() {
                let mut f = FieldErrors::default();
                f.insert("user_ids", t.tr.choose_people);
                return nominating.reject(f);
            }
            let (chosen, refresh) = (chosen.clone(), refresh.clone());
            nominating
                .request(async move {
                    api::post::<_, EnrolmentOutcome>(
                        &format!("/training-events/{id}/enrolments"),
                        &body,
                    )
                    .await
                })
                .success(t.tr.nominated)
                .then(move |_| {
                    chosen.set(Vec::new());
                    refresh();
                });
        })
    };
    let withdraw = {
        let (withdrawing, refresh, me) = (withdrawing.clone(), refresh.clone(), props.me.id);
        Callback::from(move |enrolment: Enrolment| {
            let refresh = refresh.clone();
            let path = if enrolment.user_id == me {
                format!("/me/training-enrolments/{}/withdraw", enrolment.id)
            } else {
                format!("/training-enrolments/{}/withdraw", enrolment.id)
            };
            withdrawing
                .request(async move {
                    api::post_versioned::<_, Enrolment>(&path, enrolment.version, &()).await
                })
                .errors_as_toast()
                .success(t.tr.withdrawn)
                .then(move |_| refresh());
        })
    };
    let list = enrolments
        .data()
        .map(|p| p.items.clone())
        .unwrap_or_default();
    let mine = list
        .iter()
        .find(|en| en.user_id == props.me.id && en.status != EnrolmentStatus::Withdrawn);
    let enrolled_ids: Vec<uuid::Uuid> = list
        .iter()
        .filter(|en| en.status != EnrolmentStatus::Withdrawn)
        .map(|en| en.user_id)
        .collect();
    let candidates: Vec<User> = people
        .data()
        .map(|p| {
            p.iter()
                .filter(|u| u.active && !enrolled_ids.contains(&u.id))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    html! {
        <section class="card" aria-labelledby="enrolments-title">
            <h2 class="card-title" id="enrolments-title">{ t.tr.enrolments }</h2>
            if rights.attend && e.enrolment_open && mine.is_none() {
                <button class="btn btn-primary" id="enrol-self" onclick={enrol_self} disabled={enrolling.busy()}>{ t.tr.enrol_self }</button>
            }
            if can_nominate {
                <form class="form-grid" id="nominate-form" onsubmit={nominate} novalidate=true>
                    <h3>{ t.tr.nominate }</h3>
                    if candidates.is_empty() {
                        <p class="muted">{ t.tr.no_candidates }</p>
                    } else {
                        <div class="checkbox-list" id="nominate-people">
                            { for candidates.iter().map(|u| {
                                let (chosen, uid) = (chosen.clone(), u.id);
                                let checked = chosen.contains(&uid);
                                html! {
                                    <Checkbox id={format!("nominate-{}", u.id)} checked={checked}
                                              label={format!("{}（{}）", u.name, unit_name(&units, &u.unit_id, lang))}
                                              on_change={Callback::from(move |on: bool| {
                                                  let mut next = (*chosen).clone();
                                                  next.retain(|x| *x != uid);
                                                  if on { next.push(uid); }
                                                  chosen.set(next);
                                              })} />
                                }
                            }) }
                        </div>
                        { nominating.alert(&["user_ids"]) }
                        <button type="submit" class="btn btn-primary" id="nominate-submit" disabled={nominating.busy()}>{ t.tr.nominate_submit }</button>
                    }
                </form>
            }
            if list.is_empty() {
                <p class="muted">{ t.tr.no_enrolments }</p>
            } else {
                <table class="table" id="enrolments-list">
                    <thead><tr>
                        <th>{ t.tr.person }</th><th>{ t.tr.unit }</th><th>{ t.col_status }</th><th>{ t.tr.nominated_by }</th><th></th>
                    </tr></thead>
                    <tbody>
                        { for list.iter().map(|en| {
                            let own = en.user_id == props.me.id;
                            let may = en.status != EnrolmentStatus::Withdrawn
                                && (own && rights.attend || rights.enrol && super::in_my_scope(&props.me, &units, en.unit_id));
                            let (withdraw, en2) = (withdraw.clone(), en.clone());
                            html! {
                                <tr>
                                    <td>{ en.user_name.clone() }</td>
                                    <td>{ unit_name(&units, &en.unit_id, lang) }</td>
                                    <td>{ enrolment_badge(en.status, en.waitlist_position, t) }</td>
                                    <td>{ en.nominated_by_name.clone() }</td>
                                    <td>
                                        if may {
                                            <button class="btn btn-small" disabled={withdrawing.busy()}
                                                    onclick={Callback::from(move |_| withdraw.emit(en2.clone()))}>{ t.tr.withdraw }</button>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
