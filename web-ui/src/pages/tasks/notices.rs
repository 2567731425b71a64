//! Supervision notices (督办通知): the unit's inbox with replies, the notices the unit
//! issued with closing, and the form that issues a notice about an overdue milestone.

use api_types::plans::{NewSupervisionNotice, NoticeReply, NoticeStatus, SupervisionNotice};
use api_types::{Page, Permission};
use chrono::Duration;
use uuid::Uuid;
use yew::prelude::*;

use super::{notice_badge, tabs};
use crate::capability::can;
use crate::components::{
    Badge, ErrorPanel, FieldErrors, FormAlert, Href, Loading, PageHeader, TextAreaField, TextField,
    Tone,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct NoticeFormProps {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub milestone_id: Uuid,
    pub milestone_title: String,
    /// Called with `true` once the notice is issued, `false` when cancelled.
    pub on_done: Callback<bool>,
}

/// Issues a supervision notice to a unit about an overdue milestone.
#[function_component]
pub fn NoticeForm(props: &NoticeFormProps) -> Html {
    let t = use_i18n().t();
    let subject = use_state(|| (t.notice_default_subject)(&props.milestone_title));
    let body = use_state(|| (t.notice_default_body)(&props.unit_name, &props.milestone_title));
    let deadline = use_state(|| (format::today_date() + Duration::days(7)).to_string());
    let form = use_submission();

    let onsubmit = {
        let (subject, body, deadline, form) = (
            subject.clone(),
            body.clone(),
            deadline.clone(),
            form.clone(),
        );
        let (unit_id, milestone_id, on_done) =
            (props.unit_id, props.milestone_id, props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(reply_deadline) = deadline.parse() else {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reply_deadline", "required");
                form.reject(f);
                return;
            };
            let request = NewSupervisionNotice {
                unit_id,
                milestone_id: Some(milestone_id),
                item_id: None,
                subject: subject.trim().to_string(),
                body: body.trim().to_string(),
                reply_deadline,
            };
            if let Err(v) = validator::Validate::validate(&request) {
                form.reject(FieldErrors::from_validation(&v, t));
                return;
            }
            let on_done = on_done.clone();
            form.request(async move {
                api::post::<_, SupervisionNotice>("/supervision-notices", &request).await
            })
            .success(t.notice_issued)
            .then(move |_| on_done.emit(true));
        })
    };
    let fields = form.fields();
    html! {
        <form class="inline-form notice-form" {onsubmit} novalidate=true aria-label={t.notice_issue}>
            { form.alert(&["subject", "body", "reply_deadline"]) }
            <TextField id="notice-subject" autofocus=true label={t.notice_subject} value={(*subject).clone()} required=true
                       on_input={let s = subject.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("subject")} />
            <TextAreaField id="notice-body" label={t.notice_body} value={(*body).clone()} required=true
                           on_input={let s = body.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("body")} />
            <TextField id="notice-deadline" label={t.notice_deadline} value={(*deadline).clone()}
                       input_type="date" required=true
                       on_input={let s = deadline.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("reply_deadline")} />
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="notice-submit" disabled={form.busy()}>{ t.notice_send }</button>
                <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
            </div>
        </form>
    }
}

