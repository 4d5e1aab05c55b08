//! The delivery side of the outbox: claim a due message for a lease, then mark it sent or
//! failed. A claim is one conditional UPDATE, so two workers (two server processes on one
//! database) never hold the same row; a lease that runs out (the server stopped mid-send)
//! makes the row claimable again.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub seq: i64,
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub attempts: i64,
}

const DUE: &str = "sent_at IS NULL AND attempts < $3 AND next_attempt_at <= $2 \
                   AND (lease_until IS NULL OR lease_until <= $2)";

/// The oldest due message, leased until `lease_until`; `None` when nothing is due.
pub async fn claim(
    conn: &mut Conn,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    max_attempts: i64,
) -> Result<Option<Claimed>, sqlx::Error> {
    // On PostgreSQL a row another worker is claiming right now is skipped, not waited for:
    // two servers' workers each take a different message instead of one coming away empty.
    // (SQLite has one writer at a time: nothing to skip.)
    let skip_claimed = if conn.backend_name() == "PostgreSQL" {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    sqlx::query_as(&format!(
        "UPDATE outbox SET lease_until = $1, attempts = attempts + 1 \
         WHERE seq = (SELECT seq FROM outbox WHERE {DUE} ORDER BY seq LIMIT 1{skip_claimed}) \
         AND {DUE} RETURNING seq, channel, recipient, body, attempts"
    ))
    .bind(secs(lease_until))
    .bind(secs(now))
    .bind(max_attempts)
    .fetch_optional(conn)
    .await
}

/// Marks a message sent; a PIN's or code's text goes at the same moment.
pub async fn mark_sent(conn: &mut Conn, seq: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL, \
         body = CASE WHEN secret = 1 THEN $3 ELSE body END WHERE seq = $2",
    )
    .bind(secs(now))
    .bind(seq)
    .bind(super::outbox::SECRET_SENT)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Releases the lease and schedules the next attempt.
pub async fn mark_failed(
    conn: &mut Conn,
    seq: i64,
    error: &str,
    next_attempt_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET lease_until = NULL, last_error = $1, next_attempt_at = $2 WHERE seq = $3",
    )
    .bind(error)
    .bind(secs(next_attempt_at))
    .bind(seq)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Gives a message up after a permanent failure: its attempts are spent, so it is never
/// claimed again, the same record as a message whose last attempt failed.
pub async fn give_up(
    conn: &mut Conn,
    seq: i64,
    error: &str,
    max_attempts: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET lease_until = NULL, last_error = $1, attempts = $2 WHERE seq = $3",
    )
    .bind(error)
    .bind(max_attempts)
    .bind(seq)
    .execute(conn)
    .await
    .map(|_| ())
}
