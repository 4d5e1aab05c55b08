//! Logging out, from the header on every page and from Account: the device forgets the
//! session whatever the server answers, and the start page then says "You have logged out".
//! And on Account, logging out everywhere (issue 19), after a confirmation.

use crate::app::{use_api, use_session};
use crate::components::show_or;
use crate::pages::submit_once;
use leptos::html;
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
            session.logged_out.set(Some("You have logged out."));
            navigate("/", NavigateOptions::default());
        });
    };
    view! { <button type="button" class=class id=id on:click=on_click>"Log out"</button> }
}

/// "Log out everywhere": every session of the resident ends, on every device, this one too,
/// once they confirm; this device then forgets its session and its offline copy.
#[component]
pub(crate) fn LogOutEverywhere() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let question = NodeRef::<html::H2>::new();
    crate::app::focus_question_when_asked(asking, question);
    let confirm = move |_| {
        let api = api.clone();
        let navigate = navigate.clone();
        submit_once(pending, async move {
            match api.log_out_everywhere().await {
                Ok(()) => {
                    session.me.set(None);
                    session
                        .logged_out
                        .set(Some("You have logged out on every device."));
                    navigate("/", NavigateOptions::default());
                }
                Err(error) => {
                    if error.ends_session() {
                        session.me.set(None);
                    }
                    problem.set(Some(error.message));
                }
            }
        });
    };
    view! {
        <h2 id="log-out-everywhere-heading">"Log out everywhere"</h2>
        <p>"Lost a phone, or logged in on a computer that is not yours? You can log out on every device at once."</p>
        {show_or(move || asking.get(), move || view! {
            <button type="button" class="button secondary" id="log-out-everywhere"
                on:click=move |_| asking.set(true)>"Log out everywhere"</button>
        }.into_any(), move || view! {
            <div class="confirm-cancel" id="log-out-everywhere-confirm">
                <h2 node_ref=question tabindex="-1" class="confirm-question">"Log out on every device?"</h2>
                <p>"Every phone, tablet and computer logged in to your account will need to log in again, this one too. Stays saved on a device for when it is offline are removed from it."</p>
                <div class="actions">
                    <button type="button" class="button warning" id="confirm-log-out-everywhere"
                        disabled=move || pending.get() on:click=confirm.clone()>
                        {move || if pending.get() { "Logging out…" } else { "Yes, log out everywhere" }}
                    </button>
                    <button type="button" class="button secondary" id="stay-logged-in"
                        on:click=move |_| {
                            asking.set(false);
                            crate::app::focus_after_render("#log-out-everywhere");
                        }>"No, stay logged in"</button>
                </div>
            </div>
        }.into_any())}
        {move || problem.get().map(|m| view! { <p class="field-error" role="alert" id="log-out-everywhere-error">{m}</p> })}
    }
}
