//! The application: providers, and which page each route shows (public pages directly,
//! the others behind the sign-in guard and their capability's permission). The only
//! module that imports the pages; they import `routes` and `capability` instead.

use std::rc::Rc;

use api_types::auth::Me;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::capability::capability;
use crate::components::{ErrorPanel, Layout, Loading, PublicFrame, ToastProvider};
use crate::hooks::{use_session, Notice, SessionProvider, SessionStatus};
use crate::i18n::{I18n, Lang};
use crate::pages::{self, forbidden};
use crate::routes::{remember_return_to, Route};

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
        Route::PublicBulletins => html! {
            <PublicFrame><pages::cases::public::PublicBulletinsPage /></PublicFrame>
        },
        Route::PublicBulletin { id } => html! {
            <PublicFrame><pages::cases::public::PublicBulletinPage {id} /></PublicFrame>
        },
        route => html! { <Protected {route} /> },
    }
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
        // A temporary password: nothing but setting one's own until it is replaced.
        SessionStatus::SignedIn(me) if me.must_change_password && props.route != Route::Account => {
            html! { <Redirect<Route> to={Route::Account} /> }
        }
        SessionStatus::SignedIn(me) => html! {
            <Layout me={me.clone()}>{ page(&props.route, me) }</Layout>
        },
    }
}

