//! 权责清单: the power and responsibility list as in force on a chosen day, each item's
//! history of versions, what changed between two days, and (for units that hold
//! `power_list.manage`) the dated adjustments that change it. Reading is public.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::catalog::{
    AdjustmentKind, AdjustmentReason, NewPowerAdjustment, PowerAdjustment, PowerCategory,
    PowerChange, PowerContent, PowerDiff, PowerItem, PowerItemHistory,
};
use api_types::Page;
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::can;
use crate::components::{
    use_toaster, Badge, Column, DataTable, ErrorPanel, FieldErrors, FormAlert, Loading, PageHeader,
    SelectField, TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{use_fetch, use_public_units, FilterBar, ListState, PublicUnit};
use crate::i18n::{use_i18n, Texts};
use crate::services::api::{self, ApiError};

#[derive(Properties, PartialEq)]
pub struct PowersProps {
    /// The signed-in user (`None` on the public page).
    pub me: Option<Rc<Me>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Filters {
    as_of: String,
    category: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("as_of", self.as_of.clone()),
            ("category", self.category.clone()),
            ("q", self.q.trim().to_string()),
        ]
    }
}

fn unit_label(units: &[PublicUnit], id: &Uuid) -> String {
    units
        .iter()
        .find(|u| &u.id == id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| id.to_string().chars().take(8).collect())
}

fn category_options(t: &Texts, all: bool) -> Vec<(AttrValue, AttrValue)> {
    let mut options = Vec::new();
    if all {
        options.push((AttrValue::Static(""), AttrValue::Static(t.filter_all)));
    }
    options.extend(PowerCategory::ALL.iter().map(|c| {
        (
            AttrValue::Static(c.as_str()),
            AttrValue::Static((t.power_category)(*c)),
        )
    }));
    options
}

