//! Rows of typical cases, their rules (who submits for which unit, the links), the
//! masking of their published text, and their files.

use std::collections::HashSet;

use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::ResourceKind;
use api_types::cases::{
    CaseContent, CasePerson, CaseStatus, CaseSubmission, CaseText, RedactionProposal,
};
use api_types::disclosure::PartyKind;
use api_types::units::UnitKind;
use api_types::{FieldError, Permission};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::policy::subtree;
use crate::auth::Principal;
use crate::db::schema::{case_submissions, disclosure_records, power_items, units};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;
use crate::resources::disclosure::mask::{mask_name, scrub};
use crate::spreadsheet::names;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = case_submissions, treat_none_as_null = true)]
pub struct CaseRow {
    pub id: String,
    pub unit_id: String,
    pub quarter: String,
    pub title: String,
    pub text_json: String,
    pub power_item_ids: String,
    pub disclosure_record_ids: String,
    pub persons: String,
    pub status: String,
    pub review_comment: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub published_text: Option<String>,
    pub bulletin_id: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(ApiError::internal)
}

fn parsed<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::internal(format!("stored case {what}")))
}

/// A trimmed copy of a case's text.
fn tidy(text: &CaseText) -> CaseText {
    CaseText {
        title: text.title.trim().to_string(),
        keywords: text.keywords.iter().map(|k| k.trim().to_string()).collect(),
        facts: text.facts.trim().to_string(),
        handling: text.handling.trim().to_string(),
        legal_basis: text.legal_basis.trim().to_string(),
        significance: text.significance.trim().to_string(),
    }
}

impl CaseRow {
    /// A new draft of `content` by `principal`.
    pub fn draft(content: &CaseContent, principal: &Principal) -> Result<CaseRow, ApiError> {
        let now = time::now();
        let mut row = CaseRow {
            id: time::new_id(),
            unit_id: String::new(),
            quarter: String::new(),
            title: String::new(),
            text_json: String::new(),
            power_item_ids: String::new(),
            disclosure_record_ids: String::new(),
            persons: String::new(),
            status: CaseStatus::Draft.as_str().into(),
            review_comment: None,
            submitted_at: None,
            reviewed_by_name: None,
            reviewed_at: None,
            published_text: None,
            bulletin_id: None,
            created_by: principal.id.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        row.apply(content)?;
        Ok(row)
    }

    pub fn apply(&mut self, content: &CaseContent) -> Result<(), ApiError> {
        let text = tidy(&content.text);
        self.unit_id = content.unit_id.to_string();
        self.quarter = content.quarter.clone();
        self.title = text.title.clone();
        self.text_json = json(&text)?;
        self.power_item_ids = json(&content.power_item_ids)?;
        self.disclosure_record_ids = json(&content.disclosure_record_ids)?;
        let persons: Vec<CasePerson> = content
            .persons
            .iter()
            .map(|p| CasePerson {
                name: p.name.trim().to_string(),
                id_number: p.id_number.as_ref().map(|id| id.trim().to_uppercase()),
            })
            .collect();
        self.persons = json(&persons)?;
        Ok(())
    }

    pub fn status(&self) -> Result<CaseStatus, ApiError> {
        CaseStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored case status"))
    }

    pub fn text(&self) -> Result<CaseText, ApiError> {
        parsed(&self.text_json, "text")
    }

    pub fn published_text(&self) -> Result<Option<CaseText>, ApiError> {
        self.published_text
            .as_deref()
            .map(|t| parsed(t, "published text"))
            .transpose()
    }

    pub fn content(&self) -> Result<CaseContent, ApiError> {
        Ok(CaseContent {
            unit_id: stored_uuid(&self.unit_id)?,
            quarter: self.quarter.clone(),
            text: self.text()?,
            power_item_ids: parsed(&self.power_item_ids, "power items")?,
            disclosure_record_ids: parsed(&self.disclosure_record_ids, "records")?,
            persons: parsed(&self.persons, "persons")?,
        })
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<CaseRow, ApiError> {
    case_submissions::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("typical case"))
}

/// Whether `principal` may see `row`: a draft only with `cases.submit` over its unit
/// (a unit's drafts are its own), anything else with `cases.read` over it.
pub fn require_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &CaseRow,
) -> Result<(), ApiError> {
    if row.status()? == CaseStatus::Draft {
        return principal
            .require_unit(conn, Permission::CasesSubmit, &row.unit_id)
            .map_err(|_| ApiError::not_found("typical case"));
    }
    principal.require_unit(conn, Permission::CasesRead, &row.unit_id)
}

/// Typical cases as read (unit names and files in two queries for the page).
pub fn dtos(conn: &mut DbConnection, rows: &[CaseRow]) -> Result<Vec<CaseSubmission>, ApiError> {
    let units = names::units(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files =
        crate::resources::attachments::model::of_owners(conn, ResourceKind::CaseSubmission, &ids)?;
    rows.iter()
        .map(|r| {
            let content = r.content()?;
            Ok(CaseSubmission {
                id: stored_uuid(&r.id)?,
                unit_name: units.get(&content.unit_id).cloned().unwrap_or_default(),
                content,
                status: r.status()?,
                review_comment: r.review_comment.clone(),
                submitted_at: r.submitted_at.map(time::to_utc),
                reviewed_by_name: r.reviewed_by_name.clone(),
                reviewed_at: r.reviewed_at.map(time::to_utc),
                published_text: r.published_text()?,
                bulletin_id: r.bulletin_id.as_deref().map(stored_uuid).transpose()?,
                attachments: files.remove(&r.id).unwrap_or_default(),
                version: r.version,
                created_at: time::to_utc(r.created_at),
                updated_at: time::to_utc(r.updated_at),
            })
        })
        .collect()
}

pub fn dto(conn: &mut DbConnection, row: &CaseRow) -> Result<CaseSubmission, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("typical case read back"))
}

