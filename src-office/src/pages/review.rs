//! One application from the queue: what it is, its age against the council's target, the
//! uploaded documents in a sandboxed viewer with a download link, and the decision: approve,
//! or reject with a reason picked from the council file's templates or typed (REG-3, VP-6,
//! RP-2, RP-3, RP-7, AVP-1, AVP-5). Another council's item is "not found", by URL too.

use super::{server_errors, submit_once};
use crate::api::{Office, Proof};
use crate::app::{focus_after_render, use_session};
use crate::components::{ErrorSummary, LoadError, Loading, RequireRole, SubmitButton};
use crate::format::{age, due, kind_label, when};
use crate::forms::{Errors, parse_reason};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use permit_api_types::{ProofRef, ReviewDecision, ReviewItem};

#[component]
pub(crate) fn Review() -> impl IntoView {
    view! {
        <RequireRole roles=&["officer"]>
            <ReviewLoader/>
        </RequireRole>
    }
}

#[component]
fn ReviewLoader() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || {
        let id = id.clone();
        async move {
            Office
                .get::<ReviewItem>(&format!(
                    "/officer/queue/{}",
                    permit_api_types::path_segment(&id)
                ))
                .await
        }
    });
    move || match data.get() {
        None => view! { <Loading what="Loading the application…"/> }.into_any(),
        Some(Err(error)) if error.status == 404 => view! {
            <h1>"Application not found"</h1>
            <p>"It may have been decided already, or it is not one of your council's."</p>
            <p><A href="/office/queue">"Back to the review queue"</A></p>
        }
        .into_any(),
        Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
        Some(Ok(item)) => view! { <ReviewItemView item=item/> }.into_any(),
    }
}

#[component]
fn ReviewItemView(item: ReviewItem) -> impl IntoView {
    let session = use_session();
    let now = session.now();
    let label = kind_label(&item.kind, item.evidence);
    let decided = RwSignal::new(None::<String>);
    let proofs = item.proofs.clone();
    view! {
        <Show when=move || decided.get().is_none()
            fallback=move || view! {
                <div class="panel" id="decided"><h1>{move || decided.get().unwrap_or_default()}</h1></div>
                <p>"The resident has been emailed the decision."</p>
                <p><A href="/office/queue" attr:id="back-to-queue">"Back to the review queue"</A></p>
            }>
            <span class="caption">{label}</span>
            <h1>{format!("{} for {}", label, item.resident_name)}</h1>
            <dl class="details" id="item-details">
                <dt>"Resident"</dt><dd>{item.resident_name.clone()}</dd>
                <dt>"Detail"</dt><dd>{item.detail.clone()}</dd>
                <dt>"Submitted"</dt><dd>{format!("{} (waiting {})", when(item.submitted_at), age(item.submitted_at, now))}</dd>
                <dt>"Target"</dt><dd class=if item.overdue { "overdue-text" } else { "" }>{due(item.due_at, now)}</dd>
            </dl>
            <div class="review-layout">
                <section class="review-proofs" aria-labelledby="documents-heading">
                    <h2 id="documents-heading">"Documents"</h2>
                    <ProofViewer proofs=proofs.clone()/>
                </section>
                <section class="review-decision" aria-labelledby="decision-heading">
                    <h2 id="decision-heading">"Decision"</h2>
                    <DecisionForm item=item.clone() decided=decided/>
                </section>
            </div>
        </Show>
    }
}

