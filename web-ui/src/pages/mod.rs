//! One module per page.

pub mod account;
pub mod assessment;
pub mod audit;
pub mod benchmarks;
pub mod calendar;
pub mod cases;
pub mod dashboard;
pub mod demonstration;
pub mod disclosure;
pub mod discretion;
pub mod exports;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod placeholder;
pub mod powers;
pub mod quizzes;
pub mod service_accounts;
pub mod setup;
pub mod statistics;
pub mod tasks;
pub mod training;
pub mod ui_kit;
pub mod units;
pub mod users;
pub mod webhooks;

use std::rc::Rc;

use api_types::auth::Me;
use yew::prelude::*;

use crate::components::ErrorPanel;
use crate::services::api::ApiError;

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
