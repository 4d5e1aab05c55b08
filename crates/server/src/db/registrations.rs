//! Registrations: each application for an account's property; the latest one counts.

use super::{Conn, at, new_id, secs};
use crate::domain::RegistrationState;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct RegistrationRow {
    pub id: String,
    pub resident_id: String,
    pub property_id: String,
    pub council_tax_masked: Option<String>,
    pub state: RegistrationState,
    pub reason: Option<String>,
    pub submitted_at: i64,
    pub decided_at: Option<i64>,
    /// When the resident was told it expired (REG-3), so they are told once.
    pub expiry_told_at: Option<i64>,
}

impl RegistrationRow {
    pub fn submitted(&self) -> DateTime<Utc> {
        at(self.submitted_at)
    }
}

const SELECT: &str = "SELECT id, resident_id, property_id, council_tax_masked, state, reason, submitted_at, decided_at, expiry_told_at FROM registrations";

pub async fn insert(
    conn: &mut Conn,
    resident_id: &str,
    property_id: &str,
    council_tax_masked: Option<&str>,
    state: RegistrationState,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("reg");
    // An application that needs no review is decided the moment it is made.
    let decided_at = (state == RegistrationState::Approved).then(|| secs(now));
    sqlx::query(
        "INSERT INTO registrations (id, resident_id, property_id, council_tax_masked, state, submitted_at, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(resident_id)
    .bind(property_id)
    .bind(council_tax_masked)
    .bind(state.as_str())
    .bind(secs(now))
    .bind(decided_at)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn latest(
    conn: &mut Conn,
    resident_id: &str,
) -> Result<Option<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE resident_id = $1 \
         ORDER BY seq DESC LIMIT 1"
    ))
    .bind(resident_id)
    .fetch_optional(conn)
    .await
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<RegistrationRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "id", id).await
}

pub async fn set_state(
    conn: &mut Conn,
    id: &str,
    state: RegistrationState,
    reason: Option<&str>,
    decided_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE registrations SET state = $1, reason = $2, decided_at = $3 WHERE id = $4")
        .bind(state.as_str())
        .bind(reason)
        .bind(decided_at.map(secs))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// [`approved_not_told`]'s query: found through `registrations_expiry_due`, not by reading
/// every registration of the council. SQLite would rather start at the council's residents, or
/// read the whole table in `seq` order to skip a sort: the CROSS JOIN keeps it from reordering
/// the join, and `+g.seq` from ordering by the table (PostgreSQL plans both as usual).
pub const APPROVED_NOT_TOLD: &str = "SELECT g.id, g.resident_id, g.property_id, g.council_tax_masked, g.state, g.reason, \
            g.submitted_at, g.decided_at, g.expiry_told_at \
       FROM registrations g CROSS JOIN residents r \
      WHERE r.id = g.resident_id AND r.council = $1 AND g.state = 'approved' AND g.expiry_told_at IS NULL \
        AND g.decided_at <= $2 ORDER BY +g.seq";

/// Approved registrations at `council`, decided at or before `decided_by`, whose expiry
/// nobody has been told of yet (REG-3's job decides which have expired).
pub async fn approved_not_told(
    conn: &mut Conn,
    council: &str,
    decided_by: DateTime<Utc>,
) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(APPROVED_NOT_TOLD)
        .bind(council)
        .bind(secs(decided_by))
        .fetch_all(conn)
        .await
}

pub async fn mark_expiry_told(
    conn: &mut Conn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE registrations SET expiry_told_at = $1 WHERE id = $2")
        .bind(secs(now))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}
