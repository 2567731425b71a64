//! Service accounts (`/service-accounts`): the accounts other government systems use
//! over REST. Holders of `service_accounts.manage` create one (its secret is shown
//! once, with a copy button), change its grants, replace its secret, and disable it.

use api_types::service_accounts::{
    NewServiceAccount, ServiceAccount, ServiceAccountPatch, ServiceAccountWithSecret,
};
use api_types::Permission;
use uuid::Uuid;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{
    Badge, Checkbox, Column, CopyButton, DataTable, FieldErrors, PageHeader, SelectField,
    TextField, Tone,
};
use crate::format;
use crate::hooks::{unit_name, unit_options, use_list, use_submission, use_units, ListState};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::routes::Route;
use crate::services::api;

/// What is open above the table.
#[derive(Debug, Clone, PartialEq)]
enum Panel {
    None,
    Create,
    Grants(ServiceAccount),
    /// A secret just issued: shown once.
    Secret(ServiceAccountWithSecret),
}

fn grant_badges(grants: &[String], t: &'static Texts) -> Html {
    html! {
        <span class="badges">
            { for grants.iter().map(|g| {
                let text = Permission::parse(g).map_or(g.clone(), |p| (t.permission)(p).to_string());
                html! { <span title={g.clone()}><Badge text={text} /></span> }
            }) }
        </span>
    }
}

