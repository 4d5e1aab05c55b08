//! When each session was last used. A use at least [`WRITE_THROUGH_AFTER`] (service clock)
//! after the stored one is written at once, by the request; a use sooner than that is kept in
//! memory and written every [`FLUSH_EVERY`], so a burst of authenticated reads makes one write.
//! The idle timer reads the later of the stored and the remembered time, so it is exact to the
//! second in this process, and another server process on the same database (the deployment
//! shape) sees a session's use at most [`WRITE_THROUGH_AFTER`] late: the idle timer stays
//! right across processes, however far a test clock jumps. A crash forgets at most that much
//! use too. Writes only move a session's time forward.

use crate::db::{Db, sessions};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

pub const FLUSH_EVERY: Duration = Duration::from_secs(5);
/// How far behind the stored use may be before a request writes its own use at once.
pub const WRITE_THROUGH_AFTER: chrono::Duration = chrono::Duration::seconds(5);

#[derive(Debug, Default)]
pub struct RecentUse {
    /// Token hash -> unix seconds of its latest use not yet written.
    pending: Mutex<HashMap<String, i64>>,
}

impl RecentUse {
    pub fn record(&self, token_hash: &str, at: i64) {
        if let Ok(mut pending) = self.pending.lock() {
            let entry = pending.entry(token_hash.to_owned()).or_insert(at);
            *entry = (*entry).max(at);
        }
    }

    /// The latest use not yet written, if any.
    pub fn last(&self, token_hash: &str) -> Option<i64> {
        self.pending.lock().ok()?.get(token_hash).copied()
    }

    /// Writes what is pending (each session at its latest use) in one transaction.
    pub async fn flush(&self, db: &Db) -> Result<(), sqlx::Error> {
        let pending = match self.pending.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => return Ok(()),
        };
        if pending.is_empty() {
            return Ok(());
        }
        let mut by_second: std::collections::BTreeMap<i64, Vec<&str>> = Default::default();
        for (hash, at) in &pending {
            by_second.entry(*at).or_default().push(hash);
        }
        let written = async {
            let mut tx = db.write_tx().await?;
            for (at, hashes) in &by_second {
                sessions::touch_many(&mut tx, *at, hashes).await?;
            }
            tx.commit().await
        }
        .await;
        if written.is_err() {
            // Not lost: put back what is not newer already, for the next flush.
            for (hash, at) in pending {
                self.record(&hash, at);
            }
        }
        written
    }
}

/// Flushes every [`FLUSH_EVERY`] until the task is stopped.
pub async fn flush_periodically(recent: std::sync::Arc<RecentUse>, db: Db) {
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    loop {
        tick.tick().await;
        if let Err(error) = recent.flush(&db).await {
            tracing::warn!(%error, "session last-use times not written yet");
        }
    }
}
