//! `/demonstration/applications/:id/certificate`: the certificate of a named unit of a
//! published round, laid out on A4 for printing (the print stylesheet leaves out the
//! application around it).

use api_types::demonstration::DemonstrationCertificate;
use yew::prelude::*;

use crate::components::{ErrorPanel, Href, Loading};
use crate::format::chinese_date;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct CertificateProps {
    pub id: String,
}

#[function_component]
pub fn CertificatePage(props: &CertificateProps) -> Html {
    let t = use_i18n().t();
    let certificate = use_fetch(props.id.clone(), |id| async move {
        api::get::<DemonstrationCertificate>(&format!(
            "/demonstration-applications/{id}/certificate"
        ))
        .await
    });
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let c = match (certificate.data(), certificate.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(certificate.reload.clone())} /> }
        }
        (Some(c), None) => c,
        (None, None) => return html! { <Loading /> },
    };
    html! {
        <>
            <div class="print-actions no-print">
                <Href to={format!("/demonstration/applications/{}", c.application_id)} class={classes!("btn")}>{ t.print_back }</Href>
                <button type="button" id="print-now" class="btn btn-primary" onclick={print}>{ t.print_now }</button>
                <span class="muted">{ t.print_hint }</span>
            </div>
            <article class="official-document certificate" id="certificate" lang="zh-CN">
                <p class="certificate-word">{ "荣誉证书" }</p>
                <p class="certificate-unit" id="certificate-unit">{ c.unit_name.clone() }{ "：" }</p>
                <div class="doc-body certificate-text">
                    { for c.text.split('\n').filter(|p| !p.trim().is_empty()).map(|p| html! { <p>{ p.trim().to_string() }</p> }) }
                </div>
                <h1 class="certificate-title" id="certificate-title">{ c.title.clone() }</h1>
                <footer class="doc-sign">
                    <div class="doc-seal" aria-label="印章位置">{ "（印章）" }</div>
                    <p class="doc-signer" id="certificate-issuer">{ c.issuer.clone() }</p>
                    <p class="doc-date" id="certificate-date">{ chinese_date(c.issued_on) }</p>
                </footer>
            </article>
        </>
    }
}
