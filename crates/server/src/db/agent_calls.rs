//! Verified phone calls (ACT-6): which agent may act for which resident, since when.

use super::{Conn, new_id, secs};
use chrono::{DateTime, Utc};

pub async fn insert(
    conn: &mut Conn,
    staff_id: &str,
    resident_id: &str,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("call");
    sqlx::query(
        "INSERT INTO agent_calls (id, staff_id, resident_id, verified_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(staff_id)
    .bind(resident_id)
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// The resident of the agent's own call verified at or after `since`; another agent's call,
/// or one that has run out, is not found.
pub async fn resident_of(
    conn: &mut Conn,
    id: &str,
    staff_id: &str,
    since: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT resident_id FROM agent_calls WHERE id = $1 AND staff_id = $2 AND verified_at >= $3",
    )
    .bind(id)
    .bind(staff_id)
    .bind(secs(since))
    .fetch_optional(conn)
    .await
}
