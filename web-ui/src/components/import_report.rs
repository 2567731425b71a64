//! The report of a spreadsheet import (`POST /<records>:import`): rows stored, rows
//! rejected with each cell's problem, or the header row that did not match the
//! template. Shared by the import pages (disclosure records, the question bank).

use api_types::batch::{BatchItemStatus, ImportReport, ImportRow};
use yew::prelude::*;

use crate::components::form::localise;
use crate::components::{Badge, FormAlert, Tone};
use crate::i18n::{use_i18n, Texts};
use crate::services::api::ApiError;

/// What an upload came to.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportOutcome {
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
pub fn refused(err: &ApiError) -> Option<ImportOutcome> {
    let ext = &err.problem()?.extensions;
    if let Some(report) = ext.get("report") {
        return serde_json::from_value(report.clone())
            .ok()
            .map(ImportOutcome::NothingStored);
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
    Some(ImportOutcome::Header {
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

fn report_view(
    report: &ImportReport,
    stored: bool,
    key_label: &AttrValue,
    t: &'static Texts,
) -> Html {
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
                            <th scope="col">{ key_label.clone() }</th>
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

#[derive(Properties, PartialEq)]
pub struct ImportOutcomeViewProps {
    pub outcome: ImportOutcome,
    /// The header of the column naming each row's record (决定书文号, 题干).
    pub key_label: AttrValue,
}

/// What an upload came to, as a card.
#[function_component]
pub fn ImportOutcomeView(props: &ImportOutcomeViewProps) -> Html {
    let t = use_i18n().t();
    match &props.outcome {
        ImportOutcome::Done(report) => report_view(report, true, &props.key_label, t),
        ImportOutcome::NothingStored(report) => report_view(report, false, &props.key_label, t),
        ImportOutcome::Header {
            unknown,
            missing,
            repeated,
        } => header_view(unknown, missing, repeated, t),
    }
}
