//! Storage. Handlers never hold SQL: they call the named functions of this module's files,
//! passing a connection or a transaction from [`Db`].
//!
//! One SQL text serves both databases wherever it can (`$1` placeholders, `BIGINT` unix seconds,
//! text ids made here); where the dialects differ (locking, migrations) [`Backend`] decides.

pub mod agent_calls;
pub mod agreements;
pub mod attempts;
pub mod audit;
pub mod auto_renewals;
pub mod batch_sizes;
pub mod bundles;
mod checkpoints;
pub mod contact_codes;
pub mod enforcement;
pub mod enforcement_log;
pub mod expiry_warnings;
pub mod filter;
pub mod group_commit;
pub mod idempotency;
mod inline_read;
mod inline_write;
pub mod job_leases;
mod migrate;
pub mod orders;
pub mod outbox;
pub mod outbox_delivery;
pub mod payments;
pub mod permission_changes;
pub mod permission_index;
pub mod permits;
pub mod pins;
pub mod postgres_booking;
pub mod proofs;
pub mod queue;
pub mod refunds;
pub mod registrations;
pub mod requests;
pub mod resident_search;
pub mod residents;
pub mod saved_vehicles;
pub mod sessions;
pub mod sms_received;
pub mod sms_signatures;
pub mod staff;
pub mod stays;
mod stored_names;

use crate::secret::Secret;
use chrono::{DateTime, Utc};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Transaction};
use std::str::FromStr;
use std::sync::Arc;

pub type Conn = sqlx::AnyConnection;
pub(crate) use inline_write::QueuedRecord;
pub use inline_write::WriteTx;
use inline_write::statements as inline;

/// How long a PostgreSQL connection may sit in the pool before it is pinged again when lent.
const IDLE_BEFORE_PING: std::time::Duration = std::time::Duration::from_secs(10);

/// A write transaction. On SQLite it also holds the process's writer turn: SQLite lets one
/// writer in at a time, and a connection that finds the lock taken sleeps in its busy handler
/// (1, 2, 5, 10 ms and longer) instead of being woken when the lock is free. Taking turns in
/// an async queue first means `BEGIN IMMEDIATE` never waits inside SQLite.
///
/// Dropped without a commit (an error part-way, or the request gone), it rolls back before it
/// gives up the turn, so the next writer never finds the lock still held.
#[derive(Debug)]
pub struct Tx {
    /// Always `Some` until `commit`, `rollback` or drop takes it.
    inner: Option<Transaction<'static, Any>>,
    turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    /// VRMs whose permits or stays this transaction changed: read again into the permission
    /// index once it commits (see `permission_index`).
    touched: Vec<String>,
    db: Db,
}

impl Tx {
    /// Commits, then brings the permission index up to date with what was committed, before
    /// the caller answers anyone.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        if let Some(inner) = self.inner.take() {
            // A failed COMMIT leaves the transaction open: dropping it (here) queues the
            // rollback, and the pool closes the connection if that fails too (`after_release`).
            inner.commit().await?;
        }
        // SQLite's writer turn is not held while reading again.
        drop(self.turn.take());
        let touched = std::mem::take(&mut self.touched);
        if !touched.is_empty() {
            self.db.permissions.refresh(&self.db, &touched).await;
        }
        Ok(())
    }

    /// Says that this transaction changes what the enforcement check finds for `vrm`: every
    /// writer of permits and stays calls it (they take a `Tx`, not a bare connection).
    pub(crate) fn touch(&mut self, vrm: &str) {
        if !self.touched.iter().any(|v| v == vrm) {
            self.touched.push(vrm.to_owned());
        }
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        match self.inner.take() {
            Some(inner) => inner.rollback().await,
            None => Ok(()),
        }
    }

    fn conn(&self) -> &Transaction<'static, Any> {
        self.inner
            .as_ref()
            .expect("a Tx holds its transaction until it ends")
    }

    fn conn_mut(&mut self) -> &mut Transaction<'static, Any> {
        self.inner
            .as_mut()
            .expect("a Tx holds its transaction until it ends")
    }
}

