//! The training events (published and cancelled ones, and the drafts the user
//! prepares), and the form that prepares or edits one.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::training::{
    AttendanceShares, TrainingCategory, TrainingEvent, TrainingEventContent, TrainingStatus,
    TrainingTarget,
};
use chrono::{Duration, Timelike, Utc};
use validator::Validate;
use yew::prelude::*;

use super::{event_badge, hours, tabs, Rights};
use crate::components::{
    push_path, Column, DataTable, ErrorPanel, FieldErrors, Href, Loading, NavLink, PageHeader,
    SelectField, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{
    unit_name, unit_options, use_fetch, use_list, use_submission, use_units, FilterBar, ListState,
};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::routes::Route;
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    category: String,
    status: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        let (status, open) = match self.status.as_str() {
            "open" => (String::new(), "true".to_string()),
            s => (s.to_string(), String::new()),
        };
        vec![
            ("category", self.category.clone()),
            ("status", status),
            ("enrolment_open", open),
            ("q", self.q.trim().to_string()),
        ]
    }
}

/// When an event's sessions run: "2026-04-10 09:00 起 · 3 课次".
fn when(e: &TrainingEvent, t: &Texts) -> String {
    match e.sessions.first() {
        Some(first) => (t.tr.sessions_from)(
            &format::bureau_time(&first.content.starts_at),
            e.sessions.len(),
        ),
        None => t.tr.no_sessions_yet.to_string(),
    }
}

