//! What the service records about people is kept for a bounded time:
//! - the enforcement log for each council's `[records] enforcement_checks_days`: every check
//!   names a vehicle, a place and a time;
//! - messages (the outbox) for [`MESSAGES_KEPT_DAYS`]: each holds an address or a number and
//!   what was said.

use crate::db::{enforcement_log, outbox};
use crate::error::ApiError;
use crate::state::AppState;

/// Rows deleted per kind (and per council, for checks) per run at most: a minute's run takes
/// a few milliseconds of the writer's turn, and 7 million a day keeps up with any council.
pub const DELETED_PER_RUN: i64 = 5_000;

/// Long enough to answer "I never got the reminder" (sent 30 days before a permit expires)
/// for two months after the expiry; a delivery is settled within hours of queueing.
pub const MESSAGES_KEPT_DAYS: i64 = 90;

/// Deletes each council's checks older than its retention, oldest first, up to the limit.
#[tracing::instrument(skip_all)]
pub(super) async fn delete_old_enforcement_checks(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    for scheme in state.councils.all() {
        let before = permit_rules::enforcement_checks_kept_from(scheme.records, now);
        let mut tx = state.db.write_tx().await?;
        let deleted =
            enforcement_log::delete_before(&mut tx, scheme.id.as_str(), before, DELETED_PER_RUN)
                .await?;
        tx.commit().await?;
        if deleted > 0 {
            tracing::info!(council = %scheme.id, deleted, %before, "old enforcement checks deleted");
        }
    }
    Ok(())
}

/// Deletes messages queued more than [`MESSAGES_KEPT_DAYS`] ago, oldest first, up to the limit.
#[tracing::instrument(skip_all)]
pub(super) async fn delete_old_messages(state: &AppState) -> Result<(), ApiError> {
    let before = state.now() - chrono::Duration::days(MESSAGES_KEPT_DAYS);
    let mut tx = state.db.write_tx().await?;
    let deleted = outbox::delete_before(&mut tx, before, DELETED_PER_RUN).await?;
    tx.commit().await?;
    if deleted > 0 {
        tracing::info!(deleted, %before, "old messages deleted");
    }
    Ok(())
}
