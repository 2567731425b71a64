//! `/demonstration/rounds/new` and `/demonstration/rounds/:id/edit` (the city bureau):
//! year, name, criteria (an active rule set of kind `demonstration`), the phase weights
//! (adding up to 100, the sum shown as they are typed), the deadlines, the awards and
//! the review panel.

use std::rc::Rc;

use api_types::assessment::{RuleSet, RuleSetKind, RuleSetStatus};
use api_types::auth::Me;
use api_types::demonstration::{DemonstrationRound, PhaseWeights, RoundContent};
use api_types::users::User;
use api_types::{Page, Permission, Role};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::header;
use crate::capability::can;
use crate::components::{
    push_path, Checkbox, ErrorPanel, FieldErrors, Href, Loading, SelectField, TextField,
};
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::forbidden;
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct RoundFormProps {
    pub me: Rc<Me>,
    #[prop_or_default]
    pub id: Option<String>,
}

/// What the form needs: the round being edited, the criteria to choose from and the
/// people who may sit on the panel.
#[derive(PartialEq)]
struct Choices {
    round: Option<DemonstrationRound>,
    criteria: Vec<RuleSet>,
    people: Vec<User>,
}

async fn people() -> Result<Vec<User>, ApiError> {
    let mut all = Vec::new();
    for page in 1..=10u32 {
        let got: Page<User> = api::get_list(
            "/users",
            &[
                ("per_page", "200".into()),
                ("page", page.to_string()),
                ("active", "true".into()),
            ],
        )
        .await?;
        let done = got.items.is_empty() || u64::from(page) * 200 >= got.total;
        all.extend(got.items);
        if done {
            break;
        }
    }
    // The panel scores: bureau, section and county staff.
    all.retain(|u| {
        u.roles
            .iter()
            .any(|r| matches!(r, Role::Bureau | Role::Section | Role::County))
    });
    Ok(all)
}

async fn choices(id: Option<String>) -> Result<Choices, ApiError> {
    let round = match id {
        Some(id) => {
            Some(api::get::<DemonstrationRound>(&format!("/demonstration-rounds/{id}")).await?)
        }
        None => None,
    };
    let criteria = api::get_list::<Page<RuleSet>>(
        "/rule-sets",
        &[
            ("kind", RuleSetKind::Demonstration.as_str().into()),
            ("status", RuleSetStatus::Active.as_str().into()),
            ("per_page", "100".into()),
        ],
    )
    .await?
    .items;
    Ok(Choices {
        round,
        criteria,
        people: people().await?,
    })
}

