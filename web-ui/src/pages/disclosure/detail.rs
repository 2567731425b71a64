//! One disclosure record (private): its content, status, deadline and timeliness, the
//! actions on it (publish, edit the draft, correct, withdraw — each with `If-Match`) and
//! its public revisions.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::disclosure::{
    DisclosurePublication, DisclosureRecord, DisclosureRevision, DisclosureStatus,
    DisclosureWithdrawal, PartyKind,
};
use api_types::Permission;
use futures_util::future::{FutureExt, LocalBoxFuture};
use uuid::Uuid;
use yew::prelude::*;

use super::form::{DisclosureForm, FormMode};
use super::{money, status_badge, tabs, timeliness_badge};
use crate::capability::can;
use crate::components::{
    Badge, ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct RecordPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Panel {
    None,
    Publish,
    Edit,
    Correct,
    Withdraw,
}

#[function_component]
pub fn RecordPage(props: &RecordPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let record = use_fetch(props.id.clone(), |id| async move {
        api::get::<DisclosureRecord>(&format!("/disclosure-records/{id}")).await
    });
    let revisions = use_fetch(props.id.clone(), |id| async move {
        api::get::<Vec<DisclosureRevision>>(&format!("/disclosure-records/{id}/revisions")).await
    });
    let panel = use_state(|| Panel::None);
    let publication_date = use_state(|| format::today_date().to_string());
    let reason = use_state(String::new);
    let form = use_submission();
    let can_write = can(&props.me, Permission::DisclosureWrite);

    let reload = {
        let (r, v) = (record.reload.clone(), revisions.reload.clone());
        Callback::from(move |()| {
            r.emit(());
            v.emit(());
        })
    };
    let open = |p: Panel| {
        let (panel, form) = (panel.clone(), form.clone());
        Callback::from(move |_| {
            form.reset();
            panel.set(p);
        })
    };

    let rec = match (record.data(), record.error()) {
        (_, Some(error)) => {
            return html! {
                <>
                    <PageHeader title={t.cap_disclosure.0} />
                    { tabs(t, can_write) }
                    <ErrorPanel {error} on_retry={Some(record.reload.clone())} />
                </>
            }
        }
        (None, None) => return html! { <Loading /> },
        (Some(r), None) => r,
    };
    let (id, version): (Uuid, i64) = (rec.id, rec.version);

    // Publish or withdraw: one call, then the panel closes and the record reloads.
    let run = {
        let (form, panel, reload) = (form.clone(), panel.clone(), reload.clone());
        move |future: LocalBoxFuture<'static, Result<DisclosureRecord, ApiError>>,
              done: &'static str| {
            let (panel, reload) = (panel.clone(), reload.clone());
            form.request(future).success(done).then(move |_| {
                panel.set(Panel::None);
                reload.emit(());
            });
        }
    };
    let publish = {
        let (run, date) = (run.clone(), publication_date.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = DisclosurePublication {
                publication_date: date.parse().ok(),
            };
            let path = format!("/disclosure-records/{id}/publish");
            run(
                async move { api::post_versioned(&path, version, &body).await }.boxed_local(),
                t.disc_published,
            );
        })
    };
    let withdraw = {
        let (run, reason, form) = (run.clone(), reason.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = reason.trim().to_string();
            if text.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reason", "required");
                form.reject(f);
                return;
            }
            let body = DisclosureWithdrawal { reason: text };
            let path = format!("/disclosure-records/{id}/withdraw");
            run(
                async move { api::post_versioned(&path, version, &body).await }.boxed_local(),
                t.disc_withdrawn,
            );
        })
    };
    let saved = {
        let (panel, reload) = (panel.clone(), reload.clone());
        Callback::from(move |_| {
            panel.set(Panel::None);
            reload.emit(());
        })
    };

    let c = &rec.content;
    let status = rec.status;
    let editable = can_write && status != DisclosureStatus::Withdrawn;
    let form_mode = match *panel {
        Panel::Edit => Some(FormMode::EditDraft { id, version }),
        Panel::Correct => Some(FormMode::Correct { id, version }),
        _ => None,
    };
    let party_id = match c.party_kind {
        PartyKind::NaturalPerson => c.party_id_number.clone(),
        _ => c.party_credit_code.clone(),
    };

    html! {
        <>
            <PageHeader title={c.document_number.clone()} description={Some(AttrValue::from(c.case_cause.clone()))}>
                <Href to="/disclosure" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { tabs(t, can_write) }
            <section class="card" aria-labelledby="record-title" id="record">
                <div class="card-head">
                    <h2 id="record-title" class="card-title">{ t.disc_record }</h2>
                    <span class="badges" id="record-status">
                        { status_badge(status, t) }
                        { timeliness_badge(rec.timeliness, t) }
                        if rec.fine_out_of_range { <Badge tone={Tone::Warning} text={t.disc_flag_out_of_range} /> }
                        if rec.calendar_incomplete { <Badge text={t.disc_flag_calendar} /> }
                        if rec.revision > 1 { <Badge tone={Tone::Info} text={(t.disc_revision_no)(rec.revision)} /> }
                    </span>
                </div>
                <dl class="details two-col">
                    <dt>{ t.disc_issuing_unit }</dt><dd>{ unit_name(&units, &c.issuing_unit_id, lang) }</dd>
                    <dt>{ t.disc_document_number }</dt><dd>{ c.document_number.clone() }</dd>
                    <dt>{ t.disc_party }</dt>
                    <dd>{ c.party_name.clone() }{ " · " }{ (t.party_kind)(c.party_kind) }
                        if let Some(n) = party_id { <span class="mono">{ format!(" · {n}") }</span> }
                    </dd>
                    <dt>{ t.disc_legal_basis }</dt><dd class="prose">{ c.legal_basis.clone() }</dd>
                    <dt>{ t.disc_fine }</dt><dd id="record-fine">{ money(c.fine_fen, t) }</dd>
                    <dt>{ t.disc_confiscated }</dt><dd>{ money(c.confiscated_fen, t) }</dd>
                    if let Some(o) = &c.other_measures { <dt>{ t.disc_other_measures }</dt><dd>{ o.clone() }</dd> }
                    if let Some(tier) = &c.discretion_tier { <dt>{ t.disc_tier }</dt><dd class="mono">{ tier.clone() }</dd> }
                    if let Some(id) = rec.benchmark_id { <dt>{ t.disc_benchmark_used }</dt><dd id="record-benchmark"><BenchmarkUsed {id} /></dd> }
                    if let Some(j) = &c.fine_justification { <dt>{ t.disc_justification }</dt><dd class="prose">{ j.clone() }</dd> }
                    <dt>{ t.disc_execution }</dt><dd>{ (t.execution_status)(c.execution_status) }</dd>
                    <dt>{ t.disc_decision_date }</dt><dd>{ c.decision_date.to_string() }</dd>
                    <dt>{ t.disc_deadline }</dt><dd>{ rec.publication_deadline.to_string() }</dd>
                    <dt>{ t.disc_publication_date }</dt>
                    <dd id="record-published">{ rec.publication_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }</dd>
                    if let Some(w) = &rec.withdrawal_reason { <dt>{ t.disc_withdraw_reason }</dt><dd>{ w.clone() }</dd> }
                    if let Some(o) = &rec.overturned {
                        <dt>{ t.cs.overturned }</dt>
                        <dd id="record-overturned">{ o.note.clone() }{ " " }<Href to="/cases/outcomes">{ t.cs.record_outcomes }</Href></dd>
                    }
                </dl>
                if status.is_public() {
                    <p><Href to={format!("/disclosure/{id}")}>{ t.disc_view_public }</Href></p>
                }
                if editable && *panel == Panel::None {
                    <div class="report-actions" id="record-actions">
                        if status == DisclosureStatus::Draft {
                            <button type="button" class="btn btn-primary" id="record-publish" onclick={open(Panel::Publish)}>{ t.disc_publish }</button>
                            <button type="button" class="btn" id="record-edit" onclick={open(Panel::Edit)}>{ t.disc_edit }</button>
                        } else {
                            <button type="button" class="btn" id="record-correct" onclick={open(Panel::Correct)}>{ t.disc_correct }</button>
                        }
                        <button type="button" class="btn btn-danger" id="record-withdraw" onclick={open(Panel::Withdraw)}>{ t.disc_withdraw }</button>
                    </div>
                }
                if form_mode.is_none() { { form.alert(&[]) } }
                if *panel == Panel::Publish {
                    <form class="inline-form" onsubmit={publish} novalidate=true>
                        <TextField id="publication_date" autofocus=true label={t.disc_publication_date} input_type="date"
                                   value={(*publication_date).clone()} required=true
                                   hint={Some(AttrValue::from((t.disc_deadline_hint)(&rec.publication_deadline.to_string())))}
                                   on_input={let s = publication_date.clone(); Callback::from(move |v| s.set(v))}
                                   error={form.fields().get("publication_date")} />
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-primary" id="publish-confirm" disabled={form.busy()}>{ t.disc_publish_confirm }</button>
                            <button type="button" class="btn" onclick={open(Panel::None)}>{ t.cancel }</button>
                        </div>
                    </form>
                }
                if *panel == Panel::Withdraw {
                    <form class="inline-form" onsubmit={withdraw} novalidate=true>
                        <TextAreaField id="withdraw-reason" autofocus=true label={t.disc_withdraw_reason} required=true
                                       value={(*reason).clone()} hint={Some(AttrValue::Static(t.disc_withdraw_hint))}
                                       on_input={let s = reason.clone(); Callback::from(move |v| s.set(v))}
                                       error={form.fields().get("reason")} />
                        <div class="form-buttons">
                            <button type="submit" class="btn btn-danger" id="withdraw-confirm" disabled={form.busy()}>{ t.disc_withdraw }</button>
                            <button type="button" class="btn" onclick={open(Panel::None)}>{ t.cancel }</button>
                        </div>
                    </form>
                }
            </section>
            if let Some(mode) = form_mode {
                <section class="card" aria-labelledby="edit-title">
                    <h2 id="edit-title" class="card-title">{ if *panel == Panel::Edit { t.disc_edit } else { t.disc_correct } }</h2>
                    <DisclosureForm me={props.me.clone()} {mode} initial={Some(c.clone())} on_saved={saved}
                                    on_cancel={Some({ let p = panel.clone(); Callback::from(move |()| p.set(Panel::None)) })} />
                </section>
            }
            <section class="card" aria-labelledby="revisions-title">
                <h2 id="revisions-title" class="card-title">{ t.disc_revisions }</h2>
                { match revisions.data() {
                    Some(list) if !list.is_empty() => html! {
                        <div class="table-scroll">
                            <table class="data-table" id="revisions">
                                <thead><tr>
                                    <th scope="col">{ t.disc_revision }</th>
                                    <th scope="col">{ t.col_time }</th>
                                    <th scope="col">{ t.disc_party }</th>
                                    <th scope="col">{ t.disc_fine }</th>
                                    <th scope="col">{ t.disc_correct_reason }</th>
                                </tr></thead>
                                <tbody>
                                    { for list.iter().map(|r| html! {
                                        <tr>
                                            <td class="num">{ r.revision }</td>
                                            <td class="nowrap">{ format::local_time(&r.recorded_at) }</td>
                                            <td>{ r.content.party_name.clone() }</td>
                                            <td class="num nowrap">{ money(r.content.fine_fen, t) }</td>
                                            <td>{ r.reason.clone().unwrap_or_else(|| t.disc_first_publication.into()) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    },
                    Some(_) => html! { <p class="muted">{ t.disc_no_revisions }</p> },
                    None => html! { <Loading /> },
                } }
            </section>
            if status.is_public() && can(&props.me, Permission::CaseOutcomesRead) {
                <crate::pages::cases::outcomes::RecordOutcomes me={props.me.clone()}
                    record={crate::pages::cases::outcomes::RecordLink {
                        record_id: rec.id,
                        unit_id: c.issuing_unit_id,
                        document_number: c.document_number.clone(),
                    }} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BenchmarkUsedProps {
    id: Uuid,
}

/// The benchmark version a record's tier and fine were checked against: every fine-range
/// check shows the rule version it used.
#[function_component]
fn BenchmarkUsed(props: &BenchmarkUsedProps) -> Html {
    let t = use_i18n().t();
    let benchmark = crate::hooks::use_benchmark_version(props.id);
    match benchmark.data() {
        Some(b) => html! { { (t.calc_benchmark)(b.version_no, &b.effective_from.to_string()) } },
        None => html! { "…" },
    }
}
