//! `/cases/new` and `/cases/:id/edit`: a unit writes its typical case in the four parts
//! of a published case (基本案情, 处理结果, 法律依据, 典型意义), names the natural persons to
//! mask, and saves it as a draft (submitting is a step on the case's page).

use std::rc::Rc;

use api_types::auth::Me;
use api_types::cases::{CaseContent, CasePerson, CaseSubmission, CaseText};
use api_types::disclosure::DisclosureRecord;
use api_types::units::UnitKind;
use api_types::{Page, Permission};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::{tabs, this_quarter};
use crate::capability::can;
use crate::components::{
    push_path, Checkbox, ErrorPanel, FieldErrors, Loading, PageHeader, SelectField, TextAreaField,
    TextField,
};
use crate::format;
use crate::hooks::{use_fetch, use_submission, use_units};
use crate::i18n::{use_i18n, Texts};
use crate::pages::forbidden;
use crate::pages::training::in_my_scope;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct CaseFormProps {
    pub me: Rc<Me>,
    /// The case being edited (a draft or returned one); none for a new case.
    #[prop_or_default]
    pub id: Option<String>,
}

#[function_component]
pub fn CaseFormPage(props: &CaseFormProps) -> Html {
    let t = use_i18n().t();
    let existing = use_fetch(props.id.clone(), |id| async move {
        match id {
            Some(id) => api::get::<CaseSubmission>(&format!("/case-submissions/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    if !can(&props.me, Permission::CasesSubmit) {
        return forbidden();
    }
    let body = match (
        props.id.is_some(),
        existing.data().as_deref(),
        existing.error(),
    ) {
        (_, _, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(existing.reload.clone())} /> }
        }
        (true, Some(Some(case)), None) => {
            html! { <CaseForm me={props.me.clone()} existing={Some(Rc::new(case.clone()))} /> }
        }
        (false, Some(None), None) => {
            html! { <CaseForm me={props.me.clone()} existing={None::<Rc<CaseSubmission>>} /> }
        }
        _ => html! { <Loading /> },
    };
    html! {
        <>
            <PageHeader title={if props.id.is_some() { t.cs.edit_case } else { t.cs.new_case }} description={Some(AttrValue::Static(t.cs.intro))} />
            { tabs(t, &props.me) }
            { body }
        </>
    }
}

/// The case as typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    unit: String,
    quarter: String,
    title: String,
    keywords: String,
    facts: String,
    handling: String,
    legal_basis: String,
    significance: String,
    persons: String,
    /// Linked disclosure records.
    records: Vec<Uuid>,
}

fn split_keywords(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_persons(text: &str) -> Vec<CasePerson> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line
                .split([',', '，', ' ', '\t'])
                .map(str::trim)
                .filter(|p| !p.is_empty());
            let name = parts.next().unwrap_or_default().to_string();
            let id_number = parts.next().map(str::to_string);
            CasePerson { name, id_number }
        })
        .collect()
}