#[function_component]
pub fn RoundFormPage(props: &RoundFormProps) -> Html {
    let t = use_i18n().t();
    let data = use_fetch(props.id.clone(), choices);
    if !can(&props.me, Permission::DemonstrationManage) {
        return forbidden();
    }
    let body = match (data.data(), data.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(data.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(c), None) => html! { <RoundForm choices={c} /> },
    };
    html! {
        <>
            { header(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    choices: Rc<Choices>,
}

#[derive(Clone, PartialEq)]
struct Draft {
    year: String,
    name: String,
    criteria: String,
    written: String,
    onsite: String,
    indicators: String,
    apply_by: String,
    review_by: String,
    awards: String,
    reviewers: Vec<Uuid>,
    filter: String,
}

fn default_apply_by(year: &str) -> String {
    format!("{year}-10-31")
}

fn default_review_by(year: &str) -> String {
    format!("{year}-12-31")
}

impl Draft {
    fn new(c: &Choices) -> Draft {
        match &c.round {
            Some(r) => {
                let content = &r.content;
                Draft {
                    year: content.year.to_string(),
                    name: content.name.clone(),
                    criteria: content.criteria_id.to_string(),
                    written: content.weights.written.to_string(),
                    onsite: content.weights.onsite.to_string(),
                    indicators: content.weights.indicators.to_string(),
                    apply_by: content.apply_by.to_string(),
                    review_by: content.review_by.to_string(),
                    awards: content.awards.to_string(),
                    reviewers: content.reviewer_ids.clone(),
                    filter: String::new(),
                }
            }
            None => {
                let year = crate::format::today_date().year().to_string();
                let w = PhaseWeights::default();
                Draft {
                    apply_by: default_apply_by(&year),
                    review_by: default_review_by(&year),
                    name: String::new(),
                    criteria: c
                        .criteria
                        .first()
                        .map(|r| r.id.to_string())
                        .unwrap_or_default(),
                    written: w.written.to_string(),
                    onsite: w.onsite.to_string(),
                    indicators: w.indicators.to_string(),
                    awards: "5".into(),
                    reviewers: Vec::new(),
                    filter: String::new(),
                    year,
                }
            }
        }
    }

    /// A new year moves the deadlines that still are the old year's defaults.
    fn set_year(&mut self, year: String) {
        if self.apply_by.is_empty() || self.apply_by == default_apply_by(&self.year) {
            self.apply_by = default_apply_by(&year);
        }
        if self.review_by.is_empty() || self.review_by == default_review_by(&self.year) {
            self.review_by = default_review_by(&year);
        }
        self.year = year;
    }

    fn weight(text: &str) -> Option<u32> {
        text.trim().parse().ok()
    }

    /// The weights as typed, when each is a whole number.
    fn weights(&self) -> Option<PhaseWeights> {
        Some(PhaseWeights {
            written: Draft::weight(&self.written)?,
            onsite: Draft::weight(&self.onsite)?,
            indicators: Draft::weight(&self.indicators)?,
        })
    }

    /// The content, or the fields that do not parse.
    fn content(&self, t: &'static crate::i18n::Texts) -> Result<RoundContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let year = self.year.trim().parse::<i32>();
        let criteria = Uuid::parse_str(&self.criteria);
        let apply_by = self.apply_by.parse::<NaiveDate>();
        let review_by = self.review_by.parse::<NaiveDate>();
        let awards = self.awards.trim().parse::<u32>();
        let weights = self.weights();
        for (field, broken) in [
            ("year", year.is_err()),
            ("criteria_id", criteria.is_err()),
            ("apply_by", apply_by.is_err()),
            ("review_by", review_by.is_err()),
            ("awards", awards.is_err()),
        ] {
            if broken {
                errors.insert_code(t, field, "required");
            }
        }
        match weights {
            None => errors.insert("weights", t.demo.weights_whole),
            Some(w) if w.total() != 100 => {
                errors.insert("weights", (t.demo.weights_total)(w.total()))
            }
            Some(_) => {}
        }
        if let (Ok(a), Ok(r)) = (&apply_by, &review_by) {
            if r < a {
                errors.insert("review_by", t.demo.review_after_apply);
            }
        }
        if self.reviewers.is_empty() {
            errors.insert("reviewer_ids", t.demo.panel_required);
        }
        let (Ok(year), Ok(criteria_id), Ok(apply_by), Ok(review_by), Ok(awards), Some(weights)) =
            (year, criteria, apply_by, review_by, awards, weights)
        else {
            return Err(errors);
        };
        let content = RoundContent {
            year,
            name: self.name.trim().to_string(),
            criteria_id,
            weights,
            apply_by,
            review_by,
            awards,
            reviewer_ids: self.reviewers.clone(),
        };
        if let Err(v) = content.validate() {
            errors.merge(FieldErrors::from_validation(&v, t));
        }
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(errors)
        }
    }
}

#[function_component]
fn RoundForm(props: &FormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let c = props.choices.clone();
    let draft = use_state({
        let c = c.clone();
        move || Draft::new(&c)
    });
    let form = use_submission();
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let toggle = |id: Uuid| {
        let draft = draft.clone();
        Callback::from(move |on: bool| {
            let mut next = (*draft).clone();
            next.reviewers.retain(|r| *r != id);
            if on {
                next.reviewers.push(id);
            }
            draft.set(next);
        })
    };
    let save = {
        let (form, draft, round) = (form.clone(), draft.clone(), c.round.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = match draft.content(t) {
                Ok(body) => body,
                Err(errors) => return form.reject(errors),
            };
            let round = round.clone();
            form.request(async move {
                match round {
                    Some(r) => {
                        api::put::<_, DemonstrationRound>(
                            &format!("/demonstration-rounds/{}", r.id),
                            r.version,
                            &body,
                        )
                        .await
                    }
                    None => {
                        api::post::<_, DemonstrationRound>("/demonstration-rounds", &body).await
                    }
                }
            })
            .success(t.demo.round_saved)
            .then(|r| push_path(&format!("/demonstration/rounds/{}", r.id)));
        })
    };
    let d = &*draft;
    let fields = form.fields();
    let sum = d.weights().map(|w| w.total());
    let criteria: Vec<(AttrValue, AttrValue)> =
        std::iter::once((AttrValue::Static(""), AttrValue::Static(t.choose)))
            .chain(c.criteria.iter().map(|r| {
                (
                    AttrValue::from(r.id.to_string()),
                    AttrValue::from((t.demo.criteria_option)(&r.content.name, r.version_no)),
                )
            }))
            .collect();
    let filter = d.filter.trim().to_lowercase();
    let mut people: Vec<(&User, String)> = c
        .people
        .iter()
        .map(|u| (u, unit_name(&units, &u.unit_id, lang)))
        .filter(|(u, unit)| {
            filter.is_empty()
                || d.reviewers.contains(&u.id)
                || u.name.to_lowercase().contains(&filter)
                || unit.to_lowercase().contains(&filter)
        })
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.name.cmp(&b.0.name)));
    let title = if c.round.is_some() {
        t.demo.edit_round
    } else {
        t.demo.new_round
    };
    let back = c
        .round
        .as_ref()
        .map(|r| format!("/demonstration/rounds/{}", r.id))
        .unwrap_or_else(|| "/demonstration".into());
    html! {
        <section class="card" aria-labelledby="round-form-title">
            <h2 class="card-title" id="round-form-title">{ title }</h2>
            if c.criteria.is_empty() {
                <p class="alert alert-warning" id="no-criteria">{ t.demo.no_criteria }</p>
            }
            <form class="form-grid" id="round-form" onsubmit={save} novalidate=true>
                <div class="field-row">
                    <TextField id="round-year" label={t.demo.year} value={d.year.clone()} input_type="number" required=true
                               inputmode={Some(AttrValue::Static("numeric"))}
                               error={fields.get("year")} on_input={set(|d, v| d.set_year(v))} />
                    <TextField id="round-name" label={t.demo.round_name} value={d.name.clone()} required=true
                               hint={Some(AttrValue::Static(t.demo.round_name_hint))}
                               error={fields.get("name")} on_input={set(|d, v| d.name = v)} />
                </div>
                <SelectField id="round-criteria" label={t.demo.criteria} value={d.criteria.clone()} options={criteria} required=true
                             hint={Some(AttrValue::Static(t.demo.criteria_hint))}
                             error={fields.get("criteria_id")} on_change={set(|d, v| d.criteria = v)} />
                <fieldset class="weights">
                    <legend>{ t.demo.weights }</legend>
                    <div class="field-row">
                        <TextField id="weight-written" label={t.demo.weight_written} value={d.written.clone()} input_type="number"
                                   inputmode={Some(AttrValue::Static("numeric"))}
                                   error={fields.get("weights.written")} on_input={set(|d, v| d.written = v)} />
                        <TextField id="weight-onsite" label={t.demo.weight_onsite} value={d.onsite.clone()} input_type="number"
                                   inputmode={Some(AttrValue::Static("numeric"))}
                                   error={fields.get("weights.onsite")} on_input={set(|d, v| d.onsite = v)} />
                        <TextField id="weight-indicators" label={t.demo.weight_indicators} value={d.indicators.clone()} input_type="number"
                                   inputmode={Some(AttrValue::Static("numeric"))}
                                   hint={Some(AttrValue::Static(t.demo.weight_indicators_hint))}
                                   error={fields.get("weights.indicators")} on_input={set(|d, v| d.indicators = v)} />
                    </div>
                    <p id="weight-sum" class={classes!("weight-sum", (sum != Some(100)).then_some("text-danger"))} aria-live="polite">
                        { (t.demo.weight_sum)(&sum.map(|s| s.to_string()).unwrap_or_else(|| "—".into())) }
                    </p>
                    if let Some(e) = fields.get("weights") { <p class="field-error" id="weights-error">{ e }</p> }
                </fieldset>
                <div class="field-row">
                    <TextField id="round-apply-by" label={t.demo.apply_by} value={d.apply_by.clone()} input_type="date" required=true
                               hint={Some(AttrValue::Static(t.demo.apply_by_hint))}
                               error={fields.get("apply_by")} on_input={set(|d, v| d.apply_by = v)} />
                    <TextField id="round-review-by" label={t.demo.review_by} value={d.review_by.clone()} input_type="date" required=true
                               error={fields.get("review_by")} on_input={set(|d, v| d.review_by = v)} />
                    <TextField id="round-awards" label={t.demo.awards} value={d.awards.clone()} input_type="number" required=true
                               inputmode={Some(AttrValue::Static("numeric"))} hint={Some(AttrValue::Static(t.demo.awards_hint))}
                               error={fields.get("awards")} on_input={set(|d, v| d.awards = v)} />
                </div>
                <fieldset class="panel-picker" id="round-reviewers">
                    <legend>{ (t.demo.panel_chosen)(d.reviewers.len()) }</legend>
                    <p class="field-hint">{ t.demo.panel_hint }</p>
                    <TextField id="reviewer-filter" label={t.demo.panel_filter} value={d.filter.clone()}
                               on_input={set(|d, v| d.filter = v)} />
                    <div class="checkbox-list">
                        { for people.iter().map(|(u, unit)| html! {
                            <div class="reviewer-pick" data-name={u.name.clone()}>
                                <Checkbox id={format!("reviewer-{}", u.id)} label={format!("{}（{}）", u.name, unit)}
                                          checked={d.reviewers.contains(&u.id)} on_change={toggle(u.id)} />
                            </div>
                        }) }
                    </div>
                    if let Some(e) = fields.get("reviewer_ids") { <p class="field-error" id="reviewer_ids-error">{ e }</p> }
                </fieldset>
                { form.alert(&["year", "name", "criteria_id", "weights", "weights.written", "weights.onsite",
                               "weights.indicators", "apply_by", "review_by", "awards", "reviewer_ids"]) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="round-save" disabled={form.busy()}>{ t.save }</button>
                    <Href to={back} class={classes!("btn")}>{ t.cancel }</Href>
                </div>
            </form>
        </section>
    }
}
