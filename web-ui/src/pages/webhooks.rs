//! Webhooks (`/webhooks`): other systems subscribe to events of the audit trail. An
//! administrator adds a receiver (its signing secret is shown once), sends it a test
//! event, pauses or resumes it, reads the delivery log and sends a delivery again.

use api_types::webhooks::{
    DeliveryStatus, NewWebhookSubscription, WebhookDelivery, WebhookDeliveryDetail,
    WebhookSubscription, WebhookSubscriptionPatch, WebhookSubscriptionWithSecret,
};
use api_types::{Page, Permission};
use yew::prelude::*;

use crate::capability::can;
use crate::components::{
    use_toaster, Badge, Column, CopyButton, DataTable, PageHeader, TextField, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_list, use_submission, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

fn delivery_badge(status: DeliveryStatus, t: &Texts) -> Html {
    let (tone, text) = match status {
        DeliveryStatus::Pending => (Tone::Warning, t.wh_pending),
        DeliveryStatus::Delivering => (Tone::Info, t.wh_delivering),
        DeliveryStatus::Delivered => (Tone::Success, t.wh_delivered),
        DeliveryStatus::Failed => (Tone::Danger, t.wh_failed),
    };
    html! { <Badge {tone} {text} /> }
}

/// Event types as typed: separated by commas, spaces or new lines.
fn event_types(text: &str) -> Vec<String> {
    text.split([',', '，', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[function_component]
pub fn WebhooksPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let list_state = use_state(|| ListState::new(20));
    let list = use_list::<WebhookSubscription>(
        "/webhook-subscriptions",
        (*list_state).clone(),
        Vec::new(),
    );
    let url = use_state(String::new);
    let description = use_state(String::new);
    let types = use_state(|| "*".to_string());
    let issued = use_state(|| None::<WebhookSubscriptionWithSecret>);
    let chosen = use_state(|| None::<WebhookSubscription>);
    let form = use_submission();
    let action = use_submission();
    if !can(&props.me, Permission::WebhooksManage) {
        return forbidden();
    }

    let onsubmit = {
        let (url, description, types, issued, form, reload) = (
            url.clone(),
            description.clone(),
            types.clone(),
            issued.clone(),
            form.clone(),
            list.reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = NewWebhookSubscription {
                url: url.trim().to_string(),
                description: Some(description.trim().to_string()).filter(|d| !d.is_empty()),
                event_types: event_types(&types),
            };
            let (issued, reload, url, description, types) = (
                issued.clone(),
                reload.clone(),
                url.clone(),
                description.clone(),
                types.clone(),
            );
            form.request(async move {
                api::post::<_, WebhookSubscriptionWithSecret>("/webhook-subscriptions", &body).await
            })
            .success(t.wh_created)
            .then(move |created| {
                issued.set(Some(created));
                url.set(String::new());
                description.set(String::new());
                types.set("*".to_string());
                reload.emit(());
            });
        })
    };

    let test = {
        let (action, toaster) = (action.clone(), toaster.clone());
        move |sub: &WebhookSubscription| {
            let (action, toaster, id) = (action.clone(), toaster.clone(), sub.id);
            Callback::from(move |_: MouseEvent| {
                let toaster = toaster.clone();
                action
                    .request(async move {
                        api::post::<_, WebhookDeliveryDetail>(
                            &format!("/webhook-subscriptions/{id}/test"),
                            &serde_json::json!({}),
                        )
                        .await
                    })
                    .errors_as_toast()
                    .then(move |detail| {
                        let answer = detail.attempts.last().and_then(|a| a.status_code);
                        match (detail.delivery.status, answer) {
                            (DeliveryStatus::Delivered, Some(code)) => {
                                toaster.success((t.wh_test_ok)(code))
                            }
                            (_, Some(code)) => toaster.error((t.wh_test_status)(code)),
                            _ => toaster.error((t.wh_test_failed)(
                                &detail.delivery.last_error.clone().unwrap_or_default(),
                            )),
                        }
                    });
            })
        }
    };
    let toggle = {
        let (action, reload) = (action.clone(), list.reload.clone());
        move |sub: &WebhookSubscription| {
            let (action, reload, id, version, active) = (
                action.clone(),
                reload.clone(),
                sub.id,
                sub.version,
                sub.active,
            );
            Callback::from(move |_: MouseEvent| {
                let body = WebhookSubscriptionPatch {
                    active: Some(!active),
                    ..WebhookSubscriptionPatch::default()
                };
                let reload = reload.clone();
                action
                    .request(async move {
                        api::patch::<_, WebhookSubscription>(
                            &format!("/webhook-subscriptions/{id}"),
                            version,
                            &body,
                        )
                        .await
                    })
                    .errors_as_toast()
                    .then(move |_| reload.emit(()));
            })
        }
    };

    let columns = vec![
        Column::new(t.wh_url, |s: &WebhookSubscription| {
            html! {
                <>
                    <span class="cell-main"><code>{ s.url.clone() }</code></span>
                    if let Some(d) = &s.description { <span class="cell-sub">{ d.clone() }</span> }
                </>
            }
        }),
        Column::new(
            t.wh_events,
            |s: &WebhookSubscription| html! { <code>{ s.event_types.join(", ") }</code> },
        ),
        Column::new(t.col_status, move |s: &WebhookSubscription| {
            html! {
                <>
                    if s.active { <Badge tone={Tone::Success} text={t.status_active} /> }
                    else { <Badge tone={Tone::Danger} text={t.status_inactive} /> }
                    if let Some(reason) = &s.disabled_reason { <span class="cell-sub">{ reason.clone() }</span> }
                </>
            }
        }),
        Column::new(t.col_actions, {
            let (test, toggle, chosen, busy) =
                (test.clone(), toggle.clone(), chosen.clone(), action.busy());
            move |s: &WebhookSubscription| {
                let choose = {
                    let (chosen, s) = (chosen.clone(), s.clone());
                    Callback::from(move |_: MouseEvent| chosen.set(Some(s.clone())))
                };
                html! {
                    <span class="row-actions">
                        <button type="button" class="btn btn-small wh-test" disabled={busy} onclick={test(s)}>{ t.wh_test }</button>
                        <button type="button" class="btn btn-small wh-toggle" disabled={busy} onclick={toggle(s)}>
                            { if s.active { t.wh_pause } else { t.wh_resume } }
                        </button>
                        <button type="button" class="btn btn-small wh-log" onclick={choose}>{ t.wh_log }</button>
                    </span>
                }
            }
        }),
    ];

    html! {
        <>
            <PageHeader title={t.cap_webhooks.0} description={Some(AttrValue::Static(t.cap_webhooks.1))} />
            if let Some(created) = &*issued {
                <section class="card secret-once" id="wh-secret">
                    <h2 class="card-title">{ t.wh_secret_title }</h2>
                    <p class="alert alert-warning">{ t.wh_secret_once }</p>
                    <p><code id="wh-secret-value">{ created.secret.clone().unwrap_or_default() }</code>{ " " }
                        <CopyButton id={Some(AttrValue::Static("wh-copy-secret"))} text={created.secret.clone().unwrap_or_default()} /></p>
                    <button type="button" class="btn btn-primary" id="wh-secret-done"
                            onclick={let issued = issued.clone(); Callback::from(move |_| issued.set(None))}>{ t.sa_secret_done }</button>
                </section>
            }
            <section class="card" aria-labelledby="wh-new-title">
                <h2 id="wh-new-title" class="card-title">{ t.wh_new }</h2>
                <form class="inline-form" id="wh-form" {onsubmit} novalidate=true>
                    { form.alert_with_id(Some("wh-alert"), &["url", "description", "event_types"]) }
                    <TextField id="wh-url" label={t.wh_url} value={(*url).clone()} required=true
                               placeholder={Some(AttrValue::Static("https://"))}
                               hint={Some(AttrValue::Static(t.wh_url_hint))}
                               on_input={let s = url.clone(); Callback::from(move |v| s.set(v))}
                               error={form.fields().get("url")} />
                    <TextField id="wh-description" label={t.sa_description} value={(*description).clone()}
                               on_input={let s = description.clone(); Callback::from(move |v| s.set(v))}
                               error={form.fields().get("description")} />
                    <TextField id="wh-events" label={t.wh_events} value={(*types).clone()} required=true
                               hint={Some(AttrValue::Static(t.wh_events_hint))}
                               on_input={let s = types.clone(); Callback::from(move |v| s.set(v))}
                               error={form.fields().get("event_types").or_else(|| form.fields().get("event_types[0]"))} />
                    <div class="form-buttons">
                        <button type="submit" class="btn btn-primary" id="wh-save" disabled={form.busy()}>{ t.wh_save }</button>
                    </div>
                </form>
            </section>
            <section class="card" aria-labelledby="wh-list-title">
                <h2 id="wh-list-title" class="card-title">{ t.wh_list }</h2>
                <DataTable<WebhookSubscription> id="wh-table" caption={t.wh_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()} />
            </section>
            if let Some(sub) = &*chosen {
                <DeliveryLog subscription={sub.clone()} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DeliveryLogProps {
    subscription: WebhookSubscription,
}

/// The deliveries of one subscription, newest first, each one sendable again.
#[function_component]
fn DeliveryLog(props: &DeliveryLogProps) -> Html {
    let t = use_i18n().t();
    let list_state = use_state(|| ListState::new(20));
    let list = use_fetch(
        ((*list_state).clone(), props.subscription.id),
        |(state, id)| async move {
            api::get_list::<Page<WebhookDelivery>>(
                &format!("/webhook-subscriptions/{id}/deliveries"),
                &state.query(),
            )
            .await
        },
    );
    let action = use_submission();
    let columns = vec![
        Column::new(
            t.wh_when,
            |d: &WebhookDelivery| html! { format::local_time(&d.created_at) },
        )
        .class("nowrap"),
        Column::new(
            t.wh_event,
            |d: &WebhookDelivery| html! { <code>{ d.event_type.clone() }</code> },
        ),
        Column::new(t.col_status, move |d: &WebhookDelivery| {
            delivery_badge(d.status, t)
        }),
        Column::new(t.wh_attempts, |d: &WebhookDelivery| html! { d.attempts }).class("num"),
        Column::new(t.wh_last, |d: &WebhookDelivery| {
            html! {
                { d.last_error.clone().or_else(|| d.last_status_code.map(|c| c.to_string())).unwrap_or_default() }
            }
        }),
        Column::new(t.col_actions, {
            let (action, reload) = (action.clone(), list.reload.clone());
            move |d: &WebhookDelivery| {
                let (action, reload, id) = (action.clone(), reload.clone(), d.id.clone());
                let onclick = Callback::from(move |_: MouseEvent| {
                    let (id, reload) = (id.clone(), reload.clone());
                    action
                        .request(async move {
                            api::post::<_, WebhookDeliveryDetail>(
                                &format!("/webhook-deliveries/{id}/redeliver"),
                                &serde_json::json!({}),
                            )
                            .await
                        })
                        .success(t.wh_redelivered)
                        .errors_as_toast()
                        .then(move |_| reload.emit(()));
                });
                html! { <button type="button" class="btn btn-small wh-redeliver" {onclick}>{ t.wh_redeliver }</button> }
            }
        }),
    ];
    html! {
        <section class="card" id="wh-deliveries" aria-labelledby="wh-deliveries-title">
            <h2 id="wh-deliveries-title" class="card-title">{ (t.wh_log_of)(&props.subscription.url) }</h2>
            <DataTable<WebhookDelivery> id="wh-delivery-table" caption={t.wh_log} {columns}
                page={list.data()} loading={list.loading()} error={list.error()}
                state={(*list_state).clone()}
                on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                on_retry={list.reload.clone()} />
        </section>
    }
}
