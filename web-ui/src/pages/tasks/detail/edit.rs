//! Editing a task's text and its milestones (the task's lead units; the city bureau
//! everywhere): each form sends only what it shows, with the version it was opened on.

use api_types::plans::{Milestone, MilestonePatch, Task, TaskPatch};
use chrono::NaiveDate;
use yew::prelude::*;

use crate::components::{FieldErrors, TextAreaField, TextField};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::services::api;

/// `Some(text)` for a filled field, `None` for an empty one (which clears it).
fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[derive(Properties, PartialEq)]
pub struct TaskEditProps {
    pub task: Task,
    /// `true` once saved, `false` when cancelled.
    pub on_done: Callback<bool>,
}

/// The task's title, requirements and goals.
#[function_component]
pub fn TaskEditForm(props: &TaskEditProps) -> Html {
    let t = use_i18n().t();
    let task = &props.task;
    let title = use_state(|| task.title.clone());
    let description = use_state(|| task.description.clone().unwrap_or_default());
    let goals = use_state(|| task.goals.clone().unwrap_or_default());
    let form = use_submission();
    let onsubmit = {
        let (title, description, goals, form, on_done) = (
            title.clone(),
            description.clone(),
            goals.clone(),
            form.clone(),
            props.on_done.clone(),
        );
        let (id, version) = (task.id, task.version);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = TaskPatch {
                title: Some(title.trim().to_string()),
                description: Some(optional(&description)),
                goals: Some(optional(&goals)),
                ..TaskPatch::default()
            };
            if let Err(v) = validator::Validate::validate(&request) {
                form.reject(FieldErrors::from_validation(&v, t));
                return;
            }
            let (path, on_done) = (format!("/tasks/{id}"), on_done.clone());
            form.request(async move { api::patch::<_, Task>(&path, version, &request).await })
                .success(t.saved)
                .then(move |_| on_done.emit(true));
        })
    };
    let fields = form.fields();
    html! {
        <form class="inline-form" id="task-edit-form" {onsubmit} novalidate=true aria-label={t.task_edit}>
            { form.alert_with_id(Some("task-edit-alert"), &["title", "description", "goals"]) }
            <TextField id="task-edit-title" autofocus=true label={t.col_name} value={(*title).clone()} required=true
                       on_input={let s = title.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("title")} />
            <TextAreaField id="task-edit-description" label={t.task_description} value={(*description).clone()} rows={5}
                           on_input={let s = description.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("description")} />
            <TextAreaField id="task-edit-goals" label={t.task_goals} value={(*goals).clone()} rows={3}
                           on_input={let s = goals.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("goals")} />
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="task-edit-save" disabled={form.busy()}>{ t.save }</button>
                <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct MilestoneEditProps {
    pub milestone: Milestone,
    /// `true` once saved, `false` when cancelled.
    pub on_done: Callback<bool>,
}

/// A milestone's title, due date and deliverable.
#[function_component]
pub fn MilestoneEditForm(props: &MilestoneEditProps) -> Html {
    let t = use_i18n().t();
    let m = &props.milestone;
    let title = use_state(|| m.title.clone());
    let due = use_state(|| m.due_date.to_string());
    let deliverable = use_state(|| m.deliverable.clone().unwrap_or_default());
    let form = use_submission();
    let onsubmit = {
        let (title, due, deliverable, form, on_done) = (
            title.clone(),
            due.clone(),
            deliverable.clone(),
            form.clone(),
            props.on_done.clone(),
        );
        let (id, version) = (m.id, m.version);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(due_date) = due.parse::<NaiveDate>() else {
                let mut f = FieldErrors::default();
                f.insert_code(t, "due_date", "required");
                form.reject(f);
                return;
            };
            let request = MilestonePatch {
                title: Some(title.trim().to_string()),
                due_date: Some(due_date),
                deliverable: Some(optional(&deliverable)),
                ..MilestonePatch::default()
            };
            if let Err(v) = validator::Validate::validate(&request) {
                form.reject(FieldErrors::from_validation(&v, t));
                return;
            }
            let (path, on_done) = (format!("/milestones/{id}"), on_done.clone());
            form.request(async move { api::patch::<_, Milestone>(&path, version, &request).await })
                .success(t.saved)
                .then(move |_| on_done.emit(true));
        })
    };
    let fields = form.fields();
    let id = m.id;
    html! {
        <form class="inline-form milestone-edit-form" id={format!("milestone-edit-{id}")} {onsubmit} novalidate=true
              aria-label={t.milestone_edit}>
            { form.alert(&["title", "due_date", "deliverable"]) }
            <TextField id={format!("milestone-title-{id}")} autofocus=true label={t.col_milestone} value={(*title).clone()} required=true
                       on_input={let s = title.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("title")} />
            <TextField id={format!("milestone-due-{id}")} label={t.col_due} value={(*due).clone()} input_type="date" required=true
                       on_input={let s = due.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("due_date")} />
            <TextField id={format!("milestone-deliverable-{id}")} label={t.milestone_deliverable} value={(*deliverable).clone()}
                       on_input={let s = deliverable.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("deliverable")} />
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary milestone-edit-save" disabled={form.busy()}>{ t.save }</button>
                <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
            </div>
        </form>
    }
}