#[function_component]
pub fn ServiceAccountsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = props.me.clone();
    let manage = can(&me, Permission::ServiceAccountsManage);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let list = use_list::<ServiceAccount>("/service-accounts", (*list_state).clone(), Vec::new());
    let panel = use_state(|| Panel::None);
    let cap = crate::capability::capability(&Route::ServiceAccounts);

    let reload = list.reload.clone();
    let show = {
        let (panel, reload) = (panel.clone(), reload.clone());
        Callback::from(move |next: Panel| {
            if next != Panel::Create {
                reload.emit(());
            }
            panel.set(next);
        })
    };
    let units_for_rows = units.clone();
    let mut columns =
        vec![
        Column::new(t.col_name, |a: &ServiceAccount| {
            html! {
                <>
                    <span class="cell-main">{ a.name.clone() }</span>
                    if let Some(d) = &a.description { <span class="cell-sub">{ d.clone() }</span> }
                </>
            }
        })
        .sortable("name"),
        Column::new(t.sa_client_id, |a: &ServiceAccount| html! { a.client_id.clone() })
            .class("mono nowrap"),
        Column::new(t.col_unit, move |a: &ServiceAccount| {
            html! { unit_name(&units_for_rows, &a.unit_id, lang) }
        }),
        Column::new(t.sa_grants, move |a: &ServiceAccount| grant_badges(&a.grants, lang.texts())),
        Column::new(t.col_status, move |a: &ServiceAccount| {
            let t = lang.texts();
            if a.active {
                html! { <Badge tone={Tone::Success} text={t.status_active} /> }
            } else {
                html! { <Badge tone={Tone::Danger} text={t.status_inactive} /> }
            }
        })
        .class("nowrap"),
        Column::new(t.sa_last_used, |a: &ServiceAccount| {
            html! { a.last_used_at.as_ref().map(format::local_time).unwrap_or_default() }
        })
        .class("nowrap"),
    ];
    if manage {
        let show = show.clone();
        columns.push(
            Column::new(t.col_actions, move |a: &ServiceAccount| {
                html! { <AccountActions account={a.clone()} show={show.clone()} /> }
            })
            .class("nowrap"),
        );
    }
    let panel_view = match &*panel {
        Panel::None => html! {},
        Panel::Create => html! {
            <AccountForm account={None::<ServiceAccount>} grantable={me.grantable_permissions.clone()} show={show.clone()} />
        },
        Panel::Grants(account) => html! {
            <AccountForm account={Some(account.clone())} grantable={me.grantable_permissions.clone()} show={show.clone()} />
        },
        Panel::Secret(issued) => {
            html! { <SecretOnce issued={issued.clone()} show={show.clone()} /> }
        }
    };
    let open_create = {
        let panel = panel.clone();
        Callback::from(move |_| panel.set(Panel::Create))
    };
    html! {
        <>
            <PageHeader title={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                        description={cap.as_ref().map(|c| AttrValue::Static(c.description(t)))}>
                if manage {
                    <button type="button" class="btn btn-primary" id="sa-new" onclick={open_create}>{ t.sa_new }</button>
                }
            </PageHeader>
            { panel_view }
            <section class="card">
                <DataTable<ServiceAccount> id="sa-table" caption={t.sa_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AccountActionsProps {
    account: ServiceAccount,
    show: Callback<Panel>,
}

/// Grants, a new secret (asked first: the old one stops working), disable / enable.
#[function_component]
fn AccountActions(props: &AccountActionsProps) -> Html {
    let t = use_i18n().t();
    let rotate = use_submission();
    let toggle = use_submission();
    let a = props.account.clone();
    let on_rotate = {
        let (form, show, id) = (rotate.clone(), props.show.clone(), a.id);
        Callback::from(move |()| {
            let show = show.clone();
            let path = format!("/service-accounts/{id}/rotate-secret");
            form.request(async move { api::post::<_, ServiceAccountWithSecret>(&path, &()).await })
                .errors_as_toast()
                .then(move |issued| show.emit(Panel::Secret(issued)));
        })
    };
    let on_toggle = {
        let (form, show, a) = (toggle.clone(), props.show.clone(), a.clone());
        Callback::from(move |_: MouseEvent| {
            let request = ServiceAccountPatch {
                active: Some(!a.active),
                ..ServiceAccountPatch::default()
            };
            let (path, version, show) = (
                format!("/service-accounts/{}", a.id),
                a.version,
                show.clone(),
            );
            form.request(
                async move { api::patch::<_, ServiceAccount>(&path, version, &request).await },
            )
            .success(if a.active {
                t.users_disabled
            } else {
                t.users_enabled
            })
            .errors_as_toast()
            .then(move |_| show.emit(Panel::None));
        })
    };
    let grants = {
        let (show, a) = (props.show.clone(), a.clone());
        Callback::from(move |_| show.emit(Panel::Grants(a.clone())))
    };
    html! {
        <span class="row-actions">
            <button type="button" class="btn btn-small" data-action="grants" data-client={a.client_id.clone()}
                    onclick={grants}>{ t.sa_edit }</button>
            <button type="button" class="btn btn-small" data-action="rotate" data-client={a.client_id.clone()}
                    disabled={rotate.busy()} onclick={rotate.ask()}>{ t.sa_rotate }</button>
            { rotate.confirm_dialog(t.sa_rotate, t.sa_rotate_confirm, t.sa_rotate, on_rotate) }
            <button type="button" class={classes!("btn", "btn-small", a.active.then_some("btn-danger"))}
                    data-action={if a.active { "disable" } else { "enable" }} data-client={a.client_id.clone()}
                    disabled={toggle.busy()} onclick={on_toggle}>
                { if a.active { t.users_disable } else { t.users_enable } }
            </button>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct AccountFormProps {
    /// `None`: a new account.
    account: Option<ServiceAccount>,
    grantable: Vec<Permission>,
    show: Callback<Panel>,
}

/// Creates an account (then shows its secret once) or edits its name, description and
/// grants.
#[function_component]
fn AccountForm(props: &AccountFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let existing = props.account.clone();
    let name = use_state(|| {
        existing
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default()
    });
    let description = use_state(|| {
        existing
            .as_ref()
            .and_then(|a| a.description.clone())
            .unwrap_or_default()
    });
    let unit = use_state(String::new);
    let grants = use_state(|| {
        existing
            .as_ref()
            .map(|a| a.grants.clone())
            .unwrap_or_default()
    });
    let form = use_submission();
    let onsubmit = {
        let (name, description, unit, grants) = (
            name.clone(),
            description.clone(),
            unit.clone(),
            grants.clone(),
        );
        let (form, existing, show) = (form.clone(), existing.clone(), props.show.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = description.trim();
            let text = (!text.is_empty()).then(|| text.to_string());
            let show = show.clone();
            match &existing {
                None => {
                    let Ok(unit_id) = unit.parse::<Uuid>() else {
                        let mut f = FieldErrors::default();
                        f.insert_code(t, "unit_id", "required");
                        form.reject(f);
                        return;
                    };
                    let request = NewServiceAccount {
                        name: name.trim().to_string(),
                        description: text,
                        unit_id,
                        grants: (*grants).clone(),
                    };
                    if let Err(v) = validator::Validate::validate(&request) {
                        form.reject(FieldErrors::from_validation(&v, t));
                        return;
                    }
                    form.request(async move {
                        api::post::<_, ServiceAccountWithSecret>("/service-accounts", &request)
                            .await
                    })
                    .success(t.sa_created)
                    .then(move |issued| show.emit(Panel::Secret(issued)));
                }
                Some(account) => {
                    let request = ServiceAccountPatch {
                        name: Some(name.trim().to_string()),
                        description: Some(text),
                        grants: Some((*grants).clone()),
                        active: None,
                    };
                    if let Err(v) = validator::Validate::validate(&request) {
                        form.reject(FieldErrors::from_validation(&v, t));
                        return;
                    }
                    let (path, version) =
                        (format!("/service-accounts/{}", account.id), account.version);
                    form.request(async move {
                        api::patch::<_, ServiceAccount>(&path, version, &request).await
                    })
                    .success(t.saved)
                    .then(move |_| show.emit(Panel::None));
                }
            }
        })
    };
    let cancel = {
        let show = props.show.clone();
        Callback::from(move |_| show.emit(Panel::None))
    };
    let unit_options = unit_options(&units, lang, t.choose, true);
    let fields = form.fields();
    let title = if existing.is_some() {
        t.sa_edit
    } else {
        t.sa_new
    };
    html! {
        <section class="card">
            <h2 class="card-title">{ title }</h2>
            <form class="inline-form" id="sa-form" {onsubmit} novalidate=true aria-label={title}>
                { form.alert_with_id(Some("sa-alert"), &["name", "description", "unit_id", "grants"]) }
                <TextField id="sa-name" autofocus=true label={t.col_name} value={(*name).clone()} required=true
                           hint={Some(AttrValue::Static(t.sa_name_hint))}
                           on_input={let s = name.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("name")} />
                <TextField id="sa-description" label={t.sa_description} value={(*description).clone()}
                           on_input={let s = description.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("description")} />
                if existing.is_none() {
                    <SelectField id="sa-unit" label={t.col_unit} value={(*unit).clone()} options={unit_options}
                                 required=true hint={Some(AttrValue::Static(t.sa_unit_hint))}
                                 on_change={let s = unit.clone(); Callback::from(move |v| s.set(v))}
                                 error={fields.get("unit_id")} />
                }
                <fieldset class="role-set" id="sa-grants">
                    <legend>{ t.sa_grants }</legend>
                    { for props.grantable.iter().map(|p| {
                        let code = p.as_str().to_string();
                        let checked = grants.contains(&code);
                        let grants = grants.clone();
                        html! {
                            <Checkbox id={format!("sa-grant-{}", code.replace('.', "-"))} label={(t.permission)(*p)} {checked}
                                      on_change={Callback::from(move |on: bool| {
                                          let mut next: Vec<String> = (*grants).iter().filter(|g| **g != code).cloned().collect();
                                          if on { next.push(code.clone()); }
                                          grants.set(next);
                                      })} />
                        }
                    }) }
                    if let Some(error) = fields.get("grants") { <p class="field-error">{ error }</p> }
                </fieldset>
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="sa-save" disabled={form.busy()}>{ t.save }</button>
                    <button type="button" class="btn" onclick={cancel}>{ t.cancel }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SecretOnceProps {
    issued: ServiceAccountWithSecret,
    show: Callback<Panel>,
}

/// The client id and the secret just issued, with copy buttons. The secret is never
/// shown again (the server keeps only its hash).
#[function_component]
fn SecretOnce(props: &SecretOnceProps) -> Html {
    let t = use_i18n().t();
    let secret = props.issued.client_secret.clone().unwrap_or_default();
    let done = {
        let show = props.show.clone();
        Callback::from(move |_| show.emit(Panel::None))
    };
    let client_id = props.issued.account.client_id.clone();
    html! {
        <section class="card secret-once" id="sa-secret" aria-labelledby="sa-secret-title">
            <h2 id="sa-secret-title" class="card-title">{ t.sa_secret_title }</h2>
            <p class="alert alert-warning">{ t.sa_secret_once }</p>
            <dl class="facts">
                <dt>{ t.sa_client_id }</dt>
                <dd><code id="sa-client-id">{ client_id.clone() }</code>{ " " }
                    <CopyButton text={client_id} /></dd>
                <dt>{ t.sa_client_secret }</dt>
                <dd><code id="sa-client-secret">{ secret.clone() }</code>{ " " }
                    <CopyButton id={Some(AttrValue::Static("sa-copy-secret"))} text={secret} /></dd>
            </dl>
            <div class="form-buttons">
                <button type="button" class="btn btn-primary" id="sa-secret-done" onclick={done}>{ t.sa_secret_done }</button>
            </div>
        </section>
    }
}
