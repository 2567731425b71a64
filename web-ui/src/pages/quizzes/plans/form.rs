//! A year's study and test plan as a form: year, title, audience, and for each quarter
//! its topic, laws, the bank category its quiz draws from, the number of questions and
//! the points of each. A quarter left empty is not planned.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::quizzes::{StudyPlan, StudyPlanContent, StudyQuarter};
use validator::Validate;
use yew::prelude::*;

use crate::components::{
    push_path, FieldErrors, PageHeader, SelectField, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{unit_options, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::quizzes::audience::AudienceEditor;
use crate::pages::quizzes::bank::{category_options, use_categories};
use crate::pages::quizzes::{tabs, Rights};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct QuarterDraft {
    topic: String,
    laws: String,
    category: String,
    count: String,
    points: String,
}

impl QuarterDraft {
    fn planned(&self) -> bool {
        !self.topic.trim().is_empty() || !self.category.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Draft {
    organiser: String,
    year: String,
    title: String,
    description: String,
    audience: api_types::quizzes::Audience,
    quarters: Vec<QuarterDraft>,
}

impl Draft {
    fn new(me: &Me) -> Draft {
        let year = format::today_date().format("%Y").to_string();
        Draft {
            organiser: me.unit.id.to_string(),
            year,
            title: String::new(),
            description: String::new(),
            audience: Default::default(),
            quarters: (0..4)
                .map(|_| QuarterDraft {
                    count: "20".into(),
                    points: "5".into(),
                    ..QuarterDraft::default()
                })
                .collect(),
        }
    }

    fn of(p: &StudyPlan) -> Draft {
        let c = &p.content;
        let quarters = (1..=4u8)
            .map(|n| match c.quarters.iter().find(|q| q.quarter == n) {
                Some(q) => QuarterDraft {
                    topic: q.topic.clone(),
                    laws: q.laws.clone(),
                    category: q.category_id.to_string(),
                    count: q.question_count.to_string(),
                    points: q.points_per_question.to_string(),
                },
                None => QuarterDraft {
                    count: "20".into(),
                    points: "5".into(),
                    ..QuarterDraft::default()
                },
            })
            .collect();
        Draft {
            organiser: c.organiser_unit_id.to_string(),
            year: c.year.to_string(),
            title: c.title.clone(),
            description: c.description.clone(),
            audience: c.audience.clone(),
            quarters,
        }
    }

    /// The planned quarters' numbers, in the order they are sent.
    fn planned(&self) -> Vec<usize> {
        (0..4).filter(|i| self.quarters[*i].planned()).collect()
    }

    fn content(&self, t: &crate::i18n::Texts) -> Result<StudyPlanContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut quarters = Vec::new();
        for (k, i) in self.planned().into_iter().enumerate() {
            let q = &self.quarters[i];
            let category_id = q.category.parse().ok();
            if category_id.is_none() {
                errors.insert_code(t, &format!("quarters[{k}].category_id"), "required");
            }
            let mut number = |f: &str, text: &str| {
                text.trim().parse::<u32>().unwrap_or_else(|_| {
                    errors.insert_code(t, &format!("quarters[{k}].{f}"), "whole_number");
                    0
                })
            };
            let question_count = number("question_count", &q.count);
            let points_per_question = number("points_per_question", &q.points);
            quarters.push(StudyQuarter {
                quarter: u8::try_from(i + 1).unwrap_or(1),
                topic: q.topic.trim().to_string(),
                laws: q.laws.trim().to_string(),
                category_id: category_id.unwrap_or_default(),
                question_count,
                points_per_question,
            });
        }
        let year = self.year.trim().parse::<i32>().unwrap_or_else(|_| {
            errors.insert_code(t, "year", "whole_number");
            0
        });
        let content = StudyPlanContent {
            organiser_unit_id: self.organiser.parse().unwrap_or_default(),
            year,
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            audience: self.audience.clone(),
            quarters,
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
pub fn NewPlanPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    html! {
        <>
            <PageHeader title={t.qz_new_plan} description={Some(AttrValue::Static(t.qz_plan_intro))} />
            { tabs(t, &props.me) }
            <PlanForm me={props.me.clone()} plan={None::<Rc<StudyPlan>>} on_saved={Callback::noop()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PlanFormProps {
    pub me: Rc<Me>,
    /// The plan being edited; `None` for a new one.
    pub plan: Option<Rc<StudyPlan>>,
    pub on_saved: Callback<StudyPlan>,
}

#[function_component]
pub fn PlanForm(props: &PlanFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let categories = use_categories();
    let draft = use_state(|| match &props.plan {
        Some(p) => Draft::of(p),
        None => Draft::new(&props.me),
    });
    let form = use_submission();
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let quarter = |i: usize, f: fn(&mut QuarterDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next.quarters[i], v);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, form, on_saved) = (draft.clone(), form.clone(), props.on_saved.clone());
        let editing = props.plan.as_ref().map(|p| (p.id, p.version));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => return form.reject(errors),
            };
            let on_saved = on_saved.clone();
            form.request(async move {
                match editing {
                    Some((id, version)) => {
                        api::put::<_, StudyPlan>(&format!("/study-plans/{id}"), version, &content)
                            .await
                    }
                    None => api::post::<_, StudyPlan>("/study-plans", &content).await,
                }
            })
            .success(t.qz_plan_saved)
            .then(move |p| {
                if editing.is_none() {
                    push_path(&format!("/quizzes/plans/{}", p.id));
                }
                on_saved.emit(p);
            });
        })
    };
    let d = &*draft;
    let fields = form.fields();
    let planned = d.planned();
    let err = |i: usize, f: &str| {
        planned
            .iter()
            .position(|p| *p == i)
            .and_then(|k| fields.get(&format!("quarters[{k}].{f}")))
    };
    let options = category_options(&categories.data().unwrap_or_default(), t.choose);
    let mut shown: Vec<String> = [
        "organiser_unit_id",
        "year",
        "title",
        "description",
        "audience",
        "quarters",
    ]
    .iter()
    .map(|f| f.to_string())
    .collect();
    for k in 0..planned.len() {
        for f in [
            "topic",
            "laws",
            "category_id",
            "question_count",
            "points_per_question",
        ] {
            shown.push(format!("quarters[{k}].{f}"));
        }
    }
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    html! {
        <form class="form-grid plan-form" id="plan-form" onsubmit={onsubmit} novalidate=true>
            <section class="card">
                <fieldset>
                    <legend>{ t.qz_basics }</legend>
                    <div class="field-row">
                        <SelectField id="plan-organiser" label={t.qz_organiser} value={d.organiser.clone()} required=true
                                     options={unit_options(&units, lang, t.choose, true)} error={fields.get("organiser_unit_id")}
                                     on_change={update(|d, v| d.organiser = v)} />
                        <TextField id="plan-year" label={t.period_year} value={d.year.clone()} required=true inputmode="numeric"
                                   error={fields.get("year")} on_input={update(|d, v| d.year = v)} />
                    </div>
                    <TextField id="plan-title" label={t.qz_title} value={d.title.clone()} required=true
                               error={fields.get("title")} on_input={update(|d, v| d.title = v)} />
                    <TextAreaField id="plan-description" label={t.qz_description} value={d.description.clone()}
                                   error={fields.get("description")} on_input={update(|d, v| d.description = v)} />
                </fieldset>
                <AudienceEditor audience={d.audience.clone()} errors={fields.clone()}
                                on_change={let draft = draft.clone(); Callback::from(move |a| { let mut next = (*draft).clone(); next.audience = a; draft.set(next); })} />
                if let Some(e) = fields.get("quarters") {
                    <p class="field-error">{ e }</p>
                }
                { for (0..4).map(|i| {
                    let q = &d.quarters[i];
                    html! {
                        <fieldset class="quarter" id={format!("quarter-{}", i + 1)}>
                            <legend>{ (t.quarter_name)(i as u32 + 1) }</legend>
                            <TextField id={format!("quarter-{}-topic", i + 1)} label={t.qz_topic} value={q.topic.clone()}
                                       error={err(i, "topic")} on_input={quarter(i, |q, v| q.topic = v)} />
                            <TextAreaField id={format!("quarter-{}-laws", i + 1)} label={t.qz_laws} value={q.laws.clone()} rows={2}
                                           hint={Some(AttrValue::Static(t.one_per_line))} error={err(i, "laws")}
                                           on_input={quarter(i, |q, v| q.laws = v)} />
                            <div class="field-row">
                                <SelectField id={format!("quarter-{}-category", i + 1)} label={t.qz_category} value={q.category.clone()}
                                             options={options.clone()} error={err(i, "category_id")}
                                             on_change={quarter(i, |q, v| q.category = v)} />
                                <TextField id={format!("quarter-{}-count", i + 1)} label={t.qz_count} value={q.count.clone()}
                                           inputmode="numeric" error={err(i, "question_count")}
                                           on_input={quarter(i, |q, v| q.count = v)} />
                                <TextField id={format!("quarter-{}-points", i + 1)} label={t.qz_points_each} value={q.points.clone()}
                                           inputmode="numeric" error={err(i, "points_per_question")}
                                           on_input={quarter(i, |q, v| q.points = v)} />
                            </div>
                        </fieldset>
                    }
                }) }
                { form.alert(&shown) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="plan-save" disabled={form.busy()}>
                        { if form.busy() { t.saving } else { t.save } }
                    </button>
                </div>
            </section>
        </form>
    }
}
