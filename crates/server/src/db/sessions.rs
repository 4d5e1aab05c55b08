//! Login sessions, stored by the SHA-256 of their token (the token itself is never stored).

use super::{Conn, secs};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub resident_id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    resident_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, resident_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
        .bind(token_hash)
        .bind(resident_id)
        .bind(secs(now))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn find(conn: &mut Conn, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT resident_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn touch(
    conn: &mut Conn,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(secs(now))
        .bind(token_hash)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn delete_all(conn: &mut Conn, resident_id: &str) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE resident_id = $1")
        .bind(resident_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
}
