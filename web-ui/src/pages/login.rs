//! Sign-in page.

use api_types::auth::{BootstrapStatus, LoginRequest, TokenPair};
use api_types::ErrorCode;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::feedback::set_title;
use crate::components::layout::brand_mark;
use crate::components::{FieldErrors, LangSwitch, TextField};
use crate::hooks::{use_session, use_submission, Notice, SessionStatus};
use crate::i18n::{use_i18n, Texts};
use crate::routes::{take_return_to, Route};
use crate::services::api::{self, ApiError};

/// The sentence shown for a failed sign-in.
pub fn sign_in_error(e: &ApiError, t: &Texts) -> String {
    match e.code() {
        Some(ErrorCode::Unauthorized) => t.login_failed.into(),
        Some(ErrorCode::TooManyRequests) => (t.login_throttled)(e.retry_after().unwrap_or(60)),
        _ => e.message(t),
    }
}

#[derive(Properties, PartialEq)]
pub struct AuthFrameProps {
    pub children: Children,
}

/// The frame of the pages shown before signing in.
#[function_component]
pub fn AuthFrame(props: &AuthFrameProps) -> Html {
    let t = use_i18n().t();
    html! {
        <div class="auth-page">
            <a class="skip-link" href="#main">{ t.skip_to_content }</a>
            <header class="auth-header">
                <div class="brand">
                    { brand_mark() }
                    <span class="brand-text">
                        <span class="brand-name">{ t.app_name }</span>
                        <span class="brand-sub">{ t.app_subtitle }</span>
                    </span>
                </div>
                <div class="topbar-spacer"></div>
                <LangSwitch />
            </header>
            <main id="main" class="auth-main" tabindex="-1">
                { props.children.clone() }
            </main>
            <footer class="auth-footer">{ "© " }{ t.app_subtitle }</footer>
        </div>
    }
}

#[function_component]
pub fn LoginPage() -> Html {
    let t = use_i18n().t();
    let session = use_session();
    let navigator = use_navigator();
    let login = use_state(String::new);
    let password = use_state(String::new);
    let form = use_submission();
    // The first-run link only while the system has no users (a failed check hides it).
    let bootstrap = crate::hooks::use_fetch((), |()| async {
        api::get_public::<BootstrapStatus>("/auth/bootstrap").await
    });
    let bootstrap_open = bootstrap.data().is_some_and(|b| b.open);

    use_effect_with(t.login_title, move |title| set_title(title));
    {
        let signed_in = matches!(session.status, SessionStatus::SignedIn(_));
        use_effect_with(signed_in, move |signed_in| {
            if *signed_in {
                if let Some(nav) = navigator {
                    nav.replace(&take_return_to());
                }
            }
        });
    }
    {
        // A failed `GET /me` after signing in ends the busy state.
        let form = form.clone();
        let failed = !matches!(
            session.status,
            SessionStatus::Checking | SessionStatus::SignedIn(_)
        );
        use_effect_with(failed, move |failed| {
            if *failed {
                form.idle();
            }
        });
    }

    let onsubmit = {
        let (login, password, form) = (login.clone(), password.clone(), form.clone());
        let signed_in = session.signed_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = LoginRequest {
                login: login.trim().to_string(),
                password: (*password).clone(),
            };
            let mut missing = FieldErrors::default();
            if request.login.is_empty() {
                missing.insert_code(t, "login", "required");
            }
            if request.password.is_empty() {
                missing.insert_code(t, "password", "required");
            }
            if !missing.is_empty() {
                form.reject(missing);
                return;
            }
            let signed_in = signed_in.clone();
            form.request(
                async move { api::post_public::<_, TokenPair>("/auth/login", &request).await },
            )
            .leaving()
            .then(move |pair| signed_in.emit(pair));
        })
    };

    let notice = match (session.notice, &session.status) {
        (_, SessionStatus::Unavailable(e)) => Some(("alert-error", e.message(t), "login-notice")),
        (Some(Notice::Expired), _) => Some((
            "alert-warning",
            t.session_expired.to_string(),
            "login-notice",
        )),
        (Some(Notice::SignedOut), _) => {
            Some(("alert-success", t.signed_out.to_string(), "login-notice"))
        }
        _ => None,
    };
    let busy_now = form.busy() || matches!(session.status, SessionStatus::Checking);

    html! {
        <AuthFrame>
            <section class="auth-card" aria-labelledby="login-title">
                <h1 id="login-title">{ t.login_title }</h1>
                <p class="muted">{ t.login_intro }</p>
                if let Some((class, text, id)) = notice {
                    if form.error().is_none() {
                        <div class={classes!("alert", class)} role="status" {id}>{ text }</div>
                    }
                }
                if let Some(e) = form.error() {
                    <div class="alert alert-error" role="alert" id="login-alert">
                        { sign_in_error(e, t) }
                    </div>
                }
                <form class="form" onsubmit={onsubmit} novalidate=true>
                    <TextField id="login" label={t.field_login} value={(*login).clone()}
                               on_input={let s = login.clone(); Callback::from(move |v| s.set(v))}
                               autocomplete={Some(AttrValue::Static("username"))} required=true
                               error={form.fields().get("login")} />
                    <TextField id="password" label={t.field_password} value={(*password).clone()}
                               input_type="password"
                               on_input={let s = password.clone(); Callback::from(move |v| s.set(v))}
                               autocomplete={Some(AttrValue::Static("current-password"))} required=true
                               error={form.fields().get("password")} />
                    <button type="submit" id="login-submit" class="btn btn-primary btn-block" disabled={busy_now}>
                        { if busy_now { t.login_busy } else { t.login_submit } }
                    </button>
                </form>
                if bootstrap_open {
                    <p class="auth-alt" id="first-run">
                        { t.first_run }{ " " }
                        <Link<Route> to={Route::Setup}>{ t.first_run_link }</Link<Route>>
                    </p>
                }
                <p class="auth-alt public-links" id="public-links">
                    { t.login_public_links }
                    <Link<Route> to={Route::PublicDisclosure}>{ t.pub_nav_disclosure }</Link<Route>>
                    { " · " }
                    <Link<Route> to={Route::PublicPowers}>{ t.pub_nav_powers }</Link<Route>>
                    { " · " }
                    <Link<Route> to={Route::PublicDiscretion}>{ t.pub_nav_discretion }</Link<Route>>
                </p>
            </section>
        </AuthFrame>
    }
}
