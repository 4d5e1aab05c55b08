//! The phone agent's first step in a call (ACT-6): verify the caller with the home's postcode,
//! house number or name, and the email address or mobile number on their account. All three
//! must match one account at the agent's council; every attempt is audited.

use super::{server_errors, submit_once};
use crate::api::Office;
use crate::components::{ErrorSummary, RequireRole, SubmitButton, TextField};
use crate::forms::{Errors, parse_caller};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use permit_api_types::{CallerVerification, path_segment};

const FIELDS: &[&str] = &["postcode", "house", "contact"];

#[component]
pub(crate) fn CallVerify() -> impl IntoView {
    view! {
        <RequireRole roles=&["agent"]>
            <VerifyForm/>
        </RequireRole>
    }
}

#[component]
fn VerifyForm() -> impl IntoView {
    let navigate = use_navigate();
    let ended = use_query_map().with_untracked(|q| q.get("ended").is_some());
    let postcode = RwSignal::new(String::new());
    let house = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let caller = match parse_caller(
            &postcode.get_untracked(),
            &house.get_untracked(),
            &contact.get_untracked(),
        ) {
            Ok(caller) => caller,
            Err(found) => return errors.set(found),
        };
        let navigate = navigate.clone();
        submit_once(pending, async move {
            let body = CallerVerification {
                postcode: caller.postcode,
                house: caller.house,
                contact: caller.contact,
            };
            match Office.verify_caller(&body).await {
                Ok(call) => navigate(
                    &format!("/office/calls/{}", path_segment(&call.id)),
                    NavigateOptions::default(),
                ),
                Err(error) if error.code == "verification_failed" => errors.set(Errors::general(
                    "The details do not match an account at your council. Check each answer with the caller; do not act for them until they match.",
                )),
                Err(error) => errors.set(server_errors(&error, FIELDS)),
            }
        });
    };
    view! {
        <div class="narrow">
            {ended.then(|| view! {
                <div class="notice" role="status" id="call-ended"><p>"The call has ended. The caller's details are no longer on screen."</p></div>
            })}
            <ErrorSummary errors=errors/>
            <span class="caption">"Phone console"</span>
            <h1>"Verify the caller"</h1>
            <p>"Ask the caller for each of these and type what they say. You can act for them once all three match their account."</p>
            <form on:submit=on_submit novalidate>
                <TextField id="postcode" label="Postcode of their home" value=postcode errors=errors
                    autocomplete="off"/>
                <TextField id="house" label="House number or name" value=house errors=errors
                    autocomplete="off"/>
                <TextField id="contact" label="Email address or mobile number on their account"
                    value=contact errors=errors autocomplete="off"
                    hint="The one they gave when they registered."/>
                <SubmitButton id="verify" label="Verify caller" pending_label="Checking…" pending=pending/>
            </form>
        </div>
    }
}
