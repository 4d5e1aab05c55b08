//! ACT-5: what happens to a texted stay when the outbox delivers its confirmation, or gives up.
//! Called by the delivery worker in the transaction that records the delivery's outcome.

use crate::db::{Tx, bundles, stays};
use crate::error::ApiError;
use crate::notify::notify;
use chrono::{DateTime, Utc};
use permit_rules::time::display_instant;

/// The gateway accepted message `seq`: the stay waiting for it counts from `now`.
pub async fn sent(conn: &mut Tx, seq: i64, now: DateTime<Utc>) -> Result<(), ApiError> {
    stays::confirmation_sent(conn, seq, now).await?;
    Ok(())
}

/// Message `seq` will never be delivered: the stay waiting for it never counted, so it is
/// cancelled and its permit returned whatever the cancellation window, and the resident is told
/// (by email where they gave one; a text may fail again, and then nothing more is tried).
pub async fn undeliverable(conn: &mut Tx, seq: i64, now: DateTime<Utc>) -> Result<(), ApiError> {
    let Some((resident_id, stay)) = stays::waiting_for(conn, seq).await? else {
        return Ok(());
    };
    stays::cancel(conn, &stay.id, now).await?;
    bundles::adjust_remaining(conn, &stay.bundle_id, 1).await?;
    let text = format!(
        "Visitor parking for {} from {} was not started: we could not send its confirmation text, so it has been cancelled and the permit returned. Please book it again.",
        stay.vrm,
        display_instant(stay.starts())
    );
    notify(conn, &resident_id, &text, now).await
}
