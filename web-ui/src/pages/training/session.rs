//! A session for its organiser: the roster with each person's mark (marked here, or by
//! their check-in), and the check-in code full-screen, turning every 30 seconds.

use std::collections::HashMap;
use std::rc::Rc;

use api_types::auth::Me;
use api_types::training::{
    AttendanceMark, AttendanceMarks, AttendanceStatus, CheckInCode, RosterEntry,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{attendance_badge, tabs, Rights};
use crate::components::{ErrorPanel, Href, Loading, PageHeader, SelectField};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::forbidden;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct SessionPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn RosterPage(props: &SessionPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let roster = use_fetch(props.id.clone(), |id| async move {
        api::get::<Vec<RosterEntry>>(&format!("/training-sessions/{id}/roster")).await
    });
    let changes = use_state(HashMap::<uuid::Uuid, AttendanceStatus>::new);
    let form = use_submission();
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    let save = {
        let (form, changes, reload, id) = (
            form.clone(),
            changes.clone(),
            roster.reload.clone(),
            props.id.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            if changes.is_empty() {
                return;
            }
            let body = AttendanceMarks {
                marks: changes
                    .iter()
                    .map(|(user_id, status)| AttendanceMark {
                        user_id: *user_id,
                        status: *status,
                        remark: None,
                    })
                    .collect(),
            };
            let (changes, reload) = (changes.clone(), reload.clone());
            let path = format!("/training-sessions/{id}/attendance");
            form.request(async move { api::post::<_, Vec<RosterEntry>>(&path, &body).await })
                .success(t.tr.attendance_saved)
                .then(move |_| {
                    changes.set(HashMap::new());
                    reload.emit(());
                });
        })
    };
    let body = match (roster.data(), roster.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(roster.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(list), None) if list.is_empty() => {
            html! { <p class="muted">{ t.tr.roster_empty }</p> }
        }
        (Some(list), None) => {
            let present = list
                .iter()
                .filter(|r| {
                    matches!(
                        r.status,
                        Some(AttendanceStatus::Present | AttendanceStatus::Late)
                    )
                })
                .count();
            let mut options = vec![(AttrValue::Static(""), AttrValue::Static(t.tr.not_marked))];
            options.extend(AttendanceStatus::ALL.iter().map(|s| {
                (
                    AttrValue::Static(s.as_str()),
                    AttrValue::Static((t.tr.attendance)(*s)),
                )
            }));
            html! {
                <form id="roster-form" onsubmit={save}>
                    <p class="muted">{ (t.tr.roster_summary)(present, list.len()) }</p>
                    <table class="table" id="roster">
                        <thead><tr>
                            <th>{ t.tr.person }</th><th>{ t.tr.unit }</th><th>{ t.col_status }</th>
                            <th>{ t.tr.marked_at }</th><th>{ t.tr.mark }</th>
                        </tr></thead>
                        <tbody>
                            { for list.iter().map(|r| {
                                let changed = changes.get(&r.user_id).copied();
                                let value = changed.or(r.status).map(|s| s.as_str()).unwrap_or("");
                                let (changes, uid) = (changes.clone(), r.user_id);
                                let how = r.method.map(|m| (t.tr.method)(m)).unwrap_or_default();
                                html! {
                                    <tr class="roster-row" data-name={r.user_name.clone()}>
                                        <td>{ r.user_name.clone() }</td>
                                        <td>{ unit_name(&units, &r.unit_id, lang) }</td>
                                        <td>{ attendance_badge(r.status, t) }{ " " }<span class="muted">{ how }</span></td>
                                        <td class="nowrap">{ r.marked_at.map(|at| format::bureau_time(&at)).unwrap_or_default() }</td>
                                        <td>
                                            <SelectField id={format!("mark-{}", r.user_id)} label={t.tr.mark} value={AttrValue::from(value.to_string())}
                                                         options={options.clone()}
                                                         on_change={Callback::from(move |v: String| {
                                                             let mut next = (*changes).clone();
                                                             match AttendanceStatus::parse(&v) {
                                                                 Some(s) => { next.insert(uid, s); }
                                                                 None => { next.remove(&uid); }
                                                             }
                                                             changes.set(next);
                                                         })} />
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    { form.alert(&[]) }
                    <button type="submit" class="btn btn-primary" id="roster-save" disabled={form.busy() || changes.is_empty()}>
                        { (t.tr.save_marks)(changes.len()) }
                    </button>
                </form>
            }
        }
    };
    html! {
        <>
            <PageHeader title={t.tr.roster}>
                <Href to={format!("/training/sessions/{}/code", props.id)} class="btn btn-primary" id="show-code">{ t.tr.show_code }</Href>
                <button class="btn" onclick={let r = roster.reload.clone(); Callback::from(move |_| r.emit(()))}>{ t.tr.refresh }</button>
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card">{ body }</section>
        </>
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The code full-screen: read again when it turns (by the server's clock).
#[function_component]
pub fn CheckInCodePage(props: &SessionPageProps) -> Html {
    let t = use_i18n().t();
    let generation = use_state(|| 0u32);
    let id = props.id.clone();
    let code = use_fetch((id, *generation), |(id, _)| async move {
        api::get::<CheckInCode>(&format!("/training-sessions/{id}/check-in-code")).await
    });
    let tick = use_state(now_ms);
    {
        let tick = tick.clone();
        use_effect_with((), move |()| {
            let step = Closure::<dyn FnMut()>::new(move || tick.set(now_ms()));
            let window = web_sys::window();
            let handle = window.as_ref().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    step.as_ref().unchecked_ref(),
                    1000,
                )
                .ok()
            });
            move || {
                if let (Some(w), Some(h)) = (window, handle) {
                    w.clear_interval_with_handle(h);
                }
                drop(step);
            }
        });
    }
    let shown = code.data();
    // Seconds left by the server's clock (the browser's corrected by the difference
    // when the code was read).
    let server_time = shown.as_ref().map(|c| c.server_time);
    let offset = *use_memo(server_time, |st| {
        st.map_or(0, |st| st.timestamp_millis() - now_ms())
    });
    let left = shown
        .as_ref()
        .map(|c| (c.expires_at.timestamp_millis() - (*tick + offset)) / 1000);
    {
        let (generation, expired) = (generation.clone(), left.is_some_and(|l| l <= 0));
        use_effect_with(expired, move |expired| {
            if *expired {
                generation.set(*generation + 1);
            }
        });
    }
    if !Rights::of(&props.me).manage {
        return forbidden();
    }
    html! {
        <div class="checkin-screen" id="checkin-screen">
            <p class="checkin-hint">{ t.tr.code_hint }</p>
            {
                match (shown, code.error()) {
                    (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(code.reload.clone())} /> },
                    (None, None) => html! { <Loading /> },
                    (Some(c), None) => html! {
                        <>
                            <p class="checkin-code" id="checkin-code" aria-live="polite">{ c.code.clone() }</p>
                            <p class="checkin-left">{ (t.tr.code_left)(left.unwrap_or(0).max(0)) }</p>
                        </>
                    },
                }
            }
            <Href to={format!("/training/sessions/{}", props.id)} class="btn" id="code-back">{ t.tr.back_to_roster }</Href>
        </div>
    }
}
