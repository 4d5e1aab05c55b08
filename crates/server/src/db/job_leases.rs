//! Leases on scheduled jobs, one row per job: whichever server process takes the lease runs
//! the job; the others find it held and skip. A holder that dies simply lets it run out.

use super::{Conn, secs};
use chrono::{DateTime, Utc};

/// Takes `name`'s lease for `holder` until `until` if it is free (never taken, or run out at
/// `now`); `true` when this holder has it now.
pub async fn take(
    conn: &mut Conn,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    // One statement on both databases: a conflicting row is replaced only once its lease is
    // over, so of two processes at the same moment exactly one changes the row.
    let taken = sqlx::query(
        "INSERT INTO job_leases (name, holder, lease_until) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until \
         WHERE job_leases.lease_until <= $4",
    )
    .bind(name)
    .bind(holder)
    .bind(secs(until))
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(taken.rows_affected() == 1)
}
