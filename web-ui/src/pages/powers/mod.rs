//! 权责清单: the power and responsibility list as in force on a chosen day, each item's
//! history of versions, what changed between two days, and (for units that hold
//! `power_list.manage`) the dated adjustments that change it. Reading is public.
//!
//! `history.rs`: an item's versions; `diff.rs`: the changes between two days;
//! `adjust.rs`: the adjustment form.

mod adjust;
mod diff;
mod history;

use std::rc::Rc;

use api_types::auth::Me;
use api_types::catalog::{PowerCategory, PowerItem};
use api_types::{Page, Permission};
use uuid::Uuid;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{Badge, Column, DataTable, PageHeader, SelectField, TextField, Tone};
use crate::format;
use crate::hooks::{use_fetch, use_public_units, FilterBar, ListState, PublicUnit};
use crate::i18n::{use_i18n, Texts};
use crate::services::api;
use adjust::AdjustmentForm;
use diff::PowerDiffSection;
use history::ItemHistory;

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
    let may_adjust = props
        .me
        .as_ref()
        .is_some_and(|me| can(me, Permission::PowerListManage));

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
            if let Some(id) = *selected {
                <ItemHistory {id} on_close={let s = selected.clone(); Callback::from(move |()| s.set(None))} />
            }
            <PowerDiffSection />
            if may_adjust {
                <AdjustmentForm units={(*units).clone()} on_saved={list.reload.clone()} />
            }
        </>
    }
}