#[function_component]
pub fn EventsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list =
        use_list::<TrainingEvent>("/training-events", (*list_state).clone(), applied.query());
    if !rights.read {
        return forbidden();
    }
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let set = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let all = || vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    let mut categories = all();
    categories.extend(TrainingCategory::ALL.iter().map(|c| {
        (
            AttrValue::Static(c.as_str()),
            AttrValue::Static((t.tr.category)(*c)),
        )
    }));
    let mut states = all();
    states.push((
        AttrValue::Static("open"),
        AttrValue::Static(t.tr.enrolment_open),
    ));
    states.extend(TrainingStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.tr.status)(*s)),
        )
    }));
    let names = units.clone();
    let columns = vec![
        Column::new(t.tr.title, |e: &TrainingEvent| html! {
            <Href to={format!("/training/events/{}", e.id)} class="event-link">{ e.content.title.clone() }</Href>
        })
        .sortable("title")
        .class("cell-name"),
        Column::new(t.col_kind, move |e: &TrainingEvent| html! { (lang.texts().tr.category)(e.content.category) })
            .class("nowrap"),
        Column::new(t.tr.organiser, move |e: &TrainingEvent| {
            html! { unit_name(&names, &e.content.organiser_unit_id, lang) }
        }),
        Column::new(t.tr.when, move |e: &TrainingEvent| html! { when(e, lang.texts()) }).class("nowrap"),
        Column::new(t.tr.hours, |e: &TrainingEvent| html! { hours(e.total_hours) }).class("num"),
        Column::new(t.tr.enrolled, move |e: &TrainingEvent| {
            html! { (lang.texts().tr.enrolled_of)(e.enrolled, e.content.capacity, e.waitlisted) }
        })
        .class("nowrap"),
        Column::new(t.tr.enrol_closes, |e: &TrainingEvent| html! { format::bureau_time(&e.content.enrol_closes_at) })
            .sortable("enrol_closes_at")
            .class("nowrap"),
        Column::new(t.col_status, move |e: &TrainingEvent| event_badge(e.status, e.enrolment_open, lang.texts()))
            .class("nowrap"),
    ];
    html! {
        <>
            <PageHeader title={t.cap_training.0} description={Some(AttrValue::Static(t.tr.events_intro))}>
                if rights.manage {
                    <NavLink to={Route::TrainingEventNew} class="btn btn-primary">{ t.tr.new_event }</NavLink>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="events-title">
                <h2 id="events-title" class="card-title">{ t.tr.tab_events }</h2>
                <DataTable<TrainingEvent> id="training-events-table" caption={t.tr.tab_events} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={filter_bar.on_search()}>
                        <SelectField id="events-category" label={t.col_kind} value={draft.category.clone()}
                                     options={categories} on_change={set(|f, v| f.category = v)} />
                        <SelectField id="events-state" label={t.col_status} value={draft.status.clone()}
                                     options={states} on_change={set(|f, v| f.status = v)} />
                        <TextField id="events-q" label={t.filter_q} value={draft.q.clone()}
                                   on_input={set(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="events-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={filter_bar.on_reset()}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<TrainingEvent>>
            </section>
        </>
    }
}

/// An event's settings as typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    organiser: String,
    category: TrainingCategory,
    title: String,
    description: String,
    /// The unit chosen in the form (the first of the target's).
    target_unit: String,
    /// The target's units as stored: kept whole until the form's choice changes.
    target_units: Vec<uuid::Uuid>,
    capacity: String,
    opens: String,
    closes: String,
    late_share: String,
    leave_numerator: String,
    leave_denominator: String,
    /// Kept as they were: the target's roles and the milestone, not edited here.
    roles: Vec<api_types::Role>,
    milestone_id: Option<uuid::Uuid>,
    shares: AttendanceShares,
}

impl Draft {
    fn new(unit: uuid::Uuid) -> Draft {
        let now = Utc::now().with_second(0).unwrap_or_else(Utc::now);
        Draft {
            organiser: unit.to_string(),
            category: TrainingCategory::Business,
            title: String::new(),
            description: String::new(),
            target_unit: String::new(),
            target_units: Vec::new(),
            capacity: String::new(),
            opens: format::bureau_input(&now),
            closes: format::bureau_input(&(now + Duration::days(7))),
            late_share: "75".into(),
            leave_numerator: "1".into(),
            leave_denominator: "7".into(),
            roles: Vec::new(),
            milestone_id: None,
            shares: AttendanceShares::default(),
        }
    }

    fn of(e: &TrainingEvent) -> Draft {
        let c = &e.content;
        Draft {
            organiser: c.organiser_unit_id.to_string(),
            category: c.category,
            title: c.title.clone(),
            description: c.description.clone(),
            target_units: c.target.unit_ids.clone(),
            target_unit: c
                .target
                .unit_ids
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
            capacity: c.capacity.map(|n| n.to_string()).unwrap_or_default(),
            opens: format::bureau_input(&c.enrol_opens_at),
            closes: format::bureau_input(&c.enrol_closes_at),
            late_share: c.shares.late.to_string(),
            leave_numerator: c.leave_numerator.to_string(),
            leave_denominator: c.leave_denominator.to_string(),
            roles: c.target.roles.clone(),
            milestone_id: c.milestone_id,
            shares: c.shares.clone(),
        }
    }

    fn content(&self, t: &Texts) -> Result<TrainingEventContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let number = |text: &str, field: &str, errors: &mut FieldErrors| -> Option<u32> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = text.parse::<u32>().ok();
            if parsed.is_none() {
                errors.insert(field, t.tr.whole_number);
            }
            parsed
        };
        let capacity = number(&self.capacity, "capacity", &mut errors);
        let late = number(&self.late_share, "shares.late", &mut errors).unwrap_or(75);
        let numerator = number(&self.leave_numerator, "leave_numerator", &mut errors).unwrap_or(1);
        let denominator =
            number(&self.leave_denominator, "leave_denominator", &mut errors).unwrap_or(7);
        let opens = format::parse_bureau_input(&self.opens);
        let closes = format::parse_bureau_input(&self.closes);
        if opens.is_none() {
            errors.insert("enrol_opens_at", t.tr.datetime_needed);
        }
        if closes.is_none() {
            errors.insert("enrol_closes_at", t.tr.datetime_needed);
        }
        let organiser = self.organiser.parse().ok();
        if organiser.is_none() {
            errors.insert_code(t, "organiser_unit_id", "required");
        }
        let (Some(organiser), Some(opens), Some(closes)) = (organiser, opens, closes) else {
            return Err(errors);
        };
        let content = TrainingEventContent {
            organiser_unit_id: organiser,
            category: self.category,
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            target: TrainingTarget {
                unit_ids: self.target_units.clone(),
                roles: self.roles.clone(),
            },
            capacity,
            enrol_opens_at: opens,
            enrol_closes_at: closes,
            shares: AttendanceShares {
                late: u8::try_from(late).unwrap_or(u8::MAX),
                ..self.shares.clone()
            },
            leave_numerator: numerator,
            leave_denominator: denominator,
            milestone_id: self.milestone_id,
        };
        if let Err(v) = content.validate() {
            return Err(FieldErrors::from_validation(&v, t));
        }
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(errors)
        }
    }
}

