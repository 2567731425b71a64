//! What an organiser does with a session: edit a draft, preview a draw of its paper,
//! publish it (after a confirmation), cancel it with a reason, prepare its make-up.

use std::rc::Rc;

use api_types::quizzes::{NewMakeup, PaperPreview, QuizCancellation, QuizSession, QuizStatus};
use chrono::Duration;
use yew::prelude::*;

use super::preview::PreviewView;
use crate::components::{push_path, FieldErrors, Href, TextAreaField, TextField};
use crate::format;
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Panel {
    None,
    Cancel,
    Makeup,
}

#[derive(Properties, PartialEq)]
pub struct SessionActionsProps {
    pub session: Rc<QuizSession>,
    pub on_changed: Callback<()>,
}

#[function_component]
pub fn SessionActions(props: &SessionActionsProps) -> Html {
    let t = use_i18n().t();
    let s = &props.session;
    let (id, version) = (s.id, s.version);
    let panel = use_state(|| Panel::None);
    let preview = use_state(|| None::<PaperPreview>);
    let reason = use_state(String::new);
    let after = s.content.closes_at;
    let opens = use_state(|| format::bureau_input(&after));
    let closes = use_state(|| format::bureau_input(&(after + Duration::days(7))));
    let previewing = use_submission();
    let publishing = use_submission();
    let form = use_submission();

    let load_preview = {
        let (previewing, preview) = (previewing.clone(), preview.clone());
        Callback::from(move |_: MouseEvent| {
            let preview = preview.clone();
            let path = format!("/quiz-sessions/{id}/preview");
            previewing
                .request(async move { api::get::<PaperPreview>(&path).await })
                .then(move |p| preview.set(Some(p)));
        })
    };
    let publish = {
        let (publishing, on_changed) = (publishing.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let on_changed = on_changed.clone();
            let path = format!("/quiz-sessions/{id}/publish");
            publishing
                .request(
                    async move { api::post_versioned::<_, QuizSession>(&path, version, &()).await },
                )
                .success(t.qz_published)
                .then(move |_| on_changed.emit(()));
        })
    };
    let cancel = {
        let (form, reason, on_changed, panel) = (
            form.clone(),
            reason.clone(),
            props.on_changed.clone(),
            panel.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if reason.trim().is_empty() {
                let mut f = FieldErrors::default();
                f.insert_code(t, "reason", "required");
                return form.reject(f);
            }
            let body = QuizCancellation {
                reason: reason.trim().to_string(),
            };
            let (on_changed, panel) = (on_changed.clone(), panel.clone());
            let path = format!("/quiz-sessions/{id}/cancel");
            form.request(async move {
                api::post_versioned::<_, QuizSession>(&path, version, &body).await
            })
            .success(t.qz_cancelled)
            .then(move |_| {
                panel.set(Panel::None);
                on_changed.emit(());
            });
        })
    };
    let makeup = {
        let (form, opens, closes) = (form.clone(), opens.clone(), closes.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(opens_at), Some(closes_at)) = (
                format::parse_bureau_input(&opens),
                format::parse_bureau_input(&closes),
            ) else {
                let mut f = FieldErrors::default();
                f.insert("opens_at", t.qz_datetime_needed);
                return form.reject(f);
            };
            let body = NewMakeup {
                opens_at,
                closes_at,
            };
            let path = format!("/quiz-sessions/{id}/makeup");
            form.request(async move { api::post::<_, QuizSession>(&path, &body).await })
                .success(t.qz_makeup_created)
                .leaving()
                .then(|m| push_path(&format!("/quizzes/sessions/{}", m.id)));
        })
    };
    let open = |which: Panel| {
        let (panel, form) = (panel.clone(), form.clone());
        Callback::from(move |_: MouseEvent| {
            form.reset();
            panel.set(if *panel == which { Panel::None } else { which });
        })
    };
    let draft = s.status == QuizStatus::Draft;
    let published = s.status == QuizStatus::Published;
    html! {
        <div class="session-actions">
            <div class="form-buttons">
                if draft {
                    <Href to={format!("/quizzes/sessions/{id}/edit")} class="btn" id="session-edit">{ t.edit }</Href>
                    <button type="button" class="btn" id="session-preview" disabled={previewing.busy()}
                            onclick={load_preview}>{ t.qz_preview }</button>
                    <button type="button" class="btn btn-primary" id="session-publish" disabled={publishing.busy()}
                            onclick={publishing.ask()}>{ t.qz_publish }</button>
                }
                if published && s.makeup_of.is_none() {
                    <button type="button" class="btn" id="session-makeup" onclick={open(Panel::Makeup)}>{ t.qz_makeup }</button>
                }
                if draft || published {
                    <button type="button" class="btn btn-danger" id="session-cancel" onclick={open(Panel::Cancel)}>{ t.qz_cancel_session }</button>
                }
            </div>
            { previewing.alert(&[]) }
            { publishing.alert(&["audience", "closes_at"]) }
            if let Some(e) = publishing.fields().get("audience").or_else(|| publishing.fields().get("closes_at")) {
                <p class="field-error" id="publish-error">{ e }</p>
            }
            { publishing.confirm_dialog(t.qz_publish_title, t.qz_publish_body, t.qz_publish, publish) }
            if *panel == Panel::Cancel {
                <form class="inline-form" id="cancel-form" onsubmit={cancel} novalidate=true>
                    <TextAreaField id="cancel-reason" label={t.qz_cancel_reason} value={(*reason).clone()} required=true
                                   error={form.fields().get("reason")}
                                   on_input={let r = reason.clone(); Callback::from(move |v| r.set(v))} />
                    { form.alert(&["reason"]) }
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-danger" id="cancel-confirm" disabled={form.busy()}>{ t.qz_cancel_session }</button>
                    </div>
                </form>
            }
            if *panel == Panel::Makeup {
                <form class="inline-form" id="makeup-form" onsubmit={makeup} novalidate=true>
                    <p class="field-hint">{ t.qz_makeup_hint }</p>
                    <div class="field-row">
                        <TextField id="makeup-opens" label={t.qz_opens_at} input_type="datetime-local" value={(*opens).clone()}
                                   hint={Some(AttrValue::Static(t.qz_bureau_time))} error={form.fields().get("opens_at")}
                                   on_input={let s = opens.clone(); Callback::from(move |v| s.set(v))} />
                        <TextField id="makeup-closes" label={t.qz_closes_at} input_type="datetime-local" value={(*closes).clone()}
                                   hint={Some(AttrValue::Static(t.qz_bureau_time))} error={form.fields().get("closes_at")}
                                   on_input={let s = closes.clone(); Callback::from(move |v| s.set(v))} />
                    </div>
                    { form.alert(&["opens_at", "closes_at"]) }
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-primary" id="makeup-create" disabled={form.busy()}>{ t.qz_makeup_create }</button>
                    </div>
                </form>
            }
            if let Some(p) = &*preview {
                <PreviewView preview={p.clone()} />
            }
        </div>
    }
}
