//! Logging out, from the header on every page and from Account: the device forgets the
//! session whatever the server answers, and the start page then says "You have logged out".

use crate::app::{use_api, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

#[component]
pub(crate) fn LogOut(
    id: &'static str,
    #[prop(default = "button secondary")] class: &'static str,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let on_click = move |_| {
        let api = api.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api.log_out().await;
            session.me.set(None);
            session.logged_out.set(true);
            navigate("/", NavigateOptions::default());
        });
    };
    view! { <button type="button" class=class id=id on:click=on_click>"Log out"</button> }
}
