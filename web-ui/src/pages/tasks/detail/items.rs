//! A task's implementation items (实施方案的规定动作/自选动作): every unit's actions under
//! the task, the form with which a responsible unit adds its own, and marking one done.

use std::rc::Rc;

use api_types::auth::Me;
use api_types::plans::{
    ImplementationItem, ImplementationItemPatch, ItemKind, NewImplementationItem, ProgressStatus,
};
use api_types::Page;
use uuid::Uuid;
use yew::prelude::*;

use crate::components::{
    Badge, ErrorPanel, FieldErrors, Loading, SelectField, TextAreaField, TextField,
};
use crate::format;
use crate::hooks::{unit_name, use_fetch, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::pages::tasks::progress_badge;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct TaskItemsProps {
    pub me: Rc<Me>,
    pub task_id: Uuid,
    /// The user's unit is responsible for the task and may manage its own items.
    pub may_manage: bool,
    /// Only this unit's items (the page's unit filter).
    pub unit: Option<Uuid>,
}

#[function_component]
pub fn TaskItems(props: &TaskItemsProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let adding = use_state(|| false);
    let items = use_fetch(props.task_id, |id| async move {
        api::get_list::<Page<ImplementationItem>>(
            "/implementation-items",
            &[("task_id", id.to_string()), ("per_page", "200".into())],
        )
        .await
    });
    let own_unit = props.me.unit.id;

    let marking = use_submission();
    let mark_done = {
        let (reload, marking) = (items.reload.clone(), marking.clone());
        Callback::from(move |(id, version): (Uuid, i64)| {
            let reload = reload.clone();
            let patch = ImplementationItemPatch {
                completed_on: Some(Some(format::today_date())),
                ..Default::default()
            };
            let path = format!("/implementation-items/{id}");
            marking
                .request(async move {
                    api::patch::<_, ImplementationItem>(&path, version, &patch).await
                })
                .success(t.item_marked_done)
                .errors_as_toast()
                .then(move |_| reload.emit(()));
        })
    };

    let list = match (items.data(), items.error()) {
        (_, Some(error)) => html! { <ErrorPanel {error} on_retry={Some(items.reload.clone())} /> },
        (None, None) => html! { <Loading /> },
        (Some(page), None) => {
            let shown: Vec<&ImplementationItem> = page
                .items
                .iter()
                .filter(|i| props.unit.is_none_or(|u| u == i.unit_id))
                .collect();
            if shown.is_empty() {
                html! { <p class="muted" id="no-items">{ t.task_no_items }</p> }
            } else {
                html! {
                    <div class="table-scroll">
                        <table class="data-table" id="items">
                            <caption class="sr-only">{ t.task_items }</caption>
                            <thead><tr>
                                <th scope="col">{ t.col_unit }</th>
                                <th scope="col">{ t.col_kind }</th>
                                <th scope="col">{ t.col_item }</th>
                                <th scope="col">{ t.col_due }</th>
                                <th scope="col">{ t.col_status }</th>
                            </tr></thead>
                            <tbody>
                                { for shown.into_iter().map(|i| {
                                    let done = i.status == ProgressStatus::Done;
                                    let key = (i.id, i.version);
                                    html! {
                                        <tr data-item={i.id.to_string()}>
                                            <td>{ unit_name(&units, &i.unit_id, lang) }</td>
                                            <td><Badge text={(t.item_kind)(i.kind)} /></td>
                                            <td class="cell-name">
                                                <span class="cell-main">{ i.title.clone() }</span>
                                                if let Some(d) = &i.description {
                                                    <span class="cell-sub">{ d.clone() }</span>
                                                }
                                            </td>
                                            <td class="nowrap">{ i.due_date.to_string() }</td>
                                            <td>
                                                { progress_badge(i.status, t) }
                                                if let Some(day) = i.completed_on {
                                                    <span class="muted">{ format!(" {day}") }</span>
                                                }
                                                if props.may_manage && i.unit_id == own_unit && !done {
                                                    <button type="button" class="btn btn-small item-done" disabled={marking.busy()}
                                                            onclick={mark_done.reform(move |_| key)}>
                                                        { t.item_mark_done }
                                                    </button>
                                                }
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            }
        }
    };

    let on_done = {
        let (adding, reload) = (adding.clone(), items.reload.clone());
        Callback::from(move |added: bool| {
            adding.set(false);
            if added {
                reload.emit(());
            }
        })
    };
    html! {
        <section class="card" aria-labelledby="items-title">
            <div class="card-head">
                <h2 id="items-title" class="card-title">{ t.task_items }</h2>
                if props.may_manage && !*adding {
                    <button type="button" class="btn" id="item-add"
                            onclick={let a = adding.clone(); Callback::from(move |_| a.set(true))}>
                        { t.item_add }
                    </button>
                }
            </div>
            if *adding {
                <ItemForm task_id={props.task_id} unit_id={own_unit} {on_done} />
            }
            { list }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ItemFormProps {
    task_id: Uuid,
    unit_id: Uuid,
    /// Called with `true` once the item is added, `false` when cancelled.
    on_done: Callback<bool>,
}

/// Adds one of the unit's own actions under the task.
#[function_component]
fn ItemForm(props: &ItemFormProps) -> Html {
    let t = use_i18n().t();
    let kind = use_state(|| ItemKind::SelfChosen.as_str().to_string());
    let title = use_state(String::new);
    let description = use_state(String::new);
    let due = use_state(String::new);
    let form = use_submission();

    let onsubmit = {
        let (kind, title, description, due) = (
            kind.clone(),
            title.clone(),
            description.clone(),
            due.clone(),
        );
        let form = form.clone();
        let (task_id, unit_id, on_done) = (props.task_id, props.unit_id, props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(due_date) = due.parse() else {
                let mut f = FieldErrors::default();
                f.insert_code(t, "due_date", "required");
                form.reject(f);
                return;
            };
            let description = description.trim();
            let request = NewImplementationItem {
                unit_id,
                kind: ItemKind::parse(&kind).unwrap_or(ItemKind::SelfChosen),
                title: title.trim().to_string(),
                description: (!description.is_empty()).then(|| description.to_string()),
                due_date,
            };
            if let Err(v) = validator::Validate::validate(&request) {
                form.reject(FieldErrors::from_validation(&v, t));
                return;
            }
            let on_done = on_done.clone();
            let path = format!("/tasks/{task_id}/items");
            form.request(async move { api::post::<_, ImplementationItem>(&path, &request).await })
                .success(t.item_added)
                .then(move |_| on_done.emit(true));
        })
    };
    let kinds = [ItemKind::Required, ItemKind::SelfChosen]
        .into_iter()
        .map(|k| {
            (
                AttrValue::Static(k.as_str()),
                AttrValue::Static((t.item_kind)(k)),
            )
        })
        .collect::<Vec<_>>();
    let fields_shown = ["kind", "title", "description", "due_date"];
    let fields = form.fields();
    html! {
        <form class="inline-form item-form" {onsubmit} novalidate=true aria-label={t.item_add}>
            { form.alert(&fields_shown) }
            <TextField id="item-title" autofocus=true label={t.item_title} value={(*title).clone()} required=true
                       on_input={let s = title.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("title")} />
            <SelectField id="item-kind" label={t.col_kind} value={(*kind).clone()} options={kinds} required=true
                         on_change={let s = kind.clone(); Callback::from(move |v| s.set(v))}
                         error={fields.get("kind")} />
            <TextField id="item-due" label={t.col_due} value={(*due).clone()} input_type="date" required=true
                       on_input={let s = due.clone(); Callback::from(move |v| s.set(v))}
                       error={fields.get("due_date")} />
            <TextAreaField id="item-description" label={t.item_description} value={(*description).clone()}
                           on_input={let s = description.clone(); Callback::from(move |v| s.set(v))}
                           error={fields.get("description")} />
            <div class="form-buttons">
                <button type="submit" class="btn btn-primary" id="item-submit" disabled={form.busy()}>{ t.item_save }</button>
                <button type="button" class="btn" onclick={props.on_done.reform(|_| false)}>{ t.cancel }</button>
            </div>
        </form>
    }
}
