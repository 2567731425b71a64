//! `/training/contests/:id`: a contest's settings and its organiser's steps (panel of
//! judges, announce, start judging, publish results, cancel), the entries (units enter
//! works and attach their files), the judging page of each judge, and the ranking.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::contests::{
    Contest, ContestCancellation, ContestEntry, ContestEntryContent, ContestJudges, ContestKind,
    ContestStatus, CriterionPoints, EntryStatus, JudgeCandidate, JudgeScore, ScoreSheet,
    Scoreboard, ScoreboardEntry,
};
use api_types::users::User;
use api_types::{Page, Permission, Role};
use validator::Validate;
use yew::prelude::*;

use super::contests::contest_badge;
use super::{in_my_scope, tabs};
use crate::capability::can;
use crate::components::{
    Attachments, Badge, Checkbox, DownloadButton, ErrorPanel, FieldErrors, Href, Loading,
    PageHeader, SelectField, TextAreaField, TextField, Tone,
};
use crate::format;
use crate::hooks::{unit_name, unit_options, use_fetch, use_submission, use_units};
use crate::i18n::{use_i18n, Texts};
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct ContestPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

/// Whether the user prepares contests of `unit` (the city bureau every unit's, a section
/// its own).
fn organises(me: &Me, unit: uuid::Uuid) -> bool {
    can(me, Permission::ContestsManage) && (me.roles.contains(&Role::Bureau) || me.unit.id == unit)
}

