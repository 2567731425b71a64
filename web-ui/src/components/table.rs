//! A paginated, sortable table over the API's list convention: it drives `page`,
//! `per_page` and `sort` (`field` / `-field`) and shows `{items, total, page, per_page}`.
//! Filters are the caller's form, passed as children; changing them resets the page.

use std::rc::Rc;

use api_types::Page;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::ListState;
use crate::i18n::use_i18n;
use crate::services::api::ApiError;

/// One column: its header, the API sort field (if sortable) and how to draw a cell.
pub struct Column<T> {
    pub label: AttrValue,
    pub sort: Option<&'static str>,
    pub class: &'static str,
    pub render: Rc<dyn Fn(&T) -> Html>,
}

impl<T> Column<T> {
    pub fn new(label: &'static str, render: impl Fn(&T) -> Html + 'static) -> Column<T> {
        Column {
            label: AttrValue::Static(label),
            sort: None,
            class: "",
            render: Rc::new(render),
        }
    }

    /// Sortable by the API field `field`.
    pub fn sortable(mut self, field: &'static str) -> Column<T> {
        self.sort = Some(field);
        self
    }

    /// A CSS class for the column's cells (`num`, `mono`, `nowrap`).
    pub fn class(mut self, class: &'static str) -> Column<T> {
        self.class = class;
        self
    }
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        Column {
            label: self.label.clone(),
            sort: self.sort,
            class: self.class,
            render: self.render.clone(),
        }
    }
}

impl<T> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label
            && self.sort == other.sort
            && self.class == other.class
            && Rc::ptr_eq(&self.render, &other.render)
    }
}

#[derive(Properties, PartialEq)]
pub struct DataTableProps<T: PartialEq + 'static> {
    pub id: AttrValue,
    pub caption: AttrValue,
    pub columns: Vec<Column<T>>,
    pub page: Option<Rc<Page<T>>>,
    pub loading: bool,
    #[prop_or_default]
    pub error: Option<ApiError>,
    pub state: ListState,
    pub on_change: Callback<ListState>,
    #[prop_or_default]
    pub on_retry: Callback<()>,
    /// The filter form.
    #[prop_or_default]
    pub children: Children,
}

/// Next sort after clicking a column: ascending, descending, then the default order.
fn next_sort(current: Option<&str>, field: &str) -> Option<String> {
    match current {
        Some(s) if s == field => Some(format!("-{field}")),
        Some(s) if s.strip_prefix('-') == Some(field) => None,
        _ => Some(field.to_string()),
    }
}

const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

