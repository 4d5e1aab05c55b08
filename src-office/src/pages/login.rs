//! Staff log in with a code emailed to their work address (the same attempt limits as
//! residents: 5 codes an hour per address, 10 wrong codes in 15 minutes lock it).

use super::{server_errors, submit_once};
use crate::api::Office;
use crate::app::use_session;
use crate::components::{ErrorSummary, SubmitButton, TextField};
use crate::forms::{Errors, parse_code, parse_email};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

const FIELDS: &[&str] = &["email", "code"];

#[component]
pub(crate) fn Login() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);

    let send_code = move || {
        let address = match parse_email(&email.get_untracked()) {
            Ok(address) => address,
            Err(found) => return errors.set(found),
        };
        submit_once(pending, async move {
            match Office.request_code(&address).await {
                Ok(()) => {
                    errors.set(Errors::new());
                    sent.set(true);
                    session.logged_out.set(false);
                    request_animation_frame(|| focus_by_id("code"));
                }
                Err(error) => errors.set(server_errors(&error, FIELDS)),
            }
        });
    };
    let log_in = move || {
        let parsed = parse_email(&email.get_untracked())
            .and_then(|email| parse_code(&code.get_untracked()).map(|code| (email, code)));
        let (address, typed) = match parsed {
            Ok(parsed) => parsed,
            Err(found) => return errors.set(found),
        };
        let navigate = navigate.clone();
        submit_once(pending, async move {
            match Office.log_in(&address, &typed).await {
                Ok(()) => match Office.me().await {
                    Ok(me) => {
                        session.me.set(Some(me));
                        navigate("/office", NavigateOptions::default());
                    }
                    Err(error) => errors.set(server_errors(&error, FIELDS)),
                },
                Err(error) => {
                    // A wrong code is used up: the field is cleared for the next one.
                    code.set(String::new());
                    let mut found = server_errors(&error, FIELDS);
                    if error.code == "wrong_code" {
                        found = Errors::of("code", error.message.clone());
                    }
                    errors.set(found);
                }
            }
        });
    };
    let on_submit = {
        let log_in = log_in.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if sent.get_untracked() {
                log_in();
            } else {
                send_code();
            }
        }
    };

    view! {
        <div class="narrow">
            <h1>"Log in to the back office"</h1>
            <Show when=move || session.logged_out.get()>
                <div class="notice" role="status"><p>"You have logged out."</p></div>
            </Show>
            <ErrorSummary errors=errors/>
            <Show when=move || sent.get()>
                <div class="notice" role="status" id="code-notice">
                    <p>"If that address belongs to council staff, we have emailed it a 6-digit code. It works once, for 10 minutes."</p>
                </div>
            </Show>
            <form on:submit=on_submit novalidate>
                <TextField id="email" label="Work email address" value=email errors=errors
                    kind="email" autocomplete="username"/>
                <Show when=move || sent.get()
                    fallback=move || view! { <SubmitButton id="send-code" label="Email me a code" pending_label="Sending…" pending=pending/> }>
                    <TextField id="code" label="Code" value=code errors=errors inputmode="numeric"
                        autocomplete="one-time-code" hint="The 6 digits in the email."/>
                    <div class="actions">
                        <SubmitButton id="log-in" label="Log in" pending_label="Logging in…" pending=pending/>
                        <button type="button" class="button secondary" id="resend-code"
                            disabled=move || pending.get() on:click=move |_| send_code()>"Email me a new code"</button>
                    </div>
                </Show>
            </form>
        </div>
    }
}

fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
