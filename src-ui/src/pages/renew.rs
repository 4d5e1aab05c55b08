//! Renew a permit (RP-4, AVP-3) on the payment provider's hosted page (issue 16): how long for,
//! where the permit is sold for several durations (radios with each price); "Check your
//! answers" with the new period and the price; "Continue to payment", which sends the browser to
//! the provider's page (no card field here). The provider sends it back to
//! `/permits/renew?order=<order>&id=<permit>`, which reads the order from the server (so it
//! works on reload): the confirmation panel, or why it was not paid with "Try again". The app
//! opens the provider's page in the system browser and goes to that page itself, with
//! `&paying=app`, which follows the order until it settles.
//! A renewal email's link (RP-4, RP-6, where the permit could not renew itself) opens the same
//! URL for an order made for the permit (`ready`): the page shows its "Check your answers" and
//! "Continue to payment" takes that order to the provider's page.

use super::order_return::{PayingInBrowser, follow, go_to_payment, not_taken};
use super::submit_once;
use crate::api::idempotency_key;
use crate::app::{focus_after_render, show_step, use_api, use_session};
use crate::components::{
    CheckAnswers, ConfirmationPanel, ErrorSummary, LoadError, RadioField, RenewAutomatically,
    RequireLogin, SubmitButton, load, loaded, reactive,
};
use crate::format::short_reference;
use crate::forms::{FormErrors, duration_choices, renewal_answers, renewal_quote};
use crate::model::{ApiError, OrderOutcome, Permit};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use permit_api_types::RenewsBy;
use permit_rules::scheme::Product;
use permit_rules::time::display_end;
use permit_rules::{RenewalQuote, Scheme};

/// Where Manage Digital Permits sends a resident to renew `permit_id`.
pub(crate) fn renew_href(permit_id: &str) -> String {
    format!("/permits/renew?id={permit_id}")
}

#[component]
pub(crate) fn RenewPermit() -> impl IntoView {
    let query = use_query_map();
    reactive(move || {
        let (order, permit) = query.with(|q| (q.get("order"), q.get("id")));
        match (order, permit) {
            (Some(order_id), permit_id) => {
                let in_app = query.with(|q| q.get("paying")).as_deref() == Some("app");
                view! {
                    <RequireLogin><Returned order_id=order_id.clone() permit_id=permit_id.clone() in_app=in_app/></RequireLogin>
                }
            }
            .into_any(),
            (None, Some(permit_id)) => view! { <Questions permit_id=permit_id/> }.into_any(),
            (None, None) => view! {
                <h1>"Renew a permit"</h1>
                <p>"Choose the permit to renew on "<A href="/permits">"Manage Digital Permits"</A>"."</p>
            }
            .into_any(),
        }
    })
}

/// `ready`: the order a renewal email's link opened, paid as it is unless the duration changes.
#[component]
fn Questions(permit_id: String, #[prop(optional)] ready: Option<String>) -> impl IntoView {
    let session = use_session();
    let permits = load(|api| async move { api.permits().await });
    let permit_id = StoredValue::new(permit_id);
    let ready = StoredValue::new(ready);
    view! {
        <RequireLogin>
            {loaded(permits, "Loading your permit…", move |found| {
                let permit = found.into_iter().find(|p| p.id == permit_id.get_value());
                match (permit, session.scheme()) {
                    (Some(permit), Some(scheme)) => {
                        let ready = ready.get_value();
                        view! { <RenewFor permit=permit scheme=scheme ready=ready/> }.into_any()
                    }
                    _ => view! {
                        <h1>"Permit not found"</h1>
                        <p>"Choose the permit to renew on "<A href="/permits">"Manage Digital Permits"</A>"."</p>
                    }.into_any(),
                }
            })}
        </RequireLogin>
    }
}

