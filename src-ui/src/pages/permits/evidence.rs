//! AVP-1: a Care or Over State Pension Age permit is held for the council's review until the
//! resident uploads the evidence its council file lists; the officer then approves or rejects.

use crate::app::use_api;
use crate::components::{ErrorSummary, SubmitButton};
use crate::forms::FormErrors;
use crate::pages::account::read_file;
use crate::pages::submit_once;
use leptos::prelude::*;

#[component]
pub(super) fn Evidence(
    id: String,
    evidence: Vec<String>,
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let prefix = format!("permit-{id}-");
    let file_id = format!("{prefix}evidence");
    let (label_for, input_id, hint_id, error_id) = (
        file_id.clone(),
        file_id.clone(),
        format!("{file_id}-hint"),
        format!("{file_id}-error"),
    );
    let described = hint_id.clone();
    let api = use_api();
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (api, id, file_id) = (api.clone(), id.clone(), file_id.clone());
        submit_once(pending, async move {
            let upload = match read_file(&file_id, "evidence").await {
                Ok(upload) => upload,
                Err(found) => return errors.set(found),
            };
            match api.upload_evidence(&id, upload).await {
                Ok(()) => done(
                    "Thank you. The council will check your evidence and email you when the permit is approved."
                        .to_owned(),
                ),
                Err(error) => errors.set(FormErrors::from_api(&error, &["evidence"])),
            }
        });
    };
    let invalid = move || errors.get().for_field("evidence").is_some();
    view! {
        <section class="action evidence">
            <h3>"Upload your evidence"</h3>
            <p>"The council checks this before the permit can be used. Upload one of:"</p>
            <ul class="list">{evidence.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            <ErrorSummary errors=errors prefix=prefix/>
            <form on:submit=on_submit novalidate>
                <div class="field" class:field-invalid=invalid>
                    <label for=label_for>"Your evidence"</label>
                    <p class="hint" id=hint_id>"PDF, JPEG or PNG, at most 5 MB."</p>
                    {move || errors.get().for_field("evidence").map(|m| view! {
                        <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
                    })}
                    <input type="file" id=input_id name="evidence" accept="application/pdf,image/jpeg,image/png"
                        aria-describedby=described/>
                </div>
                <SubmitButton label="Upload evidence" pending_label="Uploading…" pending=pending/>
            </form>
        </section>
    }
}