impl Draft {
    fn of(case: &CaseSubmission) -> Draft {
        let c = &case.content;
        Draft {
            unit: c.unit_id.to_string(),
            quarter: c.quarter.clone(),
            title: c.text.title.clone(),
            keywords: c.text.keywords.join("、"),
            facts: c.text.facts.clone(),
            handling: c.text.handling.clone(),
            legal_basis: c.text.legal_basis.clone(),
            significance: c.text.significance.clone(),
            persons: c
                .persons
                .iter()
                .map(|p| match &p.id_number {
                    Some(id) => format!("{}，{}", p.name, id),
                    None => p.name.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            records: c.disclosure_record_ids.clone(),
        }
    }

    fn content(&self, t: &Texts, keep: Option<&CaseContent>) -> Result<CaseContent, FieldErrors> {
        let Ok(unit_id) = self.unit.parse::<Uuid>() else {
            let mut errors = FieldErrors::default();
            errors.insert("unit_id", t.cs.unit);
            return Err(errors);
        };
        let content = CaseContent {
            unit_id,
            quarter: self.quarter.trim().to_string(),
            text: CaseText {
                title: self.title.trim().to_string(),
                keywords: split_keywords(&self.keywords),
                facts: self.facts.trim().to_string(),
                handling: self.handling.trim().to_string(),
                legal_basis: self.legal_basis.trim().to_string(),
                significance: self.significance.trim().to_string(),
            },
            power_item_ids: keep.map(|k| k.power_item_ids.clone()).unwrap_or_default(),
            disclosure_record_ids: self.records.clone(),
            persons: parse_persons(&self.persons),
        };
        content
            .validate()
            .map_err(|v| FieldErrors::from_validation(&v, t))?;
        Ok(content)
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    me: Rc<Me>,
    existing: Option<Rc<CaseSubmission>>,
}

#[function_component]
fn CaseForm(props: &FormProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let me = props.me.clone();
    let draft = {
        let (existing, me) = (props.existing.clone(), me.clone());
        use_state(move || match &existing {
            Some(case) => Draft::of(case),
            None => Draft {
                unit: if matches!(me.unit.kind, UnitKind::Section | UnitKind::CountyBureau) {
                    me.unit.id.to_string()
                } else {
                    String::new()
                },
                quarter: this_quarter(),
                title: String::new(),
                keywords: String::new(),
                facts: String::new(),
                handling: String::new(),
                legal_basis: String::new(),
                significance: String::new(),
                persons: String::new(),
                records: Vec::new(),
            },
        })
    };
    let form = use_submission();
    let update = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let save = {
        let (draft, form, existing) = (draft.clone(), form.clone(), props.existing.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let content = match draft.content(t, existing.as_ref().map(|e| &e.content)) {
                Ok(c) => c,
                Err(errors) => return form.reject(errors),
            };
            let existing = existing.clone();
            form.request(async move {
                match existing {
                    Some(case) => {
                        api::put::<_, CaseSubmission>(
                            &format!("/case-submissions/{}", case.id),
                            case.version,
                            &content,
                        )
                        .await
                    }
                    None => api::post::<_, CaseSubmission>("/case-submissions", &content).await,
                }
            })
            .success(t.cs.saved)
            .leaving()
            .then(|case| push_path(&format!("/cases/{}", case.id)));
        })
    };
    let mut unit_options = vec![(AttrValue::Static(""), AttrValue::Static(t.choose))];
    unit_options.extend(
        units
            .iter()
            .filter(|u| u.active && matches!(u.kind, UnitKind::Section | UnitKind::CountyBureau))
            .filter(|u| in_my_scope(&me, &units, u.id))
            .map(|u| {
                (
                    AttrValue::from(u.id.to_string()),
                    AttrValue::from(format::unit_name(u, lang)),
                )
            }),
    );
    let record_query = use_state(String::new);
    let found = use_fetch(
        (draft.unit.clone(), (*record_query).clone()),
        |(unit, q)| async move {
            if unit.is_empty() {
                return Ok(None);
            }
            api::get_list::<Page<DisclosureRecord>>(
                "/disclosure-records",
                &[
                    ("unit_id", unit),
                    ("status", "published".into()),
                    ("q", q),
                    ("per_page", "20".into()),
                ],
            )
            .await
            .map(Some)
        },
    );
    let toggle = {
        let draft = draft.clone();
        Callback::from(move |(id, on): (Uuid, bool)| {
            let mut next = (*draft).clone();
            next.records.retain(|r| *r != id);
            if on {
                next.records.push(id);
            }
            draft.set(next);
        })
    };
    let shown: Vec<Uuid> = found
        .data()
        .and_then(|p| {
            p.as_ref()
                .as_ref()
                .map(|p| p.items.iter().map(|r| r.id).collect())
        })
        .unwrap_or_default();
    let elsewhere = draft.records.iter().filter(|r| !shown.contains(r)).count();
    let records = html! {
        <fieldset class="checks" id="case-records">
            <legend>{ t.cs.records }</legend>
            <p class="muted small">{ t.cs.records_hint }</p>
            <TextField id="case-records-q" label={t.cs.records_search} value={(*record_query).clone()}
                       on_input={let q = record_query.clone(); Callback::from(move |v: String| q.set(v))} />
            if let Some(Some(page)) = found.data().as_deref() {
                { for page.items.iter().map(|r| {
                    let (id, toggle) = (r.id, toggle.clone());
                    html! {
                        <Checkbox id={format!("case-record-{id}")}
                                  label={format!("{} {}", r.content.document_number, r.content.case_cause)}
                                  checked={draft.records.contains(&id)}
                                  on_change={Callback::from(move |on| toggle.emit((id, on)))} />
                    }
                }) }
            }
            if elsewhere > 0 { <p class="muted small">{ (t.cs.linked_elsewhere)(elsewhere) }</p> }
        </fieldset>
    };
    let fields = form.fields();
    let d = &*draft;
    html! {
        <section class="card">
            <form class="form-grid" id="case-form" onsubmit={save} novalidate=true>
                <div class="field-row">
                    <SelectField id="case-unit" label={t.cs.unit} value={d.unit.clone()} options={unit_options}
                                 error={fields.get("unit_id")} on_change={update(|d, v| d.unit = v)} />
                    <TextField id="case-form-quarter" label={t.cs.quarter} value={d.quarter.clone()} required=true
                               hint={Some(AttrValue::Static(t.cs.quarter_hint))}
                               error={fields.get("quarter")} on_input={update(|d, v| d.quarter = v)} />
                </div>
                <TextField id="case-title" label={t.cs.title} value={d.title.clone()} required=true
                           error={fields.get("text.title")} on_input={update(|d, v| d.title = v)} />
                <TextField id="case-keywords" label={t.cs.keywords} value={d.keywords.clone()} required=true
                           hint={Some(AttrValue::Static(t.cs.keywords_hint))}
                           error={fields.get("text.keywords").or_else(|| fields.get("text.keywords[0]"))}
                           on_input={update(|d, v| d.keywords = v)} />
                <TextAreaField id="case-facts" label={t.cs.facts} value={d.facts.clone()} required=true rows={6}
                               error={fields.get("text.facts")} on_input={update(|d, v| d.facts = v)} />
                <TextAreaField id="case-handling" label={t.cs.handling} value={d.handling.clone()} required=true rows={4}
                               error={fields.get("text.handling")} on_input={update(|d, v| d.handling = v)} />
                <TextAreaField id="case-basis" label={t.cs.legal_basis} value={d.legal_basis.clone()} required=true rows={3}
                               error={fields.get("text.legal_basis")} on_input={update(|d, v| d.legal_basis = v)} />
                <TextAreaField id="case-significance" label={t.cs.significance} value={d.significance.clone()} required=true rows={4}
                               error={fields.get("text.significance")} on_input={update(|d, v| d.significance = v)} />
                <TextAreaField id="case-persons" label={t.cs.persons} value={d.persons.clone()} rows={3}
                               hint={Some(AttrValue::Static(t.cs.persons_hint))}
                               error={fields.get("persons").or_else(|| fields.get("persons[0].name")).or_else(|| fields.get("persons[0].id_number"))}
                               on_input={update(|d, v| d.persons = v)} />
                { records }
                { fields.get("disclosure_record_ids").or_else(|| fields.get("disclosure_record_ids[0]")).map(|e| html! { <p class="field-error">{ e }</p> }).unwrap_or_default() }
                { form.alert(&["unit_id", "quarter", "text.title", "text.keywords", "text.facts", "text.handling", "text.legal_basis", "text.significance", "persons"]) }
                <button type="submit" class="btn btn-primary" id="case-save" disabled={form.busy()}>{ t.cs.save_draft }</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_persons_are_read_as_people_type_them() {
        assert_eq!(
            split_keywords("占道经营、 说理式执法,，"),
            vec!["占道经营", "说理式执法"]
        );
        let persons = parse_persons("张三丰，11010519491231002X\n\n李四");
        assert_eq!(persons.len(), 2);
        assert_eq!(persons[0].id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(persons[1].id_number, None);
    }
}
