//! The copy button beside a value shown once (a secret, a temporary password).

use yew::prelude::*;

use crate::components::use_toaster;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What is copied.
    pub text: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// Copies `text` to the clipboard and says so.
#[function_component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let onclick = {
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
                toaster.success(t.sa_copied);
            }
        })
    };
    html! {
        <button type="button" class="btn btn-small" id={props.id.clone()} {onclick}>{ t.sa_copy }</button>
    }
}
