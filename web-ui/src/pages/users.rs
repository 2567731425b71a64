//! User accounts (`/users`): the filtered list, and for holders of `users.manage` the
//! create and edit forms, disabling and enabling, and setting a new password. The
//! server decides scope and which roles may be given; the forms offer only the units in
//! the list and the roles `GET /me` names as assignable.

use api_types::users::{NewUser, PasswordReset, TemporaryPassword, User, UserPatch};
use api_types::{Permission, Role};
use uuid::Uuid;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{
    Badge, Checkbox, Column, CopyButton, DataTable, FieldErrors, PageHeader, SelectField,
    TextField, Tone,
};
use crate::format;
use crate::hooks::{
    unit_name, unit_options, use_list, use_submission, use_units, FilterBar, ListState,
};
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::routes::Route;
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit_id: String,
    role: String,
    active: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit_id", self.unit_id.clone()),
            ("role", self.role.clone()),
            ("active", self.active.clone()),
            ("q", self.q.trim().to_string()),
        ]
    }
}

/// Which form is open above the table.
#[derive(Debug, Clone, PartialEq)]
enum Panel {
    None,
    Create,
    Edit(User),
    Password(User),
    /// A temporary password just issued: shown once.
    Temporary(TemporaryPassword),
}

fn role_badges(roles: &[Role], t: &'static Texts) -> Html {
    html! {
        <span class="badges">
            { for roles.iter().map(|r| html! { <Badge tone={Tone::Info} text={(t.role)(*r)} /> }) }
        </span>
    }
}

