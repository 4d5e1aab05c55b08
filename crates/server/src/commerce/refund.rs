//! Giving money back (VP-6, RP-2 rejections; RP-5, AVP-4 cancellations) through whoever took
//! it: a purchase paid on the provider's hosted page (a two-phase order) is refunded through the
//! council's provider, checked against what it says is still refundable; one paid with a sandbox
//! card number through the card path.

use crate::db::{Conn, orders, payments, refunds};
use crate::domain::RefundState;
use crate::error::ApiError;
use crate::payments::provider::ProviderError;
use crate::state::AppState;
use permit_rules::Pence;

/// Refunds `amount_pence` of `payment`, in the caller's transaction. A card-path payment
/// (demos and tests) is refunded at once, and a failure rolls the caller back; a payment taken
/// on the provider's hosted page gets a pending refund that [`send_refunds`] sends, retrying
/// while the provider cannot be reached, so an outage never blocks the decision.
#[tracing::instrument(skip_all, fields(payment = %payment.id, amount_pence))]
pub async fn give_back(
    state: &AppState,
    conn: &mut Conn,
    payment: &payments::PaymentRow,
    amount_pence: i64,
) -> Result<(), ApiError> {
    match orders::for_payment(conn, &payment.id).await? {
        Some(order) => {
            refunds::insert(conn, &payment.id, &order.id, amount_pence, state.now()).await?;
            Ok(())
        }
        None => state
            .payments
            .refund(&payment.charge_ref, amount_pence)
            .map_err(ApiError::internal),
    }
}

/// Sends up to `limit` pending refunds to the provider (the jobs, every minute). Accepted ones
/// are `sent`; refused ones (more than the provider still holds, an unknown payment) `failed`
/// and logged for staff; an unreachable provider leaves them pending for the next run.
#[tracing::instrument(skip_all)]
pub async fn send_refunds(state: &AppState, limit: i64) -> Result<usize, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let due = refunds::pending(&mut conn, limit).await?;
    let mut sent = 0;
    for refund in due {
        let Some(order) = orders::by_id(&mut conn, &refund.order_id).await? else {
            continue;
        };
        let (council, payment) = match (
            permit_rules::CouncilId::parse(&order.council),
            order.provider_payment_id.as_deref(),
        ) {
            (Ok(council), Some(payment)) => (council, payment),
            _ => continue,
        };
        let Some(provider) = state.providers.get(&council) else {
            continue;
        };
        let amount = Pence(u64::try_from(refund.amount_pence).unwrap_or_default());
        let (outcome, provider_id) = match provider.refund(payment, amount).await {
            Ok(done) => (RefundState::Sent, Some(done.refund_id)),
            Err(ProviderError::Unavailable) => {
                tracing::warn!(refund = %refund.id, "provider unavailable; refund retried later");
                continue;
            }
            Err(error) => {
                tracing::error!(refund = %refund.id, %error, "refund refused by the provider; staff must follow it up");
                (RefundState::Failed, None)
            }
        };
        let now = state.now();
        if refunds::record_attempt(&mut conn, &refund.id, outcome, provider_id.as_deref(), now)
            .await?
            && outcome == RefundState::Sent
        {
            sent += 1;
        }
    }
    Ok(sent)
}
