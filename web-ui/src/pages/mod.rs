//! One module per page.

pub mod audit;
pub mod dashboard;
pub mod login;
pub mod not_found;
pub mod placeholder;
pub mod setup;
pub mod ui_kit;
pub mod units;

use api_types::auth::Me;
use yew::prelude::*;

use crate::app::{capability, Route};
use crate::components::ErrorPanel;
use crate::services::api::ApiError;

/// The page of a signed-in route.
pub fn page(route: &Route, me: &Me) -> Html {
    if let Some(cap) = capability(route) {
        if !cap.allowed(me) {
            return forbidden();
        }
        if !cap.built {
            return html! { <placeholder::PlaceholderPage route={route.clone()} /> };
        }
    }
    match route {
        Route::Dashboard => html! { <dashboard::DashboardPage /> },
        Route::Units => html! { <units::UnitsPage /> },
        Route::Audit => html! { <audit::AuditPage /> },
        Route::UiKit => html! { <ui_kit::UiKitPage /> },
        _ => html! { <not_found::NotFoundPage /> },
    }
}

fn forbidden() -> Html {
    let problem = api_types::Problem {
        problem_type: api_types::Problem::type_uri(api_types::ErrorCode::Forbidden),
        title: api_types::ErrorCode::Forbidden.title().into(),
        status: 403,
        detail: None,
        code: api_types::ErrorCode::Forbidden,
        errors: Vec::new(),
        extensions: Default::default(),
    };
    let error = ApiError::Problem {
        problem,
        retry_after: None,
    };
    html! { <ErrorPanel {error} /> }
}
