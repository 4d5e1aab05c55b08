//! Auto-renewal (RP-6) through a recurring-payment agreement (issue 16).
//!
//! - Buying: a resident who ticks auto-renewal on a resident permit (where the council offers
//!   it and its account takes recurring payments) agrees to it on the provider's page: the
//!   order's payment sets the agreement up, and the permit names it.
//! - Switching off (the resident, or a phone agent): the permit forgets the agreement and the
//!   agreement is queued for cancelling at the provider, sent at once and retried by the jobs.
//!   So is one set up by a payment that is refunded, having issued nothing.
//! - The permit ending (cancelled, RP-5; rejected, RP-2; ended or replaced by a move out of its
//!   zone, RP-7): the same, in the transaction that ends it, so its agreement ends with it; a
//!   renewal recorded but not yet charged is then never charged.
//! - Renewing with the tick (RP-4): the new period renews with the agreement its payment set
//!   up, and the old period's is replaced only once the new one is active (issued so, or
//!   approved by the council: [`hand_over`]); a renewal the council rejects (RP-2) leaves the
//!   old period renewing as it did. While a renewal awaits review, switching auto-renewal off
//!   or on applies to both periods.
//! - When renewal opens (the job): the renewal is recorded, then the agreement charged with the
//!   renewal's id as the idempotency key, so a retry after a 5xx or a timeout never charges
//!   twice; success renews exactly once. A declined charge, an agreement that ended, or a
//!   council without recurring payments sends the resident a link to pay instead.

use crate::db::auto_renewals::{self, AutoRenewalRow, AutoRenewalState, NewAutoRenewal};
use crate::db::{Conn, agreements, permits, residents};
use crate::domain::PermitState;
use crate::error::ApiError;
use crate::notify::notify;
use crate::payments::provider::{AgreementCharge, PaymentProvider, PaymentState, ProviderError};
use crate::state::AppState;
use permit_api_types::{PurchaseOrder, PurchaseReceipt};
use permit_rules::scheme::{Product, VehiclePermit};
use permit_rules::time::display_date;
use permit_rules::{PermitType, RenewalPayment, RenewalQuote, Scheme, expiry_date};

/// Refuses a tick for a product the council does not renew automatically (checked before the
/// order is stored).
pub(super) fn check_choice(scheme: &Scheme, order: &PurchaseOrder) -> Result<(), ApiError> {
    check_offered(scheme, &order.permit_type, order.auto_renew)
}

/// A tick (`Some(true)`) for a product of `permit_type` the council does not renew
/// automatically: 422 `auto_renewal_not_offered`.
fn check_offered(
    scheme: &Scheme,
    permit_type: &str,
    auto_renew: Option<bool>,
) -> Result<(), ApiError> {
    if auto_renew != Some(true) {
        return Ok(());
    }
    match PermitType::parse(permit_type)
        .ok()
        .and_then(|id| scheme.product(&id))
    {
        Some(Product::VehiclePermit(product)) if product.auto_renewal => Ok(()),
        _ => Err(ApiError::invalid(
            "auto_renewal_not_offered",
            "auto_renew",
            "This permit is renewed by you, not automatically.",
        )),
    }
}

/// Refuses a renewal's "Renew automatically" answer where it cannot be given: any answer where
/// the council's payment account takes no recurring payments (the page does not ask), and a
/// tick for a product the council does not renew automatically. Checked before the order is
/// stored or taken to payment.
pub(super) fn check_renewal_choice(
    state: &AppState,
    scheme: &Scheme,
    permit: &permits::PermitRow,
    auto_renew: Option<bool>,
) -> Result<(), ApiError> {
    if auto_renew.is_some() && !state.providers.recurring(scheme.id.as_str()) {
        return Err(ApiError::invalid(
            "recurring_payments_not_taken",
            "auto_renew",
            "This council does not take repeat card payments, so a card cannot be set up to renew this permit. We will email you a link to pay when renewal opens.",
        ));
    }
    check_offered(scheme, &permit.permit_type, auto_renew)
}