#[function_component]
pub fn ContestPage(props: &ContestPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let contest = use_fetch(props.id.clone(), |id| async move {
        api::get::<Contest>(&format!("/contests/{id}")).await
    });
    let header = html! {
        <PageHeader title={t.cap_training.0}>
            <Href to="/training/contests" class="btn">{ t.back_to_list }</Href>
        </PageHeader>
    };
    let c = match (contest.data(), contest.error()) {
        (_, Some(error)) => {
            return html! { <>{ header }{ tabs(t, &props.me) }<ErrorPanel {error} on_retry={Some(contest.reload.clone())} /></> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(c), None) => c,
    };
    let content = &c.content;
    let organiser = organises(&props.me, content.organiser_unit_id);
    let reload = contest.reload.clone();
    let editable = organiser && matches!(c.status, ContestStatus::Draft | ContestStatus::Open);
    html! {
        <>
            <PageHeader title={AttrValue::from(content.title.clone())}>
                <Href to="/training/contests" class="btn">{ t.back_to_list }</Href>
                if editable {
                    <Href to={format!("/training/contests/{}/edit", c.id)} class="btn" id="contest-edit">{ t.ct.edit_contest }</Href>
                }
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="contest-facts">
                <h2 class="card-title" id="contest-facts">{ t.tr.basics }{ " " }{ contest_badge(c.status, c.entry_open, t) }</h2>
                <dl class="facts">
                    <dt>{ t.tr.organiser }</dt><dd>{ unit_name(&units, &content.organiser_unit_id, lang) }</dd>
                    <dt>{ t.col_kind }</dt><dd>{ (t.ct.kind)(content.kind) }</dd>
                    <dt>{ t.ct.held_on }</dt><dd>{ content.held_on.to_string() }</dd>
                    <dt>{ t.ct.entry_window }</dt>
                    <dd>{ format!("{} — {}", format::bureau_time(&content.entry_opens_at), format::bureau_time(&content.entry_closes_at)) }</dd>
                    <dt>{ t.ct.criteria }</dt>
                    <dd id="contest-criteria-text">{ format!("{}（{}）",
                        content.criteria.iter().map(|k| format!("{} {}", k.name, k.max_points)).collect::<Vec<_>>().join(t.list_sep),
                        (t.ct.full_mark)(c.full_mark)) }</dd>
                    <dt>{ t.ct.awards }</dt>
                    <dd>{ format!("{} {} · {} {} · {} {} · {} {}",
                        (t.ct.award)(api_types::contests::Award::First), content.awards.first,
                        (t.ct.award)(api_types::contests::Award::Second), content.awards.second,
                        (t.ct.award)(api_types::contests::Award::Third), content.awards.third,
                        (t.ct.award)(api_types::contests::Award::Excellence), content.awards.excellence) }</dd>
                    if let Some(reason) = &c.cancel_reason {
                        <dt>{ t.ct.cancel_reason }</dt><dd>{ reason.clone() }</dd>
                    }
                </dl>
                if !content.description.is_empty() {
                    <p class="prose">{ content.description.clone() }</p>
                }
                if organiser {
                    <ContestActions contest={c.clone()} on_changed={reload.clone()} />
                }
            </section>
            <Judges contest={c.clone()} organiser={organiser} on_changed={reload.clone()} />
            <Entries me={props.me.clone()} contest={c.clone()} on_changed={reload.clone()} />
            if matches!(c.status, ContestStatus::Judging | ContestStatus::Published) {
                <Judging me={props.me.clone()} contest={c.clone()} on_changed={reload} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ContestProps {
    contest: Rc<Contest>,
    on_changed: Callback<()>,
}

#[function_component]
fn ContestActions(props: &ContestProps) -> Html {
    let t = use_i18n().t();
    let c = &props.contest;
    let (id, version) = (c.id, c.version);
    let step = use_submission();
    let form = use_submission();
    let cancelling = use_state(|| false);
    let reason = use_state(String::new);
    let act = |path: &'static str, done: &'static str| {
        let (step, on_changed) = (step.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let on_changed = on_changed.clone();
            step.request(async move {
                api::post_versioned::<_, Contest>(&format!("/contests/{id}/{path}"), version, &())
                    .await
            })
            .errors_as_toast()
            .success(done)
            .then(move |_| on_changed.emit(()));
        })
    };
    let cancel = {
        let (form, reason, on_changed, cancelling) = (
            form.clone(),
            reason.clone(),
            props.on_changed.clone(),
            cancelling.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = ContestCancellation {
                reason: reason.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let (on_changed, cancelling) = (on_changed.clone(), cancelling.clone());
            form.request(async move {
                api::post_versioned::<_, Contest>(&format!("/contests/{id}/cancel"), version, &body)
                    .await
            })
            .success(t.ct.cancelled)
            .then(move |_| {
                cancelling.set(false);
                on_changed.emit(());
            });
        })
    };
    let (label, confirm, path, done, button_id) = match c.status {
        ContestStatus::Draft => (
            t.ct.announce,
            t.ct.announce_confirm,
            "announce",
            t.ct.announced,
            "contest-announce",
        ),
        ContestStatus::Open => (
            t.ct.start_judging,
            t.ct.start_judging_confirm,
            "start-judging",
            t.ct.judging_started,
            "contest-start-judging",
        ),
        _ => (
            t.ct.publish_results,
            t.ct.publish_results_confirm,
            "publish-results",
            t.ct.results_published,
            "contest-publish",
        ),
    };
    let next_step = match c.status {
        ContestStatus::Draft | ContestStatus::Open => true,
        ContestStatus::Judging => c.scoring_complete,
        _ => false,
    };
    let open = !matches!(
        c.status,
        ContestStatus::Published | ContestStatus::Cancelled
    );
    html! {
        <div class="actions">
            if next_step {
                <button class="btn btn-primary" id={button_id} onclick={step.ask()} disabled={step.busy()}>{ label }</button>
                { step.confirm_dialog(label, confirm, label, act(path, done)) }
            }
            if open {
                <button class="btn btn-danger" id="contest-cancel" onclick={let c = cancelling.clone(); Callback::from(move |_| c.set(!*c))}>{ t.ct.cancel_contest }</button>
            }
            if *cancelling && open {
                <form class="inline-form" id="contest-cancel-form" onsubmit={cancel} novalidate=true>
                    <TextAreaField id="contest-cancel-reason" label={t.ct.cancel_reason} value={(*reason).clone()} required=true
                                   error={form.fields().get("reason")}
                                   on_input={let r = reason.clone(); Callback::from(move |v| r.set(v))} />
                    { form.alert(&["reason"]) }
                    <button type="submit" class="btn btn-danger" id="contest-cancel-confirm" disabled={form.busy()}>{ t.ct.cancel_contest }</button>
                </form>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct JudgesProps {
    contest: Rc<Contest>,
    organiser: bool,
    on_changed: Callback<()>,
}

/// The panel, with each judge's progress; the organiser picks it from everyone who may
/// judge until every judge has scored.
#[function_component]
fn Judges(props: &JudgesProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let c = &props.contest;
    // Until everyone has scored, the organiser may change the panel (the server keeps
    // judges who have scored).
    let picking = props.organiser
        && (matches!(c.status, ContestStatus::Draft | ContestStatus::Open)
            || c.status == ContestStatus::Judging && !c.scoring_complete);
    let search = use_state(String::new);
    let applied = use_state(String::new);
    let contest_id = c.id;
    let people = use_fetch(
        (picking, (*applied).clone()),
        move |(picking, q)| async move {
            if picking {
                api::get_list::<Vec<JudgeCandidate>>(
                    &format!("/contests/{contest_id}/judge-candidates"),
                    &[("q", q)],
                )
                .await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let chosen = use_state(|| c.judges.iter().map(|j| j.user_id).collect::<Vec<_>>());
    let saving = use_submission();
    let save = {
        let (saving, chosen, on_changed) =
            (saving.clone(), chosen.clone(), props.on_changed.clone());
        let (id, version) = (c.id, c.version);
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = ContestJudges {
                user_ids: (*chosen).clone(),
            };
            let on_changed = on_changed.clone();
            saving
                .request(async move {
                    api::put::<_, Contest>(&format!("/contests/{id}/judges"), version, &body).await
                })
                .success(t.ct.judges_saved)
                .then(move |_| on_changed.emit(()));
        })
    };
    // The server lists only people who may judge; those on the panel come first.
    let mut candidates: Vec<JudgeCandidate> = c
        .judges
        .iter()
        .map(|j| JudgeCandidate {
            user_id: j.user_id,
            name: j.name.clone(),
            login: String::new(),
            unit_id: j.unit_id,
        })
        .collect();
    if let Some(found) = people.data() {
        candidates.extend(
            found
                .iter()
                .filter(|u| !c.judges.iter().any(|j| j.user_id == u.user_id))
                .cloned(),
        );
    }
    let find = {
        let (search, applied) = (search.clone(), applied.clone());
        Callback::from(move |_: MouseEvent| applied.set(search.trim().to_string()))
    };
    html! {
        <section class="card" aria-labelledby="judges-title">
            <h2 class="card-title" id="judges-title">{ t.ct.judges }</h2>
            if c.judges.is_empty() {
                <p class="muted">{ t.ct.no_judges }</p>
            } else {
                <ul class="plain-list" id="judges-list">
                    { for c.judges.iter().map(|j| html! {
                        <li>{ format!("{}（{}）", j.name, unit_name(&units, &j.unit_id, lang)) }
                            if c.status == ContestStatus::Judging {
                                { " " }<span class="muted">{ (t.ct.judge_progress)(j.scored, j.to_score) }</span>
                            }
                        </li>
                    }) }
                </ul>
            }
            if picking {
                <form class="form-grid" id="judges-form" onsubmit={save} novalidate=true>
                    <p class="muted">{ t.ct.judges_hint }</p>
                    <div class="field-row">
                        <TextField id="judges-search" label={t.ct.judge_search} value={(*search).clone()}
                                   on_input={let s = search.clone(); Callback::from(move |v| s.set(v))} />
                        <button type="button" class="btn" id="judges-find" onclick={find}>{ t.search }</button>
                    </div>
                    <div class="checkbox-list" id="judges-people">
                        { for candidates.iter().map(|u| {
                            let (chosen, uid) = (chosen.clone(), u.user_id);
                            html! {
                                <Checkbox id={format!("judge-{}", u.user_id)} checked={chosen.contains(&uid)}
                                          label={format!("{}（{}）", u.name, unit_name(&units, &u.unit_id, lang))}
                                          on_change={Callback::from(move |on: bool| {
                                              let mut next = (*chosen).clone();
                                              next.retain(|x| *x != uid);
                                              if on { next.push(uid); }
                                              chosen.set(next);
                                          })} />
                            }
                        }) }
                    </div>
                    { saving.alert(&[]) }
                    <button type="submit" class="btn btn-primary" id="judges-save" disabled={saving.busy()}>{ t.ct.save_judges }</button>
                </form>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EntriesProps {
    me: Rc<Me>,
    contest: Rc<Contest>,
    on_changed: Callback<()>,
}

/// An entry as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct EntryDraft {
    unit: String,
    entrant: String,
    title: String,
    summary: String,
    record: String,
}

#[function_component]
fn Entries(props: &EntriesProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let c = &props.contest;
    let id = c.id;
    let entries = use_fetch((id, c.version, c.entries), move |_| async move {
        api::get::<Vec<ContestEntry>>(&format!("/contests/{id}/entries")).await
    });
    let may_enter = can(&props.me, Permission::ContestsEnter) && c.entry_open;
    let draft = use_state(|| EntryDraft {
        unit: props.me.unit.id.to_string(),
        ..EntryDraft::default()
    });
    let people = use_fetch(
        (may_enter, draft.unit.clone()),
        |(enter, unit)| async move {
            if enter && !unit.is_empty() {
                api::get_list::<Page<User>>(
                    "/users",
                    &[
                        ("per_page", "200".into()),
                        ("active", "true".into()),
                        ("unit_id", unit),
                    ],
                )
                .await
                .map(|p| p.items)
            } else {
                Ok(Vec::new())
            }
        },
    );
    let entering = use_submission();
    let withdrawing = use_submission();
    let refresh = {
        let (on_changed, reload) = (props.on_changed.clone(), entries.reload.clone());
        move || {
            on_changed.emit(());
            reload.emit(());
        }
    };
    let update = |f: fn(&mut EntryDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let reasoned = c.content.kind == ContestKind::ReasonedDocument;
    let enter = {
        let (entering, draft, refresh) = (entering.clone(), draft.clone(), refresh.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut errors = FieldErrors::default();
            let unit = draft.unit.parse().ok();
            if unit.is_none() {
                errors.insert_code(t, "unit_id", "required");
            }
            let record = if draft.record.trim().is_empty() {
                None
            } else {
                let parsed = draft.record.trim().parse().ok();
                if parsed.is_none() {
                    errors.insert("disclosure_record_id", t.ct.decision_hint);
                }
                parsed
            };
            let Some(unit) = unit else {
                return entering.reject(errors);
            };
            let body = ContestEntryContent {
                unit_id: unit,
                entrant_user_id: draft.entrant.parse().ok(),
                title: draft.title.trim().to_string(),
                summary: draft.summary.trim().to_string(),
                disclosure_record_id: record,
            };
            if let Err(v) = body.validate() {
                return entering.reject(FieldErrors::from_validation(&v, t));
            }
            if !errors.is_empty() {
                return entering.reject(errors);
            }
            let (draft, refresh) = (draft.clone(), refresh.clone());
            entering
                .request(async move {
                    api::post::<_, ContestEntry>(&format!("/contests/{id}/entries"), &body).await
                })
                .success(t.ct.entered)
                .then(move |_| {
                    draft.set(EntryDraft {
                        unit: draft.unit.clone(),
                        ..EntryDraft::default()
                    });
                    refresh();
                });
        })
    };
    let withdraw = {
        let (withdrawing, refresh) = (withdrawing.clone(), refresh.clone());
        Callback::from(move |entry: ContestEntry| {
            let refresh = refresh.clone();
            withdrawing
                .request(async move {
                    api::post_versioned::<_, ContestEntry>(
                        &format!("/contest-entries/{}/withdraw", entry.id),
                        entry.version,
                        &(),
                    )
                    .await
                })
                .errors_as_toast()
                .success(t.ct.withdrawn)
                .then(move |_| refresh());
        })
    };
    let list: Vec<ContestEntry> = entries.data().map(|e| (*e).clone()).unwrap_or_default();
    let mut entrants = vec![(AttrValue::Static(""), AttrValue::Static(t.ct.unit_entry))];
    if let Some(p) = people.data() {
        entrants.extend(p.iter().map(|u| {
            (
                AttrValue::from(u.id.to_string()),
                AttrValue::from(u.name.clone()),
            )
        }));
    }
    let fields = entering.fields();
    let d = &*draft;
    html! {
        <section class="card" aria-labelledby="entries-title">
            <h2 class="card-title" id="entries-title">{ t.ct.entries }</h2>
            if may_enter {
                <form class="form-grid" id="entry-form" onsubmit={enter} novalidate=true>
                    <h3>{ t.ct.enter }</h3>
                    <p class="muted">{ t.ct.enter_hint }</p>
                    <div class="field-row">
                        <SelectField id="entry-unit" label={t.ct.entering_unit} value={d.unit.clone()} required=true
                                     options={unit_options(&units, lang, t.choose, true)} error={fields.get("unit_id")}
                                     on_change={update(|d, v| { d.unit = v; d.entrant.clear(); })} />
                        <SelectField id="entry-entrant" label={t.ct.entrant} value={d.entrant.clone()}
                                     options={entrants} error={fields.get("entrant_user_id")}
                                     on_change={update(|d, v| d.entrant = v)} />
                    </div>
                    <TextField id="entry-title" label={t.ct.work_title} value={d.title.clone()} required=true
                               error={fields.get("title")} on_input={update(|d, v| d.title = v)} />
                    <TextAreaField id="entry-summary" label={t.ct.summary} value={d.summary.clone()}
                                   error={fields.get("summary")} on_input={update(|d, v| d.summary = v)} />
                    if reasoned {
                        <TextField id="entry-record" label={t.ct.decision_record} value={d.record.clone()}
                                   hint={Some(AttrValue::Static(t.ct.decision_hint))}
                                   error={fields.get("disclosure_record_id")} on_input={update(|d, v| d.record = v)} />
                    }
                    { entering.alert(&["unit_id", "entrant_user_id", "title", "summary", "disclosure_record_id"]) }
                    <button type="submit" class="btn btn-primary" id="entry-submit" disabled={entering.busy()}>{ t.ct.enter }</button>
                </form>
            }
            if list.is_empty() {
                <p class="muted">{ t.ct.no_entries }</p>
            } else {
                <div id="entries-list">
                    { for list.iter().map(|e| {
                        let in_scope = in_my_scope(&props.me, &units, e.content.unit_id);
                        let changeable = c.status == ContestStatus::Open && e.status == EntryStatus::Submitted
                            && can(&props.me, Permission::ContestsEnter) && in_scope;
                        let (withdraw, e2) = (withdraw.clone(), e.clone());
                        let on_files = entries.reload.clone();
                        html! {
                            <article class="entry-card" id={format!("entry-{}", e.id)}>
                                <h3>{ e.content.title.clone() }{ " " }
                                    if e.status == EntryStatus::Withdrawn {
                                        <Badge tone={Tone::Neutral} text={(t.ct.entry_status)(e.status)} />
                                    }
                                    if let Some(r) = &e.result {
                                        { " " }{ award_badge(r.award, t) }
                                    }
                                </h3>
                                <p class="muted">{ format!("{} · {}", e.unit_name, e.entrant_name.clone().unwrap_or_else(|| t.ct.unit_entry.to_string())) }
                                    if let Some(r) = &e.result {
                                        { format!(" · {} {} · {} {}", t.ct.rank, r.rank, t.ct.final_score, r.score) }
                                    }
                                </p>
                                if !e.content.summary.is_empty() { <p class="prose">{ e.content.summary.clone() }</p> }
                                <Attachments id={format!("entry-files-{}", e.id)} files={e.attachments.clone()}
                                             upload_path={changeable.then(|| format!("/contest-entries/{}/attachments", e.id))}
                                             may_withdraw={changeable && can(&props.me, Permission::AttachmentsWrite)}
                                             max_bytes={api_types::attachments::EVIDENCE_MAX_BYTES}
                                             on_changed={on_files} />
                                if changeable {
                                    <button class="btn btn-small entry-withdraw" disabled={withdrawing.busy()}
                                            onclick={Callback::from(move |_| withdraw.emit(e2.clone()))}>{ t.ct.withdraw }</button>
                                }
                            </article>
                        }
                    }) }
                </div>
            }
        </section>
    }
}

pub fn award_badge(award: Option<api_types::contests::Award>, t: &Texts) -> Html {
    match award {
        Some(a) => html! { <Badge tone={Tone::Success} text={(t.ct.award)(a)} /> },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
struct JudgingProps {
    me: Rc<Me>,
    contest: Rc<Contest>,
    on_changed: Callback<()>,
}

/// The judge's score sheets, and the scores and ranking once they are shown.
#[function_component]
fn Judging(props: &JudgingProps) -> Html {
    let t = use_i18n().t();
    let c = &props.contest;
    let id = c.id;
    let board = use_fetch((id, c.version, c.scoring_complete), move |_| async move {
        api::get::<Scoreboard>(&format!("/contests/{id}/scoreboard")).await
    });
    let b = match (board.data(), board.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(board.reload.clone())} /> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(b), None) => b,
    };
    let scoring = c.is_judge && c.status == ContestStatus::Judging && !b.scoring_complete;
    let refresh = {
        let (on_changed, reload) = (props.on_changed.clone(), board.reload.clone());
        Callback::from(move |()| {
            on_changed.emit(());
            reload.emit(());
        })
    };
    html! {
        <>
            if c.is_judge && c.status == ContestStatus::Judging {
                <section class="card" aria-labelledby="judging-title" id="judging">
                    <h2 class="card-title" id="judging-title">{ t.ct.judging }</h2>
                    <p class="muted">{ if b.scoring_complete { t.ct.locked } else { t.ct.judging_intro } }</p>
                    if !b.revealed { <p class="muted">{ t.ct.hidden_until_all }</p> }
                    { for b.entries.iter().map(|e| html! {
                        <ScoreForm contest={c.clone()} entry={e.clone()} editable={scoring} on_saved={refresh.clone()} />
                    }) }
                </section>
            }
            if b.revealed {
                <Results board={b.clone()} />
            } else if !c.is_judge {
                <section class="card" aria-labelledby="progress-title">
                    <h2 class="card-title" id="progress-title">{ t.ct.judging }</h2>
                    <p class="muted">{ t.ct.hidden_until_all }</p>
                    <ul class="plain-list">
                        { for b.entries.iter().map(|e| html! {
                            <li>{ format!("{}：{}", e.entry.content.title, (t.ct.scored_of)(e.scored, e.to_score)) }</li>
                        }) }
                    </ul>
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ScoreFormProps {
    contest: Rc<Contest>,
    entry: ScoreboardEntry,
    editable: bool,
    on_saved: Callback<()>,
}

#[function_component]
fn ScoreForm(props: &ScoreFormProps) -> Html {
    let t = use_i18n().t();
    let e = &props.entry;
    let criteria = props.contest.content.criteria.clone();
    let initial = |mine: &Option<JudgeScore>| -> Vec<String> {
        criteria
            .iter()
            .map(|k| {
                mine.as_ref()
                    .and_then(|m| m.points.iter().find(|p| p.key == k.key))
                    .map(|p| p.points.to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    let points = use_state(|| initial(&e.my_score));
    let comment = use_state(|| {
        e.my_score
            .as_ref()
            .map(|m| m.comment.clone())
            .unwrap_or_default()
    });
    let form = use_submission();
    let entry_id = e.entry.id;
    let save = {
        let (points, comment, form, criteria, on_saved) = (
            points.clone(),
            comment.clone(),
            form.clone(),
            criteria.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut errors = FieldErrors::default();
            let mut sheet = Vec::new();
            for (i, (k, text)) in criteria.iter().zip(points.iter()).enumerate() {
                match text.trim().parse::<f64>() {
                    Ok(p) if p.is_finite() => sheet.push(CriterionPoints {
                        key: k.key.clone(),
                        points: p,
                    }),
                    _ => errors.insert(&format!("points[{i}].points"), t.ct.points_needed),
                }
            }
            if !errors.is_empty() {
                return form.reject(errors);
            }
            let body = ScoreSheet {
                points: sheet,
                comment: comment.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let on_saved = on_saved.clone();
            form.request(async move {
                api::put_tagged::<_, JudgeScore>(
                    &format!("/contest-entries/{entry_id}/my-score"),
                    "*",
                    &body,
                )
                .await
            })
            .success(t.ct.score_saved)
            .then(move |_| on_saved.emit(()));
        })
    };
    let fields = form.fields();
    let shown: Vec<String> = (0..criteria.len())
        .flat_map(|i| [format!("points[{i}].points"), format!("points[{i}].key")])
        .chain(["points".to_string(), "comment".to_string()])
        .collect();
    let shown_refs: Vec<&str> = shown.iter().map(String::as_str).collect();
    html! {
        <article class="entry-card score-card" id={format!("score-{}", e.entry.id)}>
            <h3>{ e.entry.content.title.clone() }</h3>
            <p class="muted">{ format!("{} · {}", e.entry.unit_name, e.entry.entrant_name.clone().unwrap_or_else(|| t.ct.unit_entry.to_string())) }</p>
            if e.conflict {
                <p><Badge tone={Tone::Warning} text={t.ct.conflict} /></p>
            } else if props.editable {
                <form class="form-grid score-form" onsubmit={save} novalidate=true>
                    <div class="field-row">
                        { for criteria.iter().enumerate().map(|(i, k)| {
                            let value = points.get(i).cloned().unwrap_or_default();
                            let points = points.clone();
                            let on_input = Callback::from(move |v: String| {
                                let mut next = (*points).clone();
                                if let Some(slot) = next.get_mut(i) { *slot = v; }
                                points.set(next);
                            });
                            html! {
                                <TextField id={format!("score-{}-{}", e.entry.id, k.key)} label={format!("{}（0–{}）", k.name, k.max_points)}
                                           value={value} inputmode="decimal" required=true
                                           error={fields.get(&format!("points[{i}].points"))} {on_input} />
                            }
                        }) }
                    </div>
                    <TextField id={format!("score-{}-comment", e.entry.id)} label={t.ct.comment} value={(*comment).clone()}
                               error={fields.get("comment")} on_input={let c = comment.clone(); Callback::from(move |v| c.set(v))} />
                    { form.alert(&shown_refs) }
                    <button type="submit" class="btn btn-primary score-save" disabled={form.busy()}>{ t.ct.save_score }</button>
                    if let Some(mine) = &e.my_score {
                        <span class="muted">{ format!(" {}：{}", t.ct.my_score, mine.total) }</span>
                    }
                </form>
            } else if let Some(mine) = &e.my_score {
                <p>{ format!("{}：{}", t.ct.my_score, mine.total) }</p>
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    board: Rc<Scoreboard>,
}

/// The ranking with each judge's totals.
#[function_component]
fn Results(props: &ResultsProps) -> Html {
    let t = use_i18n().t();
    let b = &props.board;
    html! {
        <section class="card" aria-labelledby="results-title">
            <h2 class="card-title" id="results-title">{ t.ct.results }</h2>
            if b.status == ContestStatus::Published {
                <DownloadButton id="results-xlsx" path={format!("/contests/{}/results:xlsx", b.contest_id)} name={t.ct.results} />
            }
            <table class="table" id="results-table">
                <thead><tr>
                    <th class="num">{ t.ct.rank }</th><th>{ t.ct.work_title }</th><th>{ t.ct.entering_unit }</th>
                    <th>{ t.ct.entrant }</th><th class="num">{ t.ct.final_score }</th><th>{ t.ct.award_col }</th>
                    <th>{ t.ct.judge_scores }</th>
                </tr></thead>
                <tbody>
                    { for b.entries.iter().map(|e| html! {
                        <tr>
                            <td class="num">{ e.result.as_ref().map(|r| r.rank.to_string()).unwrap_or_default() }</td>
                            <td>{ e.entry.content.title.clone() }</td>
                            <td>{ e.entry.unit_name.clone() }</td>
                            <td>{ e.entry.entrant_name.clone().unwrap_or_default() }</td>
                            <td class="num">{ e.result.as_ref().map(|r| r.score.to_string()).unwrap_or_default() }</td>
                            <td>{ e.result.as_ref().and_then(|r| r.award).map_or(t.ct.no_award, |a| (t.ct.award)(a)) }</td>
                            <td class="muted">
                                { e.scores.iter().map(|s| format!("{} {}", s.judge_name, s.total)).collect::<Vec<_>>().join(t.list_sep) }
                                if let Some(r) = &e.result { { format!("（{}）", (t.ct.counted)(r.counted_judges)) } }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
