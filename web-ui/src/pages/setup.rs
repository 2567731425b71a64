//! First-run page: creates the first administrator with the bootstrap token.

use api_types::auth::{BootstrapRequest, TokenPair};
use api_types::ErrorCode;
use validator::Validate;
use yew::prelude::*;
use yew_router::prelude::*;

use super::login::{sign_in_error, AuthFrame};
use crate::components::feedback::set_title;
use crate::components::{FieldErrors, FormAlert, TextField};
use crate::hooks::{use_session, use_submission, SessionStatus};
use crate::i18n::use_i18n;
use crate::routes::Route;
use crate::services::api::{self, ApiError};

const FIELDS: [&str; 5] = [
    "bootstrap_token",
    "login",
    "name",
    "password",
    "password_confirm",
];

#[function_component]
pub fn SetupPage() -> Html {
    let t = use_i18n().t();
    let session = use_session();
    let navigator = use_navigator();
    let token = use_state(String::new);
    let login = use_state(String::new);
    let name = use_state(String::new);
    let password = use_state(String::new);
    let confirm = use_state(String::new);
    let form = use_submission();

    use_effect_with(t.setup_title, move |title| set_title(title));
    {
        let signed_in = matches!(session.status, SessionStatus::SignedIn(_));
        use_effect_with(signed_in, move |signed_in| {
            if *signed_in {
                if let Some(nav) = navigator {
                    nav.replace(&Route::Dashboard);
                }
            }
        });
    }

    let onsubmit = {
        let (token, login, name, password, confirm) = (
            token.clone(),
            login.clone(),
            name.clone(),
            password.clone(),
            confirm.clone(),
        );
        let form = form.clone();
        let signed_in = session.signed_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = BootstrapRequest {
                bootstrap_token: token.trim().to_string(),
                login: login.trim().to_string(),
                name: name.trim().to_string(),
                password: (*password).clone(),
            };
            // The same rules the server applies, from api-types.
            let mut invalid = match request.validate() {
                Ok(()) => FieldErrors::default(),
                Err(errors) => FieldErrors::from_validation(&errors, t),
            };
            for (field, value) in [
                ("bootstrap_token", &request.bootstrap_token),
                ("login", &request.login),
                ("name", &request.name),
                ("password", &request.password),
            ] {
                if value.is_empty() {
                    invalid.insert_code(t, field, "required");
                }
            }
            if *password != *confirm {
                invalid.insert("password_confirm", t.setup_password_mismatch);
            }
            if !invalid.is_empty() {
                form.reject(invalid);
                return;
            }
            let signed_in = signed_in.clone();
            form.request(async move {
                api::post_public::<_, TokenPair>("/auth/bootstrap", &request).await
            })
            .leaving()
            .then(move |pair| signed_in.emit(pair));
        })
    };

    let fields = form.fields();
    let bad_token = form.error().and_then(ApiError::code) == Some(ErrorCode::Unauthorized);
    let alert = form.error().map(|e| match e.code() {
        Some(ErrorCode::InvalidState) => html! {
            <div class="alert alert-info" role="alert" id="setup-error">
                <span>{ t.setup_closed }</span>{ " " }
                <Link<Route> to={Route::Login}>{ t.back_to_login }</Link<Route>>
            </div>
        },
        Some(ErrorCode::Unauthorized) => html! {
            <FormAlert id={Some(AttrValue::Static("setup-error"))} message={t.setup_bad_token} />
        },
        _ => html! {
            <FormAlert id={Some(AttrValue::Static("setup-error"))} message={sign_in_error(e, t)}
                       details={fields.others(&FIELDS)} />
        },
    });
    let setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v| s.set(v))
    };

    html! {
        <AuthFrame>
            <section class="auth-card auth-card-wide" aria-labelledby="setup-title">
                <h1 id="setup-title">{ t.setup_title }</h1>
                <p class="muted">{ t.setup_intro }</p>
                { alert.unwrap_or_default() }
                <form class="form" onsubmit={onsubmit} novalidate=true>
                    <TextField id="bootstrap_token" label={t.setup_token} value={(*token).clone()}
                               on_input={setter(&token)} required=true hint={Some(AttrValue::Static(t.setup_token_hint))}
                               autocomplete={Some(AttrValue::Static("off"))}
                               error={fields.get("bootstrap_token").or(bad_token.then_some(AttrValue::Static(t.setup_bad_token)))} />
                    <TextField id="login" label={t.field_login} value={(*login).clone()}
                               on_input={setter(&login)} required=true hint={Some(AttrValue::Static(t.setup_login_hint))}
                               autocomplete={Some(AttrValue::Static("username"))}
                               error={fields.get("login")} />
                    <TextField id="name" label={t.setup_name} value={(*name).clone()}
                               on_input={setter(&name)} required=true
                               autocomplete={Some(AttrValue::Static("name"))}
                               error={fields.get("name")} />
                    <TextField id="password" label={t.field_password} value={(*password).clone()}
                               input_type="password" on_input={setter(&password)} required=true
                               hint={Some(AttrValue::Static(t.setup_password_hint))}
                               autocomplete={Some(AttrValue::Static("new-password"))}
                               error={fields.get("password")} />
                    <TextField id="password_confirm" label={t.setup_password_confirm} value={(*confirm).clone()}
                               input_type="password" on_input={setter(&confirm)} required=true
                               autocomplete={Some(AttrValue::Static("new-password"))}
                               error={fields.get("password_confirm")} />
                    <button type="submit" id="setup-submit" class="btn btn-primary btn-block" disabled={form.busy()}>
                        { if form.busy() { t.setup_busy } else { t.setup_submit } }
                    </button>
                </form>
                <p class="auth-alt">
                    <Link<Route> to={Route::Login}>{ t.back_to_login }</Link<Route>>
                </p>
            </section>
        </AuthFrame>
    }
}
