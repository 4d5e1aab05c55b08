//! Loading and failure states, and the gate in front of every page that needs a login.

use crate::api::{Api, ApiResult};
use crate::app::{use_api, use_session};
use crate::model::ApiError;
use leptos::prelude::*;
use leptos_router::components::A;
use std::any::Any;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

#[component]
pub(crate) fn Loading(#[prop(default = "Loading…")] what: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{what}</p> }
}

/// A page's data could not be loaded: what the service said. When the session has ended
/// (idle, expired, logged out elsewhere) the page turns into the login prompt.
#[component]
pub(crate) fn LoadError(error: ApiError) -> impl IntoView {
    if error.ends_session() {
        let session = use_session();
        request_animation_frame(move || session.me.set(None));
    }
    let class = if error.code == ApiError::NOT_AVAILABLE {
        "notice"
    } else {
        "error-summary"
    };
    view! { <div class=class role="alert"><p>{error.message}</p></div> }
}

/// Shows `children` to a logged-in resident, else a link to log in. While the browser shows
/// its offline copy (issue 19), a page that needs the service says so instead, unless it
/// `works_offline` (it reads only what the copy holds).
#[component]
pub(crate) fn RequireLogin(
    children: ChildrenFn,
    #[prop(optional)] works_offline: bool,
) -> impl IntoView {
    let session = use_session();
    // Only logging in or out re-creates the page: a refreshed `me` (after an upload) must not
    // throw away what the page is showing.
    let logged_in = Memo::new(move |_| session.me.with(Option::is_some));
    reactive(move || {
        if !session.ready.get() {
            view! { <Loading/> }.into_any()
        } else if logged_in.get() && !works_offline && session.offline.get().is_some() {
            view! { <NeedsConnection/> }.into_any()
        } else if logged_in.get() {
            children().into_any()
        } else {
            view! {
                <div class="notice">
                    <p>"You need to log in to see this page."</p>
                    <p><A href="/login">"Log in"</A>" or "<A href="/register">"register"</A></p>
                </div>
            }
            .into_any()
        }
    })
}

/// Why a page is not there offline, and what is.
#[component]
fn NeedsConnection() -> impl IntoView {
    view! {
        <div class="notice" id="needs-connection">
            <p>"You are offline. This page needs a connection to the permit service: it will work again when you are back online."</p>
            <p>"Your "<A href="/stays">"upcoming stays"</A>" are saved on this device."</p>
        </div>
    }
}

/// A block of a view that follows the signals it reads, boxed. tachys compiles its render
/// effect once per closure type (about 1.4 KB of wasm each); boxed, every such block that
/// gives an `AnyView` shares one copy (BENCHMARKS.md).
pub(crate) type Reactive = Box<dyn FnMut() -> AnyView + Send>;

pub(crate) fn reactive(view: impl FnMut() -> AnyView + Send + 'static) -> Reactive {
    Box::new(view)
}

type Condition = Box<dyn Fn() -> bool + Send + Sync>;
type ViewFn = Box<dyn Fn() -> AnyView + Send + Sync>;

/// Leptos's `<Show>` without its generic children: `children` while `when` holds, nothing
/// otherwise. `<Show>` compiled its children's conversion once per use (about 2 KB each); this
/// is compiled once, and behaves the same (`when` memoized, the children made anew each time
/// it turns true).
pub(crate) fn show_when(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
) -> Reactive {
    shown(
        Box::new(when),
        Box::new(|| ().into_any()),
        Box::new(children),
    )
}

/// `<Show>` with a `fallback`, as [`show_when`].
pub(crate) fn show_or(
    when: impl Fn() -> bool + Send + Sync + 'static,
    fallback: impl Fn() -> AnyView + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
) -> Reactive {
    shown(Box::new(when), Box::new(fallback), Box::new(children))
}

fn shown(when: Condition, fallback: ViewFn, children: ViewFn) -> Reactive {
    let when = Memo::new(move |_| when());
    reactive(move || if when.get() { children() } else { fallback() })
}

/// What every resource holds, whatever the page loads: one resource type, so Leptos's async
/// machinery (`ArcAsyncDerived`, about 1.8 KB of wasm a type) is compiled once rather than
/// once per page's data type (BENCHMARKS.md).
type Erased = Rc<dyn Any>;
type ErasedFuture = Pin<Box<dyn Future<Output = Erased>>>;

/// A page's data, as [`load`] fetches it: a `LocalResource` whose value is a `T`.
pub(crate) struct Loaded<T> {
    resource: LocalResource<Erased>,
    data: PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: Clone + 'static> Loaded<T> {
    /// The data once loaded (tracked, as a resource's `get`).
    pub(crate) fn get(&self) -> Option<T> {
        // `load` is the only constructor and stores a `T`, so the downcast always succeeds.
        self.resource
            .get()
            .and_then(|data| data.downcast_ref::<T>().cloned())
    }

    pub(crate) fn refetch(&self) {
        self.resource.refetch();
    }
}

/// A page's data from the service, fetched when the page opens (and on `refetch`), and again
/// when the connection is lost or comes back (the offline copy, then the service's answers).
pub(crate) fn load<T, Fut>(call: impl Fn(Api) -> Fut + 'static) -> Loaded<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let call = move |api| -> ErasedFuture {
        let data = call(api);
        Box::pin(async move { Rc::new(data.await) as Erased })
    };
    Loaded {
        resource: load_erased(Box::new(call)),
        data: PhantomData,
    }
}

fn load_erased(call: Box<dyn Fn(Api) -> ErasedFuture>) -> LocalResource<Erased> {
    let api = use_api();
    let session = use_session();
    LocalResource::new(move || {
        session.offline.track();
        call(api.clone())
    })
}

/// What a page shows for its data: loading, the service's refusal, or `ok` with the data.
pub(crate) fn loaded<T: Clone + 'static>(
    resource: Loaded<ApiResult<T>>,
    what: &'static str,
    ok: impl Fn(T) -> AnyView + Send + 'static,
) -> Reactive {
    reactive(move || match resource.get() {
        None => view! { <Loading what=what/> }.into_any(),
        Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
        Some(Ok(data)) => ok(data),
    })
}
