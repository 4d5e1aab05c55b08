//! The renewal link (RP-4, RP-6): where a permit cannot renew itself (no recurring-payment
//! agreement, a declined charge, a council account without recurring payments) the email's link
//! opens a renewal order made for that permit, so the resident goes straight to "Check your
//! answers" and the provider's page. The order is `ready`: it holds nothing (renewals hold no
//! allowance, and a ready order blocks no other renewal) and has no payment at the provider
//! until the resident continues to payment (a provider's payment expires after 90 minutes; the
//! resident may click days later). It lasts until the permit expires, after which renewing is
//! no longer possible anyway; one is made per permit period, so a second email links to it too.

use super::order::{ORDER_EXPIRY, owned, read, return_path, to_provider};
use super::renew::{renewable, renewal_hash};
use super::renewal_order::Renewing;
use crate::db::{Conn, orders, permits, residents};
use crate::domain::OrderState;
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::{PaymentOrder, ReadyRenewalPayment, RenewalOrder};
use permit_rules::{RenewalQuote, Scheme};

/// The `Idempotency-Key` the permit's ready-made order is stored with: one per permit (each
/// period is its own permit), which the orders' unique key per resident enforces.
fn key_for(permit_id: &str) -> String {
    format!("renewal-link:{permit_id}")
}

/// The link to the permit's ready-made renewal order (the web UI's page for it, at this
/// service's public address), made now for `quote` or the one made before; in the caller's
/// transaction, which holds the resident's lock. Sent where a permit does not renew itself:
/// the reminder (RP-4, AVP-3) and a failed auto-renewal (RP-6).
pub async fn ready_link(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    permit: &permits::PermitRow,
    quote: &RenewalQuote,
) -> Result<String, ApiError> {
    let key = key_for(&permit.id);
    let link = |order: &orders::OrderRow| format!("{}{}", state.public_url, return_path(order));
    if let Some(made) = orders::by_key(conn, &permit.resident_id, &key).await? {
        return Ok(link(&made));
    }
    let request = RenewalOrder {
        duration_months: Some(quote.months),
        ..RenewalOrder::default()
    };
    let request_hash = renewal_hash(&permit.id, &request)?;
    let stored = Renewing::new(scheme, permit, quote)?;
    let new = stored.order((&key, &request_hash), permit.expires(), OrderState::Ready);
    let row = orders::insert(conn, &new, state.now()).await?;
    tracing::info!(order = %row.id, permit = %permit.id, "renewal order made for the link");
    Ok(link(&row))
}

/// A ready order past its expiry (the permit's) ends `expired`: the page then says so.
pub(super) async fn expire_if_due(
    state: &AppState,
    row: orders::OrderRow,
) -> Result<orders::OrderRow, ApiError> {
    let now = state.now();
    if row.state != OrderState::Ready || now < crate::db::at(row.expires_at) {
        return Ok(row);
    }
    let mut conn = state.db.write_conn().await?;
    orders::end_ready(&mut conn, &row.id, OrderState::Expired, now).await?;
    orders::by_id(&mut conn, &row.id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The resident continues to payment with their ready-made renewal order: checked again as any
/// renewal is (the permit still active, not renewed, inside its window), it then awaits payment
/// for 90 minutes on the provider's page like one made on Manage permits. An order already
/// taken to payment answers as it stands (a second click finds the same page). A permit that can
/// no longer be renewed spends the order and answers why.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, order = %order_id))]
pub async fn pay(
    state: &AppState,
    resident_id: &str,
    order_id: &str,
    payment: ReadyRenewalPayment,
) -> Result<PaymentOrder, ApiError> {
    let row = expire_if_due(state, owned(state, resident_id, order_id).await?).await?;
    let Some(permit_id) = row
        .renews
        .clone()
        .filter(|_| row.state == OrderState::Ready)
    else {
        return read(state, resident_id, order_id).await;
    };
    // An earlier renewal of the permit left unpaid (a page left open) cannot be paid after this.
    super::renewal_order::supersede(state, resident_id, &permit_id).await?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, resident_id).await?;
    let request = RenewalOrder {
        duration_months: row.duration_months.and_then(|m| u32::try_from(m).ok()),
        ..RenewalOrder::default()
    };
    let (scheme, permit) =
        match renewable(state, &mut tx, (resident_id, &permit_id), &request).await {
            Ok((scheme, permit, _)) => (scheme, permit),
            Err(refusal) => {
                // Ended, renewed another way, or out of its window: the link is spent.
                orders::end_ready(&mut tx, &row.id, OrderState::Cancelled, now).await?;
                tx.commit().await?;
                return Err(refusal);
            }
        };
    if !orders::renewing(&mut tx, resident_id, &permit_id)
        .await?
        .is_empty()
    {
        return Err(ApiError::Conflict {
            code: "renewal_awaiting_payment",
            message: "A renewal of this permit is waiting for its payment to be confirmed. Try again in a few minutes.".into(),
        });
    }
    super::auto_renewal::check_renewal_choice(state, &scheme, &permit, payment.auto_renew)?;
    if !orders::open_ready(&mut tx, &row.id, now + ORDER_EXPIRY).await? {
        // Taken to payment by another click meanwhile.
        drop(tx);
        return read(state, resident_id, order_id).await;
    }
    tx.commit().await?;
    let mut conn = state.db.pool().acquire().await?;
    let row = orders::by_id(&mut conn, &row.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(conn);
    let choice = super::auto_renewal::Choice {
        auto_renew: payment.auto_renew,
        vrm: &permit.vrm,
    };
    let order = to_provider(state, &scheme, &row, Some(choice), payment.return_to).await?;
    tracing::info!(order = %order.id, "ready renewal order taken to payment");
    Ok(order)
}
