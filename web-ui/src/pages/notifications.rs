//! 消息通知 (`/notifications`): the signed-in user's notifications, unread first by
//! default. Opening one marks it read and goes where it is acted on; the bell in the
//! header follows.

use api_types::audit::ResourceKind;
use api_types::notifications::{Notification, NotificationKind, NotificationsMarked, ReminderRun};
use api_types::Permission;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{
    push_path, use_toaster, use_unread, Badge, Column, DataTable, PageHeader, Tone,
};
use crate::format;
use crate::hooks::{use_list, use_submission, ListState};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::services::api;

/// Where a notification is acted on.
pub fn target(n: &Notification) -> String {
    let task = n.task_id.map(|t| t.to_string()).unwrap_or_default();
    match (n.subject_type, n.kind) {
        (ResourceKind::Milestone, _) => {
            format!("/tasks/report?task={task}&milestone={}", n.subject_id)
        }
        (ResourceKind::SupervisionNotice, _) => format!("/tasks/notices#notice-{}", n.subject_id),
        (ResourceKind::ProgressReport, _) => format!("/tasks/{task}#report-{}", n.subject_id),
        (ResourceKind::StatisticsReport, _) => format!("/statistics/reports/{}", n.subject_id),
        (ResourceKind::StatisticsTemplate, _) => "/statistics".to_string(),
        (ResourceKind::CaseQuota, _) => "/cases".to_string(),
        (ResourceKind::AssessmentNotice, _) => format!("/assessment/notices/{}", n.subject_id),
        (_, NotificationKind::AssessmentWarning) => "/assessment/runs#warnings".to_string(),
        // Short answers waiting: the organisers grade them on the session's page.
        (ResourceKind::QuizSession, NotificationKind::ReviewWaiting) => {
            format!("/quizzes/sessions/{}#grading", n.subject_id)
        }
        // A quiz published for me or closing soon: my quizzes.
        (ResourceKind::QuizSession, _) => "/quizzes".to_string(),
        _ if n.task_id.is_some() => format!("/tasks/{task}"),
        _ => "/tasks/todo".to_string(),
    }
}

fn tone(kind: NotificationKind) -> Tone {
    match kind {
        NotificationKind::DeadlinePassed | NotificationKind::ReportReturned => Tone::Danger,
        NotificationKind::DeadlineSoon | NotificationKind::NoticeReceived => Tone::Warning,
        NotificationKind::ReviewWaiting | NotificationKind::QuizOpen => Tone::Info,
        NotificationKind::AssessmentWarning => Tone::Warning,
    }
}

