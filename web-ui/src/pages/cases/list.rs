//! `/cases`: the quarter's submissions by unit (who is short of the quota) and the typical
//! cases the user may see: a unit's own (drafts included), every submitted one for
//! 政策法规科.

use api_types::cases::{CaseStatus, CaseSubmission, QuarterCases};
use api_types::{Page, Permission};
use yew::prelude::*;

use super::{case_badge, tabs, this_quarter};
use crate::capability::can;
use crate::components::{
    Badge, DownloadButton, ErrorPanel, Href, Loading, PageHeader, SelectField, TextField, Tone,
};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn CasesPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    if !can(&props.me, Permission::CasesRead) {
        return forbidden();
    }
    let quarter = use_state(this_quarter);
    let status = use_state(String::new);
    let valid = api_types::validate::quarter(&quarter).is_ok();
    let view = use_fetch(((*quarter).clone(), valid), |(quarter, valid)| async move {
        if valid {
            api::get::<QuarterCases>(&format!("/case-quarters/{quarter}"))
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    });
    let list = use_fetch(
        ((*quarter).clone(), (*status).clone(), valid),
        |(quarter, status, valid)| async move {
            let quarter = if valid { quarter } else { String::new() };
            api::get_list::<Page<CaseSubmission>>(
                "/case-submissions",
                &[
                    ("per_page", "100".into()),
                    ("quarter", quarter),
                    ("status", status),
                ],
            )
            .await
        },
    );
    let mut states = vec![(AttrValue::Static(""), AttrValue::Static(t.filter_all))];
    states.extend(CaseStatus::ALL.iter().map(|s| {
        (
            AttrValue::Static(s.as_str()),
            AttrValue::Static((t.cs.status)(*s)),
        )
    }));
    let quota = match (view.data().as_deref(), view.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(view.reload.clone())} /> },
        (Some(Some(v)), None) => html! {
            <>
                <p class="muted" id="quota-rule">{ (t.cs.quota_rule)(v.min_per_quarter, v.max_per_quarter, &v.deadline.to_string()) }</p>
                <table class="table" id="quota-table">
                    <thead><tr>
                        <th>{ t.cs.col_unit }</th><th>{ t.cs.col_counted }</th><th>{ t.cs.col_accepted }</th>
                        <th>{ t.cs.col_drafts }</th><th>{ t.col_status }</th>
                    </tr></thead>
                    <tbody>
                        { for v.units.iter().map(|u| html! {
                            <tr id={format!("quota-{}", u.unit_id)}>
                                <td>{ u.unit_name.clone() }</td>
                                <td>{ u.counted }</td><td>{ u.accepted }</td><td>{ u.drafts }</td>
                                <td>{ if u.missing {
                                    html! { <Badge tone={Tone::Warning} text={t.cs.missing} /> }
                                } else {
                                    html! { <Badge tone={Tone::Success} text={t.cs.enough} /> }
                                } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </>
        },
        _ => html! { <Loading /> },
    };
    let cases = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => html! { <p class="muted">{ t.cs.no_cases }</p> },
        (Some(p), None) => html! {
            <table class="table" id="case-list">
                <thead><tr>
                    <th>{ t.cs.title }</th><th>{ t.cs.unit }</th><th>{ t.cs.quarter }</th>
                    <th>{ t.col_status }</th><th>{ t.col_time }</th>
                </tr></thead>
                <tbody>
                    { for p.items.iter().map(|c| html! {
                        <tr id={format!("case-{}", c.id)}>
                            <td><Href to={format!("/cases/{}", c.id)}>{ c.content.text.title.clone() }</Href></td>
                            <td>{ c.unit_name.clone() }</td>
                            <td>{ c.content.quarter.clone() }</td>
                            <td>{ case_badge(c.status, t) }</td>
                            <td>{ format::local_time(&c.updated_at) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_cases.0} description={Some(AttrValue::Static(t.cs.intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="quota-title">
                <h2 class="card-title" id="quota-title">{ t.cs.quota_title }</h2>
                <div class="field-row">
                    <TextField id="case-quarter" label={t.cs.quarter} value={(*quarter).clone()}
                               hint={Some(AttrValue::Static(t.cs.quarter_hint))}
                               on_input={let q = quarter.clone(); Callback::from(move |v: String| q.set(v.trim().to_string()))} />
                    <SelectField id="case-status" label={t.col_status} value={(*status).clone()} options={states}
                                 on_change={let s = status.clone(); Callback::from(move |v| s.set(v))} />
                </div>
                { quota }
            </section>
            <section class="card" aria-labelledby="cases-title">
                <h2 class="card-title" id="cases-title">{ t.cs.list_title }</h2>
                if can(&props.me, Permission::CasesSubmit) {
                    <Href to="/cases/new" class={classes!("btn", "btn-primary")} id={Some(AttrValue::Static("case-new"))}>{ t.cs.new_case }</Href>
                }
                <DownloadButton id="cases-xlsx" name={t.cs.list_title}
                                path={format!("/case-submissions:xlsx?status={}&quarter={}", *status, if valid { (*quarter).clone() } else { String::new() })} />
                { cases }
            </section>
        </>
    }
}
