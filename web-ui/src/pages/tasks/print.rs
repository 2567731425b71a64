//! The print view of a supervision notice: laid out as an official document (公文) on
//! A4 — issuing body, document number, title, addressee, body, reply deadline, signing
//! body and date, seal area. The print stylesheet leaves out the application around it.

use api_types::plans::SupervisionNotice;
use chrono::NaiveDate;
use yew::prelude::*;

use crate::components::{ErrorPanel, Href, Loading};
use crate::format::chinese_date;
use crate::hooks::{unit_name, use_fetch, use_units};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct NoticePrintProps {
    pub id: String,
}

#[function_component]
pub fn NoticePrintPage(props: &NoticePrintProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let notice = use_fetch(props.id.clone(), |id| async move {
        api::get::<SupervisionNotice>(&format!("/supervision-notices/{id}")).await
    });
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let n = match (notice.data(), notice.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(notice.reload.clone())} /> }
        }
        (Some(n), None) => n,
        (None, None) => return html! { <Loading /> },
    };
    let issuer = unit_name(&units, &n.issued_by_unit_id, lang);
    let addressee = unit_name(&units, &n.unit_id, lang);
    let issued = crate::format::local_date(&n.created_at);
    let issued_day = NaiveDate::parse_from_str(&issued, "%Y-%m-%d").ok();
    html! {
        <>
            <div class="print-actions no-print">
                <Href to="/tasks/notices" class="btn">{ t.print_back }</Href>
                <button type="button" id="print-now" class="btn btn-primary" onclick={print}>{ t.print_now }</button>
                <span class="muted">{ t.print_hint }</span>
            </div>
            <article class="official-document" id="notice-print" lang="zh-CN">
                <header class="doc-head">
                    <p class="doc-issuer" id="doc-issuer">{ format!("{issuer}文件") }</p>
                    <p class="doc-number" id="doc-number">{ n.document_number.clone() }</p>
                    <hr class="doc-rule" />
                </header>
                <h1 class="doc-title" id="doc-title">{ n.subject.clone() }</h1>
                <p class="doc-addressee">{ format!("{addressee}：") }</p>
                <div class="doc-body">
                    { for n.body.split('\n').filter(|p| !p.trim().is_empty()).map(|p| html! { <p>{ p.trim().to_string() }</p> }) }
                    <p id="doc-deadline">{ format!("请于{}前书面回复办理情况。", chinese_date(n.reply_deadline)) }</p>
                </div>
                <footer class="doc-sign">
                    <div class="doc-seal" aria-label="印章位置">{ "（印章）" }</div>
                    <p class="doc-signer">{ issuer.clone() }</p>
                    <p class="doc-date" id="doc-date">{ issued_day.map(chinese_date).unwrap_or(issued) }</p>
                </footer>
            </article>
        </>
    }
}
