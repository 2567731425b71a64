//! Page headers, loading indicators and error panels.

use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::services::api::ApiError;

#[derive(Properties, PartialEq)]
pub struct PageHeaderProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub description: Option<AttrValue>,
    /// Buttons shown at the right of the title.
    #[prop_or_default]
    pub children: Children,
}

#[function_component]
pub fn PageHeader(props: &PageHeaderProps) -> Html {
    let app_name = use_i18n().t().app_name;
    use_effect_with((props.title.clone(), app_name), |(title, app_name)| {
        set_title(&format!("{title} - {app_name}"));
    });
    html! {
        <div class="page-header">
            <div>
                <h1>{ props.title.clone() }</h1>
                if let Some(d) = &props.description {
                    <p class="page-desc">{ d.clone() }</p>
                }
            </div>
            <div class="page-actions">{ props.children.clone() }</div>
        </div>
    }
}

/// Sets the document title (read first by screen readers after navigation).
pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

#[function_component]
pub fn Loading() -> Html {
    let t = use_i18n().t();
    html! {
        <div class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            { t.loading }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    pub error: ApiError,
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

#[function_component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let t = use_i18n().t();
    // An address naming nothing (unknown or malformed id) is a missing page, not a
    // failure to retry.
    if matches!(
        props.error.code(),
        Some(api_types::ErrorCode::NotFound | api_types::ErrorCode::InvalidPathParameter)
    ) {
        return html! {
            <section class="card not-found" id="not-found">
                <p class="not-found-code" aria-hidden="true">{ "404" }</p>
                <p>{ t.not_found_body }</p>
            </section>
        };
    }
    html! {
        <div class="alert alert-error" role="alert">
            <span>{ props.error.message(t) }</span>
            if let Some(retry) = &props.on_retry {
                <button type="button" class="btn btn-small" onclick={retry.reform(|_| ())}>
                    { t.retry }
                </button>
            }
        </div>
    }
}
