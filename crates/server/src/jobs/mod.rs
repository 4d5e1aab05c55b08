//! Scheduled jobs, on the service's one clock: they run every minute of real time and right
//! after the test clock moves, so a test or demo that jumps a month sees what fell due. Each
//! is idempotent: it records what it did in the same transaction, so running twice, or late
//! after downtime, gives the same result as running once.
//!
//! - [`renewals`]: renewal reminders (RP-4, AVP-3) and auto-renewal (RP-6).
//! - [`expiry`]: unused visitor permits removed 12 months after purchase (VP-3), and residents
//!   told when their registration runs out (REG-3).
//! - [`expiry_warnings`]: residents warned once, 30 days before, of unused visitor permits
//!   about to expire (VP-3, issue 18), unless they turned it off.
//! - [`retention`]: enforcement checks deleted once past the council's retention
//!   (`[records]` in its file), and messages 90 days after they were queued.
//!
//! Several server processes on one database (the deployment shape) share the minute: each
//! tick first takes the jobs' lease (`db::job_leases`, [`LEASE`] long) and skips when another
//! process holds it, so the jobs run once a minute between them, not once per process. A
//! process that dies lets its lease run out and another carries on. A move of the test clock
//! runs the jobs on that process whatever the lease (the operator asked for it).

mod expiry;
mod expiry_warnings;
mod renewals;
mod retention;

/// Residents warned of expiring permits per run at most (VP-3, issue 18).
pub use expiry_warnings::RESIDENTS_PER_RUN as EXPIRY_WARNINGS_PER_RUN;
/// Old enforcement checks (per council) and messages deleted per run at most, and how long
/// messages are kept.
pub use retention::{DELETED_PER_RUN, MESSAGES_KEPT_DAYS};

use crate::db::job_leases;
use crate::error::ApiError;
use crate::state::AppState;
use std::time::Duration;

/// Orders settled, and refunds sent, per run at most: each is a call to the provider.
const RECONCILE_BATCH: i64 = 200;

/// How long a tick's lease keeps the other processes off the jobs: under the minute between
/// ticks, so the next tick (of whichever process) finds it over.
pub const LEASE: chrono::Duration = chrono::Duration::seconds(50);
const LEASE_NAME: &str = "scheduled";

/// Runs the jobs forever, once a minute between all processes on the database.
pub async fn run_every_minute(state: AppState) {
    let holder = crate::db::new_id("process");
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        match take_lease(&state, &holder).await {
            Ok(true) => {
                if let Err(error) = run_due(&state).await {
                    tracing::error!(%error, "scheduled jobs failed");
                }
            }
            Ok(false) => tracing::debug!("scheduled jobs: another process holds the lease"),
            Err(error) => tracing::error!(%error, "scheduled jobs: lease not taken"),
        }
    }
}

async fn take_lease(state: &AppState, holder: &str) -> Result<bool, sqlx::Error> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let taken = job_leases::take(&mut tx, LEASE_NAME, holder, now, now + LEASE).await?;
    tx.commit().await?;
    Ok(taken)
}

/// Does whatever has fallen due at the clock's `now`.
#[tracing::instrument(skip_all)]
pub async fn run_due(state: &AppState) -> Result<(), ApiError> {
    renewals::run_due(state).await?;
    // RP-6: renewals recorded for an agreement are charged (and retried with the same
    // idempotency key), and agreements switched off are cancelled at the provider.
    crate::commerce::auto_renewal::charge_due(state, RECONCILE_BATCH).await?;
    crate::commerce::auto_renewal::send_cancellations(state, RECONCILE_BATCH).await?;
    // Issue 16: orders still awaiting payment are settled by the provider's word (a resident
    // who closed the tab still gets what they paid for; abandoned ones expire).
    crate::commerce::reconcile(state, RECONCILE_BATCH).await?;
    // Refunds through the provider, retried until it accepts them (VP-6, RP-2, AVP-4).
    crate::commerce::send_refunds(state, RECONCILE_BATCH).await?;
    expiry_warnings::warn_of_expiring_permits(state).await?;
    expiry::remove_unused_visitor_permits(state).await?;
    expiry::tell_expired_registrations(state).await?;
    retention::delete_old_enforcement_checks(state).await?;
    retention::delete_old_messages(state).await?;
    tracing::info!(at = %state.now(), "scheduled jobs ran");
    Ok(())
}
