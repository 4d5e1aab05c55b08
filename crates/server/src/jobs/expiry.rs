//! VP-3: visitor permits expire 12 months after purchase (`bundle_expires_at`, set when they
//! are bought) and the unused ones are removed then. REG-3: an approved registration lasts
//! 3 months (`registration_status`); when it runs out the resident is told, once, to
//! re-register with proof.

use crate::commerce::standing;
use crate::db::{bundles, registrations, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_rules::RegistrationStatus;
use permit_rules::time::{display_date, local_date};

/// Sets the unused permits of every bundle past its expiry to zero (a second run finds none).
#[tracing::instrument(skip_all)]
pub(super) async fn remove_unused_visitor_permits(state: &AppState) -> Result<(), ApiError> {
    let mut tx = state.db.write_tx().await?;
    let removed = bundles::remove_expired(&mut tx, state.now()).await?;
    tx.commit().await?;
    if removed > 0 {
        tracing::info!(removed, "VP-3: expired visitor permits removed");
    }
    Ok(())
}

/// Emails each resident whose latest registration has expired, and marks it told.
#[tracing::instrument(skip_all)]
pub(super) async fn tell_expired_registrations(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    let mut candidates = Vec::new();
    let mut conn = state.db.pool().acquire().await?;
    for scheme in state.councils.all() {
        let Some(months) = scheme.registration.validity_months else {
            continue;
        };
        // Anything decided later than this cannot have run out yet (a month has >= 28 days).
        let decided_by = now - chrono::Duration::days(28 * i64::from(months));
        candidates.extend(
            registrations::approved_not_told(&mut conn, scheme.id.as_str(), decided_by).await?,
        );
    }
    drop(conn);
    for candidate in candidates {
        let mut tx = state.db.write_tx().await?;
        residents::lock(&state.db, &mut tx, &candidate.resident_id).await?;
        let Some(resident) = residents::get(&mut tx, &candidate.resident_id).await? else {
            continue;
        };
        let scheme = state.scheme(&resident.council)?;
        let latest = registrations::latest(&mut tx, &resident.id).await?;
        // Only the latest application counts, and only once (read again under the lock).
        if latest
            .as_ref()
            .is_none_or(|l| l.id != candidate.id || l.expiry_told_at.is_some())
        {
            continue;
        }
        let RegistrationStatus::Expired { at } = standing(state, &mut tx, &scheme, &resident.id)
            .await?
            .registration
        else {
            continue;
        };
        let last_day = display_date(local_date(at - chrono::Duration::seconds(1)));
        let text = format!(
            "Your parking permit registration ended on {last_day}. To buy visitor permits again, register again with a new proof of address."
        );
        notify(&mut tx, &resident.id, &text, now).await?;
        registrations::mark_expiry_told(&mut tx, &candidate.id, now).await?;
        tx.commit().await?;
    }
    Ok(())
}
