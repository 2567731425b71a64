//! A link to a route that marks itself current (`aria-current="page"`).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

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
}

#[function_component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let is_current = current.as_ref() == Some(&props.to);
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
