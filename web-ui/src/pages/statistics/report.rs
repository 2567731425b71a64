//! One statistics report: the form of its template version, figures the system computes
//! from the unit's disclosures beside the entered ones (differences update while
//! typing), and the steps — save, submit (an explanation when flagged), return, accept,
//! correct — each with `If-Match`; then the kept revisions.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use api_types::auth::Me;
use api_types::statistics::{
    ColumnKind, StatisticsCorrection, StatisticsReport, StatisticsReportChange, StatisticsReturn,
    StatisticsRevision, StatisticsStatus, StatisticsSubmission, StatisticsTemplate, TemplateColumn,
    TemplateDefinition,
};
use api_types::Permission;
use futures_util::future::{FutureExt, LocalBoxFuture};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{figure, status_badge, tabs, timeliness_badge};
use crate::capability::can;
use crate::components::{
    Badge, Checkbox, DownloadButton, ErrorPanel, FieldErrors, FormAlert, Href, Loading, PageHeader,
    TextAreaField, Tone,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::{use_i18n, Texts};
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct ReportPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Panel {
    None,
    Return,
    Correct,
}

/// The figures typed so far, or the fields that are not numbers of 0 or more.
fn parse_inputs(
    definition: &TemplateDefinition,
    inputs: &HashMap<String, String>,
    t: &Texts,
) -> Result<BTreeMap<String, f64>, FieldErrors> {
    let mut values = BTreeMap::new();
    let mut errors = FieldErrors::default();
    for column in definition
        .columns()
        .filter(|c| c.kind == ColumnKind::Manual)
    {
        let text = inputs
            .get(&column.key)
            .map(|s| s.trim().replace(',', ""))
            .unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => {
                values.insert(column.key.clone(), v);
            }
            _ => errors.insert(&format!("values.{}", column.key), t.st_not_number),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

fn number(inputs: &HashMap<String, String>, key: &str) -> Option<f64> {
    inputs
        .get(key)
        .and_then(|s| s.trim().replace(',', "").parse::<f64>().ok())
}

/// What the row shows as computed: the server's figure for derived columns, a ratio
/// from the current inputs (or the server's) for ratio columns.
fn computed_value(
    column: &TemplateColumn,
    report: &StatisticsReport,
    inputs: &HashMap<String, String>,
) -> Option<f64> {
    match column.kind {
        ColumnKind::Ratio => {
            let (n, d) = (column.numerator.as_deref()?, column.denominator.as_deref()?);
            match (number(inputs, n), number(inputs, d)) {
                (Some(n), Some(d)) if d > 0.0 => Some((n / d * 10000.0).round() / 100.0),
                (Some(_), Some(_)) => None,
                _ => report.derived.get(&column.key).copied(),
            }
        }
        _ => report.derived.get(&column.key).copied(),
    }
}

#[function_component]
pub fn ReportPage(props: &ReportPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let report = use_fetch(props.id.clone(), |id| async move {
        api::get::<StatisticsReport>(&format!("/statistics/reports/{id}")).await
    });
    let loaded = report.data();
    let template_id = loaded.as_ref().map(|r| r.template_id);
    let template = use_fetch(template_id, |id| async move {
        match id {
            Some(id) => api::get::<StatisticsTemplate>(&format!("/statistics/templates/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let revisions = use_fetch(
        (props.id.clone(), loaded.as_ref().map(|r| r.version)),
        |(id, _)| async move {
            api::get::<Vec<StatisticsRevision>>(&format!("/statistics/reports/{id}/revisions"))
                .await
        },
    );
    let inputs = use_state(HashMap::<String, String>::new);
    let explanation = use_state(String::new);
    let comment = use_state(String::new);
    let reason = use_state(String::new);
    let marked = use_state(Vec::<String>::new);
    let panel = use_state(|| Panel::None);
    let version = use_mut_ref(|| 0i64);
    let form = use_submission();
    let can_region = can(&props.me, Permission::StatisticsRegionRead);
    let can_write = can(&props.me, Permission::StatisticsWrite);
    let can_review = can(&props.me, Permission::StatisticsReview);

    // The inputs follow the stored report whenever a new version is loaded.
    {
        let (inputs, explanation, version) = (inputs.clone(), explanation.clone(), version.clone());
        use_effect_with(loaded.as_ref().map(|r| (r.id, r.version)), move |_| {
            if let Some(r) = &loaded {
                inputs.set(
                    r.values
                        .iter()
                        .map(|(k, v)| (k.clone(), v.to_string()))
                        .collect(),
                );
                explanation.set(r.explanation.clone().unwrap_or_default());
                *version.borrow_mut() = r.version;
            }
        });
    }

    let rep = match (report.data(), report.error()) {
        (_, Some(error)) => {
            return html! {
                <>
                    <PageHeader title={t.cap_statistics.0} />
                    { tabs(t, can_region) }
                    <ErrorPanel {error} on_retry={Some(report.reload.clone())} />
                </>
            }
        }
        (Some(r), None) => r,
        (None, None) => return html! { <Loading /> },
    };
    let Some(tpl) = template.data().and_then(|t| (*t).clone()) else {
        return html! { <Loading /> };
    };
    let definition = Rc::new(tpl.definition.clone());
    let id = rep.id;
    let status = rep.status;
    let editable_by_unit =
        can_write && matches!(status, StatisticsStatus::Draft | StatisticsStatus::Returned);
    let correcting = *panel == Panel::Correct;
    let inputs_open = editable_by_unit || correcting;

    let reload = {
        let (r, p) = (report.reload.clone(), panel.clone());
        Callback::from(move |()| {
            p.set(Panel::None);
            r.emit(());
        })
    };
    // One step: send, toast, reload.
    let run = {
        let (form, reload) = (form.clone(), reload.clone());
        move |future: LocalBoxFuture<'static, Result<StatisticsReport, ApiError>>,
              done: &'static str| {
            let reload = reload.clone();
            form.request(future)
                .success(done)
                .then(move |_| reload.emit(()));
        }
    };
    let figures_or_reject = {
        let (form, inputs, definition) = (form.clone(), inputs.clone(), definition.clone());
        move || match parse_inputs(&definition, &inputs, t) {
            Ok(v) => Some(v),
            Err(errors) => {
                form.reject(errors);
                None
            }
        }
    };
    let path = format!("/statistics/reports/{id}");
    let explanation_text = || {
        let text = explanation.trim().to_string();
        (!text.is_empty()).then_some(text)
    };

    let save = {
        let (run, figures_or_reject, path, version) = (
            run.clone(),
            figures_or_reject.clone(),
            path.clone(),
            version.clone(),
        );
        let note = explanation_text();
        Callback::from(move |_: MouseEvent| {
            let Some(values) = figures_or_reject() else {
                return;
            };
            let body = StatisticsReportChange {
                values: Some(values),
                explanation: note.clone(),
            };
            let (path, v) = (path.clone(), *version.borrow());
            run(
                async move { api::patch(&path, v, &body).await }.boxed_local(),
                t.st_saved,
            );
        })
    };
    let submit = {
        let (run, figures_or_reject, path, version) = (
            run.clone(),
            figures_or_reject.clone(),
            path.clone(),
            version.clone(),
        );
        let note = explanation_text();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(values) = figures_or_reject() else {
                return;
            };
            let change = StatisticsReportChange {
                values: Some(values),
                explanation: note.clone(),
            };
            let submission = StatisticsSubmission {
                explanation: note.clone(),
            };
            let (path, version) = (path.clone(), version.clone());
            let start = *version.borrow();
            run(
                async move {
                    // Saved first, so a refused submission keeps what was typed.
                    let saved: StatisticsReport = api::patch(&path, start, &change).await?;
                    *version.borrow_mut() = saved.version;
                    api::post_versioned(&format!("{path}/submit"), saved.version, &submission).await
                }
                .boxed_local(),
                t.st_submitted,
            );
        })
    };
    let accept = {
        let (run, path, v) = (run.clone(), path.clone(), rep.version);
        Callback::from(move |()| {
            let path = format!("{path}/accept");
            run(
                async move { api::post_versioned(&path, v, &()).await }.boxed_local(),
                t.st_accepted,
            );
        })
    };
    let send_return = {
        let (run, path, v, comment, marked, form) = (
            run.clone(),
            path.clone(),
            rep.version,
            comment.clone(),
            marked.clone(),
            form.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = comment.trim().to_string();
            if text.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "comment", "required");
                form.reject(f);
                return;
            }
            let body = StatisticsReturn {
                comment: text,
                fields: (*marked).clone(),
            };
            let path = format!("{path}/return");
            run(
                async move { api::post_versioned(&path, v, &body).await }.boxed_local(),
                t.st_returned,
            );
        })
    };
    let send_correction = {
        let (run, path, v, reason, form, figures_or_reject) = (
            run.clone(),
            path.clone(),
            rep.version,
            reason.clone(),
            form.clone(),
            figures_or_reject.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = reason.trim().to_string();
            if text.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reason", "required");
                form.reject(f);
                return;
            }
            let Some(values) = figures_or_reject() else {
                return;
            };
            let body = StatisticsCorrection {
                values,
                reason: text,
            };
            let path = format!("{path}/correct");
            run(
                async move { api::post_versioned(&path, v, &body).await }.boxed_local(),
                t.st_corrected,
            );
        })
    };
    // A filled copy of the report's sheet replaces the entered figures.
    let fill_from_sheet = {
        let (run, path, version) = (run.clone(), path.clone(), version.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let media_type = match file.type_() {
                m if m.is_empty() => "application/octet-stream".to_string(),
                m => m,
            };
            let blob: web_sys::Blob = file.unchecked_into();
            let (path, v) = (format!("{path}:import"), *version.borrow());
            run(
                async move { api::post_file_versioned(&path, v, blob, &media_type).await }
                    .boxed_local(),
                t.st_filled_from_sheet,
            );
        })
    };
    let open = |p: Panel| {
        let (panel, form, inputs, stored) = (
            panel.clone(),
            form.clone(),
            inputs.clone(),
            rep.values.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            form.reset();
            inputs.set(
                stored
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect(),
            );
            panel.set(p);
        })
    };

    let tolerance = tpl.definition.tolerance_percent;
    let row = |column: &TemplateColumn| -> Html {
        let key = column.key.clone();
        let is_marked = rep.returned_fields.contains(&key) && status == StatisticsStatus::Returned;
        let computed = computed_value(column, &rep, &inputs);
        let entered = number(&inputs, &key);
        let field = format!("values.{key}");
        let error = form.fields().get(&field);
        let value_cell = match column.kind {
            ColumnKind::Manual if inputs_open => {
                let oninput = {
                    let (inputs, key) = (inputs.clone(), key.clone());
                    Callback::from(move |e: InputEvent| {
                        let mut next = (*inputs).clone();
                        next.insert(
                            key.clone(),
                            e.target_unchecked_into::<HtmlInputElement>().value(),
                        );
                        inputs.set(next);
                    })
                };
                html! {
                    <>
                        <input id={format!("fig-{key}")} class={classes!("input", "num-input", error.is_some().then_some("invalid"))}
                               type="text" inputmode="decimal" aria-label={column.label.clone()}
                               value={inputs.get(&key).cloned().unwrap_or_default()} {oninput} />
                        if let Some(e) = error.clone() { <span class="field-error" role="alert">{ e }</span> }
                    </>
                }
            }
            ColumnKind::Manual => {
                html! { entered.map(|v| figure(v, column.decimals)).unwrap_or_else(|| "—".into()) }
            }
            _ => {
                let decimals = if column.kind == ColumnKind::Ratio {
                    2
                } else {
                    column.decimals
                };
                html! { <span class="muted">{ computed.map(|v| figure(v, decimals)).unwrap_or_else(|| "—".into()) }</span> }
            }
        };
        let counterpart = (column.kind == ColumnKind::Manual)
            .then(|| rep.derived.get(&key).copied())
            .flatten();
        let difference = match (entered, counterpart) {
            (Some(e), Some(d)) if (e - d).abs() > 1e-9 => {
                let beyond = (e - d).abs() > d.abs().max(1.0) * tolerance / 100.0 + 1e-9;
                html! {
                    <span class="badges">
                        <span class="num">{ format!("{:+}", ((e - d) * 100.0).round() / 100.0) }</span>
                        if beyond { <Badge tone={Tone::Warning} text={t.st_beyond} /> }
                    </span>
                }
            }
            _ => html! {},
        };
        html! {
            <tr id={format!("row-{key}")} class={classes!(is_marked.then_some("row-marked"))}>
                <th scope="row">
                    <span class="cell-main">{ column.label.clone() }</span>
                    if is_marked { { " " }<Badge tone={Tone::Danger} text={t.st_marked} /> }
                    if !column.description.is_empty() { <span class="cell-sub">{ column.description.clone() }</span> }
                </th>
                <td class="nowrap">{ column.unit.clone() }</td>
                <td class="num">{ value_cell }</td>
                <td class="num" id={format!("derived-{key}")}>{ counterpart.map(|v| figure(v, column.decimals)).unwrap_or_default() }</td>
                <td class="num" id={format!("diff-{key}")}>{ difference }</td>
            </tr>
        }
    };

    let manual_columns: Vec<TemplateColumn> = tpl
        .definition
        .columns()
        .filter(|c| c.kind == ColumnKind::Manual)
        .cloned()
        .collect();
    let title = format!("{} · {}", unit_name(&units, &rep.unit_id, lang), rep.period);

    html! {
        <>
            <PageHeader title={title} description={Some(AttrValue::from(format!("{} · {}", tpl.name, (t.st_template_version)(rep.template_version))))}>
                <Href to="/statistics" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { tabs(t, can_region) }
            <section class="card" aria-labelledby="report-title" id="report">
                <div class="card-head">
                    <h2 id="report-title" class="card-title">{ tpl.name.clone() }</h2>
                    <span class="badges" id="report-status">
                        { status_badge(status, t) }
                        { timeliness_badge(rep.timeliness, t) }
                        if rep.flagged { <Badge tone={Tone::Warning} text={t.st_flagged} /> }
                    </span>
                </div>
                <dl class="details two-col">
                    <dt>{ t.st_unit }</dt><dd>{ unit_name(&units, &rep.unit_id, lang) }</dd>
                    <dt>{ t.st_period }</dt><dd>{ rep.period.clone() }</dd>
                    <dt>{ t.st_due }</dt><dd id="report-due">{ rep.due_date.to_string() }</dd>
                    if let Some(e) = &rep.explanation { <dt>{ t.st_explanation }</dt><dd class="prose">{ e.clone() }</dd> }
                    if let Some(r) = &rep.correction_reason { <dt>{ t.st_correct_reason }</dt><dd class="prose">{ r.clone() }</dd> }
                </dl>
                if status == StatisticsStatus::Returned {
                    if let Some(c) = &rep.return_comment {
                        <div id="return-notice"><FormAlert message={AttrValue::from(format!("{}：{}", t.st_return_notice, c))} /></div>
                    }
                }
                <p class="muted small">{ t.st_derived_hint }{ " " }{ (t.st_tolerance)(tolerance) }</p>
                <div class="report-actions">
                    <DownloadButton id="report-xlsx" path={format!("/statistics/reports/{id}:xlsx")} name={AttrValue::from(format!("{}{}", tpl.name, rep.period))} />
                    if editable_by_unit {
                        <label class="btn" for="report-sheet">{ t.st_fill_from_sheet }</label>
                        <input type="file" id="report-sheet" class="sr-only"
                               accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                               onchange={fill_from_sheet} />
                    }
                </div>
                <form id="report-form" onsubmit={submit} novalidate=true>
                    { for tpl.definition.sections.iter().map(|section| html! {
                        <div class="table-scroll">
                            <table class="data-table stat-form">
                                <caption>{ section.title.clone() }</caption>
                                <thead><tr>
                                    <th scope="col">{ t.st_figure }</th>
                                    <th scope="col">{ t.st_measure_unit }</th>
                                    <th scope="col" class="num">{ t.st_entered }</th>
                                    <th scope="col" class="num">{ t.st_derived }</th>
                                    <th scope="col" class="num">{ t.st_difference }</th>
                                </tr></thead>
                                <tbody>{ for section.columns.iter().map(&row) }</tbody>
                            </table>
                        </div>
                    }) }
                    if editable_by_unit {
                        <TextAreaField id="explanation" label={t.st_explanation} value={(*explanation).clone()}
                                       hint={Some(AttrValue::Static(t.st_explanation_hint))}
                                       on_input={let s = explanation.clone(); Callback::from(move |v| s.set(v))}
                                       error={form.fields().get("explanation")} />
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-primary" id="report-submit" disabled={form.busy()}>{ t.st_submit }</button>
                            <button type="button" class="btn" id="report-save" onclick={save} disabled={form.busy()}>{ t.st_save }</button>
                        </div>
                    }
                </form>
                if *panel != Panel::Return { { form.alert(&["explanation", "reason", "comment"]) } }
                if can_review && *panel == Panel::None && status == StatisticsStatus::Submitted {
                    <div class="report-actions" id="review-actions">
                        <button type="button" class="btn btn-primary" id="report-accept" onclick={form.ask()}>{ t.st_accept }</button>
                        <button type="button" class="btn" id="report-return" onclick={open(Panel::Return)}>{ t.st_return }</button>
                    </div>
                }
                if can_review && *panel == Panel::None && status == StatisticsStatus::Accepted {
                    <div class="report-actions">
                        <button type="button" class="btn" id="report-correct" onclick={open(Panel::Correct)}>{ t.st_correct }</button>
                    </div>
                }
                { form.confirm_dialog(t.st_accept_title, t.st_accept_body, t.st_accept, accept) }
                if *panel == Panel::Return {
                    <form class="inline-form" id="return-form" onsubmit={send_return} novalidate=true>
                        <TextAreaField id="return-comment" autofocus=true label={t.st_return_comment} required=true
                                       value={(*comment).clone()}
                                       on_input={let s = comment.clone(); Callback::from(move |v| s.set(v))}
                                       error={form.fields().get("comment")} />
                        <fieldset class="checks">
                            <legend>{ t.st_return_fields }</legend>
                            { for manual_columns.iter().map(|c| {
                                let key = c.key.clone();
                                let checked = marked.contains(&key);
                                let on_change = {
                                    let (marked, key) = (marked.clone(), key.clone());
                                    Callback::from(move |on: bool| {
                                        let mut next: Vec<String> = (*marked).iter().filter(|k| **k != key).cloned().collect();
                                        if on { next.push(key.clone()); }
                                        marked.set(next);
                                    })
                                };
                                html! { <Checkbox id={format!("mark-{key}")} label={c.label.clone()} {checked} {on_change} /> }
                            }) }
                        </fieldset>
                        { form.alert(&["comment"]) }
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-danger" id="return-confirm" disabled={form.busy()}>{ t.st_return }</button>
                            <button type="button" class="btn" onclick={open(Panel::None)}>{ t.cancel }</button>
                        </div>
                    </form>
                }
                if correcting {
                    <form class="inline-form" id="correct-form" onsubmit={send_correction} novalidate=true>
                        <TextAreaField id="correct-reason" autofocus=true label={t.st_correct_reason} required=true
                                       value={(*reason).clone()}
                                       on_input={let s = reason.clone(); Callback::from(move |v| s.set(v))}
                                       error={form.fields().get("reason")} />
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-primary" id="correct-confirm" disabled={form.busy()}>{ t.st_save_correction }</button>
                            <button type="button" class="btn" onclick={open(Panel::None)}>{ t.cancel }</button>
                        </div>
                    </form>
                }
            </section>
            <section class="card" aria-labelledby="revisions-title">
                <h2 id="revisions-title" class="card-title">{ t.st_revisions }</h2>
                { match revisions.data() {
                    Some(list) if !list.is_empty() => html! {
                        <div class="table-scroll">
                            <table class="data-table" id="revisions">
                                <thead><tr>
                                    <th scope="col">{ t.st_revision }</th>
                                    <th scope="col">{ t.col_time }</th>
                                    <th scope="col">{ t.col_status }</th>
                                    <th scope="col">{ t.st_explanation }</th>
                                </tr></thead>
                                <tbody>
                                    { for list.iter().map(|r| html! {
                                        <tr>
                                            <td class="num">{ r.revision }</td>
                                            <td class="nowrap">{ format::local_time(&r.recorded_at) }{ " · " }{ r.recorded_by_name.clone() }</td>
                                            <td>{ if r.action == "corrected" { t.st_action_corrected } else { t.st_action_submitted } }</td>
                                            <td class="prose">{ r.reason.clone().or_else(|| r.explanation.clone()).unwrap_or_default() }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    },
                    Some(_) => html! { <p class="muted">{ t.st_no_revisions }</p> },
                    None => html! { <Loading /> },
                } }
            </section>
        </>
    }
}
