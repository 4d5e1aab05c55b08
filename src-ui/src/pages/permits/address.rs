//! Change of address with proof (AVP-5: the old address's permits end and new ones are bought;
//! RP-7: within the zone the permit stays, another zone needs a new application).

use super::new_zone::NewZoneApplication;
use crate::app::use_api;
use crate::components::{AddressFinder, ErrorSummary, SubmitButton, show_when};
use crate::forms::FormErrors;
use crate::pages::account::read_file;
use crate::pages::submit_once;
use leptos::prelude::*;

#[component]
pub(super) fn ChangeOfAddress(id: String) -> impl IntoView {
    let prefix = format!("permit-{id}-");
    let file_id = format!("{prefix}address_proof");
    let (label_for, input_id) = (file_id.clone(), file_id.clone());
    let api = use_api();
    let property_id = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);
    // RP-7: the new address is in another zone; the application for it is asked for below.
    let new_zone = RwSignal::new(None::<String>);
    let permit_id = id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let property = property_id.get_untracked();
        if property.trim().is_empty() {
            let mut missing = FormErrors::new();
            missing.add(
                "property_id",
                "Find your new address and choose it from the list.",
            );
            return errors.set(missing);
        }
        let (api, id, file_id) = (api.clone(), id.clone(), file_id.clone());
        submit_once(pending, async move {
            let proof = match read_file(&file_id, "address_proof").await {
                Ok(proof) => proof,
                Err(found) => return errors.set(found),
            };
            match api.change_address(&id, &property, proof).await {
                Ok(()) => done.set(true),
                Err(error) if error.code == "new_application_required" => {
                    errors.set(FormErrors::new());
                    new_zone.set(Some(property));
                }
                Err(error) => errors.set(FormErrors::from_api(
                    &error,
                    &["property_id", "address_proof"],
                )),
            }
        });
    };
    view! {
        <details class="action address"><summary>"Change of address"</summary>
            <p>"Moving within your permit zone keeps your permit. Moving elsewhere ends your permits at the old address; you then apply at the new one. Upload a council tax bill, a tenancy agreement or completion statement (with names, full address and signatures), or a utility bill or bank statement from the last 3 months."</p>
            // RP-7, AVP-5: what the move does to visitor stays, said before the resident asks.
            <p>"Visitor stays booked at your old address that have not started when the council approves your move are cancelled and their permits returned, so you can book them again at your new address."</p>
            {show_when(move || done.get(), move || view! {
                <p class="notice" role="status">"Thank you. The council will check your proof and email you."</p>
            }.into_any())}
            <ErrorSummary errors=errors prefix=prefix.clone()/>
            <form on:submit=on_submit novalidate>
                <AddressFinder property_id=property_id errors=errors legend="Your new address" prefix=prefix/>
                <div class="field">
                    <label for=label_for>"Proof of your new address"</label>
                    {move || errors.get().for_field("address_proof").map(|m| view! { <p class="field-error">{m}</p> })}
                    <input type="file" id=input_id name="address_proof" accept="application/pdf,image/jpeg,image/png"/>
                </div>
                <SubmitButton label="Send change of address" pending_label="Sending…" pending=pending/>
            </form>
            {move || new_zone.get().map(|property| view! {
                <NewZoneApplication id=permit_id.clone() property_id=property/>
            })}
        </details>
    }
}
