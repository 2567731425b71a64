//! The progress report form (进展填报): the unit reports on a task, optionally one of
//! its milestones, for a month or a quarter, with a narrative, the percentage done and
//! evidence links. Field errors from the server appear next to the fields.

use api_types::plans::{Milestone, NewProgressReport, ProgressReport, Task};
use api_types::{Page, Permission};
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::use_location;

use super::{chosen_plan, split_links, tabs, use_plans};
use crate::capability::can;
use crate::components::attachments::{failure_list, size_text, upload_all, Failure, ACCEPT};
use crate::components::{
    push_path, ErrorPanel, FieldErrors, Href, Loading, PageHeader, Period, PeriodPicker,
    SelectField, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;
use api_types::attachments::EVIDENCE_MAX_BYTES;
use wasm_bindgen::JsCast;

#[derive(Debug, Default, Deserialize)]
struct ReportQuery {
    task: Option<String>,
    milestone: Option<String>,
}

const SHOWN: &[&str] = &[
    "files",
    "task_id",
    "milestone_id",
    "period",
    "narrative",
    "percent_complete",
    "evidence_links",
];

/// The first year of the capability improvement work plan.
pub const PLAN_FIRST_YEAR: i32 = 2022;

#[function_component]
pub fn ReportPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = props.me.clone();
    let query = use_location()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let plans = use_plans();
    let plan = plans.data().and_then(|p| chosen_plan(&p.items));
    let plan_id = plan.as_ref().map(|p| p.id);
    let tasks = use_fetch(plan_id, |plan| async move {
        match plan {
            Some(p) => api::get_list::<Page<Task>>(
                &format!("/plans/{p}/tasks"),
                &[("per_page", "200".into())],
            )
            .await
            .map(|p| p.items),
            None => Ok(Vec::new()),
        }
    });
    let task = use_state(|| query.task.clone().unwrap_or_default());
    let milestone = use_state(|| query.milestone.clone().unwrap_or_default());
    let milestones = use_fetch(((*task).clone(), me.unit.id), |(task, unit)| async move {
        if task.is_empty() {
            return Ok(Vec::new());
        }
        api::get_list::<Page<Milestone>>(
            "/milestones",
            &[
                ("task_id", task),
                ("unit_id", unit.to_string()),
                ("per_page", "200".into()),
            ],
        )
        .await
        .map(|p| p.items)
    });
    let today = format::today_date();
    let monthly = use_state(|| true);
    let period = use_state(|| Period::month_of(today));
    let narrative = use_state(String::new);
    let percent = use_state(|| "0".to_string());
    let links = use_state(String::new);
    let files = use_state(Vec::<web_sys::File>::new);
    // A report stored whose files were not all taken: shown instead of the form.
    let partial = use_state(|| None::<(ProgressReport, Vec<Failure>)>);
    let submission = use_submission();
    let toaster = crate::components::use_toaster();

    if !can(&me, Permission::ProgressReport) {
        return html! {
            <>
                <PageHeader title={t.cap_tasks.0} />
                { tabs(t) }
                <section class="card"><p class="muted" id="report-not-allowed">{ t.report_not_allowed }</p></section>
            </>
        };
    }

    let onsubmit = {
        let (task, milestone, period, narrative, percent, links, submission) = (
            task.clone(),
            milestone.clone(),
            period.clone(),
            narrative.clone(),
            percent.clone(),
            links.clone(),
            submission.clone(),
        );
        let (files, partial) = (files.clone(), partial.clone());
        let toaster = toaster.clone();
        let unit_id = me.unit.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FieldErrors::default();
            if narrative.trim().is_empty() {
                errors.insert_code(t, "narrative", "required");
            }
            let task_id = task.parse::<Uuid>().ok();
            if task_id.is_none() {
                errors.insert_code(t, "task_id", "required");
            }
            let percent_complete = match percent.trim().parse::<i32>() {
                Ok(p) if (0..=100).contains(&p) => p,
                _ => {
                    errors.insert("percent_complete", t.report_percent_invalid);
                    -1
                }
            };
            let request = NewProgressReport {
                task_id: task_id.unwrap_or_default(),
                milestone_id: milestone.parse().ok(),
                unit_id,
                period: period.to_string(),
                narrative: narrative.trim().to_string(),
                percent_complete,
                evidence_links: split_links(&links),
            };
            if let Err(v) = validator::Validate::validate(&request) {
                let more = FieldErrors::from_validation(&v, t);
                for f in SHOWN {
                    if let Some(m) = more.get(f) {
                        errors.insert(f, m.to_string());
                    }
                }
            }
            let too_large: Vec<String> = files
                .iter()
                .filter(|f| f.size() > EVIDENCE_MAX_BYTES as f64)
                .map(|f| f.name())
                .collect();
            if !too_large.is_empty() {
                errors.insert(
                    "files",
                    format!(
                        "{}：{}",
                        too_large.join("、"),
                        (t.attach_too_large)(EVIDENCE_MAX_BYTES / (1024 * 1024))
                    ),
                );
            }
            if !errors.is_empty() {
                submission.reject(errors);
                return;
            }
            let chosen = (*files).clone();
            let (partial, toaster) = (partial.clone(), toaster.clone());
            submission
                .request(async move {
                    let report =
                        api::post::<_, ProgressReport>("/progress-reports", &request).await?;
                    let path = format!("/progress-reports/{}/attachments", report.id);
                    let (_, failed) = upload_all(&path, chosen, EVIDENCE_MAX_BYTES, t).await;
                    Ok::<_, api::ApiError>((report, failed))
                })
                .then(move |(report, failed): (ProgressReport, Vec<Failure>)| {
                    // Only a report whose files all arrived says plainly "submitted"; the
                    // other shows what is missing.
                    if failed.is_empty() {
                        toaster.success(t.report_submitted);
                        push_path(&format!(
                            "/tasks/{}?unit={}",
                            report.task_id, report.unit_id
                        ));
                    } else {
                        partial.set(Some((report, failed)));
                    }
                });
        })
    };

    let fields = submission.fields();
    let form = match (tasks.data(), tasks.error().or(plans.error())) {
        (_, Some(error)) => html! { <ErrorPanel {error} /> },
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => html! { <p class="muted">{ t.board_no_plan }</p> },
        (Some(list), None) => {
            let mut task_options = vec![(
                AttrValue::Static(""),
                AttrValue::Static(t.report_choose_task),
            )];
            task_options.extend(list.iter().map(|task| {
                (
                    AttrValue::from(task.id.to_string()),
                    AttrValue::from(format!("{} {}", (t.task_number)(task.number), task.title)),
                )
            }));
            let mut milestone_options = vec![(
                AttrValue::Static(""),
                AttrValue::Static(t.report_whole_task),
            )];
            if let Some(ms) = milestones.data() {
                milestone_options.extend(ms.iter().map(|m| {
                    (
                        AttrValue::from(m.id.to_string()),
                        AttrValue::from(format!("{}（{}{}）", m.title, t.col_due, m.due_date)),
                    )
                }));
            }
            let kind_options = vec![
                (
                    AttrValue::Static("month"),
                    AttrValue::Static(t.period_month),
                ),
                (
                    AttrValue::Static("quarter"),
                    AttrValue::Static(t.period_quarter),
                ),
            ];
            let on_kind = {
                let (monthly, period) = (monthly.clone(), period.clone());
                Callback::from(move |v: String| {
                    let month = v == "month";
                    monthly.set(month);
                    period.set(if month {
                        Period::month_of(today)
                    } else {
                        Period::quarter_of(today)
                    });
                })
            };
            // From the plan's first year (2022), so that its early milestones can still
            // be reported, to next year.
            let years = ((today.year() - 3).min(PLAN_FIRST_YEAR), today.year() + 1);
            html! {
                <form class="form form-grid" id="report-form" {onsubmit} novalidate=true>
                    { submission.alert_with_id(Some("report-error"), SHOWN) }
                    <SelectField id="report-task" label={t.col_task} value={(*task).clone()} options={task_options}
                                 required=true error={fields.get("task_id")}
                                 on_change={let (s, m) = (task.clone(), milestone.clone()); Callback::from(move |v| { s.set(v); m.set(String::new()); })} />
                    <SelectField id="report-milestone" label={t.col_milestone} value={(*milestone).clone()}
                                 options={milestone_options} hint={Some(AttrValue::Static(t.report_milestone_hint))}
                                 error={fields.get("milestone_id").or(fields.get("unit_id"))}
                                 on_change={let s = milestone.clone(); Callback::from(move |v| s.set(v))} />
                    <div class="field-row">
                        <SelectField id="report-period-kind" label={t.report_period_kind}
                                     value={if *monthly { "month" } else { "quarter" }} options={kind_options} on_change={on_kind} />
                        <div class={classes!("field", fields.get("period").is_some().then_some("has-error"))}>
                            <PeriodPicker id="report-period" label={t.report_period_label} value={*period} {years}
                                          on_change={let s = period.clone(); Callback::from(move |p| s.set(p))} />
                            if let Some(e) = fields.get("period") { <p class="field-error" id="report-period-error">{ e }</p> }
                        </div>
                    </div>
                    <TextAreaField id="report-narrative" label={t.report_narrative} value={(*narrative).clone()}
                                   required=true rows={6} placeholder={Some(AttrValue::Static(t.report_narrative_hint))}
                                   on_input={let s = narrative.clone(); Callback::from(move |v| s.set(v))}
                                   error={fields.get("narrative")} />
                    <TextField id="report-percent" label={t.report_percent} value={(*percent).clone()}
                               input_type="number" required=true hint={Some(AttrValue::Static(t.report_percent_hint))}
                               on_input={let s = percent.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("percent_complete")} />
                    <TextAreaField id="report-links" label={t.report_links} value={(*links).clone()}
                                   hint={Some(AttrValue::Static(t.report_links_hint))}
                                   on_input={let s = links.clone(); Callback::from(move |v| s.set(v))}
                                   error={fields.get("evidence_links")} />
                    <div class={classes!("field", fields.get("files").is_some().then_some("has-error"))}>
                        <label for="report-files">{ t.attach_form_files }</label>
                        <input type="file" id="report-files" multiple=true accept={ACCEPT}
                               aria-describedby="report-files-hint"
                               onchange={let s = files.clone(); Callback::from(move |e: Event| {
                                   if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                       let list = input.files();
                                       s.set(list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default());
                                   }
                               })} />
                        <p class="field-hint" id="report-files-hint">{ (t.attach_form_hint)(EVIDENCE_MAX_BYTES / (1024 * 1024)) }</p>
                        if !files.is_empty() {
                            <ul class="chosen-files" id="report-files-chosen">
                                { for files.iter().map(|f| html! {
                                    <li>{ f.name() }<span class="muted">{ format!(" {}", size_text(f.size() as i64)) }</span></li>
                                }) }
                            </ul>
                        }
                        if let Some(e) = fields.get("files") { <p class="field-error" id="report-files-error">{ e }</p> }
                    </div>
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-primary" id="report-submit" disabled={submission.busy()}>
                            { if submission.busy() { t.saving } else { t.report_submit } }
                        </button>
                    </div>
                </form>
            }
        }
    };

    let form = match &*partial {
        Some((report, failed)) => html! {
            <div id="report-partial">
                { failure_list("report-files-failures".into(), t.attach_partial, failed) }
                <Href class="btn btn-primary" id={Some(AttrValue::Static("report-partial-open"))}
                      to={format!("/tasks/{}?unit={}", report.task_id, report.unit_id)}>{ t.attach_title }</Href>
            </div>
        },
        None => form,
    };
    html! {
        <>
            <PageHeader title={t.cap_tasks.0} description={Some(AttrValue::Static(t.report_intro))} />
            { tabs(t) }
            <section class="card" aria-labelledby="report-title">
                <h2 id="report-title" class="card-title">{ t.tasks_tab_report }</h2>
                <p class="muted">{ (t.report_for_unit)(&crate::format::unit_name(&me.unit, lang)) }</p>
                { form }
            </section>
        </>
    }
}
