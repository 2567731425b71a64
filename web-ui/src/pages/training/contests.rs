//! The contests (announced ones, and the drafts the user prepares), and the form that
//! prepares or edits one: its kind, dates, scoring criteria and award counts.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::contests::{
    AwardCounts, Contest, ContestContent, ContestCriterion, ContestKind, ContestStatus,
};
use api_types::Permission;
use chrono::{Duration, NaiveDate, Timelike, Utc};
use validator::Validate;
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::{
    push_path, Badge, Column, DataTable, ErrorPanel, FieldErrors, Href, Loading, NavLink,
    PageHeader, SelectField, TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{
    unit_name, unit_options, use_fetch, use_list, use_submission, use_units, FilterBar, ListState,
};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::routes::Route;
use crate::services::api;

pub fn contest_badge(status: ContestStatus, open: bool, t: &Texts) -> Html {
    let tone = match status {
        ContestStatus::Draft => Tone::Neutral,
        ContestStatus::Open if open => Tone::Success,
        ContestStatus::Open | ContestStatus::Judging => Tone::Info,
        ContestStatus::Published => Tone::Success,
        ContestStatus::Cancelled => Tone::Danger,
    };
    let text = if status == ContestStatus::Open && open {
        t.ct.entry_open
    } else {
        (t.ct.status)(status)
    };
    html! { <Badge {tone} {text} /> }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    kind: String,
    status: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        let (status, judging) = match self.status.as_str() {
            "mine" => (String::new(), "true".to_string()),
            s => (s.to_string(), String::new()),
        };
        vec![
            ("kind", self.kind.clone()),
            ("status", status),
            ("judging", judging),
            ("q", self.q.trim().to_string()),
        ]
    }
}

