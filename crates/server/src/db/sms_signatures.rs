//! The inbound-SMS webhook's replay memory: each signature accepted, kept while its signing
//! moment is still within the window (`texting::SIGNATURE_WINDOW`), in the database so that
//! every server process on it refuses a second use. Only correctly signed requests get here,
//! and each lookup first drops the signatures whose window is over, so the table holds at most
//! ten minutes of the gateway's deliveries.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

/// Records `signature` (canonical hex) until `until`; `false` when it was already there, a
/// replay. On PostgreSQL a concurrent insert of the same signature waits for the first to
/// commit and then finds the row, so of two copies sent at once exactly one is first.
pub async fn first_sight(
    conn: &mut Conn,
    signature: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM sms_signatures WHERE remember_until < $1")
        .bind(secs(now))
        .execute(&mut *conn)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO sms_signatures (signature, remember_until) VALUES ($1, $2) \
         ON CONFLICT (signature) DO NOTHING",
    )
    .bind(signature)
    .bind(secs(until))
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
