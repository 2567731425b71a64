//! `/demonstration/queue`: the submitted applications the user's unit recommends (its
//! brigades; for the city bureau the brigades directly under it), oldest first.

use api_types::assessment::show;
use api_types::demonstration::{ApplicationStatus, DemonstrationApplication};
use api_types::Page;
use yew::prelude::*;

use super::{application_badges, header, recommends};
use crate::components::{ErrorPanel, Href, Loading};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

#[function_component]
pub fn QueuePage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<DemonstrationApplication>>(
            "/demonstration-applications",
            &[
                ("status", ApplicationStatus::Submitted.as_str().into()),
                ("per_page", "100".into()),
            ],
        )
        .await
    });
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) => {
            let mut mine: Vec<&DemonstrationApplication> = p
                .items
                .iter()
                .filter(|a| recommends(&props.me, a))
                .collect();
            mine.sort_by_key(|a| a.submitted_at);
            html! {
                <div class="table-scroll">
                    <table class="data-table" id="recommend-queue">
                        <thead><tr>
                            <th>{ t.demo.unit }</th><th>{ t.demo.round_name }</th><th>{ t.demo.self_total }</th>
                            <th>{ t.demo.submitted_at }</th><th>{ t.col_status }</th>
                        </tr></thead>
                        <tbody>
                            if mine.is_empty() {
                                <tr><td colspan="5" class="table-empty">{ t.demo.queue_empty }</td></tr>
                            }
                            { for mine.iter().map(|a| html! {
                                <tr id={format!("queue-{}", a.id)} data-unit={a.unit_name.clone()}>
                                    <td><Href to={format!("/demonstration/applications/{}", a.id)}>{ a.unit_name.clone() }</Href></td>
                                    <td>{ a.round_name.clone() }</td>
                                    <td class="num">{ show(a.self_total) }</td>
                                    <td class="nowrap">{ a.submitted_at.as_ref().map(format::local_time).unwrap_or_default() }</td>
                                    <td>{ application_badges(a, t) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        }
    };
    html! {
        <>
            { header(t, &props.me) }
            <section class="card" aria-labelledby="queue-title">
                <h2 class="card-title" id="queue-title">{ t.demo.queue_title }</h2>
                <p class="muted">{ t.demo.queue_hint }</p>
                { body }
            </section>
        </>
    }
}
