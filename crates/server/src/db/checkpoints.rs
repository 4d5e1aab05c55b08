//! SQLite's checkpoints, mostly off the commit path (issue 20).
//!
//! In WAL mode every commit appends to the log, and SQLite copies the log back into the
//! database file (a checkpoint: copy the pages, then sync the file) inside the COMMIT that
//! takes the log past 1,000 pages; the requests in that batch wait for it. Here a thread with
//! its own connection copies the log a little after each commit and syncs the database file,
//! while the writer goes on. The writer's own checkpoint stays: only a checkpoint that reaches
//! the log's end with no commit in between lets the next write start the log again from its
//! beginning, which the thread, racing the writer, rarely manages. So the log is bounded as
//! before, and the writer's checkpoint finds at most the last few commits' pages to copy and
//! sync.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::time::Duration;

/// How long the thread lets commits gather before it copies them: one copy and one sync of
/// the database file then cover many commits.
const GATHER: Duration = Duration::from_millis(20);

/// Wakes the checkpoint thread; the thread ends when this is dropped (with the writer).
#[derive(Debug)]
pub(crate) struct Checkpoints {
    wake: SyncSender<()>,
    pub(crate) counts: std::sync::Arc<Counts>,
}

/// What the thread did, logged when the server stops.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    runs: AtomicU64,
    /// The longest log a run found, in pages.
    longest: AtomicU64,
    failed: AtomicU64,
}

impl Counts {
    pub(crate) fn summary(&self) -> String {
        let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
        format!(
            "{} runs, longest log {} pages, {} failed",
            load(&self.runs),
            load(&self.longest),
            load(&self.failed),
        )
    }

    #[cfg(test)]
    fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }
}

impl Checkpoints {
    /// Starts the thread for the database at `path`.
    pub(crate) fn start(path: PathBuf) -> std::io::Result<Self> {
        // One pending wake is enough: the checkpoint after it covers every commit before it.
        let (wake, woken) = std::sync::mpsc::sync_channel(1);
        let counts = std::sync::Arc::new(Counts::default());
        let theirs = counts.clone();
        std::thread::Builder::new()
            .name("sqlite-checkpoints".into())
            .spawn(move || run(&path, &woken, &theirs))?;
        Ok(Self { wake, counts })
    }

    /// A commit added to the log.
    pub(crate) fn committed(&self) {
        match self.wake.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) => {}
            Err(TrySendError::Disconnected(())) => {
                tracing::warn!("the checkpoint thread has stopped");
            }
        }
    }
}

fn run(path: &Path, woken: &Receiver<()>, counts: &Counts) {
    let mut copier = None;
    while woken.recv().is_ok() {
        std::thread::sleep(GATHER);
        // The wake sent while sleeping is covered by this run.
        let _ = woken.try_recv();
        if copier.is_none() {
            copier = Copier::open(path)
                .inspect_err(|error| {
                    counts.failed.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(%error, "checkpoint connection not opened");
                })
                .ok();
        }
        let Some(c) = copier.as_ref() else { continue };
        match c.copy() {
            Ok(log) => {
                counts.runs.fetch_add(1, Ordering::Relaxed);
                counts.longest.fetch_max(log, Ordering::Relaxed);
            }
            Err(error) => {
                counts.failed.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(%error, "checkpoint failed");
                copier = None;
            }
        }
    }
}

/// The thread's own connection, and the database file, to sync what it copied.
struct Copier {
    conn: Connection,
    file: std::fs::File,
}

impl Copier {
    fn open(path: &Path) -> Result<Self, Box<dyn std::error::Error>> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
        let file = std::fs::File::open(path)?;
        Ok(Self { conn, file })
    }

    /// A PASSIVE checkpoint copies what no reader still needs from the log, waiting for no
    /// one; then the database file is synced. SQLite syncs it only when a copy reaches the
    /// log's end, which the writer's commits rarely let this thread do: unsynced, the pages
    /// would wait for the writer's own checkpoint to sync them all in its COMMIT. (A sync
    /// through any descriptor writes the file's pages, whoever wrote them.) Returns the log's
    /// length in pages.
    fn copy(&self) -> Result<u64, Box<dyn std::error::Error>> {
        let log = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                row.get::<_, i64>(1)
            })?;
        self.file.sync_data()?;
        Ok(u64::try_from(log).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writer here never checkpoints (automatic checkpoints off), so the rows reach the
    /// database file only if the thread copies them: a copy of that file alone, without its
    /// log, must hold them.
    #[test]
    fn commits_are_copied_into_the_database_file_by_the_thread()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("db.sqlite");
        let writer = Connection::open(&path)?;
        writer.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE lines (n INTEGER NOT NULL);",
        )?;
        let checkpoints = Checkpoints::start(path.clone())?;
        for n in 0..50 {
            writer.execute("INSERT INTO lines (n) VALUES (?1)", [n])?;
            checkpoints.committed();
        }
        let copy = dir.path().join("copy.sqlite");
        let copied_rows = || -> Result<i64, Box<dyn std::error::Error>> {
            std::fs::copy(&path, &copy)?;
            let rows = Connection::open(&copy)?
                .query_row("SELECT count(*) FROM lines", [], |r| r.get(0))
                .unwrap_or(0);
            Ok(rows)
        };
        let waited = std::time::Instant::now();
        while copied_rows()? < 50 && waited.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(GATHER);
        }
        assert_eq!(copied_rows()?, 50, "{}", checkpoints.counts.summary());
        assert!(checkpoints.counts.runs() >= 1);
        Ok(())
    }
}
