//! VP-3 expiry warnings (issue 18): the resident is told once, 30 days before (the council
//! file's `expiry_warning_days`), how many unused visitor permits expire on which date: by
//! email, or by text when a mobile is their only contact. Each bundle warned about is marked in
//! the warning's transaction, so a second run (or another process) sends nothing more. A
//! resident who turned warnings off in Account is skipped, not marked: turning them back on
//! while a warning is still due sends it.

use crate::db::{expiry_warnings, expiry_warnings::Due, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_rules::scheme::{Product, VisitorBundle};
use permit_rules::{UnusedPermits, expiry_warning_horizon, expiry_warnings as warnings_due};

/// Residents warned per run at most (the jobs run every minute): a bound on what one run adds
/// to the outbox ahead of PINs and confirmations, which share its queue; the rest go on the
/// next run, still days before their permits expire.
pub const RESIDENTS_PER_RUN: usize = 100;

#[tracing::instrument(skip_all)]
pub(super) async fn warn_of_expiring_permits(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    let mut warned = 0;
    for scheme in state.councils.all() {
        for product in &scheme.products {
            let Product::VisitorBundle(product) = product else {
                continue;
            };
            let Some(horizon) = expiry_warning_horizon(product, now) else {
                continue;
            };
            let due = Due {
                council: scheme.id.as_str(),
                permit_type: product.id.as_str(),
                now,
                horizon,
            };
            let left = RESIDENTS_PER_RUN.saturating_sub(warned);
            if left == 0 {
                return Ok(());
            }
            let mut conn = state.db.pool().acquire().await?;
            let limit = i64::try_from(left).map_err(ApiError::internal)?;
            let candidates = expiry_warnings::residents(&mut conn, &due, limit).await?;
            drop(conn);
            for resident_id in candidates {
                warned += warn(state, product, &due, &resident_id).await?;
            }
        }
    }
    Ok(())
}

/// Warns one resident of what is due, under their lock; answers 1 when a warning went out.
async fn warn(
    state: &AppState,
    product: &VisitorBundle,
    due: &Due<'_>,
    resident_id: &str,
) -> Result<usize, ApiError> {
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, resident_id).await?;
    // Read again under the lock: another run may have just warned them, or they turned it off.
    let bundles = expiry_warnings::bundles_of(&mut tx, due, resident_id).await?;
    let held: Vec<UnusedPermits> = bundles
        .iter()
        .map(|b| UnusedPermits {
            remaining: u32::try_from(b.remaining).unwrap_or_default(),
            expires_at: crate::db::at(b.expires_at),
        })
        .collect();
    let warnings = warnings_due(product, &held, due.now);
    if warnings.is_empty() {
        return Ok(0);
    }
    for warning in &warnings {
        notify(&mut tx, resident_id, &warning.to_string(), due.now).await?;
    }
    for bundle in &bundles {
        expiry_warnings::mark_warned(&mut tx, &bundle.id, due.now).await?;
    }
    tx.commit().await?;
    tracing::info!(resident = %resident_id, warnings = warnings.len(), "VP-3: expiry warning sent");
    Ok(1)
}