impl Drop for Tx {
    /// sqlx's own drop only queues the rollback for the connection's next use; the turn would
    /// go to the next writer while the lock is still held, and its `BEGIN IMMEDIATE` would wait
    /// in SQLite's busy handler. So the rollback is awaited, by a task of its own, and the turn
    /// goes with it.
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        let turn = self.turn.take();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = inner.rollback().await {
                    tracing::warn!(%error, "rollback of an abandoned write transaction failed");
                }
                drop(turn);
            });
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn()
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn_mut()
    }
}

/// See [`Db::write_conn`]. The connection goes back before the turn is given up.
#[derive(Debug)]
pub struct WriteConn {
    conn: sqlx::pool::PoolConnection<Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteConn {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite's one writer, taken in turn (see [`Tx`]).
    writer: Arc<tokio::sync::Mutex<()>>,
    /// SQLite only: point lookups on the calling thread (see `inline_read`).
    inline: Option<Arc<inline_read::InlineReader>>,
    /// SQLite only: write transactions on the calling thread (see `inline_write`).
    inline_writer: Option<Arc<inline_write::InlineWriter>>,
    /// This server's `application_name` on PostgreSQL.
    origin: Arc<str>,
    /// Current permissions in memory, for the enforcement check (see `permission_index`).
    permissions: Arc<permission_index::PermissionIndex>,
}

impl Db {
    /// Connects (creating a SQLite file and its folder if missing) and applies migrations.
    pub async fn connect(url: &Secret) -> Result<Self, sqlx::Error> {
        install_default_drivers();
        let url = url.expose();
        let mut inline = None;
        let mut inline_writer = None;
        let origin = new_id("permits");
        let mut url = url.to_owned();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // Names this server's writes in the permission index's notifications, so it can
            // skip its own (`permission_changes`).
            let joiner = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{joiner}application_name={origin}");
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            let file = prepare_sqlite_file(&url).await?;
            inline = Some(Arc::new(inline_read::InlineReader::new(file.clone())));
            inline_writer = Some(Arc::new(inline_write::InlineWriter::new(file)));
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                "database_url must start with sqlite: or postgres://".into(),
            ));
        };
        let mut options = AnyPoolOptions::new()
            // SQLite has one writer anyway; more connections only add lock contention.
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .after_release(|conn, _| Box::pin(closes_if_inside_a_transaction(conn)));
        if backend == Backend::Postgres {
            // sqlx pings a connection when it comes back and, by default, again when it is
            // lent: a round trip to a backend on the same cores for every acquire (issue 20:
            // 5 of a booking's 23 round trips). One just returned was tested then; one idle
            // for a while is tested again before it is lent.
            options = options
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for >= IDLE_BEFORE_PING {
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                });
        }
        let pool = options.connect(&url).await?;
        let db = Self {
            origin: Arc::from(origin),
            pool,
            backend,
            writer: Arc::default(),
            // One SQLite process sees every write; PostgreSQL servers must listen for others'.
            permissions: Arc::new(permission_index::PermissionIndex::new(
                backend == Backend::Sqlite,
            )),
            inline,
            inline_writer,
        };
        migrate::run(&db).await?;
        Ok(db)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn inline_reader(&self) -> Option<&inline_read::InlineReader> {
        self.inline.as_deref()
    }

    /// How many requests each of the inline writer's commits carried (SQLite).
    pub fn inline_batches(&self) -> Option<&batch_sizes::BatchSizes> {
        self.inline_writer.as_deref().map(|w| &w.batches)
    }

    /// How many records (enforcement log lines) each of those commits carried, among the
    /// commits that carried any (SQLite).
    pub fn inline_records(&self) -> Option<&batch_sizes::BatchSizes> {
        self.inline_writer.as_deref().map(|w| &w.records)
    }

    /// What the checkpoint thread did (SQLite): one line for the log at shutdown.
    pub fn checkpoint_summary(&self) -> Option<String> {
        let writer = self.inline_writer.as_deref()?;
        writer.checkpoints.as_ref().map(|c| c.counts.summary())
    }

    /// The name this server's connections give PostgreSQL.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The enforcement check's permissions in memory.
    pub fn permissions(&self) -> &permission_index::PermissionIndex {
        &self.permissions
    }

    /// SQLite's writer turn, which every write takes (see [`Tx`]); PostgreSQL has none.
    async fn writer_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writer.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// A pooled connection for writes that need no transaction (each statement commits by
    /// itself), holding SQLite's writer turn as [`Tx`] does. Without the turn such a write takes
    /// SQLite's lock behind the turn's back: the turn's holder then sleeps in the busy handler
    /// with every other writer queued behind it, or fails after its timeout. Keep it for the
    /// writes and the reads that go with them, never across a call to a provider.
    pub async fn write_conn(&self) -> Result<WriteConn, sqlx::Error> {
        let turn = self.writer_turn().await;
        Ok(WriteConn {
            conn: self.pool.acquire().await?,
            _turn: turn,
        })
    }

    /// A transaction for read-then-write work. On SQLite `BEGIN IMMEDIATE` takes the write
    /// lock first, so two requests cannot both read "1 permit left" and both spend it; on
    /// PostgreSQL callers lock the rows they read with [`residents::lock`].
    ///
    /// Cancel-safe: sqlx 0.8's `begin` is not (a future dropped after the database began the
    /// transaction but before `begin` returned leaves it begun on a connection the pool takes
    /// back, holding SQLite's write lock for good). So the BEGIN runs as a task of its own that
    /// always finishes; if the caller has gone, its `Tx` is dropped there and rolls back.
    pub async fn write_tx(&self) -> Result<Tx, sqlx::Error> {
        self.begin_tx(None).await
    }

    /// [`Self::write_tx`] begun on PostgreSQL by `begin`, a simple query starting with BEGIN
    /// whose further statements run inside the transaction in the same round trip (see
    /// `postgres_booking::begin_locked`). SQLite begins as `write_tx` does.
    pub(crate) async fn write_tx_with(&self, begin: String) -> Result<Tx, sqlx::Error> {
        self.begin_tx(Some(begin)).await
    }

    async fn begin_tx(&self, begin: Option<String>) -> Result<Tx, sqlx::Error> {
        let turn = self.writer_turn().await;
        let db = self.clone();
        tokio::spawn(async move {
            let inner = match (db.backend, begin) {
                (Backend::Sqlite, _) => db.pool.begin_with("BEGIN IMMEDIATE").await?,
                (Backend::Postgres, Some(begin)) => db.pool.begin_with(begin).await?,
                (Backend::Postgres, None) => db.pool.begin().await?,
            };
            Ok(Tx {
                inner: Some(inner),
                turn,
                touched: Vec::new(),
                db,
            })
        })
        .await
        .map_err(|error| sqlx::Error::Protocol(format!("beginning a transaction: {error}")))?
    }
}