/// The resident's "Renew automatically" answer on an order's check-your-answers page, and the
/// vehicle the agreement is described with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Choice<'a> {
    pub auto_renew: Option<bool>,
    pub vrm: &'a str,
}

/// Records the resident's choice on the stored order and, where they ticked auto-renewal and the
/// council's account takes recurring payments, makes the agreement its payment sets up.
pub(super) async fn set_up(
    state: &AppState,
    provider: &dyn PaymentProvider,
    scheme: &Scheme,
    choice: Choice<'_>,
    order_id: &str,
    resident_id: &str,
) -> Result<Option<String>, ApiError> {
    let mut conn = state.db.write_conn().await?;
    agreements::set_choice(&mut conn, order_id, choice.auto_renew).await?;
    drop(conn);
    if choice.auto_renew != Some(true) || !state.providers.recurring(scheme.id.as_str()) {
        return Ok(None);
    }
    let description = format!(
        "Automatic renewal of your {} permit for {} (you can switch it off at any time)",
        scheme.name, choice.vrm
    );
    // The resident's id, never their name or contact details (GOV.UK Pay asks for no
    // personal data in `user_identifier`).
    let agreement = provider
        .create_agreement(order_id, &description, resident_id)
        .await?;
    let mut conn = state.db.write_conn().await?;
    agreements::set_for_order(&mut conn, order_id, &agreement).await?;
    tracing::info!(order = %order_id, %agreement, "agreement to set up with the payment");
    Ok(Some(agreement))
}

/// Gives the issued permit the order's agreement and the resident's choice, in the issuing
/// transaction; the receipt then says how the permit renews.
pub(super) async fn attach(
    (state, scheme): (&AppState, &Scheme),
    conn: &mut Conn,
    order_id: &str,
    receipt: &mut PurchaseReceipt,
) -> Result<(), ApiError> {
    let Some(permit) = receipt.permit.as_mut() else {
        return Ok(());
    };
    let (agreement, choice) = agreements::of_order(conn, order_id).await?;
    if let Some(on) = choice {
        let on = on && permit.auto_renew;
        permits::set_auto_renew(conn, &permit.id, on).await?;
        permit.auto_renew = on;
    }
    if let Some(agreement) = agreement.filter(|_| permit.auto_renew) {
        agreements::set_for_permit(conn, &permit.id, Some(&agreement)).await?;
    }
    show_renewal(state, scheme, conn, receipt).await
}

/// The receipt's permit read again as stored, so it says how the permit renews.
async fn show_renewal(
    state: &AppState,
    scheme: &Scheme,
    conn: &mut Conn,
    receipt: &mut PurchaseReceipt,
) -> Result<(), ApiError> {
    if let Some(row) = permits::for_payment(conn, &receipt.payment.id).await? {
        receipt.permit = Some(crate::views::permit_view(state, scheme, &row));
    }
    Ok(())
}

/// A paid renewal's next period (in the issuing transaction): ticked "Renew automatically", it
/// renews automatically with the agreement this payment set up, which replaces the old period's
/// once the new period is active ([`hand_over`]); otherwise it carries on the old period's
/// agreement while auto-renewal is on, so paying by link does not drop a card still set up.
/// The receipt then says how the permit renews.
pub(super) async fn attach_renewal(
    (state, scheme): (&AppState, &Scheme),
    conn: &mut Conn,
    (order_id, old): (&str, &permits::PermitRow),
    receipt: &mut PurchaseReceipt,
) -> Result<(), ApiError> {
    let Some(permit) = receipt.permit.as_mut() else {
        return Ok(());
    };
    let (agreement, choice) = agreements::of_order(conn, order_id).await?;
    match agreement.filter(|_| choice == Some(true)) {
        Some(agreement) => {
            permits::set_auto_renew(conn, &permit.id, true).await?;
            agreements::set_for_permit(conn, &permit.id, Some(&agreement)).await?;
            hand_over(conn, scheme.id.as_str(), &permit.id, state.now()).await?;
        }
        None if permit.auto_renew => {
            let carried = old.agreement_id.as_deref();
            agreements::set_for_permit(conn, &permit.id, carried).await?;
        }
        None => {}
    }
    show_renewal(state, scheme, conn, receipt).await
}

