//! Account > Expiry warnings (VP-3, issue 18): a question page at its own URL
//! (`/account/expiry-warnings`) that turns the warning about unused visitor permits on or off.
//! Saving goes back to Account with what changed in its banner.

use super::submit_once;
use crate::app::{use_api, use_session};
use crate::components::{ErrorSummary, RadioField, RequireLogin, SubmitButton, load, loaded};
use crate::forms::{Choice, FormErrors};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use permit_api_types::AccountSettings;
use permit_rules::Scheme;
use permit_rules::scheme::Product;

pub(crate) const PATH: &str = "/account/expiry-warnings";

/// The council's visitor permits that expire unused and are warned about, if it sells any:
/// how many days before (the council file's `expiry_warning_days`) and how long they last.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Warned {
    pub(crate) days: u32,
    pub(crate) validity_months: u32,
}

pub(crate) fn warned(scheme: &Scheme) -> Option<Warned> {
    scheme.products.iter().find_map(|p| match p {
        Product::VisitorBundle(b) => b.expiry_warning_days.map(|days| Warned {
            days,
            validity_months: b.validity_months,
        }),
        Product::VehiclePermit(_) => None,
    })
}

/// "On: 30 days before …" or "Off", as Account shows it.
pub(crate) fn summary(settings: AccountSettings, days: u32) -> String {
    if settings.expiry_warnings {
        format!("On: we tell you {days} days before unused visitor permits expire")
    } else {
        "Off".to_owned()
    }
}

#[component]
pub(crate) fn ExpiryWarnings() -> impl IntoView {
    let session = use_session();
    let settings = load(|api| async move { api.account_settings().await });
    view! {
        <p><A href="/account" attr:class="back-link">"Back to your account"</A></p>
        <h1>"Expiry warnings"</h1>
        <RequireLogin>
            {move || match session.scheme().as_ref().and_then(warned) {
                None => view! {
                    <p id="no-expiry-warnings">"Your council's permits do not expire unused, so there is nothing to warn you about."</p>
                }.into_any(),
                Some(warned) => loaded(settings, "Loading your settings…", move |current| {
                    view! { <WarningsForm current=current warned=warned/> }.into_any()
                })().into_any(),
            }}
        </RequireLogin>
    }
}

#[component]
fn WarningsForm(current: AccountSettings, warned: Warned) -> impl IntoView {
    let Warned {
        days,
        validity_months,
    } = warned;
    let api = use_api();
    let navigate = use_navigate();
    let choice = RwSignal::new(if current.expiry_warnings { "yes" } else { "no" }.to_owned());
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = match choice.get_untracked().as_str() {
            "yes" => true,
            "no" => false,
            _ => {
                let mut found = FormErrors::new();
                found.add("expiry_warnings", "Select yes if you want a warning");
                return errors.set(found);
            }
        };
        let (api, navigate) = (api.clone(), navigate.clone());
        submit_once(pending, async move {
            let asked = AccountSettings {
                expiry_warnings: wanted,
            };
            match api.set_account_settings(asked).await {
                Ok(saved) => {
                    let done = if saved.expiry_warnings {
                        format!(
                            "Expiry warnings are on: we will tell you {days} days before unused visitor permits expire."
                        )
                    } else {
                        "Expiry warnings are off.".to_owned()
                    };
                    let encoded = String::from(js_sys::encode_uri_component(&done));
                    navigate(
                        &format!("/account?done={encoded}"),
                        NavigateOptions::default(),
                    );
                }
                Err(error) => errors.set(FormErrors::from_api(&error, &["expiry_warnings"])),
            }
        });
    };
    let choices = vec![
        Choice {
            value: "yes".into(),
            label: format!("Yes, warn me {days} days before"),
            hint: Some("By email, or by text if your mobile is your only contact: for example \"4 visitor permits expire on 12 March\".".into()),
        },
        Choice {
            value: "no".into(),
            label: "No, do not warn me".into(),
            hint: Some("Unused permits are still taken off your account when they expire.".into()),
        },
    ];
    view! {
        <p>{format!("Visitor permits you do not use expire {validity_months} months after you buy them, and are then taken off your account.")}</p>
        <ErrorSummary errors=errors/>
        <form on:submit=on_submit novalidate>
            <RadioField id="expiry_warnings" legend="Do you want a warning before unused visitor permits expire?"
                value=choice errors=errors choices=choices/>
            <SubmitButton id="expiry-warnings-submit" label="Save" pending_label="Saving…" pending=pending/>
        </form>
    }
}
