//! Capabilities not built yet: a clearly marked "coming soon" page.

use yew::prelude::*;

use crate::capability::capability;
use crate::components::{Badge, Icon, NavLink, PageHeader, Tone};
use crate::i18n::use_i18n;
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct PlaceholderProps {
    pub route: Route,
}

#[function_component]
pub fn PlaceholderPage(props: &PlaceholderProps) -> Html {
    let t = use_i18n().t();
    let Some(cap) = capability(&props.route) else {
        return html! {};
    };
    html! {
        <>
            <PageHeader title={cap.name(t)} description={Some(AttrValue::Static(cap.description(t)))} />
            <section class="card coming-soon" id="coming-soon">
                <span class="coming-soon-icon"><Icon name={cap.icon} /></span>
                <Badge tone={Tone::Warning} text={t.coming_soon} />
                <p>{ t.coming_soon_body }</p>
                <NavLink to={Route::Dashboard} class="btn">{ t.back_home }</NavLink>
            </section>
        </>
    }
}
