//! RP-4, AVP-3: once renewal opens, a permit that does not renew itself gets one reminder, by
//! email where the resident gave one, with a link to a renewal order made for it where the
//! rules let it be renewed now (the link a failed auto-renewal sends). RP-6: once renewal opens, a permit with auto-renewal on is
//! renewed for the same duration: through the recurring-payment agreement the resident set up
//! when paying (`commerce::auto_renewal`: recorded here, charged by the jobs next), or, where
//! there is no agreement to charge, the resident is sent a link to pay. A permit is marked
//! reminded in the same transaction, so a second run does nothing.

use crate::commerce::{held_permit, ready_link};
use crate::db::{permits, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use permit_rules::scheme::Product;
use permit_rules::{
    PermitType, RenewalPayment, expiry_date, may_renew, renewal_opens_at, renewal_payment,
    time::display_date,
};

/// Reminds or renews what has fallen due at the clock's `now`.
#[tracing::instrument(skip_all)]
pub(super) async fn run_due(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let live = permits::live(&mut conn, now, renewal_horizon(state, now)).await?;
    drop(conn);
    for candidate in live {
        if !may_be_due(state, &candidate, now) {
            continue;
        }
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
        if now < renewal_opens_at(&product, permit.expires()) || permit.reminded_at.is_some() {
            continue;
        }
        let facts = crate::views::renewal_facts(state, &scheme, &permit);
        match renewal_payment(&product, &facts) {
            RenewalPayment::Renewed => continue,
            RenewalPayment::Reminder => remind(state, &mut tx, &scheme, &product, &permit).await?,
            // RP-4, AVP-3: reminders are emailed; the resident was told to renew it themselves.
            RenewalPayment::NoReminder => {}
            paid @ (RenewalPayment::CardOnFile
            | RenewalPayment::PaymentLink
            | RenewalPayment::PaymentLinkNoRecurring) => {
                by_agreement(state, &mut tx, &scheme, (&product, paid), &permit).await?;
            }
        }
        permits::mark_reminded(&mut tx, &permit.id, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The latest expiry whose renewal may have opened at `now` under any council's product, with
/// two days for the London date: only permits expiring by then are read. Reading every active
/// permit held 625,000 rows (about 190 MB) at 10x the data, each minute (issue 20).
fn renewal_horizon(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    let days = state
        .councils
        .all()
        .flat_map(|scheme| scheme.products.iter())
        .filter_map(|product| match product {
            Product::VehiclePermit(permit) => Some(permit.renewal_window_days),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    now + chrono::Duration::days(i64::from(days) + 2)
}

/// Whether `candidate` (read unreminded, `permits::live`) may be due, judged without a lock:
/// its renewal opened under some council's product of its type. What passes is judged again
/// under the resident's lock with their own council's product. Most permits read do not pass,
/// and each would otherwise take the writer's turn for nothing (issue 20).
fn may_be_due(state: &AppState, candidate: &permits::PermitRow, now: DateTime<Utc>) -> bool {
    let Ok(id) = PermitType::parse(&candidate.permit_type) else {
        return false;
    };
    state.councils.all().any(|scheme| {
        matches!(scheme.product(&id), Some(Product::VehiclePermit(product))
            if now >= renewal_opens_at(product, candidate.expires()))
    })
}

/// RP-4, AVP-3: the reminder, linking to a renewal order made for the permit (its "Check your
/// answers", then the provider's page) where the rules let it be renewed online now; where they
/// do not, the reminder says why.
async fn remind(
    state: &AppState,
    conn: &mut crate::db::Conn,
    scheme: &permit_rules::Scheme,
    product: &permit_rules::scheme::VehiclePermit,
    permit: &permits::PermitRow,
) -> Result<(), ApiError> {
    let now = state.now();
    let last_day = display_date(expiry_date(permit.expires()));
    let expires = format!(
        "Your {} for {} expires on {last_day}.",
        product.name, permit.vrm
    );
    let months = u32::try_from(permit.duration_months).ok();
    let text = match may_renew(scheme, &held_permit(permit)?, months, now) {
        Ok(quote) => {
            let link = ready_link(state, conn, scheme, permit, &quote).await?;
            format!("{expires} You can renew it now: {link}")
        }
        Err(refusal) => format!("{expires} It cannot be renewed online: {refusal}"),
    };
    notify(conn, &permit.resident_id, &text, now).await
}

/// RP-6 through the provider: records the renewal to charge to the agreement (the jobs charge
/// it next), or sends the resident a link to pay where there is none.
#[tracing::instrument(skip_all, fields(permit = %permit.id))]
async fn by_agreement(
    state: &AppState,
    conn: &mut crate::db::Conn,
    scheme: &permit_rules::Scheme,
    (product, paid): (&permit_rules::scheme::VehiclePermit, RenewalPayment),
    permit: &permits::PermitRow,
) -> Result<(), ApiError> {
    let now = state.now();
    let months = u32::try_from(permit.duration_months).ok();
    match may_renew(scheme, &held_permit(permit)?, months, now) {
        Ok(quote) => {
            let renewal = crate::commerce::auto_renewal::Renewal {
                product,
                paid,
                quote: &quote,
            };
            crate::commerce::auto_renewal::begin(state, conn, scheme, permit, &renewal).await
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
