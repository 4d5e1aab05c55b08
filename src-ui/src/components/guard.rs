//! Loading and failure states, and the gate in front of every page that needs a login.

use crate::api::{Api, ApiResult};
use crate::app::{use_api, use_session};
use crate::model::ApiError;
use leptos::prelude::*;
use leptos_router::components::A;

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
    move || {
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
    }
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

/// A page's data from the service, fetched when the page opens (and on `refetch`), and again
/// when the connection is lost or comes back (the offline copy, then the service's answers).
pub(crate) fn load<T, Fut>(call: impl Fn(Api) -> Fut + 'static) -> LocalResource<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let api = use_api();
    let session = use_session();
    LocalResource::new(move || {
        session.offline.track();
        call(api.clone())
    })
}

/// What a page shows for its data: loading, the service's refusal, or `ok` with the data.
pub(crate) fn loaded<T: Clone + 'static>(
    resource: LocalResource<ApiResult<T>>,
    what: &'static str,
    ok: impl Fn(T) -> AnyView + 'static,
) -> impl Fn() -> AnyView {
    move || match resource.get() {
        None => view! { <Loading what=what/> }.into_any(),
        Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
        Some(Ok(data)) => ok(data),
    }
}
