//! Toasts: short messages in a live region that disappear by themselves.

use std::rc::Rc;
use std::time::Duration;

use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq)]
struct Toast {
    id: u32,
    kind: ToastKind,
    text: String,
}

/// Shows toasts; get one with [`use_toaster`].
#[derive(Clone, PartialEq)]
pub struct Toaster {
    push: Callback<(ToastKind, String)>,
}

impl Toaster {
    pub fn success(&self, text: impl Into<String>) {
        self.push.emit((ToastKind::Success, text.into()));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push.emit((ToastKind::Error, text.into()));
    }

    pub fn info(&self, text: impl Into<String>) {
        self.push.emit((ToastKind::Info, text.into()));
    }
}

#[hook]
pub fn use_toaster() -> Toaster {
    use_context::<Toaster>().unwrap_or(Toaster {
        push: Callback::noop(),
    })
}

#[derive(Default)]
struct Toasts(Vec<Toast>);

enum ToastAction {
    Add(Toast),
    Remove(u32),
}

impl Reducible for Toasts {
    type Action = ToastAction;

    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        let mut list = self.0.clone();
        match action {
            ToastAction::Add(t) => list.push(t),
            ToastAction::Remove(id) => list.retain(|t| t.id != id),
        }
        Rc::new(Toasts(list))
    }
}

const TOAST_SECONDS: u64 = 5;

#[derive(Properties, PartialEq)]
pub struct ToastProviderProps {
    pub children: Children,
}

#[function_component]
pub fn ToastProvider(props: &ToastProviderProps) -> Html {
    let t = use_i18n().t();
    let toasts = use_reducer(Toasts::default);
    let next_id = use_mut_ref(|| 0u32);
    let toaster = {
        let dispatcher = toasts.dispatcher();
        Toaster {
            push: Callback::from(move |(kind, text): (ToastKind, String)| {
                let id = {
                    let mut n = next_id.borrow_mut();
                    *n += 1;
                    *n
                };
                dispatcher.dispatch(ToastAction::Add(Toast { id, kind, text }));
                let dispatcher = dispatcher.clone();
                spawn_local(async move {
                    sleep(Duration::from_secs(TOAST_SECONDS)).await;
                    dispatcher.dispatch(ToastAction::Remove(id));
                });
            }),
        }
    };
    let dispatcher = toasts.dispatcher();
    html! {
        <ContextProvider<Toaster> context={toaster}>
            { props.children.clone() }
            <div class="toasts" role="status" aria-live="polite">
                { for toasts.0.iter().map(|toast| {
                    let id = toast.id;
                    let dispatcher = dispatcher.clone();
                    let class = match toast.kind {
                        ToastKind::Success => "toast toast-success",
                        ToastKind::Error => "toast toast-error",
                        ToastKind::Info => "toast toast-info",
                    };
                    html! {
                        <div class={class} key={id}>
                            <span>{ toast.text.clone() }</span>
                            <button type="button" class="toast-close" aria-label={t.close}
                                    onclick={Callback::from(move |_| dispatcher.dispatch(ToastAction::Remove(id)))}>
                                { "×" }
                            </button>
                        </div>
                    }
                }) }
            </div>
        </ContextProvider<Toaster>>
    }
}
