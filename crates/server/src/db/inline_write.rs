//! SQLite write transactions on the calling thread, several requests' in one commit (issue 20).
//!
//! Through sqlx every statement is a hand-off to the connection's worker thread and back, and
//! on this 2-core machine those wake-ups, not SQLite, were most of a booking's cost; the
//! commit's sync of the log (synchronous = FULL, as sqlx's connections) takes milliseconds
//! more. Here a request queues its work, takes the writer's turn (the same turn as
//! [`super::Tx`]), and runs every queued request's work with rusqlite on its own thread, each
//! in a savepoint so a refusal undoes only its own writes, then commits once for all of them.
//! Every request is answered only after that commit: durable before the answer, as before.
//! Records that are one statement each (an enforcement check's log line) join the same
//! commit without a savepoint: a statement that fails undoes only itself.

use super::Db;
use super::batch_sizes::BatchSizes;
use super::checkpoints::Checkpoints;
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::Mutex;
use tokio::sync::oneshot;

/// A request's work, run by whichever request holds the writer's turn.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Finish + Send>;
/// Answers the request once the batch's commit is known.
type Finish = Box<dyn FnOnce(&Result<(), String>) + Send>;

/// How a queued job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A request's work, in a savepoint of its own; not run if the request has gone (it would
    /// act on its old `now`).
    Request,
    /// One statement recording something that happened (a check's log line): atomic by
    /// itself, so no savepoint, and written even if its request has gone.
    Record,
}

pub(crate) struct InlineWriter {
    path: PathBuf,
    conn: Mutex<Option<Connection>>,
    pending: Mutex<Vec<(Kind, Job)>>,
    /// Writes (requests and records) per commit.
    pub(crate) batches: BatchSizes,
    /// Records per commit that carried any: the enforcement log's group commit on SQLite.
    pub(crate) records: BatchSizes,
    /// Copies the log into the database file after commits, so that COMMIT rarely does.
    pub(crate) checkpoints: Option<Checkpoints>,
}

impl std::fmt::Debug for InlineWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineWriter")
            .field("path", &self.path)
            .finish()
    }
}

/// What a request's work writes through: the batch's transaction, inside the request's own
/// savepoint.
#[derive(Debug)]
pub struct WriteTx<'a> {
    conn: &'a Connection,
    touched: Vec<String>,
    /// Statements run so far (what a booking costs the writer; tests/booking_statements.rs).
    statements: std::cell::Cell<usize>,
}

impl WriteTx<'_> {
    /// How many statements this request's work has run.
    pub fn statements(&self) -> usize {
        self.statements.get()
    }

    /// As [`super::Tx::touch`]: the permission index reads `vrm` again after the commit.
    pub(crate) fn touch(&mut self, vrm: &str) {
        if !self.touched.iter().any(|v| v == vrm) {
            self.touched.push(vrm.to_owned());
        }
    }
}

/// A rusqlite error as the rest of the storage layer reports errors.
pub(crate) fn sql_error(error: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Protocol(format!("inline write: {error}"))
}

impl InlineWriter {
    pub(crate) fn new(path: PathBuf) -> Self {
        let checkpoints = Checkpoints::start(path.clone())
            .inspect_err(|error| {
                tracing::warn!(%error, "no checkpoint thread: SQLite checkpoints in COMMIT");
            })
            .ok();
        Self {
            checkpoints,
            path,
            conn: Mutex::default(),
            pending: Mutex::default(),
            batches: BatchSizes::default(),
            records: BatchSizes::default(),
        }
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // As sqlx's connections: foreign keys enforced, every commit synced (FULL).
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        conn.set_prepared_statement_cache_capacity(super::inline_read::STATEMENTS_KEPT);
        Ok(conn)
    }

