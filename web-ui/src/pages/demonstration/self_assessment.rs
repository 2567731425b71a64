//! The criteria table of an application: 一级, 二级 and 三级指标 with their points and the
//! 台账 they ask for, and per item the unit's own points, a note and the uploaded files
//! that evidence it — editable while the application is a draft, read-only after.

use std::collections::BTreeMap;

use api_types::assessment::{show, RuleItem, RuleSet};
use api_types::attachments::{Attachment, AttachmentStatus};
use api_types::demonstration::SelfScore;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::criteria::{groups, is_gate, rule_text, section_points};
use crate::components::DownloadButton;
use crate::i18n::Texts;
use crate::services::api;

/// What the unit entered for one criterion.
#[derive(Clone, Default, PartialEq)]
pub struct Entry {
    pub points: String,
    pub note: String,
    pub evidence: Vec<Uuid>,
}

impl Entry {
    fn is_empty(&self) -> bool {
        self.points.trim().is_empty() && self.note.trim().is_empty() && self.evidence.is_empty()
    }
}

pub type Entries = BTreeMap<String, Entry>;

pub fn entries_of(scores: &[SelfScore]) -> Entries {
    scores
        .iter()
        .map(|s| {
            (
                s.item.clone(),
                Entry {
                    points: show(s.points),
                    note: s.note.clone(),
                    evidence: s.evidence_ids.clone(),
                },
            )
        })
        .collect()
}

/// The self-assessment as sent, in the order of the criteria, and what does not parse or
/// exceeds an item's points (by the field name the server would use).
pub fn scores_of(
    entries: &Entries,
    rules: &RuleSet,
    t: &Texts,
) -> (Vec<SelfScore>, Vec<(String, String)>) {
    let mut scores = Vec::new();
    let mut problems = Vec::new();
    for item in rules.content.items() {
        let Some(e) = entries.get(&item.code).filter(|e| !e.is_empty()) else {
            continue;
        };
        let n = scores.len();
        let text = e.points.trim();
        let points = if text.is_empty() {
            0.0
        } else {
            match text.parse::<f64>() {
                Ok(p) if p >= 0.0 && p <= item.points => p,
                _ => {
                    problems.push((
                        format!("self_assessment[{n}].points"),
                        (t.demo.self_points_limit)(&show(item.points)),
                    ));
                    0.0
                }
            }
        };
        scores.push(SelfScore {
            item: item.code.clone(),
            points,
            note: e.note.trim().to_string(),
            evidence_ids: e.evidence.clone(),
        });
    }
    (scores, problems)
}

/// The sum of the points entered (what does not parse counts nothing).
pub fn total(entries: &Entries) -> f64 {
    entries
        .values()
        .filter_map(|e| e.points.trim().parse::<f64>().ok())
        .filter(|p| p.is_finite() && *p >= 0.0)
        .sum()
}

/// The position of each criterion in the self-assessment as sent (for the server's
/// field errors `self_assessment[n].…`).
pub fn positions(entries: &Entries, rules: &RuleSet) -> BTreeMap<String, usize> {
    rules
        .content
        .items()
        .filter(|i| entries.get(&i.code).is_some_and(|e| !e.is_empty()))
        .enumerate()
        .map(|(n, i)| (i.code.clone(), n))
        .collect()
}

/// The unit may change the table: where a change goes, and the errors by criterion.
#[derive(Clone, Copy)]
pub struct Editing<'a> {
    pub on_edit: &'a Callback<(String, Entry)>,
    pub errors: &'a BTreeMap<String, String>,
}

