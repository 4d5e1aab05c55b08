//! Reading the enforcement-check log (written by `enforcement::log_many`): a council's checks
//! of one VRM over a time range, for settling a disputed ticket.

use super::filter::Where;
use super::{Conn, at, secs};
use chrono::{DateTime, Utc};
use permit_api_types::EnforcementCheckEntry;

#[derive(sqlx::FromRow)]
struct CheckRow {
    seq: i64,
    key_label: String,
    vrm: String,
    zone: String,
    checked_for: i64,
    checked_at: i64,
    permitted: i64,
    permit_kind: Option<String>,
}

/// `limit` checks of `vrm` at `council` made in `[from, to)`, from `offset` on, newest first.
pub async fn page(
    conn: &mut Conn,
    council: &str,
    vrm: &str,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    limit: usize,
    offset: usize,
) -> Result<Vec<EnforcementCheckEntry>, sqlx::Error> {
    let mut clauses = Where::default();
    clauses.text("council = {}", council).text("vrm = {}", vrm);
    if let Some(from) = from {
        clauses.int("checked_at >= {}", secs(from));
    }
    if let Some(to) = to {
        clauses.int("checked_at < {}", secs(to));
    }
    let sql = format!(
        "SELECT seq, key_label, vrm, zone, checked_for, checked_at, permitted, permit_kind \
         FROM enforcement_checks{}",
        clauses.page_sql("checked_at DESC, seq DESC")
    );
    let rows: Vec<CheckRow> = clauses
        .bind_page(sqlx::query_as(&sql), limit, offset)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| EnforcementCheckEntry {
            seq: row.seq,
            key_label: row.key_label,
            vrm: row.vrm,
            zone: row.zone,
            checked_for: at(row.checked_for),
            checked_at: at(row.checked_at),
            permitted: row.permitted != 0,
            permit_kind: row.permit_kind,
        })
        .collect())
}

/// Deletes up to `limit` of `council`'s checks made before `before`, oldest first, and says
/// how many went. The limit keeps one run's transaction short (on SQLite it holds the writer's
/// turn, which every check's log line waits for).
pub async fn delete_before(
    conn: &mut Conn,
    council: &str,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM enforcement_checks WHERE seq IN (\
           SELECT seq FROM enforcement_checks WHERE council = $1 AND checked_at < $2 \
           ORDER BY checked_at LIMIT $3)",
    )
    .bind(council)
    .bind(secs(before))
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
