//! `/demonstration`: the rounds, with the deadlines and how many
//! applications stand where (逾期未提交 once the deadline has passed). The city bureau
//! sets up a new round here.

use api_types::demonstration::{DemonstrationRound, RoundStatus};
use api_types::{Page, Permission};
use yew::prelude::*;

use super::{header, round_badge};
use crate::capability::can;
use crate::components::{ErrorPanel, Href, Loading, SelectField};
use crate::hooks::use_fetch;
use crate::i18n::{use_i18n, Texts};
use crate::pages::MeProps;
use crate::services::api;

#[function_component]
pub fn RoundsPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let status = use_state(String::new);
    let list = use_fetch((*status).clone(), |status| async move {
        let mut query = vec![("per_page", "100".to_string())];
        if !status.is_empty() {
            query.push(("status", status));
        }
        api::get_list::<Page<DemonstrationRound>>("/demonstration-rounds", &query).await
    });
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted" id="no-rounds">{ t.demo.no_rounds }</p> }
        }
        (Some(p), None) => html! {
            <div class="table-scroll">
                <table class="data-table" id="round-list">
                    <thead><tr>
                        <th>{ t.demo.year }</th><th>{ t.demo.round_name }</th><th>{ t.col_status }</th>
                        <th>{ t.demo.apply_by }</th><th>{ t.demo.review_by }</th><th>{ t.demo.tally }</th>
                    </tr></thead>
                    <tbody>
                        { for p.items.iter().map(|r| row(r, t)) }
                    </tbody>
                </table>
            </div>
        },
    };
    let statuses: Vec<(AttrValue, AttrValue)> = std::iter::once((
        AttrValue::Static(""),
        AttrValue::Static(t.demo.all_statuses),
    ))
    .chain(RoundStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.demo.round_status)(*s)),
        )
    }))
    .collect();
    html! {
        <>
            { header(t, &props.me) }
            <section class="card" aria-labelledby="rounds-title">
                <div class="card-toolbar">
                    <h2 class="card-title" id="rounds-title">{ t.demo.rounds_title }</h2>
                    <span class="toolbar-spacer"></span>
                    <SelectField id="round-status-filter" label={t.col_status} value={(*status).clone()} options={statuses}
                                 on_change={let s = status.clone(); Callback::from(move |v| s.set(v))} />
                    if can(&props.me, Permission::DemonstrationManage) {
                        <Href to="/demonstration/rounds/new" id={Some(AttrValue::Static("new-round"))}
                              class={classes!("btn", "btn-primary")}>{ t.demo.new_round }</Href>
                    }
                </div>
                { body }
            </section>
        </>
    }
}

fn row(r: &DemonstrationRound, t: &'static Texts) -> Html {
    let tally = r.tally;
    html! {
        <tr id={format!("round-{}", r.id)} data-year={r.content.year.to_string()}>
            <td>{ r.content.year }</td>
            <td><Href to={format!("/demonstration/rounds/{}", r.id)}>{ r.content.name.clone() }</Href></td>
            <td>{ round_badge(r.status, t) }</td>
            <td class="nowrap">{ r.content.apply_by.to_string() }
                if r.accepting { <span class="muted">{ format!(" {}", t.demo.accepting) }</span> }</td>
            <td class="nowrap">{ r.content.review_by.to_string() }</td>
            <td class="tally">
                { tally_text(r, t) }
                if !r.accepting && tally.drafts > 0 {
                    <span class="text-danger tally-overdue">{ format!(" {}", (t.demo.overdue_count)(tally.drafts)) }</span>
                }
            </td>
        </tr>
    }
}

/// 草稿 n · 待推荐 n · 已推荐 n · 未推荐 n.
pub fn tally_text(r: &DemonstrationRound, t: &Texts) -> String {
    let tally = r.tally;
    (t.demo.tally_text)(
        tally.drafts,
        tally.submitted,
        tally.recommended,
        tally.declined,
    )
}
