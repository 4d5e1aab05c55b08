//! Stored answers to requests sent with an `Idempotency-Key`, per resident.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status_code: i64,
    pub response: String,
}

pub async fn find(
    conn: &mut Conn,
    resident_id: &str,
    key: &str,
) -> Result<Option<StoredResponse>, sqlx::Error> {
    sqlx::query_as(
        "SELECT request_hash, status_code, response FROM idempotency_keys WHERE resident_id = $1 AND idem_key = $2",
    )
    .bind(resident_id)
    .bind(key)
    .fetch_optional(conn)
    .await
}

pub async fn store(
    conn: &mut Conn,
    resident_id: &str,
    key: &str,
    request_hash: &str,
    status_code: u16,
    response: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (resident_id, idem_key, request_hash, status_code, response, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(resident_id)
    .bind(key)
    .bind(request_hash)
    .bind(i64::from(status_code))
    .bind(response)
    .bind(secs(now))
    .execute(conn)
    .await
    .map(|_| ())
}