#[function_component]
pub fn NotificationsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let lang = i18n.lang;
    let toaster = use_toaster();
    let unread = use_unread();
    let only_unread = use_state(|| true);
    let list_state = use_state(|| ListState::new(20));
    let filters = if *only_unread {
        vec![("unread", "true".to_string())]
    } else {
        Vec::new()
    };
    let list = use_list::<Notification>("/me/notifications", (*list_state).clone(), filters);
    let marking = use_submission();
    let running = use_submission();

    let after_change = {
        let (reload, refresh) = (list.reload.clone(), unread.refresh.clone());
        Callback::from(move |()| {
            reload.emit(());
            refresh.emit(());
        })
    };
    let open = {
        let refresh = unread.refresh.clone();
        Callback::from(move |n: Notification| {
            let refresh = refresh.clone();
            spawn_local(async move {
                if n.read_at.is_none() {
                    let path = format!("/me/notifications/{}/read", n.id);
                    // Going there matters more than the mark; the bell corrects itself.
                    let _ = api::post::<_, ()>(&path, &()).await;
                    refresh.emit(());
                }
                push_path(&target(&n));
            });
        })
    };
    let mark_one = {
        let after_change = after_change.clone();
        Callback::from(move |n: Notification| {
            let after_change = after_change.clone();
            spawn_local(async move {
                let path = format!("/me/notifications/{}/read", n.id);
                if api::post::<_, ()>(&path, &()).await.is_ok() {
                    after_change.emit(());
                }
            });
        })
    };
    let mark_all = {
        let (marking, after_change, toaster) =
            (marking.clone(), after_change.clone(), toaster.clone());
        Callback::from(move |_| {
            let (after_change, toaster) = (after_change.clone(), toaster.clone());
            marking
                .request(async move {
                    api::post::<_, NotificationsMarked>("/me/notifications/read-all", &()).await
                })
                .errors_as_toast()
                .then(move |m| {
                    toaster.success((t.notif_marked)(m.marked));
                    after_change.emit(());
                });
        })
    };
    let run_reminders = {
        let (running, after_change, toaster) = (running.clone(), after_change.clone(), toaster);
        Callback::from(move |_| {
            let (after_change, toaster) = (after_change.clone(), toaster.clone());
            running
                .request(async move { api::post::<_, ReminderRun>("/reminders/run", &()).await })
                .errors_as_toast()
                .then(move |r| {
                    toaster.success((t.notif_sent)(r.created));
                    after_change.emit(());
                });
        })
    };
    let tab = |unread_only: bool, label: &'static str, id: &'static str| {
        let (only_unread, list_state) = (only_unread.clone(), list_state.clone());
        let current = *only_unread == unread_only;
        html! {
            <button type="button" {id} class={classes!("segment", current.then_some("active"))}
                    aria-pressed={current.to_string()}
                    onclick={Callback::from(move |_| {
                        only_unread.set(unread_only);
                        list_state.set(ListState::new(20));
                    })}>
                { label }
            </button>
        }
    };

    let columns = vec![
        Column::new(t.col_kind, move |n: &Notification| {
            let t = lang.texts();
            html! { <Badge tone={tone(n.kind)} text={(t.notif_kind)(n.kind)} /> }
        })
        .class("nowrap"),
        Column::new(t.col_task, move |n: &Notification| {
            let t = lang.texts();
            html! { n.task_number.map(|num| (t.task_number)(num)).unwrap_or_default() }
        })
        .class("nowrap"),
        Column::new(t.col_item, move |n: &Notification| {
            let t = lang.texts();
            let title = match n.subject_type {
                ResourceKind::ProgressReport => (t.notif_report_title)(&n.title),
                _ => n.title.clone(),
            };
            html! { <span class="cell-main notification-title">{ title }</span> }
        }),
        Column::new(t.col_due, |n: &Notification| {
            html! { n.due_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }
        })
        .class("nowrap"),
        Column::new(t.col_time, |n: &Notification| html! { format::local_time(&n.created_at) })
            .class("nowrap"),
        Column::new(t.col_status, move |n: &Notification| {
            let t = lang.texts();
            if n.read_at.is_some() {
                html! { <Badge text={t.notif_read} /> }
            } else {
                html! { <Badge tone={Tone::Info} text={t.notif_tab_unread} /> }
            }
        })
        .class("nowrap"),
        Column::new(t.col_actions, move |n: &Notification| {
            let t = lang.texts();
            let (open, mark_one) = (open.clone(), mark_one.clone());
            let (a, b) = (n.clone(), n.clone());
            html! {
                <span class="row-actions">
                    <button type="button" class="btn btn-small btn-primary notification-open"
                            onclick={Callback::from(move |_| open.emit(a.clone()))}>{ t.notif_open }</button>
                    if n.read_at.is_none() {
                        <button type="button" class="btn btn-small notification-mark"
                                onclick={Callback::from(move |_| mark_one.emit(b.clone()))}>{ t.notif_mark_read }</button>
                    }
                </span>
            }
        })
        .class("nowrap"),
    ];
    let empty = if *only_unread {
        t.notif_empty_unread
    } else {
        t.notif_empty
    };
    let nothing = list.data().is_some_and(|p| p.items.is_empty());
    html! {
        <>
            <PageHeader title={t.notif_title} description={Some(AttrValue::Static(t.notif_intro))} />
            <section class="card" aria-labelledby="notifications-title">
                <div class="card-toolbar">
                    <h2 id="notifications-title" class="card-title">{ t.notif_title }</h2>
                    <div class="segmented" role="group" aria-label={t.notif_title}>
                        { tab(true, t.notif_tab_unread, "notifications-unread") }
                        { tab(false, t.notif_tab_all, "notifications-all") }
                    </div>
                    <div class="toolbar-spacer"></div>
                    if can(&props.me, Permission::RemindersRun) {
                        <button type="button" id="reminders-run" class="btn" disabled={running.busy()}
                                onclick={run_reminders}>{ t.notif_run }</button>
                    }
                    <button type="button" id="notifications-read-all" class="btn"
                            disabled={marking.busy() || unread.count == Some(0)} onclick={mark_all}>
                        { t.notif_mark_all }
                    </button>
                </div>
                if nothing {
                    <p class="muted" id="notifications-empty">{ empty }</p>
                } else {
                    <DataTable<Notification> id="notifications" caption={t.notif_title} {columns}
                        page={list.data()} loading={list.loading()} error={list.error()}
                        state={(*list_state).clone()}
                        on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))} />
                }
            </section>
        </>
    }
}
