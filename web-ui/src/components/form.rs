//! Form fields with inline validation errors, and the per-field error map that comes
//! from a problem's `errors[]` or from the shared `api-types` validation rules.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::Texts;
use crate::services::api::ApiError;

/// Error messages by field name (`login`, `items[3].fine_fen`, …), localised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors(Vec<(String, String)>);

fn localise(t: &Texts, code: &str, message: &str) -> String {
    match (t.field_error)(code) {
        Some(text) => text.to_string(),
        None => message.to_string(),
    }
}

impl FieldErrors {
    /// The problem's `errors[]` (empty for other failures).
    pub fn from_api(error: &ApiError, t: &Texts) -> FieldErrors {
        FieldErrors(
            error
                .field_errors()
                .iter()
                .map(|e| (e.field.clone(), localise(t, &e.code, &e.message)))
                .collect(),
        )
    }

    /// Failures of the `validator` rules declared on an `api-types` request body.
    pub fn from_validation(errors: &validator::ValidationErrors, t: &Texts) -> FieldErrors {
        let mut out = FieldErrors::default();
        let mut fields: Vec<_> = errors.field_errors().into_iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        for (field, list) in fields {
            if let Some(e) = list.first() {
                let message = e.message.as_deref().unwrap_or(e.code.as_ref()).to_string();
                out.insert(field.as_ref(), localise(t, &e.code, &message));
            }
        }
        out
    }

    pub fn insert(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), message.into()));
        }
    }

    /// A rule by code (`required`, `mismatch`, …) for a field.
    pub fn insert_code(&mut self, t: &Texts, field: &str, code: &str) {
        self.insert(field, localise(t, code, code));
    }

    pub fn get(&self, field: &str) -> Option<AttrValue> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| AttrValue::from(m.clone()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Errors about fields the form does not show (to show them above the form).
    pub fn others(&self, shown: &[&str]) -> Vec<String> {
        self.0
            .iter()
            .filter(|(f, _)| !shown.contains(&f.as_str()))
            .map(|(f, m)| format!("{f}: {m}"))
            .collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled input; its error (if any) is shown under it and tied to it with
/// `aria-describedby` and `aria-invalid`.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if props.error.is_some() {
        described.push(error_id.clone());
    }
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="required" aria-hidden="true">{ " *" }</span> }
            </label>
            <input id={props.id.clone()}
                   name={props.id.clone()}
                   type={props.input_type.clone()}
                   value={props.value.clone()}
                   {oninput}
                   required={props.required}
                   disabled={props.disabled}
                   autocomplete={props.autocomplete.clone()}
                   placeholder={props.placeholder.clone()}
                   aria-invalid={props.error.is_some().then_some("true")}
                   aria-describedby={(!described.is_empty()).then(|| described.join(" "))} />
            if let Some(hint) = &props.hint {
                <p class="field-hint" id={hint_id}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>{ error.clone() }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let onchange = props
        .on_change
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} name={props.id.clone()} {onchange}
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby={props.error.is_some().then(|| error_id.clone())}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ label.clone() }</option>
                }) }
            </select>
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>{ error.clone() }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FormAlertProps {
    pub message: AttrValue,
    #[prop_or_default]
    pub details: Vec<String>,
    #[prop_or(AttrValue::Static("alert-error"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// A message above a form (the problem's detail, a notice).
#[function_component]
pub fn FormAlert(props: &FormAlertProps) -> Html {
    html! {
        <div id={props.id.clone()} class={classes!("alert", props.kind.to_string())} role="alert">
            <span>{ props.message.clone() }</span>
            if !props.details.is_empty() {
                <ul>{ for props.details.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
            }
        </div>
    }
}
