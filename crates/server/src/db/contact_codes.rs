//! Codes confirming a new email or mobile before it is linked to an account (REG-2, ACT-4),
//! stored hashed; one live code per account and contact.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

/// Replaces any code for this account and contact.
pub async fn put(
    conn: &mut Conn,
    resident_id: &str,
    contact: &str,
    code_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM contact_codes WHERE resident_id = $1 AND contact = $2")
        .bind(resident_id)
        .bind(contact)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO contact_codes (resident_id, contact, code_hash, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(resident_id)
    .bind(contact)
    .bind(code_hash)
    .bind(secs(expires_at))
    .execute(conn)
    .await
    .map(|_| ())
}

/// Spends the code when it matches and has not expired; true when it did.
pub async fn take(
    conn: &mut Conn,
    resident_id: &str,
    contact: &str,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM contact_codes WHERE resident_id = $1 AND contact = $2 AND code_hash = $3 \
         AND expires_at > $4",
    )
    .bind(resident_id)
    .bind(contact)
    .bind(code_hash)
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
