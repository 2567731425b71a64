//! Leaving the page during an attempt (切屏): reported once per leave (the page hidden,
//! or the window losing the focus); a reload or navigation away is not a leave. Also
//! warns before unloading while an answer is not saved.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use api_types::quizzes::{AttemptEvent, AttemptEventKind, AttemptEventOutcome, QuizAttempt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::work::Work;
use crate::components::use_toaster;
use crate::i18n::Texts;
use crate::services::api;

/// Reports leaving the page (hidden, or the window losing the focus) once per leave;
/// a reload or navigation away is not a leave. Warns before unloading while an answer
/// is not saved.
#[hook]
pub fn use_leave_reports(
    attempt: uuid::Uuid,
    work: Rc<RefCell<Work>>,
    on_closed: Callback<Option<QuizAttempt>>,
    t: &'static Texts,
) {
    let toaster = use_toaster();
    use_effect_with(attempt, move |id| {
        let id = *id;
        let away = Rc::new(Cell::new(false));
        let unloading = Rc::new(Cell::new(false));
        let report = {
            let (away, unloading) = (away.clone(), unloading.clone());
            Rc::new(move || {
                if unloading.get() || away.replace(true) {
                    return;
                }
                let (on_closed, toaster) = (on_closed.clone(), toaster.clone());
                spawn_local(async move {
                    let path = format!("/me/quiz-attempts/{id}/events");
                    let body = AttemptEvent {
                        kind: AttemptEventKind::LeftPage,
                    };
                    match api::post::<_, AttemptEventOutcome>(&path, &body).await {
                        Ok(o) if o.submitted => on_closed.emit(None),
                        Ok(o) => toaster.error((t.qz_left_page)(o.leave_count, o.leave_limit)),
                        Err(_) => {}
                    }
                });
            })
        };
        let document = web_sys::window().and_then(|w| w.document());
        let on_visibility = {
            let (report, away, document) = (report.clone(), away.clone(), document.clone());
            Closure::<dyn FnMut()>::new(move || match &document {
                Some(d) if d.hidden() => report(),
                _ => away.set(false),
            })
        };
        let on_blur = Closure::<dyn FnMut()>::new(move || report());
        let on_focus = {
            let away = away.clone();
            Closure::<dyn FnMut()>::new(move || away.set(false))
        };
        let on_unload = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            unloading.set(true);
            if !work.borrow().not_saved().is_empty() {
                e.prevent_default();
                let _ = js_sys::Reflect::set(&e, &"returnValue".into(), &"".into());
            }
            // Staying (the user kept the page): leaves count again.
            let unloading = unloading.clone();
            spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_secs(3)).await;
                unloading.set(false);
            });
        });
        let window = web_sys::window();
        if let Some(d) = &document {
            let _ = d.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback("blur", on_blur.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback(
                "beforeunload",
                on_unload.as_ref().unchecked_ref(),
            );
        }
        move || {
            if let Some(d) = &document {
                let _ = d.remove_event_listener_with_callback(
                    "visibilitychange",
                    on_visibility.as_ref().unchecked_ref(),
                );
            }
            if let Some(w) = &window {
                let _ =
                    w.remove_event_listener_with_callback("blur", on_blur.as_ref().unchecked_ref());
                let _ = w.remove_event_listener_with_callback(
                    "focus",
                    on_focus.as_ref().unchecked_ref(),
                );
                let _ = w.remove_event_listener_with_callback(
                    "beforeunload",
                    on_unload.as_ref().unchecked_ref(),
                );
            }
            drop((on_visibility, on_blur, on_focus, on_unload));
        }
    });
}
