//! One module per page.

pub mod audit;
pub mod dashboard;
pub mod disclosure;
pub mod discretion;
pub mod exports;
pub mod login;
pub mod not_found;
pub mod placeholder;
pub mod powers;
pub mod setup;
pub mod tasks;
pub mod ui_kit;
pub mod units;

use std::rc::Rc;

use api_types::auth::Me;
use yew::prelude::*;

use crate::app::{capability, Route};
use crate::components::ErrorPanel;
use crate::services::api::ApiError;

/// The page of a signed-in route.
pub fn page(route: &Route, me: &Rc<Me>) -> Html {
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
        Route::Tasks => html! { <tasks::board::BoardPage me={me.clone()} /> },
        Route::TaskTodo => html! { <tasks::todo::TodoPage me={me.clone()} /> },
        Route::TaskReport => html! { <tasks::report::ReportPage me={me.clone()} /> },
        Route::TaskNotices => html! { <tasks::notices::NoticesPage me={me.clone()} /> },
        Route::Task { id } => html! { <tasks::detail::TaskPage me={me.clone()} id={id.clone()} /> },
        Route::Disclosure => html! { <disclosure::list::RecordsPage me={me.clone()} /> },
        Route::DisclosureNew => html! { <disclosure::form::NewRecordPage me={me.clone()} /> },
        Route::DisclosureCompleteness => {
            html! { <disclosure::completeness::CompletenessPage me={me.clone()} /> }
        }
        Route::DisclosureRecord { id } => {
            html! { <disclosure::detail::RecordPage me={me.clone()} id={id.clone()} /> }
        }
        Route::Powers => html! { <powers::PowersPage me={Some(me.clone())} /> },
        Route::Discretion => html! { <discretion::DiscretionPage /> },
        Route::Units => html! { <units::UnitsPage /> },
        Route::Audit => html! { <audit::AuditPage /> },
        Route::UiKit => html! { <ui_kit::UiKitPage /> },
        _ => html! { <not_found::NotFoundPage /> },
    }
}

/// Props of the pages that need the signed-in user.
#[derive(Properties, PartialEq)]
pub struct MeProps {
    pub me: Rc<Me>,
}

/// The "no permission" panel.
pub fn forbidden() -> Html {
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
