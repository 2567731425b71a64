//! The shared components on one page (`/ui-kit`), for designers, reviewers and the
//! browser tests.

use yew::prelude::*;

use crate::components::{
    use_toaster, Badge, Bar, BarChart, ConfirmDialog, FieldErrors, LineChart, PageHeader, Period,
    PeriodPicker, Series, TextField, Tone,
};
use crate::i18n::use_i18n;

#[function_component]
pub fn UiKitPage() -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let dialog = use_state(|| false);
    let confirmed = use_state(|| 0u32);
    let month = use_state(|| {
        Period::parse("2022-05").unwrap_or(Period::Month {
            year: 2022,
            month: 5,
        })
    });
    let quarter = use_state(|| {
        Period::parse("2022-Q2").unwrap_or(Period::Quarter {
            year: 2022,
            quarter: 2,
        })
    });
    let code = use_state(String::new);
    let code_errors = use_state(FieldErrors::default);

    let months: Vec<String> = (1..=6).map(|m| format!("2022-{m:02}")).collect();
    let check_code = {
        let (code, code_errors) = (code.clone(), code_errors.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errors = FieldErrors::default();
            if let Err(err) = api_types::validate::code(&code) {
                errors.insert_code(t, "code", &err.code);
            }
            code_errors.set(errors);
        })
    };

    html! {
        <>
            <PageHeader title={t.uikit_title} description={Some(AttrValue::Static(t.uikit_intro))} />
            <div class="kit-grid">
                <section class="card" aria-labelledby="kit-dialog">
                    <h2 id="kit-dialog" class="card-title">{ t.uikit_dialog_title }</h2>
                    <div class="kit-row">
                        <button type="button" class="btn" id="kit-open-dialog"
                                onclick={let d = dialog.clone(); Callback::from(move |_| d.set(true))}>
                            { t.uikit_dialog_open }
                        </button>
                        <button type="button" class="btn" id="kit-toast"
                                onclick={let toaster = toaster.clone(); Callback::from(move |_| toaster.success(t.uikit_toast_text))}>
                            { t.uikit_toast }
                        </button>
                        <span id="kit-confirmed">{ format!("{}: {}", t.uikit_confirmed, *confirmed) }</span>
                    </div>
                </section>
                <section class="card" aria-labelledby="kit-badges">
                    <h2 id="kit-badges" class="card-title">{ t.uikit_badges }</h2>
                    <div class="kit-row badges">
                        <Badge text={t.badge_draft} />
                        <Badge tone={Tone::Info} text={t.badge_in_progress} />
                        <Badge tone={Tone::Success} text={t.badge_done} />
                        <Badge tone={Tone::Warning} text={t.coming_soon} />
                        <Badge tone={Tone::Danger} text={t.badge_overdue} />
                    </div>
                </section>
                <section class="card" aria-labelledby="kit-period">
                    <h2 id="kit-period" class="card-title">{ t.uikit_period }</h2>
                    <div class="kit-row">
                        <PeriodPicker id="kit-month" label={t.period_month} value={*month} years={(2020, 2026)}
                                      on_change={let s = month.clone(); Callback::from(move |p| s.set(p))} />
                        <PeriodPicker id="kit-quarter" label={t.period_quarter} value={*quarter} years={(2020, 2026)}
                                      on_change={let s = quarter.clone(); Callback::from(move |p| s.set(p))} />
                    </div>
                    <p id="kit-period-value">{ format!("{}: {} / {}", t.uikit_selected, *month, *quarter) }</p>
                </section>
                <section class="card" aria-labelledby="kit-form">
                    <h2 id="kit-form" class="card-title">{ t.uikit_form }</h2>
                    <form class="form kit-row" onsubmit={check_code} novalidate=true>
                        <TextField id="kit-code" label={t.uikit_field} value={(*code).clone()}
                                   on_input={let s = code.clone(); Callback::from(move |v| s.set(v))}
                                   placeholder={Some(AttrValue::Static("XQ-BRIGADE-1"))}
                                   error={code_errors.get("code")} />
                        <button type="submit" class="btn" id="kit-check">{ t.uikit_check }</button>
                    </form>
                </section>
                <section class="card kit-wide" aria-label={t.uikit_line_chart}>
                    <LineChart id="kit-line" title={t.uikit_line_chart} labels={months.clone()}
                               series={vec![
                                   Series { name: t.uikit_series_a.into(), values: vec![120.0, 132.0, 101.0, 134.0, 90.0, 230.0] },
                                   Series { name: t.uikit_series_b.into(), values: vec![98.0, 110.0, 95.0, 120.0, 88.0, 190.0] },
                               ]} />
                </section>
                <section class="card kit-wide" aria-label={t.uikit_series_a}>
                    <BarChart id="kit-bar" title={t.uikit_series_a}
                              bars={months.iter().zip([120.0, 132.0, 101.0, 134.0, 90.0, 230.0])
                                  .map(|(m, v)| Bar { label: m.clone(), value: v, link: None }).collect::<Vec<_>>()} />
                </section>
            </div>
            <ConfirmDialog open={*dialog} title={t.uikit_dialog_title} message={t.uikit_dialog_body}
                           confirm_label={t.confirm}
                           on_confirm={let (d, c, toaster) = (dialog.clone(), confirmed.clone(), toaster.clone());
                                       Callback::from(move |()| {
                                           d.set(false);
                                           c.set(*c + 1);
                                           toaster.info(t.uikit_confirmed);
                                       })}
                           on_cancel={let d = dialog.clone(); Callback::from(move |()| d.set(false))} />
        </>
    }
}
