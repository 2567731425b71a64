//! The bell of the header: how many notifications are unread, refreshed on every
//! navigation, every minute, and whenever a page marks some read.

use api_types::notifications::NotificationSummary;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{Href, Icon};
use crate::i18n::use_i18n;
use crate::services::api;

const REFRESH_MS: i32 = 60_000;

/// The unread count, shared by the bell and the pages that change it.
#[derive(Clone, PartialEq)]
pub struct Unread {
    pub count: Option<u64>,
    /// Asks the server again (after marking read).
    pub refresh: Callback<()>,
}

#[hook]
pub fn use_unread() -> Unread {
    use_context::<Unread>().unwrap_or(Unread {
        count: None,
        refresh: Callback::noop(),
    })
}

fn fetch(count: UseStateHandle<Option<u64>>) {
    spawn_local(async move {
        // A failed refresh keeps the last count; the next one tries again.
        if let Ok(summary) = api::get::<NotificationSummary>("/me/notifications/summary").await {
            count.set(Some(summary.unread));
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct UnreadProviderProps {
    pub children: Children,
}

#[function_component]
pub fn UnreadProvider(props: &UnreadProviderProps) -> Html {
    let count = use_state(|| None::<u64>);
    let path = use_location().map(|l| l.path().to_string());
    {
        let count = count.clone();
        use_effect_with(path, move |_| fetch(count));
    }
    {
        let count = count.clone();
        use_effect_with((), move |()| {
            let tick = Closure::<dyn FnMut()>::new(move || fetch(count.clone()));
            let window = web_sys::window();
            let id = window.as_ref().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    REFRESH_MS,
                )
                .ok()
            });
            move || {
                if let (Some(w), Some(id)) = (window, id) {
                    w.clear_interval_with_handle(id);
                }
                drop(tick);
            }
        });
    }
    let refresh = {
        let count = count.clone();
        Callback::from(move |()| fetch(count.clone()))
    };
    let unread = Unread {
        count: *count,
        refresh,
    };
    html! {
        <ContextProvider<Unread> context={unread}>{ props.children.clone() }</ContextProvider<Unread>>
    }
}

/// The header's bell, linking to the notification centre.
#[function_component]
pub fn Bell() -> Html {
    let t = use_i18n().t();
    let unread = use_unread().count.unwrap_or(0);
    let label = AttrValue::from((t.bell_label)(unread));
    html! {
        <Href to="/notifications" id="notification-bell" class="topbar-button bell"
              aria_label={label.clone()} title={label}>
            <Icon name="bell" />
            if unread > 0 {
                <span class="bell-count" id="unread-count" aria-hidden="true">
                    { if unread > 99 { "99+".to_string() } else { unread.to_string() } }
                </span>
            }
        </Href>
    }
}