/// The table; `edit` when the unit may change it.
pub fn criteria_table(
    rules: &RuleSet,
    entries: &Entries,
    files: &[Attachment],
    edit: Option<Editing<'_>>,
    t: &'static Texts,
) -> Html {
    html! {
        <div class="table-scroll">
            <table class="data-table criteria-table" id="criteria">
                <thead><tr>
                    <th>{ t.demo.level3 }</th><th>{ t.demo.points }</th><th>{ t.demo.evidence_required }</th>
                    <th>{ t.demo.self_points }</th><th>{ t.demo.self_note }</th><th>{ t.demo.evidence_files }</th>
                </tr></thead>
                <tbody>
                    { for rules.content.sections.iter().map(|section| html! {
                        <>
                            <tr class="criteria-section">
                                <th colspan="6" scope="rowgroup">{ (t.demo.section_head)(&section.title, &show(section_points(section))) }</th>
                            </tr>
                            { for groups(section).into_iter().map(|g| html! {
                                <>
                                    if let Some(title) = g.title {
                                        <tr class="criteria-group"><th colspan="6" scope="rowgroup">{ title }</th></tr>
                                    }
                                    { for g.items.iter().map(|item| row(item, entries.get(&item.code).cloned().unwrap_or_default(), files, edit, t)) }
                                </>
                            }) }
                        </>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn row(
    item: &RuleItem,
    entry: Entry,
    files: &[Attachment],
    edit: Option<Editing<'_>>,
    t: &'static Texts,
) -> Html {
    let code = item.code.clone();
    let evidence = item.evidence.clone().unwrap_or_default();
    let Some(Editing { on_edit, errors }) = edit else {
        let chosen: Vec<&Attachment> = files
            .iter()
            .filter(|f| entry.evidence.contains(&f.id))
            .collect();
        return html! {
            <tr data-item={code.clone()}>
                <td>{ format!("{} {}", item.code, item.title) }<span class="cell-sub">{ rule_text(item, t) }</span></td>
                <td class="num">{ show(item.points) }</td>
                <td>{ evidence }</td>
                <td class="num" id={format!("self-{code}")}>{ entry.points.clone() }</td>
                <td>{ entry.note.clone() }</td>
                <td>{ for chosen.iter().map(|f| evidence_link(f, t)) }</td>
            </tr>
        };
    };
    let change = |f: fn(&mut Entry, String)| {
        let (on_edit, entry, code) = (on_edit.clone(), entry.clone(), code.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = entry.clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            on_edit.emit((code.clone(), next));
        })
    };
    let pick = |file: Uuid| {
        let (on_edit, entry, code) = (on_edit.clone(), entry.clone(), code.clone());
        Callback::from(move |e: Event| {
            let mut next = entry.clone();
            next.evidence.retain(|f| *f != file);
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                next.evidence.push(file);
            }
            on_edit.emit((code.clone(), next));
        })
    };
    let error = errors.get(&code).cloned();
    let active: Vec<&Attachment> = files
        .iter()
        .filter(|f| f.status == AttachmentStatus::Active)
        .collect();
    html! {
        <tr data-item={code.clone()} class={classes!(error.is_some().then_some("row-flagged"))}>
            <td>{ format!("{} {}", item.code, item.title) }<span class="cell-sub">{ rule_text(item, t) }</span></td>
            <td class="num">{ show(item.points) }</td>
            <td>{ evidence }</td>
            <td>
                if is_gate(item) {
                    <span class="muted">{ t.demo.gate_self }</span>
                } else {
                    <input type="number" class="num-input" id={format!("self-{code}")} min="0" max={show(item.points)} step="0.5"
                           inputmode="decimal" value={entry.points.clone()} aria-label={(t.demo.self_points_of)(&item.code)}
                           aria-invalid={error.is_some().then_some("true")} oninput={change(|e, v| e.points = v)} />
                }
                if let Some(error) = error { <p class="field-error" id={format!("self-{code}-error")}>{ error }</p> }
            </td>
            <td>
                <input type="text" class="note-input" id={format!("note-{code}")} value={entry.note.clone()} maxlength="500"
                       aria-label={(t.demo.self_note_of)(&item.code)} oninput={change(|e, v| e.note = v)} />
            </td>
            <td class="evidence-picks">
                if active.is_empty() {
                    <span class="muted">{ t.demo.no_evidence_yet }</span>
                }
                { for active.iter().map(|f| {
                    let id = format!("evidence-{code}-{}", f.id);
                    html! {
                        <label class="check" for={id.clone()} data-name={f.file_name.clone()}>
                            <input type="checkbox" id={id.clone()} checked={entry.evidence.contains(&f.id)} onchange={pick(f.id)} />
                            <span>{ f.file_name.clone() }</span>
                        </label>
                    }
                }) }
            </td>
        </tr>
    }
}

/// A file of the application, downloadable.
pub fn evidence_link(f: &Attachment, t: &'static Texts) -> Html {
    html! {
        <DownloadButton id={format!("evidence-link-{}", f.id)} class={classes!("link-button", "evidence-link")}
                        path={f.download_url.trim_start_matches(api::BASE).to_string()}
                        name={f.file_name.clone()} file_name={Some(AttrValue::from(f.file_name.clone()))}
                        label={Some(AttrValue::from(format!("{}{}", f.file_name, if f.status == AttachmentStatus::Withdrawn { t.demo.withdrawn_mark } else { "" })))} />
    }
}