/// The pool's check of a connection coming back: one still inside a transaction (sqlx
/// returns it as it is; nothing would ever end that transaction, which on SQLite holds the
/// write lock) is closed, which rolls it back, rather than lent to the next caller, whose
/// `begin` would fail at "non-zero transaction depth" and whose writes would never commit.
/// A rollback sqlx queued when a transaction was dropped is flushed first (one round trip,
/// only then).
async fn closes_if_inside_a_transaction(conn: &mut Conn) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    if conn.is_in_transaction() {
        conn.ping().await?;
    }
    if conn.is_in_transaction() {
        tracing::warn!("a pooled connection came back inside a transaction: closed");
        return Ok(false);
    }
    Ok(true)
}

/// A round trip, for `/health`.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(db.pool()).await.map(|_| ())
}

/// WAL is a property of the file, set once here with the typed driver; pooled connections
/// then share it. Returns the file's path.
async fn prepare_sqlite_file(url: &str) -> Result<std::path::PathBuf, sqlx::Error> {
    use sqlx::ConnectOptions;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    if let Some(dir) = options.get_filename().parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let conn = options.connect().await?;
    sqlx::Connection::close(conn).await?;
    Ok(options.get_filename().to_owned())
}

/// A fresh random id with a readable prefix (`res_`, `stay_`, ...): unguessable, and the same
/// text type in both databases.
pub fn new_id(prefix: &str) -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::rng().random();
    format!("{prefix}_{}", hex(&bytes))
}

