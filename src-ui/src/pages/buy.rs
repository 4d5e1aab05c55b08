//! Buy Digital Permits: the product as radios with its prices, quantity or duration, the price
//! and allowance before paying; then "Check your answers" and "Continue to payment", which
//! sends the browser to the payment provider's hosted page (issue 16: no card field anywhere);
//! the provider sends it back to `/buy?order=<id>`, which shows "Checking your payment", then
//! the confirmation panel with a short reference, or why it was not paid and a way to try again
//! (VP-1, VP-4, VP-5, VP-6, VP-7, RP-1). The app opens the provider's page in the system
//! browser and goes to `/buy?order=<id>&paying=app` itself, which follows the order until it
//! settles. The question steps share one URL (a reload starts the order again); the return
//! works on reload.

use super::order_return::PayingInBrowser;
use super::submit_once;
use crate::api::idempotency_key;
use crate::app::{focus_after_render, show_step, use_api, use_session};
use crate::components::{
    CheckAnswers, ConfirmationPanel, ErrorSummary, LoadError, RadioField, RenewAutomatically,
    RequireLogin, SubmitButton, TextField, load, reactive, show_when,
};
use crate::format::{PermitsHeld, allowance_meter, short_reference};
use crate::forms::{BuyForm, FormErrors, duration_choices, product_choices, purchase_answers};
use crate::model::{ApiError, OrderOutcome, PurchaseOrder, Receipt, VisitorBalance};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use permit_rules::scheme::{Product, VisitorBundle};
use permit_rules::time::display_end;
use permit_rules::{PastPurchase, PurchaseQuote, Scheme};

/// Where the order is: the questions, or the last look before paying.
#[derive(Debug, Clone)]
enum Step {
    Choose,
    Check(Box<(PurchaseOrder, PurchaseQuote)>),
}

#[derive(Debug, Clone)]
struct Paid {
    receipt: Receipt,
    /// A visitor bundle (so "Activate a visitor permit" makes sense next), not a vehicle permit.
    visitor: bool,
    /// The visitor permits held after a bundle purchase.
    held: Option<PermitsHeld>,
}

#[component]
pub(crate) fn Buy() -> impl IntoView {
    // Back from the provider's payment page (`?order=`): that order's outcome; else (also
    // after "Try again" from it) the questions.
    let query = use_query_map();
    reactive(move || match query.with(|q| q.get("order")) {
        Some(order_id) => {
            let in_app = query.with(|q| q.get("paying")).as_deref() == Some("app");
            view! { <RequireLogin><Returned order_id=order_id.clone() in_app=in_app/></RequireLogin> }.into_any()
        }
        None => view! { <Questions/> }.into_any(),
    })
}

#[component]
fn Questions() -> impl IntoView {
    let session = use_session();
    let step = RwSignal::new(Step::Choose);
    // Each step has its own heading (the confirmation's is in its panel).
    let heading = move || match step.get() {
        Step::Choose => "Buy Digital Permits",
        Step::Check(_) => "Check your answers before paying",
    };
    view! {
        <h1>{heading}</h1>
        <RequireLogin>
            {move || session.scheme().map(|scheme| view! { <BuyFor scheme=scheme step=step/> })}
        </RequireLogin>
    }
}

