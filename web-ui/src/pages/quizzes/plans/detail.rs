//! `/quizzes/plans/:id`: a study plan's quarters with the quiz created for each, the
//! button that creates the missing quarterly quizzes as drafts, and the plan's form.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::quizzes::{QuizStatus, QuizzesCreated, StudyPlan};
use yew::prelude::*;

use super::form::PlanForm;
use crate::components::{use_toaster, Badge, ErrorPanel, Href, Loading, PageHeader};
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::forbidden;
use crate::pages::quizzes::bank::{category_paths, use_categories};
use crate::pages::quizzes::{session_badge, tabs, Rights};
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    pub me: Rc<Me>,
    pub id: String,
}

#[function_component]
pub fn PlanPage(props: &PlanPageProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let rights = Rights::of(&props.me);
    let units = use_units();
    let categories = use_categories();
    let plan = use_fetch(props.id.clone(), |id| async move {
        api::get::<StudyPlan>(&format!("/study-plans/{id}")).await
    });
    let editing = use_state(|| false);
    let created = use_state(|| None::<QuizzesCreated>);
    let generating = use_submission();
    let toaster = use_toaster();
    if !rights.results {
        return forbidden();
    }
    let p = match (plan.data(), plan.error()) {
        (_, Some(error)) => {
            return html! { <ErrorPanel {error} on_retry={Some(plan.reload.clone())} /> }
        }
        (None, None) => return html! { <Loading /> },
        (Some(p), None) => p,
    };
    let generate = {
        let (generating, created, reload, id) = (
            generating.clone(),
            created.clone(),
            plan.reload.clone(),
            p.id,
        );
        Callback::from(move |_: MouseEvent| {
            let (created, reload, toaster) = (created.clone(), reload.clone(), toaster.clone());
            let path = format!("/study-plans/{id}/quizzes");
            generating
                .request(async move { api::post::<_, QuizzesCreated>(&path, &()).await })
                .errors_as_toast()
                .then(move |c| {
                    toaster.success((t.qz_quizzes_created)(c.created.len(), c.existing.len()));
                    created.set(Some(c));
                    reload.emit(());
                });
        })
    };
    let c = &p.content;
    let paths = category_paths(&categories.data().unwrap_or_default());
    let missing = c
        .quarters
        .iter()
        .any(|q| !p.sessions.iter().any(|s| s.quarter == q.quarter));
    html! {
        <>
            <PageHeader title={c.title.clone()} description={Some(AttrValue::from(format!("{} · {}", c.year, unit_name(&units, &c.organiser_unit_id, lang))))}>
                <Href to="/quizzes/plans" class="btn">{ t.back_to_list }</Href>
            </PageHeader>
            { tabs(t, &props.me) }
            <section class="card" id="plan">
                if !c.description.trim().is_empty() {
                    <p class="prose">{ c.description.clone() }</p>
                }
                <div class="table-scroll">
                    <table class="data-table" id="plan-quarters">
                        <thead><tr>
                            <th scope="col">{ t.period_quarter }</th>
                            <th scope="col">{ t.qz_topic }</th>
                            <th scope="col">{ t.qz_laws }</th>
                            <th scope="col">{ t.qz_category }</th>
                            <th scope="col">{ t.qz_paper }</th>
                            <th scope="col">{ t.qz_quiz }</th>
                        </tr></thead>
                        <tbody>
                            { for c.quarters.iter().map(|q| {
                                let session = p.sessions.iter().find(|s| s.quarter == q.quarter);
                                html! {
                                    <tr id={format!("plan-quarter-{}", q.quarter)}>
                                        <th scope="row" class="nowrap">{ (t.quarter_name)(u32::from(q.quarter)) }</th>
                                        <td>{ q.topic.clone() }</td>
                                        <td class="prose">{ q.laws.clone() }</td>
                                        <td>{ paths.iter().find(|(id, _)| *id == q.category_id).map(|(_, n)| n.clone()).unwrap_or_default() }</td>
                                        <td class="nowrap">{ (t.qz_paper_short)(q.question_count, q.question_count * q.points_per_question) }</td>
                                        <td>
                                            { match session {
                                                Some(s) => html! {
                                                    <span class="badges">
                                                        <Href to={format!("/quizzes/sessions/{}", s.session_id)} class="plan-session-link">{ t.qz_open_quiz }</Href>
                                                        { session_badge(s.status, None, t) }
                                                    </span>
                                                },
                                                None => html! { <Badge text={t.qz_no_quiz_yet} /> },
                                            } }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if rights.manage {
                    <div class="form-buttons">
                        <button type="button" class="btn btn-primary" id="plan-generate" disabled={generating.busy() || !missing}
                                onclick={generate}>{ t.qz_generate_quizzes }</button>
                        <button type="button" class="btn" id="plan-edit"
                                onclick={let e = editing.clone(); Callback::from(move |_| e.set(!*e))}>{ t.edit }</button>
                    </div>
                }
                if let Some(made) = &*created {
                    <ul class="created-list" id="plan-created">
                        { for made.created.iter().map(|s| html! {
                            <li>
                                <Href to={format!("/quizzes/sessions/{}", s.session_id)}>
                                    { format!("{} · {}", (t.quarter_name)(u32::from(s.quarter)), (t.qz_status)(QuizStatus::Draft)) }
                                </Href>
                            </li>
                        }) }
                    </ul>
                }
            </section>
            if rights.manage && *editing {
                <PlanForm me={props.me.clone()} plan={Some(p.clone())}
                          on_saved={let (e, r) = (editing.clone(), plan.reload.clone()); Callback::from(move |_| { e.set(false); r.emit(()); })} />
            }
        </>
    }
}
