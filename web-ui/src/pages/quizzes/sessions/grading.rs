//! 阅卷: the short answers of a session waiting for their grade, each with the
//! reference answer beside it and a form for the points and a comment.

use api_types::quizzes::{AttemptGrading, GradeEntry, GradingTask, QuizAttempt};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::super::points;
use crate::components::{ErrorPanel, FieldErrors, Loading, TextAreaField, TextField};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct GradingTabProps {
    pub session: Uuid,
}

#[function_component]
pub fn GradingTab(props: &GradingTabProps) -> Html {
    let t = use_i18n().t();
    let tasks = use_fetch(props.session, |id| async move {
        api::get::<Vec<GradingTask>>(&format!("/quiz-sessions/{id}/grading")).await
    });
    match (tasks.data(), tasks.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(tasks.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => {
            html! { <p class="muted" id="grading-empty">{ t.qz_grading_empty }</p> }
        }
        (Some(list), None) => html! {
            <ol class="grading-list" id="grading">
                { for list.iter().map(|task| html! {
                    <GradeForm key={format!("{}-{}-{}", task.attempt_id, task.position, task.attempt_version)}
                               task={task.clone()} on_done={tasks.reload.clone()} />
                }) }
            </ol>
        },
    }
}

#[derive(Properties, PartialEq)]
struct GradeFormProps {
    task: GradingTask,
    on_done: Callback<()>,
}

#[function_component]
fn GradeForm(props: &GradeFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let task = &props.task;
    let given = use_state(String::new);
    let comment = use_state(String::new);
    let form = use_submission();
    let id = format!("grade-{}-{}", task.attempt_id, task.position);
    let onsubmit = {
        let (form, given, comment, on_done) = (
            form.clone(),
            given.clone(),
            comment.clone(),
            props.on_done.clone(),
        );
        let (attempt, version, position, max) = (
            task.attempt_id,
            task.attempt_version,
            task.position,
            task.points,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FieldErrors::default();
            let value = given.trim().replace('，', ".").parse::<f64>().ok();
            match value {
                None => errors.insert_code(t, "grades[0].points", "required"),
                Some(v) if v < 0.0 || v > max => errors.insert(
                    "grades[0].points",
                    (t.range_limit)(Some(0), Some(max as i64)),
                ),
                Some(_) => {}
            }
            let body = AttemptGrading {
                grades: vec![GradeEntry {
                    position,
                    points: value.unwrap_or(0.0),
                    comment: Some(comment.trim().to_string()).filter(|c| !c.is_empty()),
                }],
            };
            if let Err(v) = body.validate() {
                errors.merge(FieldErrors::from_validation(&v, t));
            }
            if !errors.is_empty() {
                return form.reject(errors);
            }
            let on_done = on_done.clone();
            let path = format!("/quiz-attempts/{attempt}/grades");
            form.request(async move {
                api::post_versioned::<_, QuizAttempt>(&path, version, &body).await
            })
            .success(t.qz_graded)
            .then(move |_| on_done.emit(()));
        })
    };
    html! {
        <li class="grading-item" id={id.clone()}>
            <div class="question-head">
                <strong>{ task.user_name.clone() }</strong>
                <span class="muted small">{ unit_name(&units, &task.unit_id, lang) }</span>
                if let Some(at) = task.submitted_at {
                    <span class="muted small">{ format::bureau_time(&at) }</span>
                }
                <span class="muted small">{ (t.qz_question_n)(task.position + 1) }</span>
            </div>
            <p class="question-stem">{ task.stem.clone() }</p>
            <dl class="details compact">
                <dt>{ t.qz_their_answer }</dt>
                <dd class="prose">{ task.answer_text.clone().unwrap_or_else(|| t.qz_unanswered.into()) }</dd>
                if let Some(r) = &task.reference_answer {
                    <dt>{ t.qz_reference_answer }</dt><dd class="prose">{ r.clone() }</dd>
                }
            </dl>
            <form class="inline-form" onsubmit={onsubmit} novalidate=true>
                <div class="field-row">
                    <TextField id={format!("{id}-points")} label={(t.qz_points_of)(&points(task.points))}
                               value={(*given).clone()} inputmode="decimal" required=true
                               error={form.fields().get("grades[0].points")}
                               on_input={let s = given.clone(); Callback::from(move |v| s.set(v))} />
                </div>
                <TextAreaField id={format!("{id}-comment")} label={t.qz_grader_comment} value={(*comment).clone()}
                               rows={2} error={form.fields().get("grades[0].comment")}
                               on_input={let s = comment.clone(); Callback::from(move |v| s.set(v))} />
                { form.alert(&["grades[0].points", "grades[0].comment"]) }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id={format!("{id}-save")} disabled={form.busy()}>
                        { t.qz_grade }
                    </button>
                </div>
            </form>
        </li>
    }
}
