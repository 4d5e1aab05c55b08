//! Login PINs (one live PIN per account, stored hashed) and wrong-PIN attempts.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

/// Replaces any earlier PIN: only the latest one sent works.
pub async fn put(
    conn: &mut Conn,
    resident_id: &str,
    pin_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO pins (resident_id, pin_hash, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (resident_id) DO UPDATE SET pin_hash = excluded.pin_hash, expires_at = excluded.expires_at",
    )
    .bind(resident_id)
    .bind(pin_hash)
    .bind(secs(expires_at))
    .execute(conn)
    .await
    .map(|_| ())
}

/// Spends the PIN if it matches and has not expired; true when it did.
pub async fn take(
    conn: &mut Conn,
    resident_id: &str,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM pins WHERE resident_id = $1 AND pin_hash = $2 AND expires_at > $3",
    )
    .bind(resident_id)
    .bind(pin_hash)
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn record_failure(
    conn: &mut Conn,
    resident_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO pin_failures (resident_id, failed_at) VALUES ($1, $2)")
        .bind(resident_id)
        .bind(secs(now))
        .execute(conn)
        .await
        .map(|_| ())
}

/// How many wrong PINs since `since`, and the earliest of them.
pub async fn failures_since(
    conn: &mut Conn,
    resident_id: &str,
    since: DateTime<Utc>,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), MIN(failed_at) FROM pin_failures WHERE resident_id = $1 AND failed_at > $2",
    )
    .bind(resident_id)
    .bind(secs(since))
    .fetch_one(conn)
    .await
}
