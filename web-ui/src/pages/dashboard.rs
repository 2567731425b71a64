//! The home page after signing in: greeting, unit, roles, quick links and a chart.

use api_types::units::{UnitKind, UnitNode};
use api_types::Permission;
use yew::prelude::*;

use crate::capability::{can, system_capabilities, work_capabilities};
use crate::components::{
    Badge, Bar, BarChart, ErrorPanel, Icon, Loading, NavLink, PageHeader, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_session};
use crate::i18n::use_i18n;
use crate::services::api;

fn count_kinds(nodes: &[UnitNode], counts: &mut [u64; 4]) {
    for node in nodes {
        let i = UnitKind::ALL
            .iter()
            .position(|k| *k == node.unit.kind)
            .unwrap_or(0);
        counts[i] += 1;
        count_kinds(&node.children, counts);
    }
}

#[function_component]
pub fn DashboardPage() -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let session = use_session();
    let me = session.me();
    let can_read_units = me.as_ref().is_some_and(|m| can(m, Permission::UnitsRead));
    let tree = use_fetch(can_read_units, |allowed| async move {
        if allowed {
            api::get::<Vec<UnitNode>>("/units/tree").await
        } else {
            Ok(Vec::new())
        }
    });
    let Some(me) = me else {
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

    let chart = match (tree.data(), tree.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(tree.reload.clone())} /> },
        (Some(nodes), None) => {
            let mut counts = [0u64; 4];
            count_kinds(&nodes, &mut counts);
            let bars = UnitKind::ALL
                .iter()
                .zip(counts)
                .map(|(k, n)| Bar {
                    label: (t.unit_kind_short)(*k).to_string(),
                    value: n as f64,
                })
                .collect::<Vec<_>>();
            let total: u64 = counts.iter().sum();
            html! {
                <>
                    <BarChart id="units-by-kind" title={t.chart_units_by_kind} {bars} width={420.0} height={240.0} />
                    <p class="muted chart-note">{ (t.units_total)(total) }</p>
                </>
            }
        }
        (None, None) => html! { <Loading /> },
    };

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
            <div class="dashboard-grid">
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
                if can_read_units {
                    <section class="card chart-card" aria-label={t.chart_units_by_kind}>
                        { chart }
                    </section>
                }
            </div>
        </>
    }
}
