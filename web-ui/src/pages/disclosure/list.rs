//! The units' disclosure records (private: full party data), filtered by unit, status,
//! month and text, with timeliness and flags.

use api_types::disclosure::{DisclosureRecord, DisclosureStatus};
use api_types::{Page, Permission};
use yew::prelude::*;

use super::{money, status_badge, tabs, timeliness_badge};
use crate::capability::can;
use crate::components::{
    Badge, Column, DataTable, DownloadButton, Href, NavLink, PageHeader, SelectField, TextField,
    Tone,
};
use crate::hooks::{unit_name, unit_options, use_fetch, use_units, FilterBar, ListState};
use crate::i18n::use_i18n;
use crate::pages::MeProps;
use crate::routes::Route;
use crate::services::api;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit: String,
    status: String,
    month: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit_id", self.unit.clone()),
            ("status", self.status.clone()),
            ("month", self.month.clone()),
            ("q", self.q.trim().to_string()),
        ]
    }
}

#[function_component]
pub fn RecordsPage(props: &MeProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let me = &props.me;
    let units = use_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let allowed = can(me, Permission::DisclosureRead);
    let list = use_fetch(
        ((*list_state).clone(), applied.query(), allowed),
        |(state, filters, allowed)| async move {
            if !allowed {
                return Ok(Page {
                    items: Vec::new(),
                    total: 0,
                    page: 1,
                    per_page: state.per_page,
                });
            }
            let mut query = state.query();
            query.extend(filters);
            api::get_list::<Page<DisclosureRecord>>("/disclosure-records", &query).await
        },
    );
    let can_write = can(me, Permission::DisclosureWrite);

    if !allowed {
        return html! {
            <>
                <PageHeader title={t.cap_disclosure.0} description={Some(AttrValue::Static(t.cap_disclosure.1))} />
                <section class="card">
                    <p>{ t.disc_no_private }</p>
                    <NavLink to={Route::PublicDisclosure} class="btn btn-primary">{ t.disc_tab_public }</NavLink>
                </section>
            </>
        };
    }

    let mut xlsx_query = list_state.sort_query();
    xlsx_query.extend(applied.query());
    let xlsx_path = api::with_query("/disclosure-records:xlsx", &xlsx_query);
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);

    let unit_options = unit_options(&units, lang, t.filter_all, false);
    let mut status_options = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    status_options.extend(DisclosureStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.disclosure_status)(*s)),
        )
    }));

    let names = units.clone();
    let columns = vec![
        Column::new(t.disc_document_number, |r: &DisclosureRecord| {
            html! {
                <Href to={format!("/disclosure/records/{}", r.id)} class="record-link">
                    { r.content.document_number.clone() }
                </Href>
            }
        })
        .sortable("document_number"),
        Column::new(
            t.disc_cause,
            |r: &DisclosureRecord| html! { r.content.case_cause.clone() },
        )
        .class("cell-name"),
        Column::new(t.disc_party, move |r: &DisclosureRecord| {
            let t = lang.texts();
            html! {
                <>
                    <span class="cell-main">{ r.content.party_name.clone() }</span>
                    <span class="cell-sub">{ (t.party_kind)(r.content.party_kind) }</span>
                </>
            }
        }),
        Column::new(t.disc_fine, move |r: &DisclosureRecord| {
            html! { money(r.content.fine_fen, lang.texts()) }
        })
        .class("num nowrap"),
        Column::new(t.disc_decision_date, |r: &DisclosureRecord| {
            html! { r.content.decision_date.to_string() }
        })
        .sortable("decision_date")
        .class("nowrap"),
        Column::new(t.disc_issuing_unit, move |r: &DisclosureRecord| {
            html! { unit_name(&names, &r.content.issuing_unit_id, lang) }
        }),
        Column::new(t.col_status, move |r: &DisclosureRecord| {
            let t = lang.texts();
            html! {
                <span class="badges">
                    { status_badge(r.status, t) }
                    { timeliness_badge(r.timeliness, t) }
                    if r.fine_out_of_range {
                        <Badge tone={Tone::Warning} text={t.disc_flag_out_of_range} />
                    }
                    if r.calendar_incomplete {
                        <Badge tone={Tone::Neutral} text={t.disc_flag_calendar} />
                    }
                </span>
            }
        }),
    ];

    html! {
        <>
            <PageHeader title={t.cap_disclosure.0} description={Some(AttrValue::Static(t.cap_disclosure.1))}>
                if can_write {
                    <NavLink to={Route::DisclosureNew} class="btn btn-primary">{ t.disc_new }</NavLink>
                }
            </PageHeader>
            { tabs(t, can_write) }
            <section class="card" aria-labelledby="records-title">
                <h2 id="records-title" class="card-title">{ t.disc_tab_records }</h2>
                <DataTable<DisclosureRecord> id="records-table" caption={t.disc_tab_records} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={on_search}>
                        <SelectField id="filter-unit" label={t.disc_issuing_unit} value={draft.unit.clone()}
                                     options={unit_options} on_change={set_draft(|f, v| f.unit = v)} />
                        <SelectField id="filter-status" label={t.col_status} value={draft.status.clone()}
                                     options={status_options} on_change={set_draft(|f, v| f.status = v)} />
                        <TextField id="filter-month" label={t.disc_month} value={draft.month.clone()}
                                   input_type="month" on_input={set_draft(|f, v| f.month = v)} />
                        <TextField id="filter-q" label={t.filter_q} value={draft.q.clone()}
                                   placeholder={Some(AttrValue::Static(t.disc_q_placeholder))}
                                   on_input={set_draft(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="filter-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                            <DownloadButton id="records-xlsx" path={xlsx_path} name={t.disc_sheet_name} />
                        </div>
                    </form>
                </DataTable<DisclosureRecord>>
            </section>
        </>
    }
}
