//! Back from the provider's hosted payment page (issue 16): what the Buy and Renew pages share.
//! The server reads the payment's state from the provider (never from this page); the page asks
//! it a few times while the provider has no answer yet.

use crate::api::{Api, ApiResult};
use crate::model::OrderOutcome;

/// How many times the return page reads the order while the provider has no answer yet, a
/// second apart (the server reads the provider each time).
const RETURN_READS: u32 = 10;

/// The order once settled, or still `Waiting` after [`RETURN_READS`] reads.
pub(crate) async fn follow(api: &Api, order_id: &str) -> ApiResult<OrderOutcome> {
    let mut read = 1;
    loop {
        let found = api.purchase_order(order_id).await;
        if !matches!(found, Ok(OrderOutcome::Waiting)) || read == RETURN_READS {
            return found;
        }
        read += 1;
        pause_ms(1000).await;
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
