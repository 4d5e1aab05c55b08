//! The audit log of staff actions: rows are inserted and read, never changed (the migrations
//! make the database refuse updates and deletes as well).

use super::filter::Where;
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

/// Which entries a reader wants; every field narrows the list.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    /// As logged: `staff:<id>` or `operator`.
    pub actor: Option<&'a str>,
    pub resident_id: Option<&'a str>,
    /// The action, e.g. `agent_booked_stay`.
    pub action: Option<&'a str>,
    /// From this instant on.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub to: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    actor: String,
    actor_name: Option<String>,
    action: String,
    subject_id: String,
    resident_id: Option<String>,
    detail: Option<String>,
    at: i64,
}

/// `limit` entries of the council's log that pass `filter`, from `offset` on, newest first.
/// The log only grows: the database reads just this page.
pub async fn page(
    conn: &mut Conn,
    council: &str,
    filter: &Filter<'_>,
    limit: usize,
    offset: usize,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let mut clauses = Where::default();
    clauses.text("a.council = {}", council);
    if let Some(actor) = filter.actor {
        clauses.text("a.actor = {}", actor);
    }
    if let Some(resident) = filter.resident_id {
        clauses.text("a.resident_id = {}", resident);
    }
    if let Some(action) = filter.action {
        clauses.text("a.action = {}", action);
    }
    if let Some(from) = filter.from {
        clauses.int("a.at >= {}", secs(from));
    }
    if let Some(to) = filter.to {
        clauses.int("a.at < {}", secs(to));
    }
    // The actor's name as it is now, for people; the log keeps the id (and the name at the
    // time in the detail of the steps that record one).
    let sql = format!(
        "SELECT a.seq, a.actor, s.full_name AS actor_name, a.action, a.subject_id, a.resident_id, \
         a.detail, a.at FROM audit_log a LEFT JOIN staff s ON s.id = SUBSTR(a.actor, 7) {}",
        clauses.page_sql("a.seq DESC")
    );
    let rows: Vec<AuditRow> = clauses
        .bind_page(sqlx::query_as(&sql), limit, offset)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            seq: row.seq,
            actor_name: row.actor_name.filter(|_| row.actor.starts_with("staff:")),
            actor: row.actor,
            action: row.action,
            subject_id: row.subject_id,
            resident_id: row.resident_id,
            detail: row.detail,
            at: at(row.at),
        })
        .collect())
}
