//! Small line icons (24×24, drawn with the current text colour).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IconProps {
    pub name: &'static str,
}

/// Path data per icon name; unknown names draw a dot.
fn paths(name: &str) -> &'static [&'static str] {
    match name {
        "home" => &["M3 11 12 4l9 7", "M5 10v10h5v-6h4v6h5V10"],
        "tasks" => &["M8 4h8v3H8z", "M6 5H4v16h16V5h-2", "M8 13l3 3 5-6"],
        "statistics" => &["M4 20h16", "M7 17v-6", "M12 17V6", "M17 17v-9"],
        "training" => &["M2 9l10-5 10 5-10 5z", "M6 11v5c3 3 9 3 12 0v-5", "M22 9v6"],
        "cases" => &[
            "M4 5c3-1 6-1 8 1v14c-2-2-5-2-8-1z",
            "M20 5c-3-1-6-1-8 1v14c2-2 5-2 8-1z",
        ],
        "quizzes" => &["M5 3h10l4 4v14H5z", "M8 12l3 3 5-6"],
        "discretion" => &[
            "M12 4v16",
            "M7 20h10",
            "M4 8h16",
            "M4 8l-2 6h6z",
            "M20 8l-2 6h6z",
        ],
        "disclosure" => &["M3 10v4l11 5V5z", "M14 8a4 4 0 0 1 0 8", "M6 14l1 6h3l-1-5"],
        "powers" => &[
            "M9 6h11", "M9 12h11", "M9 18h11", "M4 6h1", "M4 12h1", "M4 18h1",
        ],
        "assessment" => &["M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z"],
        "demonstration" => &["M5 21V4", "M5 4h12l-2 4 2 4H5"],
        "units" => &[
            "M9 3h6v5H9z",
            "M3 16h6v5H3z",
            "M15 16h6v5h-6z",
            "M12 8v4",
            "M6 16v-4h12v4",
        ],
        "users" => &[
            "M9 4a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7",
            "M2.5 20c.8-3.5 3.3-5.5 6.5-5.5s5.7 2 6.5 5.5",
            "M16 4.5a3 3 0 0 1 0 6",
            "M18 14.5c2 .6 3.2 2.5 3.5 5.5",
        ],
        "service-accounts" => &[
            "M8 14a4 4 0 1 1 0-8a4 4 0 0 1 0 8",
            "M11 11h10",
            "M18 11v3",
            "M15 11v2",
        ],
        "webhooks" => &["M5 12h10", "M11 7l5 5-5 5", "M19 5v14"],
        "audit" => &[
            "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z",
            "M8.5 12l2.5 2.5 4.5-5",
        ],
        "logout" => &["M15 4h4v16h-4", "M10 8l-4 4 4 4", "M6 12h10"],
        "calendar" => &[
            "M4 6h16v14H4z",
            "M4 10h16",
            "M8 3v5",
            "M16 3v5",
            "M8 14h2",
            "M14 14h2",
        ],
        "bell" => &["M6 16V11a6 6 0 0 1 12 0v5l2 2H4z", "M10 20a2 2 0 0 0 4 0"],
        "menu" => &["M4 6h16", "M4 12h16", "M4 18h16"],
        "globe" => &[
            "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18",
            "M3 12h18",
            "M12 3c3 3 3 15 0 18",
            "M12 3c-3 3-3 15 0 18",
        ],
        "user" => &[
            "M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8",
            "M4 21c1-4 4-6 8-6s7 2 8 6",
        ],
        "components" => &[
            "M4 4h7v7H4z",
            "M13 4h7v7h-7z",
            "M4 13h7v7H4z",
            "M13 13h7v7h-7z",
        ],
        _ => &["M11 11h2v2h-2z"],
    }
}

#[function_component]
pub fn Icon(props: &IconProps) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"
             focusable="false" fill="none" stroke="currentColor" stroke-width="1.8"
             stroke-linecap="round" stroke-linejoin="round">
            { for paths(props.name).iter().map(|d| html! { <path d={*d} /> }) }
        </svg>
    }
}
