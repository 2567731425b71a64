//! The filter bar of a list page: the filters being typed (`draft`), the filters the list
//! shows (`applied`), and the list's paging, which starts again at page 1 whenever the
//! applied filters change.

use yew::prelude::*;

use super::ListState;

pub struct FilterBar<F: 'static> {
    draft: UseStateHandle<F>,
    applied: UseStateHandle<F>,
    list_state: UseStateHandle<ListState>,
}

impl<F: Clone + 'static> FilterBar<F> {
    pub fn new(
        draft: &UseStateHandle<F>,
        applied: &UseStateHandle<F>,
        list_state: &UseStateHandle<ListState>,
    ) -> FilterBar<F> {
        FilterBar {
            draft: draft.clone(),
            applied: applied.clone(),
            list_state: list_state.clone(),
        }
    }

    fn apply(applied: &UseStateHandle<F>, list_state: &UseStateHandle<ListState>, filters: F) {
        applied.set(filters);
        list_state.set(ListState {
            page: 1,
            ..(**list_state).clone()
        });
    }

    /// The form's submit: the typed filters become the list's.
    pub fn on_search(&self) -> Callback<SubmitEvent> {
        let (draft, applied, list_state) = (
            self.draft.clone(),
            self.applied.clone(),
            self.list_state.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            Self::apply(&applied, &list_state, (*draft).clone());
        })
    }

    /// Input handler that writes one field of the typed filters.
    pub fn set(&self, field: fn(&mut F, String)) -> Callback<String> {
        let draft = self.draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            field(&mut next, v);
            draft.set(next);
        })
    }
}

impl<F: Clone + Default + 'static> FilterBar<F> {
    /// The reset button: no filters, typed or applied.
    pub fn on_reset(&self) -> Callback<MouseEvent> {
        let (draft, applied, list_state) = (
            self.draft.clone(),
            self.applied.clone(),
            self.list_state.clone(),
        );
        Callback::from(move |_| {
            draft.set(F::default());
            Self::apply(&applied, &list_state, F::default());
        })
    }
}
