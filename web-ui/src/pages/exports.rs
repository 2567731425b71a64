//! The export panel on the audit page: downloads one resource as NDJSON
//! (`GET /exports/{resource}`) and shows what its manifest says.

use api_types::exports::{ExportManifest, ExportResource, ManifestLine};
use chrono::{Duration, NaiveDate};
use yew::prelude::*;

use crate::components::{ErrorPanel, SelectField, TextField};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::services::api::{self, ApiError};
use crate::services::download;

/// The query of an export for the chosen dates (Asia/Shanghai days, `to` included).
fn date_query(from: &str, to: &str) -> Vec<(&'static str, String)> {
    let day_start = |d: NaiveDate| format!("{}T00:00:00+08:00", d.format("%Y-%m-%d"));
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    vec![
        (
            "updated_since",
            parse(from).map(day_start).unwrap_or_default(),
        ),
        (
            "updated_before",
            parse(to)
                .map(|d| day_start(d + Duration::days(1)))
                .unwrap_or_default(),
        ),
    ]
}

/// The manifest on the last line of an export, or why there is none: the problem that
/// cut the export short, or `None` when the body simply stops.
fn manifest_of(text: &str) -> Result<ExportManifest, Option<ApiError>> {
    #[derive(serde::Deserialize)]
    struct ErrorLine {
        error: api_types::Problem,
    }
    let last = text.trim_end().rsplit('\n').next().unwrap_or_default();
    if let Ok(line) = serde_json::from_str::<ManifestLine>(last) {
        return Ok(line.manifest);
    }
    Err(serde_json::from_str::<ErrorLine>(last)
        .ok()
        .map(|line| ApiError::Problem {
            problem: line.error,
            retry_after: None,
        }))
}

/// How a download that got an answer ended (a request that failed is the submission's
/// error).
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Done(ExportManifest),
    /// The export was cut short by a problem, or the file could not be offered.
    Failed(ApiError),
    /// The body ended without a manifest or a reason.
    Incomplete,
}

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    /// Called after an export completed (it added an audit event).
    #[prop_or_default]
    pub on_done: Callback<()>,
}

#[function_component]
pub fn ExportPanel(props: &ExportPanelProps) -> Html {
    let t = use_i18n().t();
    let resource = use_state(|| ExportResource::DisclosureRecords);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let form = use_submission();
    let outcome = use_state(|| None::<Outcome>);
    // ISO dates compare as text; an empty end is open.
    let range_error = (!from.is_empty() && !to.is_empty() && *to < *from)
        .then_some(AttrValue::Static(t.export_range_error));

    let onsubmit = {
        let (resource, from, to, form, outcome, on_done) = (
            resource.clone(),
            from.clone(),
            to.clone(),
            form.clone(),
            outcome.clone(),
            props.on_done.clone(),
        );
        let invalid = range_error.is_some();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if invalid || form.busy() {
                return;
            }
            outcome.set(None);
            let resource = *resource;
            let path = api::with_query(
                &format!("/exports/{}", resource.as_str()),
                &date_query(&from, &to),
            );
            let (outcome, on_done) = (outcome.clone(), on_done.clone());
            form.request(async move { api::get_text(&path).await })
                .then(move |text| {
                    let result = match manifest_of(&text) {
                        Ok(manifest) => {
                            let name = format!(
                                "{}-{}.ndjson",
                                resource.as_str(),
                                manifest.generated_at.format("%Y%m%dT%H%M%SZ")
                            );
                            match download::save_text(&name, &text, "application/x-ndjson") {
                                Ok(()) => Outcome::Done(manifest),
                                Err(e) => Outcome::Failed(ApiError::Network(e)),
                            }
                        }
                        Err(Some(error)) => Outcome::Failed(error),
                        Err(None) => Outcome::Incomplete,
                    };
                    if matches!(result, Outcome::Done(_)) {
                        on_done.emit(());
                    }
                    outcome.set(Some(result));
                });
        })
    };

    let options = ExportResource::ALL
        .iter()
        .map(|r| {
            (
                AttrValue::Static(r.as_str()),
                AttrValue::Static((t.export_resource)(*r)),
            )
        })
        .collect::<Vec<_>>();
    let result = match (form.error(), &*outcome) {
        (Some(error), _) | (None, Some(Outcome::Failed(error))) => {
            html! { <ErrorPanel error={error.clone()} /> }
        }
        (None, None) => html! {},
        (None, Some(Outcome::Incomplete)) => html! {
            <p id="export-result" class="export-result error-text" role="alert">{ t.export_incomplete }</p>
        },
        (None, Some(Outcome::Done(m))) => html! {
            <p id="export-result" class="export-result" role="status">
                { (t.export_done)(m.count) }
                <span class="muted">
                    { " SHA-256 " }
                    <span class="mono" title={m.sha256.clone()}>{ &m.sha256[..16.min(m.sha256.len())] }{ "…" }</span>
                    if let Some(head) = m.audit_head_id {
                        { format!(" · {} #{head}", t.audit_head) }
                    }
                </span>
            </p>
        },
    };

    html! {
        <section class="card" id="export-panel" aria-labelledby="export-title">
            <h2 id="export-title" class="card-title">{ t.export_title }</h2>
            <p class="muted">{ t.export_intro }</p>
            <form class="filter-form" onsubmit={onsubmit}>
                <SelectField id="export-resource" label={t.export_what} value={resource.as_str()}
                    {options}
                    on_change={let r = resource.clone(); Callback::from(move |v: String| {
                        if let Some(parsed) = ExportResource::parse(&v) { r.set(parsed); }
                    })} />
                <TextField id="export-from" label={t.export_from} value={(*from).clone()} input_type="date"
                    on_input={let s = from.clone(); Callback::from(move |v| s.set(v))} />
                <TextField id="export-to" label={t.export_to} value={(*to).clone()} input_type="date"
                    error={range_error}
                    on_input={let s = to.clone(); Callback::from(move |v| s.set(v))} />
                <div class="filter-buttons">
                    <button type="submit" id="export-download" class="btn btn-primary" disabled={form.busy()}>
                        { if form.busy() { t.export_running } else { t.export_download } }
                    </button>
                </div>
            </form>
            { result }
        </section>
    }
}