/// As [`new_id`], led by `now` in milliseconds, so ids made later sort later and an index on
/// them grows at its end. A random id is a random leaf of the index to read and write: for a
/// stay (issue 20), at 5 million stays, a page SQLite no longer has cached, in every booking's
/// commit. The random part is as long as [`new_id`]'s: still unguessable.
pub fn new_ordered_id(prefix: &str, now: DateTime<Utc>) -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::rng().random();
    let millis = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    format!("{prefix}_{millis:012x}{}", hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Instants are stored as unix seconds in both databases.
pub fn secs(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}

/// A page's size or start as SQL binds it.
pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// What the row readers below can decode.
pub trait Row: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin {}
impl<T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin> Row for T {}

/// `{select} WHERE {column} = $1`: at most one row (`select` is `SELECT <columns> FROM <table>`).
pub(crate) async fn one_by<T: Row>(
    conn: &mut Conn,
    select: &str,
    column: &str,
    value: &str,
) -> Result<Option<T>, sqlx::Error> {
    sqlx::query_as(&format!("{select} WHERE {column} = $1"))
        .bind(value)
        .fetch_optional(conn)
        .await
}

/// The oldest `limit` rows in `state` (a work queue: refunds to send, renewals to charge).
pub(crate) async fn oldest_in<T: Row>(
    conn: &mut Conn,
    select: &str,
    state: &str,
    limit: i64,
) -> Result<Vec<T>, sqlx::Error> {
    sqlx::query_as(&format!("{select} WHERE state = $1 ORDER BY seq LIMIT $2"))
        .bind(state)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// The row `id` if `resident_id` owns it: another resident's id finds nothing (a 404).
pub(crate) async fn owned<T: Row>(
    conn: &mut Conn,
    select: &str,
    resident_id: &str,
    id: &str,
) -> Result<Option<T>, sqlx::Error> {
    sqlx::query_as(&format!("{select} WHERE id = $1 AND resident_id = $2"))
        .bind(id)
        .bind(resident_id)
        .fetch_optional(conn)
        .await
}

/// Every row of the resident's, in `order`.
pub(crate) async fn all_of<T: Row>(
    conn: &mut Conn,
    select: &str,
    resident_id: &str,
    order: &str,
) -> Result<Vec<T>, sqlx::Error> {
    sqlx::query_as(&format!("{select} WHERE resident_id = $1 ORDER BY {order}"))
        .bind(resident_id)
        .fetch_all(conn)
        .await
}

/// `limit` of the resident's rows in `order` from `offset` on: a page, read as a page.
pub(crate) async fn page_of<T: Row>(
    conn: &mut Conn,
    select: &str,
    resident_id: &str,
    order: &str,
    (limit, offset): (usize, usize),
) -> Result<Vec<T>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{select} WHERE resident_id = $1 ORDER BY {order} LIMIT $2 OFFSET $3"
    ))
    .bind(resident_id)
    .bind(count(limit))
    .bind(count(offset))
    .fetch_all(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_ids_sort_by_the_instant_they_were_made_in() {
        let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let ids: Vec<String> = (0..200)
            .map(|ms| new_ordered_id("stay", start + chrono::Duration::milliseconds(ms)))
            .collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
        // As long and as random after the instant as `new_id`'s.
        assert!(ids.iter().all(|id| id.len() == "stay_".len() + 12 + 24));
        assert_ne!(ids[0][17..], new_ordered_id("stay", start)[17..]);
    }
}
