//! VP-3 expiry warnings (issue 18): the unused permits due a warning, marking them warned so a
//! bundle is warned about once, and the resident's setting (`residents.expiry_warnings`).
//! Which permits are due is `permit_rules::expiry_warnings`; the queries only narrow down to
//! active, unwarned bundles with permits left that expire in `(now, horizon)`.

use super::{Conn, secs};
use crate::domain::BundleState;
use chrono::{DateTime, Utc};

/// What every query here asks of a bundle and its owner ($1 council, $2 permit type, $3 now,
/// $4 the horizon): warnings on, and permits left that nobody was warned about.
const DUE: &str = "FROM bundles b JOIN residents r ON r.id = b.resident_id \
                   WHERE r.council = $1 AND b.permit_type = $2 AND b.state = $5 \
                   AND b.remaining > 0 AND b.expiry_warned_at IS NULL \
                   AND b.expires_at > $3 AND b.expires_at < $4 AND r.expiry_warnings = 1";

/// One bundle due a warning.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueBundle {
    pub id: String,
    pub remaining: i64,
    pub expires_at: i64,
}

/// Where the due bundles are: which council's product, and the instants bounding them.
#[derive(Debug, Clone, Copy)]
pub struct Due<'a> {
    pub council: &'a str,
    pub permit_type: &'a str,
    pub now: DateTime<Utc>,
    pub horizon: DateTime<Utc>,
}

/// Up to `limit` residents holding bundles due a warning, the soonest to expire first.
pub async fn residents(
    conn: &mut Conn,
    due: &Due<'_>,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT b.resident_id {DUE} GROUP BY b.resident_id \
         ORDER BY MIN(b.expires_at), b.resident_id LIMIT $6"
    ))
    .bind(due.council)
    .bind(due.permit_type)
    .bind(secs(due.now))
    .bind(secs(due.horizon))
    .bind(BundleState::Active.as_str())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// One resident's bundles due a warning (read under the resident's lock before warning).
pub async fn bundles_of(
    conn: &mut Conn,
    due: &Due<'_>,
    resident_id: &str,
) -> Result<Vec<DueBundle>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT b.id, b.remaining, b.expires_at {DUE} AND b.resident_id = $6 ORDER BY b.seq"
    ))
    .bind(due.council)
    .bind(due.permit_type)
    .bind(secs(due.now))
    .bind(secs(due.horizon))
    .bind(BundleState::Active.as_str())
    .bind(resident_id)
    .fetch_all(conn)
    .await
}

/// Records that a bundle's unused permits were warned about, in the warning's transaction.
pub async fn mark_warned(conn: &mut Conn, id: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bundles SET expiry_warned_at = $1 WHERE id = $2")
        .bind(secs(now))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Whether the resident wants expiry warnings; `None` for no such resident.
pub async fn wanted(conn: &mut Conn, resident_id: &str) -> Result<Option<bool>, sqlx::Error> {
    let on: Option<i64> = sqlx::query_scalar("SELECT expiry_warnings FROM residents WHERE id = $1")
        .bind(resident_id)
        .fetch_optional(conn)
        .await?;
    Ok(on.map(|on| on != 0))
}

pub async fn set_wanted(conn: &mut Conn, resident_id: &str, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE residents SET expiry_warnings = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(resident_id)
        .execute(conn)
        .await
        .map(|_| ())
}
