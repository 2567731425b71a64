//! Browser SPA of the enforcement capability platform (城管执法能力提升平台).
//!
//! Yew function components; every request and response type comes from `api-types`.
//! Layout: `app.rs` (providers, and the page of each route: the only module that
//! imports `pages/`), `routes.rs` (the addresses), `capability.rs` (typed permission
//! checks and the capabilities), `pages/` (one per route; big pages are folders with a
//! file per section), `components/` (shared UI), `hooks/` (data loading, the one
//! submission hook for writes, session), `services/` (the request helper, tokens,
//! storage), `i18n/` (all texts).

mod app;
mod capability;
mod components;
mod format;
mod hooks;
mod i18n;
mod pages;
mod routes;
mod services;

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
