//! The disclosure form's inputs as typed, what they become on the wire (or the errors
//! found before sending), and the units a user may enter records for.

use api_types::auth::Me;
use api_types::disclosure::{DisclosureContent, ExecutionStatus, PartyKind};
use api_types::units::Unit;
use api_types::Role;
use chrono::NaiveDate;
use uuid::Uuid;
use yew::AttrValue;

use crate::components::FieldErrors;
use crate::format;
use crate::i18n::Texts;

/// The form's inputs, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub unit: String,
    pub document_number: String,
    pub case_cause: String,
    pub party_kind: String,
    pub party_name: String,
    pub credit_code: String,
    pub id_number: String,
    pub legal_basis: String,
    pub fine: String,
    pub confiscated: String,
    pub other_measures: String,
    pub execution: String,
    pub decision_date: String,
    pub power_item: String,
    pub tier: String,
    pub justification: String,
    pub reason: String,
}

impl Draft {
    pub fn new(me: &Me, initial: Option<&DisclosureContent>) -> Draft {
        let Some(c) = initial else {
            return Draft {
                unit: me.unit.id.to_string(),
                party_kind: PartyKind::NaturalPerson.as_str().into(),
                execution: ExecutionStatus::NotExecuted.as_str().into(),
                decision_date: format::today_date().to_string(),
                ..Draft::default()
            };
        };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Draft {
            unit: c.issuing_unit_id.to_string(),
            document_number: c.document_number.clone(),
            case_cause: c.case_cause.clone(),
            party_kind: c.party_kind.as_str().into(),
            party_name: c.party_name.clone(),
            credit_code: text(&c.party_credit_code),
            id_number: text(&c.party_id_number),
            legal_basis: c.legal_basis.clone(),
            fine: format::yuan_input(c.fine_fen),
            confiscated: format::yuan_input(c.confiscated_fen),
            other_measures: text(&c.other_measures),
            execution: c.execution_status.as_str().into(),
            decision_date: c.decision_date.to_string(),
            power_item: c.power_item_id.map(|i| i.to_string()).unwrap_or_default(),
            tier: text(&c.discretion_tier),
            justification: text(&c.fine_justification),
            reason: String::new(),
        }
    }

    pub fn person(&self) -> bool {
        self.party_kind == PartyKind::NaturalPerson.as_str()
    }

    /// The content to send, or the errors of the inputs that cannot be sent.
    pub fn content(&self, t: &Texts) -> Result<DisclosureContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, value) in [
            ("document_number", &self.document_number),
            ("case_cause", &self.case_cause),
            ("party_name", &self.party_name),
            ("legal_basis", &self.legal_basis),
        ] {
            if value.trim().is_empty() {
                errors.insert_code(t, field, "required");
            }
        }
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let mut amount = |field: &str, text: &str| match format::parse_yuan(text) {
            Ok(v) => v,
            Err(e) => {
                let message = match e {
                    format::AmountError::NotAnAmount => t.disc_amount_invalid,
                    format::AmountError::TooManyDecimals => t.disc_amount_decimals,
                    format::AmountError::TooLarge => t.disc_amount_too_large,
                };
                errors.insert(field, message);
                None
            }
        };
        let fine_fen = amount("fine_fen", &self.fine);
        let confiscated_fen = amount("confiscated_fen", &self.confiscated);
        let unit = self.unit.parse::<Uuid>().ok();
        if unit.is_none() {
            errors.insert_code(t, "issuing_unit_id", "required");
        }
        let decision_date = self.decision_date.parse::<NaiveDate>().ok();
        if decision_date.is_none() {
            errors.insert_code(t, "decision_date", "required");
        }
        let person = self.person();
        let content = DisclosureContent {
            issuing_unit_id: unit.unwrap_or_default(),
            document_number: self.document_number.trim().to_string(),
            case_cause: self.case_cause.trim().to_string(),
            party_kind: PartyKind::parse(&self.party_kind).unwrap_or(PartyKind::NaturalPerson),
            party_name: self.party_name.trim().to_string(),
            party_credit_code: if person { None } else { opt(&self.credit_code) },
            party_id_number: if person { opt(&self.id_number) } else { None },
            legal_basis: self.legal_basis.trim().to_string(),
            fine_fen,
            confiscated_fen,
            other_measures: opt(&self.other_measures),
            execution_status: ExecutionStatus::parse(&self.execution)
                .unwrap_or(ExecutionStatus::NotExecuted),
            decision_date: decision_date.unwrap_or_default(),
            power_item_id: self.power_item.parse().ok(),
            discretion_tier: opt(&self.tier),
            fine_justification: opt(&self.justification),
        };
        if let Err(v) = validator::Validate::validate(&content) {
            let more = FieldErrors::from_validation(&v, t);
            for f in FIELDS {
                if let Some(m) = more.get(f) {
                    errors.insert(f, m.to_string());
                }
            }
        }
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(errors)
        }
    }
}

pub const FIELDS: &[&str] = &[
    "issuing_unit_id",
    "document_number",
    "case_cause",
    "party_kind",
    "party_name",
    "party_credit_code",
    "party_id_number",
    "legal_basis",
    "fine_fen",
    "confiscated_fen",
    "other_measures",
    "execution_status",
    "decision_date",
    "power_item_id",
    "discretion_tier",
    "fine_justification",
    "reason",
];

/// The units a user may enter records for: every unit for the city bureau, else the
/// user's unit and the units below it.
pub fn writable_units(me: &Me, units: &[Unit]) -> Vec<Unit> {
    if me.roles.contains(&Role::Bureau) {
        return units.iter().filter(|u| u.active).cloned().collect();
    }
    let below = |unit: &Unit| {
        let mut cursor = Some(unit.id);
        for _ in 0..16 {
            match cursor {
                Some(id) if id == me.unit.id => return true,
                Some(id) => cursor = units.iter().find(|u| u.id == id).and_then(|u| u.parent_id),
                None => return false,
            }
        }
        false
    };
    let mut list: Vec<Unit> = units
        .iter()
        .filter(|u| u.active && below(u))
        .cloned()
        .collect();
    if list.is_empty() {
        list.push(me.unit.clone());
    }
    list
}

/// The error of field `field`, also when the server names it `content.{field}` (the
/// correction body nests the content).
pub fn field_error(fields: &FieldErrors, field: &str) -> Option<AttrValue> {
    fields
        .get(field)
        .or_else(|| fields.get(&format!("content.{field}")))
}
