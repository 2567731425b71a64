//! Audit trail: paginated events (`GET /audit-events`) and chain verification
//! (`GET /audit-events/verify`).

use api_types::audit::{AuditAction, AuditEvent, AuditVerification, ResourceKind};
use api_types::Role;
use yew::prelude::*;

use crate::components::{
    use_toaster, Badge, Column, DataTable, DownloadButton, ErrorPanel, PageHeader, SelectField,
    Tone,
};
use crate::format;
use crate::hooks::{use_list, use_submission, FilterBar, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::routes::Route;
use crate::services::api;

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

/// The actor's roles by name (`system` is the server itself); unknown codes as they are.
fn actor_roles(codes: &str, t: &'static Texts) -> String {
    codes
        .split(',')
        .map(|code| match Role::parse(code) {
            Some(role) => (t.role)(role),
            None if code == "system" => t.actor_system,
            None => code,
        })
        .collect::<Vec<_>>()
        .join(t.list_sep)
}

#[function_component]
pub fn AuditPage() -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<AuditEvent>("/audit-events", (*list_state).clone(), applied.query());
    let mut xlsx_query = list_state.sort_query();
    xlsx_query.extend(applied.query());
    let xlsx_path = api::with_query("/audit-events:xlsx", &xlsx_query);
    let verifying = use_submission();
    let result = use_state(|| None::<AuditVerification>);
    let cap = crate::capability::capability(&Route::Audit);

    let verify = {
        let (verifying, result) = (verifying.clone(), result.clone());
        Callback::from(move |_| {
            let (result, toaster) = (result.clone(), toaster.clone());
            verifying
                .request(api::get::<AuditVerification>("/audit-events/verify"))
                .then(move |v| {
                    if v.ok {
                        toaster.success((t.audit_ok)(v.checked));
                    } else {
                        toaster.error((t.audit_broken)(v.first_broken_id.unwrap_or(0)));
                    }
                    result.set(Some(v));
                });
        })
    };
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);

    // "All" first, then every code the server records, by its label.
    let action_options = std::iter::once((AttrValue::Static(""), AttrValue::Static(t.filter_all)))
        .chain(AuditAction::ALL.iter().map(|a| {
            (
                AttrValue::Static(a.as_str()),
                AttrValue::Static((t.audit_action)(*a)),
            )
        }))
        .collect::<Vec<_>>();
    let kind_options = std::iter::once((AttrValue::Static(""), AttrValue::Static(t.filter_all)))
        .chain(ResourceKind::ALL.iter().map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.resource_kind)(*k)),
            )
        }))
        .collect::<Vec<_>>();
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
            |e: &AuditEvent| html! { actor_roles(&e.actor_roles, t) },
        ),
        Column::new(t.col_action, |e: &AuditEvent| {
            // Events keep the code they were written with; a code this build does not
            // know (from a newer server) is shown as it is.
            let text = AuditAction::parse(&e.action)
                .map_or(e.action.clone(), |a| (t.audit_action)(a).to_string());
            html! { <span title={e.action.clone()}><Badge tone={Tone::Info} text={text} /></span> }
        }),
        Column::new(t.col_resource, |e: &AuditEvent| {
            html! {
                <span title={e.resource_id.clone()}>
                    { ResourceKind::parse(&e.resource_type).map_or(e.resource_type.clone(), |k| (t.resource_kind)(k).to_string()) }{ " " }
                    <span class="mono muted">{ short(&e.resource_id, 8) }</span>
                </span>
            }
        }),
        Column::new(t.col_request, |e: &AuditEvent| {
            let id = e.request_id.clone().unwrap_or_default();
            html! { <span class="mono" title={id.clone()}>{ short(&id, 12) }</span> }
        }),
    ];

    // A failure replaces the last result until the next verification.
    let verification = match (verifying.error(), &*result) {
        (None, None) => html! {},
        (Some(error), _) => html! { <ErrorPanel error={error.clone()} /> },
        (None, Some(v)) => {
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
                <button type="button" id="audit-verify" class="btn btn-primary" disabled={verifying.busy()}
                        onclick={verify}>
                    { if verifying.busy() { t.audit_verifying } else { t.audit_verify } }
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
                        <SelectField id="filter-action" label={t.filter_action} value={draft.action.clone()}
                                     options={action_options} on_change={set_draft(|f, v| f.action = v)} />
                        <SelectField id="filter-resource-type" label={t.filter_resource_type}
                                     value={draft.resource_type.clone()} options={kind_options}
                                     on_change={set_draft(|f, v| f.resource_type = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary">{ t.search }</button>
                            <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                            <DownloadButton id="audit-xlsx" path={xlsx_path} name={t.audit_sheet_name} />
                        </div>
                    </form>
                </DataTable<AuditEvent>>
            </section>
        </>
    }
}