/// Each document: "View" loads it (with the officer's token) into a sandboxed frame: no
/// scripts, no forms, no same-origin access, whatever the file holds. "Download" saves it.
#[component]
fn ProofViewer(proofs: Vec<ProofRef>) -> impl IntoView {
    let shown = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<String>);
    if proofs.is_empty() {
        return view! { <p id="no-documents">"No document has been uploaded yet."</p> }.into_any();
    }
    let first = proofs[0].id.clone();
    let open = move |id: String| {
        spawn_local(async move {
            match Office.proof(&id).await {
                Ok(proof) => {
                    if let Some(url) = blob_url(&proof) {
                        if let Some((_, old)) = shown.get_untracked() {
                            let _ = web_sys::Url::revoke_object_url(&old);
                        }
                        error.set(None);
                        shown.set(Some((id, url)));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    // The first document opens at once: most items have one.
    open(first);
    on_cleanup(move || {
        if let Some((_, url)) = shown.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let list = proofs
        .into_iter()
        .map(|proof| {
            let id = proof.id.clone();
            let name = document_name(&proof);
            let file = download_name(&proof);
            let is_shown = {
                let id = id.clone();
                move || shown.with(|s| s.as_ref().is_some_and(|(i, _)| *i == id))
            };
            let href = {
                let id = id.clone();
                move || shown.with(|s| s.as_ref().filter(|(i, _)| *i == id).map(|(_, u)| u.clone()))
            };
            view! {
                <li class="proof">
                    <span class="proof-name">{name.clone()}</span>" "
                    <span class="hint">{format!("{}, uploaded {}", proof.content_type, when(proof.uploaded_at))}</span>
                    <div class="button-group">
                        <button type="button" class="button secondary" on:click={
                            let id = id.clone();
                            move |_| open(id.clone())
                        } aria-pressed=move || if is_shown() { "true" } else { "false" }>
                            "View"<span class="visually-hidden">{format!(" {name}")}</span>
                        </button>
                        <Show when={let href = href.clone(); move || href().is_some()}>
                            <a class="download" href=href.clone() download=file.clone()>"Download"<span class="visually-hidden">{format!(" {}", file)}</span></a>
                        </Show>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="proofs">{list}</ul>
        {move || error.get().map(|message| view! { <div class="error-summary" role="alert"><p>{message}</p></div> })}
        {move || shown.get().map(|(_, url)| view! {
            <iframe class="proof-frame" id="proof-frame" title="The uploaded document" sandbox="" src=url></iframe>
        })}
    }
    .into_any()
}

fn document_name(proof: &ProofRef) -> String {
    let what = match proof.purpose.as_str() {
        "registration" | "proof_of_address" => "Proof of address",
        "change_of_address" => "Proof of the new address",
        "v5c" => "Vehicle registration certificate (V5C)",
        "permit_evidence" => "Evidence for the permit",
        _ => "Document",
    };
    what.to_owned()
}

fn download_name(proof: &ProofRef) -> String {
    let extension = match proof.content_type.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "bin",
    };
    let id: String = proof
        .id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("proof-{id}.{extension}")
}

/// The document as a `blob:` URL of its own type (the server allows only PDF, JPEG and PNG).
fn blob_url(proof: &Proof) -> Option<String> {
    let bytes = js_sys::Uint8Array::from(proof.bytes.as_slice());
    let parts = js_sys::Array::of1(&bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&proof.content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Approve, or reject with a reason (a template of the council's or typed).
#[component]
fn DecisionForm(item: ReviewItem, decided: RwSignal<Option<String>>) -> impl IntoView {
    let session = use_session();
    let reasons = session
        .me
        .get_untracked()
        .map(|me| me.reject_reasons)
        .unwrap_or_default();
    let verdict = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let other = "other";
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let decision = match verdict.get_untracked().as_str() {
            "approve" => ReviewDecision {
                approve: true,
                reason: None,
            },
            "reject" => {
                let chosen = template.get_untracked();
                let chosen = if chosen == other {
                    String::new()
                } else {
                    chosen
                };
                match parse_reason(&chosen, &typed.get_untracked()) {
                    Ok(reason) => ReviewDecision {
                        approve: false,
                        reason: Some(reason),
                    },
                    Err(found) => return errors.set(found),
                }
            }
            _ => return errors.set(Errors::of("decision", "Choose approve or reject.")),
        };
        let item = item.clone();
        submit_once(pending, async move {
            match Office.decide(&item, &decision).await {
                Ok(()) => {
                    let word = if decision.approve {
                        "Approved"
                    } else {
                        "Rejected"
                    };
                    decided.set(Some(format!("{word}: {}", item.resident_name)));
                    focus_after_render("main h1");
                }
                Err(error) => errors.set(server_errors(&error, &["reason"])),
            }
        });
    };
    let field_error = move |field: &'static str| move || errors.with(|e| e.for_field(field));
    let reason_items = reasons
        .into_iter()
        .enumerate()
        .map(|(n, reason)| {
            let id = format!("reason-{n}");
            let value = reason.clone();
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="reason-template" value=value.clone()
                        prop:checked={let value = value.clone(); move || template.get() == value}
                        on:change=move |_| template.set(value.clone())/>
                    <label for=id>{reason}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <ErrorSummary errors=errors/>
        <form on:submit=on_submit novalidate>
            <fieldset id="decision" class=move || if field_error("decision")().is_some() { "field-invalid" } else { "" }>
                <legend>"Your decision"</legend>
                {move || field_error("decision")().map(|m| view! { <p class="field-error">{m}</p> })}
                <div class="choice">
                    <input type="radio" id="approve" name="decision" value="approve"
                        on:change=move |_| verdict.set("approve".into())/>
                    <label for="approve">"Approve"</label>
                </div>
                <div class="choice">
                    <input type="radio" id="reject" name="decision" value="reject"
                        on:change=move |_| verdict.set("reject".into())/>
                    <label for="reject">"Reject"</label>
                </div>
            </fieldset>
            <div class="conditional" id="reject-reasons" hidden=move || verdict.get() != "reject">
                <fieldset id="reason" class=move || if field_error("reason")().is_some() { "field-invalid" } else { "" }>
                    <legend>"Reason (the resident is told it)"</legend>
                    {move || field_error("reason")().map(|m| view! { <p class="field-error">{m}</p> })}
                    {reason_items}
                    <div class="choice">
                        <input type="radio" id="reason-other" name="reason-template" value=other
                            on:change=move |_| template.set(other.into())/>
                        <label for="reason-other">"Another reason"</label>
                    </div>
                </fieldset>
                <div class="field" hidden=move || template.get() != other>
                    <label for="reason-text">"Type the reason"</label>
                    <textarea id="reason-text" rows="3" maxlength="500"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))></textarea>
                </div>
            </div>
            <SubmitButton id="decide" label="Send decision" pending_label="Sending…" pending=pending/>
        </form>
    }
}