/// RP-2, RP-6: the one place a renewal's own agreement (a ticked "Renew automatically")
/// replaces the old period's: once the new period is active, issued so or approved by the
/// council; the old one is then queued for cancelling, once. Until then the old period keeps
/// its agreement: renewed, it is not charged (the job charges no period renewed, nor one that
/// was renewed before its charge went out), and if the council rejects the renewal the permit
/// renews exactly as before, while the new period's agreement ends with it ([`forget_agreement`]).
/// Handing over at payment instead could not be undone on a rejection: the old agreement would
/// already be cancelled at the provider.
pub(crate) async fn hand_over(
    conn: &mut Conn,
    council: &str,
    period_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let Some((old_id, PermitState::Active)) = permits::renews(conn, period_id).await? else {
        return Ok(());
    };
    let Some(agreement) = agreements::of_permit(conn, period_id).await? else {
        return Ok(());
    };
    let replaced = agreements::of_permit(conn, &old_id).await?;
    if replaced.is_some_and(|old| old != agreement) {
        forget_agreement(conn, council, &old_id, now).await?;
    }
    Ok(())
}

/// Auto-renewal switched off, or the permit ended (RP-5, RP-2, RP-7): the permit forgets its
/// agreement, which is queued for cancelling at the provider (in the caller's transaction;
/// [`send_cancellations`] sends it) unless a later period of the permit still renews with it.
pub async fn forget_agreement(
    conn: &mut Conn,
    council: &str,
    permit_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let Some(agreement) = agreements::of_permit(conn, permit_id).await? else {
        return Ok(());
    };
    agreements::set_for_permit(conn, permit_id, None).await?;
    if !agreements::in_use_elsewhere(conn, &agreement, permit_id).await? {
        agreements::queue_cancellation(conn, &agreement, council, now).await?;
    }
    Ok(())
}

/// A paid order that issued nothing and is refunded (a renewal of a permit renewed or ended
/// meanwhile): the agreement its payment set up renews no permit, so it is queued for
/// cancelling at the provider (in the caller's transaction), as a replaced one is.
pub(super) async fn end_unused(
    conn: &mut Conn,
    (order_id, council): (&str, &str),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let (Some(agreement), _) = agreements::of_order(conn, order_id).await? else {
        return Ok(());
    };
    if !agreements::in_use_elsewhere(conn, &agreement, "").await? {
        agreements::queue_cancellation(conn, &agreement, council, now).await?;
        tracing::info!(order = %order_id, %agreement, "refunded order's agreement to cancel");
    }
    Ok(())
}

/// Sends the queued cancellations now, in the background: called right after a decision that
/// ended a permit commits, so its agreement ends at once without the provider call holding up
/// the decision; what cannot be sent the jobs retry.
pub fn send_cancellations_soon(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = send_cancellations(&state, SOON_BATCH).await {
            tracing::warn!(%error, "agreement cancellations left to the jobs");
        }
    });
}

/// Cancellations sent right after a decision: a decision ends one or two permits.
const SOON_BATCH: i64 = 10;

