//! Form fields with inline validation errors, and the per-field error map that comes
//! from a problem's `errors[]` or from the shared `api-types` validation rules.

use api_types::FieldError;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::Texts;
use crate::services::api::ApiError;

/// Error messages by field name (`login`, `items[3].fine_fen`, …), localised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors(Vec<(String, String)>);

/// One field error in the current language, saying the limit where there is one.
pub fn localise(t: &Texts, e: &FieldError) -> String {
    // Say the limit: "最多 200 个字", not "长度不符合要求".
    match (e.code.as_str(), e.min, e.max) {
        ("length", min, max) if min.is_some() || max.is_some() => {
            return (t.length_limit)(min, max)
        }
        ("range", min, max) if min.is_some() || max.is_some() => return (t.range_limit)(min, max),
        _ => {}
    }
    match (t.field_error)(&e.code) {
        Some(text) => text.to_string(),
        None => e.message.clone(),
    }
}

impl FieldErrors {
    /// The problem's `errors[]` (empty for other failures).
    pub fn from_api(error: &ApiError, t: &Texts) -> FieldErrors {
        FieldErrors(
            error
                .field_errors()
                .iter()
                .map(|e| (e.field.clone(), localise(t, e)))
                .collect(),
        )
    }

    /// Failures of the `validator` rules declared on an `api-types` request body.
    pub fn from_validation(errors: &validator::ValidationErrors, t: &Texts) -> FieldErrors {
        let mut out = FieldErrors::default();
        for e in FieldError::from_validation(errors) {
            out.insert(&e.field, localise(t, &e));
        }
        out
    }

    /// Adds `other`'s errors for fields that have none yet.
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, message) in other.0 {
            self.insert(&field, message);
        }
    }

    pub fn insert(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), message.into()));
        }
    }

    /// A rule by code (`required`, `mismatch`, …) for a field.
    pub fn insert_code(&mut self, t: &Texts, field: &str, code: &str) {
        self.insert(field, localise(t, &FieldError::new(field, code, code)));
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
    /// Virtual keyboard hint (`decimal`, `numeric`).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Takes the focus when it appears (the first field of a form opened by a button).
    #[prop_or_default]
    pub autofocus: bool,
}

/// A labelled input; its error (if any) is shown under it and tied to it with
/// `aria-describedby` and `aria-invalid`.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let node = use_focus_on_mount(props.autofocus);
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))}>
            { label(&props.id, &props.label, props.required) }
            <input id={props.id.clone()} ref={node}
                   name={props.id.clone()}
                   type={props.input_type.clone()}
                   value={props.value.clone()}
                   {oninput}
                   required={props.required}
                   disabled={props.disabled}
                   autocomplete={props.autocomplete.clone()}
                   placeholder={props.placeholder.clone()}
                   inputmode={props.inputmode.clone()}
                   aria-invalid={props.error.is_some().then_some("true")}
                   aria-describedby={described_by(&props.id, props.hint.is_some(), props.error.is_some())} />
            { notes(&props.id, &props.hint, &props.error) }
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
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
}

/// A node that takes the focus once, when mounted, if `focus` is set.
#[hook]
fn use_focus_on_mount(focus: bool) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |()| {
            if focus {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    node
}

/// `aria-describedby` for a field with an optional hint and error.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The label, with the required marker.
fn label(id: &AttrValue, text: &AttrValue, required: bool) -> Html {
    html! {
        <label for={id.clone()}>
            { text.clone() }
            if required { <span class="required" aria-hidden="true">{ " *" }</span> }
        </label>
    }
}

/// The hint and the error under a field.
fn notes(id: &AttrValue, hint: &Option<AttrValue>, error: &Option<AttrValue>) -> Html {
    html! {
        <>
            if let Some(hint) = hint {
                <p class="field-hint" id={format!("{id}-hint")}>{ hint.clone() }</p>
            }
            if let Some(error) = error {
                <p class="field-error" id={format!("{id}-error")}>{ error.clone() }</p>
            }
        </>
    }
}

#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props
        .on_change
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))}>
            { label(&props.id, &props.label, props.required) }
            <select id={props.id.clone()} name={props.id.clone()} {onchange}
                    required={props.required} disabled={props.disabled}
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby={described_by(&props.id, props.hint.is_some(), props.error.is_some())}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ label.clone() }</option>
                }) }
            </select>
            { notes(&props.id, &props.hint, &props.error) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextAreaFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or(3)]
    pub rows: u32,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Takes the focus when it appears (the first field of a form opened by a button).
    #[prop_or_default]
    pub autofocus: bool,
}

/// A labelled multi-line input with its hint and inline error.
#[function_component]
pub fn TextAreaField(props: &TextAreaFieldProps) -> Html {
    let node = use_focus_on_mount(props.autofocus);
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))}>
            { label(&props.id, &props.label, props.required) }
            <textarea id={props.id.clone()} ref={node} name={props.id.clone()} rows={props.rows.to_string()}
                      value={props.value.clone()} {oninput} required={props.required}
                      placeholder={props.placeholder.clone()}
                      aria-invalid={props.error.is_some().then_some("true")}
                      aria-describedby={described_by(&props.id, props.hint.is_some(), props.error.is_some())} />
            { notes(&props.id, &props.hint, &props.error) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    pub on_change: Callback<bool>,
}

/// A labelled checkbox.
#[function_component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let onchange = props
        .on_change
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <label class="check" for={props.id.clone()}>
            <input type="checkbox" id={props.id.clone()} checked={props.checked} {onchange} />
            <span>{ props.label.clone() }</span>
        </label>
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
