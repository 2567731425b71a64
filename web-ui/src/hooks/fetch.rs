//! Loading data from the API into a component.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::rc::Rc;

use api_types::Page;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::api::{self, ApiError};

/// What a loading component knows: the last data (kept while reloading, so tables do
/// not flash), whether a load is running, and the last error. The data is type-erased so
/// that one reducer and one hook body serve every kind of data (the SPA has dozens of
/// loads; a generic state per type would multiply the code).
struct Fetch {
    data: Option<Rc<dyn Any>>,
    loading: bool,
    error: Option<ApiError>,
    generation: u32,
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            data: None,
            loading: true,
            error: None,
            generation: 0,
        }
    }
}

enum FetchAction {
    Start(u32),
    Done(u32, Result<Rc<dyn Any>, ApiError>),
}

impl Reducible for Fetch {
    type Action = FetchAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        match action {
            FetchAction::Start(generation) => Rc::new(Fetch {
                data: self.data.clone(),
                loading: true,
                error: None,
                generation,
            }),
            // An answer to an older request than the latest: ignore it.
            FetchAction::Done(generation, _) if generation != self.generation => self,
            FetchAction::Done(generation, Ok(data)) => Rc::new(Fetch {
                data: Some(data),
                loading: false,
                error: None,
                generation,
            }),
            FetchAction::Done(generation, Err(error)) => Rc::new(Fetch {
                data: self.data.clone(),
                loading: false,
                error: Some(error),
                generation,
            }),
        }
    }
}

/// A running or finished load and a way to run it again.
pub struct FetchHandle<T: 'static> {
    state: UseReducerHandle<Fetch>,
    pub reload: Callback<()>,
    kind: PhantomData<T>,
}

impl<T: 'static> FetchHandle<T> {
    pub fn data(&self) -> Option<Rc<T>> {
        self.state.data.clone().and_then(|d| d.downcast::<T>().ok())
    }

    pub fn loading(&self) -> bool {
        self.state.loading
    }

    pub fn error(&self) -> Option<ApiError> {
        self.state.error.clone()
    }
}

/// Dependencies of a load, compared whatever their type.
trait AnyDeps {
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn Any) -> bool;
}

impl<D: PartialEq + 'static> AnyDeps for D {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn Any) -> bool {
        other.downcast_ref::<D>() == Some(self)
    }
}

#[derive(Clone)]
struct Deps(Rc<dyn AnyDeps>);

impl PartialEq for Deps {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(other.0.as_any())
    }
}

type Load = Box<dyn FnOnce() -> LocalBoxFuture<'static, Result<Rc<dyn Any>, ApiError>>>;

/// The one hook body behind [`use_fetch`].
#[hook]
fn use_fetch_any(deps: Deps, load: Load) -> (UseReducerHandle<Fetch>, Callback<()>) {
    let state = use_reducer(Fetch::default);
    let counter = use_mut_ref(|| 0u32);
    let reloads = use_state(|| 0u32);
    {
        let dispatcher = state.dispatcher();
        use_effect_with((deps, *reloads), move |_| {
            let generation = {
                let mut c = counter.borrow_mut();
                *c += 1;
                *c
            };
            dispatcher.dispatch(FetchAction::Start(generation));
            let future = load();
            spawn_local(async move {
                let result = future.await;
                dispatcher.dispatch(FetchAction::Done(generation, result));
            });
        });
    }
    let reload = Callback::from(move |()| reloads.set(*reloads + 1));
    (state, reload)
}

/// Runs `fetch(deps)` on mount and whenever `deps` change (or `reload` is emitted).
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, fetch: F) -> FetchHandle<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let given = deps.clone();
    let load: Load = Box::new(move || {
        Box::pin(async move { fetch(given).await.map(|t| Rc::new(t) as Rc<dyn Any>) })
    });
    let (state, reload) = use_fetch_any(Deps(Rc::new(deps)), load);
    FetchHandle {
        state,
        reload,
        kind: PhantomData,
    }
}

/// Paging and sorting of a list, as the API's list convention takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub page: u32,
    pub per_page: u32,
    /// `field` or `-field`; `None` for the API's default order.
    pub sort: Option<String>,
}

impl ListState {
    pub fn new(per_page: u32) -> ListState {
        ListState {
            page: 1,
            per_page,
            sort: None,
        }
    }

    /// The `sort` parameter alone (a download holds every page).
    pub fn sort_query(&self) -> Vec<(&'static str, String)> {
        self.sort.iter().map(|s| ("sort", s.clone())).collect()
    }

    /// `page`, `per_page` and `sort` query parameters.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![
            ("page", self.page.to_string()),
            ("per_page", self.per_page.to_string()),
        ];
        if let Some(sort) = &self.sort {
            q.push(("sort", sort.clone()));
        }
        q
    }
}

/// Loads one page of `path` for the list state and filters (name, value; empty values
/// are left out).
#[hook]
pub fn use_list<T>(
    path: &'static str,
    state: ListState,
    filters: Vec<(&'static str, String)>,
) -> FetchHandle<Page<T>>
where
    T: DeserializeOwned + 'static,
{
    use_fetch((state, filters), move |(state, filters)| async move {
        let mut query = state.query();
        query.extend(filters);
        api::get_list::<Page<T>>(path, &query).await
    })
}
