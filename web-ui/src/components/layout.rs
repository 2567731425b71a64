//! The signed-in shell: header with the user, unit, roles, language switch and sign-out;
//! navigation by capability; the main area.

use std::rc::Rc;

use api_types::auth::Me;
use yew::prelude::*;

use super::{Bell, ConfirmDialog, Icon, NavLink, UnreadProvider};
use crate::capability::{system_capabilities, work_capabilities, Capability};
use crate::format;
use crate::hooks::use_session;
use crate::hooks::SessionStatus;
use crate::i18n::use_i18n;
use crate::routes::Route;
use yew_router::prelude::Link;

/// The city emblem-like mark of the header (a shield with a star).
pub fn brand_mark() -> Html {
    html! {
        <svg class="brand-mark" viewBox="0 0 40 40" width="36" height="36" aria-hidden="true" focusable="false">
            <path d="M20 2l15 6v11c0 9.5-6.4 16.3-15 19C11.4 35.3 5 28.5 5 19V8z" fill="#f2c14e" />
            <path d="M20 5.5l12 4.8V19c0 7.8-5.1 13.5-12 15.9C13.1 32.5 8 26.8 8 19v-8.7z" fill="#1f4e79" />
            <path d="M20 10l2.6 5.6 6.1.7-4.5 4.2 1.2 6L20 23.5l-5.4 3 1.2-6-4.5-4.2 6.1-.7z" fill="#f2c14e" />
        </svg>
    }
}

#[function_component]
pub fn LangSwitch() -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let other = i18n.lang.other();
    let onclick = i18n.set_lang.reform(move |_| other);
    html! {
        <button type="button" id="lang-switch" class="topbar-button" lang={other.html_lang()}
                aria-label={t.switch_lang_hint} title={t.switch_lang_hint} {onclick}>
            <Icon name="globe" />
            <span>{ t.switch_lang }</span>
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub me: Rc<Me>,
    pub children: Children,
}

#[function_component]
pub fn Layout(props: &LayoutProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let session = use_session();
    let menu_open = use_state(|| false);
    let confirm_logout = use_state(|| false);
    let me = &props.me;

    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_| menu_open.set(!*menu_open))
    };
    let close_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |()| menu_open.set(false))
    };
    let nav_item = |c: &Capability| {
        html! {
            <li>
                <NavLink to={c.route.clone()} class="nav-item" on_navigate={close_menu.clone()} section=true>
                    <Icon name={c.icon} />
                    <span class="nav-text">{ c.name(t) }</span>
                    if !c.built {
                        <span class="nav-soon" title={t.coming_soon}>{ t.coming_soon_short }</span>
                    }
                </NavLink>
            </li>
        }
    };
    let work = work_capabilities();
    let system: Vec<Capability> = system_capabilities()
        .into_iter()
        .filter(|c| c.allowed(me))
        .collect();

    let open_confirm = {
        let confirm_logout = confirm_logout.clone();
        Callback::from(move |_| confirm_logout.set(true))
    };
    let cancel_logout = {
        let confirm_logout = confirm_logout.clone();
        Callback::from(move |()| confirm_logout.set(false))
    };
    let do_logout = {
        let confirm_logout = confirm_logout.clone();
        let sign_out = session.sign_out.clone();
        Callback::from(move |()| {
            confirm_logout.set(false);
            sign_out.emit(());
        })
    };
    let unit = format::unit_name(&me.unit, i18n.lang);

    html! {
        <UnreadProvider>
        <div class="shell">
            <a class="skip-link" href="#main">{ t.skip_to_content }</a>
            <header class="topbar">
                <button type="button" class="menu-toggle topbar-button" aria-controls="sidenav"
                        aria-expanded={menu_open.to_string()} onclick={toggle_menu.clone()}>
                    <Icon name="menu" />
                    <span class="sr-only">{ t.menu }</span>
                </button>
                <a class="brand" href="/">
                    { brand_mark() }
                    <span class="brand-text">
                        <span class="brand-name">{ t.app_name }</span>
                        <span class="brand-sub">{ t.app_subtitle }</span>
                    </span>
                </a>
                <div class="topbar-spacer"></div>
                <div class="user-box" role="group" aria-label={t.user_menu}>
                    <span class="user-avatar" aria-hidden="true"><Icon name="user" /></span>
                    <Link<Route> to={Route::Account} classes="user-text" >
                        <span class="user-name" id="user-name">{ me.name.clone() }</span>
                        <span class="user-unit" id="user-unit">{ unit.clone() }</span>
                    </Link<Route>>
                    <span class="user-roles" id="user-roles">{ format::roles(&me.roles, t) }</span>
                </div>
                <Bell />
                <LangSwitch />
                <button type="button" id="logout" class="topbar-button" aria-label={t.logout} onclick={open_confirm}>
                    <Icon name="logout" />
                    <span>{ t.logout }</span>
                </button>
            </header>
            <div class="shell-body">
                if *menu_open {
                    <div class="nav-backdrop" onclick={toggle_menu}></div>
                }
                <nav id="sidenav" class={classes!("sidenav", menu_open.then_some("open"))}
                     aria-label={t.main_nav}>
                    <ul class="nav-list">
                        <li>
                            <NavLink to={Route::Dashboard} class="nav-item" on_navigate={close_menu.clone()}>
                                <Icon name="home" />
                                <span class="nav-text">{ t.nav_home }</span>
                            </NavLink>
                        </li>
                    </ul>
                    <h2 class="nav-group">{ t.nav_group_work }</h2>
                    <ul class="nav-list">{ for work.iter().map(nav_item) }</ul>
                    if !system.is_empty() {
                        <h2 class="nav-group">{ t.nav_group_system }</h2>
                        <ul class="nav-list">{ for system.iter().map(nav_item) }</ul>
                    }
                </nav>
                <main id="main" class="content" tabindex="-1">
                    { props.children.clone() }
                </main>
            </div>
            <ConfirmDialog open={*confirm_logout} title={t.logout_title} message={t.logout_body}
                           confirm_label={t.logout} on_confirm={do_logout} on_cancel={cancel_logout} />
        </div>
        </UnreadProvider>
    }
}

