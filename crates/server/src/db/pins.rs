//! Login PINs (stored hashed; an account may hold a few live ones, as asking again keeps the
//! live PIN) and wrong-PIN attempts.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

/// Adds a PIN beside any live one (a resident may be typing it), dropping expired ones. How
/// many can be live at once is bounded by the PIN request limits.
pub async fn put(
    conn: &mut Conn,
    resident_id: &str,
    pin_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pins WHERE resident_id = $1 AND expires_at <= $2")
        .bind(resident_id)
        .bind(secs(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO pins (resident_id, pin_hash, expires_at) VALUES ($1, $2, $3)")
        .bind(resident_id)
        .bind(pin_hash)
        .bind(secs(expires_at))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Spends the PIN if it matches and has not expired, and with it every other PIN of the
/// account (a login ends them all); true when it did.
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
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM pins WHERE resident_id = $1")
        .bind(resident_id)
        .execute(conn)
        .await?;
    Ok(true)
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
