//! Renewals paid on the provider's hosted page (issue 16; RP-4, AVP-3): the order holds the
//! permit's renewal while it awaits payment, and is settled like a purchase (the resident's
//! return, the reconciliation job, the webhook, all through `order::settle`), issuing the next
//! period exactly once.

use super::order::{open, replayed, settle};
use super::renew::{renewable, renewal_hash};
use crate::db::{orders, payments, permits, refunds, residents};
use crate::domain::{OrderState, PermitState};
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use permit_api_types::{PaymentOrder, PurchaseReceipt, RenewalOrder};
use permit_rules::{RenewalQuote, Scheme};

/// Starts renewing the resident's permit, idempotent by `key`: the same key answers with the
/// same order. An earlier renewal order of the permit still awaiting payment (a payment page
/// left open, a tab closed) is settled first, and cancelled at the provider if still unpaid,
/// so "Try again" works at once and the permit is never renewed twice.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, permit_id = %permit_id))]
pub async fn start(
    state: &AppState,
    resident_id: &str,
    permit_id: &str,
    key: &str,
    order: &RenewalOrder,
) -> Result<PaymentOrder, ApiError> {
    let request_hash = renewal_hash(permit_id, order)?;
    let mut conn = state.db.pool().acquire().await?;
    if let Some(existing) = replayed(&mut conn, resident_id, key, &request_hash).await? {
        return Ok(existing);
    }
    drop(conn);
    supersede(state, resident_id, permit_id).await?;
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, resident_id).await?;
    if let Some(existing) = replayed(&mut tx, resident_id, key, &request_hash).await? {
        return Ok(existing);
    }
    let (scheme, permit, quote) =
        renewable(state, &mut tx, (resident_id, permit_id), order).await?;
    if !orders::renewing(&mut tx, resident_id, permit_id)
        .await?
        .is_empty()
    {
        return Err(ApiError::Conflict {
            code: "renewal_awaiting_payment",
            message: "A renewal of this permit is waiting for its payment to be confirmed. Try again in a few minutes.".into(),
        });
    }
    super::auto_renewal::check_renewal_choice(state, &scheme, &permit, order.auto_renew)?;
    let stored = Renewing::new(&scheme, &permit, &quote)?;
    let new = stored.order(
        (key, &request_hash),
        state.now() + super::ORDER_EXPIRY,
        OrderState::AwaitingPayment,
    );
    let choice = super::auto_renewal::Choice {
        auto_renew: order.auto_renew,
        vrm: &permit.vrm,
    };
    open(state, tx, &scheme, &new, Some(choice), order.return_to).await
}

/// What a renewal order of a permit stores, whoever makes it: the resident renewing on Manage
/// permits ([`start`]), or the service for an emailed link (`renewal_link`).
pub(super) struct Renewing<'p> {
    scheme: &'p Scheme,
    permit: &'p permits::PermitRow,
    quote: String,
    months: i64,
    amount_pence: i64,
    description: String,
}

impl<'p> Renewing<'p> {
    pub(super) fn new(
        scheme: &'p Scheme,
        permit: &'p permits::PermitRow,
        quote: &RenewalQuote,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            scheme,
            permit,
            quote: serde_json::to_string(quote).map_err(ApiError::internal)?,
            months: i64::from(quote.months),
            amount_pence: i64::try_from(quote.price.0).map_err(ApiError::internal)?,
            description: super::renew::describe(permit),
        })
    }

    /// The order to store under `(idempotency key, request hash)`, ending at `expires_at`.
    pub(super) fn order<'a>(
        &'a self,
        (idem_key, request_hash): (&'a str, &'a str),
        expires_at: DateTime<Utc>,
        state: OrderState,
    ) -> orders::NewOrder<'a> {
        orders::NewOrder {
            resident_id: &self.permit.resident_id,
            council: self.scheme.id.as_str(),
            household: None,
            property_id: &self.permit.property_id,
            idem_key,
            request_hash,
            permit_type: &self.permit.permit_type,
            permits: 1,
            quote: &self.quote,
            vrm: Some(&self.permit.vrm),
            duration_months: Some(self.months),
            amount_pence: self.amount_pence,
            description: &self.description,
            expires_at,
            renews: Some(&self.permit.id),
            state,
        }
    }
}

