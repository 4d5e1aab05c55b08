//! When each session was last used. A use at least [`WRITE_THROUGH_AFTER`] (service clock)
//! after the stored one is written at once, by the request; a use sooner than that is kept in
//! memory and written every [`FLUSH_EVERY`], so a burst of authenticated reads makes one write.
//! The idle timer reads the later of the stored and the remembered time, so it is exact to the
//! second in this process, and another server process on the same database (the deployment
//! shape) sees a session's use at most [`WRITE_THROUGH_AFTER`] late: the idle timer stays
//! right across processes, however far a test clock jumps. A crash forgets at most that much
//! use too. Writes only move a session's time forward.
//!
//! On SQLite the write-through is queued for the inline writer's next commit and the request
//! goes on; [`written_before_answer`] (a layer on every route) holds the answer until it is
//! committed. A booking's own commit carries it: one sync of the log for both, not two. On
//! PostgreSQL that layer writes it after the handler, unless the handler's own transaction
//! stored it ([`take_for_write`]: a booking's write carries it, one round trip fewer).

use crate::db::{Db, QueuedRecord, sessions};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::cell::RefCell;
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

/// A session's use waiting for the answer: on SQLite in the inline writer's queue; on
/// PostgreSQL for a write transaction of the request to carry ([`take_for_write`]), else
/// written by [`written_before_answer`].
#[derive(Debug)]
struct Queued {
    record: Option<QueuedRecord>,
    session_use: sessions::SessionUse,
}

tokio::task_local! {
    /// The request's write-through, queued on SQLite until its answer ([`write_through`]).
    static QUEUED: RefCell<Option<Queued>>;
}

/// Stores a session's use at `at` before the request is answered: at once on PostgreSQL; on
/// SQLite queued for the inline writer's next commit, which [`written_before_answer`] awaits
/// (outside that layer, here).
pub async fn write_through(db: &Db, at: i64, token_hash: &str) -> Result<(), sqlx::Error> {
    let in_layer = QUEUED.try_with(|_| ()).is_ok();
    let record = sessions::touch_soon(db, at, token_hash);
    if in_layer {
        let session_use = sessions::SessionUse {
            token_hash: token_hash.to_owned(),
            at,
        };
        let queued = Queued {
            record,
            session_use,
        };
        QUEUED.with(|slot| slot.replace(Some(queued)));
        return Ok(());
    }
    match record {
        Some(queued) => db.written(queued).await,
        None => sessions::touch(db, at, token_hash).await,
    }
}

/// The request's session use not yet written on PostgreSQL, for the request's own write
/// transaction to store (a booking's, issue 20: one statement fewer). The caller gives it back
/// ([`put_back`]) unless that transaction committed.
pub fn take_for_write() -> Option<sessions::SessionUse> {
    QUEUED
        .try_with(|slot| {
            let mut slot = slot.borrow_mut();
            if !matches!(&*slot, Some(Queued { record: None, .. })) {
                return None;
            }
            slot.take().map(|queued| queued.session_use)
        })
        .ok()
        .flatten()
}

/// A use taken by [`take_for_write`] whose transaction did not commit: written before the
/// answer after all.
pub fn put_back(session_use: sessions::SessionUse) {
    let _ = QUEUED.try_with(|slot| {
        slot.replace(Some(Queued {
            record: None,
            session_use,
        }))
    });
}

/// Answers each request only once its session's queued use is committed. If that write
/// failed, the answer stands (what the request did is committed or not on its own) and the
/// use is kept for the next [`flush`].
pub async fn written_before_answer(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (response, queued) = QUEUED
        .scope(RefCell::new(None), async {
            let response = next.run(request).await;
            (response, QUEUED.with(RefCell::take))
        })
        .await;
    let Some(queued) = queued else {
        return response;
    };
    let sessions::SessionUse { token_hash, at } = &queued.session_use;
    let written = match queued.record {
        Some(record) => state.db.written(record).await,
        None => sessions::touch(&state.db, *at, token_hash).await,
    };
    if let Err(error) = written {
        tracing::warn!(%error, "a session's use was not written; kept for the next flush");
        state.recent_use.record(token_hash, *at);
    }
    response
}
