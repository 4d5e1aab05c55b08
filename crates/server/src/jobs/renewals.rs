//! RP-4, AVP-3: once renewal opens, a permit that does not renew itself gets one reminder, by
//! email where the resident gave one. RP-6: once renewal opens, a permit with auto-renewal on is
//! renewed for the same duration: through the recurring-payment agreement the resident set up
//! when paying (`commerce::auto_renewal`: recorded here, charged by the jobs next), or, where
//! there is no agreement to charge, the resident is sent a link to pay; a permit still paid by a
//! sandbox card number (the card path, demos and tests only) is charged to that card again. A
//! permit is marked reminded in the same transaction, so a second run does nothing.

use crate::commerce::{held_permit, insert_renewal};
use crate::db::{payments, permits, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_rules::scheme::Product;
use permit_rules::{PermitType, expiry_date, may_renew, renewal_opens_at, time::display_date};

/// Reminds or renews what has fallen due at the clock's `now`.
#[tracing::instrument(skip_all)]
pub(super) async fn run_due(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let live = permits::live(&mut conn, now).await?;
    drop(conn);
    for candidate in live {
        let mut tx = state.db.write_tx().await?;
        residents::lock(&state.db, &mut tx, &candidate.resident_id).await?;
        // Read again under the lock: a run on another thread may have just handled it.
        let Some(permit) = permits::get(&mut tx, &candidate.resident_id, &candidate.id).await?
        else {
            continue;
        };
        let Some(resident) = residents::get(&mut tx, &permit.resident_id).await? else {
            continue;
        };
        let scheme = state.scheme(&resident.council)?;
        let Some(Product::VehiclePermit(product)) = PermitType::parse(&permit.permit_type)
            .ok()
            .and_then(|id| scheme.product(&id).cloned())
        else {
            continue;
        };
        let opened = now >= renewal_opens_at(&product, permit.expires());
        if !opened
            || permit.reminded_at.is_some()
            || permits::renewal_of(&mut tx, &permit.id).await?.is_some()
        {
            continue;
        }
        let last_day = display_date(expiry_date(permit.expires()));
        if permit.auto_renew != 0 && product.auto_renewal {
            if paid_by_card_number(&mut tx, &permit).await? {
                auto_renew(state, &mut tx, &scheme, &permit, &last_day).await?;
            } else {
                by_agreement(state, &mut tx, &scheme, &product, &permit).await?;
            }
        } else if resident.email.is_some() {
            let text = format!(
                "Your {} for {} expires on {last_day}. You can renew it now.",
                product.name, permit.vrm
            );
            notify(&mut tx, &resident.id, &text, now).await?;
        }
        permits::mark_reminded(&mut tx, &permit.id, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Whether the permit's last payment was a card number sent to our API (the sandbox's card
/// path, demos and tests only), which [`auto_renew`] charges again; payments on the provider's
/// page renew through an agreement instead.
async fn paid_by_card_number(
    conn: &mut crate::db::Conn,
    permit: &permits::PermitRow,
) -> Result<bool, ApiError> {
    let payment = payments::get(conn, &permit.resident_id, &permit.payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(payment.charge_ref.starts_with("ch_"))
}

/// RP-6 through the provider: records the renewal to charge to the agreement (the jobs charge
/// it next), or sends the resident a link to pay where there is none.
#[tracing::instrument(skip_all, fields(permit = %permit.id))]
async fn by_agreement(
    state: &AppState,
    conn: &mut crate::db::Conn,
    scheme: &permit_rules::Scheme,
    product: &permit_rules::scheme::VehiclePermit,
    permit: &permits::PermitRow,
) -> Result<(), ApiError> {
    let now = state.now();
    let months = u32::try_from(permit.duration_months).ok();
    match may_renew(scheme, &held_permit(permit)?, months, now) {
        Ok(quote) => {
            crate::commerce::auto_renewal::begin(state, conn, scheme, product, permit, &quote).await
        }
        Err(refusal) => {
            let text = format!(
                "Your permit for {} could not renew itself: {refusal}",
                permit.vrm
            );
            notify(conn, &permit.resident_id, &text, now).await
        }
    }
}

#[tracing::instrument(skip_all, fields(permit = %permit.id))]
async fn auto_renew(
    state: &AppState,
    conn: &mut crate::db::Tx,
    scheme: &permit_rules::Scheme,
    permit: &permits::PermitRow,
    last_day: &str,
) -> Result<(), ApiError> {
    let now = state.now();
    let months = u32::try_from(permit.duration_months).ok();
    let quote = match may_renew(scheme, &held_permit(permit)?, months, now) {
        Ok(quote) => quote,
        Err(refusal) => {
            let text = format!(
                "Your permit for {} could not renew itself: {refusal}",
                permit.vrm
            );
            return notify(conn, &permit.resident_id, &text, now).await;
        }
    };
    let earlier = payments::get(conn, &permit.resident_id, &permit.payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let amount = i64::try_from(quote.price.0).map_err(ApiError::internal)?;
    let description = format!(
        "Automatic renewal of {} for {}",
        permit.permit_type, permit.vrm
    );
    match state
        .payments
        .charge_again(&earlier.charge_ref, amount, &description)
    {
        Ok(charge) => {
            insert_renewal(
                state,
                conn,
                scheme,
                permit,
                &quote,
                &description,
                &charge.reference,
            )
            .await?;
            let text = format!(
                "Your permit for {} (expiring {last_day}) has been renewed automatically.",
                permit.vrm
            );
            notify(conn, &permit.resident_id, &text, now).await
        }
        Err(error) => {
            let text = format!(
                "Your permit for {} (expiring {last_day}) could not renew itself ({error}). Please renew it yourself.",
                permit.vrm
            );
            notify(conn, &permit.resident_id, &text, now).await
        }
    }
}