/// Cancels queued agreements at their council's provider; one the provider cannot be reached
/// for stays queued for the next run. One that is no longer active (cancelled in the admin
/// tool, expired) or unknown is done too: it can no longer be charged.
#[tracing::instrument(skip_all)]
pub async fn send_cancellations(state: &AppState, limit: i64) -> Result<usize, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let queued = agreements::to_cancel(&mut conn, limit).await?;
    drop(conn);
    let mut cancelled = 0;
    for (agreement, council) in queued {
        let Some(provider) = permit_rules::CouncilId::parse(&council)
            .ok()
            .and_then(|id| state.providers.get(&id))
        else {
            continue;
        };
        let done = match provider.cancel_agreement(&agreement).await {
            Ok(()) => true,
            Err(ProviderError::Refused { .. } | ProviderError::NotFound) => {
                tracing::warn!(%agreement, "agreement was not active; nothing to cancel");
                true
            }
            Err(error) => {
                tracing::warn!(%error, %agreement, "agreement not cancelled yet; retried");
                false
            }
        };
        let mut conn = state.db.write_conn().await?;
        agreements::record_cancel_attempt(&mut conn, &agreement, done, state.now()).await?;
        cancelled += usize::from(done);
    }
    Ok(cancelled)
}

/// An automatic renewal that has fallen due: the product, how it is paid for
/// (`permit_rules::renewal_payment`, never `Reminder` here) and the period it buys.
#[derive(Debug)]
pub struct Renewal<'a> {
    pub product: &'a VehiclePermit,
    pub paid: RenewalPayment,
    pub quote: &'a RenewalQuote,
}

/// Renewal opened for a permit with auto-renewal on (the job, in its transaction holding the
/// resident's lock): records the renewal to charge, or sends the link to pay where there is no
/// agreement to charge.
pub async fn begin(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    permit: &permits::PermitRow,
    renewal: &Renewal<'_>,
) -> Result<(), ApiError> {
    let now = state.now();
    let Renewal {
        product,
        paid,
        quote,
    } = *renewal;
    let chargeable = paid == RenewalPayment::CardOnFile;
    let quote_json = serde_json::to_string(quote).map_err(ApiError::internal)?;
    let new = NewAutoRenewal {
        permit_id: &permit.id,
        resident_id: &permit.resident_id,
        council: scheme.id.as_str(),
        agreement_id: permit.agreement_id.as_deref().filter(|_| chargeable),
        quote: &quote_json,
        amount_pence: i64::try_from(quote.price.0).map_err(ApiError::internal)?,
        state: if chargeable {
            AutoRenewalState::Charging
        } else {
            AutoRenewalState::LinkSent
        },
    };
    auto_renewals::insert(conn, &new, now).await?;
    if !chargeable {
        let why = if paid == RenewalPayment::PaymentLinkNoRecurring {
            "this council takes no automatic payments yet"
        } else {
            // A permit whose agreement ended (switched off and on again) or never had one
            // (bought or renewed without ticking "Renew automatically").
            "no card is set up to pay for it automatically"
        };
        send_link(state, conn, (scheme, product), permit, quote, why).await?;
    }
    Ok(())
}

/// Tells the resident (email, or a text where that is their only contact) that the permit did
/// not renew itself, with a link to a renewal order made for it: "Check your answers", then
/// the provider's page (`renewal_link`).
async fn send_link(
    state: &AppState,
    conn: &mut Conn,
    (scheme, product): (&Scheme, &VehiclePermit),
    permit: &permits::PermitRow,
    quote: &RenewalQuote,
    why: &str,
) -> Result<(), ApiError> {
    let link = super::renewal_link::ready_link(state, conn, scheme, permit, quote).await?;
    let last_day = display_date(expiry_date(permit.expires()));
    let text = format!(
        "Your {} for {} expires on {last_day} and could not renew itself automatically ({why}). Renew and pay for it here: {link}",
        product.name, permit.vrm
    );
    notify(conn, &permit.resident_id, &text, state.now()).await
}

/// Charges the renewals still being charged (the jobs, after [`begin`]); each is settled once.
#[tracing::instrument(skip_all)]
pub async fn charge_due(state: &AppState, limit: i64) -> Result<usize, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let due = auto_renewals::charging(&mut conn, limit).await?;
    drop(conn);
    let mut settled = 0;
    for row in due {
        match charge(state, &row).await {
            Ok(done) => settled += usize::from(done),
            Err(error) => tracing::error!(%error, renewal = %row.id, "auto-renewal not charged"),
        }
    }
    Ok(settled)
}