#[function_component]
pub fn PowersPage(props: &PowersProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_public_units();
    let today = format::today_date();
    let list_state = use_state(|| ListState::new(20));
    let initial = Filters {
        as_of: today.to_string(),
        category: String::new(),
        q: String::new(),
    };
    let draft = use_state(|| initial.clone());
    let applied = use_state(|| initial.clone());
    let selected = use_state(|| None::<Uuid>);
    let list = use_fetch(
        ((*list_state).clone(), applied.query()),
        |(state, filters)| async move {
            let mut query = state.query();
            query.extend(filters);
            api::get_list_public::<Page<PowerItem>>("/public/power-items", &query).await
        },
    );
    let history = use_fetch(*selected, |id| async move {
        match id {
            Some(id) => api::get_public::<PowerItemHistory>(&format!("/public/power-items/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let from = use_state(|| {
        NaiveDate::from_ymd_opt(today.year(), 1, 1)
            .unwrap_or(today)
            .to_string()
    });
    let to = use_state(|| today.to_string());
    let diff_query = use_state(|| None::<(String, String)>);
    let diff = use_fetch((*diff_query).clone(), |q| async move {
        match q {
            Some((from, to)) => api::get_list_public::<PowerDiff>(
                "/public/power-items/diff",
                &[("from", from), ("to", to)],
            )
            .await
            .map(Some),
            None => Ok(None),
        }
    });
    let may_adjust = props
        .me
        .as_ref()
        .is_some_and(|me| can(me, "power_list.manage"));

    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let names = units.clone();
    let columns = vec![
        Column::new(t.col_code, |p: &PowerItem| html! { p.code.clone() })
            .sortable("code")
            .class("mono nowrap"),
        Column::new(t.power_name, {
            let selected = selected.clone();
            move |p: &PowerItem| {
                let id = p.id;
                let selected = selected.clone();
                html! {
                    <button type="button" class="link-button power-open" data-code={p.code.clone()}
                            onclick={Callback::from(move |_| selected.set(Some(id)))}>
                        { p.content.name.clone() }
                    </button>
                }
            }
        })
        .sortable("name")
        .class("cell-name"),
        Column::new(t.power_category_label, move |p: &PowerItem| {
            html! { <Badge tone={Tone::Info} text={(lang.texts().power_category)(p.content.category)} /> }
        }),
        Column::new(t.power_unit, move |p: &PowerItem| {
            html! { unit_label(&names, &p.content.responsible_unit_id) }
        }),
        Column::new(t.power_version, move |p: &PowerItem| {
            html! { format!("v{} · {}", p.version_no, p.effective_from) }
        })
        .class("nowrap"),
    ];

    let history_view = match (history.data(), history.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} /> },
        (Some(h), None) => match h.as_ref() {
            Some(h) => html! {
                <section class="card" aria-labelledby="history-title" id="power-history">
                    <div class="card-head">
                        <h2 id="history-title" class="card-title">{ (t.power_history_of)(&h.code) }</h2>
                        <button type="button" class="btn btn-small" onclick={let s = selected.clone(); Callback::from(move |_| s.set(None))}>{ t.close }</button>
                    </div>
                    <ol class="timeline versions">
                        { for h.versions.iter().rev().map(|v| html! {
                            <li>
                                <span class="timeline-time">{ v.effective_from.to_string() }</span>
                                <span class="timeline-action">{ format!("v{} ", v.version_no) }{ (t.adjustment_kind)(v.kind) }</span>
                                <span class="muted">{ (t.adjustment_reason)(v.reason) }</span>
                                if let Some(d) = &v.reason_detail { <span class="timeline-comment">{ d.clone() }</span> }
                                if let Some(c) = &v.content {
                                    <span class="timeline-comment">{ format!("{} · {}", c.name, c.legal_basis) }</span>
                                }
                            </li>
                        }) }
                    </ol>
                </section>
            },
            None => html! {},
        },
        (None, None) => html! { <Loading /> },
    };

    let on_diff = {
        let (from, to, diff_query) = (from.clone(), to.clone(), diff_query.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            diff_query.set(Some(((*from).clone(), (*to).clone())));
        })
    };
    let change_list = |title: &'static str,
                       id: &'static str,
                       changes: &[PowerChange],
                       amended: bool| {
        html! {
            <div class="diff-group" {id}>
                <h3>{ title }{ format!("（{}）", changes.len()) }</h3>
                if changes.is_empty() {
                    <p class="muted">{ t.power_diff_none }</p>
                } else {
                    <ul>
                        { for changes.iter().map(|c| {
                            let name = c.after.as_ref().or(c.before.as_ref()).map(|i| i.content.name.clone()).unwrap_or_default();
                            html! {
                                <li>
                                    <span class="mono">{ c.code.clone() }</span>{ " " }{ name }
                                    if amended {
                                        <span class="badges">
                                            { for c.changed_fields.iter().map(|f| html! { <Badge tone={Tone::Warning} text={(t.power_field)(f)} /> }) }
                                        </span>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
            </div>
        }
    };
    let diff_view = match (diff.data(), diff.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} /> },
        (Some(d), None) => match d.as_ref() {
            Some(d) => html! {
                <div class="diff" id="power-diff">
                    { change_list(t.power_added, "diff-added", &d.added, false) }
                    { change_list(t.power_amended, "diff-amended", &d.amended, true) }
                    { change_list(t.power_repealed, "diff-repealed", &d.repealed, false) }
                </div>
            },
            None => html! {},
        },
        (None, None) => html! { <Loading /> },
    };

    html! {
        <>
            <PageHeader title={t.cap_powers.0} description={Some(AttrValue::Static(t.power_intro))} />
            <section class="card" aria-labelledby="powers-title">
                <h2 id="powers-title" class="card-title">{ t.power_list }</h2>
                <DataTable<PowerItem> id="powers-table" caption={t.power_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={on_search}>
                        <TextField id="power-as-of" label={t.power_as_of} value={draft.as_of.clone()} input_type="date"
                                   on_input={set_draft(|f, v| f.as_of = v)} />
                        <SelectField id="power-category" label={t.power_category_label} value={draft.category.clone()}
                                     options={category_options(t, true)} on_change={set_draft(|f, v| f.category = v)} />
                        <TextField id="power-q" label={t.filter_q} value={draft.q.clone()}
                                   placeholder={Some(AttrValue::Static(t.power_q_placeholder))}
                                   on_input={set_draft(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="power-search">{ t.search }</button>
                        </div>
                    </form>
                </DataTable<PowerItem>>
            </section>
            { history_view }
            <section class="card" aria-labelledby="diff-title">
                <h2 id="diff-title" class="card-title">{ t.power_diff }</h2>
                <form class="filter-form" onsubmit={on_diff}>
                    <TextField id="diff-from" label={t.power_diff_from} value={(*from).clone()} input_type="date"
                               on_input={let s = from.clone(); Callback::from(move |v| s.set(v))} />
                    <TextField id="diff-to" label={t.power_diff_to} value={(*to).clone()} input_type="date"
                               on_input={let s = to.clone(); Callback::from(move |v| s.set(v))} />
                    <div class="filter-buttons">
                        <button type="submit" class="btn btn-primary" id="diff-run">{ t.power_diff_run }</button>
                    </div>
                </form>
                { diff_view }
            </section>
            if may_adjust {
                <AdjustmentForm units={(*units).clone()} on_saved={list.reload.clone()} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AdjustmentFormProps {
    units: Vec<PublicUnit>,
    on_saved: Callback<()>,
}

#[derive(Debug, Clone, PartialEq)]
struct AdjustDraft {
    kind: String,
    code: String,
    item: String,
    name: String,
    category: String,
    legal_basis: String,
    unit: String,
    responsibilities: String,
    accountability: String,
    reason: String,
    reason_detail: String,
    effective_from: String,
}

/// Adds, amends or repeals an item from a date, with the reason.
#[function_component]
fn AdjustmentForm(props: &AdjustmentFormProps) -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let draft = use_state(|| AdjustDraft {
        kind: "add".into(),
        code: String::new(),
        item: String::new(),
        name: String::new(),
        category: PowerCategory::AdministrativePenalty.as_str().into(),
        legal_basis: String::new(),
        unit: String::new(),
        responsibilities: String::new(),
        accountability: String::new(),
        reason: AdjustmentReason::InitialListing.as_str().into(),
        reason_detail: String::new(),
        effective_from: format::today_date().to_string(),
    });
    let items = use_fetch((), |()| async move {
        api::get_list_public::<Page<PowerItem>>(
            "/public/power-items",
            &[("per_page", "200".into())],
        )
        .await
        .map(|p| p.items)
    });
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let fields = use_state(FieldErrors::default);
    let d = (*draft).clone();
    let set = |f: fn(&mut AdjustDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    // Amending starts from the item's current content.
    let on_item = {
        let (draft, items) = (draft.clone(), items.data());
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            if let Some(item) = items
                .as_ref()
                .and_then(|l| l.iter().find(|i| i.id.to_string() == v))
            {
                let c = &item.content;
                next.name = c.name.clone();
                next.category = c.category.as_str().into();
                next.legal_basis = c.legal_basis.clone();
                next.unit = c.responsible_unit_id.to_string();
                next.responsibilities = c.responsibility_items.join("\n");
                next.accountability = c.accountability.clone().unwrap_or_default();
            }
            next.item = v;
            draft.set(next);
        })
    };
    let kind = AdjustmentKind::parse(&d.kind).unwrap_or(AdjustmentKind::Add);
    let onsubmit = {
        let (draft, busy, error, fields, toaster) = (
            draft.clone(),
            busy.clone(),
            error.clone(),
            fields.clone(),
            toaster.clone(),
        );
        let on_saved = {
            let (saved, reload_items) = (props.on_saved.clone(), items.reload.clone());
            Callback::from(move |()| {
                saved.emit(());
                reload_items.emit(());
            })
        };
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = (*draft).clone();
            let mut errors = FieldErrors::default();
            let effective_from = d.effective_from.parse::<NaiveDate>().ok();
            if effective_from.is_none() {
                errors.insert_code(t, "effective_from", "required");
            }
            let item_id = d.item.parse::<Uuid>().ok();
            if kind != AdjustmentKind::Add && item_id.is_none() {
                errors.insert_code(t, "item_id", "required");
            }
            let content = (kind != AdjustmentKind::Repeal).then(|| PowerContent {
                name: d.name.trim().to_string(),
                category: PowerCategory::parse(&d.category).unwrap_or(PowerCategory::Other),
                legal_basis: d.legal_basis.trim().to_string(),
                responsible_unit_id: d.unit.parse().unwrap_or_default(),
                responsibility_items: d
                    .responsibilities
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                accountability: Some(d.accountability.trim().to_string()).filter(|a| !a.is_empty()),
            });
            if content.is_some() && d.unit.parse::<Uuid>().is_err() {
                errors.insert_code(t, "content.responsible_unit_id", "required");
            }
            let request = NewPowerAdjustment {
                kind,
                code: (kind == AdjustmentKind::Add).then(|| d.code.trim().to_string()),
                item_id: if kind == AdjustmentKind::Add {
                    None
                } else {
                    item_id
                },
                content,
                reason: AdjustmentReason::parse(&d.reason).unwrap_or(AdjustmentReason::Other),
                reason_detail: Some(d.reason_detail.trim().to_string()).filter(|r| !r.is_empty()),
                effective_from: effective_from.unwrap_or_default(),
            };
            if let Err(v) = validator::Validate::validate(&request) {
                let more = FieldErrors::from_validation(&v, t);
                if let Some(m) = more.get("code") {
                    errors.insert("code", m.to_string());
                }
                if let Some(m) = more.get("reason_detail") {
                    errors.insert("reason_detail", m.to_string());
                }
                if let Some(c) = &request.content {
                    if let Err(v) = validator::Validate::validate(c) {
                        let more = FieldErrors::from_validation(&v, t);
                        for f in [
                            "name",
                            "legal_basis",
                            "responsibility_items",
                            "accountability",
                        ] {
                            if let Some(m) = more.get(f) {
                                errors.insert(&format!("content.{f}"), m.to_string());
                            }
                        }
                    }
                }
            }
            if !errors.is_empty() {
                error.set(None);
                fields.set(errors);
                return;
            }
            busy.set(true);
            let (busy, error, fields, toaster, on_saved, draft) = (
                busy.clone(),
                error.clone(),
                fields.clone(),
                toaster.clone(),
                on_saved.clone(),
                draft.clone(),
            );
            spawn_local(async move {
                match api::post::<_, PowerAdjustment>("/power-adjustments", &request).await {
                    Ok(a) => {
                        toaster.success((t.power_adjusted)(&a.item_code, a.version_no));
                        error.set(None);
                        fields.set(FieldErrors::default());
                        let mut next = (*draft).clone();
                        next.code = String::new();
                        next.reason_detail = String::new();
                        draft.set(next);
                        on_saved.emit(());
                    }
                    Err(e) => {
                        fields.set(FieldErrors::from_api(&e, t));
                        error.set(Some(e));
                    }
                }
                busy.set(false);
            });
        })
    };
    let kind_options: Vec<(AttrValue, AttrValue)> = [
        AdjustmentKind::Add,
        AdjustmentKind::Amend,
        AdjustmentKind::Repeal,
    ]
    .iter()
    .map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.adjustment_kind)(*k)),
        )
    })
    .collect();
    let reason_options: Vec<(AttrValue, AttrValue)> = AdjustmentReason::ALL
        .iter()
        .map(|r| {
            (
                AttrValue::Static(r.as_str()),
                AttrValue::Static((t.adjustment_reason)(*r)),
            )
        })
        .collect();
    let mut item_options = vec![(
        AttrValue::Static(""),
        AttrValue::Static(t.power_choose_item),
    )];
    if let Some(list) = items.data() {
        item_options.extend(list.iter().map(|i| {
            (
                AttrValue::from(i.id.to_string()),
                AttrValue::from(format!("{} {}", i.code, i.content.name)),
            )
        }));
    }
    let mut unit_options = vec![(
        AttrValue::Static(""),
        AttrValue::Static(t.power_choose_unit),
    )];
    unit_options.extend(props.units.iter().map(|u| {
        (
            AttrValue::from(u.id.to_string()),
            AttrValue::from(u.name.clone()),
        )
    }));
    let shown = [
        "code",
        "item_id",
        "effective_from",
        "reason",
        "reason_detail",
        "content.name",
        "content.category",
        "content.legal_basis",
        "content.responsible_unit_id",
        "content.responsibility_items",
        "content.accountability",
    ];
    html! {
        <section class="card" aria-labelledby="adjust-title" id="power-adjust">
            <h2 id="adjust-title" class="card-title">{ t.power_adjust }</h2>
            <form class="form form-grid" {onsubmit} novalidate=true>
                if let Some(e) = &*error {
                    <FormAlert message={e.message(t)} details={fields.others(&shown)} />
                }
                <div class="field-row">
                    <SelectField id="adjust-kind" label={t.power_adjust_kind} value={d.kind.clone()} options={kind_options}
                                 required=true on_change={set(|d, v| d.kind = v)} />
                    if kind == AdjustmentKind::Add {
                        <TextField id="adjust-code" label={t.col_code} value={d.code.clone()} required=true
                                   placeholder={Some(AttrValue::Static("CF-0001"))}
                                   on_input={set(|d, v| d.code = v)} error={fields.get("code")} />
                    } else {
                        <SelectField id="adjust-item" label={t.power_item} value={d.item.clone()} options={item_options}
                                     required=true on_change={on_item} error={fields.get("item_id")} />
                    }
                    <TextField id="adjust-effective" label={t.power_effective_from} value={d.effective_from.clone()}
                               input_type="date" required=true
                               on_input={set(|d, v| d.effective_from = v)} error={fields.get("effective_from")} />
                </div>
                if kind != AdjustmentKind::Repeal {
                    <div class="field-row">
                        <TextField id="adjust-name" label={t.power_name} value={d.name.clone()} required=true
                                   on_input={set(|d, v| d.name = v)} error={fields.get("content.name")} />
                        <SelectField id="adjust-category" label={t.power_category_label} value={d.category.clone()}
                                     options={category_options(t, false)} required=true
                                     on_change={set(|d, v| d.category = v)} error={fields.get("content.category")} />
                        <SelectField id="adjust-unit" label={t.power_unit} value={d.unit.clone()} options={unit_options}
                                     required=true on_change={set(|d, v| d.unit = v)} error={fields.get("content.responsible_unit_id")} />
                    </div>
                    <TextAreaField id="adjust-basis" label={t.power_legal_basis} value={d.legal_basis.clone()} required=true
                                   on_input={set(|d, v| d.legal_basis = v)} error={fields.get("content.legal_basis")} />
                    <TextAreaField id="adjust-responsibilities" label={t.power_responsibilities} value={d.responsibilities.clone()}
                                   hint={Some(AttrValue::Static(t.one_per_line))}
                                   on_input={set(|d, v| d.responsibilities = v)} error={fields.get("content.responsibility_items")} />
                    <TextAreaField id="adjust-accountability" label={t.power_accountability} value={d.accountability.clone()}
                                   on_input={set(|d, v| d.accountability = v)} error={fields.get("content.accountability")} />
                }
                <div class="field-row">
                    <SelectField id="adjust-reason" label={t.power_reason} value={d.reason.clone()} options={reason_options}
                                 required=true on_change={set(|d, v| d.reason = v)} error={fields.get("reason")} />
                    <TextField id="adjust-reason-detail" label={t.power_reason_detail} value={d.reason_detail.clone()}
                               on_input={set(|d, v| d.reason_detail = v)} error={fields.get("reason_detail")} />
                </div>
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="adjust-submit" disabled={*busy}>{ t.power_adjust_submit }</button>
                </div>
            </form>
        </section>
    }
}