#[function_component]
pub fn NoticesPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let me = props.me.clone();
    let units = use_units();
    let may_issue = can(&me, Permission::NoticesIssue);
    let may_reply = can(&me, Permission::NoticesReply);
    let inbox = use_fetch(me.unit.id, |unit| async move {
        api::get_list::<Page<SupervisionNotice>>(
            "/supervision-notices",
            &[("unit_id", unit.to_string()), ("per_page", "200".into())],
        )
        .await
    });
    let issued = use_fetch((me.unit.id, may_issue), |(unit, may_issue)| async move {
        if !may_issue {
            return Ok(None);
        }
        api::get_list::<Page<SupervisionNotice>>(
            "/supervision-notices",
            &[
                ("issued_by_unit_id", unit.to_string()),
                ("per_page", "200".into()),
            ],
        )
        .await
        .map(Some)
    });
    let lang = use_i18n().lang;
    let list = |notices: &[SupervisionNotice], issued_view: bool, reload: Callback<()>| -> Html {
        if notices.is_empty() {
            return html! { <p class="muted">{ t.notice_none }</p> };
        }
        html! {
            <ol class="notices">
                { for notices.iter().map(|n| html! {
                    <NoticeCard key={n.id.to_string()} notice={n.clone()}
                                unit={unit_name(&units, &n.unit_id, lang)}
                                issuer={unit_name(&units, &n.issued_by_unit_id, lang)}
                                may_reply={!issued_view && may_reply}
                                may_close={issued_view && may_issue}
                                on_changed={reload.clone()} />
                }) }
            </ol>
        }
    };
    let inbox_view = match (inbox.data(), inbox.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(inbox.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(page), None) => list(&page.items, false, inbox.reload.clone()),
    };
    let issued_view = match (issued.data(), issued.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(issued.reload.clone())} /> },
        (Some(page), None) => match page.as_ref() {
            Some(page) => list(&page.items, true, issued.reload.clone()),
            None => html! {},
        },
        (None, None) => html! { <Loading /> },
    };
    html! {
        <>
            <PageHeader title={t.cap_tasks.0} description={Some(AttrValue::Static(t.notice_intro))} />
            { tabs(t) }
            <section class="card" aria-labelledby="inbox-title" id="notice-inbox">
                <h2 id="inbox-title" class="card-title">{ t.notice_inbox }</h2>
                { inbox_view }
            </section>
            if may_issue {
                <section class="card" aria-labelledby="issued-title" id="notice-issued">
                    <h2 id="issued-title" class="card-title">{ t.notice_issued_by_us }</h2>
                    <p class="muted">{ t.notice_issue_hint }</p>
                    { issued_view }
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NoticeCardProps {
    notice: SupervisionNotice,
    unit: String,
    issuer: String,
    may_reply: bool,
    may_close: bool,
    on_changed: Callback<()>,
}

#[function_component]
fn NoticeCard(props: &NoticeCardProps) -> Html {
    let t = use_i18n().t();
    let n = &props.notice;
    let reply = use_state(String::new);
    let form = use_submission();
    let (id, version) = (n.id, n.version);

    let send_reply = {
        let (reply, form, on_changed) = (reply.clone(), form.clone(), props.on_changed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = NoticeReply {
                reply: reply.trim().to_string(),
            };
            if body.reply.is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reply", "required");
                form.reject(f);
                return;
            }
            let on_changed = on_changed.clone();
            let path = format!("/supervision-notices/{id}/reply");
            form.request(async move {
                api::post_versioned::<_, SupervisionNotice>(&path, version, &body).await
            })
            .success(t.notice_replied)
            .then(move |_| on_changed.emit(()));
        })
    };
    let close = {
        let (form, on_changed) = (form.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let on_changed = on_changed.clone();
            let path = format!("/supervision-notices/{id}/close");
            form.request(async move {
                api::post_versioned::<_, SupervisionNotice>(&path, version, &serde_json::json!({}))
                    .await
            })
            .success(t.notice_closed)
            .then(move |_| on_changed.emit(()));
        })
    };
    html! {
        <li class="notice-card" id={format!("notice-{id}")}>
            <div class="report-head">
                <span class="report-unit">{ n.subject.clone() }</span>
                <span class="muted notice-number">{ n.document_number.clone() }</span>
                { notice_badge(n.status, t) }
                if n.reply_overdue {
                    <Badge tone={Tone::Danger} text={t.notice_reply_overdue} />
                }
            </div>
            <dl class="details compact">
                <dt>{ t.notice_to }</dt><dd>{ props.unit.clone() }</dd>
                <dt>{ t.notice_from }</dt><dd>{ props.issuer.clone() }</dd>
                <dt>{ t.notice_deadline }</dt><dd>{ n.reply_deadline.to_string() }</dd>
                <dt>{ t.notice_issued_at }</dt><dd>{ format::local_time(&n.created_at) }</dd>
            </dl>
            <p class="prose">{ n.body.clone() }</p>
            if let Some(r) = &n.reply {
                <div class="alert alert-info notice-reply">
                    <span>{ t.notice_reply_label }{ r.clone() }
                        if let Some(at) = &n.replied_at { <span class="muted">{ format!(" ({})", format::local_time(at)) }</span> }
                    </span>
                </div>
            }
            <p class="notice-links">
                <Href to={format!("/tasks/{}", n.task_id)} class="muted">{ t.notice_view_task }</Href>
                <Href to={format!("/tasks/notices/{id}/print")} class="notice-print">{ t.notice_print }</Href>
            </p>
            if let Some(e) = form.error() {
                if e.field_errors().is_empty() { <FormAlert message={e.message(t)} /> }
            }
            if props.may_reply && n.status == NoticeStatus::Issued {
                <form class="inline-form" onsubmit={send_reply} novalidate=true>
                    <TextAreaField id={format!("notice-reply-{id}")} label={t.notice_reply} required=true
                                   value={(*reply).clone()}
                                   on_input={let s = reply.clone(); Callback::from(move |v| s.set(v))}
                                   error={form.fields().get("reply")} />
                    <button type="submit" class="btn btn-primary btn-small notice-reply-submit" disabled={form.busy()}>{ t.notice_reply_send }</button>
                </form>
            }
            if props.may_close && n.status != NoticeStatus::Closed {
                <div class="report-actions">
                    <button type="button" class="btn btn-small notice-close" disabled={form.busy()}
                            onclick={form.ask()}>{ t.notice_close }</button>
                </div>
            }
            { form.confirm_dialog(t.notice_close, t.notice_close_confirm, t.notice_close, close) }
        </li>
    }
}
