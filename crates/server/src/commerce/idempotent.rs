//! What purchases and renewals share: replaying an answer by `Idempotency-Key`, and never
//! keeping money for something that was not recorded.

use super::PurchaseOutcome;
use crate::db::{Conn, idempotency};
use crate::error::ApiError;
use crate::payments::{Charge, PaymentError};
use crate::state::AppState;

/// The stored answer for this key, if the same request was answered before. Call it inside
/// the transaction that holds the resident's lock, so a parallel request waits for the first.
pub(super) async fn replay(
    conn: &mut Conn,
    resident_id: &str,
    key: &str,
    request_hash: &str,
) -> Result<Option<PurchaseOutcome>, ApiError> {
    let Some(stored) = idempotency::find(conn, resident_id, key).await? else {
        return Ok(None);
    };
    if stored.request_hash != request_hash {
        return Err(ApiError::invalid(
            "idempotency_key_reused",
            "Idempotency-Key",
            "This Idempotency-Key was used for a different request. Use a new key.",
        ));
    }
    Ok(Some(PurchaseOutcome {
        status: u16::try_from(stored.status_code).unwrap_or(200),
        body: stored.response,
    }))
}

/// Passes `result` through; if recording failed after the charge, gives the money back.
pub(super) fn refund_if_failed<T>(
    state: &AppState,
    charge_ref: &str,
    amount_pence: i64,
    result: Result<T, ApiError>,
) -> Result<T, ApiError> {
    if result.is_err()
        && let Err(error) = state.payments.refund(charge_ref, amount_pence)
    {
        tracing::error!(%error, charge = %charge_ref, "refund after a failed purchase failed");
    }
    result
}

/// Takes the money, turning the provider's answer into the API's. The card number stays out
/// of the span.
#[tracing::instrument(skip_all, fields(amount_pence = amount_pence))]
pub(super) fn charge(
    state: &AppState,
    card_number: &str,
    amount_pence: i64,
    description: &str,
) -> Result<Charge, ApiError> {
    state
        .payments
        .charge(card_number, amount_pence, description)
        .map_err(|error| {
            let message = error.to_string();
            match error {
                PaymentError::Declined => ApiError::Payment {
                    code: "card_declined",
                    message,
                },
                PaymentError::Failed => ApiError::Payment {
                    code: "payment_failed",
                    message,
                },
                PaymentError::UnknownCard => {
                    ApiError::refused("card_unknown", message, Some("card_number"))
                }
            }
        })
}
