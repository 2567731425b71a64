//! Organisation: the unit tree (`GET /units/tree`) and the flat, filtered, sorted and
//! paginated list (`GET /units`). Holders of `units.manage` add a unit under a node of
//! the tree (only the kinds that may sit there), rename it, reorder it and deactivate
//! it; the server checks their scope.

use api_types::units::{NewUnit, Unit, UnitKind, UnitNode, UnitPatch};
use api_types::Permission;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{
    Badge, Checkbox, Column, DataTable, ErrorPanel, FieldErrors, Loading, PageHeader, SelectField,
    TextField, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_list, use_submission, FilterBar, ListState};
use crate::i18n::{use_i18n, Lang};
use crate::pages::MeProps;
use crate::routes::Route;
use crate::services::api;

/// Which form is open above the tree.
#[derive(Debug, Clone, PartialEq)]
enum Panel {
    None,
    Add(Unit),
    Edit(Unit),
}

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
pub fn UnitsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let lang = i18n.lang;
    let manage = can(&props.me, Permission::UnitsManage);
    let panel = use_state(|| Panel::None);
    // Managers see deactivated units too, to edit or enable them again.
    let tree = use_fetch(manage, |manage| {
        let path = if manage {
            "/units/tree?include_inactive=true"
        } else {
            "/units/tree"
        };
        api::get::<Vec<UnitNode>>(path)
    });
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

    let on_add = {
        let panel = panel.clone();
        Callback::from(move |u: Unit| panel.set(Panel::Add(u)))
    };
    let on_edit = {
        let panel = panel.clone();
        Callback::from(move |u: Unit| panel.set(Panel::Edit(u)))
    };
    let on_done = {
        let (panel, tree_reload, list_reload) =
            (panel.clone(), tree.reload.clone(), list.reload.clone());
        Callback::from(move |changed: bool| {
            panel.set(Panel::None);
            if changed {
                tree_reload.emit(());
                list_reload.emit(());
            }
        })
    };
    let actions = manage.then(|| TreeActions { on_add, on_edit });
    let tree_view = match (tree.data(), tree.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(tree.reload.clone())} /> },
        (Some(nodes), None) => html! {
            <ul class="tree" id="unit-tree">
                { for nodes.iter().map(|n| html! {
                    <TreeNode node={n.clone()} depth={0} {lang} actions={actions.clone()} />
                }) }
            </ul>
        },
        (None, None) => html! { <Loading /> },
    };
    let form = match &*panel {
        Panel::None => html! {},
        Panel::Add(parent) => {
            html! { <UnitForm parent={Some(parent.clone())} unit={None::<Unit>} on_done={on_done.clone()} /> }
        }
        Panel::Edit(unit) => {
            html! { <UnitForm parent={None::<Unit>} unit={Some(unit.clone())} on_done={on_done.clone()} /> }
        }
    };

    html! {
        <>
            <PageHeader title={cap.as_ref().map(|c| c.name(t)).unwrap_or_default()}
                        description={cap.as_ref().map(|c| AttrValue::Static(c.description(t)))} />
            { form }
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

/// What a unit manager can do from a node of the tree.
#[derive(Clone, PartialEq)]
struct TreeActions {
    on_add: Callback<Unit>,
    on_edit: Callback<Unit>,
}

#[derive(Properties, PartialEq)]
struct TreeNodeProps {
    node: UnitNode,
    depth: u32,
    lang: Lang,
    /// `None`: the tree is read-only.
    actions: Option<TreeActions>,
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
                if let Some(actions) = &props.actions {
                    <span class="tree-actions">
                        if unit.active && !unit.kind.child_kinds().is_empty() {
                            <button type="button" class="btn btn-small" data-action="add-child"
                                    data-code={unit.code.clone()}
                                    onclick={let (cb, u) = (actions.on_add.clone(), unit.clone()); Callback::from(move |_| cb.emit(u.clone()))}>
                                { t.units_add_child }
                            </button>
                        }
                        <button type="button" class="btn btn-small" data-action="edit"
                                data-code={unit.code.clone()}
                                onclick={let (cb, u) = (actions.on_edit.clone(), unit.clone()); Callback::from(move |_| cb.emit(u.clone()))}>
                            { t.edit }
                        </button>
                    </span>
                }
            </div>
            if has_children && *expanded {
                <ul class="tree-children">
                    { for props.node.children.iter().map(|c| html! {
                        <TreeNode node={c.clone()} depth={props.depth + 1} lang={props.lang}
                                  actions={props.actions.clone()} />
                    }) }
                </ul>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct UnitFormProps {
    /// Adding a unit under this one.
    parent: Option<Unit>,
    /// Editing this unit.
    unit: Option<Unit>,
    /// `true` once saved, `false` when cancelled.
    on_done: Callback<bool>,
}

/// Adds a unit under `parent`, or edits `unit` (name, English name, order, active).
#[function_component]
fn UnitForm(props: &UnitFormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let unit = props.unit.clone();
    let parent = props.parent.clone();
    let kinds = parent
        .as_ref()
        .map(|p| p.kind.child_kinds())
        .unwrap_or_default();
    let code = use_state(String::new);
    let name = use_state(|| unit.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let name_en = use_state(|| {
        unit.as_ref()
            .and_then(|u| u.name_en.clone())
            .unwrap_or_default()
    });
    let kind = use_state(|| {
        kinds
            .first()
            .map(|k| k.as_str().to_string())
            .unwrap_or_default()
    });
    let sort_order = use_state(|| {
        unit.as_ref()
            .map(|u| u.sort_order.to_string())
            .unwrap_or_else(|| "0".into())
    });
    let active = use_state(|| unit.as_ref().is_none_or(|u| u.active));
    let new_parent = use_state(|| {
        unit.as_ref()
            .and_then(|u| u.parent_id)
            .map(|p| p.to_string())
            .unwrap_or_default()
    });
    let all_units = crate::hooks::use_units();
    let form = use_submission();

    let onsubmit = {
        let new_parent = new_parent.clone();
        let (code, name, name_en, kind, sort_order, active) = (
            code.clone(),
            name.clone(),
            name_en.clone(),
            kind.clone(),
            sort_order.clone(),
            active.clone(),
        );
        let (form, unit, parent, on_done) = (
            form.clone(),
            unit.clone(),
            parent.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(order) = sort_order.trim().parse::<i32>() else {
                let mut f = FieldErrors::default();
                f.insert_code(t, "sort_order", "range");
                form.reject(f);
                return;
            };
            let english = name_en.trim();
            let english = (!english.is_empty()).then(|| english.to_string());
            let on_done = on_done.clone();
            match (&unit, &parent) {
                (Some(unit), _) => {
                    let moved = new_parent
                        .parse::<uuid::Uuid>()
                        .ok()
                        .filter(|p| unit.parent_id != Some(*p));
                    let request = UnitPatch {
                        name: Some(name.trim().to_string()),
                        name_en: Some(english),
                        sort_order: Some(order),
                        active: Some(*active),
                        parent_id: moved,
                    };
                    if let Err(v) = validator::Validate::validate(&request) {
                        form.reject(FieldErrors::from_validation(&v, t));
                        return;
                    }
                    let (path, version) = (format!("/units/{}", unit.id), unit.version);
                    form.request(
                        async move { api::patch::<_, Unit>(&path, version, &request).await },
                    )
                    .success(t.saved)
                    .then(move |_| on_done.emit(true));
                }
                (None, Some(parent)) => {
                    let Some(kind) = UnitKind::parse(&kind) else {
                        let mut f = FieldErrors::default();
                        f.insert_code(t, "kind", "required");
                        form.reject(f);
                        return;
                    };
                    let request = NewUnit {
                        code: code.trim().to_uppercase(),
                        name: name.trim().to_string(),
                        name_en: english,
                        kind,
                        parent_id: Some(parent.id),
                        sort_order: Some(order),
                    };
                    if let Err(v) = validator::Validate::validate(&request) {
                        form.reject(FieldErrors::from_validation(&v, t));
                        return;
                    }
                    form.request(async move { api::post::<_, Unit>("/units", &request).await })
                        .success(t.units_created)
                        .then(move |_| on_done.emit(true));
                }
                (None, None) => {}
            }
        })
    };
    let cancel = {
        let on_done = props.on_done.clone();
        Callback::from(move |_| on_done.emit(false))
    };
    let kind_options = kinds
        .iter()
        .map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.unit_kind)(*k)),
            )
        })
        .collect::<Vec<_>>();
    // Where the unit may move: active units that may hold its kind, not itself nor
    // anything under it.
    let parent_options: Vec<(AttrValue, AttrValue)> = match unit
        .as_ref()
        .and_then(|u| Some((u, u.kind.parent_kinds()?)))
    {
        None => Vec::new(),
        Some((u, kinds)) => {
            let under_it = |candidate: &Unit| {
                let mut at = Some(candidate.id);
                while let Some(id) = at {
                    if id == u.id {
                        return true;
                    }
                    at = all_units
                        .iter()
                        .find(|x| x.id == id)
                        .and_then(|x| x.parent_id);
                }
                false
            };
            all_units
                .iter()
                .filter(|c| c.active && kinds.contains(&c.kind) && !under_it(c))
                .map(|c| {
                    (
                        AttrValue::from(c.id.to_string()),
                        AttrValue::from(format::unit_name(c, lang)),
                    )
                })
                .collect()
        }
    };
    let fields = form.fields();
    let title = match (&unit, &parent) {
        (Some(u), _) => format!("{} {}", t.units_edit, format::unit_name(u, lang)),
        (None, Some(p)) => (t.units_add_under)(&format::unit_name(p, lang)),
        (None, None) => String::new(),
    };
    html! {
        <section class="card">
            <h2 class="card-title">{ title.clone() }</h2>
            <form class="inline-form" id="unit-form" onsubmit={onsubmit} novalidate=true aria-label={title}>
                { form.alert_with_id(Some("unit-alert"), &["code", "name", "name_en", "kind", "sort_order", "active", "parent_id"]) }
                if unit.is_none() {
                    <TextField id="unit-code" autofocus=true label={t.col_code} value={(*code).clone()} required=true
                               hint={Some(AttrValue::Static(t.units_code_hint))}
                               on_input={let s = code.clone(); Callback::from(move |v| s.set(v))}
                               error={fields.get("code")} />
                    <SelectField id="unit-kind" label={t.col_kind} value={(*kind).clone()} options={kind_options}
                                 required=true on_change={let s = kind.clone(); Callback::from(move |v| s.set(v))}
                                 error={fields.get("kind")} />
                }
                <TextField id="unit-name" label={t.col_name} value={(*name).clone()} required=true
                           on_input={let s = name.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("name")} />
                <TextField id="unit-name-en" label={t.units_name_en} value={(*name_en).clone()}
                           on_input={let s = name_en.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("name_en")} />
                <TextField id="unit-sort" label={t.col_sort_order} value={(*sort_order).clone()} input_type="number"
                           on_input={let s = sort_order.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("sort_order")} />
                if !parent_options.is_empty() {
                    <SelectField id="unit-parent" label={t.units_parent} value={(*new_parent).clone()}
                                 options={parent_options} hint={Some(AttrValue::Static(t.units_parent_hint))}
                                 on_change={let s = new_parent.clone(); Callback::from(move |v| s.set(v))}
                                 error={fields.get("parent_id")} />
                }
                if unit.is_some() {
                    <Checkbox id="unit-active" label={t.status_active} checked={*active}
                              on_change={let s = active.clone(); Callback::from(move |v| s.set(v))} />
                }
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="unit-save" disabled={form.busy()}>{ t.save }</button>
                    <button type="button" class="btn" onclick={cancel}>{ t.cancel }</button>
                </div>
            </form>
        </section>
    }
}
