//! `/quizzes/attempts/:id`: my attempt — answered while it is in progress, its result
//! and review once it is closed. Read from the server each time the page opens, so a
//! reload shows every saved answer; when the server closes it (time up, too many page
//! leaves) the page reads it again and shows the result.

mod answering;
mod leave;
mod result;
pub mod work;

use std::rc::Rc;

use api_types::auth::Me;
use api_types::quizzes::{AttemptStatus, QuizAttempt};
use yew::prelude::*;

use super::{tabs, Rights};
use crate::components::{ErrorPanel, Loading, PageHeader};
use crate::hooks::use_fetch;
use crate::i18n::use_i18n;
use crate::pages::forbidden;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct AttemptPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn AttemptPage(props: &AttemptPageProps) -> Html {
    let t = use_i18n().t();
    let attempt = use_fetch(props.id.clone(), |id| async move {
        api::get::<QuizAttempt>(&format!("/me/quiz-attempts/{id}")).await
    });
    // The closed attempt a submit answered with (no need to read it again).
    let closed = use_state(|| None::<Rc<QuizAttempt>>);
    if !Rights::of(&props.me).take {
        return forbidden();
    }
    let on_closed = {
        let (closed, reload) = (closed.clone(), attempt.reload.clone());
        Callback::from(move |a: Option<QuizAttempt>| match a {
            Some(a) => closed.set(Some(Rc::new(a))),
            None => reload.emit(()),
        })
    };
    // (Only for this address: the page stays mounted when the address changes.)
    let this = props.id.parse::<uuid::Uuid>().ok();
    let shown = match (&*closed, attempt.data()) {
        (Some(c), _) if Some(c.id) == this => Some(c.clone()),
        (_, data) => data.filter(|a| Some(a.id) == this),
    };
    let body = match (shown, attempt.error()) {
        (Some(a), _) if a.status != AttemptStatus::InProgress => {
            html! { <result::AttemptResult attempt={a} /> }
        }
        (Some(a), _) => {
            let key = a.id.to_string();
            html! { <answering::Answering {key} attempt={a} {on_closed} /> }
        }
        (None, Some(error)) => {
            html! { <ErrorPanel {error} on_retry={Some(attempt.reload.clone())} /> }
        }
        (None, None) => html! { <Loading /> },
    };
    let (title, kind) = match attempt.data() {
        Some(a) => (
            AttrValue::from(a.session_title.clone()),
            Some(AttrValue::Static((t.qz_kind)(a.session_kind))),
        ),
        None => (AttrValue::Static(t.cap_quizzes.0), None),
    };
    html! {
        <>
            <PageHeader {title} description={kind} />
            { tabs(t, &props.me) }
            <div id="attempt">{ body }</div>
        </>
    }
}
