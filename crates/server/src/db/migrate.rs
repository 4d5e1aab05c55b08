//! A small migration runner: each dialect has its own folder of numbered files, embedded in
//! the binary so a deployed server needs no source tree.

use super::{Backend, Db};

const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_accounts.sql")),
    (2, include_str!("../../migrations/sqlite/0002_commerce.sql")),
];
const POSTGRES: &[(i64, &str)] = &[
    (
        1,
        include_str!("../../migrations/postgres/0001_accounts.sql"),
    ),
    (
        2,
        include_str!("../../migrations/postgres/0002_commerce.sql"),
    ),
];

pub(super) async fn run(db: &Db) -> Result<(), sqlx::Error> {
    let migrations = match db.backend() {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(db.pool())
        .await?;
    for (version, sql) in migrations {
        let mut tx = db.write_tx().await?;
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
