//! Audit trail: paginated events (`GET /audit-events`) and chain verification
//! (`GET /audit-events/verify`).

use api_types::audit::{AuditEvent, AuditVerification};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::Route;
use crate::components::{
    use_toaster, Badge, Column, DataTable, ErrorPanel, PageHeader, TextField, Tone,
};
use crate::format;
use crate::hooks::{use_list, FilterBar, ListState};
use crate::i18n::use_i18n;
use crate::services::api::{self, ApiError};

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    action: String,
    resource_type: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("action", self.action.trim().to_string()),
            ("resource_type", self.resource_type.trim().to_string()),
        ]
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}

#[function_component]
pub fn AuditPage() -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<AuditEvent>("/audit-events", (*list_state).clone(), applied.query());
    let verifying = use_state(|| false);
    let result = use_state(|| None::<Result<AuditVerification, ApiError>>);
    let cap = crate::app::capability(&Route::Audit);

    let verify = {
        let (verifying, result) = (verifying.clone(), result.clone());
        Callback::from(move |_| {
            if *verifying {
                return;
            }
            verifying.set(true);
            let (verifying, result, toaster) = (verifying.clone(), result.clone(), toaster.clone());
            spawn_local(async move {
                let outcome = api::get::<AuditVerification>("/audit-events/verify").await;
                if let Ok(v) = &outcome {
                    if v.ok {
                        toaster.success((t.audit_ok)(v.checked));
                    } else {
                        toaster.error((t.audit_broken)(v.first_broken_id.unwrap_or(0)));
                    }
                }
                result.set(Some(outcome));
                verifying.set(false);
            });
        })
    };
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);

    let columns = vec![
        Column::new(t.col_id, |e: &AuditEvent| html! { e.id })
            .sortable("id")
            .class("num"),
        Column::new(
            t.col_time,
            |e: &AuditEvent| html! { format::local_time(&e.occurred_at) },
        )
        .class("nowrap"),
        Column::new(
            t.col_actor,
            |e: &AuditEvent| html! { e.actor_roles.clone() },
        ),
        Column::new(t.col_action, |e: &AuditEvent| {
            html! { <Badge tone={Tone::Info} text={e.action.clone()} /> }
        }),
        Column::new(t.col_resource, |e: &AuditEvent| {
            html! {
                <span title={e.resource_id.clone()}>
                    { e.resource_type.clone() }{ " " }
                    <span class="mono muted">{ short(&e.resource_id, 8) }</span>
                </span>
            }
        }),
        Column::new(t.col_request, |e: &AuditEvent| {
            let id = e.request_id.clone().unwrap_or_default();
            html! { <span class="mono" title={id.clone()}>{ short(&id, 12) }</span> }
        }),
    ];

    let verification = match &*result {
        None => html! {},
        Some(Err(error)) => html! { <ErrorPanel error={error.clone()} /> },
        Some(Ok(v)) => {
            let (tone, text) = if v.ok {
                (Tone::Success, (t.audit_ok)(v.checked))
            } else {
                (
                    Tone::Danger,
                    (t.audit_broken)(v.first_broken_id.unwrap_or(0)),
                )
            };
            html! {
                <section class={classes!("card", "verify-result", if v.ok { "ok" } else { "broken" })}
                         id="verify-result" role="status">
                    <Badge {tone} text={if v.ok { "OK" } else { "!" }} />
                    <span>{ text }</span>
                    if let (Some(id), Some(hash)) = (v.head_id, &v.head_hash) {
                        <span class="muted">
                            { t.audit_head }{ format!(" #{id} ") }
                            <span class="mono" title={hash.clone()}>{ short(hash, 16) }</span>
                        </span>
                    } else if v.checked == 0 {
                        <span class="muted">{ t.audit_empty_chain }</span>
                    }
                </section>
            }
        }
    };

    html! {
        <>
            <PageHeader title={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                        description={Some(AttrValue::Static(t.audit_intro))}>
                <button type="button" id="audit-verify" class="btn btn-primary" disabled={*verifying}
                        onclick={verify}>
                    { if *verifying { t.audit_verifying } else { t.audit_verify } }
                </button>
            </PageHeader>
            { verification }
            <super::exports::ExportPanel on_done={list.reload.clone()} />
            <section class="card">
                <DataTable<AuditEvent> id="audit-table" caption={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                    {columns} page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={on_search}>
                        <TextField id="filter-action" label={t.filter_action} value={draft.action.clone()}
                                   placeholder={Some(AttrValue::Static("login"))}
                                   on_input={set_draft(|f, v| f.action = v)} />
                        <TextField id="filter-resource-type" label={t.filter_resource_type}
                                   value={draft.resource_type.clone()}
                                   placeholder={Some(AttrValue::Static("session"))}
                                   on_input={set_draft(|f, v| f.resource_type = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary">{ t.search }</button>
                            <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<AuditEvent>>
            </section>
        </>
    }
}
