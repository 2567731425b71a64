//! `/public/case-bulletins` and `/public/case-bulletins/:id` (no sign-in): the published
//! typical-case bulletins, masked as the API returns them, with their Atom feed.

use api_types::cases::{BulletinContent, PublicBulletin};
use api_types::Page;
use yew::prelude::*;

use super::bulletins::official;
use crate::components::{ErrorPanel, Href, Loading, PageHeader};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::services::api;

const FEED: &str = "/api/v1/public/case-bulletins/feed";

#[function_component]
pub fn PublicBulletinsPage() -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list_public::<Page<PublicBulletin>>(
            "/public/case-bulletins",
            &[("per_page", "50".into())],
        )
        .await
    });
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted">{ t.cs.no_bulletins }</p> }
        }
        (Some(p), None) => html! {
            <ul class="plain-list" id="public-bulletins">
                { for p.items.iter().map(|b| html! {
                    <li id={format!("public-bulletin-{}", b.id)}>
                        <Href to={format!("/public/case-bulletins/{}", b.id)}>{ format!("{} {}", b.number, b.title) }</Href>
                        <span class="muted">{ format!("　{}　{}", b.quarter, format::local_date(&b.published_at)) }</span>
                        <ul>
                            { for b.cases.iter().map(|c| html! { <li>{ format!("{}（{}）", c.text.title, c.unit_name) }</li> }) }
                        </ul>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <>
            <PageHeader title={t.cs.public_title} description={Some(AttrValue::Static(t.cs.public_intro))} />
            <section class="card">
                <a href={FEED} class="btn btn-small" id="bulletin-feed">{ t.cs.feed }</a>
                { body }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PublicBulletinProps {
    pub id: String,
}

#[function_component]
pub fn PublicBulletinPage(props: &PublicBulletinProps) -> Html {
    let t = use_i18n().t();
    let bulletin = use_fetch(props.id.clone(), |id| async move {
        api::get_public::<PublicBulletin>(&format!("/public/case-bulletins/{id}")).await
    });
    match (bulletin.data(), bulletin.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(bulletin.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(b), None) => {
            let content = BulletinContent {
                year: b.year,
                issue_no: b.issue_no,
                quarter: b.quarter.clone(),
                title: b.title.clone(),
                preface: b.preface.clone(),
                items: Vec::new(),
                corrects_id: b.corrects.as_ref().map(|r| r.id),
                correction_reason: b.correction_reason.clone(),
            };
            let corrects = b.corrects.as_ref().map(|r| {
                (
                    r.number.as_str(),
                    b.correction_reason.as_deref().unwrap_or_default(),
                )
            });
            html! {
                <section class="card">
                    <p class="no-print"><Href to="/public/case-bulletins">{ t.cs.public_title }</Href></p>
                    { official(t, &b.number, &content, &b.cases, Some(b.published_at), b.corrected_by.as_ref().map(|r| r.number.as_str()), corrects) }
                </section>
            }
        }
    }
}
