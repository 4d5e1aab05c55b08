//! Account: details, contact details with links to change them (REG-2, ACT-4), the
//! registration and its state, proof of address upload (REG-3), how to book by text or phone
//! (ACT-4, ACT-6), expiry warnings (VP-3), log out, and log out everywhere (issue 19).

use super::submit_once;
use crate::app::{use_api, use_session};
use crate::components::{
    ErrorSummary, LogOut, LogOutEverywhere, RequireLogin, SubmitButton, load, show_when,
};
use crate::forms::FormErrors;
use crate::model::Upload;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use permit_api_types::Me;

#[component]
pub(crate) fn Account() -> impl IntoView {
    let session = use_session();
    // Set by the contact pages once a new email or mobile is linked, and by the settings
    // pages once saved.
    let query = use_query_map().get_untracked();
    let linked = query.get("linked").or_else(|| query.get("done"));
    view! {
        <h1>"Account"</h1>
        <RequireLogin>
            {linked.clone().map(|text| view! { <div class="notice" role="status" id="contact-linked"><p>{text}</p></div> })}
            {move || session.me.get().map(|me| view! { <Details me=me/> })}
            <ProofUpload/>
            <h2 id="vehicles-heading">"Saved vehicles"</h2>
            <p>"The visitors' vehicles you book again, each with a name if you like. "
                <a href="/account/vehicles" id="saved-vehicles-link">"Saved vehicles"</a></p>
            <ExpiryWarningsSummary/>
            <super::book_by_text::BookByTextOrPhone/>
            <p><LogOut id="log-out"/></p>
            <LogOutEverywhere/>
        </RequireLogin>
    }
}

/// VP-3 (issue 18): whether unused visitor permits are warned about, with a link to change it;
/// nothing where the council's permits never expire unused.
#[component]
fn ExpiryWarningsSummary() -> impl IntoView {
    use super::expiry_warnings::{PATH, summary, warned};
    let session = use_session();
    let settings = load(|api| async move { api.account_settings().await });
    move || {
        let warned = session.scheme().as_ref().and_then(warned)?;
        let shown = match settings.get() {
            None => "Loading…".to_owned(),
            Some(Ok(current)) => summary(current, warned.days),
            Some(Err(error)) => error.message,
        };
        Some(view! {
            <h2 id="expiry-warnings-heading">"Expiry warnings"</h2>
            <dl class="details" aria-labelledby="expiry-warnings-heading">
                <dt>"Before visitor permits expire"</dt>
                <dd id="expiry-warnings-status">{shown}" "
                    <a href=PATH class="change-link" id="expiry-warnings-link">"Change"
                        <span class="visually-hidden">" expiry warnings"</span></a></dd>
            </dl>
        })
    }
}

#[component]
fn Details(me: Me) -> impl IntoView {
    let registration = me.registration.clone();
    let change = |value: &Option<String>, path: &'static str, noun: &'static str| {
        let (shown, action) = match value {
            Some(v) => (v.clone(), "Change"),
            None => ("none".to_owned(), "Add"),
        };
        view! {
            <dd>{shown}" " <a href=path class="change-link">{action}<span class="visually-hidden">{format!(" {noun}")}</span></a></dd>
        }
    };
    view! {
        <dl class="details">
            <dt>"Name"</dt><dd>{me.full_name.clone()}</dd>
        </dl>
        <h2 id="contact-details">"Contact details"</h2>
        <p class="hint">"A new email or mobile is linked once you enter the code we send to it. Texts from your linked mobile book visitor stays."</p>
        <dl class="details" aria-labelledby="contact-details">
            <dt>"Email"</dt>{change(&me.email, "/account/email", "email address")}
            <dt>"Mobile"</dt>{change(&me.mobile, "/account/mobile", "mobile number")}
        </dl>
        <dl class="details" id="registration-details">
            {registration.map(|r| view! {
                <dt>"Address"</dt><dd>{r.property.address.join(", ")}", "{r.property.postcode.clone()}</dd>
                <dt>"Council tax account"</dt>
                <dd>{r.council_tax_account_masked.clone().unwrap_or_else(|| "not needed".into())}</dd>
                <dt>"Registration"</dt><dd id="registration-status">{r.explanation.clone()}</dd>
            })}
        </dl>
    }
}

/// REG-3: shown while the council still needs proof of address (or after a rejection).
#[component]
fn ProofUpload() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let needed = move || {
        session
            .me
            .get()
            .and_then(|me| me.registration)
            .is_some_and(|r| r.proof_required || r.status == "rejected" || r.status == "expired")
    };
    let documents = move || {
        session
            .me
            .get()
            .and_then(|me| me.registration)
            .map(|r| r.proof_documents.join("; "))
            .unwrap_or_default()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let api = api.clone();
        submit_once(pending, async move {
            let upload = match read_file("proof", "proof").await {
                Ok(upload) => upload,
                Err(found) => return errors.set(found),
            };
            match api.upload_proof(upload).await {
                Ok(registration) => {
                    errors.set(FormErrors::new());
                    done.set(Some(registration.explanation));
                    session.me.set(api.me().await.ok());
                }
                Err(error) => errors.set(FormErrors::from_api(&error, &["proof"])),
            }
        });
    };
    view! {
        {move || done.get().map(|text| view! { <div class="notice" role="status" id="proof-done"><p>{text}</p></div> })}
        {show_when(needed, move || view! {
            <h2>"Proof of address"</h2>
            <ErrorSummary errors=errors/>
            <form on:submit=on_submit.clone() novalidate>
                <div class="field" class:field-invalid=move || errors.get().for_field("proof").is_some()>
                    <label for="proof">"Upload your proof of address"</label>
                    <p class="hint" id="proof-hint">{move || format!("One of: {}. PDF, JPEG or PNG, at most 5 MB.", documents())}</p>
                    {move || errors.get().for_field("proof").map(|m| view! { <p class="field-error" id="proof-error">{m}</p> })}
                    <input type="file" id="proof" name="proof" accept="application/pdf,image/jpeg,image/png"
                        aria-describedby="proof-hint"/>
                </div>
                <SubmitButton id="proof-submit" label="Upload proof" pending_label="Uploading…" pending=pending/>
            </form>
        }.into_any())}
    }
}

/// Reads the file chosen in the `<input type=file>` with element id `input_id`; a problem is
/// reported against the form's `field`.
pub(crate) async fn read_file(input_id: &str, field: &str) -> Result<Upload, FormErrors> {
    use wasm_bindgen::JsCast;
    let missing = || {
        let mut errors = FormErrors::new();
        errors.add(field, "Choose a file to upload.");
        errors
    };
    let file = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(input_id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
        .ok_or_else(missing)?;
    let content_type = file.type_();
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| missing())?;
    Ok(Upload {
        content_type,
        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}
