//! A modal confirm dialog: focus moves into it, Tab stays inside, Escape cancels,
//! and focus returns to where it was when it closes.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    pub open: bool,
    pub title: AttrValue,
    pub message: AttrValue,
    pub confirm_label: AttrValue,
    /// A destructive action: the confirm button is red.
    #[prop_or_default]
    pub danger: bool,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

fn active_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<HtmlElement>()
        .ok()
}

#[function_component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let t = use_i18n().t();
    let cancel_ref = use_node_ref();
    let confirm_ref = use_node_ref();
    let previous = use_mut_ref(|| None::<HtmlElement>);
    {
        let cancel_ref = cancel_ref.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                *previous.borrow_mut() = active_element();
                if let Some(el) = cancel_ref.cast::<HtmlElement>() {
                    let _ = el.focus();
                }
            } else if let Some(el) = previous.borrow_mut().take() {
                let _ = el.focus();
            }
        });
    }
    if !props.open {
        return html! {};
    }
    let onkeydown = {
        let on_cancel = props.on_cancel.clone();
        let cancel_ref = cancel_ref.clone();
        let confirm_ref = confirm_ref.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_cancel.emit(());
            }
            "Tab" => {
                // Two focusable buttons: Tab and Shift+Tab move between them.
                e.prevent_default();
                let on_cancel_button = match (active_element(), cancel_ref.cast::<HtmlElement>()) {
                    (Some(a), Some(c)) => a == c,
                    _ => false,
                };
                let next = if on_cancel_button {
                    &confirm_ref
                } else {
                    &cancel_ref
                };
                if let Some(el) = next.cast::<HtmlElement>() {
                    let _ = el.focus();
                }
            }
            _ => {}
        })
    };
    let confirm_class = if props.danger {
        "btn btn-danger"
    } else {
        "btn btn-primary"
    };
    html! {
        <div class="modal-backdrop" onclick={props.on_cancel.reform(|_| ())}>
            <div class="modal" role="alertdialog" aria-modal="true"
                 aria-labelledby="confirm-dialog-title" aria-describedby="confirm-dialog-body"
                 id="confirm-dialog"
                 onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}
                 {onkeydown}>
                <h2 id="confirm-dialog-title">{ props.title.clone() }</h2>
                <p id="confirm-dialog-body">{ props.message.clone() }</p>
                <div class="modal-actions">
                    <button type="button" class="btn" ref={cancel_ref}
                            onclick={props.on_cancel.reform(|_| ())}>{ t.cancel }</button>
                    <button type="button" class={confirm_class} ref={confirm_ref} id="confirm-dialog-ok"
                            onclick={props.on_confirm.reform(|_| ())}>{ props.confirm_label.clone() }</button>
                </div>
            </div>
        </div>
    }
}
