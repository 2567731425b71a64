//! The one way the SPA writes: every form and action button that sends a request goes
//! through [`use_submission`].
//!
//! ```ignore
//! let form = use_submission();
//! // a check before sending failed: show it at the fields, send nothing
//! form.reject(errors);
//! // send; on success a toast, then the page's own follow-up
//! form.request(async move { api::post::<_, Item>(&path, &body).await })
//!     .success(t.item_added)
//!     .then(move |item| on_done.emit(item));
//! ```
//!
//! While a request runs the form is busy and another submit is ignored. A failure is
//! shown next to the fields the problem names ([`Submission::fields`]) and above the form
//! ([`Submission::error`], [`Submission::alert`]), or as a toast for action buttons
//! without a form ([`Request::errors_as_toast`]); the inputs stay as typed. A request
//! that leaves the page on success (sign-in, navigation) keeps the form busy until then
//! ([`Request::leaving`]). A destructive action can ask first ([`Submission::ask`],
//! [`Submission::confirm_dialog`]).

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures_util::future::{FutureExt, LocalBoxFuture};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::toast::Toaster;
use crate::components::{use_toaster, ConfirmDialog, FieldErrors, FormAlert};
use crate::i18n::{use_i18n, Texts};
use crate::services::api::ApiError;

/// The state of one form or action: busy, the last failure and its per-field errors,
/// and whether a confirmation is being asked.
#[derive(Clone)]
pub struct Submission {
    busy: UseStateHandle<bool>,
    /// Set as soon as a request starts (the state above changes at the next render),
    /// so that a double click sends once.
    running: Rc<RefCell<bool>>,
    error: UseStateHandle<Option<ApiError>>,
    fields: UseStateHandle<FieldErrors>,
    confirming: UseStateHandle<bool>,
    toaster: Toaster,
    t: &'static Texts,
}

#[hook]
pub fn use_submission() -> Submission {
    Submission {
        busy: use_state(|| false),
        running: use_mut_ref(|| false),
        error: use_state(|| None),
        fields: use_state(FieldErrors::default),
        confirming: use_state(|| false),
        toaster: use_toaster(),
        t: use_i18n().t(),
    }
}

/// What to do around a request besides its answer (see [`Request`]).
struct After {
    success: Option<String>,
    leaving: bool,
    toast_errors: bool,
}

/// A request about to be sent by a [`Submission`]: nothing is sent until
/// [`Request::then`].
#[must_use = "nothing is sent until `then` is called"]
pub struct Request<F> {
    form: Submission,
    future: F,
    after: After,
}

impl<T: 'static, F: Future<Output = Result<T, ApiError>> + 'static> Request<F> {
    /// A toast when the request succeeded.
    pub fn success(mut self, text: impl Into<String>) -> Self {
        self.after.success = Some(text.into());
        self
    }

    /// On success the page goes away (sign-in, navigation): the form stays busy.
    pub fn leaving(mut self) -> Self {
        self.after.leaving = true;
        self
    }

    /// A failure is shown as a toast (an action button with no form around it).
    pub fn errors_as_toast(mut self) -> Self {
        self.after.toast_errors = true;
        self
    }

    /// Sends the request; `on_ok` gets the answer.
    pub fn then(self, on_ok: impl FnOnce(T) + 'static) {
        let future = self.future;
        self.form.run(
            async move { future.await.map(on_ok) }.boxed_local(),
            self.after,
        );
    }
}

impl Submission {
    /// A request runs (or the page it leads to is loading).
    pub fn busy(&self) -> bool {
        *self.busy
    }

    /// The last failure, until the next request or [`Submission::reset`].
    pub fn error(&self) -> Option<&ApiError> {
        (*self.error).as_ref()
    }

    /// Error messages by field: from the last failure, or from [`Submission::reject`].
    pub fn fields(&self) -> &FieldErrors {
        &self.fields
    }

    /// Checks made before sending found `errors`: shows them at the fields, sends
    /// nothing.
    pub fn reject(&self, errors: FieldErrors) {
        self.error.set(None);
        self.fields.set(errors);
    }

    /// Forgets the last failure (another form or panel is opened).
    pub fn reset(&self) {
        self.error.set(None);
        self.fields.set(FieldErrors::default());
    }

    /// Ends the busy state of a [`Request::leaving`] request whose page did not come
    /// (the sign-in succeeded but loading the user failed).
    pub fn idle(&self) {
        *self.running.borrow_mut() = false;
        self.busy.set(false);
    }

    /// Prepares `future` (an `api::` call) to be sent; see [`Request`].
    pub fn request<T, F>(&self, future: F) -> Request<F>
    where
        T: 'static,
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        Request {
            form: self.clone(),
            future,
            after: After {
                success: None,
                leaving: false,
                toast_errors: false,
            },
        }
    }

    /// The one body behind every request (not generic: it exists once in the build).
    fn run(&self, request: LocalBoxFuture<'static, Result<(), ApiError>>, after: After) {
        if self.running.replace(true) {
            return;
        }
        self.busy.set(true);
        self.confirming.set(false);
        self.reset();
        let this = self.clone();
        spawn_local(async move {
            match request.await {
                Ok(()) => {
                    if let Some(text) = after.success {
                        this.toaster.success(text);
                    }
                    if !after.leaving {
                        this.idle();
                    }
                }
                Err(e) if after.toast_errors => {
                    this.toaster.error(e.message(this.t));
                    this.idle();
                }
                Err(e) => {
                    this.fields.set(FieldErrors::from_api(&e, this.t));
                    this.error.set(Some(e));
                    this.idle();
                }
            }
        });
    }

    /// The alert above a form for the last failure: its sentence, and the errors about
    /// fields the form does not show (`shown`). Nothing without a failure.
    pub fn alert(&self, shown: &[&str]) -> Html {
        self.alert_with_id(None, shown)
    }

    /// [`Submission::alert`] with an element id (for the browser tests).
    pub fn alert_with_id(&self, id: Option<&'static str>, shown: &[&str]) -> Html {
        match self.error() {
            Some(e) => html! {
                <FormAlert id={id.map(AttrValue::Static)} message={e.message(self.t)}
                           details={self.fields.others(shown)} />
            },
            None => html! {},
        }
    }

    /// Opens the confirm dialog (the button of a destructive action).
    pub fn ask(&self) -> Callback<MouseEvent> {
        let confirming = self.confirming.clone();
        Callback::from(move |_| confirming.set(true))
    }

    /// The confirm dialog of [`Submission::ask`]: `on_confirm` sends the request (which
    /// closes the dialog), cancelling closes it.
    pub fn confirm_dialog(
        &self,
        title: &'static str,
        message: &'static str,
        confirm_label: &'static str,
        on_confirm: Callback<()>,
    ) -> Html {
        let confirming = self.confirming.clone();
        html! {
            <ConfirmDialog open={*self.confirming} {title} {message} {confirm_label} {on_confirm}
                           on_cancel={Callback::from(move |()| confirming.set(false))} />
        }
    }
}
