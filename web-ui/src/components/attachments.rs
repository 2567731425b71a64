//! A record's attached files (a progress report's evidence, later case files and
//! application materials): the list with download and withdrawal, and the upload input.
//! One component for every owner; the owner passes its upload path and size limit.

use api_types::attachments::{Attachment, AttachmentStatus, AttachmentWithdrawal};
use api_types::ErrorCode;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{
    use_toaster, Badge, DownloadButton, FieldErrors, FormAlert, TextField, Tone,
};
use crate::format;
use crate::hooks::use_submission;
use crate::i18n::{use_i18n, Texts};
use crate::services::api::{self, ApiError};

/// What the file input accepts (the server decides from the bytes).
pub const ACCEPT: &str =
    ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png";

/// A file that was not taken, and why, in the user's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub name: String,
    pub reason: String,
}

fn megabytes(bytes: usize) -> usize {
    bytes / (1024 * 1024)
}

/// `n` bytes as staff read them: `350 KB`, `1.2 MB`.
pub fn size_text(n: i64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

/// Why the server refused an upload.
pub fn failure_reason(err: &ApiError, max_bytes: usize, t: &'static Texts) -> String {
    match err.code() {
        Some(ErrorCode::UnsupportedMediaType) => t.attach_wrong_type.into(),
        Some(ErrorCode::PayloadTooLarge) => (t.attach_too_large)(megabytes(max_bytes)),
        Some(ErrorCode::InvalidState) => t.attach_locked.into(),
        _ => err.message(t),
    }
}

/// The files chosen in the input `input` (and clears it, so the same file can be chosen
/// again).
pub fn take_files(input: &HtmlInputElement) -> Vec<web_sys::File> {
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Uploads `files` to `path` one after another; returns those not taken. A file above
/// `max_bytes` is not sent at all.
pub async fn upload_all(
    path: &str,
    files: Vec<web_sys::File>,
    max_bytes: usize,
    t: &'static Texts,
) -> (usize, Vec<Failure>) {
    let mut failures = Vec::new();
    let mut uploaded = 0;
    for file in files {
        let name = file.name();
        if file.size() > max_bytes as f64 {
            failures.push(Failure {
                name,
                reason: (t.attach_too_large)(megabytes(max_bytes)),
            });
            continue;
        }
        match api::post_attachment::<Attachment>(path, &file).await {
            Ok(_) => uploaded += 1,
            Err(err) => failures.push(Failure {
                name,
                reason: failure_reason(&err, max_bytes, t),
            }),
        }
    }
    (uploaded, failures)
}

/// The list of files that were not uploaded, with their reasons.
pub fn failure_list(id: String, heading: &'static str, failures: &[Failure]) -> Html {
    if failures.is_empty() {
        return html! {};
    }
    html! {
        <div class="alert alert-error attachment-failures" id={id} role="alert">
            <p>{ heading }</p>
            <ul>
                { for failures.iter().map(|f| html! {
                    <li><strong>{ f.name.clone() }</strong>{ "：" }{ f.reason.clone() }</li>
                }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AttachmentsProps {
    /// Element id of the section (the browser tests find it by this).
    pub id: AttrValue,
    /// Element id of the file input (by default the section's id with `-input`).
    #[prop_or_default]
    pub input_id: Option<AttrValue>,
    pub files: Vec<Attachment>,
    /// The owner's upload path (`/progress-reports/{id}/attachments`) when the user may
    /// attach files now.
    #[prop_or_default]
    pub upload_path: Option<String>,
    /// The user may withdraw files now.
    #[prop_or_default]
    pub may_withdraw: bool,
    pub max_bytes: usize,
    /// Files were added or withdrawn: reload the owner.
    pub on_changed: Callback<()>,
}

#[function_component]
pub fn Attachments(props: &AttachmentsProps) -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let uploading = use_submission();
    let failures = use_state(Vec::<Failure>::new);
    let withdrawing = use_state(|| None::<Uuid>);
    let reason = use_state(String::new);
    let withdrawal = use_submission();
    let max = props.max_bytes;

    let on_files = {
        let (uploading, failures, on_changed, toaster) = (
            uploading.clone(),
            failures.clone(),
            props.on_changed.clone(),
            toaster.clone(),
        );
        let path = props.upload_path.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(path) = path.clone() else { return };
            let files = take_files(&input);
            if files.is_empty() {
                return;
            }
            failures.set(Vec::new());
            let (failures, on_changed, toaster) =
                (failures.clone(), on_changed.clone(), toaster.clone());
            uploading
                .request(async move { Ok::<_, ApiError>(upload_all(&path, files, max, t).await) })
                .then(move |(uploaded, failed)| {
                    if uploaded > 0 {
                        toaster.success((t.attach_uploaded)(uploaded));
                        on_changed.emit(());
                    }
                    failures.set(failed);
                });
        })
    };

    let on_withdraw = |file: &Attachment| {
        let (id, version) = (file.id, file.version);
        let (withdrawal, reason, withdrawing, on_changed) = (
            withdrawal.clone(),
            reason.clone(),
            withdrawing.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = reason.trim().to_string();
            if text.is_empty() {
                let mut missing = FieldErrors::default();
                missing.insert_code(t, "reason", "required");
                withdrawal.reject(missing);
                return;
            }
            let (withdrawing, on_changed) = (withdrawing.clone(), on_changed.clone());
            let path = format!("/attachments/{id}/withdraw");
            let body = AttachmentWithdrawal { reason: text };
            let stale_reload = on_changed.clone();
            withdrawal
                .request(async move {
                    let answer = api::post_versioned::<_, Attachment>(&path, version, &body).await;
                    // Someone changed the file or the report meanwhile: show what is
                    // current (the error stays shown above the form).
                    if let Err(e) = &answer {
                        if matches!(
                            e.code(),
                            Some(ErrorCode::PreconditionFailed | ErrorCode::InvalidState)
                        ) {
                            stale_reload.emit(());
                        }
                    }
                    answer
                })
                .success(t.attach_withdrawn_done)
                .then(move |_| {
                    withdrawing.set(None);
                    on_changed.emit(());
                });
        })
    };
    let open_withdraw = |id: Uuid| {
        let (withdrawing, reason, withdrawal) =
            (withdrawing.clone(), reason.clone(), withdrawal.clone());
        Callback::from(move |_: MouseEvent| {
            withdrawal.reset();
            reason.set(String::new());
            withdrawing.set(Some(id));
        })
    };
    let cancel_withdraw = {
        let withdrawing = withdrawing.clone();
        Callback::from(move |_: MouseEvent| withdrawing.set(None))
    };

    if props.files.is_empty() && props.upload_path.is_none() {
        return html! {};
    }
    let input_id = props
        .input_id
        .as_ref()
        .map(|id| id.to_string())
        .unwrap_or_else(|| format!("{}-input", props.id));
    html! {
        <section class="attachments" id={props.id.clone()} aria-label={t.attach_title}>
            <h3 class="attachments-title">{ t.attach_title }</h3>
            if props.files.is_empty() {
                <p class="muted attachments-none">{ t.attach_none }</p>
            } else {
                <ul class="attachment-list">
                    { for props.files.iter().map(|file| {
                        let withdrawn = file.status == AttachmentStatus::Withdrawn;
                        html! {
                            <li class={classes!("attachment", withdrawn.then_some("attachment-withdrawn"))}
                                data-status={file.status.as_str()} data-name={file.file_name.clone()}>
                                <span class="attachment-type">{ file.file_type.label() }</span>
                                <span class="attachment-name">{ file.file_name.clone() }</span>
                                <span class="muted attachment-size">{ size_text(file.byte_size) }</span>
                                <span class="muted attachment-by">
                                    { (t.attach_uploaded_by)(&file.uploaded_by_name, &format::local_time(&file.uploaded_at)) }
                                </span>
                                if withdrawn {
                                    <Badge tone={Tone::Warning} text={t.attach_withdrawn} />
                                    <span class="attachment-reason">
                                        { (t.attach_withdrawn_by)(
                                            file.withdrawn_by_name.as_deref().unwrap_or(""),
                                            file.withdrawal_reason.as_deref().unwrap_or(""),
                                        ) }
                                    </span>
                                }
                                <span class="attachment-actions">
                                    <DownloadButton id={format!("download-{}", file.id)}
                                                    class={classes!("btn", "btn-small", "attachment-download")}
                                                    path={file.download_url.trim_start_matches(api::BASE).to_string()}
                                                    name={file.file_name.clone()} file_name={Some(AttrValue::from(file.file_name.clone()))}
                                                    label={Some(AttrValue::Static(t.attach_download))} />
                                    if props.may_withdraw && !withdrawn && *withdrawing != Some(file.id) {
                                        <button type="button" class="btn btn-small attachment-withdraw"
                                                onclick={open_withdraw(file.id)}>{ t.attach_withdraw }</button>
                                    }
                                </span>
                                if *withdrawing == Some(file.id) {
                                    <form class="inline-form attachment-withdraw-form" onsubmit={on_withdraw(file)} novalidate=true>
                                        { match withdrawal.error() {
                                            Some(e) if e.field_errors().is_empty() => html! { <FormAlert message={e.message(t)} /> },
                                            _ => html! {},
                                        } }
                                        <p class="muted">{ t.attach_withdraw_hint }</p>
                                        <TextField id={format!("withdraw-reason-{}", file.id)} autofocus=true
                                                   label={t.attach_withdraw_reason} value={(*reason).clone()} required=true
                                                   on_input={let s = reason.clone(); Callback::from(move |v| s.set(v))}
                                                   error={withdrawal.fields().get("reason")} />
                                        <div class="form-buttons">
                                            <button type="submit" class="btn btn-danger attachment-withdraw-confirm"
                                                    disabled={withdrawal.busy()}>{ t.attach_withdraw_confirm }</button>
                                            <button type="button" class="btn" onclick={cancel_withdraw.clone()}>{ t.cancel }</button>
                                        </div>
                                    </form>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if props.upload_path.is_some() {
                <div class="field attachment-upload">
                    <label for={input_id.clone()}>
                        { if uploading.busy() { t.saving } else { t.attach_choose } }
                    </label>
                    <input type="file" id={input_id.clone()} multiple=true
                           accept={ACCEPT} onchange={on_files} disabled={uploading.busy()}
                           aria-describedby={format!("{input_id}-hint")} />
                    <p class="field-hint" id={format!("{input_id}-hint")}>{ (t.attach_hint)(megabytes(max)) }</p>
                </div>
            }
            { failure_list(format!("{}-failures", props.id), t.attach_failed, &failures) }
        </section>
    }
}
