//! What the signed-in user may do: the typed permission check, and the capabilities of
//! the platform as the navigation and the dashboard show them (with the permission each
//! needs).

use api_types::auth::Me;
use api_types::Permission;

use crate::i18n::Texts;
use crate::routes::Route;

/// One capability of the platform, as the navigation and the dashboard show it.
#[derive(Clone)]
pub struct Capability {
    pub route: Route,
    pub icon: &'static str,
    /// False while the capability is a "coming soon" placeholder.
    pub built: bool,
    text: fn(&Texts) -> (&'static str, &'static str),
    /// Permissions of which the user needs any one to see it (empty: every
    /// signed-in user).
    permissions: &'static [Permission],
}

impl Capability {
    pub fn name(&self, t: &Texts) -> &'static str {
        (self.text)(t).0
    }

    pub fn description(&self, t: &Texts) -> &'static str {
        (self.text)(t).1
    }

    pub fn allowed(&self, me: &Me) -> bool {
        self.permissions.is_empty() || self.permissions.iter().any(|p| can(me, *p))
    }
}

const fn cap(
    route: Route,
    icon: &'static str,
    built: bool,
    text: fn(&Texts) -> (&'static str, &'static str),
    permissions: &'static [Permission],
) -> Capability {
    Capability {
        route,
        icon,
        built,
        text,
        permissions,
    }
}

/// Whether the signed-in user holds `permission`.
pub fn can(me: &Me, permission: Permission) -> bool {
    me.permissions.contains(&permission)
}

/// The business capabilities of the work plan.
pub fn work_capabilities() -> Vec<Capability> {
    vec![
        cap(Route::Tasks, "tasks", true, |t| t.cap_tasks, &[]),
        cap(
            Route::Statistics,
            "statistics",
            true,
            |t| t.cap_statistics,
            &[Permission::StatisticsRead],
        ),
        cap(
            Route::Training,
            "training",
            true,
            |t| t.cap_training,
            &[Permission::TrainingRead],
        ),
        cap(
            Route::Cases,
            "cases",
            true,
            |t| t.cap_cases,
            &[Permission::CasesRead, Permission::CaseOutcomesRead],
        ),
        cap(
            Route::Quizzes,
            "quizzes",
            true,
            |t| t.cap_quizzes,
            &[
                Permission::QuizzesTake,
                Permission::QuizzesManage,
                Permission::QuizResultsRead,
                Permission::QuestionsRead,
            ],
        ),
        cap(
            Route::Discretion,
            "discretion",
            true,
            |t| t.cap_discretion,
            &[],
        ),
        cap(
            Route::Disclosure,
            "disclosure",
            true,
            |t| t.cap_disclosure,
            &[],
        ),
        cap(Route::Powers, "powers", true, |t| t.cap_powers, &[]),
        cap(
            Route::Assessment,
            "assessment",
            true,
            |t| t.cap_assessment,
            &[Permission::AssessmentRead],
        ),
        cap(
            Route::Demonstration,
            "demonstration",
            true,
            |t| t.cap_demonstration,
            &[Permission::DemonstrationRead],
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
            &[Permission::UnitsRead],
        ),
        cap(
            Route::Users,
            "users",
            true,
            |t| t.cap_users,
            &[Permission::UsersRead],
        ),
        cap(
            Route::ServiceAccounts,
            "service-accounts",
            true,
            |t| t.cap_service_accounts,
            &[Permission::ServiceAccountsRead],
        ),
        cap(
            Route::Webhooks,
            "webhooks",
            true,
            |t| t.cap_webhooks,
            &[Permission::WebhooksManage],
        ),
        cap(
            Route::Calendar,
            "calendar",
            true,
            |t| t.cap_calendar,
            &[Permission::CalendarManage],
        ),
        cap(
            Route::Audit,
            "audit",
            true,
            |t| t.cap_audit,
            &[Permission::AuditRead],
        ),
    ]
}

pub fn capability(route: &Route) -> Option<Capability> {
    work_capabilities()
        .into_iter()
        .chain(system_capabilities())
        .find(|c| &c.route == route)
}
