//! A small migration runner: each dialect has its own folder of numbered files, embedded in
//! the binary so a deployed server needs no source tree.

use super::{Backend, Db};

/// One file name per version, present in both dialects' folders (a missing one fails the build).
macro_rules! both {
    ($version:literal, $file:literal) => {
        (
            $version,
            include_str!(concat!("../../migrations/sqlite/", $file)),
            include_str!(concat!("../../migrations/postgres/", $file)),
        )
    };
}

const MIGRATIONS: &[(i64, &str, &str)] = &[
    both!(1, "0001_accounts.sql"),
    both!(2, "0002_commerce.sql"),
    both!(3, "0003_reminders.sql"),
    both!(4, "0004_back_office.sql"),
    both!(5, "0005_expiry.sql"),
    both!(6, "0006_agent_calls.sql"),
    both!(7, "0007_job_indexes.sql"),
    both!(8, "0008_stays_property_backfill.sql"),
    both!(9, "0009_sms_received.sql"),
    both!(10, "0010_attempts.sql"),
    both!(11, "0011_pins_kept.sql"),
    both!(12, "0012_bundles_household.sql"),
    both!(13, "0013_stays_visits_plates.sql"),
    both!(14, "0014_outbox_secret.sql"),
    both!(15, "0015_stays_confirmation.sql"),
    both!(16, "0016_contact_codes.sql"),
    both!(17, "0017_job_leases.sql"),
    both!(23, "0023_orders.sql"),
    both!(24, "0024_refunds.sql"),
    both!(28, "0028_staff_office.sql"),
    both!(30, "0030_saved_vehicles.sql"),
    both!(31, "0031_sms_signatures.sql"),
    both!(33, "0033_renewal_orders.sql"),
    both!(34, "0034_refund_claims.sql"),
    both!(35, "0035_auto_renewal_agreements.sql"),
    both!(39, "0039_expiry_warnings.sql"),
    both!(41, "0041_cookie_sessions.sql"),
    both!(43, "0043_permission_changes.sql"),
    both!(44, "0044_order_return_tokens.sql"),
    both!(45, "0045_payment_lookups.sql"),
    both!(46, "0046_sparse_lookups.sql"),
    both!(47, "0047_job_lookups.sql"),
    both!(48, "0048_renewed_from.sql"),
    both!(49, "0049_booking_writes.sql"),
];

/// The PostgreSQL advisory lock key the migration runners of all processes share.
const MIGRATION_LOCK: i64 = 0x7065_726d_6974_7331; // "permits1"

/// A write transaction holding the migration turn: servers started together on one
/// PostgreSQL database (the deployment shape) take turns, the first applies a migration and
/// the others wait and then find it done. (SQLite's `BEGIN IMMEDIATE` is a turn already.)
async fn turn(db: &Db) -> Result<super::Tx, sqlx::Error> {
    let mut tx = db.write_tx().await?;
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

pub(super) async fn run(db: &Db) -> Result<(), sqlx::Error> {
    // Two processes creating this table at once would both pass IF NOT EXISTS.
    let mut tx = turn(db).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    for (version, sqlite, postgres) in MIGRATIONS {
        let sql = match db.backend() {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        };
        let mut tx = turn(db).await?;
        let done: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_none() {
            sqlx::raw_sql(sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
                .bind(version)
                .execute(&mut *tx)
                .await?;
            tracing::info!(version, "applied migration");
        }
        tx.commit().await?;
    }
    Ok(())
}
