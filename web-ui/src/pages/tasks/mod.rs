//! 工作任务与督办: the supervision board of a plan (tasks × units), a task's detail with
//! milestones and the review of progress reports, the unit's to-do list, the progress
//! report form and supervision notices.

pub mod board;
pub mod detail;
pub mod notices;
pub mod print;
pub mod report;
pub mod todo;

use api_types::plans::{NoticeStatus, Plan, PlanStatus, ProgressStatus, ReportStatus};
use api_types::Page;
use uuid::Uuid;
use yew::prelude::*;

use crate::components::{Badge, SubNav, Tone};
use crate::hooks::fetch::FetchHandle;
use crate::hooks::use_fetch;
use crate::i18n::Texts;
use crate::routes::Route;
use crate::services::{api, storage};

/// The tabs of the capability.
pub fn tabs(t: &'static Texts) -> Html {
    let items = vec![
        (Route::Tasks, AttrValue::Static(t.tasks_tab_board)),
        (Route::TaskTodo, AttrValue::Static(t.tasks_tab_todo)),
        (Route::TaskReport, AttrValue::Static(t.tasks_tab_report)),
        (Route::TaskNotices, AttrValue::Static(t.tasks_tab_notices)),
    ];
    html! { <SubNav label={t.cap_tasks.0} {items} /> }
}

pub fn progress_badge(status: ProgressStatus, t: &Texts) -> Html {
    let tone = match status {
        ProgressStatus::Pending => Tone::Neutral,
        ProgressStatus::InProgress => Tone::Info,
        ProgressStatus::Done => Tone::Success,
        ProgressStatus::Overdue => Tone::Danger,
    };
    html! { <Badge {tone} text={(t.progress_status)(status)} /> }
}

pub fn report_badge(status: ReportStatus, t: &Texts) -> Html {
    let tone = match status {
        ReportStatus::Submitted => Tone::Info,
        ReportStatus::Acknowledged => Tone::Success,
        ReportStatus::Returned => Tone::Warning,
    };
    html! { <Badge {tone} text={(t.report_status)(status)} /> }
}

pub fn notice_badge(status: NoticeStatus, t: &Texts) -> Html {
    let tone = match status {
        NoticeStatus::Issued => Tone::Warning,
        NoticeStatus::Replied => Tone::Info,
        NoticeStatus::Closed => Tone::Success,
    };
    html! { <Badge {tone} text={(t.notice_status)(status)} /> }
}

const PLAN_KEY: &str = "enforcement.plan";

/// The plan to show: the one chosen last time, else the newest active one, else the
/// newest.
pub fn chosen_plan(plans: &[Plan]) -> Option<Plan> {
    let stored = storage::get(PLAN_KEY).and_then(|s| s.parse::<Uuid>().ok());
    stored
        .and_then(|id| plans.iter().find(|p| p.id == id))
        .or_else(|| plans.iter().find(|p| p.status == PlanStatus::Active))
        .or_else(|| plans.first())
        .cloned()
}

pub fn remember_plan(id: Uuid) {
    storage::set(PLAN_KEY, &id.to_string());
}

/// The work plans, newest year first.
#[hook]
pub fn use_plans() -> FetchHandle<Page<Plan>> {
    use_fetch((), |()| async {
        api::get_list::<Page<Plan>>("/plans", &[("per_page", "100".into())]).await
    })
}

/// Evidence links, one a line.
pub fn split_links(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
