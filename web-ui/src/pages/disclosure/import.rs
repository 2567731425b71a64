//! Disclosure records from a spreadsheet: download the template, upload the filled-in
//! `.xlsx` or `.csv`, read the per-row report (`POST /disclosure-records:import`).

use api_types::batch::{BatchItemStatus, BatchMode, ImportReport, ImportRow};
use api_types::Permission;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::tabs;
use crate::capability::can;
use crate::components::form::localise;
use crate::components::{Badge, Checkbox, DownloadButton, FormAlert, PageHeader, Tone};
use crate::hooks::use_submission;
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api::{self, ApiError};

/// What an upload came to.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Imported (row by row, or all rows valid).
    Done(ImportReport),
    /// All or nothing with a rejected row: nothing stored.
    NothingStored(ImportReport),
    /// The header row is off the template: nothing read.
    Header {
        unknown: Vec<String>,
        missing: Vec<String>,
        repeated: Vec<String>,
    },
}

/// The outcome a refused upload still reports, if it is one.
fn refused(err: &ApiError) -> Option<Outcome> {
    let ext = &err.problem()?.extensions;
    if let Some(report) = ext.get("report") {
        return serde_json::from_value(report.clone())
            .ok()
            .map(Outcome::NothingStored);
    }
    let columns = ext.get("columns")?;
    let names = |key: &str| -> Vec<String> {
        columns[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Some(Outcome::Header {
        unknown: names("unknown"),
        missing: names("missing"),
        repeated: names("repeated"),
    })
}

fn status_badge(status: BatchItemStatus, t: &Texts) -> Html {
    let (tone, text) = match status {
        BatchItemStatus::Created => (Tone::Success, t.batch_created),
        BatchItemStatus::Unchanged => (Tone::Neutral, t.batch_unchanged),
        BatchItemStatus::Rejected => (Tone::Danger, t.batch_rejected),
        BatchItemStatus::NotApplied => (Tone::Warning, t.batch_not_applied),
    };
    html! { <Badge {tone} {text} /> }
}

fn problem_cell(row: &ImportRow, t: &'static Texts) -> Html {
    html! {
        <ul class="cell-errors">
            { for row.errors.iter().map(|e| {
                let message = localise(t, &e.error);
                match &e.column {
                    Some(column) => html! { <li><strong>{ format!("{column}：") }</strong>{ message }</li> },
                    None => html! { <li>{ message }</li> },
                }
            }) }
        </ul>
    }
}

fn report_view(report: &ImportReport, stored: bool, t: &'static Texts) -> Html {
    let rejected: Vec<&ImportRow> = report
        .rows
        .iter()
        .filter(|r| r.status == BatchItemStatus::Rejected)
        .collect();
    html! {
        <section class="card" id="import-report" aria-labelledby="import-report-title">
            <h2 id="import-report-title" class="card-title">{ t.import_report }</h2>
            if !stored {
                <FormAlert id={Some(AttrValue::Static("import-nothing-stored"))} message={t.import_nothing_stored} />
            }
            <p id="import-summary">{ (t.import_summary)(report) }</p>
            if rejected.is_empty() {
                <p>{ t.import_all_passed }</p>
            } else {
                <div class="table-wrap">
                    <table class="data-table" id="import-rejected">
                        <caption>{ t.import_rejected_rows }</caption>
                        <thead><tr>
                            <th scope="col" class="num">{ t.import_col_row }</th>
                            <th scope="col">{ t.col_status }</th>
                            <th scope="col">{ t.import_col_key }</th>
                            <th scope="col">{ t.import_col_problem }</th>
                        </tr></thead>
                        <tbody>
                            { for rejected.iter().map(|r| html! {
                                <tr data-row={r.row.to_string()}>
                                    <td class="num">{ r.row }</td>
                                    <td>{ status_badge(r.status, t) }</td>
                                    <td>{ r.key.clone().unwrap_or_default() }</td>
                                    <td>{ problem_cell(r, t) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

fn header_view(
    unknown: &[String],
    missing: &[String],
    repeated: &[String],
    t: &'static Texts,
) -> Html {
    let line = |label: &'static str, names: &[String]| {
        (!names.is_empty())
            .then(|| html! { <li>{ format!("{label}：{}", names.join(t.list_sep)) }</li> })
    };
    html! {
        <section class="card" id="import-report">
            <FormAlert id={Some(AttrValue::Static("import-header"))} message={t.import_header_mismatch} />
            <ul id="import-header-columns">
                { for line(t.import_unknown_columns, unknown) }
                { for line(t.import_missing_columns, missing) }
                { for line(t.import_repeated_columns, repeated) }
            </ul>
        </section>
    }
}

#[function_component]
pub fn ImportPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let file = use_state(|| None::<web_sys::File>);
    let mode = use_state(|| BatchMode::EachRecord);
    let publish = use_state(|| false);
    let outcome = use_state(|| None::<Outcome>);
    let missing_file = use_state(|| false);
    let form = use_submission();
    if !can(&props.me, Permission::DisclosureWrite) {
        return forbidden();
    }

    let on_file = {
        let (file, missing_file) = (file.clone(), missing_file.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            file.set(input.files().and_then(|list| list.get(0)));
            missing_file.set(false);
        })
    };
    let on_mode = |value: BatchMode| {
        let mode = mode.clone();
        Callback::from(move |_: Event| mode.set(value))
    };
    let onsubmit = {
        let (file, mode, publish, outcome, form, missing_file) = (
            file.clone(),
            mode.clone(),
            publish.clone(),
            outcome.clone(),
            form.clone(),
            missing_file.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(chosen) = (*file).clone() else {
                missing_file.set(true);
                return;
            };
            outcome.set(None);
            let path = api::with_query(
                "/disclosure-records:import",
                &[
                    ("mode", mode.as_str().to_string()),
                    ("publish", publish.to_string()),
                ],
            );
            let media_type = match chosen.type_() {
                m if m.is_empty() => "application/octet-stream".to_string(),
                m => m,
            };
            let blob: web_sys::Blob = chosen.unchecked_into();
            let outcome = outcome.clone();
            form.request(async move {
                match api::post_file::<ImportReport>(&path, blob, &media_type).await {
                    Ok(report) => Ok(Outcome::Done(report)),
                    Err(err) => refused(&err).ok_or(err),
                }
            })
            .then(move |o| outcome.set(Some(o)));
        })
    };

    html! {
        <>
            <PageHeader title={t.cap_disclosure.0} description={Some(AttrValue::Static(t.import_intro))} />
            { tabs(t, true) }
            <section class="card" aria-labelledby="import-template-title">
                <h2 id="import-template-title" class="card-title">{ t.import_step_template }</h2>
                <p>{ t.import_template_hint }</p>
                <DownloadButton id="import-template" path={"/disclosure-records:import-template".to_string()}
                                name={t.import_template_name} label={Some(AttrValue::Static(t.import_template_download))} />
            </section>
            <section class="card" aria-labelledby="import-upload-title">
                <h2 id="import-upload-title" class="card-title">{ t.import_step_upload }</h2>
                <form class="form" onsubmit={onsubmit} novalidate=true>
                    <div class={classes!("field", missing_file.then_some("field-invalid"))}>
                        <label for="import-file">{ t.import_file }</label>
                        <input type="file" id="import-file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                               onchange={on_file} aria-invalid={missing_file.to_string()}
                               aria-describedby={missing_file.then_some("import-file-error")} />
                        if *missing_file {
                            <p class="field-error" id="import-file-error">{ t.import_no_file }</p>
                        }
                    </div>
                    <fieldset class="field">
                        <legend>{ t.import_mode }</legend>
                        <label class="radio">
                            <input type="radio" id="import-mode-each" name="import-mode"
                                   checked={*mode == BatchMode::EachRecord} onchange={on_mode(BatchMode::EachRecord)} />
                            { t.import_mode_each }
                        </label>
                        <label class="radio">
                            <input type="radio" id="import-mode-all" name="import-mode"
                                   checked={*mode == BatchMode::AllOrNothing} onchange={on_mode(BatchMode::AllOrNothing)} />
                            { t.import_mode_all }
                        </label>
                    </fieldset>
                    <Checkbox id="import-publish" label={t.import_publish} checked={*publish}
                              on_change={let p = publish.clone(); Callback::from(move |v| p.set(v))} />
                    { form.alert(&[]) }
                    <div class="form-actions">
                        <button type="submit" id="import-submit" class="btn btn-primary" disabled={form.busy()}>
                            { if form.busy() { t.import_running } else { t.import_submit } }
                        </button>
                    </div>
                </form>
            </section>
            { match &*outcome {
                Some(Outcome::Done(report)) => report_view(report, true, t),
                Some(Outcome::NothingStored(report)) => report_view(report, false, t),
                Some(Outcome::Header { unknown, missing, repeated }) => header_view(unknown, missing, repeated, t),
                None => html! {},
            } }
        </>
    }
}
