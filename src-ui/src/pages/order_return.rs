//! Going to the provider's hosted payment page and back (issue 16): what the Buy and Renew
//! pages share. The browser goes to the page and the provider sends it back to the return page;
//! the app has opened the page in the system browser and goes to the return page at once, with
//! `paying=app`, to follow the order while the payer pays. Either way the server reads the
//! payment's state from the provider (never from this page).

use crate::api::{Api, ApiResult};
use crate::model::{OrderOutcome, StartedPayment};
use crate::order_follow::in_app_pause_ms;
use leptos::prelude::*;
use leptos_router::NavigateOptions;

/// How many times the browser's return page reads the order while the provider has no answer
/// yet, a second apart (the server reads the provider each time).
const RETURN_READS: u32 = 10;

/// The query that marks a return page the app went to itself.
pub(crate) const PAYING_IN_APP: &str = "paying=app";

/// After the order is made: the browser goes to the provider's page; the app, which opened
/// that page in the system browser, goes to `return_path` (a page of its own) to follow it.
pub(crate) fn go_to_payment(
    started: &StartedPayment,
    return_path: &str,
    navigate: &impl Fn(&str, NavigateOptions),
) {
    if started.opened_by_app {
        navigate(
            &format!("{return_path}&{PAYING_IN_APP}"),
            NavigateOptions::default(),
        );
    } else if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&started.next_url);
    }
}

/// The order once settled. In the browser (`in_app` none) it is still `Waiting` after
/// [`RETURN_READS`] reads a second apart; in the app it is read on [`in_app_pause_ms`]'s
/// schedule until it settles or expires, each waiting read's payment page passed to `in_app`,
/// which answers whether the page is still shown.
pub(crate) async fn follow(
    api: &Api,
    order_id: &str,
    in_app: Option<&dyn Fn(Option<String>) -> bool>,
) -> ApiResult<OrderOutcome> {
    let began = js_sys::Date::now();
    let mut read = 1;
    loop {
        let found = api.purchase_order(order_id).await;
        let pause = match (&found, in_app) {
            (Ok(OrderOutcome::Waiting(page)), Some(shown)) if shown(page.clone()) => {
                in_app_pause_ms(read, js_sys::Date::now() - began)
            }
            (Ok(OrderOutcome::Waiting(_)), None) if read < RETURN_READS => Some(1000),
            _ => None,
        };
        let Some(pause) = pause else {
            return found;
        };
        read += 1;
        pause_ms(pause).await;
    }
}

/// The app's return page while the payer pays in the system browser: what to do, and the
/// page's address in case the browser did not open.
#[component]
pub(crate) fn PayingInBrowser(page: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <h1>"Finish paying in your browser"</h1>
        <p role="status" id="paying-in-browser">"We opened the payment page in your web browser. Pay there, then come back to the app: this page shows the outcome as soon as the payment service confirms it."</p>
        {move || page.get().map(|url| view! {
            <p>"If the payment page did not open, copy this address into your web browser:"</p>
            <p id="payment-page">{url}</p>
        })}
    }
}

/// The heading and the sentence for an order that was not paid (or whose money goes back).
pub(crate) fn not_taken(ended: &OrderOutcome) -> (&'static str, &'static str) {
    match ended {
        OrderOutcome::Declined => (
            "Your card was declined",
            "Nothing was charged. You can try again with another card.",
        ),
        OrderOutcome::Cancelled => (
            "You cancelled your payment",
            "Nothing was charged and nothing was bought.",
        ),
        OrderOutcome::Expired => (
            "Your payment timed out",
            "The payment was not finished within 90 minutes, so nothing was charged and nothing was bought.",
        ),
        OrderOutcome::Refunded => (
            "Your payment is being returned",
            "The permit was renewed or ended while you were paying, so nothing more was bought and the whole payment is being returned to your card.",
        ),
        _ => (
            "Your payment could not be taken",
            "The payment service could not take the payment. Nothing was charged.",
        ),
    }
}

/// Waits `ms` milliseconds (the browser's timer).
async fn pause_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
