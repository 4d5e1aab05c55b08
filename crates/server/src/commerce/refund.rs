//! Giving money back (VP-6, RP-2 rejections; RP-5, AVP-4 cancellations) through the provider
//! that took it: a purchase paid on the provider's hosted page (a two-phase order) is refunded
//! through the council's provider, checked against what it says is still refundable.

use crate::db::{Conn, orders, payments, refunds};
use crate::domain::RefundState;
use crate::error::ApiError;
use crate::payments::provider::ProviderError;
use crate::state::AppState;
use permit_rules::Pence;

/// Refunds `amount_pence` of `payment`, in the caller's transaction: a pending refund that
/// [`send_refunds`] sends, retrying while the provider cannot be reached, so an outage never
/// blocks the decision. A payment no provider took (the demo's seeded permit: every payment
/// since issue 16 is an order's) has nothing to send back through; it is logged.
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
        None => {
            tracing::warn!(
                payment = %payment.id,
                amount_pence,
                "no provider payment to refund through (seeded data); nothing sent"
            );
            Ok(())
        }
    }
}

/// How long a sender holds a refund it is sending: well over the provider's longest timeout
/// (60 s), so a live sender is never overtaken; a dead one's claim runs out and the jobs send it.
const SEND_CLAIM: chrono::Duration = chrono::Duration::minutes(5);

/// Sends the pending refunds now, in the background: called right after a transaction that
/// recorded one commits, so the money goes back at once without the provider call ever
/// running inside a write transaction (a slow or unreachable provider holds up no other
/// write, and not the request that decided it). What it cannot send the jobs retry.
pub fn send_refunds_soon(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = send_refunds(&state, SOON_BATCH).await {
            tracing::warn!(%error, "refunds not sent after the decision; the jobs retry them");
        }
    });
}

/// Refunds sent right after a decision: a decision records one or two.
const SOON_BATCH: i64 = 20;

/// Sends up to `limit` pending refunds to the provider (the jobs, every minute, and right after
/// a decision). Each is claimed first, so two senders never send the same one. Accepted ones
/// are `sent`; refused ones (more than the provider still holds, an unknown payment) `failed`
/// and logged for staff; an unreachable provider leaves them pending for the next run.
#[tracing::instrument(skip_all)]
pub async fn send_refunds(state: &AppState, limit: i64) -> Result<usize, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let due = refunds::pending(&mut conn, limit, state.now()).await?;
    drop(conn);
    let mut sent = 0;
    for refund in due {
        if send_one(state, &refund).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Claims and sends one refund; true if the provider accepted it. No transaction is open while
/// the provider is called.
async fn send_one(state: &AppState, refund: &refunds::RefundRow) -> Result<bool, ApiError> {
    let mut conn = state.db.write_conn().await?;
    let now = state.now();
    let Some(order) = orders::by_id(&mut conn, &refund.order_id).await? else {
        return Ok(false);
    };
    let (council, payment) = match (
        permit_rules::CouncilId::parse(&order.council),
        order.provider_payment_id.as_deref(),
    ) {
        (Ok(council), Some(payment)) => (council, payment.to_owned()),
        _ => return Ok(false),
    };
    let Some(provider) = state.providers.get(&council) else {
        return Ok(false);
    };
    if !refunds::claim(&mut conn, &refund.id, now, now + SEND_CLAIM).await? {
        return Ok(false);
    }
    // The connection goes back to the pool while the provider answers.
    drop(conn);
    let amount = Pence(u64::try_from(refund.amount_pence).unwrap_or_default());
    let answer = provider.refund(&payment, amount).await;
    let mut conn = state.db.write_conn().await?;
    let (outcome, provider_id) = match answer {
        Ok(done) => (RefundState::Sent, Some(done.refund_id)),
        Err(ProviderError::Unavailable) => {
            tracing::warn!(refund = %refund.id, "provider unavailable; refund retried later");
            refunds::release(&mut conn, &refund.id).await?;
            return Ok(false);
        }
        Err(error) => {
            tracing::error!(refund = %refund.id, %error, "refund refused by the provider; staff must follow it up");
            (RefundState::Failed, None)
        }
    };
    let recorded = refunds::record_attempt(
        &mut conn,
        &refund.id,
        outcome,
        provider_id.as_deref(),
        state.now(),
    )
    .await?;
    Ok(recorded && outcome == RefundState::Sent)
}
