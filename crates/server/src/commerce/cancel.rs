//! Ending a vehicle permit during its period (RP-5, AVP-4, and AVP-5's move), refunding what the
//! council's policy gives back.

use super::held_permit;
use crate::db::{Tx, payments, permits};
use crate::domain::PermitState;
use crate::error::ApiError;
use crate::state::AppState;
use permit_rules::{PermitCancellation, Scheme, cancel_permit};

/// Cancels `row` inside the caller's transaction. The refund is sent last: if it fails, the
/// transaction is dropped and nothing changed.
#[tracing::instrument(skip_all, fields(permit_id = %row.id))]
pub async fn cancel_held(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    row: &permits::PermitRow,
) -> Result<PermitCancellation, ApiError> {
    let now = state.now();
    let cancellation = cancel_permit(scheme, &held_permit(row)?, now).map_err(ApiError::refusal)?;
    let refund = i64::try_from(cancellation.refund.0).map_err(ApiError::internal)?;
    permits::set_state(conn, &row.id, PermitState::Cancelled, now).await?;
    // RP-6: its recurring-payment agreement ends with it (cancelled at the provider once the
    // caller commits), so no later renewal is charged.
    super::auto_renewal::forget_agreement(conn, scheme.id.as_str(), &row.id, now).await?;
    if refund > 0 {
        let payment = payments::get(conn, &row.resident_id, &row.payment_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        payments::record_refund(conn, &payment.id, refund).await?;
        super::give_back(state, conn, &payment, refund).await?;
    }
    Ok(cancellation)
}