#[component]
fn RenewFor(permit: Permit, scheme: Scheme, ready: Option<String>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let choices = match scheme.product(&permit.permit_type) {
        Some(Product::VehiclePermit(v)) if v.durations.len() > 1 => Some(duration_choices(v)),
        _ => None,
    };
    let name = scheme
        .product(&permit.permit_type)
        .map(|p| p.name().to_owned())
        .unwrap_or_else(|| permit.permit_type.to_string());
    let lede = format!("{name} for {}", permit.vrm.spaced());
    // A ready-made order is for the permit's own duration.
    let chosen = RwSignal::new(if ready.is_some() {
        permit.months.to_string()
    } else {
        String::new()
    });
    let ready = StoredValue::new(ready);
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    // One key per renewal, kept across retries so a retry never makes a second order.
    let key = StoredValue::new(idempotency_key());
    let checked = RwSignal::new(None::<(Option<u32>, RenewalQuote)>);
    // RP-6: "Renew automatically" as on the Buy page, where the council's payment account takes
    // recurring payments for this permit and no card is set up for it yet (off until ticked).
    let renewing = load(|api| async move { api.renews_automatically().await });
    let renew_automatically = RwSignal::new(false);
    let (type_, by) = (
        StoredValue::new(permit.permit_type.clone()),
        permit.renews_by,
    );
    let offered = move || {
        by != RenewsBy::CardOnFile
            && matches!(renewing.get(), Some(Ok(types)) if type_.with_value(|t| types.contains(t)))
    };
    let (permit, scheme) = (StoredValue::new(permit), StoredValue::new(scheme));
    let check = move || {
        let quote = renewal_quote(
            &scheme.read_value(),
            &permit.read_value(),
            &chosen.get_untracked(),
            session.now(),
        );
        match quote {
            Ok(quote) => {
                errors.set(FormErrors::new());
                checked.set(Some(quote));
                show_step("Check your answers before paying");
            }
            Err(found) => errors.set(found),
        }
    };
    // A single duration has nothing to ask: straight to checking the answers.
    let ask = choices.is_some();
    if !ask || ready.with_value(Option::is_some) {
        check();
    }
    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check();
    };
    let on_change = move |_: &'static str| {
        // Another duration is a renewal of its own, not the order the link opened.
        ready.set_value(None);
        checked.set(None);
        focus_after_render("input[name='duration_months']:checked, #duration_months".to_owned());
    };
    let on_pay = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((months, _)) = checked.get_untracked() else {
            return;
        };
        let (api, id) = (api.clone(), permit.read_value().id.clone());
        let navigate = navigate.clone();
        let ready = ready.get_value();
        submit_once(pending, async move {
            let auto_renew = untrack(offered).then(|| renew_automatically.get_untracked());
            let started = match ready {
                Some(order_id) => api.pay_ready_order(&order_id, auto_renew).await,
                None => {
                    let answers = (months, auto_renew);
                    api.start_renewal(&id, &key.get_value(), answers).await
                }
            };
            match started {
                Ok(started) => {
                    let back = format!("/permits/renew?order={}&id={id}", started.order_id);
                    go_to_payment(&started, &back, &navigate);
                }
                Err(error) => {
                    errors.set(FormErrors::from_api(
                        &error,
                        &["duration_months", "auto_renew"],
                    ));
                    if ask {
                        checked.set(None);
                    }
                }
            }
        });
    };
    view! {
        {move || match checked.get() {
            Some((_, quote)) => {
                let on_pay = on_pay.clone();
                let answers = renewal_answers(&scheme.read_value(), &permit.read_value(), &quote);
                view! {
                    <h1>"Check your answers before paying"</h1>
                    <ErrorSummary errors=errors/>
                    <CheckAnswers answers=answers on_change=on_change/>
                    {quote.needs_review.then(|| view! { <p>"The council checks each renewal; if it refuses, your money is returned."</p> })}
                    <form on:submit=on_pay novalidate>
                        {offered().then(|| view! { <RenewAutomatically on=renew_automatically/> })}
                        <SubmitButton id="pay" label="Continue to payment" pending_label="Going to payment…" pending=pending/>
                    </form>
                    <p><A href="/permits">"Back to your permits"</A></p>
                }.into_any()
            }
            None => view! {
                <h1>"Renew your permit"</h1>
                <p class="lede" id="renewing">{lede.clone()}</p>
                <ErrorSummary errors=errors/>
                {match choices.clone() {
                    Some(choices) => view! {
                        <form on:submit=on_continue novalidate>
                            <RadioField id="duration_months" legend="How long do you want to renew it for?"
                                value=chosen errors=errors choices=choices/>
                            <SubmitButton id="renew-continue" label="Continue" pending_label="Continue" pending=pending/>
                        </form>
                    }.into_any(),
                    // Nothing to ask and not renewable now: the reason is in the summary.
                    None => ().into_any(),
                }}
                <p><A href="/permits">"Back to your permits"</A></p>
            }.into_any(),
        }}
    }
}

