//! Scheduled jobs, on the service's one clock: they run every minute of real time and right
//! after the test clock moves, so a test or demo that jumps a month sees what fell due. Each
//! is idempotent: it records what it did in the same transaction, so running twice, or late
//! after downtime, gives the same result as running once.
//!
//! - [`renewals`]: renewal reminders (RP-4, AVP-3) and auto-renewal (RP-6).
//! - [`expiry`]: unused visitor permits removed 12 months after purchase (VP-3), and residents
//!   told when their registration runs out (REG-3).

mod expiry;
mod renewals;

use crate::error::ApiError;
use crate::state::AppState;
use std::time::Duration;

/// Orders settled, and refunds sent, per run at most: each is a call to the provider.
const RECONCILE_BATCH: i64 = 200;

/// Runs the jobs forever, once a minute.
pub async fn run_every_minute(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        if let Err(error) = run_due(&state).await {
            tracing::error!(%error, "scheduled jobs failed");
        }
    }
}

/// Does whatever has fallen due at the clock's `now`.
#[tracing::instrument(skip_all)]
pub async fn run_due(state: &AppState) -> Result<(), ApiError> {
    renewals::run_due(state).await?;
    // Issue 16: orders still awaiting payment are settled by the provider's word (a resident
    // who closed the tab still gets what they paid for; abandoned ones expire).
    crate::commerce::reconcile(state, RECONCILE_BATCH).await?;
    // Refunds through the provider, retried until it accepts them (VP-6, RP-2, AVP-4).
    crate::commerce::send_refunds(state, RECONCILE_BATCH).await?;
    expiry::remove_unused_visitor_permits(state).await?;
    expiry::tell_expired_registrations(state).await?;
    Ok(())
}
