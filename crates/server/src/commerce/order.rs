//! The two-phase purchase (issue 16). `start` checks the order against the council's rules,
//! stores it awaiting payment (holding the allowance it would use) and creates the payment on
//! the provider's hosted page. `settle` reads the payment's state from the provider, never from
//! the browser, and issues what was bought exactly once, or releases the hold. Every way in
//! settles through `settle`: the resident's return, the reconciliation job and the webhook.

use super::auto_renewal::Choice;
use super::purchase::{Sale, begin, check, insert_sale};
use crate::db::{orders, residents};
use crate::domain::OrderState;
use crate::error::ApiError;
use crate::limits::PROVIDER_READS_PER_ORDER;
use crate::payments::provider::{NewPayment, PaymentState};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use permit_api_types::{PaymentOrder, PaymentReturn, PurchaseOrder, PurchaseReceipt};
use permit_rules::{Pence, PermitType, PurchaseQuote, PurchaseRequest, Vrm};

/// How long an order waits for its payment before its hold is released: GOV.UK Pay's own
/// payments expire after 90 minutes.
pub const ORDER_EXPIRY: Duration = Duration::minutes(90);

/// The web UI's page for the order, which reads it (a renewal's own page for a renewal, RP-4,
/// naming the permit for "Try again"): where the provider sends a payer paying in the web UI
/// back to, and where an emailed renewal link opens.
pub fn return_path(order: &orders::OrderRow) -> String {
    match &order.renews {
        Some(permit) => format!("/permits/renew?order={}&id={permit}", order.id),
        None => format!("/buy?order={}", order.id),
    }
}

/// Starts a two-phase purchase, idempotent by `key`: the same key answers with the same order.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, permit_type = %order.permit_type))]
pub async fn start(
    state: &AppState,
    resident_id: &str,
    key: &str,
    order: &PurchaseOrder,
) -> Result<PaymentOrder, ApiError> {
    // The resident's lock makes a repeated key wait for the first request's order.
    let (request_hash, mut tx) = begin(state, resident_id, order).await?;
    if let Some(existing) = replayed(&mut tx, resident_id, key, &request_hash).await? {
        return Ok(existing);
    }
    let checked = check(state, &mut tx, resident_id, order).await?;
    let (scheme, quote, description) = (&checked.scheme, &checked.quote, &checked.description);
    super::auto_renewal::check_choice(scheme, order)?;
    let now = state.now();
    let quote_json = serde_json::to_string(quote).map_err(ApiError::internal)?;
    let new = orders::NewOrder {
        resident_id,
        council: scheme.id.as_str(),
        household: checked.standing.household.as_deref(),
        property_id: checked.standing.property_id.as_deref().unwrap_or_default(),
        idem_key: key,
        request_hash: &request_hash,
        permit_type: quote.permit_type.as_str(),
        permits: i64::from(quote.permits),
        quote: &quote_json,
        vrm: checked.request.vrm.as_ref().map(Vrm::as_str),
        duration_months: checked.request.duration_months.map(i64::from),
        amount_pence: checked.amount,
        description,
        expires_at: now + ORDER_EXPIRY,
        renews: None,
        state: OrderState::AwaitingPayment,
    };
    let choice = super::auto_renewal::Choice {
        auto_renew: order.auto_renew,
        vrm: order.vrm.as_deref().unwrap_or_default(),
    };
    open(state, tx, scheme, &new, Some(choice), order.return_to).await
}

/// The order already made with this key (the same request's), if any; a key used for another
/// request is refused. Inside the transaction holding the resident's lock.
pub(super) async fn replayed(
    tx: &mut crate::db::Conn,
    resident_id: &str,
    key: &str,
    request_hash: &str,
) -> Result<Option<PaymentOrder>, ApiError> {
    if let Some(existing) = orders::by_key(tx, resident_id, key).await? {
        if existing.request_hash != request_hash {
            return Err(key_reused());
        }
        return view(&existing).map(Some);
    }
    if crate::db::idempotency::find(tx, resident_id, key)
        .await?
        .is_some()
    {
        return Err(key_reused());
    }
    Ok(None)
}

