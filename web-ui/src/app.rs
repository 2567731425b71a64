//! The application: routes, providers, the capability list and route guarding.

use std::rc::Rc;

use api_types::auth::Me;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{ErrorPanel, Layout, Loading, PublicFrame, ToastProvider};
use crate::hooks::{use_session, Notice, SessionProvider, SessionStatus};
use crate::i18n::{I18n, Lang, Texts};
use crate::pages;
use crate::services::storage;

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Dashboard,
    #[at("/login")]
    Login,
    #[at("/setup")]
    Setup,
    #[at("/tasks")]
    Tasks,
    #[at("/tasks/todo")]
    TaskTodo,
    #[at("/tasks/report")]
    TaskReport,
    #[at("/tasks/notices")]
    TaskNotices,
    #[at("/tasks/:id")]
    Task { id: String },
    #[at("/statistics")]
    Statistics,
    #[at("/training")]
    Training,
    #[at("/cases")]
    Cases,
    #[at("/quizzes")]
    Quizzes,
    #[at("/discretion")]
    Discretion,
    #[at("/disclosure")]
    Disclosure,
    #[at("/disclosure/new")]
    DisclosureNew,
    #[at("/disclosure/completeness")]
    DisclosureCompleteness,
    #[at("/disclosure/records/:id")]
    DisclosureRecord { id: String },
    /// A published decision, public (the Atom feed links here).
    #[at("/disclosure/:id")]
    PublicDisclosureRecord { id: String },
    #[at("/public/disclosure")]
    PublicDisclosure,
    #[at("/public/powers")]
    PublicPowers,
    #[at("/public/discretion")]
    PublicDiscretion,
    #[at("/powers")]
    Powers,
    #[at("/assessment")]
    Assessment,
    #[at("/demonstration")]
    Demonstration,
    #[at("/units")]
    Units,
    #[at("/audit")]
    Audit,
    #[at("/ui-kit")]
    UiKit,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// One capability of the platform, as the navigation and the dashboard show it.
#[derive(Clone)]
pub struct Capability {
    pub route: Route,
    pub icon: &'static str,
    /// False while the capability is a "coming soon" placeholder.
    pub built: bool,
    text: fn(&Texts) -> (&'static str, &'static str),
    /// Permission needed to see it (`None`: every signed-in user).
    permission: Option<&'static str>,
}

impl Capability {
    pub fn name(&self, t: &Texts) -> &'static str {
        (self.text)(t).0
    }

    pub fn description(&self, t: &Texts) -> &'static str {
        (self.text)(t).1
    }

    pub fn allowed(&self, me: &Me) -> bool {
        match self.permission {
            None => true,
            Some(p) => can(me, p),
        }
    }
}

const fn cap(
    route: Route,
    icon: &'static str,
    built: bool,
    text: fn(&Texts) -> (&'static str, &'static str),
    permission: Option<&'static str>,
) -> Capability {
    Capability {
        route,
        icon,
        built,
        text,
        permission,
    }
}

/// Whether the signed-in user holds `permission`.
pub fn can(me: &Me, permission: &str) -> bool {
    me.permissions.iter().any(|p| p.as_str() == permission)
}

/// The business capabilities of the work plan.
pub fn work_capabilities() -> Vec<Capability> {
    vec![
        cap(Route::Tasks, "tasks", true, |t| t.cap_tasks, None),
        cap(
            Route::Statistics,
            "statistics",
            false,
            |t| t.cap_statistics,
            None,
        ),
        cap(Route::Training, "training", false, |t| t.cap_training, None),
        cap(Route::Cases, "cases", false, |t| t.cap_cases, None),
        cap(Route::Quizzes, "quizzes", false, |t| t.cap_quizzes, None),
        cap(
            Route::Discretion,
            "discretion",
            true,
            |t| t.cap_discretion,
            None,
        ),
        cap(
            Route::Disclosure,
            "disclosure",
            true,
            |t| t.cap_disclosure,
            None,
        ),
        cap(Route::Powers, "powers", true, |t| t.cap_powers, None),
        cap(
            Route::Assessment,
            "assessment",
            false,
            |t| t.cap_assessment,
            None,
        ),
        cap(
            Route::Demonstration,
            "demonstration",
            false,
            |t| t.cap_demonstration,
            None,
        ),
    ]
}