/// Back from the hosted payment page, or in the app while the payer pays in the system browser
/// (`in_app`): the renewal as the server read it from the provider.
#[component]
fn Returned(order_id: String, permit_id: Option<String>, in_app: bool) -> impl IntoView {
    let api = use_api();
    let outcome = RwSignal::new(None::<Result<OrderOutcome, ApiError>>);
    let page = RwSignal::new(None::<String>);
    show_step(if in_app {
        "Finish paying in your browser"
    } else {
        "Checking your payment"
    });
    let ready = StoredValue::new((order_id.clone(), permit_id.clone()));
    spawn_local(async move {
        let shown = move |next: Option<String>| page.try_set(next).is_none();
        let in_app = in_app.then_some(&shown as &dyn Fn(Option<String>) -> bool);
        let found = follow(&api, &order_id, in_app).await;
        let title = match &found {
            Ok(OrderOutcome::Ready) => "Check your answers before paying",
            Ok(OrderOutcome::Paid(_)) => "Permit renewed",
            Ok(OrderOutcome::Waiting(_)) => "Your payment is still being checked",
            _ => "Your payment was not taken",
        };
        outcome.set(Some(found));
        show_step(title);
    });
    let again = StoredValue::new(
        permit_id
            .as_deref()
            .map(renew_href)
            .unwrap_or_else(|| "/permits".to_owned()),
    );
    let try_again = move || {
        view! { <p><A href=again.get_value()>"Try again"</A>" · "<A href="/permits">"Manage Digital Permits"</A></p> }
    };
    view! {
        {move || match outcome.get() {
            None if in_app => view! { <PayingInBrowser page=page/> }.into_any(),
            None => view! {
                <h1>"Checking your payment"</h1>
                <p role="status" id="checking-payment">"Please wait while we check your payment with the payment service."</p>
            }.into_any(),
            Some(Ok(OrderOutcome::Paid(receipt))) => {
                let review = receipt.status == "pending_review";
                view! {
                    <ConfirmationPanel title="Permit renewed" reference=short_reference(&receipt.id) id="renewal-panel"/>
                    <div id="renewal-confirmation" role="status">
                        <p>{format!("You paid {}. Your permit now runs until {}.", receipt.total, display_end(receipt.valid_until))}</p>
                        {review.then(|| view! { <p>"The council checks this renewal. We will email you its decision."</p> })}
                        <h2>"What happens next"</h2>
                        <p>"The reference is also in your "<A href="/payments">"payment history"</A>"."</p>
                        <p><A href="/permits">"Manage Digital Permits"</A>" · "<A href="/">"Main menu"</A></p>
                    </div>
                }.into_any()
            }
            // The order a renewal email's link opened: its answers, then the payment page.
            Some(Ok(OrderOutcome::Ready)) => {
                let (order_id, permit_id) = ready.get_value();
                match permit_id {
                    Some(permit_id) => view! { <Questions permit_id=permit_id ready=order_id/> }.into_any(),
                    None => view! {
                        <h1>"Renew a permit"</h1>
                        <p>"Choose the permit to renew on "<A href="/permits">"Manage Digital Permits"</A>"."</p>
                    }.into_any(),
                }
            }
            Some(Ok(OrderOutcome::Waiting(_))) => view! {
                <h1>"Your payment is still being checked"</h1>
                <p id="payment-outcome">"If you paid, your renewed permit will appear in your account within a few minutes, and the payment in your payment history. Nothing is taken if the payment did not go through."</p>
                <p><A href="/payments">"Payment history"</A>" · "<A href="/permits">"Manage Digital Permits"</A></p>
            }.into_any(),
            Some(Ok(OrderOutcome::Refunded)) => {
                let (heading, why) = not_taken(&OrderOutcome::Refunded);
                view! {
                    <h1>{heading}</h1>
                    <p id="payment-outcome">{why}</p>
                    <p><A href="/payments">"Payment history"</A>" · "<A href="/permits">"Manage Digital Permits"</A></p>
                }.into_any()
            }
            Some(Ok(ended)) => {
                let (heading, why) = not_taken(&ended);
                view! {
                    <h1>{heading}</h1>
                    <p id="payment-outcome">{why}</p>
                    {try_again()}
                }.into_any()
            }
            Some(Err(error)) => view! {
                <h1>"Checking your payment"</h1>
                <LoadError error=error/>
                {try_again()}
            }.into_any(),
        }}
    }
}
