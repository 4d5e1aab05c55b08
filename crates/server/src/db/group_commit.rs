//! Group commit for the write that rides along with every enforcement check: its log
//! line. Each request still waits until its write is committed (a check is logged before it
//! is answered), but the writes of all requests waiting at that moment share one transaction
//! and one statement. On SQLite, where every commit takes the single write lock and syncs the
//! log, that turns one commit per request into one per batch. (Sessions' last use is kept in
//! memory instead: `auth::recent_use`.)

use super::batch_sizes::BatchSizes;
use super::{Db, enforcement};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// The most writes one transaction takes; the rest wait for the next.
const MAX_BATCH: usize = 512;

type Job = (
    enforcement::CheckRecord,
    oneshot::Sender<Result<(), String>>,
);

#[derive(Debug, Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Job>,
    /// How many checks each commit carried (issue 20: logged when the server stops).
    sizes: Arc<BatchSizes>,
}

impl GroupCommit {
    /// Starts the writer task; it ends when the last handle is dropped.
    pub fn start(db: Db) -> Self {
        let (jobs, queue) = mpsc::channel(4 * MAX_BATCH);
        let sizes = Arc::new(BatchSizes::default());
        tokio::spawn(writer(db, queue, sizes.clone()));
        Self { jobs, sizes }
    }

    pub fn batch_sizes(&self) -> &BatchSizes {
        &self.sizes
    }

    /// Returns once `check` is in the log, or with why it is not.
    pub async fn log(&self, check: enforcement::CheckRecord) -> Result<(), sqlx::Error> {
        let (done, committed) = oneshot::channel();
        let stopped = || sqlx::Error::PoolClosed;
        self.jobs.send((check, done)).await.map_err(|_| stopped())?;
        committed
            .await
            .map_err(|_| stopped())?
            .map_err(|message| sqlx::Error::Protocol(format!("batched write: {message}")))
    }
}

async fn writer(db: Db, mut queue: mpsc::Receiver<Job>, sizes: Arc<BatchSizes>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        sizes.record(batch.len());
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
    let checks: Vec<_> = batch.iter().map(|(check, _)| check).collect();
    let mut tx = db.write_tx().await?;
    enforcement::log_many(&mut tx, &checks).await?;
    tx.commit().await
}
