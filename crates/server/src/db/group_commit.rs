//! Group commit for the write that rides along with every enforcement check: its log
//! line. Each request still waits until its write is committed (a check is logged before it
//! is answered), but the writes of all requests waiting at that moment share one transaction.
//! On SQLite the line goes to the inline writer (`inline_write`, rusqlite on the calling
//! thread), whose commit it shares with the bookings of the moment: one sync of the log for
//! all of them. On PostgreSQL a writer task takes the lines waiting and writes them in one
//! statement. (Sessions' last use is kept in memory instead: `auth::recent_use`.)

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
    db: Db,
    /// PostgreSQL's writer task (none on SQLite, whose inline writer takes the lines).
    jobs: Option<mpsc::Sender<Job>>,
    /// How many checks each commit carried (issue 20: logged when the server stops).
    sizes: Arc<BatchSizes>,
}

impl GroupCommit {
    /// Starts the writer task where there is one; it ends when the last handle is dropped.
    pub fn start(db: Db) -> Self {
        let sizes = Arc::new(BatchSizes::default());
        let jobs = db.inline_batches().is_none().then(|| {
            let (jobs, queue) = mpsc::channel(4 * MAX_BATCH);
            tokio::spawn(writer(db.clone(), queue, sizes.clone()));
            jobs
        });
        Self { db, jobs, sizes }
    }

    /// Checks per commit: on SQLite, the inline writer's commits that carried any.
    pub fn batch_sizes(&self) -> &BatchSizes {
        self.db.inline_records().unwrap_or(&self.sizes)
    }

    /// Returns once `check` is in the log, or with why it is not.
    pub async fn log(&self, check: enforcement::CheckRecord) -> Result<(), sqlx::Error> {
        let stopped = || sqlx::Error::PoolClosed;
        let Some(jobs) = &self.jobs else {
            return self
                .db
                .write_record(move |tx| enforcement::log_one(tx, &check))
                .await
                .unwrap_or_else(|| Err(stopped()));
        };
        let (done, committed) = oneshot::channel();
        jobs.send((check, done)).await.map_err(|_| stopped())?;
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