#[function_component]
pub fn UsersPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let lang = i18n.lang;
    let me = props.me.clone();
    let manage = can(&me, Permission::UsersManage);
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<User>("/users", (*list_state).clone(), applied.query());
    let panel = use_state(|| Panel::None);
    let cap = crate::capability::capability(&Route::Users);

    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);

    let all = || vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    let unit_options = unit_options(&units, lang, t.filter_all, false);
    let mut role_options = all();
    role_options.extend(
        Role::ALL
            .iter()
            .filter(|r| **r != Role::Integration)
            .map(|r| {
                (
                    AttrValue::Static(r.as_str()),
                    AttrValue::Static((t.role)(*r)),
                )
            }),
    );
    let mut active_options = all();
    active_options.push((
        AttrValue::Static("true"),
        AttrValue::Static(t.status_active),
    ));
    active_options.push((
        AttrValue::Static("false"),
        AttrValue::Static(t.status_inactive),
    ));

    let on_done = {
        let (panel, reload) = (panel.clone(), list.reload.clone());
        Callback::from(move |changed: bool| {
            panel.set(Panel::None);
            if changed {
                reload.emit(());
            }
        })
    };

    let units_for_rows = units.clone();
    let mut columns = vec![
        Column::new(t.col_login, |u: &User| html! { u.login.clone() })
            .sortable("login")
            .class("mono nowrap"),
        Column::new(t.col_person_name, |u: &User| html! { u.name.clone() }).sortable("name"),
        Column::new(t.col_unit, move |u: &User| {
            html! { unit_name(&units_for_rows, &u.unit_id, lang) }
        }),
        Column::new(t.col_roles, move |u: &User| {
            role_badges(&u.roles, lang.texts())
        }),
        Column::new(t.col_status, move |u: &User| {
            let t = lang.texts();
            html! {
                <span class="badges">
                    if u.active {
                        <Badge tone={Tone::Success} text={t.status_active} />
                    } else {
                        <Badge tone={Tone::Danger} text={t.status_inactive} />
                    }
                    if u.must_change_password {
                        <Badge tone={Tone::Warning} text={t.users_must_change} />
                    }
                </span>
            }
        })
        .class("nowrap"),
        Column::new(t.col_last_login, |u: &User| {
            html! { u.last_login_at.as_ref().map(format::local_time).unwrap_or_default() }
        })
        .class("nowrap"),
    ];
    if manage {
        let panel = panel.clone();
        let me_id = me.id;
        let on_changed = on_done.clone();
        columns.push(
            Column::new(t.col_actions, move |u: &User| {
                let t = lang.texts();
                let edit = {
                    let (panel, u) = (panel.clone(), u.clone());
                    Callback::from(move |_| panel.set(Panel::Edit(u.clone())))
                };
                let password = {
                    let (panel, u) = (panel.clone(), u.clone());
                    Callback::from(move |_| panel.set(Panel::Password(u.clone())))
                };
                html! {
                    <span class="row-actions">
                        <button type="button" class="btn btn-small" data-action="edit"
                                data-login={u.login.clone()} onclick={edit}>{ t.edit }</button>
                        <button type="button" class="btn btn-small" data-action="password"
                                data-login={u.login.clone()} onclick={password}>{ t.users_reset_password }</button>
                        if u.id != me_id {
                            <TemporaryButton user={u.clone()} show={panel.clone()} on_done={on_changed.clone()} />
                            <ActiveToggle user={u.clone()} on_done={on_changed.clone()} />
                        }
                    </span>
                }
            })
            .class("nowrap"),
        );
    }

    let open_create = {
        let panel = panel.clone();
        Callback::from(move |_| panel.set(Panel::Create))
    };
    let form = match &*panel {
        Panel::None => html! {},
        Panel::Create => html! {
            <UserForm user={None::<User>} assignable={me.assignable_roles.clone()} on_done={on_done.clone()} />
        },
        Panel::Edit(user) => html! {
            <UserForm user={Some(user.clone())} assignable={me.assignable_roles.clone()} on_done={on_done.clone()} />
        },
        Panel::Password(user) => html! {
            <PasswordForm user={user.clone()} on_done={on_done.clone()} />
        },
        Panel::Temporary(issued) => html! {
            <TemporaryOnce issued={issued.clone()} on_done={on_done.clone()} />
        },
    };

    html! {
        <>
            <PageHeader title={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                        description={cap.as_ref().map(|c| AttrValue::Static(c.description(t)))}>
                if manage {
                    <button type="button" class="btn btn-primary" id="account-new" onclick={open_create}>
                        { t.users_new }
                    </button>
                }
            </PageHeader>
            { form }
            <section class="card">
                <DataTable<User> id="users-table" caption={t.users_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={on_search}>
                        <SelectField id="filter-unit" label={t.col_unit} value={draft.unit_id.clone()}
                                     options={unit_options} on_change={set_draft(|f, v| f.unit_id = v)} />
                        <SelectField id="filter-role" label={t.col_roles} value={draft.role.clone()}
                                     options={role_options} on_change={set_draft(|f, v| f.role = v)} />
                        <SelectField id="filter-active" label={t.filter_active} value={draft.active.clone()}
                                     options={active_options} on_change={set_draft(|f, v| f.active = v)} />
                        <TextField id="filter-q" label={t.filter_q} value={draft.q.clone()}
                                   placeholder={Some(AttrValue::Static(t.users_q_placeholder))}
                                   on_input={set_draft(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="filter-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<User>>
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UserFormProps {
    /// `None`: a new account.
    user: Option<User>,
    assignable: Vec<Role>,
    /// `true` once saved, `false` when cancelled.
    on_done: Callback<bool>,
}

/// Creates an account, or edits one's name, unit and roles.
#[function_component]
fn UserForm(props: &UserFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let existing = props.user.clone();
    let login = use_state(String::new);
    let name = use_state(|| {
        existing
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_default()
    });
    let unit = use_state(|| {
        existing
            .as_ref()
            .map(|u| u.unit_id.to_string())
            .unwrap_or_default()
    });
    let roles = use_state(|| {
        existing
            .as_ref()
            .map(|u| u.roles.clone())
            .unwrap_or_default()
    });
    let password = use_state(String::new);
    let form = use_submission();

    let onsubmit = {
        let (login, name, unit, roles, password) = (
            login.clone(),
            name.clone(),
            unit.clone(),
            roles.clone(),
            password.clone(),
        );
        let (form, existing, on_done) = (form.clone(), existing.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(unit_id) = unit.parse::<Uuid>() else {
                let mut f = FieldErrors::default();
                f.insert_code(t, "unit_id", "required");
                form.reject(f);
                return;
            };
            let on_done = on_done.clone();
            match &existing {
                None => {
                    let request = NewUser {
                        login: login.trim().to_lowercase(),
                        name: name.trim().to_string(),
                        unit_id,
                        roles: (*roles).clone(),
                        password: (*password).clone(),
                    };
                    if let Err(v) = validator::Validate::validate(&request) {
                        form.reject(FieldErrors::from_validation(&v, t));
                        return;
                    }
                    form.request(async move { api::post::<_, User>("/users", &request).await })
                        .success(t.users_created)
                        .then(move |_| on_done.emit(true));
                }
                Some(user) => {
                    let request = UserPatch {
                        name: Some(name.trim().to_string()),
                        unit_id: Some(unit_id),
                        roles: Some((*roles).clone()),
                        active: None,
                    };
                    if let Err(v) = validator::Validate::validate(&request) {
                        form.reject(FieldErrors::from_validation(&v, t));
                        return;
                    }
                    let (path, version) = (format!("/users/{}", user.id), user.version);
                    form.request(
                        async move { api::patch::<_, User>(&path, version, &request).await },
                    )
                    .success(t.saved)
                    .then(move |_| on_done.emit(true));
                }
            }
        })
    };
    let cancel = {
        let on_done = props.on_done.clone();
        Callback::from(move |_| on_done.emit(false))
    };
    let unit_options = unit_options(&units, lang, t.choose, true);
    // The roles the account holds stay listed even when this user may not give them, so
    // that an edit shows them (the server refuses the edit then).
    let mut offered = props.assignable.clone();
    for r in roles.iter() {
        if !offered.contains(r) {
            offered.push(*r);
        }
    }
    let fields = form.fields();
    let title = if existing.is_some() {
        t.users_edit
    } else {
        t.users_new
    };
    html! {
        <section class="card">
            <h2 class="card-title">{ title }
                if let Some(u) = &existing { { " " }<span class="mono muted">{ u.login.clone() }</span> }
            </h2>
            <form class="inline-form" id="account-form" onsubmit={onsubmit} novalidate=true aria-label={title}>
                { form.alert_with_id(Some("account-alert"), &["login", "name", "unit_id", "roles", "password"]) }
                if existing.is_none() {
                    <TextField id="account-login" autofocus=true label={t.col_login} value={(*login).clone()} required=true
                               hint={Some(AttrValue::Static(t.users_login_hint))}
                               on_input={let s = login.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("login")} />
                }
                <TextField id="account-name" label={t.col_person_name} value={(*name).clone()} required=true
                           on_input={let s = name.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("name")} />
                <SelectField id="account-unit" label={t.col_unit} value={(*unit).clone()} options={unit_options}
                             required=true on_change={let s = unit.clone(); Callback::from(move |v| s.set(v))}
                             error={fields.get("unit_id")} />
                <fieldset class="role-set" id="account-roles">
                    <legend>{ t.col_roles }<span class="required" aria-hidden="true">{ " *" }</span></legend>
                    { for offered.iter().map(|r| {
                        let r = *r;
                        let checked = roles.contains(&r);
                        let roles = roles.clone();
                        html! {
                            <Checkbox id={format!("account-role-{}", r.as_str())} label={(t.role)(r)} {checked}
                                      on_change={Callback::from(move |on: bool| {
                                          let mut next: Vec<Role> = (*roles).iter().copied().filter(|x| *x != r).collect();
                                          if on { next.push(r); }
                                          roles.set(next);
                                      })} />
                        }
                    }) }
                    if let Some(error) = fields.get("roles") {
                        <p class="field-error">{ error }</p>
                    }
                </fieldset>
                if existing.is_none() {
                    <TextField id="account-password" label={t.users_initial_password} value={(*password).clone()}
                               input_type="password" required=true
                               hint={Some(AttrValue::Static(t.users_password_hint))}
                               on_input={let s = password.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("password")} />
                }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="account-save" disabled={form.busy()}>{ t.save }</button>
                    <button type="button" class="btn" onclick={cancel}>{ t.cancel }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PasswordFormProps {
    user: User,
    on_done: Callback<bool>,
}

/// Sets a new password for another user; every session of that user ends.
#[function_component]
fn PasswordForm(props: &PasswordFormProps) -> Html {
    let t = use_i18n().t();
    let password = use_state(String::new);
    let again = use_state(String::new);
    let form = use_submission();
    let onsubmit = {
        let (password, again, form) = (password.clone(), again.clone(), form.clone());
        let (id, on_done) = (props.user.id, props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *password != *again {
                let mut f = FieldErrors::default();
                f.insert("password_again", t.passwords_differ);
                form.reject(f);
                return;
            }
            let request = PasswordReset {
                new_password: (*password).clone(),
            };
            if let Err(v) = validator::Validate::validate(&request) {
                form.reject(FieldErrors::from_validation(&v, t));
                return;
            }
            let on_done = on_done.clone();
            let path = format!("/users/{id}/password");
            form.request(async move { api::post::<_, User>(&path, &request).await })
                .success(t.users_password_set)
                .then(move |_| on_done.emit(true));
        })
    };
    let cancel = {
        let on_done = props.on_done.clone();
        Callback::from(move |_| on_done.emit(false))
    };
    let fields = form.fields();
    html! {
        <section class="card">
            <h2 class="card-title">{ t.users_reset_password }{ " " }
                <span class="mono muted">{ props.user.login.clone() }</span>
            </h2>
            <p class="muted">{ t.users_reset_intro }</p>
            <form class="inline-form" id="password-form" onsubmit={onsubmit} novalidate=true
                  aria-label={t.users_reset_password}>
                { form.alert(&["new_password", "password_again"]) }
                <TextField id="new-password" autofocus=true label={t.users_new_password} value={(*password).clone()}
                           input_type="password" required=true
                           hint={Some(AttrValue::Static(t.users_password_hint))}
                           on_input={let s = password.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("new_password")} />
                <TextField id="new-password-again" label={t.users_password_again} value={(*again).clone()}
                           input_type="password" required=true
                           on_input={let s = again.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("password_again")} />
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="password-save" disabled={form.busy()}>{ t.save }</button>
                    <button type="button" class="btn" onclick={cancel}>{ t.cancel }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TemporaryButtonProps {
    user: User,
    show: UseStateHandle<Panel>,
    on_done: Callback<bool>,
}

/// Issues a temporary password (after asking: the user's sessions end), then shows it.
#[function_component]
fn TemporaryButton(props: &TemporaryButtonProps) -> Html {
    let t = use_i18n().t();
    let form = use_submission();
    let send = {
        let (form, show, on_done) = (form.clone(), props.show.clone(), props.on_done.clone());
        let id = props.user.id;
        Callback::from(move |()| {
            let (show, on_done) = (show.clone(), on_done.clone());
            let path = format!("/users/{id}/temporary-password");
            form.request(async move { api::post::<_, TemporaryPassword>(&path, &()).await })
                .errors_as_toast()
                .then(move |issued| {
                    on_done.emit(true);
                    show.set(Panel::Temporary(issued));
                });
        })
    };
    html! {
        <>
            <button type="button" class="btn btn-small" data-action="temporary"
                    data-login={props.user.login.clone()} disabled={form.busy()} onclick={form.ask()}>
                { t.users_temporary }
            </button>
            { form.confirm_dialog(t.users_temporary, t.users_temporary_confirm, t.users_temporary, send) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TemporaryOnceProps {
    issued: TemporaryPassword,
    on_done: Callback<bool>,
}

/// The temporary password just issued, with a copy button; never shown again.
#[function_component]
fn TemporaryOnce(props: &TemporaryOnceProps) -> Html {
    let t = use_i18n().t();
    let password = props.issued.temporary_password.clone().unwrap_or_default();
    let done = {
        let on_done = props.on_done.clone();
        Callback::from(move |_| on_done.emit(false))
    };
    html! {
        <section class="card secret-once" id="temporary-password-panel" aria-labelledby="temporary-title">
            <h2 id="temporary-title" class="card-title">{ t.users_temporary_title }{ " " }
                <span class="mono muted">{ props.issued.user.login.clone() }</span>
            </h2>
            <p class="alert alert-warning">{ t.users_temporary_once }</p>
            <p><code id="temporary-password" class="secret-value">{ password.clone() }</code>{ " " }
                <CopyButton id={Some(AttrValue::Static("temporary-copy"))} text={password.clone()} /></p>
            <div class="form-buttons">
                <button type="button" class="btn btn-primary" id="temporary-done" onclick={done}>{ t.sa_secret_done }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ActiveToggleProps {
    user: User,
    on_done: Callback<bool>,
}

/// Disables an account (after asking: its sessions end at once) or enables it again.
#[function_component]
fn ActiveToggle(props: &ActiveToggleProps) -> Html {
    let t = use_i18n().t();
    let form = use_submission();
    let user = props.user.clone();
    let send = {
        let (form, on_done, user) = (form.clone(), props.on_done.clone(), user.clone());
        Callback::from(move |()| {
            let request = UserPatch {
                active: Some(!user.active),
                ..UserPatch::default()
            };
            let (path, version) = (format!("/users/{}", user.id), user.version);
            let on_done = on_done.clone();
            form.request(async move { api::patch::<_, User>(&path, version, &request).await })
                .success(if user.active {
                    t.users_disabled
                } else {
                    t.users_enabled
                })
                .errors_as_toast()
                .then(move |_| on_done.emit(true));
        })
    };
    if user.active {
        html! {
            <>
                <button type="button" class="btn btn-small btn-danger" data-action="disable"
                        data-login={user.login.clone()} disabled={form.busy()} onclick={form.ask()}>
                    { t.users_disable }
                </button>
                { form.confirm_dialog(t.users_disable, t.users_disable_confirm, t.users_disable, send) }
            </>
        }
    } else {
        let enable = send.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="btn btn-small" data-action="enable"
                    data-login={user.login.clone()} disabled={form.busy()} onclick={enable}>
                { t.users_enable }
            </button>
        }
    }
}