    /// Runs every queued job in one transaction and answers each. Called holding the writer's
    /// turn; nothing here awaits, so a request that goes away meanwhile cannot leave others
    /// unanswered.
    fn run_batch(&self, jobs: Vec<(Kind, Job)>) {
        self.batches.record(jobs.len());
        self.records.record(
            jobs.iter()
                .filter(|(kind, _)| *kind == Kind::Record)
                .count(),
        );
        let jobs = jobs.into_iter().map(|(_, job)| job);
        let mut slot = ClosedIfLeftInTransaction(
            self.conn
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        if slot.is_none() {
            match self.open() {
                Ok(conn) => *slot = Some(conn),
                Err(error) => return fail_all(jobs, &error.to_string()),
            }
        }
        let Some(conn) = slot.as_ref() else { return };
        if let Err(error) = run(conn, "BEGIN IMMEDIATE") {
            return fail_all(jobs, &error.to_string());
        }
        let finishes: Vec<Finish> = jobs.map(|job| job(Some(conn))).collect();
        // The commit waits for the disk; on a multi-thread runtime the worker's other tasks
        // move to another thread meanwhile.
        let committed = block_in_place(|| run(conn, "COMMIT")).map_err(|error| {
            let _ = conn.execute_batch("ROLLBACK");
            error.to_string()
        });
        match &committed {
            Ok(()) => {
                if let Some(checkpoints) = &self.checkpoints {
                    checkpoints.committed();
                }
            }
            Err(error) => tracing::error!(%error, writes = finishes.len(), "batched write failed"),
        }
        for finish in finishes {
            finish(&committed);
        }
    }
}

/// The writer's connection for one batch. If the batch leaves it inside its transaction (a
/// ROLLBACK that failed after a failed COMMIT, a job that panicked), the connection is closed,
/// which rolls back: otherwise it would keep SQLite's write lock with nobody to release it,
/// and every later write would wait out the busy timeout and fail. The next batch opens
/// another.
struct ClosedIfLeftInTransaction<'a>(std::sync::MutexGuard<'a, Option<Connection>>);

impl std::ops::Deref for ClosedIfLeftInTransaction<'_> {
    type Target = Option<Connection>;
    fn deref(&self) -> &Option<Connection> {
        &self.0
    }
}

impl std::ops::DerefMut for ClosedIfLeftInTransaction<'_> {
    fn deref_mut(&mut self) -> &mut Option<Connection> {
        &mut self.0
    }
}

impl Drop for ClosedIfLeftInTransaction<'_> {
    fn drop(&mut self) {
        if self.0.as_ref().is_some_and(|conn| !conn.is_autocommit()) {
            tracing::error!("the inline writer was left inside a transaction: closed");
            *self.0 = None;
        }
    }
}

/// Runs one statement kept prepared: the batch's BEGIN and COMMIT and each request's
/// savepoint are not parsed again each time.
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

fn fail_all(jobs: impl ExactSizeIterator<Item = Job>, error: &str) {
    tracing::error!(%error, writes = jobs.len(), "batched write failed");
    let failed = Err(error.to_owned());
    for job in jobs {
        job(None)(&failed);
    }
}

