//! The audit log of staff actions: rows are inserted and read, never changed (the migrations
//! make the database refuse updates and deletes as well).

use super::{Conn, at, secs};
use chrono::{DateTime, Utc};
use permit_api_types::AuditEntry;

#[derive(Debug)]
pub struct Entry<'a> {
    pub council: &'a str,
    /// `staff:<id>` or `operator` (test mode).
    pub actor: &'a str,
    pub action: &'a str,
    pub subject_id: &'a str,
    pub resident_id: Option<&'a str>,
    pub detail: Option<&'a str>,
}

pub async fn append(
    conn: &mut Conn,
    entry: &Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (council, actor, action, subject_id, resident_id, detail, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.council)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.subject_id)
    .bind(entry.resident_id)
    .bind(entry.detail)
    .bind(secs(now))
    .execute(conn)
    .await
    .map(|_| ())
}

type AuditRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
);

/// `limit` entries of the council's log from `offset` on, newest first.
pub async fn for_council(
    conn: &mut Conn,
    council: &str,
    limit: usize,
    offset: usize,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT seq, actor, action, subject_id, resident_id, detail, at FROM audit_log \
         WHERE council = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3",
    )
    .bind(council)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(seq, actor, action, subject_id, resident_id, detail, when)| AuditEntry {
                seq,
                actor,
                action,
                subject_id,
                resident_id,
                detail,
                at: at(when),
            },
        )
        .collect())
}