/// Back from the hosted payment page, or in the app while the payer pays in the system browser
/// (`in_app`): the server reads the payment from the provider (never from this page) and the
/// outcome is shown.
#[component]
fn Returned(order_id: String, in_app: bool) -> impl IntoView {
    let api = use_api();
    let outcome = RwSignal::new(None::<Result<OrderOutcome, ApiError>>);
    let held_after = RwSignal::new(None::<PermitsHeld>);
    let page = RwSignal::new(None::<String>);
    show_step(if in_app {
        "Finish paying in your browser"
    } else {
        "Checking your payment"
    });
    spawn_local(async move {
        let shown = move |next: Option<String>| page.try_set(next).is_none();
        let in_app = in_app.then_some(&shown as &dyn Fn(Option<String>) -> bool);
        let found = super::order_return::follow(&api, &order_id, in_app).await;
        let paid = matches!(&found, Ok(OrderOutcome::Paid(r)) if r.visitor);
        let held = held_after_buying(&api, paid).await;
        let title = match &found {
            Ok(OrderOutcome::Paid(_)) => "Payment complete",
            Ok(OrderOutcome::Waiting(_)) => "Your payment is still being checked",
            _ => "Your payment was not taken",
        };
        held_after.set(held);
        outcome.set(Some(found));
        show_step(title);
    });
    let try_again =
        || view! { <p><A href="/buy">"Try again"</A>" · "<A href="/">"Main menu"</A></p> };
    view! {
        {move || match outcome.get() {
            None if in_app => view! { <PayingInBrowser page=page/> }.into_any(),
            None => view! {
                <h1>"Checking your payment"</h1>
                <p role="status" id="checking-payment">"Please wait while we check your payment with the payment service."</p>
            }.into_any(),
            Some(Ok(OrderOutcome::Paid(receipt))) => {
                let visitor = receipt.visitor;
                view! { <Confirmation paid=Paid { receipt, visitor, held: held_after.get() }/> }.into_any()
            }
            Some(Ok(OrderOutcome::Waiting(_))) => view! {
                <h1>"Your payment is still being checked"</h1>
                <p id="payment-outcome">"If you paid, your permits will appear in your account within a few minutes, and the payment in your payment history. Nothing is taken if the payment did not go through."</p>
                <p><A href="/payments">"Payment history"</A>" · "<A href="/">"Main menu"</A></p>
            }.into_any(),
            Some(Ok(ended)) => {
                let (heading, why) = super::order_return::not_taken(&ended);
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

/// The visitor permits held after buying a bundle (`visitor`); none after a vehicle permit.
async fn held_after_buying(api: &crate::api::Api, visitor: bool) -> Option<PermitsHeld> {
    if !visitor {
        return None;
    }
    api.visitor_balance()
        .await
        .ok()
        .map(|b| PermitsHeld::of(&b))
}

#[component]
fn BuyFor(scheme: Scheme, step: RwSignal<Step>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let balance = load(|api| async move { api.visitor_balance().await });
    // RP-6: what Check your answers offers "Renew automatically" for, and the tick (off).
    let renewing = load(|api| async move { api.renews_automatically().await });
    let renew_automatically = RwSignal::new(false);
    // Purchases that count against the allowance; none known when the service cannot say.
    let history = move || -> Vec<PastPurchase> {
        match balance.get() {
            Some(Ok(balances)) => balances.into_iter().flat_map(|b| b.purchases).collect(),
            _ => Vec::new(),
        }
    };
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    // One key per order, kept across retries so a retry never pays twice.
    let key = StoredValue::new(idempotency_key());
    let only = (scheme.products.len() == 1).then(|| scheme.products[0].id().to_string());
    let permit_type = RwSignal::new(only.unwrap_or_default());
    let quantity = RwSignal::new("1".to_owned());
    let duration = RwSignal::new(String::new());
    let vrm = RwSignal::new(String::new());
    let scheme = StoredValue::new(scheme);
    let form = move || BuyForm {
        permit_type: permit_type.get(),
        quantity: quantity.get(),
        duration_months: duration.get(),
        vrm: vrm.get(),
    };
    let product = move || form().product(&scheme.read_value()).cloned();
    let quote = move || form().quote(&scheme.read_value(), &history(), session.now());
    // The questions answered: check them here (the server checks again), then show them.
    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form().order(&scheme.read_value(), &history(), session.now()) {
            Ok(checked) => {
                errors.set(FormErrors::new());
                step.set(Step::Check(Box::new(checked)));
                show_step("Check your answers");
            }
            Err(found) => errors.set(found),
        }
    };
    // Back to the questions, focus on the one to change.
    let on_change = move |field: &'static str| {
        step.set(Step::Choose);
        let css = if field == "permit_type" || field == "duration_months" {
            format!("input[name='{field}']:checked, #{field}")
        } else {
            format!("#{field}")
        };
        focus_after_render(css);
    };
    // The order holds its permits; the browser goes to the provider's page, the app follows
    // the order while the payer pays in the system browser.
    let pay = move |order: PurchaseOrder| {
        let (api, navigate) = (api.clone(), navigate.clone());
        submit_once(pending, async move {
            match api.start_purchase(&key.get_value(), &order).await {
                Ok(started) => {
                    let back = format!("/buy?order={}", started.order_id);
                    super::order_return::go_to_payment(&started, &back, &navigate);
                }
                // A refusal: back to the questions, the error by its field.
                Err(error) => {
                    step.set(Step::Choose);
                    errors.set(FormErrors::from_api(&error, BuyForm::FIELDS));
                }
            }
        });
    };
    let choices = product_choices(&scheme.read_value());
    let single = (choices.len() == 1).then(|| choices[0].clone());
    view! {
        {move || match step.get() {
            Step::Check(checked) => {
                let (order, quote) = *checked;
                let answers = purchase_answers(&scheme.read_value(), &order, &quote);
                let review = quote.needs_review;
                let label = "Continue to payment".to_owned();
                let pending_label = "Going to payment…";
                let pay = pay.clone();
                let offered =
                    matches!(renewing.get(), Some(Ok(types)) if types.contains(&order.permit_type));
                let on_pay = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let auto_renew = offered.then(|| renew_automatically.get_untracked());
                    pay(PurchaseOrder { auto_renew, ..order.clone() });
                };
                Some(view! {
                    <CheckAnswers answers=answers on_change=on_change/>
                    {review.then(|| view! { <p>"The council checks each purchase; if it refuses, your money is returned."</p> })}
                    <form on:submit=on_pay novalidate>
                        {offered.then(|| view! { <RenewAutomatically on=renew_automatically/> })}
                        <SubmitButton id="pay" label=label pending_label=pending_label pending=pending/>
                    </form>
                }.into_any())
            }
            Step::Choose => None,
        }}
        {show_when(move || matches!(step.get(), Step::Choose), move || view! {
            {move || match balance.get() {
                Some(Err(error)) if error.code != ApiError::NOT_AVAILABLE => Some(view! { <LoadError error=error/> }),
                _ => None,
            }}
            <ErrorSummary errors=errors/>
            <form on:submit=on_continue novalidate>
                {match single.clone() {
                    // One product: nothing to choose, but its name and price are still shown.
                    Some(only) => view! {
                        <p class="lede" id="permit_type">{only.label}</p>
                        {only.hint.map(|hint| view! { <p class="hint">{hint}</p> })}
                    }.into_any(),
                    None => view! {
                        <RadioField id="permit_type" legend="What do you want to buy?" value=permit_type
                            errors=errors choices=choices.clone()/>
                    }.into_any(),
                }}
                {move || match product() {
                    Some(Product::VisitorBundle(bundle)) => {
                        let meter = meter_for(balance.get(), &bundle, session.now());
                        let held = match balance.get() {
                            Some(Ok(balances)) => Some(PermitsHeld::of(&balances).words()),
                            _ => None,
                        };
                        view! {
                            {held.map(|words| view! { <p class="lede" id="permits-held">{words}</p> })}
                            {meter.map(|(left, limit, words)| view! {
                                <div class="meter" id="allowance">
                                    <label for="allowance-meter">"Your allowance"</label>
                                    <meter id="allowance-meter" min="0" max=limit value=left>{words.clone()}</meter>
                                    <p>{words}</p>
                                </div>
                            })}
                            <TextField id="quantity" label="Number of bundles" value=quantity errors=errors
                                kind="number" inputmode="numeric"
                                hint=Signal::derive(move || format!("{} permits per bundle, at most {} bundles at a time.", bundle.bundle_size, bundle.max_quantity))/>
                        }.into_any()
                    }
                    Some(Product::VehiclePermit(permit)) => {
                        view! {
                            <RadioField id="duration_months" legend="How long for?" value=duration errors=errors
                                choices=duration_choices(&permit)/>
                            <TextField id="vrm" label="Vehicle registration" value=vrm errors=errors
                                hint=Signal::derive(|| "For example AB12 CDE".to_owned())/>
                        }.into_any()
                    }
                    None => ().into_any(),
                }}
                <div class="quote" aria-live="polite" id="quote">
                    {move || product().map(|_| match quote() {
                        Ok(q) => view! {
                            <p><strong>{format!("You pay {}", q.total)}</strong>
                            {format!(" for {} permit{}, usable until {}.", q.permits,
                                if q.permits == 1 { "" } else { "s" }, display_end(q.valid_until))}</p>
                            {q.needs_review.then(|| view! { <p>"The council checks each purchase; if it refuses, your money is returned."</p> })}
                        }.into_any(),
                        Err(problem) => view! {
                            <p>{problem.all().first().map(|e| e.message.clone()).unwrap_or_default()}</p>
                        }.into_any(),
                    })}
                </div>
                <SubmitButton id="buy-continue" label="Continue" pending_label="Continue" pending=pending/>
            </form>
        }.into_any())}
    }
}

/// The allowance meter: the server's own count where the transport has it, else the rules
/// crate's from the known purchases; none while loading or when nothing is known.
fn meter_for(
    balance: Option<Result<Vec<VisitorBalance>, ApiError>>,
    bundle: &VisitorBundle,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(u32, u32, String)> {
    let balances = balance?.ok()?;
    let mine = balances.into_iter().find(|b| b.permit_type == bundle.id);
    match mine {
        Some(VisitorBalance {
            allowance: Some(a), ..
        }) => Some((a.left, a.limit, a.summary)),
        Some(b) => allowance_meter(bundle, &b.purchases, now),
        None => allowance_meter(bundle, &[], now),
    }
}

/// The confirmation panel with the reference (also in Payment History), then what was bought,
/// the permits held and what to do next: activating a visitor permit only after a bundle.
#[component]
fn Confirmation(paid: Paid) -> impl IntoView {
    let Paid {
        receipt,
        visitor,
        held,
    } = paid;
    let review = receipt.status == "pending_review";
    view! {
        <ConfirmationPanel title="Payment complete" reference=short_reference(&receipt.id) id="purchase-panel"/>
        <div id="purchase-confirmation" role="status">
            <p>{format!("You paid {} for {} permit{}, usable until {}.", receipt.total, receipt.permits,
                if receipt.permits == 1 { "" } else { "s" }, display_end(receipt.valid_until))}</p>
            {review.then(|| view! { <p>"The council checks this purchase. We will email you its decision."</p> })}
            {held.map(|held| view! { <p id="permits-held-after">{held.words()}</p> })}
            <h2>"What happens next"</h2>
            <p>"The reference is also in your "<A href="/payments">"payment history"</A>"."</p>
            <p>
                {visitor.then(|| view! { <A href="/activate">"Activate a visitor permit"</A>" · " })}
                <A href="/">"Main menu"</A>
            </p>
        </div>
    }
}
