//! `/cases/bulletins` (the issues), `/cases/bulletins/new` and `/cases/bulletins/:id`:
//! 政策法规科 compiles an issue from accepted cases, orders them and writes the
//! commentary, previews it laid out as the official bulletin, prints and publishes it.
//! A published issue is read (and printed) by everyone and never changes.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::cases::{
    BulletinContent, BulletinItem, BulletinStatus, CaseBulletin, CaseStatus, CaseSubmission,
};
use api_types::{Page, Permission};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::{bulletin_badge, bulletin_cases, tabs, this_quarter};
use crate::capability::can;
use crate::components::{
    push_path, ErrorPanel, FieldErrors, Href, Loading, PageHeader, SelectField, TextAreaField,
    TextField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission};
use crate::i18n::{use_i18n, Texts};
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn BulletinsPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let list = use_fetch((), |()| async {
        api::get_list::<Page<CaseBulletin>>("/case-bulletins", &[("per_page", "100".into())]).await
    });
    if !can(&props.me, Permission::CasesRead) {
        return forbidden();
    }
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted">{ t.cs.no_bulletins }</p> }
        }
        (Some(p), None) => html! {
            <table class="table" id="bulletin-list">
                <thead><tr><th>{ t.cs.issue_no }</th><th>{ t.cs.bulletin_title }</th><th>{ t.cs.quarter }</th><th>{ t.col_status }</th></tr></thead>
                <tbody>
                    { for p.items.iter().map(|b| html! {
                        <tr id={format!("bulletin-{}", b.id)}>
                            <td><Href to={format!("/cases/bulletins/{}", b.id)}>{ b.number.clone() }</Href></td>
                            <td>{ b.content.title.clone() }</td>
                            <td>{ b.content.quarter.clone() }</td>
                            <td>{ bulletin_badge(b.status, t) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_cases.0} description={Some(AttrValue::Static(t.cs.bulletins_intro))} />
            { tabs(t, &props.me) }
            <section class="card">
                if can(&props.me, Permission::CasesReview) {
                    <Href to="/cases/bulletins/new" class={classes!("btn", "btn-primary")} id={Some(AttrValue::Static("bulletin-new"))}>{ t.cs.new_bulletin }</Href>
                }
                { body }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct BulletinProps {
    pub me: Rc<Me>,
    /// None: a new issue.
    #[prop_or_default]
    pub id: Option<String>,
}

#[function_component]
pub fn BulletinPage(props: &BulletinProps) -> Html {
    let t = use_i18n().t();
    let bulletin = use_fetch(props.id.clone(), |id| async move {
        match id {
            Some(id) => api::get::<CaseBulletin>(&format!("/case-bulletins/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    if !can(&props.me, Permission::CasesRead) {
        return forbidden();
    }
    let edits = can(&props.me, Permission::CasesReview);
    let body = match (bulletin.data().as_deref(), bulletin.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(bulletin.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(None), None) if edits => {
            html! { <Editor existing={None::<Rc<CaseBulletin>>} on_saved={Callback::noop()} /> }
        }
        (Some(None), None) => forbidden(),
        (Some(Some(b)), None) => {
            let b = Rc::new(b.clone());
            html! {
                <>
                    if edits && b.status == BulletinStatus::Draft {
                        <Editor existing={Some(b.clone())} on_saved={bulletin.reload.clone()} />
                        <Publish bulletin={b.clone()} on_changed={bulletin.reload.clone()} />
                    }
                    <section class="card" aria-label={t.cs.preview}>
                        <button class="btn no-print" id="bulletin-print" onclick={Callback::from(|_| {
                            if let Some(w) = web_sys::window() { let _ = w.print(); }
                        })}>{ t.cs.print }</button>
                        { official(t, &b.number, &b.content, &b.cases, b.published_at, b.corrected_by.as_ref().map(|r| r.number.as_str()), None) }
                    </section>
                </>
            }
        }
    };
    html! {
        <>
            <div class="no-print">
                <PageHeader title={t.cap_cases.0} description={Some(AttrValue::Static(t.cs.bulletins_intro))} />
                { tabs(t, &props.me) }
            </div>
            { body }
        </>
    }
}

/// A bulletin laid out as the official one: its masthead, number, issuer and date, the
/// preface, then each case.
pub fn official(
    t: &'static Texts,
    number: &str,
    content: &BulletinContent,
    cases: &[api_types::cases::BulletinCase],
    published_at: Option<chrono::DateTime<chrono::Utc>>,
    corrected_by: Option<&str>,
    corrects: Option<(&str, &str)>,
) -> Html {
    html! {
        <article class="bulletin" id="bulletin-view">
            <header class="bulletin-masthead">
                <h1 class="bulletin-name">{ content.title.clone() }</h1>
                <p class="bulletin-number" id="bulletin-number">{ number.to_string() }</p>
                <p class="bulletin-issuer">
                    <span>{ t.cs.issuer }</span>
                    <span>{ published_at.map(|at| format::local_date(&at)).unwrap_or_default() }</span>
                </p>
            </header>
            if let Some(by) = corrected_by {
                <p class="notice" id="bulletin-corrected">{ (t.cs.corrected_by)(by) }</p>
            }
            if let Some((issue, why)) = corrects {
                <p class="notice" id="bulletin-corrects">{ (t.cs.corrects_issue)(issue, why) }</p>
            }
            if !content.preface.is_empty() {
                <p class="bulletin-preface pre">{ content.preface.clone() }</p>
            }
            { bulletin_cases(t, cases) }
        </article>
    }
}

/// The chosen cases in order: id, title, commentary.
type Items = Vec<(Uuid, String, String)>;

/// The issue as typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    year: String,
    issue_no: String,
    quarter: String,
    title: String,
    preface: String,
    items: Items,
    corrects: String,
    reason: String,
}

impl Draft {
    fn content(&self, t: &Texts) -> Result<BulletinContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let year = self.year.trim().parse::<i32>().ok();
        let issue_no = self.issue_no.trim().parse::<u32>().ok();
        if year.is_none() {
            errors.insert("year", t.cs.year);
        }
        if issue_no.is_none() {
            errors.insert("issue_no", t.cs.issue_no);
        }
        let (Some(year), Some(issue_no)) = (year, issue_no) else {
            return Err(errors);
        };
        let corrects_id = self.corrects.parse::<Uuid>().ok();
        let content = BulletinContent {
            year,
            issue_no,
            quarter: self.quarter.trim().to_string(),
            title: self.title.trim().to_string(),
            preface: self.preface.trim().to_string(),
            items: self
                .items
                .iter()
                .map(|(id, _, commentary)| BulletinItem {
                    case_id: *id,
                    commentary: commentary.trim().to_string(),
                })
                .collect(),
            corrects_id,
            correction_reason: corrects_id.map(|_| self.reason.trim().to_string()),
        };
        content
            .validate()
            .map_err(|v| FieldErrors::from_validation(&v, t))?;
        Ok(content)
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    existing: Option<Rc<CaseBulletin>>,
    on_saved: Callback<()>,
}

/// Compiles an issue: its number and preface, the accepted cases in order with their
/// commentary (moved up and down with buttons, usable from the keyboard).
#[function_component]
fn Editor(props: &EditorProps) -> Html {
    let t = use_i18n().t();
    let draft = {
        let existing = props.existing.clone();
        use_state(move || match &existing {
            Some(b) => Draft {
                year: b.content.year.to_string(),
                issue_no: b.content.issue_no.to_string(),
                quarter: b.content.quarter.clone(),
                title: b.content.title.clone(),
                preface: b.content.preface.clone(),
                items: b
                    .cases
                    .iter()
                    .map(|c| (c.case_id, c.text.title.clone(), c.commentary.clone()))
                    .collect(),
                corrects: b
                    .content
                    .corrects_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                reason: b.content.correction_reason.clone().unwrap_or_default(),
            },
            None => {
                let quarter = this_quarter();
                Draft {
                    year: quarter[..4].to_string(),
                    issue_no: quarter[6..].to_string(),
                    quarter,
                    title: "典型案例通报".into(),
                    preface: String::new(),
                    items: Vec::new(),
                    corrects: String::new(),
                    reason: String::new(),
                }
            }
        })
    };
    let quarter = draft.quarter.clone();
    let accepted = use_fetch(quarter, |quarter| async move {
        let quarter = if api_types::validate::quarter(&quarter).is_ok() {
            quarter
        } else {
            String::new()
        };
        api::get_list::<Page<CaseSubmission>>(
            "/case-submissions",
            &[
                ("per_page", "100".into()),
                ("status", CaseStatus::Accepted.as_str().into()),
                ("quarter", quarter),
            ],
        )
        .await
    });
    let published = use_fetch((), |()| async {
        api::get_list::<Page<CaseBulletin>>(
            "/case-bulletins",
            &[("per_page", "100".into()), ("status", "published".into())],
        )
        .await
    });
    let form = use_submission();
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let change_items = {
        let draft = draft.clone();
        move |f: Box<dyn Fn(&mut Items)>| {
            let mut next = (*draft).clone();
            f(&mut next.items);
            draft.set(next);
        }
    };
    let save = {
        let (draft, form, existing, on_saved) = (
            draft.clone(),
            form.clone(),
            props.existing.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let content = match draft.content(t) {
                Ok(c) => c,
                Err(errors) => return form.reject(errors),
            };
            let (existing, on_saved) = (existing.clone(), on_saved.clone());
            form.request(async move {
                match existing {
                    Some(b) => {
                        api::put::<_, CaseBulletin>(
                            &format!("/case-bulletins/{}", b.id),
                            b.version,
                            &content,
                        )
                        .await
                    }
                    None => api::post::<_, CaseBulletin>("/case-bulletins", &content).await,
                }
            })
            .success(t.cs.bulletin_saved)
            .then(move |b| {
                on_saved.emit(());
                push_path(&format!("/cases/bulletins/{}", b.id));
            });
        })
    };
    let chosen: Vec<Uuid> = draft.items.iter().map(|i| i.0).collect();
    let candidates = match (accepted.data(), accepted.error()) {
        (_, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(accepted.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.iter().all(|c| chosen.contains(&c.id)) => {
            html! { <p class="muted">{ t.cs.no_accepted }</p> }
        }
        (Some(p), None) => html! {
            <ul class="plain-list" id="bulletin-candidates">
                { for p.items.iter().filter(|c| !chosen.contains(&c.id)).map(|c| {
                    let change = change_items.clone();
                    let (id, title) = (c.id, c.published_text.as_ref().map(|x| x.title.clone()).unwrap_or_else(|| c.content.text.title.clone()));
                    let label = title.clone();
                    html! {
                        <li id={format!("candidate-{id}")}>
                            { format!("{}（{}）", label, c.unit_name) }{ " " }
                            <button type="button" class="btn btn-small bulletin-add"
                                    onclick={Callback::from(move |_| { let title = title.clone(); change(Box::new(move |items| items.push((id, title.clone(), String::new())))) })}>{ t.cs.add }</button>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    let count = draft.items.len();
    let items = html! {
        <ol class="bulletin-order" id="bulletin-items">
            { for draft.items.iter().enumerate().map(|(i, (id, title, commentary))| {
                let (up, down, remove, note) = (change_items.clone(), change_items.clone(), change_items.clone(), change_items.clone());
                html! {
                    <li id={format!("item-{id}")}>
                        <strong>{ title.clone() }</strong>{ " " }
                        <button type="button" class="btn btn-small" aria-label={format!("{} {}", t.cs.move_up, title)} disabled={i == 0}
                                onclick={Callback::from(move |_| up(Box::new(move |items| items.swap(i - 1, i))))}>{ "↑" }</button>
                        <button type="button" class="btn btn-small" aria-label={format!("{} {}", t.cs.move_down, title)} disabled={i + 1 == count}
                                onclick={Callback::from(move |_| down(Box::new(move |items| items.swap(i, i + 1))))}>{ "↓" }</button>
                        <button type="button" class="btn btn-small" onclick={Callback::from(move |_| remove(Box::new(move |items| { items.remove(i); })))}>{ t.cs.remove }</button>
                        <TextAreaField id={format!("commentary-{i}")} label={t.cs.commentary} value={commentary.clone()} rows={2}
                                       on_input={Callback::from(move |v: String| note(Box::new(move |items| items[i].2 = v.clone())))} />
                    </li>
                }
            }) }
        </ol>
    };
    let mut corrections = vec![(AttrValue::Static(""), AttrValue::Static("—"))];
    if let Some(p) = published.data() {
        corrections.extend(p.items.iter().map(|b| {
            (
                AttrValue::from(b.id.to_string()),
                AttrValue::from(b.number.clone()),
            )
        }));
    }
    let fields = form.fields();
    let d = &*draft;
    html! {
        <section class="card">
            <form class="form-grid" id="bulletin-form" onsubmit={save} novalidate=true>
                <div class="field-row">
                    <TextField id="bulletin-year" label={t.cs.year} value={d.year.clone()} inputmode="numeric" required=true
                               error={fields.get("year")} on_input={update(|d, v| d.year = v)} />
                    <TextField id="bulletin-issue" label={t.cs.issue_no} value={d.issue_no.clone()} inputmode="numeric" required=true
                               error={fields.get("issue_no")} on_input={update(|d, v| d.issue_no = v)} />
                    <TextField id="bulletin-quarter" label={t.cs.quarter} value={d.quarter.clone()} required=true
                               error={fields.get("quarter")} on_input={update(|d, v| d.quarter = v)} />
                </div>
                <TextField id="bulletin-title" label={t.cs.bulletin_title} value={d.title.clone()} required=true
                           error={fields.get("title")} on_input={update(|d, v| d.title = v)} />
                <TextAreaField id="bulletin-preface" label={t.cs.preface} value={d.preface.clone()} rows={3}
                               error={fields.get("preface")} on_input={update(|d, v| d.preface = v)} />
                <h3>{ t.cs.choose_cases }</h3>
                { candidates }
                <h3>{ t.cs.chosen }</h3>
                { items }
                { fields.get("items").or_else(|| fields.get("items[0].case_id")).map(|e| html! { <p class="field-error">{ e }</p> }).unwrap_or_default() }
                <div class="field-row">
                    <SelectField id="bulletin-corrects" label={t.cs.corrects} value={d.corrects.clone()} options={corrections}
                                 error={fields.get("corrects_id")} on_change={update(|d, v| d.corrects = v)} />
                    if !d.corrects.is_empty() {
                        <TextField id="bulletin-reason" label={t.cs.correction_reason} value={d.reason.clone()}
                                   error={fields.get("correction_reason")} on_input={update(|d, v| d.reason = v)} />
                    }
                </div>
                { form.alert(&["year", "issue_no", "quarter", "title", "preface", "items", "items[0].case_id", "corrects_id", "correction_reason"]) }
                <button type="submit" class="btn btn-primary" id="bulletin-save" disabled={form.busy()}>{ t.cs.save_bulletin }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PublishProps {
    bulletin: Rc<CaseBulletin>,
    on_changed: Callback<()>,
}

#[function_component]
fn Publish(props: &PublishProps) -> Html {
    let t = use_i18n().t();
    let publishing = use_submission();
    let (id, version) = (props.bulletin.id, props.bulletin.version);
    let publish = {
        let (publishing, on_changed) = (publishing.clone(), props.on_changed.clone());
        Callback::from(move |_: ()| {
            let on_changed = on_changed.clone();
            publishing
                .request(async move {
                    api::post_versioned::<_, CaseBulletin>(
                        &format!("/case-bulletins/{id}/publish"),
                        version,
                        &(),
                    )
                    .await
                })
                .success(t.cs.published)
                .then(move |_| on_changed.emit(()));
        })
    };
    html! {
        <section class="card no-print">
            <button class="btn btn-primary" id="bulletin-publish" onclick={publishing.ask()} disabled={publishing.busy()}>{ t.cs.publish }</button>
            { publishing.alert(&[]) }
            { publishing.confirm_dialog(t.cs.publish, t.cs.publish_confirm, t.cs.publish, publish) }
        </section>
    }
}
