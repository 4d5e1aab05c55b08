//! Register with a council (REG-1 council tax account, REG-3 proof of address after login,
//! REG-5 property and details). The server sends the first PIN.

use super::{council_options, scheme_for, submit_once};
use crate::app::use_api;
use crate::components::{
    AddressFinder, ErrorSummary, SelectField, SubmitButton, TextField, show_when,
};
use crate::forms::{FormErrors, RegisterForm};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use permit_rules::scheme::RegistrationMethod;

#[component]
pub(crate) fn Register() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let council = RwSignal::new(String::new());
    let property_id = RwSignal::new(String::new());
    let full_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let council_tax_account = RwSignal::new(String::new());
    let scheme = Memo::new(move |_| scheme_for(&council.get()));
    let method = move || scheme.get().map(|s| s.registration.method);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(scheme) = scheme.get_untracked() else {
            let mut missing = FormErrors::new();
            missing.add("council", "Choose your council.");
            errors.set(missing);
            return;
        };
        let form = RegisterForm {
            property_id: property_id.get_untracked(),
            full_name: full_name.get_untracked(),
            email: email.get_untracked(),
            mobile: mobile.get_untracked(),
            council_tax_account: council_tax_account.get_untracked(),
        };
        let request = match form.parse(&scheme) {
            Ok(request) => request,
            Err(found) => return errors.set(found),
        };
        let api = api.clone();
        let navigate = navigate.clone();
        submit_once(pending, async move {
            match api.register(&scheme.id, &request).await {
                Ok(_) => {
                    let contact = request.email.or(request.mobile).unwrap_or_default();
                    let to = format!(
                        "/login?council={}&contact={}&sent=1",
                        scheme.id,
                        encode(&contact)
                    );
                    navigate(&to, NavigateOptions::default());
                }
                Err(error) => errors.set(FormErrors::from_api(&error, RegisterForm::FIELDS)),
            }
        });
    };

    view! {
        <h1>"Register"</h1>
        <ErrorSummary errors=errors/>
        <form on:submit=on_submit novalidate>
            <SelectField id="council" label="Your council" value=council errors=errors
                options=Signal::derive(council_options)/>
            <AddressFinder property_id=property_id errors=errors/>
            <TextField id="full_name" label="Full name" value=full_name errors=errors autocomplete="name"/>
            <TextField id="email" label="Email address" value=email errors=errors kind="email"
                autocomplete="email" hint=Signal::derive(|| "We send your PIN here. Give an email, a mobile number, or both.".to_owned())/>
            <TextField id="mobile" label="Mobile number" value=mobile errors=errors kind="tel" autocomplete="tel"/>
            {show_when(move || method() == Some(RegistrationMethod::CouncilTaxAccount), move || view! {
                <TextField id="council_tax_account" label="Council tax account number"
                    value=council_tax_account errors=errors inputmode="numeric"
                    hint=Signal::derive(|| "The 8 to 10 digits on your council tax bill. We check it and never show it back in full.".to_owned())/>
            }.into_any())}
            {show_when(move || method() == Some(RegistrationMethod::ProofOfAddress), move || view! {
                <div class="notice"><p>{move || scheme.get().map(|s| format!(
                    "{} checks proof of address: after registering, log in and upload one of: {}. The council aims to decide within {} hours.",
                    s.name,
                    s.registration.proof_documents.join("; "),
                    s.review.review_target_hours))}</p></div>
            }.into_any())}
            <SubmitButton id="register-submit" label="Register" pending_label="Registering…" pending=pending/>
        </form>
    }
}

/// Enough percent-encoding for an email or phone number in a query string.
fn encode(raw: &str) -> String {
    js_sys::encode_uri_component(raw).into()
}
