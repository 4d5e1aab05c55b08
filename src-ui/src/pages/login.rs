//! Log in with a PIN (REG-2): ask for one, enter it, ask again; a lockout says how long to wait.

use super::{council_options, scheme_for, submit_once};
use crate::app::{use_api, use_session};
use crate::components::{
    CheckboxField, ErrorSummary, SelectField, SubmitButton, TextField, show_or,
};
use crate::forms::{FormErrors, LoginForm};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub(crate) fn Login() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map().get_untracked();
    let council = RwSignal::new(query.get("council").unwrap_or_default());
    let contact = RwSignal::new(query.get("contact").unwrap_or_default());
    let pin = RwSignal::new(String::new());
    // Issue 19: off unless ticked, so a shared computer forgets the session with the tab.
    let keep = RwSignal::new(false);
    let offers_keep = api.offers_keep_signed_in();
    let sent = RwSignal::new(query.get("sent").is_some());
    let notice =
        RwSignal::new(sent.get_untracked().then(|| {
            "You are registered: check your email or phone for a PIN to log in.".to_owned()
        }));
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);

    let form = move || LoginForm {
        contact: contact.get_untracked(),
        pin: pin.get_untracked(),
    };
    let send_pin = {
        let api = api.clone();
        move || {
            let Some(scheme) = scheme_for(&council.get_untracked()) else {
                let mut missing = FormErrors::new();
                missing.add("council", "Choose your council.");
                return errors.set(missing);
            };
            let contact = match form().parse_contact() {
                Ok(contact) => contact,
                Err(found) => return errors.set(found),
            };
            let api = api.clone();
            submit_once(pending, async move {
                match api.request_pin(&scheme.id, &contact).await {
                    Ok(accepted) => {
                        errors.set(FormErrors::new());
                        notice.set(Some(accepted.message));
                        sent.set(true);
                        // The button that had focus is gone: carry keyboard users on to the PIN.
                        request_animation_frame(|| focus_by_id("pin"));
                    }
                    Err(error) => errors.set(FormErrors::from_api(&error, LoginForm::FIELDS)),
                }
            });
        }
    };
    let log_in = {
        let api = api.clone();
        move || {
            let Some(scheme) = scheme_for(&council.get_untracked()) else {
                return;
            };
            let (contact, pin) = match form().parse() {
                Ok(parsed) => parsed,
                Err(found) => return errors.set(found),
            };
            let api = api.clone();
            let navigate = navigate.clone();
            submit_once(pending, async move {
                match api
                    .log_in(&scheme.id, &contact, &pin, keep.get_untracked())
                    .await
                {
                    Ok(()) => {
                        session.me.set(api.me().await.ok());
                        session.logged_out.set(None);
                        navigate("/", NavigateOptions::default());
                    }
                    Err(error) => errors.set(LoginForm::server_errors(&error)),
                }
            });
        }
    };
    let resend = send_pin.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sent.get_untracked() {
            log_in();
        } else {
            send_pin();
        }
    };

    view! {
        <h1>"Log in"</h1>
        <ErrorSummary errors=errors/>
        {move || notice.get().map(|text| view! { <div class="notice" role="status" id="pin-notice"><p>{text}</p></div> })}
        <form on:submit=on_submit novalidate>
            <SelectField id="council" label="Your council" value=council errors=errors
                options=Signal::derive(council_options)/>
            <TextField id="contact" label="Email address or mobile number" value=contact errors=errors
                autocomplete="username"/>
            {show_or(move || sent.get(),
                move || view! { <SubmitButton id="send-pin" label="Send me a PIN" pending_label="Sending…" pending=pending/> }.into_any(),
                move || view! {
                <TextField id="pin" label="PIN" value=pin errors=errors inputmode="numeric"
                    autocomplete="one-time-code"
                    hint=Signal::derive(|| "The 6 digits we sent you. A PIN works once, for 10 minutes.".to_owned())/>
                {offers_keep.then(|| view! {
                    <CheckboxField id="keep_signed_in" label="Keep me signed in on this device" checked=keep
                        hint="Only on your own phone or computer. You stay signed in for up to 30 days, or until you log out or do not use it for 7 days. Otherwise you are signed out when you close this tab."/>
                })}
                <div class="actions">
                    <SubmitButton id="login-submit" label="Log in" pending_label="Logging in…" pending=pending/>
                    <button type="button" class="button secondary" id="resend-pin"
                        disabled=move || pending.get() on:click={
                            let resend = resend.clone();
                            move |_| resend()
                        }>"Send a new PIN"</button>
                </div>
            }.into_any())}
        </form>
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
