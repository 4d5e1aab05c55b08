//! One permit's details and what can be done with it.

use super::address::ChangeOfAddress;
use super::evidence::Evidence;
use crate::app::{use_api, use_session};
use crate::components::{ErrorSummary, SubmitButton, TextField};
use crate::format::{expiry, permit_status, refund_policy, renewal_status, renews_by};
use crate::forms::{FormErrors, parse_vrm_change};
use crate::model::Permit;
use crate::pages::renew::renew_href;
use crate::pages::submit_once;
use leptos::prelude::*;
use permit_api_types::RenewsBy;
use permit_rules::Scheme;
use permit_rules::scheme::{Product, VrmChange};

#[component]
pub(super) fn PermitCard(
    permit: Permit,
    scheme: StoredValue<Scheme>,
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let now = session.now();
    let product = scheme.read_value().product(&permit.permit_type).cloned();
    let (name, vrm_change, offers_auto_renewal) = match &product {
        Some(Product::VehiclePermit(v)) => (v.name.clone(), Some(v.vrm_change), v.auto_renewal),
        Some(other) => (other.name().to_owned(), None, false),
        None => (permit.permit_type.to_string(), None, false),
    };
    // AVP-1: what the council asks for, while the permit waits for its review.
    let evidence: Vec<String> = match &product {
        Some(Product::VehiclePermit(v)) if permit.status == "pending_review" => v.evidence.clone(),
        _ => Vec::new(),
    };
    // RP-6: the switch is there where the permit renews itself (or to turn it off); once
    // renewed, on the new period, also while the council reviews it (RP-2: the service applies
    // it to the period it renews as well, which renews as chosen if the council rejects it).
    let auto_switch =
        (offers_auto_renewal || permit.auto_renew) && permit.renews_by != RenewsBy::Renewed;
    let under_review = permit.status == "pending_review";
    let (renew_open, renew_words) = renewal_status(&scheme.read_value(), &permit, now);
    let refund = refund_policy(&scheme.read_value(), &permit, now);
    view! {
        <li class="permit">
            <h2>{name}</h2>
            <dl class="details">
                <dt>"Vehicle"</dt><dd class="permit-vrm">{permit.vrm.spaced()}</dd>
                <dt>"Status"</dt><dd class="permit-status">{permit_status(&permit.status)}</dd>
                <dt>"Valid until"</dt><dd>{format!("the end of {}", expiry(&permit))}</dd>
                {permit.pending_vrm.as_ref().map(|v| view! {
                    <dt>"Vehicle change"</dt><dd>{format!("{}: waiting for the council", v.spaced())}</dd>
                })}
            </dl>
            {(!evidence.is_empty()).then(|| view! { <Evidence id=permit.id.clone() evidence=evidence done=done/> })}
            {(under_review && auto_switch).then(|| view! { <AutoRenew id=permit.id.clone() on=permit.auto_renew by=permit.renews_by done=done/> })}
            // A cancelled, rejected or expired permit has nothing left to do.
            {(permit.status == "active").then(|| view! {
                <p class="renewal">{renew_words.clone()}</p>
                // Issue 16: renewed on the provider's page, from the renewal's own page.
                {renew_open.then(|| view! {
                    <p><a href=renew_href(&permit.id) class="button renew-link" id=format!("permit-{}-renew", permit.id)>"Renew this permit"</a></p>
                })}
                {auto_switch.then(|| view! { <AutoRenew id=permit.id.clone() on=permit.auto_renew by=permit.renews_by done=done/> })}
                {vrm_change.map(|how| view! { <Vehicle permit=permit.clone() how=how done=done/> })}
                <ChangeOfAddress id=permit.id.clone()/>
                <Cancel id=permit.id.clone() policy=refund.clone() done=done/>
            })}
        </li>
    }
}

#[component]
fn AutoRenew(
    id: String,
    on: bool,
    by: RenewsBy,
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let button_id = format!("permit-{id}-auto-renew");
    let toggle = move |_| {
        let (api, id) = (api.clone(), id.clone());
        submit_once(pending, async move {
            match api.set_auto_renew(&id, !on).await {
                // RP-6: how it will renew, as the service says: a card switched off has gone.
                Ok(permit) if permit.auto_renew => done(format!(
                    "Auto-renewal is now on{}",
                    renews_by(permit.renews_by)
                )),
                Ok(_) => done("Auto-renewal is now off: the permit ends at its expiry.".to_owned()),
                Err(error) => problem.set(Some(error.message)),
            }
        });
    };
    view! {
        <p class="auto-renew-how">
            {if on { format!("Auto-renewal is on{}", renews_by(by)) } else { "Auto-renewal is off.".to_owned() }}
        </p>
        <p>
            <button type="button" class="button secondary auto-renew" id=button_id aria-pressed=if on { "true" } else { "false" }
                disabled=move || pending.get() on:click=toggle>
                {if on { "Turn auto-renewal off" } else { "Turn auto-renewal on" }}
            </button>
        </p>
        {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
    }
}

#[component]
fn Vehicle(
    permit: Permit,
    how: VrmChange,
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let prefix = format!("permit-{}-", permit.id);
    let new_vrm = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let (title, button) = match how {
        VrmChange::Direct => ("Edit registration", "Save the new registration"),
        VrmChange::Request => ("Vehicle change request", "Send the request to the council"),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let vrm = match parse_vrm_change(&new_vrm.get_untracked(), &permit.vrm) {
            Ok(vrm) => vrm,
            Err(found) => return errors.set(found),
        };
        let (api, id) = (api.clone(), permit.id.clone());
        submit_once(pending, async move {
            match api.change_vehicle(&id, &vrm).await {
                Ok(changed) => done(match changed.pending_vrm {
                    Some(wanted) => format!(
                        "Your vehicle change request for {} has been sent to the council. The permit stays on {} until it is approved.",
                        wanted.spaced(),
                        changed.vrm.spaced()
                    ),
                    None => format!(
                        "The vehicle on this permit is now {}.",
                        changed.vrm.spaced()
                    ),
                }),
                Err(error) => errors.set(FormErrors::from_api(&error, &["new_vrm"])),
            }
        });
    };
    view! {
        <details class="action vehicle"><summary>{title}</summary>
            <ErrorSummary errors=errors prefix=prefix.clone()/>
            <form on:submit=on_submit novalidate>
                <TextField id="new_vrm" label="New vehicle registration" value=new_vrm errors=errors prefix=prefix/>
                <SubmitButton label=button pending_label="Sending…" pending=pending/>
            </form>
        </details>
    }
}

#[component]
fn Cancel(
    id: String,
    policy: String,
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let (api, id) = (api.clone(), id.clone());
        submit_once(pending, async move {
            match api.cancel_permit(&id).await {
                Ok(refund) => done(format!("Permit cancelled. Refund: {refund}.")),
                Err(error) => problem.set(Some(error.message)),
            }
        });
    };
    view! {
        <details class="action cancel"><summary>"Cancel this permit"</summary>
            <p>{policy}</p>
            <button type="button" class="button warning cancel-permit" disabled=move || pending.get() on:click=confirm>
                "Yes, cancel this permit"
            </button>
            {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </details>
    }
}
