//! The download button every list offers: fetches the list's workbook with the same
//! filters (`GET <list>:xlsx?…`, with the token) and offers it as a file. Also any file
//! the API serves under its own name (an attachment).

use yew::prelude::*;

use crate::format::today_date;
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::services::{api, download};

#[derive(Properties, PartialEq)]
pub struct DownloadButtonProps {
    pub id: AttrValue,
    /// The API path with its query, e.g. `/disclosure-records:xlsx?status=published`.
    pub path: String,
    /// The file name without the date and extension, e.g. `行政处罚结果公开`.
    pub name: AttrValue,
    /// Defaults to 导出 Excel.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The file's extension.
    #[prop_or(AttrValue::Static("xlsx"))]
    pub extension: AttrValue,
    /// The exact file name, instead of `name-date.extension` (an attachment's own).
    #[prop_or_default]
    pub file_name: Option<AttrValue>,
    #[prop_or(classes!("btn"))]
    pub class: Classes,
}

#[function_component]
pub fn DownloadButton(props: &DownloadButtonProps) -> Html {
    let t = use_i18n().t();
    let form = use_submission();
    let toaster = crate::components::use_toaster();
    let onclick = {
        let form = form.clone();
        let path = props.path.clone();
        let file = match &props.file_name {
            Some(exact) => exact.to_string(),
            None => format!("{}-{}.{}", props.name, today_date(), props.extension),
        };
        Callback::from(move |_: MouseEvent| {
            let path = path.clone();
            let file = file.clone();
            let toaster = toaster.clone();
            form.request(async move { api::get_bytes(&path).await })
                .errors_as_toast()
                .then(move |(bytes, media_type)| {
                    if download::save_bytes(&file, &bytes, &media_type).is_err() {
                        toaster.error(t.err_unexpected);
                    }
                });
        })
    };
    let label = props
        .label
        .clone()
        .unwrap_or(AttrValue::Static(t.download_xlsx));
    html! {
        <button type="button" id={props.id.clone()} class={props.class.clone()} {onclick} disabled={form.busy()}
                aria-busy={form.busy().to_string()}>
            { if form.busy() { AttrValue::Static(t.download_running) } else { label } }
        </button>
    }
}
