//! The public disclosure pages (no sign-in): published penalty decisions with natural
//! persons' names masked as the API returns them (张某某) and no ID numbers, filters by
//! unit, month, cause and text, one decision's page (linked from the Atom feed) and the
//! feed itself.

use api_types::disclosure::PublicDisclosure;
use api_types::Page;
use yew::prelude::*;

use super::penalty;
use crate::components::{
    Badge, Column, DataTable, ErrorPanel, Href, Loading, PageHeader, SelectField, TextField, Tone,
};
use crate::hooks::{use_fetch, use_public_units, FilterBar, ListState};
use crate::i18n::use_i18n;
use crate::services::api;

const FEED: &str = "/api/v1/public/disclosure-records/feed";

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit: String,
    month: String,
    cause: String,
    q: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit_id", self.unit.clone()),
            ("month", self.month.clone()),
            ("cause", self.cause.trim().to_string()),
            ("q", self.q.trim().to_string()),
        ]
    }
}

#[function_component]
pub fn PublicDisclosurePage() -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_public_units();
    let list_state = use_state(|| ListState::new(20));
    let draft = use_state(Filters::default);
    let applied = use_state(Filters::default);
    let list = use_fetch(
        ((*list_state).clone(), applied.query()),
        |(state, filters)| async move {
            let mut query = state.query();
            query.extend(filters);
            api::get_list_public::<Page<PublicDisclosure>>("/public/disclosure-records", &query)
                .await
        },
    );
    let filter_bar = FilterBar::new(&draft, &applied, &list_state);
    let on_search = filter_bar.on_search();
    let on_reset = filter_bar.on_reset();
    let set_draft = |f: fn(&mut Filters, String)| filter_bar.set(f);
    let mut unit_options = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    unit_options.extend(units.iter().map(|u| {
        (
            AttrValue::from(u.id.to_string()),
            AttrValue::from(u.name.clone()),
        )
    }));
    let columns = vec![
        Column::new(t.disc_document_number, |r: &PublicDisclosure| {
            html! { <Href to={format!("/disclosure/{}", r.id)}>{ r.document_number.clone() }</Href> }
        }),
        Column::new(t.disc_cause, |r: &PublicDisclosure| html! { r.case_cause.clone() })
            .class("cell-name"),
        Column::new(t.disc_party, move |r: &PublicDisclosure| {
            html! {
                <>
                    <span class="cell-main party-name">{ r.party_name.clone() }</span>
                    <span class="cell-sub">{ (lang.texts().party_kind)(r.party_kind) }</span>
                </>
            }
        }),
        Column::new(t.disc_penalty, move |r: &PublicDisclosure| {
            html! { penalty(r.fine_fen, r.confiscated_fen, r.other_measures.as_deref(), lang.texts()) }
        }),
        Column::new(t.disc_execution, move |r: &PublicDisclosure| {
            html! { (lang.texts().execution_status)(r.execution_status) }
        })
        .class("nowrap"),
        Column::new(t.disc_decision_date, |r: &PublicDisclosure| {
            html! { r.decision_date.to_string() }
        })
        .sortable("decision_date")
        .class("nowrap"),
        Column::new(t.disc_publication_date, move |r: &PublicDisclosure| {
            html! {
                <>
                    { r.publication_date.to_string() }
                    if r.corrected { { " " }<Badge tone={Tone::Info} text={lang.texts().disc_corrected} /> }
                </>
            }
        })
        .sortable("publication_date")
        .class("nowrap"),
        Column::new(t.disc_issuing_unit, |r: &PublicDisclosure| {
            html! { r.issuing_unit_name.clone() }
        }),
    ];
    html! {
        <>
            <PageHeader title={t.pub_disclosure_title} description={Some(AttrValue::Static(t.pub_disclosure_intro))}>
                <a class="btn" href={FEED} id="atom-feed" type="application/atom+xml">{ t.pub_feed }</a>
            </PageHeader>
            <section class="card" aria-labelledby="public-title">
                <h2 id="public-title" class="card-title">{ t.pub_disclosure_list }</h2>
                <DataTable<PublicDisclosure> id="public-table" caption={t.pub_disclosure_list} {columns}
                    page={list.data()} loading={list.loading()} error={list.error()}
                    state={(*list_state).clone()}
                    on_change={let s = list_state.clone(); Callback::from(move |v| s.set(v))}
                    on_retry={list.reload.clone()}>
                    <form class="filter-form" role="search" onsubmit={on_search}>
                        <SelectField id="pub-unit" label={t.disc_issuing_unit} value={draft.unit.clone()}
                                     options={unit_options} on_change={set_draft(|f, v| f.unit = v)} />
                        <TextField id="pub-month" label={t.disc_month} value={draft.month.clone()}
                                   input_type="month" on_input={set_draft(|f, v| f.month = v)} />
                        <TextField id="pub-cause" label={t.disc_cause} value={draft.cause.clone()}
                                   on_input={set_draft(|f, v| f.cause = v)} />
                        <TextField id="pub-q" label={t.filter_q} value={draft.q.clone()}
                                   placeholder={Some(AttrValue::Static(t.pub_q_placeholder))}
                                   on_input={set_draft(|f, v| f.q = v)} />
                        <div class="filter-buttons">
                            <button type="submit" class="btn btn-primary" id="pub-search">{ t.search }</button>
                            <button type="button" class="btn" onclick={on_reset}>{ t.reset }</button>
                        </div>
                    </form>
                </DataTable<PublicDisclosure>>
                <p class="muted privacy-note">{ t.pub_privacy_note }</p>
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PublicRecordProps {
    pub id: String,
}

#[function_component]
pub fn PublicRecordPage(props: &PublicRecordProps) -> Html {
    let t = use_i18n().t();
    let record = use_fetch(props.id.clone(), |id| async move {
        api::get_public::<PublicDisclosure>(&format!("/public/disclosure-records/{id}")).await
    });
    let body = match (record.data(), record.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} /> },
        (None, None) => html! { <Loading /> },
        (Some(r), None) => html! {
            <section class="card" aria-labelledby="pub-record-title" id="public-record">
                <h2 id="pub-record-title" class="card-title">{ r.document_number.clone() }</h2>
                <dl class="details two-col">
                    <dt>{ t.disc_issuing_unit }</dt><dd>{ r.issuing_unit_name.clone() }</dd>
                    <dt>{ t.disc_cause }</dt><dd>{ r.case_cause.clone() }</dd>
                    <dt>{ t.disc_party }</dt>
                    <dd><span class="party-name">{ r.party_name.clone() }</span>{ " · " }{ (t.party_kind)(r.party_kind) }</dd>
                    if let Some(code) = &r.party_credit_code { <dt>{ t.disc_credit_code }</dt><dd class="mono">{ code.clone() }</dd> }
                    <dt>{ t.disc_legal_basis }</dt><dd class="prose">{ r.legal_basis.clone() }</dd>
                    <dt>{ t.disc_penalty }</dt><dd>{ penalty(r.fine_fen, r.confiscated_fen, r.other_measures.as_deref(), t) }</dd>
                    <dt>{ t.disc_execution }</dt><dd>{ (t.execution_status)(r.execution_status) }</dd>
                    <dt>{ t.disc_decision_date }</dt><dd>{ r.decision_date.to_string() }</dd>
                    <dt>{ t.disc_publication_date }</dt><dd>{ r.publication_date.to_string() }</dd>
                    if r.corrected {
                        <dt>{ t.disc_corrected }</dt>
                        <dd>{ (t.disc_revision_no)(r.revision) }{ r.correction_reason.clone().map(|c| format!(" · {c}")).unwrap_or_default() }</dd>
                    }
                    if let Some(o) = &r.overturned {
                        <dt>{ t.cs.overturned }</dt><dd id="record-overturned" class="notice">{ o.note.clone() }</dd>
                    }
                </dl>
            </section>
        },
    };
    html! {
        <>
            <PageHeader title={t.pub_disclosure_title}>
                <Href to="/public/disclosure" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { body }
        </>
    }
}
