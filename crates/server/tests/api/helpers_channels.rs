//! What the channel tests share: a server built (not run) on real channel settings, messages
//! queued straight into its outbox, the worker run by hand, and a row's delivery record.

use crate::helpers::{Options, test_channels};
use permit_server::Application;
use permit_server::channel_settings::ChannelSettings;
use permit_server::db::outbox::{NewMessage, insert};
use permit_server::delivery::worker::drain_once;
use permit_server::payments::SandboxPayments;
use permit_server::state::AppState;
use permit_test_support::TestDatabase;
use std::sync::Arc;

/// The test channels plus `change`'s, on the test clock; built but not run, so the test
/// drains the outbox itself.
pub(crate) async fn server_with(
    database: &TestDatabase,
    change: impl FnOnce(&mut ChannelSettings),
) -> Application {
    let mut channels = test_channels();
    change(&mut channels);
    let options = Options {
        channels,
        ..Options::default()
    };
    options
        .build(database, Arc::new(SandboxPayments::default()))
        .await
}

/// Queues one message; its outbox `seq`.
pub(crate) async fn queue(state: &AppState, channel: &str, recipient: &str, body: &str) -> i64 {
    let mut conn = state.db.pool().acquire().await.expect("connection");
    let message = NewMessage {
        resident_id: None,
        channel,
        recipient,
        body,
        secret: false,
    };
    insert(&mut conn, &message, state.now())
        .await
        .expect("queued")
}

/// One run of the outbox worker: how many messages it sent.
pub(crate) async fn drain(state: &AppState) -> usize {
    drain_once(state, &state.delivery).await.expect("drain")
}

pub(crate) fn advance(state: &AppState, by: chrono::Duration) {
    state.test_clock.as_ref().expect("test clock").advance(by);
}

/// Runs the worker a few more times across the backoff's longest wait: nothing more goes.
pub(crate) async fn nothing_more_goes(state: &AppState) {
    use permit_server::delivery::worker::{MAX_ATTEMPTS, backoff};
    for _ in 0..3 {
        advance(state, backoff(MAX_ATTEMPTS));
        assert_eq!(drain(state).await, 0);
    }
}

/// A row's delivery record.
#[derive(Debug)]
pub(crate) struct Record {
    pub attempts: i64,
    pub sent: bool,
    pub last_error: Option<String>,
}

pub(crate) async fn record(state: &AppState, seq: i64) -> Record {
    let (attempts, sent_at, last_error): (i64, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT attempts, sent_at, last_error FROM outbox WHERE seq = $1")
            .bind(seq)
            .fetch_one(state.db.pool())
            .await
            .expect("outbox row");
    Record {
        attempts,
        sent: sent_at.is_some(),
        last_error,
    }
}
