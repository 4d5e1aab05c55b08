//! Recurring-payment agreements (RP-6): which order set one up, which permit it renews, and
//! the ones to cancel at the provider once auto-renewal is switched off.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

/// Records the agreement the order's payment sets up.
pub async fn set_for_order(
    conn: &mut Conn,
    order_id: &str,
    agreement_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET agreement_id = $1 WHERE id = $2")
        .bind(agreement_id)
        .bind(order_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records the resident's auto-renewal choice on the order (`None`: the product's default).
pub async fn set_choice(
    conn: &mut Conn,
    order_id: &str,
    auto_renew: Option<bool>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET auto_renew = $1 WHERE id = $2")
        .bind(auto_renew.map(i64::from))
        .bind(order_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The order's agreement and the resident's choice, as recorded.
pub async fn of_order(
    conn: &mut Conn,
    order_id: &str,
) -> Result<(Option<String>, Option<bool>), sqlx::Error> {
    let row: Option<(Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT agreement_id, auto_renew FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map_or((None, None), |(agreement, choice)| {
        (agreement, choice.map(|c| c != 0))
    }))
}

/// Names (or, with `None`, forgets) the agreement that renews the permit.
pub async fn set_for_permit(
    conn: &mut Conn,
    permit_id: &str,
    agreement_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE permits SET agreement_id = $1 WHERE id = $2")
        .bind(agreement_id)
        .bind(permit_id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn of_permit(conn: &mut Conn, permit_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar::<_, Option<String>>("SELECT agreement_id FROM permits WHERE id = $1")
        .bind(permit_id)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}

/// Whether another permit (a renewal that carried it on) still uses the agreement.
pub async fn in_use_elsewhere(
    conn: &mut Conn,
    agreement_id: &str,
    permit_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, String>(
        "SELECT id FROM permits WHERE agreement_id = $1 AND id <> $2 AND auto_renew = 1 AND state IN ('active', 'pending_review')",
    )
    .bind(agreement_id)
    .bind(permit_id)
    .fetch_optional(conn)
    .await
    .map(|found| found.is_some())
}

/// Records an agreement to cancel at the provider (once, whoever asks again).
pub async fn queue_cancellation(
    conn: &mut Conn,
    agreement_id: &str,
    council: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agreement_cancellations (agreement_id, council, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (agreement_id) DO NOTHING",
    )
    .bind(agreement_id)
    .bind(council)
    .bind(secs(now))
    .execute(conn)
    .await
    .map(|_| ())
}

/// Agreements still to cancel at the provider, oldest first: (agreement, council).
pub async fn to_cancel(conn: &mut Conn, limit: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT agreement_id, council FROM agreement_cancellations WHERE cancelled_at IS NULL \
         ORDER BY seq LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Records one attempt to cancel; `done` once the provider no longer charges it.
pub async fn record_cancel_attempt(
    conn: &mut Conn,
    agreement_id: &str,
    done: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agreement_cancellations SET attempts = attempts + 1, \
         cancelled_at = CASE WHEN $1 THEN $2 ELSE cancelled_at END WHERE agreement_id = $3",
    )
    .bind(done)
    .bind(secs(now))
    .bind(agreement_id)
    .execute(conn)
    .await
    .map(|_| ())
}
