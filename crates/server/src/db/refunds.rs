//! Refunds through the payment provider (issue 16): recorded with the decision, sent by the
//! jobs.

use super::{Conn, new_id, secs};
use crate::domain::RefundState;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct RefundRow {
    pub id: String,
    pub payment_id: String,
    pub order_id: String,
    pub amount_pence: i64,
    pub state: RefundState,
    pub attempts: i64,
}

const SELECT: &str = "SELECT id, payment_id, order_id, amount_pence, state, attempts FROM refunds";

/// Records a refund to send, in the caller's transaction.
pub async fn insert(
    conn: &mut Conn,
    payment_id: &str,
    order_id: &str,
    amount_pence: i64,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("ref");
    sqlx::query(
        "INSERT INTO refunds (id, payment_id, order_id, amount_pence, state, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(payment_id)
    .bind(order_id)
    .bind(amount_pence)
    .bind(RefundState::Pending.as_str())
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// Refunds not yet accepted by the provider and not being sent at `now`, oldest first, at most
/// `limit`.
pub async fn pending(
    conn: &mut Conn,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE state = $1 AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY seq LIMIT $3"
    ))
    .bind(RefundState::Pending.as_str())
    .bind(secs(now))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Claims a pending refund for sending until `until`; false if it is sent already or someone
/// else's claim still runs (then they send it). One statement, so two senders cannot both win.
pub async fn claim(
    conn: &mut Conn,
    id: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE refunds SET claimed_until = $1 WHERE id = $2 AND state = $3 AND (claimed_until IS NULL OR claimed_until <= $4)",
    )
    .bind(secs(until))
    .bind(id)
    .bind(RefundState::Pending.as_str())
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives up a claim without an answer (the provider could not be reached): the next run
/// sends it.
pub async fn release(conn: &mut Conn, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE refunds SET claimed_until = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records one attempt: its outcome, and the provider's id for the refund once accepted. Only
/// a pending refund changes, so two senders cannot both record it.
pub async fn record_attempt(
    conn: &mut Conn,
    id: &str,
    state: RefundState,
    provider_refund_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE refunds SET state = $1, provider_refund_id = $2, attempts = attempts + 1, updated_at = $3, claimed_until = NULL \
         WHERE id = $4 AND state = $5",
    )
    .bind(state.as_str())
    .bind(provider_refund_id)
    .bind(secs(now))
    .bind(id)
    .bind(RefundState::Pending.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
