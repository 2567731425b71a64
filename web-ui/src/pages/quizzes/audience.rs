//! Who takes a session or a study plan's quizzes: units (with the units below them),
//! the roles among their people, and people named one by one.

use std::collections::HashMap;
use std::rc::Rc;

use api_types::quizzes::Audience;
use api_types::units::Unit;
use api_types::users::User;
use api_types::{Page, Permission, Role};
use uuid::Uuid;
use yew::prelude::*;

use crate::capability::can;
use crate::components::{Checkbox, FieldErrors};
use crate::format;
use crate::hooks::{use_session, use_submission, use_units};
use crate::i18n::use_i18n;
use crate::services::api;

/// The roles that take quizzes.
pub const TAKING_ROLES: [Role; 4] = [Role::Bureau, Role::Section, Role::County, Role::Officer];

/// Units in tree order with their depth (active ones only).
fn tree_order(units: &[Unit]) -> Vec<(&Unit, usize)> {
    let mut children: HashMap<Option<Uuid>, Vec<&Unit>> = HashMap::new();
    for u in units.iter().filter(|u| u.active) {
        children.entry(u.parent_id).or_default().push(u);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.sort_order.cmp(&b.sort_order).then(a.code.cmp(&b.code)));
    }
    let known: std::collections::HashSet<Uuid> = units.iter().map(|u| u.id).collect();
    let mut roots: Vec<&Unit> = units
        .iter()
        .filter(|u| u.active && u.parent_id.is_none_or(|p| !known.contains(&p)))
        .collect();
    roots.sort_by(|a, b| a.sort_order.cmp(&b.sort_order).then(a.code.cmp(&b.code)));
    let mut out = Vec::new();
    let mut stack: Vec<(&Unit, usize)> = roots.into_iter().rev().map(|u| (u, 0)).collect();
    while let Some((u, depth)) = stack.pop() {
        out.push((u, depth));
        if let Some(kids) = children.get(&Some(u.id)) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct AudienceEditorProps {
    pub audience: Audience,
    pub on_change: Callback<Audience>,
    #[prop_or_default]
    pub errors: FieldErrors,
    /// Prefix of the error fields (`audience` or `content.audience`).
    #[prop_or(AttrValue::Static("audience"))]
    pub field: AttrValue,
}

#[function_component]
pub fn AudienceEditor(props: &AudienceEditorProps) -> Html {
    let i18n = use_i18n();
    let (t, lang) = (i18n.t(), i18n.lang);
    let units = use_units();
    let me = use_session().me();
    let may_find_people = me.is_some_and(|me| can(&me, Permission::UsersRead));
    let filter = use_state(String::new);
    let people_q = use_state(String::new);
    let found = use_state(Vec::<User>::new);
    let names = use_state(HashMap::<Uuid, String>::new);
    let search = use_submission();
    let a = &props.audience;

    let toggle_unit = |id: Uuid| {
        let (a, on_change) = (a.clone(), props.on_change.clone());
        Callback::from(move |on: bool| {
            let mut next = a.clone();
            next.unit_ids.retain(|u| *u != id);
            if on {
                next.unit_ids.push(id);
            }
            on_change.emit(next);
        })
    };
    let toggle_role = |role: Role| {
        let (a, on_change) = (a.clone(), props.on_change.clone());
        Callback::from(move |on: bool| {
            let mut next = a.clone();
            next.roles.retain(|r| *r != role);
            if on {
                next.roles.push(role);
            }
            on_change.emit(next);
        })
    };
    let needle = filter.trim().to_lowercase();
    let rows: Vec<Html> = tree_order(&units)
        .into_iter()
        .filter(|(u, _)| {
            needle.is_empty()
                || u.name.to_lowercase().contains(&needle)
                || u.code.to_lowercase().contains(&needle)
                || a.unit_ids.contains(&u.id)
        })
        .map(|(u, depth)| {
            html! {
                <div class="unit-pick" style={format!("padding-left:{}px", depth * 18)}>
                    <Checkbox id={format!("audience-unit-{}", u.code)} label={format::unit_name(u, lang)}
                              checked={a.unit_ids.contains(&u.id)} on_change={toggle_unit(u.id)} />
                </div>
            }
        })
        .collect();
    let find = {
        let (q, found, search) = (people_q.clone(), found.clone(), search.clone());
        Callback::from(move |_: MouseEvent| {
            let path = api::with_query(
                "/users",
                &[("q", q.trim().to_string()), ("per_page", "10".into())],
            );
            let found = found.clone();
            search
                .request(async move { api::get::<Page<User>>(&path).await })
                .errors_as_toast()
                .then(move |page| found.set(page.items));
        })
    };
    let add_person = |user: &User| {
        let (a, on_change, names, user) = (
            a.clone(),
            props.on_change.clone(),
            names.clone(),
            user.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let mut known = (*names).clone();
            known.insert(user.id, user.name.clone());
            names.set(known);
            let mut next = a.clone();
            if !next.user_ids.contains(&user.id) {
                next.user_ids.push(user.id);
            }
            on_change.emit(next);
        })
    };
    let remove_person = |id: Uuid| {
        let (a, on_change) = (a.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = a.clone();
            next.user_ids.retain(|u| *u != id);
            on_change.emit(next);
        })
    };
    let unit_names = Rc::clone(&units);
    let error = props.errors.get(&props.field);
    html! {
        <fieldset class="audience" id="audience">
            <legend>{ t.qz_audience }</legend>
            <p class="field-hint">{ t.qz_audience_hint }</p>
            if let Some(e) = error {
                <p class="field-error" id="audience-error">{ e }</p>
            }
            <div class="field">
                <label for="audience-unit-filter">{ (t.qz_audience_units)(a.unit_ids.len()) }</label>
                <input type="search" id="audience-unit-filter" value={(*filter).clone()}
                       placeholder={t.qz_filter_units}
                       oninput={let f = filter.clone(); Callback::from(move |e: InputEvent| f.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))} />
            </div>
            <div class="unit-picks" id="audience-units" role="group" aria-label={t.qz_audience_units_label}>
                { for rows }
            </div>
            <fieldset class="checks" id="audience-roles">
                <legend>{ t.qz_audience_roles }</legend>
                { for TAKING_ROLES.iter().map(|r| html! {
                    <Checkbox id={format!("audience-role-{}", r.as_str())} label={(t.role)(*r)}
                              checked={a.roles.contains(r)} on_change={toggle_role(*r)} />
                }) }
            </fieldset>
            <div class="audience-people">
                <p class="subhead">{ (t.qz_audience_people)(a.user_ids.len()) }</p>
                if !a.user_ids.is_empty() {
                    <ul class="chosen-people" id="audience-people">
                        { for a.user_ids.iter().map(|id| html! {
                            <li>
                                { names.get(id).cloned().unwrap_or_else(|| id.to_string().chars().take(8).collect()) }
                                <button type="button" class="link-button" onclick={remove_person(*id)}>{ t.qz_remove }</button>
                            </li>
                        }) }
                    </ul>
                }
                if may_find_people {
                    <div class="inline-search">
                        <input type="search" id="audience-user-q" value={(*people_q).clone()}
                               aria-label={t.qz_find_people} placeholder={t.qz_find_people}
                               oninput={let q = people_q.clone(); Callback::from(move |e: InputEvent| q.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))} />
                        <button type="button" class="btn btn-small" id="audience-user-search"
                                disabled={search.busy()} onclick={find}>{ t.search }</button>
                    </div>
                    if !found.is_empty() {
                        <ul class="found-people" id="audience-found">
                            { for found.iter().map(|u| html! {
                                <li>
                                    { format!("{}（{}，{}）", u.name, u.login, crate::hooks::unit_name(&unit_names, &u.unit_id, lang)) }
                                    <button type="button" class="btn btn-small" onclick={add_person(u)}
                                            disabled={a.user_ids.contains(&u.id)}>{ t.qz_add }</button>
                                </li>
                            }) }
                        </ul>
                    }
                }
            </div>
        </fieldset>
    }
}