/// Administration pages.
pub fn system_capabilities() -> Vec<Capability> {
    vec![
        cap(
            Route::Units,
            "units",
            true,
            |t| t.cap_units,
            Some("units.read"),
        ),
        cap(
            Route::Audit,
            "audit",
            true,
            |t| t.cap_audit,
            Some("audit.read"),
        ),
    ]
}

pub fn capability(route: &Route) -> Option<Capability> {
    work_capabilities()
        .into_iter()
        .chain(system_capabilities())
        .find(|c| &c.route == route)
}

#[function_component]
pub fn App() -> Html {
    let lang = use_state(Lang::load);
    use_effect_with(*lang, |lang| lang.apply_to_document());
    let i18n = I18n {
        lang: *lang,
        set_lang: {
            let lang = lang.clone();
            Callback::from(move |l: Lang| {
                l.store();
                lang.set(l);
            })
        },
    };
    html! {
        <ContextProvider<I18n> context={i18n}>
            <BrowserRouter>
                <ToastProvider>
                    <SessionProvider>
                        <Switch<Route> render={switch} />
                    </SessionProvider>
                </ToastProvider>
            </BrowserRouter>
        </ContextProvider<I18n>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Login => html! { <pages::login::LoginPage /> },
        Route::Setup => html! { <pages::setup::SetupPage /> },
        Route::PublicDisclosure => html! {
            <PublicFrame><pages::disclosure::public::PublicDisclosurePage /></PublicFrame>
        },
        Route::PublicDisclosureRecord { id } => html! {
            <PublicFrame><pages::disclosure::public::PublicRecordPage {id} /></PublicFrame>
        },
        Route::PublicPowers => html! {
            <PublicFrame><pages::powers::PowersPage me={None::<Rc<Me>>} /></PublicFrame>
        },
        Route::PublicDiscretion => html! {
            <PublicFrame><pages::discretion::DiscretionPage public=true /></PublicFrame>
        },
        route => html! { <Protected {route} /> },
    }
}

const RETURN_TO_KEY: &str = "enforcement.return_to";

/// Remembers the current address, to come back to it after signing in.
fn remember_return_to() {
    if let Some(loc) = web_sys::window().map(|w| w.location()) {
        let path = loc.pathname().unwrap_or_default() + &loc.search().unwrap_or_default();
        if path != "/" && path.starts_with('/') && !path.starts_with("//") {
            storage::set_session(RETURN_TO_KEY, &path);
        }
    }
}

/// Where to go after signing in: the remembered address or the dashboard.
pub fn take_return_to() -> Route {
    storage::take_session(RETURN_TO_KEY)
        .and_then(|path| {
            let path = path.split('?').next().unwrap_or_default().to_string();
            Route::recognize(&path)
        })
        .filter(|r| !matches!(r, Route::Login | Route::Setup | Route::NotFound))
        .unwrap_or(Route::Dashboard)
}

#[derive(Properties, PartialEq)]
struct ProtectedProps {
    route: Route,
}

/// A page for signed-in users: sends others to the sign-in page.
#[function_component]
fn Protected(props: &ProtectedProps) -> Html {
    let session = use_session();
    match &session.status {
        SessionStatus::Checking => html! { <div class="splash"><Loading /></div> },
        SessionStatus::Unavailable(error) => html! {
            <div class="splash">
                <ErrorPanel error={error.clone()} on_retry={Some(session.retry.clone())} />
            </div>
        },
        SessionStatus::SignedOut => {
            if session.notice != Some(Notice::SignedOut) {
                remember_return_to();
            }
            html! { <Redirect<Route> to={Route::Login} /> }
        }
        SessionStatus::SignedIn(me) => html! {
            <Layout me={me.clone()}>{ pages::page(&props.route, me) }</Layout>
        },
    }
}
