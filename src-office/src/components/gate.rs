//! Loading and failure states, and the gate in front of every page that needs a member of
//! staff with a given role.

use crate::api::ApiError;
use crate::app::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Loading(#[prop(default = "Loading…")] what: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{what}</p> }
}

/// What the service said when a page's data could not be loaded. A 401 (the session ended, or
/// the member was disabled) turns the page into the login prompt.
#[component]
pub(crate) fn LoadError(error: ApiError) -> impl IntoView {
    if error.ends_session() {
        let session = use_session();
        request_animation_frame(move || session.ended());
    }
    view! { <div class="error-summary" role="alert"><p>{error.message}</p></div> }
}

/// Shows `children` to a logged-in member whose role is one of `roles`; else a link to log
/// in, or a plain "not for your role".
#[component]
pub(crate) fn RequireRole(roles: &'static [&'static str], children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let role = Memo::new(move |_| session.role());
    move || {
        if !session.ready.get() {
            return view! { <Loading/> }.into_any();
        }
        match role.get() {
            None => view! {
                <h1>"Council back office"</h1>
                <div class="notice">
                    <p>"You need to log in to see this page."</p>
                    <p><A href="/office/login">"Log in"</A></p>
                </div>
            }
            .into_any(),
            Some(role) if roles.contains(&role.as_str()) => children().into_any(),
            Some(_) => view! {
                <h1>"You do not have access to this page"</h1>
                <p id="no-access">{format!("This page is for {}. Your role cannot use it; the service refuses it too.",
                    roles.iter().map(|r| crate::format::role_label(r).to_lowercase() + "s").collect::<Vec<_>>().join(" and "))}</p>
                <p><A href="/office">"Back to the back office home"</A></p>
            }
            .into_any(),
        }
    }
}
