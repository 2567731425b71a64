//! The signed-in session: who is signed in (`GET /me`), signing in and out, and the
//! "session expired" path taken when the request helper cannot renew the tokens.

use std::rc::Rc;

use api_types::auth::{Me, TokenPair};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::api::{self, ApiError};
use crate::services::tokens;

#[derive(Debug, Clone, PartialEq)]
pub enum SessionStatus {
    /// Tokens are stored; asking the server who they belong to.
    Checking,
    SignedOut,
    SignedIn(Rc<Me>),
    /// The server could not be asked (network down); offer a retry.
    Unavailable(ApiError),
}

/// Why the user is looking at the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Expired,
    SignedOut,
}

/// The session context.
#[derive(Clone, PartialEq)]
pub struct Session {
    pub status: SessionStatus,
    pub notice: Option<Notice>,
    /// Takes the tokens of a successful sign-in or setup.
    pub signed_in: Callback<TokenPair>,
    /// Ends the session on the server and here.
    pub sign_out: Callback<()>,
    /// Asks `GET /me` again (after `Unavailable`).
    pub retry: Callback<()>,
}

impl Session {
    pub fn me(&self) -> Option<Rc<Me>> {
        match &self.status {
            SessionStatus::SignedIn(me) => Some(me.clone()),
            _ => None,
        }
    }
}

struct State {
    status: SessionStatus,
    notice: Option<Notice>,
}

enum Action {
    Checking,
    Loaded(Result<Rc<Me>, ApiError>),
    Expired,
    SignedOut,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (status, notice) = match action {
            Action::Checking => (SessionStatus::Checking, None),
            Action::Loaded(Ok(me)) => (SessionStatus::SignedIn(me), None),
            Action::Loaded(Err(ApiError::SessionExpired)) | Action::Expired => {
                (SessionStatus::SignedOut, Some(Notice::Expired))
            }
            Action::Loaded(Err(e)) => (SessionStatus::Unavailable(e), None),
            Action::SignedOut => (SessionStatus::SignedOut, Some(Notice::SignedOut)),
        };
        Rc::new(State { status, notice })
    }
}

#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    pub children: Children,
}

#[function_component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let state = use_reducer(|| State {
        status: if tokens::load().is_some() {
            SessionStatus::Checking
        } else {
            SessionStatus::SignedOut
        },
        notice: None,
    });
    let load_me = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Checking);
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                dispatcher.dispatch(Action::Loaded(api::get::<Me>("/me").await.map(Rc::new)));
            });
        })
    };
    {
        let dispatcher = state.dispatcher();
        let load_me = load_me.clone();
        use_effect_with((), move |()| {
            api::on_session_expired(Callback::from(move |()| {
                dispatcher.dispatch(Action::Expired)
            }));
            if tokens::load().is_some() {
                load_me.emit(());
            }
        });
    }
    let signed_in = {
        let load_me = load_me.clone();
        Callback::from(move |pair: TokenPair| {
            tokens::store(&pair);
            load_me.emit(());
        })
    };
    let sign_out = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                api::logout().await;
                dispatcher.dispatch(Action::SignedOut);
            });
        })
    };
    let session = Session {
        status: state.status.clone(),
        notice: state.notice,
        signed_in,
        sign_out,
        retry: load_me,
    };
    html! {
        <ContextProvider<Session> context={session}>
            { props.children.clone() }
        </ContextProvider<Session>>
    }
}

/// The session (signed out outside a provider).
#[hook]
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or(Session {
        status: SessionStatus::SignedOut,
        notice: None,
        signed_in: Callback::noop(),
        sign_out: Callback::noop(),
        retry: Callback::noop(),
    })
}
