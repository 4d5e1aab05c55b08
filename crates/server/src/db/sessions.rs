//! Login sessions, stored by the SHA-256 of their token (the token itself is never stored).

use super::{Conn, Db, inline, secs};
use crate::domain::SessionKind;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub resident_id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// `SessionKind`'s name; read as text so the SQLite inline read needs no sqlx decoder.
    pub kind: String,
    /// The resident's council (it never changes): read with the session, as a booking needs
    /// it before its write transaction (issue 20: one round trip fewer on PostgreSQL).
    pub council: String,
}

pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    resident_id: &str,
    kind: SessionKind,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, resident_id, created_at, last_seen_at, kind) VALUES ($1, $2, $3, $3, $4)")
        .bind(token_hash)
        .bind(resident_id)
        .bind(secs(now))
        .bind(kind.as_str())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Ends the account's sessions beyond its `keep` most recently used ones (the limit on
/// sessions per account, `auth::MAX_SESSIONS_PER_ACCOUNT`); returns how many ended.
pub async fn keep_latest(
    conn: &mut Conn,
    resident_id: &str,
    keep: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM sessions WHERE resident_id = $1 AND token_hash NOT IN (
            SELECT token_hash FROM sessions WHERE resident_id = $1
            ORDER BY last_seen_at DESC, created_at DESC, token_hash LIMIT $2)",
    )
    .bind(resident_id)
    .bind(keep)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Every authenticated request asks this first: on SQLite it runs on the calling thread
/// (see `db/inline_read.rs`), elsewhere through the pool.
pub async fn find_for_request(
    db: &Db,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    if let Some(reader) = db.inline_reader() {
        return reader.optional_row(FIND, [token_hash], |row| {
            Ok(SessionRow {
                resident_id: row.get(0)?,
                created_at: row.get(1)?,
                last_seen_at: row.get(2)?,
                kind: row.get(3)?,
                council: row.get(4)?,
            })
        });
    }
    let mut conn = db.pool().acquire().await?;
    find(&mut conn, token_hash).await
}

const FIND: &str = "SELECT s.resident_id, s.created_at, s.last_seen_at, s.kind, r.council \
     FROM sessions s JOIN residents r ON r.id = s.resident_id WHERE s.token_hash = $1";

pub async fn find(conn: &mut Conn, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(FIND)
        .bind(token_hash)
        .fetch_optional(conn)
        .await
}

/// Marks sessions as used at `at` (unix seconds), two hundred per statement.
pub async fn touch_many(
    conn: &mut Conn,
    at: i64,
    token_hashes: &[&str],
) -> Result<(), sqlx::Error> {
    for chunk in token_hashes.chunks(200) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "UPDATE sessions SET last_seen_at = $1 WHERE last_seen_at < $1 AND token_hash IN ({})",
            list.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(at);
        for hash in chunk {
            query = query.bind(*hash);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A request's use of its session, not yet stored (PostgreSQL): a write transaction of the
/// request may carry it (`postgres_booking::write`), else `auth::recent_use` writes it before
/// the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUse {
    pub token_hash: String,
    /// Unix seconds.
    pub at: i64,
}

const TOUCH: &str =
    "UPDATE sessions SET last_seen_at = $1 WHERE last_seen_at < $1 AND token_hash = $2";

/// Queues one session's use for SQLite's inline writer (`auth::recent_use`'s write-through):
/// it rides in the next commit with the other writes of the moment, the request's own
/// included, rather than a write transaction of its own through the writer's turn (issue 20:
/// every request of the benchmark's 50,000 residents is a first request after a pause). `None`
/// on PostgreSQL: [`touch`] there.
pub(crate) fn touch_soon(db: &Db, at: i64, token_hash: &str) -> Option<super::QueuedRecord> {
    let hash = token_hash.to_owned();
    db.record_soon(move |tx| inline::execute(tx, TOUCH, &[&at, &hash]).map(|_| ()))
}

/// Stores one session's use at once, in one statement (PostgreSQL's write-through).
pub async fn touch(db: &Db, at: i64, token_hash: &str) -> Result<(), sqlx::Error> {
    touch_many(&mut *db.write_conn().await?, at, &[token_hash]).await
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