#[function_component]
pub fn DataTable<T>(props: &DataTableProps<T>) -> Html
where
    T: PartialEq + 'static,
{
    let t = use_i18n().t();
    let state = &props.state;
    let headers = props.columns.iter().map(|col| {
        let Some(field) = col.sort else {
            return html! { <th scope="col" class={col.class}>{ col.label.clone() }</th> };
        };
        let (aria, arrow) = match state.sort.as_deref() {
            Some(s) if s == field => ("ascending", "▲"),
            Some(s) if s.strip_prefix('-') == Some(field) => ("descending", "▼"),
            _ => ("none", "↕"),
        };
        let onclick = {
            let state = state.clone();
            let on_change = props.on_change.clone();
            Callback::from(move |_| {
                on_change.emit(ListState {
                    page: 1,
                    sort: next_sort(state.sort.as_deref(), field),
                    ..state.clone()
                })
            })
        };
        html! {
            <th scope="col" class={col.class} aria-sort={aria}>
                <button type="button" class="sort-button" {onclick}
                        title={(t.sort_by)(&col.label)} data-sort={field}>
                    { col.label.clone() }
                    <span class={classes!("sort-arrow", (aria != "none").then_some("active"))}
                          aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    });
    let columns = props.columns.len().to_string();
    let body = match &props.page {
        Some(page) if !page.items.is_empty() => html! {
            { for page.items.iter().map(|item| html! {
                <tr>
                    { for props.columns.iter().map(|col| html! {
                        <td class={col.class}>{ (col.render)(item) }</td>
                    }) }
                </tr>
            }) }
        },
        Some(_) => html! {
            <tr><td class="table-empty" colspan={columns}>{ t.table_empty }</td></tr>
        },
        None => html! {
            <tr><td class="table-empty" colspan={columns}>
                if props.loading { { t.loading } }
            </td></tr>
        },
    };
    let total = props.page.as_ref().map(|p| p.total).unwrap_or(0);
    html! {
        <div class="data-table-wrap" id={props.id.clone()}>
            if !props.children.is_empty() {
                <div class="filters">{ props.children.clone() }</div>
            }
            if let Some(error) = &props.error {
                <div class="alert alert-error" role="alert">
                    <span>{ error.message(t) }</span>
                    <button type="button" class="btn btn-small" onclick={props.on_retry.reform(|_| ())}>
                        { t.retry }
                    </button>
                </div>
            }
            <div class="table-scroll" role="region" aria-label={props.caption.clone()} tabindex="0">
                <table class={classes!("data-table", props.loading.then_some("is-loading"))}
                       aria-busy={props.loading.to_string()}>
                    <caption class="sr-only">{ props.caption.clone() }</caption>
                    <thead><tr>{ for headers }</tr></thead>
                    <tbody>{ body }</tbody>
                </table>
            </div>
            <Pagination id={props.id.clone()} total={total} state={state.clone()} on_change={props.on_change.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PaginationProps {
    id: AttrValue,
    total: u64,
    state: ListState,
    on_change: Callback<ListState>,
}

#[function_component]
fn Pagination(props: &PaginationProps) -> Html {
    let t = use_i18n().t();
    let state = &props.state;
    let per_page = u64::from(state.per_page.max(1));
    let pages = u32::try_from(props.total.div_ceil(per_page))
        .unwrap_or(u32::MAX)
        .max(1);
    let page = state.page.min(pages);
    let go = |target: u32| {
        let state = state.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            on_change.emit(ListState {
                page: target,
                ..state.clone()
            })
        })
    };
    let on_size = {
        let state = state.clone();
        props.on_change.reform(move |e: Event| {
            let per_page = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(state.per_page);
            ListState {
                page: 1,
                per_page,
                ..state.clone()
            }
        })
    };
    let size_id = format!("{}-page-size", props.id);
    html! {
        <nav class="pagination" aria-label={t.table_pagination}>
            <span class="pagination-total">{ (t.table_total)(props.total) }</span>
            <span class="pagination-size">
                <label for={size_id.clone()}>{ t.table_per_page }</label>
                <select id={size_id} onchange={on_size}>
                    { for PAGE_SIZES.iter().map(|n| html! {
                        <option value={n.to_string()} selected={*n == state.per_page}>{ n }</option>
                    }) }
                </select>
            </span>
            <span class="pagination-buttons">
                <button type="button" class="btn btn-small" disabled={page <= 1} onclick={go(1)}>
                    { t.table_first }
                </button>
                <button type="button" class="btn btn-small" disabled={page <= 1}
                        onclick={go(page.saturating_sub(1).max(1))}>{ t.table_prev }</button>
                <span class="pagination-page" aria-live="polite">{ (t.table_page)(page, pages) }</span>
                <button type="button" class="btn btn-small" disabled={page >= pages}
                        onclick={go((page + 1).min(pages))}>{ t.table_next }</button>
                <button type="button" class="btn btn-small" disabled={page >= pages} onclick={go(pages)}>
                    { t.table_last }
                </button>
            </span>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::next_sort;

    #[test]
    fn sort_cycles_through_ascending_descending_default() {
        assert_eq!(next_sort(None, "code").as_deref(), Some("code"));
        assert_eq!(next_sort(Some("code"), "code").as_deref(), Some("-code"));
        assert_eq!(next_sort(Some("-code"), "code"), None);
        assert_eq!(next_sort(Some("-name"), "code").as_deref(), Some("code"));
    }
}
