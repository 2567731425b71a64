//! What changed in the list between two days: items added, amended (with the fields
//! that changed) and repealed.

use api_types::catalog::{PowerChange, PowerDiff};
use chrono::{Datelike, NaiveDate};
use yew::prelude::*;

use crate::components::{Badge, ErrorPanel, Loading, TextField, Tone};
use crate::format;
use crate::hooks::use_fetch;
use crate::i18n::{use_i18n, Texts};
use crate::services::api;

fn change_list(
    t: &'static Texts,
    title: &'static str,
    id: &'static str,
    changes: &[PowerChange],
    amended: bool,
) -> Html {
    html! {
        <div class="diff-group" {id}>
            <h3>{ title }{ format!("（{}）", changes.len()) }</h3>
            if changes.is_empty() {
                <p class="muted">{ t.power_diff_none }</p>
            } else {
                <ul>
                    { for changes.iter().map(|c| {
                        let name = c.after.as_ref().or(c.before.as_ref()).map(|i| i.content.name.clone()).unwrap_or_default();
                        html! {
                            <li>
                                <span class="mono">{ c.code.clone() }</span>{ " " }{ name }
                                if amended {
                                    <span class="badges">
                                        { for c.changed_fields.iter().map(|f| html! { <Badge tone={Tone::Warning} text={(t.power_field)(f)} /> }) }
                                    </span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// The diff card: two days (from the first of this year to today at first) and the
/// changes between them once asked.
#[function_component]
pub fn PowerDiffSection() -> Html {
    let t = use_i18n().t();
    let today = format::today_date();
    let from = use_state(|| {
        NaiveDate::from_ymd_opt(today.year(), 1, 1)
            .unwrap_or(today)
            .to_string()
    });
    let to = use_state(|| today.to_string());
    let diff_query = use_state(|| None::<(String, String)>);
    let diff = use_fetch((*diff_query).clone(), |q| async move {
        match q {
            Some((from, to)) => api::get_list_public::<PowerDiff>(
                "/public/power-items/diff",
                &[("from", from), ("to", to)],
            )
            .await
            .map(Some),
            None => Ok(None),
        }
    });
    // Which field is wrong, said at the field (the server says the same of `from`).
    let range_error = use_state(|| None::<(&'static str, &'static str)>);
    let on_diff = {
        let (from, to, diff_query, range_error) = (
            from.clone(),
            to.clone(),
            diff_query.clone(),
            range_error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let day = |s: &str| s.parse::<NaiveDate>().ok();
            match (day(&from), day(&to)) {
                (None, _) => range_error.set(Some(("from", t.power_diff_day_needed))),
                (_, None) => range_error.set(Some(("to", t.power_diff_day_needed))),
                (Some(a), Some(b)) if a > b => {
                    range_error.set(Some(("from", t.power_diff_order)));
                }
                _ => {
                    range_error.set(None);
                    diff_query.set(Some(((*from).clone(), (*to).clone())));
                }
            }
        })
    };
    let error_of = |field: &str| {
        (*range_error)
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| AttrValue::Static(m))
    };
    let diff_view = match (diff.data(), diff.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} /> },
        (Some(d), None) => match d.as_ref() {
            Some(d) => html! {
                <div class="diff" id="power-diff">
                    { change_list(t, t.power_added, "diff-added", &d.added, false) }
                    { change_list(t, t.power_amended, "diff-amended", &d.amended, true) }
                    { change_list(t, t.power_repealed, "diff-repealed", &d.repealed, false) }
                </div>
            },
            None => html! {},
        },
        (None, None) => html! { <Loading /> },
    };
    html! {
        <section class="card" aria-labelledby="diff-title">
            <h2 id="diff-title" class="card-title">{ t.power_diff }</h2>
            <form class="filter-form" onsubmit={on_diff}>
                <TextField id="diff-from" label={t.power_diff_from} value={(*from).clone()} input_type="date"
                           error={error_of("from")}
                           on_input={let s = from.clone(); Callback::from(move |v| s.set(v))} />
                <TextField id="diff-to" label={t.power_diff_to} value={(*to).clone()} input_type="date"
                           error={error_of("to")}
                           on_input={let s = to.clone(); Callback::from(move |v| s.set(v))} />
                <div class="filter-buttons">
                    <button type="submit" class="btn btn-primary" id="diff-run">{ t.power_diff_run }</button>
                </div>
            </form>
            { diff_view }
        </section>
    }
}
