//! Group commit for the small writes that ride along with reads: a session's last-seen time
//! and the enforcement check's log line. Each request still waits until its write is
//! committed (a check is logged before it is answered; the idle timer is exact), but the
//! writes of all requests waiting at that moment share one transaction. On SQLite, where
//! every commit takes the single write lock and syncs the log, that turns one commit per
//! request into one per batch.

use super::{Db, enforcement, sessions};
use std::collections::BTreeMap;
use tokio::sync::{mpsc, oneshot};

/// The most writes one transaction takes; the rest wait for the next.
const MAX_BATCH: usize = 512;

#[derive(Debug)]
pub enum SmallWrite {
    TouchSession { token_hash: String, at: i64 },
    EnforcementCheck(enforcement::CheckRecord),
}

type Job = (SmallWrite, oneshot::Sender<Result<(), String>>);

#[derive(Debug, Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the writer task; it ends when the last handle is dropped.
    pub fn start(db: Db) -> Self {
        let (jobs, queue) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(writer(db, queue));
        Self { jobs }
    }

    /// Returns once `write` is committed, or with why it was not.
    pub async fn write(&self, write: SmallWrite) -> Result<(), sqlx::Error> {
        let (done, committed) = oneshot::channel();
        let stopped = || sqlx::Error::PoolClosed;
        self.jobs.send((write, done)).await.map_err(|_| stopped())?;
        committed
            .await
            .map_err(|_| stopped())?
            .map_err(|message| sqlx::Error::Protocol(format!("batched write: {message}")))
    }
}

async fn writer(db: Db, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcome = commit(&db, &batch).await.map_err(|e| e.to_string());
        if let Err(error) = &outcome {
            tracing::error!(%error, writes = batch.len(), "batched write failed");
        }
        for (_, done) in batch.drain(..) {
            // The request may have gone (client hung up): nothing to tell.
            let _ = done.send(outcome.clone());
        }
    }
}

async fn commit(db: &Db, batch: &[Job]) -> Result<(), sqlx::Error> {
    let mut touches: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    let mut checks = Vec::new();
    for (write, _) in batch {
        match write {
            SmallWrite::TouchSession { token_hash, at } => {
                touches.entry(*at).or_default().push(token_hash);
            }
            SmallWrite::EnforcementCheck(record) => checks.push(record),
        }
    }
    let mut tx = db.write_tx().await?;
    // In time order, so a later touch of the same session wins.
    for (at, hashes) in &touches {
        sessions::touch_many(&mut tx, *at, hashes).await?;
    }
    enforcement::log_many(&mut tx, &checks).await?;
    tx.commit().await
}
