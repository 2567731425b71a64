//! `/assessment`: the case-file reviews the user may see (those they score, and the
//! submitted reviews of their units' files), and a new review: the reviewer opens one for
//! themself, the city bureau assigns one to a reviewer of another county.

use std::rc::Rc;

use api_types::assessment::{CaseReview, NewCaseReview};
use api_types::auth::Me;
use api_types::users::User;
use api_types::{Page, Permission};
use uuid::Uuid;
use validator::Validate;
use yew::prelude::*;

use super::{grade_badge, review_badge, tabs};
use crate::capability::can;
use crate::components::{
    push_path, Checkbox, DownloadButton, ErrorPanel, FieldErrors, Href, Loading, PageHeader,
    SelectField, TextField,
};
use crate::hooks::{unit_options, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::{forbidden, MeProps};
use crate::services::api;

#[function_component]
pub fn ReviewsPage(props: &MeProps) -> Html {
    let t = use_i18n().t();
    let mine = use_state(|| false);
    let list = use_fetch(*mine, |mine| async move {
        api::get_list::<Page<CaseReview>>(
            "/case-reviews",
            &[
                ("per_page", "100".into()),
                ("mine", if mine { "true".into() } else { String::new() }),
            ],
        )
        .await
    });
    if !can(&props.me, Permission::AssessmentRead) {
        return forbidden();
    }
    let body = match (list.data(), list.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(list.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(p), None) if p.items.is_empty() => {
            html! { <p class="muted">{ t.asm.no_reviews }</p> }
        }
        (Some(p), None) => html! {
            <table class="table" id="review-list">
                <thead><tr>
                    <th>{ t.asm.col_file }</th><th>{ t.asm.col_unit }</th><th>{ t.asm.round }</th><th>{ t.asm.reviewer }</th>
                    <th>{ t.asm.col_score }</th><th>{ t.asm.col_grade }</th><th>{ t.col_status }</th><th>{ t.asm.col_date }</th>
                </tr></thead>
                <tbody>
                    { for p.items.iter().map(|r| html! {
                        <tr id={format!("review-{}", r.id)}>
                            <td><Href to={format!("/assessment/reviews/{}", r.id)}>{ format!("{}（{}）", r.file_title, r.file_number) }</Href></td>
                            <td>{ r.unit_name.clone() }</td>
                            <td>{ r.round.clone() }</td>
                            <td>{ r.reviewer_name.clone() }</td>
                            <td>{ api_types::assessment::show(r.result.score) }</td>
                            <td>{ grade_badge(r.result.grade, t) }</td>
                            <td>{ review_badge(r.status, t) }</td>
                            <td>{ r.reviewed_on.map(|d| d.to_string()).unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <PageHeader title={t.cap_assessment.0} description={Some(AttrValue::Static(t.asm.intro))} />
            { tabs(t, &props.me) }
            <section class="card" aria-labelledby="reviews-title">
                <h2 class="card-title" id="reviews-title">{ t.asm.reviews_title }</h2>
                <Checkbox id="reviews-mine" label={t.asm.only_mine} checked={*mine}
                          on_change={let m = mine.clone(); Callback::from(move |v| m.set(v))} />
                <DownloadButton id="reviews-xlsx" name={t.asm.reviews_title}
                                path={format!("/case-reviews:xlsx?mine={}", if *mine { "true" } else { "" })} />
                { body }
            </section>
            if can(&props.me, Permission::CaseReviewsWrite) {
                <NewReview me={props.me.clone()} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NewProps {
    me: Rc<Me>,
}

#[derive(Clone, Default, PartialEq)]
struct Draft {
    unit: String,
    title: String,
    number: String,
    round: String,
    reviewer: String,
}

/// Opens a review (for the city bureau: assigned to a reviewer it picks).
#[function_component]
fn NewReview(props: &NewProps) -> Html {
    let i18n = use_i18n();
    let t = i18n.t();
    let units = use_units();
    let assigns = can(&props.me, Permission::AssessmentManage);
    let people = use_fetch(assigns, |assigns| async move {
        if assigns {
            api::get_list::<Page<User>>(
                "/users",
                &[("per_page", "200".into()), ("active", "true".into())],
            )
            .await
            .map(|p| p.items)
        } else {
            Ok(Vec::new())
        }
    });
    let draft = use_state(Draft::default);
    let form = use_submission();
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let submit = {
        let (form, draft) = (form.clone(), draft.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Ok(unit_id) = Uuid::parse_str(&draft.unit) else {
                let mut errors = FieldErrors::default();
                errors.insert("unit_id", t.choose);
                return form.reject(errors);
            };
            let body = NewCaseReview {
                unit_id,
                disclosure_record_id: None,
                file_title: draft.title.trim().to_string(),
                file_number: draft.number.trim().to_string(),
                reviewer_id: Uuid::parse_str(&draft.reviewer).ok(),
                round: draft.round.trim().to_string(),
            };
            if let Err(v) = body.validate() {
                return form.reject(FieldErrors::from_validation(&v, t));
            }
            form.request(async move { api::post::<_, CaseReview>("/case-reviews", &body).await })
                .success(t.asm.review_opened)
                .then(move |r| push_path(&format!("/assessment/reviews/{}", r.id)));
        })
    };
    let fields = form.fields();
    let mut reviewers = vec![(
        AttrValue::Static(""),
        AttrValue::Static(t.asm.reviewer_self),
    )];
    if let Some(list) = people.data() {
        reviewers.extend(list.iter().map(|u| {
            (
                AttrValue::from(u.id.to_string()),
                AttrValue::from(u.name.clone()),
            )
        }));
    }
    html! {
        <section class="card" aria-labelledby="new-review-title">
            <h2 class="card-title" id="new-review-title">{ t.asm.new_review }</h2>
            <form class="form-grid" id="review-new" onsubmit={submit} novalidate=true>
                <SelectField id="review-unit" label={t.asm.file_unit} value={draft.unit.clone()}
                             options={unit_options(&units, i18n.lang, t.choose, true)}
                             error={fields.get("unit_id")} on_change={set(|d, v| d.unit = v)} />
                <TextField id="review-file-title" label={t.asm.file_title} value={draft.title.clone()}
                           error={fields.get("file_title")} on_input={set(|d, v| d.title = v)} />
                <TextField id="review-file-number" label={t.asm.file_number} value={draft.number.clone()}
                           error={fields.get("file_number")} on_input={set(|d, v| d.number = v)} />
                <TextField id="review-round" label={t.asm.round} value={draft.round.clone()}
                           hint={Some(AttrValue::Static(t.asm.round_hint))}
                           error={fields.get("round")} on_input={set(|d, v| d.round = v)} />
                if assigns {
                    <SelectField id="review-reviewer" label={t.asm.reviewer} value={draft.reviewer.clone()} options={reviewers}
                                 hint={Some(AttrValue::Static(t.asm.reviewer_hint))}
                                 error={fields.get("reviewer_id")} on_change={set(|d, v| d.reviewer = v)} />
                } else {
                    <p class="muted">{ t.asm.reviewer_hint }</p>
                }
                { form.alert(&["unit_id", "file_title", "file_number", "round", "reviewer_id"]) }
                <button type="submit" class="btn btn-primary" id="review-open" disabled={form.busy()}>{ t.asm.open_review }</button>
            </form>
        </section>
    }
}