/// The page of a signed-in route.
fn page(route: &Route, me: &Rc<Me>) -> Html {
    if let Some(cap) = capability(route) {
        if !cap.allowed(me) {
            return forbidden();
        }
        if !cap.built {
            return html! { <pages::placeholder::PlaceholderPage route={route.clone()} /> };
        }
    }
    match route {
        Route::Dashboard => html! { <pages::dashboard::DashboardPage /> },
        Route::Tasks => html! { <pages::tasks::board::BoardPage me={me.clone()} /> },
        Route::TaskTodo => html! { <pages::tasks::todo::TodoPage me={me.clone()} /> },
        Route::TaskReport => html! { <pages::tasks::report::ReportPage me={me.clone()} /> },
        Route::TaskNotices => html! { <pages::tasks::notices::NoticesPage me={me.clone()} /> },
        Route::NoticePrint { id } => {
            html! { <pages::tasks::print::NoticePrintPage id={id.clone()} /> }
        }
        Route::Task { id } => {
            html! { <pages::tasks::detail::TaskPage me={me.clone()} id={id.clone()} /> }
        }
        Route::Statistics => html! { <pages::statistics::list::ReportsPage me={me.clone()} /> },
        Route::StatisticsRegion => {
            html! { <pages::statistics::region::RegionPage me={me.clone()} /> }
        }
        Route::MajorDecisions => {
            html! { <pages::statistics::decisions::DecisionsPage me={me.clone()} /> }
        }
        Route::MajorDecision { id } => {
            html! { <pages::statistics::decisions::DecisionPage me={me.clone()} id={id.clone()} /> }
        }
        Route::RiskAssessments => html! { <pages::statistics::risks::RisksPage me={me.clone()} /> },
        Route::RiskAssessment { id } => {
            html! { <pages::statistics::risks::RiskPage me={me.clone()} id={id.clone()} /> }
        }
        Route::StatisticsReport { id } => {
            html! { <pages::statistics::report::ReportPage me={me.clone()} id={id.clone()} /> }
        }
        Route::Quizzes => html! { <pages::quizzes::QuizzesHome me={me.clone()} /> },
        Route::Training => html! { <pages::training::TrainingHome me={me.clone()} /> },
        Route::Cases => html! { <pages::cases::CasesHome me={me.clone()} /> },
        Route::CaseNew => html! { <pages::cases::form::CaseFormPage me={me.clone()} /> },
        Route::CaseEdit { id } => {
            html! { <pages::cases::form::CaseFormPage me={me.clone()} id={Some(id.clone())} /> }
        }
        Route::Case { id } => {
            html! { <pages::cases::detail::CasePage me={me.clone()} id={id.clone()} /> }
        }
        Route::CaseBulletins => {
            html! { <pages::cases::bulletins::BulletinsPage me={me.clone()} /> }
        }
        Route::CaseBulletinNew => {
            html! { <pages::cases::bulletins::BulletinPage me={me.clone()} /> }
        }
        Route::CaseBulletin { id } => {
            html! { <pages::cases::bulletins::BulletinPage me={me.clone()} id={Some(id.clone())} /> }
        }
        Route::CaseOutcomes => html! { <pages::cases::outcomes::OutcomesPage me={me.clone()} /> },
        Route::Assessment => html! { <pages::assessment::reviews::ReviewsPage me={me.clone()} /> },
        Route::AssessmentReview { id } => {
            html! { <pages::assessment::review::ReviewPage me={me.clone()} id={id.clone()} /> }
        }
        Route::AssessmentRuns => html! { <pages::assessment::runs::RunsPage me={me.clone()} /> },
        Route::AssessmentRun { id } => {
            html! { <pages::assessment::runs::RunPage me={me.clone()} id={id.clone()} /> }
        }
        Route::AssessmentNotices => {
            html! { <pages::assessment::notices::NoticesPage me={me.clone()} /> }
        }
        Route::AssessmentNotice { id } => {
            html! { <pages::assessment::notices::NoticePage me={me.clone()} id={id.clone()} /> }
        }
        Route::AssessmentNoticePrint { id } => {
            html! { <pages::assessment::notices::NoticePrintPage id={id.clone()} /> }
        }
        Route::AssessmentRules => html! { <pages::assessment::rules::RulesPage me={me.clone()} /> },
        Route::AssessmentRule { id } => {
            html! { <pages::assessment::rules::RulePage me={me.clone()} id={id.clone()} /> }
        }
        Route::Demonstration
        | Route::DemonstrationQueue
        | Route::DemonstrationReviews
        | Route::DemonstrationReview { .. }
        | Route::DemonstrationRoundNew
        | Route::DemonstrationRoundEdit { .. }
        | Route::DemonstrationApply { .. }
        | Route::DemonstrationRound { .. }
        | Route::DemonstrationCertificate { .. }
        | Route::DemonstrationApplication { .. } => pages::demonstration::page(route, me),
        Route::TrainingEvents => {
            html! { <pages::training::events::EventsPage me={me.clone()} /> }
        }
        Route::TrainingEventNew => {
            html! { <pages::training::events::NewEventPage me={me.clone()} /> }
        }
        Route::TrainingEventEdit { id } => html! {
            <pages::training::events::EditEventPage me={me.clone()} id={id.clone()} />
        },
        Route::TrainingEvent { id } => html! {
            <pages::training::event::EventPage me={me.clone()} id={id.clone()} />
        },
        Route::TrainingSession { id } => html! {
            <pages::training::session::RosterPage me={me.clone()} id={id.clone()} />
        },
        Route::TrainingCheckInCode { id } => html! {
            <pages::training::session::CheckInCodePage me={me.clone()} id={id.clone()} />
        },
        Route::TrainingHours => html! { <pages::training::hours::HoursPage me={me.clone()} /> },
        Route::Contests => html! { <pages::training::contests::ContestsPage me={me.clone()} /> },
        Route::ContestNew => {
            html! { <pages::training::contests::NewContestPage me={me.clone()} /> }
        }
        Route::ContestEdit { id } => html! {
            <pages::training::contests::EditContestPage me={me.clone()} id={id.clone()} />
        },
        Route::Contest { id } => html! {
            <pages::training::contest::ContestPage me={me.clone()} id={id.clone()} />
        },
        Route::Degrees => html! { <pages::training::degrees::DegreesPage me={me.clone()} /> },
        Route::TrainingCalendar => {
            html! { <pages::training::calendar::CalendarPage me={me.clone()} /> }
        }
        Route::TrainingArchive => html! {
            <pages::training::archive::ArchivePage me={me.clone()} id={"me".to_string()} />
        },
        Route::TrainingPersonArchive { id } => html! {
            <pages::training::archive::ArchivePage me={me.clone()} id={id.clone()} />
        },
        Route::TrainingArchivePrint { id } => html! {
            <pages::training::archive::ArchivePrintPage id={id.clone()} />
        },
        Route::QuizWrongAnswers => {
            html! { <pages::quizzes::wrong_book::WrongBookPage me={me.clone()} /> }
        }
        Route::QuizAttempt { id } => {
            html! { <pages::quizzes::attempt::AttemptPage me={me.clone()} id={id.clone()} /> }
        }
        Route::QuizSessions => {
            html! { <pages::quizzes::sessions::list::SessionsPage me={me.clone()} /> }
        }
        Route::QuizSessionNew => {
            html! { <pages::quizzes::sessions::builder::NewSessionPage me={me.clone()} /> }
        }
        Route::QuizSessionEdit { id } => html! {
            <pages::quizzes::sessions::builder::EditSessionPage me={me.clone()} id={id.clone()} />
        },
        Route::QuizSession { id } => html! {
            <pages::quizzes::sessions::detail::SessionPage me={me.clone()} id={id.clone()} />
        },
        Route::QuestionBank => html! { <pages::quizzes::bank::BankPage me={me.clone()} /> },
        Route::QuestionNew => {
            html! { <pages::quizzes::bank::form::NewQuestionPage me={me.clone()} /> }
        }
        Route::QuestionImport => {
            html! { <pages::quizzes::bank::import::QuestionImportPage me={me.clone()} /> }
        }
        Route::Question { id } => {
            html! { <pages::quizzes::bank::detail::QuestionPage me={me.clone()} id={id.clone()} /> }
        }
        Route::StudyPlans => html! { <pages::quizzes::plans::PlansPage me={me.clone()} /> },
        Route::StudyPlanNew => {
            html! { <pages::quizzes::plans::form::NewPlanPage me={me.clone()} /> }
        }
        Route::StudyPlan { id } => {
            html! { <pages::quizzes::plans::detail::PlanPage me={me.clone()} id={id.clone()} /> }
        }
        Route::Disclosure => html! { <pages::disclosure::list::RecordsPage me={me.clone()} /> },
        Route::DisclosureNew => {
            html! { <pages::disclosure::form::NewRecordPage me={me.clone()} /> }
        }
        Route::DisclosureImport => {
            html! { <pages::disclosure::import::ImportPage me={me.clone()} /> }
        }
        Route::DisclosureCompleteness => {
            html! { <pages::disclosure::completeness::CompletenessPage me={me.clone()} /> }
        }
        Route::DisclosureRecord { id } => {
            html! { <pages::disclosure::detail::RecordPage me={me.clone()} id={id.clone()} /> }
        }
        Route::Powers => html! { <pages::powers::PowersPage me={Some(me.clone())} /> },
        Route::Discretion => html! { <pages::discretion::DiscretionPage /> },
        Route::DiscretionBenchmarks => {
            html! { <pages::benchmarks::BenchmarksPage me={me.clone()} /> }
        }
        Route::Units => html! { <pages::units::UnitsPage me={me.clone()} /> },
        Route::Users => html! { <pages::users::UsersPage me={me.clone()} /> },
        Route::Account => html! { <pages::account::AccountPage me={me.clone()} /> },
        Route::Calendar => html! { <pages::calendar::CalendarPage me={me.clone()} /> },
        Route::Notifications => {
            html! { <pages::notifications::NotificationsPage me={me.clone()} /> }
        }
        Route::Webhooks => html! { <pages::webhooks::WebhooksPage me={me.clone()} /> },
        Route::ServiceAccounts => {
            html! { <pages::service_accounts::ServiceAccountsPage me={me.clone()} /> }
        }
        Route::Audit => html! { <pages::audit::AuditPage /> },
        Route::UiKit => html! { <pages::ui_kit::UiKitPage /> },
        _ => html! { <pages::not_found::NotFoundPage /> },
    }
}
