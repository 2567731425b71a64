//! Questions from a spreadsheet: download the template, upload the filled-in `.xlsx` or
//! `.csv`, read the per-row report (`POST /questions:import`), as the disclosure import.

use api_types::batch::{BatchMode, ImportReport};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::import_report::{refused, ImportOutcome, ImportOutcomeView};
use crate::components::{DownloadButton, Href, PageHeader};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::pages::quizzes::{tabs, Rights};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn QuestionImportPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let file = use_state(|| None::<web_sys::File>);
    let mode = use_state(|| BatchMode::EachRecord);
    let outcome = use_state(|| None::<ImportOutcome>);
    let missing_file = use_state(|| false);
    let form = use_submission();
    if !Rights::of(&props.me).questions_manage {
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
        let (file, mode, outcome, form, missing_file) = (
            file.clone(),
            mode.clone(),
            outcome.clone(),
            form.clone(),
            missing_file.clone(),
        );
        let owner = props.me.unit.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(chosen) = (*file).clone() else {
                missing_file.set(true);
                return;
            };
            outcome.set(None);
            let path = api::with_query(
                "/questions:import",
                &[
                    ("mode", mode.as_str().to_string()),
                    ("owner_unit_id", owner.to_string()),
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
                    Ok(report) => Ok(ImportOutcome::Done(report)),
                    Err(err) => refused(&err).ok_or(err),
                }
            })
            .then(move |o| outcome.set(Some(o)));
        })
    };
    html! {
        <>
            <PageHeader title={t.qz_import_questions} description={Some(AttrValue::Static(t.qz_import_intro))}>
                <Href to="/quizzes/bank" class="btn">{ t.qz_tab_bank }</Href>
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="import-template-title">
                <h2 id="import-template-title" class="card-title">{ t.import_step_template }</h2>
                <p>{ t.qz_import_template_hint }</p>
                <DownloadButton id="import-template" path={"/questions:import-template".to_string()}
                                name={t.qz_import_template_name} label={Some(AttrValue::Static(t.import_template_download))} />
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
                    { form.alert(&[]) }
                    <div class="form-actions">
                        <button type="submit" id="import-submit" class="btn btn-primary" disabled={form.busy()}>
                            { if form.busy() { t.import_running } else { t.import_submit } }
                        </button>
                    </div>
                </form>
            </section>
            if let Some(outcome) = &*outcome {
                <ImportOutcomeView outcome={outcome.clone()} key_label={t.qz_stem} />
            }
        </>
    }
}
