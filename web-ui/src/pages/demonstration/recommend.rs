//! The county bureau's word on a submitted application: recommend it to the city bureau
//! or decline it, with a comment either way.

use std::rc::Rc;

use api_types::demonstration::{DemonstrationApplication, Recommendation};
use validator::Validate;
use yew::prelude::*;

use super::refusal;
use crate::components::{FieldErrors, TextAreaField};
use crate::hooks::use_submission;
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct RecommendProps {
    pub application: Rc<DemonstrationApplication>,
    pub on_changed: Callback<()>,
}

#[function_component]
pub fn RecommendPanel(props: &RecommendProps) -> Html {
    let t = use_i18n().t();
    let comment = use_state(String::new);
    let form = use_submission();
    let (id, version) = (props.application.id, props.application.version);
    let send = |recommend: bool| {
        let (form, comment, on_changed) = (form.clone(), comment.clone(), props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            let body = Recommendation {
                recommend,
                comment: comment.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            let on_changed = on_changed.clone();
            form.request(async move {
                api::post_versioned::<_, DemonstrationApplication>(
                    &format!("/demonstration-applications/{id}/recommendation"),
                    version,
                    &body,
                )
                .await
            })
            .success(if recommend {
                t.demo.recommended_done
            } else {
                t.demo.declined_done
            })
            .then(move |_| on_changed.emit(()));
        })
    };
    html! {
        <section class="card" aria-labelledby="recommend-title">
            <h2 class="card-title" id="recommend-title">{ t.demo.recommend_title }</h2>
            <p class="muted">{ t.demo.recommend_hint }</p>
            <TextAreaField id="recommend-comment" label={t.demo.recommend_comment} value={(*comment).clone()} rows={3} required=true
                           error={form.fields().get("comment")}
                           on_input={let c = comment.clone(); Callback::from(move |v| c.set(v))} />
            { refusal("recommend-error", form.error(), t) }
            <div class="actions">
                <button type="button" class="btn btn-primary" id="recommend" disabled={form.busy()} onclick={send(true)}>
                    { t.demo.recommend }</button>
                <button type="button" class="btn btn-danger" id="decline" disabled={form.busy()} onclick={send(false)}>
                    { t.demo.decline }</button>
            </div>
        </section>
    }
}
