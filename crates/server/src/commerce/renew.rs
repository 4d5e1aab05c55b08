//! Renewing a vehicle permit within its window (RP-4, AVP-3): the next period follows on from
//! the current one, paid like a purchase and idempotent by key.

use crate::auth::sha256_hex;
use crate::db::{Conn, Tx, payments, permits, residents};
use crate::domain::{Bought, PermitState};
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::{PurchaseReceipt, RenewalOrder};
use permit_rules::{HeldPermit, Pence, PermitType, RenewalQuote, Scheme, may_renew};
use std::sync::Arc;

/// A stored permit as the rules engine sees it.
pub fn held_permit(row: &permits::PermitRow) -> Result<HeldPermit, ApiError> {
    Ok(HeldPermit {
        permit_type: PermitType::parse(&row.permit_type).map_err(ApiError::internal)?,
        valid_from: row.starts(),
        valid_until: row.expires(),
        price_paid: Pence(u64::try_from(row.price_pence).unwrap_or_default()),
        months: u32::try_from(row.duration_months).unwrap_or(12),
        renewed_until: row.renewed_until(),
        renewal_under_review: row.renewal_submitted_at.is_some(),
    })
}

/// What an `Idempotency-Key` answers only: this renewal of this permit.
pub(super) fn renewal_hash(permit_id: &str, order: &RenewalOrder) -> Result<String, ApiError> {
    let body = serde_json::to_string(order).map_err(ApiError::internal)?;
    Ok(sha256_hex(&format!("renew:{permit_id}:{body}")))
}

/// What a renewal is called on the payment page and in Payment History.
pub(super) fn describe(permit: &permits::PermitRow) -> String {
    format!("Renewal of {} for {}", permit.permit_type, permit.vrm)
}

/// The resident's permit and its renewal's quote, if it may be renewed now for `months`
/// (RP-4, AVP-3): active, not renewed already, inside its window. In the caller's transaction,
/// which holds the resident's lock.
pub(super) async fn renewable(
    state: &AppState,
    conn: &mut Conn,
    (resident_id, permit_id): (&str, &str),
    order: &RenewalOrder,
) -> Result<(Arc<Scheme>, permits::PermitRow, RenewalQuote), ApiError> {
    let months = order.duration_months;
    let resident = residents::get(conn, resident_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let permit = permits::get(conn, resident_id, permit_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if permit.state != PermitState::Active {
        return Err(ApiError::Conflict {
            code: "permit_not_active",
            message: "Only an active permit can be renewed.".into(),
        });
    }
    if let Some(until) = permit.renewed_until() {
        let renewed = permit_rules::RenewalRefusal::AlreadyRenewed { until };
        return Err(ApiError::Conflict {
            code: "already_renewed",
            message: renewed.to_string(),
        });
    }
    let quote = may_renew(&scheme, &held_permit(&permit)?, months, state.now())
        .map_err(ApiError::refusal)?;
    Ok((scheme, permit, quote))
}

/// Records a paid renewal: its payment and the permit's next period (also used by auto-renewal).
#[tracing::instrument(skip_all, fields(permit_id = %old.id))]
pub async fn insert_renewal(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    old: &permits::PermitRow,
    quote: &RenewalQuote,
    description: &str,
    charge_ref: &str,
) -> Result<PurchaseReceipt, ApiError> {
    let now = state.now();
    let amount = i64::try_from(quote.price.0).map_err(ApiError::internal)?;
    let new_payment = payments::NewPayment {
        resident_id: &old.resident_id,
        permit_type: &old.permit_type,
        description,
        quantity: 1,
        amount_pence: amount,
        charge_ref,
    };
    let payment = payments::insert(conn, &new_payment, now).await?;
    let new = permits::NewPermit {
        resident_id: &old.resident_id,
        payment_id: &payment.id,
        permit_type: &old.permit_type,
        vrm: &old.vrm,
        property_id: &old.property_id,
        duration_months: i64::from(quote.months),
        price_pence: amount,
        state: PermitState::bought(quote.needs_review),
        auto_renew: old.auto_renew != 0,
        starts_at: quote.valid_from,
        expires_at: quote.valid_until,
        renewed_from: Some(&old.id),
    };
    let row = permits::insert(conn, &new).await?;
    let receipt = PurchaseReceipt {
        payment: payment.view(),
        bundle: None,
        permit: Some(crate::views::permit_view(state, scheme, &row)),
    };
    Ok(receipt)
}
