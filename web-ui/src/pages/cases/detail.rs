//! `/cases/:id`: one typical case. Its unit edits, attaches files, submits or withdraws
//! it; 政策法规科 returns it with a comment, or checks the masked text the server
//! proposes, corrects it where needed and accepts it.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::cases::{
    CaseAcceptance, CaseReturn, CaseStatus, CaseSubmission, CaseText, RedactionProposal,
};
use api_types::Permission;
use validator::Validate;
use yew::prelude::*;

use super::{case_badge, tabs};
use crate::capability::can;
use crate::components::{
    Attachments, ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct CaseProps {
    pub me: Rc<Me>,
    pub id: String,
}

fn text_view(t: &'static Texts, text: &CaseText, id: &'static str) -> Html {
    html! {
        <div class="case-text" {id}>
            <h3>{ text.title.clone() }</h3>
            <p><strong>{ t.cs.h_keywords }</strong>{ text.keywords.join("、") }</p>
            <h4>{ t.cs.h_facts }</h4><p class="pre">{ text.facts.clone() }</p>
            <h4>{ t.cs.h_handling }</h4><p class="pre">{ text.handling.clone() }</p>
            <h4>{ t.cs.h_basis }</h4><p class="pre">{ text.legal_basis.clone() }</p>
            <h4>{ t.cs.h_significance }</h4><p class="pre">{ text.significance.clone() }</p>
        </div>
    }
}

#[function_component]
pub fn CasePage(props: &CaseProps) -> Html {
    let t = use_i18n().t();
    let case = use_fetch(props.id.clone(), |id| async move {
        api::get::<CaseSubmission>(&format!("/case-submissions/{id}")).await
    });
    let body = match (case.data(), case.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(case.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(c), None) => {
            let submits = can(&props.me, Permission::CasesSubmit);
            let reviews = can(&props.me, Permission::CasesReview);
            let open = matches!(c.status, CaseStatus::Draft | CaseStatus::Returned);
            html! {
                <>
                    <section class="card" aria-labelledby="case-title">
                        <h2 class="card-title" id="case-title">{ c.content.text.title.clone() }{ " " }{ case_badge(c.status, t) }</h2>
                        <p class="muted">{ format!("{}　{}　{}", c.unit_name, c.content.quarter,
                            c.submitted_at.map(|at| format::local_time(&at)).unwrap_or_default()) }</p>
                        if let Some(comment) = &c.review_comment {
                            <p class="notice" id="case-comment">{ format!("{}：{}", t.cs.review_comment, comment) }</p>
                        }
                        if let Some(reviewer) = &c.reviewed_by_name {
                            <p class="muted">{ format!("{}：{}　{}", t.cs.reviewer, reviewer,
                                c.reviewed_at.map(|at| format::local_time(&at)).unwrap_or_default()) }</p>
                        }
                        if let Some(bulletin) = c.bulletin_id {
                            <p><Href to={format!("/cases/bulletins/{bulletin}")}>{ t.cs.in_bulletin }</Href></p>
                        }
                        if let Some(published) = &c.published_text {
                            <h3>{ t.cs.published_text }</h3>
                            { text_view(t, published, "case-published-text") }
                            <h3>{ t.cs.original_private }</h3>
                        }
                        { text_view(t, &c.content.text, "case-text") }
                        <h3>{ t.cs.files }</h3>
                        <Attachments id="case-files" files={c.attachments.clone()}
                                     upload_path={(open && submits).then(|| format!("/case-submissions/{}/attachments", c.id))}
                                     max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                                     on_changed={case.reload.clone()} />
                        if open && submits {
                            <UnitSteps case={Rc::new((*c).clone())} on_changed={case.reload.clone()} />
                        }
                    </section>
                    if reviews && c.status == CaseStatus::Submitted {
                        <Review case={Rc::new((*c).clone())} on_changed={case.reload.clone()} />
                    }
                </>
            }
        }
    };
    html! {
        <>
            <PageHeader title={t.cap_cases.0} description={Some(AttrValue::Static(t.cs.intro))} />
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct StepProps {
    case: Rc<CaseSubmission>,
    on_changed: Callback<()>,
}

/// The unit's steps on a draft or returned case: edit, submit, withdraw.
#[function_component]
fn UnitSteps(props: &StepProps) -> Html {
    let t = use_i18n().t();
    let (id, version) = (props.case.id, props.case.version);
    let submitting = use_submission();
    let withdrawing = use_submission();
    let reason = use_state(String::new);
    let submit = {
        let (submitting, on_changed) = (submitting.clone(), props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            let on_changed = on_changed.clone();
            submitting
                .request(async move {
                    api::post_versioned::<_, CaseSubmission>(
                        &format!("/case-submissions/{id}/submit"),
                        version,
                        &(),
                    )
                    .await
                })
                .success(t.cs.submitted)
                .then(move |_| on_changed.emit(()));
        })
    };
    let withdraw = {
        let (withdrawing, reason, on_changed) = (
            withdrawing.clone(),
            reason.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = CaseReturn {
                comment: reason.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return withdrawing.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            withdrawing
                .request(async move {
                    api::post_versioned::<_, CaseSubmission>(
                        &format!("/case-submissions/{id}/withdraw"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.cs.withdrawn)
                .then(move |_| on_changed.emit(()));
        })
    };
    html! {
        <div class="actions" id="case-unit-steps">
            <Href to={format!("/cases/{id}/edit")} class={classes!("btn")} id={Some(AttrValue::Static("case-edit"))}>{ t.cs.edit }</Href>
            <button class="btn btn-primary" id="case-submit" onclick={submit} disabled={submitting.busy()}>{ t.cs.submit }</button>
            { submitting.alert(&[]) }
            { submitting.fields().get("quarter").map(|e| html! { <p class="field-error" id="case-submit-error">{ e }</p> }).unwrap_or_default() }
            <form class="inline-form" id="case-withdraw" onsubmit={withdraw} novalidate=true>
                <TextField id="case-withdraw-reason" label={t.cs.withdraw_reason} value={(*reason).clone()}
                           error={withdrawing.fields().get("comment")}
                           on_input={let r = reason.clone(); Callback::from(move |v| r.set(v))} />
                { withdrawing.alert(&["comment"]) }
                <button type="submit" class="btn" disabled={withdrawing.busy()}>{ t.cs.withdraw }</button>
            </form>
        </div>
    }
}

/// 政策法规科's review: return with a comment, or confirm the masked text and accept.
#[function_component]
fn Review(props: &StepProps) -> Html {
    let t = use_i18n().t();
    let (id, version) = (props.case.id, props.case.version);
    let proposal = use_fetch(id, |id| async move {
        api::get::<RedactionProposal>(&format!("/case-submissions/{id}/redaction")).await
    });
    let returning = use_submission();
    let accepting = use_submission();
    let comment = use_state(String::new);
    let text = use_state(|| None::<CaseText>);
    if let (Some(p), None) = (proposal.data(), &*text) {
        text.set(Some(p.text.clone()));
    }
    let give_back = {
        let (returning, comment, on_changed) =
            (returning.clone(), comment.clone(), props.on_changed.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = CaseReturn {
                comment: comment.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return returning.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            returning
                .request(async move {
                    api::post_versioned::<_, CaseSubmission>(
                        &format!("/case-submissions/{id}/return"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.cs.returned)
                .then(move |_| on_changed.emit(()));
        })
    };
    let accept = {
        let (accepting, text, on_changed) =
            (accepting.clone(), text.clone(), props.on_changed.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(current) = (*text).clone() else {
                return;
            };
            let body = CaseAcceptance { text: current };
            if let Err(v) = body.validate() {
                return accepting.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            accepting
                .request(async move {
                    api::post_versioned::<_, CaseSubmission>(
                        &format!("/case-submissions/{id}/accept"),
                        version,
                        &body,
                    )
                    .await
                })
                .success(t.cs.accepted)
                .then(move |_| on_changed.emit(()));
        })
    };
    let edit = |f: fn(&mut CaseText, String)| {
        let text = text.clone();
        Callback::from(move |v: String| {
            if let Some(mut next) = (*text).clone() {
                f(&mut next, v);
                text.set(Some(next));
            }
        })
    };
    let fields = accepting.fields();
    let redaction = match (proposal.data(), proposal.error(), &*text) {
        (_, Some(error), _) => {
            html! { <ErrorPanel {error} on_retry={Some(proposal.reload.clone())} /> }
        }
        (Some(p), None, Some(x)) => html! {
            <form class="form-grid" id="case-accept" onsubmit={accept} novalidate=true>
                <h3>{ t.cs.redaction_title }</h3>
                <p class="muted">{ t.cs.redaction_hint }</p>
                <p id="case-masked">{ (t.cs.masked_names)(&p.masked_names, p.masked_id_numbers) }</p>
                <TextField id="redact-title" label={t.cs.title} value={x.title.clone()}
                           error={fields.get("text.title")} on_input={edit(|x, v| x.title = v)} />
                <TextField id="redact-keywords" label={t.cs.keywords} value={x.keywords.join("、")}
                           error={fields.get("text.keywords[0]")}
                           on_input={edit(|x, v| x.keywords = v.split(['、', ',', '，']).map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect())} />
                <TextAreaField id="redact-facts" label={t.cs.facts} value={x.facts.clone()} rows={6}
                               error={fields.get("text.facts")} on_input={edit(|x, v| x.facts = v)} />
                <TextAreaField id="redact-handling" label={t.cs.handling} value={x.handling.clone()} rows={4}
                               error={fields.get("text.handling")} on_input={edit(|x, v| x.handling = v)} />
                <TextAreaField id="redact-basis" label={t.cs.legal_basis} value={x.legal_basis.clone()} rows={3}
                               error={fields.get("text.legal_basis")} on_input={edit(|x, v| x.legal_basis = v)} />
                <TextAreaField id="redact-significance" label={t.cs.significance} value={x.significance.clone()} rows={4}
                               error={fields.get("text.significance")} on_input={edit(|x, v| x.significance = v)} />
                { accepting.alert(&["text.title", "text.keywords[0]", "text.facts", "text.handling", "text.legal_basis", "text.significance"]) }
                <button type="submit" class="btn btn-primary" id="case-accept-button" disabled={accepting.busy()}>{ t.cs.accept }</button>
            </form>
        },
        _ => html! { <Loading /> },
    };
    html! {
        <section class="card" aria-labelledby="case-review-title">
            <h2 class="card-title" id="case-review-title">{ t.cs.review_comment }</h2>
            <form class="inline-form" id="case-return" onsubmit={give_back} novalidate=true>
                <TextField id="case-return-comment" label={t.cs.return_comment} value={(*comment).clone()}
                           error={returning.fields().get("comment")}
                           on_input={let c = comment.clone(); Callback::from(move |v| c.set(v))} />
                { returning.alert(&["comment"]) }
                <button type="submit" class="btn" id="case-return-button" disabled={returning.busy()}>{ t.cs.return_case }</button>
            </form>
            { redaction }
        </section>
    }
}
