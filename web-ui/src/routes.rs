//! The addresses of the SPA: every route, and where to come back to after signing in.
//! Pages and components link with these; only `app.rs` decides which page a route shows.

use yew_router::prelude::*;

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
    #[at("/tasks/notices/:id/print")]
    NoticePrint { id: String },
    #[at("/tasks/:id")]
    Task { id: String },
    #[at("/statistics")]
    Statistics,
    #[at("/statistics/region")]
    StatisticsRegion,
    #[at("/statistics/reports/:id")]
    StatisticsReport { id: String },
    #[at("/statistics/decisions")]
    MajorDecisions,
    #[at("/statistics/decisions/:id")]
    MajorDecision { id: String },
    #[at("/statistics/risks")]
    RiskAssessments,
    #[at("/statistics/risks/:id")]
    RiskAssessment { id: String },
    #[at("/training")]
    Training,
    #[at("/training/events")]
    TrainingEvents,
    #[at("/training/events/new")]
    TrainingEventNew,
    #[at("/training/events/:id/edit")]
    TrainingEventEdit { id: String },
    #[at("/training/events/:id")]
    TrainingEvent { id: String },
    #[at("/training/sessions/:id/code")]
    TrainingCheckInCode { id: String },
    #[at("/training/sessions/:id")]
    TrainingSession { id: String },
    #[at("/training/hours")]
    TrainingHours,
    #[at("/training/contests")]
    Contests,
    #[at("/training/contests/new")]
    ContestNew,
    #[at("/training/contests/:id/edit")]
    ContestEdit { id: String },
    #[at("/training/contests/:id")]
    Contest { id: String },
    #[at("/training/degrees")]
    Degrees,
    #[at("/training/calendar")]
    TrainingCalendar,
    #[at("/training/archive")]
    TrainingArchive,
    #[at("/training/archive/:id/print")]
    TrainingArchivePrint { id: String },
    #[at("/training/archive/:id")]
    TrainingPersonArchive { id: String },
    #[at("/cases")]
    Cases,
    #[at("/cases/new")]
    CaseNew,
    #[at("/cases/bulletins")]
    CaseBulletins,
    #[at("/cases/bulletins/new")]
    CaseBulletinNew,
    #[at("/cases/bulletins/:id")]
    CaseBulletin { id: String },
    #[at("/cases/outcomes")]
    CaseOutcomes,
    #[at("/cases/:id/edit")]
    CaseEdit { id: String },
    #[at("/cases/:id")]
    Case { id: String },
    #[at("/quizzes")]
    Quizzes,
    #[at("/quizzes/wrong-answers")]
    QuizWrongAnswers,
    #[at("/quizzes/attempts/:id")]
    QuizAttempt { id: String },
    #[at("/quizzes/sessions")]
    QuizSessions,
    #[at("/quizzes/sessions/new")]
    QuizSessionNew,
    #[at("/quizzes/sessions/:id/edit")]
    QuizSessionEdit { id: String },
    #[at("/quizzes/sessions/:id")]
    QuizSession { id: String },
    #[at("/quizzes/bank")]
    QuestionBank,
    #[at("/quizzes/bank/new")]
    QuestionNew,
    #[at("/quizzes/bank/import")]
    QuestionImport,
    #[at("/quizzes/bank/:id")]
    Question { id: String },
    #[at("/quizzes/plans")]
    StudyPlans,
    #[at("/quizzes/plans/new")]
    StudyPlanNew,
    #[at("/quizzes/plans/:id")]
    StudyPlan { id: String },
    #[at("/discretion")]
    Discretion,
    #[at("/discretion/benchmarks")]
    DiscretionBenchmarks,
    #[at("/disclosure")]
    Disclosure,
    #[at("/disclosure/new")]
    DisclosureNew,
    #[at("/disclosure/completeness")]
    DisclosureCompleteness,
    #[at("/disclosure/import")]
    DisclosureImport,
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
    #[at("/public/case-bulletins")]
    PublicBulletins,
    #[at("/public/case-bulletins/:id")]
    PublicBulletin { id: String },
    #[at("/powers")]
    Powers,
    #[at("/assessment")]
    Assessment,
    #[at("/assessment/reviews/:id")]
    AssessmentReview { id: String },
    #[at("/assessment/runs")]
    AssessmentRuns,
    #[at("/assessment/runs/:id")]
    AssessmentRun { id: String },
    #[at("/assessment/notices")]
    AssessmentNotices,
    #[at("/assessment/notices/:id/print")]
    AssessmentNoticePrint { id: String },
    #[at("/assessment/notices/:id")]
    AssessmentNotice { id: String },
    #[at("/assessment/rules")]
    AssessmentRules,
    #[at("/assessment/rules/:id")]
    AssessmentRule { id: String },
    #[at("/demonstration")]
    Demonstration,
    #[at("/demonstration/queue")]
    DemonstrationQueue,
    #[at("/demonstration/reviews")]
    DemonstrationReviews,
    #[at("/demonstration/reviews/:id")]
    DemonstrationReview { id: String },
    #[at("/demonstration/rounds/new")]
    DemonstrationRoundNew,
    #[at("/demonstration/rounds/:id/edit")]
    DemonstrationRoundEdit { id: String },
    #[at("/demonstration/rounds/:id/apply")]
    DemonstrationApply { id: String },
    #[at("/demonstration/rounds/:id")]
    DemonstrationRound { id: String },
    #[at("/demonstration/applications/:id/certificate")]
    DemonstrationCertificate { id: String },
    #[at("/demonstration/applications/:id")]
    DemonstrationApplication { id: String },
    #[at("/units")]
    Units,
    #[at("/users")]
    Users,
    #[at("/account")]
    Account,
    #[at("/notifications")]
    Notifications,
    #[at("/calendar")]
    Calendar,
    #[at("/service-accounts")]
    ServiceAccounts,
    #[at("/webhooks")]
    Webhooks,
    #[at("/audit")]
    Audit,
    #[at("/ui-kit")]
    UiKit,
    #[not_found]
    #[at("/404")]
    NotFound,
}

const RETURN_TO_KEY: &str = "enforcement.return_to";

/// Remembers the current address, to come back to it after signing in.
pub fn remember_return_to() {
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
