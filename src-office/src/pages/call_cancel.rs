//! Cancelling for the caller, each after a confirmation step: one of their stays (ACT-7: the
//! permit comes back while the council's rule allows) or one of their vehicle permits (RP-5,
//! AVP-4: with the refund the council's policy gives, told to the caller on the panel).

use super::call::{CallError, CallGate, CallerBanner, call_href, use_call};
use super::{server_errors, submit_once};
use crate::api::Office;
use crate::app::focus_after_render;
use crate::components::{ErrorSummary, Loading, SubmitButton};
use crate::forms::Errors;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use permit_api_types::{Permit, PermitCancelled, Stay};
use permit_rules::Pence;
use permit_rules::time::{display_end, display_instant};

fn param(name: &str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

#[component]
pub(crate) fn CancelStay() -> impl IntoView {
    view! { <CallGate><CancelStayView/></CallGate> }
}

#[component]
fn CancelStayView() -> impl IntoView {
    let call = use_call();
    let id = param("stay");
    let data = {
        let call_id = call.id.clone();
        LocalResource::new(move || {
            let (call_id, id) = (call_id.clone(), id.clone());
            async move {
                let stays = Office.caller_stays(&call_id).await?;
                Ok::<_, crate::api::ApiError>(stays.into_iter().find(|s| s.id == id))
            }
        })
    };
    view! {
        <CallerBanner/>
        {move || match data.get() {
            None => view! { <Loading what="Loading the stay…"/> }.into_any(),
            Some(Err(error)) => view! { <CallError error=error/> }.into_any(),
            Some(Ok(None)) => view! { <Gone what="stay"/> }.into_any(),
            Some(Ok(Some(stay))) => view! { <ConfirmStay stay=stay/> }.into_any(),
        }}
    }
}

/// The item is not the caller's, or no longer cancellable.
#[component]
fn Gone(what: &'static str) -> impl IntoView {
    let call = use_call();
    view! {
        <h1>{format!("No such {what}")}</h1>
        <p>{format!("The caller has no {what} like this that can be cancelled.")}</p>
        <p><A href=call_href(&call, "")>"Back to the call"</A></p>
    }
}

#[component]
fn ConfirmStay(stay: Stay) -> impl IntoView {
    let call = use_call();
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);
    let on_submit = {
        let (call_id, id) = (call.id.clone(), stay.id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (call_id, id) = (call_id.clone(), id.clone());
            submit_once(pending, async move {
                match Office.cancel_caller_stay(&call_id, &id).await {
                    Ok(_) => {
                        done.set(true);
                        focus_after_render("main h1");
                    }
                    Err(error) => errors.set(server_errors(&error, &[])),
                }
            });
        }
    };
    let back = call_href(&call, "");
    let (vrm, from, to) = (
        stay.vrm.clone(),
        display_instant(stay.starts_at),
        display_end(stay.ends_at),
    );
    let until = display_instant(stay.cancel_until);
    view! {
        <Show when=move || !done.get()
            fallback={let back = back.clone(); let vrm = vrm.clone(); move || view! {
                <div class="panel" id="stay-cancelled"><h1>"Stay cancelled"</h1>
                    <p class="panel-body">{format!("The stay for {vrm} is cancelled.")}</p></div>
                <p><A href=back.clone() attr:id="back-to-call">"Back to the call"</A></p>
            }}>
            <ErrorSummary errors=errors/>
            <h1>"Cancel this stay?"</h1>
            <dl class="summary-list">
                <div class="summary-row"><dt>"Vehicle"</dt><dd>{vrm.clone()}</dd></div>
                <div class="summary-row"><dt>"Starts"</dt><dd>{from.clone()}</dd></div>
                <div class="summary-row"><dt>"Ends"</dt><dd>{to.clone()}</dd></div>
            </dl>
            <p>{format!("Cancelling before {until} gives the caller's permit back.")}</p>
            <form on:submit=on_submit.clone() novalidate class="actions">
                <SubmitButton id="confirm-cancel" label="Yes, cancel the stay" pending_label="Cancelling…"
                    pending=pending class="button warning"/>
                <A href=back.clone()>"No, back to the call"</A>
            </form>
        </Show>
    }
}

