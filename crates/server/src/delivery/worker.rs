//! The outbox worker. Each message is claimed for a lease (one UPDATE), sent, then marked sent.
//!
//! - Nothing is lost: a message is only ever marked sent after its channel accepted it; if the
//!   server stops mid-send, the lease runs out and another run sends it.
//! - Nothing is sent twice after a restart: sent rows are never claimed again, and a leased row
//!   is not claimable until its lease ends. The one window left is a crash between the
//!   channel accepting a message and the row being marked sent; the row's `seq` goes with the
//!   message (Message-ID, gateway reference) so the channel can drop that duplicate.
//! - Failures back off: 30 s, 1 min, 2 min, ... capped at 1 hour, at most [`MAX_ATTEMPTS`]. A
//!   permanent failure (a refused recipient, a request the channel says is wrong) is given up
//!   at once, recorded as after the last attempt: never claimed again.
//! - ACT-5: marking a message sent also starts the texted stay it confirms, in the same
//!   transaction; the last failed attempt cancels that stay and returns its permit.
//!
//! Times come from the service clock, so a test moves leases and backoff with the test clock.

use super::{Delivery, Outgoing};
use crate::db::outbox_delivery::{claim, give_up, mark_failed, mark_sent};
use crate::error::ApiError;
use crate::state::AppState;
use crate::texting::confirmation;
use chrono::Duration;
use tracing::Instrument;

pub const LEASE: Duration = Duration::minutes(5);
pub const MAX_ATTEMPTS: i64 = 10;

/// The wait before attempt `attempts + 1`.
pub fn backoff(attempts: i64) -> Duration {
    let doubled = 30i64.saturating_mul(1i64 << attempts.clamp(1, 8).saturating_sub(1));
    Duration::seconds(doubled.min(3600))
}

/// Sends every message due now; returns how many were sent.
#[tracing::instrument(skip_all)]
pub async fn drain_once(state: &AppState, delivery: &Delivery) -> Result<usize, ApiError> {
    let mut sent = 0;
    loop {
        let now = state.now();
        let claimed = {
            let mut tx = state.db.write_tx().await?;
            let claimed = claim(&mut tx, now, now + LEASE, MAX_ATTEMPTS).await?;
            tx.commit().await?;
            claimed
        };
        let Some(row) = claimed else {
            return Ok(sent);
        };
        let message = Outgoing {
            seq: row.seq,
            recipient: row.recipient,
            body: row.body,
            at: now,
        };
        // The recipient and body are personal data: the span names the message, not them.
        let span = tracing::info_span!("send", seq = row.seq, channel = %row.channel);
        let outcome = delivery
            .for_channel(&row.channel)
            .send(&message)
            .instrument(span)
            .await;
        let now = state.now();
        let mut tx = state.db.write_tx().await?;
        match outcome {
            Ok(()) => {
                mark_sent(&mut tx, row.seq, now).await?;
                confirmation::sent(&mut tx, row.seq, now).await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(seq = row.seq, attempts = row.attempts, %error, "delivery failed");
                let last = error.permanent || row.attempts >= MAX_ATTEMPTS;
                if error.permanent {
                    give_up(&mut tx, row.seq, &error.to_string(), MAX_ATTEMPTS).await?;
                } else {
                    let next = now + backoff(row.attempts);
                    mark_failed(&mut tx, row.seq, &error.to_string(), next).await?;
                }
                if last {
                    confirmation::undeliverable(&mut tx, row.seq, now).await?;
                }
            }
        }
        tx.commit().await?;
    }
}

/// Drains the outbox every few seconds, forever.
pub async fn run(state: AppState) {
    if state.delivery.held {
        tracing::info!("test mode: messages stay in the outbox for the operator endpoint");
        return;
    }
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(error) = drain_once(&state, &state.delivery).await {
            tracing::error!(%error, "outbox worker failed");
        }
    }
}