fn block_in_place<T>(work: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// Runs `work` in a savepoint: its writes stay only if it succeeds.
fn in_savepoint<T, E: From<sqlx::Error>>(
    conn: &Connection,
    work: impl FnOnce(&mut WriteTx<'_>) -> Result<T, E>,
) -> Result<(T, Vec<String>), E> {
    run(conn, "SAVEPOINT request").map_err(sql_error)?;
    let mut tx = WriteTx {
        conn,
        touched: Vec::new(),
        statements: std::cell::Cell::new(0),
    };
    match work(&mut tx) {
        Ok(value) => {
            run(conn, "RELEASE request").map_err(sql_error)?;
            Ok((value, tx.touched))
        }
        Err(error) => {
            conn.execute_batch("ROLLBACK TO request; RELEASE request")
                .map_err(sql_error)?;
            Err(error)
        }
    }
}

impl Db {
    /// Runs `work` in a SQLite write transaction on the calling thread, committed together
    /// with the other requests waiting for the writer then (see the module's comment); returns
    /// once it is committed and the permission index knows what it changed. `None` on
    /// PostgreSQL, whose callers use [`Db::write_tx`].
    pub async fn write_inline<T, E>(
        &self,
        work: impl FnOnce(&mut WriteTx<'_>) -> Result<T, E> + Send + 'static,
    ) -> Option<Result<T, E>>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
    {
        let writer = self.inline_writer.as_deref()?;
        let outcome = self
            .queue(writer, Kind::Request, |conn| in_savepoint(conn, work))
            .await;
        Some(match outcome {
            Ok((value, touched)) => {
                if !touched.is_empty() {
                    self.permissions.refresh(self, &touched).await;
                }
                Ok(value)
            }
            Err(error) => Err(error),
        })
    }

    /// Writes a record of one statement (`write` must run exactly one, which is atomic by
    /// itself: no savepoint is taken) in the next commit of SQLite's inline writer, shared with
    /// the requests and records waiting then; returns once it is committed. Queued records are
    /// written even if the caller goes away meanwhile. `None` on PostgreSQL.
    pub(crate) async fn write_record(
        &self,
        write: impl FnOnce(&WriteTx<'_>) -> Result<(), sqlx::Error> + Send + 'static,
    ) -> Option<Result<(), sqlx::Error>> {
        let queued = self.record_soon(write)?;
        Some(self.written(queued).await)
    }

    /// Queues a record as [`Db::write_record`] does, without waiting: the request goes on, and
    /// the record rides in the next commit of whoever takes the writer's turn (the request's
    /// own write, if it makes one). [`Db::written`] waits for it. `None` on PostgreSQL.
    pub(crate) fn record_soon(
        &self,
        write: impl FnOnce(&WriteTx<'_>) -> Result<(), sqlx::Error> + Send + 'static,
    ) -> Option<QueuedRecord> {
        let writer = self.inline_writer.as_deref()?;
        Some(QueuedRecord(enqueue(writer, Kind::Record, |conn| {
            write(&WriteTx {
                conn,
                touched: Vec::new(),
                statements: std::cell::Cell::new(0),
            })
        })))
    }

    /// Returns once a [`QueuedRecord`] is committed (taking the writer's turn to commit it if
    /// nobody has yet), or with why it is not.
    pub(crate) async fn written(&self, queued: QueuedRecord) -> Result<(), sqlx::Error> {
        match self.inline_writer.as_deref() {
            Some(writer) => self.answer(writer, queued.0).await,
            None => Err(sqlx::Error::PoolClosed),
        }
    }

    /// Queues `run`, takes the writer's turn, runs whatever is queued then (unless the last
    /// holder of the turn already ran it with its own) and waits for this job's answer.
    async fn queue<T, E>(
        &self,
        writer: &InlineWriter,
        kind: Kind,
        run: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
    {
        let answered = enqueue(writer, kind, run);
        self.answer(writer, answered).await
    }

    /// Waits for a queued job's answer, taking the writer's turn to run the queue if the job
    /// is still in it.
    async fn answer<T, E>(
        &self,
        writer: &InlineWriter,
        answered: oneshot::Receiver<Result<T, E>>,
    ) -> Result<T, E>
    where
        E: From<sqlx::Error>,
    {
        let mut answered = std::pin::pin!(answered);
        // A job the turn's holder takes with its own is answered there: its request leaves
        // the queue for the turn then, rather than take the turn only to find nothing to do.
        // Those empty turns, one after another, were the moments in which a newcomer took the
        // turn alone, and batches stayed small.
        let answer = tokio::select! {
            biased;
            answer = &mut answered => answer,
            turn = self.writer.lock() => {
                let jobs = std::mem::take(
                    &mut *writer
                        .pending
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner()),
                );
                // Empty when the turn's last holder already ran this job with its own.
                if !jobs.is_empty() {
                    writer.run_batch(jobs);
                }
                drop(turn);
                answered.await
            }
        };
        answer.unwrap_or_else(|_| Err(E::from(sqlx::Error::PoolClosed)))
    }
}

/// A record waiting in the inline writer's queue ([`Db::record_soon`]).
#[derive(Debug)]
pub(crate) struct QueuedRecord(oneshot::Receiver<Result<(), sqlx::Error>>);

/// Puts `run` in the writer's queue; the receiver gets its outcome once its batch commits.
fn enqueue<T, E>(
    writer: &InlineWriter,
    kind: Kind,
    run: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
) -> oneshot::Receiver<Result<T, E>>
where
    T: Send + 'static,
    E: From<sqlx::Error> + Send + 'static,
{
    let (answer, answered) = oneshot::channel::<Result<T, E>>();
    let job: Job = Box::new(move |conn| {
        let outcome = match conn {
            Some(_) if kind == Kind::Request && answer.is_closed() => return Box::new(|_| {}),
            Some(conn) => run(conn),
            None => Err(E::from(sqlx::Error::PoolClosed)),
        };
        Box::new(move |committed: &Result<(), String>| {
            let outcome = match committed {
                Ok(()) => outcome,
                Err(error) => Err(E::from(sqlx::Error::Protocol(format!(
                    "batched write: {error}"
                )))),
            };
            let _ = answer.send(outcome);
        })
    });
    writer
        .pending
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push((kind, job));
    answered
}

/// Statements of the inline writer's jobs. Their SQL is the same text sqlx runs (`$1`, `$2`,
/// ...), each parameter bound by its number as sqlx does.
pub(crate) mod statements {
    use super::{WriteTx, sql_error};
    use rusqlite::types::ToSql;
    use rusqlite::{CachedStatement, Row};

    fn bound<'c>(
        tx: &'c WriteTx<'_>,
        sql: &str,
        params: &[&dyn ToSql],
    ) -> rusqlite::Result<CachedStatement<'c>> {
        tx.statements.set(tx.statements.get() + 1);
        let mut statement = tx.conn.prepare_cached(sql)?;
        for (i, param) in params.iter().enumerate() {
            let index = match NAMES.get(i) {
                Some(name) => statement.parameter_index(name)?,
                None => statement.parameter_index(&format!("${}", i + 1))?,
            };
            if let Some(index) = index {
                statement.raw_bind_parameter(index, param)?;
            }
        }
        Ok(statement)
    }

    /// The usual parameters' names, so binding them allocates nothing.
    const NAMES: [&str; 16] = [
        "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14",
        "$15", "$16",
    ];

    /// Runs a statement that returns no rows; how many rows it changed.
    pub(crate) fn execute(
        tx: &WriteTx<'_>,
        sql: &str,
        params: &[&dyn ToSql],
    ) -> Result<usize, sqlx::Error> {
        bound(tx, sql, params)
            .and_then(|mut statement| statement.raw_execute())
            .map_err(sql_error)
    }

    /// Every row the statement returns, mapped by `row`.
    pub(crate) fn rows<T>(
        tx: &WriteTx<'_>,
        sql: &str,
        params: &[&dyn ToSql],
        mut row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let mut statement = bound(tx, sql, params).map_err(sql_error)?;
        let mut rows = statement.raw_query();
        let mut found = Vec::new();
        while let Some(next) = rows.next().map_err(sql_error)? {
            found.push(row(next).map_err(sql_error)?);
        }
        Ok(found)
    }

    /// The first row the statement returns, if any.
    pub(crate) fn first<T>(
        tx: &WriteTx<'_>,
        sql: &str,
        params: &[&dyn ToSql],
        row: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, sqlx::Error> {
        let mut statement = bound(tx, sql, params).map_err(sql_error)?;
        let mut rows = statement.raw_query();
        match rows.next().map_err(sql_error)? {
            Some(found) => row(found).map(Some).map_err(sql_error),
            None => Ok(None),
        }
    }
}
