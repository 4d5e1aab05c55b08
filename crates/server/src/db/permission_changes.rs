//! Keeping the permission index (`permission_index`) right over time: other servers' writes
//! on one PostgreSQL, and expiry.
//!
//! On PostgreSQL a trigger on `permits` and `stays` (migration 0043) sends
//! `pg_notify('permission_changes', '<origin> <vrm>')` for every row written; a notification
//! is delivered only once its transaction commits. Each server listens and reads those VRMs
//! again (skipping its own writes, which its transactions re-read as they commit). Until the
//! listener is connected, and again whenever its connection is lost (notifications meanwhile
//! are lost with it), the index is not used: checks ask the database, and on reconnecting the
//! index is rebuilt after `LISTEN`, so nothing committed in between is missed.

use super::{Backend, Db};
use crate::clock::Clock;
use crate::secret::Secret;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub const CHANNEL: &str = "permission_changes";

/// The listener connection's `application_name` (tests find it in `pg_stat_activity`).
pub const LISTENER_NAME: &str = "permits-listener";

/// How often expired permissions are dropped (and a failed index rebuilt).
const MAINTENANCE: Duration = Duration::from_secs(60);

/// The index's horizon at `now`.
fn horizon(clock: &dyn Clock) -> i64 {
    super::secs(clock.now()) - super::permission_index::HORIZON_LAG_SECS
}

/// Builds the index at start-up (on SQLite; on PostgreSQL the listener does once it listens).
pub async fn build(db: &Db, clock: &dyn Clock) -> Result<(), sqlx::Error> {
    if db.backend() == Backend::Sqlite {
        let count = db.permissions().rebuild(db, horizon(clock)).await?;
        tracing::info!(count, "permission index built");
    }
    Ok(())
}

/// Runs for the life of the server: the PostgreSQL listener, and expiry.
pub async fn keep_current(db: Db, url: Secret, clock: Arc<dyn Clock>) {
    let maintenance = maintain(db.clone(), clock.clone());
    if db.backend() == Backend::Postgres {
        tokio::join!(maintenance, listen(db, url, clock));
    } else {
        maintenance.await;
    }
}

async fn maintain(db: Db, clock: Arc<dyn Clock>) {
    let mut tick = tokio::time::interval(MAINTENANCE);
    loop {
        tick.tick().await;
        let index = db.permissions();
        let removed = index.prune(horizon(clock.as_ref()));
        if removed > 0 {
            tracing::debug!(removed, "permission index: expired permissions dropped");
        }
        // A re-read failed: start again from the database (while not listening, the listener
        // does, once it listens again).
        if index.needs_rebuild() {
            rebuild(&db, clock.as_ref()).await;
        }
    }
}

async fn rebuild(db: &Db, clock: &dyn Clock) {
    match db.permissions().rebuild(db, horizon(clock)).await {
        Ok(count) => tracing::info!(count, "permission index rebuilt"),
        Err(error) => tracing::error!(%error, "permission index not rebuilt"),
    }
}

async fn listen(db: Db, url: Secret, clock: Arc<dyn Clock>) {
    loop {
        db.permissions().set_listening(false);
        match follow(&db, &url, clock.as_ref()).await {
            Ok(()) => tracing::warn!("permission index: listener connection lost"),
            Err(error) => tracing::warn!(%error, "permission index: listener failed"),
        }
        db.permissions().set_listening(false);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Listens, rebuilds, then applies notifications until the connection goes.
async fn follow(db: &Db, url: &Secret, clock: &dyn Clock) -> Result<(), sqlx::Error> {
    use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
    let options = PgConnectOptions::from_str(url.expose())?.application_name(LISTENER_NAME);
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    let index = db.permissions();
    let count = index.rebuild(db, horizon(clock)).await?;
    index.set_listening(true);
    tracing::info!(
        count,
        "permission index built; listening for other servers' changes"
    );
    let origin = db.origin();
    loop {
        let Some(first) = listener.try_recv().await? else {
            return Ok(());
        };
        // Whatever else has arrived is read again in the same pass.
        let mut vrms: Vec<String> = Vec::new();
        let mut next = Some(first);
        while let Some(notification) = next {
            let (from, vrm) = notification
                .payload()
                .split_once(' ')
                .unwrap_or(("", notification.payload()));
            if from != origin && !vrms.iter().any(|v| v == vrm) {
                vrms.push(vrm.to_owned());
            }
            next = listener.next_buffered();
        }
        index.refresh(db, &vrms).await;
        if !index.usable() {
            // A read failed: rebuild as after a reconnection.
            return Err(sqlx::Error::Protocol(
                "permission index: a change was not read".into(),
            ));
        }
    }
}
