//! Counted attempts behind the request limits (limits.rs).

use super::{Conn, secs};
use chrono::{DateTime, Utc};

pub async fn record(
    conn: &mut Conn,
    kind: &str,
    subject: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO attempts (kind, subject, at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(subject)
        .bind(secs(at))
        .execute(conn)
        .await
        .map(|_| ())
}

/// How many attempts after `since`, and the earliest of them; older ones are dropped, as
/// no limit looks further back than its window.
pub async fn count_since(
    conn: &mut Conn,
    kind: &str,
    subject: &str,
    since: DateTime<Utc>,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query("DELETE FROM attempts WHERE kind = $1 AND subject = $2 AND at <= $3")
        .bind(kind)
        .bind(subject)
        .bind(secs(since))
        .execute(&mut *conn)
        .await?;
    sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM attempts WHERE kind = $1 AND subject = $2 AND at > $3",
    )
    .bind(kind)
    .bind(subject)
    .bind(secs(since))
    .fetch_one(conn)
    .await
}
