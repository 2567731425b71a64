//! My account (`/account`): who I am, changing my own password (`POST /me/password`;
//! my other sessions end), and my open sessions with "sign out everywhere else"
//! (`GET /me/sessions`, `POST /me/sessions/end-others`).

use api_types::auth::{PasswordChange, SessionInfo, SessionsEnded};
use yew::prelude::*;

use crate::components::{
    use_toaster, Badge, ErrorPanel, FieldErrors, Loading, PageHeader, TextField, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

#[function_component]
pub fn AccountPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = props.me.clone();
    let sessions = use_fetch((), |()| api::get::<Vec<SessionInfo>>("/me/sessions"));
    let end_others = use_submission();
    let toaster = use_toaster();

    let on_end_others = {
        let (form, reload) = (end_others.clone(), sessions.reload.clone());
        Callback::from(move |()| {
            let (reload, toaster) = (reload.clone(), toaster.clone());
            form.request(async move {
                api::post::<_, SessionsEnded>("/me/sessions/end-others", &()).await
            })
            .errors_as_toast()
            .then(move |ended| {
                reload.emit(());
                toaster.success((t.account_sessions_ended)(ended.ended));
            });
        })
    };
    let session_list = match (sessions.data(), sessions.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(sessions.reload.clone())} /> }
        }
        (Some(list), None) => html! {
            <ul class="session-list" id="session-list">
                { for list.iter().map(|s| html! {
                    <li class="session">
                        <span class="session-when">{ (t.account_signed_in_at)(&format::local_time(&s.created_at)) }</span>
                        <span class="muted">{ s.client_addr.clone().unwrap_or_default() }</span>
                        <span class="muted session-agent">{ s.user_agent.clone().unwrap_or_default() }</span>
                        if s.current {
                            <Badge tone={Tone::Success} text={t.account_this_session} />
                        }
                    </li>
                }) }
            </ul>
        },
        (None, None) => html! { <Loading /> },
    };
    let others = sessions
        .data()
        .map(|l| l.iter().filter(|s| !s.current).count())
        .unwrap_or(0);
    let unit = format::unit_name(&me.unit, lang);
    html! {
        <>
            <PageHeader title={t.account_title} description={Some(AttrValue::Static(t.account_intro))} />
            if me.must_change_password {
                <p class="alert alert-warning" id="password-forced" role="alert">{ t.account_forced }</p>
            }
            <div class="account-grid">
                <section class="card" aria-labelledby="account-who">
                    <h2 id="account-who" class="card-title">{ t.account_who }</h2>
                    <dl class="facts">
                        <dt>{ t.col_login }</dt><dd class="mono" id="account-login-value">{ me.login.clone() }</dd>
                        <dt>{ t.col_person_name }</dt><dd>{ me.name.clone() }</dd>
                        <dt>{ t.col_unit }</dt><dd>{ unit }</dd>
                        <dt>{ t.col_roles }</dt><dd>{ format::roles(&me.roles, t) }</dd>
                    </dl>
                </section>
                if !me.service_account {
                    <PasswordChangeForm forced={me.must_change_password} />
                }
                if !me.must_change_password {
                <section class="card" aria-labelledby="account-sessions">
                    <h2 id="account-sessions" class="card-title">{ t.account_sessions }</h2>
                    { session_list }
                    <button type="button" class="btn btn-danger" id="end-other-sessions"
                            disabled={end_others.busy() || others == 0} onclick={end_others.ask()}>
                        { t.account_end_others }
                    </button>
                    { end_others.confirm_dialog(t.account_end_others, t.account_end_others_confirm,
                                                t.account_end_others, on_end_others) }
                </section>
                }
            </div>
        </>
    }
}

/// Changes my own password: the current one, then the new one twice.
#[derive(Properties, PartialEq)]
struct PasswordChangeProps {
    /// Signed in with a temporary password: once changed, the session is read again
    /// (and the rest of the system opens).
    forced: bool,
}

#[function_component]
fn PasswordChangeForm(props: &PasswordChangeProps) -> Html {
    let t = use_i18n().t();
    let session = crate::hooks::use_session();
    let current = use_state(String::new);
    let new = use_state(String::new);
    let again = use_state(String::new);
    let form = use_submission();
    let onsubmit = {
        let (current, new, again, form) =
            (current.clone(), new.clone(), again.clone(), form.clone());
        let forced = props.forced;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *new != *again {
                let mut f = FieldErrors::default();
                f.insert("password_again", t.passwords_differ);
                form.reject(f);
                return;
            }
            let request = PasswordChange {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
            };
            if let Err(v) = validator::Validate::validate(&request) {
                form.reject(FieldErrors::from_validation(&v, t));
                return;
            }
            let (current, new, again) = (current.clone(), new.clone(), again.clone());
            let reload_me = forced.then(|| session.retry.clone());
            form.request(async move { api::post::<_, ()>("/me/password", &request).await })
                .success(t.account_password_changed)
                .then(move |()| {
                    current.set(String::new());
                    new.set(String::new());
                    again.set(String::new());
                    if let Some(reload_me) = reload_me {
                        reload_me.emit(());
                        crate::components::push_path("/");
                    }
                });
        })
    };
    let fields = form.fields();
    html! {
        <section class="card" aria-labelledby="account-password">
            <h2 id="account-password" class="card-title">{ t.account_change_password }</h2>
            <form class="inline-form" id="password-change-form" {onsubmit} novalidate=true
                  aria-label={t.account_change_password}>
                { form.alert_with_id(Some("password-change-alert"), &["current_password", "new_password", "password_again"]) }
                <TextField id="current-password" label={t.account_current_password} value={(*current).clone()}
                           input_type="password" required=true
                           on_input={let s = current.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("current_password")} />
                <TextField id="changed-password" label={t.users_new_password} value={(*new).clone()}
                           input_type="password" required=true
                           hint={Some(AttrValue::Static(t.account_password_hint))}
                           on_input={let s = new.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("new_password")} />
                <TextField id="changed-password-again" label={t.users_password_again} value={(*again).clone()}
                           input_type="password" required=true
                           on_input={let s = again.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("password_again")} />
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="password-change-save" disabled={form.busy()}>
                        { t.account_change_password }
                    </button>
                </div>
            </form>
        </section>
    }
}
