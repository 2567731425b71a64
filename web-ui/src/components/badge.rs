//! Status badges.

use yew::prelude::*;

/// The colour family of a badge, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Neutral,
    Info,
    Success,
    Warning,
    Danger,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "badge-neutral",
            Tone::Info => "badge-info",
            Tone::Success => "badge-success",
            Tone::Warning => "badge-warning",
            Tone::Danger => "badge-danger",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct BadgeProps {
    #[prop_or_default]
    pub tone: Tone,
    pub text: AttrValue,
}

#[function_component]
pub fn Badge(props: &BadgeProps) -> Html {
    html! { <span class={classes!("badge", props.tone.class())}>{ props.text.clone() }</span> }
}