/// Settles the permit's renewal orders still awaiting payment, and cancels at the provider any
/// still unpaid, so none of them can be paid once a new one is made. One that cannot be
/// cancelled (paid meanwhile, card details being checked, the provider down) stays, and the
/// new order is refused until it settles.
pub(super) async fn supersede(
    state: &AppState,
    resident_id: &str,
    permit_id: &str,
) -> Result<(), ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let waiting = orders::renewing(&mut conn, resident_id, permit_id).await?;
    drop(conn);
    for earlier in waiting {
        let earlier = settle(state, &earlier.id).await?;
        let (OrderState::AwaitingPayment, Some(payment_id)) =
            (earlier.state, earlier.provider_payment_id.as_deref())
        else {
            continue;
        };
        let council = permit_rules::CouncilId::parse(&earlier.council)
            .map_err(|_| ApiError::internal("stored council"))?;
        let Some(provider) = state.providers.get(&council) else {
            continue;
        };
        match provider.cancel_payment(payment_id).await {
            Ok(()) => {
                let mut conn = state.db.write_conn().await?;
                let now = state.now();
                orders::mark_unpaid(&mut conn, &earlier.id, OrderState::Cancelled, None, now)
                    .await?;
                tracing::info!(order = %earlier.id, "earlier renewal order cancelled for a new one");
            }
            Err(error) => {
                tracing::warn!(%error, order = %earlier.id, "earlier renewal order not cancelled")
            }
        }
    }
    Ok(())
}

/// Issues a paid renewal order: the permit's next period and its payment, in one transaction
/// that commits only while the order still awaits payment. If the permit was renewed (RP-6's
/// job) or ended meanwhile, the payment is recorded and returned in full instead, the agreement
/// it set up (a ticked "Renew automatically") is cancelled, and the order ends `refunded`.
pub(super) async fn issue(
    state: &AppState,
    row: &orders::OrderRow,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let scheme = state.scheme(&row.council)?;
    let quote: RenewalQuote = serde_json::from_str(&row.quote).map_err(ApiError::internal)?;
    let (Some(permit_id), Some(charge_ref)) =
        (row.renews.as_deref(), row.provider_payment_id.as_deref())
    else {
        return Err(ApiError::internal(
            "a paid renewal order without its permit or payment",
        ));
    };
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, &row.resident_id).await?;
    let permit = permits::get(&mut tx, &row.resident_id, permit_id)
        .await?
        .ok_or_else(|| ApiError::internal("a renewal order's permit is gone"))?;
    let renewable = permit.state == PermitState::Active
        && permits::renewal_of(&mut tx, &permit.id).await?.is_none();
    let (end, receipt) = if renewable {
        let mut receipt = super::insert_renewal(
            state,
            &mut tx,
            &scheme,
            &permit,
            &quote,
            &row.description,
            charge_ref,
        )
        .await?;
        let ours = (row.id.as_str(), &permit);
        super::auto_renewal::attach_renewal((state, &scheme), &mut tx, ours, &mut receipt).await?;
        (OrderState::Paid, receipt)
    } else {
        let new_payment = payments::NewPayment {
            resident_id: &row.resident_id,
            permit_type: &row.permit_type,
            description: &row.description,
            quantity: 1,
            amount_pence: row.amount_pence,
            charge_ref,
        };
        let payment = payments::insert(&mut tx, &new_payment, now).await?;
        payments::record_refund(&mut tx, &payment.id, row.amount_pence).await?;
        refunds::insert(&mut tx, &payment.id, &row.id, row.amount_pence, now).await?;
        // RP-6: nor does a card set up with it renew anything.
        super::auto_renewal::end_unused(&mut tx, (&row.id, &row.council), now).await?;
        let payment = payments::get(&mut tx, &row.resident_id, &payment.id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let receipt = PurchaseReceipt {
            payment: payment.view(),
            bundle: None,
            permit: None,
        };
        (OrderState::Refunded, receipt)
    };
    let body = serde_json::to_string(&receipt).map_err(ApiError::internal)?;
    let paid = (end, receipt.payment.id.as_str());
    if orders::mark_paid(&mut tx, &row.id, paid, &body, now).await? {
        tx.commit().await?;
        tracing::info!(order = %row.id, state = %end, "renewal order paid");
        if end == OrderState::Refunded {
            super::send_refunds_soon(state);
            super::auto_renewal::send_cancellations_soon(state);
        }
    } else {
        // Another settlement issued it first: this one's rows are dropped.
        tx.rollback().await?;
    }
    Ok(())
}
