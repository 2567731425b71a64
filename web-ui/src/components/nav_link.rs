//! A link to a route that marks itself current (`aria-current="page"`).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Children,
    /// Called after navigating (e.g. to close the mobile menu).
    #[prop_or_default]
    pub on_navigate: Callback<()>,
    /// Also current on the pages below `to` (`/tasks/…` for `/tasks`).
    #[prop_or_default]
    pub section: bool,
}

/// Whether `current` is `to` or, for a section, a page below it.
fn is_current(current: Option<&Route>, to: &Route, section: bool) -> bool {
    let Some(current) = current else {
        return false;
    };
    if current == to {
        return true;
    }
    let base = to.to_path();
    section && base != "/" && current.to_path().starts_with(&format!("{base}/"))
}

#[function_component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let is_current = is_current(current.as_ref(), &props.to, props.section);
    let onclick = {
        let to = props.to.clone();
        let on_navigate = props.on_navigate.clone();
        Callback::from(move |e: MouseEvent| {
            // Let the browser handle new-tab and new-window clicks.
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            if let Some(nav) = &navigator {
                nav.push(&to);
            }
            on_navigate.emit(());
        })
    };
    html! {
        <a href={props.to.to_path()}
           class={classes!(props.class.clone(), is_current.then_some("current"))}
           aria-current={is_current.then_some("page")}
           {onclick}>
            { props.children.clone() }
        </a>
    }
}

#[derive(Properties, PartialEq)]
pub struct SubNavProps {
    /// What the tabs are (for assistive technology).
    pub label: AttrValue,
    pub items: Vec<(Route, AttrValue)>,
}

/// The pages of one capability, as tabs under its header.
#[function_component]
pub fn SubNav(props: &SubNavProps) -> Html {
    html! {
        <nav class="subnav" aria-label={props.label.clone()}>
            <ul>
                { for props.items.iter().map(|(route, label)| html! {
                    <li><NavLink to={route.clone()} class="subnav-item">{ label.clone() }</NavLink></li>
                }) }
            </ul>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
pub struct HrefProps {
    /// A path of the app, with its query (and fragment).
    pub to: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    #[prop_or_default]
    pub children: Children,
}

/// A link to a path of the app (with a query) that navigates without reloading the
/// page; new-tab clicks are left to the browser.
#[function_component]
pub fn Href(props: &HrefProps) -> Html {
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            push_path(&to);
        })
    };
    html! {
        <a href={props.to.clone()} class={props.class.clone()} id={props.id.clone()}
           title={props.title.clone()} aria-label={props.aria_label.clone()} {onclick}>
            { props.children.clone() }
        </a>
    }
}

/// Navigates to a path of the app (with its query) and shows the top of the new page.
pub fn push_path(path: &str) {
    use yew_router::history::{BrowserHistory, History};
    BrowserHistory::new().push(path);
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
