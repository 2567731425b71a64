//! 法制档案: a person's legal learning as each capability records it — training hours
//! by year (with each event), quiz and exam results, contest results, in-service
//! degrees — on screen, as a sheet and printed.
//! `me` stands for the signed-in person.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::legal_archive::LegalArchive;
use api_types::Permission;
use yew::prelude::*;

use super::{hours, tabs};
use crate::capability::can;
use crate::components::{DownloadButton, ErrorPanel, Href, Loading, PageHeader};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_units};
use crate::i18n::{use_i18n, Lang};
use crate::services::api;

/// The API path of an archive: the caller's own, or someone's.
fn path_of(id: &str) -> String {
    if id == "me" {
        "/me/legal-archive".into()
    } else {
        format!("/legal-archives/{id}")
    }
}

#[derive(Properties, PartialEq)]
pub struct ArchivePageProps {
    pub me: Rc<Me>,
    /// A user id, or `me`.
    pub id: String,
}

#[function_component]
pub fn ArchivePage(props: &ArchivePageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let archive = use_fetch(props.id.clone(), |id| async move {
        api::get::<LegalArchive>(&path_of(&id)).await
    });
    let body = match (archive.data(), archive.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(archive.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(a), None) => html! { <ArchiveBody archive={a} lang={lang} /> },
    };
    let sheet = (props.id != "me" && can(&props.me, Permission::LegalArchiveRead))
        .then(|| format!("/legal-archives/{}:xlsx", props.id));
    html! {
        <>
            <PageHeader title={t.tr.archive} description={Some(AttrValue::Static(t.tr.archive_intro))}>
                <Href to={format!("/training/archive/{}/print", props.id)} class="btn" id="archive-print">{ t.tr.print }</Href>
                if let Some(path) = sheet {
                    <DownloadButton id="archive-xlsx" path={path} name={t.tr.archive} />
                }
            </PageHeader>
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ArchiveBodyProps {
    archive: Rc<LegalArchive>,
    lang: Lang,
}

#[function_component]
fn ArchiveBody(props: &ArchiveBodyProps) -> Html {
    let (lang, a) = (props.lang, &props.archive);
    let t = lang.texts();
    let units = use_units();
    html! {
        <>
            <section class="card" aria-labelledby="archive-person">
                <h2 class="card-title" id="archive-person">{ a.person.name.clone() }</h2>
                <dl class="facts">
                    <dt>{ t.tr.unit }</dt><dd>{ unit_name(&units, &a.person.unit_id, lang) }</dd>
                    <dt>{ t.tr.generated_at }</dt><dd>{ format::bureau_time(&a.generated_at) }</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="archive-training-title" id="archive-training">
                <h2 class="card-title" id="archive-training-title">{ t.tr.archive_training }</h2>
                { for a.training.iter().map(|y| html! {
                    <div class="archive-year">
                        <h3>{ (t.tr.hours_total)(y.year, &hours(y.hours), &hours(y.required)) }{ " " }
                            if y.met { <span class="badge badge-success">{ t.tr.met }</span> } else { <span class="badge badge-warning">{ t.tr.not_met }</span> }
                        </h3>
                        if !y.events.is_empty() {
                            <table class="table">
                                <thead><tr><th>{ t.tr.title }</th><th>{ t.col_kind }</th><th class="num">{ t.tr.earned }</th>
                                    <th class="num">{ t.tr.leave }</th><th>{ t.tr.completed }</th></tr></thead>
                                <tbody>
                                    { for y.events.iter().map(|e| html! {
                                        <tr>
                                            <td>{ e.title.clone() }</td>
                                            <td>{ (t.tr.category)(e.category) }</td>
                                            <td class="num">{ format!("{} / {}", hours(e.hours), hours(e.total_hours)) }</td>
                                            <td class="num">{ hours(e.leave_hours) }</td>
                                            <td>{ if e.completed { t.tr.yes } else { t.tr.no } }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        }
                    </div>
                }) }
            </section>
            <section class="card" aria-labelledby="archive-quizzes-title" id="archive-quizzes">
                <h2 class="card-title" id="archive-quizzes-title">{ t.tr.archive_quizzes }</h2>
                if a.quizzes.is_empty() {
                    <p class="muted">{ t.tr.archive_none }</p>
                } else {
                    <table class="table">
                        <thead><tr><th>{ t.tr.title }</th><th>{ t.col_kind }</th><th>{ t.tr.when }</th>
                            <th class="num">{ t.tr.score }</th><th>{ t.col_status }</th></tr></thead>
                        <tbody>
                            { for a.quizzes.iter().map(|r| html! {
                                <tr>
                                    <td>{ r.session_title.clone() }</td>
                                    <td>{ (t.qz_kind)(r.session_kind) }</td>
                                    <td class="nowrap">{ format::bureau_time(&r.last_submitted_at) }</td>
                                    <td class="num">{ crate::pages::quizzes::score(r.score, r.max_score) }</td>
                                    <td>{ crate::pages::quizzes::pass_badge(r.passed, t) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <section class="card" aria-labelledby="archive-contests-title" id="archive-contests">
                <h2 class="card-title" id="archive-contests-title">{ t.ct.archive_contests }</h2>
                if a.contests.is_empty() {
                    <p class="muted">{ t.tr.archive_none }</p>
                } else {
                    <table class="table">
                        <thead><tr><th>{ t.tr.title }</th><th>{ t.col_kind }</th><th>{ t.ct.held_on }</th>
                            <th>{ t.ct.work_title }</th><th class="num">{ t.ct.rank }</th><th class="num">{ t.ct.final_score }</th><th>{ t.ct.award_col }</th></tr></thead>
                        <tbody>
                            { for a.contests.iter().map(|r| html! {
                                <tr>
                                    <td>{ r.contest_title.clone() }</td>
                                    <td>{ (t.ct.kind)(r.kind) }</td>
                                    <td class="nowrap">{ r.held_on.to_string() }</td>
                                    <td>{ r.entry_title.clone() }</td>
                                    <td class="num">{ r.rank }</td>
                                    <td class="num">{ r.score }</td>
                                    <td>{ r.award.map_or(t.ct.no_award, |aw| (t.ct.award)(aw)) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <section class="card" aria-labelledby="archive-degrees-title" id="archive-degrees">
                <h2 class="card-title" id="archive-degrees-title">{ t.ct.archive_degrees }</h2>
                if a.degrees.is_empty() {
                    <p class="muted">{ t.tr.archive_none }</p>
                } else {
                    <table class="table">
                        <thead><tr><th>{ t.ct.level }</th><th>{ t.ct.school }</th><th>{ t.ct.major }</th>
                            <th>{ t.ct.graduated_on }</th><th>{ t.col_status }</th><th>{ t.ct.reward }</th></tr></thead>
                        <tbody>
                            { for a.degrees.iter().map(|g| html! {
                                <tr>
                                    <td>{ (t.ct.level_name)(g.content.level) }</td>
                                    <td>{ g.content.school.clone() }</td>
                                    <td>{ g.content.major.clone() }</td>
                                    <td class="nowrap">{ g.content.graduated_on.to_string() }</td>
                                    <td>{ super::degrees::degree_badge(g.status, t) }</td>
                                    <td>{ g.reward.as_ref().map(|r| (t.ct.reward_text)(r.amount_yuan, &r.note)).unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <p class="muted">{ t.tr.archive_more }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ArchivePrintProps {
    pub id: String,
}

/// The archive on A4, without the application around it.
#[function_component]
pub fn ArchivePrintPage(props: &ArchivePrintProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let archive = use_fetch(props.id.clone(), |id| async move {
        api::get::<LegalArchive>(&path_of(&id)).await
    });
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let a = match (archive.data(), archive.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(archive.reload.clone())} /> }
        }
        (Some(a), None) => a,
        (None, None) => return html! { <Loading /> },
    };
    let back = if props.id == "me" {
        "/training/archive".to_string()
    } else {
        format!("/training/archive/{}", props.id)
    };
    html! {
        <>
            <div class="print-actions no-print">
                <Href to={back} class="btn">{ t.print_back }</Href>
                <button type="button" id="print-now" class="btn btn-primary" onclick={print}>{ t.print_now }</button>
                <span class="muted">{ t.print_hint }</span>
            </div>
            <article class="official-document" id="archive-document" lang="zh-CN">
                <h1 class="doc-title">{ format!("{}法制档案", a.person.name) }</h1>
                <div class="doc-body">
                    <p>{ format!("单位：{}。", unit_name(&units, &a.person.unit_id, lang)) }</p>
                    { for a.training.iter().map(|y| html! {
                        <p>{ format!("{}年度培训学时{}，要求{}学时，{}。{}", y.year, hours(y.hours), hours(y.required),
                            if y.met { "已达标" } else { "未达标" },
                            y.events.iter().map(|e| format!("{}（{}，{}学时{}）", e.title, e.category.label_zh(), hours(e.hours), if e.completed { "" } else { "，未完成" })).collect::<Vec<_>>().join("；")) }</p>
                    }) }
                    if a.quizzes.is_empty() {
                        <p>{ "学法考试：暂无记录。" }</p>
                    } else {
                        <p>{ format!("学法考试：{}。", a.quizzes.iter().map(|r| format!("{}（{}）{}", r.session_title, r.session_kind.label_zh(),
                            match r.passed { Some(true) => "合格", Some(false) => "不合格", None => "待评分" })).collect::<Vec<_>>().join("；")) }</p>
                    }
                    if !a.contests.is_empty() {
                        <p>{ format!("竞赛成绩：{}。", a.contests.iter().map(|r| format!("{}（{}）《{}》第{}名{}", r.contest_title, r.kind.label_zh(), r.entry_title, r.rank,
                            r.award.map(|aw| format!("，{}", aw.label_zh())).unwrap_or_default())).collect::<Vec<_>>().join("；")) }</p>
                    }
                    if !a.degrees.is_empty() {
                        <p>{ format!("在职学历：{}。", a.degrees.iter().map(|g| format!("{}{}{}（{}毕业，{}{}）", g.content.school, g.content.major, g.content.level.label_zh(),
                            g.content.graduated_on, g.status.label_zh(),
                            g.reward.as_ref().map(|r| format!("，奖励{}元", r.amount_yuan)).unwrap_or_default())).collect::<Vec<_>>().join("；")) }</p>
                    }
                </div>
                <div class="doc-sign">
                    <p class="doc-date">{ format!("制表时间：{}", format::bureau_time(&a.generated_at)) }</p>
                </div>
            </article>
        </>
    }
}
