//! Ending a vehicle permit during its period (RP-5, AVP-4, and AVP-5's move), refunding what the
//! council's policy gives back, with its renewal still awaiting the council's review (RP-2).

use super::held_permit;
use crate::db::{Tx, payments, permits};
use crate::domain::PermitState;
use crate::error::ApiError;
use crate::state::AppState;
use permit_rules::{Pence, PermitCancellation, Scheme, cancel_permit};

/// A permit cancelled: what the rules decided, and everything given back for it (this
/// period's refund and, RP-5 with RP-2, the payment of a renewal withdrawn with it).
#[derive(Debug)]
pub struct Cancelled {
    pub cancellation: PermitCancellation,
    pub refunded: Pence,
}

/// Cancels `row` inside the caller's transaction. The refunds are recorded last and sent
/// once the caller commits: if recording fails, the transaction is dropped and nothing changed.
#[tracing::instrument(skip_all, fields(permit_id = %row.id))]
pub async fn cancel_held(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    row: &permits::PermitRow,
) -> Result<Cancelled, ApiError> {
    let now = state.now();
    let cancellation = cancel_permit(scheme, &held_permit(row)?, now).map_err(ApiError::refusal)?;
    let refund = i64::try_from(cancellation.refund.0).map_err(ApiError::internal)?;
    let mut refunded = 0;
    if cancellation.withdraws_renewal
        && let Some(next) = permits::under_review_with(conn, &row.id).await?
    {
        let next = permits::get(conn, &row.resident_id, &next)
            .await?
            .ok_or(ApiError::NotFound)?;
        // RP-5 with RP-2 (`permit_rules::cancel_permit` decides): the renewal awaiting the
        // council's review is withdrawn, leaving its queue, and its payment returned in full.
        refunded += end_period(state, conn, scheme, &next, None).await?;
    }
    refunded += end_period(state, conn, scheme, row, Some(refund)).await?;
    Ok(Cancelled {
        cancellation,
        refunded: Pence(u64::try_from(refunded).unwrap_or_default()),
    })
}

/// Ends one period: cancelled, and its recurring-payment agreement with it (RP-6: cancelled at
/// the provider once the caller commits, so no later renewal is charged); then `refund` (none:
/// all of its payment not yet returned) is recorded against its payment, to be sent once the
/// caller commits. Answers what was refunded.
async fn end_period(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    row: &permits::PermitRow,
    refund: Option<i64>,
) -> Result<i64, ApiError> {
    let now = state.now();
    permits::set_state(conn, &row.id, PermitState::Cancelled, now).await?;
    super::auto_renewal::forget_agreement(conn, scheme.id.as_str(), &row.id, now).await?;
    if refund == Some(0) {
        return Ok(0);
    }
    let payment = payments::get(conn, &row.resident_id, &row.payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let amount = refund.unwrap_or(payment.amount_pence - payment.refunded_pence);
    if amount > 0 {
        payments::record_refund(conn, &payment.id, amount).await?;
        super::give_back(state, conn, &payment, amount).await?;
    }
    Ok(amount)
}
