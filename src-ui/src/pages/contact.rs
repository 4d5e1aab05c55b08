//! Linked contacts (REG-2, ACT-4), as two GOV.UK question pages each: the new mobile (or
//! email), then "enter the code we sent". The contact travels in the code page's URL, so that
//! page works on reload; the account page says when it is linked.

use super::submit_once;
use crate::app::{use_api, use_session};
use crate::components::{ErrorSummary, RequireLogin, SubmitButton, TextField};
use crate::forms::{ContactWords, FormErrors, code_errors, parse_code};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub(crate) fn NewMobile() -> impl IntoView {
    view! { <NewContact words=ContactWords::MOBILE/> }
}

#[component]
pub(crate) fn NewEmail() -> impl IntoView {
    view! { <NewContact words=ContactWords::EMAIL/> }
}

#[component]
pub(crate) fn MobileCode() -> impl IntoView {
    view! { <EnterCode words=ContactWords::MOBILE/> }
}

#[component]
pub(crate) fn EmailCode() -> impl IntoView {
    view! { <EnterCode words=ContactWords::EMAIL/> }
}

fn code_page(words: ContactWords, contact: &str) -> String {
    let to = String::from(js_sys::encode_uri_component(contact));
    format!("{}?to={to}", words.code_path)
}

#[component]
fn NewContact(words: ContactWords) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let value = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let (label, hint, kind, autocomplete) = match words.kind {
        permit_api_types::ContactKind::Mobile => (
            "UK mobile number",
            "We will text a code to this number. Once it is linked, texts from it book visitor stays, and it replaces any mobile on your account.",
            "tel",
            "tel",
        ),
        permit_api_types::ContactKind::Email => (
            "Email address",
            "We will email a code to this address. Once it is linked you log in with it, and it replaces the email on your account.",
            "email",
            "email",
        ),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let contact = match words.parse(&value.get_untracked()) {
            Ok(contact) => contact,
            Err(found) => return errors.set(found),
        };
        let (api, navigate) = (api.clone(), navigate.clone());
        submit_once(pending, async move {
            match api.add_contact(&contact).await {
                Ok(sent) => navigate(&code_page(words, &sent.contact), NavigateOptions::default()),
                Err(error) => errors.set(FormErrors::from_api(&error, &["contact"])),
            }
        });
    };
    view! {
        <p><A href="/account" attr:class="back-link">"Back to your account"</A></p>
        <h1>{format!("What is your new {}?", words.noun)}</h1>
        <RequireLogin>
            <ErrorSummary errors=errors/>
            <form on:submit=on_submit.clone() novalidate>
                <TextField id="contact" label=label value=value errors=errors kind=kind
                    autocomplete=autocomplete hint=Signal::derive(move || hint.to_owned())/>
                <SubmitButton id="contact-submit" label="Send the code" pending_label="Sending…" pending=pending/>
            </form>
        </RequireLogin>
    }
}

#[component]
fn EnterCode(words: ContactWords) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let to = use_query_map()
        .get_untracked()
        .get("to")
        .unwrap_or_default();
    let to = StoredValue::new(to);
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::new());
    let notice = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let on_submit = {
        let api = api.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let typed = match parse_code(&code.get_untracked()) {
                Ok(typed) => typed,
                Err(found) => return errors.set(found),
            };
            let (api, navigate) = (api.clone(), navigate.clone());
            submit_once(pending, async move {
                match api.confirm_contact(&to.get_value(), &typed).await {
                    Ok(me) => {
                        session.me.set(Some(me));
                        let linked = String::from(js_sys::encode_uri_component(&words.linked()));
                        navigate(
                            &format!("/account?linked={linked}"),
                            NavigateOptions::default(),
                        );
                    }
                    Err(error) => errors.set(code_errors(&error)),
                }
            });
        }
    };
    let resend = move |_| {
        let api = api.clone();
        submit_once(pending, async move {
            match api.add_contact(&to.get_value()).await {
                Ok(_) => {
                    errors.set(FormErrors::new());
                    notice.set(Some(
                        "We sent a new code. The old one no longer works.".into(),
                    ));
                }
                Err(error) => errors.set(FormErrors::from_api(&error, &["code"])),
            }
        });
    };
    let hint = move || {
        format!(
            "We sent a 6-digit code to {}. It works once, for 10 minutes.",
            to.get_value()
        )
    };
    view! {
        <p><A href=words.path attr:class="back-link">{format!("Change the {}", words.noun)}</A></p>
        <h1>"Enter the code we sent"</h1>
        <RequireLogin>
            <ErrorSummary errors=errors/>
            {move || notice.get().map(|text| view! { <div class="notice" role="status" id="code-notice"><p>{text}</p></div> })}
            <form on:submit=on_submit.clone() novalidate>
                <TextField id="code" label="Code" value=code errors=errors inputmode="numeric"
                    autocomplete="one-time-code" hint=Signal::derive(hint)/>
                <div class="actions">
                    <SubmitButton id="code-submit" label="Confirm" pending_label="Confirming…" pending=pending/>
                    <button type="button" class="button secondary" id="resend-code"
                        disabled=move || pending.get() on:click=resend.clone()>"Send a new code"</button>
                </div>
            </form>
        </RequireLogin>
    }
}
