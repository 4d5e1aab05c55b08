//! RP-7: a move to another permit zone is a new resident permit application at the new
//! address, with proof of address and the vehicle's V5C; the council reviews it and the old
//! permit ends when the new one is approved.

use crate::app::use_api;
use crate::components::{ErrorSummary, SubmitButton};
use crate::forms::FormErrors;
use crate::pages::account::read_file;
use crate::pages::submit_once;
use leptos::prelude::*;

/// The application's documents: the server's `document` name, the field's label, and what the
/// error says when it is missing (each its own, so the summary tells them apart).
const DOCUMENTS: [(&str, &str, &str); 2] = [
    (
        "proof_of_address",
        "Proof of your new address",
        "Choose the file with proof of your new address.",
    ),
    (
        "v5c",
        "The vehicle's V5C (log book)",
        "Choose the file with the vehicle's V5C.",
    ),
];

#[component]
pub(super) fn NewZoneApplication(id: String, property_id: String) -> impl IntoView {
    let prefix = format!("permit-{id}-");
    let api = use_api();
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let sent = RwSignal::new(None::<String>);
    let input_prefix = prefix.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (api, id, property) = (api.clone(), id.clone(), property_id.clone());
        let input_prefix = input_prefix.clone();
        submit_once(pending, async move {
            // Both files are read first, so a missing one is said before anything is sent.
            let mut found = FormErrors::new();
            let mut uploads = Vec::new();
            for (document, _, missing) in DOCUMENTS {
                match read_file(&format!("{input_prefix}{document}"), document).await {
                    Ok(upload) => uploads.push((document, upload)),
                    Err(_) => found.add(document, missing),
                }
            }
            if !found.is_empty() {
                return errors.set(found);
            }
            let fields: Vec<&str> = DOCUMENTS.iter().map(|(d, _, _)| *d).collect();
            for (document, upload) in uploads {
                match api
                    .apply_in_new_zone(&id, &property, document, upload)
                    .await
                {
                    Ok(explanation) => sent.set(Some(explanation)),
                    Err(error) => return errors.set(FormErrors::from_api(&error, &fields)),
                }
            }
            errors.set(FormErrors::new());
        });
    };
    let fields = DOCUMENTS
        .iter()
        .map(|(document, label, _)| {
            let input_id = format!("{prefix}{document}");
            let (label_for, error_id) = (input_id.clone(), format!("{input_id}-error"));
            let invalid = move || errors.get().for_field(document).is_some();
            view! {
                <div class="field" class:field-invalid=invalid>
                    <label for=label_for>{*label}</label>
                    {move || errors.get().for_field(document).map(|m| view! {
                        <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
                    })}
                    <input type="file" id=input_id name=*document accept="application/pdf,image/jpeg,image/png"/>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="new-zone">
            <h3>"Apply for a permit at your new address"</h3>
            <p>"Your new address is in another permit zone, so you need a new resident permit there. Upload proof of your new address and the vehicle's V5C (PDF, JPEG or PNG, at most 5 MB each). The council checks them; when it approves, your new permit starts and this one ends."</p>
            {move || sent.get().map(|text| view! { <p class="notice" role="status" id="new-zone-sent">{text}</p> })}
            <ErrorSummary errors=errors prefix=prefix/>
            <form on:submit=on_submit novalidate>
                {fields}
                <SubmitButton label="Send the application" pending_label="Sending…" pending=pending/>
            </form>
        </section>
    }
}
