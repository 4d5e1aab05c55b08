//! No write transaction outlives the request that opened it (issue 20's stop in writing on
//! SQLite). At 50,000 households a pooled connection was left inside `BEGIN IMMEDIATE` with
//! nobody using it: it held SQLite's write lock, every other write waited out the busy timeout
//! and failed, and the next to draw that connection from the pool got sqlx's "attempted to call
//! begin_with at non-zero transaction depth". sqlx 0.8's `begin_with` is not cancel-safe: a
//! request that goes away (its client hung up, its timeout ran out) after SQLite began the
//! transaction but before `begin_with` returned leaves it begun, and the pool takes the
//! connection back as it is.

use permit_server::db::{Backend, Db};
use permit_server::secret::Secret;
use permit_test_support::TestDatabase;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

async fn connect(database: &TestDatabase) -> Db {
    let db = Db::connect(&Secret::new(database.url().to_owned()))
        .await
        .expect("database");
    sqlx::query("CREATE TABLE lock_probe (n BIGINT NOT NULL)")
        .execute(db.pool())
        .await
        .expect("table");
    db
}

/// Another connection to the SQLite file, that never waits for its lock.
fn lock_probe(database: &TestDatabase) -> rusqlite::Connection {
    let path = database.url().trim_start_matches("sqlite://");
    let probe = rusqlite::Connection::open(path).expect("probe");
    probe.busy_timeout(Duration::ZERO).expect("no waiting");
    probe
}

/// Whether the probe finds SQLite's write lock taken.
fn write_lock_taken(probe: &rusqlite::Connection) -> bool {
    match probe.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            probe.execute_batch("ROLLBACK").expect("rollback");
            false
        }
        Err(_) => true,
    }
}

/// Whether the write lock comes free within a second (a rollback on its way is allowed to land).
fn write_lock_freed(probe: &rusqlite::Connection) -> bool {
    let until = Instant::now() + Duration::from_secs(1);
    while Instant::now() < until {
        if !write_lock_taken(probe) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// Twice as many writes as the pool has connections, each committed, so each connection is
/// drawn at least once: none may be stuck inside an earlier transaction, and none may wait
/// for a lock such a connection holds.
async fn writes_still_commit(db: &Db, from: i64) {
    for n in from..from + 8 {
        let write = async {
            let mut tx = db.write_tx().await?;
            sqlx::query("INSERT INTO lock_probe (n) VALUES ($1)")
                .bind(n)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        };
        tokio::time::timeout(Duration::from_secs(3), write)
            .await
            .unwrap_or_else(|_| panic!("write {n} waited more than 3 s"))
            .unwrap_or_else(|error| panic!("write {n} failed: {error}"));
    }
}

async fn rows(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM lock_probe")
        .fetch_one(db.pool())
        .await
        .expect("count")
}

/// A request dropped while its write transaction is beginning: the lock is free again at once
/// and every later write commits. The test polls `write_tx` by hand until another connection
/// sees SQLite's write lock taken (the `BEGIN IMMEDIATE` ran), polls once more (the answer is
/// taken in; before the fix `begin_with` was then still checking the connection's state) and
/// drops it there, as a hung-up client's request is dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_transaction_abandoned_while_it_begins_leaves_no_lock_behind() {
    let database = TestDatabase::new().await;
    let db = connect(&database).await;
    if db.backend() != Backend::Sqlite {
        // The lock this looks at is SQLite's; PostgreSQL's side of the same cancellation is
        // covered by the connection check below (`a_connection_returned_...`).
        return;
    }
    let probe = lock_probe(&database);
    let mut cx = Context::from_waker(Waker::noop());
    let mut abandoned_after_begin = 0;
    // Whether the last poll still finds it pending is a race; a few catches are enough.
    for _ in 0..200 {
        if abandoned_after_begin == 3 {
            break;
        }
        let mut begin: Pin<Box<dyn Future<Output = _> + Send>> = Box::pin(db.write_tx());
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            assert!(
                Instant::now() < deadline,
                "write_tx neither began nor finished"
            );
            if let Poll::Ready(tx) = begin.as_mut().poll(&mut cx) {
                // Finished before it could be caught mid-way: that transaction ends normally.
                drop(tx.expect("begins"));
                break;
            }
            if write_lock_taken(&probe) {
                let last = begin.as_mut().poll(&mut cx);
                drop(begin);
                if last.is_pending() {
                    abandoned_after_begin += 1;
                }
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        assert!(
            write_lock_freed(&probe),
            "an abandoned write transaction still holds SQLite's write lock"
        );
    }
    assert!(
        abandoned_after_begin > 0,
        "no write_tx was caught between its BEGIN and its answer, so this proved nothing"
    );
    writes_still_commit(&db, 0).await;
    assert_eq!(rows(&db).await, 8);
}

/// A connection that comes back to the pool inside a transaction (here one whose `Transaction`
/// was forgotten after a write, so nothing will ever roll it back) is closed, not lent again:
/// its write is undone and later writes neither wait on its lock nor run inside it.
#[tokio::test]
async fn a_connection_returned_inside_a_transaction_is_closed_not_lent_again() {
    let database = TestDatabase::new().await;
    let db = connect(&database).await;
    {
        let mut conn = db.pool().acquire().await.expect("connection");
        let mut tx = sqlx::Connection::begin(&mut *conn).await.expect("begin");
        sqlx::query("INSERT INTO lock_probe (n) VALUES (-1)")
            .execute(&mut *tx)
            .await
            .expect("write");
        std::mem::forget(tx);
    }
    writes_still_commit(&db, 0).await;
    // The forgotten write was never committed: only the eight later ones are there, as a
    // connection of its own sees them (not one still inside the forgotten transaction).
    let fresh = Db::connect(&Secret::new(database.url().to_owned()))
        .await
        .expect("second connection");
    assert_eq!(rows(&fresh).await, 8);
}