#[function_component]
pub fn ContestsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<Contest>("/contests", (*list_state).clone(), applied.query());
    if !can(&props.me, Permission::ContestsRead) {
        return forbidden();
    }
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let set = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let all = || vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    let mut kinds = all();
    kinds.extend(ContestKind::ALL.iter().map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.ct.kind)(*k)),
        )
    }));
    let mut states = all();
    if can(&props.me, Permission::ContestsJudge) {
        states.push((AttrValue::Static("mine"), AttrValue::Static(t.ct.judging)));
    }
    states.extend(ContestStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.ct.status)(*s)),
        )
    }));
    let names = units.clone();
    let columns = vec![
        Column::new(t.tr.title, |c: &Contest| html! {
            <Href to={format!("/training/contests/{}", c.id)} class="contest-link">{ c.content.title.clone() }</Href>
        })
        .sortable("title")
        .class("cell-name"),
        Column::new(t.col_kind, move |c: &Contest| html! { (lang.texts().ct.kind)(c.content.kind) }).class("nowrap"),
        Column::new(t.tr.organiser, move |c: &Contest| {
            html! { unit_name(&names, &c.content.organiser_unit_id, lang) }
        }),
        Column::new(t.ct.held_on, |c: &Contest| html! { c.content.held_on.to_string() })
            .sortable("held_on")
            .class("nowrap"),
        Column::new(t.ct.entries, |c: &Contest| html! { c.entries }).class("num"),
        Column::new(t.col_status, move |c: &Contest| contest_badge(c.status, c.entry_open, lang.texts()))
            .class("nowrap"),
    ];
    html! {
        <>
            <PageHeader title={t.cap_training.0} description={Some(AttrValue::Static(t.ct.contests_intro))}>
                if can(&props.me, Permission::ContestsManage) {
                    <NavLink to={Route::ContestNew} class="btn btn-primary">{ t.ct.new_contest }</NavLink>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="contests-title">
                <h2 id="contests-title" class="card-title">{ t.ct.tab_contests }</h2>
                <DataTable<Contest> id="contests-table" caption={t.ct.tab_contests} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={filter_bar.on_search()}>
                        <SelectField id="contests-kind" label={t.col_kind} value={draft.kind.clone()}
                                     options={kinds} on_change={set(|f, v| f.kind = v)} />
                        <SelectField id="contests-state" label={t.col_status} value={draft.status.clone()}
                                     options={states} on_change={set(|f, v| f.status = v)} />
                        <TextField id="contests-q" label={t.filter_q} value={draft.q.clone()}
                                   on_input={set(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="contests-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={filter_bar.on_reset()}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<Contest>>
            </section>
        </>
    }
}

/// One criterion as typed.
#[derive(Debug, Clone, PartialEq)]
struct CriterionDraft {
    key: String,
    name: String,
    points: String,
}

/// A contest's settings as typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    organiser: String,
    kind: ContestKind,
    title: String,
    description: String,
    held_on: String,
    opens: String,
    closes: String,
    criteria: Vec<CriterionDraft>,
    awards: [String; 4],
    milestone_id: Option<uuid::Uuid>,
}

impl Draft {
    fn new(unit: uuid::Uuid) -> Draft {
        let now = Utc::now().with_second(0).unwrap_or_else(Utc::now);
        let criterion = |key: &str, name: &str, points: &str| CriterionDraft {
            key: key.into(),
            name: name.into(),
            points: points.into(),
        };
        Draft {
            organiser: unit.to_string(),
            kind: ContestKind::Competition,
            title: String::new(),
            description: String::new(),
            held_on: (now + Duration::days(30)).date_naive().to_string(),
            opens: format::bureau_input(&now),
            closes: format::bureau_input(&(now + Duration::days(14))),
            criteria: vec![criterion("c1", "", "60"), criterion("c2", "", "40")],
            awards: ["1".into(), "2".into(), "3".into(), "0".into()],
            milestone_id: None,
        }
    }

    fn of(c: &Contest) -> Draft {
        let content = &c.content;
        Draft {
            organiser: content.organiser_unit_id.to_string(),
            kind: content.kind,
            title: content.title.clone(),
            description: content.description.clone(),
            held_on: content.held_on.to_string(),
            opens: format::bureau_input(&content.entry_opens_at),
            closes: format::bureau_input(&content.entry_closes_at),
            criteria: content
                .criteria
                .iter()
                .map(|k| CriterionDraft {
                    key: k.key.clone(),
                    name: k.name.clone(),
                    points: k.max_points.to_string(),
                })
                .collect(),
            awards: [
                content.awards.first.to_string(),
                content.awards.second.to_string(),
                content.awards.third.to_string(),
                content.awards.excellence.to_string(),
            ],
            milestone_id: content.milestone_id,
        }
    }

    /// A key no criterion has yet.
    fn next_key(&self) -> String {
        (1..)
            .map(|n| format!("c{n}"))
            .find(|k| !self.criteria.iter().any(|c| &c.key == k))
            .unwrap_or_else(|| "c99".into())
    }

    fn content(&self, t: &Texts) -> Result<ContestContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut number = |text: &str, field: String| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    errors.insert(&field, t.ct.whole_number);
                    0
                }
            }
        };
        let criteria: Vec<ContestCriterion> = self
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| ContestCriterion {
                key: c.key.clone(),
                name: c.name.trim().to_string(),
                max_points: number(&c.points, format!("criteria[{i}].max_points")),
            })
            .collect();
        let awards = AwardCounts {
            first: number(&self.awards[0], "awards.first".into()),
            second: number(&self.awards[1], "awards.second".into()),
            third: number(&self.awards[2], "awards.third".into()),
            excellence: number(&self.awards[3], "awards.excellence".into()),
        };
        let held_on = self.held_on.parse::<NaiveDate>().ok();
        if held_on.is_none() {
            errors.insert("held_on", t.ct.date_needed);
        }
        let opens = format::parse_bureau_input(&self.opens);
        let closes = format::parse_bureau_input(&self.closes);
        if opens.is_none() {
            errors.insert("entry_opens_at", t.tr.datetime_needed);
        }
        if closes.is_none() {
            errors.insert("entry_closes_at", t.tr.datetime_needed);
        }
        let organiser = self.organiser.parse().ok();
        if organiser.is_none() {
            errors.insert_code(t, "organiser_unit_id", "required");
        }
        let (Some(organiser), Some(held_on), Some(opens), Some(closes)) =
            (organiser, held_on, opens, closes)
        else {
            return Err(errors);
        };
        let content = ContestContent {
            organiser_unit_id: organiser,
            kind: self.kind,
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            held_on,
            entry_opens_at: opens,
            entry_closes_at: closes,
            criteria,
            awards,
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
pub fn NewContestPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !can(&props.me, Permission::ContestsManage) {
        return forbidden();
    }
    html! {
        <>
            <PageHeader title={t.ct.new_contest} description={Some(AttrValue::Static(t.ct.form_intro))} />
            { tabs(t, &props.me) }
            <ContestForm me={props.me.clone()} contest={None::<Rc<Contest>>} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditContestProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn EditContestPage(props: &EditContestProps) -> Html {
    let t = use_i18n().t();
    let contest = use_fetch(props.id.clone(), |id| async move {
        api::get::<Contest>(&format!("/contests/{id}")).await
    });
    if !can(&props.me, Permission::ContestsManage) {
        return forbidden();
    }
    let body = match (contest.data(), contest.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(contest.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(c), None) => html! { <ContestForm me={props.me.clone()} contest={Some(c)} /> },
    };
    html! {
        <>
            <PageHeader title={t.ct.edit_contest} description={Some(AttrValue::Static(t.ct.form_intro))}>
                <Href to={format!("/training/contests/{}", props.id)} class="btn">{ t.ct.back_to_contest }</Href>
            </PageHeader>
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ContestFormProps {
    me: Rc<Me>,
    contest: Option<Rc<Contest>>,
}

#[function_component]
fn ContestForm(props: &ContestFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let draft = use_state(|| match &props.contest {
        Some(c) => Draft::of(c),
        None => Draft::new(props.me.unit.id),
    });
    let form = use_submission();
    let editing = props.contest.as_ref().map(|c| (c.id, c.version));
    // Once announced, the kind and the criteria are fixed.
    let fixed = props
        .contest
        .as_ref()
        .is_some_and(|c| c.status != ContestStatus::Draft);
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let criterion = |i: usize, f: fn(&mut CriterionDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            if let Some(c) = next.criteria.get_mut(i) {
                f(c, v);
            }
            draft.set(next);
        })
    };
    let add_criterion = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            let key = next.next_key();
            next.criteria.push(CriterionDraft {
                key,
                name: String::new(),
                points: "10".into(),
            });
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
                        api::put::<_, Contest>(&format!("/contests/{id}"), version, &content).await
                    }
                    None => api::post::<_, Contest>("/contests", &content).await,
                }
            })
            .success(t.ct.contest_saved)
            .leaving()
            .then(|c| push_path(&format!("/training/contests/{}", c.id)));
        })
    };
    let kinds: Vec<(AttrValue, AttrValue)> = ContestKind::ALL
        .iter()
        .map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.ct.kind)(*k)),
            )
        })
        .collect();
    let fields = form.fields();
    let d = &*draft;
    let full: u32 = d
        .criteria
        .iter()
        .filter_map(|c| c.points.trim().parse::<u32>().ok())
        .sum();
    let mut shown: Vec<String> = [
        "organiser_unit_id",
        "kind",
        "title",
        "description",
        "held_on",
        "entry_opens_at",
        "entry_closes_at",
        "awards.first",
        "awards.second",
        "awards.third",
        "awards.excellence",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    for i in 0..d.criteria.len() {
        shown.push(format!("criteria[{i}].name"));
        shown.push(format!("criteria[{i}].max_points"));
    }
    let shown_refs: Vec<&str> = shown.iter().map(String::as_str).collect();
    let award_labels = [
        (t.ct.award)(api_types::contests::Award::First),
        (t.ct.award)(api_types::contests::Award::Second),
        (t.ct.award)(api_types::contests::Award::Third),
        (t.ct.award)(api_types::contests::Award::Excellence),
    ];
    let award_fields = [
        "awards.first",
        "awards.second",
        "awards.third",
        "awards.excellence",
    ];
    html! {
        <form class="form-grid" id="contest-form" onsubmit={onsubmit} novalidate=true>
            <section class="card">
                <fieldset>
                    <legend>{ t.tr.basics }</legend>
                    <div class="field-row">
                        <SelectField id="contest-organiser" label={t.tr.organiser} value={d.organiser.clone()} required=true
                                     options={unit_options(&units, lang, t.choose, true)} error={fields.get("organiser_unit_id")}
                                     on_change={update(|d, v| d.organiser = v)} />
                        <SelectField id="contest-kind" label={t.col_kind} value={d.kind.as_str()} options={kinds}
                                     disabled={fixed} error={fields.get("kind")}
                                     on_change={update(|d, v| if let Some(k) = ContestKind::parse(&v) { d.kind = k })} />
                    </div>
                    <TextField id="contest-title" label={t.tr.title} value={d.title.clone()} required=true
                               error={fields.get("title")} on_input={update(|d, v| d.title = v)} />
                    <TextAreaField id="contest-description" label={t.tr.description} value={d.description.clone()}
                                   error={fields.get("description")} on_input={update(|d, v| d.description = v)} />
                    <div class="field-row">
                        <TextField id="contest-held-on" label={t.ct.held_on} input_type="date" value={d.held_on.clone()}
                                   required=true error={fields.get("held_on")} on_input={update(|d, v| d.held_on = v)} />
                        <TextField id="contest-opens" label={t.ct.entry_opens} input_type="datetime-local" value={d.opens.clone()}
                                   required=true error={fields.get("entry_opens_at")} on_input={update(|d, v| d.opens = v)} />
                        <TextField id="contest-closes" label={t.ct.entry_closes} input_type="datetime-local" value={d.closes.clone()}
                                   required=true error={fields.get("entry_closes_at")} on_input={update(|d, v| d.closes = v)} />
                    </div>
                </fieldset>
                <fieldset id="contest-criteria">
                    <legend>{ t.ct.criteria }{ " · " }{ (t.ct.full_mark)(full) }</legend>
                    <p class="muted">{ t.ct.criteria_hint }</p>
                    { for d.criteria.iter().enumerate().map(|(i, c)| {
                        let remove = {
                            let draft = draft.clone();
                            Callback::from(move |_: MouseEvent| {
                                let mut next = (*draft).clone();
                                next.criteria.remove(i);
                                draft.set(next);
                            })
                        };
                        html! {
                            <div class="field-row criterion-row">
                                <TextField id={format!("criterion-name-{i}")} label={t.ct.criterion_name} value={c.name.clone()}
                                           required=true disabled={fixed} error={fields.get(&format!("criteria[{i}].name"))}
                                           on_input={criterion(i, |c, v| c.name = v)} />
                                <TextField id={format!("criterion-points-{i}")} label={t.ct.criterion_points} value={c.points.clone()}
                                           inputmode="numeric" required=true disabled={fixed}
                                           error={fields.get(&format!("criteria[{i}].max_points"))}
                                           on_input={criterion(i, |c, v| c.points = v)} />
                                if !fixed && d.criteria.len() > 1 {
                                    <button type="button" class="btn btn-small" onclick={remove}>{ t.ct.remove }</button>
                                }
                            </div>
                        }
                    }) }
                    if !fixed {
                        <button type="button" class="btn" id="criterion-add" onclick={add_criterion}>{ t.ct.add_criterion }</button>
                    }
                </fieldset>
                <fieldset>
                    <legend>{ t.ct.awards }</legend>
                    <p class="muted">{ t.ct.awards_hint }</p>
                    <div class="field-row">
                        { for (0..4).map(|i| {
                            let draft = draft.clone();
                            let on_input = Callback::from(move |v: String| {
                                let mut next = (*draft).clone();
                                next.awards[i] = v;
                                draft.set(next);
                            });
                            html! {
                                <TextField id={format!("contest-award-{i}")} label={award_labels[i]} value={d.awards[i].clone()}
                                           inputmode="numeric" error={fields.get(award_fields[i])} {on_input} />
                            }
                        }) }
                    </div>
                </fieldset>
                { form.alert(&shown_refs) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="contest-save" disabled={form.busy()}>
                        { if form.busy() { t.saving } else { t.ct.save_contest } }
                    </button>
                </div>
            </section>
        </form>
    }
}