/// Stores the order in `tx` (which holds the resident's lock and the checks' reads) and commits
/// it, so racing orders see its hold; then asks the council's provider for its payment.
pub(super) async fn open(
    state: &AppState,
    mut tx: crate::db::Tx,
    scheme: &permit_rules::Scheme,
    new: &orders::NewOrder<'_>,
    choice: Option<Choice<'_>>,
    return_to: PaymentReturn,
) -> Result<PaymentOrder, ApiError> {
    provider_of(state, scheme)?;
    // The hold is committed before the provider is called: racing orders see it.
    let row = orders::insert(&mut tx, new, state.now()).await?;
    tx.commit().await?;
    to_provider(state, scheme, &row, choice, return_to).await
}

fn provider_of(
    state: &AppState,
    scheme: &permit_rules::Scheme,
) -> Result<std::sync::Arc<dyn crate::payments::provider::PaymentProvider>, ApiError> {
    state
        .providers
        .get(&scheme.id)
        .ok_or_else(|| ApiError::internal("a council that sells has no payment provider"))
}

/// Asks the council's provider for the payment of `row`, stored and awaiting payment (with the
/// recurring-payment agreement a ticked "Renew automatically" sets up, RP-6), and answers
/// with where to pay; the payer comes back as `return_to` says. A provider that refuses or
/// cannot be reached ends the order unpaid.
pub(super) async fn to_provider(
    state: &AppState,
    scheme: &permit_rules::Scheme,
    row: &orders::OrderRow,
    choice: Option<Choice<'_>>,
    return_to: PaymentReturn,
) -> Result<PaymentOrder, ApiError> {
    let provider = provider_of(state, scheme)?;
    let amount = Pence(u64::try_from(row.amount_pence).map_err(ApiError::internal)?);
    let mut conn = state.db.pool().acquire().await?;
    let return_url = super::app_return::return_url(state, &mut conn, row, return_to).await?;
    drop(conn);
    // RP-6: a ticked auto-renewal is agreed to with this payment.
    let agreement = match choice {
        Some(choice) => {
            super::auto_renewal::set_up(
                state,
                provider.as_ref(),
                scheme,
                choice,
                &row.id,
                &row.resident_id,
            )
            .await
        }
        None => Ok(None),
    };
    let created = match agreement {
        Ok(agreement) => {
            let payment = NewPayment {
                amount,
                reference: &row.id,
                description: &row.description,
                return_url: &return_url,
                set_up_agreement: agreement.as_deref(),
            };
            provider
                .create_payment(&payment)
                .await
                .map_err(ApiError::from)
        }
        Err(error) => Err(error),
    };
    let created = match created {
        Ok(created) => created,
        Err(error) => {
            // Nothing was taken: the order ends now and its hold is released.
            let mut conn = state.db.write_conn().await?;
            orders::mark_unpaid(&mut conn, &row.id, OrderState::Failed, None, state.now()).await?;
            return Err(error);
        }
    };
    let next_url = created
        .next_url
        .ok_or_else(|| ApiError::internal("the provider gave no payment page"))?;
    let mut conn = state.db.write_conn().await?;
    orders::set_provider_payment(&mut conn, &row.id, &created.payment_id, &next_url).await?;
    let row = orders::by_id(&mut conn, &row.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(order = %row.id, payment = %created.payment_id, "order awaiting payment");
    view(&row)
}

fn key_reused() -> ApiError {
    ApiError::invalid(
        "idempotency_key_reused",
        "Idempotency-Key",
        "This Idempotency-Key was used for a different request. Use a new key.",
    )
}

/// The resident's order, settled first if it still awaits payment (the return page asks).
#[tracing::instrument(skip_all, fields(order = %order_id))]
pub async fn read(
    state: &AppState,
    resident_id: &str,
    order_id: &str,
) -> Result<PaymentOrder, ApiError> {
    let row = owned(state, resident_id, order_id).await?;
    let row = match row.state {
        OrderState::AwaitingPayment => settle_on_request(state, row).await?,
        OrderState::Ready => super::renewal_link::expire_if_due(state, row).await?,
        _ => row,
    };
    view(&row)
}

/// The resident's order as stored; another resident's is not found (404).
pub(super) async fn owned(
    state: &AppState,
    resident_id: &str,
    order_id: &str,
) -> Result<orders::OrderRow, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    orders::get(&mut conn, resident_id, order_id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// [`settle`] for a page that asks (the return pages, the app following an order), at most
/// [`PROVIDER_READS_PER_ORDER`] times per order; past that the stored order is the answer.
pub(super) async fn settle_on_request(
    state: &AppState,
    row: orders::OrderRow,
) -> Result<orders::OrderRow, ApiError> {
    let mut conn = state.db.write_conn().await?;
    let allowed = PROVIDER_READS_PER_ORDER
        .allows(&mut conn, &row.id, state.now())
        .await?;
    drop(conn);
    if allowed {
        settle(state, &row.id).await
    } else {
        tracing::info!(order = %row.id, "provider reads limited; answered as stored");
        Ok(row)
    }
}

/// Settles the order by the provider's word: issues it once paid, ends it once the payment
/// failed, or once it is past [`ORDER_EXPIRY`] unpaid. Safe to run any number of times, from
/// any number of places at once: only the first to change the order commits.
#[tracing::instrument(skip_all, fields(order = %order_id))]
pub async fn settle(state: &AppState, order_id: &str) -> Result<orders::OrderRow, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let row = orders::by_id(&mut conn, order_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(conn);
    if row.state != OrderState::AwaitingPayment {
        return Ok(row);
    }
    let council = permit_rules::CouncilId::parse(&row.council)
        .map_err(|_| ApiError::internal("stored council"))?;
    let provider = state
        .providers
        .get(&council)
        .ok_or_else(|| ApiError::internal("no payment provider for an order"))?;
    let status = match &row.provider_payment_id {
        Some(payment_id) => match provider.payment_status(payment_id).await {
            Ok(status) => Some(status),
            // Unknown or unreachable: decided once it can be read.
            Err(error) => {
                tracing::warn!(%error, "payment state not read");
                None
            }
        },
        None => None,
    };
    let now = state.now();
    let outcome = match &status {
        Some(s) if s.state == PaymentState::Success => {
            issue(state, &row, now).await?;
            None
        }
        Some(s) if s.state == PaymentState::Failed => {
            // GOV.UK Pay's P0030 is the payer's own Cancel; P0020 its 90-minute expiry.
            let state = match s.code.as_deref() {
                Some("P0030") => OrderState::Cancelled,
                Some("P0020") => OrderState::Expired,
                _ => OrderState::Declined,
            };
            Some((state, s.code.clone()))
        }
        Some(s) if s.state == PaymentState::Cancelled => {
            Some((OrderState::Cancelled, s.code.clone()))
        }
        Some(s) if s.state == PaymentState::Error => Some((OrderState::Failed, s.code.clone())),
        // Card details in, result pending: wait for it even past the expiry.
        Some(s) if s.state == PaymentState::Submitted => None,
        _ if now < crate::db::at(row.expires_at) => None,
        // Past the expiry, still open at the provider: cancel it there first, so the payer
        // cannot pay for an order whose hold is gone. If it was paid meanwhile the cancel is
        // refused, and the next run reads the success and issues it.
        Some(_) => {
            let payment_id = row.provider_payment_id.as_deref().unwrap_or_default();
            match provider.cancel_payment(payment_id).await {
                Ok(()) => Some((OrderState::Expired, None)),
                Err(error) => {
                    tracing::warn!(%error, "expired payment not cancelled; read again next run");
                    None
                }
            }
        }
        // Never created at the provider: nothing can be paid.
        None if row.provider_payment_id.is_none() => Some((OrderState::Expired, None)),
        // Unreadable: its hold ended with the expiry; decided once the provider answers.
        None => None,
    };
    let mut conn = state.db.write_conn().await?;
    if let Some((end, code)) = outcome
        && orders::mark_unpaid(&mut conn, &row.id, end, code.as_deref(), now).await?
    {
        tracing::info!(order = %row.id, state = %end, "order ended unpaid; hold released");
    }
    orders::by_id(&mut conn, &row.id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Records the payment and what it bought, and marks the order paid, in one transaction that
/// commits only if the order still awaited payment: a second settlement issues nothing.
async fn issue(
    state: &AppState,
    row: &orders::OrderRow,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if row.renews.is_some() {
        return super::renewal_order::issue(state, row, now).await;
    }
    let scheme = state.scheme(&row.council)?;
    let quote: PurchaseQuote = serde_json::from_str(&row.quote).map_err(ApiError::internal)?;
    let request = PurchaseRequest {
        permit_type: PermitType::parse(&row.permit_type).map_err(ApiError::internal)?,
        quantity: quote.quantity,
        duration_months: row.duration_months.and_then(|m| u32::try_from(m).ok()),
        vrm: Vrm::parse_optional(row.vrm.as_deref()).map_err(ApiError::internal)?,
    };
    let charge_ref = row
        .provider_payment_id
        .as_deref()
        .ok_or_else(|| ApiError::internal("a paid order without a payment"))?;
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, &row.resident_id).await?;
    let sale = Sale {
        resident_id: &row.resident_id,
        property_id: &row.property_id,
        household: row.household.as_deref(),
        scheme: &scheme,
        quote: &quote,
        request: &request,
        description: &row.description,
        charge_ref,
    };
    let mut receipt = insert_sale(state, &mut tx, &sale).await?;
    super::auto_renewal::attach((state, &scheme), &mut tx, &row.id, &mut receipt).await?;
    let body = serde_json::to_string(&receipt).map_err(ApiError::internal)?;
    let paid = (OrderState::Paid, receipt.payment.id.as_str());
    if orders::mark_paid(&mut tx, &row.id, paid, &body, now).await? {
        tx.commit().await?;
        tracing::info!(order = %row.id, payment = %receipt.payment.id, "order paid and issued");
    } else {
        // Another settlement issued it first: this one's rows are dropped.
        tx.rollback().await?;
    }
    Ok(())
}

/// Settles up to `limit` orders still awaiting payment (the reconciliation job): a resident who
/// closed the tab still gets what they paid for, and abandoned orders release their holds.
#[tracing::instrument(skip_all)]
pub async fn reconcile(state: &AppState, limit: i64) -> Result<usize, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let pending = orders::awaiting(&mut conn, limit).await?;
    drop(conn);
    let mut settled = 0;
    for row in pending {
        match settle(state, &row.id).await {
            Ok(after) if after.state != OrderState::AwaitingPayment => settled += 1,
            Ok(_) => {}
            Err(error) => tracing::error!(%error, order = %row.id, "order not settled"),
        }
    }
    Ok(settled)
}

/// The order as the API shows it.
pub fn view(row: &orders::OrderRow) -> Result<PaymentOrder, ApiError> {
    let receipt = match &row.receipt {
        Some(body) => {
            Some(serde_json::from_str::<PurchaseReceipt>(body).map_err(ApiError::internal)?)
        }
        None => None,
    };
    Ok(PaymentOrder {
        id: row.id.clone(),
        state: row.state.to_string(),
        next_url: row.next_url.clone(),
        description: row.description.clone(),
        amount_pence: u64::try_from(row.amount_pence).unwrap_or_default(),
        created_at: crate::db::at(row.created_at),
        expires_at: crate::db::at(row.expires_at),
        receipt,
        renews: row.renews.clone(),
    })
}
