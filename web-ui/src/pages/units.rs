//! Organisation: the unit tree (`GET /units/tree`) and the flat, filtered, sorted and
//! paginated list (`GET /units`).

use api_types::units::{Unit, UnitKind, UnitNode};
use yew::prelude::*;

use crate::components::{
    Badge, Column, DataTable, ErrorPanel, Loading, PageHeader, SelectField, TextField, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_list, FilterBar, ListState};
use crate::i18n::{use_i18n, Lang};
use crate::routes::Route;
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    kind: String,
    q: String,
    active: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("kind", self.kind.clone()),
            ("q", self.q.trim().to_string()),
            ("active", self.active.clone()),
        ]
    }
}

#[function_component]
pub fn UnitsPage() -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let lang = i18n.lang;
    let tree = use_fetch((), |()| api::get::<Vec<UnitNode>>("/units/tree"));
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_list::<Unit>("/units", (*list_state).clone(), applied.query());
    let cap = crate::capability::capability(&Route::Units);

    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);

    let mut kind_options = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    kind_options.extend(UnitKind::ALL.iter().map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.unit_kind)(*k)),
        )
    }));
    let active_options = vec![
        (AttrValue::Static(""), AttrValue::Static(t.filter_all)),
        (
            AttrValue::Static("true"),
            AttrValue::Static(t.status_active),
        ),
        (
            AttrValue::Static("false"),
            AttrValue::Static(t.status_inactive),
        ),
    ];

    let columns = vec![
        Column::new(t.col_code, |u: &Unit| html! { u.code.clone() })
            .sortable("code")
            .class("mono nowrap"),
        Column::new(t.col_name, |u: &Unit| {
            html! {
                <>
                    <span class="cell-main">{ u.name.clone() }</span>
                    if let Some(en) = &u.name_en {
                        <span class="cell-sub" lang="en">{ en.clone() }</span>
                    }
                </>
            }
        })
        .sortable("name")
        .class("cell-name"),
        Column::new(t.col_kind, move |u: &Unit| {
            html! { <Badge text={(lang.texts().unit_kind)(u.kind)} /> }
        })
        .class("nowrap"),
        Column::new(t.col_status, move |u: &Unit| {
            let t = lang.texts();
            if u.active {
                html! { <Badge tone={Tone::Success} text={t.status_active} /> }
            } else {
                html! { <Badge text={t.status_inactive} /> }
            }
        })
        .class("nowrap"),
        Column::new(t.col_sort_order, |u: &Unit| html! { u.sort_order })
            .sortable("sort_order")
            .class("num"),
        Column::new(
            t.col_created,
            |u: &Unit| html! { format::local_date(&u.created_at) },
        )
        .sortable("created_at")
        .class("nowrap"),
    ];

    let tree_view = match (tree.data(), tree.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(tree.reload.clone())} /> },
        (Some(nodes), None) => html! {
            <ul class="tree" id="unit-tree">
                { for nodes.iter().map(|n| html! { <TreeNode node={n.clone()} depth={0} {lang} /> }) }
            </ul>
        },
        (None, None) => html! { <Loading /> },
    };

    html! {
        <>
            <PageHeader title={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                        description={cap.as_ref().map(|c| AttrValue::Static(c.description(t)))} />
            <div class="units-grid">
                <section class="card" aria-labelledby="tree-title">
                    <h2 id="tree-title" class="card-title">{ t.units_tree }</h2>
                    { tree_view }
                </section>
                <section class="card" aria-labelledby="list-title">
                    <h2 id="list-title" class="card-title">{ t.units_list }</h2>
                    <DataTable<Unit> id="units-table" caption={t.units_list} {columns}
                        page={list.data()} loading={list.loading()} error={list.error()}
                        state={(*list_state).clone()}
                        on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                        on_retry={list.reload.clone()}>
                        <form class="filter-form" role="search" onsubmit={on_search}>
                            <SelectField id="filter-kind" label={t.filter_kind} value={draft.kind.clone()}
                                         options={kind_options} on_change={set_draft(|f, v| f.kind = v)} />
                            <TextField id="filter-q" label={t.filter_q} value={draft.q.clone()}
                                       placeholder={Some(AttrValue::Static(t.filter_q_placeholder))}
                                       on_input={set_draft(|f, v| f.q = v)} />
                            <SelectField id="filter-active" label={t.filter_active} value={draft.active.clone()}
                                         options={active_options} on_change={set_draft(|f, v| f.active = v)} />
                            <div class="filter-buttons">
                                <button type="submit" class="btn btn-primary" id="filter-search">{ t.search }</button>
                                <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                            </div>
                        </form>
                    </DataTable<Unit>>
                </section>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TreeNodeProps {
    node: UnitNode,
    depth: u32,
    lang: Lang,
}

#[function_component]
fn TreeNode(props: &TreeNodeProps) -> Html {
    let expanded = use_state(|| props.depth < 1);
    let t = props.lang.texts();
    let unit = &props.node.unit;
    let name = format::unit_name(unit, props.lang);
    let has_children = !props.node.children.is_empty();
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    html! {
        <li class="tree-item" data-code={unit.code.clone()}>
            <div class="tree-row">
                if has_children {
                    <button type="button" class="tree-toggle" aria-expanded={expanded.to_string()}
                            aria-label={format!("{} {}", if *expanded { t.collapse } else { t.expand }, name)}
                            onclick={toggle}>
                        <span aria-hidden="true">{ if *expanded { "▾" } else { "▸" } }</span>
                    </button>
                } else {
                    <span class="tree-leaf" aria-hidden="true"></span>
                }
                <span class="tree-name">{ name.clone() }</span>
                <span class="tree-code mono">{ unit.code.clone() }</span>
                <Badge text={(t.unit_kind_short)(unit.kind)} />
                if !unit.active {
                    <Badge tone={Tone::Danger} text={t.status_inactive} />
                }
            </div>
            if has_children && *expanded {
                <ul class="tree-children">
                    { for props.node.children.iter().map(|c| html! {
                        <TreeNode node={c.clone()} depth={props.depth + 1} lang={props.lang} />
                    }) }
                </ul>
            }
        </li>
    }
}