/// One renewal: charged (or, with the same idempotency key, its earlier payment read back),
/// then settled by the payment's state. `false` while it must wait for the next run.
async fn charge(state: &AppState, row: &AutoRenewalRow) -> Result<bool, ApiError> {
    let council = permit_rules::CouncilId::parse(&row.council)
        .map_err(|_| ApiError::internal("stored council"))?;
    let provider = state
        .providers
        .get(&council)
        .ok_or_else(|| ApiError::internal("no payment provider for an auto-renewal"))?;
    let agreement = row.agreement_id.as_deref().unwrap_or_default();
    // Not charged yet, and the permit ended or dropped its agreement since (cancelled, moved
    // out of its zone, switched off): nothing is charged. Once an attempt went out, the same
    // key reads back whatever it took, and `renewed` deals with a permit that no longer renews.
    if row.attempts == 0 && !still_renews(state, row, agreement).await? {
        let mut conn = state.db.write_conn().await?;
        let now = state.now();
        let end = AutoRenewalState::Ended;
        if auto_renewals::settle(&mut conn, &row.id, end, Some("permit_ended"), now).await? {
            tracing::info!(renewal = %row.id, "permit ended before its renewal was charged");
        }
        return Ok(true);
    }
    let description = "Automatic renewal of your permit";
    let request = AgreementCharge {
        agreement_id: agreement,
        amount: permit_rules::Pence(u64::try_from(row.amount_pence).unwrap_or_default()),
        reference: &row.id,
        description,
        idempotency_key: &row.id,
    };
    let created = match provider.charge_agreement(&request).await {
        Ok(created) => created,
        Err(ProviderError::Unavailable) => {
            let mut conn = state.db.write_conn().await?;
            auto_renewals::record_attempt(&mut conn, &row.id, None).await?;
            tracing::warn!(renewal = %row.id, "provider unavailable; charged next run with the same key");
            return Ok(false);
        }
        Err(error) => {
            // Refused: the agreement can no longer be charged (cancelled, expired).
            let status = provider.agreement_status(agreement).await.ok();
            tracing::warn!(%error, ?status, renewal = %row.id, "agreement not charged");
            let code = format!("agreement_{status:?}").to_ascii_lowercase();
            return settle_unpaid(state, row, &code, "your card on file could not be used").await;
        }
    };
    let mut conn = state.db.write_conn().await?;
    auto_renewals::record_attempt(&mut conn, &row.id, Some(&created.payment_id)).await?;
    drop(conn);
    let (payment_state, code) = if created.state.is_final() {
        (created.state, None)
    } else {
        match provider.payment_status(&created.payment_id).await {
            Ok(status) => (status.state, status.code),
            Err(error) => {
                tracing::warn!(%error, renewal = %row.id, "payment state not read; next run");
                return Ok(false);
            }
        }
    };
    match payment_state {
        PaymentState::Success => renewed(state, row, &created.payment_id).await,
        PaymentState::Failed | PaymentState::Cancelled | PaymentState::Error => {
            let code = code.unwrap_or_else(|| "failed".to_owned());
            settle_unpaid(state, row, &code, "your card was declined").await
        }
        // Still being authorised: read again next run (same key, same payment).
        PaymentState::Created | PaymentState::Started | PaymentState::Submitted => Ok(false),
    }
}

/// Whether the renewal's permit is still active, not renewed, and still renews with `agreement`.
async fn still_renews(
    state: &AppState,
    row: &AutoRenewalRow,
    agreement: &str,
) -> Result<bool, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    // Renewed by hand meanwhile (RP-4; awaiting review or not): it keeps its agreement until
    // the new period is active ([`hand_over`]), but it is not charged again.
    let active = permits::get(&mut conn, &row.resident_id, &row.permit_id)
        .await?
        .is_some_and(|permit| {
            permit.state == PermitState::Active && permit.renewed_until.is_none()
        });
    let named = agreements::of_permit(&mut conn, &row.permit_id).await?;
    Ok(active && named.as_deref() == Some(agreement))
}

