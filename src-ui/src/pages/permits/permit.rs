//! One permit's details and what can be done with it.

use super::address::ChangeOfAddress;
use super::evidence::Evidence;
use crate::api::idempotency_key;
use crate::app::{use_api, use_session};
use crate::components::{CardFields, CardInput, ErrorSummary, SubmitButton, TextField};
use crate::format::{expiry, permit_status, refund_policy, renewal_status};
use crate::forms::{FormErrors, card_from, parse_vrm_change};
use crate::model::Permit;
use crate::pages::renew::renew_href;
use crate::pages::submit_once;
use leptos::prelude::*;
use leptos_router::components::A;
use permit_rules::Scheme;
use permit_rules::scheme::{DurationOption, Product, VrmChange};

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
    // RP-4: a renewal names its duration where the permit is sold for several.
    let durations: Vec<DurationOption> = match &product {
        Some(Product::VehiclePermit(v)) => v.durations.clone(),
        _ => Vec::new(),
    };
    // AVP-1: what the council asks for, while the permit waits for its review.
    let evidence: Vec<String> = match &product {
        Some(Product::VehiclePermit(v)) if permit.status == "pending_review" => v.evidence.clone(),
        _ => Vec::new(),
    };
    // RP-6: the switch is there where the permit renews itself (or to turn it off).
    let auto_switch = offers_auto_renewal || permit.auto_renew;
    let (renew_open, renew_words) = renewal_status(&scheme.read_value(), &permit, now);
    let refund = refund_policy(&scheme.read_value(), &permit, now);
    // Issue 16: the web renews on the provider's hosted page; the app still takes the card.
    let hosted = use_api().pays_on_hosted_page();
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
            // A cancelled, rejected or expired permit has nothing left to do.
            {(permit.status == "active").then(|| view! {
                <p class="renewal">{renew_words.clone()}</p>
                {renew_open.then(|| if hosted {
                    // The web pays on the provider's page, from the renewal's own page.
                    view! { <p><A href=renew_href(&permit.id) attr:class="button renew-link" attr:id=format!("permit-{}-renew", permit.id)>"Renew this permit"</A></p> }.into_any()
                } else {
                    view! { <Renew id=permit.id.clone() durations=durations.clone() done=done/> }.into_any()
                })}
                {auto_switch.then(|| view! { <AutoRenew id=permit.id.clone() on=permit.auto_renew done=done/> })}
                {vrm_change.map(|how| view! { <Vehicle permit=permit.clone() how=how done=done/> })}
                <ChangeOfAddress id=permit.id.clone()/>
                <Cancel id=permit.id.clone() policy=refund.clone() done=done/>
            })}
        </li>
    }
}

/// RP-4: renewing asks how long for, with each duration's price, where there is a choice
/// (GOV.UK radios, none chosen in advance); a single duration is sent without asking.
#[component]
fn Renew(
    id: String,
    durations: Vec<DurationOption>,
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let prefix = format!("permit-{id}-");
    let api = use_api();
    let card = CardInput::new();
    let key = StoredValue::new(idempotency_key());
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let chosen = RwSignal::new(match durations.as_slice() {
        [only] => only.months.to_string(),
        _ => String::new(),
    });
    let ask = durations.len() > 1;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = FormErrors::new();
        let months = chosen.get_untracked().parse::<u32>().ok();
        if ask && months.is_none() {
            found.add("duration_months", "Choose how long to renew the permit for");
        }
        let typed = card_from(
            &card.number.get_untracked(),
            &card.expiry.get_untracked(),
            &card.cvc.get_untracked(),
        );
        let typed = match typed {
            Ok(typed) if found.is_empty() => typed,
            Ok(_) => return errors.set(found),
            Err(card_errors) => {
                found.extend(card_errors);
                return errors.set(found);
            }
        };
        let (api, id) = (api.clone(), id.clone());
        submit_once(pending, async move {
            match api
                .renew_permit(&id, &key.get_value(), months, &typed)
                .await
            {
                Ok(receipt) => done(format!(
                    "Renewed: you paid {}. The permit now runs until {}.",
                    receipt.total,
                    permit_rules::time::display_end(receipt.valid_until)
                )),
                Err(error) => errors.set(FormErrors::from_api(
                    &error,
                    &["card_number", "duration_months"],
                )),
            }
        });
    };
    let radios = ask.then(|| {
        let name = format!("{prefix}duration_months");
        let invalid = move || errors.get().for_field("duration_months").is_some();
        let error_id = format!("{name}-error");
        let options = durations
            .iter()
            .enumerate()
            .map(|(i, option)| {
                // The first radio carries the field's id, so the error summary links to it.
                let radio_id = if i == 0 { name.clone() } else { format!("{name}-{}", option.months) };
                let value = option.months.to_string();
                let checked = value.clone();
                let label_for = radio_id.clone();
                view! {
                    <label class="choice" for=label_for>
                        <input type="radio" id=radio_id name=name.clone() value=value.clone()
                            prop:checked=move || chosen.get() == checked
                            on:change=move |_| chosen.set(value.clone())/>
                        {format!("{}: {}", months_words(option.months), option.price_pence)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <div class="field" class:field-invalid=invalid>
                <fieldset class="radios" aria-describedby=move || invalid().then(|| error_id.clone())>
                    <legend>"How long do you want to renew it for?"</legend>
                    {move || errors.get().for_field("duration_months").map(|message| view! {
                        <p class="field-error" id=format!("{name}-error")>
                            <span class="visually-hidden">"Error: "</span>{message}
                        </p>
                    })}
                    {options}
                </fieldset>
            </div>
        }
    });
    view! {
        <details class="action renew"><summary>"Renew"</summary>
            <ErrorSummary errors=errors prefix=prefix.clone()/>
            <form on:submit=on_submit novalidate>
                {radios}
                <CardFields card=card errors=errors prefix=prefix/>
                <SubmitButton label="Pay and renew" pending_label="Renewing…" pending=pending/>
            </form>
        </details>
    }
}

#[component]
fn AutoRenew(
    id: String,
    on: bool,
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
                Ok(permit) if permit.auto_renew => done("Auto-renewal is now on.".to_owned()),
                Ok(_) => done("Auto-renewal is now off: the permit ends at its expiry.".to_owned()),
                Err(error) => problem.set(Some(error.message)),
            }
        });
    };
    view! {
        <p>
            {if on { "Auto-renewal is on. " } else { "Auto-renewal is off. " }}
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

/// "12 months", "1 month".
fn months_words(months: u32) -> String {
    match months {
        1 => "1 month".to_owned(),
        n => format!("{n} months"),
    }
}
