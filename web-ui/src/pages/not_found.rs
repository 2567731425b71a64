//! 404.

use yew::prelude::*;

use crate::components::{NavLink, PageHeader};
use crate::i18n::use_i18n;
use crate::routes::Route;

#[function_component]
pub fn NotFoundPage() -> Html {
    let t = use_i18n().t();
    html! {
        <>
            <PageHeader title={t.not_found_title} />
            <section class="card not-found" id="not-found">
                <p class="not-found-code" aria-hidden="true">{ "404" }</p>
                <p>{ t.not_found_body }</p>
                <NavLink to={Route::Dashboard} class="btn btn-primary">{ t.back_home }</NavLink>
            </section>
        </>
    }
}
