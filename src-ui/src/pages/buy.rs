//! Buy Digital Permits: product, quantity or duration, the price and allowance before paying,
//! sandbox card, confirmation (VP-1, VP-4, VP-5, VP-6, RP-1).

use super::submit_once;
use crate::api::idempotency_key;
use crate::app::{use_api, use_session};
use crate::components::{
    CardFields, CardInput, ErrorSummary, LoadError, RequireLogin, SelectField, SubmitButton,
    TextField, load,
};
use crate::format::{PermitsHeld, allowance_meter};
use crate::forms::{BuyForm, FormErrors};
use crate::model::{ApiError, Receipt, VisitorBalance};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_rules::scheme::{Product, VisitorBundle};
use permit_rules::time::display_end;
use permit_rules::{PastPurchase, Scheme};

#[component]
pub(crate) fn Buy() -> impl IntoView {
    let session = use_session();
    view! {
        <h1>"Buy Digital Permits"</h1>
        <RequireLogin>
            {move || session.scheme().map(|scheme| view! { <BuyFor scheme=scheme/> })}
        </RequireLogin>
    }
}

fn product_options(scheme: &Scheme) -> Vec<(String, String)> {
    scheme
        .products
        .iter()
        .map(|p| {
            let price = match p {
                Product::VisitorBundle(b) => format!("{} per bundle", b.price_pence),
                Product::VehiclePermit(v) => {
                    let from = v.durations.iter().map(|d| d.price_pence).min();
                    from.map(|p| format!("from {p}")).unwrap_or_default()
                }
            };
            (p.id().to_string(), format!("{} ({price})", p.name()))
        })
        .collect()
}

#[component]
fn BuyFor(scheme: Scheme) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let balance = load(|api| async move { api.visitor_balance().await });
    // Purchases that count against the allowance; none known when the service cannot say.
    let history = move || -> Vec<PastPurchase> {
        match balance.get() {
            Some(Ok(balances)) => balances.into_iter().flat_map(|b| b.purchases).collect(),
            _ => Vec::new(),
        }
    };
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let receipt = RwSignal::new(None::<Receipt>);
    // The visitor permits held after a bundle purchase (None after a vehicle permit).
    let held_after = RwSignal::new(None::<PermitsHeld>);
    let bought_bundle = RwSignal::new(false);
    // One key per order, kept across retries so a retry never pays twice.
    let key = StoredValue::new(idempotency_key());
    let only = (scheme.products.len() == 1).then(|| scheme.products[0].id().to_string());
    let permit_type = RwSignal::new(only.unwrap_or_default());
    let quantity = RwSignal::new("1".to_owned());
    let duration = RwSignal::new(String::new());
    let vrm = RwSignal::new(String::new());
    let card = CardInput::new();
    let scheme = StoredValue::new(scheme);
    let form = move || BuyForm {
        permit_type: permit_type.get(),
        quantity: quantity.get(),
        duration_months: duration.get(),
        vrm: vrm.get(),
        card_number: card.number.get(),
        card_expiry: card.expiry.get(),
        card_cvc: card.cvc.get(),
    };
    let product = move || form().product(&scheme.read_value()).cloned();
    let quote = move || form().quote(&scheme.read_value(), &history(), session.now());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let order = form().order(&scheme.read_value(), &history(), session.now());
        let (order, _) = match order {
            Ok(found) => found,
            Err(found) => return errors.set(found),
        };
        let bundle = matches!(product(), Some(Product::VisitorBundle(_)));
        let api = api.clone();
        submit_once(pending, async move {
            match api.buy(&key.get_value(), &order).await {
                Ok(done) => {
                    key.set_value(idempotency_key());
                    bought_bundle.set(bundle);
                    if bundle {
                        let balances = api.visitor_balance().await;
                        held_after.set(balances.ok().map(|b| PermitsHeld::of(&b)));
                    }
                    errors.set(FormErrors::new());
                    receipt.set(Some(done));
                }
                Err(error) => errors.set(FormErrors::from_api(&error, BuyForm::FIELDS)),
            }
        });
    };
    let options = product_options(&scheme.read_value());
    view! {
        {move || receipt.get().map(|r| view! { <Confirmation receipt=r visitor=bought_bundle.get() held=held_after.get()/> })}
        <Show when=move || receipt.get().is_none()>
            {move || match balance.get() {
                Some(Err(error)) if error.code != ApiError::NOT_AVAILABLE => Some(view! { <LoadError error=error/> }),
                _ => None,
            }}
            <ErrorSummary errors=errors/>
            <form on:submit=on_submit.clone() novalidate>
                <SelectField id="permit_type" label="What do you want to buy?" value=permit_type
                    errors=errors options=Signal::derive({ let o = options.clone(); move || o.clone() })/>
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
                        let durations: Vec<(String, String)> = permit.durations.iter()
                            .map(|d| (d.months.to_string(), format!("{} months: {}", d.months, d.price_pence)))
                            .collect();
                        view! {
                            <p class="hint">{permit.description.clone()}</p>
                            <SelectField id="duration_months" label="How long for?" value=duration errors=errors
                                options=Signal::derive(move || durations.clone())/>
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
                <CardFields card=card errors=errors/>
                <SubmitButton id="pay" label="Pay now" pending_label="Paying…" pending=pending/>
            </form>
        </Show>
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

#[component]
fn Confirmation(receipt: Receipt, visitor: bool, held: Option<PermitsHeld>) -> impl IntoView {
    let review = receipt.status == "pending_review";
    view! {
        <div class="confirmation" role="status" id="purchase-confirmation">
            <h2>"Payment received"</h2>
            <p>{format!("You paid {} for {} permit{}, usable until {}.", receipt.total, receipt.permits,
                if receipt.permits == 1 { "" } else { "s" }, display_end(receipt.valid_until))}</p>
            {review.then(|| view! { <p>"The council checks this purchase. We will email you its decision."</p> })}
            {held.map(|held| view! { <p id="permits-held-after">{held.words()}</p> })}
            <p>"Reference: " {receipt.id.clone()}</p>
            <p>
                {visitor.then(|| view! { <A href="/activate">"Activate a visitor permit"</A>" · " })}
                <A href="/">"Main menu"</A>
            </p>
        </div>
    }
}
