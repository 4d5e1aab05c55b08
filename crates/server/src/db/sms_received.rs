//! Texts already handled, by the gateway's message id: a gateway that retries a delivery, or
//! anyone replaying a signed request, gets the first answer and no second stay.

use super::{Conn, secs};
use chrono::{DateTime, Utc};
use permit_api_types::SmsOutcome;

pub async fn find(
    conn: &mut Conn,
    council: &str,
    message_id: &str,
) -> Result<Option<SmsOutcome>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT outcome, reply FROM sms_received WHERE council = $1 AND message_id = $2",
    )
    .bind(council)
    .bind(message_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(outcome, reply)| SmsOutcome { outcome, reply }))
}

pub async fn record(
    conn: &mut Conn,
    council: &str,
    message_id: &str,
    outcome: &SmsOutcome,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sms_received (council, message_id, outcome, reply, received_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(council)
    .bind(message_id)
    .bind(&outcome.outcome)
    .bind(&outcome.reply)
    .bind(secs(now))
    .execute(conn)
    .await
    .map(|_| ())
}
