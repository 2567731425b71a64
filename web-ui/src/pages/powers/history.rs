//! One item's versions, newest first, with the kind and reason of each adjustment.

use api_types::catalog::PowerItemHistory;
use uuid::Uuid;
use yew::prelude::*;

use crate::components::{ErrorPanel, Loading};
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct ItemHistoryProps {
    pub id: Uuid,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ItemHistory(props: &ItemHistoryProps) -> Html {
    let t = use_i18n().t();
    let history = use_fetch(props.id, |id| async move {
        api::get_public::<PowerItemHistory>(&format!("/public/power-items/{id}")).await
    });
    match (history.data(), history.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} /> },
        (Some(h), None) => html! {
            <section class="card" aria-labelledby="history-title" id="power-history">
                <div class="card-head">
                    <h2 id="history-title" class="card-title">{ (t.power_history_of)(&h.code) }</h2>
                    <button type="button" class="btn btn-small" onclick={props.on_close.reform(|_| ())}>{ t.close }</button>
                </div>
                <ol class="timeline versions">
                    { for h.versions.iter().rev().map(|v| html! {
                        <li>
                            <span class="timeline-time">{ v.effective_from.to_string() }</span>
                            <span class="timeline-action">{ format!("v{} ", v.version_no) }{ (t.adjustment_kind)(v.kind) }</span>
                            <span class="muted">{ (t.adjustment_reason)(v.reason) }</span>
                            if let Some(d) = &v.reason_detail { <span class="timeline-comment">{ d.clone() }</span> }
                            if let Some(c) = &v.content {
                                <span class="timeline-comment">{ format!("{} · {}", c.name, c.legal_basis) }</span>
                            }
                        </li>
                    }) }
                </ol>
            </section>
        },
        (None, None) => html! { <Loading /> },
    }
}