#[derive(Properties, PartialEq)]
pub struct PublicFrameProps {
    pub children: Children,
}

/// The frame of the public pages (no sign-in needed): published penalty decisions, the
/// power list and the discretion calculator.
#[function_component]
pub fn PublicFrame(props: &PublicFrameProps) -> Html {
    let t = use_i18n().t();
    let session = use_session();
    let signed_in = matches!(session.status, SessionStatus::SignedIn(_));
    html! {
        <div class="public-page">
            <a class="skip-link" href="#main">{ t.skip_to_content }</a>
            <header class="auth-header public-header">
                <a class="brand" href="/public/disclosure">
                    { brand_mark() }
                    <span class="brand-text">
                        <span class="brand-name">{ t.app_name }</span>
                        <span class="brand-sub">{ t.public_portal }</span>
                    </span>
                </a>
                <nav class="public-nav" aria-label={t.public_portal}>
                    <NavLink to={Route::PublicDisclosure} class="public-nav-item">{ t.pub_nav_disclosure }</NavLink>
                    <NavLink to={Route::PublicPowers} class="public-nav-item">{ t.pub_nav_powers }</NavLink>
                    <NavLink to={Route::PublicDiscretion} class="public-nav-item">{ t.pub_nav_discretion }</NavLink>
                    <NavLink to={Route::PublicBulletins} class="public-nav-item">{ t.cs.public_title }</NavLink>
                </nav>
                <div class="topbar-spacer"></div>
                <LangSwitch />
                if signed_in {
                    <NavLink to={Route::Dashboard} class="topbar-button">{ t.pub_to_workspace }</NavLink>
                } else {
                    <NavLink to={Route::Login} class="topbar-button">{ t.login_submit }</NavLink>
                }
            </header>
            <main id="main" class="public-main" tabindex="-1">
                { props.children.clone() }
            </main>
            <footer class="auth-footer">{ "© " }{ t.app_subtitle }</footer>
        </div>
    }
}
