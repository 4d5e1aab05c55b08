//! Messages to residents and staff (PINs, reminders, decisions, text replies), written in the
//! same transaction as whatever they report. The delivery worker (`crate::delivery::worker`)
//! sends them; the test-mode operator API lists them.

use super::{Conn, at, secs};
use chrono::{DateTime, Utc};
use permit_api_types::OutboxMessage;

#[derive(Debug)]
pub struct NewMessage<'a> {
    pub resident_id: Option<&'a str>,
    /// `email` or `sms`.
    pub channel: &'a str,
    pub recipient: &'a str,
    pub body: &'a str,
    /// Carries a login PIN or code: its text is dropped once sent.
    pub secret: bool,
}

/// What a sent PIN's or code's text is replaced with.
pub const SECRET_SENT: &str = "(a login PIN or code: its text is not kept once sent)";

/// Queues `message`; its `seq` is how a stay waiting for it finds it (ACT-5).
pub async fn insert(
    conn: &mut Conn,
    message: &NewMessage<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (resident_id, channel, recipient, body, created_at, secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
    )
    .bind(message.resident_id)
    .bind(message.channel)
    .bind(message.recipient)
    .bind(message.body)
    .bind(secs(now))
    .bind(i64::from(message.secret))
    .fetch_one(conn)
    .await
}

/// Messages to `recipient`, newest first.
pub async fn for_recipient(
    conn: &mut Conn,
    recipient: &str,
) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT channel, recipient, body, created_at FROM outbox WHERE recipient = $1 ORDER BY seq DESC",
    )
    .bind(recipient)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(channel, recipient, body, created_at)| OutboxMessage {
            channel,
            recipient,
            body,
            created_at: at(created_at),
        })
        .collect())
}

/// Deletes up to `limit` messages queued before `before`, oldest first, sent or not (by then
/// every one has been sent or given up: retries stop within hours), and says how many went.
pub async fn delete_before(
    conn: &mut Conn,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM outbox WHERE seq IN (\
           SELECT seq FROM outbox WHERE created_at < $1 ORDER BY created_at LIMIT $2)",
    )
    .bind(secs(before))
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