/// Checks `content` for writing by `principal`: the unit (a section or a county bureau
/// in the caller's `cases.submit` scope), the power items, and the disclosure records
/// (each once, issued by the unit or a unit below it).
pub fn check(
    conn: &mut DbConnection,
    principal: &Principal,
    content: &CaseContent,
) -> Result<(), ApiError> {
    let unit = content.unit_id.to_string();
    principal.require_unit(conn, Permission::CasesSubmit, &unit)?;
    let kind: Option<String> = units::table
        .find(&unit)
        .select(units::kind)
        .first(conn)
        .optional()?;
    let mut errors = Vec::new();
    let submits = kind
        .as_deref()
        .and_then(UnitKind::parse)
        .is_some_and(|k| matches!(k, UnitKind::Section | UnitKind::CountyBureau));
    if !submits {
        errors.push(FieldError::new(
            "unit_id",
            "not_a_submitting_unit",
            "typical cases are submitted by a section or a county bureau",
        ));
    }
    if has_repeats(&content.power_item_ids) {
        errors.push(FieldError::new(
            "power_item_ids",
            "repeated",
            "each power item once",
        ));
    }
    if has_repeats(&content.disclosure_record_ids) {
        errors.push(FieldError::new(
            "disclosure_record_ids",
            "repeated",
            "each decision once",
        ));
    }
    let wanted: Vec<String> = content.power_item_ids.iter().map(Uuid::to_string).collect();
    let known: HashSet<String> = power_items::table
        .filter(power_items::id.eq_any(&wanted))
        .select(power_items::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    for (i, id) in wanted.iter().enumerate() {
        if !known.contains(id) {
            errors.push(FieldError::new(
                format!("power_item_ids[{i}]"),
                "unknown",
                "no such item in the power list",
            ));
        }
    }
    let records: Vec<String> = content
        .disclosure_record_ids
        .iter()
        .map(Uuid::to_string)
        .collect();
    let issued: Vec<(String, String)> = disclosure_records::table
        .filter(disclosure_records::id.eq_any(&records))
        .select((disclosure_records::id, disclosure_records::issuing_unit_id))
        .load(conn)?;
    let below = subtree(conn, &unit)?;
    for (i, id) in records.iter().enumerate() {
        match issued.iter().find(|(r, _)| r == id) {
            None => errors.push(FieldError::new(
                format!("disclosure_record_ids[{i}]"),
                "unknown",
                "no such disclosure record",
            )),
            Some((_, issuer)) if !below.contains(issuer) => errors.push(FieldError::new(
                format!("disclosure_record_ids[{i}]"),
                "not_of_the_unit",
                "the decision was issued by another unit",
            )),
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

fn has_repeats(ids: &[Uuid]) -> bool {
    let mut seen = HashSet::new();
    !ids.iter().all(|id| seen.insert(id))
}

/// The natural persons to mask in a case: those it names and the natural-person
/// parties of its linked disclosure records (name, ID number).
pub fn persons_to_mask(
    conn: &mut DbConnection,
    row: &CaseRow,
) -> Result<Vec<(String, Option<String>)>, ApiError> {
    let content = row.content()?;
    let mut out: Vec<(String, Option<String>)> = content
        .persons
        .into_iter()
        .map(|p| (p.name, p.id_number))
        .collect();
    let records: Vec<String> = content
        .disclosure_record_ids
        .iter()
        .map(Uuid::to_string)
        .collect();
    let parties: Vec<(String, String, Option<String>)> = disclosure_records::table
        .filter(disclosure_records::id.eq_any(&records))
        .select((
            disclosure_records::party_kind,
            disclosure_records::party_name,
            disclosure_records::party_id_number,
        ))
        .load(conn)?;
    for (kind, name, id_number) in parties {
        if kind == PartyKind::NaturalPerson.as_str() {
            out.push((name, id_number));
        }
    }
    Ok(out)
}

const ID_MASK: &str = "******************";

/// Masks every 18-character run that looks like a resident ID number (17 digits and a
/// digit or X, not inside a longer run of digits), whoever it belongs to.
fn mask_id_numbers(text: &str) -> (String, u32) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        let starts_run = i == 0 || !chars[i - 1].is_ascii_digit();
        if starts_run && i + 18 <= chars.len() {
            let body = chars[i..i + 17].iter().all(char::is_ascii_digit);
            let last = chars[i + 17];
            let ends = i + 18 == chars.len() || !chars[i + 18].is_ascii_alphanumeric();
            if body && (last.is_ascii_digit() || last == 'X' || last == 'x') && ends {
                out.push_str(ID_MASK);
                count += 1;
                i += 18;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, count)
}

/// `text` with `persons` masked, and how many ID numbers it hid (theirs and any other).
fn masked(text: &str, persons: &[(String, Option<String>)]) -> (String, u32) {
    let mut out = text.to_string();
    let mut ids = 0;
    for (name, id_number) in persons {
        if let Some(id) = id_number
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            ids += out.matches(id).count();
            let lower = id.to_lowercase();
            if lower != id {
                ids += out.matches(lower.as_str()).count();
            }
        }
        out = scrub(&out, name, id_number.as_deref());
    }
    let (out, others) = mask_id_numbers(&out);
    (
        out,
        u32::try_from(ids)
            .unwrap_or(u32::MAX)
            .saturating_add(others),
    )
}

fn map_text(text: &CaseText, mut f: impl FnMut(&str) -> String) -> CaseText {
    CaseText {
        title: f(&text.title),
        keywords: text.keywords.iter().map(|k| f(k)).collect(),
        facts: f(&text.facts),
        handling: f(&text.handling),
        legal_basis: f(&text.legal_basis),
        significance: f(&text.significance),
    }
}

/// The text with every known person masked and every ID number hidden.
pub fn propose(text: &CaseText, persons: &[(String, Option<String>)]) -> RedactionProposal {
    let mut ids = 0;
    let proposed = map_text(text, |field| {
        let (out, n) = masked(field, persons);
        ids += n;
        out
    });
    let mut names: Vec<String> = persons
        .iter()
        .filter(|(name, _)| name.chars().count() >= 2)
        .map(|(name, _)| mask_name(name))
        .collect();
    names.sort();
    names.dedup();
    RedactionProposal {
        text: proposed,
        masked_names: names,
        masked_id_numbers: ids,
    }
}

/// What is still unmasked in one public field: a known person's name or ID number, or
/// anything shaped like an ID number (errors pushed onto `errors`, named `field`).
pub fn leaks(
    field: &str,
    value: &str,
    persons: &[(String, Option<String>)],
    errors: &mut Vec<FieldError>,
) {
    let leaks_name = persons
        .iter()
        .any(|(name, _)| name.trim().chars().count() >= 2 && value.contains(name.trim()));
    let leaks_id = persons.iter().any(|(_, id)| {
        id.as_deref()
            .is_some_and(|id| !id.is_empty() && value.to_uppercase().contains(&id.to_uppercase()))
    }) || mask_id_numbers(value).1 > 0;
    if leaks_name {
        errors.push(FieldError::new(
            field,
            "unmasked_name",
            "a natural person's name is still in the text: mask it (张某某)",
        ));
    }
    if leaks_id {
        errors.push(FieldError::new(
            field,
            "unmasked_id_number",
            "an ID number is still in the text: remove it",
        ));
    }
}

/// What is still unmasked in a text the reviewer confirms, named by field.
pub fn unmasked(text: &CaseText, persons: &[(String, Option<String>)]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    leaks("text.title", &text.title, persons, &mut errors);
    for (i, k) in text.keywords.iter().enumerate() {
        leaks(&format!("text.keywords[{i}]"), k, persons, &mut errors);
    }
    leaks("text.facts", &text.facts, persons, &mut errors);
    leaks("text.handling", &text.handling, persons, &mut errors);
    leaks("text.legal_basis", &text.legal_basis, persons, &mut errors);
    leaks(
        "text.significance",
        &text.significance,
        persons,
        &mut errors,
    );
    errors
}

/// The files of a typical case (decision document, photos): its unit attaches them
/// while it is a draft or returned; whoever may see the case reads them.
pub static CASE_FILES: OwnerRules = OwnerRules {
    kind: ResourceKind::CaseSubmission,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 20,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

const SETTLED: &str = "the case is with 政策法规科 or settled: its files no longer change";

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    let row = find(conn, id)?;
    // Writing for the unit implies seeing its drafts.
    principal.require_unit(conn, Permission::CasesSubmit, &row.unit_id)?;
    match row.status()? {
        CaseStatus::Draft | CaseStatus::Returned => Ok(row.unit_id),
        _ => Err(ApiError::invalid_state(SETTLED)),
    }
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let row = find(conn, &file.owner_id)?;
    require_visible(conn, principal, &row)
}

fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let open = [CaseStatus::Draft.as_str(), CaseStatus::Returned.as_str()];
    let updated = diesel::update(
        case_submissions::table
            .find(id)
            .filter(case_submissions::status.eq_any(open)),
    )
    .set((
        case_submissions::version.eq(case_submissions::version + 1),
        case_submissions::updated_at.eq(at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::invalid_state(SETTLED));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(facts: &str) -> CaseText {
        CaseText {
            title: "张三丰占道经营案".into(),
            keywords: vec!["占道经营".into()],
            facts: facts.into(),
            handling: "责令改正".into(),
            legal_basis: "《城市市容和环境卫生管理条例》第三十六条".into(),
            significance: "以案释法".into(),
        }
    }

    #[test]
    fn known_people_and_any_id_number_are_masked() {
        let persons = vec![("张三丰".to_string(), Some("11010519491231002X".to_string()))];
        let proposal = propose(
            &text("张三丰（身份证号11010519491231002X）与李四（110105194912310021）在路口摆摊"),
            &persons,
        );
        assert!(
            proposal.text.title.starts_with("张某某"),
            "{:?}",
            proposal.text
        );
        assert!(!proposal.text.facts.contains("张三丰"));
        assert!(!proposal.text.facts.contains("11010519491231002X"));
        // Li Si was not named, but the ID number is hidden anyway.
        assert!(!proposal.text.facts.contains("110105194912310021"));
        assert_eq!(proposal.masked_id_numbers, 2);
        assert_eq!(proposal.masked_names, vec!["张某某".to_string()]);
        assert!(unmasked(&proposal.text, &persons).is_empty());
    }

    #[test]
    fn a_confirmed_text_with_a_name_or_an_id_number_is_refused() {
        let persons = vec![("张三丰".to_string(), None)];
        let errors = unmasked(&text("当事人1101051949123100212号楼"), &persons);
        // A longer run of digits is not an ID number; the title still names him.
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "text.title");
        let errors = unmasked(&text("身份证110105194912310021。"), &[]);
        assert_eq!(errors[0].code, "unmasked_id_number");
    }
}
