//! The home page after signing in: a greeting, then what each role works from — a
//! unit's to-do (county bureaus, sections), the city bureau's overview of overdue work
//! and disclosure, the auditor's chain status and exports, the administrator's
//! accounts — with charts whose bars lead to the list behind them, and quick links.

use std::collections::BTreeMap;

use api_types::audit::{AuditAction, AuditEvent, AuditVerification};
use api_types::auth::{Me, SessionInfo};
use api_types::disclosure::CompletenessReport;
use api_types::plans::{Board, ProgressStatus, SupervisionNotice, TodoEntry, TodoKind};
use api_types::service_accounts::ServiceAccount;
use api_types::users::User;
use api_types::{Page, Permission, Role};
use chrono::{Datelike, Months};
use yew::prelude::*;

use crate::capability::{can, system_capabilities, work_capabilities};
use crate::components::{
    Badge, Bar, BarChart, ErrorPanel, Href, Icon, LineChart, Loading, NavLink, PageHeader, Period,
    Series, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_session, FetchHandle};
use crate::i18n::{use_i18n, Texts};
use crate::pages::tasks::{chosen_plan, use_plans};
use crate::services::api;

/// One figure with the list behind it.
fn tile(id: &'static str, label: &'static str, value: Option<u64>, to: String, tone: Tone) -> Html {
    let class = classes!(
        "stat-tile",
        (tone == Tone::Danger && value.unwrap_or(0) > 0).then_some("stat-alert")
    );
    html! {
        <Href {to} class={class} id={Some(AttrValue::Static(id))}>
            <span class="stat-value">{ value.map_or("—".to_string(), |v| v.to_string()) }</span>
            <span class="stat-label">{ label }</span>
        </Href>
    }
}

/// The loading, error or loaded state of a card's data.
fn loaded<T>(handle: &FetchHandle<T>, body: impl FnOnce(&T) -> Html) -> Html {
    match (handle.data(), handle.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(handle.reload.clone())} /> },
        (Some(data), None) => body(&data),
        (None, None) => html! { <Loading /> },
    }
}

#[derive(Properties, PartialEq)]
struct MeCard {
    me: std::rc::Rc<Me>,
}