#[function_component]
pub fn NewEventPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    html! {
        <>
            <PageHeader title={t.tr.new_event} description={Some(AttrValue::Static(t.tr.form_intro))} />
            { tabs(t, &props.me) }
            <EventForm me={props.me.clone()} event={None::<Rc<TrainingEvent>>} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditEventProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn EditEventPage(props: &EditEventProps) -> Html {
    let t = use_i18n().t();
    let event = use_fetch(props.id.clone(), |id| async move {
        api::get::<TrainingEvent>(&format!("/training-events/{id}")).await
    });
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    let body = match (event.data(), event.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(event.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(e), None) => html! { <EventForm me={props.me.clone()} event={Some(e)} /> },
    };
    html! {
        <>
            <PageHeader title={t.tr.edit_event}>
                <Href to={format!("/training/events/{}", props.id)} class="btn">{ t.tr.back_to_event }</Href>
            </PageHeader>
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EventFormProps {
    me: Rc<Me>,
    event: Option<Rc<TrainingEvent>>,
}

#[function_component]
fn EventForm(props: &EventFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let draft = use_state(|| match &props.event {
        Some(e) => Draft::of(e),
        None => Draft::new(props.me.unit.id),
    });
    let form = use_submission();
    let editing = props.event.as_ref().map(|e| (e.id, e.version));
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, form) = (draft.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => return form.reject(errors),
            };
            form.request(async move {
                match editing {
                    Some((id, version)) => {
                        api::put::<_, TrainingEvent>(
                            &format!("/training-events/{id}"),
                            version,
                            &content,
                        )
                        .await
                    }
                    None => api::post::<_, TrainingEvent>("/training-events", &content).await,
                }
            })
            .success(t.tr.event_saved)
            .leaving()
            .then(|e| push_path(&format!("/training/events/{}", e.id)));
        })
    };
    let categories: Vec<(AttrValue, AttrValue)> = TrainingCategory::ALL
        .iter()
        .map(|c| {
            (
                AttrValue::Static(c.as_str()),
                AttrValue::Static((t.tr.category)(*c)),
            )
        })
        .collect();
    let fields = form.fields();
    let d = &*draft;
    let shown = [
        "organiser_unit_id",
        "category",
        "title",
        "description",
        "target.unit_ids",
        "capacity",
        "enrol_opens_at",
        "enrol_closes_at",
        "shares.late",
        "leave_numerator",
        "leave_denominator",
    ];
    html! {
        <form class="form-grid" id="training-event-form" onsubmit={onsubmit} novalidate=true>
            <section class="card">
                <fieldset>
                    <legend>{ t.tr.basics }</legend>
                    <div class="field-row">
                        <SelectField id="event-organiser" label={t.tr.organiser} value={d.organiser.clone()} required=true
                                     options={unit_options(&units, lang, t.choose, true)} error={fields.get("organiser_unit_id")}
                                     on_change={update(|d, v| d.organiser = v)} />
                        <SelectField id="event-category" label={t.col_kind} value={d.category.as_str()} options={categories}
                                     error={fields.get("category")}
                                     on_change={update(|d, v| if let Some(c) = TrainingCategory::parse(&v) { d.category = c })} />
                    </div>
                    <TextField id="event-title" label={t.tr.title} value={d.title.clone()} required=true
                               hint={Some(AttrValue::Static(t.tr.title_hint))}
                               error={fields.get("title")} on_input={update(|d, v| d.title = v)} />
                    <TextAreaField id="event-description" label={t.tr.description} value={d.description.clone()}
                                   error={fields.get("description")} on_input={update(|d, v| d.description = v)} />
                </fieldset>
                <fieldset>
                    <legend>{ t.tr.enrolment }</legend>
                    <div class="field-row">
                        <SelectField id="event-target" label={t.tr.target_unit} value={d.target_unit.clone()}
                                     options={unit_options(&units, lang, t.tr.all_units, true)} error={fields.get("target.unit_ids")}
                                     hint={Some(AttrValue::Static(t.tr.target_hint))}
                                     on_change={update(|d, v| {
                                         d.target_units = v.parse().ok().into_iter().collect();
                                         d.target_unit = v;
                                     })} />
                        <TextField id="event-capacity" label={t.tr.capacity} value={d.capacity.clone()} inputmode="numeric"
                                   hint={Some(AttrValue::Static(t.tr.capacity_hint))} error={fields.get("capacity")}
                                   on_input={update(|d, v| d.capacity = v)} />
                    </div>
                    <div class="field-row">
                        <TextField id="event-opens" label={t.tr.enrol_opens} input_type="datetime-local" value={d.opens.clone()}
                                   required=true hint={Some(AttrValue::Static(t.qz_bureau_time))} error={fields.get("enrol_opens_at")}
                                   on_input={update(|d, v| d.opens = v)} />
                        <TextField id="event-closes" label={t.tr.enrol_closes} input_type="datetime-local" value={d.closes.clone()}
                                   required=true hint={Some(AttrValue::Static(t.qz_bureau_time))} error={fields.get("enrol_closes_at")}
                                   on_input={update(|d, v| d.closes = v)} />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{ t.tr.rules }</legend>
                    <div class="field-row">
                        <TextField id="event-late-share" label={t.tr.late_share} value={d.late_share.clone()} inputmode="numeric"
                                   hint={Some(AttrValue::Static(t.tr.late_share_hint))} error={fields.get("shares.late")}
                                   on_input={update(|d, v| d.late_share = v)} />
                        <TextField id="event-leave-numerator" label={t.tr.leave_numerator} value={d.leave_numerator.clone()} inputmode="numeric"
                                   error={fields.get("leave_numerator")} on_input={update(|d, v| d.leave_numerator = v)} />
                        <TextField id="event-leave-denominator" label={t.tr.leave_denominator} value={d.leave_denominator.clone()} inputmode="numeric"
                                   hint={Some(AttrValue::Static(t.tr.leave_hint))}
                                   error={fields.get("leave_denominator")} on_input={update(|d, v| d.leave_denominator = v)} />
                    </div>
                </fieldset>
                { form.alert(&shown) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="event-save" disabled={form.busy()}>
                        { if form.busy() { t.saving } else { t.tr.save_event } }
                    </button>
                </div>
            </section>
        </form>
    }
}
