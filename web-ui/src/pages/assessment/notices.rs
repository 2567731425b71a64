//! `/assessment/notices`: the monthly notices. 执法监督科 edits a draft (title, opening,
//! problems; the ranking table comes from the run), the city bureau approves and
//! publishes it, the units read it; `/assessment/notices/:id/print` lays it out as an
//! official document.

use std::rc::Rc;

use api_types::assessment::{
    show, AssessmentNotice, AssessmentNoticeStatus, NoticeRow, NoticeText,
};
use api_types::auth::Me;
use api_types::{Page, Permission};
use chrono::NaiveDate;
use validator::Validate;
use yew::prelude::*;

use super::{grade_badge, notice_badge, tabs};
use crate::capability::can;
use crate::components::{
    ErrorPanel, FieldErrors, Href, Loading, PageHeader, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn NoticesPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<AssessmentNotice>>(
            "/assessment-notices",
            &[("per_page", "100".into())],
        )
        .await
    });
    if !can(&props.me, Permission::AssessmentRead) {
        return forbidden();
    }
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted">{ t.asm.no_notices }</p> }
        }
        (Some(p), None) => html! {
            <table class="table" id="notice-list">
                <thead><tr>
                    <th>{ t.asm.notice_title }</th><th>{ t.asm.col_period }</th><th>{ t.col_status }</th><th>{ t.col_time }</th>
                </tr></thead>
                <tbody>
                    { for p.items.iter().map(|n| html! {
                        <tr id={format!("notice-{}", n.id)}>
                            <td><Href to={format!("/assessment/notices/{}", n.id)}>{ n.text.title.clone() }</Href>
                                { n.number.clone().map(|x| format!(" {x}")).unwrap_or_default() }</td>
                            <td>{ n.period.clone() }</td>
                            <td>{ notice_badge(n.status, t) }</td>
                            <td>{ format::local_time(&n.published_at.unwrap_or(n.updated_at)) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_assessment.0} description={Some(AttrValue::Static(t.asm.intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="notices-title">
                <h2 class="card-title" id="notices-title">{ t.asm.notices_title }</h2>
                { body }
            </section>
        </>
    }
}

/// The ranking table of a notice.
fn ranking(t: &'static Texts, rows: &[NoticeRow], id: &'static str) -> Html {
    html! {
        <table class="table" {id}>
            <thead><tr>
                <th>{ t.asm.col_rank }</th><th>{ t.asm.col_unit }</th><th>{ t.asm.col_score }</th>
                <th>{ t.asm.col_grade }</th><th>{ t.asm.main_deductions }</th>
            </tr></thead>
            <tbody>
                { for rows.iter().map(|r| html! {
                    <tr>
                        <td>{ r.rank }</td>
                        <td>{ r.unit_name.clone() }</td>
                        <td>{ show(r.score) }</td>
                        <td>{ grade_badge(r.grade, t) }{ if r.vetoed { format!(" {}", t.asm.vetoed) } else { String::new() } }</td>
                        <td>{ r.deductions.join("；") }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn NoticePage(props: &NoticeProps) -> Html {
    let t = use_i18n().t();
    let notice = use_fetch(props.id.clone(), |id| async move {
        api::get::<AssessmentNotice>(&format!("/assessment-notices/{id}")).await
    });
    let body = match (notice.data(), notice.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(notice.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(n), None) => {
            let editable = n.status == AssessmentNoticeStatus::Draft
                && can(&props.me, Permission::AssessmentNoticesWrite);
            html! {
                <>
                    <section class="card" aria-labelledby="notice-title">
                        <h2 class="card-title" id="notice-title">{ n.text.title.clone() }{ " " }{ notice_badge(n.status, t) }</h2>
                        <p class="muted">{ format!("{}{}：{}{}", n.number.clone().map(|x| format!("{x}　")).unwrap_or_default(),
                            t.asm.drafted_by, n.drafted_by_name,
                            n.approved_by_name.clone().map(|a| format!("　{}：{a}", t.asm.approved_by)).unwrap_or_default()) }</p>
                        <Href to={format!("/assessment/notices/{}/print", n.id)} class={classes!("btn")} id={Some(AttrValue::Static("notice-print-link"))}>{ t.asm.print }</Href>
                        if !editable {
                            <p class="pre" id="notice-body">{ n.text.body.clone() }</p>
                            <h3>{ t.asm.notice_problems }</h3>
                            <p class="pre" id="notice-problems">{ n.text.problems.clone() }</p>
                        }
                        <h3>{ t.asm.ranking }</h3>
                        { ranking(t, &n.rows, "notice-ranking") }
                    </section>
                    if editable {
                        <NoticeEditor notice={Rc::new((*n).clone())} on_changed={notice.reload.clone()} />
                    }
                    if can(&props.me, Permission::AssessmentManage) && n.status != AssessmentNoticeStatus::Published {
                        <NoticeSteps notice={Rc::new((*n).clone())} on_changed={notice.reload.clone()} />
                    }
                </>
            }
        }
    };
    html! {
        <>
            <PageHeader title={t.cap_assessment.0} description={Some(AttrValue::Static(t.asm.intro))} />
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct StepProps {
    notice: Rc<AssessmentNotice>,
    on_changed: Callback<()>,
}

#[function_component]
fn NoticeEditor(props: &StepProps) -> Html {
    let t = use_i18n().t();
    let text = use_state(|| props.notice.text.clone());
    let form = use_submission();
    let (id, version) = (props.notice.id, props.notice.version);
    let save = {
        let (form, text, on_changed) = (form.clone(), text.clone(), props.on_changed.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = (*text).clone();
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            form.request(async move {
                api::put::<_, AssessmentNotice>(
                    &format!("/assessment-notices/{id}"),
                    version,
                    &body,
                )
                .await
            })
            .success(t.asm.notice_saved)
            .then(move |_| on_changed.emit(()));
        })
    };
    let edit = |f: fn(&mut NoticeText, String)| {
        let text = text.clone();
        Callback::from(move |v: String| {
            let mut next = (*text).clone();
            f(&mut next, v);
            text.set(next);
        })
    };
    let fields = form.fields();
    html! {
        <section class="card" aria-labelledby="notice-edit-title">
            <h2 class="card-title" id="notice-edit-title">{ t.asm.save_notice }</h2>
            <form class="form-grid" id="notice-edit" onsubmit={save} novalidate=true>
                <TextField id="notice-title-input" label={t.asm.notice_title} value={text.title.clone()}
                           error={fields.get("title")} on_input={edit(|x, v| x.title = v)} />
                <TextAreaField id="notice-body-input" label={t.asm.notice_body} value={text.body.clone()} rows={5}
                               error={fields.get("body")} on_input={edit(|x, v| x.body = v)} />
                <TextAreaField id="notice-problems-input" label={t.asm.notice_problems} value={text.problems.clone()} rows={6}
                               error={fields.get("problems")} on_input={edit(|x, v| x.problems = v)} />
                { form.alert(&["title", "body", "problems"]) }
                <button type="submit" class="btn btn-primary" id="notice-save" disabled={form.busy()}>{ t.asm.save_notice }</button>
            </form>
        </section>
    }
}

/// The city bureau's steps: approve a draft, publish an approved notice.
#[function_component]
fn NoticeSteps(props: &StepProps) -> Html {
    let t = use_i18n().t();
    let step = use_submission();
    let (id, version, status) = (props.notice.id, props.notice.version, props.notice.status);
    let (path, done, label) = match status {
        AssessmentNoticeStatus::Draft => ("approve", t.asm.approved, t.asm.approve),
        _ => ("publish", t.asm.published, t.asm.publish),
    };
    let act = {
        let (step, on_changed) = (step.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let on_changed = on_changed.clone();
            step.request(async move {
                api::post_versioned::<_, AssessmentNotice>(
                    &format!("/assessment-notices/{id}/{path}"),
                    version,
                    &(),
                )
                .await
            })
            .success(done)
            .then(move |_| on_changed.emit(()));
        })
    };
    html! {
        <section class="card actions" id="notice-steps">
            { step.alert(&[]) }
            <button class="btn btn-primary" id={format!("notice-{path}")} onclick={step.ask()} disabled={step.busy()}>{ label }</button>
            { step.confirm_dialog(label, if path == "publish" { t.asm.publish_hint } else { t.asm.approve }, label, act) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PrintProps {
    pub id: String,
}

#[function_component]
pub fn NoticePrintPage(props: &PrintProps) -> Html {
    let t = use_i18n().t();
    let notice = use_fetch(props.id.clone(), |id| async move {
        api::get::<AssessmentNotice>(&format!("/assessment-notices/{id}")).await
    });
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let n = match (notice.data(), notice.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(notice.reload.clone())} /> }
        }
        (Some(n), None) => n,
        (None, None) => return html! { <Loading /> },
    };
    let day = n.published_at.unwrap_or(n.updated_at);
    let day = NaiveDate::parse_from_str(&format::local_date(&day), "%Y-%m-%d").ok();
    html! {
        <>
            <div class="print-actions no-print">
                <Href to={format!("/assessment/notices/{}", n.id)} class="btn">{ t.print_back }</Href>
                <button type="button" id="print-now" class="btn btn-primary" onclick={print}>{ t.print_now }</button>
                <span class="muted">{ t.print_hint }</span>
            </div>
            <article class="official-document" id="assessment-notice-print" lang="zh-CN">
                <header class="doc-head">
                    <p class="doc-issuer">{ format!("{}文件", t.asm.issuer) }</p>
                    <p class="doc-number" id="doc-number">{ n.number.clone().unwrap_or_default() }</p>
                    <hr class="doc-rule" />
                </header>
                <h1 class="doc-title" id="doc-title">{ n.text.title.clone() }</h1>
                <p class="doc-addressee">{ "各县市区城管执法局，局属各单位：" }</p>
                <div class="doc-body">
                    <p class="pre">{ n.text.body.clone() }</p>
                    <p><strong>{ format!("一、{}", t.asm.ranking) }</strong></p>
                    { ranking(t, &n.rows, "doc-ranking") }
                    <p><strong>{ format!("二、{}", t.asm.notice_problems) }</strong></p>
                    <p class="pre">{ n.text.problems.clone() }</p>
                </div>
                <footer class="doc-sign">
                    <div class="doc-seal" aria-label="印章位置">{ "（印章）" }</div>
                    <p class="doc-signer">{ t.asm.issuer }</p>
                    <p class="doc-date">{ day.map(format::chinese_date).unwrap_or_default() }</p>
                </footer>
            </article>
        </>
    }
}