/// County bureaus and sections: the unit's open work, soonest first.
#[function_component]
fn UnitWork(props: &MeCard) -> Html {
    let t = use_i18n().t();
    let unit = props.me.unit.id;
    let todo = use_fetch(unit, |unit| async move {
        api::get_list::<Vec<TodoEntry>>("/supervision/todo", &[("unit_id", unit.to_string())]).await
    });
    let body = loaded(&todo, |list| {
        let today = format::today_date();
        let soon = today + chrono::Duration::days(7);
        let count =
            |f: &dyn Fn(&TodoEntry) -> bool| Some(list.iter().filter(|e| f(e)).count() as u64);
        let overdue = count(&|e| e.status == ProgressStatus::Overdue);
        let due_soon = count(&|e| {
            e.status != ProgressStatus::Overdue && e.due_date.is_some_and(|d| d <= soon)
        });
        let returned = count(&|e| e.kind == TodoKind::ReturnedReport);
        let notices = count(&|e| e.kind == TodoKind::Notice);
        let reviews = count(&|e| e.kind == TodoKind::ReviewReport);
        let todo_link = || "/tasks/todo".to_string();
        let mut by_kind: BTreeMap<usize, (TodoKind, u64)> = BTreeMap::new();
        for e in list {
            let order = [
                TodoKind::Milestone,
                TodoKind::Item,
                TodoKind::Notice,
                TodoKind::ReturnedReport,
                TodoKind::ReviewReport,
            ]
            .iter()
            .position(|k| *k == e.kind)
            .unwrap_or(0);
            by_kind.entry(order).or_insert((e.kind, 0)).1 += 1;
        }
        let bars: Vec<Bar> = by_kind
            .values()
            .map(|(kind, n)| Bar {
                label: (t.todo_kind)(*kind).to_string(),
                value: *n as f64,
                link: Some(todo_link()),
            })
            .collect();
        let next: Vec<&TodoEntry> = list
            .iter()
            .filter(|e| e.due_date.is_some())
            .take(5)
            .collect();
        html! {
            <>
                <div class="stat-tiles">
                    { tile("dash-overdue", t.dash_overdue, overdue, todo_link(), Tone::Danger) }
                    { tile("dash-due-soon", t.dash_due_soon, due_soon, todo_link(), Tone::Warning) }
                    { tile("dash-returned", t.dash_returned, returned, todo_link(), Tone::Danger) }
                    { tile("dash-notices", t.dash_notices_to_answer, notices, "/tasks/notices".into(), Tone::Warning) }
                    if reviews.unwrap_or(0) > 0 || can(&props.me, Permission::ProgressReview) {
                        { tile("dash-reviews", t.dash_reviews, reviews, todo_link(), Tone::Info) }
                    }
                </div>
                if list.is_empty() {
                    <p class="muted">{ t.todo_empty }</p>
                } else {
                    <div class="dashboard-split">
                        <BarChart id="todo-by-kind" title={t.dash_todo_by_kind} {bars} width={420.0} height={220.0} />
                        <div>
                            <h3 class="subhead">{ t.dash_next_due }</h3>
                            <ul class="due-list" id="dash-next-due">
                                { for next.iter().map(|e| html! {
                                    <li>
                                        <span class="nowrap">{ e.due_date.map(|d| d.to_string()).unwrap_or_default() }</span>
                                        <Href to={format!("/tasks/{}", e.task_id)}>{ (t.task_number)(e.task_number) }</Href>
                                        <span class="due-title">{ e.title.clone() }</span>
                                        if e.status == ProgressStatus::Overdue {
                                            <Badge tone={Tone::Danger} text={t.dash_overdue} />
                                        }
                                    </li>
                                }) }
                            </ul>
                            <Href to="/tasks/todo" class="btn btn-small">{ t.dash_view_all }</Href>
                        </div>
                    </div>
                }
            </>
        }
    });
    html! {
        <section class="card" aria-labelledby="unit-work-title" id="unit-work">
            <h2 id="unit-work-title" class="card-title">{ t.dash_my_todo }</h2>
            { body }
        </section>
    }
}

/// The last six months, oldest first.
fn last_months(today: chrono::NaiveDate) -> Vec<Period> {
    (0..6u32)
        .rev()
        .filter_map(|back| today.with_day(1)?.checked_sub_months(Months::new(back)))
        .map(Period::month_of)
        .collect()
}