#[component]
pub(crate) fn CancelPermit() -> impl IntoView {
    view! { <CallGate><CancelPermitView/></CallGate> }
}

#[component]
fn CancelPermitView() -> impl IntoView {
    let call = use_call();
    let id = param("permit");
    let data = {
        let call_id = call.id.clone();
        LocalResource::new(move || {
            let (call_id, id) = (call_id.clone(), id.clone());
            async move {
                let permits = Office.caller_permits(&call_id).await?;
                Ok::<_, crate::api::ApiError>(
                    permits
                        .into_iter()
                        .find(|p| p.id == id && p.state == "active"),
                )
            }
        })
    };
    view! {
        <CallerBanner/>
        {move || match data.get() {
            None => view! { <Loading what="Loading the permit…"/> }.into_any(),
            Some(Err(error)) => view! { <CallError error=error/> }.into_any(),
            Some(Ok(None)) => view! { <Gone what="permit"/> }.into_any(),
            Some(Ok(Some(permit))) => view! { <ConfirmPermit permit=permit/> }.into_any(),
        }}
    }
}

#[component]
fn ConfirmPermit(permit: Permit) -> impl IntoView {
    let call = use_call();
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<PermitCancelled>);
    let on_submit = {
        let (call_id, id) = (call.id.clone(), permit.id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (call_id, id) = (call_id.clone(), id.clone());
            submit_once(pending, async move {
                match Office.cancel_caller_permit(&call_id, &id).await {
                    Ok(cancelled) => {
                        done.set(Some(cancelled));
                        focus_after_render("main h1");
                    }
                    Err(error) => errors.set(server_errors(&error, &[])),
                }
            });
        }
    };
    let back = call_href(&call, "");
    let back_done = back.clone();
    view! {
        {move || done.get().map(|cancelled| view! {
            <div class="panel" id="permit-cancelled"><h1>"Permit cancelled"</h1>
                <p class="panel-body">{format!("Refund: {}", Pence(cancelled.refund_pence))}</p></div>
            <p>{format!("{} for {}. {}", cancelled.permit.name, cancelled.permit.vrm, cancelled.policy)}</p>
            <p>"Tell the caller the refund goes back to the card they paid with."</p>
            <p><A href=back_done.clone() attr:id="back-to-call">"Back to the call"</A></p>
        })}
        <Show when=move || done.get().is_none()>
            <ErrorSummary errors=errors/>
            <h1>"Cancel this permit?"</h1>
            <dl class="summary-list">
                <div class="summary-row"><dt>"Permit"</dt><dd>{permit.name.clone()}</dd></div>
                <div class="summary-row"><dt>"Vehicle"</dt><dd>{permit.vrm.clone()}</dd></div>
                <div class="summary-row"><dt>"Expires"</dt><dd>{display_end(permit.expires_at)}</dd></div>
            </dl>
            <div class="notice"><p>"The permit stops at once. The caller gets the refund the council's policy gives for the time left; the amount shows once it is cancelled."</p>
                // RP-5 with RP-2 (permit_rules::cancel_permit): said before the agent confirms.
                {permit.renewal_decision_due.is_some().then(|| view! {
                    <p id="renewal-withdrawn">"Its renewal, waiting for the council's approval, is withdrawn with it and what the caller paid for the renewal is refunded in full."</p>
                })}
            </div>
            <form on:submit=on_submit.clone() novalidate class="actions">
                <SubmitButton id="confirm-cancel-permit" label="Yes, cancel the permit" pending_label="Cancelling…"
                    pending=pending class="button warning"/>
                <A href=back.clone()>"No, back to the call"</A>
            </form>
        </Show>
    }
}