/// The permit's product, its current row and its resident's council scheme, under the lock.
async fn permit_and_product(
    state: &AppState,
    conn: &mut Conn,
    row: &AutoRenewalRow,
) -> Result<(std::sync::Arc<Scheme>, permits::PermitRow, VehiclePermit), ApiError> {
    residents::lock(&state.db, conn, &row.resident_id).await?;
    let permit = permits::get(conn, &row.resident_id, &row.permit_id)
        .await?
        .ok_or_else(|| ApiError::internal("an auto-renewal's permit is gone"))?;
    let scheme = state.scheme(&row.council)?;
    let product = match PermitType::parse(&permit.permit_type)
        .ok()
        .and_then(|id| scheme.product(&id).cloned())
    {
        Some(Product::VehiclePermit(product)) => product,
        _ => return Err(ApiError::internal("an auto-renewal of an unknown product")),
    };
    Ok((scheme, permit, product))
}

/// Paid: the next period is issued (carrying the agreement on) and the resident told, in one
/// transaction that commits only while the renewal is still being charged.
async fn renewed(
    state: &AppState,
    row: &AutoRenewalRow,
    payment_id: &str,
) -> Result<bool, ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let (scheme, permit, product) = permit_and_product(state, &mut tx, row).await?;
    let renewable = permit.state == PermitState::Active
        && permits::renewal_of(&mut tx, &permit.id).await?.is_none();
    let (end, code) = if renewable {
        (AutoRenewalState::Renewed, None)
    } else {
        (AutoRenewalState::Declined, Some("paid_but_not_renewable"))
    };
    if !auto_renewals::settle(&mut tx, &row.id, end, code, now).await? {
        return Ok(false);
    }
    if !renewable {
        // Cancelled or renewed by hand while the charge was out: staff refund it.
        tx.commit().await?;
        tracing::error!(renewal = %row.id, payment = %payment_id, "charged for a permit that no longer renews; refund it");
        return Ok(true);
    }
    let quote: RenewalQuote = serde_json::from_str(&row.quote).map_err(ApiError::internal)?;
    let description = format!("Automatic renewal of {} for {}", product.name, permit.vrm);
    let receipt = super::insert_renewal(
        state,
        &mut tx,
        &scheme,
        &permit,
        &quote,
        &description,
        payment_id,
    )
    .await?;
    if let Some(next) = &receipt.permit {
        agreements::set_for_permit(&mut tx, &next.id, row.agreement_id.as_deref()).await?;
    }
    let last_day = display_date(expiry_date(permit.expires()));
    let text = format!(
        "Your {} for {} (expiring {last_day}) has been renewed automatically with the card you agreed to.",
        product.name, permit.vrm
    );
    notify(&mut tx, &permit.resident_id, &text, now).await?;
    tx.commit().await?;
    tracing::info!(renewal = %row.id, payment = %payment_id, "permit renewed automatically");
    Ok(true)
}

/// Not paid: the resident is told and sent the link to pay instead, once.
async fn settle_unpaid(
    state: &AppState,
    row: &AutoRenewalRow,
    code: &str,
    why: &str,
) -> Result<bool, ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let (scheme, permit, product) = permit_and_product(state, &mut tx, row).await?;
    if !auto_renewals::settle(
        &mut tx,
        &row.id,
        AutoRenewalState::Declined,
        Some(code),
        now,
    )
    .await?
    {
        return Ok(false);
    }
    // An agreement cancelled because the permit ended is refused: nothing to renew, no link.
    if permit.state == PermitState::Active {
        let quote: RenewalQuote = serde_json::from_str(&row.quote).map_err(ApiError::internal)?;
        send_link(state, &mut tx, (&scheme, &product), &permit, &quote, why).await?;
    }
    tx.commit().await?;
    tracing::info!(renewal = %row.id, code, "auto-renewal not paid; link sent");
    Ok(true)
}