/// The city bureau: overdue work by task and by unit, notices waiting, disclosure.
#[function_component]
fn BureauOverview() -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let plans = use_plans();
    let plan = plans
        .data()
        .and_then(|p| chosen_plan(&p.items))
        .map(|p| p.id);
    let board = use_fetch(plan, |plan| async move {
        match plan {
            Some(p) => api::get_list::<Board>("/supervision/board", &[("plan", p.to_string())])
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let waiting = use_fetch((), |()| async {
        api::get_list::<Page<SupervisionNotice>>(
            "/supervision-notices",
            &[("status", "issued".into()), ("per_page", "1".into())],
        )
        .await
    });
    let months = last_months(format::today_date());
    let disclosure = use_fetch(months.clone(), |months| async move {
        let mut out = Vec::with_capacity(months.len());
        for m in months {
            out.push(
                api::get_list::<CompletenessReport>(
                    "/disclosure-records/completeness",
                    &[("month", m.to_string())],
                )
                .await?,
            );
        }
        Ok(out)
    });

    let overdue = loaded(&board, |board| match board {
        None => html! { <p class="muted">{ t.dash_no_plan }</p> },
        Some(board) => {
            let by_task: Vec<Bar> = board
                .tasks
                .iter()
                .enumerate()
                .map(|(i, task)| Bar {
                    label: (t.task_number)(task.number),
                    value: board.rows.iter().map(|r| r.cells[i].overdue).sum::<u32>() as f64,
                    link: Some(format!("/tasks/{}", task.task_id)),
                })
                .collect();
            let mut by_unit: Vec<(u32, Bar)> = board
                .rows
                .iter()
                .map(|r| {
                    let n: u32 = r.cells.iter().map(|c| c.overdue).sum();
                    (
                        n,
                        Bar {
                            label: r.unit_name.clone(),
                            value: n as f64,
                            link: Some(format!("/tasks?unit={}", r.unit_id)),
                        },
                    )
                })
                .filter(|(n, _)| *n > 0)
                .collect();
            by_unit.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
            let by_unit: Vec<Bar> = by_unit.into_iter().take(8).map(|(_, b)| b).collect();
            let total: u32 = board
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .map(|c| c.overdue)
                .sum();
            html! {
                <>
                    <div class="stat-tiles">
                        { tile("dash-overdue-total", t.dash_overdue, Some(u64::from(total)), "/tasks".into(), Tone::Danger) }
                        { tile("dash-notices-waiting", t.dash_notices_waiting,
                               waiting.data().map(|p| p.total), "/tasks/notices".into(), Tone::Warning) }
                    </div>
                    <div class="dashboard-split">
                        <BarChart id="overdue-by-task" title={t.dash_overdue_by_task} bars={by_task} width={420.0} height={240.0} />
                        <BarChart id="overdue-by-unit" title={t.dash_overdue_by_unit} bars={by_unit} width={420.0} height={240.0} />
                    </div>
                </>
            }
        }
    });
    let disclosure_body = loaded(&disclosure, |reports| {
        let sum = |r: &CompletenessReport,
                   f: fn(&api_types::disclosure::CompletenessRow) -> u32| {
            r.rows.iter().map(f).sum::<u32>()
        };
        let labels: Vec<String> = reports.iter().map(|r| r.month.clone()).collect();
        let series = vec![
            Series {
                name: t.dash_decided.into(),
                values: reports
                    .iter()
                    .map(|r| sum(r, |x| x.decided) as f64)
                    .collect(),
            },
            Series {
                name: t.dash_published.into(),
                values: reports
                    .iter()
                    .map(|r| sum(r, |x| x.published) as f64)
                    .collect(),
            },
        ];
        let links: Vec<String> = labels
            .iter()
            .map(|m| format!("/disclosure/completeness?month={m}"))
            .collect();
        let this_month = reports.last();
        let decided = this_month.map_or(0, |r| sum(r, |x| x.decided));
        let published = this_month.map_or(0, |r| sum(r, |x| x.published));
        let completeness = (decided > 0).then(|| f64::from(published) / f64::from(decided));
        let month_link = || {
            this_month.map_or("/disclosure/completeness".to_string(), |r| {
                format!("/disclosure/completeness?month={}", r.month)
            })
        };
        html! {
            <>
                <div class="stat-tiles">
                    <Href to={month_link()} class="stat-tile" id={Some(AttrValue::Static("dash-completeness"))}>
                        <span class="stat-value">{ completeness.map_or("—".to_string(), t.dash_percent) }</span>
                        <span class="stat-label">{ t.dash_completeness }</span>
                    </Href>
                    { tile("dash-late", t.dash_late, this_month.map(|r| u64::from(sum(r, |x| x.late))), month_link(), Tone::Warning) }
                    { tile("dash-unpublished", t.dash_unpublished, this_month.map(|r| u64::from(sum(r, |x| x.overdue))), month_link(), Tone::Danger) }
                </div>
                <LineChart id="disclosure-trend" title={t.dash_disclosure_trend} {labels} {series} {links} width={960.0} height={220.0} />
            </>
        }
    });
    html! {
        <>
            <section class="card" aria-labelledby="bureau-work-title" id="bureau-work">
                <h2 id="bureau-work-title" class="card-title">{ t.cap_tasks.0 }</h2>
                { overdue }
            </section>
            <section class="card" aria-labelledby="bureau-disclosure-title" id="bureau-disclosure">
                <h2 id="bureau-disclosure-title" class="card-title">{ t.cap_disclosure.0 }</h2>
                { disclosure_body }
            </section>
            <crate::pages::assessment::runs::Warnings />
        </>
    }
}

fn event_rows(events: &Page<AuditEvent>, t: &'static Texts) -> Html {
    if events.items.is_empty() {
        return html! { <p class="muted">{ t.dash_none }</p> };
    }
    html! {
        <ul class="due-list">
            { for events.items.iter().map(|e| html! {
                <li>
                    <span class="nowrap">{ format::local_time(&e.occurred_at) }</span>
                    <span>{ AuditAction::parse(&e.action).map_or(e.action.clone(), |a| (t.audit_action)(a).to_string()) }</span>
                    <span class="due-title mono">{ e.resource_id.clone() }</span>
                </li>
            }) }
        </ul>
    }
}

/// Auditors: is the chain intact, and what was exported lately.
#[function_component]
fn AuditorOverview() -> Html {
    let t = use_i18n().t();
    let chain = use_fetch((), |()| async {
        api::get::<AuditVerification>("/audit-events/verify").await
    });
    let exports = use_fetch((), |()| async {
        api::get_list::<Page<AuditEvent>>(
            "/audit-events",
            &[("action", "export".into()), ("per_page", "5".into())],
        )
        .await
    });
    let chain_body = loaded(&chain, |v| {
        html! {
            <div class="stat-tiles">
                <Href to="/audit" class={classes!("stat-tile", (!v.ok).then_some("stat-alert"))}
                      id={Some(AttrValue::Static("dash-chain"))}>
                    <span class="stat-value">
                        if v.ok {
                            <Badge tone={Tone::Success} text={t.dash_chain_ok} />
                        } else {
                            <Badge tone={Tone::Danger} text={(t.dash_chain_broken)(v.first_broken_id.unwrap_or(0))} />
                        }
                    </span>
                    <span class="stat-label">{ (t.dash_checked)(v.checked) }</span>
                </Href>
            </div>
        }
    });
    let exports_body = loaded(&exports, |page| event_rows(page, t));
    html! {
        <section class="card" aria-labelledby="auditor-title" id="auditor-overview">
            <h2 id="auditor-title" class="card-title">{ t.dash_chain }</h2>
            { chain_body }
            <h3 class="subhead">{ t.dash_last_exports }</h3>
            { exports_body }
        </section>
    }
}

/// Administrators: accounts, service accounts, one's own sessions.
#[function_component]
fn AdminOverview() -> Html {
    let t = use_i18n().t();
    let users = use_fetch((), |()| async {
        let total = |query: Vec<(&'static str, String)>| async move {
            let mut query = query;
            query.push(("per_page", "1".into()));
            api::get_list::<Page<User>>("/users", &query)
                .await
                .map(|p| p.total)
        };
        let all = total(Vec::new()).await?;
        let disabled = total(vec![("active", "false".into())]).await?;
        // One count per role (the totals, however many accounts there are).
        let mut by_role = Vec::new();
        for role in Role::ALL.iter().filter(|r| **r != Role::Integration) {
            by_role.push((*role, total(vec![("role", role.as_str().into())]).await?));
        }
        Ok((all, disabled, by_role))
    });
    let accounts = use_fetch((), |()| async {
        api::get_list::<Page<ServiceAccount>>("/service-accounts", &[("per_page", "1".into())])
            .await
    });
    let sessions = use_fetch((), |()| async {
        api::get::<Vec<SessionInfo>>("/me/sessions").await
    });
    let body = loaded(&users, |(all, disabled, by_role)| {
        let bars: Vec<Bar> = by_role
            .iter()
            .map(|(role, n)| Bar {
                label: (t.role)(*role).to_string(),
                value: *n as f64,
                link: Some("/users".into()),
            })
            .collect();
        html! {
            <>
                <div class="stat-tiles">
                    { tile("dash-users", t.dash_users, Some(*all), "/users".into(), Tone::Neutral) }
                    { tile("dash-users-disabled", t.dash_users_disabled, Some(*disabled), "/users".into(), Tone::Neutral) }
                    { tile("dash-service-accounts", t.dash_service_accounts, accounts.data().map(|p| p.total), "/service-accounts".into(), Tone::Neutral) }
                    { tile("dash-sessions", t.account_sessions, sessions.data().map(|s| s.len() as u64), "/account".into(), Tone::Neutral) }
                </div>
                <BarChart id="users-by-role" title={t.dash_users} {bars} width={640.0} height={220.0} />
            </>
        }
    });
    html! {
        <section class="card" aria-labelledby="admin-title" id="admin-overview">
            <h2 id="admin-title" class="card-title">{ t.dash_users }</h2>
            { body }
        </section>
    }
}

#[function_component]
pub fn DashboardPage() -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let session = use_session();
    let Some(me) = session.me() else {
        return html! {};
    };

    let greeting = match format::local_hour() {
        0..=11 => t.greeting_morning,
        12..=17 => t.greeting_afternoon,
        _ => t.greeting_evening,
    };
    let caps: Vec<_> = work_capabilities()
        .into_iter()
        .chain(system_capabilities())
        .filter(|c| c.allowed(&me))
        .collect();
    let has = |r: Role| me.roles.contains(&r);
    let unit_work = has(Role::County) || has(Role::Section) || has(Role::Officer);

    html! {
        <>
            <PageHeader title={t.dashboard_title} />
            <section class="card welcome" aria-labelledby="greeting">
                <div class="welcome-text">
                    <h2 id="greeting">{ greeting }{ t.greeting_sep }{ me.name.clone() }</h2>
                    <p class="muted" id="today">{ format::today(t) }</p>
                </div>
                <dl class="facts">
                    <div>
                        <dt>{ t.dashboard_unit }</dt>
                        <dd id="dashboard-unit">{ format::unit_name(&me.unit, i18n.lang) }</dd>
                    </div>
                    <div>
                        <dt>{ t.dashboard_roles }</dt>
                        <dd class="badges">
                            { for me.roles.iter().map(|r| html! { <Badge tone={Tone::Info} text={(t.role)(*r)} /> }) }
                        </dd>
                    </div>
                </dl>
            </section>
            if unit_work && can(&me, Permission::PlansRead) {
                <UnitWork me={me.clone()} />
            }
            if has(Role::Bureau) {
                <BureauOverview />
            }
            if has(Role::Auditor) {
                <AuditorOverview />
            }
            if has(Role::Admin) {
                <AdminOverview />
            }
            <section class="card" aria-labelledby="quick-links-title">
                <h2 id="quick-links-title" class="card-title">{ t.quick_links }</h2>
                <ul class="quick-links">
                    { for caps.iter().map(|c| html! {
                        <li>
                            <NavLink to={c.route.clone()} class="quick-link">
                                <span class="quick-icon"><Icon name={c.icon} /></span>
                                <span class="quick-text">
                                    <span class="quick-name">
                                        { c.name(t) }
                                        if !c.built {
                                            <Badge tone={Tone::Warning} text={t.coming_soon} />
                                        }
                                    </span>
                                    <span class="quick-desc">{ c.description(t) }</span>
                                </span>
                            </NavLink>
                        </li>
                    }) }
                </ul>
            </section>
        </>
    }
}
